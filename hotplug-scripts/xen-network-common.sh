# SPDX-License-Identifier: GPL-2.0-only
# xen-network-common.sh: bridge and interface helpers for the vif scripts
# (sourced by vif-common.sh; custom vif scripts use the same names).
# iproute2 (ip) first; bridge-utils (brctl) only where ip cannot do it.
#
#   bridge_exists BR                 0 when BR is a bridge
#   first_bridge                     the name of the first bridge, or nothing
#   create_bridge BR                 a bridge with STP off and no forward delay
#   setup_virtual_bridge_port DEV    DEV down, MAC fe:ff:ff:ff:ff:ff (so the
#                                    bridge never takes the vif's address),
#                                    no IP addresses
#   setup_physical_bridge_port DEV   the same, keeping DEV's MAC
#   add_to_bridge BR DEV             DEV a port of BR, and up
#   remove_from_bridge BR DEV        DEV down and out of BR (errors ignored:
#                                    on offline the device may be gone)
#   set_mtu BR DEV TYPE_IF           XENBUS_PATH/mtu, else BR's MTU, on DEV;
#                                    for a vif also into the frontend's mtu key
#   ip_of DEV                        DEV's first IPv4 address

_have() { command -v "$1" >/dev/null 2>&1; }

bridge_exists() {
    [ -d "/sys/class/net/$1/bridge" ]
}

first_bridge() {
    local b
    for b in /sys/class/net/*/bridge; do
        [ -d "$b" ] || continue
        b=${b%/bridge}
        echo "${b##*/}"
        return 0
    done
}

create_bridge() {
    local bridge=$1
    bridge_exists "$bridge" && return 0
    if ip link add name "$bridge" type bridge stp_state 0 forward_delay 0 2>/dev/null ||
        ip link add name "$bridge" type bridge 2>/dev/null; then
        :
    elif _have brctl; then
        brctl addbr "$bridge" && brctl stp "$bridge" off && brctl setfd "$bridge" 0
    else
        fatal "cannot create bridge $bridge (neither ip nor brctl could)"
    fi
}

_setup_bridge_port() {
    local dev=$1 virtual=$2
    ip link set dev "$dev" down
    if [ "$virtual" = 1 ]; then
        ip link set dev "$dev" address fe:ff:ff:ff:ff:ff 2>/dev/null || true
    fi
    ip addr flush dev "$dev" 2>/dev/null || true
}

setup_virtual_bridge_port() { _setup_bridge_port "$1" 1; }
setup_physical_bridge_port() { _setup_bridge_port "$1" 0; }

add_to_bridge() {
    local bridge=$1 dev=$2
    if [ -e "/sys/class/net/$bridge/brif/$dev" ]; then
        log debug "$dev already a port of $bridge"
    elif ! ip link set dev "$dev" master "$bridge" 2>/dev/null; then
        if _have brctl; then
            brctl addif "$bridge" "$dev" ||
                fatal "cannot add $dev to bridge $bridge (brctl addif failed)"
        else
            fatal "cannot add $dev to bridge $bridge (ip link set master failed)"
        fi
    fi
    ip link set dev "$dev" up
}

remove_from_bridge() {
    local bridge=$1 dev=$2
    do_without_error ip link set dev "$dev" down
    if [ -e "/sys/class/net/$bridge/brif/$dev" ]; then
        if ! ip link set dev "$dev" nomaster 2>/dev/null && _have brctl; then
            do_without_error brctl delif "$bridge" "$dev"
        fi
    fi
    return 0
}

set_mtu() {
    local bridge=$1 dev=$2 type_if=$3 mtu d
    mtu=$(xenstore_read_default "$XENBUS_PATH/mtu" "")
    [ -n "$mtu" ] || mtu=$(cat "/sys/class/net/$bridge/mtu" 2>/dev/null || true)
    [ -n "$mtu" ] && [ "$mtu" -gt 0 ] 2>/dev/null || return 0
    ip link set dev "$dev" mtu "$mtu" 2>/dev/null ||
        log warning "cannot set the MTU of $dev to $mtu"
    if [ "$type_if" = vif ]; then
        # vifDOMID.DEVID -> the frontend's directory.
        d=${dev#vif}
        case "$d" in
        *.*) xenstore_write "/local/domain/${d%%.*}/device/vif/${d#*.}/mtu" "$mtu" ;;
        esac
    fi
    return 0
}

ip_of() {
    ip -4 -o addr show dev "$1" 2>/dev/null |
        awk '$3 == "inet" { split($4, a, "/"); print a[1]; exit }'
}
