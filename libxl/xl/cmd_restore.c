/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl restore [-p] [-c] [-e] [-F] [-d] [-V] [<ConfigFile>] <CheckpointFile>
 *
 * As Xen's xl: the guest is rebuilt from the file `xl save` wrote (its
 * configuration from ConfigFile when given), attached to with -c,
 * unpaused unless -p, and watched by a monitor process unless -e.  A
 * file that is truncated, corrupted or not a saved domain is refused in
 * one line and nothing is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console.h"
#include "libxlutil.h"
#include "monitor.h"
#include "xl_restore.h"
#include "xlconf.h"

int xl_restore_and_run(int fd, libxl_domain_config *cfg,
                       const struct xl_restore_opts *o, uint32_t *domid_r)
{
    struct xl_console_child cc = XL_CONSOLE_CHILD_INIT;
    libxl_asyncprogress_how how = { xl_console_child_start, &cc };
    uint32_t domid = ~0u;
    int rc;

    if (o->console && xl_console_child_prepare(&cc))
        return EXIT_FAILURE;
    rc = libxl_domain_create_restore(ctx, cfg, &domid, fd, NULL,
                                     o->console ? &how : NULL);
    if (rc) {
        if (o->console)
            xl_console_child_abort(&cc);
        return EXIT_FAILURE;
    }
    if (domid_r)
        *domid_r = domid;
    if (o->console)
        xl_console_child_wait_attached(&cc);
    if (!o->paused && libxl_domain_unpause(ctx, domid, NULL)) {
        fprintf(stderr, "xl: cannot unpause domain %u\n", domid);
        return EXIT_FAILURE;
    }
    rc = EXIT_SUCCESS;
    if (o->monitor)
        rc = xl_monitor_domain(domid, cfg, o->foreground) ? EXIT_FAILURE
                                                          : EXIT_SUCCESS;
    xl_console_child_reap(&cc);
    return rc;
}

int xl_restore_config(const char *config_file, libxl_domain_config *cfg)
{
    XLU_DomainDefaults defs;
    int bootloader = 0;

    libxl_domain_config_init(cfg);
    if (!config_file)
        return 0;
    xl_global_domain_defaults(&defs);
    fprintf(stderr, "Parsing config from %s\n", config_file);
    return xlu_parse_domain_config(config_file, NULL, 0, &defs, stderr, cfg,
                                   &bootloader)
               ? -1
               : 0;
}

static int restore_main(int argc, char **argv)
{
    static const struct option longopts[] = { { "vncviewer", 0, NULL, 'V' },
                                              { "vncviewer-autopass", 0, NULL,
                                                'A' },
                                              { "help", 0, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    struct xl_restore_opts o = { .monitor = true };
    const char *file, *config = NULL;
    libxl_domain_config cfg;
    uint8_t peek[48];
    int opt, fd, rc;

    while ((opt = xl_getopt(argc, argv, "FcpdeVA", longopts, "restore", 1)) !=
           -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'c':
            o.console = true;
            break;
        case 'p':
            o.paused = true;
            break;
        case 'F':
            o.foreground = true;
            break;
        case 'e':
            o.foreground = true;
            o.monitor = false;
            break;
        case 'd':
        case 'V':
        case 'A':
            break;
        }
    }
    if (argc - optind == 1) {
        file = argv[optind];
    } else if (argc - optind == 2) {
        config = argv[optind];
        file = argv[optind + 1];
    } else {
        xl_usage("restore");
        return 2;
    }
    fd = open(file, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "xl: cannot open %s: %s\n", file, strerror(errno));
        return EXIT_FAILURE;
    }
    if (pread(fd, peek, sizeof(peek), 0) == (ssize_t)sizeof(peek) &&
        !memcmp(peek, "XNTHSAVE", 8)) {
        uint32_t type, len;
        memcpy(&type, peek + 32, 4);
        memcpy(&len, peek + 36, 4);
        fprintf(stderr,
                "Loading new save file %s (new xl fmt info 0x%x/0x0/%u)\n",
                file, type == 1 ? 1u : 0u, type == 1 ? len : 0u);
        if (type == 1)
            fprintf(stderr, " Savefile contains xl domain config in JSON "
                            "format\n");
    }
    if (xl_restore_config(config, &cfg)) {
        close(fd);
        libxl_domain_config_dispose(&cfg);
        return EXIT_FAILURE;
    }
    rc = xl_restore_and_run(fd, &cfg, &o, NULL);
    close(fd);
    libxl_domain_config_dispose(&cfg);
    return rc;
}

XL_COMMAND(restore, .fn = restore_main, .modifies = true,
           .summary = "Restore a domain from a saved state",
           .usage = "[options] [<ConfigFile>] <CheckpointFile>",
           .options =
               "-h                       Print this help.\n"
               "-p                       Do not unpause domain after "
               "restoring it.\n"
               "-c                       Connect to the console after the "
               "domain is restored.\n"
               "-e                       Do not wait in the background for "
               "the death of the domain.\n"
               "-F                       Run in foreground until death of "
               "the domain.\n"
               "-d                       Enable debug messages.\n"
               "-V, --vncviewer          Connect to the VNC display after "
               "the domain is created.\n"
               "-A, --vncviewer-autopass Pass VNC password to viewer via "
               "stdin.");
