#!/bin/sh
# Runs in dom0 (see domu-pv-linux-64vcpu.test).
TAG=scale
. /etc/xl-dom0-lib.sh
fail() {
    echo "scale: FAIL $*"
    xl list 2>&1
    xl vcpu-list 2>&1 | head -20
    [ -f /tmp/cout ] && { echo "== console"; tail -30 /tmp/cout; }
    exit 1
}
xl_dom0_setup

# Dom0 keeps pCPUs 0-1; the guest's 64 vCPUs share pCPUs 2-7 in a credit
# pool of their own, so dom0 (and its console and xl) is never starved.
xl vcpu-pin 0 all 0-1 || fail "pin dom0"
for c in 2 3 4 5 6 7; do
    xl cpupool-cpu-remove Pool-0 $c || fail "cpupool-cpu-remove $c"
done
xl cpupool-create 'name="p64"' 'sched="credit"' 'cpus="2-7"' || fail "cpupool-create"
echo 'pool = "p64"' >>/etc/xen/g1.cfg
free0=$(free_mb)
say "free memory ${free0} MiB"
xl create /etc/xen/g1.cfg || fail "xl create g1"
say "created g1 with 64 vCPUs"

mkfifo /tmp/cin
script -q -c "xl console g1" /dev/null </tmp/cin >/tmp/cout 2>&1 &
cpid=$!
exec 3>/tmp/cin
wait_for 1200 grep -q '^guest: shell' /tmp/cout || fail "no guest shell"
# The console's lines without the terminal's carriage returns.
said() { tr -d '\r' </tmp/cout | grep -q "$1"; }
# What the guest's kernel says: online CPUs, counted.
online() {
    echo "echo \"online-$1-\$(grep -c ^processor /proc/cpuinfo)\"" >&3
    wait_for 60 said "^online-$1-$2\$" ||
        fail "guest's online vCPUs, wanted $2: $(grep "^online-$1-" /tmp/cout | tail -1)"
}
online a 64
say "guest has 64 vCPUs online"

n=$(xl vcpu-list g1 | awk '$1 == "g1"' | wc -l)
[ "$n" = 64 ] || fail "xl vcpu-list lists $n vCPUs of g1"
say "xl vcpu-list lists $n"

# vcpu-set writes cpu/N/availability in xenstore; the guest's kernel takes
# the vCPUs down and brings them back (VCPUOP_down/up).
xl vcpu-set g1 48 || fail "xl vcpu-set g1 48"
n=0
for i in $(seq 120); do
    echo "echo \"online-b$i-\$(grep -c ^processor /proc/cpuinfo)\"" >&3
    sleep 1
    said "^online-b[0-9]*-48\$" && { n=48; break; }
done
[ "$n" = 48 ] || fail "guest still has $(grep '^online-b' /tmp/cout | tail -1) after vcpu-set 48"
wait_for 60 test "$(xl list g1 | awk '$1 == "g1" {print $4}')" = 48 ||
    fail "xl list shows $(xl list g1 | awk '$1 == "g1" {print $4}') vCPUs after vcpu-set 48"
say "vcpu-set 48: guest has 48 online"
# More vCPUs than pCPUs: xl wants -i (--ignore-host) for that.
xl vcpu-set -i g1 64 || fail "xl vcpu-set -i g1 64"
# Linux makes a vCPU given back present, not online: its user space (udev
# on a full system) onlines it, as this shell does here.  The guest's
# shell runs the commands one after another, so any answer counts.
n=0
for i in $(seq 300); do
    echo "for c in /sys/devices/system/cpu/cpu*/online; do [ \"\$(cat \$c)\" = 1 ] || echo 1 >\$c; done 2>/dev/null; echo \"online-c$i-\$(grep -c ^processor /proc/cpuinfo)\"" >&3
    sleep 1
    said "^online-c[0-9]*-64\$" && { n=64; break; }
done
[ "$n" = 64 ] || fail "guest has $(grep '^online-c' /tmp/cout | tail -1) after vcpu-set 64"
say "vcpu-set 64: guest has 64 online"

kill $cpid 2>/dev/null
exec 3>&-
xl destroy g1 || fail "xl destroy g1"
wait_for 60 not_listed g1 || fail "g1 still listed after destroy"
wait_for 60 test "$(free_mb)" -ge "$free0" || fail "memory after g1: $(free_mb) < $free0"
say "destroyed, free memory back ($(free_mb) MiB)"
exit 0
