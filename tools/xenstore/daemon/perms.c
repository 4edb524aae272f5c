/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perms.c - node permission checks and their string form.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "perms.h"
#include "util.h"
#include "wire.h"

static bool names(const struct ident *who, uint32_t id)
{
    return id == who->domid || (who->has_target && id == who->target);
}

unsigned int perms_access(const struct ident *who, const struct xs_perm *p,
                          unsigned int n)
{
    const unsigned int all = PERM_READ | PERM_WRITE | PERM_OWNER;

    if (who->priv || names(who, p[0].id))
        return all;
    for (unsigned int i = 1; i < n; i++)
        if (names(who, p[i].id))
            return p[i].perm;
    return p[0].perm;
}

static int parse_one(const char *s, struct xs_perm *out)
{
    unsigned long id;

    switch (s[0]) {
    case XS_PERM_CHAR_NONE:
        out->perm = 0;
        break;
    case XS_PERM_CHAR_READ:
        out->perm = PERM_READ;
        break;
    case XS_PERM_CHAR_WRITE:
        out->perm = PERM_WRITE;
        break;
    case XS_PERM_CHAR_BOTH:
        out->perm = PERM_READ | PERM_WRITE;
        break;
    default:
        return EINVAL;
    }
    if (!parse_uint(s + 1, 0x7fff, &id))
        return EINVAL;
    out->id = (uint32_t)id;
    return 0;
}

int perms_parse(const char *buf, unsigned int len, unsigned int n,
                struct xs_perm *out)
{
    unsigned int off = 0;

    for (unsigned int i = 0; i < n; i++) {
        const char *s = buf + off;
        const char *nul;

        if (off >= len)
            return EINVAL;
        nul = memchr(s, '\0', len - off);
        if (!nul)
            return EINVAL;
        if (parse_one(s, &out[i]))
            return EINVAL;
        off += (unsigned int)(nul - s) + 1;
    }
    return off == len ? 0 : EINVAL;
}

int perms_format(const struct xs_perm *p, unsigned int n, char *out,
                 unsigned int cap)
{
    static const char letters[] = { 'n', 'r', 'w', 'b' };
    unsigned int used = 0;

    for (unsigned int i = 0; i < n; i++) {
        int k = snprintf(out + used, cap - used, "%c%u", letters[p[i].perm & 3],
                         p[i].id);

        if (k < 0 || (unsigned int)k + 1 > cap - used)
            return -1;
        used += (unsigned int)k + 1;
    }
    return (int)used;
}
