/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception fixups: an instruction that may fault on purpose (a guest
 * memory access) is listed with the address to continue at.  Entries are
 * pairs of 32-bit offsets relative to the entry itself, so the table needs
 * no relocation.  do_trap() consults it for faults in hypervisor code.
 */
#ifndef XENITH_ASM_EXTABLE_H
#define XENITH_ASM_EXTABLE_H

#define _ASM_EXTABLE(from, to)          \
    ".pushsection .ex_table, \"a\"\n\t" \
    ".balign 4\n\t"                     \
    ".long (" #from ") - .\n\t"         \
    ".long (" #to ") - .\n\t"           \
    ".popsection\n"

#ifndef __ASSEMBLY__
/* The fixup address for a faulting rip, or 0. */
unsigned long search_exception_table(unsigned long rip);
/* Vector and error code of the last fault this CPU resumed at a fixup. */
void last_fixup_fault(unsigned int *vector, unsigned int *error);
#endif

#endif /* XENITH_ASM_EXTABLE_H */
