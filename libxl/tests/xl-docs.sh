#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# xl's documentation and completion against the xl just built:
#   xl-man        man/xl.1.in formats without groff warnings and documents
#                 every subcommand `xl help` lists
#   xl-completion xl/bash-completion completes global options, subcommands,
#                 a subcommand's options and domain names (from a stand-in
#                 `xl list`)
# Usage: xl-docs.sh XL_BINARY   (its libraries found through LD_LIBRARY_PATH)
set -u
xl_bin=$1
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
verdict() { # name status [why]
    if [ "$2" = 0 ]; then echo "PASS: $1"; else echo "FAIL: $1${3:+ ($3)}"; fi
}

# ---- the man page ----
fail=0
why=
sed 's|@PLUGINDIR@|/usr/lib/xenith/plugins|g' "$here/man/xl.1.in" >"$tmp/xl.1"
warn=$(groff -man -Tutf8 -ww -z "$tmp/xl.1" 2>&1)
if [ -n "$warn" ]; then
    fail=1
    why="groff: $(echo "$warn" | head -1)"
fi
# Each subcommand starts an entry: a line "       NAME" or "       NAME args".
MANWIDTH=200 groff -man -Tascii -P-cbou "$tmp/xl.1" 2>/dev/null >"$tmp/xl.txt"
for c in $("$xl_bin" help | awk '/^ [a-z]/ { print $1 }'); do
    if ! grep -qE "^ {7}$c( |\$)" "$tmp/xl.txt"; then
        fail=1
        why="subcommand $c is not in man/xl.1.in"
    fi
done
verdict unit/libxl/xl-man $fail "$why"

# ---- completion ----
# A stand-in xl: `list` and `cpupool-list` print fixed tables, the rest is
# the real one.
mkdir "$tmp/bin"
cat >"$tmp/bin/xl" <<EOS
#!/bin/sh
case "\$1" in
list) printf 'Name ID Mem VCPUs State Time(s)\nDomain-0 0 1024 1 r----- 1.0\nguest-a 1 256 1 -b---- 0.5\nguest-b 2 256 1 -b---- 0.5\n' ;;
cpupool-list) printf 'Name CPUs Sched Active Domain count\nPool-0 2 credit y 3\n' ;;
*) exec "$xl_bin" "\$@" ;;
esac
EOS
chmod +x "$tmp/bin/xl"
fail=0
why=
complete_words() { # expected, words...
    local expected=$1 got
    shift
    got=$(PATH="$tmp/bin:$PATH" bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _xl; for w in "${COMPREPLY[@]}"; do echo "$w"; done | sort | tr "\n" " "' \
        _ "$here/xl/bash-completion" "$@")
    if [ "$got" != "$expected" ]; then
        fail=1
        why="'$*' completed to '$got', not '$expected'"
    fi
}
complete_words "plugin-list " xl plug
complete_words "help " xl -v he
complete_words "-N " xl -N
complete_words "-h " xl plugin-list -
complete_words "guest-a guest-b " xl destroy guest
complete_words "" xl destroy guest-a ""
complete_words "all " xl vcpu-pin guest-a a
complete_words "Pool-0 " xl sched-credit -p P
complete_words "guest-a " xl sched-credit -d guest-a
complete_words "libvirt " xl config-convert --from l
verdict unit/libxl/xl-completion $fail "$why"
