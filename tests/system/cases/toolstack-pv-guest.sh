#!/bin/sh
# Runs in dom0 (see toolstack-pv-guest.test).
TAG=tpv
. /etc/xl-dom0-lib.sh
fail() {
    echo "tpv: FAIL $*"
    xl list 2>&1
    tail -20 /var/log/xen/xen-hotplug.log 2>/dev/null
    exit 1
}
xl_dom0_setup
xl help 2>&1 | grep -q 'block-attach' || fail "the project's xl does not run: $(xl help 2>&1 | tail -1)"
say "xl is the project's"

only_dom0() {
    [ "$(xl list | awk 'NR > 1' | wc -l)" = 1 ] &&
        [ "$(xenstore-list /local/domain | wc -l)" = 1 ]
}

# Refusals: one line, exit status 1, nothing left behind.
xl create /etc/xen/nobr.cfg >/tmp/out 2>&1 && fail "nobr created"
cat /tmp/out
only_dom0 || fail "something left after the missing bridge"
say "missing bridge refused, nothing created"
xl create /etc/xen/big.cfg >/tmp/out 2>&1 && fail "big created"
cat /tmp/out
only_dom0 || fail "something left after the large guest"
say "too large a guest refused, nothing created"

# domu-pv-linux's journey with this xl.
XL_DOM0_READY=1 JOURNEY_RETURN=1
. /etc/domu-pv-linux.sh
TAG=tpv
fail() {
    echo "tpv: FAIL $*"
    xl list 2>&1
    exit 1
}

# g1 created paused by each xl: xl list's memory and vCPUs, and every key
# under the guest's directories with values and permissions; what differs
# between runs (domid, UUID, event channels, rings, tty, times) masked.
# Devices added to and taken from the (paused) g1: a disk, forced out as
# the guest cannot answer, and a vif, left for destroy to take down.
attach_detach() {
    dd if=/dev/zero of=/var/lib/xen/disk2.img bs=1M count=1 2>/dev/null
    xl block-attach g1 'format=raw,vdev=xvdb,access=rw,target=/var/lib/xen/disk2.img' ||
        fail "xl block-attach"
    xl block-list g1 | grep -q '^51728 ' || fail "xl block-list lacks xvdb"
    xl block-detach -f g1 xvdb || fail "xl block-detach -f"
    xl block-list g1 | grep -q '^51728 ' && fail "xvdb still listed"
    xl network-attach g1 mac=00:16:3e:00:00:03 bridge=xenbr0 ||
        fail "xl network-attach"
    xl network-list g1 | grep -q '^1 .*00:16:3e:00:00:03' ||
        fail "xl network-list lacks vif 1"
    say "block-attach/list/detach and network-attach/list ok"
    # g4 wants g1's disk writable: the block script refuses, and xl says
    # so in one line (the script, its status, its message); g4 is gone.
    xl create /etc/xen/g4.cfg >/tmp/g4.out 2>&1 && fail "g4 created"
    grep -E '^vbd 51712 of domain [0-9]+: /etc/xen/scripts/block add exited with status 1: block: ' /tmp/g4.out ||
        fail "no line for the block script: $(cat /tmp/g4.out)"
    wait_for 30 not_listed g4 || fail "g4 left behind"
    say "shared disk refused by the block script, g4 removed"
}

layout() {
    local xl=$1 out=$2 d uuid p
    $xl create -p /etc/xen/g1.cfg >/tmp/create.out 2>&1 ||
        fail "$xl create: $(tail -3 /tmp/create.out)"
    d=$($xl domid g1) || fail "$xl domid"
    set -- $($xl list | awk '$1 == "g1" {print $3, $4}')
    LISTED="$LISTED|$1 $2"
    say "$xl: g1 $1 MiB $2 vCPUs" | sed 's/^tpv: xl-debian:/tpv: debian xl:/;
        s/^tpv: xl:/tpv: project xl:/'
    sleep 3
    uuid=$(xenstore-read /local/domain/$d/vm | sed 's|/vm/||')
    for p in /local/domain/$d /vm/$uuid /libxl/$d \
        /local/domain/0/backend/vif/$d /local/domain/0/backend/vbd/$d \
        /local/domain/0/backend/console/$d; do
        xenstore-ls -f -p "$p" 2>/dev/null
    done | sed -E -e "s|$uuid|UUID|g" -e "s#/$d(/| |\"|\$)#/D\\1#g" \
        -e "s#(frontend-id|/domid) = \"$d\"#\\1 = \"D\"#" -e "s#([nrwb])$d([,)])#\\1D\\2#g" \
        -e 's#(ring-ref|port|event-channel|start_time|tty|physical-device|node|physical-device-path) = "[^"]*"#\1 = "N"#' |
        sort >"$out"
    [ "$xl" = xl ] && attach_detach
    $xl destroy g1 || fail "$xl destroy"
    wait_for 30 not_listed g1 || fail "g1 still listed after $xl destroy"
}
LISTED=
layout xl-debian /tmp/layout.debian
layout xl /tmp/layout.project
LISTED=${LISTED#|}
[ "${LISTED%%|*}" = "${LISTED#*|}" ] || fail "xl list differs: $LISTED"
if ! diff -u /tmp/layout.debian /tmp/layout.project >/tmp/layout.diff; then
    cat /tmp/layout.diff
    fail "xenstore layouts differ"
fi
say "same xenstore layout as Debian's xl ($(wc -l </tmp/layout.debian) keys)"
exit 0
