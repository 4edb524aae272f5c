/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical IRQs of the hardware domain: GSIs mapped to PIRQs
 * (PHYSDEVOP_map_pirq; a GSI's PIRQ is its own number), routed through
 * the IO-APIC to a vector whose handler raises the bound event channel.
 * A level-triggered GSI stays masked from its interrupt until dom0's
 * PHYSDEVOP_eoi.  GSIs the hypervisor drives (the serial port's) can be
 * mapped but not bound (-EBUSY).  MSI PIRQs (numbered from
 * MSI_PIRQ_BASE) are handled in msi.c.
 *
 * Vectors: GSI g uses PIRQ_VECTOR_BASE + g, delivered to CPU 0.
 * Locking: pirq_lock (irq-safe) protects the table; the interrupt
 * handler only reads it.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/lib.h>
#include <xenith/asm/pv/pirq.h>
#include <xenith/smp.h>
#include <xenith/spinlock.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>

#define PIRQ_VECTOR_BASE 0x40
#define PIRQ_MAX_GSI     MSI_PIRQ_BASE
#define SERIAL_ISA_IRQ   4

struct gsi_state {
    bool mapped;     /* map_pirq done (pirq == gsi) */
    bool bound;      /* routed: an event channel waits for it */
    bool configured; /* setup_gsi gave trigger and polarity */
    bool level, active_low;
    bool eoi_pending; /* level interrupt masked until PHYSDEVOP_eoi */
};

static struct gsi_state gsis[PIRQ_MAX_GSI];
static struct domain *pirq_owner;
static DEFINE_SPINLOCK(pirq_lock);

static unsigned int nr_gsis(void)
{
    unsigned int n = io_apic_nr_gsis();

    return n < PIRQ_MAX_GSI ? n : PIRQ_MAX_GSI;
}

bool pv_pirq_is_hypervisor_gsi(unsigned int gsi)
{
    return gsi == io_apic_isa_gsi(SERIAL_ISA_IRQ);
}

/* ISA IRQs are edge/high unless set up otherwise; PCI GSIs level/low. */
static void default_trigger(unsigned int gsi, struct gsi_state *g)
{
    if (g->configured)
        return;
    g->level = gsi >= 16;
    g->active_low = gsi >= 16;
}

static void pirq_interrupt(struct cpu_user_regs *regs)
{
    unsigned int gsi = (regs->entry_vector & 0xff) - PIRQ_VECTOR_BASE;

    if (gsi < PIRQ_MAX_GSI && gsis[gsi].bound && pirq_owner) {
        if (gsis[gsi].level) {
            io_apic_mask_gsi(gsi, true);
            gsis[gsi].eoi_pending = true;
        }
        evtchn_send_pirq(&pirq_owner->evtchn, gsi);
    }
    apic_eoi();
}

int pv_pirq_setup_gsi(unsigned int gsi, bool level, bool active_low)
{
    unsigned long f;

    if (gsi >= nr_gsis())
        return -EINVAL;
    if (pv_pirq_is_hypervisor_gsi(gsi))
        return -EEXIST;
    f = spin_lock_irqsave(&pirq_lock);
    gsis[gsi].configured = true;
    gsis[gsi].level = level;
    gsis[gsi].active_low = active_low;
    spin_unlock_irqrestore(&pirq_lock, f);
    return 0;
}

/* map_pirq of a GSI: the PIRQ is the GSI (requested one must match). */
int pv_pirq_map_gsi(struct domain *d, int gsi, int *pirq)
{
    unsigned long f;

    if (gsi < 0 || (unsigned int)gsi >= nr_gsis() ||
        (*pirq >= 0 && *pirq != gsi) || (unsigned int)gsi >= d->evtchn.nr_pirqs)
        return -EINVAL;
    f = spin_lock_irqsave(&pirq_lock);
    pirq_owner = d;
    gsis[gsi].mapped = true;
    spin_unlock_irqrestore(&pirq_lock, f);
    *pirq = gsi;
    return 0;
}

int pv_pirq_unmap(struct domain *d, int pirq)
{
    unsigned long f;
    int rc = 0;

    if (pirq >= 0 && pv_msi_is_pirq((unsigned int)pirq))
        return pv_msi_unmap(d, (unsigned int)pirq);
    if (pirq < 0 || pirq >= PIRQ_MAX_GSI)
        return -EINVAL;
    f = spin_lock_irqsave(&pirq_lock);
    if (!gsis[pirq].mapped) {
        rc = -EINVAL;
    } else {
        if (gsis[pirq].bound)
            io_apic_mask_gsi((uint32_t)pirq, true);
        memset(&gsis[pirq], 0, sizeof(gsis[pirq]));
    }
    spin_unlock_irqrestore(&pirq_lock, f);
    return rc;
}

/* Before EVTCHNOP_bind_pirq: -EINVAL unmapped, -EBUSY hypervisor's. */
int pv_pirq_check_bind(struct domain *d, unsigned int pirq)
{
    if (pirq >= d->evtchn.nr_pirqs)
        return -EINVAL;
    if (pv_msi_is_pirq(pirq))
        return pv_msi_mapped(pirq) ? 0 : -EINVAL;
    if (pirq < PIRQ_MAX_GSI && pv_pirq_is_hypervisor_gsi(pirq))
        return -EBUSY;
    if (pirq >= PIRQ_MAX_GSI || !gsis[pirq].mapped)
        return -EINVAL;
    return 0;
}

/* After a successful bind: route the GSI to its vector. */
void pv_pirq_bound(struct domain *d, unsigned int pirq)
{
    struct gsi_state *g;
    unsigned long f;

    (void)d;
    if (pv_msi_is_pirq(pirq)) {
        pv_msi_bound(pirq);
        return;
    }
    g = &gsis[pirq];
    f = spin_lock_irqsave(&pirq_lock);
    default_trigger(pirq, g);
    g->bound = true;
    set_irq_handler((uint8_t)(PIRQ_VECTOR_BASE + pirq), pirq_interrupt);
    io_apic_route_gsi(pirq, (uint8_t)(PIRQ_VECTOR_BASE + pirq),
                      x86_cpu_to_apicid[0], g->level, g->active_low);
    spin_unlock_irqrestore(&pirq_lock, f);
}

/* PHYSDEVOP_eoi: unmask a level interrupt the guest has handled. */
int pv_pirq_eoi(struct domain *d, unsigned int pirq)
{
    unsigned long f;

    if (pirq >= d->evtchn.nr_pirqs)
        return -EINVAL;
    if (pirq >= PIRQ_MAX_GSI)
        return 0;
    f = spin_lock_irqsave(&pirq_lock);
    if (gsis[pirq].eoi_pending) {
        gsis[pirq].eoi_pending = false;
        io_apic_mask_gsi(pirq, false);
    }
    spin_unlock_irqrestore(&pirq_lock, f);
    return 0;
}

/* XENIRQSTAT_* of a PIRQ (-EINVAL out of range). */
int pv_pirq_status(struct domain *d, unsigned int pirq, uint32_t *flags)
{
    if (pirq >= d->evtchn.nr_pirqs)
        return -EINVAL;
    *flags = 0;
    if (pirq < PIRQ_MAX_GSI && gsis[pirq].mapped) {
        default_trigger(pirq, &gsis[pirq]);
        if (gsis[pirq].level)
            *flags |= 1; /* XENIRQSTAT_needs_eoi */
        *flags |= 2;     /* XENIRQSTAT_shared */
    }
    return 0;
}

/* A free MSI PIRQ number, above every GSI (not reserved). */
int pv_pirq_free_msi(struct domain *d, uint32_t *pirq)
{
    return pv_msi_free_pirq(d, pirq);
}
