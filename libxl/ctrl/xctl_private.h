/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internals of the hypercall layer (ctrl/). */
#ifndef XCTL_PRIVATE_H
#define XCTL_PRIVATE_H

#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "xctl.h"

#define XCTL_PAGE_SHIFT 12
#define XCTL_PAGE_SIZE  (1UL << XCTL_PAGE_SHIFT)

#define XCTL_BUF_CACHE 4

/*
 * Threads: fd and buf_fd are set at open and only read afterwards.  Each
 * call takes its own bounce buffers; freed single pages are kept for reuse
 * in cache[], which lock guards (a zeroed struct is a valid unlocked one).
 */
struct xctl {
    int fd;     /* /dev/xen/privcmd */
    int buf_fd; /* /dev/xen/hypercall, or -1: locked anonymous memory */
    pthread_mutex_t lock;
    unsigned n_cached;           /* guarded by lock */
    void *cache[XCTL_BUF_CACHE]; /* guarded by lock: free single pages */
};

/* Linux's privcmd ioctls (include/uapi/xen/privcmd.h). */
struct xctl_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
struct xctl_privcmd_mmapbatch_v2 {
    uint32_t num;
    uint16_t dom;
    uint16_t pad;
    uint64_t addr;
    const xen_pfn_t *arr;
    int *err;
};
struct xctl_privcmd_mmap_resource {
    uint16_t dom;
    uint16_t pad;
    uint32_t type;
    uint32_t id;
    uint32_t idx;
    uint64_t num;
    uint64_t addr;
};
_Static_assert(sizeof(struct xctl_privcmd_mmapbatch_v2) == 32, "mmapbatch");
_Static_assert(sizeof(struct xctl_privcmd_mmap_resource) == 32, "mmap_res");

#define XCTL_IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct xctl_privcmd_hypercall))
#define XCTL_IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct xctl_privcmd_mmapbatch_v2))
#define XCTL_IOCTL_PRIVCMD_MMAP_RESOURCE \
    _IOC(_IOC_NONE, 'P', 7, sizeof(struct xctl_privcmd_mmap_resource))

/* The positive host errno for a hypervisor error number. */
int xctl__errno_from_xen(int xen_err);
/* Unmaps the cached buffer pages (at close). */
void xctl__cache_drop(struct xctl *xc);
/* Sets errno to e and returns -e. */
int xctl__fail(int e);
/* A hypercall whose memory arguments are already in buffers; -errno. */
long xctl__call(struct xctl *xc, unsigned op, uint64_t a0, uint64_t a1,
                uint64_t a2, uint64_t a3, uint64_t a4);
/* A domctl on a stack copy (handles inside must point into buffers). */
int xctl__domctl(struct xctl *xc, uint32_t cmd, uint32_t domid,
                 struct xen_domctl *d);

#endif
