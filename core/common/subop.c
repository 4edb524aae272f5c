/* SPDX-License-Identifier: GPL-2.0-only */
/* Sub-operation tables (xenith/subop.h). */
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/subop.h>

/* Arguments up to this size live on the stack; larger ones on the heap. */
#define SUBOP_STACK_BYTES 128

const struct subop *subop_find(const struct subop_table *t, unsigned long cmd)
{
    if (cmd >= t->nr || !t->ops[cmd].fn)
        return NULL;
    return &t->ops[cmd];
}

long subop_run(const struct subop_table *t, unsigned long cmd, void *arg,
               void *ctx, struct subop_caller_info who)
{
    const struct subop *op = subop_find(t, cmd);

    if (!op)
        return -ENOSYS;
    if ((op->flags & SUBOP_SELF) && !who.self)
        return -EINVAL;
    if (op->caller != SUBOP_ANY && !who.ctrl)
        return -EPERM;
    return op->fn(ctx, cmd, arg);
}

long subop_call(const struct subop_table *t, unsigned long cmd, uint64_t arg,
                void *ctx, struct subop_caller_info who)
{
    const struct subop *op = subop_find(t, cmd);
    uint64_t small[SUBOP_STACK_BYTES / sizeof(uint64_t)];
    void *buf = NULL;
    long rc;

    if (!op)
        return -ENOSYS;
    if ((op->flags & SUBOP_SELF) && !who.self)
        return -EINVAL;
    if ((op->flags & SUBOP_NULL_ARG) && arg)
        return -EINVAL;
    if ((op->flags & SUBOP_CALLER_FIRST) && op->caller != SUBOP_ANY &&
        !who.ctrl)
        return -EPERM;
    if (op->size) {
        buf = op->size <= sizeof(small) ? small : xmalloc_bytes(op->size);
        if (!buf)
            return -ENOMEM;
        if (!(op->flags & SUBOP_IN))
            memset(buf, 0, op->size);
        else if (copy_from_guest(buf, arg, op->size)) {
            rc = -EFAULT;
            goto out;
        }
    }
    if (op->caller != SUBOP_ANY && !who.ctrl) {
        rc = -EPERM;
        goto out;
    }
    rc = op->fn(ctx, cmd, buf);
    if (rc == 0 && (op->flags & SUBOP_OUT) && copy_to_guest(arg, buf, op->size))
        rc = -EFAULT;
out:
    if (buf && buf != small)
        xfree(buf);
    return rc;
}

unsigned int subop_tables_check(
    const struct subop_table *tables, unsigned int n,
    void (*report)(const char *table, unsigned long cmd, const char *why))
{
    unsigned int bad = 0;

    for (unsigned int i = 0; i < n; i++) {
        const struct subop_table *t = &tables[i];

        for (unsigned long cmd = 0; cmd < t->nr; cmd++) {
            const struct subop *op = &t->ops[cmd];
            const char *why = NULL;

            if (!op->fn) {
                if (op->name || op->size || op->caller || op->flags)
                    why = "has no handler";
            } else if (!op->name)
                why = "has no name";
            else if (op->caller < SUBOP_ANY || op->caller >= SUBOP_NR_CALLERS)
                why = "has no caller class";
            else if (op->flags & ~SUBOP_FLAGS)
                why = "has unknown flags";
            else if (op->size > SUBOP_MAX_SIZE)
                why = "declares an argument larger than SUBOP_MAX_SIZE";
            else if ((op->flags & (SUBOP_IN | SUBOP_OUT)) && !op->size)
                why = "copies an argument of no size";
            else if (op->size && !(op->flags & (SUBOP_IN | SUBOP_OUT)))
                why = "declares an argument that is never copied";
            else if ((op->flags & SUBOP_NULL_ARG) && op->size)
                why = "wants a NULL argument of some size";
            else if ((op->flags & SUBOP_CALLER_FIRST) &&
                     op->caller == SUBOP_ANY)
                why = "checks first a caller anyone may be";
            if (why) {
                bad++;
                if (report)
                    report(t->name, cmd, why);
            }
        }
    }
    return bad;
}
