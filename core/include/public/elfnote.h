/* SPDX-License-Identifier: MIT */
/*
 * Xen ELF notes: the note types a PV guest kernel carries in a PT_NOTE
 * segment, each a note named "Xen".  Numeric values are 4 or 8 bytes,
 * little-endian; strings are ASCII, normally NUL-terminated.
 *
 * Part of the Xen public guest ABI; the numbers are fixed by it.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

/* NAME=VALUE string (legacy, unused by current kernels). */
#define XEN_ELFNOTE_INFO 0
/* Virtual address of the entry point (numeric). */
#define XEN_ELFNOTE_ENTRY 1
/* Virtual address of the hypercall page the hypervisor fills (numeric). */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2
/* Virtual address the image is mapped at; default 0 (numeric). */
#define XEN_ELFNOTE_VIRT_BASE 3
/* Offset of the ELF paddr fields from the pseudo-physical address;
 * default 0 (numeric). */
#define XEN_ELFNOTE_PADDR_OFFSET 4
/* Version of Xen the kernel was built for, e.g. "xen-3.0" (string). */
#define XEN_ELFNOTE_XEN_VERSION 5
/* Guest operating system name, e.g. "linux" (string). */
#define XEN_ELFNOTE_GUEST_OS 6
/* Guest operating system version (string). */
#define XEN_ELFNOTE_GUEST_VERSION 7
/* Loader type, "generic" (string). */
#define XEN_ELFNOTE_LOADER 8
/* PAE support, x86-32 only: "yes", "no", "bimodal" (string). */
#define XEN_ELFNOTE_PAE_MODE 9
/* '|'-separated XENFEAT_* names without the prefix; a leading '!' marks a
 * feature the kernel requires (string). */
#define XEN_ELFNOTE_FEATURES 10
/* Whether the symbol table must be loaded: "yes" or "no" (string). */
#define XEN_ELFNOTE_BSD_SYMTAB 11
/* Lowest address the hypervisor hole may start at (numeric). */
#define XEN_ELFNOTE_HV_START_LOW 12
/* Mask/value pairs recognising L1 entries with valid MFNs (numeric). */
#define XEN_ELFNOTE_L1_MFN_VALID 13
/* Cooperative suspend cancellation supported, default 0 (numeric). */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14
/* Virtual address to map the initial p2m list at (numeric). */
#define XEN_ELFNOTE_INIT_P2M 15
/* The kernel accepts its initrd as a PFN, not mapped (numeric). */
#define XEN_ELFNOTE_MOD_START_PFN 16
/* Bitmap of supported XENFEAT_* features, 32 bits (numeric). */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
/* 32-bit physical entry point for PVH (numeric). */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* The highest note type defined here. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

#endif /* XEN_PUBLIC_ELFNOTE_H */
