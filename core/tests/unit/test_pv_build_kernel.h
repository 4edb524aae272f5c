/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The made-up kernel the PV builder's unit tests lay out and build, and
 * the request parameters they start from.
 */
#ifndef TEST_PV_BUILD_KERNEL_H
#define TEST_PV_BUILD_KERNEL_H

#include "test_pv_build_sim.h"

#include <errno.h>
#include <public/features.h>

#define VBASE   0xffffffff80000000ULL
#define KTEXT   0xffffffff81000000ULL
#define P2M_VA  0x8000000000ULL
#define HV_FEAT ((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_dom0))

/* A made-up kernel: 12 KiB of text at 16 MiB, 2 KiB of data plus 6 KiB of
 * bss at 16 MiB + 16 KiB (a 4 KiB hole between them). */
static uint8_t text[0x3000], data[0x800];
static struct pv_build_segment segs[2];
static struct pv_build_kernel kern;

static __attribute__((unused)) void make_kernel(bool linux_like)
{
    size_t i;

    for (i = 0; i < sizeof(text); i++)
        text[i] = (uint8_t)(i * 7 + 1);
    for (i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13 + 5);
    segs[0] = (struct pv_build_segment){ 0x1000000, sizeof(text), sizeof(text),
                                         text };
    segs[1] =
        (struct pv_build_segment){ 0x1004000, sizeof(data), 0x2000, data };
    memset(&kern, 0, sizeof(kern));
    kern.virt_base = VBASE;
    kern.paddr_offset = 0;
    kern.entry = KTEXT + 0x100;
    kern.hypercall_page = PV_BUILD_UNSET;
    kern.p2m_base = linux_like ? P2M_VA : PV_BUILD_UNSET;
    kern.mod_start_pfn = linux_like;
    kern.pae = true;
    kern.has_supported = true;
    kern.f_supported =
        (1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_dom0);
    kern.f_required = 1u << XENFEAT_writable_page_tables;
    kern.segs = segs;
    kern.nr_segs = 2;
}

static __attribute__((unused)) struct pv_build_params
params(uint64_t nr_pages, uint64_t initrd, bool dom0)
{
    struct pv_build_params p = {
        .kernel = &kern,
        .nr_pages = nr_pages,
        .initrd_len = initrd,
        .is_dom0 = dom0,
        .hv_features = HV_FEAT,
    };
    return p;
}

#endif /* TEST_PV_BUILD_KERNEL_H */
