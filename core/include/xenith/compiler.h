/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiler helpers.  This header is force-included into every hypervisor
 * translation unit (see core/Makefile), so it must stay small and must not
 * include anything else.
 */
#ifndef XENITH_COMPILER_H
#define XENITH_COMPILER_H

#if !defined(__ASSEMBLY__) && !defined(XENITH_HOST_TEST)
/*
 * The image is compiled position-independent (so it can be linked inside
 * Xen's reserved L4 slots 256-271) but linked statically.  Hidden
 * visibility makes every reference RIP-relative instead of going through a
 * global offset table.
 */
#pragma GCC visibility push(hidden)
#endif

#ifndef __ASSEMBLY__

#define __used         __attribute__((__used__))
#define __unused       __attribute__((__unused__))
#define __section(s)   __attribute__((__section__(s)))
#define __aligned(a)   __attribute__((__aligned__(a)))
#define __packed       __attribute__((__packed__))
#define __noreturn     __attribute__((__noreturn__))
#define __printf(a, b) __attribute__((__format__(__printf__, a, b)))
#define __weak         __attribute__((__weak__))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define barrier() __asm__ __volatile__("" ::: "memory")

#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#endif /* !__ASSEMBLY__ */

#endif /* XENITH_COMPILER_H */
