/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copying to and from the current guest's virtual memory.  Guest addresses
 * must lie outside the hypervisor's range (L4 slots 256-271) and be
 * canonical; a fault during the copy is caught (exception fixup), so a bad
 * guest pointer gives -EFAULT, never a hypervisor crash.  SMAP is lifted
 * only for the duration of the copy.
 */
#ifndef XENITH_GUEST_ACCESS_H
#define XENITH_GUEST_ACCESS_H

#include <public/xen.h> /* HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END */
#include <xenith/types.h>

/* True if [va, va + n) is a canonical range outside the hypervisor's. */
bool guest_range_ok(uint64_t va, size_t n);

/* Bytes NOT copied (0 on success). */
size_t raw_copy_from_guest(void *dst, uint64_t va, size_t n);
size_t raw_copy_to_guest(uint64_t va, const void *src, size_t n);

/* 0, or -EFAULT if the range is bad or any byte could not be copied. */
int copy_from_guest(void *dst, uint64_t va, size_t n);
int copy_to_guest(uint64_t va, const void *src, size_t n);

#endif /* XENITH_GUEST_ACCESS_H */
