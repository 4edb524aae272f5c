#!/bin/sh
# Runs in dom0 (see sched-credit-domains.test).
TAG=sched
. /etc/xl-dom0-lib.sh
fail() {
    echo "sched: FAIL $*"
    xl list
    xl sched-credit
    exit 1
}
cpu_ms() { xl list "$1" | awk -v n="$1" '$1 == n {printf "%d\n", $6 * 1000}'; }
now_ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
xl_dom0_setup
# pCPU 1 becomes a credit pool of its own: the guests compete there only.
xl vcpu-pin 0 all 0 || fail "pin dom0"
xl cpupool-cpu-remove Pool-0 1 || fail "cpupool-cpu-remove"
xl cpupool-create 'name="p1"' 'sched="credit"' 'cpus="1"' || fail "cpupool-create"
xl cpupool-list
for g in a b; do
    sed -e "s/^name = .*/name = \"$g\"/" /etc/xen/g2.cfg >/etc/xen/$g.cfg
    echo 'pool = "p1"' >>/etc/xen/$g.cfg
    xl create /etc/xen/$g.cfg >/dev/null 2>&1 || fail "xl create $g"
    script -q -c "xl console $g" /dev/null </dev/null >/tmp/cout.$g 2>&1 &
done
xl sched-credit -d a -w 256 || fail "weight a"
xl sched-credit -d b -w 512 || fail "weight b"
for g in a b; do
    for i in $(seq 600); do
        grep -q 'guest: spinning' /tmp/cout.$g && break
        sleep 1
    done
    grep -q 'guest: spinning' /tmp/cout.$g || fail "$g does not spin"
done
say "both spinning"
sleep 2
a0=$(cpu_ms a) b0=$(cpu_ms b)
sleep 45
a1=$(cpu_ms a) b1=$(cpu_ms b)
xl list
share=$(awk -v a=$((a1 - a0)) -v b=$((b1 - b0)) 'BEGIN {printf "%.2f", b / a}')
echo "sched: weights 256:512 share $share (want 2.00 ±10%)"
# Xen 4.17's credit1 charges whole 10 ms ticks to whoever runs at the
# tick; under TCG on a loaded host its shares were seen from 1.78 to 2.39
# over 30-45 s, so the reference gets ±25%.  Xenith charges real time.
tol=0.10
xl info | grep -q '^xen_extra.*xenith' || tol=0.25
awk -v s="$share" -v t=$tol 'BEGIN {exit !(s >= 2 * (1 - t) && s <= 2 * (1 + t))}' ||
    fail "share $share"

xl destroy b || fail "destroy b"
xl sched-credit -d a -w 256 -c 25 || fail "cap a"
sleep 2
a0=$(cpu_ms a) t0=$(now_ms)
sleep 30
a1=$(cpu_ms a) t1=$(now_ms)
pct=$(awk -v c=$((a1 - a0)) -v t=$((t1 - t0)) 'BEGIN {printf "%.1f", 100 * c / t}')
echo "sched: cap 25 gives $pct% (want 25 ±5)"
awk -v p="$pct" 'BEGIN {exit !(p >= 20 && p <= 30)}' || fail "cap gives $pct%"

xl sched-credit -s -p p1 -t 10 -r 500 || fail "xl sched-credit -s -t 10 -r 500"
xl sched-credit -s -p p1
set -- $(xl sched-credit -s -p p1 | sed -n 's/.*tslice=\([0-9]*\)ms.*ratelimit=\([0-9]*\)us.*/\1 \2/p')
[ "$1" = 10 ] && [ "$2" = 500 ] || fail "read back tslice '$1' ratelimit '$2'"
echo "sched: tslice 10 ms ratelimit 500 us read back"
xl destroy a
exit 0
