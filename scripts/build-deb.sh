#!/usr/bin/env bash
# Build Xenith's Debian binary packages into build/packages/.
#
# dpkg-buildpackage runs `debian/rules clean`, which would delete the
# developer's build outputs, so the packages are built from a copy of the
# source in build/pkgsrc/deb/xenith-<version>/: the files git tracks plus
# the untracked ones it does not ignore (everything when the tree is not
# a git checkout, except build/).  debian/changelog is written into that
# copy from the VERSION file, the one place the version is kept.
#
# Environment: XENITH_SOURCE_TREE (build from this copy of the source
# instead; tests/packaging/check-install.sh --build gives both builds one),
# XENITH_JOBS (parallel make jobs, default 2),
# DEB_BUILD_OPTIONS (e.g. nocheck to skip the unit tests).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

die() {
    echo "build-deb: $*" >&2
    exit 1
}

for tool in dpkg-buildpackage dh fakeroot; do
    command -v $tool >/dev/null || die "$tool not installed (run make deps)"
done
version=$(cat "${XENITH_SOURCE_TREE:-.}/VERSION" 2>/dev/null) || die "no VERSION file at the top of the tree"
[[ $version =~ ^[0-9]+(\.[0-9]+)*([~+][A-Za-z0-9.~+]+)?$ ]] ||
    die "VERSION '$version' is not a package version like 1.2.3"

work=build/pkgsrc/deb
src=$work/xenith-$version
# Packages of an earlier build must not outlive a failed one.
rm -f build/packages/*.deb
rm -rf "$work"
mkdir -p "$src" build/packages

# copy_tree DEST: the source files into DEST, from XENITH_SOURCE_TREE
# when it names a snapshot already made this way.
copy_tree() {
    if [ -n "${XENITH_SOURCE_TREE:-}" ]; then
        [ -f "$XENITH_SOURCE_TREE/VERSION" ] ||
            die "XENITH_SOURCE_TREE=$XENITH_SOURCE_TREE is not a source tree"
        tar -C "$XENITH_SOURCE_TREE" -cf - . | tar -xf - -C "$1"
    elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files -co --exclude-standard -z |
            while IFS= read -r -d '' f; do
                # Tracked files deleted in the work tree are not copied.
                if [ -e "$f" ] || [ -L "$f" ]; then
                    printf '%s\0' "$f"
                fi
            done | cpio -pdm0 --quiet "$1"
    else
        tar -cf - --exclude=./build . | tar -xf - -C "$1"
    fi
}
copy_tree "$src"

# Changelog entry dated by the last commit, so that rebuilding the same
# commit gives the same packages.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
when=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
dirty=
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
    dirty=" with uncommitted changes"
fi
cat >"$src/debian/changelog" <<EOT
xenith ($version) unstable; urgency=medium

  * Xenith $version, built from commit $commit$dirty.

 -- Xenith developers <xenith-devel@lists.xenith.invalid>  $(LC_ALL=C date -R -u -d "@$when")
EOT

# Keep git commands run inside the copy from finding this repository.
export GIT_CEILING_DIRECTORIES=$top/build
log=$work/build.log
echo "build-deb: building xenith $version in $src (log: $log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b -J"${XENITH_JOBS:-2}") \
    >"$log" 2>&1; then
    # The first errors say why; the last lines say where it stopped.
    grep -E 'error|\*\*\*' "$log" | head -n 15 >&2
    tail -n 5 "$log" >&2
    die "dpkg-buildpackage failed; full log in $log"
fi
if grep -n 'warning' "$log" | grep -v 'Wno-' >"$work/warnings"; then
    echo "build-deb: warnings from the build:" >&2
    cat "$work/warnings" >&2
fi

debs=("$work"/*.deb)
[ -e "${debs[0]}" ] || die "dpkg-buildpackage produced no .deb files"
cp "${debs[@]}" build/packages/
for d in "${debs[@]}"; do
    echo "build-deb: build/packages/$(basename "$d")"
done
