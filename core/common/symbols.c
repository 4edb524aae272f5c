/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Symbol lookup in the table that the build embeds in the image (second
 * link pass; see core/Makefile and scripts/gen-symtab.sh).  The table is
 * sorted by address.
 */
#include <xenith/lib.h>
#include <xenith/symbols.h>

extern const unsigned long symtab_count;
extern const unsigned long symtab_addrs[];
extern const uint32_t symtab_offs[];
extern const char symtab_names[];
extern char _stext[], _etext[];

const char *symbol_lookup(unsigned long addr, unsigned long *offset,
                          unsigned long *size)
{
    unsigned long lo = 0, hi = symtab_count;

    if (!hi || addr < (unsigned long)_stext || addr >= (unsigned long)_etext ||
        addr < symtab_addrs[0])
        return NULL;
    /* Last symbol at or below addr. */
    while (hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;

        if (symtab_addrs[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - symtab_addrs[lo];
    *size =
        (lo + 1 < symtab_count ? symtab_addrs[lo + 1] : (unsigned long)_etext) -
        symtab_addrs[lo];
    return symtab_names + symtab_offs[lo];
}
