#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The dom0 units as `make install` writes them (etc/, xenstored's from
# tools/xenstore, with the programs they run from tools/, tools/console
# and tools/xenstore) pass tests/packaging/verify-units.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
for p in tools/helpers/xen-init-dom0 tools/helpers/xenwatchdogd \
    tools/console/xenconsoled tools/xenstore/xenstored; do
    if [ ! -x "$top/build/out/$p" ]; then
        echo "SKIP: unit/etc/units (${p##*/} not built)"
        exit 0
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in etc tools tools/xenstore tools/console; do
    if ! make -s --no-print-directory -C "$top/$c" install \
        DESTDIR="$work/root" >"$work/install.log" 2>&1; then
        sed 's/^/  /' "$work/install.log" | tail -n 20
        echo "FAIL: unit/etc/units (make -C $c install failed)"
        exit 1
    fi
done
"$top/tests/packaging/verify-units.sh" unit/etc "$work/root" /lib/systemd/system
