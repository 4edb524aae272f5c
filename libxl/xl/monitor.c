/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domain monitor: waits for the domain's shutdown and death events
 * and applies the configured action (see monitor.h).  Messages are Xen's
 * xl's, one line each, to stderr (the log file once daemonised).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "monitor.h"
#include "xl.h"

#define XL_LOG_DIR  "/var/log/xen"
#define XL_DUMP_DIR "/var/lib/xen/dump"

enum restart { RESTART_NONE, RESTART_NORMAL, RESTART_RENAME };

static const char *action_name(libxl_action_on_shutdown a)
{
    switch (a) {
    case LIBXL_ACTION_ON_SHUTDOWN_DESTROY:
        return "destroy";
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART:
        return "restart";
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME:
        return "rename-restart";
    case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE:
        return "preserve";
    case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY:
        return "coredump-destroy";
    case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART:
        return "coredump-restart";
    case LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET:
        return "soft-reset";
    }
    return "unknown";
}

static void mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mlog(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

/* ---- becoming a daemon -----------------------------------------------------
 */

/* /var/log/xen/xl-NAME.log, the older ones moved to .1 ... .10. */
static int open_log(const char *name)
{
    char from[512], to[512];

    mkdir(XL_LOG_DIR, 0755);
    for (int i = 9; i > 0; i--) {
        snprintf(from, sizeof(from), XL_LOG_DIR "/xl-%s.log.%d", name, i);
        snprintf(to, sizeof(to), XL_LOG_DIR "/xl-%s.log.%d", name, i + 1);
        rename(from, to);
    }
    snprintf(from, sizeof(from), XL_LOG_DIR "/xl-%s.log", name);
    snprintf(to, sizeof(to), XL_LOG_DIR "/xl-%s.log.1", name);
    rename(from, to);
    return open(from, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/*
 * Returns in the daemon (true) or, in the calling process, once the
 * daemon is on its way (false; *status: 0, or 1 when it failed).
 */
static bool daemonize(const char *name, int *status)
{
    pid_t child;
    int st, logfd, nullfd;

    fflush(NULL); /* nothing buffered is written twice */
    child = fork();

    if (child < 0) {
        perror("xl: fork for the domain monitor");
        *status = 1;
        return false;
    }
    if (child > 0) {
        if (waitpid(child, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
            fprintf(stderr, "xl: the domain monitor failed to start\n");
            *status = 1;
        } else {
            *status = 0;
        }
        return false;
    }
    logfd = open_log(name);
    nullfd = open("/dev/null", O_RDONLY);
    if (logfd < 0 || nullfd < 0) {
        fprintf(stderr, "xl: cannot open the log %s/xl-%s.log: %s\n",
                XL_LOG_DIR, name, strerror(errno));
        _exit(1);
    }
    dup2(nullfd, 0);
    dup2(logfd, 1);
    dup2(logfd, 2);
    close(nullfd);
    close(logfd);
    if (daemon(0, 1) < 0)
        _exit(1);
    /*
     * Only this thread survived the fork: the caller's context may be
     * mid-way through anything on its other threads, so leave it alone
     * and start afresh.
     */
    logger = libxl_logger_stdio_new(stderr, LIBXL_LOG_INFO,
                                    LIBXL_LOG_FLAG_SHOW_LEVEL);
    if (!logger || libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, logger)) {
        mlog("cannot initialise libxl in the domain monitor");
        exit(1);
    }
    return true;
}

/* ---- shutdown actions ---------------------------------------------------- */

static libxl_action_on_shutdown action_for(const libxl_domain_config *cfg,
                                           int reason, bool *suspended)
{
    *suspended = false;
    switch (reason) {
    case LIBXL_SHUTDOWN_REASON_POWEROFF:
        return cfg->on_poweroff;
    case LIBXL_SHUTDOWN_REASON_REBOOT:
        return cfg->on_reboot;
    case LIBXL_SHUTDOWN_REASON_CRASH:
        return cfg->on_crash;
    case LIBXL_SHUTDOWN_REASON_WATCHDOG:
        return cfg->on_watchdog;
    case LIBXL_SHUTDOWN_REASON_SOFT_RESET:
        return cfg->on_soft_reset;
    case LIBXL_SHUTDOWN_REASON_SUSPEND:
        *suspended = true;
        return LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
    default:
        mlog("Unknown shutdown reason code %d. Destroying domain.", reason);
        return LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    }
}

/* Keeps the old domain as NAME-<time>; false when that failed. */
static bool preserve(uint32_t domid, libxl_domain_config *cfg)
{
    char suffix[24], *newname;
    time_t now = time(NULL);
    struct tm tm;
    bool ok;

    if (!gmtime_r(&now, &tm) ||
        !strftime(suffix, sizeof(suffix), "-%Y%m%dT%H%MZ", &tm)) {
        mlog("Failed to format time as a string");
        return false;
    }
    mlog("Preserving domain %u %s with suffix%s", domid, cfg->c_info.name,
         suffix);
    if (asprintf(&newname, "%s%s", cfg->c_info.name, suffix) < 0)
        return false;
    ok = !libxl_domain_rename(ctx, domid, cfg->c_info.name, newname);
    free(newname);
    /* The kept domain holds the old identity: the new one gets its own. */
    libxl_uuid_generate(&cfg->c_info.uuid);
    return ok;
}

static enum restart handle_shutdown(uint32_t *domid, int reason,
                                    libxl_domain_config *cfg)
{
    bool suspended;
    libxl_action_on_shutdown a = action_for(cfg, reason, &suspended);

    if (suspended) {
        mlog("Domain has suspended.");
        return RESTART_NONE;
    }
    mlog("Action for shutdown reason code %d is %s", reason, action_name(a));
    if (a == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY ||
        a == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART) {
        mlog("dumping core to " XL_DUMP_DIR "/%s", cfg->c_info.name);
        mlog("core dump failed (rc=%d).", ERROR_NI);
        a = a == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY
                ? LIBXL_ACTION_ON_SHUTDOWN_DESTROY
                : LIBXL_ACTION_ON_SHUTDOWN_RESTART;
    }
    if (a == LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET) {
        mlog("soft reset is not supported: destroying the domain instead");
        a = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    }
    switch (a) {
    case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE:
        return RESTART_NONE;
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME:
        return RESTART_RENAME;
    default:
        mlog("Domain %u needs to be cleaned up: destroying the domain", *domid);
        libxl_domain_destroy(ctx, *domid, NULL);
        *domid = LIBXL_EVENT_INVALID_DOMID;
        return a == LIBXL_ACTION_ON_SHUTDOWN_RESTART ? RESTART_NORMAL
                                                     : RESTART_NONE;
    }
}

static int for_domain(const libxl_event *ev, void *user)
{
    return ev->domid == *(uint32_t *)user;
}

/* Creates the domain again from cfg and starts it. */
static bool recreate(uint32_t *domid, libxl_domain_config *cfg)
{
    if (libxl_domain_create_new(ctx, cfg, domid, NULL, NULL)) {
        mlog("failed to restart domain %s", cfg->c_info.name);
        return false;
    }
    if (libxl_domain_unpause(ctx, *domid, NULL)) {
        mlog("failed to unpause the restarted domain %u", *domid);
        return false;
    }
    return true;
}

/* Drops whatever is still queued about the old domain. */
static void drain_events(void)
{
    libxl_event *ev;

    while (!libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL))
        libxl_event_free(ctx, ev);
}

/* One domain's life: 0 when done, 1 on failure, 2 to restart it. */
static int watch(uint32_t *domid, libxl_domain_config *cfg)
{
    libxl_evgen_domain_death *deathw = NULL;
    int ret = 1;

    mlog("Waiting for domain %s (domid %u) to die [pid %ld]", cfg->c_info.name,
         *domid, (long)getpid());
    if (libxl_evenable_domain_death(ctx, *domid, 0, &deathw))
        return 1;
    for (;;) {
        uint32_t want = *domid;
        libxl_event *ev;
        int reason;

        if (libxl_event_wait(ctx, &ev, LIBXL_EVENTMASK_ALL, for_domain,
                             &want)) {
            mlog("Domain %u, failed to get event, quitting", *domid);
            break;
        }
        if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) {
            mlog("Domain %u has been destroyed.", *domid);
            libxl_event_free(ctx, ev);
            ret = 0;
            break;
        }
        if (ev->type != LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN) {
            libxl_event_free(ctx, ev);
            continue;
        }
        reason = ev->u.domain_shutdown.shutdown_reason;
        libxl_event_free(ctx, ev);
        mlog("Domain %u has shut down, reason code %d 0x%x", *domid, reason,
             reason);
        switch (handle_shutdown(domid, reason, cfg)) {
        case RESTART_RENAME:
            if (!preserve(*domid, cfg))
                goto out;
            /* fall through */
        case RESTART_NORMAL:
            ret = 2;
            goto out;
        case RESTART_NONE:
            mlog("Done. Exiting now");
            ret = 0;
            goto out;
        }
    }
out:
    libxl_evdisable_domain_death(ctx, deathw);
    drain_events();
    return ret;
}

int xl_monitor_domain(uint32_t domid, libxl_domain_config *cfg, bool foreground)
{
    int ret;

    if (!foreground) {
        int status;

        if (!daemonize(cfg->c_info.name, &status))
            return status;
    }
    for (;;) {
        ret = watch(&domid, cfg);
        if (ret != 2)
            break;
        mlog("Done. Rebooting now");
        if (!recreate(&domid, cfg)) {
            ret = 1;
            break;
        }
    }
    if (!foreground)
        exit(ret);
    return ret;
}
