#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /etc/default/grub.d/xenith.cfg, sourced as grub-mkconfig sources it
# after /etc/default/grub: GRUB_DEFAULT becomes the top-level Xenith
# entry's id (the one 20_linux_xenith writes) only when
# XENITH_GRUB_DEFAULT=true and a Xenith image is installed, and is left
# alone otherwise; the snippet leaves no variable of its own behind.
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/boot"
failed=0

# case WHAT SETTING IMAGE WANT: GRUB_DEFAULT after sourcing the snippet
# with XENITH_GRUB_DEFAULT=SETTING, with or without a hypervisor image.
case_() {
    printf 'XENITH_GRUB_DEFAULT="%s"\n' "$2" >"$work/xenith"
    rm -f "$work/boot"/*
    [ "$3" = yes ] && : >"$work/boot/hypervisor-xenith-1.0.gz"
    got=$(
        GRUB_DEFAULT=0
        GRUB_DEVICE=/dev/vda1
        GRUB_DEVICE_UUID=1234-abcd
        XENITH_DEFAULTS=$work/xenith
        XENITH_BOOT_DIR=$work/boot
        . "$here/default/grub.d/xenith.cfg"
        echo "$GRUB_DEFAULT${xenith_grub_default+ (leaked)}"
    )
    if [ "$got" = "$4" ]; then
        echo "PASS: unit/etc/grub-default-$1"
    else
        echo "FAIL: unit/etc/grub-default-$1 (GRUB_DEFAULT=$got, want $4)"
        failed=1
    fi
}
case_ set true yes xenith-gnulinux-simple-1234-abcd
case_ unset "" yes 0
case_ no-image true no 0
case_ other-value yes yes 0
# The id the snippet names is the one the GRUB script gives its entry.
if grep -q '"xenith-gnulinux-simple-$entry_id_tail"' "$here/grub.d/20_linux_xenith" &&
    grep -q 'entry_id_tail=${GRUB_DEVICE_UUID:-$GRUB_DEVICE}' "$here/grub.d/20_linux_xenith"; then
    echo "PASS: unit/etc/grub-default-entry-id"
else
    echo "FAIL: unit/etc/grub-default-entry-id (20_linux_xenith names its entry differently)"
    failed=1
fi
exit $failed
