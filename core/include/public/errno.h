/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: error numbers returned (negated) by hypercalls.
 *
 * XEN_ERRNO_LIST(X) expands X(NAME, value) once per error, so users can
 * build enums, tables or switch statements from one list.  The enum
 * xen_errno gives each a constant XEN_<NAME>.  Values match Linux's on
 * x86 but are part of the hypervisor ABI in their own right.
 */
#ifndef XENITH_PUBLIC_ERRNO_H
#define XENITH_PUBLIC_ERRNO_H

/* EINTR (4) and ERESTART (85) are internal to the hypervisor. */
#define XEN_ERRNO_LIST(X)                                       \
    X(EPERM, 1)          /* Operation not permitted. */         \
    X(ENOENT, 2)         /* No such entry. */                   \
    X(ESRCH, 3)          /* No such domain or process. */       \
    X(EIO, 5)            /* I/O error. */                       \
    X(ENXIO, 6)          /* No such device or address. */       \
    X(E2BIG, 7)          /* Argument too big. */                \
    X(ENOEXEC, 8)        /* Bad executable format. */           \
    X(EBADF, 9)          /* Bad file number / handle. */        \
    X(ECHILD, 10)        /* No child. */                        \
    X(EAGAIN, 11)        /* Try again. */                       \
    X(EWOULDBLOCK, 11)   /* Same as EAGAIN. */                  \
    X(ENOMEM, 12)        /* Out of memory. */                   \
    X(EACCES, 13)        /* Permission denied. */               \
    X(EFAULT, 14)        /* Bad address. */                     \
    X(EBUSY, 16)         /* Resource busy. */                   \
    X(EEXIST, 17)        /* Already exists. */                  \
    X(EXDEV, 18)         /* Cross-domain link. */               \
    X(ENODEV, 19)        /* No such device. */                  \
    X(ENOTDIR, 20)       /* Not a directory. */                 \
    X(EISDIR, 21)        /* Is a directory. */                  \
    X(EINVAL, 22)        /* Invalid argument. */                \
    X(ENFILE, 23)        /* Table overflow. */                  \
    X(EMFILE, 24)        /* Too many open handles. */           \
    X(ENOSPC, 28)        /* No space left. */                   \
    X(EROFS, 30)         /* Read-only. */                       \
    X(EMLINK, 31)        /* Too many links. */                  \
    X(EDOM, 33)          /* Argument out of domain. */          \
    X(ERANGE, 34)        /* Result out of range. */             \
    X(EDEADLK, 35)       /* Deadlock would occur. */            \
    X(EDEADLOCK, 35)     /* Same as EDEADLK. */                 \
    X(ENAMETOOLONG, 36)  /* Name too long. */                   \
    X(ENOLCK, 37)        /* No locks available. */              \
    X(ENOSYS, 38)        /* Function not implemented. */        \
    X(ENOTEMPTY, 39)     /* Not empty. */                       \
    X(ENODATA, 61)       /* No data available. */               \
    X(ETIME, 62)         /* Timer expired / deadline passed. */ \
    X(EBADMSG, 74)       /* Not a data message. */              \
    X(EOVERFLOW, 75)     /* Value too large. */                 \
    X(EILSEQ, 84)        /* Illegal byte sequence. */           \
    X(ENOTSOCK, 88)      /* Not a socket. */                    \
    X(EMSGSIZE, 90)      /* Message too long. */                \
    X(EOPNOTSUPP, 95)    /* Operation not supported. */         \
    X(EADDRINUSE, 98)    /* Address in use. */                  \
    X(EADDRNOTAVAIL, 99) /* Address not available. */           \
    X(ENOBUFS, 105)      /* No buffer space. */                 \
    X(EISCONN, 106)      /* Already connected. */               \
    X(ENOTCONN, 107)     /* Not connected. */                   \
    X(ETIMEDOUT, 110)    /* Timed out. */                       \
    X(ECONNREFUSED, 111) /* Connection refused. */

#ifndef __ASSEMBLER__
#define XEN_ERRNO_ENUM_ENTRY(name, value) XEN_##name = value,
enum xen_errno { XEN_ERRNO_LIST(XEN_ERRNO_ENUM_ENTRY) };
#undef XEN_ERRNO_ENUM_ENTRY
#endif

#endif /* XENITH_PUBLIC_ERRNO_H */
