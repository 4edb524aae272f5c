# SPDX-License-Identifier: GPL-2.0-only
# block-common.sh: what every block script does first (sourced by block and
# by custom block-TYPE scripts).
#
# Arguments:   add | remove
# Environment: XENBUS_PATH (backend/vbd/DOMID/DEVID), XENBUS_TYPE (vbd),
#              XENBUS_BASE_PATH (backend)
# Sets:        command
# Gives:
#   device_major_minor DEV   "MAJOR:MINOR" in hex, as blkback reads it
#   write_dev DEV            physical-device and physical-device-path of DEV
#                            into XENBUS_PATH, then hotplug-status connected
#   ebusy MSG                MSG into hotplug-error, "busy" into
#                            hotplug-status, exit 1 (the disk is in use)
#   canonicalise_mode MODE   r (read-only), w (writable) or ! (writable and
#                            shared: w!)

dir=$(dirname "$0")
. "$dir/xen-hotplug-common.sh"

command=
findCommand "$@"
case "$command" in
add | remove) ;;
*)
    log err "invalid command '$command' (add or remove)"
    exit 1
    ;;
esac

[ -n "${XENBUS_PATH:-}" ] || {
    log err "XENBUS_PATH is not set"
    exit 1
}

ebusy() {
    _hotplug_fail busy "$@"
}

device_major_minor() {
    stat -L -c '%t:%T' "$1" 2>/dev/null
}

write_dev() {
    local mm
    mm=$(device_major_minor "$1")
    case "$mm" in
    '' | 0:0) fatal "$1 is not a device node" ;;
    esac
    xenstore_write "$XENBUS_PATH/physical-device" "$mm" \
        "$XENBUS_PATH/physical-device-path" "$1"
    success
}

canonicalise_mode() {
    case "$1" in
    *w*!* | *!*w*) echo '!' ;;
    *w*) echo w ;;
    *) echo r ;;
    esac
}
