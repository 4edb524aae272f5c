/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * wire.c - errno names used in XS_ERROR replies, shared by the daemon and
 * the client library.
 */
#include <errno.h>
#include <string.h>

#include "wire.h"

struct errname {
    int num;
    const char *name;
};

/* The public header's order; new names are only ever appended. */
#define ERRNAME(e) { e, #e },
static const struct errname errnames[] = { XSD_ERROR_LIST(ERRNAME) };
#undef ERRNAME

/* Name for an errno value; unknown values are reported as EIO. */
const char *xs_wire_errname(int err)
{
    for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
        if (errnames[i].num == err)
            return errnames[i].name;
    return "EIO";
}

/* Errno value for a name; unknown names map to EINVAL. */
int xs_wire_errnum(const char *name)
{
    for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
        if (strcmp(errnames[i].name, name) == 0)
            return errnames[i].num;
    return EINVAL;
}
