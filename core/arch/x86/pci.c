/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI configuration access and the boot scan (PCI Local Bus 3.0, 3.2.2.3.2
 * for the 0xcf8 mechanism; PCI Express Base 5.0, 7.2.2 for ECAM).  ECAM
 * windows are mapped one bus (1 MiB) at a time, on first use.
 *
 * Locking: pci_lock serialises the 0xcf8/0xcfc pair, the lazy mapping
 * of ECAM buses and their enabling; dev_lock the reported-device list.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pci.h>
#include <xenith/spinlock.h>
#include <xenith/asm/io.h>
#include <xenith/asm/page.h>

#define MAX_ECAM 16
#define MAX_DEVS 1024

static struct {
    uint64_t base;
    uint16_t seg;
    uint8_t bus0, bus1;
    bool disabled;                 /* dom0 said it is not reserved */
    volatile uint8_t *bus_va[256]; /* mapped buses */
} ecam[MAX_ECAM];
static unsigned int nr_ecam;
static DEFINE_SPINLOCK(pci_lock);

static uint32_t found[MAX_DEVS]; /* SBDFs seen by the scan */
static unsigned int nr_found;

void pci_add_ecam(uint64_t base, uint16_t seg, uint8_t bus0, uint8_t bus1)
{
    if (nr_ecam == MAX_ECAM) {
        printk(XENLOG_WARNING "PCI: too many ECAM windows, segment %04x "
                              "ignored\n",
               seg);
        return;
    }
    ecam[nr_ecam].base = base;
    ecam[nr_ecam].seg = seg;
    ecam[nr_ecam].bus0 = bus0;
    ecam[nr_ecam].bus1 = bus1;
    nr_ecam++;
    printk("PCI: segment %04x buses %02x-%02x: ECAM at %#llx\n", seg, bus0,
           bus1, (unsigned long long)base);
}

/* The function's 4 KiB of ECAM space, or NULL (lock held). */
static volatile uint8_t *ecam_va(uint32_t sbdf)
{
    uint16_t seg = sbdf >> 16;
    uint8_t bus = (sbdf >> 8) & 0xff;

    for (unsigned int i = 0; i < nr_ecam; i++) {
        volatile uint8_t **va = &ecam[i].bus_va[bus];

        if (ecam[i].seg != seg || bus < ecam[i].bus0 || bus > ecam[i].bus1)
            continue;
        if (ecam[i].disabled)
            return NULL;
        if (!*va)
            *va = ioremap(ecam[i].base + ((uint64_t)(bus - ecam[i].bus0) << 20),
                          1 << 20);
        return *va ? *va + ((sbdf & 0xff) << 12) : NULL;
    }
    return NULL;
}

uint32_t pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size)
{
    unsigned long f = spin_lock_irqsave(&pci_lock);
    volatile uint8_t *va = reg < 4096 ? ecam_va(sbdf) : NULL;
    uint32_t v = ~0u;

    if (va) {
        v = size == 1   ? *(volatile uint8_t *)(va + reg)
            : size == 2 ? *(volatile uint16_t *)(va + reg)
                        : readl(va + reg);
    } else if (!(sbdf >> 16) && reg < 256) {
        outl(0x80000000u | ((sbdf & 0xffff) << 8) | (reg & 0xfc), 0xcf8);
        v = inl(0xcfc) >> (8 * (reg & 3));
        if (size < 4)
            v &= (1u << (8 * size)) - 1;
    }
    spin_unlock_irqrestore(&pci_lock, f);
    return v;
}

void pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                    uint32_t v)
{
    unsigned long f = spin_lock_irqsave(&pci_lock);
    volatile uint8_t *va = reg < 4096 ? ecam_va(sbdf) : NULL;

    if (va) {
        if (size == 1)
            *(volatile uint8_t *)(va + reg) = (uint8_t)v;
        else if (size == 2)
            *(volatile uint16_t *)(va + reg) = (uint16_t)v;
        else
            writel(v, va + reg);
    } else if (!(sbdf >> 16) && reg < 256) {
        outl(0x80000000u | ((sbdf & 0xffff) << 8) | (reg & 0xfc), 0xcf8);
        if (size == 4)
            outl(v, 0xcfc);
        else if (size == 2)
            outw((uint16_t)v, 0xcfc + (reg & 2));
        else
            outb((uint8_t)v, 0xcfc + (reg & 3));
    }
    spin_unlock_irqrestore(&pci_lock, f);
}

/*
 * Scan one bus and, depth first, the buses behind its PCI-to-PCI bridges
 * (header type 1, secondary bus number at 0x19), so only buses that exist
 * get their ECAM window mapped.
 */
static void scan_bus(uint16_t seg, unsigned int bus, unsigned int depth)
{
    for (unsigned int dev = 0; dev < 32; dev++) {
        unsigned int nfn = 1;

        for (unsigned int fn = 0; fn < nfn; fn++) {
            uint32_t sbdf = PCI_SBDF(seg, bus, dev, fn);
            uint32_t id = pci_conf_read(sbdf, 0, 4);
            uint8_t hdr, sec;

            if ((id & 0xffff) == 0xffff)
                continue;
            hdr = (uint8_t)pci_conf_read(sbdf, 0x0e, 1);
            if (fn == 0 && (hdr & 0x80))
                nfn = 8; /* multi-function device */
            if (nr_found < MAX_DEVS)
                found[nr_found++] = sbdf;
            sec = (uint8_t)pci_conf_read(sbdf, 0x19, 1);
            if ((hdr & 0x7f) == 1 && sec > bus && depth < 32)
                scan_bus(seg, sec, depth + 1);
        }
    }
}

void pci_scan(void)
{
    if (!nr_ecam) {
        printk("PCI: no MCFG; segment 0 through ports 0xcf8/0xcfc\n");
        scan_bus(0, 0, 0);
    }
    for (unsigned int i = 0; i < nr_ecam; i++)
        scan_bus(ecam[i].seg, ecam[i].bus0, 0);
    printk("PCI: %u functions found\n", nr_found);
    for (unsigned int i = 0; i < nr_found; i++) {
        uint32_t s = found[i], id = pci_conf_read(s, 0, 4);

        printk(XENLOG_DEBUG "PCI: %04x:%02x:%02x.%u %04x:%04x class %06x\n",
               s >> 16, (s >> 8) & 0xff, (s >> 3) & 0x1f, s & 7, id & 0xffff,
               id >> 16, pci_conf_read(s, 8, 4) >> 8);
    }
}

void pci_dump(void)
{
    for (unsigned int i = 0; i < nr_found; i++) {
        uint32_t s = found[i], id = pci_conf_read(s, 0, 4);

        printk("%04x:%02x:%02x.%u %04x:%04x class %06x\n", s >> 16,
               (s >> 8) & 0xff, (s >> 3) & 0x1f, s & 7, id & 0xffff, id >> 16,
               pci_conf_read(s, 8, 4) >> 8);
    }
}

int pci_mmcfg_reserved(uint64_t base, uint16_t seg, uint8_t bus0, uint8_t bus1,
                       bool reserved)
{
    unsigned long f;
    int rc = -ENODEV;

    f = spin_lock_irqsave(&pci_lock);
    for (unsigned int i = 0; i < nr_ecam; i++) {
        if (ecam[i].seg != seg || ecam[i].bus0 != bus0 || ecam[i].bus1 != bus1)
            continue;
        if (ecam[i].base != base) {
            rc = -EIO;
            break;
        }
        ecam[i].disabled = !reserved;
        rc = 0;
        break;
    }
    spin_unlock_irqrestore(&pci_lock, f);
    if (rc == -EIO)
        printk(XENLOG_WARNING "PCI: MMCONFIG %04x:%02x-%02x reported at "
                              "%#llx, the MCFG says otherwise\n",
               seg, bus0, bus1, (unsigned long long)base);
    return rc;
}

/*
 * The devices the control domain reported (Xen's list without an IOMMU:
 * empty until dom0 reports its devices), sorted by SBDF, grown on demand.
 */
static DEFINE_SPINLOCK(dev_lock);
static uint32_t *devs;
static unsigned int nr_devs, max_devs;

/* Index of sbdf in devs, or of where it would go (dev_lock held). */
static unsigned int dev_slot(uint32_t sbdf)
{
    unsigned int lo = 0, hi = nr_devs;

    while (lo < hi) {
        unsigned int mid = (lo + hi) / 2;

        if (devs[mid] < sbdf)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int pci_device_report(uint32_t sbdf, bool add)
{
    uint32_t *more = NULL;
    unsigned int i, cap = 0;
    int rc = 0;

    for (;;) {
        spin_lock(&dev_lock);
        i = dev_slot(sbdf);
        if (i < nr_devs && devs[i] == sbdf) {
            if (!add)
                memmove(&devs[i], &devs[i + 1],
                        (nr_devs-- - i - 1) * sizeof(*devs));
            break;
        }
        if (!add) {
            rc = -ENODEV;
            break;
        }
        if (nr_devs < max_devs) {
            memmove(&devs[i + 1], &devs[i], (nr_devs++ - i) * sizeof(*devs));
            devs[i] = sbdf;
            break;
        }
        if (more && cap > max_devs) { /* take the bigger array */
            memcpy(more, devs, nr_devs * sizeof(*devs));
            xfree(devs);
            devs = more;
            max_devs = cap;
            more = NULL;
            spin_unlock(&dev_lock);
            continue;
        }
        cap = max_devs ? 2 * max_devs : 64;
        spin_unlock(&dev_lock);
        xfree(more);
        if (!(more = xmalloc_bytes(cap * sizeof(*devs))))
            return -ENOMEM;
    }
    spin_unlock(&dev_lock);
    xfree(more);
    return rc;
}

bool pci_device_reported(uint32_t sbdf)
{
    bool known;
    unsigned int i;

    spin_lock(&dev_lock);
    i = dev_slot(sbdf);
    known = i < nr_devs && devs[i] == sbdf;
    spin_unlock(&dev_lock);
    return known;
}
