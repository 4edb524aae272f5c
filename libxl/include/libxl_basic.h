/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: the basic types the generated ones (libxl_types.h) are made of:
 * uuid, MAC address, bitmap, defbool, string and key/value lists, hwcap.
 * Names, layouts and semantics follow Xen's libxl.  Included by
 * libxl_types.h; usable on its own.
 */
#ifndef LIBXL_BASIC_H
#define LIBXL_BASIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef LIBXL_EXPORT
#define LIBXL_EXPORT __attribute__((visibility("default")))
#endif

typedef struct libxl__ctx libxl_ctx;

typedef uint32_t libxl_domid;
typedef int libxl_devid;

/* Values of MemKB fields and others that mean "let libxl choose". */
#define LIBXL_MEMKB_DEFAULT                               (~0ULL)
#define LIBXL_MAX_GRANT_DEFAULT                           (~(uint32_t)0)
#define LIBXL_TIMER_MODE_DEFAULT                          -1
#define LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT           -1
#define LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT              -1
#define LIBXL_DOMAIN_SCHED_PARAM_PERIOD_DEFAULT           -1
#define LIBXL_DOMAIN_SCHED_PARAM_SLICE_DEFAULT            -1
#define LIBXL_DOMAIN_SCHED_PARAM_LATENCY_DEFAULT          -1
#define LIBXL_DOMAIN_SCHED_PARAM_EXTRATIME_DEFAULT        -1
#define LIBXL_DOMAIN_SCHED_PARAM_BUDGET_DEFAULT           -1
#define LIBXL_SCHED_PARAM_VCPU_INDEX_DEFAULT              -1
#define LIBXL_INVALID_GFN                                 (~(uint64_t)0)
#define LIBXL_PCI_FUNC_ALL                                (~0U)
#define LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH 64

/* Each generated enumeration has a NULL-terminated table of these. */
typedef struct {
    const char *s;
    int v;
} libxl_enum_string_table;

/* ---- uuid ------------------------------------------------------------- */

typedef struct {
    uint8_t uuid[16];
} libxl_uuid;

#define LIBXL_UUID_FMTLEN ((2 * 16) + 4) /* 8-4-4-4-12 */
#define LIBXL_UUID_FMT                                                 \
    "%02hhx%02hhx%02hhx%02hhx-%02hhx%02hhx-%02hhx%02hhx-%02hhx%02hhx-" \
    "%02hhx%02hhx%02hhx%02hhx%02hhx%02hhx"
#define LIBXL_UUID_BYTES(arg)                                                  \
    (arg).uuid[0], (arg).uuid[1], (arg).uuid[2], (arg).uuid[3], (arg).uuid[4], \
        (arg).uuid[5], (arg).uuid[6], (arg).uuid[7], (arg).uuid[8],            \
        (arg).uuid[9], (arg).uuid[10], (arg).uuid[11], (arg).uuid[12],         \
        (arg).uuid[13], (arg).uuid[14], (arg).uuid[15]

/* All zero? */
LIBXL_EXPORT int libxl_uuid_is_nil(const libxl_uuid *uuid);
/* A random (version 4) uuid. */
LIBXL_EXPORT void libxl_uuid_generate(libxl_uuid *uuid);
/* Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; 0 or ERROR_INVAL. */
LIBXL_EXPORT int libxl_uuid_from_string(libxl_uuid *uuid, const char *in);
/* Writes the 36-character form and a NUL into buf (>= 37 bytes). */
LIBXL_EXPORT void libxl_uuid_unparse(const libxl_uuid *uuid, char *buf);
LIBXL_EXPORT void libxl_uuid_copy(libxl_ctx *ctx, libxl_uuid *dst,
                                  const libxl_uuid *src);
LIBXL_EXPORT void libxl_uuid_clear(libxl_uuid *uuid);
/* memcmp-like. */
LIBXL_EXPORT int libxl_uuid_compare(const libxl_uuid *a, const libxl_uuid *b);
LIBXL_EXPORT uint8_t *libxl_uuid_bytearray(libxl_uuid *uuid);

/* ---- MAC address -------------------------------------------------------- */

typedef uint8_t libxl_mac[6];
#define LIBXL_MAC_FMT    "%02hhx:%02hhx:%02hhx:%02hhx:%02hhx:%02hhx"
#define LIBXL_MAC_FMTLEN ((2 * 6) + 5) /* 6 hex bytes plus 5 colons */
#define LIBXL_MAC_BYTES(mac) \
    (mac)[0], (mac)[1], (mac)[2], (mac)[3], (mac)[4], (mac)[5]
LIBXL_EXPORT void libxl_mac_copy(libxl_ctx *ctx, libxl_mac *dst,
                                 const libxl_mac *src);
/* Parses "xx:xx:xx:xx:xx:xx"; 0 or ERROR_INVAL. */
LIBXL_EXPORT int libxl_mac_from_string(libxl_mac *mac, const char *s);
/* All zero (not set)? */
LIBXL_EXPORT int libxl_mac_is_default(const libxl_mac *mac);

/* ---- bitmap ---------------------------------------------------------------
 */

typedef struct {
    uint32_t size; /* number of bytes in map */
    uint8_t *map;
} libxl_bitmap;

LIBXL_EXPORT void libxl_bitmap_init(libxl_bitmap *map);
/* Frees the map; safe to call twice. */
LIBXL_EXPORT void libxl_bitmap_dispose(libxl_bitmap *map);
/* Allocates room for n_bits (0: one byte); all clear.  0 or ERROR_NOMEM. */
LIBXL_EXPORT int libxl_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *bitmap,
                                    int n_bits);
/* A bitmap large enough for max_cpus (>0) host CPUs. */
LIBXL_EXPORT int libxl_cpu_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *cpumap,
                                        int max_cpus);
LIBXL_EXPORT int libxl_node_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *nodemap,
                                         int max_nodes);
/* dst gets a copy of src (same size); aborts on exhaustion like Xen. */
LIBXL_EXPORT void libxl_bitmap_copy_alloc(libxl_ctx *ctx, libxl_bitmap *dptr,
                                          const libxl_bitmap *sptr);
/* Copies min(sizes) bytes of src into dst; dst keeps its size. */
LIBXL_EXPORT void libxl_bitmap_copy(libxl_ctx *ctx, libxl_bitmap *dptr,
                                    const libxl_bitmap *sptr);
LIBXL_EXPORT int libxl_bitmap_is_full(const libxl_bitmap *bitmap);
LIBXL_EXPORT int libxl_bitmap_is_empty(const libxl_bitmap *bitmap);
/* Bits beyond the end test as 0 and are ignored by set/reset. */
LIBXL_EXPORT int libxl_bitmap_test(const libxl_bitmap *bitmap, int bit);
LIBXL_EXPORT void libxl_bitmap_set(libxl_bitmap *bitmap, int bit);
LIBXL_EXPORT void libxl_bitmap_reset(libxl_bitmap *bitmap, int bit);
LIBXL_EXPORT int libxl_bitmap_count_set(const libxl_bitmap *bitmap);
LIBXL_EXPORT void libxl_bitmap_set_any(libxl_bitmap *bitmap);
LIBXL_EXPORT void libxl_bitmap_set_none(libxl_bitmap *bitmap);
/* "0x..." most significant byte first (Xen's form); malloc'd. */
LIBXL_EXPORT char *libxl_bitmap_to_hex_string(libxl_ctx *ctx,
                                              const libxl_bitmap *bitmap);
/*
 * Range lists: "0-3,^2,7" (ranges, single bits, ^ excludes; "all" sets
 * every bit below nr_bits).  parse: bitmap must be allocated; bits are
 * added to / removed from what it holds, in order; a bit >= nr_bits or a
 * malformed list gives ERROR_INVAL and leaves the bitmap unspecified.
 * to_string: the shortest such list of the set bits, "" when none;
 * malloc'd.
 */
LIBXL_EXPORT int libxl_bitmap_parse_range_list(libxl_bitmap *bitmap,
                                               const char *s, int nr_bits);
LIBXL_EXPORT char *libxl_bitmap_to_range_list(const libxl_bitmap *bitmap);

static inline int libxl_bitmap_cpu_valid(const libxl_bitmap *bitmap, int bit)
{
    return bit >= 0 && bit < (int)(bitmap->size * 8);
}
#define libxl_for_each_bit(var, map) \
    for (var = 0; var < (int)(map).size * 8; var++)
#define libxl_for_each_set_bit(v, m)        \
    for (v = 0; v < (int)(m).size * 8; v++) \
        if (libxl_bitmap_test(&(m), v))

/* ---- defbool ---------------------------------------------------------------
 */

/* A boolean with a third state, "default" (0); false < 0 < true. */
typedef struct {
    int val;
} libxl_defbool;

LIBXL_EXPORT void libxl_defbool_set(libxl_defbool *db, bool b);
/* Back to default. */
LIBXL_EXPORT void libxl_defbool_unset(libxl_defbool *db);
/* Sets db only while it is default. */
LIBXL_EXPORT void libxl_defbool_setdefault(libxl_defbool *db, bool b);
LIBXL_EXPORT bool libxl_defbool_is_default(libxl_defbool db);
/* The value; db must not be default (it aborts, as Xen asserts). */
LIBXL_EXPORT bool libxl_defbool_val(libxl_defbool db);
/* "<default>", "True", "False" (the JSON form). */
LIBXL_EXPORT const char *libxl_defbool_to_string(libxl_defbool b);

/* ---- string list, key/value list ------------------------------------------
 */

/* NULL-terminated array of malloc'd strings (NULL = empty). */
typedef char **libxl_string_list;
LIBXL_EXPORT void libxl_string_list_dispose(libxl_string_list *sl);
LIBXL_EXPORT int libxl_string_list_length(const libxl_string_list *sl);
LIBXL_EXPORT void libxl_string_list_copy(libxl_ctx *ctx, libxl_string_list *dst,
                                         const libxl_string_list *src);

/* NULL-terminated array of key, value, key, value...; a value may be NULL. */
typedef char **libxl_key_value_list;
LIBXL_EXPORT void libxl_key_value_list_dispose(libxl_key_value_list *kvl);
/* Number of pairs. */
LIBXL_EXPORT int libxl_key_value_list_length(const libxl_key_value_list *kvl);
LIBXL_EXPORT void libxl_key_value_list_copy(libxl_ctx *ctx,
                                            libxl_key_value_list *dst,
                                            const libxl_key_value_list *src);

/* ---- hardware capabilities -------------------------------------------------
 */

typedef uint32_t libxl_hwcap[8];
LIBXL_EXPORT void libxl_hwcap_copy(libxl_ctx *ctx, libxl_hwcap *dst,
                                   const libxl_hwcap *src);

#endif
