/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-CPU areas (see xenith/percpu.h). */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>

extern char __per_cpu_start[], __per_cpu_end[];

unsigned long *__per_cpu_offset;

int percpu_init_areas(unsigned int nr)
{
    size_t size = (size_t)(__per_cpu_end - __per_cpu_start);
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < size)
        order++;
    __per_cpu_offset = xzalloc_array(unsigned long, nr);
    if (!__per_cpu_offset)
        return -ENOMEM;
    for (unsigned int cpu = 0; cpu < nr; cpu++) {
        char *p = alloc_xenheap_pages(order);

        if (!p)
            return -ENOMEM;
        memcpy(p, __per_cpu_start, size);
        __per_cpu_offset[cpu] = (unsigned long)(p - __per_cpu_start);
    }
    return 0;
}
