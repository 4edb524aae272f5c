#!/usr/bin/env bash
# Build the whole tree with clang and -Werror in a copy of the sources
# (build/clang-tree), so the developer's gcc build outputs stay untouched.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
dest=build/clang-tree
rm -rf "$dest"
mkdir -p "$dest"
git ls-files -co --exclude-standard | grep -v '^build/' | cpio -pdm --quiet "$dest" ||
    { echo "FAIL: build/clang (cannot copy the tree)"; exit 1; }
if make -C "$dest" -j2 CC=clang WERROR=1 all >"build/clang-build.log" 2>&1; then
    echo "PASS: build/clang"
else
    tail -n 30 build/clang-build.log
    echo "FAIL: build/clang (see build/clang-build.log)"
    exit 1
fi
