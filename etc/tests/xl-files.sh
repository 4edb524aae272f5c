#!/bin/sh
# The shipped xl.conf and example guest config are read by the project's
# xl without a complaint (xl create -n needs no hypervisor).
top=$(cd "$(dirname "$0")/../.." && pwd)
xl=$top/build/out/libxl/xl
if [ ! -x "$xl" ]; then
    echo "SKIP: unit/etc/xl-files (xl not built)"
    exit 0
fi
export LD_LIBRARY_PATH=$top/build/out/libxl:$top/build/out/tools/xenstore
out=$(XL_CONF=$top/etc/xen/xl.conf "$xl" create -n "$top/etc/xen/xlexample.pvlinux" 2>&1)
if [ $? -ne 0 ] || ! echo "$out" | grep -q '"name": "example-pv"' ||
    echo "$out" | grep -qi 'warning'; then
    echo "$out" | head -20
    echo "FAIL: unit/etc/xl-files (xl.conf or xlexample.pvlinux not read cleanly)"
    exit 1
fi
echo "PASS: unit/etc/xl-files"
