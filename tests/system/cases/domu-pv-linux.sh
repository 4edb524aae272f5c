#!/bin/sh
# Runs in dom0 (see domu-pv-linux.test).  Other cases run this journey
# with another xl by sourcing it with XL_DOM0_READY=1 (xl_dom0_setup done)
# and JOURNEY_RETURN=1 (return to them instead of exiting).
TAG=domu
. /etc/xl-dom0-lib.sh
fail() {
    echo "domu: FAIL $*"
    xl list 2>&1
    ps w | grep -v "\["
    xenstore-ls -f /local/domain 2>/dev/null |
        grep -E '/(state|error|ring-ref|tx-ring-ref|rx-ring-ref|event-channel|hotplug-status) '
    tail -20 /var/log/xen/xl-g1.log 2>/dev/null
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    [ -f /tmp/cout ] && { echo "== console"; tail -20 /tmp/cout; }
    exit 1
}
[ -n "$XL_DOM0_READY" ] || xl_dom0_setup

# dom0's side of the guest network: a bridge with an address.
ip link set lo up
ip link add xenbr0 type bridge || fail "bridge"
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up
dd if=/dev/zero of=/var/lib/xen/disk.img bs=1M count=4 2>/dev/null

free0=$(free_mb)
say "free memory ${free0} MiB"
xl create /etc/xen/g1.cfg || fail "xl create g1"
say "created g1"
domid=$(xl domid g1) || fail "xl domid"

# The console: xl console on a terminal (script(1) gives it one) fed
# from a pipe, its output in a file.
mkfifo /tmp/cin
script -q -c "xl console g1" /dev/null </tmp/cin >/tmp/cout 2>&1 &
cpid=$!
exec 3>/tmp/cin
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
echo 'echo "answer-$((6 * 7))"' >&3
wait_for 20 grep -q '^answer-42' /tmp/cout || fail "no answer on the console"
say "console answered 42"

xl list
set -- $(xl list | awk '$1 == "g1" {print $3, $4}')
[ "$1" = 128 ] && [ "$2" = 2 ] || fail "xl list shows mem '$1' vcpus '$2'"
say "list g1 $1 MiB $2 vCPUs"

# An administrator's everyday commands against the running guest.
for c in "info" "dmesg" "list -l g1" "vcpu-list g1" "cpupool-list" "uptime g1" \
    "debug-keys h" "vcpu-pin g1 1 1" "mem-set g1 120m" "network-list g1" \
    "block-list g1" "pause g1" "unpause g1" "rename g1 g1x" "rename g1x g1"; do
    timeout 60 xl $c >/tmp/xlout 2>&1 ||
        fail "xl $c: $(tail -1 /tmp/xlout)"
done
xl dmesg | grep -q 'Dom0\|Domain-0\|(XEN)' || fail "xl dmesg shows no log"
uuid=$(xl vm-list | awk '$3 == "g1" {print $1}')
case "$uuid" in
'' | 00000000-0000-0000-0000-000000000000) fail "xl vm-list: g1's UUID '$uuid'" ;;
esac
xl list -l g1 | grep -q '"name": "g1"' || fail "xl list -l has no name"
say "day-to-day xl commands ok"

grep -q '^guest: ping ok' /tmp/cout || fail "guest could not ping dom0"
say "guest pinged dom0"
ping -c 3 -W 2 10.0.0.2 >/dev/null || fail "dom0 cannot ping the guest"
say "dom0 pinged guest"
grep -q '^guest: disk written' /tmp/cout || fail "guest could not write xvda"

xl shutdown -w g1 || fail "xl shutdown"
xl list | awk '$1 == "g1" {print $5}' | grep -q s || not_listed g1 ||
    fail "g1 not shut down after xl shutdown -w"
# xl's monitor process (from xl create) then destroys it (on_poweroff).
wait_for 30 not_listed g1 || fail "g1 still listed after shutdown"
say "shut down cleanly"
kill $cpid 2>/dev/null
exec 3>&-
head -c 21 /var/lib/xen/disk.img | grep -q '^xenith-domu-disk-data' ||
    fail "disk data not in the file"
say "disk data in file"

wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after g1: $(free_mb) < $free0"
xl create /etc/xen/g2.cfg || fail "xl create g2"
sleep 5
xl list
xl destroy g2 || fail "xl destroy g2"
wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after g2: $(free_mb) < $free0"
say "spinner destroyed, free memory back ($(free_mb) MiB)"
[ -n "$JOURNEY_RETURN" ] && return 0
exit 0
