/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl save [-c] [-p] [--codec NAME] <Domain> <CheckpointFile> [<ConfigFile>]
 *
 * As Xen's xl: the domain's configuration (the stored one, or ConfigFile
 * parsed) goes into the file as JSON with the domain's state
 * (docs/save-format.md); the domain is then destroyed, or with -c left
 * running (-p: left paused).  A failed save resumes the domain.  --codec
 * (Xenith's own; -c is Xen's checkpoint) encodes the pages with a page
 * codec plugin (libxl_domain_suspend_codec).
 */
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libxlutil.h"
#include "xl_ops.h"
#include "xlconf.h"

/* The configuration to record as JSON (malloc'ed), or NULL after a
 * message. */
char *xl_saved_config_json(uint32_t domid, const char *override);
char *xl_saved_config_json(uint32_t domid, const char *override)
{
    libxl_domain_config cfg;
    XLU_DomainDefaults defs;
    char *json = NULL;
    int bootloader = 0;

    if (!override) {
        uint8_t *data;
        int len;
        return libxl_userdata_retrieve(ctx, domid, "libxl-json", &data, &len)
                   ? NULL
                   : (char *)data;
    }
    libxl_domain_config_init(&cfg);
    xl_global_domain_defaults(&defs);
    if (xlu_parse_domain_config(override, NULL, 0, &defs, stderr, &cfg,
                                &bootloader)) {
        fprintf(stderr, "unable to read overridden config file\n");
    } else if (!(json = libxl_domain_config_to_json(ctx, &cfg))) {
        fprintf(stderr, "unable to convert config file to JSON\n");
    }
    libxl_domain_config_dispose(&cfg);
    return json;
}

static int save_main(int argc, char **argv)
{
    bool checkpoint = false, leavepaused = false;
    static const struct option longopts[] = { { "codec", 1, NULL, 0x100 },
                                              { "help", 0, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    const char *file, *config = NULL, *codec = NULL;
    libxl_domain_suspend_stats st;
    uint32_t domid;
    char *json;
    int opt, fd, rc;

    while ((opt = xl_getopt(argc, argv, "cp", longopts, "save", 2)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'c':
            checkpoint = true;
            break;
        case 'p':
            leavepaused = true;
            break;
        case 0x100:
            codec = optarg;
            break;
        }
    }
    if (argc - optind > 3) {
        xl_usage("save");
        return 2;
    }
    domid = xl_domain_or_exit(argv[optind]);
    file = argv[optind + 1];
    if (argc - optind >= 3)
        config = argv[optind + 2];
    if (!(json = xl_saved_config_json(domid, config))) {
        if (!config)
            fprintf(stderr, "unable to retrieve domain configuration\n");
        return EXIT_FAILURE;
    }
    if (libxl_page_codec_check(ctx, codec, 0)) { /* the domain runs on */
        free(json);
        return EXIT_FAILURE;
    }
    fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fprintf(stderr, "Failed to open temp file %s for writing\n", file);
        free(json);
        return EXIT_FAILURE;
    }
    fprintf(stderr, "Saving to %s new xl format (info 0x1/0x0/%zu)\n", file,
            strlen(json) + 1);
    rc = libxl_domain_suspend_codec(ctx, domid, fd, 0, json, codec, &st, NULL,
                                    NULL);
    free(json);
    if (close(fd) < 0 && !rc) {
        perror("xl: close");
        rc = ERROR_FAIL;
    }
    if (rc) {
        fprintf(stderr, "Failed to save domain, resuming domain\n");
        libxl_domain_resume(ctx, domid, 1, NULL);
        unlink(file);
        return EXIT_FAILURE;
    }
    if (xl_verbose)
        fprintf(stderr,
                "xl: saved %" PRIu64 " pages, %" PRIu64 " bytes in %.0f ms\n",
                st.pages, st.bytes, st.total_ms);
    if (leavepaused || checkpoint) {
        if (leavepaused)
            libxl_domain_pause(ctx, domid, NULL);
        if (libxl_domain_resume(ctx, domid, 1, NULL)) {
            fprintf(stderr, "xl: saved, but the domain did not resume\n");
            return EXIT_FAILURE;
        }
    } else if (libxl_domain_destroy(ctx, domid, NULL)) {
        fprintf(stderr, "xl: saved, but the domain could not be destroyed\n");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

XL_COMMAND(save, .fn = save_main, .modifies = true,
           .summary = "Save a domain state to restore later",
           .usage = "[options] <Domain> <CheckpointFile> [<ConfigFile>]",
           .options = "-h  Print this help.\n"
                      "-c  Leave domain running after creating the snapshot.\n"
                      "-p  Leave domain paused after creating the snapshot.\n"
                      "--codec <name>  Encode the pages with page codec "
                      "<name>\n"
                      "                (a plugin: xen42, xorzstd; none).");
