/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hooks the event-channel code (common/event) needs from the domain
 * and vCPU code, registered once before the first domain is built.  The
 * evtchn_arch_* ones are also called directly by the send path.
 */
#include <xenith/domain.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/current.h>
#include <xenith/asm/extable.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/pv/mm.h>
#include <xenith/asm/pv/pirq.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>

extern struct domain *pv_hardware_domain;

static struct domain *hk_domain_get(domid_t domid)
{
    return get_domain_by_id(domid);
}

struct domain *evtchn_arch_current_domain(void)
{
    return current->domain;
}

struct evtchn_dom *evtchn_arch_domain_evtchn(struct domain *d)
{
    return &d->evtchn;
}

static bool hk_privileged_over(struct domain *src, struct domain *target)
{
    return src->is_privileged && src != target;
}

static bool hk_controller_paused(struct domain *target)
{
    return READ_ONCE(target->ctrl_paused);
}

static struct domain *hk_hardware_domain(void)
{
    return pv_hardware_domain;
}

static bool hk_pirq_permitted(struct domain *d, unsigned int pirq)
{
    (void)pirq;
    return d->is_privileged;
}

struct shared_info *evtchn_arch_shared_info(struct domain *d)
{
    return d->pv.shared_info;
}

struct vcpu_info *evtchn_arch_vcpu_info(struct domain *d, unsigned int vcpu)
{
    if (vcpu >= d->max_vcpus || !d->vcpu[vcpu])
        return NULL;
    return d->vcpu[vcpu]->vcpu_info;
}

void evtchn_arch_kick_vcpu(struct domain *d, unsigned int vcpu)
{
    struct vcpu *v;

    if (vcpu >= d->max_vcpus || !(v = d->vcpu[vcpu]))
        return;
    /*
     * A PV vCPU raising an event for itself (a loopback or IPI port, a
     * VIRQ from an interrupt taken while it runs here) is neither blocked
     * (only the vCPU itself blocks, and it looks for events after) nor
     * elsewhere: it sees the event on its way back to the guest, as after
     * pv_vcpu_kick(), without the scheduler lock.
     */
    if (v == current && !d->is_hvm && !READ_ONCE(v->sched.blocked))
        return;
    if (d->is_hvm)
        hvm_vcpu_kick(v); /* its upcall vector, then the kick */
    else
        pv_vcpu_kick(v);
}

/*
 * A PV caller's 4-byte EVTCHNOP_send argument in one load that stops at a
 * fault, instead of the general copy; same checks and result as
 * copy_from_guest() (an HVM caller goes through it).
 */
int evtchn_arch_read_port(evtchn_port_t *port, uint64_t va)
{
    uint32_t val = 0;
    int fault;

    if (current->domain->is_hvm)
        return copy_from_guest(port, va, sizeof(*port));
    if (!guest_range_ok(va, sizeof(*port)))
        return -EFAULT;
    user_access_begin();
    __asm__ __volatile__("   movl $1, %1\n"
                         "1: movl (%2), %0\n"
                         "   xorl %1, %1\n"
                         "2:\n" _ASM_EXTABLE(1b, 2b)
                         : "+r"(val), "=&r"(fault)
                         : "r"(va)
                         : "memory");
    user_access_end();
    if (fault)
        return -EFAULT;
    *port = val;
    return 0;
}

static bool hk_preempt_check(void)
{
    return softirq_pending(smp_processor_id());
}

/* After EVTCHNOP_bind_vcpu: an MSI PIRQ's port follows its vCPU. */
static void hk_port_vcpu_moved(struct domain *d, evtchn_port_t port,
                               unsigned int vcpu)
{
    uint32_t *map = d->evtchn.pirq_to_port;

    if (!map || vcpu >= d->max_vcpus || !d->vcpu[vcpu])
        return;
    for (unsigned int p = MSI_PIRQ_BASE; p < d->evtchn.nr_pirqs; p++) {
        if (!pv_msi_is_pirq(p))
            break;
        if (__atomic_load_n(&map[p], __ATOMIC_ACQUIRE) == port) {
            pv_msi_set_cpu(p, d->vcpu[vcpu]->processor);
            return;
        }
    }
}

/* FIFO control blocks and event array pages: writable frames of d. */
static int hk_map_guest_frame(struct domain *d, uint64_t gfn, void **va)
{
    if (pv_get_page_and_type(gfn, d->domain_id, PGT_writable_page))
        return -EINVAL;
    *va = __va(gfn << PAGE_SHIFT);
    return 0;
}

static void hk_unmap_guest_frame(void *va)
{
    pv_put_page_and_type(pv_mm_arch_page(__pa(va) >> PAGE_SHIFT));
}

static const struct evtchn_hooks pv_evtchn_hooks = {
    .domain_get = hk_domain_get,
    .domain_put = put_domain,
    .current_domain = evtchn_arch_current_domain,
    .domain_evtchn = evtchn_arch_domain_evtchn,
    .privileged_over = hk_privileged_over,
    .controller_paused = hk_controller_paused,
    .hardware_domain = hk_hardware_domain,
    .pirq_permitted = hk_pirq_permitted,
    .shared_info = evtchn_arch_shared_info,
    .vcpu_info = evtchn_arch_vcpu_info,
    .kick_vcpu = evtchn_arch_kick_vcpu,
    .copy_from_guest = copy_from_guest,
    .copy_to_guest = copy_to_guest,
    .preempt_check = hk_preempt_check,
    .pirq_check_bind = pv_pirq_check_bind,
    .pirq_bound = pv_pirq_bound,
    .port_vcpu_moved = hk_port_vcpu_moved,
    .map_guest_frame = hk_map_guest_frame,
    .unmap_guest_frame = hk_unmap_guest_frame,
};

void pv_evtchn_hooks_init(void)
{
    if (evtchn_hooks)
        return;
    if (evtchn_set_hooks(&pv_evtchn_hooks))
        panic("event channel hooks refused");
}
