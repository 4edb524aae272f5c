# SPDX-License-Identifier: GPL-2.0-only
# logging.sh: log LEVEL MESSAGE...  (sourced through xen-hotplug-common.sh)
#
# Appends one line "DATE TIME SCRIPT[PID]: LEVEL: MESSAGE" to
# $XEN_LOG_DIR/xen-hotplug.log (HOTPLUG_LOG overrides the file).  LEVEL is a
# syslog level name (err, warning, info, debug); debug lines are written
# only when HOTPLUG_DEBUG is non-empty.  When the file cannot be written the
# line goes to syslog through logger(1), or to stderr when that fails too.

log() {
    local level=$1 line
    shift
    [ "$level" = debug ] && [ -z "${HOTPLUG_DEBUG:-}" ] && return 0
    line="$(date '+%Y-%m-%d %H:%M:%S') ${0##*/}[$$]: $level: $*"
    if ! { mkdir -p "${HOTPLUG_LOG%/*}" && echo "$line" >>"$HOTPLUG_LOG"; } 2>/dev/null; then
        logger -p "daemon.$level" -- "${0##*/}: $*" 2>/dev/null || echo "$line" >&2
    fi
    return 0
}

HOTPLUG_LOG=${HOTPLUG_LOG:-${XEN_LOG_DIR:-/var/log/xen}/xen-hotplug.log}
