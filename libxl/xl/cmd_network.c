/* SPDX-License-Identifier: GPL-2.0-only */
/* xl network-attach, network-list, network-detach (Xen 4.17's output). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libxlutil.h"
#include "xl.h"
#include "xlconf.h"

/* A nic with xl.conf's defaults, as Xen's set_default_nic_values. */
static int default_nic(libxl_device_nic *nic)
{
    const struct xl_global_config *g = &xl_global;

    if (g->default_vifscript && !(nic->script = strdup(g->default_vifscript)))
        return -1;
    if (g->default_bridge && !(nic->bridge = strdup(g->default_bridge)))
        return -1;
    if (g->default_gatewaydev &&
        !(nic->gatewaydev = strdup(g->default_gatewaydev)))
        return -1;
    return 0;
}

static int network_attach_main(int argc, char **argv)
{
    libxl_device_nic nic;
    XLU_Config *cfg;
    long domid;
    int opt, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(argc, argv, "", NULL, "network-attach", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_find_domain(argv[optind]);
    if (domid < 0)
        return EXIT_FAILURE;
    cfg = xlu_cfg_init(stderr, "command line");
    if (!cfg) {
        fprintf(stderr, "Failed to allocate for configuration\n");
        return EXIT_FAILURE;
    }
    libxl_device_nic_init(&nic);
    if (default_nic(&nic))
        goto out;
    for (int i = optind + 1; i < argc; i++)
        if (xlu_nic_parse(cfg, NULL, argv[i], &nic))
            goto out;
    if (xl_dryrun) {
        char *json = libxl_device_nic_to_json(ctx, &nic);
        printf("vif: %s\n", json ? json : "null");
        free(json);
        rc = EXIT_SUCCESS;
        goto out;
    }
    if (libxl_device_nic_add(ctx, (uint32_t)domid, &nic, NULL)) {
        fprintf(stderr, "libxl_device_nic_add failed.\n");
        goto out;
    }
    rc = EXIT_SUCCESS;
out:
    libxl_device_nic_dispose(&nic);
    xlu_cfg_destroy(cfg);
    return rc;
}

static int network_list_main(int argc, char **argv)
{
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "network-list", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE",
           "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref",
           "BE-path");
    for (int a = optind; a < argc; a++) {
        long domid = xl_find_domain(argv[a]);
        libxl_device_nic *nics;
        int nb;

        if (domid < 0)
            continue;
        nics = libxl_device_nic_list(ctx, (uint32_t)domid, &nb);
        for (int i = 0; nics && i < nb; i++) {
            libxl_nicinfo info;

            libxl_nicinfo_init(&info);
            if (!libxl_device_nic_getinfo(ctx, (uint32_t)domid, &nics[i],
                                          &info)) {
                printf("%-3d %-2d ", info.devid, info.backend_id);
                printf(LIBXL_MAC_FMT, LIBXL_MAC_BYTES(nics[i].mac));
                printf("%6d %5d %6d %5d/%-11d %-30s\n", info.devid, info.state,
                       info.evtch, info.rref_tx, info.rref_rx, info.backend);
            }
            libxl_nicinfo_dispose(&info);
        }
        libxl_device_nic_list_free(nics, nb);
    }
    return EXIT_SUCCESS;
}

static int network_detach_main(int argc, char **argv)
{
    libxl_device_nic nic;
    const char *which;
    long domid;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "", NULL, "network-detach", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_find_domain(argv[optind]);
    if (domid < 0)
        return EXIT_FAILURE;
    which = argv[optind + 1];
    libxl_device_nic_init(&nic);
    rc = strchr(which, ':')
             ? libxl_mac_to_device_nic(ctx, (uint32_t)domid, which, &nic)
             : libxl_devid_to_device_nic(ctx, (uint32_t)domid, atoi(which),
                                         &nic);
    if (rc) {
        fprintf(stderr, "Unknown device %s.\n", which);
        libxl_device_nic_dispose(&nic);
        return EXIT_FAILURE;
    }
    rc = libxl_device_nic_remove(ctx, (uint32_t)domid, &nic, NULL);
    libxl_device_nic_dispose(&nic);
    if (rc) {
        fprintf(stderr, "libxl_device_nic_del failed.\n");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

XL_COMMAND_NAMED(network_attach, "network-attach", .fn = network_attach_main,
                 .dryrun_ok = true, .modifies = true,
                 .summary = "Create a new virtual network device",
                 .usage = "<Domain> [type=<type>] [mac=<mac>] "
                          "[bridge=<bridge>] [ip=<ip>] [script=<script>] "
                          "[backend=<BackDomain>] [vifname=<name>] "
                          "[rate=<rate>] [model=<model>] [accel=<accel>] "
                          "[mtu=<mtu>]");
XL_COMMAND_NAMED(network_list, "network-list", .fn = network_list_main,
                 .summary = "List virtual network interfaces for a domain",
                 .usage = "<Domain(s)>");
XL_COMMAND_NAMED(network_detach, "network-detach", .fn = network_detach_main,
                 .modifies = true,
                 .summary = "Destroy a domain's virtual network device",
                 .usage = "<Domain> <DevId|mac>");
