/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenstore.h - libxenstore, Xenith's xenstore client library.
 *
 * The calls and their semantics follow Xen's xs.h so existing programs
 * build unchanged: functions returning pointers return malloc()ed memory
 * the caller frees, or NULL with errno set; functions returning bool
 * return false with errno set.  A handle may be shared between threads:
 * every request holds the handle's request lock for its round trip, and
 * watch events are queued for xs_read_watch() whichever thread reads them.
 */
#ifndef XENITH_XENSTORE_H
#define XENITH_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The wire protocol (XS_* types, XS_WATCH_PATH/TOKEN, limits): the public
 * ABI header, installed beside this one. */
#include "public/io/xs_wire.h"

#ifdef __cplusplus
extern "C" {
#endif

struct xs_handle;
typedef uint32_t xs_transaction_t;
#define XBT_NULL ((xs_transaction_t)0)

/* xs_open() flags. */
#define XS_OPEN_READONLY   (1UL << 0) /* Accepted for compatibility. */
#define XS_OPEN_SOCKETONLY (1UL << 1) /* Never fall back to the device. */
#define XS_UNWATCH_FILTER  (1UL << 2) /* Drop queued events on unwatch. */

enum xs_perm_type {
    XS_PERM_NONE = 0,
    XS_PERM_READ = 1,
    XS_PERM_WRITE = 2,
    XS_PERM_ENOENT_OK = 4,
    XS_PERM_OWNER = 8,
    XS_PERM_IGNORE = 16,
};

struct xs_permissions {
    unsigned int id;
    enum xs_perm_type perms;
};

/* Connecting.  The socket is $XENSTORED_PATH, else $XENSTORED_RUNDIR/socket,
 * else /run/xenstored/socket; without XS_OPEN_SOCKETONLY the xenbus device
 * is tried when no daemon socket answers. */
struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *h);
struct xs_handle *xs_daemon_open(void);
struct xs_handle *xs_domain_open(void);
struct xs_handle *xs_daemon_open_readonly(void);
void xs_daemon_close(struct xs_handle *h);
const char *xs_daemon_socket(void);
const char *xs_daemon_rundir(void);

/* Nodes. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
                    unsigned int *num);
void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t, const char *path,
                                          unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms);

/* Watches.  xs_fileno() becomes readable when an event is queued. */
bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
int xs_fileno(struct xs_handle *h);
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
char **xs_check_watch(struct xs_handle *h);
bool xs_reset_watches(struct xs_handle *h);

/* Transactions: xs_transaction_end() fails with EAGAIN on a conflict. */
xs_transaction_t xs_transaction_start(struct xs_handle *h);
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

/* Domains (privileged callers). */
bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);

/* XS_CONTROL: returns the daemon's answer text (malloc()ed). */
char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
                         unsigned int len);
char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data,
                       unsigned int len);

/* Permission strings ("r1") to and from struct xs_permissions. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings);
bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len);

#ifdef __cplusplus
}
#endif

#endif
