#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# xendomains against a stand-in xl that keeps its domains in a directory:
# boot-time start in name order (backups skipped, failures reported, a
# running guest not started twice), shutdown of every guest with each
# one's fate, XENDOMAINS_SAVE falling back to shutdown, a guest that
# ignores the request destroyed after XENDOMAINS_STOP_MAXWAIT, and the
# journal priorities.  One "PASS: unit/xendomains/<what>" or "FAIL: ..."
# line per check.
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# The stand-in xl: list, create FILE, shutdown ID, destroy ID.  A guest
# whose name starts with "bad" cannot be created; one whose name starts
# with "stubborn" ignores shutdown requests; one whose name starts with
# "zombie" shuts down but stays listed in state "s" until destroyed (no
# xl monitor).
mkdir -p "$work/doms" "$work/auto"
cat >"$work/xl" <<'EOX'
#!/bin/sh
d=$FAKE_XL_DIR
case $1 in
list)
    echo "Name                                        ID   Mem VCPUs	State	Time(s)"
    echo "Domain-0                                     0  1024     1     r-----      10.0"
    for f in "$d"/*; do
        [ -f "$f" ] || continue
        read -r id name st <"$f"
        printf '%-40s %5u   256     1     %s       1.0\n' "$name" "$id" "${st:--b----}"
    done
    ;;
create)
    name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$2")
    case $name in bad*) echo "libxl: error: cannot create $name" >&2; exit 1 ;; esac
    n=$(cat "$d/.next" 2>/dev/null || echo 1)
    echo "$n $name" >"$d/$n"
    echo $((n + 1)) >"$d/.next"
    ;;
shutdown)
    [ -f "$d/$2" ] || { echo "no domain $2" >&2; exit 1; }
    case $(cut -d' ' -f2 "$d/$2") in
    stubborn*) exit 0 ;;
    zombie*) echo "$2 $(cut -d' ' -f2 "$d/$2") ---s--" >"$d/$2"; exit 0 ;;
    esac
    rm -f "$d/$2"
    ;;
destroy) rm -f "$d/$2" ;;
*) exit 1 ;;
esac
EOX
chmod +x "$work/xl"
export FAKE_XL_DIR="$work/doms" XENDOMAINS_XL="$work/xl"
export XENDOMAINS_CONF="$work/xendomains.conf"
unset JOURNAL_STREAM INVOCATION_ID
printf 'XENDOMAINS_AUTO=%s\nXENDOMAINS_STOP_MAXWAIT=2\n' "$work/auto" \
    >"$XENDOMAINS_CONF"
echo 'name = "alpha"' >"$work/auto/10-alpha.cfg"
echo 'name = "beta"' >"$work/auto/20-beta.cfg"
echo 'name = "gamma"' >"$work/auto/20-beta.cfg~"
echo 'name = "bad-one"' >"$work/auto/30-bad.cfg"

check() { # WHAT CONDITION-RESULT DETAIL
    if [ "$2" = 0 ]; then
        echo "PASS: unit/xendomains/$1"
    else
        echo "FAIL: unit/xendomains/$1 ($3)"
        failed=1
    fi
}
# Times in seconds vary with the machine's speed: compared as N.
expect() { # WHAT FILE EXPECTED-TEXT
    sed -i 's/after [0-9]* s$/after N s/' "$2" "$3"
    diff "$3" "$2" >"$work/diff" 2>&1
    r=$?
    [ $r = 0 ] || sed 's/^/  /' "$work/diff"
    check "$1" $r "output differs"
}

xd="$here/xendomains"
"$xd" start >"$work/out" 2>&1
st=$?
cat >"$work/want" <<EOW
xendomains: alpha: started from $work/auto/10-alpha.cfg as domain 1
xendomains: beta: started from $work/auto/20-beta.cfg as domain 2
xendomains: ignoring $work/auto/20-beta.cfg~ (a backup or package leftover)
xendomains: bad-one: could not be started from $work/auto/30-bad.cfg: libxl: error: cannot create bad-one
EOW
expect start-order "$work/out" "$work/want"
check start-failure-status "$([ $st = 1 ]; echo $?)" "exit status $st, want 1"

INVOCATION_ID=x JOURNAL_STREAM=1:2 "$xd" start >"$work/out" 2>&1
st=$?
cat >"$work/want" <<EOW
<6>xendomains: alpha: already running as domain 1; $work/auto/10-alpha.cfg not started again
<6>xendomains: beta: already running as domain 2; $work/auto/20-beta.cfg not started again
<6>xendomains: ignoring $work/auto/20-beta.cfg~ (a backup or package leftover)
<3>xendomains: bad-one: could not be started from $work/auto/30-bad.cfg: libxl: error: cannot create bad-one
EOW
expect start-again-journal "$work/out" "$work/want"
check start-under-systemd-status "$([ $st = 0 ]; echo $?)" "exit status $st, want 0"

echo 'XENDOMAINS_SAVE=/var/lib/xen/save' >>"$XENDOMAINS_CONF"
"$xd" stop >"$work/out" 2>&1
st=$?
cat >"$work/want" <<EOW
xendomains: XENDOMAINS_SAVE=/var/lib/xen/save, but this xl cannot save guests: shutting them down instead
xendomains: alpha (domain 1): shutdown requested
xendomains: beta (domain 2): shutdown requested
xendomains: alpha (domain 1): shut down cleanly after 0 s
xendomains: beta (domain 2): shut down cleanly after 0 s
EOW
expect stop-save-falls-back "$work/out" "$work/want"
check stop-status "$([ $st = 0 ]; echo $?)" "exit status $st, want 0"
check stop-leaves-none "$(ls "$work/doms" | grep -q . && echo 1 || echo 0)" \
    "guests left: $(ls "$work/doms")"

rm -f "$work/auto"/*
printf 'XENDOMAINS_AUTO=%s\nXENDOMAINS_STOP_MAXWAIT=2\n' "$work/auto" \
    >"$XENDOMAINS_CONF"
echo 'name = "stubborn"' >"$work/auto/stubborn.cfg"
echo 'name = "meek"' >"$work/auto/meek.cfg"
"$xd" start >/dev/null 2>&1
"$xd" stop >"$work/out" 2>&1
st=$?
cat >"$work/want" <<EOW
xendomains: meek (domain 3): shutdown requested
xendomains: stubborn (domain 4): shutdown requested
xendomains: meek (domain 3): shut down cleanly after 0 s
xendomains: stubborn (domain 4): did not shut down within 2 s; destroyed
EOW
expect stop-timeout-destroys "$work/out" "$work/want"
check stop-timeout-status "$([ $st = 1 ]; echo $?)" "exit status $st, want 1"

rm -f "$work/auto"/*
echo 'name = "zombie"' >"$work/auto/zombie.cfg"
"$xd" start >/dev/null 2>&1
"$xd" stop >"$work/out" 2>&1
st=$?
cat >"$work/want" <<EOW
xendomains: zombie (domain 5): shutdown requested
xendomains: zombie (domain 5): shut down cleanly after 0 s
EOW
expect stop-destroys-shut-down "$work/out" "$work/want"
check stop-destroys-shut-down-gone "$([ ! -e "$work/doms/5" ]; echo $?)" \
    "domain 5 left in state s"

"$xd" frobnicate >/dev/null 2>&1
st=$?
check usage "$([ $st = 2 ]; echo $?)" "exit status $st, want 2"
exit $failed
