/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Reading a kernel: an ELF file with Xen notes, possibly gzip'ed as a
 * whole (Xen's tools unzip kernel files transparently), or a bzImage whose
 * payload is the compressed ELF image.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pvbuild_private.h"

int pvb_read_file(const char *path, uint8_t **buf, size_t *len, char *err,
                  size_t errlen)
{
    struct stat st;
    uint8_t *p = NULL;
    size_t done = 0;
    int fd, e;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0)
        goto fail;
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        errno = S_ISREG(st.st_mode) ? ENOEXEC : EINVAL;
        snprintf(err, errlen, "%s: %s", path,
                 S_ISREG(st.st_mode) ? "empty file" : "not a regular file");
        close(fd);
        return -errno;
    }
    p = malloc((size_t)st.st_size);
    if (!p)
        goto fail;
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, p + done, (size_t)st.st_size - done);
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            goto fail;
        }
        done += (size_t)n;
    }
    close(fd);
    *buf = p;
    *len = done;
    return 0;
fail:
    e = errno;
    snprintf(err, errlen, "%s: %s", path, strerror(e));
    free(p);
    if (fd >= 0)
        close(fd);
    return -e;
}

/* Replaces k->blob by its decompressed form when it is compressed. */
static int pvb_unwrap(struct pvb_kernel *k, const uint8_t *in, size_t len,
                      const char *path, const char *what, char *err,
                      size_t errlen)
{
    char why[160];
    uint8_t *out;
    size_t out_len;
    int rc;

    rc = pvb_decompress(in, len, &out, &out_len, why, sizeof(why));
    if (rc == 1)
        return 1;
    if (rc < 0) {
        snprintf(err, errlen, "%s: %s: %s", path, what, why);
        return rc;
    }
    free(k->blob);
    k->blob = out;
    k->elf = out;
    k->elf_len = out_len;
    return 0;
}

int pvb_kernel_open(struct pvb_kernel *k, const char *path, char *err,
                    size_t errlen)
{
    char why[200];
    size_t off, plen;
    int rc;

    memset(k, 0, sizeof(*k));
    rc = pvb_read_file(path, &k->blob, &k->elf_len, err, errlen);
    if (rc < 0)
        return rc;
    k->elf = k->blob;
    rc = pvb_unwrap(k, k->elf, k->elf_len, path, "compressed kernel", err,
                    errlen);
    if (rc < 0)
        goto fail;
    rc = pvb_bzimage_payload(k->elf, k->elf_len, &off, &plen, why, sizeof(why));
    if (rc < 0) {
        snprintf(err, errlen, "kernel %s: %s", path, why);
        goto fail;
    }
    if (rc == 0) {
        rc = pvb_unwrap(k, k->elf + off, plen, path, "bzImage payload", err,
                        errlen);
        if (rc == 1) {
            snprintf(err, errlen,
                     "kernel %s: bzImage payload in an unknown compression "
                     "format (gzip, xz, lzma and zstd are supported)",
                     path);
            rc = -EOPNOTSUPP;
        }
        if (rc < 0)
            goto fail;
    }
    rc = pvb_elf_parse(k, why, sizeof(why));
    if (rc < 0) {
        snprintf(err, errlen, "kernel %s: %s", path, why);
        goto fail;
    }
    return 0;
fail:
    pvb_kernel_free(k);
    return rc;
}

void pvb_kernel_free(struct pvb_kernel *k)
{
    free(k->blob);
    k->blob = NULL;
    k->elf = NULL;
}
