/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI configuration space: ECAM windows from the ACPI MCFG (every PCI
 * segment), with the 0xcf8/0xcfc ports as the fallback for segment 0.
 * A function is addressed by its SBDF: segment << 16 | bus << 8 | devfn.
 */
#ifndef XENITH_PCI_H
#define XENITH_PCI_H

#include <xenith/types.h>

#define PCI_SBDF(seg, bus, dev, fn) \
    (((uint32_t)(seg) << 16) | ((uint32_t)(bus) << 8) | ((dev) << 3) | (fn))

/* Record an ECAM window (from the MCFG). */
void pci_add_ecam(uint64_t base, uint16_t seg, uint8_t bus0, uint8_t bus1);

/* Read or write size (1, 2 or 4) bytes at reg; reads of absent functions
 * or unreachable segments return all ones, writes to them are dropped. */
uint32_t pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size);
void pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                    uint32_t v);

/* Scan every segment at boot; print a summary (devices at loglvl=debug). */
void pci_scan(void);
/* Print every function found (debug key 'Q'). */
void pci_dump(void);

/* PHYSDEVOP_pci_mmcfg_reserved: the control domain says whether the ECAM
 * window of seg, buses bus0..bus1 at base is reserved (usable).  0, or
 * -ENODEV (no such MCFG entry), -EIO (the MCFG has another base).  A
 * window reported as not reserved is no longer used (segment 0 falls back
 * to the 0xcf8 ports). */
int pci_mmcfg_reserved(uint64_t base, uint16_t seg, uint8_t bus0, uint8_t bus1,
                       bool reserved);
/* The control domain's device reports: add (0 or -ENOMEM) or remove
 * (0, -ENODEV if not reported); whether a device is on the list. */
int pci_device_report(uint32_t sbdf, bool add);
bool pci_device_reported(uint32_t sbdf);

#endif /* XENITH_PCI_H */
