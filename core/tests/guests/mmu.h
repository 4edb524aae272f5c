/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared between mmu.c and mmu-hostile.c.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include "guest.h"

#define NPAGES 12
extern uint8_t pages[NPAGES][PAGE_SIZE];
extern uint8_t scratch[PAGE_SIZE];

#define expect guest_expect

uint64_t mfn_of(void *p);
long mmuext1(unsigned int cmd, uint64_t arg1);
long pt_write(uint64_t maddr, uint64_t val, unsigned int cmd);
uint64_t l4_maddr(unsigned int slot);
void test_hostile(void);

#endif
