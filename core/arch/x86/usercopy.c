/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory access (see xenith/guest_access.h) and the exception fixup
 * table lookup.
 */
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/extable.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/asm/hvm/hvm.h>

struct extable_entry {
    int32_t insn, fixup; /* relative to the field's own address */
};

extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

unsigned long search_exception_table(unsigned long rip)
{
    for (const struct extable_entry *e = __start_ex_table; e < __stop_ex_table;
         e++)
        if ((unsigned long)&e->insn + e->insn == rip)
            return (unsigned long)&e->fixup + e->fixup;
    return 0;
}

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

bool guest_range_ok(uint64_t va, size_t n)
{
    uint64_t last = va + n - 1;

    if (!n)
        return true;
    if (last < va || !canonical(va) || !canonical(last))
        return false;
    /* Not the hypervisor's slots, and not spanning the canonical hole. */
    if (va < HYPERVISOR_VIRT_END && last >= HYPERVISOR_VIRT_START)
        return false;
    return (va >> 47) == (last >> 47);
}

/* rep movsb that stops at a fault; returns the bytes left. */
static size_t copy_with_fixup(void *dst, const void *src, size_t n)
{
    user_access_begin();
    __asm__ __volatile__("1: rep movsb\n"
                         "2:\n" _ASM_EXTABLE(1b, 2b)
                         : "+c"(n), "+D"(dst), "+S"(src)
                         :
                         : "memory");
    user_access_end();
    return n;
}

/* An HVM guest's addresses are its own linear ones (hvm/guest_copy.c). */
static bool hvm_caller(void)
{
    struct vcpu *v = current;

    return v && v->domain && v->domain->is_hvm;
}

size_t raw_copy_from_guest(void *dst, uint64_t va, size_t n)
{
    if (hvm_caller())
        return hvm_copy_from_guest(dst, va, n);
    if (!guest_range_ok(va, n))
        return n;
    return copy_with_fixup(dst, (const void *)va, n);
}

size_t raw_copy_to_guest(uint64_t va, const void *src, size_t n)
{
    if (hvm_caller())
        return hvm_copy_to_guest(va, src, n);
    if (!guest_range_ok(va, n))
        return n;
    return copy_with_fixup((void *)va, src, n);
}

int copy_from_guest(void *dst, uint64_t va, size_t n)
{
    return raw_copy_from_guest(dst, va, n) ? -EFAULT : 0;
}

int copy_to_guest(uint64_t va, const void *src, size_t n)
{
    return raw_copy_to_guest(va, src, n) ? -EFAULT : 0;
}
