/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The save stream (lib/stream.c, docs/save-format.md): records written
 * and read back; a stream cut anywhere, with any one bit flipped, or not
 * a save stream at all (Xen's xl format, random bytes, nothing) refused
 * with its one-line reason; random damage never crashes the reader; and
 * the domain configuration's JSON read back (libxl_domain_config_from_json)
 * gives the same JSON.  Version 3's MSR and policy records: read back in a
 * version 3 stream, refused in an older one; their bodies checked
 * (lib/save_records.c) before anything acts on them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "libxl.h"
#include "save_records.h"
#include "stream.h"

/* A stream like a small save: config, PV_INFO, pages, END. */
static uint8_t *make_stream(size_t *len)
{
    struct libxl__stream s;
    struct xs_pv_info pi = { .guest_width = 8, .pt_levels = 4, .p2m_size = 3 };
    uint64_t ent[3] = { 2, 0, 1 | (0xfULL << XS_TYPE_SHIFT) };
    uint8_t pages[2 * 4096];
    FILE *f = tmpfile();
    uint8_t *buf;
    long n;

    assert_non_null(f);
    for (size_t i = 0; i < sizeof(pages); i++)
        pages[i] = (uint8_t)(i * 7);
    ent[1] = 0 | (1ULL << XS_TYPE_SHIFT); /* an L1 table */
    libxl__stream_init(&s, fileno(f), "save file");
    assert_int_equal(libxl__stream_write_header(&s, 0), 0);
    assert_int_equal(libxl__stream_write_record(&s, XS_REC_DOMAIN_CONFIG,
                                                "{\"x\": 1}", 9, NULL, 0),
                     0);
    assert_int_equal(libxl__stream_write_record(&s, XS_REC_PV_INFO, &pi,
                                                sizeof(pi), NULL, 0),
                     0);
    {
        uint64_t rec[4] = { 3, ent[0], ent[1], ent[2] };
        assert_int_equal(libxl__stream_write_record(&s, XS_REC_PAGE_DATA, rec,
                                                    sizeof(rec), pages,
                                                    sizeof(pages)),
                         0);
    }
    assert_int_equal(libxl__stream_write_end(&s), 0);
    libxl__stream_dispose(&s);
    n = ftell(f);
    assert_true(n > 0);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Reads a stream held in memory to its END; 0, or -1 with err copied. */
static int read_all(const uint8_t *b, size_t len, char *err, size_t errlen,
                    int *records)
{
    struct libxl__stream s;
    struct xs_header h;
    FILE *f = tmpfile();
    int rc = 0, n = 0;

    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(b, 1, len, f), len);
    rewind(f);
    libxl__stream_init(&s, fileno(f), "save file");
    if (libxl__stream_read_header(&s, &h)) {
        rc = -1;
    } else {
        for (;;) {
            const uint8_t *body;
            uint32_t type, l;
            if (libxl__stream_read_record(&s, &type, &body, &l)) {
                rc = -1;
                break;
            }
            n++;
            if (type == XS_REC_END)
                break;
        }
    }
    snprintf(err, errlen, "%s", s.err);
    libxl__stream_dispose(&s);
    fclose(f);
    if (records)
        *records = n;
    return rc;
}

static void test_round_trip(void **state)
{
    size_t len;
    uint8_t *b = make_stream(&len);
    struct libxl__stream s;
    struct xs_header h;
    const uint8_t *body;
    uint32_t type, l;
    FILE *f = tmpfile();

    (void)state;
    assert_int_equal(len % 8, 0);
    assert_int_equal(fwrite(b, 1, len, f), len);
    rewind(f);
    libxl__stream_init(&s, fileno(f), "save file");
    assert_int_equal(libxl__stream_read_header(&s, &h), 0);
    assert_int_equal(h.version, XS_VERSION);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_DOMAIN_CONFIG);
    assert_string_equal((const char *)body, "{\"x\": 1}");
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_PV_INFO);
    assert_int_equal(((const struct xs_pv_info *)body)->p2m_size, 3);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_PAGE_DATA);
    assert_int_equal(l, 32 + 2 * 4096);
    assert_int_equal(((const uint64_t *)body)[1], 2);
    assert_int_equal(body[32 + 4096 + 1], (uint8_t)(4097 * 7));
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_END);
    libxl__stream_dispose(&s);
    fclose(f);
    free(b);
}

static void test_truncated(void **state)
{
    size_t len;
    uint8_t *b = make_stream(&len);
    char err[400];

    (void)state;
    for (size_t cut = 1; cut < len; cut += (cut < 64 ? 1 : 61)) {
        assert_int_equal(read_all(b, cut, err, sizeof(err), NULL), -1);
        if (cut < sizeof(struct xs_header))
            assert_non_null(strstr(err, "save file: truncated: ") &&
                            strstr(err, " bytes, shorter than the header"));
        else
            assert_non_null(strstr(err, "save file: truncated: the stream "
                                        "ends after "));
        assert_null(strchr(err, '\n'));
    }
    assert_int_equal(read_all(b, 0, err, sizeof(err), NULL), -1);
    assert_string_equal(err, "save file: empty, not a saved domain");
    free(b);
}

static void test_every_bit_flip_refused(void **state)
{
    size_t len;
    uint8_t *b = make_stream(&len);
    char err[400];
    int n;

    (void)state;
    assert_int_equal(read_all(b, len, err, sizeof(err), &n), 0);
    assert_int_equal(n, 4);
    for (size_t off = 0; off < len; off++) {
        unsigned bit = (unsigned)(off % 8);
        b[off] ^= (uint8_t)(1u << bit);
        assert_int_equal(read_all(b, len, err, sizeof(err), NULL), -1);
        assert_true(strstr(err, "corrupted") || strstr(err, "not a saved") ||
                    strstr(err, "version") || strstr(err, "architecture") ||
                    strstr(err, "truncated"));
        b[off] ^= (uint8_t)(1u << bit);
    }
    /* A page's bit: the record's checksum names it. */
    b[sizeof(struct xs_header) + 3 * 16 + 16 + 48 + 40] ^= 1;
    assert_int_equal(read_all(b, len, err, sizeof(err), NULL), -1);
    assert_non_null(strstr(err, "save file: corrupted: checksum mismatch in "
                                "the PAGE_DATA record"));
    free(b);
}

static void test_foreign(void **state)
{
    static const char xen_xl[] = "Xen saved domain, xl format\n \0 \r"
                                 "padding padding padding";
    uint8_t rnd[4096];
    char err[400];

    (void)state;
    assert_int_equal(read_all((const uint8_t *)xen_xl, sizeof(xen_xl), err,
                              sizeof(err), NULL),
                     -1);
    assert_string_equal(err, "save file: a save file of Xen's xl, not of "
                             "this xl's format (restore it with Xen's xl)");
    srand(7);
    for (size_t i = 0; i < sizeof(rnd); i++)
        rnd[i] = (uint8_t)rand();
    assert_int_equal(read_all(rnd, sizeof(rnd), err, sizeof(err), NULL), -1);
    assert_string_equal(err, "save file: not a saved domain (no XNTHSAVE "
                             "header)");
    {
        size_t len;
        uint8_t *b = make_stream(&len);
        b[8] = 4; /* version */
        assert_int_equal(read_all(b, len, err, sizeof(err), NULL), -1);
        assert_string_equal(err, "save file: format version 4; this xl "
                                 "reads versions 1-3");
        free(b);
    }
}

/* Random damage (bytes changed, cut, lengths grown): refused, no crash. */
static void test_fuzz(void **state)
{
    size_t len;
    uint8_t *b = make_stream(&len), *c = malloc(len);
    char err[400];

    (void)state;
    assert_non_null(c);
    srand(12345);
    for (int i = 0; i < 3000; i++) {
        size_t n = len;
        memcpy(c, b, len);
        for (int k = 1 + rand() % 4; k > 0; k--)
            c[(size_t)rand() % len] ^= (uint8_t)(1 + rand() % 255);
        if (rand() % 3 == 0)
            n = (size_t)rand() % len;
        assert_int_equal(read_all(c, n, err, sizeof(err), NULL), -1);
        assert_true(err[0] != 0);
    }
    free(c);
    free(b);
}

static void test_config_json_read_back(void **state)
{
    libxl_domain_config a, b;
    libxl_ctx *ctx = NULL;
    char *ja, *jb;

    (void)state;
    assert_int_equal(libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, NULL), 0);
    libxl_domain_config_init(&a);
    a.c_info.type = LIBXL_DOMAIN_TYPE_PV;
    a.c_info.name = strdup("g1 \"quoted\" \\ \xc3\xa9");
    libxl_uuid_generate(&a.c_info.uuid);
    libxl_defbool_set(&a.c_info.run_hotplug_scripts, true);
    libxl_domain_build_info_init_type(&a.b_info, LIBXL_DOMAIN_TYPE_PV);
    a.b_info.max_vcpus = 2;
    assert_int_equal(libxl_bitmap_alloc(ctx, &a.b_info.avail_vcpus, 2), 0);
    libxl_bitmap_set(&a.b_info.avail_vcpus, 0);
    libxl_bitmap_set(&a.b_info.avail_vcpus, 1);
    a.b_info.num_vcpu_hard_affinity = 1;
    a.b_info.vcpu_hard_affinity = calloc(1, sizeof(libxl_bitmap));
    assert_int_equal(
        libxl_bitmap_alloc(ctx, &a.b_info.vcpu_hard_affinity[0], 8), 0);
    libxl_bitmap_set(&a.b_info.vcpu_hard_affinity[0], 5);
    a.b_info.max_memkb = a.b_info.target_memkb = 131072;
    a.b_info.kernel = strdup("/guest/vmlinuz");
    a.b_info.cmdline = strdup("console=hvc0\tquiet");
    a.num_disks = 1;
    a.disks = calloc(1, sizeof(*a.disks));
    libxl_device_disk_init(&a.disks[0]);
    a.disks[0].pdev_path = strdup("/var/lib/xen/disk.img");
    a.disks[0].vdev = strdup("xvda");
    a.disks[0].readwrite = 1;
    a.num_nics = 1;
    a.nics = calloc(1, sizeof(*a.nics));
    libxl_device_nic_init(&a.nics[0]);
    a.nics[0].devid = 0;
    libxl_mac_from_string(&a.nics[0].mac, "00:16:3e:00:00:02");
    a.nics[0].bridge = strdup("xenbr0");
    a.on_crash = LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
    ja = libxl_domain_config_to_json(ctx, &a);
    assert_non_null(ja);
    libxl_domain_config_init(&b);
    assert_int_equal(libxl_domain_config_from_json(ctx, &b, ja), 0);
    assert_int_equal(b.b_info.type, LIBXL_DOMAIN_TYPE_PV);
    assert_int_equal(b.on_crash, LIBXL_ACTION_ON_SHUTDOWN_PRESERVE);
    jb = libxl_domain_config_to_json(ctx, &b);
    assert_string_equal(ja, jb);
    libxl_domain_config_dispose(&b);
    /* Not JSON, or JSON of the wrong shape: refused. */
    libxl_domain_config_init(&b);
    assert_int_equal(libxl_domain_config_from_json(ctx, &b, "{\"c_info\": "),
                     ERROR_INVAL);
    libxl_domain_config_dispose(&b);
    libxl_domain_config_init(&b);
    assert_int_equal(libxl_domain_config_from_json(
                         ctx, &b, "{\"b_info\": {\"max_vcpus\": \"two\"}}"),
                     ERROR_INVAL);
    libxl_domain_config_dispose(&b);
    free(ja);
    free(jb);
    libxl_domain_config_dispose(&a);
    libxl_ctx_free(ctx);
}

/* A stream with the version 3 records, as a save writes them. */
static uint8_t *make_v3_stream(size_t *len)
{
    struct libxl__stream s;
    struct xs_pv_info pi = { .guest_width = 8, .pt_levels = 4, .p2m_size = 1 };
    xen_cpuid_leaf_t leaves[3] = { { 0, ~0u, 0xd, 1, 2, 3 },
                                   { 1, ~0u, 4, 5, 6, 7 },
                                   { 7, 0, 0, 8, 9, 10 } };
    xen_msr_entry_t msrs[2] = { { 0xce, 0, 0 }, { 0x10a, 0, 0 } };
    struct xs_vcpu_msrs h = { .vcpu = 1, .count = 2 };
    struct xen_domctl_vcpu_msr vm[2] = { { 0x48, 0, 1 }, { 0xc0000103, 0, 5 } };
    FILE *f = tmpfile();
    uint8_t *buf;
    long n;

    assert_non_null(f);
    libxl__stream_init(&s, fileno(f), "save file");
    assert_int_equal(libxl__stream_write_header(&s, 0), 0);
    assert_int_equal(
        libxl__stream_write_record(&s, XS_REC_DOMAIN_CONFIG, "{}", 3, NULL, 0),
        0);
    assert_int_equal(libxl__stream_write_record(&s, XS_REC_PV_INFO, &pi,
                                                sizeof(pi), NULL, 0),
                     0);
    assert_int_equal(libxl__stream_write_record(&s, XS_REC_CPUID_POLICY, leaves,
                                                sizeof(leaves), NULL, 0),
                     0);
    assert_int_equal(libxl__stream_write_record(&s, XS_REC_MSR_POLICY, msrs,
                                                sizeof(msrs), NULL, 0),
                     0);
    assert_int_equal(libxl__stream_write_record(&s, XS_REC_VCPU_MSRS, &h,
                                                sizeof(h), vm, sizeof(vm)),
                     0);
    assert_int_equal(libxl__stream_write_end(&s), 0);
    libxl__stream_dispose(&s);
    n = ftell(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_v3_records(void **state)
{
    size_t len;
    uint8_t *b = make_v3_stream(&len);
    struct libxl__stream s;
    struct xs_header h;
    const uint8_t *body;
    uint32_t type, l;
    struct xs_vcpu_msrs vh;
    const struct xen_domctl_vcpu_msr *m;
    char why[160];
    FILE *f = tmpfile();

    (void)state;
    assert_int_equal(fwrite(b, 1, len, f), len);
    rewind(f);
    libxl__stream_init(&s, fileno(f), "save file");
    assert_int_equal(libxl__stream_read_header(&s, &h), 0);
    assert_int_equal(h.version, 3);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_CPUID_POLICY);
    assert_string_equal(libxl__stream_rec_name(type), "CPUID_POLICY");
    assert_int_equal(libxl__sr_check_cpuid_policy(body, l, why, sizeof(why)),
                     3);
    assert_int_equal(((const xen_cpuid_leaf_t *)body)[2].d, 10);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_MSR_POLICY);
    assert_int_equal(libxl__sr_check_msr_policy(body, l, why, sizeof(why)), 2);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_VCPU_MSRS);
    assert_int_equal(
        libxl__sr_check_vcpu_msrs(body, l, &vh, &m, why, sizeof(why)), 2);
    assert_int_equal(vh.vcpu, 1);
    assert_int_equal(m[1].index, 0xc0000103);
    assert_int_equal(m[1].value, 5);
    assert_int_equal(libxl__stream_read_record(&s, &type, &body, &l), 0);
    assert_int_equal(type, XS_REC_END);
    libxl__stream_dispose(&s);
    fclose(f);
    free(b);
}

/* The same stream claiming version 1 (its END record's checksum made
 * right again): its first version 3 record is refused. */
static void test_v3_record_in_v1_stream(void **state)
{
    size_t len;
    uint8_t *b = make_v3_stream(&len);
    struct xs_header *h = (struct xs_header *)b;
    struct xs_rec_head *eh = (struct xs_rec_head *)(b + len - 32);
    struct xs_end *e = (struct xs_end *)(b + len - 16);
    char err[320];
    int n;

    (void)state;
    assert_int_equal(eh->type, XS_REC_END);
    assert_int_equal(read_all(b, len, err, sizeof(err), &n), 0);
    h->version = 1;
    e->crc = (uint32_t)crc32(0L, b, (uInt)(len - 32));
    eh->crc = (uint32_t)crc32(0L, (const Bytef *)e, sizeof(*e));
    assert_int_equal(read_all(b, len, err, sizeof(err), &n), -1);
    assert_non_null(strstr(err, "corrupted: bad record (type 0xf"));
    assert_int_equal(n, 2); /* DOMAIN_CONFIG, PV_INFO */
    h->version = 4;
    assert_int_equal(read_all(b, len, err, sizeof(err), &n), -1);
    assert_non_null(
        strstr(err, "format version 4; this xl reads versions 1-3"));
    free(b);
}

static void test_record_bodies_checked(void **state)
{
    xen_cpuid_leaf_t leaves[2] = { { 1, ~0u, 0, 0, 0, 0 },
                                   { 1, ~0u, 0, 0, 0, 0 } };
    xen_msr_entry_t msrs[2] = { { 0xce, 0, 0 }, { 0x10a, 0, 0 } };
    struct {
        struct xs_vcpu_msrs h;
        struct xen_domctl_vcpu_msr m[2];
    } vm = { { 0, 2 }, { { 0x48, 0, 1 }, { 0x140, 0, 0 } } };
    struct xs_vcpu_msrs vh;
    const struct xen_domctl_vcpu_msr *m;
    uint8_t *big;
    char why[160];

    (void)state;
    /* CPUID: whole leaves, at least one, none twice, not too many. */
    assert_int_equal(libxl__sr_check_cpuid_policy((const uint8_t *)leaves, 24,
                                                  why, sizeof(why)),
                     1);
    assert_int_equal(libxl__sr_check_cpuid_policy((const uint8_t *)leaves, 47,
                                                  why, sizeof(why)),
                     -1);
    assert_string_equal(why, "47 bytes, not whole 24-byte leaves");
    assert_int_equal(libxl__sr_check_cpuid_policy((const uint8_t *)leaves, 0,
                                                  why, sizeof(why)),
                     -1);
    assert_int_equal(libxl__sr_check_cpuid_policy((const uint8_t *)leaves,
                                                  sizeof(leaves), why,
                                                  sizeof(why)),
                     -1);
    assert_string_equal(why, "leaf 0x1 subleaf 0xffffffff twice");
    big = calloc(XS_POLICY_MAX_LEAVES + 1, 24);
    assert_non_null(big);
    assert_int_equal(
        libxl__sr_check_cpuid_policy(big, (XS_POLICY_MAX_LEAVES + 1) * 24, why,
                                     sizeof(why)),
        -1);
    free(big);
    /* MSR policy: flags 0, none twice; none at all is fine. */
    assert_int_equal(libxl__sr_check_msr_policy((const uint8_t *)msrs,
                                                sizeof(msrs), why, sizeof(why)),
                     2);
    assert_int_equal(
        libxl__sr_check_msr_policy((const uint8_t *)msrs, 0, why, sizeof(why)),
        0);
    msrs[1].flags = 1;
    assert_int_equal(libxl__sr_check_msr_policy((const uint8_t *)msrs,
                                                sizeof(msrs), why, sizeof(why)),
                     -1);
    assert_string_equal(why, "MSR 0x10a has flags 0x1");
    msrs[1] = msrs[0];
    assert_int_equal(libxl__sr_check_msr_policy((const uint8_t *)msrs,
                                                sizeof(msrs), why, sizeof(why)),
                     -1);
    assert_string_equal(why, "MSR 0xce twice");
    /* vCPU MSRs: the count matches the length, reserved 0, none twice. */
    assert_int_equal(libxl__sr_check_vcpu_msrs((const uint8_t *)&vm, sizeof(vm),
                                               &vh, &m, why, sizeof(why)),
                     2);
    assert_int_equal(libxl__sr_check_vcpu_msrs((const uint8_t *)&vm,
                                               sizeof(vm) - 8, &vh, &m, why,
                                               sizeof(why)),
                     -1);
    assert_string_equal(why, "32 bytes for 2 MSRs");
    assert_int_equal(libxl__sr_check_vcpu_msrs((const uint8_t *)&vm, 4, &vh, &m,
                                               why, sizeof(why)),
                     -1);
    vm.m[1].reserved = 1;
    assert_int_equal(libxl__sr_check_vcpu_msrs((const uint8_t *)&vm, sizeof(vm),
                                               &vh, &m, why, sizeof(why)),
                     -1);
    assert_string_equal(why, "MSR 0x140 has its reserved field set");
    vm.m[1].reserved = 0;
    vm.m[1].index = 0x48;
    assert_int_equal(libxl__sr_check_vcpu_msrs((const uint8_t *)&vm, sizeof(vm),
                                               &vh, &m, why, sizeof(why)),
                     -1);
    assert_string_equal(why, "MSR 0x48 twice");
    vm.h.count = XS_VCPU_MSRS_MAX + 1;
    assert_int_equal(libxl__sr_check_vcpu_msrs((const uint8_t *)&vm, sizeof(vm),
                                               &vh, &m, why, sizeof(why)),
                     -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v3_records),
        cmocka_unit_test(test_v3_record_in_v1_stream),
        cmocka_unit_test(test_record_bodies_checked),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_every_bit_flip_refused),
        cmocka_unit_test(test_foreign),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_config_json_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
