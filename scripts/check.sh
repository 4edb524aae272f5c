#!/usr/bin/env bash
# Run the test suites and print one closing line: "N passed, N failed, N skipped".
# Usage: check.sh fast   host unit tests of every component (+ format check,
#                        the public ABI against Xen 4.17's headers)
#        check.sh full   fast + every system test (QEMU) + the package install test
# Every suite prints "PASS: name", "FAIL: name" or "SKIP: name" lines; this script
# tallies them from the combined log.
set -u
mode=${1:-fast}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p build
log=build/check-$mode.log
: >"$log"

run_suite() {
    local title=$1
    shift
    echo "== $title"
    # A suite that exits non-zero without printing a FAIL line of its own
    # still counts as one failure.
    local fails_before rc
    fails_before=$(grep -c '^FAIL: ' "$log")
    "$@" 2>&1 | tee -a "$log"
    rc=${PIPESTATUS[0]}
    if [ "$rc" -ne 0 ] && [ "$(grep -c '^FAIL: ' "$log")" = "$fails_before" ]; then
        echo "FAIL: suite/$title (exit $rc)" | tee -a "$log"
    fi
}

# The full run fetches the Debian assets first, so unit tests that use the
# real kernel (bzImage, PV builder) run instead of skipping.
if [ "$mode" = full ]; then
    tests/system/lib/assets.sh fetch base || echo "FAIL: assets/fetch" | tee -a "$log"
fi

for c in $(make -s --no-print-directory -f Makefile print-components 2>/dev/null); do
    run_suite "unit $c" make -s --no-print-directory -C "$c" check-fast
done
run_suite "format" scripts/format.sh check
run_suite "testbed" tests/system/selftest.sh
run_suite "abi" tests/abi/run.sh

if [ "$mode" = full ]; then
    run_suite "clang" scripts/build-clang.sh
    run_suite "system" tests/system/run --all
    # The packages' own builds skip the unit tests: they ran above.
    run_suite "packaging" env DEB_BUILD_OPTIONS=nocheck XENITH_RPM_NOCHECK=1 \
        tests/packaging/check-install.sh --build
fi

pass=$(grep -cE '^PASS: ' "$log")
fail=$(grep -cE '^FAIL: ' "$log")
skip=$(grep -cE '^SKIP: ' "$log")
echo
if [ "$fail" -gt 0 ]; then
    echo "Failed:"
    grep -E '^FAIL: ' "$log" | sed 's/^/  /'
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
