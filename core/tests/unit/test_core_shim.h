/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the few hypervisor services that the boot-platform
 * sources under test call (console output, strlcpy).  Include once, from
 * the test program's .c file.
 */
#ifndef TEST_CORE_SHIM_H
#define TEST_CORE_SHIM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

/* Console output of the code under test goes to stdout. */
void printk(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

#if !defined(__GLIBC__) || __GLIBC__ < 2 || \
    (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38)
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len >= size ? size - 1 : len;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
#endif

#endif /* TEST_CORE_SHIM_H */
