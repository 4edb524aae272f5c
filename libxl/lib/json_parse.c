/* SPDX-License-Identifier: LGPL-2.1-only */
/* Reading JSON back (lib/json_parse.h). */
#include "json_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_DEPTH 64

struct jp {
    const char *p;
};

static void skip_ws(struct jp *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static int put_utf8(char *out, size_t *n, unsigned c)
{
    if (c < 0x80) {
        out[(*n)++] = (char)c;
    } else if (c < 0x800) {
        out[(*n)++] = (char)(0xc0 | (c >> 6));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    } else {
        out[(*n)++] = (char)(0xe0 | (c >> 12));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    }
    return 0;
}

static char *parse_string(struct jp *j)
{
    const char *q = j->p + 1;
    size_t n = 0;
    char *out;

    /* Each escape shrinks or keeps the length: the raw span bounds it. */
    while (*q && *q != '"')
        q += (*q == '\\' && q[1]) ? 2 : 1;
    if (*q != '"' || !(out = malloc((size_t)(q - j->p) + 4)))
        return NULL;
    for (q = j->p + 1; *q != '"'; q++) {
        unsigned c;
        if ((unsigned char)*q < 0x20)
            goto bad;
        if (*q != '\\') {
            out[n++] = *q;
            continue;
        }
        switch (*++q) {
        case '"':
        case '\\':
        case '/':
            out[n++] = *q;
            break;
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'n':
            out[n++] = '\n';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'u':
            c = 0;
            for (int i = 1; i <= 4; i++) {
                if (!isxdigit((unsigned char)q[i]))
                    goto bad;
                c = c * 16 +
                    (unsigned)(isdigit((unsigned char)q[i])
                                   ? q[i] - '0'
                                   : (tolower((unsigned char)q[i]) - 'a' + 10));
            }
            if (!c)
                goto bad;
            put_utf8(out, &n, c);
            q += 4;
            break;
        default:
            goto bad;
        }
    }
    out[n] = 0;
    j->p = q + 1;
    return out;
bad:
    free(out);
    return NULL;
}

static libxl__json_object *parse_value(struct jp *j, int depth);

static int add(libxl__json_object *o, char *key, libxl__json_object *v)
{
    libxl__json_object **nv =
        realloc(o->vals, (size_t)(o->n + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    o->vals = nv;
    if (o->type == LIBXL__JSON_MAP) {
        char **nk = realloc(o->keys, (size_t)(o->n + 1) * sizeof(*nk));
        if (!nk)
            return -1;
        o->keys = nk;
        o->keys[o->n] = key;
    }
    o->vals[o->n++] = v;
    return 0;
}

static libxl__json_object *parse_container(struct jp *j, int depth, char end)
{
    libxl__json_object *o = calloc(1, sizeof(*o));

    if (!o)
        return NULL;
    o->type = end == '}' ? LIBXL__JSON_MAP : LIBXL__JSON_ARRAY;
    j->p++;
    skip_ws(j);
    if (*j->p == end) {
        j->p++;
        return o;
    }
    for (;;) {
        char *key = NULL;
        libxl__json_object *v;
        skip_ws(j);
        if (end == '}') {
            if (*j->p != '"' || !(key = parse_string(j)))
                goto bad;
            skip_ws(j);
            if (*j->p++ != ':') {
                free(key);
                goto bad;
            }
        }
        if (!(v = parse_value(j, depth + 1)) || add(o, key, v)) {
            free(key);
            libxl__json_free(v);
            goto bad;
        }
        skip_ws(j);
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p++ == end)
            return o;
        goto bad;
    }
bad:
    libxl__json_free(o);
    return NULL;
}

static libxl__json_object *parse_value(struct jp *j, int depth)
{
    libxl__json_object *o;
    const char *s;

    if (depth > MAX_DEPTH)
        return NULL;
    skip_ws(j);
    if (*j->p == '{')
        return parse_container(j, depth, '}');
    if (*j->p == '[')
        return parse_container(j, depth, ']');
    if (!(o = calloc(1, sizeof(*o))))
        return NULL;
    if (*j->p == '"') {
        o->type = LIBXL__JSON_STRING;
        if (!(o->s = parse_string(j)))
            goto bad;
        return o;
    }
    if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "false", 5)) {
        o->type = LIBXL__JSON_BOOL;
        o->b = *j->p == 't';
        j->p += o->b ? 4 : 5;
        return o;
    }
    if (!strncmp(j->p, "null", 4)) {
        j->p += 4;
        return o;
    }
    s = j->p;
    if (*j->p == '-')
        j->p++;
    if (!isdigit((unsigned char)*j->p))
        goto bad;
    while (isdigit((unsigned char)*j->p))
        j->p++;
    if (*j->p == '.' || *j->p == 'e' || *j->p == 'E')
        goto bad; /* libxl writes only integers */
    o->type = LIBXL__JSON_NUMBER;
    if (!(o->s = strndup(s, (size_t)(j->p - s))))
        goto bad;
    return o;
bad:
    libxl__json_free(o);
    return NULL;
}

libxl__json_object *libxl__json_parse(const char *s)
{
    struct jp j = { s };
    libxl__json_object *o;

    if (!s)
        return NULL;
    o = parse_value(&j, 0);
    if (!o)
        return NULL;
    skip_ws(&j);
    if (*j.p) {
        libxl__json_free(o);
        return NULL;
    }
    return o;
}

void libxl__json_free(libxl__json_object *o)
{
    if (!o)
        return;
    for (int i = 0; i < o->n; i++) {
        if (o->keys)
            free(o->keys[i]);
        libxl__json_free(o->vals[i]);
    }
    free(o->keys);
    free(o->vals);
    free(o->s);
    free(o);
}

const libxl__json_object *libxl__json_get(const libxl__json_object *o,
                                          const char *key)
{
    if (!o || o->type != LIBXL__JSON_MAP)
        return NULL;
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->keys[i], key))
            return o->vals[i];
    return NULL;
}

/* ---- built-in types ----------------------------------------------------- */

int libxl__json_read_string(const libxl__json_object *o, char **v)
{
    if (o->type == LIBXL__JSON_NULL) {
        *v = NULL;
        return 0;
    }
    if (o->type != LIBXL__JSON_STRING || !(*v = strdup(o->s)))
        return ERROR_INVAL;
    return 0;
}

int libxl__json_read_int(const libxl__json_object *o, int64_t min, int64_t max,
                         int64_t *v)
{
    char *end;
    long long n;

    if (o->type != LIBXL__JSON_NUMBER)
        return ERROR_INVAL;
    errno = 0;
    n = strtoll(o->s, &end, 10);
    if (errno || *end || n < min || n > max)
        return ERROR_INVAL;
    *v = n;
    return 0;
}

int libxl__json_read_u64(const libxl__json_object *o, uint64_t *v)
{
    char *end;

    if (o->type != LIBXL__JSON_NUMBER || o->s[0] == '-')
        return ERROR_INVAL;
    errno = 0;
    *v = strtoull(o->s, &end, 10);
    return errno || *end ? ERROR_INVAL : 0;
}

int libxl__json_read_bool(const libxl__json_object *o, bool *v)
{
    if (o->type != LIBXL__JSON_BOOL)
        return ERROR_INVAL;
    *v = o->b;
    return 0;
}

int libxl__json_read_defbool(const libxl__json_object *o, libxl_defbool *v)
{
    if (o->type != LIBXL__JSON_STRING)
        return ERROR_INVAL;
    if (!strcmp(o->s, "True"))
        libxl_defbool_set(v, true);
    else if (!strcmp(o->s, "False"))
        libxl_defbool_set(v, false);
    else if (!strcmp(o->s, "<default>"))
        libxl_defbool_unset(v);
    else
        return ERROR_INVAL;
    return 0;
}

int libxl__json_read_uuid(const libxl__json_object *o, libxl_uuid *v)
{
    if (o->type != LIBXL__JSON_STRING || libxl_uuid_from_string(v, o->s))
        return ERROR_INVAL;
    return 0;
}

int libxl__json_read_mac(const libxl__json_object *o, libxl_mac *v)
{
    if (o->type != LIBXL__JSON_STRING || libxl_mac_from_string(v, o->s))
        return ERROR_INVAL;
    return 0;
}

int libxl__json_read_bitmap(const libxl__json_object *o, libxl_bitmap *v)
{
    int64_t bit, max = -1;

    if (o->type != LIBXL__JSON_ARRAY)
        return ERROR_INVAL;
    for (int i = 0; i < o->n; i++) {
        if (libxl__json_read_int(o->vals[i], 0, 1 << 20, &bit))
            return ERROR_INVAL;
        if (bit > max)
            max = bit;
    }
    libxl_bitmap_dispose(v);
    if (libxl_bitmap_alloc(NULL, v, (int)(max + 1)))
        return ERROR_NOMEM;
    for (int i = 0; i < o->n; i++) {
        libxl__json_read_int(o->vals[i], 0, 1 << 20, &bit);
        libxl_bitmap_set(v, (int)bit);
    }
    return 0;
}

static int read_strings(const libxl__json_object *o, char ***v, int per)
{
    char **l = calloc((size_t)o->n * (size_t)per + 1, sizeof(*l));
    int k = 0;

    if (!l)
        return ERROR_NOMEM;
    for (int i = 0; i < o->n; i++) {
        const libxl__json_object *s = o->vals[i];
        if (per == 2 && !(l[k++] = strdup(o->keys[i])))
            goto bad;
        if (s->type != LIBXL__JSON_STRING || !(l[k++] = strdup(s->s)))
            goto bad;
    }
    *v = l;
    return 0;
bad:
    for (int i = 0; i < k; i++)
        free(l[i]);
    free(l);
    return ERROR_INVAL;
}

int libxl__json_read_string_list(const libxl__json_object *o,
                                 libxl_string_list *v)
{
    if (o->type != LIBXL__JSON_ARRAY)
        return ERROR_INVAL;
    libxl_string_list_dispose(v);
    return read_strings(o, v, 1);
}

int libxl__json_read_key_value_list(const libxl__json_object *o,
                                    libxl_key_value_list *v)
{
    if (o->type != LIBXL__JSON_MAP)
        return ERROR_INVAL;
    libxl_key_value_list_dispose(v);
    return read_strings(o, v, 2);
}

int libxl__json_read_hwcap(const libxl__json_object *o, libxl_hwcap *v)
{
    uint64_t x;

    if (o->type != LIBXL__JSON_ARRAY || o->n != 8)
        return ERROR_INVAL;
    for (int i = 0; i < 8; i++) {
        if (libxl__json_read_u64(o->vals[i], &x) || x > UINT32_MAX)
            return ERROR_INVAL;
        (*v)[i] = (uint32_t)x;
    }
    return 0;
}
