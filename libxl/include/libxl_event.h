/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: events, the event loop hooks and waiting (lib/event*.c).  Included by
 * libxl.h. */
#ifndef LIBXL_EVENT_H
#define LIBXL_EVENT_H

#include "libxl.h"

#endif
