/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Reading JSON back (lib/json_parse.c): a small tree parser for what
 * libxl writes (objects, arrays, strings, numbers, true/false/null), and
 * the readers of the built-in types the generated *_parse_json functions
 * call (libxl_types.c).  Readers return 0 or ERROR_INVAL.
 */
#ifndef LIBXL_JSON_PARSE_H
#define LIBXL_JSON_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl.h"

typedef enum {
    LIBXL__JSON_NULL,
    LIBXL__JSON_BOOL,
    LIBXL__JSON_NUMBER,
    LIBXL__JSON_STRING,
    LIBXL__JSON_ARRAY,
    LIBXL__JSON_MAP,
} libxl__json_type;

typedef struct libxl__json_object {
    libxl__json_type type;
    char *s; /* STRING: the text; NUMBER: its digits */
    bool b;
    int n;                            /* ARRAY, MAP: members */
    char **keys;                      /* MAP */
    struct libxl__json_object **vals; /* ARRAY, MAP */
} libxl__json_object;

/* NULL when s is not one JSON value (nesting deeper than 64 included). */
libxl__json_object *libxl__json_parse(const char *s);
void libxl__json_free(libxl__json_object *o);
/* The member key of a map, or NULL. */
const libxl__json_object *libxl__json_get(const libxl__json_object *o,
                                          const char *key);

int libxl__json_read_string(const libxl__json_object *o, char **v);
int libxl__json_read_int(const libxl__json_object *o, int64_t min, int64_t max,
                         int64_t *v);
int libxl__json_read_u64(const libxl__json_object *o, uint64_t *v);
int libxl__json_read_bool(const libxl__json_object *o, bool *v);
int libxl__json_read_defbool(const libxl__json_object *o, libxl_defbool *v);
int libxl__json_read_uuid(const libxl__json_object *o, libxl_uuid *v);
int libxl__json_read_mac(const libxl__json_object *o, libxl_mac *v);
int libxl__json_read_bitmap(const libxl__json_object *o, libxl_bitmap *v);
int libxl__json_read_string_list(const libxl__json_object *o,
                                 libxl_string_list *v);
int libxl__json_read_key_value_list(const libxl__json_object *o,
                                    libxl_key_value_list *v);
int libxl__json_read_hwcap(const libxl__json_object *o, libxl_hwcap *v);

#endif
