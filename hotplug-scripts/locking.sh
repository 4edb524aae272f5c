# SPDX-License-Identifier: GPL-2.0-only
# locking.sh: claim_lock NAME / release_lock NAME  (sourced through
# xen-hotplug-common.sh)
#
# Serialises hotplug scripts that touch shared state (the block script's
# loop devices and sharing check, iptables).  A lock is flock(1) on
# $LOCK_BASEDIR/NAME held through an open descriptor: it is released by
# release_lock or when the script exits, so a script killed while holding
# it never leaves it taken.  The file itself is left in place (removing it
# would let a waiter lock an unlinked file).

LOCK_BASEDIR=${LOCK_BASEDIR:-/var/run/xen-hotplug}
declare -A _hotplug_lock_fd

claim_lock() {
    local name=$1 fd
    mkdir -p "$LOCK_BASEDIR"
    exec {fd}>>"$LOCK_BASEDIR/$name"
    if ! flock -x -w "${HOTPLUG_LOCK_TIMEOUT:-120}" "$fd"; then
        exec {fd}>&-
        fatal "could not take the lock $LOCK_BASEDIR/$name in ${HOTPLUG_LOCK_TIMEOUT:-120}s"
    fi
    _hotplug_lock_fd[$name]=$fd
}

release_lock() {
    local name=$1 fd=${_hotplug_lock_fd[$1]:-}
    [ -n "$fd" ] || return 0
    unset "_hotplug_lock_fd[$name]"
    exec {fd}>&-
}
