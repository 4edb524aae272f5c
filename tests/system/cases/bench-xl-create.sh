#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs in dom0 (see bench-xl-create.test): the project's xl (/usr/sbin/xl)
# and Debian's (/usr/sbin/xl-debian) create g2 and destroy it, alternately,
# three times each; each cycle prints BENCH lines in milliseconds.
TAG=bench
. /etc/xl-dom0-lib.sh
fail() {
    echo "bench: FAIL $*"
    xl list
    exit 1
}
ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
xl_dom0_setup
# cycle WHO XL: one create-to-console and destroy with that xl.
cycle() {
    t0=$(ms)
    $2 create /etc/xen/g2.cfg >/dev/null 2>&1 || fail "$1 xl create"
    script -q -c "$2 console g2" /dev/null </dev/null >/tmp/cout.$1 2>&1 &
    cpid=$!
    for i in $(seq 3000); do
        grep -q 'INIT: started' /tmp/cout.$1 && break
        sleep 0.1
    done
    grep -q 'INIT: started' /tmp/cout.$1 || fail "$1: no console line"
    t1=$(ms)
    $2 destroy g2 || fail "$1 xl destroy"
    while xl-debian list | grep -q '^g2 '; do sleep 0.05; done
    t2=$(ms)
    kill $cpid 2>/dev/null
    wait $cpid 2>/dev/null
    echo "BENCH xl_create_to_console_ms_$1 $((t1 - t0)) iterations 1 min $((t1 - t0)) ms"
    echo "BENCH xl_destroy_ms_$1 $((t2 - t1)) iterations 1 min $((t2 - t1)) ms"
}
for n in 1 2 3; do
    cycle ours xl
    cycle debian xl-debian
done
exit 0
