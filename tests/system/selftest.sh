#!/usr/bin/env bash
# Checks of the test bed itself that need no download and no real boot:
# the judge on made-up logs, the runner's answers to bad input, a timeout and
# a failed download.  One PASS:/FAIL: line per check.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/judge.sh
. "$HERE/lib/judge.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

check() {
    local name=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then
        echo "PASS: testbed/$name"
    else
        echo "FAIL: testbed/$name: $(head -c 300 "$tmp/out")"
        failed=1
    fi
}

# judge: returns success and failure as documented.
judge_case() {
    local want=$1 log=$2 end=$3
    printf '%b' "$log" >"$tmp/log"
    if judge "$tmp/log" "$end" >"$tmp/why"; then got=pass; else got=fail; fi
    [ "$got" = "$want" ] || { echo "judge said $got: $(cat "$tmp/why")"; return 1; }
}
EXPECT=('^a$' '^b$'); FORBID=('oops'); END=poweroff
check judge-in-order judge_case pass 'a\r\nx\nb\n' poweroff
check judge-out-of-order judge_case fail 'b\na\n' poweroff
check judge-missing judge_case fail 'a\n' poweroff
check judge-forbidden judge_case fail 'a\noops\nb\n' poweroff
check judge-wrong-end judge_case fail 'a\nb\n' reboot
check judge-timeout judge_case fail 'a\nb\n' timeout
check judge-hv-panic judge_case fail 'a\n(XEN) Panic on CPU 0:\nb\n' poweroff
check judge-dom0-panic judge_case fail 'a\nKernel panic - not syncing: x\nb\n' poweroff
check judge-empty judge_case fail '' poweroff

# The runner refuses bad input with one message and a non-zero status.
expect_status() {
    local want=$1 pattern=$2
    shift 2
    local rc
    timeout 60 "$@" >"$tmp/run.out" 2>&1
    rc=$?
    [ "$rc" = "$want" ] || { echo "exit $rc, wanted $want: $(cat "$tmp/run.out")"; return 1; }
    grep -q -- "$pattern" "$tmp/run.out" || { echo "no /$pattern/ in: $(cat "$tmp/run.out")"; return 1; }
}
check runner-unknown-test expect_status 2 "unknown test 'no-such-test'" "$HERE/run" no-such-test
check runner-bad-option expect_status 2 "unknown option" "$HERE/run" --frobnicate x
check runner-bad-hv expect_status 2 "--hv must be" "$HERE/run" --hv vmware x
check runner-no-qemu expect_status 2 "not found: run 'make deps'" \
    env QEMU=/nonexistent/qemu "$HERE/run" reference-xen417-dom0
check runner-list expect_status 0 "reference-xen417-dom0@xen417" "$HERE/run" --list

# A download failure is one FAIL line naming the package, not a hang.
mkdir -p "$tmp/bin" "$tmp/cases" "$tmp/guests" "$tmp/cache"
printf '#!/bin/sh\necho "E: no network" >&2\nexit 100\n' >"$tmp/bin/apt-get"
printf '#!/bin/sh\nexit 1\n' >"$tmp/bin/apt-cache"
chmod +x "$tmp/bin/"*
cat >"$tmp/cases/t.test" <<'CASE'
DESC="self-test case"
HVS="xen417"
DOM0=guest:g
TIMEOUT=2
EXPECT=('never printed')
CASE
check runner-download-failure expect_status 1 "apt-get download xen-hypervisor-4.17-amd64 failed" \
    env PATH="$tmp/bin:$PATH" XENITH_CACHE="$tmp/cache" XENITH_CASES="$tmp/cases" \
    XENITH_SYSTEM_OUT="$tmp/sysout" "$HERE/run" --quiet t

# A guest that never ends is killed at TIMEOUT and reported as such.
mkdir -p "$tmp/cache2/root/xen-hypervisor-4.17-amd64/boot"
touch "$tmp/cache2/root/xen-hypervisor-4.17-amd64/.unpacked"
echo x >"$tmp/cache2/root/xen-hypervisor-4.17-amd64/boot/xen-4.17-amd64.elf"
echo x >"$tmp/guests/g.elf"
printf '#!/bin/sh\nexec sleep 30\n' >"$tmp/bin/fake-qemu"
chmod +x "$tmp/bin/fake-qemu"
check runner-timeout expect_status 1 "ended: timeout" \
    env QEMU="$tmp/bin/fake-qemu" XENITH_CACHE="$tmp/cache2" XENITH_CASES="$tmp/cases" \
    XENITH_GUESTS="$tmp/guests" XENITH_SYSTEM_OUT="$tmp/sysout" "$HERE/run" --quiet t
# A side marked pending is reported as skipped with its reason, not run.
cat >"$tmp/cases/p.test" <<'CASE'
HVS="xen417"
PENDING_xen417="not there yet"
CASE
check runner-pending expect_status 0 "SKIP: system/p@xen417 (pending: not there yet)" \
    env XENITH_CASES="$tmp/cases" XENITH_SYSTEM_OUT="$tmp/sysout" "$HERE/run" p
# CPU and SMP lists: the first model with every vCPU count, the others with
# the first count; a side pending on one model is skipped on that model only.
cat >"$tmp/cases/l.test" <<'CASE'
HVS="xenith"
SMP="1 4"
CPU="m1 m2-x"
PENDING_xenith_m2_x="not on m2"
CASE
list_is() {
    local got
    got=$(env XENITH_CASES="$tmp/cases" "$HERE/run" --list l | awk '{print $1}' | tr '\n' ' ')
    [ "$got" = "$1" ] || { echo "listed: $got"; return 1; }
}
check runner-cpu-list list_is "l@xenith/smp1/cpu-m1 l@xenith/smp1/cpu-m2-x l@xenith/smp4/cpu-m1 "
check runner-pending-cpu expect_status 0 "SKIP: system/l@xenith/smp1/cpu-m2-x (pending: not on m2)" \
    env XENITH_CASES="$tmp/cases" XENITH_SYSTEM_OUT="$tmp/sysout" "$HERE/run" --cpu m2-x l
exit $failed
