/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.h - xenstored logging: syslog (or stderr in the foreground) for
 * events, and an optional access log recording every request and reply.
 */
#ifndef XSD_LOG_H
#define XSD_LOG_H

#include <stdbool.h>

void log_open(bool use_syslog, const char *access_log_path);
/* Start (or move) the access log. */
void log_set_access(const char *path);
/* Reopen the access log (SIGHUP), keeping the old one if that fails. */
void log_reopen(void);
void log_close(void);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
/* One line in the access log, if one is open. */
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool log_access_enabled(void);
extern bool log_verbose;

#endif
