/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI table parsing (ACPI 6.4 specification, ch. 5).  The parsers work on
 * byte buffers and check lengths and checksums, so they are host-tested
 * (tests/unit/test_acpi.c); arch/x86/acpi/boot.c finds and maps the tables.
 */
#ifndef XENITH_ACPI_H
#define XENITH_ACPI_H

#include <xenith/types.h>

struct __attribute__((__packed__)) acpi_rsdp {
    char signature[8]; /* "RSD PTR " */
    uint8_t checksum;  /* first 20 bytes */
    char oem_id[6];
    uint8_t revision; /* 0: ACPI 1.0 (20 bytes), >= 2: 36 bytes */
    uint32_t rsdt_address;
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t ext_checksum;
    uint8_t reserved[3];
};

struct __attribute__((__packed__)) acpi_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
};

struct __attribute__((__packed__)) acpi_gas {
    uint8_t space_id; /* 0 memory, 1 I/O port */
    uint8_t bit_width, bit_offset, access_size;
    uint64_t address;
};

#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO     1

/* Sum of len bytes (a valid table sums to 0). */
uint8_t acpi_checksum(const void *buf, size_t len);

/* Validate an RSDP in buf (len bytes available); 0 or -EINVAL. */
int acpi_rsdp_check(const void *buf, size_t len);

/* Validate a table header and checksum with len bytes available and the
 * expected signature (NULL: any); 0 or -EINVAL. */
int acpi_table_check(const void *buf, size_t len, const char *sig);

/* Entry i of an RSDT (4-byte) or XSDT (8-byte entries); false past end. */
bool acpi_sdt_entry(const struct acpi_header *sdt, bool xsdt, unsigned int i,
                    uint64_t *pa);

/* What the MADT says (only the parts used at boot). */
#define MADT_MAX_IOAPICS   8
#define MADT_MAX_OVERRIDES 16
struct madt_info {
    uint32_t lapic_address;
    bool pcat_compat;
    unsigned int nr_cpus;     /* enabled (or online-capable) processors */
    unsigned int nr_disabled; /* present but not usable */
    unsigned int nr_ioapics;
    struct {
        uint8_t id;
        uint32_t address, gsi_base;
    } ioapic[MADT_MAX_IOAPICS];
    unsigned int nr_overrides;
    struct {
        uint8_t source;
        uint32_t gsi;
        uint16_t flags;
    } override[MADT_MAX_OVERRIDES];
};

/*
 * Parse a MADT.  For each usable processor, cpu_fn(apic_id, ctx) is called
 * (local APIC entries and x2APIC entries; duplicates are skipped by the
 * caller).  Returns 0 or -EINVAL for a malformed table.
 */
int acpi_madt_parse(const void *buf, size_t len, struct madt_info *mi,
                    void (*cpu_fn)(uint32_t apic_id, void *ctx), void *ctx);

/* What the FADT says about power control. */
struct fadt_info {
    uint64_t dsdt;               /* physical address (X_DSDT preferred) */
    uint32_t pm1a_cnt, pm1b_cnt; /* I/O ports, 0 if absent */
    uint32_t smi_cmd;
    uint8_t acpi_enable;
    bool reset_supported; /* FADT flag RESET_REG_SUP */
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    bool hw_reduced;
};

int acpi_fadt_parse(const void *buf, size_t len, struct fadt_info *fi);

/*
 * Find the \_S5 package in AML (DSDT body) and return SLP_TYPa/SLP_TYPb.
 * Returns 0 or -ENOENT when no usable _S5 object is found.
 */
int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb);

/*
 * SRAT (static resource affinity): calls cpu_fn(apic_id, pxm) for every
 * enabled processor entry (xAPIC and x2APIC) and mem_fn(base, len, pxm)
 * for every enabled memory range.  Returns 0 or -EINVAL.
 */
int acpi_srat_parse(const void *buf, size_t len,
                    void (*cpu_fn)(uint32_t apic_id, uint32_t pxm, void *ctx),
                    void (*mem_fn)(uint64_t base, uint64_t len, uint32_t pxm,
                                   void *ctx),
                    void *ctx);

/*
 * SLIT (system locality distances, ACPI 6.4, 5.2.17): copies the first
 * min(localities, max) rows and columns of the matrix into dist (row-major
 * with max columns) and sets *n to that count.  A matrix whose diagonal is
 * not 10 or with an entry off it not above 10 is refused (as Xen).
 * Returns 0 or -EINVAL.
 */
int acpi_slit_parse(const void *buf, size_t len, uint8_t *dist,
                    unsigned int max, unsigned int *n);

/*
 * MCFG: fn(base, segment, first_bus, last_bus, ctx) for every PCI Express
 * configuration-space (ECAM) window.  Returns 0 or -EINVAL.
 */
int acpi_mcfg_parse(const void *buf, size_t len,
                    void (*fn)(uint64_t base, uint16_t seg, uint8_t bus0,
                               uint8_t bus1, void *ctx),
                    void *ctx);

/*
 * IOMMU tables.  DMAR (Intel VT-d spec 3.3, 8.1): fn is called for every
 * remapping unit (DRHD) with its register base, PCI segment and whether it
 * covers all remaining devices; *intr_remap says whether interrupt
 * remapping is supported.  IVRS (AMD IOMMU spec 3.08, 5.2): fn for every
 * IVHD block (all_devices is false: IVHDs list their devices).  Both
 * return 0 or -EINVAL.
 */
typedef void (*iommu_unit_fn)(uint64_t base, uint16_t seg, bool all_devices,
                              void *ctx);
int acpi_dmar_parse(const void *buf, size_t len, bool *intr_remap,
                    iommu_unit_fn fn, void *ctx);
int acpi_ivrs_parse(const void *buf, size_t len, iommu_unit_fn fn, void *ctx);

/* HPET table: base address of the first timer block (0 if none). */
int acpi_hpet_parse(const void *buf, size_t len, uint64_t *base);

#ifndef XENITH_HOST_TEST
/* Boot-time discovery (arch/x86/acpi/boot.c). */
extern struct madt_info acpi_madt;
extern struct fadt_info acpi_fadt;
extern uint64_t acpi_hpet_base;
extern bool acpi_s5_valid;
extern unsigned int acpi_nr_iommus;
extern bool acpi_iommu_intremap;
extern uint8_t acpi_s5_typa, acpi_s5_typb;

/* Find the RSDP and parse MADT, FADT (+ DSDT _S5) and HPET.  cpu_fn is
 * called for every processor in the MADT.  Returns 0 or -ENODEV. */
int acpi_boot_init(void (*cpu_fn)(uint32_t apic_id, void *ctx));
#endif

#endif /* XENITH_ACPI_H */
