#!/bin/sh
# Runs in dom0 for dom0-devices-msi: NVMe and e1000e traffic over MSI-X.
fail() {
    echo "msi-test: FAIL $*"
    cat /proc/interrupts
    exit 1
}

# "NAME COUNT" for every MSI-X PIRQ line of /proc/interrupts matching $1.
irq_counts() {
    awk -v pat="$1" '/xen-pirq/ && /msi-x/ && $NF ~ pat {
        n = 0
        for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i
        print $NF, n
    }' /proc/interrupts
}

report_growth() { # pattern, earlier "NAME COUNT" lines
    grown=0
    irq_counts "$1" >/tmp/after
    while read -r name now; do
        before=$(echo "$2" | awk -v n="$name" '$1 == n { print $2 }')
        echo "msi-test: irq $name xen-pirq msi-x ${before:-0} -> $now"
        [ "$now" -gt "${before:-0}" ] && grown=1
    done </tmp/after
    [ $grown = 1 ]
}

i=0
while [ ! -b /dev/nvme0n1 ] && [ $i -lt 30 ]; do
    sleep 1
    i=$((i + 1))
done
[ -b /dev/nvme0n1 ] || fail "no /dev/nvme0n1"
echo "msi-test: nvme0n1 present"
nvme_before=$(irq_counts '^nvme')
[ -n "$nvme_before" ] || fail "no xen-pirq msi-x line for nvme"

# 256 MiB in eight 32 MiB chunks (dom0's memory holds one at a time).
want=""
got=""
for c in 0 1 2 3 4 5 6 7; do
    dd if=/dev/urandom of=/tmp/chunk bs=1M count=32 2>/dev/null ||
        fail "urandom"
    want="$want $(sha256sum </tmp/chunk | cut -d' ' -f1)"
    dd if=/tmp/chunk of=/dev/nvme0n1 bs=1M count=32 seek=$((c * 32)) \
        oflag=direct conv=notrunc 2>/dev/null || fail "disk write $c"
done
rm -f /tmp/chunk
for c in 0 1 2 3 4 5 6 7; do
    got="$got $(dd if=/dev/nvme0n1 bs=1M count=32 skip=$((c * 32)) \
        iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1)"
done
[ "$got" = "$want" ] || fail "disk checksums$got, wrote$want"
echo "msi-test: disk 256 MiB written and read back, checksums match"
report_growth '^nvme' "$nvme_before" || fail "nvme interrupts did not grow"

ip link set eth0 up || fail "eth0"
ip addr add 10.0.2.15/24 dev eth0 || fail "address"
i=0
while ! grep -q 1 /sys/class/net/eth0/carrier 2>/dev/null && [ $i -lt 20 ]; do
    sleep 1
    i=$((i + 1))
done
echo "msi-test: eth0 up"
eth_before=$(irq_counts '^eth0')
[ -n "$eth_before" ] || fail "no xen-pirq msi-x line for eth0"
cd /tmp || exit 1
timeout 150 tftp -g -r blob -l /tmp/blob 10.0.2.2 || fail "tftp"
got=$(sha256sum </tmp/blob | cut -d' ' -f1)
[ "$got" = "$(cat /blob.sha256)" ] || fail "tftp checksum $got"
echo "msi-test: tftp 1 MiB, checksum matches"
ping -c 3 10.0.2.2 >/tmp/ping || fail "ping: $(cat /tmp/ping)"
echo "msi-test: ping ok"
report_growth '^eth0' "$eth_before" || fail "eth0 interrupts did not grow"
echo "msi-test: interrupts grew on nvme and eth0"
