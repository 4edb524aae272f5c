# SPDX-License-Identifier: GPL-2.0-only
# xen-script-common.sh: argument helpers shared by the hotplug scripts
# (sourced through xen-hotplug-common.sh).  The scripts run with `set -e`,
# as Xen's do: custom scripts written for Xen rely on it.
#
#   findCommand ARG...    sets $command to the first argument without '='
#                         (online, offline, add or remove)
#   evalVariables ARG...  assigns every NAME=VALUE argument (type_if=vif)

set -e

findCommand() {
    local arg
    for arg in "$@"; do
        case "$arg" in
        *=*) ;;
        *)
            # shellcheck disable=SC2034 # read by the sourcing script
            command=$arg
            return 0
            ;;
        esac
    done
    return 0
}

evalVariables() {
    local arg
    for arg in "$@"; do
        case "$arg" in
        [A-Za-z_]*=*)
            # Only NAME=VALUE with a shell-variable NAME is assigned.
            if [[ ${arg%%=*} =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
                printf -v "${arg%%=*}" '%s' "${arg#*=}"
            fi
            ;;
        esac
    done
    return 0
}
