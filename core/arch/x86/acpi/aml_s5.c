/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal AML reading: find "Name(_S5, Package(){a, b, ...})" in a DSDT
 * body and return the first two integers (SLP_TYPa, SLP_TYPb).  Only the
 * encodings firmware uses for small integers are accepted (ACPI 6.4,
 * 20.2.3 data objects): ZeroOp, OneOp, BytePrefix, WordPrefix, DWordPrefix.
 */
#include <xenith/acpi.h>
#include <xenith/errno.h>
#include <xenith/lib.h>

#define AML_NAME_OP      0x08
#define AML_PACKAGE_OP   0x12
#define AML_ZERO_OP      0x00
#define AML_ONE_OP       0x01
#define AML_BYTE_PREFIX  0x0a
#define AML_WORD_PREFIX  0x0b
#define AML_DWORD_PREFIX 0x0c

/* Read one small integer at *p (bounded by end); false if not one. */
static bool read_int(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
    const uint8_t *q = *p;
    unsigned int n;

    if (q >= end)
        return false;
    switch (*q) {
    case AML_ZERO_OP:
        *v = 0;
        *p = q + 1;
        return true;
    case AML_ONE_OP:
        *v = 1;
        *p = q + 1;
        return true;
    case AML_BYTE_PREFIX:
        n = 1;
        break;
    case AML_WORD_PREFIX:
        n = 2;
        break;
    case AML_DWORD_PREFIX:
        n = 4;
        break;
    default:
        return false;
    }
    if (q + 1 + n > end)
        return false;
    *v = 0;
    for (unsigned int i = 0; i < n; i++)
        *v |= (uint32_t)q[1 + i] << (8 * i);
    *p = q + 1 + n;
    return true;
}

/* Parse "PackageOp PkgLength NumElements elements..." at p. */
static int parse_package(const uint8_t *p, const uint8_t *end, uint8_t *typa,
                         uint8_t *typb)
{
    unsigned int extra;
    uint32_t a, b;
    uint8_t count;

    if (p >= end || *p++ != AML_PACKAGE_OP || p >= end)
        return -ENOENT;
    extra = *p >> 6; /* PkgLength: bytes that follow the lead byte */
    p += 1 + extra;
    if (p >= end)
        return -ENOENT;
    count = *p++;
    if (count < 1 || !read_int(&p, end, &a))
        return -ENOENT;
    if (count < 2 || !read_int(&p, end, &b))
        b = a;
    *typa = (uint8_t)(a & 7);
    *typb = (uint8_t)(b & 7);
    return 0;
}

int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb)
{
    const uint8_t *end = aml + len;

    for (size_t i = 1; i + 4 <= len; i++) {
        bool named;

        if (memcmp(aml + i, "_S5_", 4))
            continue;
        /* NameOp directly before, or NameOp then the root prefix '\'. */
        named = aml[i - 1] == AML_NAME_OP ||
                (i >= 2 && aml[i - 1] == '\\' && aml[i - 2] == AML_NAME_OP);
        if (named && !parse_package(aml + i + 4, end, typa, typb))
            return 0;
    }
    return -ENOENT;
}
