/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU variables.  DEFINE_PER_CPU puts a template copy in the image's
 * .percpu.data section; at boot every CPU present gets its own copy,
 * allocated from the heap, and __per_cpu_offset[cpu] is the distance from
 * the template to that copy.  The array is allocated for nr_cpu_ids CPUs.
 */
#ifndef XENITH_PERCPU_H
#define XENITH_PERCPU_H

#include <xenith/compiler.h>
#include <xenith/asm/current.h>

#define DEFINE_PER_CPU(type, name) \
    __section(".percpu.data") __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name

/* Hide the pointer arithmetic from the optimiser (the template object's
 * bounds say nothing about the copies). */
#define RELOC_HIDE(ptr, off)                \
    ({                                      \
        unsigned long __p;                  \
        __asm__("" : "=r"(__p) : "0"(ptr)); \
        (__typeof__(ptr))(__p + (off));     \
    })

extern unsigned long *__per_cpu_offset;

#define per_cpu(name, cpu) \
    (*RELOC_HIDE(&per_cpu__##name, __per_cpu_offset[cpu]))
#define this_cpu(name) \
    (*RELOC_HIDE(&per_cpu__##name, get_cpu_info()->per_cpu_offset))

/* Allocate the per-CPU copies for nr CPUs; returns 0 or -ENOMEM. */
int percpu_init_areas(unsigned int nr);

#endif /* XENITH_PERCPU_H */
