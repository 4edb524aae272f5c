/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start-up, verdicts and trap dispatch of the test guests.
 *
 * guest_start() records start_info, maps shared_info and runs the guest's
 * test_main().  A failing check prints "FAIL: <guest>: <why>" and crashes
 * the domain; success prints "RESULT: PASS <guest>" and powers off.
 */
#include "guest.h"

start_info_t *start_info;
shared_info_t *shared;
uint64_t *p2m;

static char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static guest_trap_fn trap_handlers[GUEST_NR_VECS];

void *gmemset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    while (n--)
        *p++ = (unsigned char)c;
    return s;
}

void *gmemcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

int gmemcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *ap = a, *bp = b;
    for (; n; n--, ap++, bp++) {
        if (*ap != *bp)
            return *ap - *bp;
    }
    return 0;
}

size_t gstrlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int gstrncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

/* Compilers may emit calls to these for struct copies and zeroing. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *s, int c, size_t n)
{
    return gmemset(s, c, n);
}
void *memcpy(void *d, const void *s, size_t n)
{
    return gmemcpy(d, s, n);
}

static void shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    hc_sched_op(SCHEDOP_shutdown, &sd);
}

/*
 * Power the machine off.  A dom0 on Xen powers off through ACPI S5 via
 * platform_op (the hypervisor owns PM1a_CNT); QEMU's S5 sleep type is 0.
 * If that is refused, fall back to SCHEDOP_shutdown(poweroff).
 */
void guest_poweroff(void)
{
    struct xen_platform_op op;
    long rc;

    gmemset(&op, 0, sizeof(op));
    op.cmd = XENPF_enter_acpi_sleep;
    op.interface_version = XENPF_INTERFACE_VERSION;
    op.u.enter_acpi_sleep.val_a = 1U << 13; /* SLP_EN, SLP_TYP 0 */
    op.u.enter_acpi_sleep.sleep_state = 5;
    rc = HC(__HYPERVISOR_platform_op, &op, 0, 0, 0, 0);
    gprintf("(ACPI S5 request returned %ld; shutting down)\n", rc);
    shutdown(SHUTDOWN_poweroff);
    for (;;)
        hc_sched_op(SCHEDOP_yield, NULL);
}

void guest_fail(const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    gvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    gprintf("FAIL: %s: %s\n", guest_name, buf);
    shutdown(SHUTDOWN_crash);
    for (;;)
        hc_sched_op(SCHEDOP_yield, NULL);
}

void guest_ok(const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    gvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    gprintf("ok: %s: %s\n", guest_name, buf);
}

unsigned int guest_mismatches;

void guest_expect(long got, long want, const char *what)
{
    if (got != want) {
        gprintf("MISMATCH: %s: %s: got %ld, expected %ld\n", guest_name, what,
                got, want);
        guest_mismatches++;
    } else {
        gprintf("ok: %s: %s -> %ld\n", guest_name, what, got);
    }
}

void guest_pass(void)
{
    CHECK(guest_mismatches == 0, "%u check(s) gave unexpected results",
          guest_mismatches);
    gprintf("RESULT: PASS %s\n", guest_name);
    guest_poweroff();
}

void guest_set_trap_handler(unsigned int vector, guest_trap_fn fn)
{
    if (vector < GUEST_NR_VECS)
        trap_handlers[vector] = fn;
}

int guest_has_handler(unsigned int vector)
{
    return vector < GUEST_NR_VECS && trap_handlers[vector] != NULL;
}

/* Called by every entry stub in head.S with the saved frame. */
void guest_trap(struct guest_frame *f)
{
    guest_trap_fn fn =
        f->vector < GUEST_NR_VECS ? trap_handlers[f->vector] : NULL;

    if (!fn)
        guest_fail("unexpected trap vector %lx err %lx at rip %lx "
                   "(cr2 %lx)",
                   f->vector, f->error, f->rip,
                   shared ? shared->vcpu_info[0].arch.cr2 : 0);
    fn(f);
}

void guest_start(start_info_t *si);
void guest_start(start_info_t *si)
{
    uint64_t maddr = si->shared_info;
    long rc;

    start_info = si;
    p2m = (uint64_t *)si->mfn_list;
    rc = hc_update_va_mapping((uint64_t)shared_info_page,
                              maddr | PTE_P | PTE_RW | PTE_A | PTE_D,
                              UVMF_INVLPG);
    if (rc)
        guest_fail("mapping shared_info (maddr %lx) returned %ld", maddr, rc);
    shared = (shared_info_t *)shared_info_page;
    gprintf("guest %s: start_info %p, %lu pages\n", guest_name, si,
            si->nr_pages);
    test_main();
    guest_pass();
}
