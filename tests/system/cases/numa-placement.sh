#!/bin/sh
# Runs in dom0 (see numa-placement.test): `xl` is the project's, `xld`
# Debian's xl 4.17.
TAG=np
. /etc/xl-dom0-lib.sh
xld() { /usr/sbin/xl-debian "$@"; }
fail() {
    echo "np: FAIL $*"
    xld list 2>&1
    xld vcpu-list 2>&1
    xld info -n 2>&1 | sed -n '/numa_info/,$p'
    [ -f /tmp/out ] && { echo "== last output"; tail -20 /tmp/out; }
    exit 1
}

# The guests (numa-placement.test writes their configs): MiB and vCPUs.
GUESTS="npa npb npc npd"
size_of() { case $1 in npa) echo 300 ;; npb) echo 250 ;; npc) echo 400 ;; npd) echo 700 ;; esac; }

# The tables, worked out by hand.  The host after dom0 (384 MiB on node 0,
# its two vCPUs on CPUs 0-1): free memory about 620, 512, 768 and 355 MiB
# (node 3 holds the hypervisor's own image and boot data, node 0 dom0);
# CPUs 2, 1, 2, 1; vCPUs of other domains 2, 0, 0, 0.  Each guest's
# memory and (hard affinity, so counted where they are) vCPUs then go to
# its nodes.
#
# packed: the lowest node that holds the guest.
#   npa 300: node 0 (620)        -> free 320 512 768 355
#   npb 250: node 0 (320)        -> free  70 512 768 355
#   npc 400: node 1 (512)        -> free  70 112 768 355
#   npd 700: node 2 (768)        -> free  70 112  68 355
# spread: fewest vCPUs per CPU among the nodes that hold the guest (ties:
# more free memory); when none holds it, nodes in that order until they do.
#   npa 300/1: ratios 1 0 0 0, most free of 1,2,3: node 2   -> vCPUs 2 0 1 0
#   npb 250/2: ratios 1 0 .5 0: nodes 1 (512) and 3 (355): 1 -> vCPUs 2 2 1 0
#   npc 400/1: ratios 1 2 .5 0: node 3 holds only 355: node 2 -> 2 2 2 0
#   npd 700/2: free 620 262 68 355, none holds it: order 3 (0), 0 (1, 620),
#              2 (1, 68), 1: 3 + 0 = 975                    -> nodes 0,3
# bandwidth: the node with the most free memory, nearest nodes (SLIT)
# added until they hold the guest.
#   npa 300: node 2 (768)        -> free 620 512 468 355
#   npb 250: node 0 (620)        -> free 370 512 468 355
#   npc 400: node 1 (512)        -> free 370 112 468 355
#   npd 700: node 2 (468), then the nearest to it: 3 (15) -> nodes 2,3
# built-in (Xen 4.2's, as libxl 4.17): the fewest nodes that hold the
# guest and have as many CPUs as it has vCPUs; then fewer vCPUs of other
# domains; then more free memory.  Its vCPU affinity is soft, its node
# affinity the chosen nodes.
#   npa 300/1: nodes 1, 2, 3 have no vCPU: node 2 (768)    -> 620 512 468 355
#   npb 250/2: nodes with 2 CPUs: 0 (2 vCPUs), 2 (1): node 2 -> 620 512 218 355
#   npc 400/1: nodes 0 (620, 2 vCPUs) and 1 (512, none): node 1
#   npd 700/2: no node holds it; pairs that do with 2 CPUs: 0,1 (732,
#              vCPUs 2+1), 0,2 (838, 2+3), 0,3 (975, 2+0): nodes 0,3
T_packed="0 0 1 2"
T_spread="2 1 2 0,3"
T_bandwidth="2 0 1 2,3"
T_builtin="2 2 1 0,3"

# CPU -> node (xl info -n's cpu_topology), once.
cpu_nodes() {
    xld info -n | awk '/^cpu_topology/ {t = 1; next} /^numa_info/ {t = 0}
        t && $1 ~ /^[0-9]+:$/ {sub(":", "", $1); print $1, $4}'
}
# Free MiB per node, in node order (xl info -n's numa_info).
free_nodes() {
    xld info -n | awk '/^numa_info/ {t = 1; next}
        t && $1 ~ /^[0-9]+:$/ {printf "%s ", $3}'
}
# A cpumap ("all", "0-1,5") to the nodes of its CPUs ("0,3").
map_nodes() {
    echo "$1" | tr ',' '\n' | while IFS=- read a b; do
        [ -n "$b" ] || b=$a
        i=$a
        while [ "$i" -le "$b" ]; do
            echo "$i"
            i=$((i + 1))
        done
    done | while read c; do awk -v c="$c" '$1 == c {print $2}' /tmp/cpunode; done |
        sort -nu | paste -sd, -
}
# The nodes a guest was placed on: its vCPU 0's hard affinity, or the soft
# one when the hard is "all".
guest_nodes() {
    set -- $(xld vcpu-list "$1" | awk 'NR == 2 {print $(NF-2), $NF}')
    if [ "$1" != all ]; then map_nodes "$1"
    elif [ "$2" != all ]; then map_nodes "$2"
    else echo all; fi
}

# run LABEL XL: create the sequence with XL, check nodes and memory
# against T_<table>, then destroy it.
run() {
    local label=$1 xl=$2 table=$3 i=1 g want got size before after
    local n drop chosen other line
    after=$START
    for g in $GUESTS; do
        want=$(echo "$table" | cut -d' ' -f$i)
        size=$(size_of $g)
        before=$after
        $xl -v create -p /tmp/cfg/$g.cfg >/tmp/out 2>&1 ||
            fail "$label: create $g: $(grep -v '^libxl: debug' /tmp/out | tail -1)"
        # The hypervisor's frees and allocations settle within a second.
        sleep 1
        after=$(free_nodes)
        got=$(guest_nodes $g)
        line=$(grep -o "guest $g: policy [a-z]*: nodes* [0-9,]*" /tmp/out)
        echo "np: $label $g ${size} MiB: nodes $got (want $want) free before $before after $after${line:+ [$line]}"
        [ "$got" = "$want" ] || fail "$label: $g on nodes $got, not $want"
        case $label in
        builtin*) ;;
        *) [ "$line" = "guest $g: policy $label: node$(case $want in *,*) echo s ;; esac) $want" ] ||
            fail "$label: the plugin's line for $g: '$line'" ;;
        esac
        # Memory: the chosen nodes lose the guest's size (and up to 6 MiB
        # of page tables and hypervisor pages), the others at most 2 MiB.
        chosen=0 other=0 n=0
        for b in $before; do
            a=$(echo "$after" | cut -d' ' -f$((n + 1)))
            drop=$((b - a))
            case ",$want," in
            *,$n,*) chosen=$((chosen + drop)) ;;
            *) [ "$drop" -le 2 ] && [ "$drop" -ge -2 ] ||
                fail "$label: $g took $drop MiB from node $n, not one of $want" ;;
            esac
            n=$((n + 1))
        done
        [ "$chosen" -ge $((size - 1)) ] && [ "$chosen" -le $((size + 6)) ] ||
            fail "$label: nodes $want lost $chosen MiB for $g's $size MiB"
        i=$((i + 1))
    done
    # The hypervisor's NUMA key: the last guest's pages per node are on
    # its nodes only.
    n=$(xld domid $g)
    xld debug-keys u >/dev/null 2>&1 || fail "$label: xl debug-keys u"
    xld dmesg | awk -v d="$n" '/pressed -> dumping numa info/ {s = ""}
        {s = s "\n" $0} END {print s}' |
        awk -v d="$n" '$0 ~ "Domain " d " \\(total" {t = 1; print; next}
            t && /Node [0-9]+:/ {print; next} {t = 0}' >/tmp/keyu
    sed 's/^/np: key u: /' /tmp/keyu
    for k in 0 1 2 3; do
        c=$(sed -n "s/.*Node $k: \([0-9]*\).*/\1/p" /tmp/keyu)
        [ -n "$c" ] || fail "$label: key u shows no node $k for $g"
        case ",$want," in
        *,$k,*) ;;
        *) [ "$c" -eq 0 ] || fail "$label: key u: $g has $c pages on node $k" ;;
        esac
    done
    for g in $GUESTS; do
        xld destroy $g >/tmp/out 2>&1 || fail "$label: destroy $g"
    done
    wait_for 30 sh -c "[ \"\$(/usr/sbin/xl-debian info -n | awk '/^numa_info/ {t = 1; next} t && \$1 ~ /^[0-9]+:\$/ {printf \"%s \", \$3}')\" = '$START' ]" ||
        fail "$label: free memory per node not back: $(free_nodes), not $START"
    say "$label: nodes and memory as the table"
}

xl_dom0_setup
# Dom0's vCPUs stay on node 0's CPUs (Xen's dom0_nodes=0 does so; done
# here on both for the same view).
xld vcpu-pin 0 all 0-1 >/tmp/out 2>&1 || fail "vcpu-pin dom0"
cpu_nodes >/tmp/cpunode
xld info -n | sed -n '/^cpu_topology/,$p'
set -- $(xld info -n | awk '/^numa_info/ {t = 1; next}
    t && $1 ~ /^[0-9]+:$/ {printf "%s ", $4}')
cpus=$(for n in 0 1 2 3; do awk -v n=$n '$2 == n' /tmp/cpunode | wc -l; done | paste -sd' ' -)
say "topology $(free_nodes | wc -w) nodes, cpus $cpus, distances $*"
START=$(free_nodes)
say "free memory per node: $START"
mkdir -p /tmp/cfg /etc/xen/plugins.d
for g in $GUESTS; do cp /etc/xen/$g.cfg /tmp/cfg/; done

# The rounds the case asks for (/etc/np-rounds): the built-in placement
# by Debian's xl and by the project's (no plugin), and the plugin's
# policies: packed and bandwidth from its .conf, spread from each guest's
# numa_policy= (the .conf then says packed).
conf=/etc/xen/plugins.d/numa-place.conf
for r in $(cat /etc/np-rounds); do
    for g in $GUESTS; do cp /etc/xen/$g.cfg /tmp/cfg/; done
    rm -f $conf
    case $r in
    builtin-debian) run $r xld "$T_builtin" ;;
    builtin-ours) run $r xl "$T_builtin" ;;
    *)
        sed -e 's/^affinity = .*/affinity = "hard"/' \
            -e "s/^policy = .*/policy = \"$([ $r = spread ] && echo packed || echo $r)\"/" \
            /etc/xen/numa-place.conf.dist >$conf
        if [ $r = spread ]; then
            for g in $GUESTS; do echo 'numa_policy = "spread"' >>/tmp/cfg/$g.cfg; done
        fi
        eval "run $r xl \"\$T_$r\""
        ;;
    esac
done
rm -f $conf
exit 0
