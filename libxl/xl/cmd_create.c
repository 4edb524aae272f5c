/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl create [-c] [-p] [-F] [-n] [-q] [-e] [-V] [-d] [-f FILE] CFG
 *           [KEY=VALUE...]
 *
 * As Xen's xl: "Parsing config from CFG", xl.conf's defaults, -n prints
 * the parsed configuration as JSON and stops (no hypervisor needed), the
 * memory the guest needs is found first (autoballoon lowers dom0's
 * target, else one line says how much is missing), the domain is created
 * paused, -c attaches the console before it runs, it is unpaused unless
 * -p, and a monitor process (background, or foreground with -F; none with
 * -e) applies on_poweroff/on_reboot/on_crash when it stops.  A CFG that
 * is not xl.cfg (libvirt's domain XML) is converted by an importer plugin
 * (xl/config_import.c).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config_import.h"
#include "console.h"
#include "libxlutil.h"
#include "monitor.h"
#include "xl.h"
#include "xlconf.h"

struct create_opts {
    const char *file;
    const char **overrides;
    int n_overrides;
    bool console, paused, foreground, dryrun, quiet, no_monitor, debug;
};

static int parse_args(int argc, char **argv, struct create_opts *o)
{
    static const struct option longopts[] = {
        { "defconfig", 1, NULL, 'f' }, { "dryrun", 0, NULL, 'n' },
        { "quiet", 0, NULL, 'q' },     { "vncviewer", 0, NULL, 'V' },
        { "help", 0, NULL, 'h' },      { NULL, 0, NULL, 0 }
    };
    int opt;

    memset(o, 0, sizeof(*o));
    o->dryrun = xl_dryrun;
    while ((opt = xl_getopt(argc, argv, "Fnqf:pcdeVA", longopts, "create",
                            0)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'f':
            o->file = optarg;
            break;
        case 'p':
            o->paused = true;
            break;
        case 'c':
            o->console = true;
            break;
        case 'F':
            o->foreground = true;
            break;
        case 'n':
            o->dryrun = true;
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'e':
            o->no_monitor = true;
            break;
        case 'd':
            o->debug = true;
            break;
        case 'V':
        case 'A':
            fprintf(stderr,
                    "xl: a PV guest has no VNC display; -%c "
                    "ignored\n",
                    opt);
            break;
        }
    }
    if (!o->file && optind < argc && !strchr(argv[optind], '='))
        o->file = argv[optind++];
    if (!o->file) {
        fprintf(stderr, "Config file not specified\n\n");
        xl_usage("create");
        return 2;
    }
    o->overrides = (const char **)argv + optind;
    o->n_overrides = argc - optind;
    return -1;
}

/*
 * Finds the memory the guest needs: autoballoon takes it from dom0 (three
 * tries of ten seconds, as Xen); without it one line says what is missing
 * and whether dom0 could give it.
 */
static bool enough_memory(libxl_domain_config *cfg)
{
    const libxl_version_info *v = libxl_get_version_info(ctx);
    bool autoballoon = xl_autoballoon_enabled(v ? v->commandline : NULL);
    uint64_t need, free_kb, room = 0;

    if (libxl_domain_need_memory(ctx, cfg, 0, &need) ||
        libxl_get_free_memory(ctx, &free_kb))
        return false;
    for (int tries = 3; free_kb < need && autoballoon && tries > 0; tries--) {
        if (libxl_set_memory_target(ctx, 0, -(int64_t)(need - free_kb), 1, 0))
            break;
        libxl_wait_for_free_memory(ctx, 0, need, 10);
        if (libxl_get_free_memory(ctx, &free_kb))
            return false;
    }
    if (free_kb >= need)
        return true;
    libxl_dom0_balloon_room(ctx, &room);
    if (autoballoon)
        fprintf(stderr,
                "guest %s needs %" PRIu64 " MiB, %" PRIu64 " MiB free; "
                "autoballoon could not take it from dom0 (%" PRIu64
                " MiB above its 128 MiB minimum)\n",
                cfg->c_info.name, (need + 1023) >> 10, free_kb >> 10,
                room >> 10);
    else
        fprintf(stderr,
                "guest %s needs %" PRIu64 " MiB, %" PRIu64 " MiB free; "
                "autoballoon is off in %s, free memory with xl mem-set 0 "
                "<size> (%s: dom0 has %" PRIu64
                " MiB above its 128 MiB minimum)\n",
                cfg->c_info.name, (need + 1023) >> 10, free_kb >> 10,
                XL_GLOBAL_CONFIG_PATH,
                room >= need - free_kb ? "autoballoon could take it"
                                       : "not even autoballoon could",
                room >> 10);
    return false;
}

static int create_and_run(struct create_opts *o, libxl_domain_config *cfg)
{
    struct xl_console_child cc = XL_CONSOLE_CHILD_INIT;
    libxl_asyncprogress_how how = { xl_console_child_start, &cc };
    uint32_t domid = ~0u;
    int rc;

    if (!enough_memory(cfg))
        return EXIT_FAILURE;
    if (o->console && xl_console_child_prepare(&cc))
        return EXIT_FAILURE;
    rc = libxl_domain_create_new(ctx, cfg, &domid, NULL,
                                 o->console ? &how : NULL);
    if (rc) {
        if (o->console)
            xl_console_child_abort(&cc);
        return EXIT_FAILURE;
    }
    if (o->console)
        xl_console_child_wait_attached(&cc);
    if (!o->paused && libxl_domain_unpause(ctx, domid, NULL)) {
        fprintf(stderr, "xl: cannot unpause domain %u\n", domid);
        return EXIT_FAILURE;
    }
    rc = EXIT_SUCCESS;
    if (!o->no_monitor)
        rc = xl_monitor_domain(domid, cfg, o->foreground) ? EXIT_FAILURE
                                                          : EXIT_SUCCESS;
    xl_console_child_reap(&cc);
    return rc;
}

static int create_main(int argc, char **argv)
{
    struct create_opts o;
    XLU_DomainDefaults defs;
    libxl_domain_config cfg;
    char *imported = NULL;
    int rc, bootloader = 0;

    rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    xl_global_domain_defaults(&defs);
    if (!o.quiet)
        fprintf(stderr, "Parsing config from %s\n", o.file);
    libxl_domain_config_init(&cfg);
    /* A file that is not xl.cfg goes to the importer plugins first. */
    if (xl_config_import_file(o.file, &imported)) {
        rc = EXIT_FAILURE;
        goto out;
    }
    if (imported)
        rc = xl_parse_imported_config(o.file, imported, o.overrides,
                                      o.n_overrides, &defs, &cfg, &bootloader);
    else
        rc = xlu_parse_domain_config(o.file, o.overrides, o.n_overrides, &defs,
                                     stderr, &cfg, &bootloader);
    if (rc) {
        rc = EXIT_FAILURE;
        goto out;
    }
    if (o.dryrun || o.debug) {
        char *json = libxl_domain_config_to_json(ctx, &cfg);
        if (!json) {
            fprintf(stderr, "Failed to convert domain configuration to "
                            "JSON\n");
            rc = EXIT_FAILURE;
            goto out;
        }
        fputs(json, o.dryrun ? stdout : stderr);
        fflush(o.dryrun ? stdout : stderr);
        free(json);
    }
    rc = o.dryrun ? EXIT_SUCCESS : create_and_run(&o, &cfg);
out:
    free(imported);
    libxl_domain_config_dispose(&cfg);
    return rc;
}

XL_COMMAND(create, .fn = create_main, .dryrun_ok = true, .modifies = true,
           .summary = "Create a domain from config file <filename>",
           .usage = "<ConfigFile> [options] [vars]",
           .options =
               "-c                      Connect to the console after the "
               "domain is created.\n"
               "-d                      Enable debug messages.\n"
               "-e                      Do not wait in the background for "
               "the death of the domain.\n"
               "-F                      Run in foreground until death of the "
               "domain.\n"
               "-f FILE, --defconfig=FILE\n"
               "                     Use the given configuration file.\n"
               "-h                      Print this help.\n"
               "-n, --dryrun            Dry run - prints the resulting "
               "configuration\n"
               "                         (deprecated in favour of global -N "
               "option).\n"
               "-p                      Leave the domain paused after it is "
               "created.\n"
               "-q, --quiet             Quiet.\n"
               "-V, --vncviewer         Connect to the VNC display after the "
               "domain is created.\n");
