#!/bin/sh
# Runs inside the dom0 initramfs: report what the hypervisor looks like.
echo "hypervisor type: $(cat /sys/hypervisor/type)"
v=/sys/hypervisor/version
echo "hypervisor version: $(cat $v/major).$(cat $v/minor)$(cat $v/extra)"
# The drivers' device nodes appear once the modules have loaded.
for i in 1 2 3 4 5 6 7 8 9 10; do
    [ -c /dev/xen/gntalloc ] && break
    sleep 0.2
done
found=""
for d in evtchn privcmd gntdev gntalloc; do
    if [ -c /dev/xen/$d ]; then
        found="$found /dev/xen/$d"
    else
        echo "missing /dev/xen/$d"
        status=1
    fi
done
echo "devices:$found"
exit ${status:-0}
