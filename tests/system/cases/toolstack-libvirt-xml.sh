#!/bin/sh
# Runs in dom0 (see toolstack-libvirt-xml.test): `xl` is the project's
# with the config-libvirt plugin, `xld` Debian's xl 4.17.
TAG=lv
. /etc/xl-dom0-lib.sh
xld() { /usr/sbin/xl-debian "$@"; }
fail() {
    echo "lv: FAIL $*"
    xld list 2>&1
    [ -f /tmp/out ] && { echo "== last output"; tail -20 /tmp/out; }
    [ -f /tmp/cout ] && { echo "== console"; tail -20 /tmp/cout; }
    exit 1
}
xl_dom0_setup
uuid=0b6c6f5a-3e53-4a86-9d6e-5f1a2c3d4e5f

xl config-convert --from libvirt /etc/xen/lv1.xml -o /tmp/lv1.cfg \
    >/tmp/out 2>&1 || fail "xl config-convert: $(tail -1 /tmp/out)"
for l in 'name = "lv1"' "uuid = \"$uuid\"" 'memory = 128' 'vcpus = 2' \
    'kernel = "/guest/vmlinuz"'; do
    grep -qx "$l" /tmp/lv1.cfg || fail "config-convert: no '$l' in $(cat /tmp/lv1.cfg)"
done
say "config-convert wrote name, uuid, memory, vcpus, kernel"

xl create /etc/xen/lv1.xml >/tmp/out 2>&1 || fail "xl create lv1.xml"
grep -q 'lv1.xml:[0-9]*: note: <console> ignored' /tmp/out ||
    fail "xl create: no console note"
grep -q 'warning' /tmp/out && fail "xl create: a warning"
say "created lv1 from lv1.xml with the project's xl"

script -q -c "xl-debian console lv1" /dev/null </dev/null >/tmp/cout 2>&1 &
cpid=$!
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
say "guest shell on the console"
kill $cpid 2>/dev/null

set -- $(xld list lv1 | awk '$1 == "lv1" {print $3, $4}')
[ "$1" = 128 ] && [ "$2" = 2 ] || fail "Debian's xl list shows mem '$1' vcpus '$2'"
xld vm-list | grep -q "^$uuid " || fail "Debian's xl vm-list: no $uuid"
say "Debian's xl sees lv1: $1 MiB, $2 vCPUs, the uuid of the XML"

xl destroy lv1 >/tmp/out 2>&1 || fail "xl destroy lv1"
wait_for 30 not_listed lv1 || fail "lv1 still listed"
say "destroyed"

sed -i 's/^enabled = 1/enabled = 0/' /etc/xen/plugins.d/config-libvirt.conf
xl create -q /etc/xen/lv1.xml >/tmp/out 2>&1 && fail "created with the plugin disabled"
[ "$(wc -l </tmp/out)" = 1 ] || fail "disabled: more than one line"
grep -q '^xl: /etc/xen/lv1.xml looks like a libvirt domain definition (XML); enable the config-libvirt plugin to read it (enabled = 1 in /etc/xen/plugins.d/config-libvirt.conf)$' /tmp/out ||
    fail "disabled: $(cat /tmp/out)"
not_listed lv1 || fail "lv1 created with the plugin disabled"
say "plugin disabled: one line naming it, nothing created"
exit 0
