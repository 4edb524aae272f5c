# SPDX-License-Identifier: GPL-2.0-only
# vif-common.sh: what every vif script does first (sourced by vif-bridge,
# vif-route and custom vif scripts).
#
# Arguments: online | offline (from libxl or udev, for a netback vif),
#            add | remove (for an emulated tap, type_if=tap), and
#            NAME=VALUE pairs (type_if=vif|tap).
# Environment: XENBUS_PATH (backend/vif/DOMID/DEVID), vif (the netback
#            device, vifDOMID.DEVID), INTERFACE (the tap device, with
#            type_if=tap), netdev (the gateway device, vif-route).
# Keys read:  XENBUS_PATH/vifname (rename the device), XENBUS_PATH/ip
#            (addresses the guest may use).
# Sets:      command, type_if, dev (the device to work on), vifname, ip.
# Gives:     handle_iptable / frob_iptable (FORWARD rules per vif, only when
#            iptables works), dom0_ip (the IPv4 address of $netdev, eth0 by
#            default, or fatal).

dir=$(dirname "$0")
. "$dir/xen-hotplug-common.sh"
. "$dir/xen-network-common.sh"

command=
findCommand "$@"
case "$command" in
online | offline | add | remove) ;;
*)
    log err "invalid command '$command' (online, offline, add or remove)"
    exit 1
    ;;
esac

evalVariables "$@"
type_if=${type_if:-vif}

case "$type_if" in
vif) dev=${vif:-} ;;
tap) dev=${INTERFACE:-} ;;
*)
    log err "unknown interface type '$type_if' (vif or tap)"
    exit 1
    ;;
esac

# A vif is set up on online/offline, a tap on add/remove; the other pair is
# not for us.
case "$command" in
online | offline) [ "$type_if" = vif ] || exit 0 ;;
add | remove) [ "$type_if" = tap ] || exit 0 ;;
esac

rename_vif() {
    local from=$1 to=$2
    if ip link show dev "$to" >/dev/null 2>&1; then
        fatal "cannot rename $from to $to: an interface named $to already exists"
    fi
    do_or_die ip link set dev "$from" name "$to"
}

if [ "$type_if" = vif ]; then
    [ -n "${XENBUS_PATH:-}" ] || {
        log err "XENBUS_PATH is not set"
        exit 1
    }
    [ -n "$dev" ] || fatal "the vif variable (the netback device) is not set"
    vifname=$(xenstore_read_default "$XENBUS_PATH/vifname" "")
    if [ -n "$vifname" ]; then
        [ "$command" = online ] && rename_vif "$dev" "$vifname"
        dev=$vifname
    fi
else
    [ -n "$dev" ] || {
        log err "INTERFACE is not set"
        exit 1
    }
    # vifDOMID.DEVID-emu
    _d=${dev#vif}
    _d=${_d%-emu}
    XENBUS_PATH=${XENBUS_PATH:-backend/vif/${_d%%.*}/${_d#*.}}
    vifname=$(xenstore_read_default "$XENBUS_PATH/vifname" "")
    if [ -n "$vifname" ]; then
        vifname=$vifname-emu
        [ "$command" = add ] && rename_vif "$dev" "$vifname"
        dev=$vifname
    fi
fi

ip=$(xenstore_read_default "$XENBUS_PATH/ip" "${ip:-}")

frob_iptable() {
    local op=-D
    case "$command" in online | add) op=-I ;; esac
    if ! iptables -w "$op" FORWARD -m physdev --physdev-is-bridged \
        --physdev-in "$dev" "$@" -j ACCEPT 2>/dev/null ||
        ! iptables -w "$op" FORWARD -m physdev --physdev-is-bridged \
            --physdev-out "$dev" -j ACCEPT 2>/dev/null; then
        [ "$op" = -D ] ||
            log warning "iptables rules for $dev not set; guest traffic may be filtered"
    fi
    return 0
}

handle_iptable() {
    _have iptables && iptables -w -L -n >/dev/null 2>&1 || return 0
    claim_lock iptables
    if [ -n "$ip" ]; then
        local a
        for a in $ip; do frob_iptable -s "$a"; done
        frob_iptable -p udp --sport 68 --dport 67
    else
        frob_iptable
    fi
    release_lock iptables
}

dom0_ip() {
    local nd=${netdev:-eth0} a
    a=$(ip_of "$nd")
    [ -n "$a" ] || fatal "$nd has no IPv4 address; bring it up or name another device with gatewaydev= in the vif spec"
    echo "$a"
}
