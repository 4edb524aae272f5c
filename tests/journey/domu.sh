#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The journey's auto-started guest (/etc/xen/auto/journey.cfg): says it is
# up, takes 10.0.2.60 on its vif (bridged to xenbr0 in dom0), answers
# ping, and serves a shell on its console.  An orderly power-off
# (xendomains at dom0's shutdown) runs /sbin/poweroff, which says so.
echo "journey-domu: up"
ip link set lo up
if ip link set eth0 up && ip addr add 10.0.2.60/24 dev eth0; then
    echo "journey-domu: eth0 10.0.2.60"
else
    echo "journey-domu: no eth0"
fi
echo "journey-domu: shell"
while :; do
    sh
done
