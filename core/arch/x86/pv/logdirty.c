/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-dirty mode of a PV domain (XEN_DOMCTL_shadow_op enable/clean/peek),
 * what a live save or migration asks between its copy rounds: which of
 * the domain's pages may have changed since the last clean.
 *
 * Xen 4.17 runs a PV guest on shadow page tables in this mode and learns
 * of every write from a write fault.  Xenith keeps the guest on its own
 * page tables and reports a superset instead, from the page types:
 *
 *  - a page can change only while something holds a type reference to
 *    it: a writable mapping (the guest's own, a foreign or grant mapping
 *    of dom0, the hypervisor's grant copy or vcpu_info), or a page-table
 *    or descriptor type (the hypervisor validates updates; the CPU sets
 *    accessed and dirty bits in them);
 *  - so a clean reports every page that had a type reference at any time
 *    since the previous clean: those holding one now (found by walking
 *    the domain's frames) and those whose first reference was taken
 *    meanwhile (recorded by pv_logdirty_type_taken(), a bit per machine
 *    frame), plus frames given to the domain meanwhile.
 *
 * The answer is never smaller than the truth, which is what a save needs;
 * it is larger than Xen's for pages mapped writable but not written (a
 * PV Linux maps all its free RAM so), so pre-copy rounds do not shrink
 * and the toolstack's round limit ends them.  Knowing exactly needs
 * shadow page tables: write-protecting the guest's own entries instead
 * would show it read-only entries it made writable (Linux decides
 * copy-on-write at fork from them).
 *
 * The bitmap handed out is indexed by the guest's PFNs (the M2P of each
 * frame); fault_count is always 0 (no faults are taken).
 */
#include <public/domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/spinlock.h>
#include <xenith/asm/pv/domain.h>
#include <xenith/asm/pv/logdirty.h>

#define LD_SLOTS 8 /* domains in log-dirty mode at once */

struct ld_slot {
    domid_t domid;
    unsigned long *frames; /* a bit per machine frame (max_page bits) */
    unsigned long dirty;   /* frames newly marked since the last clean */
};

static struct ld_slot slots[LD_SLOTS];
static unsigned int nr_active;   /* slots in use (read without the lock) */
static DEFINE_SPINLOCK(ld_lock); /* slots; irq-safe, a leaf */

#define BITS_PER_UL (8 * sizeof(unsigned long))

static size_t frames_bytes(void)
{
    return ROUNDUP(max_page, BITS_PER_UL) / 8;
}

/* ld_lock held. */
static struct ld_slot *slot_of(domid_t domid)
{
    for (unsigned int i = 0; i < LD_SLOTS; i++)
        if (slots[i].frames && slots[i].domid == domid)
            return &slots[i];
    return NULL;
}

/* ld_lock held. */
static void mark(struct ld_slot *s, unsigned long mfn)
{
    unsigned long bit = 1UL << (mfn % BITS_PER_UL);

    if (mfn >= max_page || (s->frames[mfn / BITS_PER_UL] & bit))
        return;
    s->frames[mfn / BITS_PER_UL] |= bit;
    s->dirty++;
}

void pv_logdirty_type_taken(struct page_info *pg)
{
    struct ld_slot *s;
    unsigned long flags;

    if (!__atomic_load_n(&nr_active, __ATOMIC_ACQUIRE))
        return;
    flags = spin_lock_irqsave(&ld_lock);
    s = slot_of((domid_t)__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE));
    if (s)
        mark(s, page_to_pfn(pg));
    spin_unlock_irqrestore(&ld_lock, flags);
}

void pv_logdirty_frames_added(struct domain *d, struct page_info *pg,
                              unsigned long n)
{
    struct ld_slot *s;
    unsigned long flags;

    if (!__atomic_load_n(&nr_active, __ATOMIC_ACQUIRE))
        return;
    flags = spin_lock_irqsave(&ld_lock);
    if ((s = slot_of(d->domain_id)))
        for (unsigned long i = 0; i < n; i++)
            mark(s, page_to_pfn(&pg[i]));
    spin_unlock_irqrestore(&ld_lock, flags);
}

bool pv_logdirty_enabled(const struct domain *d)
{
    unsigned long flags;
    bool on;

    flags = spin_lock_irqsave(&ld_lock);
    on = slot_of(d->domain_id) != NULL;
    spin_unlock_irqrestore(&ld_lock, flags);
    return on;
}

int pv_logdirty_enable(struct domain *d)
{
    unsigned long *frames = xzalloc_bytes(frames_bytes());
    unsigned long flags;
    int rc = -ENOMEM;

    if (!frames)
        return -ENOMEM;
    flags = spin_lock_irqsave(&ld_lock);
    if (slot_of(d->domain_id)) {
        rc = -EINVAL; /* already on (Xen 4.17) */
    } else {
        for (unsigned int i = 0; i < LD_SLOTS; i++) {
            if (slots[i].frames)
                continue;
            slots[i].domid = d->domain_id;
            slots[i].frames = frames;
            slots[i].dirty = 0;
            __atomic_add_fetch(&nr_active, 1, __ATOMIC_RELEASE);
            frames = NULL;
            rc = 0;
            break;
        }
    }
    spin_unlock_irqrestore(&ld_lock, flags);
    xfree(frames);
    return rc;
}

void pv_logdirty_disable(struct domain *d)
{
    unsigned long *frames = NULL;
    unsigned long flags;
    struct ld_slot *s;

    flags = spin_lock_irqsave(&ld_lock);
    if ((s = slot_of(d->domain_id))) {
        frames = s->frames;
        s->frames = NULL;
        __atomic_sub_fetch(&nr_active, 1, __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&ld_lock, flags);
    xfree(frames);
}

/*
 * Fill out (bits for PFNs 0..pages-1) with the frames marked since the
 * last clean and every frame of d holding a type reference now; clean:
 * start a new set of marks.  The marks are taken out under ld_lock and
 * the frames walked under d->lock alone, so neither lock is held inside
 * the other.
 */
static long collect(struct domain *d, uint8_t *out, uint64_t pages, bool clean,
                    uint32_t *dirty_count)
{
    unsigned long flags, *snap = xzalloc_bytes(frames_bytes());
    struct ld_slot *s;
    uint32_t mfn;

    if (!snap)
        return -ENOMEM;
    flags = spin_lock_irqsave(&ld_lock);
    if (!(s = slot_of(d->domain_id))) {
        /* Not in log-dirty mode: nothing was logged (as Xen). */
        spin_unlock_irqrestore(&ld_lock, flags);
        *dirty_count = 0;
        xfree(snap);
        return 0;
    }
    *dirty_count = s->dirty > UINT32_MAX ? UINT32_MAX : (uint32_t)s->dirty;
    if (clean) {
        unsigned long *old = s->frames;

        s->frames = snap; /* the fresh, empty set */
        snap = old;
        s->dirty = 0;
    } else {
        memcpy(snap, s->frames, frames_bytes());
    }
    spin_unlock_irqrestore(&ld_lock, flags);

    spin_lock(&d->lock);
    for (mfn = d->pv.page_head; out && mfn != PAGE_LIST_NULL;
         mfn = pfn_to_page(mfn)->list.next) {
        struct page_info *pg = pfn_to_page(mfn);
        unsigned long pfn = get_gpfn_from_mfn(mfn);
        bool marked = snap[mfn / BITS_PER_UL] & (1UL << (mfn % BITS_PER_UL));

        if (pfn < pages &&
            (marked || (__atomic_load_n(&pg->u.type_info, __ATOMIC_ACQUIRE) &
                        PGT_count_mask)))
            out[pfn / 8] |= (uint8_t)(1U << (pfn % 8));
    }
    spin_unlock(&d->lock);
    xfree(snap);
    return 0;
}

/* Largest bitmap a clean or peek hands out at once (2^28 PFNs: 1 TiB). */
#define LD_MAX_PAGES (1ULL << 28)

long pv_logdirty_op(struct domain *d, struct xen_domctl_shadow_op *sc)
{
    uint64_t pages = sc->pages;
    uint8_t *out = NULL;
    uint64_t buf;
    size_t bytes;
    long rc;

    if (sc->mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL)
        return -EINVAL;
    if (pages > LD_MAX_PAGES)
        pages = LD_MAX_PAGES;
    bytes = (size_t)((pages + 7) / 8);
    memcpy(&buf, &sc->dirty_bitmap, sizeof(buf));
    if (buf && bytes && !(out = xzalloc_bytes(bytes)))
        return -ENOMEM;
    rc = collect(d, out, pages, sc->op == XEN_DOMCTL_SHADOW_OP_CLEAN,
                 &sc->stats.dirty_count);
    sc->stats.fault_count = 0;
    if (!rc && out && copy_to_guest(buf, out, bytes))
        rc = -EFAULT;
    xfree(out);
    sc->pages = pages;
    return rc;
}
