/* SPDX-License-Identifier: GPL-2.0-only */
/* Error numbers: Xen's values, which are Linux's (hypercalls return -E*). */
#ifndef XENITH_ERRNO_H
#define XENITH_ERRNO_H

#ifdef XENITH_HOST_TEST
#include <errno.h>
#else
#define EPERM      1
#define ENOENT     2
#define ESRCH      3
#define EINTR      4
#define EIO        5
#define ENXIO      6
#define E2BIG      7
#define ENOEXEC    8
#define EBADF      9
#define ECHILD     10
#define EAGAIN     11
#define ENOMEM     12
#define EACCES     13
#define EFAULT     14
#define EBUSY      16
#define EEXIST     17
#define EXDEV      18
#define ENODEV     19
#define EINVAL     22
#define ENOSPC     28
#define ESPIPE     29
#define ERANGE     34
#define ENOSYS     38
#define ENODATA    61
#define EOVERFLOW  75
#define EILSEQ     84
#define ERESTART   85 /* internal: continue the hypercall later */
#define EOPNOTSUPP 95
#define ENOBUFS    105
#define ETIMEDOUT  110
#endif

#endif /* XENITH_ERRNO_H */
