/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI discovery at boot: find the RSDP (multiboot2 copy, else the BIOS
 * areas), walk the XSDT (or RSDT) and parse MADT, FADT (+ DSDT _S5) and
 * HPET with the buffer parsers in tables.c and aml_s5.c.
 */
#include <xenith/acpi.h>
#include <xenith/bootinfo.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/pci.h>
#include <xenith/asm/page.h>

struct madt_info acpi_madt;
struct fadt_info acpi_fadt;
uint64_t acpi_hpet_base;
bool acpi_s5_valid;
uint8_t acpi_s5_typa, acpi_s5_typb;

/* Tables below 4 GiB or in RAM are in the direct map; others get mapped. */
static const void *acpi_map(paddr_t pa, size_t len)
{
    if (pa + len <= (1ULL << 32) || pa + len <= (paddr_t)max_page << PAGE_SHIFT)
        return __va(pa);
    return ioremap(pa, len);
}

static const struct acpi_rsdp *scan_rsdp(paddr_t start, paddr_t end)
{
    for (paddr_t pa = start; pa + 36 <= end; pa += 16) {
        const struct acpi_rsdp *r = __va(pa);

        if (!acpi_rsdp_check(r, end - pa))
            return r;
    }
    return NULL;
}

static const struct acpi_rsdp *find_rsdp(void)
{
    paddr_t ebda;

    if (boot_info.have_rsdp_copy &&
        !acpi_rsdp_check(boot_info.rsdp_copy, sizeof(boot_info.rsdp_copy)))
        return (const struct acpi_rsdp *)boot_info.rsdp_copy;
    if (boot_info.efi)
        return NULL; /* No BIOS areas to scan under EFI. */
    /* The EBDA segment is at 0x40e in the BIOS data area. */
    ebda = (paddr_t)(*(const uint16_t *)__va(0x40e)) << 4;
    if (ebda >= 0x80000 && ebda < 0xa0000) {
        const struct acpi_rsdp *r = scan_rsdp(ebda, ebda + 1024);

        if (r)
            return r;
    }
    return scan_rsdp(0xe0000, 0x100000);
}

/* Map and validate the table at pa; NULL if it is bad. */
static const struct acpi_header *get_table(paddr_t pa, const char *sig)
{
    const struct acpi_header *h = acpi_map(pa, sizeof(*h));

    if (!h || (sig && memcmp(h->signature, sig, 4)))
        return NULL;
    h = acpi_map(pa, h->length);
    if (!h || acpi_table_check(h, h->length, sig)) {
        printk(XENLOG_WARNING "ACPI: bad table at %#llx\n",
               (unsigned long long)pa);
        return NULL;
    }
    return h;
}

static void parse_dsdt(paddr_t pa)
{
    const struct acpi_header *dsdt = get_table(pa, "DSDT");

    if (!dsdt)
        return;
    if (!acpi_find_s5((const uint8_t *)(dsdt + 1), dsdt->length - sizeof(*dsdt),
                      &acpi_s5_typa, &acpi_s5_typb))
        acpi_s5_valid = true;
}

/* IOMMUs found in DMAR/IVRS, for the IOMMU driver (a later stage). */
unsigned int acpi_nr_iommus;
bool acpi_iommu_intremap;

static void iommu_unit(uint64_t base, uint16_t seg, bool all, void *ctx)
{
    acpi_nr_iommus++;
    printk("IOMMU: %s unit at %#llx, segment %04x%s\n", (const char *)ctx,
           (unsigned long long)base, seg, all ? ", all other devices" : "");
}

static void mcfg_entry(uint64_t base, uint16_t seg, uint8_t bus0, uint8_t bus1,
                       void *ctx)
{
    pci_add_ecam(base, seg, bus0, bus1);
}

static void print_table(const struct acpi_header *h, paddr_t pa)
{
    printk("ACPI: %.4s %016llx %06x (v%02u %.6s %.8s)\n", h->signature,
           (unsigned long long)pa, h->length, h->revision, h->oem_id,
           h->oem_table_id);
}

static void handle_table(const struct acpi_header *h, paddr_t pa,
                         void (*cpu_fn)(uint32_t, void *))
{
    print_table(h, pa);
    if (!memcmp(h->signature, "APIC", 4)) {
        if (acpi_madt_parse(h, h->length, &acpi_madt, cpu_fn, NULL))
            printk(XENLOG_WARNING "ACPI: malformed MADT\n");
    } else if (!memcmp(h->signature, "FACP", 4)) {
        if (!acpi_fadt_parse(h, h->length, &acpi_fadt) && acpi_fadt.dsdt)
            parse_dsdt(acpi_fadt.dsdt);
    } else if (!memcmp(h->signature, "DMAR", 4)) {
        if (acpi_dmar_parse(h, h->length, &acpi_iommu_intremap, iommu_unit,
                            (void *)"Intel VT-d"))
            printk(XENLOG_WARNING "ACPI: malformed DMAR\n");
    } else if (!memcmp(h->signature, "IVRS", 4)) {
        acpi_iommu_intremap = true; /* every AMD IOMMU remaps interrupts */
        if (acpi_ivrs_parse(h, h->length, iommu_unit, (void *)"AMD-Vi"))
            printk(XENLOG_WARNING "ACPI: malformed IVRS\n");
    } else if (!memcmp(h->signature, "MCFG", 4)) {
        if (acpi_mcfg_parse(h, h->length, mcfg_entry, NULL))
            printk(XENLOG_WARNING "ACPI: malformed MCFG\n");
    } else if (!memcmp(h->signature, "SRAT", 4)) {
        numa_parse_srat(h, h->length);
    } else if (!memcmp(h->signature, "SLIT", 4)) {
        numa_parse_slit(h, h->length);
    } else if (!memcmp(h->signature, "HPET", 4)) {
        acpi_hpet_parse(h, h->length, &acpi_hpet_base);
    }
}

int acpi_boot_init(void (*cpu_fn)(uint32_t apic_id, void *ctx))
{
    const struct acpi_rsdp *rsdp = find_rsdp();
    const struct acpi_header *sdt;
    bool xsdt;
    uint64_t pa;

    if (!rsdp) {
        printk(XENLOG_WARNING "ACPI: no RSDP found\n");
        return -ENODEV;
    }
    xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
    printk("ACPI: RSDP (v%02u %.6s)\n", rsdp->revision, rsdp->oem_id);
    sdt = xsdt ? get_table(rsdp->xsdt_address, "XSDT")
               : get_table(rsdp->rsdt_address, "RSDT");
    if (!sdt && xsdt) {
        xsdt = false;
        sdt = get_table(rsdp->rsdt_address, "RSDT");
    }
    if (!sdt)
        return -ENODEV;
    for (unsigned int i = 0; acpi_sdt_entry(sdt, xsdt, i, &pa); i++) {
        const struct acpi_header *h = get_table(pa, NULL);

        if (h)
            handle_table(h, pa, cpu_fn);
    }
    if (acpi_nr_iommus)
        printk("IOMMU: %u unit(s), interrupt remapping %s\n", acpi_nr_iommus,
               acpi_iommu_intremap ? "supported" : "not supported");
    if (acpi_s5_valid)
        printk("ACPI: S5 sleep type %u/%u, PM1a control at %#x\n", acpi_s5_typa,
               acpi_s5_typb, acpi_fadt.pm1a_cnt);
    return acpi_madt.nr_cpus ? 0 : -ENODEV;
}
