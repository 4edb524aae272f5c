#!/bin/sh
# Runs in dom0 (see xenstored-bench.test).  The three daemons run side by
# side on their own sockets; every workload is run against each of them in
# turn, in XSB_ROUNDS rounds, so that the emulator's changing speed hits
# all three alike.  XSB_OPS (total operations per run) scales the run.
. /etc/xs-env
mkdir -p /run/xenstored /var/log/xen /var/lib/xenstored
[ -e /var/run ] || ln -s /run /var/run
total=${XSB_OPS:-600}
rounds=${XSB_ROUNDS:-3}

wait_sock() {
    for i in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.1; done
    echo "xsb: FAIL $2 did not start"
    exit 1
}

# Xen's C xenstored crashes on the first request when started with -D (no
# dom0 domain), so it takes dom0's ring; the others run without it.
/usr/sbin/xenstored -N -D -c /dev/null -s /run/xsd-xenith.sock &
XENSTORED_PATH=/run/xsd-cxenstored.sock /usr/lib/xen-4.17/bin/xenstored -N &
/usr/lib/xen-4.17/bin/oxenstored --no-fork --no-domain-init \
    --config-file /etc/xen/oxenstored.conf &
wait_sock /run/xsd-xenith.sock xenith
wait_sock /run/xsd-cxenstored.sock cxenstored
wait_sock /run/xenstored/socket oxenstored
sock_xenith=/run/xsd-xenith.sock
sock_cxenstored=/run/xsd-cxenstored.sock
sock_oxenstored=/run/xenstored/socket

for r in $(seq $rounds); do
    for mode in read write dir txn; do
        for c in 1 8 32; do
            for d in xenith cxenstored oxenstored; do
                eval sock=\$sock_$d
                out=$(XENSTORED_PATH=$sock xs-bench -c $c -n $((total / c)) \
                    -k 16 $mode 2>&1) || echo "xsb: FAIL $d $mode $c: $out"
                echo "BENCH $d round=$r $out"
            done
        done
    done
done
echo "xsb: done"
exit 0
