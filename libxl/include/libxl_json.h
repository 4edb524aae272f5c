/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: a small JSON writer producing the layout of Xen's `xl list -l` (yajl's
 * "beautify" mode with a 4-space indent: one member per line, an empty map
 * as "{\n\n}" at its depth, a newline after the top-level value).  Errors
 * are sticky: calls after an allocation failure do nothing, and
 * libxl_json_gen_finish reports it.  Every generated type has
 * libxl_X_gen_json(g, p) writing it here, so a caller can embed one in a
 * document of its own (xl list -l: [{"domid": N, "config": {...}}]).
 */
#ifndef LIBXL_JSON_H
#define LIBXL_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl_basic.h"

typedef struct libxl_json_gen libxl_json_gen;

/* NULL when out of memory. */
LIBXL_EXPORT libxl_json_gen *libxl_json_gen_new(void);
/* The text written (malloc'd) and frees g; NULL after any error or when
 * the document is incomplete. */
LIBXL_EXPORT char *libxl_json_gen_finish(libxl_json_gen *g);
/* Frees g without producing text (NULL is fine). */
LIBXL_EXPORT void libxl_json_gen_free(libxl_json_gen *g);

LIBXL_EXPORT void libxl_json_map_open(libxl_json_gen *g);
LIBXL_EXPORT void libxl_json_map_close(libxl_json_gen *g);
LIBXL_EXPORT void libxl_json_array_open(libxl_json_gen *g);
LIBXL_EXPORT void libxl_json_array_close(libxl_json_gen *g);
/* A string (NULL writes null); in a map's key position, the key. */
LIBXL_EXPORT void libxl_json_string(libxl_json_gen *g, const char *s);
LIBXL_EXPORT void libxl_json_integer(libxl_json_gen *g, long long v);
LIBXL_EXPORT void libxl_json_uint64(libxl_json_gen *g, uint64_t v);
LIBXL_EXPORT void libxl_json_bool(libxl_json_gen *g, bool v);
LIBXL_EXPORT void libxl_json_null(libxl_json_gen *g);

/* The basic types, as Xen writes them. */
LIBXL_EXPORT void libxl_defbool_gen_json(libxl_json_gen *g,
                                         const libxl_defbool *p);
LIBXL_EXPORT void libxl_uuid_gen_json(libxl_json_gen *g, const libxl_uuid *p);
LIBXL_EXPORT void libxl_mac_gen_json(libxl_json_gen *g, const libxl_mac *p);
LIBXL_EXPORT void libxl_bitmap_gen_json(libxl_json_gen *g,
                                        const libxl_bitmap *p);
LIBXL_EXPORT void libxl_string_list_gen_json(libxl_json_gen *g,
                                             const libxl_string_list *p);
LIBXL_EXPORT void libxl_key_value_list_gen_json(libxl_json_gen *g,
                                                const libxl_key_value_list *p);
LIBXL_EXPORT void libxl_hwcap_gen_json(libxl_json_gen *g, const libxl_hwcap *p);

#endif
