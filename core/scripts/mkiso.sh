#!/usr/bin/env bash
# Build a bootable CD image in which GRUB loads Xenith with multiboot2, as an
# installed system does ("multiboot2 /boot/hypervisor-xenith.gz").  The image
# boots on BIOS and on UEFI firmware (e.g. OVMF) for every GRUB platform
# installed.
#
# Usage: mkiso.sh [-o OUT.iso] [-a "HYPERVISOR ARGS"] XENITH.gz [MODULE[:ARGS]]...
#   -o OUT.iso   output file (default: xenith.iso)
#   -a ARGS      hypervisor command line
#                (default: "console=com1 com1=115200,8n1 loglvl=all")
#   MODULE       files passed as multiboot2 modules, in order (dom0 kernel,
#                initrd, ...); text after a colon is the module's command line
#
# Needs grub-mkrescue with platform files for BIOS (Debian: grub-pc-bin)
# and/or UEFI (grub-efi-amd64-bin), xorriso and mtools.  Exit status: 0 on
# success, 1 on error (one message).
set -euo pipefail

out=xenith.iso
args="console=com1 com1=115200,8n1 loglvl=all"
die() { echo "mkiso.sh: $*" >&2; exit 1; }

while getopts "o:a:h" opt; do
    case $opt in
    o) out=$OPTARG ;;
    a) args=$OPTARG ;;
    h) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "bad option (see -h)" ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: mkiso.sh [-o OUT.iso] [-a ARGS] XENITH.gz [MODULE[:ARGS]]..."
hv=$1
shift
[ -r "$hv" ] || die "cannot read hypervisor image '$hv'"
command -v grub-mkrescue >/dev/null || die "grub-mkrescue not found"
ls -d /usr/lib/grub/i386-pc /usr/lib/grub/x86_64-efi >/dev/null 2>&1 || ls -d /usr/lib/grub/i386-pc >/dev/null 2>&1 || ls -d /usr/lib/grub/x86_64-efi >/dev/null 2>&1 ||
    die "no GRUB platform files (install grub-pc-bin or grub-efi-amd64-bin)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$hv" "$stage/boot/hypervisor-xenith.gz"

{
    echo "set timeout=0"
    echo "set default=0"
    echo "serial --unit=0 --speed=115200"
    echo "terminal_input serial console"
    echo "terminal_output serial console"
    echo "menuentry 'Xenith' {"
    echo "    multiboot2 /boot/hypervisor-xenith.gz $args"
    i=0
    for m in "$@"; do
        file=${m%%:*}
        margs=""
        [ "$file" != "$m" ] && margs=${m#*:}
        [ -r "$file" ] || die "cannot read module '$file'"
        cp "$file" "$stage/boot/module$i"
        echo "    module2 /boot/module$i $(basename "$file") $margs"
        i=$((i + 1))
    done
    echo "}"
} >"$stage/boot/grub/grub.cfg"

grub-mkrescue -o "$out" "$stage" >/dev/null 2>&1 ||
    die "grub-mkrescue failed"
echo "$out"
