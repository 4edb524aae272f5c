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
# Which event-channel ABI the guest's kernel chose (FIFO when offered).
echo 'dmesg | grep -q "Using FIFO-based ABI" && echo "abi-$((1 + 1))-fifo"' >&3
wait_for 20 grep -q '^abi-2-fifo' /tmp/cout || fail "guest events not FIFO: $(tail -3 /tmp/cout)"
say "guest events: FIFO ABI"

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

# The hotplug scripts' refusals, each one line in xl's output (libxl
# prints hotplug-error) and in the hotplug log; the domain is gone after.
if [ "$HOTPLUG" = ours ]; then
    fix='bridge xenbr9 does not exist; create it with: ip link add xenbr9 type bridge && ip link set xenbr9 up'
    xl create /etc/xen/g3.cfg >/tmp/g3.out 2>&1 && fail "xl create g3 (bridge xenbr9) succeeded"
    grep -qF "vif-bridge: $fix" /tmp/g3.out || fail "xl create g3 did not say why: $(tail -5 /tmp/g3.out)"
    grep -qF "err: vif-bridge: $fix" /var/log/xen/xen-hotplug.log ||
        fail "the hotplug log has no line for g3's bridge"
    wait_for 30 not_listed g3 || fail "g3 left behind"
    grep -F 'script:' /tmp/g3.out
    say "missing bridge refused: $(grep -oF "$fix" /tmp/g3.out | head -1)"
    xl create /etc/xen/g4.cfg >/tmp/g4.out 2>&1 && fail "xl create g4 (g1's disk) succeeded"
    why="/var/lib/xen/disk.img is in use read-write by domain g1 (id $domid)"
    grep -qF "block: $why" /tmp/g4.out || fail "xl create g4 did not say why: $(tail -5 /tmp/g4.out)"
    grep -qF "err: block: $why" /var/log/xen/xen-hotplug.log ||
        fail "the hotplug log has no line for g4's disk"
    wait_for 30 not_listed g4 || fail "g4 left behind"
    grep -F 'script:' /tmp/g4.out
    say "shared disk refused: $why"
fi

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
if [ "$XCD" = ours ]; then
    log=/var/log/xen/console/guest-g1.log
    grep -q '^guest: up' $log && grep -q '^guest: shell' $log ||
        fail "$log lacks the guest's boot: $(tail -3 $log 2>&1)"
    say "console log has the guest's boot ($(wc -l <$log) lines)"
fi

wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after g1: $(free_mb) < $free0"
xl create /etc/xen/g2.cfg || fail "xl create g2"
sleep 5
# xenconsoled (ours) logs this second guest too, after the first is gone.
if [ "$XCD" = ours ]; then
    wait_for 180 grep -q '^guest: spinning' /var/log/xen/console/guest-g2.log ||
        fail "g2's console log: '$(tail -3 /var/log/xen/console/guest-g2.log 2>&1)'"
fi
xl list
xl destroy g2 || fail "xl destroy g2"
wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after g2: $(free_mb) < $free0"
say "spinner destroyed, free memory back ($(free_mb) MiB)"
[ -n "$JOURNEY_RETURN" ] && return 0

# xenconsoled outlived four guests coming and going (two refused), logged
# the second guest and the hypervisor, and stops cleanly on SIGTERM.
if [ "$XCD" = ours ]; then
    log=/var/log/xen/console
    # The console ring as it was at start, then what the hypervisor says
    # later (debug key h prints its key table), which needs VIRQ_CON_RING.
    [ -s $log/hypervisor.log ] || fail "hypervisor.log is empty"
    n0=$(wc -l <$log/hypervisor.log)
    xl debug-keys h || fail "xl debug-keys h"
    live=no
    wait_for 15 test "$(wc -l <$log/hypervisor.log)" -gt "$n0" && live=yes
    pid=$(cat /run/xenconsoled.pid) || fail "no xenconsoled pid file"
    grep -q '^State:.*[RSD]' /proc/"$pid"/status || fail "xenconsoled is not running"
    kill -TERM "$pid"
    wait_for 10 test ! -e /run/xenconsoled.pid || fail "xenconsoled did not stop on SIGTERM"
    wait_for 5 sh -c "! grep -q '^State:.*[RSD]' /proc/$pid/status 2>/dev/null" ||
        fail "xenconsoled still running after SIGTERM"
    say "xenconsoled logged g2 and the hypervisor ($n0 lines at start, new lines through VIRQ_CON_RING: $live), stopped on SIGTERM"
fi
exit 0
