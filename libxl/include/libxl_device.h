/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: devices: vif, vbd, console add/remove/list (lib/device*.c).
 * Included by libxl.h.
 *
 * add and remove take a libxl_asyncop_how (NULL: done when the call
 * returns).  add fills in the defaults it chose (devid, MAC, script) in the
 * caller's structure, which must stay valid until an asynchronous
 * operation completes.  remove asks the backend to close and waits for it
 * (10 s); destroy removes even when the backend does not answer.
 */
#ifndef LIBXL_DEVICE_H
#define LIBXL_DEVICE_H

#include "libxl.h"

/* ---- network interfaces (vif) ----------------------------------------- */

LIBXL_EXPORT int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                                      libxl_device_nic *nic,
                                      const libxl_asyncop_how *ao_how);
LIBXL_EXPORT int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid,
                                         libxl_device_nic *nic,
                                         const libxl_asyncop_how *ao_how);
LIBXL_EXPORT int libxl_device_nic_destroy(libxl_ctx *ctx, uint32_t domid,
                                          libxl_device_nic *nic,
                                          const libxl_asyncop_how *ao_how);
/* The domain's nics (NULL, *num 0 when none); free with _list_free. */
LIBXL_EXPORT libxl_device_nic *libxl_device_nic_list(libxl_ctx *ctx,
                                                     uint32_t domid, int *num);
LIBXL_EXPORT void libxl_device_nic_list_free(libxl_device_nic *list, int num);
LIBXL_EXPORT int libxl_device_nic_getinfo(libxl_ctx *ctx, uint32_t domid,
                                          const libxl_device_nic *nic,
                                          libxl_nicinfo *nicinfo);
/* ERROR_NOTFOUND when the domain has no such vif. */
LIBXL_EXPORT int libxl_devid_to_device_nic(libxl_ctx *ctx, uint32_t domid,
                                           int devid, libxl_device_nic *nic);

/* ERROR_NOTFOUND when the domain has no vif with that MAC address. */
LIBXL_EXPORT int libxl_mac_to_device_nic(libxl_ctx *ctx, uint32_t domid,
                                         const char *mac,
                                         libxl_device_nic *nic);

/* ---- block devices (vbd) ---------------------------------------------- */

LIBXL_EXPORT int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                                       libxl_device_disk *disk,
                                       const libxl_asyncop_how *ao_how);
LIBXL_EXPORT int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid,
                                          libxl_device_disk *disk,
                                          const libxl_asyncop_how *ao_how);
LIBXL_EXPORT int libxl_device_disk_destroy(libxl_ctx *ctx, uint32_t domid,
                                           libxl_device_disk *disk,
                                           const libxl_asyncop_how *ao_how);
LIBXL_EXPORT libxl_device_disk *
libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid, int *num);
LIBXL_EXPORT void libxl_device_disk_list_free(libxl_device_disk *list, int num);
LIBXL_EXPORT int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid,
                                           const libxl_device_disk *disk,
                                           libxl_diskinfo *diskinfo);
/* ERROR_NOTFOUND when the domain has no disk vdev ("xvda"). */
LIBXL_EXPORT int libxl_vdev_to_device_disk(libxl_ctx *ctx, uint32_t domid,
                                           const char *vdev,
                                           libxl_device_disk *disk);

/* ---- consoles ------------------------------------------------------------ */

/*
 * The pty of console cons_num (0: the primary) of the given type, as
 * xenconsoled published it in console/tty; *path is malloc'd.
 * ERROR_INVAL for a type the domain lacks (serial on a PV guest),
 * ERROR_NOTFOUND while no pty is published yet.
 */
LIBXL_EXPORT int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid,
                                       int cons_num, libxl_console_type type,
                                       char **path);

/* ---- hotplug scripts ----------------------------------------------------- */

/* Seconds a hotplug script may run before it is killed and the device
 * fails (0: Xen's 40).  Process-wide. */
LIBXL_EXPORT void libxl_hotplug_timeout_set(int seconds);

#endif
