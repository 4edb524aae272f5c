/* SPDX-License-Identifier: GPL-2.0-only */
/* xl block-attach, block-list, block-detach (Xen 4.17's output). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "libxlutil.h"
#include "xl.h"

static int block_attach_main(int argc, char **argv)
{
    libxl_device_disk disk;
    XLU_Config *cfg;
    long domid;
    int opt, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(argc, argv, "", NULL, "block-attach", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_find_domain(argv[optind]);
    if (domid < 0)
        return EXIT_FAILURE;
    cfg = xlu_cfg_init(stderr, "command line");
    libxl_device_disk_init(&disk);
    if (!cfg || xlu_disk_parse(cfg, argc - optind - 1,
                               (const char *const *)argv + optind + 1, &disk))
        goto out;
    if (xl_dryrun) {
        char *json = libxl_device_disk_to_json(ctx, &disk);
        printf("disk: %s\n", json ? json : "null");
        free(json);
        rc = EXIT_SUCCESS;
        goto out;
    }
    if (libxl_device_disk_add(ctx, (uint32_t)domid, &disk, NULL)) {
        fprintf(stderr, "libxl_device_disk_add failed.\n");
        goto out;
    }
    rc = EXIT_SUCCESS;
out:
    libxl_device_disk_dispose(&disk);
    if (cfg)
        xlu_cfg_destroy(cfg);
    return rc;
}

static int block_list_main(int argc, char **argv)
{
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "block-list", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle",
           "state", "evt-ch", "ring-ref", "BE-path");
    for (int a = optind; a < argc; a++) {
        long domid = xl_find_domain(argv[a]);
        libxl_device_disk *disks;
        int nb;

        if (domid < 0)
            continue;
        disks = libxl_device_disk_list(ctx, (uint32_t)domid, &nb);
        for (int i = 0; disks && i < nb; i++) {
            libxl_diskinfo info;

            libxl_diskinfo_init(&info);
            if (!libxl_device_disk_getinfo(ctx, (uint32_t)domid, &disks[i],
                                           &info))
                printf("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", info.devid,
                       info.backend_id, info.frontend_id, info.state,
                       info.evtch, info.rref, info.backend);
            libxl_diskinfo_dispose(&info);
        }
        libxl_device_disk_list_free(disks, nb);
    }
    return EXIT_SUCCESS;
}

static int block_detach_main(int argc, char **argv)
{
    static const struct option opts[] = { { "force", 0, NULL, 'f' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    libxl_device_disk disk;
    bool force = false;
    long domid;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "f", opts, "block-detach", 2)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'f')
            force = true;
    }
    domid = xl_find_domain(argv[optind]);
    if (domid < 0)
        return EXIT_FAILURE;
    libxl_device_disk_init(&disk);
    if (libxl_vdev_to_device_disk(ctx, (uint32_t)domid, argv[optind + 1],
                                  &disk)) {
        fprintf(stderr, "Error: Device %s not connected.\n", argv[optind + 1]);
        libxl_device_disk_dispose(&disk);
        return EXIT_FAILURE;
    }
    rc = force ? libxl_device_disk_destroy(ctx, (uint32_t)domid, &disk, NULL)
               : libxl_device_disk_remove(ctx, (uint32_t)domid, &disk, NULL);
    libxl_device_disk_dispose(&disk);
    if (rc) {
        fprintf(stderr, "libxl_device_disk_%s failed.\n",
                force ? "destroy" : "safe_remove");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

XL_COMMAND_NAMED(block_attach, "block-attach", .fn = block_attach_main,
                 .dryrun_ok = true, .modifies = true,
                 .summary = "Create a new virtual block device",
                 .usage = "<Domain> <disk-spec-component(s)>...");
XL_COMMAND_NAMED(block_list, "block-list", .fn = block_list_main,
                 .summary = "List virtual block devices for a domain",
                 .usage = "<Domain(s)>");
XL_COMMAND_NAMED(block_detach, "block-detach", .fn = block_detach_main,
                 .modifies = true,
                 .summary = "Destroy a domain's virtual block device",
                 .usage = "[option] <Domain> <DevId>",
                 .options = "-f, --force        do not wait for the domain to "
                            "release the device\n");
