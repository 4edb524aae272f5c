#!/bin/sh
# Sourced by the dom0 scripts of the cases that run Debian's Xen 4.17
# toolstack (domu-pv-linux.test and the cases built on it); installed as
# /etc/xl-dom0-lib.sh.  The script sets TAG (its log prefix) first.
. /etc/xs-env
say() { echo "$TAG: $* [$(cut -d' ' -f1 /proc/uptime)s]"; }
# Wait up to $1 seconds for the command in the remaining arguments.
wait_for() {
    local n=$1
    shift
    while [ "$n" -gt 0 ]; do
        "$@" && return 0
        sleep 1
        n=$((n - 1))
    done
    return 1
}
free_mb() { xl info | awk '/^free_memory/ {print $3}'; }
not_listed() { ! xl list | grep -q "^$1 "; }

# What a Debian dom0's boot provides before xl runs: run and log
# directories, /dev/pts and /dev/std* (the hotplug scripts' lock uses
# /dev/stdin), xenstored ($XSD: "ours" or "debian"), dom0's xenstore
# entries and xenconsoled ($XCD: "ours", logging each guest's console to
# /var/log/xen/console/guest-NAME.log and the hypervisor's to
# hypervisor.log there, or "debian").  Calls fail (defined
# by the script) on error.
xl_dom0_setup() {
    local i n
    mkdir -p /run/xenstored /var/log/xen/console /var/lib/xen /run/xen \
        /var/lib/xenstored /var/lock /dev/pts
    [ -e /var/run ] || ln -s /run /var/run
    for i in 0 1 2; do
        n=$(echo stdin stdout stderr | cut -d' ' -f$((i + 1)))
        [ -e /dev/$n ] || ln -s /proc/self/fd/$i /dev/$n
    done
    [ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
    mount -t devpts devpts /dev/pts 2>/dev/null
    if [ "$XSD" = debian ]; then
        /usr/sbin/xenstored-debian --pid-file=/run/xenstored.pid ||
            fail "xenstored"
    else
        /usr/sbin/xenstored -N &
    fi
    wait_for 10 test -S /run/xenstored/socket || fail "no xenstored socket"
    say "xenstored up ($XSD)"
    xen-init-dom0 >/dev/null || fail "xen-init-dom0"
    if [ "${XCD:-debian}" = ours ]; then
        LD_LIBRARY_PATH=/usr/lib/xenith${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
            xenconsoled-ours --pid-file=/run/xenconsoled.pid --log=all ||
            fail "xenconsoled"
    else
        xenconsoled-debian --pid-file=/run/xenconsoled.pid || fail "xenconsoled"
    fi
}
