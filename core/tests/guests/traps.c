/*
 * traps: exception bounces, the iret hypercall and user mode.
 *
 * #DE, #UD, #GP, int3 and #PF (read and write, not-present and
 * protection) raised in kernel mode reach the set_trap_table handler with
 * the right vector, error code, RIP, CS and CR2 (vcpu_info.arch.cr2); the
 * handler returns through the iret hypercall.  fpu_taskswitch and clts
 * drive #NM; set_gdt and update_descriptor manage a guest GDT.  Then a user
 * address space (new_user_baseptr) is entered with iret: a user `syscall`
 * reaches the syscall callback on the stack_switch stack and returns to user
 * mode, `int $0x80` reaches a DPL-3 gate, and a user #PF carries the U bit.
 * Last, the failsafe callback: %fs holds an LDT selector whose LDT is then
 * removed, and a context switch (against a spinning domU built through
 * domctl, both pinned to one CPU) makes the hypervisor's segment reload
 * fail, which must bounce to the failsafe callback with the selectors.
 */
#include "guest.h"
#include "public/domctl.h"

const char guest_name[] = "traps";

/* Where the last trap happened and where to resume. */
static volatile uint64_t last_vec, last_err, last_rip, last_cs, last_rflags;
static volatile uint64_t last_cr2, resume_at, trap_count;

static void record(struct guest_frame *f)
{
    last_vec = f->vector;
    last_err = f->error;
    last_rip = f->rip;
    last_cs = f->cs;
    last_rflags = f->rflags;
    last_cr2 = shared->vcpu_info[0].arch.cr2;
    trap_count++;
    if (f->vector != 3)
        f->rip = resume_at; /* faults: skip the faulting instruction */
}

/*
 * Run one faulting instruction between labels; `fault` receives the
 * instruction's address and resume_at the address after it.
 */
#define FAULT_AT(insn, ...)                             \
    ({                                                  \
        uint64_t at_;                                   \
        __asm__ volatile("lea 2f(%%rip), %0\n\t"        \
                         "mov %0, resume_at(%%rip)\n\t" \
                         "lea 1f(%%rip), %0\n\t"        \
                         "1: " insn "\n\t"              \
                         "2:"                           \
                         : "=&r"(at_)                   \
                         : __VA_ARGS__                  \
                         : "memory");                   \
        at_;                                            \
    })

static void expect_trap(uint64_t at, uint64_t vec, uint64_t err, uint64_t count,
                        const char *what)
{
    CHECK(trap_count == count, "%s: %lu traps, expected %lu", what, trap_count,
          count);
    CHECK(last_vec == vec, "%s: vector %lu, expected %lu", what, last_vec, vec);
    CHECK(last_err == err, "%s: error code %lx, expected %lx", what, last_err,
          err);
    CHECK(last_rip == at, "%s: rip %lx, expected %lx", what, last_rip, at);
    CHECK((last_cs & 0xffff) == (FLAT_KERNEL_CS & ~3U),
          "%s: cs %lx, expected kernel cs with RPL 0", what, last_cs);
    CHECK(last_rflags & 0x2, "%s: rflags %lx", what, last_rflags);
    /* Bits 32-39 of the saved CS carry the upcall mask at the trap. */
    CHECK(((last_cs >> 32) & 0xff) == shared->vcpu_info[0].evtchn_upcall_mask,
          "%s: cs %lx lacks the saved upcall mask %u", what, last_cs,
          shared->vcpu_info[0].evtchn_upcall_mask);
}

static void test_kernel_traps(void)
{
    uint64_t at, zero = 0;
    static uint8_t ro_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
    const uint64_t hole = 0x20000000000UL; /* L4 slot 4: unmapped */

    for (unsigned int v = 0; v < 20; v++)
        guest_set_trap_handler(v, record);

    __asm__ volatile("lea 2f(%%rip), %0\n\t"
                     "mov %0, resume_at(%%rip)\n\t"
                     "lea 1f(%%rip), %0\n\t"
                     "xor %%edx, %%edx\n\t"
                     "mov $1, %%eax\n\t"
                     "1: divq %1\n\t"
                     "2:"
                     : "=&r"(at)
                     : "r"(zero)
                     : "rax", "rdx", "memory");
    expect_trap(at, 0, 0, 1, "#DE");
    at = FAULT_AT("ud2", "i"(0));
    expect_trap(at, 6, 0, 2, "#UD");
    at = FAULT_AT("mov (%1), %%rax", "r"(0x8000000000000000UL));
    expect_trap(at, 13, 0, 3, "#GP non-canonical");
    at = FAULT_AT("int3", "i"(0));
    /* int3 is a trap: the frame points after the instruction. */
    expect_trap(resume_at, 3, 0, 4, "int3");
    (void)at;
    at = FAULT_AT("mov (%1), %%rax", "r"(hole + 0x123));
    expect_trap(at, 14, 0, 5, "#PF read not-present");
    CHECK(last_cr2 == hole + 0x123, "#PF cr2 %lx", last_cr2);
    at = FAULT_AT("movq $1, (%1)", "r"(hole + 0x456));
    expect_trap(at, 14, 2, 6, "#PF write not-present");
    CHECK(last_cr2 == hole + 0x456, "#PF write cr2 %lx", last_cr2);
    set_page_ro(ro_page);
    at = FAULT_AT("movq $1, (%1)", "r"(ro_page + 8));
    expect_trap(at, 14, 3, 7, "#PF write protection");
    CHECK(last_cr2 == (uint64_t)(ro_page + 8), "#PF prot cr2 %lx", last_cr2);
    set_page_rw(ro_page);
    guest_ok("#DE #UD #GP int3 #PF bounced with vector, error, rip, cs, cr2; "
             "cs seen as %lx",
             last_cs);
}

static volatile uint64_t nm_count;

static void on_nm(struct guest_frame *f)
{
    nm_count++;
    (void)f; /* return to the FPU instruction: Xen cleared the virtual TS */
}

/*
 * fpu_taskswitch(1) sets the virtual CR0.TS: the next FPU instruction
 * raises #NM, delivered once; clts (an emulated privileged instruction)
 * clears TS as fpu_taskswitch(0) does.
 */
static void test_fpu_taskswitch(void)
{
    guest_set_trap_handler(7, on_nm);
    CHECK_RC(HC(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0,
             "fpu_taskswitch(1)");
    __asm__ volatile("fnop; fnop" ::: "memory");
    CHECK(nm_count == 1, "%lu #NM for two FPU instructions after TS set",
          nm_count);
    CHECK_RC(HC(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0,
             "fpu_taskswitch(1) again");
    __asm__ volatile("clts" ::: "memory");
    __asm__ volatile("fnop" ::: "memory");
    CHECK(nm_count == 1, "#NM after clts");
    CHECK_RC(HC(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0,
             "fpu_taskswitch(1) once more");
    CHECK_RC(HC(__HYPERVISOR_fpu_taskswitch, 0, 0, 0, 0, 0), 0,
             "fpu_taskswitch(0)");
    __asm__ volatile("fnop" ::: "memory");
    CHECK(nm_count == 1, "#NM after fpu_taskswitch(0)");
    guest_ok("fpu_taskswitch: one #NM, then clear; clts emulated");
}

static uint8_t gdt_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t plain_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long update_desc(void *entry, uint64_t desc)
{
    uint64_t ma = (virt_to_mfn(entry) << 12) | ((uint64_t)entry & 0xfff);

    return HC(__HYPERVISOR_update_descriptor, ma, desc, 0, 0, 0);
}

/*
 * A guest GDT (set_gdt) holding a DPL-3 data segment that %ds can load,
 * update_descriptor on it, and the descriptors and frames Xen refuses.
 */
static void test_gdt(void)
{
    uint64_t *gdt = (uint64_t *)gdt_page;
    xen_pfn_t frame = virt_to_mfn(gdt_page);
    uint16_t ds = 0x13, got;

    gmemset(gdt_page, 0, PAGE_SIZE);
    gdt[2] = 0x00cff3000000ffffUL; /* flat data, DPL 3 */
    guest_expect(HC(__HYPERVISOR_set_gdt, &frame, 16, 0, 0, 0), -XEN_EINVAL,
                 "set_gdt on a writable page");
    set_page_ro(gdt_page);
    guest_expect(HC(__HYPERVISOR_set_gdt, &frame, 65536, 0, 0, 0), -XEN_EINVAL,
                 "set_gdt with too many entries");
    CHECK_RC(HC(__HYPERVISOR_set_gdt, &frame, 16, 0, 0, 0), 0, "set_gdt");
    __asm__ volatile("mov %1, %%ds; mov %%ds, %0" : "=r"(got) : "r"(ds));
    CHECK(got == ds, "%%ds reads %x after loading %x", got, ds);
    CHECK_RC(update_desc(&gdt[3], 0x00cff2000000ffffUL), 0,
             "update_descriptor: data segment");
    CHECK(gdt[3] == 0x00cff2000000ffffUL, "descriptor reads %lx", gdt[3]);
    guest_expect(update_desc(&gdt[4], 0x00008b0000000067UL), -XEN_EINVAL,
                 "update_descriptor: a TSS descriptor");
    guest_expect(update_desc(&gdt[4], 0x00af9b000000ffffUL), 0,
                 "update_descriptor: a DPL-0 code segment");
    /* Xen raises the DPL to 3 (the guest kernel's ring) instead. */
    guest_expect((long)gdt[4], 0x00affb000000ffffL,
                 "DPL-0 code descriptor stored with DPL 3");
    /* On an ordinary writable page it is a checked plain store. */
    guest_expect(update_desc(plain_page, 0x00cff2000000ffffUL), 0,
                 "update_descriptor on an ordinary page");
    guest_expect(*(uint64_t *)plain_page == 0x00cff2000000ffffUL, 1,
                 "that store landed");
    guest_expect(update_desc(&gdt[3], 0), 0,
                 "update_descriptor: clear an entry");
    guest_expect(HC(__HYPERVISOR_update_descriptor, 0x1003, 0, 0, 0, 0),
                 -XEN_EINVAL, "update_descriptor: misaligned address");
    __asm__ volatile("mov %0, %%ds" ::"r"(0));
    guest_ok("set_gdt, %%ds from the guest GDT, update_descriptor");
}

/* ---- user mode ---- */

static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t kernel_stack[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t user_l4[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile uint64_t sys_calls, sys_cs, int80_seen, user_rbx;

/* user_call(rip, rsp): run user code until a handler calls user_return. */
uint64_t user_call(uint64_t rip, uint64_t rsp);
void user_return(uint64_t val) __attribute__((noreturn));
extern char user_prog1[], user_prog2[], entry_syscall[], entry_failsafe[];

__asm__(".pushsection .text\n"
        "user_call:\n\t"
        "push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n\t"
        "mov %rsp, user_saved_rsp(%rip)\n\t"
        "pushq $0xe02b\n\t" /* ss */
        "push %rsi\n\t"     /* rsp */
        "pushq $0x202\n\t"  /* rflags: IF */
        "pushq $0xe033\n\t" /* cs: RPL 3 = user mode */
        "push %rdi\n\t"     /* rip */
        "pushq $0\n\t"      /* flags */
        "jmp hypercall_page + 23 * 32\n"
        "user_return:\n\t"
        "mov user_saved_rsp(%rip), %rsp\n\t"
        "mov %rdi, %rax\n\t"
        "pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n\t"
        "ret\n"
        /* Program 1: syscall 42, int $0x80, then syscall 99 to leave. */
        "user_prog1:\n\t"
        "mov $42, %eax\n\t"
        "syscall\n\t"
        "mov %rax, %rbx\n\t"
        "mov $7, %eax\n\t"
        "int $0x80\n\t"
        "add %rax, %rbx\n\t"
        "mov $99, %eax\n\t"
        "syscall\n\t"
        "ud2\n"
        /* Program 2: a user-mode read of an unmapped address. */
        "user_prog2:\n\t"
        "movabs 0x20000000000, %rax\n\t"
        "ud2\n"
        ".popsection\n");
uint64_t user_saved_rsp;

static void on_syscall(struct guest_frame *f)
{
    sys_calls++;
    sys_cs = f->cs;
    if (f->rax == 42) {
        f->rax = 1000;
        return; /* back to user mode through iret */
    }
    if (f->rax == 99) {
        user_rbx = f->rbx;
        user_return(f->cs);
    }
    guest_fail("unexpected user syscall %lu", f->rax);
}

static void on_int80(struct guest_frame *f)
{
    int80_seen = f->rax;
    CHECK((f->cs & 3) == 3, "int 0x80 frame cs %lx not user", f->cs);
    f->rax = 234;
}

static void on_user_pf(struct guest_frame *f)
{
    CHECK((f->cs & 3) == 3, "user #PF frame cs %lx", f->cs);
    user_return(f->error);
}

static void test_user_mode(void)
{
    const uint64_t *kl4 = (const uint64_t *)start_info->pt_base;
    uint64_t *ul4 = (uint64_t *)user_l4;
    struct callback_register cb = { .type = CALLBACKTYPE_syscall,
                                    .address = (uint64_t)entry_syscall };
    uint64_t r;

    /* The user address space: the guest part of the kernel L4. */
    for (int i = 0; i < 512; i++)
        ul4[i] = (i >= 256 && i < 272) ? 0 : kl4[i];
    set_page_ro(user_l4);
    mmuext_op_t op = { .cmd = MMUEXT_PIN_L4_TABLE };
    op.arg1.mfn = virt_to_mfn(user_l4);
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "pin user L4");
    op.cmd = MMUEXT_NEW_USER_BASEPTR;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "new_user_baseptr");
    CHECK_RC(hc_stack_switch(FLAT_KERNEL_SS,
                             (uint64_t)(kernel_stack + sizeof(kernel_stack))),
             0, "stack_switch");
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register syscall callback");
    guest_set_trap_handler(GUEST_VEC_SYSCALL, on_syscall);
    guest_set_trap_handler(0x80, on_int80);

    r = user_call((uint64_t)user_prog1,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    CHECK(sys_calls == 2, "%lu syscalls reached the callback", sys_calls);
    CHECK((r & 3) == 3, "syscall frame cs %lx not user", r);
    CHECK(int80_seen == 7, "int $0x80 saw rax %lu", int80_seen);
    CHECK(user_rbx == 1234, "user computed %lu, expected 1000 + 234", user_rbx);
    guest_ok("user mode via iret: syscall callback (cs %lx), return to user, "
             "int $0x80",
             r);

    guest_set_trap_handler(14, on_user_pf);
    r = user_call((uint64_t)user_prog2,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    CHECK(r == 4, "user #PF error code %lx, expected 4 (U, read, !P)", r);
    CHECK(shared->vcpu_info[0].arch.cr2 == 0x20000000000UL, "user cr2 %lx",
          shared->vcpu_info[0].arch.cr2);
    guest_ok("user #PF has the U bit and cr2");
}

static uint8_t ldt[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile uint64_t failsafe_hits, failsafe_rip;

static void on_failsafe(struct guest_frame *f)
{
    failsafe_hits++;
    failsafe_rip = f->rip;
}

static long pin_cpu0(domid_t dom)
{
    struct xen_domctl d;
    uint8_t hard = 1;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_setvcpuaffinity;
    d.domain = dom;
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, &hard);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
    return guest_domctl(&d);
}

static void test_failsafe(void)
{
    struct xen_domctl d;
    mmuext_op_t op = { .cmd = MMUEXT_SET_LDT };
    uint16_t sel = 0x7, now;
    domid_t dom;

    guest_set_trap_handler(GUEST_VEC_FAILSAFE, on_failsafe);
    {
        struct callback_register fs = { .type = CALLBACKTYPE_failsafe };
        fs.address = (uint64_t)entry_failsafe;
        CHECK_RC(hc_callback_op(CALLBACKOP_register, &fs), 0,
                 "register failsafe callback");
    }
    /* LDT entry 0: flat 32-bit data segment, DPL 3. */
    ((uint64_t *)ldt)[0] = 0x00cff3000000ffffUL;
    set_page_ro(ldt);
    op.arg1.linear_addr = (uint64_t)ldt;
    op.arg2.nr_ents = 1;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "set_ldt");
    __asm__ volatile("mov %0, %%fs" ::"r"(sel));
    op.arg1.linear_addr = 0;
    op.arg2.nr_ents = 0;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "clear ldt");

    CHECK_RC(domu_start_spinner(&dom), 0, "build a domU");
    CHECK_RC(pin_cpu0(0), 0, "pin dom0 to cpu 0");
    CHECK_RC(pin_cpu0(dom), 0, "pin domU to cpu 0");
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_unpausedomain;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "unpause domU");
    for (int i = 0; i < 200 && !failsafe_hits; i++)
        hc_sched_op(SCHEDOP_yield, NULL);
    CHECK_RC(domu_destroy(dom), 0, "destroy domU");
    __asm__ volatile("mov %%fs, %0" : "=r"(now));
    set_page_rw(ldt);
    CHECK(failsafe_hits >= 1, "no failsafe callback after context switches");
    CHECK(failsafe_sel[2] == sel, "failsafe frame fs %lx, expected %x",
          failsafe_sel[2], sel);
    CHECK(now == 0, "fs %x after the failed reload, expected null", now);
    guest_ok("failsafe callback: fs %lx in the frame, rip %lx, fs now null",
             failsafe_sel[2], failsafe_rip);
}

void test_main(void)
{
    guest_install_traps();
    test_kernel_traps();
    test_fpu_taskswitch();
    test_gdt();
    test_user_mode();
    test_failsafe();
}
