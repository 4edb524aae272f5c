/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl migrate [-s SSHCMD] [-C CONFIG] [-c CODEC] [-e] [--debug] <Domain> <Host>
 * xl migrate-receive [-e] [-d] [-r]
 *
 * As Xen's xl: the sender runs `SSHCMD HOST xl migrate-receive` (SSHCMD
 * "ssh" by default; an empty one makes HOST the whole command), waits for
 * the receiver's banner, sends the domain live (pre-copy rounds, then the
 * guest stopped for the last pages, docs/save-format.md), and the two
 * agree in Xen's messages: the receiver has the domain paused as
 * NAME--incoming and says so; the sender renames its copy
 * NAME--migratedaway and gives permission; the receiver takes the name,
 * unpauses and reports; the sender destroys its copy.  If anything fails
 * before the permission, the sender's domain is resumed where it was.
 * -c/--codec (Xenith's own) encodes the pages with a page codec plugin;
 * without it, remus.conf's codec= (libxl_domain_suspend_codec).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "monitor.h"
#include "xl_migrate.h"
#include "xl_ops.h"
#include "xl_restore.h"

const char xl_migrate_banner[] =
    "xl migration receiver ready, send binary domain data.\n";
#define banner xl_migrate_banner
static const char receiver_ready[] = "domain received, ready to unpause";
static const char permission_to_go[] =
    "domain is yours, you are cleared to unpause";
static const char report[] = "my copy unpause results are as follows";

int xl_migrate_write_all(int fd, const void *p, size_t len)
{
    const char *b = p;

    while (len) {
        ssize_t n = write(fd, b, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        b += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads exactly msg (with its NUL); complains as Xen's xl does. */
int xl_migrate_read_msg(int fd, const char *msg, size_t len, const char *who,
                        const char *what)
{
    char buf[128];
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "%s: %s: %s\n", who, what,
                    n < 0 ? strerror(errno) : "unexpected end of stream");
            return -1;
        }
        got += (size_t)n;
    }
    if (memcmp(buf, msg, len)) {
        fprintf(stderr, "%s: %s: the other end sent something else\n", who,
                what);
        return -1;
    }
    return 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void round_done(libxl_ctx *c, const char *what, unsigned long round,
                       unsigned long pages, void *arg)
{
    (void)c;
    (void)arg;
    if (xl_verbose)
        fprintf(stderr, "migration sender: %s %lu: %lu pages\n", what, round,
                pages);
}

/* ---- the sender --------------------------------------------------------- */

pid_t xl_migrate_start_receiver(const char *sshcmd, const char *host,
                                const char *args, int *send_fd, int *recv_fd)
{
    int to[2], from[2];
    char *rune;
    pid_t pid;

    if (!sshcmd[0]) {
        rune = strdup(host);
    } else if (asprintf(&rune, "exec %s %s xl migrate-receive%s", sshcmd, host,
                        args) < 0) {
        rune = NULL;
    }
    if (!rune || pipe(to) < 0 || pipe(from) < 0) {
        perror("xl: migrate");
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        perror("xl: fork");
        return -1;
    }
    if (pid == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        close(to[0]);
        close(to[1]);
        close(from[0]);
        close(from[1]);
        execl("/bin/sh", "sh", "-c", rune, (char *)NULL);
        perror("xl: /bin/sh");
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    *send_fd = to[1];
    *recv_fd = from[0];
    free(rune);
    return pid;
}

static int migrate_main(int argc, char **argv)
{
    static const struct option longopts[] = { { "debug", 0, NULL, 0x100 },
                                              { "live", 0, NULL, 0x101 },
                                              { "codec", 1, NULL, 'c' },
                                              { "help", 0, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    const char *sshcmd = "ssh", *config = NULL, *host, *codec = NULL;
    libxl_domain_suspend_stats st = { 0 };
    libxl_asyncprogress_how progress = { round_done, NULL };
    bool debug = false;
    int opt, send_fd = -1, recv_fd = -1, rc, status;
    uint32_t domid;
    char *json, *name, *away = NULL;
    unsigned char result;
    double t0, t_end;
    pid_t child;

    while ((opt = xl_getopt(argc, argv, "FC:s:c:epTp", longopts, "migrate",
                            2)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'C':
            config = optarg;
            break;
        case 's':
            sshcmd = optarg;
            break;
        case 'c':
            codec = optarg;
            break;
        case 0x100:
            debug = true;
            break;
        default:
            break;
        }
    }
    domid = xl_domain_or_exit(argv[optind]);
    host = argv[optind + 1];
    if (!(json = xl_saved_config_json(domid, config))) {
        if (!config)
            fprintf(stderr, "unable to retrieve domain configuration\n");
        return EXIT_FAILURE;
    }
    if (libxl_page_codec_check(ctx, codec, LIBXL_SUSPEND_LIVE)) {
        free(json);
        return EXIT_FAILURE;
    }
    name = libxl_domid_to_name(ctx, domid);
    signal(SIGPIPE, SIG_IGN);
    child = xl_migrate_start_receiver(sshcmd, host, debug ? " -d" : "",
                                      &send_fd, &recv_fd);
    if (child < 0 ||
        xl_migrate_read_msg(recv_fd, banner, sizeof(banner) - 1,
                            "migration sender", "ready message") < 0)
        goto fail_early;
    fprintf(stderr,
            "Saving to migration stream new xl format (info 0x1/0x0/%zu)\n",
            strlen(json) + 1);
    t0 = now_ms();
    rc = libxl_domain_suspend_codec(ctx, domid, send_fd, LIBXL_SUSPEND_LIVE,
                                    json, codec, &st, NULL, &progress);
    free(json);
    json = NULL;
    if (rc) {
        fprintf(stderr,
                "migration sender: libxl_domain_suspend failed "
                "(rc=%d)\n",
                rc);
        goto fail_resume;
    }
    if (xl_migrate_read_msg(recv_fd, receiver_ready, sizeof(receiver_ready),
                            "migration sender", "ready message") < 0)
        goto fail_resume;
    fprintf(stderr, "migration sender: Target has acknowledged transfer.\n");
    if (asprintf(&away, "%s--migratedaway", name ? name : "domain") < 0 ||
        libxl_domain_rename(ctx, domid, name, away)) {
        fprintf(stderr, "migration sender: cannot rename the domain\n");
        goto fail_resume;
    }
    fprintf(stderr, "migration sender: Giving target permission to start.\n");
    if (xl_migrate_write_all(send_fd, permission_to_go,
                             sizeof(permission_to_go)) < 0 ||
        xl_migrate_read_msg(recv_fd, report, sizeof(report), "migration sender",
                            "success/failure report") < 0 ||
        read(recv_fd, &result, 1) != 1) {
        fprintf(stderr,
                "migration sender: Target status unknown; the "
                "domain stays here suspended as %s\n",
                away);
        return 3;
    }
    if (result) {
        fprintf(stderr,
                "migration sender: Target reports startup failure "
                "(rc=%d); resuming here.\n",
                -(int)result);
        libxl_domain_rename(ctx, domid, away, name);
        libxl_domain_resume(ctx, domid, 1, NULL);
        return EXIT_FAILURE;
    }
    fprintf(stderr, "migration sender: Target reports successful startup.\n");
    t_end = now_ms();
    libxl_domain_destroy(ctx, domid, NULL);
    close(send_fd);
    close(recv_fd);
    waitpid(child, &status, 0);
    fprintf(stderr,
            "Migration successful: %u rounds, %" PRIu64 " pages, %" PRIu64
            " bytes, %.0f ms in all, guest stopped for %.0f ms\n",
            st.rounds, st.pages, st.bytes, t_end - t0,
            t_end - (t0 + st.total_ms - st.stopped_ms));
    free(name);
    free(away);
    return EXIT_SUCCESS;
fail_resume:
    if (libxl_domain_resume(ctx, domid, 1, NULL) == 0)
        fprintf(stderr, "Migration failed, resuming at sender.\n");
    else
        fprintf(stderr, "Migration failed, failed to resume at sender!\n");
fail_early:
    free(json);
    if (send_fd >= 0)
        close(send_fd);
    if (recv_fd >= 0)
        close(recv_fd);
    if (child > 0)
        waitpid(child, &status, 0);
    free(name);
    free(away);
    return EXIT_FAILURE;
}

/* ---- the receiver ------------------------------------------------------- */

/*
 * -r: the backup of xl remus.  The checkpoints are applied and
 * acknowledged as they come; when the primary stops sending, the guest
 * resumes here from the last complete one.
 */
static int remus_receive(struct xl_restore_opts *o, libxl_domain_config *cfg)
{
    uint32_t domid = ~0u;
    int rc, failed_over = 0;
    char *incoming;

    rc = libxl_domain_create_restore_checkpointed(
        ctx, cfg, &domid, 0, 1, "--incoming", &failed_over, NULL);
    if (rc && failed_over < 0) {
        fprintf(stderr, "migration target: Remus: the primary ended the "
                        "replication; backup copy removed.\n");
        libxl_domain_config_dispose(cfg);
        return EXIT_SUCCESS;
    }
    if (rc || failed_over != 1) {
        fprintf(stderr,
                "migration target: Domain creation failed "
                "(code %d).\n",
                rc);
        if (!rc)
            libxl_domain_destroy(ctx, domid, NULL);
        libxl_domain_config_dispose(cfg);
        return EXIT_FAILURE;
    }
    /* Here the primary has stopped sending: it died (no split-brain
     * check yet). */
    fprintf(stderr, "migration target: Remus Failover for domain %u\n", domid);
    if (asprintf(&incoming, "%s--incoming", cfg->c_info.name) < 0)
        incoming = NULL;
    rc = libxl_domain_rename(ctx, domid, incoming, cfg->c_info.name);
    if (rc)
        fprintf(stderr,
                "migration target (Remus): Failed to rename domain from %s "
                "to %s:%d\n",
                incoming, cfg->c_info.name, rc);
    free(incoming);
    rc = libxl_domain_unpause(ctx, domid, NULL);
    if (rc) {
        fprintf(stderr,
                "migration target (Remus): Failed to unpause domain %s "
                "(id: %u):%d\n",
                cfg->c_info.name, domid, rc);
        libxl_domain_config_dispose(cfg);
        return EXIT_FAILURE;
    }
    close(0);
    close(1);
    rc = EXIT_SUCCESS;
    if (o->monitor)
        rc = xl_monitor_domain(domid, cfg, o->foreground) ? EXIT_FAILURE
                                                          : EXIT_SUCCESS;
    libxl_domain_config_dispose(cfg);
    return rc;
}

static int migrate_receive_main(int argc, char **argv)
{
    struct xl_restore_opts o = { .monitor = true };
    libxl_domain_config cfg;
    uint32_t domid = ~0u;
    unsigned char result = 0;
    char *incoming;
    bool remus = false;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "Fedr", NULL, "migrate-receive", 0)) !=
           -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'F':
            o.foreground = true;
            break;
        case 'e':
            o.foreground = true;
            o.monitor = false;
            break;
        case 'r':
            remus = true;
            break;
        default:
            break;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    fprintf(stderr, "migration target: Ready to receive domain.\n");
    if (xl_migrate_write_all(1, banner, sizeof(banner) - 1) < 0)
        return EXIT_FAILURE;
    libxl_domain_config_init(&cfg);
    if (remus)
        return remus_receive(&o, &cfg);
    rc = libxl_domain_create_restore_renamed(ctx, &cfg, &domid, 0, "--incoming",
                                             NULL, NULL);
    if (rc) {
        fprintf(stderr,
                "migration target: Domain creation failed "
                "(code %d).\n",
                rc);
        libxl_domain_config_dispose(&cfg);
        return EXIT_FAILURE;
    }
    fprintf(stderr, "migration target: Transfer complete, requesting "
                    "permission to start domain.\n");
    if (xl_migrate_write_all(1, receiver_ready, sizeof(receiver_ready)) < 0 ||
        xl_migrate_read_msg(0, permission_to_go, sizeof(permission_to_go),
                            "migration target",
                            "permission for sender to resume") < 0) {
        fprintf(stderr, "migration target: the sender did not give "
                        "permission; removing the incoming domain\n");
        libxl_domain_destroy(ctx, domid, NULL);
        libxl_domain_config_dispose(&cfg);
        return EXIT_FAILURE;
    }
    fprintf(stderr, "migration target: Got permission, starting domain.\n");
    if (asprintf(&incoming, "%s--incoming", cfg.c_info.name) < 0)
        incoming = NULL;
    rc = libxl_domain_rename(ctx, domid, incoming, cfg.c_info.name);
    free(incoming);
    if (!rc)
        rc = libxl_domain_unpause(ctx, domid, NULL);
    if (rc) {
        fprintf(stderr,
                "migration target: Failed to unpause domain %s "
                "(id %u) after transfer (rc=%d).\n",
                cfg.c_info.name, domid, rc);
        result = (unsigned char)(rc < 0 ? -rc : rc);
        libxl_domain_destroy(ctx, domid, NULL);
    } else {
        fprintf(stderr, "migration target: Domain started successsfully.\n");
    }
    if (xl_migrate_write_all(1, report, sizeof(report)) < 0 ||
        xl_migrate_write_all(1, &result, 1) < 0)
        fprintf(stderr, "migration target: cannot send the report\n");
    if (result) {
        libxl_domain_config_dispose(&cfg);
        return EXIT_FAILURE;
    }
    /* The channel closes; the monitor of the guest goes on. */
    close(0);
    close(1);
    rc = EXIT_SUCCESS;
    if (o.monitor)
        rc = xl_monitor_domain(domid, &cfg, o.foreground) ? EXIT_FAILURE
                                                          : EXIT_SUCCESS;
    libxl_domain_config_dispose(&cfg);
    return rc;
}

XL_COMMAND(migrate, .fn = migrate_main, .modifies = true,
           .summary = "Migrate a domain to another host",
           .usage = "[options] <Domain> <host>",
           .options =
               "-h              Print this help.\n"
               "-C <config>     Send <config> instead of config file from "
               "creation.\n"
               "-s <sshcommand> Use <sshcommand> instead of ssh.  String will "
               "be passed\n"
               "                to sh. If empty, run <host> instead of ssh "
               "<host> xl\n"
               "                migrate-receive [-d -e]\n"
               "-c <codec>      Encode the pages with page codec <codec> (a "
               "plugin:\n"
               "                xen42, xorzstd; none); --codec too.  Default: "
               "codec= of\n"
               "                /etc/xen/plugins.d/remus.conf.\n"
               "-e              Do not wait in the background (on <host>) for "
               "the death\n"
               "                of the domain.\n"
               "--debug         Print huge (!) amount of debug during the "
               "migration process.");
XL_COMMAND_NAMED(migrate_receive, "migrate-receive", .fn = migrate_receive_main,
                 .modifies = true,
                 .summary = "Restore a domain from a migration stream on "
                            "standard input",
                 .usage = "[options]",
                 .options = "-h  Print this help.\n"
                            "-e  Do not wait in the background for the death "
                            "of the domain.\n"
                            "-F  Run in the foreground.\n"
                            "-r  Remus backup: apply checkpoints, take over "
                            "when the\n"
                            "    primary stops sending.\n"
                            "-d  Enable debug messages.");
