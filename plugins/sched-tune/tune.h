/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * sched-tune: the plugin's settings, parsed from its .conf keys
 * (tune.c; the plugin itself is sched-tune.c).
 *
 *   profile  = "latency"                    every new credit pool's profile
 *   pools    = "web=latency batch=throughput"  per pool, by name
 *   profiles = "fast=2/200 slow=50/2000"    custom: NAME=TSLICE_MS/RATELIMIT_US
 *   domains  = "web*=512/- db?=256/50"      per guest name (shell glob):
 *                                           GLOB=WEIGHT/CAP, '-' leaves one
 *
 * Built in: latency = 5 ms / 100 us, throughput = 100 ms / 5000 us,
 * xen = 30 ms / 1000 us (the hypervisor's defaults).
 */
#ifndef SCHED_TUNE_H
#define SCHED_TUNE_H

#define TUNE_MAX 32

struct tune_profile {
    char name[32];
    int tslice_ms, ratelimit_us;
};

struct tune_rule {
    char glob[64];
    int weight, cap; /* -1: leave */
};

struct tune {
    struct tune_profile profiles[TUNE_MAX];
    int nr_profiles;
    int host_profile; /* index, -1: none */
    struct {
        char pool[64];
        int profile;
    } pools[TUNE_MAX];
    int nr_pools;
    struct tune_rule rules[TUNE_MAX];
    int nr_rules;
};

/*
 * Fills t from the four keys (NULL: not set).  0, or -1 with err (errlen
 * bytes) holding one line naming the key and what is wrong in it.
 */
int tune_parse(struct tune *t, const char *profile, const char *pools,
               const char *profiles, const char *domains, char *err,
               size_t errlen);

/* The profile for pool name, or NULL to leave the pool as it is. */
const struct tune_profile *tune_pool_profile(const struct tune *t,
                                             const char *pool);

/* The first rule matching the guest's name, or NULL. */
const struct tune_rule *tune_domain_rule(const struct tune *t,
                                         const char *name);

#endif
