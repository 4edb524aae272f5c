/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory: the memory_op interface as a dom0 kernel uses it at boot and
 * for ballooning.
 *
 * machphys_mapping, maximum_ram_page, current/maximum_reservation, the
 * host E820 (machine_memory_map), a balloon cycle (unmap a page, give
 * its frame back with decrease_reservation, get a new one with
 * populate_physmap, record it with MMU_MACHPHYS_UPDATE and map it), an
 * exchange for a frame below 4 GiB, four single frames exchanged for one
 * contiguous order-2 extent (as swiotlb-xen does), and refused requests with
 * Xen 4.17's errors.
 */
#include "guest.h"

const char guest_name[] = "memory";

static uint8_t balloon_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct xen_e820_entry e820[128];

static long reservation(int cmd)
{
    struct xen_memory_domain md = { .domid = DOMID_SELF };

    return hc_memory_op(cmd, &md);
}

static void test_queries(void)
{
    struct xen_machphys_mapping mm;
    long max_ram = hc_memory_op(XENMEM_maximum_ram_page, NULL);
    uint64_t top = 0;

    CHECK_RC(hc_memory_op(XENMEM_machphys_mapping, &mm), 0, "machphys_mapping");
    CHECK(mm.v_start == MACH2PHYS_VIRT_START && mm.v_end > mm.v_start,
          "M2P at %lx-%lx", mm.v_start, mm.v_end);
    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        top = p2m[pfn] > top ? p2m[pfn] : top;
    CHECK(mm.max_mfn >= top, "M2P max_mfn %lx below our frame %lx", mm.max_mfn,
          top);
    CHECK(max_ram >= (long)top, "maximum_ram_page %lx below our frame %lx",
          max_ram, top);
    CHECK_RC(reservation(XENMEM_current_reservation), start_info->nr_pages,
             "current_reservation");
    CHECK(reservation(XENMEM_maximum_reservation) >= (long)start_info->nr_pages,
          "maximum_reservation %ld below nr_pages",
          reservation(XENMEM_maximum_reservation));
    guest_ok("M2P %lx-%lx max_mfn %lx, max RAM page %lx, %lu pages", mm.v_start,
             mm.v_end, mm.max_mfn, max_ram, start_info->nr_pages);
}

static void test_e820(void)
{
    struct xen_memory_map map = { .nr_entries = 128 };
    uint64_t ram = 0, me = virt_to_mfn(balloon_page) << 12;
    int covered = 0;

    set_xen_guest_handle(map.buffer, e820);
    CHECK_RC(hc_memory_op(XENMEM_machine_memory_map, &map), 0,
             "machine_memory_map");
    CHECK(map.nr_entries >= 1 && map.nr_entries <= 128, "%u E820 entries",
          map.nr_entries);
    for (uint32_t i = 0; i < map.nr_entries; i++) {
        if (e820[i].type != XEN_E820_RAM)
            continue;
        ram += e820[i].size;
        if (me >= e820[i].addr && me < e820[i].addr + e820[i].size)
            covered = 1;
    }
    CHECK(ram >= (512UL << 20), "host E820 lists only %lu MiB of RAM",
          ram >> 20);
    CHECK(covered, "our frame %lx lies in no E820 RAM range", me);
    guest_ok("host E820: %u entries, %lu MiB RAM", map.nr_entries, ram >> 20);
}

static long reservation_op(int cmd, xen_pfn_t *list, unsigned long n,
                           uint32_t flags, domid_t dom)
{
    struct xen_memory_reservation r;

    gmemset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, list);
    r.nr_extents = n;
    r.mem_flags = flags;
    r.domid = dom;
    return hc_memory_op(cmd, &r);
}

/* Point our p2m and the M2P at mfn for pfn, then map it at va. */
static void adopt(void *va, uint64_t pfn, uint64_t mfn)
{
    mmu_update_t u = { .ptr = (mfn << 12) | MMU_MACHPHYS_UPDATE, .val = pfn };

    CHECK_RC(hc_mmu_update(&u, 1, NULL, DOMID_SELF), 0, "MMU_MACHPHYS_UPDATE");
    p2m[pfn] = mfn;
    CHECK_RC(map_page(va, mfn, PTE_P | PTE_RW | PTE_A | PTE_D), 0,
             "map the new frame");
}

static void test_balloon(void)
{
    uint64_t pfn = virt_to_pfn(balloon_page);
    xen_pfn_t f = virt_to_mfn(balloon_page);
    uint64_t old = f, pages = start_info->nr_pages;

    CHECK_RC(hc_update_va_mapping((uint64_t)balloon_page, 0, UVMF_INVLPG), 0,
             "unmap the balloon page");
    CHECK_RC(reservation_op(XENMEM_decrease_reservation, &f, 1, 0, DOMID_SELF),
             1, "decrease_reservation");
    CHECK_RC(reservation(XENMEM_current_reservation), pages - 1,
             "current_reservation after decrease");
    f = pfn;
    CHECK_RC(reservation_op(XENMEM_populate_physmap, &f, 1, 0, DOMID_SELF), 1,
             "populate_physmap");
    CHECK(f <= (uint64_t)hc_memory_op(XENMEM_maximum_ram_page, NULL),
          "populate returned frame %lx beyond RAM", f);
    adopt(balloon_page, pfn, f);
    ((volatile uint64_t *)balloon_page)[7] = 0x77;
    CHECK(mfn_to_pfn(f) == pfn, "M2P[%lx] = %lx after update", f,
          mfn_to_pfn(f));
    CHECK_RC(reservation(XENMEM_current_reservation), pages,
             "current_reservation after populate");
    guest_ok("balloon: frame %lx returned, frame %lx populated and mapped", old,
             f);
}

/*
 * The start extent in cmd's high bits (MEMOP_EXTENT_SHIFT), as Xen 4.17
 * takes it: the reservation calls go on from that extent and count it
 * in their result; the other common commands refuse it (-EINVAL); the
 * x86 ones are looked up by the whole of cmd, so are unknown (-ENOSYS).
 */
static long memop_from(int cmd, unsigned long start, void *arg)
{
    return HC(__HYPERVISOR_memory_op,
              (unsigned long)cmd | (start << MEMOP_EXTENT_SHIFT), arg, 0, 0, 0);
}

static void test_start_extent(void)
{
    uint64_t pfn = virt_to_pfn(balloon_page), pages = start_info->nr_pages;
    xen_pfn_t list[2] = { 0x5a5a5, virt_to_mfn(balloon_page) };
    struct xen_memory_reservation r;
    struct xen_machphys_mapping mm;
    struct xen_memory_domain md = { .domid = DOMID_SELF };

    gmemset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, list);
    r.nr_extents = 2;
    r.domid = DOMID_SELF;
    /* Extent 1 only: the balloon page's frame goes, list[0] is not read
     * (0x5a5a5 is no frame of ours: it would stop the count). */
    CHECK_RC(hc_update_va_mapping((uint64_t)balloon_page, 0, UVMF_INVLPG), 0,
             "unmap the balloon page");
    CHECK_RC(memop_from(XENMEM_decrease_reservation, 1, &r), 2,
             "decrease_reservation from extent 1");
    CHECK_RC(reservation(XENMEM_current_reservation), pages - 1,
             "current_reservation after it");
    list[1] = pfn;
    CHECK_RC(memop_from(XENMEM_populate_physmap, 1, &r), 2,
             "populate_physmap from extent 1");
    CHECK(list[0] == 0x5a5a5, "extent 0 written: %lx", list[0]);
    adopt(balloon_page, pfn, list[1]);
    CHECK_RC(reservation(XENMEM_current_reservation), pages,
             "current_reservation after populate");
    guest_expect(memop_from(XENMEM_populate_physmap, 2, &r), 2,
                 "populate_physmap from extent 2 of 2 (nothing to do)");
    guest_expect(memop_from(XENMEM_populate_physmap, 0, (void *)0x1000), 0,
                 "populate_physmap with a bad argument (extents done)");
    guest_expect(memop_from(XENMEM_increase_reservation, 3, (void *)0x1000), 3,
                 "increase_reservation from extent 3, bad argument");
    guest_expect(memop_from(XENMEM_maximum_ram_page, 1, NULL), -XEN_EINVAL,
                 "maximum_ram_page with a start extent");
    guest_expect(memop_from(XENMEM_current_reservation, 1, &md), -XEN_EINVAL,
                 "current_reservation with a start extent");
    guest_expect(memop_from(XENMEM_machphys_mapping, 1, &mm), -XEN_ENOSYS,
                 "machphys_mapping with a start extent");
    guest_expect(memop_from(XENMEM_memory_map, 1, e820), -XEN_ENOSYS,
                 "memory_map with a start extent");
    guest_ok("start extents: balloon page %lx out and frame %lx in from "
             "extent 1",
             pfn, list[1]);
}

static void test_exchange(void)
{
    uint64_t pfn = virt_to_pfn(balloon_page);
    xen_pfn_t in = virt_to_mfn(balloon_page), out = pfn;
    struct xen_memory_exchange ex;

    CHECK_RC(hc_update_va_mapping((uint64_t)balloon_page, 0, UVMF_INVLPG), 0,
             "unmap before exchange");
    gmemset(&ex, 0, sizeof(ex));
    set_xen_guest_handle(ex.in.extent_start, &in);
    ex.in.nr_extents = 1;
    ex.in.domid = DOMID_SELF;
    set_xen_guest_handle(ex.out.extent_start, &out);
    ex.out.nr_extents = 1;
    ex.out.mem_flags = XENMEMF_address_bits(32);
    ex.out.domid = DOMID_SELF;
    CHECK_RC(hc_memory_op(XENMEM_exchange, &ex), 0, "XENMEM_exchange");
    CHECK(ex.nr_exchanged == 1, "exchanged %lu extents", ex.nr_exchanged);
    CHECK(out < (1UL << 20), "exchanged frame %lx not below 4 GiB", out);
    CHECK(mfn_to_pfn(out) == pfn, "exchange left M2P[%lx] = %lx", out,
          mfn_to_pfn(out));
    p2m[pfn] = out;
    CHECK_RC(map_page(balloon_page, out, PTE_P | PTE_RW | PTE_A | PTE_D), 0,
             "map exchanged frame");
    guest_ok("exchange: frame %lx for %lx below 4 GiB", in, out);
}

/* Linux's xen_create_contiguous_region(): 4 single frames for one
 * order-2 extent (what swiotlb-xen asks for its bounce buffers). */
static uint8_t contig_pages[4 * PAGE_SIZE]
    __attribute__((aligned(4 * PAGE_SIZE)));

static void test_exchange_contiguous(void)
{
    uint64_t pfn = virt_to_pfn(contig_pages);
    xen_pfn_t in[4], out = pfn;
    struct xen_memory_exchange ex;

    for (unsigned int k = 0; k < 4; k++) {
        in[k] = virt_to_mfn(contig_pages + k * PAGE_SIZE);
        CHECK_RC(hc_update_va_mapping((uint64_t)(contig_pages + k * PAGE_SIZE),
                                      0, UVMF_INVLPG),
                 0, "unmap before exchange");
    }
    gmemset(&ex, 0, sizeof(ex));
    set_xen_guest_handle(ex.in.extent_start, in);
    ex.in.nr_extents = 4;
    ex.in.domid = DOMID_SELF;
    set_xen_guest_handle(ex.out.extent_start, &out);
    ex.out.nr_extents = 1;
    ex.out.extent_order = 2;
    ex.out.mem_flags = XENMEMF_address_bits(32);
    ex.out.domid = DOMID_SELF;
    CHECK_RC(hc_memory_op(XENMEM_exchange, &ex), 0,
             "XENMEM_exchange 4 x order 0 -> order 2");
    CHECK(ex.nr_exchanged == 4, "exchanged %lu extents", ex.nr_exchanged);
    CHECK(!(out & 3) && out < (1UL << 20), "extent %lx not aligned below 4 GiB",
          out);
    for (unsigned int k = 0; k < 4; k++) {
        CHECK(mfn_to_pfn(out + k) == pfn + k, "M2P[%lx] = %lx", out + k,
              mfn_to_pfn(out + k));
        p2m[pfn + k] = out + k;
        CHECK_RC(map_page(contig_pages + k * PAGE_SIZE, out + k,
                          PTE_P | PTE_RW | PTE_A | PTE_D),
                 0, "map exchanged frame");
        contig_pages[k * PAGE_SIZE + 9] = (uint8_t)k;
    }
    ex.out.nr_extents = 2;
    guest_expect(hc_memory_op(XENMEM_exchange, &ex), -XEN_EINVAL,
                 "exchange of unequal totals");
    guest_ok("exchange: 4 frames for the contiguous extent %lx-%lx", out,
             out + 3);
}

static void test_refusals(void)
{
    xen_pfn_t f;
    struct xen_machphys_mfn_list ml = { .max_extents = 1 };
    mmu_update_t u;

    set_xen_guest_handle(ml.extent_start, &f);
    CHECK_RC(hc_memory_op(XENMEM_machphys_mfn_list, &ml), 0, "M2P frames");
    guest_expect(
        reservation_op(XENMEM_decrease_reservation, &f, 1, 0, DOMID_SELF), 0,
        "decrease_reservation of a Xen frame (extents done)");
    u.ptr = (f << 12) | MMU_MACHPHYS_UPDATE;
    u.val = 0;
    guest_expect(hc_mmu_update(&u, 1, NULL, DOMID_SELF), -XEN_EINVAL,
                 "MMU_MACHPHYS_UPDATE of a Xen frame");
    f = 0;
    /* Reservation ops report extents done: 0 when the domain is missing. */
    guest_expect(reservation_op(XENMEM_populate_physmap, &f, 1, 0, 0x7fe0), 0,
                 "populate_physmap for a missing domain (extents done)");
    guest_expect(reservation_op(XENMEM_populate_physmap, (xen_pfn_t *)0x1000, 1,
                                0, DOMID_SELF),
                 0, "populate_physmap with a bad list (extents done)");
    guest_expect(HC(__HYPERVISOR_memory_op, XENMEM_exchange, 0x1000, 0, 0, 0),
                 -XEN_EFAULT, "exchange with a bad argument");
    guest_expect(hc_memory_op(63, NULL), -XEN_ENOSYS, "unknown memory_op");
    {
        struct xen_memory_map map = { .nr_entries = 128 };
        set_xen_guest_handle(map.buffer, e820);
        /* A PV dom0 has no pseudo-physical map of its own in Xen 4.17. */
        guest_expect(hc_memory_op(XENMEM_memory_map, &map), -XEN_ENOSYS,
                     "dom0's own memory_map");
    }
    CHECK_RC(reservation(XENMEM_current_reservation), start_info->nr_pages,
             "reservation unchanged by refused requests");
    guest_ok("refused memory requests checked");
}

void test_main(void)
{
    guest_install_traps();
    test_queries();
    test_e820();
    test_balloon();
    test_start_extent();
    test_exchange();
    test_exchange_contiguous();
    test_refusals();
}
