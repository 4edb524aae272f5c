#!/bin/sh
# Runs in dom0 (see toolstack-ops.test): `xl` is the project's, `xld`
# Debian's xl 4.17.
TAG=ops
. /etc/xl-dom0-lib.sh
xld() { /usr/sbin/xl-debian "$@"; }
fail() {
    echo "ops: FAIL $*"
    xld list 2>&1
    [ -f /tmp/out ] && { echo "== last output"; tail -20 /tmp/out; }
    [ -f /tmp/cout ] && { echo "== console"; tail -20 /tmp/cout; }
    exit 1
}
# Both xl's output (stdout) of a command through the same filter must
# agree.
same() {
    local filter=$1
    shift
    xl "$@" >/tmp/ours 2>/tmp/ours.err || fail "xl $*: $(tail -1 /tmp/ours.err)"
    xld "$@" >/tmp/theirs 2>/tmp/theirs.err ||
        fail "Debian's xl $*: $(tail -1 /tmp/theirs.err)"
    sh -c "$filter" </tmp/ours >/tmp/ours.f
    sh -c "$filter" </tmp/theirs >/tmp/theirs.f
    diff -u /tmp/theirs.f /tmp/ours.f >/tmp/out || fail "xl $* differs from Debian's"
}
# `xl ARGS` must fail with status $1 and print a line matching $2.
refused() {
    local want=$1 re=$2 rc
    shift 2
    xl "$@" >/tmp/out 2>&1
    rc=$?
    [ "$rc" = "$want" ] || fail "xl $*: exit $rc, not $want"
    grep -q "$re" /tmp/out || fail "xl $*: no '$re' in its output"
}
xl_dom0_setup

free0=$(free_mb)
xld create /etc/xen/ops1.cfg >/tmp/out 2>&1 || fail "Debian's xl create"
say "created ops1 with Debian's xl"
d=$(xld domid ops1)
mkfifo /tmp/cin
script -q -c "xl-debian console ops1" /dev/null </tmp/cin >/tmp/cout 2>&1 &
cpid=$!
exec 3>/tmp/cin
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
say "guest up"

# Listing: name, id, memory, vCPUs as Debian's (time and the running /
# blocked letters move).
same "awk 'NR == 1 {print; next} {print \$1, \$2, \$3, \$4}'" list
set -- $(xl list ops1 | awk '$1 == "ops1" {print $3, $4}')
[ "$1" = 128 ] && [ "$2" = 2 ] || fail "xl list shows mem '$1' vcpus '$2'"
say "list as Debian's: ops1 $1 MiB $2 vCPUs"

# xl info: the same keys in the same order; the same values but for
# what moves (free memory) or is the toolstack's own.
same "cut -d: -f1" info
same "grep -Ev '^(free_memory|sharing_|outstanding_claims)'" info
say "info keys as Debian's ($(wc -l </tmp/ours.f) keys)"
same "awk 'NR == 1 {print; next} {print \$1, \$2, \$3, \$(NF-2), \$(NF-1), \$NF}'" vcpu-list
say "vcpu-list as Debian's"
same cat domid ops1
same cat domname "$d"
same cat vm-list
xl list -l ops1 >/tmp/out 2>&1 || fail "xl list -l"
grep -q "^        \"domid\": $d,$" /tmp/out || fail "xl list -l: no domid $d"
grep -q '"name": "ops1"' /tmp/out || fail "xl list -l: no name"
say "names, ids and uuids as Debian's"
same cat cpupool-list
same cat cpupool-list -c
same cat sched-credit
say "cpupool-list and sched-credit as Debian's"

xl uptime ops1 >/tmp/out 2>&1 || fail "xl uptime"
grep -Eq '^ops1 +[0-9]+ +[0-9]+:[0-9]{2}:[0-9]{2}$' /tmp/out ||
    fail "xl uptime: $(cat /tmp/out)"
xl dmesg >/tmp/out 2>&1 || fail "xl dmesg"
grep -q '(XEN)' /tmp/out || fail "xl dmesg shows no hypervisor log"
xl debug-keys h >/tmp/out 2>&1 || fail "xl debug-keys"
say "uptime, dmesg, debug-keys ok"

xl pause ops1 || fail "xl pause"
xld list ops1 | awk '$1 == "ops1" {print $5}' | grep -q p ||
    fail "Debian's xl does not see ops1 paused"
xl unpause ops1 || fail "xl unpause"
xld list ops1 | awk '$1 == "ops1" {print $5}' | grep -q p &&
    fail "Debian's xl still sees ops1 paused"
say "pause and unpause seen by Debian's xl"

xl rename ops1 opsx || fail "xl rename"
[ "$(xld domid opsx 2>/dev/null)" = "$d" ] || fail "Debian's xl: no opsx"
refused 1 'invalid domain identifier' rename ops1 opsy
xl rename opsx ops1 || fail "xl rename back"
[ "$(xld domid ops1 2>/dev/null)" = "$d" ] || fail "Debian's xl: no ops1"
say "rename seen by Debian's xl"

xl vcpu-pin ops1 1 1 || fail "xl vcpu-pin"
[ "$(xld vcpu-list ops1 | awk '$3 == 1 {print $(NF-2)}')" = 1 ] ||
    fail "Debian's xl: vCPU 1 not pinned to CPU 1"
xl vcpu-pin ops1 all all || fail "xl vcpu-pin all"
[ "$(xld vcpu-list ops1 | awk '$3 == 1 {print $(NF-2)}')" = all ] ||
    fail "Debian's xl: vCPU 1 not back on all CPUs"
say "vcpu-pin seen by Debian's xl"

# A credit pool of its own for the guest on pCPU 1.
xl cpupool-cpu-remove Pool-0 1 >/tmp/out 2>&1 || fail "xl cpupool-cpu-remove"
[ -s /tmp/out ] && fail "xl cpupool-cpu-remove: $(cat /tmp/out)"
xl cpupool-create 'name="p1"' 'sched="credit"' 'cpus="1"' >/tmp/out 2>&1 ||
    fail "xl cpupool-create: $(tail -1 /tmp/out)"
grep -q '^cpupool name:   p1$' /tmp/out || fail "xl cpupool-create said $(cat /tmp/out)"
refused 1 'Pool name "p1" already exists' cpupool-create 'name="p1"'
xl cpupool-migrate ops1 p1 || fail "xl cpupool-migrate"
same cat cpupool-list
same cat cpupool-list -c p1
same "awk '{print \$1, \$NF}'" list -c
same cat sched-credit
same cat sched-credit -p p1
same cat sched-credit -s -p p1
xl sched-credit -d ops1 -w 512 -c 50 || fail "xl sched-credit -w -c"
[ "$(xld sched-credit -d ops1 | awk '$1 == "ops1" {print $3, $4}')" = "512 50" ] ||
    fail "Debian's xl: $(xld sched-credit -d ops1 | tail -1)"
same cat sched-credit -d ops1
xl sched-credit -s -p p1 -t 10 -r 500 || fail "xl sched-credit -s -t -r"
xld sched-credit -s -p p1 | grep -q 'tslice=10ms ratelimit=500us' ||
    fail "Debian's xl: $(xld sched-credit -s -p p1)"
refused 1 'Cpu weight out of range' sched-credit -d ops1 -w 70000
refused 1 'Cpu cap out of range' sched-credit -d ops1 -c 300
refused 1 'Time slice out of range' sched-credit -s -p p1 -t 0
refused 1 'Ratelimit out of range' sched-credit -s -p p1 -r 50
refused 1 'Ratelimit cannot be greater than timeslice' sched-credit -s -p p1 -t 1 -r 2000
refused 1 "unknown cpupool 'nopool'" sched-credit -s -p nopool
refused 1 'Can.t destroy cpupool' cpupool-destroy p1
xl cpupool-migrate ops1 Pool-0 || fail "xl cpupool-migrate back"
xl cpupool-destroy p1 || fail "xl cpupool-destroy"

# The sched-tune plugin: a new pool gets its profile, a guest created by
# the project's xl (ops3, below) its weight rule; a broken .conf stops a
# pool's creation in one line and leaves no pool behind.
mkdir -p /etc/xen/plugins.d
conf=/etc/xen/plugins.d/sched-tune.conf
printf '%s\n' 'file = "sched-tune.so"' 'profiles = "fast=2/200"' \
    'pools = "p2=fast"' 'domains = "ops3=300/-"' >$conf
xl cpupool-create 'name="p2"' 'sched="credit"' 'cpus="1"' >/tmp/out 2>&1 ||
    fail "xl cpupool-create p2 with sched-tune: $(tail -1 /tmp/out)"
xld sched-credit -s -p p2 | grep -q 'tslice=2ms ratelimit=200us' ||
    fail "sched-tune: Debian's xl: $(xld sched-credit -s -p p2)"
xl cpupool-destroy p2 || fail "xl cpupool-destroy p2"
cp $conf /tmp/sched-tune.conf
echo 'profile = "fastest"' >>$conf
refused 1 'sched-tune.conf: profile: no profile named fastest' \
    cpupool-create 'name="p3"' 'sched="credit"' 'cpus="1"'
xld cpupool-list | grep -q '^p3 ' && fail "sched-tune: pool p3 left behind"
cp /tmp/sched-tune.conf $conf
say "sched-tune: cpupool p2 runs profile fast (2 ms, 200 us) as Debian's xl sees"
xl cpupool-cpu-add Pool-0 1 || fail "xl cpupool-cpu-add"
same cat cpupool-list -c
say "cpupool p1 and its credit weight 512 cap 50 seen by Debian's xl"

xl mem-max ops1 256m || fail "xl mem-max"
[ "$(xenstore-read /local/domain/$d/memory/static-max)" = 262144 ] ||
    fail "static-max not 262144"
xl mem-set ops1 120m || fail "xl mem-set"
[ "$(xenstore-read /local/domain/$d/memory/target)" = 122880 ] ||
    fail "memory target not 122880"
refused 1 'memory_dynamic_max must be less than or equal to memory_static_max' \
    mem-set ops1 512m
refused 1 'memory_static_max must be greater than or equal to memory_dynamic_max' \
    mem-max ops1 64m
xl mem-set ops1 128m || fail "xl mem-set back"
say "mem-set and mem-max in xenstore"

xl vcpu-set ops1 1 || fail "xl vcpu-set 1"
[ "$(xenstore-read /local/domain/$d/cpu/1/availability)" = offline ] ||
    fail "cpu/1/availability not offline"
wait_for 60 sh -c "[ \"\$(/usr/sbin/xl-debian list ops1 | awk '\$1 == \"ops1\" {print \$4}')\" = 1 ]" ||
    fail "the guest kept 2 vCPUs online"
xl vcpu-set ops1 2 || fail "xl vcpu-set 2"
[ "$(xenstore-read /local/domain/$d/cpu/1/availability)" = online ] ||
    fail "cpu/1/availability not online"
# Linux only makes the vCPU present again; onlining it is the guest
# administrator's (udev's) job.
echo 'echo 1 >/sys/devices/system/cpu/cpu1/online' >&3
wait_for 60 sh -c "[ \"\$(/usr/sbin/xl-debian list ops1 | awk '\$1 == \"ops1\" {print \$4}')\" = 2 ]" ||
    fail "the guest did not bring vCPU 1 back"
refused 1 'Requested 3 VCPUs, however maxcpus is 2' vcpu-set -i ops1 3
say "vcpu-set: guest down to 1 vCPU and back to 2"

refused 2 'Usage: xl' pause
refused 2 'Usage: xl' list --no-such-option
refused 2 'Usage: xl' vcpu-pin ops1 1
refused 1 'nosuch is an invalid domain identifier' pause nosuch
refused 1 'Not destroying domain 0' destroy 0
refused 1 'invalid memory size' mem-set ops1 12q
say "bad arguments refused"

xl shutdown -w ops1 >/tmp/out 2>&1 || fail "xl shutdown -w"
grep -q "^Waiting for 1 domains" /tmp/out || fail "xl shutdown -w did not wait"
grep -Eq "^Domain $d has been (shut down, reason code 0|destroyed)" /tmp/out ||
    fail "xl shutdown -w: no shutdown seen"
wait_for 30 not_listed ops1 || fail "ops1 still listed after shutdown"
say "shut down with -w"
kill $cpid 2>/dev/null
exec 3>&-

wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after ops1: $(free_mb) < $free0"

# The project's xl create leaves its monitor behind: a reboot is
# on_reboot="restart" (the domain destroyed and created again), a
# destroy ends the monitor.
# xl create -c: the console is attached from the guest's first line.
rm -f /tmp/cin /tmp/cout
mkfifo /tmp/cin
script -q -c "xl create -c /etc/xen/ops3.cfg" /dev/null </tmp/cin >/tmp/cout 2>&1 &
cpid=$!
exec 3>/tmp/cin
# (the guest runs once creation is complete: its weight is set then)
wait_for 400 grep -q '^guest: up' /tmp/cout ||
    fail "xl create -c ops3: $(tail -3 /tmp/cout)"
d3=$(xl domid ops3) || fail "no ops3"
sched=$(xld info | awk -F': ' '/^xen_scheduler/ {print $2}')
[ "$(xld sched-$sched -d ops3 | awk '$1 == "ops3" {print $3}')" = 300 ] ||
    fail "sched-tune: ops3's weight: $(xld sched-$sched -d ops3 | tail -1)"
rm -f $conf
say "sched-tune: ops3 created with weight 300 by its rule ($sched)"
wait_for 400 grep -q '^guest: shell' /tmp/cout || fail "ops3: no guest shell"
say "xl create -c: the console shows ops3 from its first line to its shell"
kill $cpid 2>/dev/null
exec 3>&-
xl reboot -w ops3 >/tmp/out 2>&1 || fail "xl reboot -w: $(tail -1 /tmp/out)"
grep -Eq "^Domain $d3 has been (shut down, reason code 1|destroyed)" /tmp/out ||
    fail "xl reboot -w: no reboot seen"
wait_for 60 sh -c "n=\$(xl domid ops3 2>/dev/null) && [ \"\$n\" != $d3 ]" ||
    fail "ops3 not restarted by the monitor"
log=/var/log/xen/xl-ops3.log
grep -q "^Action for shutdown reason code 1 is restart" $log ||
    fail "monitor log: $(cat $log)"
grep -q "^Done. Rebooting now" $log || fail "monitor log: $(cat $log)"
wait_for 30 sh -c "[ \$(grep -c '^Waiting for domain ops3 (domid [0-9]*) to die' $log) = 2 ]" ||
    fail "monitor log: $(cat $log)"
xl destroy ops3 || fail "xl destroy ops3"
wait_for 30 grep -q "^Domain [0-9]* has been destroyed\.$" $log ||
    fail "monitor did not see the destroy: $(cat $log)"
wait_for 30 not_listed ops3 || fail "ops3 still listed"
say "xl create's monitor restarted ops3 on reboot and ended with it"
xld create /etc/xen/ops2.cfg >/tmp/out 2>&1 || fail "Debian's xl create ops2"
sleep 5
xl destroy ops2 >/tmp/out 2>&1 || fail "xl destroy ops2"
wait_for 30 not_listed ops2 || fail "ops2 still listed after destroy"
[ -z "$(xenstore-list /local/domain 2>/dev/null | grep -vx 0)" ] ||
    fail "xenstore still has $(xenstore-list /local/domain | tr '\n' ' ')"
wait_for 30 test "$(free_mb)" -ge "$free0" || fail "memory after ops2: $(free_mb) < $free0"
say "spinner destroyed, free memory back ($(free_mb) MiB)"
exit 0
