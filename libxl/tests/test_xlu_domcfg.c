/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Golden domain configurations: every tests/cfg/NAME.cfg is parsed with
 * xlu_parse_domain_config (Xen's default xl.conf, plus the overrides of
 * NAME.args, one a line).  NAME.json, when present, is the JSON expected
 * (what xl create -n prints: libxl_domain_config_to_json; a "uuid" line
 * whose value is "*" matches any uuid) and the parse must succeed; NAME.err is
 * the exact report expected (errors, warnings), empty when absent.  A
 * .cfg with neither file fails the test, so every one is checked.
 *
 * Also: xl.conf defaults and values (xl/xlconf.c), the bootloader flag.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "libxlutil.h"

/* xl.conf is xl's; its source is small enough to be tested in place. */
#include "../xl/xlconf.c"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0;
    FILE *m;

    if (!f)
        return NULL;
    m = open_memstream(&buf, &len);
    assert_non_null(m);
    for (int c; (c = fgetc(f)) != EOF;)
        fputc(c, m);
    fclose(m);
    fclose(f);
    return buf;
}

/* Compares line by line; "uuid": "*" in want matches any uuid. */
static bool json_matches(const char *got, const char *want)
{
    while (*got && *want) {
        const char *ge = strchr(got, '\n'), *we = strchr(want, '\n');
        size_t gl = ge ? (size_t)(ge - got) : strlen(got);
        size_t wl = we ? (size_t)(we - want) : strlen(want);
        const char *star = memmem(want, wl, "\"uuid\": \"*\"", 11);

        if (star) {
            size_t pre = (size_t)(star - want) + 9;
            if (gl < pre + 38 || strncmp(got, want, pre))
                return false;
        } else if (gl != wl || strncmp(got, want, gl)) {
            return false;
        }
        got += gl + (ge ? 1 : 0);
        want += wl + (we ? 1 : 0);
    }
    return !*got && !*want;
}

static int run_case(const char *name)
{
    char path[512], *want_json, *want_err, *args, *got_err = NULL;
    const char *ovr[16];
    int novr = 0, rc, bl, failed = 0;
    size_t errlen = 0;
    libxl_domain_config d;
    FILE *rep;

    snprintf(path, sizeof(path), "%s.json", name);
    want_json = slurp(path);
    snprintf(path, sizeof(path), "%s.err", name);
    want_err = slurp(path);
    snprintf(path, sizeof(path), "%s.args", name);
    args = slurp(path);
    if (!want_json && !want_err) {
        fprintf(stderr, "%s.cfg: neither .json nor .err\n", name);
        return 1;
    }
    if (args)
        for (char *p = args, *save = NULL, *l;
             (l = strtok_r(p, "\n", &save)) && novr < 16; p = NULL)
            ovr[novr++] = l;
    rep = open_memstream(&got_err, &errlen);
    snprintf(path, sizeof(path), "%s.cfg", name);
    rc = xlu_parse_domain_config(path, ovr, novr, NULL, rep, &d, &bl);
    fclose(rep);
    if (strcmp(got_err, want_err ? want_err : "")) {
        fprintf(stderr, "%s: report differs; got:\n%s", name, got_err);
        failed = 1;
    }
    if (want_json) {
        char *j = rc ? NULL : libxl_domain_config_to_json(NULL, &d);
        if (rc || !json_matches(j, want_json)) {
            fprintf(stderr, "%s: rc %d; JSON differs; got:\n%s", name, rc,
                    j ? j : "");
            failed = 1;
        }
        free(j);
    } else if (!rc) {
        fprintf(stderr, "%s: accepted, but an error was expected\n", name);
        failed = 1;
    }
    libxl_domain_config_dispose(&d);
    free(want_json);
    free(want_err);
    free(args);
    free(got_err);
    return failed;
}

static void test_golden(void **state)
{
    char src[] = __FILE__, dir[600];
    const char *env = getenv("XLU_CFG_DIR");
    struct dirent **ents;
    int n, failed = 0, cases = 0;
    char cwd[600];

    snprintf(dir, sizeof(dir), "%s/cfg", dirname(src));
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(env ? env : dir), 0);
    n = scandir(".", &ents, NULL, alphasort);
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        size_t l = strlen(ents[i]->d_name);
        if (l > 4 && !strcmp(ents[i]->d_name + l - 4, ".cfg")) {
            ents[i]->d_name[l - 4] = '\0';
            failed += run_case(ents[i]->d_name);
            cases++;
        }
        free(ents[i]);
    }
    free(ents);
    assert_int_equal(chdir(cwd), 0);
    fprintf(stderr, "%d golden configurations, %d failed\n", cases, failed);
    assert_true(cases >= 20);
    assert_int_equal(failed, 0);
}

static void test_defaults_applied(void **state)
{
    XLU_DomainDefaults df;
    libxl_domain_config d;
    FILE *rep = tmpfile();
    const char *ovr[] = {
        "name='d'",  "kernel='/k'", "vif=['mac=00:16:3e:0:0:1']",
        "memory=64", "vcpus=2",     "cpus='nodes:1'"
    };
    libxl_bitmap nodes[2];
    int bl;

    xlu_domain_defaults_init(&df);
    df.run_hotplug_scripts = 0;
    df.claim_mode = 0;
    df.vif_bridge = "br9";
    df.vif_script = "vif-x";
    df.vif_gatewaydev = "gw0";
    df.vif_backend = "netdom";
    df.blkdev_start = "xvdb";
    df.max_grant_frames = 64;
    df.max_maptrack_frames = 1024;
    df.host_cpus = 16;
    for (int i = 0; i < 2; i++) {
        libxl_bitmap_init(&nodes[i]);
        assert_int_equal(libxl_bitmap_alloc(NULL, &nodes[i], 16), 0);
        for (int c = 0; c < 8; c++)
            libxl_bitmap_set(&nodes[i], 8 * i + c);
    }
    df.node_cpus = nodes;
    df.n_nodes = 2;
    assert_int_equal(xlu_parse_domain_config(NULL, ovr, 6, &df, rep, &d, &bl),
                     0);
    assert_int_equal(d.b_info.num_vcpu_hard_affinity, 2);
    {
        char *s = libxl_bitmap_to_range_list(&d.b_info.vcpu_hard_affinity[1]);
        assert_string_equal(s, "8-15");
        free(s);
    }
    libxl_bitmap_dispose(&nodes[0]);
    libxl_bitmap_dispose(&nodes[1]);
    assert_false(libxl_defbool_val(d.c_info.run_hotplug_scripts));
    assert_false(libxl_defbool_val(d.b_info.claim_mode));
    assert_string_equal(d.nics[0].bridge, "br9");
    assert_string_equal(d.nics[0].script, "vif-x");
    assert_string_equal(d.nics[0].gatewaydev, "gw0");
    assert_string_equal(d.nics[0].backend_domname, "netdom");
    assert_string_equal(d.b_info.blkdev_start, "xvdb");
    assert_int_equal(d.b_info.max_grant_frames, 64);
    assert_int_equal(d.b_info.max_maptrack_frames, 1024);
    assert_int_equal(bl, 0);
    {
        /* xl list -l's element: the config one level down */
        char *j = xlu_domain_config_json(&d, 7), *k;
        const char *head = "{\n    \"domid\": 7,\n    \"config\": {\n"
                           "        \"c_info\": {\n"
                           "            \"type\": \"pv\",\n"
                           "            \"name\": \"d\",\n";
        assert_non_null(j);
        assert_memory_equal(j, head, strlen(head));
        assert_string_equal(j + strlen(j) - 8, "    }\n}\n");
        free(j);
        j = xlu_domain_config_json(&d, -1);
        k = strstr(j, "\"domid\": null,\n");
        assert_non_null(k);
        free(j);
    }
    libxl_domain_config_dispose(&d);
    fclose(rep);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_xlconf(void **state)
{
    char dir[] = "/tmp/xlconf-XXXXXX", path[64];
    XLU_DomainDefaults df;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/xl.conf", dir);

    /* missing: the defaults */
    assert_int_equal(xl_load_global_config(path), 0);
    assert_int_equal(xl_global.autoballoon, XL_AUTOBALLOON_AUTO);
    assert_int_equal(xl_global.run_hotplug_scripts, 1);
    assert_string_equal(xl_global.lockfile, "/var/lock/xl");
    assert_null(xl_global.default_bridge);
    assert_int_equal(xl_global.output_format, XL_OUTPUT_JSON);
    assert_int_equal(xl_global.claim_mode, 1);
    assert_int_equal(xl_global.max_grant_frames, -1);
    assert_int_equal(xl_global.max_maptrack_frames, -1);
    assert_true(xl_autoballoon_enabled("console=com1"));
    assert_false(xl_autoballoon_enabled("dom0_mem=1G,max:1G console=com1"));
    assert_true(xl_autoballoon_enabled(NULL));

    write_file(path, "# Debian's xl.conf, more or less\n"
                     "autoballoon=\"off\"\n"
                     "run_hotplug_scripts=0\n"
                     "lockfile=\"/run/xl.lock\"\n"
                     "vif.default.script=\"vif-route\"\n"
                     "vif.default.bridge=\"xenbr1\"\n"
                     "vif.default.gatewaydev=\"eth0\"\n"
                     "vif.default.backend=\"netdom\"\n"
                     "output_format=\"sxp\"\n"
                     "blkdev_start=\"xvdb\"\n"
                     "claim_mode=0\n"
                     "max_grant_frames=64\n"
                     "max_maptrack_frames=2048\n"
                     "vm.cpumask=\"0-3\"\n"
                     "domid_policy=\"random\"\n");
    assert_int_equal(xl_load_global_config(path), 0);
    assert_int_equal(xl_global.autoballoon, XL_AUTOBALLOON_OFF);
    assert_false(xl_autoballoon_enabled(NULL));
    assert_int_equal(xl_global.run_hotplug_scripts, 0);
    assert_string_equal(xl_global.lockfile, "/run/xl.lock");
    assert_string_equal(xl_global.default_vifscript, "vif-route");
    assert_string_equal(xl_global.default_bridge, "xenbr1");
    assert_string_equal(xl_global.default_gatewaydev, "eth0");
    assert_string_equal(xl_global.default_vifbackend, "netdom");
    assert_int_equal(xl_global.output_format, XL_OUTPUT_SXP);
    assert_string_equal(xl_global.blkdev_start, "xvdb");
    assert_int_equal(xl_global.claim_mode, 0);
    assert_int_equal(xl_global.max_grant_frames, 64);
    assert_int_equal(xl_global.max_maptrack_frames, 2048);
    assert_string_equal(xl_global.vm_cpumask, "0-3");
    assert_int_equal(xl_global.domid_policy, XL_DOMID_POLICY_RANDOM);
    xl_global_domain_defaults(&df);
    assert_int_equal(df.run_hotplug_scripts, 0);
    assert_string_equal(df.vif_bridge, "xenbr1");
    assert_int_equal(df.max_maptrack_frames, 2048);

    /* the old names, and bad values keep the defaults; each is reported */
    write_file(path, "defaultbridge=\"br0\"\nvifscript=\"vif-nat\"\n"
                     "autoballoon=\"maybe\"\noutput_format=\"xml\"\n"
                     "domid_policy=\"odd\"\n");
    {
        FILE *cap = tmpfile();
        int saved = dup(2);
        char got[2048], want[2048];
        size_t n;

        fflush(stderr);
        dup2(fileno(cap), 2);
        assert_int_equal(xl_load_global_config(path), 0);
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        rewind(cap);
        n = fread(got, 1, sizeof(got) - 1, cap);
        got[n] = '\0';
        fclose(cap);
        snprintf(want, sizeof(want),
                 "%s:3:13: warning: invalid autoballoon 'maybe' (on, off, "
                 "auto); keeping auto\n"
                 "%s:2:11: warning: 'vifscript' is deprecated, use "
                 "vif.default.script\n"
                 "%s:1:15: warning: 'defaultbridge' is deprecated, use "
                 "vif.default.bridge\n"
                 "%s:4:15: warning: invalid output_format 'xml' (json, sxp); "
                 "keeping json\n"
                 "%s:5:14: warning: invalid domid_policy 'odd' (xen, random); "
                 "keeping xen\n",
                 path, path, path, path, path);
        assert_string_equal(got, want);
    }
    assert_string_equal(xl_global.default_bridge, "br0");
    assert_string_equal(xl_global.default_vifscript, "vif-nat");
    assert_int_equal(xl_global.autoballoon, XL_AUTOBALLOON_AUTO);
    assert_int_equal(xl_global.output_format, XL_OUTPUT_JSON);

    /* a syntax error or a bad grant limit fails */
    write_file(path, "autoballoon = \n");
    assert_int_equal(xl_load_global_config(path), EINVAL);
    write_file(path, "max_grant_frames = -5\n");
    assert_int_equal(xl_load_global_config(path), EINVAL);
    xl_global_config_dispose();
    unlink(path);
    rmdir(dir);
}

/* The example configurations Debian's xen-utils-common ships (from the
 * asset cache when there is one): each is accepted without a message. */
static void test_debian_examples(void **state)
{
    static const char *const ex[] = { "xlexample.pvlinux", "xlexample.hvm",
                                      "xlexample.pvhlinux" };
    const char *cache = getenv("XENITH_CACHE");
    char path[600];
    int found = 0;

    for (size_t i = 0; cache && i < sizeof(ex) / sizeof(ex[0]); i++) {
        libxl_domain_config d;
        char *rep = NULL;
        size_t len = 0;
        FILE *f;
        int bl;

        snprintf(path, sizeof(path), "%s/root/xen-utils-common/etc/xen/%s",
                 cache, ex[i]);
        if (access(path, R_OK))
            continue;
        found++;
        f = open_memstream(&rep, &len);
        assert_int_equal(
            xlu_parse_domain_config(path, NULL, 0, NULL, f, &d, &bl), 0);
        fclose(f);
        assert_string_equal(rep, "");
        libxl_domain_config_dispose(&d);
        free(rep);
    }
    if (!found)
        skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_debian_examples),
        cmocka_unit_test(test_defaults_applied),
        cmocka_unit_test(test_xlconf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
