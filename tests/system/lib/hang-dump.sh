#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# What every CPU of a QEMU machine is doing when a case runs out of time,
# so that a hang seen once (in CI, say) leaves evidence behind.
#
# hang_dump DIR HV_SYMS GUEST_SYMS
#   asks QEMU's monitor (DIR/monitor.sock) for every CPU's registers,
#   keeps them in DIR/hang-cpus.txt and writes one line per CPU to
#   DIR/hang.txt: its privilege level, whether it is halted, RIP and, where
#   a symbol table is at hand, the function RIP is in.  HV_SYMS is an ELF
#   with the hypervisor's symbols (may be empty), GUEST_SYMS a System.map
#   or an ELF of dom0's kernel (may be empty).

# nm-style "ADDR TYPE NAME" lines of text symbols, sorted by address.
hang_symbols() {
    local f=$1
    [ -s "$f" ] || return 0
    if head -c 4 "$f" | grep -q 'ELF'; then
        nm -n "$f" 2>/dev/null
    else
        sort "$f"
    fi | awk 'tolower($2) ~ /^[tw]$/ { print tolower($1), $3 }'
}

# The symbol holding ADDR (hex, lower case) in a sorted table, as NAME+0xOFF.
hang_lookup() {
    local addr=$1 table=$2
    [ -s "$table" ] || return 0
    awk -v a="$addr" '
        function h(s,   i, c, v) {
            v = 0
            for (i = 1; i <= length(s); i++) {
                c = index("0123456789abcdef", substr(s, i, 1)) - 1
                v = v * 16 + c
            }
            return v
        }
        BEGIN { t = h(a) }
        # Compare as fixed-width strings: awk numbers lose the low bits of
        # 64-bit addresses, so the offset is taken from the last 8 digits.
        length($1) == length(a) && ($1 "") <= (a "") { best = $1; name = $2; next }
        length($1) == length(a) && ($1 "") > (a "") { exit }
        END {
            if (name != "") {
                off = h(substr(a, length(a) - 7)) - h(substr(best, length(best) - 7))
                if (off >= 0 && off < 1048576)
                    printf "%s+%#x", name, off
            }
        }' "$table"
}

# One look at every CPU through the monitor: "CPU RIP CPL HLT" lines,
# the monitor's whole answer appended to RAW.
hang_sample() {
    local sock=$1 raw=$2 ans
    # HMP answers after echoing the command; -t lets it finish printing.
    ans=$(printf 'info registers -a\n' |
        timeout 10 socat -t 3 - "UNIX-CONNECT:$sock" 2>/dev/null | tr -d '\r') || true
    printf '%s\n' "$ans" | sed -n '/^CPU#/,$p' >>"$raw"
    printf '%s\n' "$ans" | awk '
        /^CPU#[0-9]+/ { cpu = $1; sub(/^CPU#/, "", cpu) }
        /^RIP=/ {
            rip = $1; sub(/^RIP=/, "", rip)
            cpl = ""; hlt = ""
            for (i = 2; i <= NF; i++) {
                if ($i ~ /^CPL=/) cpl = substr($i, 5)
                if ($i ~ /^HLT=/) hlt = substr($i, 5)
            }
            print cpu, tolower(rip), cpl, hlt
        }'
}

hang_dump() {
    local dir=$1 hv_syms=$2 guest_syms=$3
    local sock=$dir/monitor.sock raw=$dir/hang-cpus.txt n
    [ -S "$sock" ] || return 0
    command -v socat >/dev/null || return 0
    local hvt=$dir/.hv.syms gt=$dir/.guest.syms
    hang_symbols "$hv_syms" >"$hvt"
    hang_symbols "$guest_syms" >"$gt"
    : >"$raw"
    # Two looks a second apart tell a CPU stuck at one place from a loop.
    for n in 1 2; do
        [ "$n" = 2 ] && sleep 1
        echo "== look $n" >>"$raw"
        hang_sample "$sock" "$raw" | while read -r cpu rip cpl hlt; do
            local where
            where=$(hang_lookup "$rip" "$hvt")
            [ -n "$where" ] || where=$(hang_lookup "$rip" "$gt")
            printf 'hang[%s]: CPU%s CPL=%s HLT=%s RIP=%s %s\n' "$n" "$cpu" "$cpl" "$hlt" "$rip" "$where"
        done
    done >"$dir/hang.txt"
    rm -f "$hvt" "$gt"
}
