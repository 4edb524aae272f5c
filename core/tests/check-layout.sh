#!/bin/sh
# The common/arch boundary (core/README.md): code under common/ never
# touches x86 PV state directly; it calls the architecture's hooks
# (xenith/arch_domctl.h and the like).  Prints one verdict line.
cd "$(dirname "$0")/.." || exit 1
hits=$(grep -rn -e '->pv\.' -e '\.pv\.' common || true)
if [ -n "$hits" ]; then
    echo "$hits" | head -20
    echo "FAIL: unit/core/layout-common-no-pv-state ($(echo "$hits" | wc -l) uses of ->pv. in common/; move them behind an arch hook)"
    exit 1
fi
echo "PASS: unit/core/layout-common-no-pv-state"
