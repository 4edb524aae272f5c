/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled's internal interfaces.  One concern per file:
 *   main.c     options, daemon set-up, signals
 *   io.c       the poll loop, the domain list (@introduceDomain and
 *              @releaseDomain), the hypervisor log
 *   console.c  one guest console: ring, event channel, pty, relay
 *   outbuf.c   the output buffered between the ring and the pty (the limit)
 *   logfile.c  log files, with or without timestamps
 */
#ifndef XENCONSOLED_H
#define XENCONSOLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- settings (main.c) ---------------------------------------------- */

struct xcd_opts {
    bool log_guest, log_hv;    /* --log */
    bool ts_guest, ts_hv;      /* --timestamp */
    bool discard;              /* --overflow-data=discard (the default) */
    bool replace_escape;       /* --replace-escape */
    bool verbose, interactive; /* --verbose, -i */
    const char *log_dir;       /* --log-dir */
    const char *pid_file;      /* --pid-file */
};
extern struct xcd_opts xcd_opts;

/* Set by the signal handlers, read by the loop. */
extern volatile int xcd_stop, xcd_reopen_logs;

void xcd_log(int prio, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- output buffer (outbuf.c) --------------------------------------- */

/*
 * What the guest wrote and the pty has not taken yet.  max is the output
 * limit (console/limit, 0: none).  With discard, the oldest bytes beyond
 * max are dropped, so a guest is never held up by a console nobody reads;
 * without, the buffer stops accepting at max and the guest's ring stays
 * full until the pty drains it.
 */
struct outbuf {
    char *data;
    size_t size;     /* bytes in data */
    size_t consumed; /* bytes of data already written out */
    size_t capacity; /* bytes allocated */
    size_t max;
    bool discard;
    uint64_t dropped; /* bytes discarded so far */
};

bool outbuf_accepts(const struct outbuf *b);
/* 0, or -1 when memory ran out. */
int outbuf_append(struct outbuf *b, const char *p, size_t n);
size_t outbuf_pending(const struct outbuf *b);
const char *outbuf_head(const struct outbuf *b);
void outbuf_consume(struct outbuf *b, size_t n);
void outbuf_free(struct outbuf *b);

/* ---- log files (logfile.c) ------------------------------------------ */

struct logfile {
    int fd;          /* -1: closed */
    bool timestamps; /* "[YYYY-mm-dd HH:MM:SS] " before each line */
    bool at_bol;     /* the next byte starts a line */
    bool replace_escape;
    char *path;
};

void logfile_init(struct logfile *l, bool timestamps, bool replace_escape);
/* Opens (appending, 0644) path; 0 or -errno. */
int logfile_open(struct logfile *l, const char *path);
/* Writes n bytes; with timestamps, \r after a newline is dropped.
 * 0 or -errno. */
int logfile_write(struct logfile *l, const char *p, size_t n);
/* Closes and opens the same path again (SIGHUP: logrotate). */
int logfile_reopen(struct logfile *l);
void logfile_close(struct logfile *l);
/* The timestamp prefix for time t (local time) into buf (>= 32 bytes). */
size_t logfile_stamp(char *buf, size_t len, long t);

/* ---- consoles (console.c) ------------------------------------------- */

struct xs_handle;
struct xctl;
struct xctl_gnttab;
struct console;

struct console_env {
    struct xs_handle *xs;
    struct xctl *xc;
    struct xctl_gnttab *gt; /* NULL: grant mapping unavailable */
};

/* A console for domain domid; nothing mapped yet. */
struct console *console_new(const struct console_env *env, uint32_t domid);
/* (Re)reads console/{ring-ref,port,type,limit}, maps the ring, binds the
 * port, opens the pty and writes console/tty, opens the log.  0, or
 * -errno when something is missing yet (the next watch retries). */
int console_setup(struct console *c);
void console_free(struct console *c);
uint32_t console_domid(const struct console *c);
/* The xenstore directory watched for the console (/local/domain/N/console). */
const char *console_xspath(const struct console *c);

/* The poll loop's view: descriptors to wait on (fd < 0: none), the ms
 * until the rate limit lifts (-1: none), and handling of what fired. */
struct pollfd;
int console_pollfds(struct console *c, struct pollfd *pfd, long long now_ms,
                    long long *wake_ms);
void console_handle(struct console *c, const struct pollfd *pfd,
                    long long now_ms);
/* The domain is going away: stop touching its memory. */
void console_shutdown(struct console *c);
bool console_is_dead(const struct console *c);
void console_reopen_log(struct console *c);

/* ---- the loop (io.c) ------------------------------------------------ */

/* Runs until SIGTERM/SIGINT; 0 on a clean stop, 1 on a fatal error. */
int xcd_run(void);

#endif
