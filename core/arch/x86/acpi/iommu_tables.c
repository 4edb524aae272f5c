/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMAR (Intel VT-d) and IVRS (AMD-Vi) parsing from byte buffers (pure
 * logic, host-tested by tests/unit/test_acpi.c).  Both carry remapping
 * structures after a 48-byte table header.
 */
#include <xenith/acpi.h>
#include <xenith/errno.h>
#include <xenith/lib.h>

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

int acpi_dmar_parse(const void *buf, size_t len, bool *intr_remap,
                    iommu_unit_fn fn, void *ctx)
{
    const uint8_t *t = buf;
    size_t off = 48, end;

    if (acpi_table_check(buf, len, "DMAR"))
        return -EINVAL;
    end = ((const struct acpi_header *)buf)->length;
    if (end < 48)
        return -EINVAL;
    *intr_remap = t[37] & 1;
    while (off + 4 <= end) {
        const uint8_t *e = t + off;
        uint16_t type = rd16(e), elen = rd16(e + 2);

        if (elen < 4 || off + elen > end)
            return -EINVAL;
        if (type == 0) { /* DRHD */
            if (elen < 16)
                return -EINVAL;
            fn(rd64(e + 8), rd16(e + 6), e[4] & 1, ctx);
        }
        off += elen;
    }
    return 0;
}

int acpi_ivrs_parse(const void *buf, size_t len, iommu_unit_fn fn, void *ctx)
{
    const uint8_t *t = buf;
    size_t off = 48, end;

    if (acpi_table_check(buf, len, "IVRS"))
        return -EINVAL;
    end = ((const struct acpi_header *)buf)->length;
    if (end < 48)
        return -EINVAL;
    while (off + 4 <= end) {
        const uint8_t *e = t + off;
        uint16_t elen = rd16(e + 2);

        if (elen < 4 || off + elen > end)
            return -EINVAL;
        /* IVHD types 0x10, 0x11, 0x40: base at 8, segment at 16. */
        if (e[0] == 0x10 || e[0] == 0x11 || e[0] == 0x40) {
            if (elen < 24)
                return -EINVAL;
            fn(rd64(e + 8), rd16(e + 16), false, ctx);
        }
        off += elen;
    }
    return 0;
}
