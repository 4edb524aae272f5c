#!/bin/sh
# Runs in dom0 (see toolstack-remus-short.test).
TAG=trm
. /etc/xl-dom0-lib.sh
fail() {
    echo "trm: FAIL $*"
    xl list 2>&1
    [ -f /tmp/remus.out ] && { echo "== remus"; tail -30 /tmp/remus.out; }
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    [ -f /tmp/cout ] && { echo "== console"; tail -20 /tmp/cout; }
    exit 1
}
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
console_attached() {
    echo >&3
    sleep 1
    grep -q '# ' /tmp/cout
}
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
# The highest counter the console printed ("cnt-N").
last_cnt() {
    grep -o 'cnt-[0-9]*' /tmp/cout | cut -d- -f2 | sort -n | tail -1
}
acked() {
    grep -c '^Remus: checkpoint [0-9]* acknowledged' /tmp/remus.out
}

xl create /etc/xen/g1.cfg || fail "xl create g1"
old=$(xl domid g1)
console_open
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
# The counter: printed on the console and kept in /n, a step a second.
echo '(i=0; while :; do i=$((i+1)); echo $i >/n; echo "cnt-$i"; sleep 1; done) &' >&3
wait_for 60 grep -q 'cnt-[2-9]' /tmp/cout || fail "the guest's counter does not run"
a=$(ask) || fail "no answer on the console"
up1=${a%-*} n1=${a#*-}
say "console answered 42 at uptime $up1, counter $n1"

xl -v remus -i 200 -s /tmp/fakessh g1 localhost >/tmp/remus.out 2>&1 &
rpid=$!
wait_for 600 sh -c '[ "$(grep -c "^Remus: checkpoint [0-9]* acknowledged" /tmp/remus.out)" -ge 10 ]' ||
    fail "fewer than 10 checkpoints acknowledged"
m=$(last_cnt)
k=$(acked)
wait_for 120 sh -c "[ \"\$(grep -c '^Remus: checkpoint [0-9]* acknowledged' /tmp/remus.out)\" -ge $((k + 2)) ]" ||
    fail "checkpoints stopped after $k"
# The primary host dies: its xl, then its domain.
kill -9 $rpid
wait $rpid 2>/dev/null
k=$(acked)
say "primary killed after checkpoint $k, counter seen $m"
xl destroy "$old" || fail "xl destroy $old"
console_close
wait_for 120 grep -q '^migration target: Remus Failover' /tmp/remus.out ||
    fail "the backup did not take over"
# Both ends' messages (the backup's xl goes on monitoring g1).
grep -v '^libxl' /tmp/remus.out
wait_for 60 sh -c 'xl list | grep -q "^g1 "' || fail "no g1 after failover"
new=$(xl domid g1) || fail "no g1 after failover"
[ "$new" != "$old" ] || fail "g1 kept its id $old"
[ "$(xl list | grep -c '^g1')" = 1 ] || fail "not exactly one g1: $(xl list)"
say "g1 is domain $new now (was $old), one g1 listed"
console_open
wait_for 120 console_attached || fail "xl console did not attach after failover"
a=$(ASK_WAIT=180 ask) || fail "no answer on the console after failover"
up2=${a%-*} n2=${a#*-}
[ "$n2" -ge "$m" ] || fail "counter $n2 after failover, $m seen before checkpoint $k"
sleep 3
n3=$(last_cnt)
[ "${n3:-0}" -gt "$n2" ] || fail "the counter stopped at $n2 (console: ${n3:-none})"
say "counter $n2 >= $m after failover, goes on to $n3"
[ "$up2" -gt "$up1" ] || fail "uptime $up1 -> $up2"
say "console answered 42 again, uptime $up2 > $up1"
echo 'ping -c 2 -W 2 10.0.0.1 >/dev/null 2>&1 && echo "pong-ok"' >&3
wait_for 60 grep -q '^pong-ok' /tmp/cout || fail "the guest cannot ping dom0 after failover"
say "the guest pinged dom0 after failover"
console_close
# Figures: checkpoint 1 ends the migration and is left out.
grep '^Remus: checkpoint [0-9]* acknowledged' /tmp/remus.out |
    awk '$3 > 1 { n++; b += $5; p += $9 }
         END { if (n) printf "trm: %d checkpoints, mean %d bytes, mean pause %.1f ms\n", n + 1, b / n, p / n }'
xl destroy g1 || fail "xl destroy"
wait_for 30 not_listed g1 || fail "g1 still listed"
exit 0
