/* SPDX-License-Identifier: LGPL-2.1-only */
/* The JSON writer (json.h) and the basic types' JSON forms. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define JSON_MAX_DEPTH 64

enum json_state {
    ST_START,     /* nothing written at this depth yet (top level) */
    ST_COMPLETE,  /* top-level value written */
    ST_MAP_START, /* map opened, no key yet */
    ST_MAP_KEY,   /* map expects a key (after a member) */
    ST_MAP_VAL,   /* map expects the value of the key just written */
    ST_ARR_START, /* array opened, no element yet */
    ST_IN_ARRAY,  /* array after an element */
};

struct libxl_json_gen {
    char *buf;
    size_t len, cap;
    bool failed;
    int depth;
    enum json_state state[JSON_MAX_DEPTH + 1];
};

libxl_json_gen *libxl_json_gen_new(void)
{
    return calloc(1, sizeof(libxl_json_gen));
}

void libxl_json_gen_free(libxl_json_gen *g)
{
    if (!g)
        return;
    free(g->buf);
    free(g);
}

char *libxl_json_gen_finish(libxl_json_gen *g)
{
    char *s;

    if (!g)
        return NULL;
    if (g->failed || g->depth != 0 || g->state[0] != ST_COMPLETE) {
        libxl_json_gen_free(g);
        return NULL;
    }
    s = g->buf;
    free(g);
    return s;
}

static void put(libxl_json_gen *g, const char *s, size_t n)
{
    if (g->failed)
        return;
    if (g->len + n + 1 > g->cap) {
        size_t cap = g->cap ? g->cap : 256;
        char *b;
        while (cap < g->len + n + 1)
            cap *= 2;
        b = realloc(g->buf, cap);
        if (!b) {
            g->failed = true;
            return;
        }
        g->buf = b;
        g->cap = cap;
    }
    memcpy(g->buf + g->len, s, n);
    g->len += n;
    g->buf[g->len] = '\0';
}

static void puts_(libxl_json_gen *g, const char *s)
{
    put(g, s, strlen(s));
}

/* Separator and indentation before a new item at the current depth. */
static void before_item(libxl_json_gen *g)
{
    enum json_state st = g->state[g->depth];

    if (st == ST_COMPLETE) {
        g->failed = true; /* a second top-level value */
        return;
    }
    if (st == ST_MAP_KEY || st == ST_IN_ARRAY)
        puts_(g, ",\n");
    else if (st == ST_MAP_VAL)
        puts_(g, ": ");
    if (st != ST_MAP_VAL)
        for (int i = 0; i < g->depth; i++)
            puts_(g, "    ");
}

static void after_item(libxl_json_gen *g)
{
    enum json_state *st = &g->state[g->depth];

    switch (*st) {
    case ST_START:
        *st = ST_COMPLETE;
        puts_(g, "\n");
        break;
    case ST_MAP_START:
    case ST_MAP_KEY:
        *st = ST_MAP_VAL;
        break;
    case ST_MAP_VAL:
        *st = ST_MAP_KEY;
        break;
    case ST_ARR_START:
        *st = ST_IN_ARRAY;
        break;
    default:
        break;
    }
}

static bool in_key_position(libxl_json_gen *g)
{
    enum json_state st = g->state[g->depth];
    return st == ST_MAP_START || st == ST_MAP_KEY;
}

static void open_(libxl_json_gen *g, enum json_state st, const char *c)
{
    if (g->failed)
        return;
    if (in_key_position(g) || g->depth == JSON_MAX_DEPTH) {
        g->failed = true;
        return;
    }
    before_item(g);
    g->state[++g->depth] = st;
    puts_(g, c);
    puts_(g, "\n");
}

static void close_(libxl_json_gen *g, bool map, const char *c)
{
    enum json_state st;

    if (g->failed)
        return;
    st = g->state[g->depth];
    if (g->depth == 0 || (map ? (st != ST_MAP_START && st != ST_MAP_KEY)
                              : (st != ST_ARR_START && st != ST_IN_ARRAY))) {
        g->failed = true;
        return;
    }
    g->depth--;
    puts_(g, "\n");
    for (int i = 0; i < g->depth; i++)
        puts_(g, "    ");
    puts_(g, c);
    after_item(g);
}

void libxl_json_map_open(libxl_json_gen *g)
{
    open_(g, ST_MAP_START, "{");
}

void libxl_json_map_close(libxl_json_gen *g)
{
    close_(g, true, "}");
}

void libxl_json_array_open(libxl_json_gen *g)
{
    open_(g, ST_ARR_START, "[");
}

void libxl_json_array_close(libxl_json_gen *g)
{
    close_(g, false, "]");
}

static void atom(libxl_json_gen *g, const char *text, bool may_be_key)
{
    if (g->failed)
        return;
    if (!may_be_key && in_key_position(g)) {
        g->failed = true;
        return;
    }
    before_item(g);
    puts_(g, text);
    after_item(g);
}

void libxl_json_string(libxl_json_gen *g, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    libxl_json_gen tmp = { 0 };
    const unsigned char *p;

    if (g->failed)
        return;
    if (!s) {
        atom(g, "null", false);
        return;
    }
    /* Build the quoted text apart, then write it as one atom. */
    put(&tmp, "\"", 1);
    for (p = (const unsigned char *)s; *p; p++) {
        char esc[7];
        switch (*p) {
        case '"':
            put(&tmp, "\\\"", 2);
            break;
        case '\\':
            put(&tmp, "\\\\", 2);
            break;
        case '\n':
            put(&tmp, "\\n", 2);
            break;
        case '\r':
            put(&tmp, "\\r", 2);
            break;
        case '\t':
            put(&tmp, "\\t", 2);
            break;
        case '\f':
            put(&tmp, "\\f", 2);
            break;
        case '\b':
            put(&tmp, "\\b", 2);
            break;
        default:
            if (*p < 0x20) {
                esc[0] = '\\';
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[*p >> 4];
                esc[5] = hex[*p & 15];
                put(&tmp, esc, 6);
            } else {
                put(&tmp, (const char *)p, 1);
            }
        }
    }
    put(&tmp, "\"", 1);
    if (tmp.failed)
        g->failed = true;
    else
        atom(g, tmp.buf, true);
    free(tmp.buf);
}

void libxl_json_integer(libxl_json_gen *g, long long v)
{
    char b[32];
    snprintf(b, sizeof(b), "%lld", v);
    atom(g, b, false);
}

void libxl_json_uint64(libxl_json_gen *g, uint64_t v)
{
    char b[32];
    snprintf(b, sizeof(b), "%" PRIu64, v);
    atom(g, b, false);
}

void libxl_json_bool(libxl_json_gen *g, bool v)
{
    atom(g, v ? "true" : "false", false);
}

void libxl_json_null(libxl_json_gen *g)
{
    atom(g, "null", false);
}

/* ---- the basic types ---------------------------------------------------- */

void libxl_defbool_gen_json(libxl_json_gen *g, const libxl_defbool *p)
{
    libxl_json_string(g, libxl_defbool_to_string(*p));
}

void libxl_uuid_gen_json(libxl_json_gen *g, const libxl_uuid *p)
{
    char b[LIBXL_UUID_FMTLEN + 1];
    libxl_uuid_unparse(p, b);
    libxl_json_string(g, b);
}

void libxl_mac_gen_json(libxl_json_gen *g, const libxl_mac *p)
{
    char b[LIBXL_MAC_FMTLEN + 1];
    snprintf(b, sizeof(b), LIBXL_MAC_FMT, LIBXL_MAC_BYTES(*p));
    libxl_json_string(g, b);
}

void libxl_bitmap_gen_json(libxl_json_gen *g, const libxl_bitmap *p)
{
    int i;

    libxl_json_array_open(g);
    libxl_for_each_set_bit(i, *p)
    {
        libxl_json_integer(g, i);
    }
    libxl_json_array_close(g);
}

void libxl_string_list_gen_json(libxl_json_gen *g, const libxl_string_list *p)
{
    libxl_json_array_open(g);
    for (char **s = *p; s && *s; s++)
        libxl_json_string(g, *s);
    libxl_json_array_close(g);
}

void libxl_key_value_list_gen_json(libxl_json_gen *g,
                                   const libxl_key_value_list *p)
{
    libxl_json_map_open(g);
    for (char **s = *p; s && s[0]; s += 2) {
        libxl_json_string(g, s[0]);
        libxl_json_string(g, s[1]);
    }
    libxl_json_map_close(g);
}

void libxl_hwcap_gen_json(libxl_json_gen *g, const libxl_hwcap *p)
{
    libxl_json_array_open(g);
    for (int i = 0; i < 8; i++)
        libxl_json_integer(g, (*p)[i]);
    libxl_json_array_close(g);
}
