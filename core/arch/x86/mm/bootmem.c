/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot allocator (see xenith/bootmem.h).  Only the boot CPU runs while it
 * is in use, so it takes no lock.
 */
#include <xenith/bootmem.h>
#include <xenith/config.h>
#include <xenith/lib.h>

#define MAX_RANGES 256

struct range {
    paddr_t start, end;
};

static struct range ranges[MAX_RANGES];
static unsigned int nr_ranges;
static bool handed_over;

static void add_range(paddr_t start, paddr_t end)
{
    start = ROUNDUP(start, PAGE_SIZE);
    end = ROUNDDOWN(end, PAGE_SIZE);
    if (end <= start)
        return;
    if (nr_ranges == MAX_RANGES) {
        printk(XENLOG_WARNING "bootmem: too many ranges, dropping "
                              "%#llx-%#llx\n",
               (unsigned long long)start, (unsigned long long)end);
        return;
    }
    ranges[nr_ranges].start = start;
    ranges[nr_ranges].end = end;
    nr_ranges++;
}

void bootmem_init(const struct e820map *e820)
{
    nr_ranges = 0;
    handed_over = false;
    for (unsigned int i = 0; i < e820->nr_map; i++)
        if (e820->map[i].type == E820_RAM)
            add_range(e820->map[i].addr, e820->map[i].addr + e820->map[i].size);
}

void bootmem_reserve(paddr_t start, paddr_t end)
{
    start = ROUNDDOWN(start, PAGE_SIZE);
    end = ROUNDUP(end, PAGE_SIZE);
    for (unsigned int i = 0; i < nr_ranges; i++) {
        struct range *r = &ranges[i];

        if (end <= r->start || start >= r->end)
            continue;
        if (start > r->start && end < r->end) {
            /* Split: keep the low part here, add the high part. */
            paddr_t hi_end = r->end;

            r->end = start;
            add_range(end, hi_end);
        } else if (start <= r->start && end >= r->end) {
            r->end = r->start; /* Fully covered: leave an empty range. */
        } else if (start <= r->start) {
            r->start = end;
        } else {
            r->end = start;
        }
    }
}

paddr_t bootmem_alloc(unsigned long nr, unsigned long align, paddr_t limit)
{
    paddr_t size = (paddr_t)nr << PAGE_SHIFT;
    paddr_t al = (paddr_t)align << PAGE_SHIFT;
    struct range *best = NULL;
    paddr_t best_pa = 0;

    if (handed_over || !nr || !align)
        return 0;
    for (unsigned int i = 0; i < nr_ranges; i++) {
        struct range *r = &ranges[i];
        paddr_t top = MIN(r->end, limit), pa;

        if (top < size || top - size < r->start)
            continue;
        pa = ROUNDDOWN(top - size, al);
        if (pa < r->start || pa == 0)
            continue;
        if (pa > best_pa) {
            best_pa = pa;
            best = r;
        }
    }
    if (!best)
        return 0;
    /* Give the tail beyond the allocation back as its own range. */
    if (best_pa + size < best->end) {
        paddr_t tail = best->end;

        best->end = best_pa;
        add_range(best_pa + size, tail);
    } else {
        best->end = best_pa;
    }
    return best_pa;
}

void bootmem_handover(void (*fn)(paddr_t start, paddr_t end))
{
    for (unsigned int i = 0; i < nr_ranges; i++)
        if (ranges[i].end > ranges[i].start)
            fn(ranges[i].start, ranges[i].end);
    nr_ranges = 0;
    handed_over = true;
}

uint64_t bootmem_free_bytes(void)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < nr_ranges; i++)
        total += ranges[i].end - ranges[i].start;
    return total;
}
