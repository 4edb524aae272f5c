#!/bin/sh
# Runs in dom0 (see toolstack-async.test).
TAG=async
. /etc/xl-dom0-lib.sh
xld() { /usr/sbin/xl "$@"; }
fail() {
    echo "async: FAIL $*"
    xld list 2>&1
    xenstore-ls -f /local/domain 2>/dev/null | grep -v '^/local/domain/0/' | head -20
    for f in /var/log/xen/*; do [ -f "$f" ] && { echo "== $f"; tail -15 "$f"; }; done
    exit 1
}
xl_dom0_setup
free0=$(free_mb)
# A domain that has been through createdomain only: no vCPUs, so its
# getdomaininfo says max_vcpu_id = XEN_INVALID_MAX_VCPU_ID.
bare=$(pvbuild-smoke --bare) || fail "pvbuild-smoke --bare: $bare"
xld list "$bare" >/dev/null 2>&1 || fail "no bare domain $bare"
say "bare domain $bare (createdomain only, no vCPUs)"
async-create /etc/xen/a1.cfg /etc/xen/a2.cfg /etc/xen/a3.cfg ||
    fail "async-create exit $?"
xld destroy "$bare" || fail "xl destroy $bare"
say "bare domain destroyed"
wait_for 30 sh -c '[ -z "$(xenstore-list /local/domain | grep -vx 0)" ]' ||
    fail "xenstore still has $(xenstore-list /local/domain | tr '\n' ' ')"
[ -z "$(xenstore-list /vm 2>/dev/null)" ] || [ "$(xenstore-list /vm | wc -l)" -le 1 ] ||
    fail "/vm still has $(xenstore-list /vm | tr '\n' ' ')"
wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory: $(free_mb) < $free0"
say "no guest left in xenstore, free memory back ($(free_mb) MiB)"
exit 0
