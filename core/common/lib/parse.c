/* SPDX-License-Identifier: GPL-2.0-only */
/* Number parsing and sorting helpers (pure logic; host-testable). */
#include <xenith/lib.h>

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool parse_u64(const char **s, uint64_t *out)
{
    const char *p = *s;
    unsigned int base = 10;
    uint64_t v = 0;
    int d, ndigits = 0;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) >= 0) {
        base = 16;
        p += 2;
    }
    while ((d = digit_value(*p)) >= 0 && (unsigned int)d < base) {
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
        p++;
        ndigits++;
    }
    if (!ndigits)
        return false;
    *s = p;
    *out = v;
    return true;
}

bool parse_size(const char **s, uint64_t *out)
{
    const char *p = *s;
    uint64_t v;
    unsigned int shift = 0;

    if (!parse_u64(&p, &v))
        return false;
    switch (*p) {
    case 'T':
    case 't':
        shift = 40;
        break;
    case 'G':
    case 'g':
        shift = 30;
        break;
    case 'M':
    case 'm':
        shift = 20;
        break;
    case 'K':
    case 'k':
        shift = 10;
        break;
    case 'B':
    case 'b':
        shift = 0;
        break;
    default:
        shift = 10; /* No suffix: KiB, as on Xen's command line. */
        p--;
        break;
    }
    p++;
    if (shift && v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    *s = p;
    return true;
}

static void swap_bytes(char *a, char *b, size_t sz)
{
    while (sz--) {
        char t = *a;

        *a++ = *b;
        *b++ = t;
    }
}

static void sift_down(char *base, size_t root, size_t n, size_t sz,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;

        if (child >= n)
            return;
        if (child + 1 < n &&
            cmp(base + child * sz, base + (child + 1) * sz) < 0)
            child++;
        if (cmp(base + root * sz, base + child * sz) >= 0)
            return;
        swap_bytes(base + root * sz, base + child * sz, sz);
        root = child;
    }
}

void sort(void *base, size_t n, size_t sz,
          int (*cmp)(const void *, const void *))
{
    char *b = base;
    size_t i;

    if (n < 2)
        return;
    for (i = n / 2; i-- > 0;)
        sift_down(b, i, n, sz, cmp);
    for (i = n - 1; i > 0; i--) {
        swap_bytes(b, b + i * sz, sz);
        sift_down(b, 0, i, sz, cmp);
    }
}
