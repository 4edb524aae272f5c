/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io (hypercall 18): CONSOLEIO_write prints count bytes from the
 * guest buffer on the console; CONSOLEIO_read copies up to count bytes of
 * pending console input.  Only privileged domains may use it: any
 * command from another domain is -EPERM, as on Xen 4.17's release build
 * (its dummy XSM policy).  Output of domain 0 appears as is; other
 * privileged domains' lines are prefixed "(dN) " (Xen's behaviour).
 * Returns 0 / the bytes read, -EFAULT for a bad buffer, -EINVAL for a
 * count over 16 KiB, -ENOSYS for other commands.
 */
#include <public/xen.h>
#include <xenith/console.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/smp.h>

#define CONSOLE_IO_MAX 16384

/* Write n guest bytes, starting each line with prefix (if any). */
static void write_lines(const char *s, size_t n, const char *prefix,
                        size_t plen, bool *line_start)
{
    while (n) {
        const char *nl = memchr(s, '\n', n);
        size_t len = nl ? (size_t)(nl - s) + 1 : n;

        if (plen && *line_start)
            console_write(prefix, plen);
        console_write(s, len);
        *line_start = nl != NULL;
        s += len;
        n -= len;
    }
}

static long console_write_guest(unsigned long count, unsigned long buf)
{
    const struct domain *d = current ? current->domain : NULL;
    bool plain = d && d->is_privileged && d->domain_id == 0;
    bool line_start = true;
    char chunk[128], prefix[16];
    int plen = plain ? 0
                     : snprintf(prefix, sizeof(prefix), "(d%u) ",
                                d ? d->domain_id : DOMID_IDLE);

    while (count) {
        size_t n = MIN(count, sizeof(chunk));

        if (copy_from_guest(chunk, buf, n))
            return -EFAULT;
        write_lines(chunk, n, prefix, (size_t)plen, &line_start);
        buf += n;
        count -= n;
    }
    return 0;
}

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf,
                   unsigned long a4, unsigned long a5)
{
    char chunk[128];
    size_t n;

    /* Xen 4.17 (release build, default XSM policy): only the control
     * domain may use the hypervisor console, whatever the command.  The
     * idle domain is the hypervisor itself (its ring-3 boot self-test). */
    if (!current->domain->is_privileged && current->domain != idle_domain)
        return -EPERM;
    if (count > CONSOLE_IO_MAX)
        return -EINVAL;
    switch (cmd) {
    case CONSOLEIO_write:
        return console_write_guest(count, buf);
    case CONSOLEIO_read:
        n = console_read(chunk, MIN(count, sizeof(chunk)));
        if (n && copy_to_guest(buf, chunk, n))
            return -EFAULT;
        return (long)n;
    default:
        return -ENOSYS;
    }
}
