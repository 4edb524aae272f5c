#!/bin/sh
# Runs in dom0 (see toolstack-pvbuild.test).
. /etc/xs-env
fail() {
    echo "pvb: FAIL $*"
    exit 1
}
mkdir -p /run/xenstored
/usr/sbin/xenstored -N &
for i in $(seq 100); do
    [ -S /run/xenstored/socket ] && break
    sleep 0.1
done
[ -S /run/xenstored/socket ] || fail "no xenstored socket"
echo "pvb: xenstored up"
for k in bzimage:/guest/vmlinuz elf:/guest/vmlinux; do
    echo "pvb: run ${k%%:*}"
    PVBUILD_TRACE=1 pvbuild-smoke --kernel "${k#*:}" --ramdisk /guest/initrd.gz \
        --cmdline "console=hvc0 quiet" --mem 128 --vcpus 2 --timeout 400 ||
        fail "${k%%:*} kernel"
done
exit 0
