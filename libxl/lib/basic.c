/* SPDX-License-Identifier: LGPL-2.1-only */
/* The basic types of libxl_basic.h. */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "internal.h"

static void basic_oom(libxl_ctx *ctx, size_t size)
{
    libxl__log(ctx, LIBXL_LOG_CRITICAL, ENOMEM, __FILE__, __LINE__, __func__,
               LIBXL__NO_DOMID, "out of memory allocating %zu bytes", size);
    abort();
}

static void *basic_calloc(libxl_ctx *ctx, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        basic_oom(ctx, n * size);
    return p;
}

static char *basic_strdup(libxl_ctx *ctx, const char *s)
{
    char *d;
    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        basic_oom(ctx, strlen(s) + 1);
    return d;
}

/* ---- uuid --------------------------------------------------------------- */

int libxl_uuid_is_nil(const libxl_uuid *uuid)
{
    for (int i = 0; i < 16; i++)
        if (uuid->uuid[i])
            return 0;
    return 1;
}

void libxl_uuid_generate(libxl_uuid *uuid)
{
    size_t got = 0;

    while (got < sizeof(uuid->uuid)) {
        ssize_t r = getrandom(uuid->uuid + got, sizeof(uuid->uuid) - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            /* No entropy source at all: fall back to /dev/urandom. */
            int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
            if (fd < 0 || read(fd, uuid->uuid, sizeof(uuid->uuid)) !=
                              (ssize_t)sizeof(uuid->uuid))
                abort();
            close(fd);
            break;
        }
        got += (size_t)r;
    }
    uuid->uuid[6] = (uuid->uuid[6] & 0x0f) | 0x40; /* version 4 */
    uuid->uuid[8] = (uuid->uuid[8] & 0x3f) | 0x80; /* RFC 4122 variant */
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int libxl_uuid_from_string(libxl_uuid *uuid, const char *in)
{
    libxl_uuid u;
    int n = 0;

    if (!in || strlen(in) != LIBXL_UUID_FMTLEN)
        return ERROR_INVAL;
    for (int i = 0; i < LIBXL_UUID_FMTLEN;) {
        int hi, lo;
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (in[i] != '-')
                return ERROR_INVAL;
            i++;
            continue;
        }
        hi = hexval((unsigned char)in[i]);
        lo = hexval((unsigned char)in[i + 1]);
        if (hi < 0 || lo < 0)
            return ERROR_INVAL;
        u.uuid[n++] = (uint8_t)(hi << 4 | lo);
        i += 2;
    }
    *uuid = u;
    return 0;
}

void libxl_uuid_unparse(const libxl_uuid *uuid, char *buf)
{
    snprintf(buf, LIBXL_UUID_FMTLEN + 1, LIBXL_UUID_FMT,
             LIBXL_UUID_BYTES(*uuid));
}

void libxl_uuid_copy(libxl_ctx *ctx, libxl_uuid *dst, const libxl_uuid *src)
{
    *dst = *src;
}

void libxl_uuid_clear(libxl_uuid *uuid)
{
    memset(uuid, 0, sizeof(*uuid));
}

int libxl_uuid_compare(const libxl_uuid *a, const libxl_uuid *b)
{
    return memcmp(a->uuid, b->uuid, sizeof(a->uuid));
}

uint8_t *libxl_uuid_bytearray(libxl_uuid *uuid)
{
    return uuid->uuid;
}

/* ---- mac --------------------------------------------------------------- */

void libxl_mac_copy(libxl_ctx *ctx, libxl_mac *dst, const libxl_mac *src)
{
    memcpy(*dst, *src, sizeof(*dst));
}

int libxl_mac_from_string(libxl_mac *mac, const char *s)
{
    libxl_mac m;

    if (!s)
        return ERROR_INVAL;
    for (int i = 0; i < 6; i++) {
        int hi = hexval((unsigned char)s[0]);
        int lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
        if (hi < 0 || lo < 0)
            return ERROR_INVAL;
        m[i] = (uint8_t)(hi << 4 | lo);
        s += 2;
        if (i < 5) {
            if (*s != ':')
                return ERROR_INVAL;
            s++;
        }
    }
    if (*s)
        return ERROR_INVAL;
    memcpy(*mac, m, sizeof(m));
    return 0;
}

int libxl_mac_is_default(const libxl_mac *mac)
{
    for (int i = 0; i < 6; i++)
        if ((*mac)[i])
            return 0;
    return 1;
}

/* ---- bitmap -------------------------------------------------------------- */

void libxl_bitmap_init(libxl_bitmap *map)
{
    memset(map, 0, sizeof(*map));
}

void libxl_bitmap_dispose(libxl_bitmap *map)
{
    if (!map)
        return;
    free(map->map);
    map->map = NULL;
    map->size = 0;
}

int libxl_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *bitmap, int n_bits)
{
    uint32_t sz;

    if (n_bits < 0)
        return ERROR_INVAL;
    sz = n_bits ? ((uint32_t)n_bits + 7) / 8 : 1;
    bitmap->map = calloc(sz, 1);
    if (!bitmap->map) {
        bitmap->size = 0;
        return ERROR_NOMEM;
    }
    bitmap->size = sz;
    return 0;
}

int libxl_cpu_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *cpumap, int max_cpus)
{
    if (max_cpus <= 0)
        return ERROR_INVAL;
    return libxl_bitmap_alloc(ctx, cpumap, max_cpus);
}

int libxl_node_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *nodemap,
                            int max_nodes)
{
    if (max_nodes <= 0)
        return ERROR_INVAL;
    return libxl_bitmap_alloc(ctx, nodemap, max_nodes);
}

void libxl_bitmap_copy_alloc(libxl_ctx *ctx, libxl_bitmap *dptr,
                             const libxl_bitmap *sptr)
{
    dptr->map = basic_calloc(ctx, sptr->size, 1);
    dptr->size = sptr->size ? sptr->size : 1;
    if (sptr->size)
        memcpy(dptr->map, sptr->map, sptr->size);
    if (!sptr->map) {
        free(dptr->map);
        dptr->map = NULL;
        dptr->size = 0;
    }
}

void libxl_bitmap_copy(libxl_ctx *ctx, libxl_bitmap *dptr,
                       const libxl_bitmap *sptr)
{
    uint32_t n = dptr->size < sptr->size ? dptr->size : sptr->size;
    if (n)
        memcpy(dptr->map, sptr->map, n);
}

int libxl_bitmap_is_full(const libxl_bitmap *bitmap)
{
    for (uint32_t i = 0; i < bitmap->size; i++)
        if (bitmap->map[i] != 0xff)
            return 0;
    return 1;
}

int libxl_bitmap_is_empty(const libxl_bitmap *bitmap)
{
    for (uint32_t i = 0; i < bitmap->size; i++)
        if (bitmap->map[i])
            return 0;
    return 1;
}

int libxl_bitmap_test(const libxl_bitmap *bitmap, int bit)
{
    if (!libxl_bitmap_cpu_valid(bitmap, bit))
        return 0;
    return (bitmap->map[bit / 8] >> (bit & 7)) & 1;
}

void libxl_bitmap_set(libxl_bitmap *bitmap, int bit)
{
    if (libxl_bitmap_cpu_valid(bitmap, bit))
        bitmap->map[bit / 8] |= (uint8_t)(1u << (bit & 7));
}

void libxl_bitmap_reset(libxl_bitmap *bitmap, int bit)
{
    if (libxl_bitmap_cpu_valid(bitmap, bit))
        bitmap->map[bit / 8] &= (uint8_t) ~(1u << (bit & 7));
}

int libxl_bitmap_count_set(const libxl_bitmap *bitmap)
{
    int n = 0;
    for (uint32_t i = 0; i < bitmap->size; i++)
        n += __builtin_popcount(bitmap->map[i]);
    return n;
}

void libxl_bitmap_set_any(libxl_bitmap *bitmap)
{
    if (bitmap->size)
        memset(bitmap->map, 0xff, bitmap->size);
}

void libxl_bitmap_set_none(libxl_bitmap *bitmap)
{
    if (bitmap->size)
        memset(bitmap->map, 0, bitmap->size);
}

char *libxl_bitmap_to_hex_string(libxl_ctx *ctx, const libxl_bitmap *bitmap)
{
    size_t n = bitmap->size;
    char *s = basic_calloc(ctx, 2 * n + 3, 1), *q = s;

    *q++ = '0';
    *q++ = 'x';
    for (size_t i = n; i > 0; i--)
        q += sprintf(q, "%02x", bitmap->map[i - 1]);
    *q = '\0';
    return s;
}

/* One decimal number below limit at *ps; advances *ps.  -1 if none. */
static long parse_index(const char **ps, int limit)
{
    const char *s = *ps;
    long v = 0;

    if (!isdigit((unsigned char)*s))
        return -1;
    while (isdigit((unsigned char)*s)) {
        v = v * 10 + (*s - '0');
        if (v > INT_MAX)
            return -1;
        s++;
    }
    if (v >= limit)
        return -1;
    *ps = s;
    return v;
}

int libxl_bitmap_parse_range_list(libxl_bitmap *bitmap, const char *s,
                                  int nr_bits)
{
    if (!s || nr_bits <= 0 || nr_bits > (int)(bitmap->size * 8))
        return ERROR_INVAL;
    while (*s == ' ')
        s++;
    if (!*s)
        return ERROR_INVAL;
    for (;;) {
        bool neg = false;
        long a, b;

        while (*s == ' ')
            s++;
        if (*s == '^') {
            neg = true;
            s++;
        }
        if (!strncmp(s, "all", 3)) {
            a = 0;
            b = nr_bits - 1;
            s += 3;
        } else {
            a = parse_index(&s, nr_bits);
            if (a < 0)
                return ERROR_INVAL;
            b = a;
            if (*s == '-') {
                s++;
                b = parse_index(&s, nr_bits);
                if (b < a)
                    return ERROR_INVAL;
            }
        }
        for (long i = a; i <= b; i++) {
            if (neg)
                libxl_bitmap_reset(bitmap, (int)i);
            else
                libxl_bitmap_set(bitmap, (int)i);
        }
        while (*s == ' ')
            s++;
        if (!*s)
            return 0;
        if (*s != ',')
            return ERROR_INVAL;
        s++;
    }
}

char *libxl_bitmap_to_range_list(const libxl_bitmap *bitmap)
{
    int nbits = (int)bitmap->size * 8;
    /* Worst case "1,3,5,...": at most 12 characters a bit. */
    char *s = basic_calloc(NULL, (size_t)nbits * 12 + 1, 1), *q = s;

    for (int i = 0; i < nbits; i++) {
        int j;
        if (!libxl_bitmap_test(bitmap, i))
            continue;
        for (j = i; j + 1 < nbits && libxl_bitmap_test(bitmap, j + 1); j++)
            ;
        if (q != s)
            *q++ = ',';
        if (j == i)
            q += sprintf(q, "%d", i);
        else
            q += sprintf(q, "%d-%d", i, j);
        i = j;
    }
    *q = '\0';
    return s;
}

/* ---- defbool --------------------------------------------------------------
 */

#define DEFBOOL_DEFAULT 0
#define DEFBOOL_TRUE    1
#define DEFBOOL_FALSE   (-1)

void libxl_defbool_set(libxl_defbool *db, bool b)
{
    db->val = b ? DEFBOOL_TRUE : DEFBOOL_FALSE;
}

void libxl_defbool_unset(libxl_defbool *db)
{
    db->val = DEFBOOL_DEFAULT;
}

void libxl_defbool_setdefault(libxl_defbool *db, bool b)
{
    if (db->val == DEFBOOL_DEFAULT)
        libxl_defbool_set(db, b);
}

bool libxl_defbool_is_default(libxl_defbool db)
{
    return db.val == DEFBOOL_DEFAULT;
}

bool libxl_defbool_val(libxl_defbool db)
{
    if (db.val == DEFBOOL_DEFAULT)
        abort(); /* a caller bug: setdefault first */
    return db.val > 0;
}

const char *libxl_defbool_to_string(libxl_defbool b)
{
    if (b.val < 0)
        return "False";
    if (b.val > 0)
        return "True";
    return "<default>";
}

/* ---- string and key/value lists ---------------------------------------------
 */

void libxl_string_list_dispose(libxl_string_list *psl)
{
    char **sl;

    if (!psl || !*psl)
        return;
    sl = *psl;
    for (int i = 0; sl[i]; i++)
        free(sl[i]);
    free(sl);
    *psl = NULL;
}

int libxl_string_list_length(const libxl_string_list *psl)
{
    int n = 0;
    if (!psl || !*psl)
        return 0;
    while ((*psl)[n])
        n++;
    return n;
}

void libxl_string_list_copy(libxl_ctx *ctx, libxl_string_list *dst,
                            const libxl_string_list *src)
{
    int n = libxl_string_list_length(src);

    if (!src || !*src) {
        *dst = NULL;
        return;
    }
    *dst = basic_calloc(ctx, (size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++)
        (*dst)[i] = basic_strdup(ctx, (*src)[i]);
}

void libxl_key_value_list_dispose(libxl_key_value_list *pkvl)
{
    char **kvl;

    if (!pkvl || !*pkvl)
        return;
    kvl = *pkvl;
    for (int i = 0; kvl[i]; i += 2) {
        free(kvl[i]);
        free(kvl[i + 1]);
    }
    free(kvl);
    *pkvl = NULL;
}

int libxl_key_value_list_length(const libxl_key_value_list *pkvl)
{
    int n = 0;
    if (!pkvl || !*pkvl)
        return 0;
    while ((*pkvl)[2 * n])
        n++;
    return n;
}

void libxl_key_value_list_copy(libxl_ctx *ctx, libxl_key_value_list *dst,
                               const libxl_key_value_list *src)
{
    int n = libxl_key_value_list_length(src);

    if (!src || !*src) {
        *dst = NULL;
        return;
    }
    *dst = basic_calloc(ctx, 2 * (size_t)n + 1, sizeof(char *));
    for (int i = 0; i < 2 * n; i++)
        (*dst)[i] = basic_strdup(ctx, (*src)[i]);
}

/* ---- hwcap ------------------------------------------------------------------
 */

void libxl_hwcap_copy(libxl_ctx *ctx, libxl_hwcap *dst, const libxl_hwcap *src)
{
    memcpy(*dst, *src, sizeof(*dst));
}
