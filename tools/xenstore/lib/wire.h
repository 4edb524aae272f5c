/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * wire.h - the xenstore protocol as the daemon and the library use it.
 *
 * The message header, message types, ring page and limits are the public
 * ABI in core/include/public/io/xs_wire.h; this adds the errno-name
 * mapping of XS_ERROR replies (lib/wire.c), which follows that header's
 * XSD_ERROR_LIST.
 */
#ifndef XENSTORE_LIB_WIRE_H
#define XENSTORE_LIB_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "public/io/xs_wire.h"

/* The name an XS_ERROR reply carries for an errno value (EIO if unknown). */
const char *xs_wire_errname(int err);
/* The errno value of a name in an XS_ERROR reply (EINVAL if unknown). */
int xs_wire_errnum(const char *name);

#endif
