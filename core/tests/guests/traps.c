/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traps: exception bounces, the iret hypercall, descriptors, user mode.
 *
 * #DE, #UD, #GP, int3 and #PF (read and write, not-present and
 * protection) raised in kernel mode reach the set_trap_table handler with
 * the right vector, error code, RIP, CS and CR2 (vcpu_info.arch.cr2); the
 * handler returns through the iret hypercall.  fpu_taskswitch and clts
 * drive #NM; set_gdt and update_descriptor manage a guest GDT; debug
 * registers and callback types.  User mode
 * and the failsafe callback are in traps-user.c.
 */
#include "guest.h"

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

/*
 * Debug registers through set_debugreg/get_debugreg, and the callback
 * types a 64-bit kernel may register or not.
 */
static void test_debugreg_and_callbacks(void)
{
    static uint8_t watched[8];
    struct callback_register cb = { .address = (uint64_t)test_main };
    struct callback_unregister cu = { .type = CALLBACKTYPE_event };

    CHECK_RC(HC(__HYPERVISOR_set_debugreg, 0, watched, 0, 0, 0), 0,
             "set_debugreg 0");
    CHECK_RC(HC(__HYPERVISOR_get_debugreg, 0, 0, 0, 0, 0), (long)watched,
             "get_debugreg 0");
    guest_expect(
        HC(__HYPERVISOR_set_debugreg, 0, 0xffff800000000000UL, 0, 0, 0),
        -XEN_EPERM, "set_debugreg to a hypervisor address");
    guest_expect(HC(__HYPERVISOR_set_debugreg, 9, 0, 0, 0, 0), -XEN_ENODEV,
                 "set_debugreg 9");
    CHECK_RC(HC(__HYPERVISOR_set_debugreg, 0, 0, 0, 0, 0), 0,
             "clear debugreg 0");

    cb.type = CALLBACKTYPE_syscall32;
    guest_expect(hc_callback_op(CALLBACKOP_register, &cb), 0,
                 "register a syscall32 callback");
    cb.type = CALLBACKTYPE_sysenter;
    guest_expect(hc_callback_op(CALLBACKOP_register, &cb), 0,
                 "register a sysenter callback");
    cb.type = 99;
    guest_expect(hc_callback_op(CALLBACKOP_register, &cb), -XEN_ENOSYS,
                 "register an unknown callback type");
    guest_expect(hc_callback_op(CALLBACKOP_unregister, &cu), -XEN_EINVAL,
                 "unregister the event callback");
    guest_expect(hc_callback_op(7, &cu), -XEN_ENOSYS, "unknown callback_op");
    guest_ok("debug registers and callback registration");
}

/* In traps-user.c. */
void traps_user_mode(void);
void traps_failsafe(void);
void traps_syscall_variants(void);
/* In traps-nmi.c and traps-debug.c. */
void traps_nmi(void);
void traps_debug(void);

void test_main(void)
{
    guest_install_traps();
    test_kernel_traps();
    test_fpu_taskswitch();
    test_gdt();
    test_debugreg_and_callbacks();
    traps_user_mode();
    traps_syscall_variants();
    traps_failsafe();
    traps_nmi();
    traps_debug();
}
