/* SPDX-License-Identifier: GPL-2.0-only */
/* xl reboot [-a] [-w] [-F] <-a|Domain> (xl/xl_shutdown.c). */
#include "xl_ops.h"
#include "xl_shutdown.h"

static int reboot_main(int argc, char **argv)
{
    return xl_shutdown_or_reboot(true, argc, argv);
}
XL_COMMAND(reboot, .fn = reboot_main, .modifies = true,
           .summary = "Issue a reboot signal to a domain",
           .usage = "[options] <-a|Domain>",
           .options = "-a, --all               Shutdown all guest domains.\n"
                      "-h                      Print this help.\n"
                      "-F                      Fallback to ACPI reset event "
                      "for HVM guests with\n"
                      "                        no PV drivers.\n"
                      "-w, --wait              Wait for guest(s) to "
                      "reboot.\n");
