/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config-libvirt's converter against the definitions in tests/data: for
 * NAME.xml, the xl.cfg it writes must parse with libxlutil (no message)
 * to the same libxl domain configuration as the hand-written NAME.cfg,
 * and its warnings must be NAME.msgs line for line; NAME.err is the one
 * error line of a definition that cannot be converted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "convert.h"
#include "libxlutil.h"

/* Three NUMA nodes of two CPUs each, for "nodes:" in cpu lists. */
static libxl_bitmap node_cpus[3];

static char *slurp(const char *name, size_t *len)
{
    char path[512], *s = NULL;
    size_t cap = 0;
    FILE *f;
    ssize_t n;

    snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
    f = fopen(path, "r");
    if (!f)
        return NULL;
    n = getdelim(&s, &cap, 0, f);
    fclose(f);
    if (n < 0) {
        free(s);
        s = strdup("");
        n = 0;
    }
    if (len)
        *len = (size_t)n;
    return s;
}

static void defaults(XLU_DomainDefaults *d)
{
    xlu_domain_defaults_init(d);
    d->host_cpus = 6;
    d->node_cpus = node_cpus;
    d->n_nodes = 3;
}

/* The configuration xl would build from text, as JSON; messages into
 * *report. */
static char *json_of_text(const char *text, const char *name, char **report)
{
    XLU_DomainDefaults d;
    libxl_domain_config dc;
    size_t rlen = 0;
    FILE *r = open_memstream(report, &rlen);
    XLU_Config *cfg;
    char *json = NULL;
    int rc;

    assert_non_null(r);
    defaults(&d);
    cfg = xlu_cfg_init(r, name);
    assert_non_null(cfg);
    rc = xlu_cfg_readdata(cfg, text, (int)strlen(text));
    if (!rc)
        rc = xlu_domain_config_from_cfg(cfg, &d, &dc, NULL);
    else
        libxl_domain_config_init(&dc);
    if (!rc)
        json = xlu_domain_config_json(&dc, -1);
    libxl_domain_config_dispose(&dc);
    xlu_cfg_destroy(cfg);
    fclose(r);
    return json;
}

/* The first line where got and want differ, for the log. */
static void show_difference(const char *base, const char *got, const char *want)
{
    int line = 1;

    while (*got && *got == *want) {
        if (*got == '\n')
            line++;
        got++;
        want++;
    }
    fprintf(stderr, "%s: JSON line %d: generated \"%.*s\", expected \"%.*s\"\n",
            base, line, (int)strcspn(got, "\n"), got, (int)strcspn(want, "\n"),
            want);
}

static void check_case(const char *base)
{
    char name[128], *xml, *want_cfg, *want_msgs, *cfg, *msgs, *got, *want;
    char *report1, *report2;
    size_t len;
    int rc;

    snprintf(name, sizeof(name), "%s.xml", base);
    xml = slurp(name, &len);
    assert_non_null(xml);
    rc = lv_convert(name, xml, len, &cfg, &msgs);
    if (rc)
        fprintf(stderr, "%s: %s\n", name, msgs ? msgs : "(no message)");
    assert_int_equal(rc, 0);
    assert_non_null(cfg);

    snprintf(name, sizeof(name), "%s.msgs", base);
    want_msgs = slurp(name, NULL);
    assert_non_null(want_msgs);
    assert_string_equal(msgs ? msgs : "", want_msgs);

    got = json_of_text(cfg, "generated", &report1);
    if (!got || *report1)
        fprintf(stderr, "%s: generated:\n%s---\n%s", base, cfg, report1);
    assert_non_null(got);
    assert_string_equal(report1, "");

    snprintf(name, sizeof(name), "%s.cfg", base);
    want_cfg = slurp(name, NULL);
    assert_non_null(want_cfg);
    want = json_of_text(want_cfg, name, &report2);
    if (!want)
        fprintf(stderr, "%s: %s", name, report2);
    assert_non_null(want);
    if (strcmp(got, want)) {
        fprintf(stderr, "%s: generated:\n%s", base, cfg);
        show_difference(base, got, want);
    }
    assert_true(!strcmp(got, want));

    free(xml);
    free(cfg);
    free(msgs);
    free(want_msgs);
    free(want_cfg);
    free(got);
    free(want);
    free(report1);
    free(report2);
}

static void check_error(const char *base)
{
    char name[128], *xml, *want, *cfg, *msgs;
    size_t len;

    snprintf(name, sizeof(name), "%s.xml", base);
    xml = slurp(name, &len);
    assert_non_null(xml);
    assert_int_equal(lv_convert(name, xml, len, &cfg, &msgs), -1);
    assert_null(cfg);
    assert_non_null(msgs);
    snprintf(name, sizeof(name), "%s.err", base);
    want = slurp(name, NULL);
    assert_non_null(want);
    want[strcspn(want, "\n")] = 0;
    assert_string_equal(msgs, want);
    free(xml);
    free(want);
    free(msgs);
}

static void pv_kernel(void **s)
{
    check_case("pv-kernel");
}

static void disks_nics(void **s)
{
    check_case("disks-nics");
}

static void hostdev(void **s)
{
    check_case("hostdev");
}

static void numa_cputune(void **s)
{
    check_case("numa-cputune");
}

static void numa_preferred(void **s)
{
    check_case("numa-preferred");
}

static void unsupported(void **s)
{
    check_case("unsupported");
}

static void malformed(void **s)
{
    check_error("malformed");
    check_error("noname");
}

/* A definition given inline: its xl.cfg as JSON, or NULL when it fails. */
static char *convert_json(const char *xml, char **msgs)
{
    char *cfg, *json = NULL, *report;

    if (lv_convert("t.xml", xml, strlen(xml), &cfg, msgs))
        return NULL;
    json = json_of_text(cfg, "generated", &report);
    assert_string_equal(report, "");
    free(report);
    free(cfg);
    return json;
}

static void quoting_and_units(void **s)
{
    char *msgs, *json;

    /* a name with quotes and a backslash survives xl.cfg's quoting */
    json = convert_json("<domain type='xen'><name>a\"b\\c</name>"
                        "<memory unit='b'>1048577</memory>"
                        "<os><kernel>/k</kernel></os></domain>",
                        &msgs);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"name\": \"a\\\"b\\\\c\""));
    /* one byte above 1 MiB: 2 MiB */
    assert_non_null(strstr(json, "\"max_memkb\": 2048"));
    assert_null(msgs);
    free(json);

    /* an unknown unit is one warning and no memory line */
    json = convert_json("<domain type='xen'><name>u</name>"
                        "<memory unit='parsec'>3</memory>"
                        "<os><kernel>/k</kernel></os></domain>",
                        &msgs);
    assert_non_null(json);
    assert_string_equal(msgs, "t.xml:1: warning: <memory>: unknown unit "
                              "'parsec'; left out\n");
    free(json);
    free(msgs);

    /* the root must be <domain> */
    assert_null(convert_json("<network><name>n</name></network>", &msgs));
    assert_string_equal(msgs, "t.xml:1: the root element is <network>, not "
                              "<domain>");
    free(msgs);
}

static void probe(void **s)
{
    static const char *const yes[] = {
        "<domain type='xen'>",
        "  \n<?xml version='1.0'?>\n<!-- a -- comment -->\n<domain>",
        "\xef\xbb\xbf<domain\n type='xen'>",
        "<!DOCTYPE domain><domain/>",
    };
    static const char *const no[] = {
        "name = \"x\"\n",
        "# <domain>\n",
        "<domains>",
        "<network>",
        "<!-- unterminated <domain",
        "",
    };

    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        assert_int_equal(lv_probe(yes[i], strlen(yes[i])), 1);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        assert_int_equal(lv_probe(no[i], strlen(no[i])), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pv_kernel),      cmocka_unit_test(disks_nics),
        cmocka_unit_test(hostdev),        cmocka_unit_test(numa_cputune),
        cmocka_unit_test(numa_preferred), cmocka_unit_test(unsupported),
        cmocka_unit_test(malformed),      cmocka_unit_test(quoting_and_units),
        cmocka_unit_test(probe),
    };

    for (int i = 0; i < 3; i++) {
        libxl_bitmap_init(&node_cpus[i]);
        if (libxl_bitmap_alloc(NULL, &node_cpus[i], 6))
            return 1;
        libxl_bitmap_set(&node_cpus[i], 2 * i);
        libxl_bitmap_set(&node_cpus[i], 2 * i + 1);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
