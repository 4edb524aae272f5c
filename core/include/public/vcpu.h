/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: vCPU operations (hypercall vcpu_op, #24).
 *
 * vcpu_op(cmd, vcpuid, arg): arg points at the sub-op's struct, or is
 * unused.
 */
#ifndef XENITH_PUBLIC_VCPU_H
#define XENITH_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise                     0 /* vcpu_guest_context */
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3 /* Returns 1 or 0. */
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info             10
#define VCPUOP_send_nmi                       11
#define VCPUOP_get_physid                     12
#define VCPUOP_register_vcpu_time_memory_area 13

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/* Set in state_entry_time while an update is in progress (vm_assist 5). */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

/* set_singleshot_timer flags: fail with -ETIME if the deadline passed. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLER__

/* Time a vCPU spent in each runstate, in ns. */
struct vcpu_runstate_info {
    int32_t state; /* RUNSTATE_* */
    uint32_t _pad;
    uint64_t state_entry_time; /* System time of entering state. */
    uint64_t time[4];          /* Indexed by RUNSTATE_*. */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);
_Static_assert(sizeof(vcpu_runstate_info_t) == 48, "runstate size");
_Static_assert(offsetof(vcpu_runstate_info_t, time) == 16, "runstate time");

/* Ask Xen to keep a copy of the runstate at this guest VA. */
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr; /* IN */
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;
_Static_assert(sizeof(vcpu_register_runstate_memory_area_t) == 8, "rs area");

struct vcpu_set_periodic_timer {
    uint64_t period_ns; /* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
_Static_assert(sizeof(struct vcpu_set_periodic_timer) == 8,
               "vcpu_set_periodic_timer size");

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* IN: system time of the deadline. */
    uint32_t flags;          /* IN: VCPU_SSHOTTMR_* */
    uint32_t _pad;
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
_Static_assert(sizeof(vcpu_set_singleshot_timer_t) == 16, "singleshot");

/* Move this vCPU's vcpu_info to (mfn, offset). */
struct vcpu_register_vcpu_info {
    uint64_t mfn;    /* IN: guest frame holding the new vcpu_info. */
    uint32_t offset; /* IN: byte offset within the frame. */
    uint32_t rsvd;   /* IN: must be zero. */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
_Static_assert(sizeof(vcpu_register_vcpu_info_t) == 16, "reg vcpu_info");

struct vcpu_get_physid {
    uint64_t phys_id; /* OUT: APIC id (bits 0-31), ACPI id (32-63). */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
_Static_assert(sizeof(struct vcpu_get_physid) == 8, "vcpu_get_physid size");
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/* Ask Xen to keep a copy of vcpu_time_info at this guest VA. */
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr; /* IN */
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
_Static_assert(sizeof(struct vcpu_register_time_memory_area) == 8,
               "vcpu_register_time_memory_area size");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_VCPU_H */
