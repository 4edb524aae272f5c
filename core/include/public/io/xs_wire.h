/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: the xenstore wire protocol (socket and shared ring).
 *
 * Every message is a struct xsd_sockmsg header followed by len bytes of
 * payload (nul-separated strings).  A domain talks to xenstored through
 * a struct xenstore_domain_interface page (start_info.store_mfn) and an
 * event channel.  Errors travel as XS_ERROR messages carrying the errno
 * name (e.g. "ENOENT"); XSD_ERROR_LIST lists the names in use.
 */
#ifndef XENITH_PUBLIC_IO_XS_WIRE_H
#define XENITH_PUBLIC_IO_XS_WIRE_H

#include <stdint.h>

enum xsd_sockmsg_type {
    XS_CONTROL = 0, /* Also XS_DEBUG. */
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    /* 20 was XS_RESTRICT, never to be reused. */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_TYPE_COUNT = 23,
    XS_INVALID = 0xffff
};
#define XS_DEBUG XS_CONTROL

#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Errno names an XS_ERROR reply may carry, in protocol order. */
#define XSD_ERROR_LIST(X) \
    X(EINVAL)             \
    X(EACCES)             \
    X(EEXIST)             \
    X(EISDIR)             \
    X(ENOENT)             \
    X(ENOMEM)             \
    X(ENOSPC)             \
    X(EIO)                \
    X(ENOTEMPTY)          \
    X(ENOSYS)             \
    X(EROFS)              \
    X(EBUSY)              \
    X(EAGAIN)             \
    X(EISCONN)            \
    X(E2BIG)              \
    X(EPERM)

struct xsd_sockmsg {
    uint32_t type;   /* XS_* */
    uint32_t req_id; /* Echoed in the reply. */
    uint32_t tx_id;  /* Transaction, 0 for none. */
    uint32_t len;    /* Payload bytes that follow. */
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");

/* Fields of an XS_WATCH_EVENT payload. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN = 1 };

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/* The shared page between a domain and xenstored. */
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* Domain to xenstored. */
    char rsp[XENSTORE_RING_SIZE]; /* Replies and watch events. */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;      /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_* */
};
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076,
               "xenstore interface size");

#define XENSTORE_PAYLOAD_MAX  4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif /* XENITH_PUBLIC_IO_XS_WIRE_H */
