/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl sched-credit [-d Domain [-w W] [-c C]] [-s [-t TSLICE] [-r RLIMIT]
 * [-m DLY]] [-p CPUPOOL]: the credit scheduler's domain weights and caps,
 * and its pool-wide parameters.
 */
#include <stdio.h>

#include "xl_ops.h"

static int pool_output(uint32_t poolid)
{
    libxl_sched_credit_params p;
    char *name = libxl_cpupoolid_to_name(ctx, poolid);

    if (libxl_sched_credit_params_get(ctx, poolid, &p)) {
        fprintf(stderr, "libxl_sched_credit_params_get failed.\n");
        printf("Cpupool %s: [sched params unavailable]\n", name ? name : "");
    } else {
        printf("Cpupool %s: tslice=%dms ratelimit=%dus migration-delay=%dus\n",
               name ? name : "", p.tslice_ms, p.ratelimit_us,
               p.vcpu_migr_delay_us);
    }
    free(name);
    return 0;
}

static int domain_output(long domid)
{
    libxl_domain_sched_params s;
    char *name;

    if (domid < 0) {
        printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        return 0;
    }
    if (libxl_domain_sched_params_get(ctx, (uint32_t)domid, &s)) {
        fprintf(stderr, "libxl_domain_sched_params_get failed.\n");
        return 1;
    }
    if (s.sched != LIBXL_SCHEDULER_CREDIT) {
        fprintf(stderr, "libxl_domain_sched_params_get returned %s not %s.\n",
                libxl_scheduler_to_string(s.sched),
                libxl_scheduler_to_string(LIBXL_SCHEDULER_CREDIT));
        libxl_domain_sched_params_dispose(&s);
        return 1;
    }
    name = libxl_domid_to_name(ctx, (uint32_t)domid);
    printf("%-33s %4ld %6d %4d\n", name ? name : "", domid, s.weight, s.cap);
    free(name);
    libxl_domain_sched_params_dispose(&s);
    return 0;
}

/* Every credit pool (or only poolid) with its domains. */
static int all_domains(bool one_pool, uint32_t poolid)
{
    libxl_cpupoolinfo *pools;
    libxl_dominfo *info;
    int nd, np, rc = 0;

    info = libxl_list_domain(ctx, &nd);
    if (!info) {
        fprintf(stderr, "libxl_list_domain failed.\n");
        return 1;
    }
    pools = libxl_list_cpupool(ctx, &np);
    if (!pools) {
        fprintf(stderr, "error getting cpupool info\n");
        libxl_dominfo_list_free(info, nd);
        return 1;
    }
    for (int p = 0; !rc && p < np; p++) {
        if (pools[p].sched != LIBXL_SCHEDULER_CREDIT ||
            (one_pool && pools[p].poolid != poolid))
            continue;
        pool_output(pools[p].poolid);
        domain_output(-1);
        for (int i = 0; i < nd; i++)
            if (info[i].cpupool == pools[p].poolid)
                rc = domain_output(info[i].domid);
    }
    libxl_cpupoolinfo_list_free(pools, np);
    libxl_dominfo_list_free(info, nd);
    return 0;
}

static bool pool_id(const char *pool, uint32_t *poolid)
{
    if (libxl_cpupool_qualifier_to_cpupoolid(ctx, pool, poolid, NULL) ||
        !libxl_cpupoolid_is_valid(ctx, *poolid)) {
        fprintf(stderr, "unknown cpupool '%s'\n", pool);
        return false;
    }
    return true;
}

struct sc_opts {
    const char *dom, *pool;
    int weight, cap, tslice, ratelimit, migr;
    bool w, c, s, t, r, m;
};

static int pool_params(const struct sc_opts *o)
{
    libxl_sched_credit_params p;
    uint32_t poolid = 0;

    if (o->pool && !pool_id(o->pool, &poolid))
        return EXIT_FAILURE;
    if (!o->t && !o->r && !o->m)
        return pool_output(poolid) ? EXIT_FAILURE : EXIT_SUCCESS;
    if (libxl_sched_credit_params_get(ctx, poolid, &p)) {
        fprintf(stderr, "libxl_sched_credit_params_get failed.\n");
        return EXIT_FAILURE;
    }
    if (o->t)
        p.tslice_ms = o->tslice;
    if (o->r)
        p.ratelimit_us = o->ratelimit;
    if (o->m)
        p.vcpu_migr_delay_us = o->migr;
    if (libxl_sched_credit_params_set(ctx, poolid, &p)) {
        fprintf(stderr, "libxl_sched_credit_params_set failed.\n");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

static int domain_params(const struct sc_opts *o)
{
    uint32_t domid = xl_domain_or_exit(o->dom);
    libxl_domain_sched_params s;
    int rc;

    if (!o->w && !o->c) {
        domain_output(-1);
        return domain_output(domid) ? EXIT_FAILURE : EXIT_SUCCESS;
    }
    libxl_domain_sched_params_init(&s);
    s.sched = LIBXL_SCHEDULER_CREDIT;
    if (o->w)
        s.weight = o->weight;
    if (o->c)
        s.cap = o->cap;
    rc = libxl_domain_sched_params_set(ctx, domid, &s);
    libxl_domain_sched_params_dispose(&s);
    if (rc) {
        fprintf(stderr, "libxl_domain_sched_params_set failed.\n");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

static int sched_credit_main(int argc, char **argv)
{
    static const struct option opts[] = { { "domain", 1, NULL, 'd' },
                                          { "weight", 1, NULL, 'w' },
                                          { "cap", 1, NULL, 'c' },
                                          { "schedparam", 0, NULL, 's' },
                                          { "tslice_ms", 1, NULL, 't' },
                                          { "ratelimit_us", 1, NULL, 'r' },
                                          { "migration_delay_us", 1, NULL,
                                            'm' },
                                          { "cpupool", 1, NULL, 'p' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    struct sc_opts o = { .weight = 256 };
    uint32_t poolid = 0;
    int opt;

    while ((opt = xl_getopt(argc, argv, "d:w:c:p:t:r:m:s", opts, "sched-credit",
                            0)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'd':
            o.dom = optarg;
            break;
        case 'w':
            o.weight = (int)strtol(optarg, NULL, 10);
            o.w = true;
            break;
        case 'c':
            o.cap = (int)strtol(optarg, NULL, 10);
            o.c = true;
            break;
        case 't':
            o.tslice = (int)strtol(optarg, NULL, 10);
            o.t = true;
            break;
        case 'r':
            o.ratelimit = (int)strtol(optarg, NULL, 10);
            o.r = true;
            break;
        case 'm':
            o.migr = (int)strtol(optarg, NULL, 10);
            o.m = true;
            break;
        case 's':
            o.s = true;
            break;
        case 'p':
            o.pool = optarg;
            break;
        }
    }
    if ((o.pool || o.s) && (o.dom || o.w || o.c)) {
        fprintf(stderr, "Specifying a cpupool or schedparam is not allowed "
                        "with domain options.\n");
        return EXIT_FAILURE;
    }
    if (!o.dom && (o.w || o.c)) {
        fprintf(stderr, "Must specify a domain.\n");
        return EXIT_FAILURE;
    }
    if (!o.s && (o.t || o.r || o.m)) {
        fprintf(stderr, "Must specify schedparam to set schedule parameter "
                        "values.\n");
        return EXIT_FAILURE;
    }
    if (o.s)
        return pool_params(&o);
    if (o.dom)
        return domain_params(&o);
    if (o.pool && !pool_id(o.pool, &poolid))
        return EXIT_FAILURE;
    return all_domains(o.pool != NULL, poolid) ? EXIT_FAILURE : EXIT_SUCCESS;
}
XL_COMMAND_NAMED(
    sched_credit, "sched-credit", .fn = sched_credit_main, .modifies = true,
    .summary = "Get/set credit scheduler parameters",
    .usage = "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r "
             "RATELIMIT]] [-p CPUPOOL]",
    .options = "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
               "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
               "-c CAP, --cap=CAP                 Cap (int)\n"
               "-s         --schedparam           Query / modify scheduler "
               "parameters\n"
               "-t TSLICE, --tslice_ms=TSLICE     Set the timeslice, in "
               "milliseconds\n"
               "-r RLIMIT, --ratelimit_us=RLIMIT  Set the scheduling rate "
               "limit, in microseconds\n"
               "-m DLY, --migration_delay_us=DLY  Set the migration delay, in "
               "microseconds\n"
               "-p CPUPOOL, --cpupool=CPUPOOL     Restrict output to CPUPOOL");
