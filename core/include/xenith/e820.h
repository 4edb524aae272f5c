/* SPDX-License-Identifier: GPL-2.0-only */
/* The firmware memory map (BIOS INT 15h E820 format) and its sanitiser. */
#ifndef XENITH_E820_H
#define XENITH_E820_H

#include <xenith/types.h>

#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5

#define E820MAX 128

struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
};

struct e820map {
    unsigned int nr_map;
    struct e820entry map[E820MAX];
};

/*
 * Sort the map, resolve overlaps (where ranges overlap, the larger type
 * number wins, so any reserved type beats RAM), drop empty entries and
 * merge neighbours of the same type.  Ranges that wrap past 2^64 are
 * clipped.  Returns 0, or -E2BIG if the result would not fit (the map is
 * then left unchanged).
 */
int e820_sanitise(struct e820map *m);

/* Add a range (no sanitising); -E2BIG when the map is full. */
int e820_add(struct e820map *m, uint64_t addr, uint64_t size, uint32_t type);

/* Change [start, end) to the given type and re-sanitise. */
int e820_change_type(struct e820map *m, uint64_t start, uint64_t end,
                     uint32_t type);

/* Total bytes of E820_RAM. */
uint64_t e820_ram_bytes(const struct e820map *m);

/* One past the last byte of E820_RAM. */
uint64_t e820_ram_end(const struct e820map *m);

/* True when [start, end) lies wholly inside ranges of the given type. */
bool e820_all_of_type(const struct e820map *m, uint64_t start, uint64_t end,
                      uint32_t type);

const char *e820_type_name(uint32_t type);

/* Print the map with a title line, Xen style. */
void e820_print(const struct e820map *m, const char *title);

#endif /* XENITH_E820_H */
