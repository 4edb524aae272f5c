#!/bin/sh
# Runs in dom0 (see toolstack-save-restore.test).
TAG=tsr
. /etc/xl-dom0-lib.sh
fail() {
    echo "tsr: FAIL $*"
    xl list 2>&1
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    [ -f /tmp/cout ] && { echo "== console"; tail -20 /tmp/cout; }
    for f in /var/log/xen/console/guest-*.log; do
        [ -f "$f" ] && { echo "== $f"; tail -30 "$f"; }
    done
    exit 1
}
ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
only_dom0() {
    [ "$(xl list | awk 'NR > 1' | wc -l)" = 1 ] &&
        [ "$(xenstore-list /local/domain | wc -l)" = 1 ]
}
xl_dom0_setup
ip link set lo up
ip link add xenbr0 type bridge || fail "bridge"
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up
dd if=/dev/zero of=/var/lib/xen/disk.img bs=1M count=4 2>/dev/null

# The console of g1 through xl console on a terminal, fed from a fifo.
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
# Asks the guest for 6*7 and its uptime: "ans-42-SECONDS".
ask() {
    echo 'echo "ans-$((6 * 7))-$(cut -d. -f1 /proc/uptime)"' >&3
    wait_for ${ASK_WAIT:-30} grep -q "^ans-42-" /tmp/cout || return 1
    grep '^ans-42-' /tmp/cout | tail -1 | cut -d- -f3 | tr -d '\r'
}

xl create /etc/xen/g1.cfg || fail "xl create g1"
console_open
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
up1=$(ask) || fail "no answer on the console"
say "console answered 42 at uptime $up1"
console_close
sleep 2

t0=$(ms)
xl save g1 /var/lib/xen/g1.save || fail "xl save"
t1=$(ms)
not_listed g1 || fail "g1 still listed after xl save"
size=$(wc -c </var/lib/xen/g1.save)
say "saved g1 in $((t1 - t0)) ms, $size bytes, domain gone"
ours_save=$((t1 - t0))

t0=$(ms)
xl restore /var/lib/xen/g1.save || fail "xl restore"
t1=$(ms)
ours_restore=$((t1 - t0))
say "restored g1 in $ours_restore ms"
console_open
wait_for 120 console_attached || fail "xl console did not attach after restore"
up2=$(ASK_WAIT=180 ask) || fail "no answer on the console after restore"
[ "$up2" -gt "$up1" ] || fail "uptime $up2 did not move on from $up1"
say "console answered 42 again, uptime $up2 > $up1"
echo 'ping -c 2 -W 2 10.0.0.1 >/dev/null 2>&1 && echo "pong-ok"' >&3
wait_for 30 grep -q '^pong-ok' /tmp/cout || fail "the restored guest cannot ping dom0"
say "restored guest pinged dom0"
console_close

# The same guest with its pages encoded by a page codec plugin; the
# stream names the codec and restoring decodes with it.
t0=$(ms)
xl save --codec xorzstd g1 /var/lib/xen/g1.codec || fail "xl save --codec xorzstd"
t1=$(ms)
not_listed g1 || fail "g1 still listed after xl save --codec"
say "saved g1 with codec xorzstd in $((t1 - t0)) ms, $(wc -c </var/lib/xen/g1.codec) bytes (plain $size), domain gone"
t0=$(ms)
xl restore /var/lib/xen/g1.codec || fail "xl restore of the codec stream"
t1=$(ms)
rm -f /var/lib/xen/g1.codec
say "restored g1 from the xorzstd stream in $((t1 - t0)) ms"
console_open
wait_for 120 console_attached || fail "xl console did not attach after the codec restore"
up3=$(ASK_WAIT=180 ask) || fail "no answer on the console after the codec restore"
[ "$up3" -gt "$up2" ] || fail "uptime $up3 did not move on from $up2"
say "console answered 42 after the codec restore, uptime $up3 > $up2"
echo 'ping -c 2 -W 2 10.0.0.1 >/dev/null 2>&1 && echo "pong-ok2"' >&3
wait_for 30 grep -q '^pong-ok2' /tmp/cout || fail "the guest restored from the codec stream cannot ping dom0"
say "guest restored from the codec stream pinged dom0"
console_close
xl destroy g1 || fail "xl destroy"
wait_for 30 not_listed g1 || fail "g1 still listed"

# Refusals: one line each, status 1, nothing left.
refuse() {
    local what=$1 file=$2 n
    xl restore "$file" >/tmp/out 2>&1 && fail "$what file restored"
    grep -v '^Loading new save file\|^ Savefile contains\|^Parsing config' /tmp/out |
        sed 's/^libxl: error: //' >/tmp/err
    cat /tmp/err
    wait_for 30 only_dom0 || fail "something left after the $what file"
    say "$what file refused, nothing left"
}
# dom0's memory holds one save file at a time: each bad file is made
# from the good one in place.
f=/var/lib/xen/g1.save
size=$(wc -c <$f)
truncate -s $((size / 2)) $f 2>/dev/null ||
    dd if=/dev/null of=$f bs=1 seek=$((size / 2)) 2>/dev/null
[ "$(wc -c <$f)" = $((size / 2)) ] || fail "not truncated"
refuse truncated $f
off=$((size / 3))
b=$(dd if=$f bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $((b ^ 4)))" |
    dd of=$f bs=1 seek=$off count=1 conv=notrunc 2>/dev/null
b2=$(dd if=$f bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
[ "$b2" = $((b ^ 4)) ] || fail "bit not flipped ($b -> $b2)"
refuse corrupted $f
rm -f $f
head -c 65536 /dev/urandom >/tmp/foreign.save
refuse foreign /tmp/foreign.save
rm -f /tmp/foreign.save

# The short variant (SHORT=1, make check) ends here.
[ "${SHORT:-}" = 1 ] && exit 0

# The same guest saved and restored by Debian's xl 4.17 (its own format).
# Saved once its shell is up: before, it may not yet answer the request
# to suspend (its console log, kept by xenconsoled, says when).
# Debian's xl's first error comes before the lines of its clean-up (a
# failed save ends with its attempt to resume the guest).
deb_errors() { grep -i 'error\|cannot' /tmp/out | head -3 | tr '\n' ' '; }
shells() { grep -c '^guest: shell' /var/log/xen/console/guest-g1.log; }
n0=$(shells)
more_shells() { [ "$(shells)" -gt "$n0" ]; }
xl-debian create /etc/xen/g1.cfg >/tmp/out 2>&1 || fail "xl-debian create: $(tail -3 /tmp/out)"
wait_for 400 more_shells || fail "the guest Debian's xl created has no shell"
t0=$(ms)
xl-debian save g1 /var/lib/xen/g1.deb >/tmp/out 2>&1 || fail "xl-debian save: $(deb_errors)"
t1=$(ms)
deb_save=$((t1 - t0))
t0=$(ms)
xl-debian restore /var/lib/xen/g1.deb >/tmp/out 2>&1 || fail "xl-debian restore: $(deb_errors)"
t1=$(ms)
deb_restore=$((t1 - t0))
rm -f /var/lib/xen/g1.deb
# The guest Debian's xl restored runs: its console answers, its disk
# (blkfront reconnected after the suspend) takes a write that reaches the
# file in dom0, and dom0 pings it.
console_open
wait_for 120 console_attached || fail "xl console did not attach after Debian's restore"
up4=$(ASK_WAIT=180 ask) || fail "no answer on the console after Debian's restore"
echo 'echo "tsr-after-restore" | dd of=/dev/xvda bs=512 seek=8 conv=fsync 2>/dev/null && echo "disk-ok"' >&3
wait_for 60 grep -q '^disk-ok' /tmp/cout || fail "the guest Debian's xl restored cannot write its disk"
console_close
dd if=/var/lib/xen/disk.img bs=512 skip=8 count=1 2>/dev/null | grep -q '^tsr-after-restore' ||
    fail "the guest's write after Debian's restore is not in the disk file"
wait_for 30 ping -c 1 -W 2 10.0.0.2 >/dev/null || fail "dom0 cannot ping the guest after Debian's restore"
say "debian xl's restored guest answered at uptime $up4, wrote its disk, pinged"
say "timing project xl save $ours_save ms restore $ours_restore ms; debian xl save $deb_save ms restore $deb_restore ms"
xl-debian destroy g1
exit 0
