/* SPDX-License-Identifier: GPL-2.0-only */
/* xl plugin-list: the plugins /etc/xen/plugins.d enables, and their state. */
#include <stdio.h>
#include <string.h>

#include "xl.h"

/* "placement,codec" or "-". */
static void hooks_text(uint32_t hooks, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = 0;
    for (int h = 0; h < LIBXL_PLUGIN_HOOK_COUNT; h++)
        if (hooks & (1u << h))
            n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
                                  n ? "," : "", libxl_plugin_hook_to_string(h));
    if (!n)
        snprintf(buf, size, "-");
}

static int plugin_list_main(int argc, char **argv)
{
    libxl_plugin_info *list;
    int opt, n, rc;

    while ((opt = xl_getopt(argc, argv, "", NULL, "plugin-list", 0)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    }
    rc = libxl_plugin_list(ctx, &list, &n);
    if (rc) {
        fprintf(stderr, "xl: cannot list the plugins: %s\n",
                libxl_error_to_string(rc));
        return EXIT_FAILURE;
    }
    printf("%-20s %3s  %-24s %-8s  %s\n", "Name", "ABI", "Hooks", "State",
           "File");
    for (int i = 0; i < n; i++) {
        const libxl_plugin_info *p = &list[i];
        const char *state = p->state == LIBXL_PLUGIN_STATE_LOADED ? "loaded"
                            : p->state == LIBXL_PLUGIN_STATE_DISABLED
                                ? "disabled"
                                : "failed";
        char abi[12], hooks[64];

        if (p->abi_version)
            snprintf(abi, sizeof(abi), "%u", p->abi_version);
        else
            snprintf(abi, sizeof(abi), "-");
        hooks_text(p->hooks, hooks, sizeof(hooks));
        printf("%-20s %3s  %-24s %-8s  %s\n", p->name, abi, hooks, state,
               p->file ? p->file : p->conf);
        if (p->state == LIBXL_PLUGIN_STATE_FAILED)
            printf("    %s (on_error = \"%s\")\n", p->error,
                   p->on_error_continue ? "continue" : "stop");
    }
    libxl_plugin_info_list_free(list, n);
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(plugin_list, "plugin-list", .fn = plugin_list_main,
                 .dryrun_ok = true,
                 .summary = "List the libxl plugins /etc/xen/plugins.d "
                            "enables, with their state",
                 .usage = "", .options = "-h  Print this help.\n");
