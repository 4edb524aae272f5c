#!/usr/bin/env bash
# Install the packages in build/packages/ into scratch roots and check
# what lands there.
#
#   check-install.sh [--build]
#
# --build first runs scripts/build-deb.sh and scripts/build-rpm.sh (what
# `make deb` and `make rpm` run) on one snapshot of the source tree.  The .debs are unpacked with
#   dpkg --root=ROOT --force-not-root --force-depends --unpack
# and the RPMs installed with
#   rpm --root ROOT --initdb;  rpm --root ROOT --nodeps --noscripts -i
# so maintainer scripts run on neither route.  Then each package's file
# list (files and symbolic links; directories and the packaging metadata
# in /usr/share/doc and /usr/share/lintian are left out) is compared with
# tests/packaging/expected/<Debian package>.list, and the two roots are
# compared with each other.  The expected lists use
#   @VERSION@  the VERSION file
#   @LIBDIR@   /usr/lib/<multiarch> for .debs, %{_libdir} for RPMs
#   @UNITDIR@  /lib/systemd/system for .debs, %{_unitdir} for RPMs
#
# A program using the packaged headers (xenith/xenstore.h, which includes
# xenith/public/io/xs_wire.h) must build against them alone.
#
# tests/packaging/grub-linux-xen.sh runs GRUB's own 20_linux_xen on what
# each route installed in /boot: it must offer no Xenith file as a Xen
# hypervisor.
#
# Then the units pass tests/packaging/verify-units.sh on both routes,
# tests/packaging/maintscripts.sh checks conffiles, the maintainer
# scripts (install, upgrade keeping edited conffiles, purge) and the RPMs'
# requirements, and tests/packaging/lint.sh runs lintian and rpmlint.
#
# Last, tests/packaging/grub-boot.sh boots the packaged hypervisor under
# QEMU through the GRUB entry the package's script writes.
#
# Output: one "PASS: packaging/<what>" or "FAIL: packaging/<what> (<why>)"
# line per check; the exit status is non-zero when any check failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
here=tests/packaging
pkgdir=build/packages
work=build/out/packaging

# Debian package name, RPM package name.
PACKAGES=(
    "xenith-hypervisor xenith-hypervisor"
    "xenith-utils xenith-utils"
    "xenith-xenstore-utils xenith-xenstore-utils"
    "libxenith0 xenith-libs"
    "libxenith-dev xenith-devel"
)

failed=0
pass() { echo "PASS: packaging/$1"; }
fail() {
    echo "FAIL: packaging/$1 ($2)"
    failed=1
}

# --build: both package builds start from one snapshot of the source, so
# that files changing meanwhile cannot make the two routes differ.
if [ "${1:-}" = --build ]; then
    snap=build/pkgsrc/snapshot
    rm -rf "$snap"
    mkdir -p "$snap"
    git ls-files -co --exclude-standard -z |
        while IFS= read -r -d '' f; do
            if [ -e "$f" ] || [ -L "$f" ]; then
                printf '%s\0' "$f"
            fi
        done | cpio -pdm0 --quiet "$snap"
    export XENITH_SOURCE_TREE=$top/$snap
    scripts/build-deb.sh || fail build-deb "scripts/build-deb.sh failed"
    scripts/build-rpm.sh || fail build-rpm "scripts/build-rpm.sh failed"
    unset XENITH_SOURCE_TREE
fi

version=$(cat VERSION)
deb_libdir=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)
deb_unitdir=/lib/systemd/system
rpm_libdir=$(rpm --eval '%{_libdir}')
rpm_unitdir=$(rpm --eval '%{?_unitdir}%{!?_unitdir:/usr/lib/systemd/system}')

# expected DEBNAME ROUTE: the expected list with its tokens replaced for
# ROUTE (deb or rpm), sorted.
expected() {
    local libdir=$deb_libdir unitdir=$deb_unitdir
    if [ "$2" = rpm ]; then
        libdir=$rpm_libdir
        unitdir=$rpm_unitdir
    fi
    sed -e '/^#/d' -e '/^$/d' -e "s|@VERSION@|$version|g" \
        -e "s|@LIBDIR@|$libdir|g" -e "s|@UNITDIR@|$unitdir|g" \
        "$here/expected/$1.list" | LC_ALL=C sort
}

# real_path ROOT PATH: where PATH lies in ROOT.  dpkg --unpack leaves a
# conffile as PATH.dpkg-new until the package is configured.
real_path() {
    if [ ! -e "$1$2" ] && [ ! -L "$1$2" ] && [ -e "$1$2.dpkg-new" ]; then
        echo "$1$2.dpkg-new"
    else
        echo "$1$2"
    fi
}

# payload ROOT: read paths on stdin, print those that are files or
# symbolic links in ROOT, outside the packaging metadata directories,
# sorted.
payload() {
    local p r
    while IFS= read -r p; do
        case "$p" in
        /usr/share/doc/* | /usr/share/licenses/* | /usr/share/lintian/*)
            continue
            ;;
        esac
        r=$(real_path "$1" "$p")
        if [ -L "$r" ] || { [ -e "$r" ] && [ ! -d "$r" ]; }; then
            echo "$p"
        fi
    done | LC_ALL=C sort -u
}

# compare_list WHAT EXPECTED ACTUAL: one verdict on two sorted lists.
compare_list() {
    local d
    if d=$(diff "$2" "$3"); then
        pass "$1"
    else
        echo "$d" | sed -n -e 's/^</  missing:/p' -e 's/^>/  unexpected:/p'
        fail "$1" "file list differs from $here/expected"
    fi
}

# find_pkg PATTERN: the one file in build/packages matching PATTERN.
find_pkg() {
    local f
    for f in $pkgdir/$1; do
        [ -e "$f" ] && echo "$f"
    done
}

rm -rf "$work"
mkdir -p "$work/deb-root/var/lib/dpkg/info" "$work/deb-root/var/lib/dpkg/updates" \
    "$work/deb-root/var/lib/dpkg/triggers" "$work/rpm-root" "$work/lists"
: >"$work/deb-root/var/lib/dpkg/status"
droot=$work/deb-root
rroot=$(cd "$work/rpm-root" && pwd)

for entry in "${PACKAGES[@]}"; do
    set -- $entry
    [ -f "$here/expected/$1.list" ] ||
        fail "expected/$1" "no $here/expected/$1.list"
done

# The Debian route.
debs=()
for entry in "${PACKAGES[@]}"; do
    set -- $entry
    f=$(find_pkg "${1}_${version}_*.deb")
    if [ -n "$f" ]; then
        pass "deb-built/$1"
        debs+=("$f")
    else
        fail "deb-built/$1" "no ${1}_${version}_*.deb in $pkgdir; run make deb"
    fi
done
if [ "${#debs[@]}" -gt 0 ] &&
    dpkg --root="$droot" --force-not-root --force-depends --unpack \
        "${debs[@]}" >"$work/dpkg.log" 2>&1; then
    pass deb-unpack
    for entry in "${PACKAGES[@]}"; do
        set -- $entry
        [ -f "$here/expected/$1.list" ] || continue
        dpkg --root="$droot" -L "$1" 2>/dev/null | payload "$droot" \
            >"$work/lists/$1.deb"
        expected "$1" deb >"$work/lists/$1.deb.expected"
        compare_list "deb-files/$1" "$work/lists/$1.deb.expected" \
            "$work/lists/$1.deb"
        if [ -f "$droot/usr/share/doc/$1/copyright" ]; then
            pass "deb-copyright/$1"
        else
            fail "deb-copyright/$1" "no /usr/share/doc/$1/copyright"
        fi
    done
else
    [ "${#debs[@]}" -gt 0 ] && sed 's/^/  /' "$work/dpkg.log"
    fail deb-unpack "dpkg --unpack failed or there was nothing to unpack"
fi

# The RPM route.
rpms=()
for entry in "${PACKAGES[@]}"; do
    set -- $entry
    f=$(find_pkg "${2}-${version}-*.rpm")
    if [ -n "$f" ]; then
        pass "rpm-built/$2"
        rpms+=("$f")
    else
        fail "rpm-built/$2" "no ${2}-${version}-*.rpm in $pkgdir; run make rpm"
    fi
done
if [ "${#rpms[@]}" -gt 0 ] && rpm --root "$rroot" --initdb &&
    rpm --root "$rroot" --nodeps --noscripts -i "${rpms[@]}" \
        >"$work/rpm.log" 2>&1; then
    pass rpm-install
    for entry in "${PACKAGES[@]}"; do
        set -- $entry
        [ -f "$here/expected/$1.list" ] || continue
        rpm --root "$rroot" -ql "$2" 2>/dev/null | payload "$rroot" \
            >"$work/lists/$1.rpm"
        expected "$1" rpm >"$work/lists/$1.rpm.expected"
        compare_list "rpm-files/$2" "$work/lists/$1.rpm.expected" \
            "$work/lists/$1.rpm"
    done
else
    [ "${#rpms[@]}" -gt 0 ] && sed 's/^/  /' "$work/rpm.log"
    fail rpm-install "rpm -i failed or there was nothing to install"
fi

# describe ROOT LIBDIR UNITDIR ROUTE: for every file ROUTE (deb or rpm)
# installed, with the route's directories turned back into tokens, one
# line "path file mode" or "path link -> target", sorted.  Shared
# libraries are compared without their execute bits: Debian ships them
# 0644, Fedora 0755.
describe() {
    local p q r mode
    cat "$work"/lists/*."$4" | LC_ALL=C sort -u | while IFS= read -r p; do
        q=$(echo "$p" | sed -e "s|^$2/|@LIBDIR@/|" -e "s|^$3/|@UNITDIR@/|")
        r=$(real_path "$1" "$p")
        if [ -L "$r" ]; then
            echo "$q link -> $(readlink "$r")"
            continue
        fi
        mode=$(stat -c %a "$r")
        case "$p" in
        *.so.*) mode=$(printf '%o' $((8#$mode & 8#7666))) ;;
        esac
        echo "$q file $mode"
    done | LC_ALL=C sort
}

# The two routes must put the same files, with the same modes, in the
# same places; text files (scripts, configuration, headers) must match
# byte for byte.  Compiled files are built twice and are not compared.
if ls "$work"/lists/*.deb >/dev/null 2>&1 &&
    ls "$work"/lists/*.rpm >/dev/null 2>&1; then
    describe "$droot" "$deb_libdir" "$deb_unitdir" deb >"$work/deb.desc"
    describe "$rroot" "$rpm_libdir" "$rpm_unitdir" rpm >"$work/rpm.desc"
    if d=$(diff "$work/deb.desc" "$work/rpm.desc"); then
        pass same-files
    else
        echo "$d" | sed -n -e 's/^</  deb:/p' -e 's/^>/  rpm:/p'
        fail same-files "the .debs and the RPMs install different files"
    fi
    differ=0
    while read -r q kind _; do
        [ "$kind" = file ] || continue
        dp=$(echo "$q" | sed -e "s|^@LIBDIR@|$deb_libdir|" -e "s|^@UNITDIR@|$deb_unitdir|")
        rp=$(echo "$q" | sed -e "s|^@LIBDIR@|$rpm_libdir|" -e "s|^@UNITDIR@|$rpm_unitdir|")
        dp=$(real_path "$droot" "$dp")
        rp=$rroot$rp
        [ -f "$dp" ] && [ -f "$rp" ] || continue
        # grep -I treats files with NUL bytes (compiled ones) as binary.
        grep -Iq . "$dp" || continue
        if ! cmp -s "$dp" "$rp"; then
            echo "  content differs: $q"
            differ=1
        fi
    done <"$work/deb.desc"
    if [ "$differ" = 0 ]; then
        pass same-content
    else
        fail same-content "text files differ between the .debs and the RPMs"
    fi
fi

# check_libraries ROUTE ROOT LIBDIR: every packaged program and library
# finds its shared libraries in ROOT or on the system, and none carries
# an RPATH/RUNPATH (which would point into the build tree).
check_libraries() {
    local f bad=0 elf
    while IFS= read -r f; do
        elf=$(readelf -d "$2$f" 2>/dev/null) || continue
        if echo "$elf" | grep -qE '\((RPATH|RUNPATH)\)'; then
            echo "  $f has an RPATH or RUNPATH"
            bad=1
        fi
        if LD_LIBRARY_PATH=$2$3 ldd "$2$f" 2>&1 | grep -q 'not found'; then
            echo "  $f: $(LD_LIBRARY_PATH=$2$3 ldd "$2$f" 2>&1 | grep 'not found' | tr -s ' \t' ' ')"
            bad=1
        fi
    done < <(cat "$work"/lists/*."$1" | grep -E '^(/usr/s?bin/|'"$3"'/)' | sort -u)
    if [ "$bad" = 0 ]; then
        pass "$1-libraries"
    else
        fail "$1-libraries" "packaged programs do not resolve their libraries"
    fi
}
if ls "$work"/lists/*.deb >/dev/null 2>&1; then
    check_libraries deb "$droot" "$deb_libdir"
fi
if ls "$work"/lists/*.rpm >/dev/null 2>&1; then
    check_libraries rpm "$rroot" "$rpm_libdir"
fi

# check_headers ROUTE ROOT: a program that includes the packaged
# xenith/xenstore.h (which includes the packaged public/io/xs_wire.h) and
# xenith/libxl.h, and uses the wire protocol's names and libxl's types,
# builds against ROOT's headers alone.
check_headers() {
    local src=$work/$1-headers.c
    cat >"$src" <<'EOC'
#include <xenith/xenstore.h>
#include <xenith/public/xen.h>
#include <xenith/libxl.h>
int main(void)
{
    libxl_domain_config d;
    libxl_domain_config_init(&d);
    libxl_domain_config_dispose(&d);
    struct xsd_sockmsg m = { XS_READ, 0, 0, 0 };
    char *vec[2];
    vec[XS_WATCH_PATH] = 0;
    return (int)m.len + (XENSTORE_PAYLOAD_MAX == 4096 ? 0 : 1) +
           (vec[XS_WATCH_PATH] != 0) + (DOMID_SELF == 0x7FF0U ? 0 : 1);
}
EOC
    if ${CC:-cc} -std=gnu11 -Wall -Werror -I "$2/usr/include" \
        -c -o "$work/$1-headers.o" "$src" >"$work/$1-headers.log" 2>&1; then
        pass "$1-headers"
    else
        sed 's/^/  /' "$work/$1-headers.log" | head -n 20
        fail "$1-headers" "the packaged headers do not build on their own"
    fi
}
check_headers deb "$droot"
check_headers rpm "$rroot"

# xenstore_roundtrip ROUTE ROOT LIBDIR: the packaged xenstored, started
# with the packaged configuration on a private socket, stores a value that
# the packaged xenstore-write sends and xenstore-read returns.
xenstore_roundtrip() {
    local route=$1 root=$2 dir pid i got why=
    [ -x "$root/usr/sbin/xenstored" ] && [ -x "$root/usr/bin/xenstore-read" ] ||
        return 0
    dir=$work/xenstore-$route
    mkdir -p "$dir"
    LD_LIBRARY_PATH=$root$3 "$root/usr/sbin/xenstored" -N -D \
        -c "$(real_path "$root" /etc/xen/xenstored.conf)" \
        -s "$dir/socket" >"$dir/xenstored.log" 2>&1 &
    pid=$!
    for i in $(seq 50); do
        [ -S "$dir/socket" ] && break
        sleep 0.1
    done
    if [ ! -S "$dir/socket" ]; then
        why="xenstored did not open its socket (see $dir/xenstored.log)"
    elif ! XENSTORED_PATH=$dir/socket LD_LIBRARY_PATH=$root$3 \
        timeout 10 "$root/usr/bin/xenstore-write" /packaging/test "route $route" \
        2>"$dir/client.log"; then
        why="xenstore-write failed (see $dir/client.log)"
    else
        got=$(XENSTORED_PATH=$dir/socket LD_LIBRARY_PATH=$root$3 \
            timeout 10 "$root/usr/bin/xenstore-read" /packaging/test 2>>"$dir/client.log")
        [ "$got" = "route $route" ] || why="xenstore-read returned '$got'"
    fi
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ -z "$why" ]; then
        pass "$route-xenstore-roundtrip"
    else
        fail "$route-xenstore-roundtrip" "$why"
    fi
}
xenstore_roundtrip deb "$droot" "$deb_libdir"
xenstore_roundtrip rpm "$rroot" "$rpm_libdir"

# The hypervisor's symbol file must keep its symbols on both routes, and
# the image itself is built reproducibly (gzip -n, no build paths), so
# both routes must ship the same bytes.
for root in "$droot" "$rroot"; do
    route=deb
    [ "$root" = "$rroot" ] && route=rpm
    syms=$root/boot/hypervisor-xenith-syms-$version
    [ -f "$syms" ] || continue
    if readelf -S "$syms" 2>/dev/null | grep -q '\.symtab'; then
        pass "$route-hypervisor-symbols"
    else
        fail "$route-hypervisor-symbols" "/boot/hypervisor-xenith-syms-$version was stripped"
    fi
done
image=/boot/hypervisor-xenith-$version.gz
if [ -f "$droot$image" ] && [ -f "$rroot$image" ]; then
    if cmp -s "$droot$image" "$rroot$image"; then
        pass same-hypervisor-image
    else
        fail same-hypervisor-image "$image differs between the .deb and the RPM: built from different sources, or the image build is not reproducible"
    fi
fi

# GRUB's own 20_linux_xen, run on what each route put in /boot, offers
# no Xenith file as a Xen hypervisor (grub-linux-xen.sh).
tests/packaging/grub-linux-xen.sh deb "$droot" || failed=1
tests/packaging/grub-linux-xen.sh rpm "$rroot" || failed=1

# The systemd units as each route installs them (verify-units.sh).
if [ -d "$droot$deb_unitdir" ]; then
    tests/packaging/verify-units.sh packaging/deb "$droot" "$deb_unitdir" || failed=1
fi
if [ -d "$rroot$rpm_unitdir" ]; then
    tests/packaging/verify-units.sh packaging/rpm "$rroot" "$rpm_unitdir" || failed=1
fi

# Conffiles, the maintainer scripts and scriptlets on installation,
# upgrade and removal, and the RPMs' requirements (maintscripts.sh).
tests/packaging/maintscripts.sh "$work/scripts" || failed=1

# lintian and rpmlint (lint.sh).
tests/packaging/lint.sh || failed=1

# Boot the packaged hypervisor through the packaged GRUB entry.
tests/packaging/grub-boot.sh || failed=1
exit $failed
