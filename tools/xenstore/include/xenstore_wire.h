/*
 * xenstore_wire.h - the xenstore wire protocol as Xen 4.17 defines it.
 *
 * Every message on a socket or a shared ring is a 16-byte header followed
 * by at most XENSTORE_PAYLOAD_MAX bytes of payload.  Payloads are usually
 * sequences of nul-terminated strings; errors travel as the errno name
 * ("EINVAL") in an XS_ERROR reply.  All integers are in the host's byte
 * order (both ends run on the same machine).
 */
#ifndef XENSTORE_WIRE_H
#define XENSTORE_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Message types; the numbers are the ABI. */
enum xs_msg_type {
    XS_CONTROL = 0, /* Also known as XS_DEBUG. */
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
    /* 20 was XS_RESTRICT, removed from the protocol. */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_TYPE_COUNT = 23,
    XS_INVALID = 0xffff
};

#define XS_DEBUG XS_CONTROL

/* The header in front of every message. */
struct xs_msg_hdr {
    uint32_t type;   /* enum xs_msg_type */
    uint32_t req_id; /* Echoed unchanged in the reply. */
    uint32_t tx_id;  /* Transaction id, 0 outside a transaction. */
    uint32_t len;    /* Payload bytes following the header. */
};
_Static_assert(sizeof(struct xs_msg_hdr) == 16, "xenstore header size");
_Static_assert(offsetof(struct xs_msg_hdr, len) == 12, "len offset");

/* Field order of an XS_WATCH_EVENT payload. */
enum xs_watch_field { XS_WATCH_PATH = 0, XS_WATCH_TOKEN = 1 };

#define XENSTORE_PAYLOAD_MAX  4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* Shared ring page layout (one page, the domain's "store page"). */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* Guest to xenstored requests. */
    char rsp[XENSTORE_RING_SIZE]; /* Replies and watch events. */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;      /* XENSTORE_CONNECTED / RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_* */
};
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048,
               "ring index offset");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) ==
                   2064,
               "server_features offset");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076,
               "ring interface size");

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

/* Permission letters in GET_PERMS / SET_PERMS strings ("r5", "b0"). */
#define XS_PERM_CHAR_NONE  'n'
#define XS_PERM_CHAR_READ  'r'
#define XS_PERM_CHAR_WRITE 'w'
#define XS_PERM_CHAR_BOTH  'b'

/* Grant reference the toolstack reserves for the store page. */
#define XENSTORE_GNTTAB_REF 1

/*
 * The errno names that may appear in XS_ERROR replies, in the order Xen
 * lists them.  xs_wire_errnames() maps between numbers and names.
 */
const char *xs_wire_errname(int err);
int xs_wire_errnum(const char *name);

#endif
