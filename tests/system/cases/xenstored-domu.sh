#!/bin/sh
# Runs in dom0 (see xenstored-domu.test).
. /etc/xs-env
fail() {
    echo "xsd: FAIL $*"
    grep -E 'INTRODUCE|RELEASE|@|console|\(ring\) dom [1-9]' /tmp/access.log | head -40
    ps w | grep -v ps | tail -8
    exit 1
}
mkdir -p /run/xenstored /var/log/xen/console /var/lib/xen /run/xen \
    /var/lib/xenstored
[ -e /var/run ] || ln -s /run /var/run
# xenconsoled gives each guest console a pty.
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null
/usr/sbin/xenstored -N -T /tmp/access.log &
for i in $(seq 100); do [ -S /run/xenstored/socket ] && break; sleep 0.1; done
[ -S /run/xenstored/socket ] || fail "no socket"
echo "xsd: daemon up"
xen-init-dom0 || fail "xen-init-dom0"
echo "xsd: dom0 initialised"
xenconsoled --pid-file=/run/xenconsoled.pid || fail "xenconsoled"
xenstore-watch -n 2 @releaseDomain >/tmp/released &
wpid=$!
xl -v create /etc/xen/g1.cfg || fail "xl create"
echo "xsd: guest created"
domid=$(xl domid g1) || fail "xl domid"
# The guest kernel writes its control features once its xenbus is up.
for i in $(seq 120); do
    v=$(xenstore-read /local/domain/$domid/control/feature-poweroff 2>/dev/null)
    [ "$v" = 1 ] && break
    sleep 1
done
grep -E 'INTRODUCE' /tmp/access.log
echo "xsd: guest ring requests $(grep -c "(ring) dom $domid " /tmp/access.log)"
xenstore-ls /local/domain/$domid | head -40
grep "(ring) dom $domid " /tmp/access.log | head -8
xl destroy g1 || fail "xl destroy"
for i in $(seq 30); do
    [ "$(wc -l </tmp/released)" -ge 2 ] && break
    sleep 0.5
done
[ "$(wc -l </tmp/released)" -ge 2 ] && echo "xsd: released"
kill $wpid 2>/dev/null
# Our daemon must have dropped its mapping of the guest's page, or the
# domain would linger as a zombie.
for i in $(seq 30); do
    xl list | grep -q '^g1 ' || break
    sleep 0.5
done
xl list
xl list | grep -q '^g1 ' || echo "xsd: guest gone"
xenstore-ls /local/domain/0 >/dev/null && echo "xsd: still serving"
exit 0
