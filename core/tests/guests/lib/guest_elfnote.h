/*
 * Xen ELF note types used by the test guests.  These are the public ABI
 * numbers; core/include/public/elfnote.h, when present, must agree (the
 * build checks it).
 */
#ifndef GUEST_ELFNOTE_H
#define GUEST_ELFNOTE_H

#define GUEST_ELFNOTE_ENTRY              1
#define GUEST_ELFNOTE_HYPERCALL_PAGE     2
#define GUEST_ELFNOTE_VIRT_BASE          3
#define GUEST_ELFNOTE_PADDR_OFFSET       4
#define GUEST_ELFNOTE_XEN_VERSION        5
#define GUEST_ELFNOTE_GUEST_OS           6
#define GUEST_ELFNOTE_GUEST_VERSION      7
#define GUEST_ELFNOTE_LOADER             8
#define GUEST_ELFNOTE_FEATURES           10
#define GUEST_ELFNOTE_SUPPORTED_FEATURES 17

#endif
