#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Unit tests of the hotplug scripts: each runs a script from this directory
# against a xenstore kept in a directory tree and stub ip/losetup/brctl
# commands that record what they were asked (nothing on the host changes),
# then checks the keys written, the exit status and the log.  One
# "PASS: unit/hotplug-scripts/NAME" or "FAIL: ..." line per test.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0

mkdir -p "$T/bin" "$T/scripts"
cp "$src"/*.sh "$src"/block "$src"/vif-bridge "$src"/vif-route "$src"/vif-setup "$T/scripts/"

# xenstore-*: node P is the directory $XS/P, its value the file .v in it;
# relative paths are dom0's (/local/domain/0/...).
cat >"$T/bin/xs-common" <<'EOS'
abs() { case "$1" in /*) echo "$XS$1" ;; *) echo "$XS/local/domain/0/$1" ;; esac; }
EOS
cat >"$T/bin/xenstore-read" <<'EOS'
#!/bin/bash
. "$(dirname "$0")/xs-common"
for p; do f=$(abs "$p")/.v; [ -f "$f" ] || { echo "couldn't read path $p" >&2; exit 1; }; cat "$f"; echo; done
EOS
cat >"$T/bin/xenstore-write" <<'EOS'
#!/bin/bash
. "$(dirname "$0")/xs-common"
while [ $# -ge 2 ]; do d=$(abs "$1"); mkdir -p "$d"; printf '%s' "$2" >"$d/.v"; echo "$1=$2" >>"$XS.writes"; shift 2; done
EOS
cat >"$T/bin/xenstore-list" <<'EOS'
#!/bin/bash
. "$(dirname "$0")/xs-common"
d=$(abs "$1"); [ -d "$d" ] || exit 1; ls "$d"
EOS
cat >"$T/bin/xenstore-exists" <<'EOS'
#!/bin/bash
. "$(dirname "$0")/xs-common"
[ -d "$(abs "$1")" ]
EOS
for c in ip losetup brctl iptables logger; do
    printf '#!/bin/bash\necho "%s $*" >>"$STUBLOG"\n' "$c" >"$T/bin/$c"
done
# losetup -f answers a loop device node that exists on the host (only its
# major:minor is read); other calls are recorded.
cat >"$T/bin/losetup" <<'EOS'
#!/bin/bash
echo "losetup $*" >>"$STUBLOG"
[ "$1" = -f ] && echo "$LOOPDEV"
exit 0
EOS
chmod +x "$T/bin"/*
# The scripts put sbindir and bindir first in PATH: there the stubs are.
sed -i -e "s|^sbindir=.*|sbindir=$T/bin|" -e "s|^bindir=.*|bindir=$T/bin|" \
    "$T/scripts/hotplugpath.sh"

# A fresh store with dom0 and a guest g2 (id 2) being built, and a run
# environment.  $1: the backend directory (relative).
reset() {
    rm -rf "$T/xs" "$T/xs.writes" "$T/log" "$T/stub.log" "$T/lock"
    export XS=$T/xs STUBLOG=$T/stub.log HOTPLUG_LOG=$T/log/xen-hotplug.log \
        LOCK_BASEDIR=$T/lock PATH="$T/bin:$PATH" XENBUS_PATH=$1 \
        XENBUS_TYPE=${1#backend/} XENBUS_BASE_PATH=backend
    XENBUS_TYPE=${XENBUS_TYPE%%/*}
    unset UDEV_CALL bridge
    : >"$STUBLOG"
    xs /local/domain/0/name Domain-0 /local/domain/2/name g2 \
        /local/domain/2/vm /vm/2222
}
xs() { "$T/bin/xenstore-write" "$@"; }
key() { "$T/bin/xenstore-read" "$1" 2>/dev/null; }

verdict() {
    if [ -z "$1" ]; then
        echo "PASS: unit/hotplug-scripts/$2"
    else
        echo "--- $2: $1"
        [ -f "$T/log/xen-hotplug.log" ] && sed 's/^/    log: /' "$T/log/xen-hotplug.log"
        sed 's/^/    cmd: /' "$STUBLOG"
        echo "FAIL: unit/hotplug-scripts/$2"
        fail=1
    fi
}

vbd() { # frontend-id params mode
    local b=backend/vbd/$1/51712
    xs "$b/frontend-id" "$1" "$b/params" "$2" "$b/mode" "$3" "$b/type" phy \
        "$b/dev" xvda "$b/state" 2 "$b/script" /etc/xen/scripts/block
}

# --- vif-bridge ------------------------------------------------------------
t_vif_missing_bridge() {
    local why='' b=backend/vif/2/0
    reset $b
    xs $b/bridge xenbr9 $b/frontend-id 2 $b/script vif-bridge
    if vif=vif2.0 "$T/scripts/vif-bridge" online type_if=vif; then why="exit 0"; fi
    local e
    e=$(key $b/hotplug-error)
    [ "$e" = "vif-bridge: bridge xenbr9 does not exist; create it with: ip link add xenbr9 type bridge && ip link set xenbr9 up" ] ||
        why="$why; hotplug-error '$e'"
    [ "$(key $b/hotplug-status)" = error ] || why="$why; hotplug-status '$(key $b/hotplug-status)'"
    grep -q "vif-bridge\[[0-9]*\]: err: vif-bridge: bridge xenbr9 does not exist" "$HOTPLUG_LOG" ||
        why="$why; no log line"
    grep -q 'master' "$STUBLOG" && why="$why; touched a bridge"
    verdict "$why" vif-bridge-missing-bridge
}

t_vif_bad_command() {
    local why=''
    reset backend/vif/2/0
    if vif=vif2.0 "$T/scripts/vif-bridge" frobnicate 2>/dev/null; then why="exit 0"; fi
    grep -q "invalid command 'frobnicate'" "$HOTPLUG_LOG" || why="$why; no log line"
    verdict "$why" vif-bridge-invalid-command
}

t_vif_tap_ignored() {
    # online is for netback vifs: a tap's script run ends at once.
    local why=''
    reset backend/vif/2/0
    INTERFACE=vif2.0-emu "$T/scripts/vif-bridge" online type_if=tap || why="exit $?"
    [ -s "$STUBLOG" ] && why="$why; ran $(head -1 "$STUBLOG")"
    verdict "$why" vif-bridge-tap-online-ignored
}

t_udev_disabled() {
    local why='' b=backend/vbd/2/51712
    reset $b
    vbd 2 /dev/loop0 w
    xs libxl/disable_udev 1
    UDEV_CALL=1 "$T/scripts/block" add || why="exit $?"
    [ -z "$(key $b/physical-device)" ] || why="$why; ran although libxl runs the scripts"
    verdict "$why" udev-call-when-libxl-runs-scripts
}

t_udev_runs_scripts() {
    # run_hotplug_scripts=0: no libxl/disable_udev, udev's call does the work;
    # vif-setup starts the vif's script, vif-bridge when it names none.
    local why='' b=backend/vbd/2/51712 v=backend/vif/2/0
    reset $b
    vbd 2 /dev/loop0 w
    UDEV_CALL=1 "$T/scripts/block" add || why="block exit $?"
    [ "$(key $b/hotplug-status)" = connected ] || why="$why; block not connected"
    xs $v/bridge xenbr9
    XENBUS_PATH=$v UDEV_CALL=1 vif=vif2.0 "$T/scripts/vif-setup" online type_if=vif &&
        why="$why; vif-setup exit 0"
    [[ "$(key $v/hotplug-error)" == "vif-bridge: bridge xenbr9 does not exist;"* ]] ||
        why="$why; vif-setup did not run vif-bridge: '$(key $v/hotplug-error)'"
    verdict "$why" udev-call-runs-scripts
}

t_vif_route_no_gateway() {
    local why='' b=backend/vif/2/0
    reset $b
    if vif=vif2.0 netdev=nosuch0 "$T/scripts/vif-route" online; then why="exit 0"; fi
    [[ "$(key $b/hotplug-error)" == "vif-route: nosuch0 has no IPv4 address"* ]] ||
        why="$why; hotplug-error '$(key $b/hotplug-error)'"
    verdict "$why" vif-route-no-gateway-address
}

# --- block -----------------------------------------------------------------
t_block_device() {
    local why='' b=backend/vbd/2/51712 want
    reset $b
    vbd 2 /dev/loop0 w
    "$T/scripts/block" add || why="exit $?"
    want=$(stat -L -c '%t:%T' /dev/loop0)
    [ "$(key $b/physical-device)" = "$want" ] || why="$why; physical-device '$(key $b/physical-device)' not $want"
    [ "$(key $b/physical-device-path)" = /dev/loop0 ] || why="$why; physical-device-path"
    [ "$(key $b/hotplug-status)" = connected ] || why="$why; hotplug-status '$(key $b/hotplug-status)'"
    verdict "$why" block-device
}

t_block_file() {
    local why='' b=backend/vbd/2/51712 mode
    for mode in w r; do
        reset $b
        truncate -s 1M "$T/disk.img"
        vbd 2 "$T/disk.img" $mode
        LOOPDEV=/dev/loop1 "$T/scripts/block" add || why="$why; $mode: exit $?"
        if [ $mode = r ]; then
            grep -qx "losetup -r /dev/loop1 $T/disk.img" "$STUBLOG" || why="$why; $mode: no losetup -r"
        else
            grep -qx "losetup /dev/loop1 $T/disk.img" "$STUBLOG" || why="$why; $mode: no losetup"
        fi
        [ "$(key $b/node)" = /dev/loop1 ] || why="$why; $mode: node '$(key $b/node)'"
        [ "$(key $b/physical-device)" = "$(stat -L -c '%t:%T' /dev/loop1)" ] ||
            why="$why; $mode: physical-device '$(key $b/physical-device)'"
        [ "$(key $b/hotplug-status)" = connected ] || why="$why; $mode: not connected"
    done
    verdict "$why" block-file-loop-rw-and-ro
}

t_block_missing_file() {
    local why='' b=backend/vbd/2/51712 e
    reset $b
    vbd 2 "$T/nosuch.img" w
    if "$T/scripts/block" add; then why="exit 0"; fi
    e=$(key $b/hotplug-error)
    [ "$e" = "block: $T/nosuch.img does not exist (xvda of domain g2 (id 2)); check the disk's target" ] ||
        why="$why; hotplug-error '$e'"
    grep -q "block\[[0-9]*\]: err: block: $T/nosuch.img does not exist" "$HOTPLUG_LOG" || why="$why; no log line"
    verdict "$why" block-missing-file
}

t_block_shared_write() {
    # g1 (id 1) has /dev/loop0 writable; g2 asks for it.
    local why='' b=backend/vbd/2/51712 mm e m
    mm=$(stat -L -c '%t:%T' /dev/loop0)
    for m in w r 'w!'; do
        reset $b
        xs /local/domain/1/name g1 /local/domain/1/vm /vm/1111 \
            backend/vbd/1/51712/physical-device "$mm" backend/vbd/1/51712/mode w
        vbd 2 /dev/loop0 "$m"
        if [ "$m" = 'w!' ]; then
            "$T/scripts/block" add || why="$why; w!: refused: $(key $b/hotplug-error)"
            [ "$(key $b/hotplug-status)" = connected ] || why="$why; w!: not connected"
            continue
        fi
        if "$T/scripts/block" add; then why="$why; $m: exit 0"; fi
        e=$(key $b/hotplug-error)
        [[ "$e" == "block: device /dev/loop0 is in use read-write by domain g1 (id 1), so it cannot be given "*" to xvda of domain g2 (id 2);"* ]] ||
            why="$why; $m: hotplug-error '$e'"
        [ "$(key $b/hotplug-status)" = busy ] || why="$why; $m: hotplug-status '$(key $b/hotplug-status)'"
        [ -z "$(key $b/physical-device)" ] || why="$why; $m: physical-device written"
    done
    # The same VM (a domain being rebuilt) is not a conflict; a read-only
    # user does not stop another read-only one.
    reset $b
    xs /local/domain/1/name g1old /local/domain/1/vm /vm/2222 \
        backend/vbd/1/51712/physical-device "$mm" backend/vbd/1/51712/mode w
    vbd 2 /dev/loop0 w
    "$T/scripts/block" add || why="$why; same vm refused"
    reset $b
    xs /local/domain/1/name g1 backend/vbd/1/51712/physical-device "$mm" \
        backend/vbd/1/51712/mode r
    vbd 2 /dev/loop0 r
    "$T/scripts/block" add || why="$why; r+r refused"
    verdict "$why" block-sharing-check
}

t_block_remove() {
    local why='' b=backend/vbd/2/51712
    reset $b
    truncate -s 1M "$T/disk.img"
    vbd 2 "$T/disk.img" w
    xs $b/node /dev/loop1
    "$T/scripts/block" remove || why="exit $?"
    # Only a loop device still bound (sysfs says so) is released.
    if [ -e /sys/block/loop1/loop/backing_file ]; then
        grep -qx "losetup -d /dev/loop1" "$STUBLOG" || why="$why; not released"
    else
        grep -q "losetup -d" "$STUBLOG" && why="$why; released an unbound device"
    fi
    verdict "$why" block-remove
}

t_custom_script() {
    # A custom script written for Xen's helpers keeps working.
    local why='' b=backend/vif/2/0
    reset $b
    cat >"$T/scripts/vif-custom" <<'EOS'
#!/bin/bash
dir=$(dirname "$0")
. "$dir/vif-common.sh"
x=$(xenstore_read_default "$XENBUS_PATH/nosuch" dflt)
[ "$command" = online ] && [ "$dev" = vif2.0 ] && [ "$x" = dflt ] || fatal "wrong: $command $dev $x"
log info "custom ran for $dev"
success
EOS
    chmod +x "$T/scripts/vif-custom"
    vif=vif2.0 "$T/scripts/vif-custom" online type_if=vif || why="exit $?"
    [ "$(key $b/hotplug-status)" = connected ] || why="$why; $(key $b/hotplug-error)"
    grep -q "vif-custom\[[0-9]*\]: info: custom ran for vif2.0" "$HOTPLUG_LOG" || why="$why; no log line"
    verdict "$why" custom-script-with-xen-helpers
}

for t in t_vif_missing_bridge t_vif_bad_command t_vif_tap_ignored t_udev_disabled t_udev_runs_scripts \
    t_vif_route_no_gateway t_block_device t_block_file t_block_missing_file \
    t_block_shared_write t_block_remove t_custom_script; do
    $t
done
exit $fail
