#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# xen-init-dom0 and xenwatchdogd on a host that is not a Xen dom0 (the
# boot journeys run them on one): bad arguments are refused, a missing
# hypercall interface or xenstored is reported with a non-zero status,
# and xen-init-dom0 leaves a domain 0 that is already set up alone,
# talking to a private xenstored.  O is the build directory.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-$top/build/out/tools/helpers}
xsd=$top/build/out/tools/xenstore/xenstored
xs=$top/build/out/tools/xenstore/xenstore
libdir=$top/build/out/tools/xenstore
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
failed=0

# run WHAT WANT-STATUS WANT-TEXT CMD...: the status and a line of output.
run() {
    what=$1 want=$2 text=$3
    shift 3
    LD_LIBRARY_PATH=$libdir "$@" >"$work/out" 2>&1
    st=$?
    if [ "$st" = "$want" ] && grep -q -- "$text" "$work/out"; then
        echo "PASS: unit/helpers/$what"
    else
        echo "FAIL: unit/helpers/$what (status $st, want $want and '$text'; got: $(head -c 300 "$work/out" | tr '\n' ' '))"
        failed=1
    fi
}

run watchdog-usage 2 "usage:" "$O/xenwatchdogd"
run watchdog-bad-timeout 2 "usage:" "$O/xenwatchdogd" 0
run watchdog-bad-interval 2 "INTERVAL" "$O/xenwatchdogd" 10 10
run init-dom0-bad-uuid 2 "not a UUID" "$O/xen-init-dom0" 1234
if [ ! -e /dev/xen/privcmd ]; then
    run watchdog-no-xen 1 "cannot open the hypercall interface" \
        "$O/xenwatchdogd" -F 30
fi
XENSTORED_PATH=$work/none run init-dom0-no-xenstored 1 \
    "cannot connect to xenstored" "$O/xen-init-dom0"

# A private xenstored: without the entries the tool needs the hypercall
# interface; with them it has nothing to do.
if [ -x "$xsd" ]; then
    LD_LIBRARY_PATH=$libdir "$xsd" -N -D -s "$work/socket" \
        >"$work/xsd.log" 2>&1 &
    pid=$!
    i=0
    while [ ! -S "$work/socket" ] && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    export XENSTORED_PATH=$work/socket
    if [ ! -e /dev/xen/privcmd ]; then
        run init-dom0-needs-hypervisor 1 "cannot open the hypercall interface" \
            "$O/xen-init-dom0"
    fi
    LD_LIBRARY_PATH=$libdir "$xs" write /local/domain/0/domid 0 \
        /local/domain/0/name Domain-0 >/dev/null 2>&1
    run init-dom0-already-set-up 0 "Dom0 is already set up" "$O/xen-init-dom0"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=

    # xenstored.service is Type=notify: xenstored sends READY=1 (and its
    # pid) to NOTIFY_SOCKET once it serves requests.
    if command -v python3 >/dev/null 2>&1; then
        run xenstored-notify 0 "READY=1 MAINPID=[0-9]" python3 - "$xsd" \
            "$work" <<'EOP'
import os, socket, subprocess, sys
xsd, work = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(os.path.join(work, "notify"))
s.settimeout(10)
env = dict(os.environ, NOTIFY_SOCKET=os.path.join(work, "notify"))
p = subprocess.Popen([xsd, "-N", "-D", "-s", os.path.join(work, "s2")],
                     env=env, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
try:
    msg = s.recv(256).decode()
    ok = msg == "READY=1\nMAINPID=%d" % p.pid
    print(msg.replace("\n", " ") if ok else "unexpected: %r" % msg)
finally:
    p.terminate()
    p.wait()
sys.exit(0 if ok else 1)
EOP
    fi
fi
exit $failed
