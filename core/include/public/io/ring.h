/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: single-page request/response rings shared between a
 * frontend and a backend (block, net, and similar split drivers).
 *
 * A shared ring page starts with a 64-byte header (the four indices, a
 * 4-byte driver-private area and padding) followed by as many entries as
 * fit, rounded down to a power of two.  Indices are free-running 32-bit
 * counters; an entry's slot is index & (size - 1).  Each side keeps a
 * private producer index and publishes it with a write barrier.
 * *_event tells the other side at which index it wants a notification.
 */
#ifndef XENITH_PUBLIC_IO_RING_H
#define XENITH_PUBLIC_IO_RING_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t RING_IDX;

#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

/* Size of the shared header before the first entry. */
#define XEN_RING_HEADER_SIZE 64

/* Largest power of two not above n (0 for 0). */
static inline uint32_t xen_ring_pow2_floor(uint32_t n)
{
    uint32_t p = 1;

    if (!n)
        return 0;
    while (p <= n / 2)
        p <<= 1;
    return p;
}

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares name_sring_t (the shared
 * page), name_front_ring_t and name_back_ring_t (each side's private
 * state).
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                  \
    union name##_sring_entry {                                 \
        req_t req;                                             \
        rsp_t rsp;                                             \
    };                                                         \
    struct name##_sring {                                      \
        RING_IDX req_prod, req_event;                          \
        RING_IDX rsp_prod, rsp_event;                          \
        union {                                                \
            struct {                                           \
                uint8_t smartpoll_active;                      \
            } netif;                                           \
            struct {                                           \
                uint8_t msg;                                   \
            } tapif_user;                                      \
            uint8_t pvt_pad[4];                                \
        } pvt;                                                 \
        uint8_t __pad[44];                                     \
        union name##_sring_entry ring[1]; /* as many as fit */ \
    };                                                         \
    struct name##_front_ring {                                 \
        RING_IDX req_prod_pvt;                                 \
        RING_IDX rsp_cons;                                     \
        uint32_t nr_ents;                                      \
        struct name##_sring *sring;                            \
    };                                                         \
    struct name##_back_ring {                                  \
        RING_IDX rsp_prod_pvt;                                 \
        RING_IDX req_cons;                                     \
        uint32_t nr_ents;                                      \
        struct name##_sring *sring;                            \
    };                                                         \
    typedef struct name##_sring name##_sring_t;                \
    typedef struct name##_front_ring name##_front_ring_t;      \
    typedef struct name##_back_ring name##_back_ring_t

/* Entries of shared ring s (a pointer) in a region of size bytes. */
#define __RING_SIZE(s, size) \
    xen_ring_pow2_floor(     \
        (uint32_t)(((size)-XEN_RING_HEADER_SIZE) / sizeof((s)->ring[0])))

/* Initialise the shared page (done by the frontend). */
#define SHARED_RING_INIT(s)                                      \
    do {                                                         \
        (s)->req_prod = (s)->rsp_prod = 0;                       \
        (s)->req_event = (s)->rsp_event = 1;                     \
        for (size_t i_ = 0; i_ < sizeof((s)->pvt.pvt_pad); i_++) \
            (s)->pvt.pvt_pad[i_] = 0;                            \
        for (size_t i_ = 0; i_ < sizeof((s)->__pad); i_++)       \
            (s)->__pad[i_] = 0;                                  \
    } while (0)

#define FRONT_RING_ATTACH(r, s, i, size)     \
    do {                                     \
        (r)->req_prod_pvt = (i);             \
        (r)->rsp_cons = (i);                 \
        (r)->nr_ents = __RING_SIZE(s, size); \
        (r)->sring = (s);                    \
    } while (0)
#define FRONT_RING_INIT(r, s, size) FRONT_RING_ATTACH(r, s, 0, size)

#define BACK_RING_ATTACH(r, s, i, size)      \
    do {                                     \
        (r)->rsp_prod_pvt = (i);             \
        (r)->req_cons = (i);                 \
        (r)->nr_ents = __RING_SIZE(s, size); \
        (r)->sring = (s);                    \
    } while (0)
#define BACK_RING_INIT(r, s, size) BACK_RING_ATTACH(r, s, 0, size)

#define RING_SIZE(r) ((r)->nr_ents)
#define RING_FREE_REQUESTS(r) \
    (RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

#define RING_HAS_UNCONSUMED_RESPONSES(r) ((r)->sring->rsp_prod - (r)->rsp_cons)
/* Requests published but not consumed, bounded by free response slots. */
#define RING_HAS_UNCONSUMED_REQUESTS(r)                           \
    (((r)->sring->req_prod - (r)->req_cons) <                     \
             (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt)) \
         ? ((r)->sring->req_prod - (r)->req_cons)                 \
         : (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt)))

#define RING_GET_REQUEST(r, idx) \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx) \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/* A backend must not trust the frontend's producer index. */
#define RING_REQUEST_CONS_OVERFLOW(r, cons) \
    (((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))
#define RING_REQUEST_PROD_OVERFLOW(r, prod) \
    (((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))
#define RING_RESPONSE_PROD_OVERFLOW(r, prod) \
    (((prod) - (r)->rsp_cons) > RING_SIZE(r))

#define RING_PUSH_REQUESTS(r)                     \
    do {                                          \
        xen_wmb();                                \
        (r)->sring->req_prod = (r)->req_prod_pvt; \
    } while (0)
#define RING_PUSH_RESPONSES(r)                    \
    do {                                          \
        xen_wmb();                                \
        (r)->sring->rsp_prod = (r)->rsp_prod_pvt; \
    } while (0)

/*
 * Publish, then set notify if the other side asked to be told about an
 * index in (old, new].
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify)         \
    do {                                                       \
        RING_IDX old_ = (r)->sring->req_prod;                  \
        RING_IDX new_ = (r)->req_prod_pvt;                     \
        xen_wmb();                                             \
        (r)->sring->req_prod = new_;                           \
        xen_mb();                                              \
        (notify) = ((RING_IDX)(new_ - (r)->sring->req_event) < \
                    (RING_IDX)(new_ - old_));                  \
    } while (0)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify)        \
    do {                                                       \
        RING_IDX old_ = (r)->sring->rsp_prod;                  \
        RING_IDX new_ = (r)->rsp_prod_pvt;                     \
        xen_wmb();                                             \
        (r)->sring->rsp_prod = new_;                           \
        xen_mb();                                              \
        (notify) = ((RING_IDX)(new_ - (r)->sring->rsp_event) < \
                    (RING_IDX)(new_ - old_));                  \
    } while (0)

/* Before sleeping: ask for a notification on the next message, recheck. */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work)     \
    do {                                           \
        (work) = RING_HAS_UNCONSUMED_REQUESTS(r);  \
        if (work)                                  \
            break;                                 \
        (r)->sring->req_event = (r)->req_cons + 1; \
        xen_mb();                                  \
        (work) = RING_HAS_UNCONSUMED_REQUESTS(r);  \
    } while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(r, work)    \
    do {                                           \
        (work) = RING_HAS_UNCONSUMED_RESPONSES(r); \
        if (work)                                  \
            break;                                 \
        (r)->sring->rsp_event = (r)->rsp_cons + 1; \
        xen_mb();                                  \
        (work) = RING_HAS_UNCONSUMED_RESPONSES(r); \
    } while (0)

#endif /* XENITH_PUBLIC_IO_RING_H */
