/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall dispatch.  A PV guest kernel issues `syscall` with the
 * hypercall number in %rax and up to five arguments in %rdi, %rsi, %rdx,
 * %r10 and %r8; the result goes back in %rax (a negative Xen errno on
 * failure).  common/hypercall.c holds the one table mapping numbers to
 * handlers; a number without a handler returns -ENOSYS.
 */
#ifndef XENITH_HYPERCALL_H
#define XENITH_HYPERCALL_H

#include <xenith/types.h>
#include <xenith/asm/regs.h>

typedef long (*hypercall_fn_t)(unsigned long a1, unsigned long a2,
                               unsigned long a3, unsigned long a4,
                               unsigned long a5);

/* Run the hypercall described by regs and store its result in regs->rax. */
void hypercall_dispatch(struct cpu_user_regs *regs);

/* The handlers provided so far (common/version.c, common/console_io.c). */
/* The linker's build id of this image: 0 and *id, *len, or -ENODATA. */
int xenith_build_id(const void **id, unsigned int *len);
long do_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
                    unsigned long a4, unsigned long a5);
long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf,
                   unsigned long a4, unsigned long a5);

/* Version reported to guests: the Xen interface Xenith implements. */
#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17

#endif /* XENITH_HYPERCALL_H */
