/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_more.c - libxenstore: permissions, watches, transactions, domains
 * and CONTROL (see xenstore.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "xs_internal.h"

static void *single(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                    const char *arg, unsigned int *len)
{
    struct iovec iov = { (void *)arg, strlen(arg) + 1 };

    return xs_request(h, t, type, &iov, 1, len);
}

static bool ack(void *reply)
{
    free(reply);
    return reply != NULL;
}

XS_API bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                              size_t buf_len)
{
    static const char letters[] = "nrwb";

    if ((perm->perms & ~(XS_PERM_READ | XS_PERM_WRITE)) != 0 &&
        (perm->perms & ~(XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)) != 0) {
        errno = EINVAL;
        return false;
    }
    if ((size_t)snprintf(buffer, buf_len, "%c%u", letters[perm->perms & 3],
                         perm->id) >= buf_len) {
        errno = ENOSPC;
        return false;
    }
    return true;
}

XS_API bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                                const char *strings)
{
    const char *p = strings;

    for (unsigned int i = 0; i < num; i++, p += strlen(p) + 1) {
        char *end;
        unsigned long id;

        switch (*p) {
        case 'n':
            perms[i].perms = XS_PERM_NONE;
            break;
        case 'r':
            perms[i].perms = XS_PERM_READ;
            break;
        case 'w':
            perms[i].perms = XS_PERM_WRITE;
            break;
        case 'b':
            perms[i].perms = XS_PERM_READ | XS_PERM_WRITE;
            break;
        default:
            errno = EINVAL;
            return false;
        }
        errno = 0;
        id = strtoul(p + 1, &end, 10);
        if (p[1] == '\0' || *end || errno || id > 0xffff) {
            errno = EINVAL;
            return false;
        }
        perms[i].id = (unsigned int)id;
    }
    return true;
}

XS_API struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                                 xs_transaction_t t,
                                                 const char *path,
                                                 unsigned int *num)
{
    unsigned int len, n = 0;
    char *r = single(h, t, XS_GET_PERMS, path, &len);
    struct xs_permissions *p;

    if (!r)
        return NULL;
    for (unsigned int i = 0; i < len; i++)
        n += r[i] == '\0';
    p = n ? malloc(n * sizeof(*p)) : NULL;
    if (!p || !xs_strings_to_perms(p, n, r)) {
        free(p);
        free(r);
        errno = p ? EINVAL : ENOMEM;
        return NULL;
    }
    free(r);
    *num = n;
    return p;
}

XS_API bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                               const char *path, struct xs_permissions *perms,
                               unsigned int num_perms)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t off = strlen(path) + 1;

    if (off > sizeof(buf)) {
        errno = E2BIG;
        return false;
    }
    memcpy(buf, path, off);
    for (unsigned int i = 0; i < num_perms; i++) {
        if (!xs_perm_to_string(&perms[i], buf + off, sizeof(buf) - off))
            return false;
        off += strlen(buf + off) + 1;
    }
    struct iovec iov = { buf, off };
    return ack(xs_request(h, t, XS_SET_PERMS, &iov, 1, NULL));
}

XS_API bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)token, strlen(token) + 1 } };

    return ack(xs_request(h, XBT_NULL, XS_WATCH, iov, 2, NULL));
}

/* Drop queued events for a watch that no longer exists. */
static void filter_events(struct xs_handle *h, const char *token)
{
    struct xs_msg **pp, *m;

    pthread_mutex_lock(&h->lock);
    h->events_tail = NULL;
    for (pp = &h->events; (m = *pp);) {
        const char *tok = m->body + strlen(m->body) + 1;

        if (tok < m->body + m->hdr.len && strcmp(tok, token) == 0) {
            *pp = m->next;
            xs_msg_free(m);
            continue;
        }
        h->events_tail = m;
        pp = &m->next;
    }
    pthread_mutex_unlock(&h->lock);
}

XS_API bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)token, strlen(token) + 1 } };
    bool ok = ack(xs_request(h, XBT_NULL, XS_UNWATCH, iov, 2, NULL));

    if (ok && (h->flags & XS_UNWATCH_FILTER))
        filter_events(h, token);
    return ok;
}

XS_API bool xs_reset_watches(struct xs_handle *h)
{
    return ack(single(h, XBT_NULL, XS_RESET_WATCHES, "", NULL));
}

XS_API int xs_fileno(struct xs_handle *h)
{
    if (!xs_start_reader(h))
        return -1;
    return h->event_pipe[0];
}

/* An event as { path, token } in one allocation. */
static char **event_vector(struct xs_msg *m, unsigned int *num)
{
    const char *tok = memchr(m->body, '\0', m->hdr.len);
    unsigned int len = m->hdr.len;
    char **v;

    if (!tok || tok + 1 >= m->body + len) {
        xs_msg_free(m);
        errno = EIO;
        return NULL;
    }
    v = malloc(2 * sizeof(char *) + len + 1);
    if (!v) {
        xs_msg_free(m);
        return NULL;
    }
    memcpy(v + 2, m->body, len + 1);
    v[XS_WATCH_PATH] = (char *)(v + 2);
    v[XS_WATCH_TOKEN] = v[XS_WATCH_PATH] + strlen(v[XS_WATCH_PATH]) + 1;
    xs_msg_free(m);
    if (num)
        *num = 2;
    return v;
}

XS_API char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    struct xs_msg *m = xs_next_event(h, true);

    return m ? event_vector(m, num) : NULL;
}

XS_API char **xs_check_watch(struct xs_handle *h)
{
    struct xs_msg *m;

    if (!xs_start_reader(h))
        return NULL;
    m = xs_next_event(h, false);
    return m ? event_vector(m, NULL) : NULL;
}

XS_API xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *r = single(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    unsigned long id;
    char *end;

    if (!r)
        return XBT_NULL;
    id = strtoul(r, &end, 10);
    if (*end || id == 0 || id > UINT32_MAX) {
        free(r);
        errno = EIO;
        return XBT_NULL;
    }
    free(r);
    return (xs_transaction_t)id;
}

XS_API bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t,
                               bool abort)
{
    return ack(single(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL));
}
