/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op (#7) for the control domain, interface 0x03000001 (another
 * version: -EACCES).  Sub-ops:
 *   enter_acpi_sleep  S5 powers the machine off (others -ENOSYS)
 *   get_cpuinfo       online flag, APIC and ACPI ids; a CPU that does not
 *                     exist answers 0 with XEN_PCPU_FLAGS_INVALID
 *   get_cpu_version   vendor, family, model, stepping of a CPU
 *   settime64         sets the wall clock (-EINVAL when mbz is set)
 *   firmware_info     no EDD/MBR/VBE data recorded: -ESRCH; EFI on a
 *                     BIOS boot -ENOSYS
 *   others (getidletime without cpufreq=dom0-kernel, set_processor_pminfo
 *   ...)  -ENOSYS
 */
#include <public/platform.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/asm/processor.h>

static unsigned int max_present(void)
{
    unsigned int cpu, max = 0;

    for_each_online_cpu(cpu) max = cpu;
    return max;
}

static void cpuinfo(struct xenpf_pcpuinfo *p)
{
    unsigned int cpu = p->xen_cpuid;

    p->max_present = max_present();
    if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
        p->flags = XEN_PCPU_FLAGS_INVALID;
        return;
    }
    p->flags = XEN_PCPU_FLAGS_ONLINE;
    p->apic_id = x86_cpu_to_apicid[cpu];
    p->acpi_id = cpu;
}

/* Family/model/stepping as CPUID leaf 1 encodes them (SDM vol. 2A). */
static long cpu_version(struct xenpf_pcpu_version *p)
{
    struct cpuid_regs r;
    uint32_t fam, model;

    p->max_present = max_present();
    if (p->xen_cpuid >= nr_cpu_ids || !cpu_online(p->xen_cpuid))
        return 0;
    cpuid_count(0, 0, &r);
    memcpy(p->vendor_id, &r.b, 4);
    memcpy(p->vendor_id + 4, &r.d, 4);
    memcpy(p->vendor_id + 8, &r.c, 4);
    cpuid_count(1, 0, &r);
    fam = (r.a >> 8) & 0xf;
    model = (r.a >> 4) & 0xf;
    if (fam == 0xf)
        fam += (r.a >> 20) & 0xff;
    if (fam >= 6)
        model |= ((r.a >> 16) & 0xf) << 4;
    p->family = fam;
    p->model = model;
    p->stepping = r.a & 0xf;
    return 0;
}

static long firmware_info(const struct xenpf_firmware_info *fw)
{
    switch (fw->type) {
    case XEN_FW_EFI_INFO:
        return -ENOSYS; /* not an EFI boot (or no runtime services) */
    case XEN_FW_DISK_INFO:
    case XEN_FW_DISK_MBR_SIGNATURE:
    case XEN_FW_VBEDDC_INFO:
        return -ESRCH; /* no EDD, MBR or VBE data was collected */
    default:
        return -EINVAL;
    }
}

static long platform_one(struct xen_platform_op *op)
{
    switch (op->cmd) {
    case XENPF_enter_acpi_sleep:
        if (op->u.enter_acpi_sleep.sleep_state != 5)
            return -ENOSYS;
        printk("Dom0 asked for ACPI S5: powering off\n");
        machine_power_off();
    case XENPF_get_cpuinfo:
        cpuinfo(&op->u.pcpu_info);
        return 0;
    case XENPF_get_cpu_version:
        return cpu_version(&op->u.pcpu_version);
    case XENPF_settime64:
        if (op->u.settime64.mbz)
            return -EINVAL;
        pv_set_wallclock(op->u.settime64.secs, op->u.settime64.nsecs,
                         op->u.settime64.system_time);
        return 0;
    case XENPF_firmware_info:
        return firmware_info(&op->u.firmware_info);
    default:
        return -ENOSYS;
    }
}

long do_platform_op(unsigned long arg, unsigned long a2, unsigned long a3,
                    unsigned long a4, unsigned long a5)
{
    struct xen_platform_op op;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XENPF_INTERFACE_VERSION)
        return -EACCES;
    rc = platform_one(&op);
    if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
