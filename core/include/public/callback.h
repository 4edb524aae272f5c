/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: callback registration (hypercall callback_op, #30).
 */
#ifndef XENITH_PUBLIC_CALLBACK_H
#define XENITH_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event               0 /* Event upcall. */
#define CALLBACKTYPE_failsafe            1 /* Bad segment on return. */
#define CALLBACKTYPE_syscall             2 /* 64-bit user syscall. */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi                 4
#define CALLBACKTYPE_sysenter            5
#define CALLBACKTYPE_syscall32           7

#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register   0
#define CALLBACKOP_unregister 1

#ifndef __ASSEMBLER__

struct callback_register {
    uint16_t type;  /* IN: CALLBACKTYPE_* */
    uint16_t flags; /* IN: CALLBACKF_* */
    uint32_t _pad;
    xen_callback_t address; /* IN: handler RIP. */
};
typedef struct callback_register callback_register_t;
_Static_assert(sizeof(callback_register_t) == 16, "callback_register");
_Static_assert(offsetof(callback_register_t, address) == 8, "cb address");

struct callback_unregister {
    uint16_t type; /* IN: CALLBACKTYPE_* */
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
_Static_assert(sizeof(struct callback_unregister) == 4,
               "callback_unregister size");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_CALLBACK_H */
