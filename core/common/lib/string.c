/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String and memory functions.  The compiler emits calls to memcpy,
 * memset, memmove and memcmp on its own, so these must exist even when no
 * code calls them by name.  The mem* routines are inline assembly (8-byte
 * moves and x86 string instructions), which also keeps the compiler from
 * turning them into calls to themselves.
 */
#include <xenith/lib.h>

/*
 * Bulk copies and fills move 64 bytes a loop with 8-byte moves, then
 * finish with the byte-wise string instruction.  A repeated string
 * instruction costs one emulator round trip per element under QEMU's TCG,
 * and byte elements made building a dom0 (hundreds of MiB) take seconds.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t blocks = n >> 6;

    if (blocks) {
        unsigned long t0, t1, t2, t3;

        __asm__ __volatile__(
            "1:\n\t"
            "mov 0(%[s]), %[a]\n\t"
            "mov 8(%[s]), %[b]\n\t"
            "mov 16(%[s]), %[c]\n\t"
            "mov 24(%[s]), %[e]\n\t"
            "mov %[a], 0(%[d])\n\t"
            "mov %[b], 8(%[d])\n\t"
            "mov %[c], 16(%[d])\n\t"
            "mov %[e], 24(%[d])\n\t"
            "mov 32(%[s]), %[a]\n\t"
            "mov 40(%[s]), %[b]\n\t"
            "mov 48(%[s]), %[c]\n\t"
            "mov 56(%[s]), %[e]\n\t"
            "mov %[a], 32(%[d])\n\t"
            "mov %[b], 40(%[d])\n\t"
            "mov %[c], 48(%[d])\n\t"
            "mov %[e], 56(%[d])\n\t"
            "lea 64(%[s]), %[s]\n\t"
            "lea 64(%[d]), %[d]\n\t"
            "dec %[n]\n\t"
            "jnz 1b"
            : [d] "+r"(d), [s] "+r"(src), [n] "+r"(blocks), [a] "=&r"(t0),
              [b] "=&r"(t1), [c] "=&r"(t2), [e] "=&r"(t3)
            :
            : "memory", "cc");
        n &= 63;
    }
    __asm__ __volatile__("rep movsb"
                         : "+D"(d), "+S"(src), "+c"(n)
                         :
                         : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    /* Overlap with dst above src: copy backwards. */
    d += n - 1;
    s += n - 1;
    __asm__ __volatile__("std; rep movsb; cld"
                         : "+D"(d), "+S"(s), "+c"(n)
                         :
                         : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    size_t blocks = n >> 6;

    if (blocks) {
        unsigned long v = 0x0101010101010101UL * (unsigned char)c;

        __asm__ __volatile__("1:\n\t"
                             "mov %[v], 0(%[d])\n\t"
                             "mov %[v], 8(%[d])\n\t"
                             "mov %[v], 16(%[d])\n\t"
                             "mov %[v], 24(%[d])\n\t"
                             "mov %[v], 32(%[d])\n\t"
                             "mov %[v], 40(%[d])\n\t"
                             "mov %[v], 48(%[d])\n\t"
                             "mov %[v], 56(%[d])\n\t"
                             "lea 64(%[d]), %[d]\n\t"
                             "dec %[n]\n\t"
                             "jnz 1b"
                             : [d] "+r"(d), [n] "+r"(blocks)
                             : [v] "r"(v)
                             : "memory", "cc");
        n &= 63;
    }
    __asm__ __volatile__("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

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
