#!/bin/sh
# Runs in dom0 (see domu-pv-linux-soak.test).
TAG=soak
. /etc/xl-dom0-lib.sh
CYCLES=10
fail() {
    echo "soak: FAIL $*"
    xl list 2>&1
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    exit 1
}
only_dom0() { [ "$(xl list | awk 'NR > 1' | wc -l)" = 1 ]; }

xl_dom0_setup

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
