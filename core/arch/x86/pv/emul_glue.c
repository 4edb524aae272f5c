/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connects the PV instruction emulator (pv/emul, xenith/asm/pv/emul.h) to the
 * running vCPU: a snapshot of its state, the operations that change it,
 * the host CPUID policy every PV domain shares, and the two fault paths:
 * #GP (privileged instructions) and #PF on a read-only mapping of one of
 * the guest's own L1 tables (writable page tables).
 *
 * I/O ports: dom0 may use every port except those the hypervisor drives
 * itself (the PIC pairs and PIT, the serial port in use, the RTC index,
 * PCI configuration); others have none.
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/wallclock.h>
#include <xenith/mm.h>
#include <xenith/pci.h>
#include <xenith/asm/pv/emul.h>
#include <xenith/time.h>
#include <xenith/asm/extable.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/io.h>
#include <xenith/asm/processor.h>

static struct pv_cpuid_policy host_policy;
static bool policy_ready;

static void add_leaf(struct pv_cpuid_leaf *raw, unsigned int *n, uint32_t leaf,
                     uint32_t sub)
{
    struct cpuid_regs r;

    cpuid_count(leaf, sub, &r);
    raw[*n] = (struct pv_cpuid_leaf){ leaf, sub, r.a, r.b, r.c, r.d };
    (*n)++;
}

/* Collect the host's CPUID and build the PV policy (boot, once). */
static const struct pv_cpuid_policy *pv_policy(void)
{
    static struct pv_cpuid_leaf raw[200];
    struct pv_cpuid_host h = { 0 };
    struct cpuid_regs r;
    unsigned int n = 0, max, i;

    if (policy_ready)
        return &host_policy;
    cpuid_count(0, 0, &r);
    max = r.a < PV_CPUID_NR_BASIC ? r.a : PV_CPUID_NR_BASIC - 1;
    for (i = 0; i <= max; i++) {
        unsigned int subs = i == 4     ? PV_CPUID_NR_CACHE
                            : i == 7   ? PV_CPUID_NR_FEAT
                            : i == 0xd ? PV_CPUID_NR_XSTATE
                                       : 1;

        for (unsigned int s = 0; s < subs && n < 190; s++)
            add_leaf(raw, &n, i, s);
    }
    cpuid_count(0x80000000, 0, &r);
    max = r.a - 0x80000000 < PV_CPUID_NR_EXTD ? r.a - 0x80000000
                                              : PV_CPUID_NR_EXTD - 1;
    for (i = 0; i <= max && n < 200; i++)
        add_leaf(raw, &n, 0x80000000 + i, 0);
    /*
     * Features whose state the hypervisor does not enable in XCR0 (it
     * could not switch it) are not offered: AVX (leaf 1 ECX bit 28) and
     * AVX512F (leaf 7 EBX bit 16), and with them what depends on them.
     */
    for (i = 0; i < n; i++) {
        if (raw[i].leaf == 1 && !(boot_cpu.xcr0 & (1ULL << 2)))
            raw[i].c &= ~(1u << 28);
        if (raw[i].leaf == 7 && raw[i].subleaf == 0 &&
            (boot_cpu.xcr0 & 0xe0) != 0xe0)
            raw[i].b &= ~(1u << 16);
    }
    h.raw = raw;
    h.nr_raw = n;
    h.tsc_khz = h.cpu_khz = (uint32_t)cpu_khz;
    h.maddr_bits = 36;
    if (pv_cpuid_policy_init(&host_policy, &h) == 0)
        policy_ready = true;
    return policy_ready ? &host_policy : NULL;
}

const struct pv_cpuid_policy *pv_default_policy(void)
{
    return pv_policy();
}

/* ---- operations on the current vCPU ---- */

static unsigned int op_read(void *ctx, uint64_t la, void *buf, unsigned int len)
{
    (void)ctx;
    if (!guest_range_ok(la, len))
        return len;
    return (unsigned int)raw_copy_from_guest(buf, la, len);
}

static unsigned int op_write(void *ctx, uint64_t la, const void *buf,
                             unsigned int len)
{
    (void)ctx;
    if (!guest_range_ok(la, len))
        return len;
    return (unsigned int)raw_copy_to_guest(la, buf, len);
}

static int op_rdmsr(void *ctx, uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;
    int rc = 0;

    (void)ctx;
    __asm__ volatile(
        "1: rdmsr\n2:\n"
        ".pushsection .text.fixup, \"ax\"\n"
        "3: mov $-14, %2\n   jmp 2b\n.popsection\n" _ASM_EXTABLE(1b, 3b)
        : "=a"(lo), "=d"(hi), "+r"(rc)
        : "c"(msr));
    *val = ((uint64_t)hi << 32) | lo;
    return rc;
}

static int op_wrmsr(void *ctx, uint32_t msr, uint64_t val)
{
    int rc = 0;

    (void)ctx;
    __asm__ volatile(
        "1: wrmsr\n2:\n"
        ".pushsection .text.fixup, \"ax\"\n"
        "3: mov $-14, %0\n   jmp 2b\n.popsection\n" _ASM_EXTABLE(1b, 3b)
        : "+r"(rc)
        : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
    return rc;
}

static uint64_t op_rdtsc(void *ctx)
{
    (void)ctx;
    return rdtsc();
}

static void op_set_seg_base(void *ctx, enum pv_seg_base which, uint64_t base)
{
    struct vcpu *v = current;

    (void)ctx;
    switch (which) {
    case PV_SEG_BASE_FS:
        wrmsr(MSR_FS_BASE, base);
        v->pv.fs_base = base;
        break;
    case PV_SEG_BASE_GS_KERNEL:
        wrmsr(MSR_GS_BASE, base);
        if (v->pv.kernel_mode)
            v->pv.gs_base_kernel = base;
        else
            v->pv.gs_base_user = base;
        break;
    case PV_SEG_BASE_GS_USER:
        v->pv.gs_base_user = base;
        break;
    }
}

static void op_fpu_taskswitch(void *ctx, bool set)
{
    (void)ctx;
    current->pv.fpu_ts = set;
    if (set)
        write_cr0(read_cr0() | X86_CR0_TS);
    else
        __asm__ volatile("clts");
}

static void op_set_cr2(void *ctx, uint64_t val)
{
    (void)ctx;
    if (current->vcpu_info)
        current->vcpu_info->arch.cr2 = val;
}

static int op_set_cr3(void *ctx, uint64_t mfn)
{
    struct vcpu *v = current;
    int rc = pv_new_baseptr(&v->pv.mm, mfn);

    (void)ctx;
    if (!rc && v->pv.kernel_mode)
        pv_load_cr3(v);
    return rc;
}

static void op_set_cr4(void *ctx, uint64_t cr4)
{
    (void)ctx;
    current->pv.guest_cr4 = cr4;
    pv_load_cr4(current);
}

static int op_set_xcr0(void *ctx, uint64_t xcr0)
{
    (void)ctx;
    return pv_fpu_set_xcr0(current, xcr0);
}

static void op_wbinvd(void *ctx)
{
    (void)ctx;
    __asm__ volatile("wbinvd" ::: "memory");
}

/* Ports the hypervisor keeps: PICs, PIT, RTC index/data, COM1, PCI
 * configuration mechanism 1. */
static bool port_reserved(unsigned int p)
{
    return (p >= 0x20 && p <= 0x21) || (p >= 0xa0 && p <= 0xa1) ||
           (p >= 0x40 && p <= 0x43) || (p >= 0x70 && p <= 0x71) ||
           (p >= 0x3f8 && p <= 0x3ff) || (p >= 0xcf8 && p <= 0xcff);
}

static bool op_ioports_permitted(void *ctx, unsigned int first,
                                 unsigned int last)
{
    const uint8_t *map = current->domain->pv.ioport_allowed;

    (void)ctx;
    for (unsigned int p = first; p <= last; p++) {
        if (port_reserved(p))
            return false;
        if (map ? !(map[p / 8] & (1U << (p % 8)))
                : !current->domain->is_privileged)
            return false;
    }
    return true;
}

static uint32_t op_io_in(void *ctx, unsigned int port, unsigned int bytes)
{
    (void)ctx;
    return bytes == 1   ? inb((uint16_t)port)
           : bytes == 2 ? inw((uint16_t)port)
                        : inl((uint16_t)port);
}

static void op_io_out(void *ctx, unsigned int port, unsigned int bytes,
                      uint32_t val)
{
    (void)ctx;
    if (bytes == 1)
        outb((uint8_t)val, (uint16_t)port);
    else if (bytes == 2)
        outw((uint16_t)val, (uint16_t)port);
    else
        outl(val, (uint16_t)port);
}

/*
 * The hardware domain's RTC/CMOS access, as Xen's: the index port is a
 * latch of its own; a data access writes the latched index and reads or
 * writes the data port, under the hypervisor's CMOS lock.
 */
static unsigned int rtc_io(struct domain *d, unsigned int port, bool write,
                           uint32_t *val)
{
    if (port == 0x70) {
        if (write)
            d->pv.cmos_idx = (uint8_t)*val;
        else
            *val = d->pv.cmos_idx;
    } else if (write) {
        cmos_write(d->pv.cmos_idx, (uint8_t)*val);
    } else {
        *val = cmos_read(d->pv.cmos_idx);
    }
    return 1;
}

/*
 * PCI configuration mechanism 1 for the control domain: the address latch
 * (0xcf8) is kept per domain and data accesses (0xcfc-0xcff) go through
 * the hypervisor's own configuration access (ECAM or ports, serialised
 * there), so dom0 and the hypervisor never race on the real latch.
 * Returns the bytes handled at port (0: not one of these ports); the RTC
 * ports go to rtc_io().
 */
static unsigned int op_io_virt(void *ctx, unsigned int port, unsigned int bytes,
                               bool write, uint32_t *val)
{
    struct domain *d = current->domain;
    uint32_t cf8 = d->pv.pci_cf8;

    (void)ctx;
    if (d->is_privileged && (port == 0x70 || port == 0x71))
        return rtc_io(d, port, write, val);
    if (!d->is_privileged || port < 0xcf8 || port > 0xcff)
        return 0;
    if (port == 0xcf8 && bytes == 4) {
        if (write)
            d->pv.pci_cf8 = *val;
        else
            *val = cf8;
        return 4;
    }
    if (port < 0xcfc) {
        if (!write)
            *val = ~0u;
        return 1;
    }
    /* As Xen 4.17: at most to 0xcff (what lies past it is the next
     * piece's), and a word for 3 bytes (0xcfd-0xcff: 0xcfd-0xcfe, then
     * 0xcff). */
    if (bytes > 0xd00 - port)
        bytes = 0xd00 - port;
    if (bytes == 3)
        bytes = 2;
    if (!(cf8 & 0x80000000u)) {
        if (!write)
            *val = ~0u;
        return bytes;
    }
    {
        uint32_t sbdf = (cf8 >> 8) & 0xffff;
        unsigned int reg = ((cf8 >> 16) & 0xf00) | (cf8 & 0xfc) | (port & 3);

        if (write)
            pci_conf_write(sbdf, reg, bytes, *val);
        else
            *val = pci_conf_read(sbdf, reg, bytes);
    }
    return bytes;
}

static const struct pv_emul_ops emul_ops = {
    .read_guest = op_read,
    .write_guest = op_write,
    .host_rdmsr = op_rdmsr,
    .host_wrmsr = op_wrmsr,
    .rdtsc = op_rdtsc,
    .set_seg_base = op_set_seg_base,
    .fpu_taskswitch = op_fpu_taskswitch,
    .set_cr2 = op_set_cr2,
    .set_cr3 = op_set_cr3,
    .set_cr4 = op_set_cr4,
    .set_xcr0 = op_set_xcr0,
    .wbinvd = op_wbinvd,
    .ioports_permitted = op_ioports_permitted,
    .io_in = op_io_in,
    .io_out = op_io_out,
    .io_virt = op_io_virt,
};

static void snapshot(struct vcpu *v, struct pv_emul_state *st)
{
    memset(st, 0, sizeof(*st));
    st->kernel_mode = v->pv.kernel_mode;
    st->architectural_iopl =
        v->domain->vm_assist & (1UL << VMASST_TYPE_architectural_iopl);
    st->iopl = v->pv.iopl;
    st->hardware_domain = v->domain->domain_id == 0;
    st->cache_flush_permitted = v->domain->is_privileged;
    st->gp_handler_set = v->pv.trap_ctxt[13].address != 0;
    st->vcpu_id = (uint16_t)v->vcpu_id;
    st->fs_base = rdmsr(MSR_FS_BASE);
    st->gs_base = rdmsr(MSR_GS_BASE);
    st->gs_base_user = v->pv.gs_base_user;
    st->host_cr0 = read_cr0();
    st->cr0_ts = v->pv.fpu_ts;
    st->cr2 = v->vcpu_info ? v->vcpu_info->arch.cr2 : 0;
    st->cr3_mfn = v->pv.mm.guest_table;
    st->host_cr4 = read_cr4();
    st->cr4 = v->pv.guest_cr4 ? v->pv.guest_cr4
                              : pv_emul_fixup_cr4(pv_policy(), st->host_cr4, 0);
    st->xcr0 = pv_fpu_xcr0(v);
    st->host_efer = rdmsr(MSR_EFER);
    st->pat = rdmsr(MSR_PAT);
    st->iobmp = v->pv.iobmp;
    st->iobmp_limit = v->pv.iobmp_ports;
    st->cpuid = v->domain->pv.cpuid ? v->domain->pv.cpuid : pv_policy();
}

static void deliver(struct vcpu *v, const struct pv_emul_event *ev)
{
    if (ev->vector == 14 && v->vcpu_info)
        v->vcpu_info->arch.cr2 = ev->cr2;
    pv_inject_trap(v, ev->vector,
                   ev->has_error_code ? (int64_t)ev->error_code : -1);
}

typedef int (*emulator_fn)(struct cpu_user_regs *regs,
                           const struct pv_emul_state *st,
                           const struct pv_emul_ops *ops, void *ctx,
                           struct pv_emul_event *ev);

/* Run one emulator on the current vCPU; false: not its instruction. */
static bool emulate(struct cpu_user_regs *regs, emulator_fn fn)
{
    struct vcpu *v = current;
    struct pv_emul_state st;
    struct pv_emul_event ev = { 0 };
    int rc;

    if (!pv_policy())
        return false;
    snapshot(v, &st);
    rc = fn(regs, &st, &emul_ops, NULL, &ev);
    if (rc == PV_EMUL_UNHANDLED)
        return false;
    if (rc == PV_EMUL_EXCEPTION || ev.pending)
        deliver(v, &ev);
    return true;
}

bool pv_emulate_priv_op(struct cpu_user_regs *regs)
{
    return emulate(regs, pv_emul_priv_op);
}

bool pv_emulate_invalid_op(struct cpu_user_regs *regs)
{
    return emulate(regs, pv_emul_invalid_op);
}

/* ---- writable page tables ---- */

static int ptwr_update(void *ctx, uint64_t l1_mfn, unsigned int offset,
                       uint64_t *old, uint64_t new, bool cmpxchg)
{
    struct vcpu *v = ctx;
    uint64_t cur =
        ((volatile uint64_t *)__va(l1_mfn << PAGE_SHIFT))[offset / 8];

    int rc;

    if (cmpxchg && cur != *old) {
        *old = cur;
        return PV_PTWR_CHANGED;
    }
    if ((rc = pv_filter_l1_entry(&new)))
        return rc;
    return pv_mmu_normal_update(l1_mfn, offset, new, v->domain->domain_id,
                                v->domain->domain_id, false);
}

static const struct pv_ptwr_ops ptwr_ops = {
    .read_guest = op_read,
    .update_pte = ptwr_update,
};

/*
 * A kernel-mode write fault on a present page: if the page is mapped
 * read-only and is one of the domain's L1 tables, emulate the store.
 * Returns true when handled (emulated or turned into another fault).
 */
bool pv_emulate_ptwr(struct cpu_user_regs *regs, uint64_t cr2)
{
    struct vcpu *v = current;
    struct pv_emul_event ev = { 0 };
    unsigned long l1 = pv_guest_l1_frame(&v->pv.mm, cr2), target;
    struct page_info *pg;
    uint64_t pte;
    int rc;

    if (!l1 || !v->pv.kernel_mode || (regs->error_code & 3) != 3)
        return false;
    pte = ((volatile uint64_t *)__va(l1 << PAGE_SHIFT))[(cr2 >> 12) & 511];
    if (!(pte & PTE_PRESENT) || (pte & PTE_RW))
        return false;
    target = PTE_MFN(pte);
    pg = pv_mm_arch_page(target);
    if (!pg || pg->owner != v->domain->domain_id ||
        (pg->u.type_info & PGT_type_mask) != PGT_l1_page_table)
        return false;
    rc = pv_emul_ptwr(regs, rdmsr(MSR_FS_BASE), rdmsr(MSR_GS_BASE), cr2, target,
                      &ptwr_ops, v, &ev);
    if (rc == PV_EMUL_UNHANDLED)
        return false;
    if (rc == PV_EMUL_EXCEPTION || ev.pending)
        deliver(v, &ev);
    return true;
}
