/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf: flags '-', '0', ' ', '+', '#', field width and
 * precision (also '*'), length modifiers hh, h, l, ll, z, t, j and the
 * conversions d i u x X o c s p %.  Output is always NUL-terminated when
 * size > 0; the return value is the length the full output would have.
 */
#include <xenith/lib.h>

struct out {
    char *buf;
    size_t size;
    size_t len;
};

struct spec {
    bool left, zero, plus, space, alt;
    int width, prec;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padding(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

static void put_number(struct out *o, uint64_t v, bool neg, unsigned int base,
                       bool upper, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, prefix_len = 0, zeros = 0, width;
    char sign = 0;
    const char *prefix = "";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (sp->prec == 0 && n == 1 && tmp[0] == '0')
        n = 0;
    if (neg)
        sign = '-';
    else if (sp->plus)
        sign = '+';
    else if (sp->space)
        sign = ' ';
    if (sp->alt && base == 16) {
        prefix = upper ? "0X" : "0x";
        prefix_len = 2;
    } else if (sp->alt && base == 8) {
        prefix = "0";
        prefix_len = 1;
    }
    if (sp->prec > n)
        zeros = sp->prec - n;
    width = n + zeros + prefix_len + (sign ? 1 : 0);
    if (sp->zero && !sp->left && sp->prec < 0 && sp->width > width) {
        zeros += sp->width - width;
        width = sp->width;
    }
    if (!sp->left)
        put_padding(o, ' ', sp->width - width);
    if (sign)
        put(o, sign);
    while (*prefix)
        put(o, *prefix++);
    put_padding(o, '0', zeros);
    while (n)
        put(o, tmp[--n]);
    if (sp->left)
        put_padding(o, ' ', sp->width - width);
}

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
    int n;

    if (!s)
        s = "(null)";
    n = (int)strnlen(s, sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec);
    if (!sp->left)
        put_padding(o, ' ', sp->width - n);
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        put_padding(o, ' ', sp->width - n);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    memset(sp, 0, sizeof(*sp));
    sp->prec = -1;
    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '0')
            sp->zero = true;
        else if (*f == '+')
            sp->plus = true;
        else if (*f == ' ')
            sp->space = true;
        else if (*f == '#')
            sp->alt = true;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = -sp->width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9')
            sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        sp->prec = 0;
        if (*f == '*') {
            sp->prec = va_arg(*ap, int);
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                sp->prec = sp->prec * 10 + (*f++ - '0');
        }
    }
    return f;
}

/* Read an integer argument of the given length (0 int, 1 long, 2 ll...). */
static uint64_t get_arg(va_list *ap, int lng, bool is_signed, bool *neg)
{
    int64_t s;

    *neg = false;
    if (!is_signed) {
        if (lng >= 1)
            return va_arg(*ap, unsigned long long);
        return va_arg(*ap, unsigned int);
    }
    s = lng >= 1 ? va_arg(*ap, long long) : va_arg(*ap, int);
    if (s < 0) {
        *neg = true;
        return (uint64_t)0 - (uint64_t)s;
    }
    return (uint64_t)s;
}

static const char *parse_length(const char *f, int *lng, int *narrow)
{
    *lng = 0;
    *narrow = 0;
    for (;; f++) {
        if (*f == 'l' || *f == 'z' || *f == 't' || *f == 'j')
            (*lng)++;
        else if (*f == 'h')
            (*narrow)++;
        else
            return f;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
    struct out o = { buf, size, 0 };
    struct spec sp;
    va_list ap;
    int lng, narrow;
    bool neg;
    uint64_t v;

    va_copy(ap, ap_in);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put(&o, *f);
            continue;
        }
        f = parse_spec(f + 1, &sp, &ap);
        f = parse_length(f, &lng, &narrow);
        switch (*f) {
        case 'd':
        case 'i':
            v = get_arg(&ap, lng, true, &neg);
            if (narrow == 1 && !lng)
                v = neg ? (uint16_t) - (int16_t)v : (uint16_t)v;
            put_number(&o, v, neg, 10, false, &sp);
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            v = get_arg(&ap, lng, false, &neg);
            if (narrow == 1 && !lng)
                v = (uint16_t)v;
            else if (narrow >= 2 && !lng)
                v = (uint8_t)v;
            put_number(&o, v, false, *f == 'u' ? 10 : (*f == 'o' ? 8 : 16),
                       *f == 'X', &sp);
            break;
        case 'p':
            sp.alt = true;
            put_number(&o, (uintptr_t)va_arg(ap, void *), false, 16, false,
                       &sp);
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's':
            put_string(&o, va_arg(ap, const char *), &sp);
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            f--;
            break;
        default:
            put(&o, '%');
            put(&o, *f);
            break;
        }
    }
    va_end(ap);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
