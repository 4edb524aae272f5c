/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log files: a guest's console output (guest-NAME.log) and the
 * hypervisor's (hypervisor.log), optionally with a timestamp at the start
 * of every line, as Xen's xenconsoled writes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xenconsoled.h"

void logfile_init(struct logfile *l, bool timestamps, bool replace_escape)
{
    memset(l, 0, sizeof(*l));
    l->fd = -1;
    l->timestamps = timestamps;
    l->replace_escape = replace_escape;
    l->at_bol = true;
}

size_t logfile_stamp(char *buf, size_t len, long t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (!localtime_r(&tt, &tm))
        return 0;
    return strftime(buf, len, "[%Y-%m-%d %H:%M:%S] ", &tm);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t r = write(fd, p, n);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -errno : -EIO;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int logfile_open(struct logfile *l, const char *path)
{
    char *copy = strdup(path);

    if (!copy)
        return -ENOMEM;
    logfile_close(l);
    l->path = copy;
    l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (l->fd < 0)
        return -errno;
    l->at_bol = true;
    if (l->timestamps)
        return logfile_write(l, "Logfile Opened\n", 15);
    return 0;
}

int logfile_reopen(struct logfile *l)
{
    char *path = l->path;
    int rc;

    if (!path)
        return 0;
    l->path = NULL;
    rc = logfile_open(l, path);
    free(path);
    return rc;
}

void logfile_close(struct logfile *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
    free(l->path);
    l->path = NULL;
}

/* One piece of at most one line, escapes replaced when asked. */
static int logfile_put(struct logfile *l, const char *p, size_t n)
{
    char tmp[256];

    if (!l->replace_escape || !memchr(p, 0x1b, n))
        return write_all(l->fd, p, n);
    while (n) {
        size_t k = n < sizeof(tmp) ? n : sizeof(tmp), i;
        int rc;

        for (i = 0; i < k; i++)
            tmp[i] = p[i] == 0x1b ? '.' : p[i];
        rc = write_all(l->fd, tmp, k);
        if (rc)
            return rc;
        p += k;
        n -= k;
    }
    return 0;
}

int logfile_write(struct logfile *l, const char *p, size_t n)
{
    char stamp[40];
    size_t slen = 0;
    int rc;

    if (l->fd < 0)
        return 0;
    if (!l->timestamps)
        return logfile_put(l, p, n);
    slen = logfile_stamp(stamp, sizeof(stamp), (long)time(NULL));
    while (n) {
        const char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) + 1 : n;

        if (l->at_bol && (rc = write_all(l->fd, stamp, slen)))
            return rc;
        if ((rc = logfile_put(l, p, k)))
            return rc;
        l->at_bol = nl != NULL;
        p += k;
        n -= k;
        /* A CR after the newline would only put the cursor back over the
         * next stamp. */
        while (nl && n && *p == '\r') {
            p++;
            n--;
        }
    }
    return 0;
}
