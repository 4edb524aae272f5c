/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internals of the hypercall layer (ctrl/). */
#ifndef XCTL_PRIVATE_H
#define XCTL_PRIVATE_H

#include "xctl.h"

struct xctl {
    int fd; /* /dev/xen/privcmd */
};

#endif
