#!/usr/bin/env bash
# Run cli-suite.sh with our xenstore-* tools and with Debian's
# xenstore-utils 4.17 (fetched into the test bed's cache by
# tests/system/lib/assets.sh; reported as SKIP when it cannot be had).
# Usage: cli-suites.sh OUTDIR   (the component's build output)
# Environment: XSD_BIN, TOP.
set -u
out=$1
here=$(cd "$(dirname "$0")" && pwd)
assets=$TOP/tests/system/lib/assets.sh
rc=0

mkdir -p "$out/cli"
for n in read write ls rm list exists chmod watch control; do
    ln -sf ../xenstore "$out/cli/xenstore-$n"
done
"$here/cli-suite.sh" own-cli "$out/cli" "$out" || rc=1

if [ -x "$assets" ] && "$assets" fetch xenstore >"$out/assets.log" 2>&1; then
    root=$("$assets" root xenstore-utils)
    libs=$("$assets" libpath xenstore)
    "$here/cli-suite.sh" debian-utils "$root/usr/bin" "$libs" || rc=1
else
    echo "SKIP: unit/xenstore/debian-utils (xenstore-utils 4.17 not available: see $out/assets.log)"
fi
exit $rc
