#!/bin/sh
# Run grub.d/20_linux_xenith the way grub-mkconfig does, against a small
# ext2 file system mounted from a loop device, and check what it prints:
#   grub-snippet-entries   the menu matches grub-snippet.expected
#   grub-snippet-syntax    grub-script-check accepts the menu
#   grub-snippet-disabled  XENITH_GRUB_DISABLE=true prints nothing
#   grub-snippet-empty     no hypervisor image: prints nothing, exit 0
#   grub-snippet-nosubmenu GRUB_DISABLE_SUBMENU=true: every entry at the top
#   grub-snippet-nouuid    GRUB_DISABLE_LINUX_UUID=true: root= the device
# The lines that find the boot device (insmod part_*, search ...) depend
# on the machine's disks and are not compared.  Needs root, losetup,
# mkfs.ext2 and grub-script-check; without them each check is a SKIP.
# Environment: OUT, a scratch directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
script=$here/../grub.d/20_linux_xenith
out=${OUT:?OUT must name a scratch directory}/grub-snippet
uuid=2f6d1c0e-5a4b-4c3d-9e8f-0123456789ab
checks="entries syntax disabled empty nosubmenu nouuid"

skip_all() {
    for c in $checks; do
        echo "SKIP: unit/etc/grub-snippet-$c ($1)"
    done
    exit 0
}

[ "$(id -u)" = 0 ] || skip_all "needs root to mount a loop device"
for tool in losetup mkfs.ext2 mount grub-script-check grub-mkrelpath; do
    command -v $tool >/dev/null 2>&1 || skip_all "$tool not installed"
done

rm -rf "$out"
mkdir -p "$out/mnt"
truncate -s 8M "$out/disk.img"
mkfs.ext2 -q -F -U $uuid "$out/disk.img" || skip_all "mkfs.ext2 failed"
dev=$(losetup -f --show "$out/disk.img" 2>/dev/null) ||
    skip_all "no free loop device"
if ! mount "$dev" "$out/mnt"; then
    losetup -d "$dev"
    skip_all "cannot mount $dev"
fi
trap 'umount "$out/mnt"; losetup -d "$dev"' EXIT

mkdir "$out/mnt/boot"
# The version-independent link and the symbol file are not images of
# their own and get no entries.
for f in hypervisor-xenith-0.1.0.gz hypervisor-xenith-0.2.0.gz \
    hypervisor-xenith.gz hypervisor-xenith-syms-0.2.0 vmlinuz-6.1.0-9-amd64 \
    vmlinuz-6.1.0-10-amd64 initrd.img-6.1.0-10-amd64 \
    vmlinuz-6.1.0-9-amd64.dpkg-bak; do
    echo "not a real image" >"$out/mnt/boot/$f"
done
cat >"$out/defaults" <<'EOT'
XENITH_CMDLINE="dom0_mem=1G loglvl=all"
XENITH_DOM0_CMDLINE="earlyprintk=xen"
EOT

# run_snippet BOOT_DIR DEFAULTS: the script's output, as grub-mkconfig
# would collect it.
run_snippet() {
    GRUB_DEVICE=$dev GRUB_DEVICE_BOOT=$dev GRUB_DEVICE_UUID=$uuid \
        GRUB_DISTRIBUTOR=Debian GRUB_CMDLINE_LINUX="console=hvc0" \
        GRUB_CMDLINE_LINUX_DEFAULT=quiet XENITH_BOOT_DIR=$1 \
        XENITH_DEFAULTS=$2 sh "$script" 2>>"$out/stderr.log"
}

fail=0
verdict() {
    if [ "$2" = ok ]; then
        echo "PASS: unit/etc/grub-snippet-$1"
    else
        echo "FAIL: unit/etc/grub-snippet-$1 ($2)"
        fail=1
    fi
}

if run_snippet "$out/mnt/boot" "$out/defaults" >"$out/menu.cfg"; then
    # Drop each entry's device-access lines: everything between the
    # menuentry line and "insmod gzio".
    awk '/menuentry /{print; skip=1; next} /insmod gzio/{skip=0} !skip' \
        "$out/menu.cfg" >"$out/menu.cmp"
    if diff -u "$here/grub-snippet.expected" "$out/menu.cmp" >"$out/diff"; then
        verdict entries ok
    else
        cat "$out/diff"
        verdict entries "menu differs from grub-snippet.expected"
    fi
    if grub-script-check "$out/menu.cfg"; then
        verdict syntax ok
    else
        verdict syntax "grub-script-check rejects $out/menu.cfg"
    fi
else
    verdict entries "script failed, see $out/stderr.log"
    verdict syntax "script failed"
fi

echo 'XENITH_GRUB_DISABLE=true' >"$out/defaults.off"
if run_snippet "$out/mnt/boot" "$out/defaults.off" >"$out/off.cfg" &&
    [ ! -s "$out/off.cfg" ]; then
    verdict disabled ok
else
    verdict disabled "entries printed although disabled"
fi

mkdir "$out/mnt/empty"
cp "$out/mnt/boot/vmlinuz-6.1.0-10-amd64" "$out/mnt/empty/"
if run_snippet "$out/mnt/empty" "$out/defaults" >"$out/empty.cfg" &&
    [ ! -s "$out/empty.cfg" ]; then
    verdict empty ok
else
    verdict empty "output or failure without a hypervisor image"
fi
GRUB_DISABLE_SUBMENU=true run_snippet "$out/mnt/boot" "$out/defaults" \
    >"$out/flat.cfg"
entries=$(grep -c '^menuentry ' "$out/flat.cfg")
if [ "$entries" = 5 ] && ! grep -q submenu "$out/flat.cfg"; then
    verdict nosubmenu ok
else
    verdict nosubmenu "expected 5 top-level entries and no submenu, got $entries"
fi

GRUB_DISABLE_LINUX_UUID=true run_snippet "$out/mnt/boot" "$out/defaults" \
    >"$out/nouuid.cfg"
if grep -q "placeholder root=$dev ro " "$out/nouuid.cfg" &&
    ! grep -q 'root=UUID=' "$out/nouuid.cfg"; then
    verdict nouuid ok
else
    verdict nouuid "dom0 root is not $dev"
fi
exit $fail
