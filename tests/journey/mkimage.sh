#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the Debian 12 disk image of the administrator's journey, once.
#
#   tests/journey/mkimage.sh [--force]    print the image's path
#
# The image is a plain Debian 12 server: linux-image-amd64, systemd, GRUB
# for BIOS (grub-pc) and UEFI (grub-efi-amd64-bin, installed as the
# removable-media loader EFI/BOOT/BOOTX64.EFI, which OVMF starts), ifupdown
# with the bridge xenbr0 over eth0 (the recipe in docs/networking.md),
# iproute2, bridge-utils, iputils-ping.  root's password is "xenith"; the
# kernel and GRUB talk on the first serial port.  apt's only source is the
# journey's local repository (file:/ or http:// given at install time), so
# the image's /etc/apt/sources.list is empty.
#
# Disk layout (GPT, 4 GiB, sparse): 1 MiB BIOS boot partition, 63 MiB EFI
# system partition (vfat, /boot/efi), the rest ext4 (/).  The root file
# system is made by mmdebstrap into a directory and written with
# `mkfs.ext4 -d`, so nothing is mounted on the host; GRUB is installed by
# the image's own grub-install in a first boot under QEMU (direct kernel
# boot with init= a one-shot script), which also runs update-grub.
#
# Packages come from the mirror in the host's apt sources.  The result is
# cached in $XENITH_CACHE/journey/ (debian12.img, debian12.status: the
# image's dpkg status, used to find the packages it lacks), and reused
# until it is deleted or --force is given.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${XENITH_CACHE:-$top/build/cache}/journey
img=$cache/debian12.img
force=
[ "${1:-}" = --force ] && force=1

die() {
    echo "mkimage: $*" >&2
    exit 1
}

if [ -z "$force" ] && [ -s "$img" ] && [ -s "$cache/debian12.status" ]; then
    echo "$img"
    exit 0
fi
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap keeps file ownership)"
for t in mmdebstrap mkfs.ext4 mkfs.vfat sfdisk qemu-system-x86_64; do
    command -v $t >/dev/null || die "$t not installed (run make deps)"
done

# The host's apt sources, as mmdebstrap reads them (deb822 or one-line).
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] && grep -qE '^[^#]*(deb |URIs:)' "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || die "no apt sources on this machine to fetch Debian from"

start=$SECONDS
work=$cache/work
rm -rf "$work"
mkdir -p "$work"
root=$work/root
pkgs=systemd,systemd-sysv,udev,dbus,linux-image-amd64,initramfs-tools
pkgs=$pkgs,grub-pc,grub-efi-amd64-bin,ifupdown,isc-dhcp-client,iproute2
pkgs=$pkgs,bridge-utils,iputils-ping,procps,kmod,less,dosfstools
echo "mkimage: mmdebstrap Debian 12 into $root" >&2
# The host's sources, not a URL, so the mirror is whatever this machine
# uses; the image's own sources.list is emptied afterwards.
mmdebstrap --variant=minbase --include="$pkgs" \
    --customize-hook='rm -f "$1"/etc/apt/sources.list "$1"/etc/apt/sources.list.d/*' \
    bookworm "$root" "${sources[@]}" >"$work/mmdebstrap.log" 2>&1 ||
    {
        tail -n 20 "$work/mmdebstrap.log" >&2
        die "mmdebstrap failed (log: $work/mmdebstrap.log)"
    }
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*_Packages

esp_uuid=$(printf '%04X-%04X' $((RANDOM % 65536)) $((RANDOM % 65536)))
root_uuid=$(cat /proc/sys/kernel/random/uuid)
echo journey >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tjourney\n' >"$root/etc/hosts"
cat >"$root/etc/fstab" <<EOF
UUID=$root_uuid / ext4 errors=remount-ro 0 1
UUID=$esp_uuid /boot/efi vfat umask=0077 0 1
EOF
mkdir -p "$root/boot/efi"
echo 'root:xenith' | chroot "$root" chpasswd
# Bridge xenbr0 over eth0, by DHCP (QEMU's user network).
cat >"$root/etc/network/interfaces" <<'EOF'
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

iface eth0 inet manual

auto xenbr0
iface xenbr0 inet dhcp
	bridge_ports eth0
	bridge_stp off
	bridge_fd 0
	bridge_maxwait 0
EOF
# GRUB and the kernel on the serial port; one second of menu.
cat >"$root/etc/default/grub" <<'EOF'
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=tty0 console=ttyS0,115200n8 net.ifnames=0"
GRUB_TERMINAL="serial console"
GRUB_SERIAL_COMMAND="serial --speed=115200 --unit=0 --word=8 --parity=no --stop=1"
GRUB_DISABLE_OS_PROBER=true
EOF
# The first boot: install GRUB for both firmwares and write grub.cfg.
cat >"$root/usr/local/sbin/journey-finish" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -o remount,rw /
mount /boot/efi
echo "journey-finish: installing GRUB"
grub-install --target=i386-pc /dev/vda &&
    grub-install --target=x86_64-efi --efi-directory=/boot/efi --removable \
        --no-nvram --no-uefi-secure-boot &&
    update-grub && rm -f /usr/local/sbin/journey-finish &&
    echo "journey-finish: done"
umount /boot/efi
sync
echo u >/proc/sysrq-trigger
sleep 2
echo o >/proc/sysrq-trigger
exec sleep 60
EOF
chmod 755 "$root/usr/local/sbin/journey-finish"
kver=$(basename "$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n 1)")
kver=${kver#vmlinuz-}
cp "$root/boot/vmlinuz-$kver" "$root/boot/initrd.img-$kver" "$work/"
chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' | sort >"$work/packages"
cp "$root/var/lib/dpkg/status" "$work/status"

# Partitions: BIOS boot 1-2 MiB, ESP 2-64 MiB, root 64 MiB-end.
disk=$work/disk.img
size_mib=4096
rm -f "$disk"
truncate -s ${size_mib}M "$disk"
sfdisk -q "$disk" <<EOF
label: gpt
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, name=bios
start=4096, size=126976, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp
start=131072, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=root
EOF
truncate -s 62M "$work/esp.img"
mkfs.vfat -F 32 -i "${esp_uuid/-/}" -n ESP "$work/esp.img" >/dev/null
dd if="$work/esp.img" of="$disk" bs=1M seek=2 conv=notrunc,sparse status=none
root_mib=$((size_mib - 64 - 1))
mkfs.ext4 -q -F -L journey-root -U "$root_uuid" -d "$root" "$work/root.img" ${root_mib}M ||
    die "mkfs.ext4 -d failed"
dd if="$work/root.img" of="$disk" bs=1M seek=64 conv=notrunc,sparse status=none
rm -f "$work/esp.img" "$work/root.img"
rm -rf "$root"

echo "mkimage: first boot: grub-install and update-grub in the image" >&2
timeout 900 qemu-system-x86_64 -machine q35 -cpu qemu64 -m 1G -smp 2 \
    -nographic -no-reboot -nic none \
    -drive file="$disk",format=raw,if=virtio \
    -kernel "$work/vmlinuz-$kver" -initrd "$work/initrd.img-$kver" \
    -append "root=UUID=$root_uuid ro console=ttyS0,115200n8 init=/usr/local/sbin/journey-finish panic=-1" \
    </dev/null >"$work/finish.log" 2>&1 || true
grep -q 'journey-finish: done' "$work/finish.log" || {
    tail -n 20 "$work/finish.log" >&2
    die "first boot did not install GRUB (log: $work/finish.log)"
}
mv "$work/status" "$cache/debian12.status"
mv "$work/packages" "$cache/debian12.packages"
mv "$disk" "$img"
echo "mkimage: $img built in $((SECONDS - start))s, $(du -m "$img" | cut -f1) MiB used" >&2
echo "$img"
