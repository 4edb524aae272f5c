/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_units.c - unit tests of daemon internals, driven through the
 * in-memory transport: permission parsing and checks, framing, reply
 * formats (DIRECTORY_PART offsets), quota option parsing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "db.h"
#include "memconn.h"
#include "perms.h"

static int setup(void **state)
{
    config_defaults();
    db_init();
    return 0;
}

static void test_perms_parse_format(void **state)
{
    struct xs_perm p[3];
    char out[64];
    int n;

    assert_int_equal(perms_parse("b0\0r5\0n7\0", 9, 3, p), 0);
    assert_int_equal(p[0].perm, PERM_READ | PERM_WRITE);
    assert_int_equal(p[1].id, 5);
    assert_int_equal(p[2].perm, 0);
    n = perms_format(p, 3, out, sizeof(out));
    assert_int_equal(n, 9);
    assert_memory_equal(out, "b0\0r5\0n7\0", 9);
    assert_int_equal(perms_parse("x0\0", 3, 1, p), EINVAL);
    assert_int_equal(perms_parse("r\0", 2, 1, p), EINVAL);
    assert_int_equal(perms_parse("r1", 2, 1, p), EINVAL);
    assert_int_equal(perms_parse("r-1\0", 4, 1, p), EINVAL);
    assert_int_equal(perms_parse("r1\0r2\0", 6, 1, p), EINVAL);
    assert_int_equal(perms_format(p, 3, out, 4), -1);
}

static void test_perms_access(void **state)
{
    struct xs_perm p[3] = { { 3, PERM_READ }, { 5, PERM_WRITE }, { 6, 0 } };
    struct ident dom0 = { 0, true, false, 0 };
    struct ident d3 = { 3, false, false, 0 }, d5 = { 5, false, false, 0 };
    struct ident d9 = { 9, false, false, 0 }, dm = { 7, false, true, 5 };

    assert_int_equal(perms_access(&dom0, p, 3) & PERM_OWNER, PERM_OWNER);
    assert_int_equal(perms_access(&d3, p, 3) & PERM_OWNER, PERM_OWNER);
    assert_int_equal(perms_access(&d5, p, 3), PERM_WRITE);
    assert_int_equal(perms_access(&d9, p, 3), PERM_READ);
    /* A device model gets its target's entry. */
    assert_int_equal(perms_access(&dm, p, 3), PERM_WRITE);
}

/* Send one framed request through the in-memory transport. */
static size_t roundtrip(uint32_t type, const void *payload, uint32_t len,
                        char *out)
{
    char in[sizeof(struct xsd_sockmsg) + 4096];
    struct xsd_sockmsg h = { type, 1, 0, len };
    struct memconn m;
    struct conn *c;
    size_t n;

    memcpy(in, &h, sizeof(h));
    memcpy(in + sizeof(h), payload, len);
    c = memconn_new(&m, in, sizeof(h) + len);
    assert_true(memconn_run(c));
    n = m.out_len;
    memcpy(out, m.out, n);
    memconn_free(c);
    return n;
}

static void test_framing_split(void **state)
{
    char buf[8192];
    size_t n = roundtrip(XS_WRITE, "/u/a\0val", 8, buf);
    struct xsd_sockmsg *h = (struct xsd_sockmsg *)buf;

    assert_int_equal(n, sizeof(*h) + 3);
    assert_int_equal(h->type, XS_WRITE);
    assert_int_equal(h->req_id, 1);
    assert_string_equal(buf + sizeof(*h), "OK");
    n = roundtrip(XS_READ, "/u/a", 5, buf);
    assert_int_equal(h->len, 3);
    assert_memory_equal(buf + sizeof(*h), "val", 3);
}

static void test_directory_part_offsets(void **state)
{
    char buf[8192];
    struct xsd_sockmsg *h = (struct xsd_sockmsg *)buf;
    const char *body = buf + sizeof(*h);
    size_t glen;

    roundtrip(XS_MKDIR, "/dp/aa", 7, buf);
    roundtrip(XS_MKDIR, "/dp/bb", 7, buf);
    roundtrip(XS_DIRECTORY_PART,
              "/dp\0"
              "0",
              6, buf);
    assert_int_equal(h->type, XS_DIRECTORY_PART);
    glen = strlen(body) + 1;
    /* gen, "aa", "bb", then the empty end marker. */
    assert_int_equal(h->len, glen + 7);
    assert_memory_equal(body + glen, "aa\0bb\0\0", 7);
    roundtrip(XS_DIRECTORY_PART,
              "/dp\0"
              "3",
              6, buf);
    assert_memory_equal(body + glen, "bb\0\0", 4);
    roundtrip(XS_DIRECTORY_PART,
              "/dp\0"
              "99",
              7, buf);
    assert_int_equal(h->len, glen + 1);
}

static void test_quota_options(void **state)
{
    assert_int_equal(config_set_quota("watches=7"), 0);
    assert_int_equal(cfg.watches, 7);
    assert_int_equal(config_set_quota("watches"), -1);
    assert_int_equal(config_set_quota("bogus=1"), -1);
    assert_int_equal(config_set_quota("watches=-1"), -1);
    assert_int_equal(config_set_quota("outstanding=0"), -1);
    config_defaults();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perms_parse_format),
        cmocka_unit_test(test_perms_access),
        cmocka_unit_test(test_framing_split),
        cmocka_unit_test(test_directory_part_offsets),
        cmocka_unit_test(test_quota_options),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
