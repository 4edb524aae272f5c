#!/usr/bin/env bash
# `make bench`: every benchmark the project has, each printing Xenith's
# figure beside the reference's (Xen 4.17 or its tools) from the same run.
# Benchmarks are never pass/fail; this script fails only if one cannot run.
#   - components with a `bench` target in their Makefile
#   - tests/system/bench/*: benchmark scripts that boot QEMU
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0
for c in $(make -s --no-print-directory print-components); do
    if grep -q '^bench:' "$c/Makefile"; then
        echo "==== bench: $c"
        make -s --no-print-directory -C "$c" bench || status=1
    fi
done
for b in tests/system/bench/*; do
    [ -x "$b" ] || continue
    echo "==== bench: $b"
    "$b" || status=1
done
exit $status
