/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Saving and restoring PV domains (lib/domain_save*.c, lib/domain_restore.c,
 * builder/pvrestore.c): what both sides share.
 */
#ifndef LIBXL_SAVE_PRIVATE_H
#define LIBXL_SAVE_PRIVATE_H

#include <stdint.h>

/* 64-bit PV page-table entries: the frame bits, the hypervisor's L4
 * slots (left empty in the stream; the hypervisor fills them). */
#define SR_PTE_FRAME_MASK (((1ULL << 40) - 1) << 12)
#define SR_L4_XEN_FIRST   256
#define SR_L4_XEN_LAST    271
/* A p2m entry that is no frame (Linux's invalid, foreign and identity
 * markers all set high bits). */
#define SR_MFN_INVALID(m) ((m) >= (1ULL << 52))

/* Live migration: pre-copy rounds stop after this many, or when a
 * round's dirty pages are no fewer than the round before. */
#define SR_MAX_ROUNDS      8
#define SR_DIRTY_THRESHOLD 50 /* pages: few enough to stop and copy */

#endif
