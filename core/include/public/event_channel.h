/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: event channels (hypercall event_channel_op, #32).
 *
 * Each sub-op takes a pointer to its own argument struct.  Ports are
 * per-domain numbers; with the 2-level ABI a port's pending and mask bits
 * live in shared_info.
 */
#ifndef XENITH_PUBLIC_EVENT_CHANNEL_H
#define XENITH_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13
/* EVTCHNOP_reset resumed after a preemption (the hypervisor re-issues
 * it; a guest calling it with no reset in progress gets -EBUSY). */
#define EVTCHNOP_reset_cont 14

/* Values of evtchn_status.status. */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq        3
#define EVTCHNSTAT_virq        4
#define EVTCHNSTAT_ipi         5

#define BIND_PIRQ__WILL_SHARE 1

/* Ports the 2-level ABI can address on x86-64: 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS 4096
#define NR_EVENT_CHANNELS     EVTCHN_2L_NR_CHANNELS

/* FIFO ABI constants. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       16
#define EVTCHN_FIFO_PENDING          31
#define EVTCHN_FIFO_MASKED           30
#define EVTCHN_FIFO_LINKED           29
#define EVTCHN_FIFO_BUSY             28
#define EVTCHN_FIFO_LINK_BITS        17
#define EVTCHN_FIFO_LINK_MASK        ((1U << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS      (1U << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/* Allocate a port that remote_dom may later bind to. */
struct evtchn_alloc_unbound {
    domid_t dom;        /* IN: owner of the new port (DOMID_SELF). */
    domid_t remote_dom; /* IN: domain allowed to connect. */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
_Static_assert(sizeof(evtchn_alloc_unbound_t) == 8, "alloc_unbound");

/* Connect a new local port to an unbound port of remote_dom. */
struct evtchn_bind_interdomain {
    domid_t remote_dom; /* IN */
    uint16_t _pad;
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
_Static_assert(sizeof(evtchn_bind_interdomain_t) == 12, "bind_interdomain");

/* Bind a VIRQ_* to a new port, delivered to vcpu. */
struct evtchn_bind_virq {
    uint32_t virq;      /* IN: VIRQ_* */
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
_Static_assert(sizeof(evtchn_bind_virq_t) == 12, "bind_virq");

/* Bind a physical IRQ (PIRQ) to a new port. */
struct evtchn_bind_pirq {
    uint32_t pirq;      /* IN */
    uint32_t flags;     /* IN: BIND_PIRQ__WILL_SHARE */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
_Static_assert(sizeof(evtchn_bind_pirq_t) == 12, "bind_pirq");

/* Allocate an inter-processor port that notifies vcpu. */
struct evtchn_bind_ipi {
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
_Static_assert(sizeof(evtchn_bind_ipi_t) == 8, "bind_ipi");

struct evtchn_close {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;
_Static_assert(sizeof(struct evtchn_close) == 4, "evtchn_close size");

struct evtchn_send {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_send evtchn_send_t;
_Static_assert(sizeof(struct evtchn_send) == 4, "evtchn_send size");

/* Describe a port of dom (DOMID_SELF, or any domain for a privileged). */
struct evtchn_status {
    domid_t dom; /* IN */
    uint16_t _pad;
    evtchn_port_t port; /* IN */
    uint32_t status;    /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;      /* OUT: vCPU notified. */
    union {
        struct {
            domid_t dom;
        } unbound; /* EVTCHNSTAT_unbound: allowed remote domain. */
        struct {
            domid_t dom;
            uint16_t _pad;
            evtchn_port_t port;
        } interdomain; /* EVTCHNSTAT_interdomain: the peer. */
        uint32_t pirq; /* EVTCHNSTAT_pirq */
        uint32_t virq; /* EVTCHNSTAT_virq */
    } u;
};
typedef struct evtchn_status evtchn_status_t;
_Static_assert(sizeof(evtchn_status_t) == 24, "evtchn_status");
_Static_assert(offsetof(evtchn_status_t, u) == 16, "evtchn_status u");

/* Deliver port to another vCPU from now on. */
struct evtchn_bind_vcpu {
    evtchn_port_t port; /* IN */
    uint32_t vcpu;      /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "evtchn_bind_vcpu size");

/* Clear the mask bit and deliver the event if it is pending. */
struct evtchn_unmask {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;
_Static_assert(sizeof(struct evtchn_unmask) == 4, "evtchn_unmask size");

/* Close every port of dom. */
struct evtchn_reset {
    domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;
_Static_assert(sizeof(struct evtchn_reset) == 2, "evtchn_reset size");

/* Switch to the FIFO ABI with this vCPU's control block. */
struct evtchn_init_control {
    uint64_t control_gfn; /* IN */
    uint32_t offset;      /* IN: offset of the block within the frame. */
    uint32_t vcpu;        /* IN */
    uint8_t link_bits;    /* OUT */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;
_Static_assert(sizeof(evtchn_init_control_t) == 24, "init_control");

struct evtchn_expand_array {
    uint64_t array_gfn; /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;
_Static_assert(sizeof(struct evtchn_expand_array) == 8,
               "evtchn_expand_array size");

struct evtchn_set_priority {
    evtchn_port_t port; /* IN */
    uint32_t priority;  /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;
_Static_assert(sizeof(struct evtchn_set_priority) == 8,
               "evtchn_set_priority size");

/* Argument of the old event_channel_op_compat (#16) hypercall. */
struct evtchn_op {
    uint32_t cmd; /* EVTCHNOP_* */
    union {
        evtchn_alloc_unbound_t alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t bind_virq;
        evtchn_bind_pirq_t bind_pirq;
        evtchn_bind_ipi_t bind_ipi;
        evtchn_close_t close;
        evtchn_send_t send;
        evtchn_status_t status;
        evtchn_bind_vcpu_t bind_vcpu;
        evtchn_unmask_t unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
_Static_assert(offsetof(evtchn_op_t, u) == 4, "evtchn_op u");
_Static_assert(sizeof(evtchn_op_t) == 28, "evtchn_op size");

typedef uint32_t event_word_t;

/* FIFO ABI per-vCPU control block. */
struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
_Static_assert(sizeof(evtchn_fifo_control_block_t) == 72, "fifo ctl");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_EVENT_CHANNEL_H */
