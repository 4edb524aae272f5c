/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: domain lifecycle: create, destroy, shutdown, reboot, pause, unpause,
 * rename (lib/domain*.c).  Included by libxl.h. */
#ifndef LIBXL_DOMAIN_H
#define LIBXL_DOMAIN_H

#include "libxl.h"

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
