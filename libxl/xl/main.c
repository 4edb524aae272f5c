/* SPDX-License-Identifier: GPL-2.0-only */
/* xl: global options, the command registry, usage. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "xl.h"

libxl_ctx *ctx;
libxl_logger *logger;
int xl_verbose;
bool xl_dryrun;
bool xl_force;
int xl_opt_status;

extern const struct xl_cmd __start_xl_commands[];
extern const struct xl_cmd __stop_xl_commands[];

const struct xl_cmd *xl_find_command(const char *name)
{
    for (const struct xl_cmd *c = __start_xl_commands; c < __stop_xl_commands;
         c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

void xl_usage(const char *name)
{
    const struct xl_cmd *c = name ? xl_find_command(name) : NULL;

    if (!c) {
        const struct xl_cmd **all;
        size_t n = (size_t)(__stop_xl_commands - __start_xl_commands);

        printf("Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of "
               "subcommands:\n\n");
        all = calloc(n ? n : 1, sizeof(*all));
        for (size_t i = 0; all && i < n; i++) {
            size_t j = i;
            while (j > 0 &&
                   strcmp(all[j - 1]->name, __start_xl_commands[i].name) > 0) {
                all[j] = all[j - 1];
                j--;
            }
            all[j] = &__start_xl_commands[i];
        }
        for (size_t i = 0; all && i < n; i++)
            printf(" %-19s %s\n\n", all[i]->name, all[i]->summary);
        free(all);
        return;
    }
    printf("Usage: xl [-v%s] %s %s\n\n%s.\n\n", c->modifies ? "N" : "", c->name,
           c->usage ? c->usage : "", c->summary);
    if (c->options && *c->options)
        printf("Options:\n\n%s\n", c->options);
}

int xl_getopt(int argc, char **argv, const char *opts,
              const struct option *longopts, const char *cmd, int min_args)
{
    static const struct option help_only[] = { { "help", 0, NULL, 'h' },
                                               { NULL, 0, NULL, 0 } };
    char optstr[64];
    int opt;

    snprintf(optstr, sizeof(optstr), "+h%s", opts);
    opt =
        getopt_long(argc, argv, optstr, longopts ? longopts : help_only, NULL);
    if (opt == 'h') {
        xl_usage(cmd);
        xl_opt_status = 0;
        return XL_OPT_EXIT;
    }
    if (opt == '?' || opt == ':') {
        xl_usage(cmd);
        xl_opt_status = 2;
        return XL_OPT_EXIT;
    }
    if (opt == -1 && argc - optind < min_args) {
        fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n", cmd,
                min_args, min_args == 1 ? "" : "s");
        xl_usage(cmd);
        xl_opt_status = 2;
        return XL_OPT_EXIT;
    }
    return opt;
}

static int help_main(int argc, char **argv)
{
    xl_usage(argc > 1 ? argv[1] : NULL);
    return 0;
}
XL_COMMAND(help, .fn = help_main, .dryrun_ok = true,
           .summary = "Print this help or a subcommand's",
           .usage = "[<subcommand>]");

int main(int argc, char **argv)
{
    libxl_log_level level = LIBXL_LOG_WARNING;
    unsigned lflags = 0;
    const struct xl_cmd *cmd;
    int opt, rc;

    while ((opt = getopt(argc, argv, "+vfNtTh")) != -1) {
        switch (opt) {
        case 'v':
            xl_verbose++;
            break;
        case 'f':
            xl_force = true;
            break;
        case 'N':
            xl_dryrun = true;
            break;
        case 't': /* progress lines rewritten in place, as Xen's xl */
            lflags |= LIBXL_LOG_FLAG_PROGRESS_CR;
            break;
        case 'T': /* timestamps and the process id on messages */
            lflags |= LIBXL_LOG_FLAG_SHOW_TIME | LIBXL_LOG_FLAG_SHOW_PID;
            break;
        case 'h':
            xl_usage(NULL);
            return 0;
        default:
            fprintf(stderr, "unknown global option\n");
            return 1;
        }
    }
    if (optind >= argc) {
        xl_usage(NULL);
        return 1;
    }
    if (xl_verbose)
        level = xl_verbose >= 3   ? LIBXL_LOG_DEBUG
                : xl_verbose == 2 ? LIBXL_LOG_DETAIL
                                  : LIBXL_LOG_INFO;
    cmd = xl_find_command(argv[optind]);
    if (!cmd) {
        fprintf(stderr, "command not implemented\n");
        return 1;
    }
    if (xl_dryrun && !cmd->dryrun_ok) {
        fprintf(stderr, "command does not implement -N (dryrun) option\n");
        return 1;
    }
    logger = libxl_logger_stdio_new(stderr, level, lflags);
    if (!logger || libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, logger)) {
        fprintf(stderr, "xl: cannot initialise libxl\n");
        return 1;
    }
    argc -= optind;
    argv += optind;
    optind = 1;
    rc = cmd->fn(argc, argv);
    libxl_ctx_free(ctx);
    libxl_logger_destroy(logger);
    return rc;
}
