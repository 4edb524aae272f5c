/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: the PV console ring shared by a domU and its backend
 * (the frame named by start_info.console.domU.mfn).
 */
#ifndef XENITH_PUBLIC_IO_CONSOLE_H
#define XENITH_PUBLIC_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Reduce a free-running index to a position in a ring of the given size. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];                     /* Backend to guest (keyboard input). */
    char out[2048];                    /* Guest to backend (output). */
    XENCONS_RING_IDX in_cons, in_prod; /* Free-running indices. */
    XENCONS_RING_IDX out_cons, out_prod; /* Free-running indices. */
};
_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons size");

#endif /* XENITH_PUBLIC_IO_CONSOLE_H */
