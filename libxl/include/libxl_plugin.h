/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: the plugin loader and the plugin descriptor (lib/plugin*.c).  Included
 * by libxl.h. */
#ifndef LIBXL_PLUGIN_H
#define LIBXL_PLUGIN_H

#include "libxl.h"

#endif
