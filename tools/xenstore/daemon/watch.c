/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * watch.c - watch registration and event delivery.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "conn.h"
#include "util.h"
#include "watch.h"

static void send_event(struct conn *c, const struct watch *w, const char *path)
{
    size_t plen, tlen;
    char *buf;

    path += w->relprefix && strlen(path) > w->relprefix ? w->relprefix : 0;
    plen = strlen(path) + 1;
    tlen = strlen(w->token) + 1;
    buf = xmalloc(plen + tlen);
    memcpy(buf, path, plen);
    memcpy(buf + plen, w->token, tlen);
    conn_send(c, XS_WATCH_EVENT, 0, 0, buf, (unsigned int)(plen + tlen), false);
    free(buf);
}

int watch_add(struct conn *c, const char *path, const char *abs,
              const char *token, unsigned int relprefix)
{
    struct watch *w;

    for (w = c->watches; w; w = w->next)
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0)
            return EEXIST;
    if (!conn_is_priv(c) && c->nwatches >= cfg.watches)
        return E2BIG;
    w = xzalloc(sizeof(*w));
    w->path = xstrdup(path);
    w->abs = xstrdup(abs);
    w->token = xstrdup(token);
    w->relprefix = relprefix;
    w->next = c->watches;
    c->watches = w;
    c->nwatches++;
    return 0;
}

/* The event every new watch receives right after the reply. */
void watch_initial_event(struct conn *c, const char *path, const char *token)
{
    struct watch w = { .token = (char *)token };

    send_event(c, &w, path);
}

static void watch_free(struct watch *w)
{
    free(w->path);
    free(w->abs);
    free(w->token);
    free(w);
}

int watch_remove(struct conn *c, const char *path, const char *token)
{
    for (struct watch **pp = &c->watches; *pp; pp = &(*pp)->next) {
        struct watch *w = *pp;

        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
            *pp = w->next;
            c->nwatches--;
            watch_free(w);
            return 0;
        }
    }
    return ENOENT;
}

void watch_remove_all(struct conn *c)
{
    while (c->watches) {
        struct watch *w = c->watches;

        c->watches = w->next;
        watch_free(w);
    }
    c->nwatches = 0;
}

static bool may_see(struct conn *c, const struct xs_perm *p, unsigned int n)
{
    struct ident who;

    if (!p)
        return true;
    conn_ident(c, &who);
    return perms_access(&who, p, n) & PERM_READ;
}

static void fire(const char *path, const struct xs_perm *p, unsigned int n,
                 bool exact)
{
    for (struct conn *c = conn_list; c; c = c->next) {
        if (c->dead || !c->watches || !may_see(c, p, n))
            continue;
        for (struct watch *w = c->watches; w && !c->dead; w = w->next) {
            bool hit = exact ? strcmp(w->abs, path) == 0
                             : path_is_within(path, w->abs);

            if (hit)
                send_event(c, w, path);
        }
    }
}

void watch_fire(const char *path, const struct xs_perm *p, unsigned int n)
{
    fire(path, p, n, false);
}

void watch_fire_exact(const char *path, const struct xs_perm *p, unsigned int n)
{
    fire(path, p, n, true);
}
