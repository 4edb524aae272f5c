/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traps, part 3: the NMI callback and VCPUOP_send_nmi.  An NMI sent to a
 * vCPU without a callback is dropped; with one (callback_op, type nmi) it
 * arrives as a bounce to the callback, and a second NMI sent while the
 * first is being handled waits for the handler's iret.  Unregistering the
 * NMI callback drops later NMIs; the other callbacks cannot be
 * unregistered (-EINVAL, Xen 4.17).
 */
#include "guest.h"

extern char entry_nmi[];

static volatile unsigned int nmis, nested;

static void nmi_handler(struct guest_frame *f)
{
    (void)f;
    nmis++;
    if (nmis == 1) {
        /* A second NMI now must wait for this handler's iret, even across
         * a hypercall's return. */
        CHECK_RC(hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0, "send_nmi (nested)");
        hc_xen_version(XENVER_version, NULL);
        nested = nmis != 1;
    }
}

void traps_nmi(void);

void traps_nmi(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_nmi,
                                    .address = (uint64_t)entry_nmi };
    struct callback_unregister cu = { .type = CALLBACKTYPE_nmi };
    static const uint16_t fixed[] = { CALLBACKTYPE_event, CALLBACKTYPE_failsafe,
                                      CALLBACKTYPE_syscall,
                                      CALLBACKTYPE_syscall32,
                                      CALLBACKTYPE_sysenter };
    uint64_t dummy = 0;

    guest_set_trap_handler(2, nmi_handler);
    CHECK_RC(hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0,
             "send_nmi without a callback");
    CHECK(nmis == 0, "an NMI without a callback arrived (%u)", nmis);

    cb.address = 0x0000800000000000UL;
    guest_expect(hc_callback_op(CALLBACKOP_register, &cb), -XEN_EINVAL,
                 "NMI callback at a non-canonical address");
    cb.address = (uint64_t)entry_nmi;
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register the NMI callback");
    CHECK_RC(hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0, "send_nmi");
    CHECK(nmis == 2 && !nested,
          "NMIs handled %u (expected 2), nested delivery %u", nmis, nested);
    guest_expect(hc_vcpu_op(VCPUOP_send_nmi, 0, &dummy), -XEN_EINVAL,
                 "send_nmi with an argument");
    guest_expect(hc_vcpu_op(VCPUOP_send_nmi, 200, NULL), -XEN_ENOENT,
                 "send_nmi to a missing vCPU");

    CHECK_RC(hc_callback_op(CALLBACKOP_unregister, &cu), 0,
             "unregister the NMI callback");
    CHECK_RC(hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0,
             "send_nmi after unregistering");
    CHECK(nmis == 2, "an NMI arrived after unregistering (%u)", nmis);

    for (unsigned int i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        cu.type = fixed[i];
        guest_expect(hc_callback_op(CALLBACKOP_unregister, &cu), -XEN_EINVAL,
                     "unregister a callback other than NMI");
    }
    guest_ok("NMI callback: send_nmi delivered once per NMI, none nested, "
             "none without a callback");
}
