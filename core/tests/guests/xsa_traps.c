/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xsa_traps: the PV trap and return edge cases that security advisories
 * were made of, each printed as one "xsa: ITEM: RESULT" line, so a run on
 * Xen 4.17 and one on Xenith can be compared line by line (the case
 * tests/system/cases/guest-xsa-traps.test holds Xen 4.17's lines).
 *
 * iret hypercall frames with a non-canonical RIP, ring-0 selectors and
 * IOPL/VM/NT flags; the SYSRET-style return (VGCF_in_syscall) and a
 * `syscall` at the top of the lower canonical half (XSA-7); stack faults
 * on non-canonical and unmapped stacks and a bad stack_switch stack;
 * set_trap_table with bad entries and `int $n` for vectors not opened;
 * bounce frames that cannot be written (run in a domU running a copy of
 * this image, xsa_traps-domu.c: the domU is crashed, dom0 and the host go
 * on); single stepping across a hypercall and a user syscall, MOV SS
 * followed by int3 / syscall under a data breakpoint (XSA-260);
 * set_segment_base with non-canonical bases and bad selectors;
 * update_descriptor with call gates and other system descriptors; and a
 * domU's createdomain max_evtchn_port limit.
 */
#include "guest.h"
#include "public/domctl.h"

const char guest_name[] = "xsa_traps";

#define EFLAGS_TF   0x100UL
#define EFLAGS_IF   0x200UL
#define EFLAGS_IOPL 0x3000UL
#define EFLAGS_NT   0x4000UL
#define EFLAGS_VM   0x20000UL

#define NONCANON 0x8000000000001000UL
#define UNMAPPED 0x20000000000UL /* L4 slot 4: nothing there */
#define TOP_VA   0x00007ffffffff000UL
#define HV_CS    0xe008 /* the hypervisor's own ring-0 code selector */
#define HV_DS    0xe010

/* In xsa_traps-domu.c. */
void xsa_domu_tests(void);

/* --- probes: run code that ends in a trap or a landing ------------- */

/* An iret hypercall frame, pushed by iret_probe. */
struct ictx {
    uint64_t rip, cs, rflags, rsp, ss, flags;
};

uint64_t probe_call(void *code, uint64_t arg);
void probe_return(uint64_t val) __attribute__((noreturn));
uint64_t probe_saved_rsp;
volatile uint64_t land_flags, land_rcx, land_r11, land_cs;
extern char iret_probe[], landing[], user_syscall_tf[];

__asm__(".pushsection .text\n"
        /* probe_call(code, arg): code runs with %rdi = arg. */
        "probe_call:\n\t"
        "push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n\t"
        "mov %rsp, probe_saved_rsp(%rip)\n\t"
        "mov %rdi, %rax\n\t"
        "mov %rsi, %rdi\n\t"
        "jmp *%rax\n"
        "probe_return:\n\t"
        "mov probe_saved_rsp(%rip), %rsp\n\t"
        "mov %rdi, %rax\n\t"
        "pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n\t"
        "ret\n"
        /* iret_probe(struct ictx *): the iret hypercall with that frame. */
        "iret_probe:\n\t"
        "pushq 32(%rdi)\n\t"
        "pushq 24(%rdi)\n\t"
        "pushq 16(%rdi)\n\t"
        "pushq 8(%rdi)\n\t"
        "pushq 0(%rdi)\n\t"
        "pushq 40(%rdi)\n\t"
        "jmp hypercall_page + 23 * 32\n"
        /* Where a successful iret lands (either mode): note the state,
         * then leave by syscall (user mode: the syscall callback; kernel
         * mode: an unknown hypercall, then probe_return(2)). */
        "landing:\n\t"
        "mov %rcx, land_rcx(%rip)\n\t"
        "mov %r11, land_r11(%rip)\n\t"
        "pushfq\n\t"
        "popq land_flags(%rip)\n\t"
        "mov %cs, %eax\n\t"
        "mov %rax, land_cs(%rip)\n\t"
        "pushq $0x202\n\t"
        "popfq\n\t"
        "mov $0x7777, %eax\n\t"
        "syscall\n\t"
        "mov $2, %edi\n\t"
        "jmp probe_return\n"
        /* User mode: syscall with TF set. */
        "user_syscall_tf:\n\t"
        "mov $0x55, %eax\n\t"
        "pushfq\n\t"
        "orq $0x100, (%rsp)\n\t"
        "popfq\n\t"
        "syscall\n\t"
        "ud2\n"
        ".popsection\n");

static volatile struct guest_frame ob;
static volatile uint64_t ob_cr2;

static void catch_trap(struct guest_frame *f)
{
    gmemcpy((void *)&ob, f, sizeof(*f));
    ob_cr2 = shared->vcpu_info[0].arch.cr2;
    probe_return(1);
}

static void catch_all(void)
{
    for (unsigned int v = 0; v < 20; v++)
        guest_set_trap_handler(v, catch_trap);
    guest_set_trap_handler(0x40, catch_trap);
    guest_set_trap_handler(GUEST_VEC_SYSCALL, catch_trap);
}

static const char *mode(uint64_t cs)
{
    return (cs & 3) ? "user" : "kernel";
}

/* The code a probe_call ran (for relative RIPs in the report). */
static uint64_t probe_code;
extern char user_push2[];

static uint64_t probe(void *code, uint64_t arg)
{
    probe_code = (uint64_t)code;
    return probe_call(code, arg);
}

/* A RIP as the lines show it: relative to known code, so the lines do
 * not depend on where the linker put it. */
static const char *rip_name(uint64_t rip)
{
    static char buf[40];

    if (rip == (uint64_t)landing)
        return "landing";
    if (rip - probe_code < 16)
        gsnprintf(buf, sizeof(buf), "probe+%lu", rip - probe_code);
    else if (rip - (uint64_t)user_push2 < 16)
        gsnprintf(buf, sizeof(buf), "user_push+%lu",
                  rip - (uint64_t)user_push2);
    else if (rip - (uint64_t)user_syscall_tf < 32)
        gsnprintf(buf, sizeof(buf), "user_syscall_tf+%lu",
                  rip - (uint64_t)user_syscall_tf);
    else if (rip >= GUEST_VIRT_BASE)
        return "elsewhere in the image";
    else
        gsnprintf(buf, sizeof(buf), "%lx", rip);
    return buf;
}

/* Print what a probe ended in. */
static void report(const char *item, uint64_t r)
{
    if (r == 2)
        gprintf("xsa: %s: kernel landing, rflags %lx\n", item, land_flags);
    else if (ob.vector == GUEST_VEC_SYSCALL && ob.rax == 0x7777)
        gprintf("xsa: %s: user landing, rflags %lx\n", item, land_flags);
    else
        gprintf("xsa: %s: trap %lx err %lx rip %s %s\n", item, ob.vector,
                ob.error, rip_name(ob.rip), mode(ob.cs));
}

static uint8_t scratch_stack[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define SCRATCH_TOP ((uint64_t)(scratch_stack + sizeof(scratch_stack)))

static uint64_t iret_with(uint64_t rip, uint64_t cs, uint64_t rflags,
                          uint64_t ss, uint64_t flags)
{
    static struct ictx c;

    c.rip = rip;
    c.cs = cs;
    c.rflags = rflags;
    c.rsp = SCRATCH_TOP - 64;
    c.ss = ss;
    c.flags = flags;
    land_flags = land_rcx = land_r11 = land_cs = 0;
    gmemset((void *)&ob, 0, sizeof(ob));
    return probe(iret_probe, (uint64_t)&c);
}

/* --- user mode ---------------------------------------------------- */

static uint8_t kernel_stack[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t user_l4[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t top_l3[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t top_l2[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t top_l1[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t top_code[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
extern char entry_syscall[];

static void set_l4_slot(void *l4, unsigned int slot, uint64_t val)
{
    mmu_update_t u;

    u.ptr = ((virt_to_mfn(l4) << 12) + slot * 8) | MMU_NORMAL_PT_UPDATE;
    u.val = val;
    CHECK_RC(hc_mmu_update(&u, 1, NULL, DOMID_SELF), 0, "L4 update");
}

/*
 * The page below 0x800000000000 (last of the lower canonical half), in the
 * kernel's tables: xor %edi,%edi; mov $17,%eax; syscall at its last two
 * bytes, so the next RIP is not canonical.  Then a user L4 (the guest
 * part of the kernel's), the stack_switch stack and the syscall callback.
 */
static void setup_user(void)
{
    const uint64_t f = PTE_P | PTE_RW | PTE_US | PTE_A;
    uint64_t *kl4 = (uint64_t *)start_info->pt_base, *ul4 = (uint64_t *)user_l4;
    struct callback_register cb = { .type = CALLBACKTYPE_syscall,
                                    .address = (uint64_t)entry_syscall };
    mmuext_op_t op;

    gmemcpy(top_code + PAGE_SIZE - 9, "\x31\xff\xb8\x11\x00\x00\x00\x0f\x05",
            9);
    ((uint64_t *)top_l1)[511] =
        (virt_to_mfn(top_code) << 12) | PTE_P | PTE_US | PTE_A;
    ((uint64_t *)top_l2)[511] = (virt_to_mfn(top_l1) << 12) | f;
    ((uint64_t *)top_l3)[511] = (virt_to_mfn(top_l2) << 12) | f;
    set_page_ro(top_l1);
    set_page_ro(top_l2);
    set_page_ro(top_l3);
    set_l4_slot(kl4, 255, (virt_to_mfn(top_l3) << 12) | f);

    for (int i = 0; i < 512; i++)
        ul4[i] = (i >= 256 && i < 272) ? 0 : kl4[i];
    set_page_ro(user_l4);
    op.cmd = MMUEXT_PIN_L4_TABLE;
    op.arg1.mfn = virt_to_mfn(user_l4);
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "pin user L4");
    op.cmd = MMUEXT_NEW_USER_BASEPTR;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "new_user_baseptr");
    CHECK_RC(hc_stack_switch(FLAT_KERNEL_SS,
                             (uint64_t)(kernel_stack + sizeof(kernel_stack))),
             0, "stack_switch");
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register syscall callback");
}

/* --- (1) iret frames ---------------------------------------------- */

static void test_iret(void)
{
    uint64_t r;

    r = iret_with(NONCANON, FLAT_KERNEL_CS & ~3UL, 0x202, FLAT_KERNEL_SS, 0);
    report("iret kernel rip 8000000000001000", r);
    r = iret_with(NONCANON, FLAT_USER_CS, 0x202, FLAT_USER_SS, 0);
    report("iret user rip 8000000000001000", r);
    r = iret_with((uint64_t)landing, HV_CS, 0x202, FLAT_USER_SS, 0);
    report("iret cs e008 (hypervisor code)", r);
    r = iret_with((uint64_t)landing, HV_DS, 0x202, FLAT_USER_SS, 0);
    report("iret cs e010 (hypervisor data)", r);
    r = iret_with((uint64_t)landing, FLAT_USER_CS, 0x202, HV_DS, 0);
    report("iret ss e010 (hypervisor data)", r);
    r = iret_with((uint64_t)landing, FLAT_KERNEL_CS, 0x202, FLAT_KERNEL_SS, 0);
    report("iret cs e033 (kernel cs, rpl 3)", r);
    r = iret_with((uint64_t)landing, 0x0, 0x202, FLAT_USER_SS, 0);
    report("iret cs 0", r);
    r = iret_with((uint64_t)landing, FLAT_KERNEL_CS & ~3UL,
                  0x202 | EFLAGS_IOPL | EFLAGS_NT | EFLAGS_VM, FLAT_KERNEL_SS,
                  0);
    report("iret kernel rflags iopl3 nt vm", r);
    r = iret_with((uint64_t)landing, FLAT_USER_CS,
                  0x202 | EFLAGS_IOPL | EFLAGS_NT | EFLAGS_VM, FLAT_USER_SS, 0);
    report("iret user rflags iopl3 nt vm", r);
    r = iret_with((uint64_t)landing, FLAT_KERNEL_CS & ~3UL, 0x2, FLAT_KERNEL_SS,
                  0);
    report("iret kernel rflags without if", r);
    gprintf("xsa: iret without if: upcall mask %u\n",
            shared->vcpu_info[0].evtchn_upcall_mask);
    shared->vcpu_info[0].evtchn_upcall_mask = 0;
}

/* --- (2) SYSRET-style returns ------------------------------------- */

static void sysret_nc_handler(struct guest_frame *f)
{
    static struct ictx c;

    gmemcpy((void *)&ob, f, sizeof(*f));
    if (f->rip != TOP_VA + PAGE_SIZE)
        probe_return(3);
    /* Back to user mode at the non-canonical RIP, as a kernel's
     * syscall-return path does. */
    c.rip = f->rip;
    c.cs = f->cs;
    c.rflags = f->rflags;
    c.rsp = f->rsp;
    c.ss = f->ss;
    c.flags = VGCF_in_syscall;
    gmemset((void *)&ob, 0, sizeof(ob));
    ((void (*)(struct ictx *))(void *)iret_probe)(&c); /* never returns */
}

static void test_sysret(void)
{
    uint64_t r;

    r = iret_with(0x0000800000000000UL, FLAT_USER_CS, 0x202, FLAT_USER_SS,
                  VGCF_in_syscall);
    report("iret in_syscall user rip 800000000000", r);
    gprintf("xsa: iret in_syscall nc: frame rcx %lx r11 %lx\n", ob.rcx,
            ob.r11 & ~0x10000UL);
    r = iret_with((uint64_t)landing, FLAT_USER_CS, 0x246, FLAT_USER_SS,
                  VGCF_in_syscall);
    report("iret in_syscall user landing", r);
    gprintf("xsa: iret in_syscall: rcx %s, r11 %lx\n",
            land_rcx == (uint64_t)landing ? "= rip" : "other", land_r11);

    /* Kernel mode: a hypercall from the last two bytes of the half. */
    gmemset((void *)&ob, 0, sizeof(ob));
    r = probe((void *)(TOP_VA + PAGE_SIZE - 9), 0);
    report("kernel syscall at 7ffffffffffe", r);
    gprintf("xsa: kernel syscall at top: rax %lx\n", ob.rax);
    /* User mode: the syscall callback sees RIP 800000000000 and returns
     * there with VGCF_in_syscall. */
    {
        static struct ictx c;

        c.rip = TOP_VA + PAGE_SIZE - 9;
        c.cs = FLAT_USER_CS;
        c.rflags = 0x202;
        c.rsp = SCRATCH_TOP - 64;
        c.ss = FLAT_USER_SS;
        gmemset((void *)&ob, 0, sizeof(ob));
        guest_set_trap_handler(GUEST_VEC_SYSCALL, sysret_nc_handler);
        r = probe(iret_probe, (uint64_t)&c);
        guest_set_trap_handler(GUEST_VEC_SYSCALL, catch_trap);
        report("user syscall at 7ffffffffffe, sysret-style return", r);
    }
}

/* --- (3) stack faults and stack_switch ---------------------------- */

/* User mode: a push with %rsp = user_push_sp. */
uint64_t user_push_sp;
__asm__(".pushsection .text\n"
        "user_push2:\n\t"
        "mov user_push_sp(%rip), %rsp\n\t"
        "push %rax\n\t"
        "ud2\n"
        ".popsection\n");

static void user_stack_fault(uint64_t sp, const char *item)
{
    static struct ictx c;
    uint64_t r;

    user_push_sp = sp;
    c.rip = (uint64_t)user_push2;
    c.cs = FLAT_USER_CS;
    c.rflags = 0x202;
    c.rsp = SCRATCH_TOP - 64;
    c.ss = FLAT_USER_SS;
    c.flags = 0;
    gmemset((void *)&ob, 0, sizeof(ob));
    r = probe(iret_probe, (uint64_t)&c);
    report(item, r);
    if (ob.vector == 14)
        gprintf("xsa: %s: cr2 %lx\n", item, ob_cr2);
    gprintf("xsa: %s: frame rsp %lx\n", item, ob.rsp);
}

static void test_user_stacks(void)
{
    static struct ictx c;
    uint64_t r;

    user_stack_fault(0x8000000000000000UL, "user push, rsp 8000000000000000");
    user_stack_fault(UNMAPPED + 0x1000, "user push, rsp unmapped");

    /* stack_switch with a bad selector: 64-bit bounces use the flat
     * kernel selectors whatever kernel_ss says. */
    CHECK_RC(
        hc_stack_switch(0, (uint64_t)(kernel_stack + sizeof(kernel_stack))), 0,
        "stack_switch ss 0");
    c.rip = (uint64_t)landing;
    c.cs = FLAT_USER_CS;
    c.rflags = 0x202;
    c.rsp = SCRATCH_TOP - 64;
    c.ss = FLAT_USER_SS;
    c.flags = 0;
    gmemset((void *)&ob, 0, sizeof(ob));
    r = probe(iret_probe, (uint64_t)&c);
    report("stack_switch ss 0, user syscall", r);
    CHECK_RC(hc_stack_switch(FLAT_KERNEL_SS,
                             (uint64_t)(kernel_stack + sizeof(kernel_stack))),
             0, "stack_switch back");
}

/* --- (4) trap table and software interrupts ----------------------- */

extern char entry_ud[];

/* The address of instructions placed out of line (they end in a trap, or
 * return to probe_call's caller with 2). */
#define CODE_AT(insns)                                \
    ({                                                \
        void *p_;                                     \
        __asm__("lea 1f(%%rip), %0\n\t"               \
                ".pushsection .text.probes, \"ax\"\n" \
                "1: " insns "\n"                      \
                ".popsection"                         \
                : "=r"(p_));                          \
        p_;                                           \
    })
#define SOFTINT_THEN_RETURN(k) \
    CODE_AT(".byte 0xcd, " #k "\n\tmov $2, %%edi\n\tjmp probe_return")

static uint64_t softint(unsigned int n)
{
    /* int $n from kernel mode; a successful return lands after it. */
    gmemset((void *)&ob, 0, sizeof(ob));
    switch (n) {
#define INT(k) \
    case k:    \
        return probe(SOFTINT_THEN_RETURN(k), 0)
        INT(1);
        INT(2);
        INT(3);
        INT(5);
        INT(0x20);
        INT(0x40);
        INT(0x82);
        INT(0xff);
#undef INT
    default:
        return 0;
    }
}

static void test_trap_table(void)
{
    static trap_info_t t[4];
    uint64_t r;
    static const unsigned int vecs[] = { 1, 2, 3, 5, 0x20, 0x40, 0x82, 0xff };

    gmemset(t, 0, sizeof(t));
    t[0] = (trap_info_t){
        .vector = 0x40, .flags = 3, .cs = FLAT_KERNEL_CS, .address = 0
    };
    extern char entry_int80[];
    /* Vector 0x40 open to every ring (through the int 0x80 stub, which
     * records vector 0x80). */
    t[0].address = (uint64_t)entry_int80;
    t[1] = (trap_info_t){
        .vector = 0x41, .flags = 3, .cs = FLAT_KERNEL_CS, .address = NONCANON
    };
    t[2] = (trap_info_t){ .vector = 0x42,
                          .flags = 3,
                          .cs = FLAT_KERNEL_CS,
                          .address = (uint64_t)entry_int80 };
    gprintf("xsa: set_trap_table non-canonical address: rc %ld\n",
            hc_set_trap_table(t));
    guest_set_trap_handler(0x80, catch_trap);
    for (unsigned int i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
        char item[40];

        r = softint(vecs[i]);
        gsnprintf(item, sizeof(item), "int $%x from kernel", vecs[i]);
        report(item, r);
    }
    /* Entry 0x42 came after the refused one: not set. */
    r = probe(SOFTINT_THEN_RETURN(0x42), 0);
    report("int $42 (after the refused entry)", r);

    /* #UD with a hypervisor selector in the entry: 64-bit bounces use
     * FLAT_KERNEL_CS. */
    t[0] = (trap_info_t){
        .vector = 6, .flags = 0, .cs = HV_CS, .address = (uint64_t)entry_ud
    };
    t[1].address = 0;
    gprintf("xsa: set_trap_table #UD with cs e008: rc %ld\n",
            hc_set_trap_table(t));
    gmemset((void *)&ob, 0, sizeof(ob));
    r = probe(CODE_AT("ud2"), 0);
    report("ud2 with that entry", r);
    gprintf("xsa: ud2 with that entry: frame cs %lx\n", ob.cs & 0xffff);

    /* #UD handler at an unmapped address: the bounce enters it, the
     * fetch faults. */
    t[0].address = UNMAPPED;
    t[0].cs = FLAT_KERNEL_CS;
    gprintf("xsa: set_trap_table #UD at an unmapped address: rc %ld\n",
            hc_set_trap_table(t));
    gmemset((void *)&ob, 0, sizeof(ob));
    r = probe(CODE_AT("ud2"), 0);
    report("ud2 into an unmapped handler", r);
    gprintf("xsa: ud2 into an unmapped handler: cr2 %lx err&0x1d %lx\n", ob_cr2,
            ob.error & 0x1d);
    t[0].address = (uint64_t)entry_ud;
    CHECK_RC(hc_set_trap_table(t), 0, "restore #UD");
    guest_install_traps();
}

/* --- (6) single step and MOV SS ----------------------------------- */

static volatile unsigned int dbs, bps;
static volatile uint64_t db_dr6, log_vec[6], log_rip[6];
static volatile unsigned int nlog;
static volatile uint16_t ss_slot __attribute__((aligned(8)));

static long set_dr(unsigned int reg, uint64_t val)
{
    return HC(__HYPERVISOR_set_debugreg, reg, val, 0, 0, 0);
}

static void log_trap(struct guest_frame *f)
{
    if (nlog < 6) {
        log_vec[nlog] = f->vector;
        log_rip[nlog] = f->rip;
    }
    nlog++;
    if (f->vector == 1) {
        dbs++;
        db_dr6 = (uint64_t)HC(__HYPERVISOR_get_debugreg, 6, 0, 0, 0, 0);
        set_dr(6, 0);
        f->rflags &= ~EFLAGS_TF;
    } else {
        bps++;
    }
}

static void print_log(const char *item, uint64_t base)
{
    char buf[160];
    int n = 0;

    for (unsigned int i = 0; i < nlog && i < 6; i++)
        n += gsnprintf(buf + n, sizeof(buf) - (size_t)n, " %lu@%ld", log_vec[i],
                       (long)(log_rip[i] - base));
    buf[n] = 0;
    gprintf("xsa: %s: %u traps:%s\n", item, nlog, buf);
}

static void test_single_step(void)
{
    uint64_t base, rax;

    guest_set_trap_handler(1, log_trap);
    guest_set_trap_handler(3, log_trap);

    /* TF set by popf right before a hypercall's syscall. */
    nlog = dbs = 0;
    __asm__ volatile("lea 1f(%%rip), %1\n\t"
                     "xor %%edi, %%edi\n\t"
                     "mov $17, %%eax\n\t"
                     "pushfq\n\t"
                     "orq $0x100, (%%rsp)\n\t"
                     "popfq\n\t"
                     "syscall\n"
                     "1: nop\n\t"
                     "nop\n\t"
                     "nop\n"
                     : "=a"(rax), "=&r"(base)
                     :
                     : "rdi", "rcx", "r11", "memory", "cc");
    gprintf("xsa: TF across a hypercall: rax %lx, %u #DB, BS %lu\n", rax, dbs,
            (db_dr6 >> 14) & 1);

    /* User syscall with TF: the callback is entered with TF clear and
     * the user's TF in the frame. */
    {
        static struct ictx c;
        uint64_t r;

        c.rip = (uint64_t)user_syscall_tf;
        c.cs = FLAT_USER_CS;
        c.rflags = 0x202;
        c.rsp = SCRATCH_TOP - 64;
        c.ss = FLAT_USER_SS;
        c.flags = 0;
        nlog = dbs = 0;
        gmemset((void *)&ob, 0, sizeof(ob));
        r = probe(iret_probe, (uint64_t)&c);
        report("user syscall with TF", r);
        gprintf("xsa: user syscall with TF: frame TF %lu, %u #DB first\n",
                (ob.rflags >> 8) & 1, dbs);
    }
}

static void test_mov_ss(void)
{
    uint64_t base, rax;
    uint16_t ss;

    __asm__ volatile("mov %%ss, %0" : "=r"(ss));
    ss_slot = ss;
    guest_set_trap_handler(1, log_trap);
    guest_set_trap_handler(3, log_trap);
    /* DR0: read/write watchpoint on ss_slot, 2 bytes. */
    CHECK_RC(set_dr(0, (uint64_t)&ss_slot), 0, "DR0");
    CHECK_RC(set_dr(7, 0x400 | 1 | (3UL << 16) | (1UL << 18)), 0, "DR7");

    nlog = dbs = bps = 0;
    __asm__ volatile("lea 1f(%%rip), %0\n\t"
                     "mov ss_slot(%%rip), %%ss\n"
                     "1: int3\n\t"
                     "nop\n"
                     : "=&r"(base)
                     :
                     : "memory");
    print_log("mov ss then int3 (watchpoint on the ss load)", base);

    nlog = dbs = bps = 0;
    __asm__ volatile("lea 1f(%%rip), %1\n\t"
                     "xor %%edi, %%edi\n\t"
                     "mov $17, %%eax\n\t"
                     "mov ss_slot(%%rip), %%ss\n"
                     "1: syscall\n\t"
                     "nop\n"
                     : "=a"(rax), "=&r"(base)
                     :
                     : "rdi", "rcx", "r11", "memory");
    print_log("mov ss then syscall (watchpoint on the ss load)", base);
    gprintf("xsa: mov ss then syscall: rax %lx\n", rax);
    CHECK_RC(set_dr(7, 0x400), 0, "clear DR7");
    CHECK_RC(set_dr(0, 0), 0, "clear DR0");
    catch_all();
}

/* --- (7) segment bases and descriptors ---------------------------- */

static uint8_t plain_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void test_segments(void)
{
    static const struct {
        const char *what;
        uint64_t desc;
    } descs[] = {
        { "call gate to e033 dpl3", 0x0000ec00e0331000UL },
        { "call gate to e030 dpl0", 0x00008c00e0301000UL },
        { "call gate to e008", 0x0000ec00e0081000UL },
        { "call gate to selector 0", 0x0000ec0000001000UL },
        { "call gate to an ldt selector", 0x0000ec00000f1000UL },
        { "call gate with reserved bits", 0x0000ec01e0331000UL },
        { "interrupt gate", 0x0000ee00e0331000UL },
        { "trap gate", 0x0000ef00e0331000UL },
        { "ldt descriptor", 0x0000e20000000000UL },
        { "tss not present", 0x0000090000000067UL },
        { "type 0 present dpl0", 0x0000800000001234UL },
        { "dpl0 conforming code", 0x00af9f000000ffffUL },
        { "dpl0 data", 0x00cf93000000ffffUL },
    };
    uint64_t ma = virt_to_mfn(plain_page) << 12;
    uint16_t gs;
    long rc;

    gprintf("xsa: set_segment_base fs non-canonical: rc %ld\n",
            HC(__HYPERVISOR_set_segment_base, SEGBASE_FS, NONCANON, 0, 0, 0));
    gprintf(
        "xsa: set_segment_base gs user non-canonical: rc %ld\n",
        HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER, NONCANON, 0, 0, 0));
    gprintf("xsa: set_segment_base gs kernel non-canonical: rc %ld\n",
            HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_KERNEL, NONCANON, 0, 0,
               0));
    rc =
        HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, 0x1234, 0, 0, 0);
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    gprintf("xsa: set_segment_base gs user sel 1234: rc %ld, gs %x\n", rc, gs);
    rc = HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, HV_CS, 0, 0, 0);
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    gprintf("xsa: set_segment_base gs user sel e008: rc %ld, gs %x\n", rc, gs);
    rc = HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, FLAT_USER_DS, 0,
            0, 0);
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    gprintf("xsa: set_segment_base gs user sel e02b: rc %ld, gs %x\n", rc, gs);
    CHECK_RC(HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, 0, 0, 0, 0),
             0, "gs user sel 0");

    for (unsigned int i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
        *(volatile uint64_t *)plain_page = 0x5a5a5a5a5a5a5a5aUL;
        rc = HC(__HYPERVISOR_update_descriptor, ma, descs[i].desc, 0, 0, 0);
        gprintf("xsa: update_descriptor %s: rc %ld, stored %lx\n",
                descs[i].what, rc, *(volatile uint64_t *)plain_page);
    }
}

/* --- max_evtchn_port ---------------------------------------------- */

static void test_max_evtchn_port(void)
{
    struct xen_domctl d;
    struct evtchn_alloc_unbound au;
    char buf[120];
    int n = 0;
    domid_t dom;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_createdomain;
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_evtchn_port = 4;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.max_maptrack_frames = 1;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    CHECK_RC(guest_domctl(&d), 0, "createdomain");
    dom = d.domain;
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_max_vcpus;
    d.domain = dom;
    d.u.max_vcpus.max = 1;
    CHECK_RC(guest_domctl(&d), 0, "max_vcpus");
    for (int i = 0; i < 6; i++) {
        long rc;

        gmemset(&au, 0, sizeof(au));
        au.dom = dom;
        au.remote_dom = 0;
        rc = hc_evtchn_op(EVTCHNOP_alloc_unbound, &au);
        n += gsnprintf(buf + n, sizeof(buf) - (size_t)n, " %ld",
                       rc ? rc : (long)au.port);
    }
    gprintf("xsa: alloc_unbound in a domU with max_evtchn_port 4:%s\n", buf);
    CHECK_RC(domu_destroy(dom), 0, "destroy");
}

void test_main(void)
{
    guest_install_traps();
    catch_all();
    setup_user();
    test_iret();
    test_sysret();
    test_user_stacks();
    test_trap_table();
    test_segments();
    test_max_evtchn_port();
    test_single_step();
    catch_all();
    xsa_domu_tests();
    test_mov_ss();
    gprintf("xsa: done\n");
}
