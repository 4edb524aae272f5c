/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug key '0': where each of dom0's vCPUs is in the guest.  A vCPU on
 * another pCPU is asked there (its live registers sit in that pCPU's frame
 * and only there is its address space loaded, for a look at its stack).
 */
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/smp.h>
#include <xenith/event.h>
#include <xenith/mm.h>
#include <xenith/asm/current.h>

/* Read a guest word through v's kernel page tables (not loaded here). */
static bool peek_guest(const struct vcpu *v, uint64_t va, uint64_t *out)
{
    uint64_t mfn = v->pv.mm.guest_table, e;

    if (!mfn)
        return false;
    for (int level = 3; level >= 0; level--) {
        e = ((const uint64_t *)__va(mfn << 12))[(va >> (12 + 9 * level)) & 511];
        if (!(e & 1))
            return false;
        if (level && (e & 0x80)) { /* superpage */
            uint64_t size = 1ULL << (12 + 9 * level);
            uint64_t pa =
                (e & 0x000fffffffffe000ULL & ~(size - 1)) + (va & (size - 1));
            *out = *(const uint64_t *)__va(pa & ~7ULL);
            return true;
        }
        mfn = (e & 0x000ffffffffff000ULL) >> 12;
    }
    *out = ((const uint64_t *)__va(mfn << 12))[(va & 0xfff) >> 3];
    return true;
}

static void dump_regs(const struct vcpu *v, const struct cpu_user_regs *r,
                      bool live)
{
    const struct vcpu_info *vi = v->vcpu_info;
    uint64_t stack[8];

    printk("d%uv%u: %s, %s, %04x:%016llx rsp %016llx rflags %08llx\n",
           v->domain->domain_id, v->vcpu_id,
           live               ? "running"
           : v->sched.blocked ? "blocked"
                              : "not running",
           v->pv.kernel_mode ? "kernel" : "user", r->cs,
           (unsigned long long)r->rip, (unsigned long long)r->rsp,
           (unsigned long long)r->rflags);
    printk("  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
           (unsigned long long)r->rax, (unsigned long long)r->rbx,
           (unsigned long long)r->rcx, (unsigned long long)r->rdx);
    printk("  rsi %016llx rdi %016llx rbp %016llx\n",
           (unsigned long long)r->rsi, (unsigned long long)r->rdi,
           (unsigned long long)r->rbp);
    if (vi)
        printk("  upcall pending %u mask %u sel %016llx\n",
               vi->evtchn_upcall_pending, vi->evtchn_upcall_mask,
               (unsigned long long)vi->evtchn_pending_sel);
    {
        struct evtchn_dom *ed = &v->domain->evtchn;
        int32_t pp =
            __atomic_load_n(&ed->vcpu[v->vcpu_id].poll_port, __ATOMIC_SEQ_CST);

        if (pp)
            printk("  polling port %d (pending %d), %u vCPUs polling\n", pp,
                   pp > 0 ? evtchn_poll_port(ed, pp) : -1, ed->nr_polling);
    }
    if (!live) {
        for (unsigned int i = 0; i < 24; i++) {
            uint64_t w;

            if (!peek_guest(v, r->rsp + 8 * i, &w))
                break;
            printk("  [rsp+%02x] %016llx\n", 8 * i, (unsigned long long)w);
        }
    } else if (!copy_from_guest(stack, r->rsp, sizeof(stack)))
        printk("  stack %016llx %016llx %016llx %016llx\n"
               "        %016llx %016llx %016llx %016llx\n",
               (unsigned long long)stack[0], (unsigned long long)stack[1],
               (unsigned long long)stack[2], (unsigned long long)stack[3],
               (unsigned long long)stack[4], (unsigned long long)stack[5],
               (unsigned long long)stack[6], (unsigned long long)stack[7]);
}

static void dump_here(void *arg)
{
    struct vcpu *v = arg;

    if (current == v)
        dump_regs(v, &get_cpu_info()->guest_cpu_user_regs, true);
    else
        printk("d%uv%u: left pCPU %u\n", v->domain->domain_id, v->vcpu_id,
               smp_processor_id());
}

void arch_dump_vcpu(struct vcpu *v)
{
    cpumask_t one = { { 0 } };

    if (v->is_running && v->processor != smp_processor_id()) {
        cpumask_set_cpu(v->processor, &one);
        on_selected_cpus(&one, dump_here, v);
    } else if (v->is_running)
        dump_here(v);
    else
        dump_regs(v, &v->pv.regs, false);
}
