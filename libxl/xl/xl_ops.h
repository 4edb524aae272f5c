/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers the domain-operation and information commands share
 * (xl/xl_ops.c). */
#ifndef XL_OPS_H
#define XL_OPS_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "xl.h"

/* xl_find_domain, or exit(EXIT_FAILURE) after its message. */
uint32_t xl_domain_or_exit(const char *name_or_id);

/* A CPU map as Xen's xl prints it: "all", "none" or "0-3,6". */
void xl_print_bitmap(const uint8_t *map, int nr_bits, FILE *f);

/*
 * "1024", "512m", "2g", "4096k", "1t", "1048576b": KiB; -1 when malformed
 * (no suffix means MiB, as Xen's xl).
 */
int64_t xl_parse_mem_size_kb(const char *s);

#endif
