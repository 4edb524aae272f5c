/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI and MSI-X PIRQs of the hardware domain (PHYSDEVOP_map_pirq with
 * MAP_PIRQ_TYPE_MSI, _MSI_SEG and _MULTI_MSI), as Xen gives them to a PV
 * dom0: the hypervisor allocates the vector, writes the message (address
 * and data) into the device's MSI capability or MSI-X table entry itself
 * and owns the mask bits; dom0 enables MSI / MSI-X in the capability's
 * control word and masks the PIRQ only through its event channel.
 *
 * An MSI PIRQ is masked (MSI-X entry vector-control bit, MSI per-vector
 * mask bit when the function has one) from map_pirq until
 * EVTCHNOP_bind_pirq and again from unmap_pirq.  Its interrupt is
 * acknowledged at the local APIC at once and raises the bound event
 * channel: MSIs are edge-triggered, so irq_status_query reports no
 * XENIRQSTAT_needs_eoi and PHYSDEVOP_eoi has nothing to do (Xen's
 * ACKTYPE_NONE; Xen defers the APIC EOI for MSIs without a mask bit, this
 * code does not).  The interrupt handler only records the PIRQ; the event
 * is raised from MSI_SOFTIRQ, outside interrupt context (waking a vCPU
 * takes scheduler locks that are not interrupt-safe).  EVTCHNOP_bind_vcpu of
 * the PIRQ's port rewrites the message for the physical CPU the vCPU last ran
 * on.
 *
 * PIRQs MSI_PIRQ_BASE.. (above every GSI PIRQ), vectors MSI_VECTOR_FIRST..
 * MSI_VECTOR_LAST, one per PIRQ, unique over all CPUs.  Physical
 * destination mode, so destination APIC IDs above 255 are refused (no
 * interrupt remapping).  msi_lock (irq-safe) protects the tables; the
 * interrupt handler reads vector_pirq[] and the owner only.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/lib.h>
#include <xenith/pci.h>
#include <xenith/asm/pv/pirq.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/page.h>

#define MSI_VECTOR_FIRST 0xa0
#define MSI_VECTOR_LAST  0xdf /* SERIAL_VECTOR is 0xe0 */
#define MSI_NR           (MSI_VECTOR_LAST - MSI_VECTOR_FIRST + 1)

#define PCI_STATUS          0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR         0x34
#define PCI_BAR0            0x10
#define CAP_ID_MSI          0x05
#define CAP_ID_MSIX         0x11

/* MSI capability control word. */
#define MSI_CTRL_64BIT    (1u << 7)
#define MSI_CTRL_MASKBIT  (1u << 8)
#define MSI_CTRL_MMC(c)   (((c) >> 1) & 7)
#define MSI_CTRL_MME_MASK (7u << 4)
/* MSI-X capability: control, table and PBA (offset | BIR). */
#define MSIX_CTRL_QSIZE 0x7ff
#define MSIX_TABLE      4
#define MSIX_ENTRY_SIZE 16
#define MSIX_VECTOR_CTL 12

#define MSI_ADDR_BASE   0xfee00000u
#define MSI_DATA_ASSERT (1u << 14)

struct msi_pirq {
    bool used;
    bool bound;
    bool msix;
    uint32_t sbdf;
    uint8_t cap;    /* capability offset */
    uint8_t nvec;   /* multi-message MSI: vectors in the block (first) */
    uint16_t entry; /* MSI-X table entry / index in the MSI block */
    uint8_t vector;
    uint32_t dest;           /* destination APIC ID */
    volatile uint32_t *slot; /* MSI-X table entry (ioremapped) */
};

static struct msi_pirq msis[MSI_NR];
static uint16_t vector_pirq[256]; /* vector -> index + 1, 0 none */
static struct domain *msi_owner;
static uint64_t msi_fired[(MSI_NR + 63) / 64]; /* raised, not yet sent */
static bool softirq_opened;
static DEFINE_SPINLOCK(msi_lock);

/* MSI-X table pages mapped so far (ioremap has no unmap: reuse them). */
#define MSIX_MAPS 64
static struct {
    paddr_t pa;
    volatile uint8_t *va;
} msix_maps[MSIX_MAPS];

static inline unsigned int msi_index(unsigned int pirq)
{
    return pirq - MSI_PIRQ_BASE;
}

bool pv_msi_is_pirq(unsigned int pirq)
{
    return pirq >= MSI_PIRQ_BASE && pirq < MSI_PIRQ_BASE + MSI_NR;
}

static struct msi_pirq *msi_of(unsigned int pirq)
{
    if (!pv_msi_is_pirq(pirq) || !msis[msi_index(pirq)].used)
        return NULL;
    return &msis[msi_index(pirq)];
}

static unsigned int find_cap(uint32_t sbdf, uint8_t id)
{
    unsigned int pos, n = 0;

    if (!(pci_conf_read(sbdf, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
        return 0;
    pos = pci_conf_read(sbdf, PCI_CAP_PTR, 1) & 0xfc;
    while (pos >= 0x40 && n++ < 48) {
        if (pci_conf_read(sbdf, pos, 1) == id)
            return pos;
        pos = pci_conf_read(sbdf, pos + 1, 1) & 0xfc;
    }
    return 0;
}

/* Physical address of memory BAR bir (0 if it is no memory BAR). */
static paddr_t bar_address(uint32_t sbdf, unsigned int bir)
{
    uint32_t lo, hi = 0;

    if (bir > 5)
        return 0;
    lo = pci_conf_read(sbdf, PCI_BAR0 + 4 * bir, 4);
    if (lo & 1)
        return 0;
    if (((lo >> 1) & 3) == 2) {
        if (bir == 5)
            return 0;
        hi = pci_conf_read(sbdf, PCI_BAR0 + 4 * (bir + 1), 4);
    }
    return ((paddr_t)hi << 32) | (lo & ~0xfu);
}

static volatile uint32_t *map_msix_entry(paddr_t pa)
{
    paddr_t page = pa & ~(paddr_t)(PAGE_SIZE - 1);
    unsigned int i;

    for (i = 0; i < MSIX_MAPS && msix_maps[i].va; i++)
        if (msix_maps[i].pa == page)
            return (volatile uint32_t *)(msix_maps[i].va + (pa - page));
    if (i == MSIX_MAPS)
        return NULL;
    msix_maps[i].va = ioremap(page, PAGE_SIZE);
    if (!msix_maps[i].va)
        return NULL;
    msix_maps[i].pa = page;
    return (volatile uint32_t *)(msix_maps[i].va + (pa - page));
}

/* Mask or unmask one PIRQ at the device (MSI without mask bits: no-op). */
static void msi_mask(struct msi_pirq *m, bool mask)
{
    uint32_t ctrl, reg, bits;

    if (m->msix) {
        bits = m->slot[MSIX_VECTOR_CTL / 4];
        m->slot[MSIX_VECTOR_CTL / 4] = mask ? bits | 1 : bits & ~1u;
        (void)m->slot[MSIX_VECTOR_CTL / 4]; /* flush the posted write */
        return;
    }
    ctrl = pci_conf_read(m->sbdf, m->cap + 2, 2);
    if (!(ctrl & MSI_CTRL_MASKBIT))
        return;
    reg = m->cap + ((ctrl & MSI_CTRL_64BIT) ? 0x10 : 0x0c);
    bits = pci_conf_read(m->sbdf, reg, 4);
    if (mask)
        bits |= 1u << m->entry;
    else
        bits &= ~(1u << m->entry);
    pci_conf_write(m->sbdf, reg, 4, bits);
}

/* Write the message of PIRQ m (first of its block for multi-MSI). */
static void msi_write_msg(struct msi_pirq *m)
{
    uint32_t addr = MSI_ADDR_BASE | (m->dest << 12);
    uint32_t data = MSI_DATA_ASSERT | m->vector;
    uint32_t ctrl, mme = 0;

    if (m->msix) {
        m->slot[0] = addr;
        m->slot[1] = 0;
        m->slot[2] = data;
        return;
    }
    if (m->entry)
        return; /* the block's first PIRQ carries the message */
    ctrl = pci_conf_read(m->sbdf, m->cap + 2, 2);
    pci_conf_write(m->sbdf, m->cap + 4, 4, addr);
    if (ctrl & MSI_CTRL_64BIT) {
        pci_conf_write(m->sbdf, m->cap + 8, 4, 0);
        pci_conf_write(m->sbdf, m->cap + 0xc, 2, data);
    } else {
        pci_conf_write(m->sbdf, m->cap + 8, 2, data);
    }
    while ((1u << mme) < m->nvec)
        mme++;
    ctrl = (ctrl & ~MSI_CTRL_MME_MASK) | (mme << 4);
    pci_conf_write(m->sbdf, m->cap + 2, 2, ctrl);
}

static void msi_interrupt(struct cpu_user_regs *regs)
{
    unsigned int slot = vector_pirq[regs->entry_vector & 0xff];

    if (slot) {
        __atomic_fetch_or(&msi_fired[(slot - 1) / 64],
                          1ull << ((slot - 1) % 64), __ATOMIC_SEQ_CST);
        raise_softirq(MSI_SOFTIRQ);
    }
    apic_eoi();
}

static void msi_softirq(void)
{
    struct domain *d = __atomic_load_n(&msi_owner, __ATOMIC_ACQUIRE);

    for (unsigned int w = 0; w < ARRAY_SIZE(msi_fired); w++) {
        uint64_t bits = __atomic_exchange_n(&msi_fired[w], 0, __ATOMIC_SEQ_CST);

        while (bits && d) {
            unsigned int i = w * 64 + (unsigned int)__builtin_ctzll(bits);

            bits &= bits - 1;
            if (msis[i].used && msis[i].bound)
                evtchn_send_pirq(&d->evtchn, MSI_PIRQ_BASE + i);
        }
    }
}

/* n free consecutive slots whose vectors are aligned to n; -1 if none. */
static int find_block(unsigned int n)
{
    for (unsigned int i = 0; i + n <= MSI_NR; i++) {
        unsigned int j;

        if ((MSI_VECTOR_FIRST + i) & (n - 1))
            continue;
        for (j = 0; j < n && !msis[i + j].used; j++)
            ;
        if (j == n)
            return (int)i;
    }
    return -1;
}

int pv_msi_free_pirq(struct domain *d, uint32_t *pirq)
{
    unsigned long f = spin_lock_irqsave(&msi_lock);
    int i = find_block(1);

    spin_unlock_irqrestore(&msi_lock, f);
    if (i < 0 || MSI_PIRQ_BASE + (unsigned int)i >= d->evtchn.nr_pirqs)
        return -ENOSPC;
    *pirq = MSI_PIRQ_BASE + (unsigned int)i;
    return 0;
}

int pv_msi_map(struct domain *d, bool msix, uint32_t sbdf, int entry_nr,
               int *pirq, int *nr_out)
{
    uint32_t ctrl, tbl;
    unsigned int cap, n = 1, dest = x86_cpu_to_apicid[0];
    volatile uint32_t *slot = NULL;
    unsigned long f;
    int first;

    if (pci_conf_read(sbdf, 0, 2) == 0xffff)
        return -ENODEV;
    if (dest > 255)
        return -EOPNOTSUPP;
    cap = find_cap(sbdf, msix ? CAP_ID_MSIX : CAP_ID_MSI);
    if (!cap)
        return -ENODEV;
    ctrl = pci_conf_read(sbdf, cap + 2, 2);
    if (msix) {
        paddr_t base;

        if (entry_nr < 0 || (uint32_t)entry_nr > (ctrl & MSIX_CTRL_QSIZE))
            return -EINVAL;
        tbl = pci_conf_read(sbdf, cap + MSIX_TABLE, 4);
        base = bar_address(sbdf, tbl & 7);
        if (!base)
            return -ENXIO;
        slot = map_msix_entry(base + (tbl & ~7u) +
                              (paddr_t)entry_nr * MSIX_ENTRY_SIZE);
        if (!slot)
            return -ENOMEM;
    } else if (nr_out) {
        n = (unsigned int)entry_nr;
        if (!n || n > 32 || (n & (n - 1)) || n > (1u << MSI_CTRL_MMC(ctrl)))
            return -EINVAL;
    }
    f = spin_lock_irqsave(&msi_lock);
    if (!softirq_opened) {
        open_softirq(MSI_SOFTIRQ, msi_softirq);
        softirq_opened = true;
    }
    if (*pirq >= 0) { /* a PIRQ of the caller's choice */
        first = *pirq - MSI_PIRQ_BASE;
        if (n != 1 || !pv_msi_is_pirq((unsigned int)*pirq) ||
            msis[first].used) {
            spin_unlock_irqrestore(&msi_lock, f);
            return -EEXIST;
        }
    } else {
        first = find_block(n);
    }
    if (first < 0 || MSI_PIRQ_BASE + first + n > d->evtchn.nr_pirqs) {
        spin_unlock_irqrestore(&msi_lock, f);
        return -ENOSPC;
    }
    for (unsigned int i = 0; i < n; i++) {
        struct msi_pirq *m = &msis[first + i];
        uint8_t vec = (uint8_t)(MSI_VECTOR_FIRST + first + i);

        *m = (struct msi_pirq){
            .used = true,
            .msix = msix,
            .sbdf = sbdf,
            .cap = (uint8_t)cap,
            .nvec = (uint8_t)(i ? 0 : n),
            .entry = (uint16_t)(msix ? (unsigned int)entry_nr : i),
            .vector = vec,
            .dest = dest,
            .slot = slot
        };
        vector_pirq[vec] = (uint16_t)(first + i + 1);
        set_irq_handler(vec, msi_interrupt);
        msi_mask(m, true);
        msi_write_msg(m);
    }
    __atomic_store_n(&msi_owner, d, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&msi_lock, f);
    *pirq = MSI_PIRQ_BASE + first;
    if (nr_out)
        *nr_out = (int)n;
    printk(XENLOG_DEBUG "msi: %04x:%02x:%02x.%u %s entry %d -> pirq %d "
                        "vector %#x (%u)\n",
           sbdf >> 16, (sbdf >> 8) & 0xff, (sbdf >> 3) & 0x1f, sbdf & 7,
           msix ? "MSI-X" : "MSI", msix ? entry_nr : 0, *pirq,
           MSI_VECTOR_FIRST + first, n);
    return 0;
}

int pv_msi_unmap(struct domain *d, unsigned int pirq)
{
    unsigned long f = spin_lock_irqsave(&msi_lock);
    struct msi_pirq *m = msi_of(pirq);

    (void)d;
    if (!m) {
        spin_unlock_irqrestore(&msi_lock, f);
        return -EINVAL;
    }
    msi_mask(m, true);
    vector_pirq[m->vector] = 0;
    memset(m, 0, sizeof(*m));
    spin_unlock_irqrestore(&msi_lock, f);
    return 0;
}

bool pv_msi_mapped(unsigned int pirq)
{
    return msi_of(pirq) != NULL;
}

/* After EVTCHNOP_bind_pirq: the device may send it now. */
void pv_msi_bound(unsigned int pirq)
{
    unsigned long f = spin_lock_irqsave(&msi_lock);
    struct msi_pirq *m = msi_of(pirq);

    if (m) {
        m->bound = true;
        msi_mask(m, false);
    }
    spin_unlock_irqrestore(&msi_lock, f);
}

/* EVTCHNOP_bind_vcpu of an MSI PIRQ's port: deliver to that CPU. */
void pv_msi_set_cpu(unsigned int pirq, unsigned int cpu)
{
    unsigned long f = spin_lock_irqsave(&msi_lock);
    struct msi_pirq *m = msi_of(pirq);
    uint32_t dest = x86_cpu_to_apicid[cpu];

    /* Multi-message MSI shares one message: it stays where it is. */
    if (m && dest <= 255 && (m->msix || m->nvec == 1) && m->dest != dest) {
        m->dest = dest;
        msi_mask(m, true);
        msi_write_msg(m);
        if (m->bound)
            msi_mask(m, false);
    }
    spin_unlock_irqrestore(&msi_lock, f);
}
