/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the ACPI parsers (arch/x86/acpi/tables.c, aml_s5.c) on
 * tables built in memory: checksums, RSDP revisions, RSDT/XSDT entries,
 * MADT (xAPIC, x2APIC, disabled CPUs, I/O APICs, overrides, malformed
 * entries), FADT (old and new layouts, reset register), HPET, and the
 * DSDT \_S5 package in its AML encodings.
 */
#include "test_core_shim.h"
#include <xenith/acpi.h>
#include <xenith/errno.h>

static uint8_t buf[1024];

/* Unaligned little-endian stores into table images. */
static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

/* Fill in a table header of the given length and fix its checksum. */
static void finish_table(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    struct acpi_header *h = (struct acpi_header *)t;

    memcpy(h->signature, sig, 4);
    h->length = len;
    h->revision = rev;
    memcpy(h->oem_id, "XENITH", 6);
    h->checksum = 0;
    h->checksum = (uint8_t)(0x100 - acpi_checksum(t, len));
}

static void test_checksum_and_rsdp(void **state)
{
    struct acpi_rsdp r;

    memset(&r, 0, sizeof(r));
    memcpy(r.signature, "RSD PTR ", 8);
    r.revision = 0;
    r.rsdt_address = 0x1234;
    r.checksum = (uint8_t)(0x100 - acpi_checksum(&r, 20));
    assert_int_equal(acpi_rsdp_check(&r, 20), 0);
    assert_int_equal(acpi_rsdp_check(&r, 19), -EINVAL);
    r.oem_id[0] ^= 1;
    assert_int_equal(acpi_rsdp_check(&r, 20), -EINVAL);
    r.oem_id[0] ^= 1;
    /* Revision 2 needs the extended checksum too. */
    r.revision = 2;
    r.length = 36;
    r.xsdt_address = 0x5678;
    r.checksum = 0;
    r.checksum = (uint8_t)(0x100 - acpi_checksum(&r, 20));
    r.ext_checksum = 0;
    assert_int_equal(acpi_rsdp_check(&r, 36), -EINVAL);
    r.ext_checksum = (uint8_t)(0x100 - acpi_checksum(&r, 36));
    assert_int_equal(acpi_rsdp_check(&r, 36), 0);
    assert_int_equal(acpi_rsdp_check(&r, 30), -EINVAL);
}

static void test_table_check_and_sdt(void **state)
{
    uint8_t *t = buf;
    uint64_t pa;

    memset(buf, 0, sizeof(buf));
    /* An XSDT with two entries. */
    put64(t + 36, 0x1000);
    put64(t + 44, 0x100000000ULL);
    finish_table(t, "XSDT", 52, 1);
    assert_int_equal(acpi_table_check(t, sizeof(buf), "XSDT"), 0);
    assert_int_equal(acpi_table_check(t, sizeof(buf), "RSDT"), -EINVAL);
    assert_int_equal(acpi_table_check(t, 51, NULL), -EINVAL);
    assert_true(acpi_sdt_entry((struct acpi_header *)t, true, 0, &pa));
    assert_int_equal(pa, 0x1000);
    assert_true(acpi_sdt_entry((struct acpi_header *)t, true, 1, &pa));
    assert_int_equal(pa, 0x100000000ULL);
    assert_false(acpi_sdt_entry((struct acpi_header *)t, true, 2, &pa));
    /* Read as an RSDT, the same body holds four 32-bit entries. */
    assert_true(acpi_sdt_entry((struct acpi_header *)t, false, 3, &pa));
    assert_false(acpi_sdt_entry((struct acpi_header *)t, false, 4, &pa));
    t[40] ^= 0xff; /* corrupt */
    assert_int_equal(acpi_table_check(t, sizeof(buf), NULL), -EINVAL);
    /* A length smaller than the header is rejected. */
    finish_table(t, "XSDT", 20, 1);
    assert_int_equal(acpi_table_check(t, sizeof(buf), NULL), -EINVAL);
}

static uint32_t ids[16];
static unsigned int nids;

static void collect(uint32_t id, void *ctx)
{
    if (nids < 16)
        ids[nids++] = id;
}

static size_t madt_add(uint8_t *t, size_t off, const uint8_t *e, size_t len)
{
    memcpy(t + off, e, len);
    return off + len;
}

static size_t build_madt(uint8_t *t)
{
    static const uint8_t cpu0[] = { 0, 8, 0, 0, 1, 0, 0, 0 };
    static const uint8_t cpu1[] = { 0, 8, 1, 2, 1, 0, 0, 0 };
    static const uint8_t cpu_off[] = { 0, 8, 2, 3, 0, 0, 0, 0 };
    static const uint8_t ioapic[] = {
        1, 12, 7, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0
    };
    static const uint8_t iso[] = { 2, 10, 0, 0, 2, 0, 0, 0, 0, 0 };
    static const uint8_t x2[] = { 9, 16, 0, 0, 0x00, 0x01, 0, 0,
                                  1, 0,  0, 0, 5,    0,    0, 0 };
    static const uint8_t other[] = { 4, 6, 0xff, 0, 0, 1 };
    size_t off = 44;

    memset(buf, 0, sizeof(buf));
    put32(t + 36, 0xfee00000);
    put32(t + 40, 1);
    off = madt_add(t, off, cpu0, sizeof(cpu0));
    off = madt_add(t, off, cpu1, sizeof(cpu1));
    off = madt_add(t, off, cpu_off, sizeof(cpu_off));
    off = madt_add(t, off, ioapic, sizeof(ioapic));
    off = madt_add(t, off, iso, sizeof(iso));
    off = madt_add(t, off, x2, sizeof(x2));
    off = madt_add(t, off, other, sizeof(other));
    finish_table(t, "APIC", (uint32_t)off, 3);
    return off;
}

static void test_madt(void **state)
{
    struct madt_info mi;
    size_t len = build_madt(buf);

    nids = 0;
    assert_int_equal(acpi_madt_parse(buf, len, &mi, collect, NULL), 0);
    assert_int_equal(mi.lapic_address, 0xfee00000);
    assert_true(mi.pcat_compat);
    assert_int_equal(mi.nr_cpus, 3);
    assert_int_equal(mi.nr_disabled, 1);
    assert_int_equal(nids, 3);
    assert_int_equal(ids[0], 0);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 0x100);
    assert_int_equal(mi.nr_ioapics, 1);
    assert_int_equal(mi.ioapic[0].id, 7);
    assert_int_equal(mi.ioapic[0].address, 0xfec00000);
    assert_int_equal(mi.nr_overrides, 1);
    assert_int_equal(mi.override[0].gsi, 2);
}

static void test_madt_malformed(void **state)
{
    struct madt_info mi;
    size_t len = build_madt(buf);

    /* An entry whose length runs past the table. */
    buf[44 + 1] = 200;
    finish_table(buf, "APIC", (uint32_t)len, 3);
    assert_int_equal(acpi_madt_parse(buf, len, &mi, collect, NULL), -EINVAL);
    /* A zero-length entry (would loop forever if accepted). */
    build_madt(buf);
    buf[44 + 1] = 0;
    finish_table(buf, "APIC", (uint32_t)len, 3);
    assert_int_equal(acpi_madt_parse(buf, len, &mi, collect, NULL), -EINVAL);
    /* A local APIC entry too short for its type. */
    build_madt(buf);
    buf[44 + 1] = 4;
    finish_table(buf, "APIC", (uint32_t)len, 3);
    assert_int_equal(acpi_madt_parse(buf, len, &mi, collect, NULL), -EINVAL);
    /* Bad checksum. */
    build_madt(buf);
    buf[50] ^= 1;
    assert_int_equal(acpi_madt_parse(buf, len, &mi, collect, NULL), -EINVAL);
}

static void test_fadt(void **state)
{
    struct fadt_info fi;
    uint8_t *t = buf;

    memset(buf, 0, sizeof(buf));
    put32(t + 40, 0x7000);    /* DSDT */
    put32(t + 48, 0xb2);      /* SMI_CMD */
    t[52] = 0xf1;             /* ACPI_ENABLE */
    put32(t + 64, 0x604);     /* PM1a_CNT_BLK */
    put32(t + 112, 1u << 10); /* RESET_REG_SUP */
    t[116] = ACPI_GAS_IO;
    t[117] = 8;
    put64(t + 120, 0xcf9);
    t[128] = 6;
    put64(t + 140, 0x100007000ULL); /* X_DSDT wins */
    finish_table(t, "FACP", 244, 3);
    assert_int_equal(acpi_fadt_parse(t, 244, &fi), 0);
    assert_int_equal(fi.dsdt, 0x100007000ULL);
    assert_int_equal(fi.pm1a_cnt, 0x604);
    assert_int_equal(fi.smi_cmd, 0xb2);
    assert_int_equal(fi.acpi_enable, 0xf1);
    assert_true(fi.reset_supported);
    assert_int_equal(fi.reset_reg.address, 0xcf9);
    assert_int_equal(fi.reset_value, 6);
    assert_false(fi.hw_reduced);

    /* An ACPI 1.0 FADT (116 bytes): no reset register, 32-bit DSDT. */
    memset(buf, 0, sizeof(buf));
    put32(t + 40, 0x7000);
    put32(t + 64, 0x404);
    finish_table(t, "FACP", 116, 1);
    assert_int_equal(acpi_fadt_parse(t, 116, &fi), 0);
    assert_int_equal(fi.dsdt, 0x7000);
    assert_int_equal(fi.pm1a_cnt, 0x404);
    assert_false(fi.reset_supported);
    /* Too short to hold PM1a_CNT_BLK. */
    finish_table(t, "FACP", 60, 1);
    assert_int_equal(acpi_fadt_parse(t, 60, &fi), -EINVAL);
}

static void test_hpet(void **state)
{
    uint64_t base;

    memset(buf, 0, sizeof(buf));
    buf[40] = ACPI_GAS_MEMORY;
    put64(buf + 44, 0xfed00000);
    finish_table(buf, "HPET", 56, 1);
    assert_int_equal(acpi_hpet_parse(buf, 56, &base), 0);
    assert_int_equal(base, 0xfed00000);
    buf[40] = ACPI_GAS_IO;
    finish_table(buf, "HPET", 56, 1);
    assert_int_equal(acpi_hpet_parse(buf, 56, &base), -EINVAL);
}

static void test_s5(void **state)
{
    /* Name(_S5, Package(4){Zero, Zero, Zero, Zero}) as QEMU emits it. */
    static const uint8_t qemu[] = { 0x10, 0x08, '_',  'S',  '5',  '_', 0x12,
                                    0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };
    /* Name(\_S5, Package(){0x07, 0x05}) with byte prefixes. */
    static const uint8_t rooted[] = { 0x08, '\\', '_',  'S',  '5',  '_', 0x12,
                                      0x07, 0x02, 0x0a, 0x07, 0x0a, 0x05 };
    /* "_S5_" inside a method name reference, not a Name: ignored; then a
     * real one with a two-byte PkgLength and One/word encodings. */
    static const uint8_t tricky[] = { 0x70, '_',  'S',  '5',  '_',  0x60, 0x08,
                                      '_',  'S',  '5',  '_',  0x12, 0x45, 0x00,
                                      0x02, 0x01, 0x0b, 0x03, 0x00 };
    /* Truncated package. */
    static const uint8_t cut[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06 };
    uint8_t a = 9, b = 9;

    assert_int_equal(acpi_find_s5(qemu, sizeof(qemu), &a, &b), 0);
    assert_int_equal(a, 0);
    assert_int_equal(b, 0);
    assert_int_equal(acpi_find_s5(rooted, sizeof(rooted), &a, &b), 0);
    assert_int_equal(a, 7);
    assert_int_equal(b, 5);
    assert_int_equal(acpi_find_s5(tricky, sizeof(tricky), &a, &b), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 3);
    assert_int_equal(acpi_find_s5(cut, sizeof(cut), &a, &b), -ENOENT);
    assert_int_equal(acpi_find_s5(qemu, 5, &a, &b), -ENOENT);
}

static uint32_t srat_cpus[8][2];
static uint64_t srat_mems[8][3];
static unsigned int nsc, nsm;

static void srat_cpu(uint32_t apic, uint32_t pxm, void *ctx)
{
    if (nsc < 8) {
        srat_cpus[nsc][0] = apic;
        srat_cpus[nsc][1] = pxm;
    }
    nsc++;
}

static void srat_mem(uint64_t base, uint64_t len, uint32_t pxm, void *ctx)
{
    if (nsm < 8) {
        srat_mems[nsm][0] = base;
        srat_mems[nsm][1] = len;
        srat_mems[nsm][2] = pxm;
    }
    nsm++;
}

static size_t build_srat(uint8_t *t)
{
    size_t off = 48;
    uint8_t cpu0[16] = { 0, 16, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 };
    uint8_t cpu1[16] = { 0, 16, 1, 4, 1, 0, 0, 0, 0, 0x01, 0, 0 };
    uint8_t cpu_off[16] = { 0, 16, 2, 5, 0, 0, 0, 0 };
    uint8_t x2[24] = { 2, 24, 0, 0 };
    uint8_t mem[40] = { 1, 40 };

    memset(buf, 0, sizeof(buf));
    put32(x2 + 4, 7);      /* pxm */
    put32(x2 + 8, 0x1234); /* x2APIC id */
    put32(x2 + 12, 1);     /* enabled */
    put32(mem + 2, 1);
    put64(mem + 8, 0x100000000ULL);
    put64(mem + 16, 0x40000000ULL);
    put32(mem + 28, 1);
    memcpy(t + off, cpu0, 16);
    off += 16;
    memcpy(t + off, cpu1, 16);
    off += 16;
    memcpy(t + off, cpu_off, 16);
    off += 16;
    memcpy(t + off, x2, 24);
    off += 24;
    memcpy(t + off, mem, 40);
    off += 40;
    finish_table(t, "SRAT", (uint32_t)off, 3);
    return off;
}

static void test_srat(void **state)
{
    size_t len = build_srat(buf);

    nsc = nsm = 0;
    assert_int_equal(acpi_srat_parse(buf, len, srat_cpu, srat_mem, NULL), 0);
    assert_int_equal(nsc, 3);
    assert_int_equal(srat_cpus[0][0], 0);
    assert_int_equal(srat_cpus[0][1], 0);
    assert_int_equal(srat_cpus[1][0], 4);
    assert_int_equal(srat_cpus[1][1], 0x101); /* high pxm byte at 9 */
    assert_int_equal(srat_cpus[2][0], 0x1234);
    assert_int_equal(srat_cpus[2][1], 7);
    assert_int_equal(nsm, 1);
    assert_int_equal(srat_mems[0][0], 0x100000000ULL);
    assert_int_equal(srat_mems[0][2], 1);
    /* A memory entry cut short is rejected. */
    buf[48 + 16 * 3 + 24 + 1] = 30;
    finish_table(buf, "SRAT", (uint32_t)len, 3);
    assert_int_equal(acpi_srat_parse(buf, len, srat_cpu, srat_mem, NULL),
                     -EINVAL);
}

/* A SLIT of three localities (QEMU's layout: count at 36, matrix at 44). */
static size_t build_slit(uint8_t *t, const uint8_t *m, unsigned int n)
{
    memset(t, 0, 44 + n * n);
    put64(t + 36, n);
    memcpy(t + 44, m, n * n);
    finish_table(t, "SLIT", 44 + n * n, 1);
    return 44 + n * n;
}

static void test_slit(void **state)
{
    static const uint8_t m[9] = { 10, 15, 30, 15, 10, 20, 30, 20, 10 };
    uint8_t dist[4 * 4] = { 0 }, big[2 * 2];
    unsigned int n = 0;
    size_t len = build_slit(buf, m, 3);

    assert_int_equal(acpi_slit_parse(buf, len, dist, 4, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(dist[0 * 4 + 1], 15);
    assert_int_equal(dist[1 * 4 + 2], 20);
    assert_int_equal(dist[2 * 4 + 0], 30);
    assert_int_equal(dist[2 * 4 + 2], 10);
    /* More localities than room: the first rows and columns. */
    assert_int_equal(acpi_slit_parse(buf, len, big, 2, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(big[1], 15);
    assert_int_equal(big[2], 15);
    /* A matrix cut short, a diagonal not 10, an entry not above 10. */
    assert_int_equal(acpi_slit_parse(buf, len - 1, dist, 4, &n), -EINVAL);
    buf[44 + 4] = 11;
    finish_table(buf, "SLIT", (uint32_t)len, 1);
    assert_int_equal(acpi_slit_parse(buf, len, dist, 4, &n), -EINVAL);
    buf[44 + 4] = 10;
    buf[44 + 1] = 10;
    finish_table(buf, "SLIT", (uint32_t)len, 1);
    assert_int_equal(acpi_slit_parse(buf, len, dist, 4, &n), -EINVAL);
}

static uint64_t mcfg_seen[4][4];
static unsigned int nmcfg;

static void mcfg_fn(uint64_t base, uint16_t seg, uint8_t b0, uint8_t b1,
                    void *ctx)
{
    if (nmcfg < 4) {
        mcfg_seen[nmcfg][0] = base;
        mcfg_seen[nmcfg][1] = seg;
        mcfg_seen[nmcfg][2] = b0;
        mcfg_seen[nmcfg][3] = b1;
    }
    nmcfg++;
}

static void test_mcfg(void **state)
{
    uint8_t *e = buf + 44;

    memset(buf, 0, sizeof(buf));
    put64(e, 0xb0000000);
    e[10] = 0;
    e[11] = 0xff;
    put64(e + 16, 0x4000000000ULL);
    e[16 + 8] = 1; /* segment 1 */
    e[16 + 10] = 0x10;
    e[16 + 11] = 0x1f;
    finish_table(buf, "MCFG", 44 + 32, 1);
    nmcfg = 0;
    assert_int_equal(acpi_mcfg_parse(buf, 76, mcfg_fn, NULL), 0);
    assert_int_equal(nmcfg, 2);
    assert_int_equal(mcfg_seen[0][0], 0xb0000000);
    assert_int_equal(mcfg_seen[0][3], 0xff);
    assert_int_equal(mcfg_seen[1][0], 0x4000000000ULL);
    assert_int_equal(mcfg_seen[1][1], 1);
    assert_int_equal(mcfg_seen[1][2], 0x10);
    /* Last bus below the first, and a length that is not whole entries. */
    e[16 + 11] = 0x0f;
    finish_table(buf, "MCFG", 76, 1);
    assert_int_equal(acpi_mcfg_parse(buf, 76, mcfg_fn, NULL), -EINVAL);
    finish_table(buf, "MCFG", 70, 1);
    assert_int_equal(acpi_mcfg_parse(buf, 76, mcfg_fn, NULL), -EINVAL);
}

static uint64_t iommu_base[4];
static unsigned int niommu;
static bool iommu_all[4];

static void iommu_fn(uint64_t base, uint16_t seg, bool all, void *ctx)
{
    if (niommu < 4) {
        iommu_base[niommu] = base;
        iommu_all[niommu] = all;
    }
    niommu++;
}

static void test_dmar_ivrs(void **state)
{
    uint8_t *e = buf + 48;
    bool ir = false;

    /* DMAR: one DRHD (INCLUDE_PCI_ALL), one RMRR that is skipped. */
    memset(buf, 0, sizeof(buf));
    buf[36] = 38; /* host address width - 1 */
    buf[37] = 1;  /* interrupt remapping */
    e[0] = 0;     /* DRHD */
    e[2] = 16;    /* length */
    e[4] = 1;     /* INCLUDE_PCI_ALL */
    put64(e + 8, 0xfed90000);
    e[16] = 1; /* RMRR */
    e[18] = 24;
    finish_table(buf, "DMAR", 48 + 16 + 24, 1);
    niommu = 0;
    assert_int_equal(acpi_dmar_parse(buf, 88, &ir, iommu_fn, NULL), 0);
    assert_true(ir);
    assert_int_equal(niommu, 1);
    assert_int_equal(iommu_base[0], 0xfed90000);
    assert_true(iommu_all[0]);
    e[2] = 8; /* DRHD too short */
    finish_table(buf, "DMAR", 88, 1);
    assert_int_equal(acpi_dmar_parse(buf, 88, &ir, iommu_fn, NULL), -EINVAL);

    /* IVRS: one IVHD type 0x10. */
    memset(buf, 0, sizeof(buf));
    e[0] = 0x10;
    e[2] = 24;
    put64(e + 8, 0xfed80000);
    finish_table(buf, "IVRS", 48 + 24, 2);
    niommu = 0;
    assert_int_equal(acpi_ivrs_parse(buf, 72, iommu_fn, NULL), 0);
    assert_int_equal(niommu, 1);
    assert_int_equal(iommu_base[0], 0xfed80000);
    e[2] = 200; /* runs past the table */
    finish_table(buf, "IVRS", 72, 2);
    assert_int_equal(acpi_ivrs_parse(buf, 72, iommu_fn, NULL), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checksum_and_rsdp),
        cmocka_unit_test(test_table_check_and_sdt),
        cmocka_unit_test(test_madt),
        cmocka_unit_test(test_madt_malformed),
        cmocka_unit_test(test_fadt),
        cmocka_unit_test(test_hpet),
        cmocka_unit_test(test_s5),
        cmocka_unit_test(test_srat),
        cmocka_unit_test(test_slit),
        cmocka_unit_test(test_mcfg),
        cmocka_unit_test(test_dmar_ivrs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
