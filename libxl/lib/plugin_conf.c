/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The plugin .conf reader: the part of the xl.cfg syntax a plugin's
 * settings need (KEY = "string" or number; no lists, no +=).  xl.cfg's
 * own parser (xlu/cfg.c) is in libxlutil, GPL-2.0-only and linked into xl
 * alone; libxenlight, LGPL-2.1-only and used by other programs, reads the
 * plugins' files itself, so it cannot call it.
 */
#include <ctype.h>
#include <stdio.h>

#include "plugin_private.h"

struct reader {
    libxl__gc *gc;
    const char *path;
    const char *p; /* the next character */
    int line;
    char **why;
};

static int fail(struct reader *r, const char *what)
{
    *r->why = libxl__sprintf(r->gc, "%s:%d: %s", r->path, r->line, what);
    return ERROR_FAIL;
}

/* The text from start to the reader's position. */
static char *dup_range(struct reader *r, const char *start)
{
    char *s = libxl__zalloc(r->gc, (size_t)(r->p - start) + 1);

    memcpy(s, start, (size_t)(r->p - start));
    return s;
}

/* Skips blanks and comments, not newlines. */
static void skip_blank(struct reader *r)
{
    for (;;) {
        if (*r->p == ' ' || *r->p == '\t' || *r->p == '\r')
            r->p++;
        else if (*r->p == '#')
            while (*r->p && *r->p != '\n')
                r->p++;
        else
            return;
    }
}

/* A quoted string, with the escapes of xl.cfg (\n \t \\ \" \' \xHH). */
static int read_string(struct reader *r, char **out)
{
    char quote = *r->p++;
    size_t cap = 32, n = 0;
    char *s = libxl__zalloc(r->gc, cap);

    while (*r->p != quote) {
        char c = *r->p++;

        if (!c || c == '\n')
            return fail(r, "unterminated string");
        if (c == '\\') {
            c = *r->p++;
            switch (c) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case '\\':
            case '"':
            case '\'':
                break;
            case 'x':
                if (!isxdigit((unsigned char)r->p[0]) ||
                    !isxdigit((unsigned char)r->p[1]))
                    return fail(r, "\\x needs two hexadecimal digits");
                c = (char)strtoul((char[]){ r->p[0], r->p[1], 0 }, NULL, 16);
                r->p += 2;
                break;
            default:
                return fail(r, "unknown escape in string");
            }
        }
        if (n + 2 > cap) {
            cap *= 2;
            s = libxl__realloc(r->gc, s, cap);
        }
        s[n++] = c;
    }
    r->p++;
    s[n] = 0;
    *out = s;
    return 0;
}

/* One KEY = VALUE statement; r->p is at the key. */
static int read_item(struct reader *r, libxl__plugin_conf_item *it)
{
    const char *start = r->p;

    if (!isalpha((unsigned char)*r->p) && *r->p != '_')
        return fail(r, "syntax error: expected KEY = VALUE");
    while (isalnum((unsigned char)*r->p) || *r->p == '_' || *r->p == '.')
        r->p++;
    it->key = dup_range(r, start);
    it->line = r->line;
    skip_blank(r);
    if (*r->p != '=')
        return fail(r, "syntax error: expected KEY = VALUE");
    r->p++;
    skip_blank(r);
    if (*r->p == '"' || *r->p == '\'') {
        it->is_string = true;
        return read_string(r, &it->value);
    }
    if (*r->p == '[')
        return fail(r, "lists are not used in plugin configuration");
    start = r->p;
    if (*r->p == '-' || *r->p == '+')
        r->p++;
    if (!isdigit((unsigned char)*r->p))
        return fail(r, "syntax error: a value is a \"string\" or a number");
    while (isalnum((unsigned char)*r->p) || *r->p == '.')
        r->p++;
    it->value = dup_range(r, start);
    return 0;
}

int libxl__plugin_conf_read(libxl__gc *gc, const char *path,
                            libxl__plugin_conf_item **items, int *nr,
                            char **why)
{
    struct reader r = { .gc = gc, .path = path, .line = 1, .why = why };
    libxl__plugin_conf_item *v = NULL;
    int n = 0, rc;
    char *text;
    size_t len;
    FILE *f;

    *items = NULL;
    *nr = 0;
    f = fopen(path, "r");
    if (!f) {
        *why = GCSPRINTF("%s: cannot read: %s", path, strerror(errno));
        return ERROR_FAIL;
    }
    text = NULL;
    len = 0;
    if (getdelim(&text, &len, 0, f) < 0 && ferror(f)) {
        *why = GCSPRINTF("%s: cannot read: %s", path, strerror(errno));
        fclose(f);
        free(text);
        return ERROR_FAIL;
    }
    fclose(f);
    r.p = text ? libxl__gc_adopt(gc, text) : "";

    for (;;) {
        libxl__plugin_conf_item it = { 0 };
        int i;

        skip_blank(&r);
        if (!*r.p)
            break;
        if (*r.p == '\n' || *r.p == ';') {
            if (*r.p++ == '\n')
                r.line++;
            continue;
        }
        rc = read_item(&r, &it);
        if (rc)
            return rc;
        skip_blank(&r);
        if (*r.p && *r.p != '\n' && *r.p != ';')
            return fail(&r, "syntax error: one KEY = VALUE per line or ';'");
        for (i = 0; i < n && strcmp(v[i].key, it.key); i++)
            ;
        if (i == n)
            v = libxl__realloc(gc, v, sizeof(*v) * (size_t)++n);
        v[i] = it;
    }
    *items = v;
    *nr = n;
    return 0;
}
