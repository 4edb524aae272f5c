#!/usr/bin/env bash
# Compare the layout of every struct of core/include/public with Xen 4.17's
# own public headers (Debian's libxen-dev, fetched by the test bed's asset
# mechanism into the cache and never installed).
#
#   tests/abi/run.sh [-v]     -v lists every skipped name
#
# Output: one "PASS: abi/<header>" or "FAIL: abi/<header>" line per header
# of core/include/public that declares structs Xen also declares; a FAIL is
# followed by one line per difference (struct.field, Xenith's and Xen's
# size/offset).  "SKIP: abi" when the headers cannot be fetched or clang is
# missing.  Exit status 1 when any header differs.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=build/abi
mkdir -p "$out"

if ! command -v clang >/dev/null || ! command -v python3 >/dev/null; then
    echo "SKIP: abi (needs clang and python3; run make deps)"
    exit 0
fi
if ! root=$(tests/system/lib/assets.sh root libxen-dev 2>"$out/fetch.err"); then
    echo "SKIP: abi (cannot fetch Debian's libxen-dev: $(tail -n 1 "$out/fetch.err"))"
    exit 0
fi
[ -f "$root/usr/include/xen/xen.h" ] || {
    echo "FAIL: abi (libxen-dev has no usr/include/xen/xen.h)"
    exit 1
}
exec python3 tests/abi/abi_compare.py --ours core/include \
    --xen "$root/usr/include" --out "$out" --cc "${CC:-cc}" "$@"
