#!/usr/bin/env bash
# Build Xenith's RPM packages into build/packages/.
#
# As for the .debs (scripts/build-deb.sh), the source is a copy of the
# tree: the files git tracks plus the untracked ones it does not ignore
# (everything except build/ when the tree is not a git checkout), packed
# as build/rpm/SOURCES/xenith-<version>.tar.gz, Source0 of
# rpm/xenith.spec.  The version comes from the VERSION file.  Build
# dependencies are Debian packages here (make deps), so rpmbuild runs with
# --nodeps.
#
# Environment: XENITH_SOURCE_TREE (build from this copy of the source
# instead; tests/packaging/check-install.sh --build gives both builds one),
# XENITH_JOBS (parallel make jobs, default 2),
# XENITH_RPM_NOCHECK=1 to skip the unit tests (%check).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

die() {
    echo "build-rpm: $*" >&2
    exit 1
}

command -v rpmbuild >/dev/null || die "rpmbuild not installed (run make deps)"
version=$(cat "${XENITH_SOURCE_TREE:-.}/VERSION" 2>/dev/null) || die "no VERSION file at the top of the tree"
[[ $version =~ ^[0-9]+(\.[0-9]+)*(\+[A-Za-z0-9.]+)?$ ]] ||
    die "VERSION '$version' is not an RPM version like 1.2.3"

work=build/pkgsrc/rpm
src=$work/xenith-$version
topdir=$top/build/rpm
# Packages of an earlier build must not outlive a failed one.
rm -f build/packages/*.rpm
rm -rf "$work" "$topdir"
mkdir -p "$src" build/packages "$topdir"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}

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
tar -C "$work" -czf "$topdir/SOURCES/xenith-$version.tar.gz" "xenith-$version"
cp rpm/xenith.spec "$topdir/SPECS/"

nocheck=()
if [ "${XENITH_RPM_NOCHECK:-0}" = 1 ]; then
    nocheck=(--nocheck)
fi
# Keep git commands run inside the unpacked source from finding this
# repository.
export GIT_CEILING_DIRECTORIES=$top/build
log=$work/build.log
echo "build-rpm: building xenith $version (log: $log)"
if ! rpmbuild -bb --nodeps "${nocheck[@]}" \
    --define "_topdir $topdir" \
    --define "xenith_version $version" \
    --define "_smp_mflags -j${XENITH_JOBS:-2}" \
    "$topdir/SPECS/xenith.spec" >"$log" 2>&1; then
    # The first errors say why; the last lines say where it stopped.
    grep -E 'error|\*\*\*' "$log" | head -n 15 >&2
    tail -n 5 "$log" >&2
    die "rpmbuild failed; full log in $log"
fi
if grep -ni 'warning' "$log" | grep -v 'Wno-' >"$work/warnings"; then
    echo "build-rpm: warnings from the build:" >&2
    cat "$work/warnings" >&2
fi

mapfile -t rpms < <(find "$topdir/RPMS" -name '*.rpm' | sort)
[ "${#rpms[@]}" -gt 0 ] || die "rpmbuild produced no .rpm files"
cp "${rpms[@]}" build/packages/
for r in "${rpms[@]}"; do
    echo "build-rpm: build/packages/$(basename "$r")"
done
