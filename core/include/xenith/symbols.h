/* SPDX-License-Identifier: GPL-2.0-only */
/* The image's own text symbols, for stack traces (common/symbols.c). */
#ifndef XENITH_SYMBOLS_H
#define XENITH_SYMBOLS_H

/*
 * Name of the function containing addr; *offset is addr's distance from
 * its start and *size the distance to the next symbol.  NULL if addr is
 * not in the image's text.
 */
const char *symbol_lookup(unsigned long addr, unsigned long *offset,
                          unsigned long *size);

#endif /* XENITH_SYMBOLS_H */
