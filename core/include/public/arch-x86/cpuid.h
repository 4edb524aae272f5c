/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: the hypervisor CPUID leaves at 0x40000000.
 *
 * A PV guest reaches them (and the emulated view of the other leaves)
 * with the forced-emulation prefix XEN_CPUID (arch-x86/xen.h).
 *   base + 0: EAX = last leaf, EBX:ECX:EDX = "XenVMMXenVMM".
 *   base + 1: EAX = (major << 16) | minor.
 *   base + 2: EAX = hypercall pages, EBX = MSR that installs the
 *             hypercall page, ECX = XEN_CPUID_FEAT1_*.
 *   base + 3: time (sub-leaf 0: TSC mode and kHz; 1: scale; 2: host kHz).
 *   base + 4: HVM features (XEN_HVM_CPUID_*).
 * The base may move up in steps of 0x100 when another hypervisor
 * interface occupies 0x40000000.
 */
#ifndef XENITH_PUBLIC_ARCH_X86_CPUID_H
#define XENITH_PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* base + 2, ECX. */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD  (1U << 0)

/* base + 4, EAX (HVM guests). */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1U << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT      (1U << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1U << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1U << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT    (1U << 4)
#define XEN_HVM_CPUID_EXT_DEST_ID      (1U << 5)
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1U << 6)

#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffU << 0)

#define XEN_CPUID_MAX_NUM_LEAVES 5

#endif /* XENITH_PUBLIC_ARCH_X86_CPUID_H */
