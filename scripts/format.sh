#!/usr/bin/env bash
# Check (or fix) the formatting of every C source the project owns.
# Usage: format.sh check|fix
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null)
if [ "${#files[@]}" -eq 0 ]; then
    echo "PASS: format (no C files)"
    exit 0
fi
cf=$(command -v clang-format || command -v clang-format-14 || true)
if [ -z "$cf" ]; then
    echo "FAIL: format (clang-format not installed; run make deps)"
    exit 1
fi
if [ "${1:-check}" = fix ]; then
    "$cf" -i "${files[@]}"
    exit 0
fi
if out=$("$cf" --dry-run -Werror "${files[@]}" 2>&1); then
    echo "PASS: format (${#files[@]} files)"
else
    echo "$out" | head -40
    echo "FAIL: format (run 'make format')"
    exit 1
fi
