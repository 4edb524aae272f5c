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

/* ---- saving, restoring, migrating (lib/domain_save.c, domain_restore.c) -- */

/* Flags of libxl_domain_suspend (Xen's values). */
#define LIBXL_SUSPEND_DEBUG 1
#define LIBXL_SUSPEND_LIVE  2

/* What a save or migration did (libxl_domain_suspend_config). */
typedef struct {
    uint64_t pages;    /* pages sent, counting those sent again */
    uint64_t bytes;    /* bytes of the stream */
    double total_ms;   /* the whole save */
    double stopped_ms; /* from asking the guest to suspend to the end */
    unsigned rounds;   /* memory passes, the one with the guest stopped
                        * included */
} libxl_domain_suspend_stats;

/*
 * Writes domid as a save stream (docs/save-format.md) to fd, the stored
 * configuration in it.  The guest is suspended and stays so: the caller
 * destroys it (xl save) or resumes it (libxl_domain_resume).  With
 * LIBXL_SUSPEND_LIVE, memory goes first while the guest runs (pre-copy
 * rounds with log-dirty mode; progress, when given, is called after each
 * round with what "round", done the round and total its pages).
 * Returns 0, ERROR_DOMAIN_NOTFOUND, ERROR_NI (not PV), ERROR_GUEST_TIMEDOUT
 * (the guest did not suspend), ERROR_FAIL (one line says why).
 */
LIBXL_EXPORT int libxl_domain_suspend(libxl_ctx *ctx, uint32_t domid, int fd,
                                      int flags,
                                      const libxl_asyncop_how *ao_how);
/* The same with the configuration to record given as JSON (NULL: the
 * stored one) and the figures of the save in *stats (may be NULL). */
LIBXL_EXPORT int libxl_domain_suspend_config(
    libxl_ctx *ctx, uint32_t domid, int fd, int flags, const char *config_json,
    libxl_domain_suspend_stats *stats, const libxl_asyncop_how *ao_how,
    const libxl_asyncprogress_how *progress);
/*
 * The same with the pages encoded by the page codec plugin named codec
 * (libxl_plugin.h, docs/save-format.md: CODEC_PAGES records).  codec NULL:
 * for a live migration the codec= of /etc/xen/plugins.d/remus.conf, if
 * it names one, else none; "none": no codec.  ERROR_INVAL when no loaded
 * plugin provides the codec (one line says so).
 */
#define LIBXL_HAVE_DOMAIN_SUSPEND_CODEC 1
LIBXL_EXPORT int libxl_domain_suspend_codec(
    libxl_ctx *ctx, uint32_t domid, int fd, int flags, const char *config_json,
    const char *codec, libxl_domain_suspend_stats *stats,
    const libxl_asyncop_how *ao_how, const libxl_asyncprogress_how *progress);
/* Whether libxl_domain_suspend_codec with codec and flags would find its
 * codec: 0, or ERROR_INVAL (one line says which codec is missing).  The
 * domain is not touched: check before suspending it. */
LIBXL_EXPORT int libxl_page_codec_check(libxl_ctx *ctx, const char *codec,
                                        int flags);
/*
 * A suspended domain runs again.  suspend_cancel 1: the guest is told its
 * suspend was cancelled and carries on as it was (xl save -c, a failed
 * save or migration); 0: it resumes as after a restore.
 */
LIBXL_EXPORT int libxl_domain_resume(libxl_ctx *ctx, uint32_t domid,
                                     int suspend_cancel,
                                     const libxl_asyncop_how *ao_how);

/*
 * Creates a domain from a save stream read from restore_fd.  d_config,
 * when it has a name, overrides the configuration the stream carries;
 * otherwise it is filled in from the stream's (the caller disposes of
 * it).  As libxl_domain_create_new: the domain is left paused, *domid set,
 * aop_console_how called once the console can be attached.  A truncated,
 * corrupted or foreign stream is refused with one line saying so, and
 * whatever was created is destroyed.  Returns 0, ERROR_INVAL (bad
 * stream or config), ERROR_NOMEM, ERROR_FAIL.
 */
LIBXL_EXPORT int
libxl_domain_create_restore(libxl_ctx *ctx, libxl_domain_config *d_config,
                            uint32_t *domid, int restore_fd,
                            const libxl_asyncop_how *ao_how,
                            const libxl_asyncprogress_how *aop_console_how);

/*
 * The same, the domain named NAME<name_suffix> while it is restored (the
 * guest still runs under NAME elsewhere on this host during a local
 * migration); the stored configuration keeps NAME, which the caller
 * gives the domain with libxl_domain_rename once it takes over.
 */
LIBXL_EXPORT int libxl_domain_create_restore_renamed(
    libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid,
    int restore_fd, const char *name_suffix, const libxl_asyncop_how *ao_how,
    const libxl_asyncprogress_how *aop_console_how);

/*
 * Remus (lib/remus.c, docs/save-format.md "Checkpoints"): domid goes to
 * send_fd as a live migration would, then is kept running and every
 * interval_ms suspended, its dirtied pages and vCPU/xenstore state sent
 * as one checkpoint, and resumed (suspend cancelled) at once; before the
 * next interval the backup's acknowledgement is read from recv_fd
 * (recv_fd -1: none is awaited, the checkpoints go to a blackhole).
 * progress, when given, is called after each acknowledged checkpoint with
 * what "checkpoint", done its number and total its bytes.  Returns only
 * when the replication stops: 0 when the guest shut down (an END record
 * went to the backup), ERROR_FAIL when the backup or the stream failed
 * (the guest runs on here), ERROR_GUEST_TIMEDOUT, ERROR_DOMAIN_NOTFOUND.
 * Network output is not buffered (a later stage): the guest's packets
 * leave before the checkpoint that produced them is acknowledged.
 */
#define LIBXL_HAVE_DOMAIN_REMUS 1
typedef struct {
    uint32_t interval_ms; /* 0: 200 */
    int blackhole;        /* no backup: nothing to wait for */
} libxl_domain_remus_info;
typedef struct {
    uint64_t checkpoints; /* acknowledged (or, blackhole, sent) */
    uint64_t bytes;       /* of the checkpoints, the first one excluded */
    double pause_ms;      /* the guest stopped for them in all */
    double max_pause_ms;  /* the longest stop */
    libxl_domain_suspend_stats migration; /* the initial live migration */
} libxl_domain_remus_stats;
LIBXL_EXPORT int libxl_domain_remus_start(
    libxl_ctx *ctx, uint32_t domid, int send_fd, int recv_fd,
    const char *config_json, const char *codec,
    const libxl_domain_remus_info *info, libxl_domain_remus_stats *stats,
    const libxl_asyncop_how *ao_how, const libxl_asyncprogress_how *progress);
/*
 * The backup's side: libxl_domain_create_restore_renamed for a Remus
 * stream.  Each checkpoint is buffered whole, applied, and acknowledged
 * on ack_fd; when the stream breaks off (the primary died) after at least
 * one checkpoint, the domain is finished from the last complete one and
 * returned paused with *failed_over 1.  A clean end (the guest shut down
 * on the primary) removes the backup copy and returns ERROR_FAIL with
 * *failed_over -1.
 */
LIBXL_EXPORT int libxl_domain_create_restore_checkpointed(
    libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid,
    int restore_fd, int ack_fd, const char *name_suffix, int *failed_over,
    const libxl_asyncop_how *ao_how);

/* A domain's stored data: only "libxl-json", its configuration (Xen's
 * userdata id).  *data_r (malloc'ed, NUL ended) and *datalen_r (with the
 * NUL); ERROR_FAIL when there is none. */
LIBXL_EXPORT int libxl_userdata_retrieve(libxl_ctx *ctx, uint32_t domid,
                                         const char *userdata_userid,
                                         uint8_t **data_r, int *datalen_r);

#endif
