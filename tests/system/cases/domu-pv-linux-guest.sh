#!/bin/sh
# The domU of domu-pv-linux.test: role=main brings up eth0 and xvda and
# then serves a shell on its console; role=spin spins forever.
case " $(cat /proc/cmdline) " in
*" role=spin "*)
    echo "guest: spinning"
    while :; do :; done
    ;;
esac
echo "guest: up"
ip link set lo up
if ip link set eth0 up && ip addr add 10.0.0.2/24 dev eth0; then
    for i in $(seq 30); do
        ping -c 1 -W 1 10.0.0.1 >/dev/null 2>&1 && break
    done
    ping -c 3 -W 2 10.0.0.1 >/dev/null 2>&1 && echo "guest: ping ok"
else
    echo "guest: no eth0"
fi
if [ -b /dev/xvda ]; then
    echo "xenith-domu-disk-data" | dd of=/dev/xvda conv=fsync 2>/dev/null &&
        echo "guest: disk written"
else
    echo "guest: no xvda"
fi
echo "guest: shell"
exec sh
