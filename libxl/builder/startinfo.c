/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * What a PV kernel finds at its entry: start_info (its VA in RSI), a
 * cleared shared_info with every vCPU's upcalls masked, the hypercall
 * page, pinned page tables in CR3 and a stack (RSP at the top of the
 * boot stack page), vCPU 0 in kernel mode with interrupts enabled.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "public/domctl.h"
#include "pvbuild_private.h"
#include "xctl.h"

#define PVB_DR6_DEFAULT   0xffff0ff0u
#define PVB_DR7_DEFAULT   0x00000400u
#define PVB_X86_EFLAGS_IF (1u << 9)

static uint64_t pvb_va(const struct pvb *b, uint64_t pfn)
{
    return b->k.virt_base + pfn * PVB_PAGE_SIZE;
}

int pvb_start_info(struct pvb *b)
{
    struct start_info *si = pvb_map(b, b->start_info_pfn, 1);

    if (!si)
        return -EIO;
    memset(si, 0, PVB_PAGE_SIZE);
    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
    si->nr_pages = b->total_pages;
    si->shared_info = b->shared_info_mfn << PVB_PAGE_SHIFT;
    si->pt_base = b->pgtables_seg.vstart;
    si->nr_pt_frames = b->maps[0].area.tables;
    si->mfn_list = b->p2m_seg.vstart;
    if (b->k.p2m_base != PVB_UNSET) {
        si->first_p2m_pfn = b->p2m_seg.pfn;
        si->nr_p2m_frames = b->p2m_seg.pages;
    }
    si->flags = b->si_flags;
    si->store_mfn = b->p2m[b->xenstore_pfn];
    si->store_evtchn = b->cfg->store_evtchn;
    si->console.domU.mfn = b->p2m[b->console_pfn];
    si->console.domU.evtchn = b->cfg->console_evtchn;
    if (b->ramdisk) {
        si->mod_start = b->initrd_start;
        si->mod_len = b->initrd_len;
    }
    if (b->cfg->cmdline)
        snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s",
                 b->cfg->cmdline);
    pvb_unmap(si, 1);
    return 0;
}

int pvb_hypercall_page(struct pvb *b)
{
    uint64_t pfn;
    int rc;

    if (b->k.hypercall == PVB_UNSET)
        return 0;
    pfn = (b->k.hypercall - b->k.virt_base) >> PVB_PAGE_SHIFT;
    if (b->k.hypercall < b->k.kstart || b->k.hypercall >= b->k.kend)
        return pvb_error(b, -EINVAL,
                         "kernel %s: HYPERCALL_PAGE %#llx lies outside "
                         "its image",
                         b->cfg->kernel, (unsigned long long)b->k.hypercall);
    rc = xctl_hypercall_init(b->xc, b->cfg->domid, b->p2m[pfn]);
    if (rc < 0)
        return pvb_error(b, rc, "cannot fill the hypercall page: %s",
                         strerror(-rc));
    return 0;
}

int pvb_pin(struct pvb *b)
{
    struct mmuext_op op = { 0 };
    int rc;

    op.cmd = MMUEXT_PIN_L4_TABLE;
    op.arg1.mfn = b->p2m[b->pgtables_seg.pfn];
    rc = xctl_mmuext_op(b->xc, b->cfg->domid, &op, 1);
    if (rc < 0)
        return pvb_error(b, rc,
                         "the hypervisor refused the boot page tables "
                         "(pin L4 at pfn %#llx): %s",
                         (unsigned long long)b->pgtables_seg.pfn,
                         strerror(-rc));
    return 0;
}

int pvb_shared_info(struct pvb *b)
{
    xen_pfn_t mfn = b->shared_info_mfn;
    struct shared_info *sh;
    unsigned i;

    sh = xctl_map_foreign(b->xc, b->cfg->domid, PROT_READ | PROT_WRITE, &mfn,
                          NULL, 1);
    if (!sh)
        return pvb_error(b, -errno, "cannot map shared_info (mfn %#llx): %s",
                         (unsigned long long)mfn, strerror(errno));
    memset(sh, 0, sizeof(*sh));
    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        sh->vcpu_info[i].evtchn_upcall_mask = 1;
    xctl_unmap(sh, 1);
    return 0;
}

int pvb_vcpu0(struct pvb *b)
{
    vcpu_guest_context_t c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.user_regs.rip = b->k.entry;
    c.user_regs.rsp = pvb_va(b, b->bootstack_pfn + 1);
    c.user_regs.rsi = pvb_va(b, b->start_info_pfn);
    c.user_regs.rflags = PVB_X86_EFLAGS_IF;
    c.debugreg[6] = PVB_DR6_DEFAULT;
    c.debugreg[7] = PVB_DR7_DEFAULT;
    c.flags = VGCF_in_kernel | VGCF_online;
    c.ctrlreg[3] = xen_pfn_to_cr3(b->p2m[b->pgtables_seg.pfn]);
    c.user_regs.ds = c.user_regs.es = FLAT_KERNEL_DS;
    c.user_regs.fs = c.user_regs.gs = FLAT_KERNEL_DS;
    c.user_regs.ss = FLAT_KERNEL_SS;
    c.user_regs.cs = FLAT_KERNEL_CS;
    c.kernel_ss = c.user_regs.ss;
    c.kernel_sp = c.user_regs.rsp;
    rc = xctl_vcpu_setcontext(b->xc, b->cfg->domid, 0, &c);
    if (rc < 0)
        return pvb_error(b, rc, "cannot set vCPU 0's context: %s",
                         strerror(-rc));
    return 0;
}
