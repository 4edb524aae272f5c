#!/bin/sh
# Runs in dom0 (see xenstored-bench.test).  Xenith's xenstored runs side by
# side with one of Xen's daemons at a time (both of Xen's bind the same
# VIRQ, so they cannot run together); every workload is run against each
# in turn, in XSB_ROUNDS rounds, so that the emulator's changing speed hits
# both alike.  Every run lasts XSB_SECONDS (default 2).
. /etc/xs-env
mkdir -p /run/xenstored /var/log/xen /var/lib/xenstored
[ -e /var/run ] || ln -s /run /var/run
secs=${XSB_SECONDS:-2}
rounds=${XSB_ROUNDS:-3}
sock_xenith=/run/xsd-xenith.sock
sock_cxenstored=/run/xsd-cxenstored.sock
sock_oxenstored=/run/xenstored/socket

wait_sock() {
    for i in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.1; done
    echo "xsb: FAIL $2 did not start"
    exit 1
}

# bench OTHER: alternate Xenith's daemon and OTHER over every workload.
bench() {
    for r in $(seq $rounds); do
        for mode in read write dir txn; do
            for c in 1 8 32; do
                for d in xenith $1; do
                    eval sock=\$sock_$d
                    keys=4
                    [ $mode = txn ] && keys=16
                    out=$(XENSTORED_PATH=$sock xs-bench -c $c -d $secs \
                        -k $keys $mode 2>&1) ||
                        echo "xsb: FAIL $d $mode $c: $out"
                    echo "BENCH $d round=$r $out"
                done
            done
        done
    done
}

# Only one process may bind VIRQ_DOM_EXC: Xen's daemons need it, so they
# start first and ours runs without it (it only logs that).
start_xenith() {
    /usr/sbin/xenstored -N -D -c /dev/null -s $sock_xenith 2>/dev/null &
    xpid=$!
    wait_sock $sock_xenith xenith
}

/usr/lib/xen-4.17/bin/oxenstored --no-fork --no-domain-init \
    --config-file /etc/xen/oxenstored.conf &
opid=$!
wait_sock $sock_oxenstored oxenstored
start_xenith
bench oxenstored
kill $opid $xpid
wait $opid $xpid 2>/dev/null
rm -f $sock_xenith

# Xen's C xenstored crashes on the first request when started with -D (no
# dom0 domain), so it takes dom0's ring.
XENSTORED_PATH=$sock_cxenstored /usr/lib/xen-4.17/bin/xenstored -N &
wait_sock $sock_cxenstored cxenstored
start_xenith
bench cxenstored
echo "xsb: done"
exit 0
