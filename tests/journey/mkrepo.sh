#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Make a local apt repository (flat: Packages, Packages.gz, Release) that
# holds some packages and every package they need that the journey's
# Debian 12 image lacks, so that `apt install` in the image resolves the
# dependencies itself from this repository alone.
#
#   tests/journey/mkrepo.sh xenith [DIR]   Xenith's packages from
#       build/packages/ (make deb) into DIR (default build/out/repo)
#   tests/journey/mkrepo.sh xen417 [DIR]   Debian's xen-system-amd64 (Xen
#       4.17) into DIR (default $XENITH_CACHE/journey/repo-xen417)
#
# The packages missing from the image are found by apt-get's simulation
# against the image's dpkg status (written by mkimage.sh), without
# Recommends, and fetched with `apt-get download` into
# $XENITH_CACHE/journey/debs, where later runs find them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cachetop=${XENITH_CACHE:-$top/build/cache}
cache=$cachetop/journey
which=${1:-}

die() {
    echo "mkrepo: $*" >&2
    exit 1
}

command -v apt-ftparchive >/dev/null || die "apt-ftparchive not installed (run make deps)"
status=$cache/debian12.status
[ -s "$status" ] || die "no image status $status (run tests/journey/mkimage.sh)"

case "$which" in
xenith)
    dir=${2:-$top/build/out/repo}
    local_debs=("$top"/build/packages/*.deb)
    [ -e "${local_debs[0]}" ] || die "no packages in build/packages (run make deb)"
    want=()
    for d in "${local_debs[@]}"; do
        # The development package is not part of the install.
        case "$(basename "$d")" in *-dev_*) continue ;; esac
        want+=("$d")
    done
    ;;
xen417)
    dir=${2:-$cache/repo-xen417}
    local_debs=()
    want=(xen-system-amd64)
    ;;
*) die "usage: mkrepo.sh xenith|xen417 [DIR]" ;;
esac

mkdir -p "$cache/debs" "$cache/apt"
# A private apt state: the image's dpkg status, the host's package lists.
apt_opts=(-o "Dir::State::status=$status" -o "Dir::Cache=$cache/apt"
    -o "Debug::NoLocking=1" -o "APT::Install-Recommends=false")
sim=$(apt-get -s "${apt_opts[@]}" install "${want[@]}" 2>&1) || {
    # The host's package lists may be missing or stale.
    apt-get update -q >/dev/null 2>&1 || true
    sim=$(apt-get -s "${apt_opts[@]}" install "${want[@]}" 2>&1) ||
        die "apt cannot resolve ${want[*]} against the image: $(echo "$sim" | tail -n 5)"
}
own=" "
for d in "${local_debs[@]}"; do
    own+="$(dpkg-deb -f "$d" Package) "
done
fetch=()
while read -r _ pkg ver _; do
    ver=${ver#(}
    case "$own" in *" $pkg "*) continue ;; esac
    fetch+=("$pkg=$ver")
done < <(echo "$sim" | grep '^Inst ')

rm -rf "$dir"
mkdir -p "$dir"
for pv in "${fetch[@]}"; do
    pkg=${pv%%=*}
    ver=${pv#*=}
    file=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$file" ]; then
        (cd "$cache/debs" && apt-get download -q "$pv" >/dev/null 2>&1) ||
            die "apt-get download $pv failed"
        file=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_"*.deb | head -n 1)
    fi
    cp "$file" "$dir/"
done
for d in "${local_debs[@]}"; do
    cp "$d" "$dir/"
done
(
    cd "$dir"
    apt-ftparchive packages . >Packages 2>/dev/null
    gzip -9nk Packages
    apt-ftparchive -o APT::FTPArchive::Release::Origin=Xenith-journey \
        -o APT::FTPArchive::Release::Label=Xenith-journey release . >Release
)
echo "mkrepo: $dir: $(ls "$dir"/*.deb | wc -l) packages (${#fetch[@]} from Debian)" >&2
echo "$dir"
