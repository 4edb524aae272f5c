/* SPDX-License-Identifier: LGPL-2.1-only */
/* sched-tune's settings: the profiles, pools and rules, and each error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tune.h"

static void builtins_and_host_profile(void **state)
{
    struct tune t;
    char err[256] = "";
    const struct tune_profile *p;

    (void)state;
    assert_int_equal(tune_parse(&t, NULL, NULL, NULL, NULL, err, sizeof(err)),
                     0);
    assert_null(tune_pool_profile(&t, "Pool-0")); /* nothing set: leave */
    assert_int_equal(
        tune_parse(&t, "latency", NULL, NULL, NULL, err, sizeof(err)), 0);
    p = tune_pool_profile(&t, "any");
    assert_non_null(p);
    assert_string_equal(p->name, "latency");
    assert_int_equal(p->tslice_ms, 5);
    assert_int_equal(p->ratelimit_us, 100);
    assert_int_equal(
        tune_parse(&t, "throughput", NULL, NULL, NULL, err, sizeof(err)), 0);
    p = tune_pool_profile(&t, "any");
    assert_int_equal(p->tslice_ms, 100);
    assert_int_equal(p->ratelimit_us, 5000);
}

static void pools_and_custom_profiles(void **state)
{
    struct tune t;
    char err[256] = "";
    const struct tune_profile *p;

    (void)state;
    assert_int_equal(tune_parse(&t, "xen", "web=fast batch=throughput",
                                "fast=2/200 none=10/0", NULL, err, sizeof(err)),
                     0);
    p = tune_pool_profile(&t, "web");
    assert_string_equal(p->name, "fast");
    assert_int_equal(p->tslice_ms, 2);
    assert_int_equal(p->ratelimit_us, 200);
    assert_string_equal(tune_pool_profile(&t, "batch")->name, "throughput");
    p = tune_pool_profile(&t, "other");
    assert_string_equal(p->name, "xen");
    assert_int_equal(p->tslice_ms, 30);
    assert_int_equal(p->ratelimit_us, 1000);
}

static void domain_rules(void **state)
{
    struct tune t;
    char err[256] = "";
    const struct tune_rule *r;

    (void)state;
    assert_int_equal(tune_parse(&t, NULL, NULL, NULL,
                                "web*=512/- db?=256/50 *=-/10", err,
                                sizeof(err)),
                     0);
    r = tune_domain_rule(&t, "web1");
    assert_int_equal(r->weight, 512);
    assert_int_equal(r->cap, -1);
    r = tune_domain_rule(&t, "db2");
    assert_int_equal(r->weight, 256);
    assert_int_equal(r->cap, 50);
    r = tune_domain_rule(&t, "db22"); /* ? is one character: the last rule */
    assert_int_equal(r->weight, -1);
    assert_int_equal(r->cap, 10);
    assert_int_equal(
        tune_parse(&t, NULL, NULL, NULL, "a=1/1", err, sizeof(err)), 0);
    assert_null(tune_domain_rule(&t, "b"));
}

static void errors(void **state)
{
    static const struct {
        const char *profile, *pools, *profiles, *domains, *why;
    } cases[] = {
        { "fastest", NULL, NULL, NULL,
          "profile: no profile named fastest (latency, throughput, xen or "
          "one in profiles)" },
        { NULL, "web=fast", NULL, NULL, "pools: web: no profile named fast" },
        { NULL, NULL, "fast", NULL, "profiles: \"fast\" is not NAME=VALUE" },
        { NULL, NULL, "fast=2", NULL,
          "profiles: fast=2: write TSLICE_MS/RATELIMIT_US, as 30/1000" },
        { NULL, NULL, "fast=0/0", NULL,
          "profiles: fast: the time slice must be 1-1000 ms" },
        { NULL, NULL, "fast=1001/0", NULL,
          "profiles: fast: the time slice must be 1-1000 ms" },
        { NULL, NULL, "fast=10/99", NULL,
          "profiles: fast: the rate limit must be 0 or 100-500000 us" },
        { NULL, NULL, "fast=1/2000", NULL,
          "profiles: fast: the rate limit must not exceed the time slice" },
        { NULL, NULL, "latency=1/100", NULL,
          "profiles: profile latency is defined twice" },
        { NULL, NULL, "x=a/b", NULL, "profiles: x=a/b: not two numbers" },
        { NULL, NULL, NULL, "web*=512",
          "domains: web*=512: write WEIGHT/CAP, as 512/- ('-' leaves it)" },
        { NULL, NULL, NULL, "web*=0/-",
          "domains: web*: the weight must be 1-65535 or -" },
        { NULL, NULL, NULL, "web*=1/65536",
          "domains: web*: the cap must be 0-65535 or -" },
    };
    struct tune t;
    char err[256];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        err[0] = 0;
        assert_int_equal(tune_parse(&t, cases[i].profile, cases[i].pools,
                                    cases[i].profiles, cases[i].domains, err,
                                    sizeof(err)),
                         -1);
        assert_string_equal(err, cases[i].why);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtins_and_host_profile),
        cmocka_unit_test(pools_and_custom_profiles),
        cmocka_unit_test(domain_rules),
        cmocka_unit_test(errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
