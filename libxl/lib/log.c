/* SPDX-License-Identifier: LGPL-2.1-only */
/* Logging: the stdio logger and libxl__log. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static const char *const level_names[] = {
    [LIBXL_LOG_NONE] = "none",         [LIBXL_LOG_DEBUG] = "debug",
    [LIBXL_LOG_VERBOSE] = "verbose",   [LIBXL_LOG_DETAIL] = "detail",
    [LIBXL_LOG_PROGRESS] = "progress", [LIBXL_LOG_INFO] = "info",
    [LIBXL_LOG_NOTICE] = "notice",     [LIBXL_LOG_WARNING] = "warning",
    [LIBXL_LOG_ERROR] = "error",       [LIBXL_LOG_CRITICAL] = "critical",
};

const char *libxl_log_level_to_string(libxl_log_level level)
{
    if ((unsigned)level >= sizeof(level_names) / sizeof(level_names[0]))
        return "?";
    return level_names[level];
}

struct stdio_logger {
    libxl_logger lg;
    FILE *f;
    libxl_log_level min;
    unsigned flags;
    int progress_open; /* a progress line without its newline yet */
};

static void stdio_vmessage(libxl_logger *lg, libxl_log_level level,
                           int errnoval, const char *context, const char *fmt,
                           va_list ap) __attribute__((format(printf, 5, 0)));

static void stdio_vmessage(libxl_logger *lg, libxl_log_level level,
                           int errnoval, const char *context, const char *fmt,
                           va_list ap)
{
    struct stdio_logger *s = (struct stdio_logger *)lg;

    if (level < s->min)
        return;
    if (s->progress_open) {
        fputc('\n', s->f);
        s->progress_open = 0;
    }
    if (s->flags & LIBXL_LOG_FLAG_SHOW_TIME) {
        char buf[32];
        time_t t = time(NULL);
        struct tm tm;
        strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
        fprintf(s->f, "%s ", buf);
    }
    if (s->flags & LIBXL_LOG_FLAG_SHOW_PID)
        fprintf(s->f, "[%ld] ", (long)getpid());
    if ((s->flags & LIBXL_LOG_FLAG_SHOW_CONTEXT) && context)
        fprintf(s->f, "%s: ", context);
    if (s->flags & LIBXL_LOG_FLAG_SHOW_LEVEL)
        fprintf(s->f, "%s: ", libxl_log_level_to_string(level));
    vfprintf(s->f, fmt, ap);
    if (errnoval >= 0)
        fprintf(s->f, ": %s", strerror(errnoval));
    fputc('\n', s->f);
    fflush(s->f);
}

/* Progress as Xen's xl shows it: one line rewritten in place on a tty. */
static void stdio_progress(libxl_logger *lg, const char *context,
                           const char *doing_what, int percent,
                           unsigned long done, unsigned long total)
{
    struct stdio_logger *s = (struct stdio_logger *)lg;

    if (LIBXL_LOG_PROGRESS < s->min)
        return;
    if (!(s->flags & LIBXL_LOG_FLAG_PROGRESS_CR)) {
        fprintf(s->f, "%s: %s: %lu/%lu  %3d%%\n", context ? context : "libxl",
                doing_what, done, total, percent);
        fflush(s->f);
        return;
    }
    fprintf(s->f, "\r%s: %s: %lu/%lu  %3d%%", context ? context : "libxl",
            doing_what, done, total, percent);
    s->progress_open = 1;
    if (percent >= 100) {
        fputc('\n', s->f);
        s->progress_open = 0;
    }
    fflush(s->f);
}

static void stdio_destroy(libxl_logger *lg)
{
    struct stdio_logger *s = (struct stdio_logger *)lg;

    if (s->progress_open)
        fputc('\n', s->f);
    free(s);
}

libxl_logger *libxl_logger_stdio_new(FILE *f, libxl_log_level min_level,
                                     unsigned flags)
{
    struct stdio_logger *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->lg.vmessage = stdio_vmessage;
    s->lg.progress = stdio_progress;
    s->lg.destroy = stdio_destroy;
    s->f = f;
    s->min = min_level;
    s->flags = flags;
    return &s->lg;
}

void libxl_logger_destroy(libxl_logger *lg)
{
    if (lg && lg->destroy)
        lg->destroy(lg);
}

static void call_vmessage(libxl_logger *lg, libxl_log_level level, int errnoval,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void call_vmessage(libxl_logger *lg, libxl_log_level level, int errnoval,
                          const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    lg->vmessage(lg, level, errnoval, "libxl", fmt, ap);
    va_end(ap);
}

/*
 * Debug-level messages carry file:line and function; the others are the
 * one line a user reads, with the domain when there is one.
 */
void libxl__log(libxl_ctx *ctx, libxl_log_level level, int errnoval,
                const char *file, int line, const char *func, uint32_t domid,
                const char *fmt, ...)
{
    va_list ap;
    char *msg = NULL;
    int saved = errno;

    if (!ctx || !ctx->lg)
        return;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (!msg)
        return;
    if (level <= LIBXL_LOG_DEBUG && domid != LIBXL__NO_DOMID)
        call_vmessage(ctx->lg, level, errnoval, "%s:%d:%s: domain %u: %s", file,
                      line, func, domid, msg);
    else if (level <= LIBXL_LOG_DEBUG)
        call_vmessage(ctx->lg, level, errnoval, "%s:%d:%s: %s", file, line,
                      func, msg);
    else if (domid != LIBXL__NO_DOMID)
        call_vmessage(ctx->lg, level, errnoval, "domain %u: %s", domid, msg);
    else
        call_vmessage(ctx->lg, level, errnoval, "%s", msg);
    free(msg);
    errno = saved;
}

const char *libxl_error_to_string(int rc)
{
    switch (rc) {
    case 0:
        return "success";
    case ERROR_VERSION:
        return "libxl version mismatch";
    case ERROR_FAIL:
        return "failed";
    case ERROR_NI:
        return "not implemented";
    case ERROR_NOMEM:
        return "out of memory";
    case ERROR_INVAL:
        return "invalid argument";
    case ERROR_BADFAIL:
        return "failed, state unknown";
    case ERROR_GUEST_TIMEDOUT:
        return "the guest did not respond in time";
    case ERROR_TIMEDOUT:
        return "timed out";
    case ERROR_NOPARAVIRT:
        return "the guest has no PV drivers";
    case ERROR_NOT_READY:
        return "not ready";
    case ERROR_OSEVENT_REG_FAIL:
        return "event registration failed";
    case ERROR_BUFFERFULL:
        return "buffer full";
    case ERROR_UNKNOWN_CHILD:
        return "unknown child process";
    case ERROR_LOCK_FAIL:
        return "could not take the lock";
    case ERROR_JSON_CONFIG_EMPTY:
        return "no stored configuration";
    case ERROR_DEVICE_EXISTS:
        return "device exists";
    case ERROR_DOMAIN_NOTFOUND:
        return "domain not found";
    case ERROR_ABORTED:
        return "aborted";
    case ERROR_NOTFOUND:
        return "not found";
    case ERROR_DOMAIN_DESTROYED:
        return "domain destroyed";
    default:
        return "unspecified error";
    }
}
