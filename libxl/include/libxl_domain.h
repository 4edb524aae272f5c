/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: domain lifecycle: create, destroy, shutdown, reboot, pause, unpause,
 * rename (lib/domain*.c).  Included by libxl.h. */
#ifndef LIBXL_DOMAIN_H
#define LIBXL_DOMAIN_H

#include "libxl.h"

/* ---- creation (lib/domain_create*.c) ------------------------------------ */

/*
 * Creates a PV domain from d_config and leaves it paused (the caller
 * unpauses it, as xl does unless -p): checks first, creating nothing when
 * they fail (the name is unique, memory and vCPUs are sane, the kernel
 * is readable, every vif's bridge exists, the hypervisor has the memory
 * libxl_domain_need_memory() says); then the domain, NUMA placement when
 * no affinity is given, its image, its xenstore directories, console,
 * disks and vifs with their hotplug scripts, and the stored configuration
 * (/var/lib/xen/userdata-d.<domid>.<uuid>.libxl-json).  Defaults chosen
 * (UUID, MAC addresses, devids) are written back into d_config.
 *
 * *domid is set once the domain exists.  aop_console_how, when given, is
 * called once the console can be attached (before the caller unpauses),
 * with what "console" and done the new domain's id.
 * On failure everything created is destroyed and one line says why.
 * Returns 0, ERROR_INVAL (bad config, missing bridge, name in use),
 * ERROR_NOMEM (not enough free memory), ERROR_FAIL.
 */
LIBXL_EXPORT int
libxl_domain_create_new(libxl_ctx *ctx, libxl_domain_config *d_config,
                        uint32_t *domid, const libxl_asyncop_how *ao_how,
                        const libxl_asyncprogress_how *aop_console_how);

/* KiB the domain needs free in the hypervisor to be created. */
LIBXL_EXPORT int libxl_domain_need_memory(libxl_ctx *ctx,
                                          libxl_domain_config *config,
                                          uint32_t domid_for_logging,
                                          uint64_t *need_memkb);
/* KiB free in the hypervisor (free plus being scrubbed). */
LIBXL_EXPORT int libxl_get_free_memory(libxl_ctx *ctx, uint64_t *memkb);
/* Waits up to wait_secs for memory_kb to be free; ERROR_NOMEM if not. */
LIBXL_EXPORT int libxl_wait_for_free_memory(libxl_ctx *ctx, uint32_t domid,
                                            uint64_t memory_kb, int wait_secs);
/* KiB dom0's balloon could give: its target above Xen's 128 MiB minimum. */
LIBXL_EXPORT int libxl_dom0_balloon_room(libxl_ctx *ctx, uint64_t *room_kb);

#endif
