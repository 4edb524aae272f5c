/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest "scrub" (as dom0): no domain sees another's data.  A first
 * domU gets NR_PAGES frames through populate_physmap, dom0 fills every one
 * of them with a pattern through foreign mappings, and the domU is
 * destroyed.  A second domU then gets NR_PAGES frames, and every byte of
 * every one must be zero, whichever frames it got (how many of the first
 * domU's frames came back is reported).  Each populate_physmap call is
 * timed: the hypervisor's cost of handing out clean memory.
 */
#include "guest.h"
#include "public/domctl.h"

const char guest_name[] = "scrub";

#define NR_PAGES 4096 /* 16 MiB */

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static xen_pfn_t first[NR_PAGES], second[NR_PAGES];

static void map_at_window(domid_t dom, uint64_t mfn)
{
    long rc =
        HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)window,
           (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D, UVMF_INVLPG, dom, 0);

    CHECK_RC(rc, 0, "foreign mapping of a domU frame");
}

/* Populate NR_PAGES order-0 extents of dom; returns the time in us. */
static uint64_t populate(domid_t dom, xen_pfn_t *f)
{
    struct xen_memory_reservation r;
    uint64_t t0;
    long rc;

    for (unsigned long i = 0; i < NR_PAGES; i++)
        f[i] = i;
    gmemset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, f);
    r.nr_extents = NR_PAGES;
    r.domid = dom;
    t0 = guest_mono_ns();
    rc = hc_memory_op(XENMEM_populate_physmap, &r);
    CHECK_RC(rc, NR_PAGES, "populate_physmap for the domU");
    return (guest_mono_ns() - t0) / 1000;
}

static bool gone(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = dom;
    return guest_domctl(&d) != 0 || d.u.getdomaininfo.domain != dom;
}

void test_main(void)
{
    uint64_t t0, us1, us2;
    unsigned long reused = 0;
    domid_t a, b;

    CHECK_RC(domu_create(&a, NR_PAGES * 4 + 1024, 0), 0, "create domU a");
    us1 = populate(a, first);
    for (unsigned long i = 0; i < NR_PAGES; i++) {
        map_at_window(a, first[i]);
        for (unsigned int k = 0; k < PAGE_SIZE / 8; k++)
            ((volatile uint64_t *)window)[k] = 0x5c5c5c5c00000000UL | i;
    }
    set_page_rw(window);
    CHECK_RC(domu_destroy(a), 0, "destroy domU a");
    t0 = guest_mono_ns();
    while (!gone(a)) {
        CHECK(guest_mono_ns() - t0 < 5000000000UL, "d%u still listed", a);
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    guest_ok("d%u: %u frames populated in %lu us, filled with a pattern, "
             "destroyed",
             a, NR_PAGES, us1);

    CHECK_RC(domu_create(&b, NR_PAGES * 4 + 1024, 0), 0, "create domU b");
    us2 = populate(b, second);
    for (unsigned long i = 0; i < NR_PAGES; i++) {
        map_at_window(b, second[i]);
        for (unsigned int k = 0; k < PAGE_SIZE / 8; k++) {
            uint64_t v = ((volatile uint64_t *)window)[k];

            CHECK(v == 0, "d%u frame %lx word %u holds %lx", b, second[i], k,
                  v);
        }
        for (unsigned long j = 0; j < NR_PAGES; j++)
            if (first[j] == second[i]) {
                reused++;
                break;
            }
    }
    set_page_rw(window);
    CHECK_RC(domu_destroy(b), 0, "destroy domU b");
    guest_ok("d%u: %u frames populated in %lu us, every byte zero (%lu of "
             "them were d%u's)",
             b, NR_PAGES, us2, reused, a);
    guest_pass();
}
