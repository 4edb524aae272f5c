/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op (#33) with Xen 4.17's answers:
 *   set_iopl          virtual IOPL 0-3 (-EINVAL above)
 *   set_iobitmap      guest I/O bitmap for the emulator
 *   apic_read         IO-APIC register (control domain; -EINVAL for an
 *                     address that is no IO-APIC)
 *   setup_gsi         trigger/polarity (-EEXIST for the hypervisor's)
 *   map_pirq (GSI)    PIRQ = GSI; -EINVAL bad GSI or type
 *   map_pirq (MSI, MSI_SEG, MULTI_MSI)  an MSI / MSI-X PIRQ (pv/msi.c);
 *                     MSI_SEG and MULTI_MSI take the segment in bus's
 *                     high 16 bits; the MSI-X table is found from the
 *                     device's own BAR (table_base is not trusted)
 *   unmap_pirq        -EINVAL when not mapped
 *   irq_status_query, eoi   (-EINVAL out of range)
 *   get_free_pirq     an MSI PIRQ above the GSIs
 *   alloc_irq_vector  control domain only; answers vector = irq (as Xen:
 *                     vectors are the hypervisor's, chosen at routing;
 *                     Linux dom0 calls it for every GSI it binds)
 *   pci_mmcfg_reserved checked against the MCFG (-ENODEV no such entry,
 *                     -EIO another base, -EINVAL unknown flags); a window
 *                     reported as not reserved is no longer used
 *   pci_device_add / manage_pci_add, pci_device_remove / manage_pci_remove
 *                     the list of devices dom0 reported (as Xen without
 *                     an IOMMU: empty at boot); removing one not on it
 *                     -ENODEV; restore_msi(_ext) 0 for a listed device
 *                     (no MSI is in use), -ENODEV otherwise
 *   others            -ENOSYS
 * Who may call each sub-op is in physdev_table: device sub-ops are for the
 * control domain only (-EPERM after the argument is read, as Xen).
 */
#include <public/physdev.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pci.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/subop.h>
#include <xenith/asm/pv/pirq.h>
#include <xenith/asm/apic.h>

/* PHYSDEVOP_alloc_irq_vector's argument (Xen's struct physdev_irq). */
struct physdev_irq_arg {
    uint32_t irq;    /* IN */
    uint32_t vector; /* OUT */
};

/* The domain a map/unmap names (only the caller's own so far). */
static struct domain *pirq_domain(domid_t domid)
{
    struct domain *cur = current->domain;

    return domid == DOMID_SELF || domid == cur->domain_id ? cur : NULL;
}

/*
 * MSI types: index -1, the function at bus/devfn, MSI-X when table_base
 * is set (as Xen decides; Linux sets it for MSI-X only).
 */
static long map_msi(struct domain *d, physdev_map_pirq_t *mp)
{
    uint32_t seg = 0, bus = (uint32_t)mp->bus;
    uint32_t sbdf;

    if (mp->index != -1 && mp->type != MAP_PIRQ_TYPE_MULTI_MSI)
        return -EINVAL;
    if (mp->type != MAP_PIRQ_TYPE_MSI) {
        seg = bus >> 16;
        bus &= 0xffff;
    }
    if (bus > 255 || mp->devfn < 0 || mp->devfn > 255)
        return -EINVAL;
    sbdf = (seg << 16) | (bus << 8) | (uint32_t)mp->devfn;
    if (mp->type == MAP_PIRQ_TYPE_MULTI_MSI)
        return pv_msi_map(d, false, sbdf, mp->entry_nr, &mp->pirq,
                          &mp->entry_nr);
    return pv_msi_map(d, mp->table_base != 0, sbdf, mp->entry_nr, &mp->pirq,
                      NULL);
}

static long map_pirq(physdev_map_pirq_t *mp)
{
    struct domain *d = pirq_domain(mp->domid);

    if (!d)
        return -ESRCH;
    switch (mp->type) {
    case MAP_PIRQ_TYPE_GSI:
        return pv_pirq_map_gsi(d, mp->index, &mp->pirq);
    case MAP_PIRQ_TYPE_MSI:
    case MAP_PIRQ_TYPE_MSI_SEG:
    case MAP_PIRQ_TYPE_MULTI_MSI:
        return map_msi(d, mp);
    default:
        return -EINVAL;
    }
}

/* The PCI reporting sub-ops: dom0 tells the hypervisor about devices. */
static uint32_t pci_sbdf(unsigned long cmd, const void *arg)
{
    const struct physdev_pci_device *pd = arg;
    const struct physdev_manage_pci *mp = arg;

    switch (cmd) {
    case PHYSDEVOP_pci_device_add: /* starts like physdev_pci_device */
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
        return ((uint32_t)pd->seg << 16) | (pd->bus << 8) | pd->devfn;
    default: /* segment 0 only */
        return (mp->bus << 8) | mp->devfn;
    }
}

static long op_pci_mmcfg_reserved(void *ctx, unsigned long cmd, void *arg)
{
    const struct physdev_pci_mmcfg_reserved *mc = arg;

    if (mc->flags & ~XEN_PCI_MMCFG_RESERVED)
        return -EINVAL;
    return pci_mmcfg_reserved(mc->address, mc->segment, mc->start_bus,
                              mc->end_bus, mc->flags & XEN_PCI_MMCFG_RESERVED);
}

static long op_pci_add(void *ctx, unsigned long cmd, void *arg)
{
    return pci_device_report(pci_sbdf(cmd, arg), true);
}

static long op_pci_remove(void *ctx, unsigned long cmd, void *arg)
{
    return pci_device_report(pci_sbdf(cmd, arg), false);
}

/* restore_msi(_ext): no MSI is in use to restore. */
static long op_restore_msi(void *ctx, unsigned long cmd, void *arg)
{
    return pci_device_reported(pci_sbdf(cmd, arg)) ? 0 : -ENODEV;
}

static long op_set_iopl(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    physdev_set_iopl_t *a = arg;

    if (a->iopl > 3)
        return -EINVAL;
    v->pv.iopl = (uint8_t)a->iopl;
    return 0;
}

static long op_set_iobitmap(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    physdev_set_iobitmap_t *a = arg;

    if (a->nr_ports > 65536)
        return -EINVAL;
    memcpy(&v->pv.iobmp, &a->bitmap, sizeof(v->pv.iobmp));
    v->pv.iobmp_ports = a->nr_ports;
    return 0;
}

static long op_irq_status_query(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    physdev_irq_status_query_t *a = arg;

    return pv_pirq_status(v->domain, a->irq, &a->flags);
}

static long op_eoi(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    return pv_pirq_eoi(v->domain, ((physdev_eoi_t *)arg)->irq);
}

static long op_apic_read(void *ctx, unsigned long cmd, void *arg)
{
    physdev_apic_t *a = arg;

    return io_apic_read_phys(a->apic_physbase, a->reg, &a->value);
}

static long op_setup_gsi(void *ctx, unsigned long cmd, void *arg)
{
    physdev_setup_gsi_t *a = arg;

    if (a->gsi < 0)
        return -EINVAL;
    return pv_pirq_setup_gsi((unsigned int)a->gsi, a->triggering, a->polarity);
}

static long op_map_pirq(void *ctx, unsigned long cmd, void *arg)
{
    return map_pirq(arg);
}

static long op_unmap_pirq(void *ctx, unsigned long cmd, void *arg)
{
    physdev_unmap_pirq_t *a = arg;
    struct domain *t = pirq_domain(a->domid);

    return t ? pv_pirq_unmap(t, a->pirq) : -ESRCH;
}

static long op_get_free_pirq(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    return pv_pirq_free_msi(v->domain, &((physdev_get_free_pirq_t *)arg)->pirq);
}

static long op_alloc_irq_vector(void *ctx, unsigned long cmd, void *arg)
{
    struct physdev_irq_arg *a = arg;

    a->vector = a->irq;
    return 0;
}

#define PHYSDEV(cmd, type, handler, who, fl) \
    SUBOP(PHYSDEVOP_##cmd, #cmd, type, handler, who, SUBOP_IN | (fl))

/* Every physdev_op sub-op Xenith implements (copied back on success);
 * others -ENOSYS. */
static const struct subop physdev_ops[] = {
    PHYSDEV(set_iopl, physdev_set_iopl_t, op_set_iopl, ANY, 0),
    PHYSDEV(set_iobitmap, physdev_set_iobitmap_t, op_set_iobitmap, ANY, 0),
    PHYSDEV(irq_status_query, physdev_irq_status_query_t, op_irq_status_query,
            ANY, SUBOP_OUT),
    PHYSDEV(eoi, physdev_eoi_t, op_eoi, ANY, 0),
    PHYSDEV(apic_read, physdev_apic_t, op_apic_read, CTRL, SUBOP_OUT),
    PHYSDEV(setup_gsi, physdev_setup_gsi_t, op_setup_gsi, CTRL, 0),
    PHYSDEV(map_pirq, physdev_map_pirq_t, op_map_pirq, CTRL, SUBOP_OUT),
    PHYSDEV(unmap_pirq, physdev_unmap_pirq_t, op_unmap_pirq, CTRL, 0),
    PHYSDEV(get_free_pirq, physdev_get_free_pirq_t, op_get_free_pirq, CTRL,
            SUBOP_OUT),
    PHYSDEV(alloc_irq_vector, struct physdev_irq_arg, op_alloc_irq_vector, CTRL,
            SUBOP_OUT),
    PHYSDEV(pci_mmcfg_reserved, struct physdev_pci_mmcfg_reserved,
            op_pci_mmcfg_reserved, CTRL, 0),
    PHYSDEV(pci_device_add, struct physdev_pci_device_add, op_pci_add, CTRL, 0),
    PHYSDEV(pci_device_remove, struct physdev_pci_device, op_pci_remove, CTRL,
            0),
    PHYSDEV(manage_pci_add, struct physdev_manage_pci, op_pci_add, CTRL, 0),
    PHYSDEV(manage_pci_remove, struct physdev_manage_pci, op_pci_remove, CTRL,
            0),
    PHYSDEV(restore_msi, struct physdev_manage_pci, op_restore_msi, CTRL, 0),
    PHYSDEV(restore_msi_ext, struct physdev_pci_device, op_restore_msi, CTRL,
            0),
};
static SUBOP_TABLE(physdev_table, "physdev_op", physdev_ops);

long do_physdev_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                   unsigned long a4, unsigned long a5)
{
    struct subop_caller_info who = { current->domain->is_privileged, true };

    return subop_call(&physdev_table, cmd, arg, current, who);
}
