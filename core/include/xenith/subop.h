/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sub-operation tables: a hypercall that multiplexes commands (vcpu_op,
 * physdev_op, mmuext_op, ...) describes each command once, in one table
 * entry: its handler, the size of its argument, who may call it and which
 * way the argument travels.  subop_call() copies the argument in exactly
 * once, checks the caller, runs the handler on the hypervisor's copy and
 * copies it back, so no handler reads guest memory for its own argument.
 *
 * Every table is registered (SUBOP_TABLE) in one linker section, where
 * subop_tables_check() walks them all at boot.
 */
#ifndef XENITH_SUBOP_H
#define XENITH_SUBOP_H

#include <xenith/types.h>

/* Who may call a command. */
enum subop_caller {
    SUBOP_ANY = 1, /* any domain, on itself */
    SUBOP_CTRL,    /* the control domain only (others -EPERM) */
    SUBOP_NR_CALLERS,
};

/* How the argument travels, and checks made before the handler runs. */
#define SUBOP_IN       0x01 /* copied in from the guest (else zeroed) */
#define SUBOP_OUT      0x02 /* copied back to the guest when rc == 0 */
#define SUBOP_NULL_ARG 0x04 /* the argument must be NULL (else -EINVAL) */
#define SUBOP_SELF     0x08 /* only on the calling vCPU (else -EINVAL) */
/* The caller class is checked before the argument is copied in (Xen 4.17
 * checks a few commands' rights first, e.g. machine_memory_map). */
#define SUBOP_CALLER_FIRST 0x10
/* The command takes continuation state in the hypercall's command bits
 * (memory_op's start extent): the hypercall splits it off and passes it
 * in its context; for the other commands it refuses such bits. */
#define SUBOP_CONT  0x20
#define SUBOP_FLAGS 0x3f

/* The largest argument a table may declare (vcpu_guest_context). */
#define SUBOP_MAX_SIZE 8192

struct subop {
    /* ctx is the table's own context (the target vCPU, a batch state). */
    long (*fn)(void *ctx, unsigned long cmd, void *arg);
    const char *name;
    uint16_t size;  /* argument bytes (0: the handler takes none) */
    uint8_t caller; /* enum subop_caller */
    uint8_t flags;  /* SUBOP_* */
};

struct subop_table {
    const char *name; /* the hypercall, for messages */
    const struct subop *ops;
    unsigned int nr;
};

/* One entry, indexed by its command number. */
#define SUBOP(cmd, nm, type, handler, who, fl) \
    [cmd] = { (handler), (nm), sizeof(type), SUBOP_##who, (fl) }
#define SUBOP_NOARG(cmd, nm, handler, who, fl) \
    [cmd] = { (handler), (nm), 0, SUBOP_##who, (fl) }

/* Register table `ops` (an array) under the hypercall name `nm`. */
#define SUBOP_TABLE(var, nm, ops)                                  \
    const struct subop_table var __attribute__((                   \
        __used__, __aligned__(8), __section__(".data.subop"))) = { \
        (nm), (ops), sizeof(ops) / sizeof((ops)[0])                \
    }

/* The entry for command cmd of t, or NULL (an unknown command). */
const struct subop *subop_find(const struct subop_table *t, unsigned long cmd);

/* The caller as the checks see it. */
struct subop_caller_info {
    bool ctrl; /* the control domain */
    bool self; /* the target is the calling vCPU (SUBOP_SELF) */
};

/*
 * Run command cmd of table t with the guest argument at arg, in this
 * order: unknown commands -ENOSYS; SUBOP_SELF and SUBOP_NULL_ARG -EINVAL;
 * the argument copied in (-EFAULT); a caller of the wrong class -EPERM
 * (after the copy, as Xen 4.17 checks permissions in its handlers, or
 * before it with SUBOP_CALLER_FIRST); the handler; the copy back.
 */
long subop_call(const struct subop_table *t, unsigned long cmd, uint64_t arg,
                void *ctx, struct subop_caller_info who);

/*
 * The same for a batch item the caller has already copied in once (arg
 * points at the hypervisor's copy; nothing is copied either way).
 */
long subop_run(const struct subop_table *t, unsigned long cmd, void *arg,
               void *ctx, struct subop_caller_info who);

/*
 * Check tables[0..n): every entry with a handler has a name, a caller
 * class, known flags and a size no larger than SUBOP_MAX_SIZE,
 * SUBOP_IN/SUBOP_OUT only with a size, and SUBOP_CALLER_FIRST only for a
 * restricted class.  Returns the number of bad entries
 * (each reported through report(), which may be NULL).
 */
unsigned int subop_tables_check(
    const struct subop_table *tables, unsigned int n,
    void (*report)(const char *table, unsigned long cmd, const char *why));

/* The registered tables (the linker section). */
extern const struct subop_table __subop_start[], __subop_end[];

#endif
