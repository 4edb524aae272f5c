/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * E820 memory map sanitising (pure logic; host-tested by
 * tests/unit/test_e820.c).
 */
#include <xenith/e820.h>
#include <xenith/errno.h>
#include <xenith/lib.h>

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Highest type among the entries covering [lo, hi), 0 if none. */
static uint32_t type_at(const struct e820map *m, uint64_t lo, uint64_t hi)
{
    uint32_t t = 0;

    for (unsigned int i = 0; i < m->nr_map; i++) {
        const struct e820entry *e = &m->map[i];
        uint64_t end = e->addr + e->size;

        if (end < e->addr)
            end = UINT64_MAX;
        if (e->addr <= lo && end >= hi && e->type > t)
            t = e->type;
    }
    return t;
}

int e820_sanitise(struct e820map *m)
{
    static uint64_t pts[2 * E820MAX];
    static struct e820map out;
    unsigned int npts = 0, i;

    for (i = 0; i < m->nr_map; i++) {
        uint64_t end = m->map[i].addr + m->map[i].size;

        if (!m->map[i].size)
            continue;
        if (end < m->map[i].addr)
            end = UINT64_MAX;
        pts[npts++] = m->map[i].addr;
        pts[npts++] = end;
    }
    sort(pts, npts, sizeof(pts[0]), cmp_u64);
    out.nr_map = 0;
    for (i = 0; i + 1 < npts; i++) {
        uint64_t lo = pts[i], hi = pts[i + 1];
        uint32_t t;
        struct e820entry *last;

        if (lo == hi)
            continue;
        t = type_at(m, lo, hi);
        if (!t)
            continue;
        last = out.nr_map ? &out.map[out.nr_map - 1] : NULL;
        if (last && last->type == t && last->addr + last->size == lo) {
            last->size += hi - lo;
            continue;
        }
        if (out.nr_map == E820MAX)
            return -E2BIG;
        out.map[out.nr_map].addr = lo;
        out.map[out.nr_map].size = hi - lo;
        out.map[out.nr_map].type = t;
        out.nr_map++;
    }
    *m = out;
    return 0;
}

int e820_add(struct e820map *m, uint64_t addr, uint64_t size, uint32_t type)
{
    if (m->nr_map >= E820MAX)
        return -E2BIG;
    m->map[m->nr_map].addr = addr;
    m->map[m->nr_map].size = size;
    m->map[m->nr_map].type = type;
    m->nr_map++;
    return 0;
}

/*
 * Retyping works by carving: every entry is cut around [start, end), the
 * range is re-added with the new type, and the map is sanitised.
 */
int e820_change_type(struct e820map *m, uint64_t start, uint64_t end,
                     uint32_t type)
{
    static struct e820map tmp;
    int rc;

    if (end <= start)
        return 0;
    tmp.nr_map = 0;
    for (unsigned int i = 0; i < m->nr_map; i++) {
        const struct e820entry *e = &m->map[i];
        uint64_t e_end = e->addr + e->size;

        if (e_end <= start || e->addr >= end) {
            rc = e820_add(&tmp, e->addr, e->size, e->type);
        } else {
            rc = 0;
            if (e->addr < start)
                rc = e820_add(&tmp, e->addr, start - e->addr, e->type);
            if (!rc && e_end > end)
                rc = e820_add(&tmp, end, e_end - end, e->type);
        }
        if (rc)
            return rc;
    }
    rc = e820_add(&tmp, start, end - start, type);
    if (!rc)
        rc = e820_sanitise(&tmp);
    if (!rc)
        *m = tmp;
    return rc;
}

uint64_t e820_ram_bytes(const struct e820map *m)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < m->nr_map; i++)
        if (m->map[i].type == E820_RAM)
            total += m->map[i].size;
    return total;
}

uint64_t e820_ram_end(const struct e820map *m)
{
    uint64_t end = 0;

    for (unsigned int i = 0; i < m->nr_map; i++)
        if (m->map[i].type == E820_RAM && m->map[i].addr + m->map[i].size > end)
            end = m->map[i].addr + m->map[i].size;
    return end;
}

bool e820_all_of_type(const struct e820map *m, uint64_t start, uint64_t end,
                      uint32_t type)
{
    uint64_t cur = start;
    bool progress = true;

    /* The map is sorted after sanitising, but do not rely on it. */
    while (cur < end && progress) {
        progress = false;
        for (unsigned int i = 0; i < m->nr_map; i++) {
            const struct e820entry *e = &m->map[i];

            if (e->type == type && e->addr <= cur && e->addr + e->size > cur) {
                cur = e->addr + e->size;
                progress = true;
            }
        }
    }
    return cur >= end;
}

const char *e820_type_name(uint32_t type)
{
    switch (type) {
    case E820_RAM:
        return "usable";
    case E820_RESERVED:
        return "reserved";
    case E820_ACPI:
        return "ACPI data";
    case E820_NVS:
        return "ACPI NVS";
    case E820_UNUSABLE:
        return "unusable";
    default:
        return "type?";
    }
}

void e820_print(const struct e820map *m, const char *title)
{
    printk("%s\n", title);
    for (unsigned int i = 0; i < m->nr_map; i++) {
        const struct e820entry *e = &m->map[i];

        if (e->type > E820_UNUSABLE)
            printk(" %016llx - %016llx (type %u)\n",
                   (unsigned long long)e->addr,
                   (unsigned long long)(e->addr + e->size), e->type);
        else
            printk(" %016llx - %016llx (%s)\n", (unsigned long long)e->addr,
                   (unsigned long long)(e->addr + e->size),
                   e820_type_name(e->type));
    }
}
