/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: scheduler operations (hypercall sched_op, #29).
 */
#ifndef XENITH_PUBLIC_SCHED_H
#define XENITH_PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield           0 /* No argument. */
#define SCHEDOP_block           1 /* Unmask events and sleep until one. */
#define SCHEDOP_shutdown        2 /* struct sched_shutdown */
#define SCHEDOP_poll            3 /* struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code   5 /* struct sched_shutdown: record only. */
#define SCHEDOP_watchdog        6 /* struct sched_watchdog */
#define SCHEDOP_pin_override    7 /* struct sched_pin_override */

/* Shutdown reasons. */
#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

#ifndef __ASSEMBLER__

struct sched_shutdown {
    uint32_t reason; /* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown size");

/*
 * Sleep until one of the ports is pending (even if masked) or the timeout
 * (absolute system time in ns, 0 = none) passes.
 */
struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports; /* IN */
    uint32_t nr_ports;                     /* IN */
    uint32_t _pad;
    uint64_t timeout; /* IN */
};
typedef struct sched_poll sched_poll_t;
_Static_assert(sizeof(sched_poll_t) == 24, "sched_poll size");
_Static_assert(offsetof(sched_poll_t, timeout) == 16, "sched_poll timeout");

struct sched_remote_shutdown {
    domid_t domain_id; /* IN */
    uint16_t _pad;
    uint32_t reason; /* IN: SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
_Static_assert(sizeof(sched_remote_shutdown_t) == 8, "remote_shutdown");

struct sched_watchdog {
    uint32_t id;      /* IN/OUT: 0 allocates a new watchdog. */
    uint32_t timeout; /* IN: seconds; 0 destroys. */
};
typedef struct sched_watchdog sched_watchdog_t;
_Static_assert(sizeof(struct sched_watchdog) == 8, "sched_watchdog size");

struct sched_pin_override {
    int32_t pcpu; /* IN: -1 ends the override. */
};
typedef struct sched_pin_override sched_pin_override_t;
_Static_assert(sizeof(struct sched_pin_override) == 4,
               "sched_pin_override size");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_SCHED_H */
