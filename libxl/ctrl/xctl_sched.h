/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The hypercall layer's calls for information and tuning: xen_version,
 * the console ring, debug keys, schedulers (domctl and sysctl
 * scheduler_op), cpupools and the host's topology.  Same conventions as
 * xctl.h: 0 (or a count) or a negative errno with errno set; no logging.
 */
#ifndef XCTL_SCHED_H
#define XCTL_SCHED_H

#include "xctl.h"

/* xen_version sub-op cmd with an argument of len bytes (bounced both
 * ways; NULL/0 for the ops without one).  Returns the hypercall's
 * result (XENVER_version: major << 16 | minor) or -errno. */
long xctl_xen_version(struct xctl *xc, unsigned cmd, void *arg, size_t len);

/* sysctl readconsole into buf (*count bytes; out: bytes read).  With
 * incremental, reading starts at *index, which is updated. */
int xctl_readconsole(struct xctl *xc, char *buf, uint32_t *count, int clear,
                     int incremental, uint32_t *index);

/* sysctl debug_keys: the keys as if typed on the hypervisor console. */
int xctl_debug_keys(struct xctl *xc, const char *keys);

/* sysctl sched_id: XEN_SCHEDULER_* of the default pool. */
int xctl_sched_id(struct xctl *xc, uint32_t *sched_id);

/* domctl scheduler_op for the credit scheduler (weight/cap). */
int xctl_sched_credit_domain_get(struct xctl *xc, uint32_t domid,
                                 struct xen_domctl_sched_credit *p);
int xctl_sched_credit_domain_set(struct xctl *xc, uint32_t domid,
                                 const struct xen_domctl_sched_credit *p);
/* sysctl scheduler_op for the credit scheduler of pool poolid. */
int xctl_sched_credit_params_get(struct xctl *xc, uint32_t poolid,
                                 struct xen_sysctl_credit_schedule *p);
int xctl_sched_credit_params_set(struct xctl *xc, uint32_t poolid,
                                 struct xen_sysctl_credit_schedule *p);

/* ---- cpupools ------------------------------------------------------------ */

struct xctl_cpupool_info {
    uint32_t poolid, sched_id, n_dom;
};

/* *poolid: in, the wanted id or XEN_SYSCTL_CPUPOOL_PAR_ANY; out, the id. */
int xctl_cpupool_create(struct xctl *xc, uint32_t *poolid, uint32_t sched_id);
int xctl_cpupool_destroy(struct xctl *xc, uint32_t poolid);
/* The first pool with id >= poolid (-ENOENT past the last); cpumap gets
 * its CPUs (nr_bits of room). */
int xctl_cpupool_info(struct xctl *xc, uint32_t poolid,
                      struct xctl_cpupool_info *info, uint8_t *cpumap,
                      unsigned nr_bits);
/* cpu XEN_SYSCTL_CPUPOOL_PAR_ANY: any free CPU (add) / any (remove). */
int xctl_cpupool_addcpu(struct xctl *xc, uint32_t poolid, uint32_t cpu);
int xctl_cpupool_rmcpu(struct xctl *xc, uint32_t poolid, uint32_t cpu);
int xctl_cpupool_movedomain(struct xctl *xc, uint32_t poolid, uint32_t domid);
/* The CPUs in no pool. */
int xctl_cpupool_freeinfo(struct xctl *xc, uint8_t *cpumap, unsigned nr_bits);

/* ---- topology ----------------------------------------------------------- */

/* *num: in, entries of room (0 asks how many); out, how many exist. */
int xctl_cputopoinfo(struct xctl *xc, unsigned *num,
                     struct xen_sysctl_cputopo *out);
/* mem (num entries) and dist (num * num) may be NULL when *num is 0. */
int xctl_numainfo(struct xctl *xc, unsigned *num,
                  struct xen_sysctl_meminfo *mem, uint32_t *dist);

#endif
