#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
#   verify-units.sh NAME ROOT UNITDIR
#
# Checks the systemd units installed in ROOT/UNITDIR (a scratch root made
# by `make install DESTDIR=` or by unpacking the packages):
#   - `systemd-analyze verify` accepts every unit: syntax, every command
#     the units run exists and is executable in ROOT, every unit they name
#     exists, and starting each one makes a transaction without ordering
#     cycles.  It runs with --root on a copy of ROOT to which the host's
#     own units and the few host programs the units run (grep, mkdir) are
#     added, so the check needs no installed Xenith;
#   - every unit is conditioned on /proc/xen (skipped on bare hardware),
#     and every service also on being the control domain (ExecCondition
#     grep control_d), so a guest skips them too.
# One "PASS: NAME/..." or "FAIL: NAME/... (why)" line per check; SKIP
# without systemd-analyze.
set -u
name=$1 root=$2 unitdir=$3
units=$(cd "$root$unitdir" 2>/dev/null && ls ./*.service ./*.socket ./*.mount 2>/dev/null |
    sed 's|^\./||')
if [ -z "$units" ]; then
    echo "FAIL: $name/units (no unit in $unitdir)"
    exit 1
fi
failed=0

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: $name/units-verify (no systemd-analyze)"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp -a "$root/." "$work/root"
    for d in /lib/systemd/system /usr/lib/systemd/system; do
        [ -d "$d" ] || continue
        mkdir -p "$work/root$d"
        for u in "$d"/*; do
            [ -e "$work/root$d/${u##*/}" ] || cp -a "$u" "$work/root$d/"
        done
    done
    mkdir -p "$work/root/bin" "$work/root/usr/bin"
    for p in grep mkdir; do
        for d in /bin /usr/bin; do
            [ -e "$work/root$d/$p" ] || cp "$(command -v $p)" "$work/root$d/$p"
        done
    done
    paths=
    for u in $units; do
        paths="$paths $work/root$unitdir/$u"
    done
    # shellcheck disable=SC2086 # one argument per unit
    if systemd-analyze --root="$work/root" --man=no verify $paths \
        >"$work/log" 2>&1 && ! grep -q . "$work/log"; then
        echo "PASS: $name/units-verify ($(echo $units | wc -w) units)"
    else
        sed "s|$work/root||g; s/^/  /" "$work/log" | head -n 30
        echo "FAIL: $name/units-verify (systemd-analyze verify complained)"
        failed=1
    fi
fi

bad=
for u in $units; do
    f=$root$unitdir/$u
    grep -Eq '^ConditionPathExists=/proc/xen(/capabilities)?$' "$f" ||
        bad="$bad $u(no ConditionPathExists=/proc/xen)"
    case $u in
    *.service)
        grep -q '^ExecCondition=/bin/grep -q control_d /proc/xen/capabilities$' \
            "$f" || bad="$bad $u(no ExecCondition on control_d)"
        ;;
    esac
done
if [ -z "$bad" ]; then
    echo "PASS: $name/units-conditions"
else
    echo "FAIL: $name/units-conditions ($bad )"
    failed=1
fi
exit $failed
