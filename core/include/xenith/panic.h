/* SPDX-License-Identifier: GPL-2.0-only */
/* Fatal errors. */
#ifndef XENITH_PANIC_H
#define XENITH_PANIC_H

#include <xenith/compiler.h>

/*
 * Print "Panic on CPU N:" and the message, stop the other CPUs, then
 * reboot (or halt forever when "noreboot" is on the command line).
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c)                                                 \
    do {                                                          \
        if (unlikely(c))                                          \
            panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); \
    } while (0)
#define ASSERT(c)                                                            \
    do {                                                                     \
        if (unlikely(!(c)))                                                  \
            panic("Assertion '%s' failed at %s:%d", #c, __FILE__, __LINE__); \
    } while (0)

#endif /* XENITH_PANIC_H */
