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
 * Device sub-ops are for the control domain only (-EPERM).
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
#include <xenith/pv_pirq.h>
#include <xenith/asm/apic.h>

/* PHYSDEVOP_alloc_irq_vector's argument (Xen's struct physdev_irq). */
struct physdev_irq_arg {
    uint32_t irq;    /* IN */
    uint32_t vector; /* OUT */
};

/* Argument sizes per sub-op (0: not handled here). */
static size_t arg_size(unsigned long cmd)
{
    switch (cmd) {
    case PHYSDEVOP_set_iopl:
        return sizeof(physdev_set_iopl_t);
    case PHYSDEVOP_set_iobitmap:
        return sizeof(physdev_set_iobitmap_t);
    case PHYSDEVOP_apic_read:
        return sizeof(physdev_apic_t);
    case PHYSDEVOP_setup_gsi:
        return sizeof(physdev_setup_gsi_t);
    case PHYSDEVOP_map_pirq:
        return sizeof(physdev_map_pirq_t);
    case PHYSDEVOP_unmap_pirq:
        return sizeof(physdev_unmap_pirq_t);
    case PHYSDEVOP_irq_status_query:
        return sizeof(physdev_irq_status_query_t);
    case PHYSDEVOP_eoi:
        return sizeof(physdev_eoi_t);
    case PHYSDEVOP_get_free_pirq:
        return sizeof(physdev_get_free_pirq_t);
    case PHYSDEVOP_alloc_irq_vector:
        return sizeof(struct physdev_irq_arg);
    case PHYSDEVOP_pci_mmcfg_reserved:
        return sizeof(struct physdev_pci_mmcfg_reserved);
    case PHYSDEVOP_pci_device_add:
        return sizeof(struct physdev_pci_device_add);
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
        return sizeof(struct physdev_pci_device);
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_restore_msi:
        return sizeof(struct physdev_manage_pci);
    default:
        return 0;
    }
}

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

static long pci_op(unsigned long cmd, const void *arg)
{
    const struct physdev_pci_mmcfg_reserved *mc = arg;
    const struct physdev_pci_device *pd = arg;
    const struct physdev_manage_pci *mp = arg;
    uint32_t sbdf = 0;

    switch (cmd) {
    case PHYSDEVOP_pci_device_add: /* starts like physdev_pci_device */
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
        sbdf = ((uint32_t)pd->seg << 16) | (pd->bus << 8) | pd->devfn;
        break;
    case PHYSDEVOP_pci_mmcfg_reserved:
        break;
    default: /* segment 0 only */
        sbdf = (mp->bus << 8) | mp->devfn;
    }
    switch (cmd) {
    case PHYSDEVOP_pci_mmcfg_reserved:
        if (mc->flags & ~XEN_PCI_MMCFG_RESERVED)
            return -EINVAL;
        return pci_mmcfg_reserved(mc->address, mc->segment, mc->start_bus,
                                  mc->end_bus,
                                  mc->flags & XEN_PCI_MMCFG_RESERVED);
    case PHYSDEVOP_pci_device_add:
        return pci_device_report(sbdf, true);
    case PHYSDEVOP_pci_device_remove:
        return pci_device_report(sbdf, false);
    case PHYSDEVOP_manage_pci_add:
        return pci_device_report(sbdf, true);
    case PHYSDEVOP_manage_pci_remove:
        return pci_device_report(sbdf, false);
    case PHYSDEVOP_restore_msi_ext: /* no MSI in use to restore */
        return pci_device_reported(sbdf) ? 0 : -ENODEV;
    default: /* restore_msi */
        return pci_device_reported(sbdf) ? 0 : -ENODEV;
    }
}

static long physdev_one(unsigned long cmd, void *arg)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    union {
        physdev_set_iopl_t iopl;
        physdev_set_iobitmap_t iobmp;
        physdev_apic_t apic;
        physdev_setup_gsi_t gsi;
        physdev_map_pirq_t map;
        physdev_unmap_pirq_t unmap;
        physdev_irq_status_query_t q;
        physdev_eoi_t eoi;
        physdev_get_free_pirq_t fp;
        struct physdev_irq_arg irq;
    } *u = arg;
    struct domain *t;

    switch (cmd) {
    case PHYSDEVOP_set_iopl:
        if (u->iopl.iopl > 3)
            return -EINVAL;
        v->pv.iopl = (uint8_t)u->iopl.iopl;
        return 0;
    case PHYSDEVOP_set_iobitmap:
        if (u->iobmp.nr_ports > 65536)
            return -EINVAL;
        memcpy(&v->pv.iobmp, &u->iobmp.bitmap, sizeof(v->pv.iobmp));
        v->pv.iobmp_ports = u->iobmp.nr_ports;
        return 0;
    case PHYSDEVOP_irq_status_query:
        return pv_pirq_status(d, u->q.irq, &u->q.flags);
    case PHYSDEVOP_eoi:
        return pv_pirq_eoi(d, u->eoi.irq);
    }
    if (!d->is_privileged)
        return -EPERM;
    switch (cmd) {
    case PHYSDEVOP_apic_read:
        return io_apic_read_phys(u->apic.apic_physbase, u->apic.reg,
                                 &u->apic.value);
    case PHYSDEVOP_setup_gsi:
        if (u->gsi.gsi < 0)
            return -EINVAL;
        return pv_pirq_setup_gsi((unsigned int)u->gsi.gsi, u->gsi.triggering,
                                 u->gsi.polarity);
    case PHYSDEVOP_map_pirq:
        return map_pirq(&u->map);
    case PHYSDEVOP_unmap_pirq:
        t = pirq_domain(u->unmap.domid);
        return t ? pv_pirq_unmap(t, u->unmap.pirq) : -ESRCH;
    case PHYSDEVOP_get_free_pirq:
        return pv_pirq_free_msi(d, &u->fp.pirq);
    case PHYSDEVOP_alloc_irq_vector:
        u->irq.vector = u->irq.irq;
        return 0;
    default:
        return pci_op(cmd, arg);
    }
}

long do_physdev_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                   unsigned long a4, unsigned long a5)
{
    uint64_t buf[8];
    size_t n = arg_size(cmd);
    long rc;

    if (!n)
        return -ENOSYS;
    if (copy_from_guest(buf, arg, n))
        return -EFAULT;
    rc = physdev_one(cmd, buf);
    if (rc == 0 && copy_to_guest(arg, buf, n))
        rc = -EFAULT;
    return rc;
}
