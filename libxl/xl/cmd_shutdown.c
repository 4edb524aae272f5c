/* SPDX-License-Identifier: GPL-2.0-only */
/* xl shutdown [-a] [-w] [-F] <-a|Domain> (xl/xl_shutdown.c). */
#include "xl_ops.h"
#include "xl_shutdown.h"

static int shutdown_main(int argc, char **argv)
{
    return xl_shutdown_or_reboot(false, argc, argv);
}
XL_COMMAND(shutdown, .fn = shutdown_main, .modifies = true,
           .summary = "Issue a shutdown signal to a domain",
           .usage = "[options] <-a|Domain>",
           .options = "-a, --all               Shutdown all guest domains.\n"
                      "-h                      Print this help.\n"
                      "-F                      Fallback to ACPI power event "
                      "for HVM guests with\n"
                      "                        no PV drivers.\n"
                      "-w, --wait              Wait for guest(s) to "
                      "shutdown.\n");
