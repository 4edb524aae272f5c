/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI table validation and parsing from byte buffers (pure logic).
 * Offsets follow the ACPI 6.4 specification, section 5.2.
 */
#include <xenith/acpi.h>
#include <xenith/errno.h>
#include <xenith/lib.h>

uint8_t acpi_checksum(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint8_t sum = 0;

    while (len--)
        sum += *p++;
    return sum;
}

int acpi_rsdp_check(const void *buf, size_t len)
{
    const struct acpi_rsdp *r = buf;

    if (len < 20 || memcmp(r->signature, "RSD PTR ", 8) || acpi_checksum(r, 20))
        return -EINVAL;
    if (r->revision >= 2) {
        if (len < 36 || r->length < 36 || r->length > len ||
            acpi_checksum(r, r->length))
            return -EINVAL;
    }
    return 0;
}

int acpi_table_check(const void *buf, size_t len, const char *sig)
{
    const struct acpi_header *h = buf;

    if (len < sizeof(*h) || h->length < sizeof(*h) || h->length > len)
        return -EINVAL;
    if (sig && memcmp(h->signature, sig, 4))
        return -EINVAL;
    return acpi_checksum(h, h->length) ? -EINVAL : 0;
}

bool acpi_sdt_entry(const struct acpi_header *sdt, bool xsdt, unsigned int i,
                    uint64_t *pa)
{
    size_t esize = xsdt ? 8 : 4;
    size_t off = sizeof(*sdt) + (size_t)i * esize;
    const uint8_t *p = (const uint8_t *)sdt + off;

    if (off + esize > sdt->length)
        return false;
    if (xsdt) {
        uint64_t v;

        memcpy(&v, p, 8);
        *pa = v;
    } else {
        uint32_t v;

        memcpy(&v, p, 4);
        *pa = v;
    }
    return true;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* Handle one MADT entry; returns false if it is malformed. */
static bool madt_entry(const uint8_t *e, struct madt_info *mi,
                       void (*cpu_fn)(uint32_t, void *), void *ctx)
{
    uint32_t flags;

    switch (e[0]) {
    case 0: /* processor local APIC */
        if (e[1] < 8)
            return false;
        flags = get32(e + 4);
        if (flags & 3) {
            mi->nr_cpus++;
            cpu_fn(e[3], ctx);
        } else {
            mi->nr_disabled++;
        }
        return true;
    case 1: /* I/O APIC */
        if (e[1] < 12)
            return false;
        if (mi->nr_ioapics < MADT_MAX_IOAPICS) {
            mi->ioapic[mi->nr_ioapics].id = e[2];
            mi->ioapic[mi->nr_ioapics].address = get32(e + 4);
            mi->ioapic[mi->nr_ioapics].gsi_base = get32(e + 8);
            mi->nr_ioapics++;
        }
        return true;
    case 2: /* interrupt source override */
        if (e[1] < 10)
            return false;
        if (mi->nr_overrides < MADT_MAX_OVERRIDES) {
            mi->override[mi->nr_overrides].source = e[3];
            mi->override[mi->nr_overrides].gsi = get32(e + 4);
            mi->override[mi->nr_overrides].flags = get16(e + 8);
            mi->nr_overrides++;
        }
        return true;
    case 9: /* processor local x2APIC */
        if (e[1] < 16)
            return false;
        flags = get32(e + 8);
        if (flags & 3) {
            mi->nr_cpus++;
            cpu_fn(get32(e + 4), ctx);
        } else {
            mi->nr_disabled++;
        }
        return true;
    default:
        return e[1] >= 2;
    }
}

int acpi_madt_parse(const void *buf, size_t len, struct madt_info *mi,
                    void (*cpu_fn)(uint32_t apic_id, void *ctx), void *ctx)
{
    const uint8_t *t = buf;
    size_t off = 44, end;

    memset(mi, 0, sizeof(*mi));
    if (acpi_table_check(buf, len, "APIC") ||
        ((const struct acpi_header *)buf)->length < 44)
        return -EINVAL;
    end = ((const struct acpi_header *)buf)->length;
    mi->lapic_address = get32(t + 36);
    mi->pcat_compat = get32(t + 40) & 1;
    while (off + 2 <= end) {
        const uint8_t *e = t + off;

        if (e[1] < 2 || off + e[1] > end || !madt_entry(e, mi, cpu_fn, ctx))
            return -EINVAL;
        off += e[1];
    }
    return 0;
}

int acpi_fadt_parse(const void *buf, size_t len, struct fadt_info *fi)
{
    const uint8_t *t = buf;
    uint32_t tlen, flags = 0;

    memset(fi, 0, sizeof(*fi));
    if (acpi_table_check(buf, len, "FACP"))
        return -EINVAL;
    tlen = ((const struct acpi_header *)buf)->length;
    if (tlen < 76)
        return -EINVAL;
    fi->dsdt = get32(t + 40);
    fi->smi_cmd = get32(t + 48);
    fi->acpi_enable = t[52];
    fi->pm1a_cnt = get32(t + 64);
    fi->pm1b_cnt = get32(t + 68);
    if (tlen >= 116) {
        flags = get32(t + 112);
        fi->hw_reduced = flags & (1u << 20);
    }
    if (tlen >= 129 && (flags & (1u << 10))) {
        fi->reset_supported = true;
        memcpy(&fi->reset_reg, t + 116, sizeof(fi->reset_reg));
        fi->reset_value = t[128];
    }
    if (tlen >= 148) {
        uint64_t x;

        memcpy(&x, t + 140, 8);
        if (x)
            fi->dsdt = x;
    }
    if (tlen >= 184) {
        struct acpi_gas g;

        memcpy(&g, t + 172, sizeof(g));
        if (g.address && g.space_id == ACPI_GAS_IO && g.address < 0x10000)
            fi->pm1a_cnt = (uint32_t)g.address;
    }
    return 0;
}

int acpi_hpet_parse(const void *buf, size_t len, uint64_t *base)
{
    const uint8_t *t = buf;

    *base = 0;
    if (acpi_table_check(buf, len, "HPET") ||
        ((const struct acpi_header *)buf)->length < 56)
        return -EINVAL;
    if (t[40] != ACPI_GAS_MEMORY)
        return -EINVAL;
    memcpy(base, t + 44, 8);
    return 0;
}
