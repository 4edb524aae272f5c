/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * escape.c - the value escapes of Xen's xenstore tools.
 */
#include <stdbool.h>
#include <stdio.h>

#include "escape.h"

/*
 * Print a value the way Xen's tools do: \t \n \r \\ for those bytes,
 * three octal digits below 8, \xHH for other unprintable bytes.
 */
void print_escaped(FILE *f, const char *v, unsigned int len, bool raw)
{
    for (unsigned int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];

        if (raw || (c >= ' ' && c <= '~' && c != '\\'))
            fputc(c, f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c == '\\')
            fputs("\\\\", f);
        else if (c < 8)
            fprintf(f, "\\%03o", c);
        else
            fprintf(f, "\\x%02x", c);
    }
}

/* Decode n hex (base 16) or octal (base 8) digits at *in. */
static unsigned int digits(const char **in, int base, int max)
{
    unsigned int v = 0;
    int k = 0;

    for (; k < max; k++) {
        char c = (*in)[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : 99;

        if (d >= base)
            break;
        v = v * (unsigned int)base + (unsigned int)d;
    }
    *in += k;
    return v;
}

/* Undo print_escaped (xenstore-write without -R); returns the length. */
unsigned int unescape(char *s)
{
    const char *in = s;
    char *out = s;

    while (*in) {
        char c = *in++;

        if (c != '\\' || !*in) {
            *out++ = c;
            continue;
        }
        c = *in++;
        if (c == 't')
            c = '\t';
        else if (c == 'n')
            c = '\n';
        else if (c == 'r')
            c = '\r';
        else if (c == 'x')
            c = (char)digits(&in, 16, 2);
        else if (c >= '0' && c <= '7') {
            in--;
            c = (char)digits(&in, 8, 3);
        }
        *out++ = c;
    }
    return (unsigned int)(out - s);
}
