#!/bin/sh
# Runs in dom0 (see xenstored-bench.test).  XSB_OPS scales the run.
. /etc/xs-env
export XENSTORED_PATH=/run/xenstored/socket
mkdir -p /run/xenstored /var/log/xen /var/lib/xenstored
[ -e /var/run ] || ln -s /run /var/run
total=${XSB_OPS:-1200}

start() {
    rm -f /run/xenstored/socket
    case $1 in
    xenith*) /usr/sbin/xenstored -N -D -c /dev/null & ;;
    # Xen's C xenstored crashes on the first request when started with -D
    # (no dom0 domain), so it runs last and takes dom0's ring.
    cxenstored) /usr/lib/xen-4.17/bin/xenstored -N & ;;
    oxenstored) /usr/lib/xen-4.17/bin/oxenstored --no-fork --no-domain-init \
        --config-file /etc/xen/oxenstored.conf & ;;
    esac
    pid=$!
    for i in $(seq 200); do [ -S /run/xenstored/socket ] && return 0; sleep 0.1; done
    echo "xsb: FAIL $1 did not start"
    return 1
}

# Xenith's daemon runs twice (first and third) to show run-to-run spread.
for d in xenith oxenstored xenith-again cxenstored; do
    start $d || exit 1
    for mode in read write dir txn; do
        for c in 1 8 32; do
            n=$((total / c))
            out=$(xs-bench -c $c -n $n -k 16 $mode 2>&1) ||
                echo "xsb: FAIL $d $mode $c: $out"
            echo "BENCH $d $out"
        done
    done
    kill $pid
    wait $pid 2>/dev/null
done
exit 0
