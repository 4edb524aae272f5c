#!/usr/bin/env bash
# Run one set of xenstore-* command-line tools against a private xenstored
# and check what they print.  The same suite runs with our tools and with
# Debian's xenstore-utils 4.17 (its own libxenstore talking to our daemon).
#
# Usage: cli-suite.sh NAME BINDIR [LD_LIBRARY_PATH]
#   NAME     verdict name (PASS: unit/xenstore/NAME)
#   BINDIR   directory holding xenstore-read, -write, -ls, ...
# Environment: XSD_BIN, the daemon to test.
set -u
name=$1
bindir=$2
libpath=${3:-}
work=$(mktemp -d)
sock=$work/socket
fails=0

"$XSD_BIN" -N -D -c /dev/null -s "$sock" 2>"$work/daemon.log" &
dpid=$!
trap 'kill $dpid 2>/dev/null; wait $dpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done

export XENSTORED_PATH=$sock
[ -n "$libpath" ] && export LD_LIBRARY_PATH=$libpath

xs() { local t=$1; shift; "$bindir/xenstore-$t" "$@"; }

# check DESCRIPTION EXPECTED COMMAND...
check() {
    local what=$1 want=$2 got
    shift 2
    got=$("$@" 2>&1)
    if [ "$got" != "$want" ]; then
        echo "$name: $what: expected [$want], got [$got]"
        fails=$((fails + 1))
    fi
}

# check_rc DESCRIPTION RC COMMAND...
check_rc() {
    local what=$1 want=$2 rc
    shift 2
    "$@" >/dev/null 2>&1
    rc=$?
    if [ "$rc" != "$want" ]; then
        echo "$name: $what: exit $rc, expected $want"
        fails=$((fails + 1))
    fi
}

xs write /local/domain/0/name Domain-0 /vm/uuid/name guest1 /vm/uuid/mem 512
check "read" "guest1" xs read /vm/uuid/name
check "read two" $'guest1\n512' xs read /vm/uuid/name /vm/uuid/mem
check "list" $'name\nmem' xs list /vm/uuid
check "ls" $'uuid = ""\n name = "guest1"\n mem = "512"' xs ls /vm
check_rc "exists" 0 xs exists /vm/uuid/mem
check_rc "exists absent" 1 xs exists /vm/none
check_rc "read absent" 1 xs read /vm/none
xs write /esc 'a\x01b\x1f\\c\td'
check "escaped value" 'a\001b\x1f\\c\td' xs read /esc
xs chmod /vm/uuid n0 r5
check "ls -p" "r5" bash -c "$bindir/xenstore-ls -p /vm | sed -n 's/.*(\\(.*\\))\$/\\1/p' | head -1 | cut -d, -f2"
xs rm /vm/uuid/mem
check "rm" "name" xs list /vm/uuid
xs rm /vm
check_rc "rm subtree" 1 xs exists /vm/uuid/name
check_rc "bad path" 1 xs write /a//b x

# A directory too large for one reply (DIRECTORY_PART in the library).
args=()
for i in $(seq -w 1 300); do args+=("/big/a-rather-long-child-name-$i" "$i"); done
xs write "${args[@]}"
check "large directory" 300 bash -c "$bindir/xenstore-list /big | wc -l"
check "large directory last" "a-rather-long-child-name-300" bash -c "$bindir/xenstore-list /big | tail -1"

# Watches: the initial event, then one per change.
timeout 5 "$bindir/xenstore-watch" -n 3 /watched >"$work/events" &
wpid=$!
sleep 0.3
xs write /watched/a 1
xs rm /watched
wait $wpid
check "watch events" $'/watched\n/watched/a\n/watched' cat "$work/events"

if ! kill -0 $dpid 2>/dev/null; then
    echo "$name: the daemon died"
    fails=$((fails + 1))
fi
if [ $fails -eq 0 ]; then
    echo "PASS: unit/xenstore/$name"
else
    echo "FAIL: unit/xenstore/$name ($fails checks)"
    exit 1
fi
