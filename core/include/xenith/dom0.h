/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dom0 sizing from the command line (Xen's syntax):
 *   dom0_mem=[min:<size>,][max:<size>,][<size>]   sizes with B/K/M/G/T
 *                                                 suffix (KiB without one);
 *                                                 a negative <size> ("-512M")
 *                                                 means "all but this much"
 *   dom0_max_vcpus=<n> | <min>-<max> | <min>- | -<max>
 * The domain builder reads the parsed values from dom0_opts.
 */
#ifndef XENITH_DOM0_H
#define XENITH_DOM0_H

#include <xenith/types.h>

struct dom0_opts {
    uint64_t mem;           /* bytes requested (0: builder's default) */
    bool mem_all_but;       /* mem is what to leave to the hypervisor */
    uint64_t mem_min;       /* 0: no minimum */
    uint64_t mem_max;       /* 0: no maximum */
    unsigned int min_vcpus; /* 1 unless given */
    unsigned int max_vcpus; /* 0: one per physical CPU */
};

extern struct dom0_opts dom0_opts;

/* Parsers (also used by host tests); 0 or -EINVAL, *o changed only on
 * success. */
int dom0_parse_mem(const char *s, struct dom0_opts *o);
int dom0_parse_max_vcpus(const char *s, struct dom0_opts *o);

#endif /* XENITH_DOM0_H */
