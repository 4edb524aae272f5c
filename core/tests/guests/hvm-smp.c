/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm, part 4: the HVM domU's second vCPU (HVM_MODE_SMP), copied to
 * guest-physical HVM_SMP_CODE_GPA and entered from the payload in 32-bit
 * protected mode with paging off.  vCPU 0 starts vCPU 1 as a PVH kernel
 * starts its secondary CPUs: VCPUOP_initialise with a vcpu_hvm_context
 * (32-bit mode: flat segments, EIP at this page's `ap` entry), then
 * VCPUOP_up; first the refusals (up before initialise, an unknown mode,
 * a null CS, EIP past CS's limit, a missing vCPU, initialise twice).
 * vCPU 0 also registers vCPU 1's runstate area (its address; paging is
 * off, so the guest-physical one).  vCPU 1 reports in (CPUID 0x40000004's
 * vCPU id, the registers it was given, its runstate) and takes itself
 * down with VCPUOP_down; vCPU 0 sees it down (is_up, runstate offline),
 * brings it up again (it resumes after its hypercall), waits for it to go
 * down once more and finally takes itself down: the last vCPU down powers
 * the domain off.  Results in the result page (hvm.h, HVM_S_*).
 */
#include "hvm.h"

#define S_(x) #x
#define S(x)  S_(x)

#define GPA(l) "(" S(HVM_SMP_CODE_GPA) " + (" l " - hvm_smp_start))"

#define VCPUOP  24
#define SCHEDOP 29

// clang-format off
/* vcpu_op(cmd, vcpu, arg); the result to res. */
#define VCPU(cmd, vcpu, arg, res)          \
    "  mov $" S(VCPUOP) ", %eax\n"         \
    "  mov $" S(cmd) ", %ebx\n"            \
    "  mov $" S(vcpu) ", %ecx\n"           \
    "  mov $" S(arg) ", %edx\n"            \
    "  vmmcall\n"                          \
    "  mov %eax, " S(res) "\n"
#define PUT(addr, val) "  movl $" S(val) ", " S(addr) "\n"
#define PUTW(addr, val) "  movw $" S(val) ", " S(addr) "\n"
/* Up to 200000 yields until the condition `test` (flags: je leaves). */
#define WAIT(test)                         \
    "  mov $200000, %edi\n"                \
    "9: " test "\n"                        \
    "  je 8f\n"                            \
    "  mov $" S(SCHEDOP) ", %eax\n"        \
    "  xor %ebx, %ebx\n"                   \
    "  xor %ecx, %ecx\n"                   \
    "  vmmcall\n"                          \
    "  dec %edi\n"                         \
    "  jnz 9b\n"                           \
    "8:\n"
// clang-format on

/* The context: offsets in struct vcpu_hvm_context (mode, pad, then the
 * 32-bit registers). */
#define CTX_MODE   (HVM_SMP_CTX + 0)
#define CTX_EAX    (HVM_SMP_CTX + 8)
#define CTX_ESP    (HVM_SMP_CTX + 8 + 16)
#define CTX_ESI    (HVM_SMP_CTX + 8 + 24)
#define CTX_EIP    (HVM_SMP_CTX + 8 + 32)
#define CTX_EFLAGS (HVM_SMP_CTX + 8 + 36)
#define CTX_CR0    (HVM_SMP_CTX + 8 + 40)
#define CTX_LIMITS (HVM_SMP_CTX + 8 + 84)  /* cs ds ss es tr */
#define CTX_AR     (HVM_SMP_CTX + 8 + 104) /* cs ds ss es tr, 16 bits */

// clang-format off
__asm__(".section .rodata\n"
        ".globl hvm_smp_start, hvm_smp_end\n"
        ".code32\n"
        "hvm_smp_start:\n"
        "  movl $30, " S(HVM_R_STAGE) "\n"
        PUT(HVM_SMP_RS, 0xffffffff)
        PUT(HVM_SMP_RS_VA, HVM_SMP_RS)
        PUT(HVM_SMP_RS_VA + 4, 0)
        /* memory_map: the toolstack set none for this domain */
        PUT(HVM_S_MM_ARG, 8)
        PUT(HVM_S_MM_ARG + 4, HVM_SMP_RS)
        "  mov $12, %eax\n"
        "  mov $9, %ebx\n"
        "  mov $" S(HVM_S_MM_ARG) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_S_MM_RC) "\n"
        VCPU(3, 1, 0, HVM_S_ISUP0)
        VCPU(1, 1, 0, HVM_S_UP_EARLY)
        /* The context (the page is zero): flat 4 GiB code and data, a
         * busy 32-bit TSS, CR0 = PE|ET, EIP at `ap`. */
        PUT(CTX_EAX, 0x1234abcd)
        PUT(CTX_ESI, 0x5a5a0001)
        PUT(CTX_ESP, HVM_SMP_AP_STACK)
        "  movl $" GPA("ap") ", " S(CTX_EIP) "\n"
        PUT(CTX_EFLAGS, 0x2)
        PUT(CTX_CR0, 0x11)
        PUT(CTX_LIMITS, 0xffffffff)
        PUT(CTX_LIMITS + 4, 0xffffffff)
        PUT(CTX_LIMITS + 8, 0xffffffff)
        PUT(CTX_LIMITS + 12, 0xffffffff)
        PUT(CTX_LIMITS + 16, 0x67)
        PUTW(CTX_AR + 2, 0xc93)
        PUTW(CTX_AR + 4, 0xc93)
        PUTW(CTX_AR + 6, 0xc93)
        PUTW(CTX_AR + 8, 0x8b)
        /* An unknown mode, a null CS, EIP past a 64 KiB CS. */
        PUT(CTX_MODE, 2)
        VCPU(0, 1, HVM_SMP_CTX, HVM_S_INIT_MODE)
        PUT(CTX_MODE, 0)
        VCPU(0, 1, HVM_SMP_CTX, HVM_S_INIT_CS)
        PUTW(CTX_AR, 0x49b)
        PUT(CTX_LIMITS, 0xffff)
        PUT(CTX_EIP, 0x10000)
        VCPU(0, 1, HVM_SMP_CTX, HVM_S_INIT_EIP)
        /* The 64-bit form over the same bytes: CR0 without PG. */
        PUT(CTX_MODE, 1)
        VCPU(0, 1, HVM_SMP_CTX, HVM_S_INIT_64)
        PUT(CTX_MODE, 0)
        "  movl $" GPA("ap") ", " S(CTX_EIP) "\n"
        PUT(CTX_LIMITS, 0xffffffff)
        PUTW(CTX_AR, 0xc9b)
        VCPU(0, 2, HVM_SMP_CTX, HVM_S_MISSING)
        VCPU(0, 1, HVM_SMP_CTX, HVM_S_INIT)
        VCPU(0, 1, HVM_SMP_CTX, HVM_S_INIT2)
        VCPU(3, 1, 0, HVM_S_ISUP1)
        VCPU(5, 1, HVM_SMP_RS_VA, HVM_S_RS_RC)
        "  mov " S(HVM_SMP_RS) ", %eax\n"
        "  mov %eax, " S(HVM_S_RS_STATE0) "\n"
        "  movl $31, " S(HVM_R_STAGE) "\n"
        VCPU(1, 1, 0, HVM_S_UP)
        WAIT("cmpl $" S(HVM_SMP_MARK) ", " S(HVM_S_AP_MARK))
        "  movl $32, " S(HVM_R_STAGE) "\n"
        /* vCPU 1 takes itself down: is_up 0, then its runstate offline. */
        WAIT("mov $" S(VCPUOP) ", %eax\n"
             "  mov $3, %ebx\n"
             "  mov $1, %ecx\n"
             "  vmmcall\n"
             "  test %eax, %eax")
        VCPU(3, 1, 0, HVM_S_ISUP2)
        WAIT("cmpl $3, " S(HVM_SMP_RS))
        "  mov " S(HVM_SMP_RS) ", %eax\n"
        "  mov %eax, " S(HVM_S_RS_DOWN) "\n"
        "  movl $33, " S(HVM_R_STAGE) "\n"
        VCPU(1, 1, 0, HVM_S_UP2)
        WAIT("cmpl $" S(HVM_SMP_MARK) ", " S(HVM_S_AP_MARK2))
        "  movl $34, " S(HVM_R_STAGE) "\n"
        WAIT("mov $" S(VCPUOP) ", %eax\n"
             "  mov $3, %ebx\n"
             "  mov $1, %ecx\n"
             "  vmmcall\n"
             "  test %eax, %eax")
        VCPU(3, 1, 0, HVM_S_ISUP3)
        "  movl $35, " S(HVM_R_STAGE) "\n"
        /* The last vCPU up goes down: the domain powers off. */
        VCPU(2, 0, 0, HVM_S_DOWN0_RC)
        "  movl $36, " S(HVM_R_STAGE) "\n"
        "1: jmp 1b\n"
        /* vCPU 1. */
        "ap:\n"
        "  mov %eax, " S(HVM_S_AP_EAX) "\n"
        "  mov %esi, " S(HVM_S_AP_ESI) "\n"
        "  mov " S(HVM_SMP_RS) ", %eax\n"
        "  mov %eax, " S(HVM_S_AP_RS) "\n"
        "  mov $0x40000004, %eax\n"
        "  xor %ecx, %ecx\n"
        "  cpuid\n"
        "  mov %ebx, " S(HVM_S_AP_ID) "\n"
        PUT(HVM_S_AP_MARK, HVM_SMP_MARK)
        VCPU(2, 1, 0, HVM_S_AP_DOWN_RC)
        PUT(HVM_S_AP_MARK2, HVM_SMP_MARK)
        "  mov $" S(VCPUOP) ", %eax\n"
        "  mov $2, %ebx\n"
        "  mov $1, %ecx\n"
        "  vmmcall\n"
        "1: jmp 1b\n"
        "hvm_smp_end:\n"
        ".code64\n"
        ".previous\n");
// clang-format on
