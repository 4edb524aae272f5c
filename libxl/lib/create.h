/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Domain creation internals (lib/domain_create*.c): the state one
 * creation carries, the xenstore layout of a new PV domain as Xen 4.17
 * writes it (built as batches, so tests compare it against a recorded
 * layout), and memory accounting.
 */
#ifndef LIBXL_CREATE_H
#define LIBXL_CREATE_H

#include "device.h"
#include "public/sysctl.h"

/* Xen's constants (KiB). */
#define LIBXL__MEMKB_FALLBACK  (32 * 1024) /* no memory= at all */
#define LIBXL__MAXMEM_CONSTANT 1024        /* setmaxmem slack */
#define LIBXL__PV_EXTRA_MEMORY 1024        /* need_memory for PV */
#define LIBXL__MIN_DOM0_MEM    (128 * 1024)
#define LIBXL__EVTCHN_DEFAULT  1023

typedef struct {
    uint32_t domid;
    char *uuid;       /* "xxxxxxxx-xxxx-..." */
    char *start_time; /* "sec.cs" as Xen writes /vm/UUID/start_time */
    uint32_t store_domid, console_domid;
    uint32_t store_port, console_port;
    uint64_t store_ring, console_ring;
} libxl__create_state;

/* The transaction of Xen's libxl__domain_make: the domain's directories
 * with their permissions, name, vm path, control feature keys, /vm/UUID,
 * /libxl/D. */
void libxl__create_make_batch(libxl__xs_batch *b,
                              const libxl_domain_config *cfg,
                              const libxl__create_state *st);
/* What libxl__build_post writes once the domain is built: memory
 * targets, domid, store port and ring, vCPU availability, and /vm/UUID's
 * image keys. */
void libxl__create_post_batch(libxl__xs_batch *b,
                              const libxl_domain_config *cfg,
                              const libxl__create_state *st);
/* The primary console's device keys. */
void libxl__create_console_batch(libxl__xs_batch *b,
                                 const libxl__create_state *st);

/* Memory (lib/domain_create_mem.c). */
uint64_t libxl__memkb_or(uint64_t v, uint64_t dflt);
int libxl__physinfo(libxl__gc *gc, struct xen_sysctl_physinfo *pi);
/* dom0's target and how much it may give above its minimum. */
int libxl__dom0_balloon_room(libxl__gc *gc, uint64_t *room_kb,
                             uint64_t *target_kb);

/* Defaults and checks before anything is created
 * (lib/domain_create_check.c). */
int libxl__create_setdefault(libxl__gc *gc, libxl_domain_config *cfg);
int libxl__create_validate(libxl__gc *gc, libxl_domain_config *cfg);

/* The steps of libxl_domain_create_new that restoring shares
 * (lib/domain_create.c): the domain with its UUID and vCPUs; placement,
 * maximum memory, event channels and xenstore directories; after the
 * build, scheduler parameters, build-post keys, introduction to xenstored
 * and the console; disks and vifs; undoing all of it. */
struct xctl;
int libxl__create_make_domain(libxl__gc *gc, struct xctl *xc,
                              libxl_domain_config *cfg, uint32_t *domid);
int libxl__create_prepare(libxl__gc *gc, struct xctl *xc,
                          libxl_domain_config *cfg, libxl__create_state *st);
int libxl__create_finish_build(libxl__gc *gc, struct xctl *xc,
                               libxl_domain_config *cfg,
                               libxl__create_state *st);
int libxl__create_add_devices(libxl__gc *gc, libxl_domain_config *cfg,
                              uint32_t d);
void libxl__create_undo(libxl__gc *gc, struct xctl *xc,
                        const libxl__create_state *st);

#endif
