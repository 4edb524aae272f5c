/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl: shared state and the command registry.
 *
 * Each command lives in its own xl/cmd_*.c and registers itself with
 * XL_COMMAND(); main.c finds them in the "xl_commands" section, so adding
 * a command touches no other file.  A command returns the process exit
 * status: EXIT_SUCCESS, EXIT_FAILURE, or 2 after printing its usage for
 * bad arguments (as Xen's xl does).
 */
#ifndef XL_H
#define XL_H

#include <stdbool.h>
#include <stdlib.h>

#include "libxl.h"

struct xl_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    bool dryrun_ok;      /* runs under -N */
    bool modifies;       /* changes hypervisor state (refused under -N) */
    const char *summary; /* one line for `xl help` */
    const char *usage;   /* "[options] <Domain>" */
    const char *options; /* option lines, "-h  Print this help.\n" ... */
};

#define XL_COMMAND(cname, ...)                       \
    static const struct xl_cmd xl_cmd_##cname        \
        __attribute__((section("xl_commands"), used, \
                       aligned(8))) = { .name = #cname, __VA_ARGS__ }

/* A command name with a dash: XL_COMMAND_NAMED(vcpu_list, "vcpu-list", ...) */
#define XL_COMMAND_NAMED(ident, str, ...)            \
    static const struct xl_cmd xl_cmd_##ident        \
        __attribute__((section("xl_commands"), used, \
                       aligned(8))) = { .name = str, __VA_ARGS__ }

extern libxl_ctx *ctx;
extern libxl_logger *logger;
extern int xl_verbose; /* -v count */
extern bool xl_dryrun; /* -N */
extern bool xl_force;  /* -f */

const struct xl_cmd *xl_find_command(const char *name);
/* Prints "Usage: xl [-v] NAME USAGE" with the summary and options. */
void xl_usage(const char *name);

/*
 * getopt for a command.  Returns the next option character, -1 at the end,
 * or XL_OPT_EXIT when the command must return xl_opt_status at once: after
 * -h/--help (usage printed, status 0), a bad option or fewer than min_args
 * positional arguments (usage printed, status 2).  "h" need not be in opts.
 *
 *   while ((opt = xl_getopt(argc, argv, "w", NULL, "shutdown", 1)) != -1) {
 *       switch (opt) {
 *       case XL_OPT_EXIT: return xl_opt_status;
 *       case 'w': wait = true; break;
 *       }
 *   }
 *   ... argv[optind] is the first positional argument.
 */
#define XL_OPT_EXIT (-2)
extern int xl_opt_status;
struct option;
int xl_getopt(int argc, char **argv, const char *opts,
              const struct option *longopts, const char *cmd, int min_args);

/* The domain id of a name or number; prints an error and returns -1 when
 * there is no such domain. */
long xl_find_domain(const char *name_or_id);

#endif
