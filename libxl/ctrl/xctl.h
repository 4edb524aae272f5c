/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The hypercall layer: what libxl, the domain builder and xenconsoled need
 * from the hypervisor, over Linux's stock dom0 devices (/dev/xen/privcmd,
 * /dev/xen/evtchn, /dev/xen/gntdev).  Layouts and numbers come from
 * core/include/public (Xen 4.17's toolstack interface, 0x15).
 *
 * Errors: every int function returns 0 (or a count) on success and a
 * negative errno on failure (Linux values; the hypervisor's are mapped),
 * with errno set to the same positive value.  Pointer functions return
 * NULL with errno set.  Nothing here logs: callers say what failed.
 *
 * Threads: every handle may be used from several threads at once (libxl
 * runs asynchronous operations on worker threads); what must not be
 * shared is guarded inside.
 */
#ifndef XCTL_H
#define XCTL_H

#include <stddef.h>
#include <stdint.h>

#include "public/domctl.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "public/sysctl.h"
#include "public/xen.h"

struct xctl;

/* Opens /dev/xen/privcmd (ENOENT: no Xen dom0 here; EACCES: not root). */
struct xctl *xctl_open(void);
void xctl_close(struct xctl *xc);

/* ---- raw calls ---------------------------------------------------------- */

/* Memory the hypervisor may read and write (locked, not shared on fork). */
void *xctl_buffer_alloc(struct xctl *xc, size_t size);
void xctl_buffer_free(struct xctl *xc, void *p, size_t size);

/* A hypercall through privcmd; arguments pointing at memory must point
 * into xctl_buffer_alloc() buffers.  Returns the hypercall's result. */
long xctl_hypercall(struct xctl *xc, unsigned op, uint64_t a0, uint64_t a1,
                    uint64_t a2, uint64_t a3, uint64_t a4);

/* domctl / sysctl: d may live anywhere (it is bounced); the interface
 * version is filled in; the result is copied back into *d. */
int xctl_domctl(struct xctl *xc, struct xen_domctl *d);
int xctl_sysctl(struct xctl *xc, struct xen_sysctl *s);

/* memory_op with an argument of len bytes, bounced both ways. */
long xctl_memory_op(struct xctl *xc, unsigned cmd, void *arg, size_t len);

/* ---- domains ------------------------------------------------------------ */

/* *domid: in, the wanted id or 0 for any; out, the new domain's id. */
int xctl_domain_create(struct xctl *xc, uint32_t *domid,
                       struct xen_domctl_createdomain *cfg);
int xctl_domain_destroy(struct xctl *xc, uint32_t domid);
int xctl_domain_pause(struct xctl *xc, uint32_t domid);
int xctl_domain_unpause(struct xctl *xc, uint32_t domid);
/* SCHEDOP_remote_shutdown with a SHUTDOWN_* reason. */
int xctl_domain_shutdown(struct xctl *xc, uint32_t domid, unsigned reason);
/* -ESRCH when no such domain. */
int xctl_domain_getinfo(struct xctl *xc, uint32_t domid,
                        struct xen_domctl_getdomaininfo *info);
/* Domains with id >= first, at most max; returns how many were filled. */
int xctl_domain_getinfolist(struct xctl *xc, uint32_t first, unsigned max,
                            struct xen_domctl_getdomaininfo *out);
int xctl_domain_max_vcpus(struct xctl *xc, uint32_t domid, unsigned max);
int xctl_domain_setmaxmem(struct xctl *xc, uint32_t domid, uint64_t max_kb);
int xctl_domain_sethandle(struct xctl *xc, uint32_t domid,
                          const uint8_t handle[16]);
int xctl_domain_set_address_size(struct xctl *xc, uint32_t domid,
                                 unsigned bits);
/* Hard and soft affinity as byte bitmaps of nr_bits CPUs (NULL: leave). */
int xctl_vcpu_setaffinity(struct xctl *xc, uint32_t domid, unsigned vcpu,
                          const uint8_t *hard, const uint8_t *soft,
                          unsigned nr_bits);
int xctl_vcpu_getaffinity(struct xctl *xc, uint32_t domid, unsigned vcpu,
                          uint8_t *hard, uint8_t *soft, unsigned nr_bits);
/* The nodes the domain's memory comes from (nr_bits node ids). */
int xctl_domain_setnodeaffinity(struct xctl *xc, uint32_t domid,
                                const uint8_t *nodes, unsigned nr_bits);
int xctl_vcpu_getinfo(struct xctl *xc, uint32_t domid, unsigned vcpu,
                      struct xen_domctl_getvcpuinfo *info);
int xctl_physinfo(struct xctl *xc, struct xen_sysctl_physinfo *info);

/* ---- foreign memory ----------------------------------------------------- */

/* Maps n frames of domid (errs[i] gets each frame's error, may be NULL:
 * then any failure fails the call).  Unmap with xctl_unmap. */
void *xctl_map_foreign(struct xctl *xc, uint32_t domid, int prot,
                       const xen_pfn_t *gfns, int *errs, unsigned n);
int xctl_unmap(void *addr, unsigned n_pages);
/* XENMEM_acquire_resource through privcmd's mmap_resource. */
void *xctl_map_resource(struct xctl *xc, uint32_t domid, unsigned type,
                        unsigned id, unsigned frame, unsigned nr, int prot);

/* ---- event channels (/dev/xen/evtchn) ---------------------------------- */

struct xctl_evtchn;
struct xctl_evtchn *xctl_evtchn_open(void);
void xctl_evtchn_close(struct xctl_evtchn *e);
int xctl_evtchn_fd(struct xctl_evtchn *e); /* readable when a port fired */
/* Return the local port (>= 0) or -errno. */
int xctl_evtchn_bind_interdomain(struct xctl_evtchn *e, uint32_t domid,
                                 uint32_t remote_port);
int xctl_evtchn_bind_virq(struct xctl_evtchn *e, unsigned virq);
int xctl_evtchn_unbind(struct xctl_evtchn *e, uint32_t port);
int xctl_evtchn_notify(struct xctl_evtchn *e, uint32_t port);
/* The next pending port (>= 0), -EAGAIN when none; unmask it after. */
int xctl_evtchn_pending(struct xctl_evtchn *e);
int xctl_evtchn_unmask(struct xctl_evtchn *e, uint32_t port);
/* EVTCHNOP_alloc_unbound for domid with remote_domid allowed to bind;
 * through privcmd (needs an xctl).  Returns the port or -errno. */
int xctl_evtchn_alloc_unbound(struct xctl *xc, uint32_t domid,
                              uint32_t remote_domid);

/* ---- grants (/dev/xen/gntdev) ------------------------------------------ */

struct xctl_gnttab;
struct xctl_gnttab *xctl_gnttab_open(void);
void xctl_gnttab_close(struct xctl_gnttab *g);
/* Maps one page domid granted with ref; prot PROT_READ[|PROT_WRITE]. */
void *xctl_gnttab_map(struct xctl_gnttab *g, uint32_t domid, uint32_t ref,
                      int prot);
int xctl_gnttab_unmap(struct xctl_gnttab *g, void *addr);

/* ---- building domains --------------------------------------------------- */

/* XENMEM_populate_physmap: nr extents of 2^order pages at the frames in
 * extents[] (the machine frames come back there for PV).  Returns how many
 * extents were populated (may be fewer than nr) or -errno. */
long xctl_populate_physmap(struct xctl *xc, uint32_t domid, unsigned long nr,
                           unsigned order, unsigned mem_flags,
                           xen_pfn_t *extents);
/* mmuext_op on domid's behalf (MMUEXT_PIN_L4_TABLE, ...): all or -errno. */
int xctl_mmuext_op(struct xctl *xc, uint32_t domid, const struct mmuext_op *ops,
                   unsigned n);
/* XEN_DOMCTL_setvcpucontext. */
int xctl_vcpu_setcontext(struct xctl *xc, uint32_t domid, unsigned vcpu,
                         const vcpu_guest_context_t *ctxt);
/* XEN_DOMCTL_hypercall_init: fill frame gmfn with hypercall stubs. */
int xctl_hypercall_init(struct xctl *xc, uint32_t domid, xen_pfn_t gmfn);
/* XENMEM_add_to_physmap / remove_from_physmap / maximum_gpfn. */
int xctl_add_to_physmap(struct xctl *xc, uint32_t domid, unsigned space,
                        unsigned long idx, xen_pfn_t gpfn);
int xctl_remove_from_physmap(struct xctl *xc, uint32_t domid, xen_pfn_t gpfn);
long xctl_maximum_gpfn(struct xctl *xc, uint32_t domid);
/* GNTTABOP_setup_table: the frames of domid's first nr grant frames. */
int xctl_gnttab_setup_table(struct xctl *xc, uint32_t domid, unsigned nr,
                            xen_pfn_t *frames);

/* ---- saving and migrating (ctrl/saverestore.c) --------------------------- */

int xctl_vcpu_getcontext(struct xctl *xc, uint32_t domid, unsigned vcpu,
                         vcpu_guest_context_t *ctxt);
/* get (set 0) or set (set 1) XEN_DOMCTL_{get,set}_ext_vcpucontext. */
int xctl_vcpu_ext_context(struct xctl *xc, uint32_t domid, unsigned vcpu,
                          struct xen_domctl_ext_vcpucontext *ext, int set);
/* XEN_DOMCTL_{get,set}vcpuextstate: size 0 asks the size; returns the
 * size in bytes (get) or 0, or -errno. */
long xctl_vcpu_extstate(struct xctl *xc, uint32_t domid, unsigned vcpu,
                        uint64_t *xfeature_mask, void *buf, size_t size,
                        int set);
/* XEN_DOMCTL_getpageframeinfo3: arr[i] in: a frame, out: it | PFINFO. */
int xctl_getpageframeinfo3(struct xctl *xc, uint32_t domid, unsigned n,
                           xen_pfn_t *arr);
/* XEN_DOMCTL_shadow_op; bitmap (pages bits) for CLEAN/PEEK, else NULL.
 * Returns the pages the hypervisor reports, or -errno. */
long xctl_shadow_op(struct xctl *xc, uint32_t domid, unsigned op, unsigned mode,
                    uint8_t *bitmap, uint64_t pages,
                    struct xen_domctl_shadow_op_stats *stats);
/* XEN_DOMCTL_gettscinfo (set 0) / settscinfo (set 1). */
int xctl_tsc_info(struct xctl *xc, uint32_t domid,
                  struct xen_domctl_tsc_info *info, int set);
/* XEN_DOMCTL_{get,set}_vcpu_msrs.  get: msrs NULL asks how many the
 * hypervisor may list (*count out); else *count in: room, out: listed
 * (the MSRs whose value is not 0).  set: *count entries. */
int xctl_vcpu_msrs(struct xctl *xc, uint32_t domid, unsigned vcpu,
                   struct xen_domctl_vcpu_msr *msrs, uint32_t *count, int set);
/* XEN_DOMCTL_{get,set}_cpu_policy: the domain's CPUID leaves and MSR
 * entries (Xen's serialised form).  get: *nr_leaves and *nr_msrs in: room,
 * out: written.  set: when the hypervisor refuses an entry, err_leaf,
 * err_subleaf and err_msr (may be NULL) say which (~0 when none). */
int xctl_cpu_policy(struct xctl *xc, uint32_t domid, xen_cpuid_leaf_t *leaves,
                    uint32_t *nr_leaves, xen_msr_entry_t *msrs,
                    uint32_t *nr_msrs, int set, uint32_t err[3]);
/* XEN_DOMCTL_resumedomain: a suspended domain runs again. */
int xctl_domain_resume(struct xctl *xc, uint32_t domid);

#endif
