/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console logging.  A message may start with a level marker (XENLOG_ERR
 * etc., the same "<N>" strings Xen uses); messages below the threshold set
 * by "loglvl=" are dropped.  Unmarked messages count as XENLOG_INFO.
 */
#ifndef XENITH_PRINTK_H
#define XENITH_PRINTK_H

#include <stdarg.h>
#include <xenith/compiler.h>

#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

enum log_level {
    LOG_ERR = 0,
    LOG_WARNING = 1,
    LOG_INFO = 2,
    LOG_DEBUG = 3,
    LOG_NONE = -1,
};

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

/* Set the threshold: messages with level <= lvl are printed. */
void printk_set_level(int lvl);

/* Parse a "loglvl=" value ("all", "debug", "info", "warning", "error",
 * "none"); returns the level or -2 when the word is unknown. */
int printk_parse_level(const char *s);

#endif /* XENITH_PRINTK_H */
