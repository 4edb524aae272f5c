/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs.c - libxenstore's calls, one request each (see xenstore.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

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

XS_API struct xs_handle *xs_daemon_open(void)
{
    return xs_open(0);
}

XS_API struct xs_handle *xs_domain_open(void)
{
    return xs_open(0);
}

XS_API struct xs_handle *xs_daemon_open_readonly(void)
{
    return xs_open(XS_OPEN_READONLY);
}

XS_API void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

XS_API void xs_daemon_destroy_postfork(struct xs_handle *h);
XS_API void xs_daemon_destroy_postfork(struct xs_handle *h)
{
    /* The child of a fork: the reader thread does not exist here. */
    h->have_thread = false;
    xs_close(h);
}

/* Split n nul-terminated strings into a vector in one allocation. */
static char **split(char *strings, unsigned int len, unsigned int *num)
{
    unsigned int n = 0;
    char **v, *p;

    for (unsigned int i = 0; i < len; i++)
        n += strings[i] == '\0';
    v = malloc((n + 1) * sizeof(char *) + len);
    if (!v) {
        free(strings);
        return NULL;
    }
    p = memcpy((char *)(v + n + 1), strings, len);
    free(strings);
    for (unsigned int i = 0; i < n; i++) {
        v[i] = p;
        p += strlen(p) + 1;
    }
    v[n] = NULL;
    *num = n;
    return v;
}

/* DIRECTORY_PART until the whole list is read, restarting on change. */
static char **directory_part(struct xs_handle *h, xs_transaction_t t,
                             const char *path, unsigned int *num)
{
    char gen[24] = "", offs[16], *all = NULL;
    unsigned int off = 0, len;

    for (;;) {
        struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                                { offs, 0 } };
        char *r, *names;
        unsigned int glen;

        snprintf(offs, sizeof(offs), "%u", off);
        iov[1].iov_len = strlen(offs) + 1;
        r = xs_request(h, t, XS_DIRECTORY_PART, iov, 2, &len);
        if (!r)
            break;
        glen = (unsigned int)strlen(r) + 1;
        if (off && strcmp(gen, r) != 0) {
            free(r);
            free(all);
            all = NULL;
            off = 0;
            continue;
        }
        snprintf(gen, sizeof(gen), "%s", r);
        names = r + glen;
        len -= glen;
        all = realloc(all, off + len + 1);
        memcpy(all + off, names, len);
        free(r);
        off += len;
        /* An empty name (two nuls, or a lone nul) ends the list. */
        if (len == 0 || (len == 1 && all[off - 1] == '\0') ||
            (off >= 2 && all[off - 1] == '\0' && all[off - 2] == '\0'))
            return split(all, off ? off - 1 : 0, num);
    }
    free(all);
    return NULL;
}

XS_API char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                           const char *path, unsigned int *num)
{
    unsigned int len;
    char *r = single(h, t, XS_DIRECTORY, path, &len);

    if (!r)
        return errno == E2BIG ? directory_part(h, t, path, num) : NULL;
    return split(r, len, num);
}

XS_API void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
                     unsigned int *len)
{
    return single(h, t, XS_READ, path, len);
}

XS_API bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
                     const void *data, unsigned int len)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)data, len } };

    return ack(xs_request(h, t, XS_WRITE, iov, 2, NULL));
}

XS_API bool xs_write_all(int fd, const void *data, unsigned int len);
XS_API bool xs_write_all(int fd, const void *data, unsigned int len)
{
    const char *p = data;

    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (unsigned int)n;
    }
    return true;
}

XS_API bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ack(single(h, t, XS_MKDIR, path, NULL));
}

XS_API bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ack(single(h, t, XS_RM, path, NULL));
}
