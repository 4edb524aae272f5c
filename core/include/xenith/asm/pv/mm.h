/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV memory-management core: page ownership references, page types
 * and the validation of guest page tables.
 *
 * A PV guest builds its own page tables from frames it owns.  The
 * hypervisor lets it do so safely by giving every frame a type (L1..L4
 * page table, descriptor page, writable page) with a type count, and a
 * general reference count with an owner.  A frame in use as a page table
 * can never be mapped writable; a frame mapped writable can never become a
 * page table.  Every entry a guest installs is checked (flags, owner,
 * type) before it is written, and the references it holds are dropped when
 * it is overwritten.
 *
 * Reference rules:
 *   count_info (PGC_count_mask)  general references: one per present
 *                                entry mapping the frame, per pin, per
 *                                use as a base pointer, per transient user.
 *   type_info (PGT_count_mask)   type references: one per entry that
 *                                needs the frame to keep its type (an L2
 *                                entry holds an L1 type reference on its
 *                                target, a writable L1 entry a writable
 *                                type reference), per pin, per base
 *                                pointer.
 * A type reference is always accompanied by a general reference.  The
 * type may change only while the type count is 0; a page-table type is
 * validated when its count goes 0 -> 1 and devalidated (its entries'
 * references dropped) when the count returns to 0.
 *
 * Concurrency: counts change with compare-and-exchange only.  A page
 * whose type count is 1 without PGT_validated is being validated by
 * another CPU; takers of the same type wait for the validator.  Updates of
 * one page-table entry happen under pv_page_lock() of the page holding it.
 *
 * The hypervisor-specific services this code needs (frame lookup,
 * mapping, I/O permission, hypervisor L4 slots) are the pv_mm_arch_*
 * hooks declared below.
 */
#ifndef XENITH_PV_MM_H
#define XENITH_PV_MM_H

#include <public/xen.h>
#include <xenith/config.h>
#include <xenith/mm.h>
#include <xenith/types.h>

/* Page-table entry bits (Intel SDM vol. 3 4.5; AMD APM vol. 2 5.3). */
#define PTE_PRESENT  (1UL << 0)
#define PTE_RW       (1UL << 1)
#define PTE_USER     (1UL << 2)
#define PTE_PWT      (1UL << 3)
#define PTE_PCD      (1UL << 4)
#define PTE_ACCESSED (1UL << 5)
#define PTE_DIRTY    (1UL << 6)
#define PTE_PSE      (1UL << 7) /* L2/L3: large page. */
#define PTE_PAT      (1UL << 7) /* L1: PAT index bit. */
#define PTE_GLOBAL   (1UL << 8)
#define PTE_AVAIL    (7UL << 9)
#define PTE_ADDR     0x000ffffffffff000UL
/* Bits 52..62 are free for software; the hypervisor uses two of them. */
#define PTE_AVAIL_HIGH   (0x7ffUL << 52)
#define PTE_GUEST_KERNEL (1UL << 52) /* Kernel-only guest mapping. */
#define PTE_GNTTAB       (1UL << 62) /* Grant mapping (hypervisor made). */
#define PTE_NX           (1UL << 63)
#define PTE_CACHE_ATTRS  (PTE_PWT | PTE_PCD | PTE_PAT)

#define PTE_MFN(e) (((e)&PTE_ADDR) >> PAGE_SHIFT)
#define PT_ENTRIES 512

/* L4 slots reserved for the hypervisor in every guest root table. */
#define PV_L4_FIRST_XEN_SLOT 256
#define PV_L4_LAST_XEN_SLOT  271
#define pv_is_guest_l4_slot(s) \
    ((s) < PV_L4_FIRST_XEN_SLOT || (s) > PV_L4_LAST_XEN_SLOT)

/* page_info.u.type_info: type, flags and the type count. */
#define PGT_type_shift    60
#define PGT_type_mask     (7UL << PGT_type_shift)
#define PGT_none          (0UL << PGT_type_shift)
#define PGT_l1_page_table (1UL << PGT_type_shift)
#define PGT_l2_page_table (2UL << PGT_type_shift)
#define PGT_l3_page_table (3UL << PGT_type_shift)
#define PGT_l4_page_table (4UL << PGT_type_shift)
#define PGT_seg_desc_page (5UL << PGT_type_shift) /* GDT or LDT frame. */
#define PGT_writable_page (7UL << PGT_type_shift)
#define PGT_validated     (1UL << 59) /* Contents checked for the type. */
#define PGT_pinned        (1UL << 58) /* Pinned by the guest. */
#define PGT_locked        (1UL << 57) /* pv_page_lock() held. */
#define PGT_count_mask    ((1UL << 48) - 1)

/* Level N page-table type (N = 1..4). */
#define PGT_pt_level(n) ((unsigned long)(n) << PGT_type_shift)

/* Owners that are not guests. */
#define PV_DOMID_IO  0x7ff1u /* Firmware and device memory. */
#define PV_DOMID_XEN 0x7ff2u /* The hypervisor's own pages. */

/* ---- Hooks the hypervisor (or a unit test) provides. ---- */

/* The frame table entry of a RAM frame, or NULL for anything else. */
struct page_info *pv_mm_arch_page(unsigned long mfn);
unsigned long pv_mm_arch_page_to_mfn(const struct page_info *pg);
/* Map one frame for reading and writing; unmap it again. */
void *pv_mm_arch_map(unsigned long mfn);
void pv_mm_arch_unmap(void *va);
/* May domain @domid map the non-RAM frame @mfn? */
bool pv_mm_arch_iomem_permitted(domid_t domid, unsigned long mfn);
/* A foreign mapping names *frame of @domid: for a translated (HVM)
 * domain a guest frame, replaced by its machine frame (-EINVAL if it has
 * none); for others left alone.  0 or the error. */
int pv_mm_arch_foreign_frame(domid_t domid, unsigned long *frame);
/* Does @domid have any I/O rights (which lets it choose cache attributes)? */
bool pv_mm_arch_has_io_caps(domid_t domid);
/* Fill the hypervisor slots of a freshly validated guest L4 table. */
void pv_mm_arch_init_xen_l4_slots(uint64_t *l4, unsigned long l4mfn);
/* The last reference to a frame its (dying) owner released went: take
 * the frame back (count_info is 0 apart from its state bits). */
void pv_mm_arch_release_page(struct page_info *pg);
/* The first type reference to pg is being taken (log-dirty tracking). */
void pv_mm_arch_type_taken(struct page_info *pg);

/* ---- General references (page_ref.c). ---- */

/* Take a general reference on a frame owned by @domid; false if not. */
bool pv_get_page(struct page_info *pg, domid_t domid);
/* Drop a general reference. */
void pv_put_page(struct page_info *pg);
/* The owner drops PGC_allocated and its reference: true if no other
 * reference remains (the caller frees the frame). */
bool pv_release_allocation(struct page_info *pg);
/* Look up a RAM frame of @domid and take a reference (NULL if not). */
struct page_info *pv_get_page_from_mfn(unsigned long mfn, domid_t domid);

/* ---- Types (page_type.c). ---- */

/* Take a type reference of @type; validates on 0 -> 1 (0 or -errno). */
int pv_get_page_type(struct page_info *pg, unsigned long type);
/* Drop a type reference; devalidates on 1 -> 0. */
void pv_put_page_type(struct page_info *pg);
/* Both references together (0 or -errno). */
int pv_get_page_and_type(unsigned long mfn, domid_t domid, unsigned long type);
void pv_put_page_and_type(struct page_info *pg);

/* Serialise updates of entries inside one page-table page. */
bool pv_page_lock(struct page_info *pg);
void pv_page_unlock(struct page_info *pg);

/* ---- Entries (pt_entry.c). ---- */

/*
 * Check a present entry of level @level written into table @table_mfn of
 * domain @pt_owner, mapping a frame of @pg_owner (the same domain unless
 * a privileged domain maps another's memory; levels 2-4 only map the
 * table owner's frames), and take the references it needs.  For level 1
 * the entry may be adjusted (cache attributes of device memory).
 * Returns 0 or a negative errno: -EINVAL bad flags or frame type,
 * -EPERM device memory not permitted, -EBUSY frame of another owner or
 * in use as a page table.
 */
int pv_get_page_from_entry(unsigned int level, uint64_t *entry,
                           unsigned long table_mfn, domid_t pt_owner,
                           domid_t pg_owner);
/* Drop the references a present entry held. */
void pv_put_page_from_entry(unsigned int level, uint64_t entry,
                            unsigned long table_mfn);
/* Flags a present entry of @level may not carry for @domid. */
uint64_t pv_disallowed_flags(unsigned int level, domid_t domid);
/* The flags the hypervisor adds to a guest's present entry. */
uint64_t pv_adjust_guest_entry(unsigned int level, uint64_t entry);

/* ---- Tables (pt_table.c). ---- */

/* Validate every entry of a table page (0 or -errno, nothing held). */
int pv_validate_table(struct page_info *pg, unsigned int level);
/* Drop every entry's references of a table page that loses its type. */
void pv_devalidate_table(struct page_info *pg, unsigned int level);

/* ---- Updates (pt_update.c). ---- */

/*
 * Replace the entry at byte offset @offset of page-table frame @mfn of
 * @pt_owner (any level, by its current type) with @val, which may map a
 * frame of @pg_owner (level 1 only when they differ).
 * @preserve_ad keeps the accessed/dirty bits the hardware set.  A frame
 * that is not a page table is written as ordinary memory if it can be
 * typed writable.  0 or -errno; on error nothing changed.
 */
int pv_mmu_normal_update(unsigned long mfn, unsigned int offset, uint64_t val,
                         domid_t pt_owner, domid_t pg_owner, bool preserve_ad);
/* The same for entry @slot of a frame that must be an L1 table. */
int pv_mod_l1_entry(unsigned long l1mfn, unsigned int slot, uint64_t val,
                    domid_t pt_owner, domid_t pg_owner);
/*
 * GNTTABOP_unmap_and_replace's two steps.  pv_l1_steal(): clear entry
 * slot of pt_owner's L1 table l1mfn and hand back what it held, with its
 * references, which become the caller's.  pv_l1_transplant(): replace an
 * entry mapping expect_mfn present and writable exactly when rw with val
 * (whose references the caller holds) and drop the old entry's.  Both
 * -EINVAL when the frame is not such an L1 table (or the entry differs).
 */
int pv_l1_steal(unsigned long l1mfn, unsigned int slot, domid_t pt_owner,
                uint64_t *out);
int pv_l1_transplant(unsigned long l1mfn, unsigned int slot, domid_t pt_owner,
                     unsigned long expect_mfn, bool rw, uint64_t val);

/* ---- Per-vCPU root tables and table pinning (pt_ops.c). ---- */

/*
 * The page-table roots of one PV vCPU, embedded in the vCPU.  Each
 * non-zero root holds a general and an L4 type reference.  Changed only
 * by the vCPU itself (its own hypercalls) or while it is paused.
 */
/* Guest GDT: frames below the entries the hypervisor reserves. */
#define PV_GDT_FRAMES         FIRST_RESERVED_GDT_PAGE
#define PV_FIRST_RESERVED_GDT FIRST_RESERVED_GDT_ENTRY

struct pv_mm_vcpu {
    domid_t domid;                  /* (constant) owning domain */
    unsigned long guest_table;      /* kernel-mode L4 frame, 0 = none */
    unsigned long guest_table_user; /* user-mode L4 frame, 0 = none */
    /* GDT frames, each holding a descriptor-page type reference. */
    unsigned long gdt_frames[PV_GDT_FRAMES];
    unsigned int gdt_entries;
};

/* MMUEXT_PIN_Ln_TABLE: 0, -EINVAL bad frame / type / already pinned. */
int pv_pin_table(unsigned long mfn, unsigned int level, domid_t domid);
/* MMUEXT_UNPIN_TABLE: 0, -EINVAL bad frame or not pinned. */
int pv_unpin_table(unsigned long mfn, domid_t domid);
/* MMUEXT_NEW_BASEPTR: install a kernel root (0, -EINVAL). */
int pv_new_baseptr(struct pv_mm_vcpu *v, unsigned long mfn);
/* MMUEXT_NEW_USER_BASEPTR: install (or with 0, remove) the user root. */
int pv_new_user_baseptr(struct pv_mm_vcpu *v, unsigned long mfn);
/* Drop both roots (vCPU teardown). */
void pv_release_baseptrs(struct pv_mm_vcpu *v);

/*
 * Find the L1 table that maps @va in the vCPU's kernel page tables.
 * Returns its frame, or 0 when @va is not a guest address or an upper
 * level is absent or a large page.
 */
unsigned long pv_guest_l1_frame(const struct pv_mm_vcpu *v, unsigned long va);

/*
 * update_va_mapping without the flush: replace the L1 entry mapping @va
 * (0, -EINVAL no such L1 table, or the errors of a level-1 update).
 */
int pv_update_va_mapping(const struct pv_mm_vcpu *v, unsigned long va,
                         uint64_t val, domid_t pg_owner);

/* ---- Descriptor tables (descriptor.c). ---- */

/*
 * Check one GDT/LDT descriptor of a 64-bit PV guest and fix it up in
 * place (DPL raised to 3; call gates forced to DPL 0 with the original
 * DPL kept in the target selector's RPL).  False if it is not allowed.
 */
bool pv_check_descriptor(uint64_t *desc);
/* Validate a frame taking the descriptor-page type (0 or -EINVAL). */
int pv_validate_desc_page(struct page_info *pg);
/* update_descriptor: write one checked descriptor at guest address @ma. */
int pv_update_descriptor(uint64_t ma, uint64_t desc, domid_t domid);
/* set_gdt: frames[] hold (entries + 511) / 512 frame numbers. */
int pv_set_gdt(struct pv_mm_vcpu *v, const unsigned long frames[],
               unsigned int entries);
void pv_destroy_gdt(struct pv_mm_vcpu *v);

#endif /* XENITH_PV_MM_H */
