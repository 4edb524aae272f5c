/* SPDX-License-Identifier: GPL-2.0-only */
/* Binding of the command-line parser to the options linked into the image. */
#include <xenith/lib.h>
#include <xenith/param.h>

extern const struct kernel_param __param_start[], __param_end[];

static struct cmdline_problems problems;

const char *cmdline_parse_all(const char *cmdline)
{
    return cmdline_parse(cmdline, __param_start, __param_end - __param_start,
                         true, &problems);
}

void cmdline_report_problems(void)
{
    for (unsigned int i = 0; i < problems.nr; i++)
        printk(XENLOG_WARNING "WARNING: command line option '%s' ignored: "
                              "%s\n",
               problems.item[i].word, problems.item[i].why);
    if (problems.dropped)
        printk(XENLOG_WARNING "WARNING: %u more command line problems\n",
               problems.dropped);
}

void cmdline_check_duplicates(void)
{
    for (const struct kernel_param *a = __param_start; a < __param_end; a++)
        for (const struct kernel_param *b = a + 1; b < __param_end; b++)
            if (!strcmp(a->name, b->name))
                printk(XENLOG_ERR "BUG: command line option '%s' is "
                                  "declared twice\n",
                       a->name);
}
