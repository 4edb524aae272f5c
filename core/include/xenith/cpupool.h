/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU pools: disjoint sets of pCPUs, each scheduled by its own scheduler
 * instance.  Every domain belongs to exactly one pool; a pCPU belongs to
 * at most one pool (otherwise it is "free").  Pool 0 is made at boot with
 * every online pCPU and is never destroyed.
 *
 * Locking: cpupool_lock (one global spinlock, outermost in the scheduler
 * lock order) protects the pool list, every pool's cpu_valid, n_dom and
 * domain list, the free-CPU mask and each sched_dom's pool pointer.
 */
#ifndef XENITH_CPUPOOL_H
#define XENITH_CPUPOOL_H

#include <xenith/errno.h>
#include <xenith/sched.h>

/* Xen's value; xenith/errno.h does not list it (yet). */
#ifndef EADDRNOTAVAIL
#define EADDRNOTAVAIL 99
#endif

struct xen_sysctl_cpupool_op;

#define CPUPOOLID_NONE (~0U)

struct cpupool {
    unsigned int cpupool_id;
    unsigned int n_dom;        /* domains in the pool */
    unsigned long *cpu_valid;  /* pCPUs of the pool (a sched mask) */
    struct scheduler sched;    /* this pool's scheduler instance */
    struct sched_list list;    /* on the pool list, sorted by id */
    struct sched_list domains; /* sched_dom.pool_elem */
};

extern spinlock_t cpupool_lock;
extern struct cpupool *cpupool0;

/* Boot: make pool 0 with scheduler ops and the online pCPUs. */
int cpupool_boot(const struct sched_ops *ops, const unsigned long *online);
/* Tear down every pool (their domains must be gone). */
void cpupool_shutdown(void);

/* Pool with this id or NULL; caller holds cpupool_lock. */
struct cpupool *cpupool_find(unsigned int poolid);
/* First pool with an id >= poolid, or NULL; caller holds cpupool_lock. */
struct cpupool *cpupool_find_next(unsigned int poolid);

/*
 * XEN_SYSCTL_cpupool_op with Xen 4.17's semantics and errors.
 *
 * d is the domain named by op->domid for MOVEDOMAIN (the caller resolves
 * the id; NULL gives -ESRCH).  For INFO and FREEINFO the pool's / free
 * pCPUs are written to map as a byte bitmap (bit n of byte n/8 = pCPU n)
 * of map_bytes bytes, zero-filled past the last pCPU; map may be NULL
 * when map_bytes is 0.
 *
 * Returns 0 or: -ENOENT (no such pool / scheduler, no further pool for
 * INFO, empty target pool for MOVEDOMAIN), -EEXIST (CREATE: id in use),
 * -ENOSPC (CREATE: too many pools), -EBUSY (DESTROY: pool has domains or
 * pCPUs; RMCPU: last pCPU of a pool with domains), -ENODEV (ADDCPU: pCPU
 * offline, not free, or no free pCPU for PAR_ANY), -EINVAL (pCPU id out of
 * range, pCPU 0 out of pool 0, domain in no pool), -EADDRNOTAVAIL (RMCPU:
 * pCPU not in the pool, or another removal in progress), -EAGAIN (RMCPU:
 * the pCPU is still running a unit of the pool; it has been asked to stop
 * and the call should be repeated), -ENOMEM, -ENOSYS (unknown op).
 */
int cpupool_do_op(struct xen_sysctl_cpupool_op *op, struct sched_dom *d,
                  uint8_t *map, unsigned int map_bytes);

/* Move d (all of whose units must not be running) to pool c. */
int cpupool_move_domain(struct sched_dom *d, struct cpupool *c);

#endif /* XENITH_CPUPOOL_H */
