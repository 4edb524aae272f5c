/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xsa_traps, part 2: bounce frames that cannot be written.  Each
 * scenario runs in a fresh domU executing a copy of this image
 * (domu_start_image); dom0 waits for it to shut down and prints the
 * reason.  A trap handler that is reached powers the domU off; a
 * hypervisor that cannot deliver the trap must crash the domU (and only
 * it: dom0 goes on to the next scenario).
 */
#include "guest.h"
#include "public/domctl.h"

void xsa_domu_tests(void);

#define NONCANON_SP 0x8000000000001000UL
#define UNMAPPED_SP 0x20000001000UL
#define HV_SP       0xffff830000010000UL /* the hypervisor's range */

enum {
    S_CONTROL,
    S_KERNEL_SP_NONCANON,
    S_KERNEL_SP_UNMAPPED,
    S_KERNEL_SP_HV,
    S_SWITCH_SP_NONCANON,
    S_SWITCH_SP_UNMAPPED,
    S_SWITCH_SP_HV,
    S_IRET_USER_NO_TABLE,
    S_NR
};

static const char *const scenario_names[S_NR] = {
    [S_CONTROL] = "control: kernel ud2 on a good stack",
    [S_KERNEL_SP_NONCANON] = "kernel push with rsp 8000000000001000",
    [S_KERNEL_SP_UNMAPPED] = "kernel ud2 with rsp unmapped",
    [S_KERNEL_SP_HV] = "kernel ud2 with rsp in the hypervisor range",
    [S_SWITCH_SP_NONCANON] = "stack_switch sp 8000000000001000, user ud2",
    [S_SWITCH_SP_UNMAPPED] = "stack_switch sp unmapped, user ud2",
    [S_SWITCH_SP_HV] = "stack_switch sp in the hypervisor range, user ud2",
    [S_IRET_USER_NO_TABLE] = "iret to user mode without a user page table",
};

static volatile unsigned int domu_scenario;
static uint8_t domu_stack[GUEST_STACK_SIZE]
    __attribute__((aligned(GUEST_STACK_SIZE)));
static xen_pfn_t frames[1024];

static void domu_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    for (;;)
        hc_sched_op(SCHEDOP_shutdown, &sd);
}

static void domu_trap(struct guest_frame *f)
{
    (void)f;
    domu_shutdown(SHUTDOWN_poweroff);
}

/* Run `ud2` (or a push) with %rsp = sp, in kernel mode. */
static void __attribute__((noreturn)) kernel_fault(uint64_t sp, bool push)
{
    if (push)
        __asm__ volatile("mov %0, %%rsp; push %%rax; ud2" ::"r"(sp));
    __asm__ volatile("mov %0, %%rsp; ud2" ::"r"(sp));
    __builtin_unreachable();
}

extern char domu_user_ud2[];
__asm__(".pushsection .text\ndomu_user_ud2: ud2\n.popsection\n");

/* iret to user mode at a ud2, after stack_switch(sp). */
static void __attribute__((noreturn)) user_fault(uint64_t sp, bool table)
{
    uint64_t cr3;

    if (table) {
        mmuext_op_t op = { .cmd = MMUEXT_NEW_USER_BASEPTR };

        __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
        op.arg1.mfn = cr3 >> 12;
        if (hc_mmuext_op(&op, 1, NULL, DOMID_SELF))
            domu_shutdown(SHUTDOWN_reboot);
        if (hc_stack_switch(FLAT_KERNEL_SS, sp))
            domu_shutdown(SHUTDOWN_reboot);
    }
    __asm__ volatile("pushq %0\n\t" /* ss */
                     "pushq %1\n\t" /* rsp */
                     "pushq $0x202\n\t"
                     "pushq %2\n\t" /* cs */
                     "pushq %3\n\t" /* rip */
                     "pushq $0\n\t" /* flags */
                     "jmp hypercall_page + 23 * 32" ::"i"(FLAT_USER_SS),
                     "r"((uint64_t)domu_stack + 4096), "i"(FLAT_USER_CS),
                     "r"((uint64_t)domu_user_ud2));
    __builtin_unreachable();
}

static void domu_entry(void)
{
    guest_install_traps();
    for (unsigned int v = 0; v < 20; v++)
        guest_set_trap_handler(v, domu_trap);
    switch (domu_scenario) {
    case S_CONTROL:
        __asm__ volatile("ud2");
        break;
    case S_KERNEL_SP_NONCANON:
        kernel_fault(NONCANON_SP, true);
    case S_KERNEL_SP_UNMAPPED:
        kernel_fault(UNMAPPED_SP, false);
    case S_KERNEL_SP_HV:
        kernel_fault(HV_SP, false);
    case S_SWITCH_SP_NONCANON:
        user_fault(NONCANON_SP, true);
    case S_SWITCH_SP_UNMAPPED:
        user_fault(UNMAPPED_SP, true);
    case S_SWITCH_SP_HV:
        user_fault(HV_SP, true);
    case S_IRET_USER_NO_TABLE:
        user_fault(0, false);
    }
    domu_shutdown(SHUTDOWN_reboot);
}

static uint32_t domu_flags(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "getdomaininfo");
    CHECK(d.u.getdomaininfo.domain == dom, "d%u is gone", dom);
    return d.u.getdomaininfo.flags;
}

void xsa_domu_tests(void)
{
    static const char *const reasons[] = { "poweroff", "reboot", "suspend",
                                           "crash", "watchdog" };
    struct xen_domctl d;

    for (unsigned int s = 0; s < S_NR; s++) {
        uint64_t t0;
        uint32_t flags = 0;
        unsigned int why;
        domid_t dom;

        domu_scenario = s;
        CHECK_RC(domu_start_image(domu_entry, domu_stack + GUEST_STACK_SIZE,
                                  &dom, frames, 1024),
                 0, "build the domU");
        gmemset(&d, 0, sizeof(d));
        d.cmd = XEN_DOMCTL_unpausedomain;
        d.domain = dom;
        CHECK_RC(guest_domctl(&d), 0, "unpause");
        t0 = guest_now_ns();
        while (guest_now_ns() - t0 < 5000000000UL) {
            flags = domu_flags(dom);
            if (flags & XEN_DOMINF_shutdown)
                break;
            hc_sched_op(SCHEDOP_yield, NULL);
        }
        why = (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
        if (!(flags & XEN_DOMINF_shutdown))
            gprintf("xsa: domU %s: still running\n", scenario_names[s]);
        else
            gprintf("xsa: domU %s: %s\n", scenario_names[s],
                    why < 5 ? reasons[why] : "other");
        CHECK_RC(domu_destroy(dom), 0, "destroy the domU");
    }
}
