#!/usr/bin/env bash
# Boot the packaged hypervisor through the packaged GRUB entry.
#
#   grub-boot.sh
#
# Unpacks build/packages/xenith-hypervisor_<version>_*.deb into a staging
# tree mounted on a tmpfs (so that GRUB paths are relative to it, as on a
# real /boot file system), adds a test guest kernel (core/tests/guests
# "boot") as /boot/vmlinuz-<name> with an initramfs beside it, runs the
# package's /etc/grub.d/20_linux_xenith with the package's
# /etc/default/xenith (XENITH_CMDLINE set to a serial console and
# xenith_selftest=poweroff), makes a GRUB rescue CD image whose grub.cfg is
# that output, boots it under QEMU, and checks on the serial console that:
#   grub-boot-menu     GRUB ran the generated entry ("Loading Xenith ...")
#   grub-boot-loader   Xenith was started by GRUB with multiboot2
#   grub-boot-cmdline  the hypervisor command line is XENITH_CMDLINE, with
#                      the leading "placeholder" word not taken as an option
#   grub-boot-modules  the kernel and the initramfs arrived as modules 0
#                      and 1, the kernel with the dom0 command line
#   grub-boot-booted   Xenith booted and powered the machine off
# Needs root (tmpfs mount), grub-mkrescue with grub-pc-bin, xorriso and
# qemu-system-x86_64; without them each check is a SKIP.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
work=$top/build/out/packaging-boot
checks="menu loader cmdline modules booted"
version=$(cat VERSION)

skip_all() {
    for c in $checks; do
        echo "SKIP: packaging/grub-boot-$c ($1)"
    done
    exit 0
}
fail_all() {
    for c in $checks; do
        echo "FAIL: packaging/grub-boot-$c ($1)"
    done
    exit 1
}

[ "$(id -u)" = 0 ] || skip_all "needs root to mount a tmpfs"
for tool in grub-mkrescue xorriso qemu-system-x86_64 grub-mkrelpath; do
    command -v $tool >/dev/null 2>&1 || skip_all "$tool not installed"
done
[ -d /usr/lib/grub/i386-pc ] || skip_all "grub-pc-bin not installed"

deb=$(ls build/packages/xenith-hypervisor_"${version}"_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail_all "no xenith-hypervisor .deb in build/packages; run make deb"
rm -rf "$work"
mkdir -p "$work/stage"
# The test guests' own build and tests are judged elsewhere; an earlier
# build of the guest serves when the tree's guests do not build right now.
guest=build/out/guests/boot.elf
make -s -C core/tests/guests all >"$work/guests.log" 2>&1 || [ -f "$guest" ] ||
    fail_all "cannot build the test guests (see $work/guests.log)"

mount -t tmpfs -o size=64m xenith-grub-boot "$work/stage" || skip_all "cannot mount a tmpfs"
trap 'umount "$work/stage"' EXIT
stage=$work/stage
dpkg-deb -x "$deb" "$stage" || fail_all "dpkg-deb -x $deb failed"
cp "$guest" "$stage/boot/vmlinuz-testguest-boot"
echo "initramfs stand-in" >"$stage/boot/initrd.img-testguest-boot"

hv_args="console=com1 com1=115200,8n1 loglvl=all xenith_selftest=poweroff"
sed -e "s|^XENITH_CMDLINE=.*|XENITH_CMDLINE=\"$hv_args\"|" \
    -e 's|^XENITH_DOM0_CMDLINE=.*|XENITH_DOM0_CMDLINE="console=hvc0"|' \
    "$stage/etc/default/xenith" >"$work/defaults"
grep -q "^XENITH_CMDLINE=\"$hv_args\"" "$work/defaults" ||
    fail_all "the packaged /etc/default/xenith has no XENITH_CMDLINE line"

mkdir -p "$stage/boot/grub"
{
    echo 'set timeout=0'
    echo 'set default=0'
    echo 'menuentry_id_option="--id"'
    echo 'serial --unit=0 --speed=115200'
    echo 'terminal_input serial console'
    echo 'terminal_output serial console'
    GRUB_DEVICE=/dev/xenith-test-root GRUB_DISTRIBUTOR=Test \
        XENITH_BOOT_DIR=$stage/boot XENITH_DEFAULTS=$work/defaults \
        sh "$stage/etc/grub.d/20_linux_xenith" 2>"$work/snippet.err"
} >"$work/grub.cfg" || fail_all "20_linux_xenith failed (see $work/snippet.err)"
cp "$work/grub.cfg" "$stage/boot/grub/grub.cfg"
grub-mkrescue -o "$work/boot.iso" "$stage" >"$work/mkrescue.log" 2>&1 ||
    fail_all "grub-mkrescue failed (see $work/mkrescue.log)"

timeout -k 5 180 qemu-system-x86_64 -machine q35 -cpu qemu64 -m 1G -smp 2 \
    -display none -monitor none -no-reboot -serial "file:$work/serial.log" \
    -cdrom "$work/boot.iso" -boot d </dev/null >"$work/qemu.out" 2>&1
rc=$?
log=$(tr -d '\r' <"$work/serial.log")

failed=0
# verdict NAME OK? WHY
verdict() {
    if [ "$2" = 0 ]; then
        echo "PASS: packaging/grub-boot-$1"
    else
        echo "FAIL: packaging/grub-boot-$1 ($3; log: $work/serial.log)"
        failed=1
    fi
}
has() { grep -qE -- "$1" <<<"$log"; }

has "Loading Xenith $version" && has "Loading Linux testguest-boot"
verdict menu $? "GRUB did not run the generated entry"
has "Boot loader: multiboot2"
verdict loader $? "no 'Boot loader: multiboot2' line"
has "Command line: placeholder $hv_args\$" && ! has "option 'placeholder'"
verdict cmdline $? "command line not 'placeholder $hv_args' or placeholder taken as an option"
has 'Module 0: .*"placeholder root=/dev/xenith-test-root ro console=hvc0"' &&
    has "Module 1: "
verdict modules $? "kernel or initramfs module missing or with the wrong command line"
has "Xenith $version booted:" && [ "$rc" = 0 ]
verdict booted $? "Xenith did not boot and power off (QEMU exit $rc)"
exit $failed
