#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs in dom0 (see save-restore-debxl.test and migrate-local-debxl.test).
TAG=sr
. /etc/xl-dom0-lib.sh
fail() {
    echo "sr: FAIL $*"
    xl list 2>&1
    ps w | grep -v "\["
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -25 "$f"; }; done
    for f in /tmp/cout*; do [ -f "$f" ] && { echo "== $f"; tail -20 "$f"; }; done
    xl dmesg | tail -30
    exit 1
}
now_ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
xl_dom0_setup

ip link set lo up
ip link add xenbr0 type bridge || fail "bridge"
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up
dd if=/dev/zero of=/var/lib/xen/disk.img bs=1M count=4 2>/dev/null

# A console session on a terminal (script(1) gives xl console one), fed
# from a pipe, its output in /tmp/cout.N.
n=0
console_start() {
    n=$((n + 1))
    rm -f /tmp/cin
    mkfifo /tmp/cin
    script -q -c "xl console g1" /dev/null </tmp/cin >/tmp/cout.$n 2>&1 &
    cpid=$!
    exec 3>/tmp/cin
}
console_stop() {
    kill $cpid 2>/dev/null
    exec 3>&-
}
# Types $1 on the console and waits for a line matching $2.
ask() {
    echo "$1" >&3
    wait_for 60 grep -q "$2" /tmp/cout.$n
}

free0=$(free_mb)
xl create /etc/xen/g1.cfg || fail "xl create g1"
say "created g1"
console_start
wait_for 400 grep -q '^guest: shell' /tmp/cout.$n || fail "no guest shell"
ask 'echo "answer-$((6 * 7))"' '^answer-42' || fail "no answer on the console"
say "console answered 42"
grep -q '^guest: ping ok' /tmp/cout.$n || fail "guest could not ping dom0"
grep -q '^guest: disk written' /tmp/cout.$n || fail "guest could not write its disk"
ask '(i=0; while :; do i=$((i + 1)); echo $i >/tmp/cnt; sleep 1; done) & sleep 3; echo "cnt-$(cat /tmp/cnt)"' \
    '^cnt-[0-9]' || fail "no counter"
ask 'echo "up-$(cut -d. -f1 /proc/uptime)"' '^up-[0-9]' || fail "no uptime"
cnt0=$(sed -n 's/^cnt-\([0-9]*\).*/\1/p' /tmp/cout.$n | tail -1)
up0=$(sed -n 's/^up-\([0-9]*\).*/\1/p' /tmp/cout.$n | tail -1)
d0=$(cut -d. -f1 /proc/uptime)
say "counter running ($cnt0, guest uptime ${up0}s)"
console_stop

if [ "$MODE" = migrate ]; then
    t0=$(now_ms)
    # The receiving xl is the command itself (-s ""), on the same host.
    xl migrate -s "" g1 "xl migrate-receive" >/tmp/mig.out 2>&1 ||
        fail "xl migrate: $(cat /tmp/mig.out; xl dmesg | tail -20)"
    t1=$(now_ms)
    cat /tmp/mig.out
    say "saved g1 (migrated)"
    echo "BENCH xl_migrate_ms $((t1 - t0))"
    say "g1 gone after save (one g1 listed: $(xl list | grep -c '^g1 '))"
    xl list | grep -q '^g1 ' || fail "no g1 after migrate"
    say "restored g1 (migrated)"
else
    t0=$(now_ms)
    xl save g1 /var/lib/xen/g1.save >/tmp/save.out 2>&1 ||
        fail "xl save: $(tail -5 /tmp/save.out)"
    t1=$(now_ms)
    cat /tmp/save.out
    say "saved g1 ($(($(wc -c </var/lib/xen/g1.save) / 1024)) KiB)"
    echo "BENCH xl_save_ms $((t1 - t0))"
    wait_for 30 not_listed g1 || fail "g1 still listed after save"
    say "g1 gone after save"
    t0=$(now_ms)
    xl restore /var/lib/xen/g1.save >/tmp/restore.out 2>&1 ||
        fail "xl restore: $(tail -5 /tmp/restore.out)"
    t1=$(now_ms)
    cat /tmp/restore.out
    echo "BENCH xl_restore_ms $((t1 - t0))"
    rm -f /var/lib/xen/g1.save
    say "restored g1"
fi
xl list
console_start
ask 'echo "answer-$((6 * 7 + 1))"' '^answer-43' || fail "no answer on the console after restore"
say "console answered 43 after restore"
sleep 3
ask 'echo "cnt-$(cat /tmp/cnt)"' '^cnt-[0-9]' || fail "no counter after restore"
ask 'echo "up-$(cut -d. -f1 /proc/uptime)"' '^up-[0-9]' || fail "no uptime after restore"
cnt1=$(sed -n 's/^cnt-\([0-9]*\).*/\1/p' /tmp/cout.$n | tail -1)
up1=$(sed -n 's/^up-\([0-9]*\).*/\1/p' /tmp/cout.$n | tail -1)
[ "$cnt1" -gt "$cnt0" ] || fail "counter $cnt0 then $cnt1"
say "counter went on ($cnt0 then $cnt1)"
d1=$(cut -d. -f1 /proc/uptime)
# The guest's clock goes on by no more than dom0's did (and a minute).
[ "$up1" -ge "$up0" ] && [ "$up1" -le $((up0 + d1 - d0 + 60)) ] ||
    fail "uptime ${up0}s then ${up1}s while dom0's went on $((d1 - d0))s"
say "uptime went on (${up0}s then ${up1}s)"
wait_for 30 ping -c 1 -W 2 10.0.0.2 >/dev/null || fail "dom0 cannot ping the guest after restore"
ping -c 3 -W 2 10.0.0.2 >/dev/null || fail "dom0 pings to the guest lost after restore"
say "dom0 pinged guest after restore"
# blkfront reconnected after the suspend: a write reaches the file.
ask 'echo "sr-after-restore" | dd of=/dev/xvda bs=512 seek=8 conv=fsync 2>/dev/null && echo "disk-ok"' \
    '^disk-ok' || fail "the guest cannot write its disk after restore"
dd if=/var/lib/xen/disk.img bs=512 skip=8 count=1 2>/dev/null | grep -q '^sr-after-restore' ||
    fail "the guest's write after restore is not in the disk file"
dd if=/var/lib/xen/disk.img bs=512 count=1 2>/dev/null | grep -q '^xenith-domu-disk-data' ||
    fail "the guest's write before the save is not in the disk file"
say "guest wrote its disk after restore"
console_stop
xl destroy g1 || fail "xl destroy g1"
wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after g1: $(free_mb) < $free0"
say "destroyed g1, free memory back ($(free_mb) MiB)"
exit 0
