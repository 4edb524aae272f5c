# SPDX-License-Identifier: GPL-2.0-only
# xen-hotplug-common.sh: sourced first by every hotplug script (and by
# custom scripts written for Xen, which keep working: the names below are
# Xen's).
#
# Environment read:
#   XENBUS_PATH        the backend's xenstore directory (backend/vif/1/0)
#   UDEV_CALL          set by xen-backend.rules: the script was started by
#                      udev; it then does nothing when libxl runs the scripts
#                      itself (libxl/disable_udev exists in xenstore)
#   HOTPLUG_DEBUG      non-empty: debug lines go to the log too
#   HOTPLUG_LOG        the log file (default /var/log/xen/xen-hotplug.log)
#
# Functions given to the scripts:
#   log LEVEL MSG...            a line in the log (logging.sh)
#   fatal MSG...                MSG into XENBUS_PATH/hotplug-error, "error"
#                               into hotplug-status, a line in the log, exit 1
#   success                     "connected" into XENBUS_PATH/hotplug-status
#   xenstore_read PATH...       each value, or fatal when one is missing
#   xenstore_read_default PATH DEFAULT
#   xenstore_write (PATH VALUE)...   or fatal
#   do_or_die CMD...            CMD, or fatal naming it
#   do_without_error CMD...     CMD, its failure only logged (debug)
#   call_hooks DEVTYPE HOOK     sources $XEN_SCRIPT_DIR/DEVTYPE-HOOK.d/*.hook
#   claim_lock / release_lock   (locking.sh), findCommand / evalVariables
#                               (xen-script-common.sh)

_hotplug_dir=$(dirname "${BASH_SOURCE[0]}")
. "$_hotplug_dir/hotplugpath.sh"
. "$_hotplug_dir/logging.sh"
. "$_hotplug_dir/xen-script-common.sh"
. "$_hotplug_dir/locking.sh"

export PATH="$sbindir:$bindir:$LIBEXEC_BIN:/sbin:/bin:/usr/sbin:/usr/bin:$PATH"
export LANG=C
unset LC_ALL

# Whatever the tools print on stderr lands in the log, not on the caller's
# terminal (libxl and udev show nothing of it).
if [ -z "${HOTPLUG_KEEP_STDERR:-}" ]; then
    mkdir -p "${HOTPLUG_LOG%/*}" 2>/dev/null || true
    exec 2>>"$HOTPLUG_LOG" || true
fi

if [ -n "${UDEV_CALL:-}" ] &&
    xenstore-read "libxl/disable_udev" >/dev/null 2>&1; then
    exit 0
fi

_xenstore_write() {
    log debug "xenstore write $*"
    xenstore-write "$@"
}

# The message goes to hotplug-error as one line prefixed with the script's
# name; libxl prints it ("script: vif-bridge: bridge xenbr9 does not exist").
_hotplug_fail() {
    local status=$1 msg
    shift
    msg="${0##*/}: $*"
    msg=${msg//$'\n'/ }
    trap - ERR
    # In a command substitution: the caller's ERR trap must not replace
    # this message with its own; status 101 tells it so.
    local code=1
    [ "$BASHPID" = "$$" ] || code=101
    if [ -n "${XENBUS_PATH:-}" ]; then
        _xenstore_write "$XENBUS_PATH/hotplug-error" "$msg" \
            "$XENBUS_PATH/hotplug-status" "$status" 2>/dev/null || true
    fi
    log err "$msg"
    exit $code
}

fatal() {
    _hotplug_fail error "$@"
}

success() {
    xenstore_write "$XENBUS_PATH/hotplug-status" connected
}

do_or_die() {
    "$@" || fatal "'$*' failed"
}

do_without_error() {
    "$@" 2>/dev/null || log debug "'$*' failed (ignored)"
}

xenstore_read() {
    local v
    v=$(xenstore-read "$@" 2>/dev/null) || v=
    [ -n "$v" ] || fatal "xenstore-read $* failed: no such key"
    echo "$v"
}

xenstore_read_default() {
    xenstore-read "$1" 2>/dev/null || echo "$2"
}

xenstore_write() {
    _xenstore_write "$@" || fatal "xenstore-write $* failed"
}

call_hooks() {
    local f
    for f in "$XEN_SCRIPT_DIR/$1-$2.d"/*.hook; do
        # shellcheck disable=SC1090 # hooks are the administrator's
        if [ -x "$f" ]; then . "$f"; fi
    done
}

# Any command failing under set -e ends the script through here, so the
# toolstack sees why instead of a bare exit status.
_hotplug_err_trap() {
    [ $? != 101 ] || exit 1
    fatal "'$BASH_COMMAND' failed (line ${BASH_LINENO[0]})"
}
trap _hotplug_err_trap ERR

log debug "$* XENBUS_PATH=${XENBUS_PATH:-}"
