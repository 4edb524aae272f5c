/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ymm-switch: do AVX registers survive vCPU switches?  Runs inside a PV
 * dom0 (built static with the host compiler by the xsave cases).
 *
 * One process per online vCPU, pinned to it, each loads all sixteen YMM
 * registers with a pattern of its own (different in every 128-bit half
 * and every register), sleeps or yields inside the same asm block (so the
 * vCPU blocks and the hypervisor switches it out and back in), stores the
 * registers and compares.  With more vCPUs than physical CPUs the
 * hypervisor runs them in turn on one CPU and moves them between CPUs.  Every
 * mismatch is a corruption: state lost, left in its initial state, or another
 * vCPU's pattern.  Each process reports: ymm-switch: cpu N: ITER rounds, C
 * corruptions, S switches where S is the number of times the process was
 * switched out (its voluntary and involuntary context switches).  Before that a
 * self-check corrupts one register on purpose and must see exactly one
 * corruption, so the comparison itself is known to work.  XGETBV's XCR0 (read
 * here in user mode, straight from the hardware) is printed too.
 *
 * Usage: ymm-switch [rounds]   (exit 0: no corruption in any process)
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NREG 16

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;

    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static int have_avx(void)
{
    unsigned int a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    /* AVX (28) and OSXSAVE (27), and the OS enabled SSE and YMM state. */
    if ((c & (3u << 27)) != (3u << 27))
        return 0;
    return (xgetbv0() & 6) == 6;
}

/*
 * Load ymm0..15 from in, make one system call (nr with rdi/rsi), optionally
 * give ymm5 the pattern of ymm0 (the self-check), store ymm0..15 to out.
 * AVX only (no AVX2), so any CPU with AVX runs it.
 */
static void round_trip(const uint8_t *in, uint8_t *out, long nr, void *arg,
                       int corrupt)
{
    __asm__ volatile("vmovdqu 0(%[in]), %%ymm0\n\t"
                     "vmovdqu 32(%[in]), %%ymm1\n\t"
                     "vmovdqu 64(%[in]), %%ymm2\n\t"
                     "vmovdqu 96(%[in]), %%ymm3\n\t"
                     "vmovdqu 128(%[in]), %%ymm4\n\t"
                     "vmovdqu 160(%[in]), %%ymm5\n\t"
                     "vmovdqu 192(%[in]), %%ymm6\n\t"
                     "vmovdqu 224(%[in]), %%ymm7\n\t"
                     "vmovdqu 256(%[in]), %%ymm8\n\t"
                     "vmovdqu 288(%[in]), %%ymm9\n\t"
                     "vmovdqu 320(%[in]), %%ymm10\n\t"
                     "vmovdqu 352(%[in]), %%ymm11\n\t"
                     "vmovdqu 384(%[in]), %%ymm12\n\t"
                     "vmovdqu 416(%[in]), %%ymm13\n\t"
                     "vmovdqu 448(%[in]), %%ymm14\n\t"
                     "vmovdqu 480(%[in]), %%ymm15\n\t"
                     "push %[out]\n\t"
                     "push %[corrupt]\n\t"
                     "mov %[nr], %%rax\n\t"
                     "mov %[arg], %%rdi\n\t"
                     "xor %%esi, %%esi\n\t"
                     "syscall\n\t"
                     "pop %%rax\n\t"
                     "pop %%rdi\n\t"
                     "test %%rax, %%rax\n\t"
                     "jz 1f\n\t"
                     "vmovdqu 0(%[in]), %%ymm5\n\t" /* ymm0's pattern in ymm5 */
                     "1:\n\t"
                     "vmovdqu %%ymm0, 0(%%rdi)\n\t"
                     "vmovdqu %%ymm1, 32(%%rdi)\n\t"
                     "vmovdqu %%ymm2, 64(%%rdi)\n\t"
                     "vmovdqu %%ymm3, 96(%%rdi)\n\t"
                     "vmovdqu %%ymm4, 128(%%rdi)\n\t"
                     "vmovdqu %%ymm5, 160(%%rdi)\n\t"
                     "vmovdqu %%ymm6, 192(%%rdi)\n\t"
                     "vmovdqu %%ymm7, 224(%%rdi)\n\t"
                     "vmovdqu %%ymm8, 256(%%rdi)\n\t"
                     "vmovdqu %%ymm9, 288(%%rdi)\n\t"
                     "vmovdqu %%ymm10, 320(%%rdi)\n\t"
                     "vmovdqu %%ymm11, 352(%%rdi)\n\t"
                     "vmovdqu %%ymm12, 384(%%rdi)\n\t"
                     "vmovdqu %%ymm13, 416(%%rdi)\n\t"
                     "vmovdqu %%ymm14, 448(%%rdi)\n\t"
                     "vmovdqu %%ymm15, 480(%%rdi)\n\t"
                     "vzeroupper\n\t"
                     :
                     : [in] "r"(in), [out] "r"(out), [nr] "r"(nr),
                       [arg] "r"(arg), [corrupt] "r"((long)corrupt)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "memory",
                       "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                       "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
                       "xmm13", "xmm14", "xmm15");
}

/* Registers (of 16) whose 32 bytes differ. */
static int compare(const uint8_t *a, const uint8_t *b)
{
    int bad = 0;

    for (int r = 0; r < NREG; r++)
        bad += memcmp(a + r * 32, b + r * 32, 32) != 0;
    return bad;
}

/* The first corruption in detail: which registers and 128-bit halves. */
static void report(int cpu, long round, const uint8_t *in, const uint8_t *out)
{
    for (int r = 0; r < NREG; r++) {
        const uint8_t *a = in + r * 32, *b = out + r * 32;
        int lo = memcmp(a, b, 16) != 0, hi = memcmp(a + 16, b + 16, 16) != 0;
        uint8_t zero[16] = { 0 };

        if (!lo && !hi)
            continue;
        printf("ymm-switch: cpu %d: round %ld: ymm%d differs in its %s%s\n",
               cpu, round, r,
               lo ? (hi ? "both halves" : "low half") : "high half",
               hi && !memcmp(b + 16, zero, 16) ? " (high half zero)" : "");
    }
}

static int worker(int cpu, long rounds)
{
    uint8_t in[NREG * 32], out[NREG * 32];
    struct timespec ts = { 0, 200000 }; /* 0.2 ms */
    struct rusage ru;
    cpu_set_t set;
    long bad = 0, i;
    int self;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set)) {
        printf("ymm-switch: cpu %d: sched_setaffinity failed\n", cpu);
        return 2;
    }
    /* A pattern unique to this process, register and byte. */
    for (i = 0; i < (long)sizeof(in); i++)
        in[i] = (uint8_t)(0x5a ^ (cpu * 0x80) ^ (i * 7 + (i >> 5) * 13 + 1));
    round_trip(in, out, SYS_sched_yield, NULL, 1);
    self = compare(in, out);
    if (self != 1) {
        printf("ymm-switch: cpu %d: self-check found %d corruptions, not 1\n",
               cpu, self);
        return 2;
    }
    for (i = 0; i < rounds; i++) {
        if (i & 1)
            round_trip(in, out, SYS_nanosleep, &ts, 0);
        else
            round_trip(in, out, SYS_sched_yield, NULL, 0);
        if (compare(in, out) && !bad++)
            report(cpu, i, in, out);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("ymm-switch: cpu %d: %ld rounds, %ld corruptions, %ld switches\n",
           cpu, rounds, bad, ru.ru_nvcsw + ru.ru_nivcsw);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 2000;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int status, rc = 0;
    pid_t pid[64];

    setvbuf(stdout, NULL, _IONBF, 0);
    if (!have_avx()) {
        printf("ymm-switch: no AVX (CPUID/XCR0)\n");
        return 2;
    }
    if (ncpu < 1 || ncpu > 64)
        ncpu = ncpu < 1 ? 1 : 64;
    printf("ymm-switch: XCR0 %#llx, %ld CPUs\n", (unsigned long long)xgetbv0(),
           ncpu);
    for (int c = 0; c < ncpu; c++) {
        pid[c] = fork();
        if (pid[c] == 0)
            _exit(worker(c, rounds));
        if (pid[c] < 0) {
            printf("ymm-switch: fork failed\n");
            return 2;
        }
    }
    for (int c = 0; c < ncpu; c++) {
        if (waitpid(pid[c], &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status))
            rc = 1;
    }
    printf("ymm-switch: %s\n", rc ? "FAILED" : "no corruption");
    return rc;
}
