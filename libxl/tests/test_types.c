/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generated types and the basic ones: init/dispose (twice), copy,
 * enum strings, uuid, MAC, bitmap range lists, defbool, and the JSON of a
 * PV domain configuration in Xen's `xl list -l` layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "libxl.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static void test_init_dispose_twice(void **state)
{
    libxl_domain_config c;

    libxl_domain_config_init(&c);
    assert_int_equal(c.c_info.type, LIBXL_DOMAIN_TYPE_INVALID);
    assert_int_equal(c.b_info.type, LIBXL_DOMAIN_TYPE_INVALID);
    assert_true(c.b_info.max_memkb == LIBXL_MEMKB_DEFAULT);
    assert_int_equal(c.b_info.sched_params.weight,
                     LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT);
    assert_true(c.b_info.max_grant_frames == LIBXL_MAX_GRANT_DEFAULT);
    assert_int_equal(c.on_crash, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    libxl_domain_build_info_init_type(&c.b_info, LIBXL_DOMAIN_TYPE_PV);
    assert_true(c.b_info.u.pv.slack_memkb == LIBXL_MEMKB_DEFAULT);
    c.c_info.name = xstrdup("g");
    c.b_info.kernel = xstrdup("/k");
    c.disks = calloc(1, sizeof(*c.disks));
    c.num_disks = 1;
    libxl_device_disk_init(&c.disks[0]);
    c.disks[0].pdev_path = xstrdup("/dev/x");
    assert_int_equal(c.disks[0].backend_domid, 0);
    libxl_domain_config_dispose(&c);
    assert_null(c.disks);
    assert_int_equal(c.num_disks, 0);
    libxl_domain_config_dispose(&c);
    libxl_domain_config_dispose(NULL);

    libxl_device_nic nic;
    libxl_device_nic_init(&nic);
    assert_int_equal(nic.devid, -1);
    libxl_device_nic_dispose(&nic);
    libxl_device_nic_dispose(&nic);
}

static void test_enums(void **state)
{
    libxl_domain_type t;
    libxl_action_on_shutdown a;
    libxl_scheduler s;

    assert_int_equal(LIBXL_DOMAIN_TYPE_HVM, 1);
    assert_int_equal(LIBXL_DOMAIN_TYPE_PV, 2);
    assert_int_equal(LIBXL_DOMAIN_TYPE_PVH, 3);
    assert_int_equal(LIBXL_SCHEDULER_CREDIT, 5);
    assert_int_equal(LIBXL_SCHEDULER_CREDIT2, 6);
    assert_int_equal(LIBXL_SHUTDOWN_REASON_WATCHDOG, 4);
    assert_int_equal(LIBXL_DISK_FORMAT_QED, 6);
    assert_int_equal(LIBXL_NIC_TYPE_VIF, 2);
    assert_int_equal(LIBXL_TSC_MODE_NATIVE_PARAVIRT, 3);
    assert_int_equal(LIBXL_TRIGGER_S3RESUME, 6);
    assert_int_equal(LIBXL_PASSTHROUGH_SHARE_PT, 4);
    assert_int_equal(LIBXL_CONSOLE_TYPE_VUART, 3);
    assert_string_equal(libxl_domain_type_to_string(LIBXL_DOMAIN_TYPE_PV),
                        "pv");
    assert_string_equal(libxl_action_on_shutdown_to_string(
                            LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART),
                        "coredump_restart");
    assert_null(libxl_domain_type_to_string((libxl_domain_type)42));
    assert_int_equal(libxl_domain_type_from_string("HVM", &t), 0);
    assert_int_equal(t, LIBXL_DOMAIN_TYPE_HVM);
    assert_int_equal(libxl_action_on_shutdown_from_string("rename-restart", &a),
                     ERROR_FAIL);
    assert_int_equal(libxl_action_on_shutdown_from_string("restart_rename", &a),
                     0);
    assert_int_equal(a, LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME);
    assert_int_equal(libxl_scheduler_from_string("credit2", &s), 0);
    assert_int_equal(s, LIBXL_SCHEDULER_CREDIT2);
    assert_int_equal(libxl_scheduler_from_string(NULL, &s), ERROR_FAIL);
    assert_int_equal(libxl_scheduler_from_string("", &s), ERROR_FAIL);
}

static void test_uuid_mac(void **state)
{
    libxl_uuid u, v;
    char buf[LIBXL_UUID_FMTLEN + 1];
    libxl_mac m;

    memset(&u, 0, sizeof(u));
    assert_true(libxl_uuid_is_nil(&u));
    libxl_uuid_generate(&u);
    assert_false(libxl_uuid_is_nil(&u));
    assert_int_equal(u.uuid[6] >> 4, 4);
    libxl_uuid_unparse(&u, buf);
    assert_int_equal(strlen(buf), 36);
    assert_int_equal(libxl_uuid_from_string(&v, buf), 0);
    assert_int_equal(libxl_uuid_compare(&u, &v), 0);
    assert_int_equal(
        libxl_uuid_from_string(&v, "0123456789ABCDEF0123456789abcdef0123"),
        ERROR_INVAL);
    assert_int_equal(
        libxl_uuid_from_string(&v, "01234567-89ab-cdef-0123-456789abcdeg"),
        ERROR_INVAL);
    assert_int_equal(
        libxl_uuid_from_string(&v, "01234567-89AB-cdef-0123-456789abcdef"), 0);
    libxl_uuid_unparse(&v, buf);
    assert_string_equal(buf, "01234567-89ab-cdef-0123-456789abcdef");

    assert_int_equal(libxl_mac_from_string(&m, "00:16:3E:01:02:ff"), 0);
    assert_int_equal(m[2], 0x3e);
    assert_int_equal(m[5], 0xff);
    assert_false(libxl_mac_is_default(&m));
    assert_int_equal(libxl_mac_from_string(&m, "00:16:3e:01:02"), ERROR_INVAL);
    assert_int_equal(libxl_mac_from_string(&m, "00:16:3e:01:02:03:04"),
                     ERROR_INVAL);
    assert_int_equal(libxl_mac_from_string(&m, "0:16:3e:01:02:03"),
                     ERROR_INVAL);
}

static void test_bitmap(void **state)
{
    libxl_bitmap b;
    char *s;

    libxl_bitmap_init(&b);
    assert_int_equal(libxl_bitmap_alloc(NULL, &b, 20), 0);
    assert_int_equal(b.size, 3);
    assert_true(libxl_bitmap_is_empty(&b));
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "0-3,^2", 20), 0);
    assert_int_equal(libxl_bitmap_count_set(&b), 3);
    assert_true(libxl_bitmap_test(&b, 3));
    assert_false(libxl_bitmap_test(&b, 2));
    assert_false(libxl_bitmap_test(&b, 1000));
    s = libxl_bitmap_to_range_list(&b);
    assert_string_equal(s, "0-1,3");
    free(s);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "5, 7-9,19", 20), 0);
    s = libxl_bitmap_to_range_list(&b);
    assert_string_equal(s, "0-1,3,5,7-9,19");
    free(s);
    s = libxl_bitmap_to_hex_string(NULL, &b);
    assert_string_equal(s, "0x0803ab");
    free(s);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "20", 20), ERROR_INVAL);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "3-1", 20), ERROR_INVAL);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "1,", 20), ERROR_INVAL);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "", 20), ERROR_INVAL);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "x", 20), ERROR_INVAL);
    libxl_bitmap_set_none(&b);
    assert_int_equal(libxl_bitmap_parse_range_list(&b, "all,^0", 20), 0);
    assert_int_equal(libxl_bitmap_count_set(&b), 19);
    s = libxl_bitmap_to_range_list(&b);
    assert_string_equal(s, "1-19");
    free(s);
    libxl_bitmap_set_any(&b);
    assert_true(libxl_bitmap_is_full(&b));
    libxl_bitmap_dispose(&b);
    libxl_bitmap_dispose(&b);
    assert_null(b.map);
    s = libxl_bitmap_to_range_list(&b);
    assert_string_equal(s, "");
    free(s);
}

static void test_defbool_lists(void **state)
{
    libxl_defbool d = { 0 };
    libxl_string_list sl = NULL, sl2 = NULL;
    libxl_key_value_list kv = NULL, kv2 = NULL;

    assert_true(libxl_defbool_is_default(d));
    assert_string_equal(libxl_defbool_to_string(d), "<default>");
    libxl_defbool_setdefault(&d, true);
    assert_true(libxl_defbool_val(d));
    libxl_defbool_setdefault(&d, false);
    assert_true(libxl_defbool_val(d));
    libxl_defbool_set(&d, false);
    assert_string_equal(libxl_defbool_to_string(d), "False");
    libxl_defbool_unset(&d);
    assert_true(libxl_defbool_is_default(d));

    assert_int_equal(libxl_string_list_length(&sl), 0);
    sl = calloc(3, sizeof(char *));
    sl[0] = xstrdup("a");
    sl[1] = xstrdup("b");
    libxl_string_list_copy(NULL, &sl2, &sl);
    assert_int_equal(libxl_string_list_length(&sl2), 2);
    assert_string_equal(sl2[1], "b");
    libxl_string_list_dispose(&sl);
    libxl_string_list_dispose(&sl);
    libxl_string_list_dispose(&sl2);

    kv = calloc(5, sizeof(char *));
    kv[0] = xstrdup("k");
    kv[1] = xstrdup("v");
    kv[2] = xstrdup("n");
    kv[3] = NULL;
    libxl_key_value_list_copy(NULL, &kv2, &kv);
    assert_int_equal(libxl_key_value_list_length(&kv2), 2);
    assert_null(kv2[3]);
    libxl_key_value_list_dispose(&kv);
    libxl_key_value_list_dispose(&kv2);
    assert_null(kv);
}

/* A small PV configuration as xl would build it from an xl.cfg. */
static void make_config(libxl_domain_config *c)
{
    libxl_domain_config_init(c);
    c->c_info.type = LIBXL_DOMAIN_TYPE_PV;
    c->c_info.name = xstrdup("guest \"one\"");
    assert_int_equal(
        libxl_uuid_from_string(&c->c_info.uuid,
                               "5e2ab2b8-5a8d-4f06-a3b7-0a1b2c3d4e5f"),
        0);
    libxl_defbool_set(&c->c_info.run_hotplug_scripts, true);
    libxl_domain_build_info_init_type(&c->b_info, LIBXL_DOMAIN_TYPE_PV);
    c->b_info.max_vcpus = 2;
    assert_int_equal(libxl_cpu_bitmap_alloc(NULL, &c->b_info.avail_vcpus, 2),
                     0);
    libxl_bitmap_set(&c->b_info.avail_vcpus, 0);
    libxl_bitmap_set(&c->b_info.avail_vcpus, 1);
    c->b_info.max_memkb = 524288;
    c->b_info.target_memkb = 262144;
    c->b_info.kernel = xstrdup("/boot/vmlinuz");
    c->b_info.cmdline = xstrdup("root=/dev/xvda1\tro");
    c->b_info.sched_params.weight = 512;
    libxl_defbool_set(&c->b_info.u.pv.e820_host, false);
    c->num_disks = 1;
    c->disks = calloc(1, sizeof(*c->disks));
    libxl_device_disk_init(&c->disks[0]);
    c->disks[0].pdev_path = xstrdup("/dev/vg/guest");
    c->disks[0].vdev = xstrdup("xvda");
    c->disks[0].backend = LIBXL_DISK_BACKEND_PHY;
    c->disks[0].format = LIBXL_DISK_FORMAT_RAW;
    c->disks[0].readwrite = 1;
    c->num_nics = 1;
    c->nics = calloc(1, sizeof(*c->nics));
    libxl_device_nic_init(&c->nics[0]);
    c->nics[0].devid = 0;
    assert_int_equal(
        libxl_mac_from_string(&c->nics[0].mac, "00:16:3e:00:00:01"), 0);
    c->nics[0].bridge = xstrdup("xenbr0");
    c->nics[0].nictype = LIBXL_NIC_TYPE_VIF;
    c->on_reboot = LIBXL_ACTION_ON_SHUTDOWN_RESTART;
}

static const char config_json[] =
    "{\n"
    "    \"c_info\": {\n"
    "        \"type\": \"pv\",\n"
    "        \"name\": \"guest \\\"one\\\"\",\n"
    "        \"uuid\": \"5e2ab2b8-5a8d-4f06-a3b7-0a1b2c3d4e5f\",\n"
    "        \"run_hotplug_scripts\": \"True\"\n"
    "    },\n"
    "    \"b_info\": {\n"
    "        \"max_vcpus\": 2,\n"
    "        \"avail_vcpus\": [\n"
    "            0,\n"
    "            1\n"
    "        ],\n"
    "        \"max_memkb\": 524288,\n"
    "        \"target_memkb\": 262144,\n"
    "        \"sched_params\": {\n"
    "            \"weight\": 512\n"
    "        },\n"
    "        \"kernel\": \"/boot/vmlinuz\",\n"
    "        \"cmdline\": \"root=/dev/xvda1\\tro\",\n"
    "        \"type.pv\": {\n"
    "            \"e820_host\": \"False\"\n"
    "        },\n"
    "        \"arch_arm\": {\n"
    "\n"
    "        },\n"
    "        \"arch_x86\": {\n"
    "\n"
    "        }\n"
    "    },\n"
    "    \"disks\": [\n"
    "        {\n"
    "            \"pdev_path\": \"/dev/vg/guest\",\n"
    "            \"vdev\": \"xvda\",\n"
    "            \"backend\": \"phy\",\n"
    "            \"format\": \"raw\",\n"
    "            \"readwrite\": 1\n"
    "        }\n"
    "    ],\n"
    "    \"nics\": [\n"
    "        {\n"
    "            \"devid\": 0,\n"
    "            \"mac\": \"00:16:3e:00:00:01\",\n"
    "            \"bridge\": \"xenbr0\",\n"
    "            \"nictype\": \"vif\"\n"
    "        }\n"
    "    ],\n"
    "    \"on_reboot\": \"restart\"\n"
    "}\n";

static void test_config_json(void **state)
{
    libxl_domain_config c, d;
    char *j, *k;

    make_config(&c);
    j = libxl_domain_config_to_json(NULL, &c);
    assert_non_null(j);
    if (strcmp(j, config_json))
        fprintf(stderr, "got:\n%s", j);
    assert_string_equal(j, config_json);

    /* A copy writes the same JSON and owns its memory. */
    libxl_domain_config_copy(NULL, &d, &c);
    libxl_domain_config_dispose(&c);
    k = libxl_domain_config_to_json(NULL, &d);
    assert_string_equal(k, config_json);
    free(k);
    libxl_domain_config_dispose(&d);
    free(j);

    /* Defaults only: the nested structs, nothing else. */
    libxl_domain_config_init(&c);
    j = libxl_domain_config_to_json(NULL, &c);
    assert_string_equal(j, "{\n"
                           "    \"c_info\": {\n"
                           "\n"
                           "    },\n"
                           "    \"b_info\": {\n"
                           "        \"sched_params\": {\n"
                           "\n"
                           "        },\n"
                           "        \"type.invalid\": {\n"
                           "\n"
                           "        },\n"
                           "        \"arch_arm\": {\n"
                           "\n"
                           "        },\n"
                           "        \"arch_x86\": {\n"
                           "\n"
                           "        }\n"
                           "    }\n"
                           "}\n");
    free(j);
    libxl_domain_config_dispose(&c);
}

static void test_json_writer(void **state)
{
    libxl_json_gen *g = libxl_json_gen_new();
    char *s;

    libxl_json_array_open(g);
    libxl_json_map_open(g);
    libxl_json_string(g, "domid");
    libxl_json_integer(g, -7);
    libxl_json_string(g, "ctl");
    libxl_json_string(g, "a\x01/b\\");
    libxl_json_string(g, "list");
    libxl_json_array_open(g);
    libxl_json_array_close(g);
    libxl_json_map_close(g);
    libxl_json_array_close(g);
    s = libxl_json_gen_finish(g);
    assert_string_equal(s, "[\n"
                           "    {\n"
                           "        \"domid\": -7,\n"
                           "        \"ctl\": \"a\\u0001/b\\\\\",\n"
                           "        \"list\": [\n"
                           "\n"
                           "        ]\n"
                           "    }\n"
                           "]\n");
    free(s);

    /* Misuse is reported, not written: a value where a key belongs, an
     * unbalanced close, an unfinished document. */
    g = libxl_json_gen_new();
    libxl_json_map_open(g);
    libxl_json_integer(g, 1);
    assert_null(libxl_json_gen_finish(g));
    g = libxl_json_gen_new();
    libxl_json_array_close(g);
    assert_null(libxl_json_gen_finish(g));
    g = libxl_json_gen_new();
    libxl_json_array_open(g);
    assert_null(libxl_json_gen_finish(g));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_dispose_twice),
        cmocka_unit_test(test_enums),
        cmocka_unit_test(test_uuid_mac),
        cmocka_unit_test(test_bitmap),
        cmocka_unit_test(test_defbool_lists),
        cmocka_unit_test(test_config_json),
        cmocka_unit_test(test_json_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
