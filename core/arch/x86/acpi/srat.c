/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SRAT (ACPI 6.4, 5.2.16; entries from offset 48), SLIT (5.2.17; the
 * locality count at offset 36, the byte matrix from 44) and MCFG (PCI Firmware
 * Specification 3.2, 4.1.2; 16-byte entries from offset 44) parsing from
 * byte buffers (pure logic, host-tested by tests/unit/test_acpi.c).
 */
#include <xenith/acpi.h>
#include <xenith/errno.h>
#include <xenith/lib.h>

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

int acpi_srat_parse(const void *buf, size_t len,
                    void (*cpu_fn)(uint32_t apic_id, uint32_t pxm, void *ctx),
                    void (*mem_fn)(uint64_t base, uint64_t len, uint32_t pxm,
                                   void *ctx),
                    void *ctx)
{
    const uint8_t *t = buf;
    size_t off = 48, end;

    if (acpi_table_check(buf, len, "SRAT"))
        return -EINVAL;
    end = ((const struct acpi_header *)buf)->length;
    if (end < 48)
        return -EINVAL;
    while (off + 2 <= end) {
        const uint8_t *e = t + off;

        if (e[1] < 2 || off + e[1] > end)
            return -EINVAL;
        switch (e[0]) {
        case 0: /* processor local APIC affinity */
            if (e[1] < 16)
                return -EINVAL;
            if (rd32(e + 4) & 1)
                cpu_fn(e[3],
                       e[2] | ((uint32_t)e[9] << 8) | ((uint32_t)e[10] << 16) |
                           ((uint32_t)e[11] << 24),
                       ctx);
            break;
        case 1: /* memory affinity */
            if (e[1] < 40)
                return -EINVAL;
            if ((rd32(e + 28) & 1) && rd64(e + 16))
                mem_fn(rd64(e + 8), rd64(e + 16), rd32(e + 2), ctx);
            break;
        case 2: /* processor local x2APIC affinity */
            if (e[1] < 24)
                return -EINVAL;
            if (rd32(e + 12) & 1)
                cpu_fn(rd32(e + 8), rd32(e + 4), ctx);
            break;
        }
        off += e[1];
    }
    return 0;
}

int acpi_mcfg_parse(const void *buf, size_t len,
                    void (*fn)(uint64_t base, uint16_t seg, uint8_t bus0,
                               uint8_t bus1, void *ctx),
                    void *ctx)
{
    const uint8_t *t = buf;
    size_t end;

    if (acpi_table_check(buf, len, "MCFG"))
        return -EINVAL;
    end = ((const struct acpi_header *)buf)->length;
    if (end < 44 || (end - 44) % 16)
        return -EINVAL;
    for (size_t off = 44; off + 16 <= end; off += 16) {
        const uint8_t *e = t + off;

        if (e[11] < e[10])
            return -EINVAL;
        fn(rd64(e), (uint16_t)(e[8] | (e[9] << 8)), e[10], e[11], ctx);
    }
    return 0;
}

int acpi_slit_parse(const void *buf, size_t len, uint8_t *dist,
                    unsigned int max, unsigned int *n)
{
    const uint8_t *t = buf;
    uint64_t count;
    size_t end;

    if (acpi_table_check(buf, len, "SLIT"))
        return -EINVAL;
    end = ((const struct acpi_header *)buf)->length;
    if (end < 44)
        return -EINVAL;
    count = rd64(t + 36);
    if (!count || count > 0xffff || 44 + count * count > end)
        return -EINVAL;
    for (uint64_t i = 0; i < count; i++)
        for (uint64_t j = 0; j < count; j++) {
            uint8_t v = t[44 + i * count + j];

            if (i == j ? v != 10 : v <= 10)
                return -EINVAL;
        }
    *n = count < max ? (unsigned int)count : max;
    for (unsigned int i = 0; i < *n; i++)
        for (unsigned int j = 0; j < *n; j++)
            dist[i * max + j] = t[44 + i * count + j];
    return 0;
}
