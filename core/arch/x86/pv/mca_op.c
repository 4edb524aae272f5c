/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mca hypercall (#48) as Linux's mcelog driver uses it, control
 * domain only: XEN_MC_physcpuinfo (count, then one record per online
 * CPU) and XEN_MC_fetch (machine-check telemetry is logged on the console
 * by the hypervisor and not queued for dom0, so every fetch answers
 * XEN_MC_NODATA).  Wrong interface version -EACCES; injection and other
 * commands -ENOSYS.
 */
#include <public/arch-x86/xen-mca.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/topology.h>

static void fill_cpu(unsigned int cpu, xen_mc_logical_cpu_t *c)
{
    struct cpuid_regs r;

    memset(c, 0, sizeof(*c));
    c->mc_cpunr = cpu;
    c->mc_apicid = x86_cpu_to_apicid[cpu];
    if (cpu_topology) {
        c->mc_chipid = cpu_topology[cpu].socket;
        c->mc_coreid = (uint16_t)cpu_topology[cpu].core;
        c->mc_threadid = (uint16_t)cpu_topology[cpu].thread;
    }
    c->mc_ncores = c->mc_ncores_active = c->mc_nthreads = num_online_cpus();
    cpuid_count(0, 0, &r);
    c->mc_cpuid_level = (int32_t)r.a;
    memcpy(c->mc_vendorid, &r.b, 4);
    memcpy(c->mc_vendorid + 4, &r.d, 4);
    memcpy(c->mc_vendorid + 8, &r.c, 4);
    cpuid_count(1, 0, &r);
    c->mc_family = (r.a >> 8) & 0xf;
    c->mc_model = (r.a >> 4) & 0xf;
    c->mc_step = r.a & 0xf;
    c->mc_cpu_caps[0] = r.d;
    c->mc_cpu_caps[4] = r.c;
}

static long physcpuinfo(xen_mc_physcpuinfo_t *p)
{
    xen_mc_logical_cpu_t rec;
    uint64_t dst;
    unsigned int cpu, n = 0;

    memcpy(&dst, &p->info, sizeof(dst));
    if (!dst || !p->ncpus) {
        p->ncpus = num_online_cpus();
        return 0;
    }
    for_each_online_cpu(cpu)
    {
        if (n == p->ncpus)
            break;
        fill_cpu(cpu, &rec);
        if (copy_to_guest(dst + n * sizeof(rec), &rec, sizeof(rec)))
            return -EFAULT;
        n++;
    }
    p->ncpus = n;
    return 0;
}

long do_mca(unsigned long arg, unsigned long a2, unsigned long a3,
            unsigned long a4, unsigned long a5)
{
    xen_mc_t mc;
    long rc;

    if (copy_from_guest(&mc, arg, sizeof(mc)))
        return -EFAULT;
    if (mc.interface_version != XEN_MCA_INTERFACE_VERSION)
        return -EACCES;
    switch (mc.cmd) {
    case XEN_MC_physcpuinfo:
        rc = physcpuinfo(&mc.u.mc_physcpuinfo);
        break;
    case XEN_MC_fetch:
        mc.u.mc_fetch.flags = XEN_MC_NODATA;
        mc.u.mc_fetch.fetch_id = 0;
        rc = 0;
        break;
    default:
        return -ENOSYS;
    }
    if (rc == 0 && copy_to_guest(arg, &mc, sizeof(mc)))
        rc = -EFAULT;
    return rc;
}
