#!/bin/sh
# Runs in dom0 (see toolstack-migrate-local.test).
TAG=tml
. /etc/xl-dom0-lib.sh
fail() {
    echo "tml: FAIL $*"
    xl list 2>&1
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    [ -f /tmp/cout ] && { echo "== console"; tail -20 /tmp/cout; }
    for f in /var/log/xen/console/guest-*.log; do
        [ -f "$f" ] && { echo "== $f"; tail -30 "$f"; }
    done
    exit 1
}
ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
xl_dom0_setup
ip link set lo up
ip link add xenbr0 type bridge || fail "bridge"
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up
dd if=/dev/zero of=/var/lib/xen/disk.img bs=1M count=4 2>/dev/null
# ssh's stand-in: drops the host and runs the command here.
printf '#!/bin/sh\nshift\nexec sh -c "$*"\n' >/tmp/fakessh
chmod 755 /tmp/fakessh

console_open() {
    rm -f /tmp/cin /tmp/cout
    mkfifo /tmp/cin
    script -q -c "xl console g1" /dev/null </tmp/cin >/tmp/cout 2>&1 &
    cpid=$!
    exec 3>/tmp/cin
}
# xl console puts its terminal in raw mode only once it has the guest's
# pty, discarding what was typed before (TCSAFLUSH, as Xen's xenconsole):
# a line sent too early is echoed by the local terminal and lost.  Blank
# lines go until the guest's shell prompts.
console_attached() {
    echo >&3
    sleep 1
    grep -q '# ' /tmp/cout
}
# The client goes first: a closed input would reach the guest's shell as
# end-of-file, and the guest powers off when its shell ends.
console_close() {
    kill $cpid 2>/dev/null
    wait $cpid 2>/dev/null
    exec 3>&-
}
# "ans-42-UPTIME-COUNTER"
ask() {
    echo 'echo "ans-$((6 * 7))-$(cut -d. -f1 /proc/uptime)-$(cat /n)"' >&3
    wait_for ${ASK_WAIT:-30} grep -q "^ans-42-" /tmp/cout || return 1
    grep '^ans-42-' /tmp/cout | tail -1 | cut -d- -f3,4 | tr -d '\r'
}

xl create /etc/xen/g1.cfg || fail "xl create g1"
old=$(xl domid g1)
console_open
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
# A counter the guest's shell keeps writing (memory dirtied as it runs).
echo '(i=0; while :; do i=$((i+1)); echo $i >/n; sleep 1; done) &' >&3
sleep 3
wait_for 60 sh -c 'echo "[ -s /n ] && echo n-ok" >&3; sleep 1; grep -q "^n-ok" /tmp/cout' ||
    fail "the guest's counter does not run"
a=$(ask) || fail "no answer on the console"
up1=${a%-*} n1=${a#*-}
say "console answered 42 at uptime $up1, counter $n1"
console_close

t0=$(ms)
xl -v migrate -s /tmp/fakessh g1 localhost 2>&1 | tee /tmp/mig.out
t1=$(ms)
grep -q '^Migration successful' /tmp/mig.out || fail "xl migrate"
ours=$((t1 - t0))
# Live pre-copy needs the hypervisor's log-dirty mode for PV guests;
# Debian's Xen 4.17 is built without shadow paging, which provides it.
if grep -q 'no log-dirty mode for PV guests' /tmp/mig.out; then
    say "no log-dirty mode in this hypervisor: stop-and-copy"
else
    grep -q '^Migration successful: [2-9][0-9]* rounds' /tmp/mig.out ||
        fail "live migration without pre-copy rounds"
    say "pre-copy rounds: $(grep -c '^migration sender: round' /tmp/mig.out)"
fi
new=$(xl domid g1) || fail "no g1 after migration"
[ "$new" != "$old" ] || fail "g1 kept its id $old"
[ "$(xl list | grep -c '^g1')" = 1 ] || fail "not exactly one g1: $(xl list)"
say "g1 is domain $new now (was $old), one g1 listed"
console_open
wait_for 120 console_attached || fail "xl console did not attach after migration"
a=$(ASK_WAIT=180 ask) || fail "no answer on the console after migration"
up2=${a%-*} n2=${a#*-}
[ "$up2" -gt "$up1" ] && [ "$n2" -gt "$n1" ] ||
    fail "uptime $up1 -> $up2, counter $n1 -> $n2"
say "console answered 42 again, uptime $up2 > $up1, counter $n2 > $n1"
echo 'ping -c 2 -W 2 10.0.0.1 >/dev/null 2>&1 && echo "pong-ok"' >&3
wait_for 60 grep -q '^pong-ok' /tmp/cout || fail "the migrated guest cannot ping dom0"
say "migrated guest pinged dom0"
console_close
xl destroy g1 || fail "xl destroy"
wait_for 30 not_listed g1 || fail "g1 still listed"

# The short variant (SHORT=1, make check) ends here.
[ "${SHORT:-}" = 1 ] && exit 0

# Debian's xl 4.17 migrating the same guest here (its own format).
xl-debian create /etc/xen/g1.cfg >/tmp/out 2>&1 || fail "xl-debian create: $(tail -3 /tmp/out)"
sleep 30
t0=$(ms)
if xl-debian migrate -s '' g1 'xl-debian migrate-receive' >/tmp/out 2>&1; then
    t1=$(ms)
    deb="$((t1 - t0)) ms"
else
    t1=$(ms)
    deb="failed after $((t1 - t0)) ms: $(grep -i -m1 'logdirty\|log-dirty\|error' /tmp/out)"
fi
cat /tmp/out
say "timing project xl migrate $ours ms; debian xl migrate $deb"
xl-debian destroy g1
exit 0
