#!/bin/sh
# Runs in dom0 (see bench-domu-create.test): Debian's xl creates g2 (a PV
# Linux domU that prints to its console, then spins) and destroys it, three
# times; each cycle prints BENCH lines in milliseconds.
TAG=bench
. /etc/xl-dom0-lib.sh
fail() {
    echo "bench: FAIL $*"
    xl list
    exit 1
}
ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
xl_dom0_setup
# The console log of each guest shows when it printed its first line.
for n in 1 2 3; do
    t0=$(ms)
    xl create /etc/xen/g2.cfg >/dev/null 2>&1 || fail "xl create"
    script -q -c "xl console g2" /dev/null </dev/null >/tmp/cout.$n 2>&1 &
    cpid=$!
    for i in $(seq 3000); do
        grep -q 'INIT: started' /tmp/cout.$n && break
        sleep 0.1
    done
    grep -q 'INIT: started' /tmp/cout.$n || fail "no console line"
    t1=$(ms)
    xl destroy g2 || fail "xl destroy"
    while xl list | grep -q '^g2 '; do sleep 0.05; done
    t2=$(ms)
    kill $cpid 2>/dev/null
    echo "BENCH domu_create_to_console_ms $((t1 - t0)) iterations 1 min $((t1 - t0)) ms"
    echo "BENCH domu_destroy_ms $((t2 - t1)) iterations 1 min $((t2 - t1)) ms"
done
exit 0
