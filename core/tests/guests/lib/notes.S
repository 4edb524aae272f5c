/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen ELF notes of every test guest.  Each guest boots as dom0, so it
 * declares the dom0 feature in SUPPORTED_FEATURES.
 */
#include "public/elfnote.h"

#define NOTE(type, desc_kind, desc)                                            \
    .pushsection .note.Xen, "a", @note;                                        \
    .balign 4;                                                                 \
    .long 2f - 1f;                                                             \
    .long 4f - 3f;                                                             \
    .long type;                                                                \
1:  .asciz "Xen";                                                              \
2:  .balign 4;                                                                 \
3:  desc_kind desc;                                                            \
4:  .balign 4;                                                                 \
    .popsection

NOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "xenith-test-guest")
NOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "1")
NOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
NOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
NOTE(XEN_ELFNOTE_ENTRY, .quad, _start)
NOTE(XEN_ELFNOTE_VIRT_BASE, .quad, 0xffffffff80000000)
NOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad, 0)
NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
NOTE(XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables|pae_pgdir_above_4gb")
/* Bit 11 = XENFEAT_dom0. */
NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << 11))
