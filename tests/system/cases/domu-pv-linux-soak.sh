#!/bin/sh
# Runs in dom0 (see domu-pv-linux-soak.test).
. /etc/xs-env
CYCLES=10
say() { echo "soak: $* [$(cut -d' ' -f1 /proc/uptime)s]"; }
fail() {
    echo "soak: FAIL $*"
    xl list 2>&1
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    exit 1
}
wait_for() {
    local n=$1
    shift
    while [ "$n" -gt 0 ]; do
        "$@" && return 0
        sleep 1
        n=$((n - 1))
    done
    return 1
}
free_mb() { xl info | awk '/^free_memory/ {print $3}'; }
only_dom0() { [ "$(xl list | awk 'NR > 1' | wc -l)" = 1 ]; }

mkdir -p /run/xenstored /var/log/xen/console /var/lib/xen /run/xen \
    /var/lib/xenstored /var/lock
[ -e /var/run ] || ln -s /run /var/run
for i in 0 1 2; do
    n=$(echo stdin stdout stderr | cut -d' ' -f$((i + 1)))
    [ -e /dev/$n ] || ln -s /proc/self/fd/$i /dev/$n
done
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null
if [ "$XSD" = debian ]; then
    /usr/sbin/xenstored-debian --pid-file=/run/xenstored.pid || fail "xenstored"
else
    /usr/sbin/xenstored -N &
fi
wait_for 10 test -S /run/xenstored/socket || fail "no xenstored socket"
say "xenstored up ($XSD)"
xen-init-dom0 >/dev/null || fail "xen-init-dom0"
xenconsoled --pid-file=/run/xenconsoled.pid || fail "xenconsoled"

free0=$(free_mb)
say "free memory ${free0} MiB"
i=1
while [ $i -le $CYCLES ]; do
    xl create /etc/xen/g2.cfg >/dev/null || fail "cycle $i: xl create"
    # Let it run (its kernel boots to the spin loop or part way).
    sleep 3
    xl list | grep -q '^g2 ' || fail "cycle $i: g2 not listed"
    xl destroy g2 || fail "cycle $i: xl destroy"
    wait_for 30 test "$(free_mb)" -eq "$free0" ||
        fail "cycle $i: free memory $(free_mb) MiB, was $free0"
    wait_for 10 only_dom0 || fail "cycle $i: domains left"
    say "cycle $i: created and destroyed, free memory $(free_mb) MiB"
    i=$((i + 1))
done
say "$CYCLES cycles, free memory back ($(free_mb) MiB, was $free0)"
exit 0
