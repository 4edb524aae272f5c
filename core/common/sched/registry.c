/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The table of schedulers built into the hypervisor.  Each scheduler
 * provides one const struct sched_ops descriptor; adding a scheduler
 * (credit2, ...) means adding its descriptor here.
 */
#include <xenith/lib.h>
#include <xenith/sched.h>

#include "credit.h"

static const struct sched_ops *const sched_registry[] = {
    &sched_credit_def,
};

const struct sched_ops *sched_find_by_id(unsigned int sched_id)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(sched_registry); i++)
        if (sched_registry[i]->sched_id == sched_id)
            return sched_registry[i];
    return NULL;
}

const struct sched_ops *sched_find_by_name(const char *opt_name)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(sched_registry); i++)
        if (strcmp(sched_registry[i]->opt_name, opt_name) == 0)
            return sched_registry[i];
    return NULL;
}
