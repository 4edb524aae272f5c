/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.c - syslog / stderr logging and the optional access log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

bool log_verbose;
static bool to_syslog;
static char *access_path;
static FILE *access_file;

void log_open(bool use_syslog, const char *access_log_path)
{
    to_syslog = use_syslog;
    if (use_syslog)
        openlog("xenstored", LOG_PID | LOG_NDELAY, LOG_DAEMON);
    free(access_path);
    access_path = access_log_path ? strdup(access_log_path) : NULL;
    log_reopen();
}

void log_set_access(const char *path)
{
    free(access_path);
    access_path = strdup(path);
    log_reopen();
}

void log_reopen(void)
{
    FILE *f;

    if (!access_path)
        return;
    f = fopen(access_path, "a");
    if (!f) {
        log_warn("cannot open access log %s: %m", access_path);
        return;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (access_file)
        fclose(access_file);
    access_file = f;
}

void log_close(void)
{
    if (access_file)
        fclose(access_file);
    access_file = NULL;
    if (to_syslog)
        closelog();
}

__attribute__((format(printf, 2, 0))) static void
vlog(int prio, const char *fmt, va_list ap)
{
    if (to_syslog) {
        vsyslog(prio, fmt, ap);
        return;
    }
    fputs("xenstored: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void log_info(const char *fmt, ...)
{
    va_list ap;

    if (!log_verbose)
        return;
    va_start(ap, fmt);
    vlog(LOG_INFO, fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(LOG_WARNING, fmt, ap);
    va_end(ap);
}

void log_fatal(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(LOG_ERR, fmt, ap);
    va_end(ap);
    exit(1);
}

bool log_access_enabled(void)
{
    return access_file != NULL;
}

void log_access(const char *fmt, ...)
{
    va_list ap;
    struct timespec ts;

    if (!access_file)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(access_file, "%lld.%03ld ", (long long)ts.tv_sec,
            ts.tv_nsec / 1000000);
    va_start(ap, fmt);
    vfprintf(access_file, fmt, ap);
    va_end(ap);
    fputc('\n', access_file);
}
