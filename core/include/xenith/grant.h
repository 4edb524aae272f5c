/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (versions 1 and 2): the per-domain state the domain code
 * embeds,
 * the grant_table_op hypercall and the hooks the hypervisor provides.
 * See docs/event-channels.md ("Grant tables").
 *
 * Embedding: struct domain holds a struct gnttab_dom, set up with
 * gnttab_dom_init(); at death gnttab_dom_release_mappings() drops what
 * the domain holds of other domains' grants, then gnttab_dom_free().
 * Domain lookup, privilege, guest copies and preemption come from the
 * event-channel hooks (struct evtchn_hooks), which must be registered too.
 *
 * Locking (outermost first):
 *   gnttab_dom.lock of the granting domain  >  gnttab_dom.maptrack_lock
 *   of the mapping domain.
 * ->lock covers the shared frames, the active entries and the size; it is
 * never held together with another domain's ->lock.  Frame hooks may be
 * called with ->lock held; copies (memcpy) run with no lock held.
 *
 * Per-operation results are GNTST_* values in each struct's status field;
 * hypercall-level errors are negative Xen errno values.
 */
#ifndef XENITH_GRANT_H
#define XENITH_GRANT_H

#include <public/grant_table.h>
#include <xenith/config.h>
#include <xenith/spinlock.h>
#include <xenith/types.h>

struct domain;

/* Xen 4.17's defaults (command line gnttab_max_frames=, ..._maptrack_...). */
#define GNTTAB_DEFAULT_MAX_FRAMES          64
#define GNTTAB_DEFAULT_MAX_MAPTRACK_FRAMES 1024
#define GNTTAB_INITIAL_FRAMES              1
#define GNTTAB_ENTRIES_PER_FRAME           (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNTTAB_V2_PER_FRAME                (PAGE_SIZE / sizeof(grant_entry_v2_t))
#define GNTTAB_STATUS_PER_FRAME            (PAGE_SIZE / sizeof(grant_status_t))
/* Highest version a domain may be created with (Xen 4.17 on x86: 2). */
#define GNTTAB_MAX_VERSION 2
/* Status frames of a v2 table of n shared frames. */
#define GNTTAB_STATUS_FRAMES(n)                                \
    (((n)*GNTTAB_V2_PER_FRAME + GNTTAB_STATUS_PER_FRAME - 1) / \
     GNTTAB_STATUS_PER_FRAME)

/* Pin counts of an active entry: four 8-bit counters, as in Xen. */
#define GNTPIN_hstw_inc   (1U << 0)  /* writable host mappings */
#define GNTPIN_hstr_inc   (1U << 8)  /* read-only host mappings */
#define GNTPIN_devw_inc   (1U << 16) /* writable device mappings */
#define GNTPIN_devr_inc   (1U << 24) /* read-only device mappings */
#define GNTPIN_write_mask (0xffU | (0xffU << 16))

/* gnttab_active.kind */
#define GNTACT_sub_page   (1U << 0) /* only start..start+length usable */
#define GNTACT_transitive (1U << 1) /* frame pinned through trans_domid */

/* Hypervisor-side shadow of a grant in use; gnttab_dom.lock.  Every field
 * but pin is valid while pin != 0. */
struct gnttab_active {
    uint32_t pin;           /* GNTPIN_* counters; 0: not in use */
    domid_t domid;          /* domain using it */
    uint16_t kind;          /* GNTACT_* */
    xen_pfn_t mfn;          /* frame, one reference held while pin != 0 and a
                               writable type reference while writers exist (for a
                               transitive grant both are held by the entry it
                               names, pinned once per pin of this one) */
    uint16_t start, length; /* usable bytes of the frame */
    domid_t trans_domid;    /* GNTACT_transitive: the granting domain ... */
    uint16_t _pad;
    grant_ref_t trans_gref; /* ... and its reference */
};

/* One mapping a domain holds (a handle); gnttab_dom.maptrack_lock. */
struct gnttab_maptrack {
    grant_ref_t ref;    /* granting domain's reference */
    uint16_t flags;     /* GNTMAP_* still mapped; 0: free handle */
    domid_t domid;      /* granting domain */
    uint32_t next_free; /* free-list link */
    uint32_t _pad;
};
#define GNTTAB_MAPTRACK_PER_FRAME (PAGE_SIZE / sizeof(struct gnttab_maptrack))

/* A domain's grant table (embedded in struct domain). */
struct gnttab_dom {
    spinlock_t lock;                   /* See "Locking" above. */
    spinlock_t maptrack_lock;          /* See "Locking" above. */
    struct domain *owner;              /* (constant) */
    domid_t domid;                     /* (constant) */
    unsigned int nr_frames;            /* lock: shared frames in use */
    unsigned int max_frames;           /* (constant) */
    unsigned int max_maptrack_frames;  /* (constant) */
    unsigned int version;              /* lock: 1 or 2 */
    unsigned int max_version;          /* set at creation */
    unsigned int nr_status_frames;     /* lock: version 2 only */
    unsigned int maptrack_limit;       /* maptrack_lock: handles allocated */
    uint32_t maptrack_free;            /* maptrack_lock: free list head */
    grant_entry_v1_t **shared;         /* lock: max_frames page pointers
                                          (v2 entries in version 2) */
    xen_pfn_t *frames;                 /* lock: their frame numbers */
    grant_status_t **status;           /* lock: status frames (version 2) */
    xen_pfn_t *status_frames;          /* lock: their frame numbers */
    struct gnttab_active **active;     /* lock: one array per frame */
    struct gnttab_maptrack **maptrack; /* maptrack_lock: pages */
};

/*
 * Hooks for frames and page tables, registered once with
 * gnttab_set_hooks().  Every member is required.  Status-returning hooks
 * return GNTST_* values.
 */
struct gnttab_hooks {
    /* The struct gnttab_dom embedded in d. */
    struct gnttab_dom *(*domain_gnttab)(struct domain *d);
    /*
     * Domain domid with a reference taken, dying ones included (their
     * grant table lives until nothing maps their frames); put it with
     * evtchn_hooks->domain_put.  NULL if there is none.
     */
    struct domain *(*domain_get_any)(domid_t domid);
    /*
     * A zeroed hypervisor page shared read-write with d (for the grant
     * table), or NULL; *frame gets the number d uses for it (PV: MFN).
     */
    void *(*alloc_frame)(struct domain *d, xen_pfn_t *frame);
    void (*free_frame)(struct domain *d, void *va, xen_pfn_t frame);
    /*
     * Free a frame from alloc_frame while d runs (a status frame on a
     * switch back to version 1) and return true; false, and the frame
     * stays d's, if anything but the allocation references it (d maps
     * it).  Once it is freed d cannot map it again.
     */
    bool (*release_frame)(struct domain *d, void *va, xen_pfn_t frame);
    /*
     * Translate d's frame gfn (PV: an MFN d owns) and take a reference:
     * GNTST_okay (*mfn set), GNTST_bad_page (not d's RAM), GNTST_eagain.
     */
    int (*get_frame)(struct domain *d, xen_pfn_t gfn, xen_pfn_t *mfn);
    void (*put_frame)(xen_pfn_t mfn);
    /* Take/drop a writable type reference (false: not allowed, e.g. the
     * frame is a page table). */
    bool (*get_writable)(xen_pfn_t mfn);
    void (*put_writable)(xen_pfn_t mfn);
    /* Map a referenced frame into the hypervisor, and unmap it. */
    void *(*map_frame)(xen_pfn_t mfn);
    void (*unmap_frame)(void *va);
    /*
     * PV MMU: install (or remove) ld's mapping of mfn at addr (a VA, or a
     * PTE's machine address with GNTMAP_contains_pte), per GNTMAP_* flags.
     * GNTST_okay or an error status.
     */
    int (*create_host_mapping)(struct domain *ld, uint64_t addr, xen_pfn_t mfn,
                               uint32_t flags);
    int (*destroy_host_mapping)(struct domain *ld, uint64_t addr, xen_pfn_t mfn,
                                uint32_t flags);
    /*
     * GNTTABOP_unmap_and_replace: remove ld's mapping of mfn at addr as
     * destroy_host_mapping does, putting there what ld maps at the VA
     * new_addr (whose entry is cleared); new_addr 0 only removes.
     */
    int (*replace_host_mapping)(struct domain *ld, uint64_t addr, xen_pfn_t mfn,
                                uint64_t new_addr, uint32_t flags);
    /*
     * GNTTABOP_cache_flush: take a reference on frame mfn (drop it with
     * put_frame) and name the domain that owns it: 0, -EINVAL (not a
     * frame of RAM), -EPERM (no domain owns it).
     */
    int (*get_frame_owner)(xen_pfn_t mfn, domid_t *owner);
    /* Write back and invalidate the cache lines of [va, va + len). */
    void (*flush_cache)(void *va, unsigned int len);
    /* Flush ld's TLBs (after removing mappings, before refs drop). */
    void (*flush_tlb)(struct domain *ld);
};

int gnttab_set_hooks(const struct gnttab_hooks *hooks);
extern const struct gnttab_hooks *gnttab_hooks;

/*
 * Life cycle.  gnttab_dom_init(): max_frames / max_maptrack_frames < 0
 * mean the command-line defaults; -EINVAL if max_frames < 1 or either
 * exceeds its limit; -ENOMEM; -ENODEV before the hooks are registered.
 * The table starts with GNTTAB_INITIAL_FRAMES frames.
 */
int gnttab_dom_init(struct gnttab_dom *gt, struct domain *owner, domid_t domid,
                    int max_frames, int max_maptrack_frames);
void gnttab_dom_release_mappings(struct gnttab_dom *gt);
/*
 * XEN_DOMCTL_createdomain's grant settings, before the domain runs (dom0
 * keeps the defaults, version GNTTAB_MAX_VERSION): -EINVAL for unknown
 * grant_opts bits, version 0 or above GNTTAB_MAX_VERSION, then as
 * gnttab_dom_init() for the frame limits (< 0: the command-line default).
 */
int gnttab_dom_configure(struct gnttab_dom *gt, int max_frames,
                         int max_maptrack_frames, uint32_t grant_opts);
void gnttab_dom_free(struct gnttab_dom *gt);
/*
 * XENMEM_acquire_resource of a v2 table's status frames: frames frame ..
 * frame + nr - 1 into list, growing the table as far as needed (and
 * allowed).  -EINVAL for nr 0, a table in version 1, or frames beyond
 * what the table may have.  gnttab_status_max_frames() is the size a
 * query without a list reports.
 */
int gnttab_acquire_status(struct gnttab_dom *gt, uint64_t frame,
                          unsigned int nr, xen_pfn_t *list);
unsigned int gnttab_status_max_frames(const struct gnttab_dom *gt);
/*
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table) of a translated domain:
 * the frame number of shared frame idx, the table grown to idx + 1 frames
 * if it is smaller (and may have them).  -EINVAL beyond the maximum (as
 * Xen), -ENOMEM.
 */
int gnttab_shared_frame(struct gnttab_dom *gt, unsigned long idx,
                        xen_pfn_t *frame);

/*
 * The grant_table_op hypercall (#20) for the current domain.  Returns 0,
 * a negative errno, or for map/unmap/copy batches a positive number of
 * entries completed before preemption: the caller then makes a
 * continuation for the remaining count - n entries at uop + n entries.
 */
long gnttab_do_grant_table_op(unsigned int cmd, uint64_t uop,
                              unsigned int count);

/* Sub-ops on copied-in arguments; each sets op->status. */
void gnttab_setup_table(struct domain *cur, gnttab_setup_table_t *op);
void gnttab_query_size(struct domain *cur, gnttab_query_size_t *op);
int gnttab_set_version(struct domain *cur, gnttab_set_version_t *op);
int gnttab_get_version(struct domain *cur, gnttab_get_version_t *op);
void gnttab_get_status_frames(struct domain *cur,
                              gnttab_get_status_frames_t *op);
void gnttab_copy_one(struct domain *cur, gnttab_copy_t *op);

/*
 * One side of a copy: the frame it pinned or referenced, kept from one
 * entry of a GNTTABOP_copy batch to the next while they name the same
 * grant or frame (as Xen 4.17 does), so a run of copies from one granted
 * page pins and maps it once.
 */
struct gnttab_copy_buf {
    struct domain *d; /* referenced domain */
    domid_t domid;    /* as the entry named it (DOMID_SELF stays so) */
    bool have_grant;  /* pinned through a grant reference */
    bool have_frame;  /* frame reference taken directly */
    bool have_type;   /* writable type taken directly */
    grant_ref_t ref;
    xen_pfn_t gmfn; /* the caller's frame, when not a grant */
    xen_pfn_t mfn;
    uint16_t start, length; /* the bytes this side may touch */
    void *va;               /* hypervisor mapping of the frame */
};

struct gnttab_copy_batch {
    struct gnttab_copy_buf src, dst;
};

/* A batch of copies: start, one call per entry, end (also before a
 * continuation: nothing stays pinned across hypercalls). */
void gnttab_copy_batch_start(struct gnttab_copy_batch *b);
void gnttab_copy_batched(struct domain *cur, gnttab_copy_t *op,
                         struct gnttab_copy_batch *b);
void gnttab_copy_batch_end(struct gnttab_copy_batch *b);
void gnttab_map_one(struct domain *cur, gnttab_map_grant_ref_t *op);

#endif /* XENITH_GRANT_H */
