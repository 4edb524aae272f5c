/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Devices (lib/device*.c, lib/hotplug.c): a device's xenstore layout as
 * Xen 4.17's libxl writes it, the hotplug scripts, the backend handshake
 * and removal.
 *
 *   frontend  /local/domain/D/device/KIND/ID   (console 0: .../D/console)
 *   backend   /local/domain/B/backend/KIND/D/ID
 *   libxl     /libxl/D/device/KIND/ID           (frontend, backend, and a
 *                                                copy of the backend keys)
 */
#ifndef LIBXL_DEVICE_INTERNAL_H
#define LIBXL_DEVICE_INTERNAL_H

#include "ao.h"
#include "internal.h"
#include "xs.h"

typedef enum {
    LIBXL__DEVICE_KIND_VIF,
    LIBXL__DEVICE_KIND_VBD,
    LIBXL__DEVICE_KIND_CONSOLE,
} libxl__device_kind;

typedef struct {
    libxl__device_kind kind;
    uint32_t domid, backend_domid;
    int devid;
} libxl__device;

/* XenbusState values */
enum {
    XENBUS_INITIALISING = 1,
    XENBUS_INITWAIT = 2,
    XENBUS_INITIALISED = 3,
    XENBUS_CONNECTED = 4,
    XENBUS_CLOSING = 5,
    XENBUS_CLOSED = 6,
};

/* Xen's timeouts, in seconds. */
#define LIBXL__INIT_TIMEOUT    10
#define LIBXL__DESTROY_TIMEOUT 10
#define LIBXL__HOTPLUG_TIMEOUT 40

/* A key, value, ..., NULL list under construction. */
typedef struct {
    libxl__gc *gc;
    char **v;
    unsigned n, cap;
} libxl__kvs;
void libxl__kvs_init(libxl__gc *gc, libxl__kvs *k);
void libxl__kvs_add(libxl__kvs *k, const char *key, const char *value);
void libxl__kvs_addf(libxl__kvs *k, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const char *libxl__device_kind_str(libxl__device_kind kind);
char *libxl__device_frontend_path(libxl__gc *gc, const libxl__device *dev);
char *libxl__device_backend_path(libxl__gc *gc, const libxl__device *dev);
char *libxl__device_libxl_path(libxl__gc *gc, const libxl__device *dev);
/* "vif 0 of domain 5" for messages */
char *libxl__device_describe(libxl__gc *gc, const libxl__device *dev);

/*
 * The xenstore operations adding dev: back, front and ro_front are
 * key/value lists (NULL: none); the generic keys (frontend-id, online,
 * state, backend-id, backend, frontend) come from the caller, as in Xen.
 */
void libxl__device_add_batch(libxl__xs_batch *b, const libxl__device *dev,
                             char **back, char **front, char **ro_front);
/* Applies it, refusing a device that exists already
 * (ERROR_DEVICE_EXISTS). */
int libxl__device_add_xs(libxl__gc *gc, const libxl__device *dev, char **back,
                         char **front, char **ro_front);

/*
 * After the keys are written: waits for the backend to reach InitWait,
 * runs the hotplug script ("add"/"online") when run_scripts, else waits
 * for the hotplug-status a udev-run script writes.  On failure the caller
 * removes the device.
 */
int libxl__device_connect(libxl__gc *gc, const libxl__device *dev,
                          bool run_scripts);
/* add_xs, then connect; a device that fails to connect is removed. */
int libxl__device_add_connect(libxl__gc *gc, const libxl__device *dev,
                              char **back, char **front, char **ro_front,
                              bool run_scripts);
/*
 * Asks the backend to close (online 0, state Closing), waits for Closed
 * (LIBXL__DESTROY_TIMEOUT; with force a timeout is not an error), runs the
 * script's remove/offline, and removes the three paths.
 */
int libxl__device_remove(libxl__gc *gc, const libxl__device *dev,
                         bool run_scripts, bool force);
/* Every device of domid (from /libxl/D/device), then the frontend and
 * backend directories.  Called by domain destroy. */
int libxl__devices_destroy(libxl__gc *gc, uint32_t domid);

/* ---- hotplug scripts (lib/hotplug.c) ---- */

/* Seconds a script may run (default LIBXL__HOTPLUG_TIMEOUT). */
int libxl__hotplug_timeout(void);
/* The script's environment additions (key, value, ..., NULL) and argv for
 * action "add" or "remove".  script is the backend's script key; gatewaydev
 * may be NULL. */
char **libxl__hotplug_env(libxl__gc *gc, const libxl__device *dev,
                          const char *script, const char *gatewaydev);
char **libxl__hotplug_args(libxl__gc *gc, const libxl__device *dev,
                           const char *script, bool add);
/* Runs the backend's script for dev; 0 when there is none for the kind.
 * On failure logs one line: path, status, last stderr lines. */
int libxl__hotplug_run(libxl__gc *gc, const libxl__device *dev, bool add);
/* Runs argv with env additions; stderr's tail goes to errbuf.  Returns the
 * wait status, or -1 on timeout (the process group is killed) or spawn
 * failure (errno set). */
int libxl__hotplug_exec(char *const *argv, char *const *env, int timeout_s,
                        char *errbuf, size_t errlen);

/* ---- per kind (lib/device_nic.c, device_disk.c, device_console.c) ---- */

/* Defaults as Xen's: mtu 1500, a random 00:16:3e MAC, bridge xenbr0,
 * script vif-bridge, type vif. */
int libxl__device_nic_setdefault(libxl__gc *gc, uint32_t domid,
                                 libxl_device_nic *nic);
int libxl__device_nic_devid(libxl__gc *gc, uint32_t domid,
                            libxl_device_nic *nic);
void libxl__device_nic_keys(libxl__gc *gc, uint32_t domid,
                            const libxl_device_nic *nic, libxl__kvs *back,
                            libxl__kvs *front, libxl__kvs *ro_front);
/* Adds the nic's keys and connects it. */
int libxl__device_nic_add(libxl__gc *gc, uint32_t domid, libxl_device_nic *nic,
                          bool run_scripts);

int libxl__device_disk_setdefault(libxl__gc *gc, uint32_t domid,
                                  libxl_device_disk *disk);
/* xvda -> 51712 and the like, -1 when not a virtual disk name */
int libxl__device_disk_dev_number(const char *vdev);
int libxl__device_disk_keys(libxl__gc *gc, uint32_t domid,
                            const libxl_device_disk *disk, libxl__kvs *back,
                            libxl__kvs *front);
int libxl__device_disk_add(libxl__gc *gc, uint32_t domid,
                           libxl_device_disk *disk, bool run_scripts);

/* The primary console's keys (xenconsoled backend, pty output). */
void libxl__console_keys(libxl__gc *gc, uint32_t domid, uint32_t backend_domid,
                         uint32_t port, uint64_t ring_mfn, libxl__kvs *back,
                         libxl__kvs *front, libxl__kvs *ro_front);

/* ---- bridges (lib/bridge.c) ---- */

/* 0 when bridge exists and is a bridge; else one line for vif devid of the
 * guest named, saying how to create it, and ERROR_INVAL. */
int libxl__bridge_check(libxl__gc *gc, const char *guest, int devid,
                        const char *bridge);

/* ---- running operations (lib/event*.c) ---- */

/* libxl__ao_run (ao.h), freeing, freeing arg (malloc'd) once work has run. */
int libxl__ao_run_owned(libxl_ctx *ctx, const libxl_asyncop_how *how,
                        int (*work)(libxl__gc *gc, void *arg), void *arg);

/* ---- the stored configuration (lib/userdata.c) ---- */

/* Xen's /var/lib/xen/userdata-d.<domid>.<uuid>.libxl-json */
char *libxl__userdata_path(libxl__gc *gc, uint32_t domid,
                           const libxl_uuid *uuid, const char *what);
int libxl__userdata_store_config(libxl__gc *gc, uint32_t domid,
                                 libxl_domain_config *cfg);
/* The JSON stored at creation (gc-allocated); NULL when there is none. */
char *libxl__userdata_load_json(libxl__gc *gc, uint32_t domid);
/* Whether libxl runs dom's hotplug scripts (its stored
 * c_info.run_hotplug_scripts; true when unknown). */
bool libxl__userdata_run_hotplug(libxl__gc *gc, uint32_t domid);

#endif
