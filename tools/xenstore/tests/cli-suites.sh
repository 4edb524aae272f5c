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

# The access log, and SIGHUP reopening it after rotation.
al=$(mktemp -d)
"$XSD_BIN" -N -D -c /dev/null -s "$al/socket" -T "$al/access.log" 2>"$al/err" &
alpid=$!
for _ in $(seq 100); do [ -S "$al/socket" ] && break; sleep 0.05; done
export XENSTORED_PATH=$al/socket
LD_LIBRARY_PATH=$out "$out/xenstore" write /logged before
mv "$al/access.log" "$al/access.log.1"
kill -HUP $alpid
sleep 0.2
LD_LIBRARY_PATH=$out "$out/xenstore" write /logged after
unset XENSTORED_PATH
if grep -q 'WRITE .*"/logged" -> OK' "$al/access.log.1" &&
    grep -q 'WRITE .*"/logged" -> OK' "$al/access.log" &&
    ! grep -q before "$al/access.log"; then
    echo "PASS: unit/xenstore/access-log"
else
    echo "FAIL: unit/xenstore/access-log"
    rc=1
fi
kill $alpid
wait $alpid 2>/dev/null
rm -rf "$al"

# systemd socket activation: the daemon must use the inherited socket.
if command -v systemd-socket-activate >/dev/null; then
    sa=$(mktemp -d)
    systemd-socket-activate -l "$sa/socket" "$XSD_BIN" -N -D -c /dev/null \
        -s "$sa/unused" >"$sa/log" 2>&1 &
    sapid=$!
    for _ in $(seq 100); do [ -S "$sa/socket" ] && break; sleep 0.05; done
    if XENSTORED_PATH=$sa/socket LD_LIBRARY_PATH=$out "$out/xenstore" write /sa ok &&
        [ "$(XENSTORED_PATH=$sa/socket LD_LIBRARY_PATH=$out "$out/xenstore" read /sa)" = ok ] &&
        [ ! -e "$sa/unused" ]; then
        echo "PASS: unit/xenstore/socket-activation"
    else
        cat "$sa/log"
        echo "FAIL: unit/xenstore/socket-activation"
        rc=1
    fi
    kill $sapid
    wait $sapid 2>/dev/null
    rm -rf "$sa"
else
    echo "SKIP: unit/xenstore/socket-activation (no systemd-socket-activate)"
fi

if [ -x "$assets" ] && "$assets" fetch xenstore >"$out/assets.log" 2>&1; then
    root=$("$assets" root xenstore-utils)
    libs=$("$assets" libpath xenstore)
    "$here/cli-suite.sh" debian-utils "$root/usr/bin" "$libs" || rc=1
else
    echo "SKIP: unit/xenstore/debian-utils (xenstore-utils 4.17 not available: see $out/assets.log)"
fi
exit $rc
