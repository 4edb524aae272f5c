/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: Xenith's toolstack library (libxenlight).
 *
 * One context per caller (libxl_ctx_alloc), typed configurations generated
 * from idl/libxl_types.idl (libxl_types.h: every type has _init, _dispose,
 * safe to call twice, and _to_json), operations that return 0 or a negative
 * ERROR_* code (libxl_error in the IDL, Xen's values).  Long operations take
 * a `const libxl_asyncop_how *`: NULL runs them to completion before
 * returning; see libxl_event.h for the asynchronous forms.
 *
 * Source compatibility: define LIBXL_API_VERSION to the version a program
 * was written against (0x010000 is the first); what was added later is
 * marked by a LIBXL_HAVE_* macro.  The SONAME changes only when a binary
 * interface breaks.
 */
#ifndef LIBXL_H
#define LIBXL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define LIBXL_EXPORT __attribute__((visibility("default")))

/* The version libxl_ctx_alloc() must be passed. */
#define LIBXL_VERSION 1

#define LIBXL_API_VERSION_LATEST 0x010000
#ifndef LIBXL_API_VERSION
#define LIBXL_API_VERSION LIBXL_API_VERSION_LATEST
#endif
#if LIBXL_API_VERSION > LIBXL_API_VERSION_LATEST
#error "LIBXL_API_VERSION is newer than this libxl"
#endif

/*
 * What this libxl has beyond Xen 4.2's libxl API (a program tests these
 * with #ifdef):
 *   LIBXL_HAVE_PLUGINS            libxl_plugin.h: plugins loaded from
 *                                 /etc/xen/plugins.d, libxl_plugin_list
 *   LIBXL_HAVE_BUILDINFO_NUMA_POLICY  libxl_domain_build_info.numa_policy
 *   LIBXL_HAVE_PLUGIN_PAGE_CODEC  libxl_plugin.h: the page codec hook
 *                                 (plugin ABI version 3)
 *   LIBXL_HAVE_DOMAIN_SUSPEND_CODEC  libxl_domain_suspend_codec
 *   LIBXL_HAVE_DOMAIN_REMUS       libxl_domain_remus_start,
 *                                 libxl_domain_create_restore_checkpointed
 *   LIBXL_HAVE_CONFIG_IMPORT      libxl_plugin.h: importer plugins (plugin
 *                                 ABI 3), libxl_config_import
 */
#define LIBXL_HAVE_PLUGINS               1
#define LIBXL_HAVE_BUILDINFO_NUMA_POLICY 1
#define LIBXL_HAVE_CONFIG_IMPORT         1

typedef struct libxl__ctx libxl_ctx;

/* Errors every operation may return (Xen's libxl values). */
typedef enum {
    ERROR_NONSPECIFIC = -1,
    ERROR_VERSION = -2,
    ERROR_FAIL = -3,
    ERROR_NI = -4, /* not implemented */
    ERROR_NOMEM = -5,
    ERROR_INVAL = -6,
    ERROR_BADFAIL = -7,
    ERROR_GUEST_TIMEDOUT = -8,
    ERROR_TIMEDOUT = -9,
    ERROR_NOPARAVIRT = -10,
    ERROR_NOT_READY = -11,
    ERROR_OSEVENT_REG_FAIL = -12,
    ERROR_BUFFERFULL = -13,
    ERROR_UNKNOWN_CHILD = -14,
    ERROR_LOCK_FAIL = -15,
    ERROR_JSON_CONFIG_EMPTY = -16,
    ERROR_DEVICE_EXISTS = -17,
    ERROR_DOMAIN_NOTFOUND = -21,
    ERROR_ABORTED = -22,
    ERROR_NOTFOUND = -23,
    ERROR_DOMAIN_DESTROYED = -24,
} libxl_error;

/* A short English text for an ERROR_* code ("domain not found"). */
LIBXL_EXPORT const char *libxl_error_to_string(int rc);

/* ---- logging --------------------------------------------------------- */

typedef enum {
    LIBXL_LOG_NONE = 0,
    LIBXL_LOG_DEBUG,
    LIBXL_LOG_VERBOSE,
    LIBXL_LOG_DETAIL,
    LIBXL_LOG_PROGRESS,
    LIBXL_LOG_INFO,
    LIBXL_LOG_NOTICE,
    LIBXL_LOG_WARNING,
    LIBXL_LOG_ERROR,
    LIBXL_LOG_CRITICAL,
} libxl_log_level;

/*
 * A logger: libxl calls vmessage for each message (errnoval is an errno
 * value or -1; context names the subsystem) and progress for long
 * operations (percent 0-100, done/total in the operation's units).
 */
typedef struct libxl_logger libxl_logger;
struct libxl_logger {
    void (*vmessage)(libxl_logger *lg, libxl_log_level level, int errnoval,
                     const char *context, const char *fmt, va_list ap)
        __attribute__((format(printf, 5, 0)));
    void (*progress)(libxl_logger *lg, const char *context,
                     const char *doing_what, int percent, unsigned long done,
                     unsigned long total);
    void (*destroy)(libxl_logger *lg);
};

/* Flags of libxl_logger_stdio_new. */
#define LIBXL_LOG_FLAG_SHOW_LEVEL   (1u << 0) /* "error: " before the text */
#define LIBXL_LOG_FLAG_SHOW_CONTEXT (1u << 1) /* "libxl: " before the text */
#define LIBXL_LOG_FLAG_SHOW_TIME    (1u << 2)
#define LIBXL_LOG_FLAG_SHOW_PID     (1u << 3)
/* Progress rewrites one line with carriage returns (else a line each). */
#define LIBXL_LOG_FLAG_PROGRESS_CR (1u << 4)

/* A logger writing messages at or above min_level to f. */
LIBXL_EXPORT libxl_logger *
libxl_logger_stdio_new(FILE *f, libxl_log_level min_level, unsigned flags);
LIBXL_EXPORT void libxl_logger_destroy(libxl_logger *lg);
LIBXL_EXPORT const char *libxl_log_level_to_string(libxl_log_level level);

/* ---- context ------------------------------------------------------------ */

/*
 * Allocates a context.  version must be LIBXL_VERSION; flags must be 0.
 * The hypervisor interface (/dev/xen/privcmd) and xenstore are opened
 * lazily, so a context also serves work that needs neither (parsing,
 * JSON).  Returns 0 or ERROR_VERSION / ERROR_INVAL / ERROR_NOMEM.
 */
LIBXL_EXPORT int libxl_ctx_alloc(libxl_ctx **pctx, int version, unsigned flags,
                                 libxl_logger *lg);
/* Frees a context (NULL is fine).  Returns 0. */
LIBXL_EXPORT int libxl_ctx_free(libxl_ctx *ctx);

/* ---- asynchronous operations -------------------------------------------- */

/* Identifies a libxl_event of type OPERATION_COMPLETE (libxl_event.h). */
typedef uint64_t libxl_ev_user;

/*
 * How a long operation completes.  NULL: synchronously, the call returns
 * the operation's result.  callback set: the call returns 0 at once and
 * callback(ctx, rc, for_callback) runs on completion, from inside a libxl
 * event function the caller drives.  callback NULL: an
 * OPERATION_COMPLETE event carrying for_event is queued on completion.
 */
typedef struct {
    void (*callback)(libxl_ctx *ctx, int rc, void *for_callback);
    union {
        libxl_ev_user for_event;
        void *for_callback;
    } u;
} libxl_asyncop_how;

/*
 * Progress reports of a long operation (save, migrate): when given, called
 * as the operation advances.
 */
typedef struct {
    void (*callback)(libxl_ctx *ctx, const char *what, unsigned long done,
                     unsigned long total, void *for_callback);
    void *for_callback;
} libxl_asyncprogress_how;

/* The generated types, then each subsystem's declarations. */
#include "libxl_types.h"
#include "libxl_event.h"
#include "libxl_domain.h"
#include "libxl_device.h"
#include "libxl_info.h"
#include "libxl_plugin.h"

#endif
