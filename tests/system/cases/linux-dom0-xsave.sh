#!/bin/sh
# Runs inside the dom0 initramfs on CPU models with XSAVE and AVX: the
# hypervisor report of reference-xen417-dom0.sh, the vector features Linux
# sees, then ymm-switch (AVX registers across vCPU switches).
sh /reference-xen417-dom0.sh || exit 1
for f in xsave xsaveopt avx avx2 avx512f; do
    grep -qw "$f" /proc/cpuinfo && printf 'cpuinfo: %s\n' "$f"
done
/bin/ymm-switch 1000
