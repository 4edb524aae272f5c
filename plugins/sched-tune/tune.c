/* SPDX-License-Identifier: LGPL-2.1-only */
/* sched-tune's settings (see tune.h). */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tune.h"

/* Xen's credit scheduler ranges. */
#define TSLICE_MIN    1
#define TSLICE_MAX    1000
#define RATELIMIT_MIN 100
#define RATELIMIT_MAX 500000

static const struct tune_profile builtin[] = {
    { "latency", 5, 100 },
    { "throughput", 100, 5000 },
    { "xen", 30, 1000 },
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int find_profile(const struct tune *t, const char *name)
{
    for (int i = 0; i < t->nr_profiles; i++)
        if (!strcmp(t->profiles[i].name, name))
            return i;
    return -1;
}

/* A decimal integer filling the whole of s. */
static int number(const char *s, int *v)
{
    char *end;
    long n;

    if (!*s)
        return -1;
    n = strtol(s, &end, 10);
    if (*end || n < 0 || n > 1000000)
        return -1;
    *v = (int)n;
    return 0;
}

/*
 * Calls item(t, name, value) for each NAME=VALUE word of list.  0, or -1
 * with err set.
 */
typedef int item_fn(struct tune *t, const char *key, const char *name,
                    const char *value, char *err, size_t errlen);

static int each_item(struct tune *t, const char *key, const char *list,
                     item_fn *item, char *err, size_t errlen)
{
    char buf[1024], *save = NULL, *word;

    if (!list)
        return 0;
    if (strlen(list) >= sizeof(buf))
        return fail(err, errlen, "%s: longer than %zu characters", key,
                    sizeof(buf) - 1);
    strcpy(buf, list);
    for (word = strtok_r(buf, " \t,", &save); word;
         word = strtok_r(NULL, " \t,", &save)) {
        char *eq = strchr(word, '=');

        if (!eq || eq == word || !eq[1])
            return fail(err, errlen, "%s: \"%s\" is not NAME=VALUE", key, word);
        *eq = 0;
        if (item(t, key, word, eq + 1, err, errlen))
            return -1;
    }
    return 0;
}

static int add_profile(struct tune *t, const char *key, const char *name,
                       const char *value, char *err, size_t errlen)
{
    char v[64], *slash;
    struct tune_profile *p;

    if (strlen(name) >= sizeof(p->name) || strlen(value) >= sizeof(v))
        return fail(err, errlen, "%s: \"%s\" is too long", key, name);
    if (find_profile(t, name) >= 0)
        return fail(err, errlen, "%s: profile %s is defined twice", key, name);
    if (t->nr_profiles == TUNE_MAX)
        return fail(err, errlen, "%s: more than %d profiles", key, TUNE_MAX);
    p = &t->profiles[t->nr_profiles];
    strcpy(v, value);
    slash = strchr(v, '/');
    if (!slash)
        return fail(err, errlen,
                    "%s: %s=%s: write TSLICE_MS/RATELIMIT_US, as 30/1000", key,
                    name, value);
    *slash = 0;
    if (number(v, &p->tslice_ms) || number(slash + 1, &p->ratelimit_us))
        return fail(err, errlen, "%s: %s=%s: not two numbers", key, name,
                    value);
    if (p->tslice_ms < TSLICE_MIN || p->tslice_ms > TSLICE_MAX)
        return fail(err, errlen, "%s: %s: the time slice must be %d-%d ms", key,
                    name, TSLICE_MIN, TSLICE_MAX);
    if (p->ratelimit_us &&
        (p->ratelimit_us < RATELIMIT_MIN || p->ratelimit_us > RATELIMIT_MAX))
        return fail(err, errlen, "%s: %s: the rate limit must be 0 or %d-%d us",
                    key, name, RATELIMIT_MIN, RATELIMIT_MAX);
    if ((long)p->ratelimit_us > (long)p->tslice_ms * 1000)
        return fail(err, errlen,
                    "%s: %s: the rate limit must not exceed the time slice",
                    key, name);
    strcpy(p->name, name);
    t->nr_profiles++;
    return 0;
}

static int add_pool(struct tune *t, const char *key, const char *name,
                    const char *value, char *err, size_t errlen)
{
    int i = find_profile(t, value);

    if (i < 0)
        return fail(err, errlen, "%s: %s: no profile named %s", key, name,
                    value);
    if (strlen(name) >= sizeof(t->pools[0].pool))
        return fail(err, errlen, "%s: \"%s\" is too long", key, name);
    if (t->nr_pools == TUNE_MAX)
        return fail(err, errlen, "%s: more than %d pools", key, TUNE_MAX);
    strcpy(t->pools[t->nr_pools].pool, name);
    t->pools[t->nr_pools++].profile = i;
    return 0;
}

static int weight_or_cap(const char *s, int *v, int min, int max)
{
    if (!strcmp(s, "-")) {
        *v = -1;
        return 0;
    }
    return number(s, v) || *v < min || *v > max ? -1 : 0;
}

static int add_rule(struct tune *t, const char *key, const char *name,
                    const char *value, char *err, size_t errlen)
{
    struct tune_rule *r = &t->rules[t->nr_rules];
    char v[64], *slash;

    if (strlen(name) >= sizeof(r->glob) || strlen(value) >= sizeof(v))
        return fail(err, errlen, "%s: \"%s\" is too long", key, name);
    if (t->nr_rules == TUNE_MAX)
        return fail(err, errlen, "%s: more than %d rules", key, TUNE_MAX);
    strcpy(v, value);
    slash = strchr(v, '/');
    if (!slash)
        return fail(err, errlen,
                    "%s: %s=%s: write WEIGHT/CAP, as 512/- ('-' leaves it)",
                    key, name, value);
    *slash = 0;
    if (weight_or_cap(v, &r->weight, 1, 65535))
        return fail(err, errlen, "%s: %s: the weight must be 1-65535 or -", key,
                    name);
    if (weight_or_cap(slash + 1, &r->cap, 0, 65535))
        return fail(err, errlen, "%s: %s: the cap must be 0-65535 or -", key,
                    name);
    strcpy(r->glob, name);
    t->nr_rules++;
    return 0;
}

int tune_parse(struct tune *t, const char *profile, const char *pools,
               const char *profiles, const char *domains, char *err,
               size_t errlen)
{
    memset(t, 0, sizeof(*t));
    t->host_profile = -1;
    for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
        t->profiles[t->nr_profiles++] = builtin[i];
    if (each_item(t, "profiles", profiles, add_profile, err, errlen) ||
        each_item(t, "pools", pools, add_pool, err, errlen) ||
        each_item(t, "domains", domains, add_rule, err, errlen))
        return -1;
    if (profile) {
        t->host_profile = find_profile(t, profile);
        if (t->host_profile < 0)
            return fail(err, errlen,
                        "profile: no profile named %s (latency, throughput, "
                        "xen or one in profiles)",
                        profile);
    }
    return 0;
}

const struct tune_profile *tune_pool_profile(const struct tune *t,
                                             const char *pool)
{
    for (int i = 0; i < t->nr_pools; i++)
        if (!strcmp(t->pools[i].pool, pool))
            return &t->profiles[t->pools[i].profile];
    return t->host_profile >= 0 ? &t->profiles[t->host_profile] : NULL;
}

const struct tune_rule *tune_domain_rule(const struct tune *t, const char *name)
{
    for (int i = 0; i < t->nr_rules; i++)
        if (!fnmatch(t->rules[i].glob, name, 0))
            return &t->rules[i];
    return NULL;
}
