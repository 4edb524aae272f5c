#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# GRUB's own Xen script must offer no Xenith file as a Xen hypervisor.
#
#   grub-linux-xen.sh ROUTE ROOT
#
# /etc/grub.d/20_linux_xen (Debian's grub-common; Fedora ships the same
# upstream script) makes a "with Xen hypervisor" entry for every file it
# finds as /boot/xen*.  This runs that script, as installed on this
# machine, with /boot replaced by a scratch directory holding everything
# ROOT/boot holds (what ROUTE, deb or rpm, installed there), a Linux
# kernel whose config has CONFIG_XEN_DOM0=y (the script lists nothing
# without one) and a stand-in Xen image /boot/xen-4.17-amd64.gz, and
# checks:
#   ROUTE-grub-linux-xen   the script ran, offered the stand-in Xen image
#                          (so it did look at this /boot), offered no other
#                          file as a hypervisor and printed no warning
# The scratch directory is bind-mounted on /boot in a private mount
# namespace (unshare); where that is not possible the script runs from a
# copy whose "/boot/" paths name the scratch directory instead, and the
# result says so.  Without the script, grub-mkconfig_lib or grub-mkrelpath
# the check is a SKIP.
set -u
route=$1
root=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build/out/packaging/linux-xen-$route
name=packaging/$route-grub-linux-xen
script=/etc/grub.d/20_linux_xen
lib=/usr/share/grub/grub-mkconfig_lib
xen=xen-4.17-amd64.gz
kver=6.1.0-0-amd64

for f in "$script" "$lib"; do
    if [ ! -f "$f" ]; then
        echo "SKIP: $name ($f not installed)"
        exit 0
    fi
done
if ! command -v grub-mkrelpath >/dev/null 2>&1; then
    echo "SKIP: $name (grub-mkrelpath not installed)"
    exit 0
fi
if [ -z "$(ls -A "$root/boot" 2>/dev/null)" ]; then
    echo "FAIL: $name (the $route route installed nothing in /boot)"
    exit 1
fi

rm -rf "$work"
mkdir -p "$work/boot"
cp -a "$root/boot/." "$work/boot/"
: >"$work/boot/vmlinuz-$kver"
echo CONFIG_XEN_DOM0=y >"$work/boot/config-$kver"
echo "stand-in Xen image" >"$work/boot/$xen"
# No device of this test is known to grub-probe: a probe that finds
# nothing, as for a device GRUB cannot read.
printf '#!/bin/sh\nexit 1\n' >"$work/grub-probe"
chmod +x "$work/grub-probe"

# run_script SCRIPT: SCRIPT's output as grub-mkconfig would collect it.
run_script() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C \
        pkgdatadir=/usr/share/grub grub_probe="$work/grub-probe" \
        GRUB_DEVICE=/dev/xenith-test-root \
        GRUB_DEVICE_BOOT=/dev/xenith-test-root \
        sh "$1" >"$work/out.cfg" 2>"$work/err.log"
}
export -f run_script
export work
how="$script with the scratch directory bind-mounted on /boot"
if unshare -rm sh -c 'mount --bind "$1" /boot' sh "$work/boot" 2>/dev/null; then
    unshare -rm bash -c 'mount --bind "$work/boot" /boot && cd / &&
        run_script "$0"' "$script"
    rc=$?
else
    how="a copy of $script reading the scratch directory for /boot"
    sed "s|/boot/|$work/boot/|g" "$script" >"$work/20_linux_xen"
    run_script "$work/20_linux_xen"
    rc=$?
fi

# The files the output loads as a hypervisor.
loader='^[[:space:]]*(multiboot2?|xen_hypervisor)[[:space:]]+([^[:space:]]+).*'
loaded=$(sed -n -E "s/$loader/\2/p" "$work/out.cfg" | sed 's|.*/||' |
    LC_ALL=C sort -u)
others=$(grep -vx "$xen" <<<"$loaded" | tr '\n' ' ')
warnings=$(grep -i 'warning' "$work/err.log" | head -n 3 | tr '\n' ' ')
if [ "$rc" != 0 ]; then
    why="$script exited $rc (see $work/err.log)"
elif ! grep -qx "$xen" <<<"$loaded"; then
    why="$script did not offer the stand-in $xen: it did not read the scratch /boot"
elif [ -n "$others" ]; then
    why="$script offers as Xen hypervisors: ${others% }"
elif [ -n "$warnings" ]; then
    why="$script warns: ${warnings% }"
else
    echo "PASS: $name ($how)"
    exit 0
fi
echo "FAIL: $name ($why; $how)"
exit 1
