/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types shared by all hypervisor code (and by host unit tests). */
#ifndef XENITH_TYPES_H
#define XENITH_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
typedef int64_t s_time_t; /* System time in nanoseconds since boot. */

#define PRIpaddr "016llx"

#endif /* XENITH_TYPES_H */
