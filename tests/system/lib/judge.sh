#!/usr/bin/env bash
# Judge one run from its serial log and how it ended.
#
# judge LOG END   uses the case variables EXPECT, FORBID and END
#   EXPECT  extended regexes that must appear, each on a line after the
#           previous one's line
#   FORBID  extended regexes that must appear nowhere
#   END     poweroff | reboot | any: how the run must end
# Prints why it failed and returns 1, or returns 0.
# A hypervisor panic or a dom0 kernel panic fails the run, unless the case
# sets CRASH_OK=1 (a test of the panic path itself).

JUDGE_CRASH='Panic on CPU [0-9]+|Kernel panic - not syncing|Hardware Dom0 crashed'

judge() {
    local raw=$1 end=$2 line=0 re hit log
    if [ ! -s "$raw" ]; then
        echo "no serial output (ended: $end)"
        return 1
    fi
    # Consoles end lines with CR LF; match against plain lines.
    log=$raw.txt
    tr -d '\r' <"$raw" >"$log"
    hit=$(grep -a -m1 -E "$JUDGE_CRASH" "$log")
    if [ -n "$hit" ] && [ -z "${CRASH_OK:-}" ]; then
        echo "crashed: ${hit:0:160}"
        return 1
    fi
    for re in "${FORBID[@]}"; do
        hit=$(grep -a -m1 -E -- "$re" "$log")
        if [ -n "$hit" ]; then
            echo "forbidden line: ${hit:0:160}"
            return 1
        fi
    done
    for re in "${EXPECT[@]}"; do
        hit=$(tail -n +$((line + 1)) "$log" | grep -a -n -m1 -E -- "$re" | cut -d: -f1)
        if [ -z "$hit" ]; then
            echo "missing line /$re/ (ended: $end)"
            return 1
        fi
        line=$((line + hit))
    done
    case "$END" in
    any) ;;
    "$end") ;;
    *)
        echo "ended by $end, expected $END"
        return 1
        ;;
    esac
    return 0
}
