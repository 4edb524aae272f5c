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

/* ---- operations on a running domain (lib/domain_ops*.c) ------------------ */

/*
 * Destroys domid: pauses it, tears its devices down (backends, hotplug
 * scripts), removes /local/domain/N, /vm/UUID, /libxl/N and the stored
 * configuration (/var/lib/xen/userdata-*.N.UUID.*), then asks the
 * hypervisor to destroy it.  ERROR_DOMAIN_NOTFOUND when there is no such
 * domain, ERROR_INVAL for domain 0.
 */
LIBXL_EXPORT int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid,
                                      const libxl_asyncop_how *ao_how);

/*
 * Asks the guest to power off / reboot through control/shutdown (PV
 * drivers; ERROR_NOPARAVIRT when the guest has none) and waits, up to a
 * minute, for the guest to take the request (it clears the key).  This
 * is a request: the domain shuts down when the guest is done; wait for
 * the DOMAIN_SHUTDOWN event (libxl_evenable_domain_death) for that.
 * ERROR_TIMEDOUT when the guest did not take it.
 */
LIBXL_EXPORT int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid,
                                       const libxl_asyncop_how *ao_how);
LIBXL_EXPORT int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid,
                                     const libxl_asyncop_how *ao_how);

LIBXL_EXPORT int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid,
                                    const libxl_asyncop_how *ao_how);
LIBXL_EXPORT int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid,
                                      const libxl_asyncop_how *ao_how);

/*
 * Renames domid (/local/domain/N/name and /vm/UUID/name, in one
 * transaction).  old_name, when given, must be its current name.
 * ERROR_INVAL when new_name is empty or another domain has it.
 */
LIBXL_EXPORT int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid,
                                     const char *old_name,
                                     const char *new_name);

#endif
