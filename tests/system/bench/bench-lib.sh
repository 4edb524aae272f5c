# shellcheck shell=bash
# Shared helpers of the QEMU benchmarks in tests/system/bench/ (sourced, not
# run: `make bench` runs only the executable files here).
#
# A benchmark boots a test-bed case (tests/system/cases/) on Xen 4.17 and on
# Xenith, alternating the two, BENCH_RUNS times each (default 3), takes the
# median of the runs and prints one table:
#   metric   Xenith   Xen 4.17   ratio (Xenith/Xen)
# A side that cannot run is shown as "n/a (reason)".  Copies of every run's
# serial log are kept in build/bench/<benchmark>/.
#
# Variables set by bench_init: TOP, RUNS, BENCH_OUT; by a failed bench_run:
# BENCH_WHY.

bench_usage() {
    sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

# bench_init NAME ARGS...: parse --runs N / -h and prepare the output dir.
bench_init() {
    local name=$1
    shift
    TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
    RUNS=${BENCH_RUNS:-3}
    while [ $# -gt 0 ]; do
        case "$1" in
        --runs)
            [ $# -ge 2 ] || bench_usage
            RUNS=$2
            shift 2
            ;;
        -h | --help) bench_usage ;;
        *)
            echo "$(basename "$0"): unknown argument '$1' (see --help)" >&2
            exit 2
            ;;
        esac
    done
    case "$RUNS" in
    '' | *[!0-9]* | 0)
        echo "$(basename "$0"): --runs needs a positive number" >&2
        exit 2
        ;;
    esac
    BENCH_OUT=$TOP/build/bench/$name
    mkdir -p "$BENCH_OUT"
}

# bench_cell_na REASON: a table cell for a side that did not run; the
# reason is cut short (bench_reasons prints it whole).
bench_cell_na() {
    local r=$1
    [ ${#r} -le 60 ] || r="${r:0:57}..."
    echo "n/a ($r)"
}

# bench_reasons HV REASON...: print each side's whole reason for n/a.
bench_reasons() {
    while [ $# -ge 2 ]; do
        [ -n "$2" ] && echo "$1 n/a: $2"
        shift 2
    done
    return 0
}

# bench_xenith_reason: why Xenith cannot be measured at all, or nothing.
bench_xenith_reason() {
    [ -s "$TOP/core/xenith" ] || echo "core/xenith not built"
}

# bench_verdict_reason LINE: the reason inside a test-bed FAIL line.
bench_verdict_reason() {
    local line=$1 why
    why=$(printf '%s\n' "$line" | sed -n 's/^FAIL: [^ ]* (\(.*\)) -- log: .*/\1/p')
    printf '%s\n' "${why:-${line:-no verdict from the test bed}}"
}

# bench_case_dir CASE HV: the test bed's output directory of one run.
bench_case_dir() {
    echo "$TOP/build/system/$1@$2"
}

# bench_run CASE HV N [RUN-ARGS...]: run one case on one hypervisor through
# the test bed, keep its serial log as BENCH_OUT/HV-N.log (CRs removed).
# Returns 0 on PASS; otherwise BENCH_WHY says why.
bench_run() {
    local case=$1 hv=$2 n=$3 out verdict
    shift 3
    out=$("$TOP/tests/system/run" --quiet --hv "$hv" "$@" "$case" 2>&1)
    verdict=$(printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP): ' | tail -n 1)
    [ -n "$verdict" ] || verdict=$(printf '%s\n' "$out" | tail -n 1)
    bench_save_log "$case" "$hv" "$n"
    case "$verdict" in
    PASS:*) return 0 ;;
    esac
    # shellcheck disable=SC2034 # read by the benchmark scripts
    BENCH_WHY=$(bench_verdict_reason "$verdict")
    return 1
}

# bench_save_log CASE HV N: copy the run's serial log without CRs.
bench_save_log() {
    local log
    log=$(bench_case_dir "$1" "$2")/serial.log
    rm -f "$BENCH_OUT/$2-$3.log"
    [ -f "$log" ] && tr -d '\r' <"$log" >"$BENCH_OUT/$2-$3.log"
    return 0
}

# bench_median V...: the median of the numbers given, as written (for an
# even count the mean of the middle two); prints nothing for no numbers.
bench_median() {
    [ $# -gt 0 ] || return 0
    printf '%s\n' "$@" | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR % 2) print v[(NR + 1) / 2]
            else if (v[NR / 2] ~ /\./ || (v[NR / 2] + v[NR / 2 + 1]) % 2)
                printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
            else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
        }'
}

# bench_ratio X Y: X/Y with two decimals, or n/a unless both are numbers.
bench_ratio() {
    awk -v x="$1" -v y="$2" 'BEGIN {
        if (x ~ /^[0-9.]+$/ && y ~ /^[0-9.]+$/ && y + 0 > 0)
            printf "%.2f\n", x / y
        else
            print "n/a"
    }'
}

# bench_table: read rows of three fields (metric, Xenith, Xen 4.17)
# separated by the unit separator \x1f (fields may hold spaces or be
# empty) on stdin and print them aligned, with a header and the ratio.
bench_table() {
    local rows=() metric a b us=$'\x1f'
    rows+=("metric${us}Xenith${us}Xen 4.17${us}ratio (Xenith/Xen)")
    while IFS=$us read -r metric a b; do
        rows+=("$metric$us$a$us$b$us$(bench_ratio "$a" "$b")")
    done
    printf '%s\n' "${rows[@]}" | awk -F'\x1f' '
        { for (i = 1; i <= NF; i++) { c[NR, i] = $i
              if (length($i) > w[i]) w[i] = length($i) } }
        END { for (r = 1; r <= NR; r++) {
                  line = ""
                  for (i = 1; i <= 4; i++)
                      line = line sprintf(i < 4 ? "%-" w[i] "s   " : "%s", c[r, i])
                  print line } }'
}

# bench_host_note: one line about the host, since figures depend on it.
bench_host_note() {
    echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
        "$("${QEMU:-qemu-system-x86_64}" --version 2>/dev/null | head -n 1)"
}

# bench_guest_lines CASE: boot CASE on Xen 4.17 and on Xenith, alternately,
# RUNS times each; collect every "BENCH <metric> <value> iterations <n> min
# <best> ..." line (BENCH-NA <metric> <reason>: a figure the run could not
# take) and print the medians of <value> and of <best> ("<metric> (best)")
# per side.  BENCH_DEFAULT_METRICS names the rows if Xen 4.17 gives none.
# Returns non-zero if a Xen 4.17 run failed.
bench_guest_lines() {
    local CASE=$1 i
    local -A vals navals
    local metrics=()
    local -A na
    na[xenith]=$(bench_xenith_reason)
    na[xen417]=""

    # add_metric KEY: list KEY as a table row (in the order Xen 4.17 gives).
    add_metric() {
        local m
        for m in "${metrics[@]}"; do
            [ "$m" = "$1" ] && return 0
        done
        metrics+=("$1")
    }

    # collect HV N: add the figures of run N on HV to vals; a BENCH-NA line
    # (a figure the guest could not take) records its reason in navals.
    collect() {
        local hv=$1 n=$2 line tag metric value iter min minv
        while IFS= read -r line; do
            read -r tag metric value iter _ min minv _ <<<"$line"
            if [ "$tag" = BENCH-NA ]; then
                value=${line#BENCH-NA "$metric" }
                navals["$hv|$metric"]=$value
                navals["$hv|$metric (best)"]=$value
            elif [ "$tag" != BENCH ] || [ "$iter" != iterations ] ||
                [ "$min" != min ]; then
                continue
            else
                vals["$hv|$metric"]+=" $value"
                vals["$hv|$metric (best)"]+=" $minv"
            fi
            if [ "$hv" = xen417 ]; then
                add_metric "$metric"
                add_metric "$metric (best)"
            fi
        done < <(grep -a -E '^BENCH(-NA)? ' "$BENCH_OUT/$hv-$n.log" 2>/dev/null)
    }

    for ((i = 1; i <= RUNS; i++)); do
        if bench_run "$CASE" xen417 "$i"; then
            collect xen417 "$i"
        else
            na[xen417]="run $i failed: $BENCH_WHY"
            break
        fi
        if [ -z "${na[xenith]}" ]; then
            if bench_run "$CASE" xenith "$i" --run-pending; then
                collect xenith "$i"
            else
                na[xenith]=$BENCH_WHY
            fi
        fi
    done

    # cell HV KEY: the median of one side's runs, or n/a (reason).
    cell() {
        local v
        if [ -n "${na[$1]}" ]; then
            bench_cell_na "${na[$1]}"
            return
        fi
        # shellcheck disable=SC2086
        v=$(bench_median ${vals[$1|$2]:-})
        if [ -n "$v" ]; then
            echo "$v"
        else
            bench_cell_na "${navals[$1|$2]:-no BENCH line}"
        fi
    }

    bench_host_note
    if [ ${#metrics[@]} -eq 0 ]; then
        # Xen 4.17 gave nothing: still name the figures this benchmark has.
        metrics=("${BENCH_DEFAULT_METRICS[@]}")
    fi
    for m in "${metrics[@]}"; do
        printf '%s\x1f%s\x1f%s\n' "$m" "$(cell xenith "$m")" "$(cell xen417 "$m")"
    done | bench_table
    bench_reasons Xenith "${na[xenith]}" "Xen 4.17" "${na[xen417]}"
    echo "serial logs: ${BENCH_OUT#"$TOP"/}/"
    [ -z "${na[xen417]}" ]
}
