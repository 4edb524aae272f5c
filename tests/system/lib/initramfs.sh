#!/usr/bin/env bash
# Build a gzip-compressed cpio initramfs around busybox-static.
#
# Usage: initramfs.sh OUT [--modules "m1 m2"] [--bin PATH[:DEST]]... [--file SRC:DEST]...
#                        [--libpath LD_LIBRARY_PATH] [--script PATH]
#   --modules  kernel modules of Debian's kernel, loaded at boot in dependency order
#              (dependencies resolved from modules.dep)
#   --bin      an executable; it and the shared libraries it needs (found with ldd,
#              also in --libpath) are copied in; DEST defaults to /usr/bin/NAME
#   --file     any file copied to DEST
#   --script   the test's shell script, run by the standard /init as /test.sh
# The standard /init mounts /proc, /sys, /dev, /proc/xen (xenfs) when present,
# loads the modules, runs /test.sh, prints "INIT: test.sh exit N" and powers off.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=assets.sh
. "$HERE/assets.sh"

ifs_die() {
    echo "initramfs: $*" >&2
    exit 1
}

# Print the module files (relative to the modules dir) to load, in load order.
ifs_resolve_modules() {
    local moddir=$1
    shift
    local want dep_line file deps d seen=" "
    for want in "$@"; do
        local norm=${want//-/_}
        dep_line=$(awk -F: -v n="$norm" '{
                f = $1; sub(/.*\//, "", f); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", f);
                gsub(/-/, "_", f); if (f == n) { print; exit } }' "$moddir/modules.dep")
        [ -n "$dep_line" ] || ifs_die "module '$want' not found in $moddir/modules.dep"
        file=${dep_line%%:*}
        deps=${dep_line#*:}
        # modules.dep lists dependencies so that the last one loads first.
        for d in $(echo "$deps" | tr ' ' '\n' | tac); do
            case "$seen" in *" $d "*) ;; *) echo "$d"; seen="$seen$d " ;; esac
        done
        case "$seen" in *" $file "*) ;; *) echo "$file"; seen="$seen$file " ;; esac
    done
}

ifs_copy_with_libs() {
    local src=$1 dest=$2 root=$3 libpath=$4 lib
    [ -f "$src" ] || ifs_die "no such file: $src"
    mkdir -p "$root$(dirname "$dest")"
    cp -L "$src" "$root$dest"
    # Static binaries and scripts have no libraries to bring.
    if file -L "$src" 2>/dev/null | grep -q 'dynamically linked'; then
        for lib in $(LD_LIBRARY_PATH=$libpath ldd "$src" | awk '
                /=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}'); do
            mkdir -p "$root$(dirname "$lib")"
            [ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
        done
        if LD_LIBRARY_PATH=$libpath ldd "$src" | grep -q 'not found'; then
            ifs_die "$src needs libraries that were not found: $(LD_LIBRARY_PATH=$libpath ldd "$src" | grep 'not found' | tr -s ' \t' ' ')"
        fi
    fi
}

initramfs_build() {
    local out=$1
    shift
    local modules="" libpath="" script="" bins=() files=()
    while [ $# -gt 0 ]; do
        case "$1" in
        --modules) modules=$2; shift 2 ;;
        --bin) bins+=("$2"); shift 2 ;;
        --file) files+=("$2"); shift 2 ;;
        --libpath) libpath=$2; shift 2 ;;
        --script) script=$2; shift 2 ;;
        *) ifs_die "unknown option $1" ;;
        esac
    done
    local root=$out.root bb moddir m
    rm -rf "$root"
    mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,lib/modules,usr/bin,usr/sbin}
    bb=$(assets_root busybox-static)/bin/busybox || exit 1
    cp "$bb" "$root/bin/busybox"
    cp "$HERE/init" "$root/init"
    chmod 755 "$root/init"
    : >"$root/etc/modules.order"
    if [ -n "$modules" ]; then
        moddir=$(assets_modules) || exit 1
        local order
        order=$(ifs_resolve_modules "$moddir" $modules) || exit 1
        for m in $order; do
            mkdir -p "$root/lib/modules/$(dirname "$m")"
            cp "$moddir/$m" "$root/lib/modules/$m"
            echo "/lib/modules/$m" >>"$root/etc/modules.order"
        done
    fi
    local b src dest
    for b in "${bins[@]}"; do
        src=${b%%:*}
        dest=${b#*:}
        [ "$dest" = "$b" ] && dest=/usr/bin/$(basename "$src")
        ifs_copy_with_libs "$src" "$dest" "$root" "$libpath"
    done
    for b in "${files[@]}"; do
        src=${b%%:*}
        dest=${b#*:}
        [ -e "$src" ] || ifs_die "no such file: $src"
        mkdir -p "$root$(dirname "$dest")"
        cp -a "$src" "$root$dest"
    done
    if [ -n "$script" ]; then
        cp "$script" "$root/test.sh"
        chmod 755 "$root/test.sh"
    fi
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
        gzip -1 >"$out.tmp" || ifs_die "cpio failed"
    mv "$out.tmp" "$out"
    rm -rf "$root"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    [ $# -ge 1 ] || ifs_die "usage: initramfs.sh OUT [options]"
    initramfs_build "$@"
fi
