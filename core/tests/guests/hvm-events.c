/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm, part 3: the HVM domU's event-channel run (HVM_MODE_EVENTS),
 * copied to guest-physical HVM_EV_CODE_GPA and entered from the payload
 * (hvm-payload.c) in 32-bit protected mode with paging off.  It loads its
 * own GDT and IDT (one interrupt gate, HVM_EV_VECTOR), maps shared_info
 * with XENMEM_add_to_physmap over a RAM gfn (and grant frame 0, which
 * it then moves to another gfn), registers the upcall vector
 * with HVMOP_set_evtchn_upcall_vector, software-enables its LAPIC (Xen
 * delivers the vector through its emulated LAPIC; writes to an absent
 * LAPIC are dropped) and then waits for events with `sti; hlt`: VIRQ_TIMER
 * from a single-shot timer, an IPI port it sends itself, and the upcall
 * that register_vcpu_info raises.  The handler counts upcalls, takes the
 * pending word of ports 0-31 from shared_info, clears the vCPU's
 * evtchn_upcall_pending and selector, and EOIs the LAPIC.  Hypercalls
 * use the 32-bit convention (the compat layout of add_to_physmap).
 * Everything measured goes to the result page (hvm.h, HVM_E_*); dom0
 * checks it (hvm.c).
 */
#include "hvm.h"

#define S_(x) #x
#define S(x)  S_(x)

/* Guest-physical address of label l (the code is not linked where it
 * runs). */
#define GPA(l) "(" S(HVM_EV_CODE_GPA) " + (" l " - hvm_events_start))"

// clang-format off
/* hypercall nr(b, c, d); the result to res. */
#define HCALL(nr, b, c, d, res)            \
    "  mov $" S(nr) ", %eax\n"             \
    "  mov $" S(b) ", %ebx\n"              \
    "  mov $" S(c) ", %ecx\n"              \
    "  mov $" S(d) ", %edx\n"              \
    "  vmmcall\n"                          \
    "  mov %eax, " S(res) "\n"
#define PUT(addr, val) "  movl $" S(val) ", " S(addr) "\n"
/* Upcalls taken in one instruction's window with interrupts on. */
#define WINDOW(res)                        \
    "  mov " S(HVM_E_COUNT) ", %esi\n"     \
    "  sti\n"                              \
    "  nop\n"                              \
    "  cli\n"                              \
    "  mov " S(HVM_E_COUNT) ", %eax\n"     \
    "  sub %esi, %eax\n"                   \
    "  mov %eax, " S(res) "\n"
// clang-format on

#define ARG     HVM_EV_ARG
#define MEMOP   12
#define VCPUOP  24
#define EVTOP   32
#define HVMOP   34
#define SCHEDOP 29

// clang-format off
__asm__(".section .rodata\n"
        ".globl hvm_events_start, hvm_events_end\n"
        ".code32\n"
        "hvm_events_start:\n"
        "  movl $20, " S(HVM_R_STAGE) "\n"
        /* GDT: null, flat code (0x08), flat data (0x10). */
        PUT(HVM_EV_GDT, 0)
        PUT(HVM_EV_GDT + 4, 0)
        PUT(HVM_EV_GDT + 8, 0x0000ffff)
        PUT(HVM_EV_GDT + 12, 0x00cf9b00)
        PUT(HVM_EV_GDT + 16, 0x0000ffff)
        PUT(HVM_EV_GDT + 20, 0x00cf9300)
        "  movw $23, " S(HVM_EV_GDTR) "\n"
        PUT(HVM_EV_GDTR + 2, HVM_EV_GDT)
        "  lgdt " S(HVM_EV_GDTR) "\n"
        "  ljmp $0x08, $" GPA("1f") "\n"
        "1: mov $0x10, %ax\n"
        "  mov %ax, %ds\n"
        "  mov %ax, %es\n"
        "  mov %ax, %ss\n"
        "  mov %ax, %fs\n"
        "  mov %ax, %gs\n"
        /* IDT: 256 absent gates but HVM_EV_VECTOR's (a 32-bit interrupt
         * gate to the handler). */
        "  mov $" S(HVM_EV_IDT) ", %edi\n"
        "  xor %eax, %eax\n"
        "  mov $512, %ecx\n"
        "  cld\n"
        "  rep stosl\n"
        "  movl $(0x00080000 | " GPA("ev_handler") "), "
              S(HVM_EV_IDT + HVM_EV_VECTOR * 8) "\n"
        PUT(HVM_EV_IDT + HVM_EV_VECTOR * 8 + 4, 0x8e00)
        "  movw $0x7ff, " S(HVM_EV_IDTR) "\n"
        PUT(HVM_EV_IDTR + 2, HVM_EV_IDT)
        "  lidt " S(HVM_EV_IDTR) "\n"
        PUT(HVM_E_VIPTR, HVM_EV_SHINFO)
        "  movl $21, " S(HVM_R_STAGE) "\n"

        /* add_to_physmap(DOMID_SELF, shared_info, 0, gfn 14) */
        "  movw $0x7ff0, " S(ARG) "\n"
        "  movw $0, " S(ARG) "+2\n"
        PUT(ARG + 4, 0)
        PUT(ARG + 8, 0)
        PUT(ARG + 12, HVM_EV_SHINFO >> 12)
        HCALL(MEMOP, 7, ARG, 0, HVM_E_ATP_RC)
        "  mov " S(HVM_EV_MARK) ", %eax\n"
        "  mov %eax, " S(HVM_E_ATP_MARK) "\n"
        /* ... an unknown space; shared_info index 1 */
        PUT(ARG + 4, 99)
        HCALL(MEMOP, 7, ARG, 0, HVM_E_ATP_BAD_RC)
        PUT(ARG + 4, 0)
        PUT(ARG + 8, 1)
        PUT(ARG + 12, 12)
        HCALL(MEMOP, 7, ARG, 0, HVM_E_ATP_IDX_RC)

        /* Grant frame 0 at gfn 12; a word written there; the frame moved
         * to gfn 11 (the word follows it, gfn 12 is empty); frame 1 (past
         * the table's maximum); query_size. */
        PUT(ARG + 4, 1)
        PUT(ARG + 8, 0)
        PUT(ARG + 12, HVM_EV_GNT >> 12)
        HCALL(MEMOP, 7, ARG, 0, HVM_E_GNT_RC)
        PUT(HVM_EV_GNT + 12, HVM_EV_GNT_MARK)
        PUT(ARG + 12, HVM_EV_GNT2 >> 12)
        HCALL(MEMOP, 7, ARG, 0, HVM_E_GNT_MOVE_RC)
        "  mov " S(HVM_EV_GNT2) "+12, %eax\n"
        "  mov %eax, " S(HVM_E_GNT_MOVED) "\n"
        "  mov " S(HVM_EV_GNT) "+12, %eax\n"
        "  mov %eax, " S(HVM_E_GNT_OLD) "\n"
        PUT(ARG + 8, 1)
        PUT(ARG + 12, HVM_EV_GNT >> 12)
        HCALL(MEMOP, 7, ARG, 0, HVM_E_GNT_BIG_RC)
        "  movw $0x7ff0, " S(ARG) "\n"
        "  movw $0, " S(ARG) "+2\n"
        PUT(ARG + 4, 0xdead)
        PUT(ARG + 8, 0xdead)
        PUT(ARG + 12, 0xdead)
        HCALL(20, 6, ARG, 1, HVM_E_GNT_QS_RC)
        "  mov " S(ARG) "+4, %eax\n"
        "  mov %eax, " S(HVM_E_GNT_QS_NR) "\n"
        "  mov " S(ARG) "+8, %eax\n"
        "  mov %eax, " S(HVM_E_GNT_QS_MAX) "\n"
        "  movswl " S(ARG) "+12, %eax\n"
        "  mov %eax, " S(HVM_E_GNT_QS_ST) "\n"

        /* The LAPIC on (spurious vector 0xff), then the upcall vector:
         * below 0x10, on a vCPU that does not exist, then right. */
        PUT(HVM_EV_LAPIC_SVR, 0x1ff)
        PUT(ARG, 0)
        PUT(ARG + 4, 0x0f)
        HCALL(HVMOP, 23, ARG, 0, HVM_E_VEC_LOW_RC)
        PUT(ARG, 7)
        PUT(ARG + 4, HVM_EV_VECTOR)
        HCALL(HVMOP, 23, ARG, 0, HVM_E_VEC_VCPU_RC)
        PUT(ARG, 0)
        HCALL(HVMOP, 23, ARG, 0, HVM_E_VEC_RC)
        WINDOW(HVM_E_VEC_COUNT)
        "  movl $22, " S(HVM_R_STAGE) "\n"

        /* get_param(CALLBACK_IRQ): nothing set */
        "  movw $0x7ff0, " S(ARG) "\n"
        "  movw $0, " S(ARG) "+2\n"
        PUT(ARG + 4, 0)
        PUT(ARG + 8, 0xdead)
        PUT(ARG + 12, 0)
        HCALL(HVMOP, 1, ARG, 0, HVM_E_CBIRQ_RC)
        "  mov " S(ARG) "+8, %eax\n"
        "  mov %eax, " S(HVM_E_CBIRQ_VAL) "\n"

        /* vcpu_op: no periodic timer; is vCPU 0 up? */
        HCALL(VCPUOP, 7, 0, 0, HVM_E_STOPP_RC)
        HCALL(VCPUOP, 3, 0, 0, HVM_E_ISUP_RC)
        /* bind_virq(VIRQ_TIMER, vCPU 0) */
        PUT(ARG, 0)
        PUT(ARG + 4, 0)
        PUT(ARG + 8, 0)
        HCALL(EVTOP, 1, ARG, 0, HVM_E_VIRQ_RC)
        "  mov " S(ARG) "+8, %eax\n"
        "  mov %eax, " S(HVM_E_VIRQ_PORT) "\n"
        /* A single-shot timer 10 ms after the system time in shared_info
         * (vCPU 0's time record: system_time at +0x30). */
        "  mov " S(HVM_EV_SHINFO) "+0x30, %eax\n"
        "  mov " S(HVM_EV_SHINFO) "+0x34, %edx\n"
        "  mov %eax, " S(HVM_E_SYSTIME) "\n"
        "  mov %edx, " S(HVM_E_SYSTIME) "+4\n"
        "  add $10000000, %eax\n"
        "  adc $0, %edx\n"
        "  mov %eax, " S(ARG) "\n"
        "  mov %edx, " S(ARG) "+4\n"
        PUT(ARG + 8, 0)
        PUT(ARG + 12, 0)
        PUT(HVM_E_SEEN, 0)
        PUT(HVM_E_UPC, 0)
        "  mov " S(HVM_E_COUNT) ", %edi\n"
        HCALL(VCPUOP, 8, 0, ARG, HVM_E_SST_RC)
        /* sti; hlt until the timer's port has come (at most 50 times) */
        PUT(HVM_E_TMR_HLTS, 0)
        "  mov " S(HVM_E_VIRQ_PORT) ", %ecx\n"
        "  and $31, %ecx\n"
        "  mov $1, %ebx\n"
        "  shl %cl, %ebx\n"
        "2: incl " S(HVM_E_TMR_HLTS) "\n"
        "  sti\n"
        "  hlt\n"
        "  cli\n"
        "  test %ebx, " S(HVM_E_SEEN) "\n"
        "  jnz 3f\n"
        "  cmpl $50, " S(HVM_E_TMR_HLTS) "\n"
        "  jb 2b\n"
        "3: mov " S(HVM_E_COUNT) ", %eax\n"
        "  sub %edi, %eax\n"
        "  mov %eax, " S(HVM_E_TMR_COUNT) "\n"
        "  mov " S(HVM_E_SEEN) ", %eax\n"
        "  mov %eax, " S(HVM_E_TMR_SEEN) "\n"
        "  mov " S(HVM_E_UPC) ", %eax\n"
        "  mov %eax, " S(HVM_E_TMR_UPC) "\n"
        "  movl $23, " S(HVM_R_STAGE) "\n"

        /* bind_ipi(vCPU 0), send to it, take it */
        PUT(ARG, 0)
        PUT(ARG + 4, 0)
        HCALL(EVTOP, 7, ARG, 0, HVM_E_IPI_RC)
        "  mov " S(ARG) "+4, %eax\n"
        "  mov %eax, " S(HVM_E_IPI_PORT) "\n"
        "  mov %eax, " S(ARG) "\n"
        PUT(HVM_E_SEEN, 0)
        PUT(HVM_E_UPC, 0)
        HCALL(EVTOP, 4, ARG, 0, HVM_E_SEND_RC)
        WINDOW(HVM_E_IPI_COUNT)
        "  mov " S(HVM_E_SEEN) ", %eax\n"
        "  mov %eax, " S(HVM_E_IPI_SEEN) "\n"
        /* unmask it (not masked: nothing changes) */
        "  mov " S(HVM_E_IPI_PORT) ", %eax\n"
        "  mov %eax, " S(ARG) "\n"
        HCALL(EVTOP, 9, ARG, 0, HVM_E_UNMASK_RC)
        /* alloc_unbound(self, self), close it twice */
        "  movw $0x7ff0, " S(ARG) "\n"
        "  movw $0x7ff0, " S(ARG) "+2\n"
        PUT(ARG + 4, 0)
        HCALL(EVTOP, 6, ARG, 0, HVM_E_UNB_RC)
        "  mov " S(ARG) "+4, %eax\n"
        "  mov %eax, " S(HVM_E_UNB_PORT) "\n"
        "  mov %eax, " S(ARG) "\n"
        HCALL(EVTOP, 3, ARG, 0, HVM_E_CLOSE_RC)
        HCALL(EVTOP, 3, ARG, 0, HVM_E_CLOSE2_RC)
        "  movl $24, " S(HVM_R_STAGE) "\n"

        /* register_vcpu_info(gfn 13, offset 0x40): everything pending
         * once at the new place */
        PUT(ARG, HVM_EV_VI >> 12)
        PUT(ARG + 4, 0)
        PUT(ARG + 8, HVM_EV_VI & 0xfff)
        PUT(ARG + 12, 0)
        HCALL(VCPUOP, 10, 0, ARG, HVM_E_RVI_RC)
        PUT(HVM_E_VIPTR, HVM_EV_VI)
        PUT(HVM_E_UPC, 0)
        WINDOW(HVM_E_RVI_COUNT)
        "  mov " S(HVM_E_UPC) ", %eax\n"
        "  mov %eax, " S(HVM_E_RVI_UPC) "\n"
        "  movl $25, " S(HVM_R_STAGE) "\n"

        /* HVM_PARAM_CALLBACK_IRQ of the vector type (2 in bits 56-63)
         * beside the per-vCPU vector: an IPI to itself comes by both (the
         * callback while upcall_pending is set, then the LAPIC's edge).
         * A PVH domain has no IO-APIC or PIC, so 0 or an unknown type 3
         * change nothing (both read back): the next IPI comes twice
         * again. */
        "  movw $0x7ff0, " S(ARG) "\n"
        "  movw $0, " S(ARG) "+2\n"
        PUT(ARG + 4, 0)
        PUT(ARG + 8, HVM_EV_VECTOR)
        PUT(ARG + 12, 0x02000000)
        HCALL(HVMOP, 0, ARG, 0, HVM_E_CB_SET_RC)
        PUT(ARG + 32, 0)
        PUT(ARG + 36, 0)
        HCALL(EVTOP, 7, ARG + 32, 0, HVM_E_CB_IPI_RC)
        "  mov " S(ARG) "+36, %eax\n"
        "  mov %eax, " S(HVM_E_CB_PORT) "\n"
        "  mov %eax, " S(ARG) "+32\n"
        PUT(HVM_E_SEEN, 0)
        HCALL(EVTOP, 4, ARG + 32, 0, HVM_E_CB_SEND_RC)
        WINDOW(HVM_E_CB_COUNT)
        "  mov " S(HVM_E_SEEN) ", %eax\n"
        "  mov %eax, " S(HVM_E_CB_SEEN) "\n"
        PUT(ARG + 8, 0)
        PUT(ARG + 12, 0)
        HCALL(HVMOP, 0, ARG, 0, HVM_E_CB_OFF_RC)
        PUT(ARG + 8, 5)
        PUT(ARG + 12, 0x03000000)
        HCALL(HVMOP, 0, ARG, 0, HVM_E_CB_BAD_RC)
        PUT(ARG + 8, 0)
        PUT(ARG + 12, 0)
        HCALL(HVMOP, 1, ARG, 0, HVM_E_CB_GET_RC)
        "  mov " S(ARG) "+8, %eax\n"
        "  mov %eax, " S(HVM_E_CB_BAD_VAL) "\n"
        "  mov " S(ARG) "+12, %eax\n"
        "  mov %eax, " S(HVM_E_CB_BAD_HI) "\n"
        PUT(HVM_E_SEEN, 0)
        HCALL(EVTOP, 4, ARG + 32, 0, HVM_E_CB_SEND2_RC)
        WINDOW(HVM_E_CB_COUNT2)
        HCALL(EVTOP, 3, ARG + 32, 0, HVM_E_CB_CLOSE_RC)
        "  movl $26, " S(HVM_R_STAGE) "\n"

        /* sched_op(SCHEDOP_shutdown, {SHUTDOWN_poweroff}) */
        PUT(HVM_R_REASON, 0)
        HCALL(SCHEDOP, 2, HVM_R_REASON, 0, HVM_R_SHUTDOWN_RC)
        "4: jmp 4b\n"

        /* The upcall handler. */
        "ev_handler:\n"
        "  push %eax\n"
        "  push %edx\n"
        "  incl " S(HVM_E_COUNT) "\n"
        "  mov " S(HVM_E_VIPTR) ", %edx\n"
        "  movzbl (%edx), %eax\n"
        "  mov %eax, " S(HVM_E_UPC) "\n"
        "  movb $0, (%edx)\n"
        "  movl $0, 4(%edx)\n"
        "  movl $0, 8(%edx)\n"
        "  movl $0, 12(%edx)\n"
        "  xor %eax, %eax\n"
        "  xchg %eax, " S(HVM_EV_SHINFO) "+0x800\n"
        "  or %eax, " S(HVM_E_SEEN) "\n"
        PUT(HVM_EV_LAPIC_EOI, 0)
        "  pop %edx\n"
        "  pop %eax\n"
        "  iret\n"
        "hvm_events_end:\n"
        ".code64\n"
        ".previous\n");
// clang-format on
