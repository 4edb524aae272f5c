#!/usr/bin/env bash
# xenstore benchmark: Xenith's xenstored on this host, then all three
# daemons (Xenith's, Xen 4.17's C xenstored, oxenstored) side by side in
# Debian's Xen 4.17 dom0 under QEMU (tests/system/cases/xenstored-bench),
# printing median ops/s over the rounds and the ratios Xenith / C
# xenstored and Xenith / oxenstored for every workload.
# Usage: run-bench.sh OUTDIR   (the component's build output)
# Environment: XSB_HOST_OPS (default 20000), XSB_SKIP_QEMU=1.
set -u
out=$1
top=$(cd "$(dirname "$0")/../../.." && pwd)
ops=${XSB_HOST_OPS:-20000}
work=$(mktemp -d)
sock=$work/socket

echo "== host: Xenith xenstored (unix socket)"
"$out/xenstored" -N -D -c /dev/null -s "$sock" 2>"$work/log" &
dpid=$!
trap 'kill $dpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
for mode in read write dir txn; do
    for c in 1 8 32; do
        XENSTORED_PATH=$sock LD_LIBRARY_PATH=$out \
            "$out/xs-bench" -c $c -n $((ops / c)) -k 16 $mode || exit 1
    done
done
kill $dpid
wait $dpid 2>/dev/null

[ "${XSB_SKIP_QEMU:-}" = 1 ] && exit 0
echo "== Xen 4.17 dom0 under QEMU: all three daemons"
"$top/tests/system/run" --hv xen417 xenstored-bench || exit 1
log=$top/build/system/xenstored-bench@xen417/serial.log
tr -d '\r' <"$log" | awk '
function median(list,    a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++)
        for (j = i + 1; j <= n; j++)
            if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/^BENCH / {
    d = $2; m = $4; c = $5; sub("clients=", "", c); v = ""
    for (i = 6; i <= NF; i++) if ($i ~ /^ops\/s=/) { v = $i; sub("ops/s=", "", v) }
    if (d == "xenith") { xv = v; next }
    # Each run of a Xen daemon follows the Xenith run it is paired with.
    ops[d, m, c] = ops[d, m, c] " " v
    ours[d, m, c] = ours[d, m, c] " " xv
    if (!((m, c) in seen)) { seen[m, c] = 1; order[++n] = m " " c }
}
END {
    print "median ops/s over the rounds; each Xen daemon beside the Xenith runs paired with it"
    printf "%-6s %7s %10s %10s %7s %10s %10s %7s\n", "mode", "clients",
        "xenith", "cxenstored", "x/c", "xenith", "oxenstored", "x/o"
    for (i = 1; i <= n; i++) {
        split(order[i], k, " ")
        xc = median(ours["cxenstored", k[1], k[2]])
        c = median(ops["cxenstored", k[1], k[2]])
        xo = median(ours["oxenstored", k[1], k[2]])
        o = median(ops["oxenstored", k[1], k[2]])
        printf "%-6s %7s %10.0f %10.0f %7.2f %10.0f %10.0f %7.2f\n", k[1], k[2],
            xc, c, c ? xc / c : 0, xo, o, o ? xo / o : 0
    }
}'
