#!/usr/bin/env bash
# Debian assets for the test bed, fetched with `apt-get download` into a cache
# outside git and unpacked with `dpkg -x`.  A second run reuses the cache and
# downloads nothing.
#
# Usage (as a command):
#   assets.sh fetch [SET...]      fetch and unpack a set (default: base)
#   assets.sh root PKG            print the unpacked root of one package (fetches it)
#   assets.sh kernel              print the path of Debian's Linux vmlinuz
#   assets.sh modules             print the kernel's /lib/modules/<version> directory
#   assets.sh xen417              print the path of Xen 4.17 as a multiboot ELF
#   assets.sh libpath SET         print a LD_LIBRARY_PATH for a set's shared libraries
# Sets:
#   base      linux-image-amd64's kernel + modules, busybox-static, Xen 4.17 hypervisor
#   xenstore  xenstore-utils 4.17 and its libraries
#   xentools  xen-utils-4.17 (xenstored, oxenstored, xl) and its libraries
#   xendev    libxen-dev: Xen 4.17's public headers (tests/abi compares layouts)
#
# The cache lives in $XENITH_CACHE (default: <project>/build/cache).
# Exit status: 0 on success; 1 with one clear message on stderr on failure.

set -u
ASSETS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
CACHE=${XENITH_CACHE:-$ASSETS_TOP/build/cache}
DEBS=$CACHE/debs
ROOTS=$CACHE/root
RESOLVED=$CACHE/resolved

SET_base="linux-image-amd64 busybox-static xen-hypervisor-4.17-amd64"
SET_xenstore="xenstore-utils libxenstore4 libxentoolcore1"
SET_xentools="xen-utils-4.17 xen-utils-common xenstore-utils libxenstore4 libxentoolcore1
 libxenmisc4.17 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
 libxentoollog1 libxendevicemodel1 libxenhypfs1 libyajl2"
SET_xendev="libxen-dev"

assets_die() {
    echo "assets: $*" >&2
    exit 1
}

# Metapackages resolve to the real package once; the answer is cached.
assets_resolve() {
    local pkg=$1 real
    case "$pkg" in
    linux-image-amd64) ;;
    *)
        echo "$pkg"
        return 0
        ;;
    esac
    if [ -s "$RESOLVED/$pkg" ]; then
        cat "$RESOLVED/$pkg"
        return 0
    fi
    real=$(apt-cache depends "$pkg" 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    if [ -z "$real" ]; then
        assets_apt_update
        real=$(apt-cache depends "$pkg" 2>/dev/null |
            awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    fi
    [ -n "$real" ] || assets_die "cannot resolve $pkg with apt-cache (no package lists?)"
    mkdir -p "$RESOLVED"
    echo "$real" >"$RESOLVED/$pkg"
    echo "$real"
}

ASSETS_UPDATED=0
assets_apt_update() {
    [ "$ASSETS_UPDATED" = 1 ] && return 0
    ASSETS_UPDATED=1
    echo "assets: refreshing package lists (apt-get update)" >&2
    timeout 600 apt-get update -q >/dev/null 2>&1 ||
        echo "assets: apt-get update failed" >&2
}

# Download one package's .deb into the cache unless it is there already.
assets_download() {
    local pkg=$1 deb
    deb=$(ls "$DEBS/${pkg}_"*.deb 2>/dev/null | head -n 1)
    if [ -n "$deb" ]; then
        echo "$deb"
        return 0
    fi
    mkdir -p "$DEBS"
    echo "assets: downloading $pkg" >&2
    if ! (cd "$DEBS" && timeout 600 apt-get download -q "$pkg" >/dev/null 2>&1); then
        assets_apt_update
        (cd "$DEBS" && timeout 600 apt-get download -q "$pkg" >/dev/null 2>&1) ||
            assets_die "apt-get download $pkg failed (network or package name?)"
    fi
    deb=$(ls "$DEBS/${pkg}_"*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || assets_die "apt-get download $pkg produced no .deb"
    echo "$deb"
}

# Print the unpacked root of a package, downloading and unpacking as needed.
assets_root() {
    local pkg real deb dir
    pkg=$1
    real=$(assets_resolve "$pkg") || exit 1
    dir=$ROOTS/$real
    if [ -f "$dir/.unpacked" ]; then
        echo "$dir"
        return 0
    fi
    deb=$(assets_download "$real") || exit 1
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    dpkg -x "$deb" "$dir.tmp" || assets_die "dpkg -x $deb failed"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
    touch "$dir/.unpacked"
    echo "$dir"
}

assets_set() {
    local var="SET_$1"
    [ -n "${!var:-}" ] || assets_die "unknown asset set '$1' (base, xenstore, xentools, xendev)"
    echo "${!var}"
}

assets_fetch() {
    local set pkg
    for set in "${@:-base}"; do
        for pkg in $(assets_set "$set"); do
            assets_root "$pkg" >/dev/null || exit 1
        done
    done
}

assets_kernel() {
    local root k
    root=$(assets_root linux-image-amd64) || exit 1
    k=$(ls "$root"/boot/vmlinuz-* 2>/dev/null | head -n 1)
    [ -n "$k" ] || assets_die "no vmlinuz in $root"
    echo "$k"
}

assets_modules() {
    local root m
    root=$(assets_root linux-image-amd64) || exit 1
    m=$(ls -d "$root"/lib/modules/* 2>/dev/null | head -n 1)
    [ -n "$m" ] || assets_die "no modules in $root"
    # The package leaves modules.dep to be made at install time.
    if [ ! -s "$m/modules.dep" ]; then
        command -v depmod >/dev/null || assets_die "depmod not found (package kmod; run make deps)"
        depmod -b "$root" "$(basename "$m")" || assets_die "depmod failed for $m"
    fi
    echo "$m"
}

# QEMU's multiboot loader takes an uncompressed ELF, so keep one beside it.
assets_xen417() {
    local root out
    root=$(assets_root xen-hypervisor-4.17-amd64) || exit 1
    out=$root/boot/xen-4.17-amd64.elf
    if [ ! -s "$out" ]; then
        gunzip -c "$root"/boot/xen-4.17-amd64.gz >"$out.tmp" ||
            assets_die "cannot unpack the Xen 4.17 image"
        mv "$out.tmp" "$out"
    fi
    echo "$out"
}

assets_libpath() {
    local pkg root path=
    for pkg in $(assets_set "${1:-xentools}"); do
        root=$(assets_root "$pkg") || exit 1
        for d in "$root"/usr/lib/x86_64-linux-gnu "$root"/usr/lib "$root"/lib/x86_64-linux-gnu; do
            [ -d "$d" ] && path=$path${path:+:}$d
        done
    done
    echo "$path"
}

assets_main() {
    local cmd=${1:-}
    shift || true
    case "$cmd" in
    fetch) assets_fetch "$@" ;;
    root) [ $# -eq 1 ] || assets_die "usage: assets.sh root PKG"; assets_root "$1" ;;
    kernel) assets_kernel ;;
    modules) assets_modules ;;
    xen417) assets_xen417 ;;
    libpath) assets_libpath "$@" ;;
    *) assets_die "usage: assets.sh fetch [SET...] | root PKG | kernel | modules | xen417 | libpath SET" ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    assets_main "$@"
fi
