/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The boot page tables (4 levels, 48-bit addresses), laid out as Xen
 * 4.17's tools lay them: per mapping, the tables of each level in a row
 * from the top level down, one L4 for all mappings (in the first), no
 * table twice where two mappings share it.  Page-table frames are mapped
 * read-only, as a PV guest's must be.
 */
#include <errno.h>
#include <string.h>

#include "pvbuild_private.h"

#define PVB_LEVELS    4
#define PVB_VA_MASK   ((1ULL << 48) - 1)
#define PVB_LVL_SHIFT 9
#define PTE_PRESENT   0x001ULL
#define PTE_RW        0x002ULL
#define PTE_USER      0x004ULL
#define PTE_ACCESSED  0x020ULL
#define PTE_DIRTY     0x040ULL

static uint64_t pvb_mask(unsigned bits)
{
    return (1ULL << bits) - 1;
}

/* Narrows lvl (of mapping m) so that no table is shared with earlier ones. */
static void pvb_unshare(struct pvb *b, struct pvb_map_lvl *lvl, unsigned l)
{
    unsigned m;

    for (m = 0; m < b->n_mappings; m++) {
        const struct pvb_map_lvl *o = &b->maps[m].lvl[l];
        if (o->from == o->to)
            continue;
        if (lvl->from >= o->from && lvl->to <= o->to) {
            lvl->from = lvl->to = 0;
            return;
        }
        if (lvl->from >= o->from && lvl->from <= o->to)
            lvl->from = o->to + 1;
        if (lvl->to >= o->from && lvl->to <= o->to)
            lvl->to = o->from - 1;
    }
}

int pvb_count_pgtables(struct pvb *b, uint64_t from, uint64_t to, uint64_t pfn)
{
    struct pvb_mapping *map = &b->maps[b->n_mappings];
    unsigned m;
    int l;

    if (b->n_mappings >= 2)
        return pvb_error(b, -EINVAL, "internal: too many boot mappings");
    if (pfn + ((to - from) >> PVB_PAGE_SHIFT) >= b->total_pages)
        return pvb_error(b, -ENOMEM,
                         "not enough memory for the initial mapping of "
                         "%#llx-%#llx (domain has %llu pages): give it more "
                         "memory",
                         (unsigned long long)from, (unsigned long long)to,
                         (unsigned long long)b->total_pages);
    for (m = 0; m < b->n_mappings; m++)
        if (from < b->maps[m].area.to && to > b->maps[m].area.from)
            return pvb_error(b, -EINVAL,
                             "kernel's INIT_P2M area %#llx overlaps its "
                             "initial mapping",
                             (unsigned long long)from);
    memset(map, 0, sizeof(*map));
    map->area.from = from & PVB_VA_MASK;
    map->area.to = to & PVB_VA_MASK;
    for (l = PVB_LEVELS - 1; l >= 0; l--) {
        struct pvb_map_lvl *lvl = &map->lvl[l];
        unsigned bits;

        lvl->pfn = b->pfn_alloc_end + map->area.tables;
        if (l == PVB_LEVELS - 1) {
            if (b->n_mappings == 0) { /* the one L4 */
                lvl->from = 0;
                lvl->to = PVB_VA_MASK;
                lvl->tables = 1;
                map->area.tables++;
            }
            continue;
        }
        bits = PVB_PAGE_SHIFT + (l + 1) * PVB_LVL_SHIFT;
        lvl->from = map->area.from & ~pvb_mask(bits);
        lvl->to = map->area.to | pvb_mask(bits);
        pvb_unshare(b, lvl, l);
        if (lvl->from < lvl->to)
            lvl->tables = (unsigned)(((lvl->to - lvl->from) >> bits) + 1);
        map->area.tables += lvl->tables;
    }
    return 0;
}

static uint64_t pvb_prot(struct pvb *b, int l, uint64_t pfn)
{
    unsigned m;

    if (l > 0)
        return PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY | PTE_USER;
    for (m = 0; m < b->n_mappings; m++) {
        uint64_t s = b->maps[m].lvl[PVB_LEVELS - 1].pfn;
        if (pfn >= s && pfn < s + b->maps[m].area.tables)
            return PTE_PRESENT | PTE_ACCESSED;
    }
    return PTE_PRESENT | PTE_RW | PTE_ACCESSED;
}

/* Fills the tables of level l of mapping m1 (mapped at pg). */
static void pvb_fill(struct pvb *b, unsigned m1, int l, uint64_t *pg)
{
    const struct pvb_map_lvl *me = &b->maps[m1].lvl[l];
    unsigned shift = PVB_PAGE_SHIFT + l * PVB_LVL_SHIFT, m2;

    for (m2 = 0; m2 < b->n_mappings; m2++) {
        const struct pvb_map_lvl *lo =
            l > 0 ? &b->maps[m2].lvl[l - 1] : &b->maps[m2].area;
        uint64_t s, e, p, pfn, lo_from;

        if (l > 0 && !lo->tables)
            continue;
        if (lo->from >= me->to || lo->to <= me->from)
            continue;
        lo_from = lo->from > me->from ? lo->from : me->from;
        s = (lo_from - me->from) >> shift;
        e = ((lo->to < me->to ? lo->to : me->to) - me->from) >> shift;
        pfn = ((lo_from - lo->from) >> shift) + lo->pfn;
        for (p = s; p <= e; p++, pfn++)
            pg[p] = (b->p2m[pfn] << PVB_PAGE_SHIFT) | pvb_prot(b, l, pfn);
    }
}

int pvb_write_pgtables(struct pvb *b)
{
    unsigned m;
    int l;

    for (l = PVB_LEVELS - 1; l >= 0; l--)
        for (m = 0; m < b->n_mappings; m++) {
            const struct pvb_map_lvl *me = &b->maps[m].lvl[l];
            uint64_t *pg;

            if (!me->tables)
                continue;
            pg = pvb_map(b, me->pfn, me->tables);
            if (!pg)
                return -EIO;
            memset(pg, 0, me->tables * PVB_PAGE_SIZE);
            pvb_fill(b, m, l, pg);
            pvb_unmap(pg, me->tables);
        }
    return 0;
}
