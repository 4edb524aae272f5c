/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The output buffered between a guest's ring and its pty, with the output
 * limit (see struct outbuf in xenconsoled.h).
 */
#include <stdlib.h>
#include <string.h>

#include "xenconsoled.h"

bool outbuf_accepts(const struct outbuf *b)
{
    return b->discard || !b->max || outbuf_pending(b) < b->max;
}

size_t outbuf_pending(const struct outbuf *b)
{
    return b->size - b->consumed;
}

const char *outbuf_head(const struct outbuf *b)
{
    return b->data + b->consumed;
}

/* Moves what is still pending to the start of data. */
static void outbuf_compact(struct outbuf *b)
{
    size_t n = outbuf_pending(b);

    if (b->consumed && n)
        memmove(b->data, b->data + b->consumed, n);
    b->size = n;
    b->consumed = 0;
}

int outbuf_append(struct outbuf *b, const char *p, size_t n)
{
    if (!n)
        return 0;
    if (b->capacity - b->size < n) {
        outbuf_compact(b);
        if (b->capacity - b->size < n) {
            size_t cap = b->size + n + 1024;
            char *d = realloc(b->data, cap);

            if (!d)
                return -1;
            b->data = d;
            b->capacity = cap;
        }
    }
    memcpy(b->data + b->size, p, n);
    b->size += n;
    if (b->discard && b->max && outbuf_pending(b) > b->max) {
        size_t over = outbuf_pending(b) - b->max;

        b->consumed += over;
        b->dropped += over;
    }
    return 0;
}

void outbuf_consume(struct outbuf *b, size_t n)
{
    if (n > outbuf_pending(b))
        n = outbuf_pending(b);
    b->consumed += n;
    if (b->consumed == b->size) {
        b->size = b->consumed = 0;
        /* Give back a buffer a burst made large. */
        if (b->max && b->capacity > 2 * b->max + 1024) {
            free(b->data);
            b->data = NULL;
            b->capacity = 0;
        }
    }
}

void outbuf_free(struct outbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->size = b->consumed = b->capacity = 0;
}
