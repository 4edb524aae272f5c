#!/usr/bin/env bash
# Write a seed corpus for fuzz_dispatch into DIR: one file per message
# type, each a well-formed request (first byte 0 = dom0, 1 = domain 0+1),
# plus a transaction sequence.  Usage: make-corpus.sh DIR
set -eu
dir=$1
mkdir -p "$dir"

le32() { # print a little-endian 32-bit integer as \x escapes
    printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
        $((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

# msg TYPE TX PAYLOAD(printf format, \0 allowed)
msg() {
    local body len
    body=$(printf '%s' "$3")
    len=$(printf "$body" | wc -c)
    printf "$(le32 "$1")$(le32 7)$(le32 "$2")$(le32 "$len")$body"
}

n=0
seed() { printf "$1" >"$dir/seed-$n"; eval "$2" >>"$dir/seed-$n"; n=$((n + 1)); }

seed '\x00' 'msg 11 0 "/a/b\0value"; msg 2 0 "/a/b\0"; msg 1 0 "/a\0"'
seed '\x00' 'msg 12 0 "/m\0"; msg 14 0 "/m\0r1\0b2\0"; msg 3 0 "/m\0"'
seed '\x00' 'msg 4 0 "/w\0tok\0"; msg 11 0 "/w/x\0v"; msg 13 0 "/w\0"; msg 5 0 "/w\0tok\0"'
seed '\x00' 'msg 6 0 "\0"; msg 11 1 "/t/x\0v"; msg 1 1 "/t\0"; msg 7 1 "T\0"'
seed '\x00' 'msg 22 0 "/\0000\0"; msg 10 0 "3\0"; msg 17 0 "3\0"; msg 21 0 ""'
seed '\x00' 'msg 19 0 "3\0004\0"; msg 18 0 "3\0"; msg 9 0 "3\0"; msg 8 0 "3\0001\0002\0"'
seed '\x00' 'msg 0 0 "check\0"; msg 0 0 "quota\0"; msg 0 0 "restrict\0005\0"; msg 11 0 "x\0v"'
seed '\x03' 'msg 11 0 "rel/x\0v"; msg 2 0 "rel/x\0"; msg 4 0 "@releaseDomain\0t\0"'
