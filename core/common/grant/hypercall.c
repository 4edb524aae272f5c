/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: the grant_table_op hypercall (#20).
 *
 * map_grant_ref, copy and swap_grant_ref work entry by entry: copy one
 * struct in, run it, write the result back, and check for preemption
 * between entries.  unmap_grant_ref and unmap_and_replace work in batches
 * (map.c).
 * setup_table, query_size and get_status_frames take exactly one entry.
 * cache_flush (flush.c) runs entry by entry too, but fails the whole call
 * on an entry's error, as Xen.  Sub-ops not provided (transfer,
 * dump_table) return -ENOSYS.
 */
#include "private.h"

/* High bits of cmd carry continuation state in Xen: only cache_flush's
 * (the reference its search of a grant table resumes from). */
#define GNTTABOP_CMD_SHIFT 12
#define GNTTABOP_CMD_MASK  ((1U << GNTTABOP_CMD_SHIFT) - 1)

static void run_map(struct domain *cur, void *op)
{
    gnttab_map_one(cur, op);
}

static void run_swap(struct domain *cur, void *arg)
{
    gnttab_swap_grant_ref_t *op = arg;

    op->status = gnttab_swap_one(cur, op->ref_a, op->ref_b);
}

/* Per-entry sub-ops: argument size, handler, what is written back. */
struct gnttab_entry_op {
    size_t size;
    void (*run)(struct domain *cur, void *op);
    size_t out_off, out_len; /* bytes copied back to the guest */
};

static const struct gnttab_entry_op map_op = { sizeof(gnttab_map_grant_ref_t),
                                               run_map, 0,
                                               sizeof(gnttab_map_grant_ref_t) };
static const struct gnttab_entry_op swap_op = {
    sizeof(gnttab_swap_grant_ref_t), run_swap,
    offsetof(gnttab_swap_grant_ref_t, status), sizeof(int16_t)
};

/* Run count entries; 0, -EFAULT, or entries done when preempted. */
static long run_entries(struct domain *cur, const struct gnttab_entry_op *e,
                        uint64_t uop, unsigned int count)
{
    union {
        gnttab_map_grant_ref_t map;
        gnttab_swap_grant_ref_t swap;
    } buf;
    unsigned int i;

    for (i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * e->size;

        if (i && evtchn_hooks->preempt_check())
            return i;
        if (evtchn_hooks->copy_from_guest(&buf, at, e->size))
            return -EFAULT;
        e->run(cur, &buf);
        if (evtchn_hooks->copy_to_guest(at + e->out_off,
                                        (char *)&buf + e->out_off, e->out_len))
            return -EFAULT;
    }
    return 0;
}

/* Copies: entry by entry as run_entries, with the batch keeping a side
 * claimed while entries name the same grant or frame (copy.c). */
static long run_copies(struct domain *cur, uint64_t uop, unsigned int count)
{
    struct gnttab_copy_batch b;
    gnttab_copy_t op;
    unsigned int i;
    long rc = 0;

    gnttab_copy_batch_start(&b);
    for (i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * sizeof(op);

        if (i && evtchn_hooks->preempt_check()) {
            rc = i;
            break;
        }
        if (evtchn_hooks->copy_from_guest(&op, at, sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        gnttab_copy_batched(cur, &op, &b);
        if (evtchn_hooks->copy_to_guest(at + offsetof(gnttab_copy_t, status),
                                        &op.status, sizeof(op.status))) {
            rc = -EFAULT;
            break;
        }
    }
    gnttab_copy_batch_end(&b);
    return rc;
}

/* setup_table: one entry; only the status field is written back. */
static long op_setup_table(struct domain *cur, uint64_t uop, unsigned int count)
{
    gnttab_setup_table_t op;

    if (count != 1)
        return -EINVAL;
    if (evtchn_hooks->copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    gnttab_setup_table(cur, &op);
    if (evtchn_hooks->copy_to_guest(uop +
                                        offsetof(gnttab_setup_table_t, status),
                                    &op.status, sizeof(op.status)))
        return -EFAULT;
    return 0;
}

static long op_query_size(struct domain *cur, uint64_t uop, unsigned int count)
{
    gnttab_query_size_t op;

    if (count != 1)
        return -EINVAL;
    if (evtchn_hooks->copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    gnttab_query_size(cur, &op);
    if (evtchn_hooks->copy_to_guest(uop, &op, sizeof(op)))
        return -EFAULT;
    return 0;
}

/* get_status_frames: one entry; only the status field is written back. */
static long op_get_status_frames(struct domain *cur, uint64_t uop,
                                 unsigned int count)
{
    gnttab_get_status_frames_t op;

    if (count != 1)
        return -EINVAL;
    if (evtchn_hooks->copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    gnttab_get_status_frames(cur, &op);
    if (evtchn_hooks->copy_to_guest(
            uop + offsetof(gnttab_get_status_frames_t, status), &op.status,
            sizeof(op.status)))
        return -EFAULT;
    return 0;
}

/* cache_flush: 0, an entry's error, -EFAULT, or entries done when
 * preempted. */
static long op_cache_flush(struct domain *cur, uint64_t uop, unsigned int count,
                           grant_ref_t start_ref)
{
    gnttab_cache_flush_t op;
    unsigned int i;
    int rc;

    for (i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * sizeof(op);

        if (i && evtchn_hooks->preempt_check())
            return i;
        if (evtchn_hooks->copy_from_guest(&op, at, sizeof(op)))
            return -EFAULT;
        if ((rc = gnttab_cache_flush_one(cur, &op, i ? 0 : start_ref)))
            return rc;
    }
    return 0;
}

/* set_version writes the version in use back even when it fails. */
static long op_set_version(struct domain *cur, uint64_t uop)
{
    gnttab_set_version_t op;
    long rc;

    if (evtchn_hooks->copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    rc = gnttab_set_version(cur, &op);
    if (evtchn_hooks->copy_to_guest(uop, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}

static long op_get_version(struct domain *cur, uint64_t uop)
{
    gnttab_get_version_t op;
    long rc;

    if (evtchn_hooks->copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    rc = gnttab_get_version(cur, &op);
    if (rc == 0 && evtchn_hooks->copy_to_guest(
                       uop + offsetof(gnttab_get_version_t, version),
                       &op.version, sizeof(op.version)))
        rc = -EFAULT;
    return rc;
}

/*
 * Hypercall entry for the current domain.  -EINVAL for a negative count
 * or continuation bits in cmd; -ENOSYS for sub-ops not provided.
 */
long gnttab_do_grant_table_op(unsigned int cmd, uint64_t uop,
                              unsigned int count)
{
    struct domain *cur = evtchn_hooks->current_domain();

    if ((int)count < 0 || ((cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush &&
                           (cmd & ~GNTTABOP_CMD_MASK)))
        return -EINVAL;

    switch (cmd & GNTTABOP_CMD_MASK) {
    case GNTTABOP_map_grant_ref:
        return run_entries(cur, &map_op, uop, count);
    case GNTTABOP_unmap_grant_ref:
        return gnttab_unmap_batch(cur, uop, count, false);
    case GNTTABOP_unmap_and_replace:
        return gnttab_unmap_batch(cur, uop, count, true);
    case GNTTABOP_copy:
        return run_copies(cur, uop, count);
    case GNTTABOP_setup_table:
        return op_setup_table(cur, uop, count);
    case GNTTABOP_query_size:
        return op_query_size(cur, uop, count);
    case GNTTABOP_set_version:
        return op_set_version(cur, uop);
    case GNTTABOP_get_version:
        return op_get_version(cur, uop);
    case GNTTABOP_get_status_frames:
        return op_get_status_frames(cur, uop, count);
    case GNTTABOP_swap_grant_ref:
        return run_entries(cur, &swap_op, uop, count);
    case GNTTABOP_cache_flush:
        return op_cache_flush(cur, uop, count, cmd >> GNTTABOP_CMD_SHIFT);
    default:
        return -ENOSYS;
    }
}
