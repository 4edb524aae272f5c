/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl remus [-i MS] [-u] [-s SSHCMD] [-c CODEC] [-e] [-F] [-b] [-n] [-d]
 *          <Domain> <Host>
 *
 * As Xen's xl: the domain is migrated live to `SSHCMD HOST xl
 * migrate-receive -r` and then kept running here, checkpointed to the
 * backup every MS milliseconds (default 200): suspended, its dirtied pages
 * and state sent, resumed with its suspend cancelled; the backup's
 * acknowledgement is awaited before the next interval.  -b sends the
 * checkpoints to /dev/null (no backup); -u sends the pages without a page
 * codec.  Network output buffering and disk replication are not
 * implemented yet: every run behaves as Xen's -n -d, and says so.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xl_migrate.h"
#include "xl_ops.h"

static void checkpoint_done(libxl_ctx *c, const char *what, unsigned long n,
                            unsigned long bytes, void *arg)
{
    static double last_pause;
    libxl_domain_remus_stats *st = arg;

    (void)c;
    (void)what;
    /* The first checkpoint ends the migration: its pause is the
     * migration's. */
    if (xl_verbose)
        fprintf(stderr,
                "Remus: checkpoint %lu acknowledged: %lu bytes, guest "
                "paused %.1f ms\n",
                n, bytes, n > 1 ? st->pause_ms - last_pause : 0.0);
    last_pause = st->pause_ms;
}

static int remus_main(int argc, char **argv)
{
    const char *sshcmd = "ssh", *host, *codec = NULL;
    libxl_domain_remus_info ri = { 0 };
    libxl_domain_remus_stats st;
    libxl_asyncprogress_how progress = { checkpoint_done, &st };
    libxl_dominfo info;
    bool unsafe = false, nonet = false, nodisk = false, daemon_e = false;
    int opt, send_fd = -1, recv_fd = -1, rc = ERROR_FAIL, status;
    uint32_t domid;
    char *json;
    pid_t child = -1;

    while ((opt = xl_getopt(argc, argv, "i:us:c:eN:Fbnd", NULL, "remus", 1)) !=
           -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'i':
            ri.interval_ms = (uint32_t)atoi(optarg);
            if (!ri.interval_ms) {
                fprintf(stderr, "remus: -i wants a number of milliseconds\n");
                return 2;
            }
            break;
        case 'u':
            codec = "none";
            break;
        case 's':
            sshcmd = optarg;
            break;
        case 'c':
            codec = optarg;
            break;
        case 'e':
            daemon_e = true;
            break;
        case 'N':
            fprintf(stderr, "Remus: -N: network buffering is not implemented "
                            "yet\n");
            return EXIT_FAILURE;
        case 'F':
            unsafe = true;
            break;
        case 'b':
            ri.blackhole = 1;
            break;
        case 'n':
            nonet = true;
            break;
        case 'd':
            nodisk = true;
            break;
        default:
            break;
        }
    }
    if ((ri.blackhole || nonet || nodisk) && !unsafe) {
        fprintf(stderr, "Remus: -b, -n and -d are unsafe: they need -F\n");
        return EXIT_FAILURE;
    }
    if (!nonet || !nodisk)
        fprintf(stderr,
                "Remus: network output buffering and disk replication are "
                "not implemented yet: the guest's packets and disk writes "
                "are not held back until their checkpoint is acknowledged "
                "(as with -n -d)\n");
    host = argv[optind + 1];
    if (!host && !ri.blackhole) {
        fprintf(stderr, "remus: a backup host is needed (or -F -b)\n");
        return 2;
    }
    domid = xl_domain_or_exit(argv[optind]);
    if (!(json = xl_saved_config_json(domid, NULL))) {
        fprintf(stderr, "unable to retrieve domain configuration\n");
        return EXIT_FAILURE;
    }
    if (libxl_page_codec_check(ctx, codec, LIBXL_SUSPEND_LIVE)) {
        free(json);
        return EXIT_FAILURE;
    }
    signal(SIGPIPE, SIG_IGN);
    if (ri.blackhole) {
        if ((send_fd = open("/dev/null", O_WRONLY)) < 0) {
            perror("remus: /dev/null");
            free(json);
            return EXIT_FAILURE;
        }
    } else {
        child = xl_migrate_start_receiver(
            sshcmd, host, daemon_e ? " -r -e" : " -r", &send_fd, &recv_fd);
        if (child < 0 ||
            xl_migrate_read_msg(recv_fd, xl_migrate_banner,
                                strlen(xl_migrate_banner), "migration sender",
                                "ready message") < 0) {
            free(json);
            goto out;
        }
    }
    fprintf(stderr,
            "Saving to migration stream new xl format (info 0x1/0x0/%zu)\n",
            strlen(json) + 1);
    rc = libxl_domain_remus_start(ctx, domid, send_fd, recv_fd, json, codec,
                                  &ri, &st, NULL, &progress);
    free(json);
    if (st.checkpoints > 1)
        fprintf(stderr,
                "Remus: %" PRIu64 " checkpoints, mean %" PRIu64
                " bytes, guest paused %.1f ms on average (longest %.1f ms)\n",
                st.checkpoints, st.bytes / (st.checkpoints - 1),
                st.pause_ms / (double)(st.checkpoints - 1), st.max_pause_ms);
    libxl_dominfo_init(&info);
    if (libxl_domain_info(ctx, &info, domid)) {
        /* Destroyed here to force a failover. */
        fprintf(stderr, "Remus: Primary domain has been destroyed.\n");
        rc = 0;
    } else if (!rc) {
        fprintf(stderr, "Remus: the guest shut down; the backup lets its "
                        "copy go.\n");
    } else if (rc == ERROR_GUEST_TIMEDOUT) {
        fprintf(stderr, "Failed to suspend domain at primary.\n");
    } else {
        /* The library left the guest running here. */
        fprintf(stderr, "Remus: Backup failed? resuming domain at primary.\n");
    }
    libxl_dominfo_dispose(&info);
out:
    if (send_fd >= 0)
        close(send_fd);
    if (recv_fd >= 0)
        close(recv_fd);
    if (child > 0)
        waitpid(child, &status, 0);
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

XL_COMMAND(remus, .fn = remus_main, .modifies = true,
           .summary = "Enable Remus HA for domain",
           .usage = "[options] <Domain> [<host>]",
           .options =
               "-i MS           Checkpoint domain memory every MS "
               "milliseconds (def. 200ms).\n"
               "-u              Disable memory checkpoint compression (no "
               "page codec).\n"
               "-c <codec>      Encode the pages with page codec <codec> "
               "(Xenith's own;\n"
               "                default: codec= of "
               "/etc/xen/plugins.d/remus.conf).\n"
               "-s <sshcommand> Use <sshcommand> instead of ssh.  String will "
               "be passed\n"
               "                to sh. If empty, run <host> instead of\n"
               "                ssh <host> xl migrate-receive -r [-e]\n"
               "-e              Do not wait in the background (on <host>) for "
               "the death\n"
               "                of the domain.\n"
               "-F              Enable unsafe configurations [-b|-n|-d "
               "flags].\n"
               "-b              Replicate memory checkpoints to /dev/null "
               "(blackhole).\n"
               "                Works only in unsafe mode.\n"
               "-n              Disable network output buffering (not "
               "implemented yet:\n"
               "                always off).  Works only in unsafe mode.\n"
               "-d              Disable disk replication (not implemented "
               "yet: always\n"
               "                off).  Works only in unsafe mode.");
