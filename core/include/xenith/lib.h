/* SPDX-License-Identifier: GPL-2.0-only */
/* Freestanding C library subset and common helper macros. */
#ifndef XENITH_LIB_H
#define XENITH_LIB_H

#include <stdarg.h>
#include <xenith/compiler.h>
#include <xenith/types.h>

#define ROUNDUP(x, a)      (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ROUNDDOWN(x, a)    ((x) & ~((__typeof__(x))(a)-1))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define MIN(a, b)          ((a) < (b) ? (a) : (b))
#define MAX(a, b)          ((a) > (b) ? (a) : (b))

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Parse an unsigned number in base 10, or base 16 with a 0x prefix, from
 * *s; advance *s past the digits.  Returns false if no digit was found or
 * the value overflows 64 bits.
 */
bool parse_u64(const char **s, uint64_t *out);

/* Parse a size with an optional B/K/M/G/T suffix; without a suffix the
 * unit is KiB, as in Xen's command line. */
bool parse_size(const char **s, uint64_t *out);

/* Sort n elements of size sz in place (heap sort; no allocation). */
void sort(void *base, size_t n, size_t sz,
          int (*cmp)(const void *, const void *));

#include <xenith/printk.h>

#endif /* XENITH_LIB_H */
