#!/bin/sh
# Runs in dom0 (see xenstored-dom0.test): start Xenith's xenstored and use
# the store over the socket and over dom0's xenbus ring.
. /etc/xs-env
fail() { echo "xsd: FAIL $*"; exit 1; }
echo "xsd: store port $(cat /proc/xen/xsd_port 2>/dev/null)"
mkdir -p /run/xenstored
/usr/sbin/xenstored -N -V -T /tmp/access.log &
for i in $(seq 100); do [ -S /run/xenstored/socket ] && break; sleep 0.1; done
[ -S /run/xenstored/socket ] || fail "no socket"
echo "xsd: daemon up"
xenstore write /local/domain/0/name Domain-0 /local/domain/0/domid 0 ||
    fail "socket write"
echo "xsd: socket ls"
xenstore ls /local/domain/0 || fail "socket ls"
echo "xsd: ring ls"
XENSTORED_PATH=/dev/xen/xenbus timeout 20 xenstore ls /local/domain/0 ||
    fail "ring ls"
XENSTORED_PATH=/dev/xen/xenbus timeout 20 xenstore write \
    /local/domain/0/via-ring yes || fail "ring write"
echo "xsd: ring write read back: $(xenstore read /local/domain/0/via-ring)"
echo "xsd: ring requests $(grep -c '(ring) dom 0' /tmp/access.log)"
grep '(ring)' /tmp/access.log | head -5
exit 0
