/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' mini runtime: hypercalls through the hypercall page,
 * console output, assertions, trap and event dispatch, page-table and
 * time helpers.  Each guest provides guest_name[] and test_main().
 */
#ifndef GUEST_H
#define GUEST_H

/* Pseudo vectors for the callbacks that are not CPU exceptions. */
#define GUEST_VEC_EVENT    0x100
#define GUEST_VEC_SYSCALL  0x101
#define GUEST_VEC_FAILSAFE 0x102
#define GUEST_NR_VECS      0x103

/*
 * Every vCPU runs on a GUEST_STACK_SIZE-aligned stack whose first word
 * holds the vCPU id, so the id is found from %rsp.
 */
#define GUEST_STACK_SIZE 16384
#define GUEST_MAX_VCPUS  32

#define GUEST_VIRT_BASE 0xffffffff80000000UL
#define PAGE_SIZE       4096UL

#include "public/xen.h"

#ifndef GUEST_ASM

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/callback.h"
#include "public/errno.h"
#include "public/event_channel.h"
#include "public/features.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "public/physdev.h"
#include "public/platform.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

/* Register frame built by the entry stubs in head.S. */
struct guest_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*guest_trap_fn)(struct guest_frame *f);

/* Provided by each guest. */
extern const char guest_name[];
void test_main(void);

/* Globals set up before test_main runs. */
extern start_info_t *start_info;
extern shared_info_t *shared;
extern uint64_t *p2m;
extern char hypercall_page[];
extern char _image_start[], _image_end[];

/* Hypercalls: up to five arguments in RDI, RSI, RDX, R10, R8. */
static inline long hypercall(unsigned int nr, uint64_t a1, uint64_t a2,
                             uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    long ret;
    void *fn = hypercall_page + nr * 32;

    __asm__ volatile("call *%[fn]"
                     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                       "+r"(r8)
                     : [fn] "r"(fn)
                     : "memory", "rcx", "r11");
    return ret;
}

#define HC(nr, a1, a2, a3, a4, a5)                                \
    hypercall(nr, (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), \
              (uint64_t)(a4), (uint64_t)(a5))

static inline long hc_sched_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}
static inline long hc_evtchn_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}
static inline long hc_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return HC(__HYPERVISOR_vcpu_op, cmd, vcpu, arg, 0, 0);
}
static inline long hc_xen_version(int cmd, void *arg)
{
    return HC(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}
static inline long hc_console_write(const char *s, unsigned long len)
{
    return HC(__HYPERVISOR_console_io, CONSOLEIO_write, len, s, 0, 0);
}
static inline long hc_mmu_update(mmu_update_t *req, unsigned int count,
                                 unsigned int *done, domid_t dom)
{
    return HC(__HYPERVISOR_mmu_update, req, count, done, dom, 0);
}
static inline long hc_mmuext_op(mmuext_op_t *op, unsigned int count,
                                unsigned int *done, domid_t dom)
{
    return HC(__HYPERVISOR_mmuext_op, op, count, done, dom, 0);
}
static inline long hc_update_va_mapping(uint64_t va, uint64_t pte,
                                        uint64_t flags)
{
    return HC(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}
static inline long hc_grant_table_op(int cmd, void *arg, unsigned int count)
{
    return HC(__HYPERVISOR_grant_table_op, cmd, arg, count, 0, 0);
}
static inline long hc_memory_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}
static inline long hc_callback_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0);
}
static inline long hc_set_trap_table(const trap_info_t *table)
{
    return HC(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}
static inline long hc_set_timer_op(uint64_t deadline_ns)
{
    return HC(__HYPERVISOR_set_timer_op, deadline_ns, 0, 0, 0, 0);
}
static inline long hc_stack_switch(uint64_t ss, uint64_t sp)
{
    return HC(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0);
}

/* Console output (console.c). */
int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int gsnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Verdicts (runtime.c). */
void guest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));
void guest_pass(void) __attribute__((noreturn));
void guest_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_poweroff(void) __attribute__((noreturn));

/*
 * Compare a result with the expected one but keep going, so a run lists
 * every mismatch; guest_pass() then fails if any was seen.
 */
void guest_expect(long got, long want, const char *what);
extern unsigned int guest_mismatches;

/* Fail the test unless cond holds. */
#define CHECK(cond, ...)             \
    do {                             \
        if (!(cond))                 \
            guest_fail(__VA_ARGS__); \
    } while (0)

/* Fail unless the hypercall expression returns exactly want. */
#define CHECK_RC(expr, want, what)                                  \
    do {                                                            \
        long rc_ = (long)(expr);                                    \
        if (rc_ != (long)(want))                                    \
            guest_fail("%s: returned %ld, expected %ld", what, rc_, \
                       (long)(want));                               \
    } while (0)

/* ds, es, fs, gs from the last failsafe callback frame (head.S). */
extern volatile uint64_t failsafe_sel[4];

/* Trap dispatch (runtime.c). */
void guest_set_trap_handler(unsigned int vector, guest_trap_fn fn);
int guest_has_handler(unsigned int vector);
void guest_trap(struct guest_frame *f);
void guest_install_traps(void);

/* Memory helpers (mm.c). */
#define PTE_P         0x001UL
#define PTE_RW        0x002UL
#define PTE_US        0x004UL
#define PTE_A         0x020UL
#define PTE_D         0x040UL
#define PTE_PSE       0x080UL
#define PTE_NX        (1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL

uint64_t virt_to_pfn(const void *va);
uint64_t virt_to_mfn(const void *va);
uint64_t mfn_to_pfn(uint64_t mfn);
void *pfn_to_virt(uint64_t pfn);
/* Machine address of the page-table entry at level (1-4) mapping va. */
uint64_t pte_maddr(uint64_t va, int level);
/* Current contents of that entry. */
uint64_t pte_read(uint64_t va, int level);
/* Remap the page at va to mfn with flags; returns the hypercall result. */
long map_page(void *va, uint64_t mfn, uint64_t flags);
/* Make a page of the image read-only / read-write again. */
void set_page_ro(void *va);
void set_page_rw(void *va);

/* Time (time.c). */
uint64_t guest_now_ns(void);
uint64_t guest_mono_ns(void);
uint64_t guest_now_ns_vcpu(const vcpu_info_t *vi);
uint64_t guest_now_ns_time(const struct vcpu_time_info *t);
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* vCPU identity and vcpu_info location (events.c). */
static inline unsigned int guest_vcpu_id(void)
{
    uint64_t sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    return (unsigned int)*(const uint64_t *)(sp & ~(GUEST_STACK_SIZE - 1UL));
}
vcpu_info_t *guest_vcpu_info(unsigned int vcpu);
void guest_set_vcpu_info(unsigned int vcpu, vcpu_info_t *vi);

/* Events (events.c). */
typedef void (*guest_evtchn_fn)(evtchn_port_t port);
void events_init(void);
/* Handle port on vCPU 0 (or on the given vCPU) with fn. */
void evtchn_set_handler(evtchn_port_t port, guest_evtchn_fn fn);
void evtchn_set_handler_vcpu(evtchn_port_t port, guest_evtchn_fn fn,
                             unsigned int vcpu);
void evtchn_mask(evtchn_port_t port);
void evtchn_unmask_local(evtchn_port_t port);
int evtchn_is_pending(evtchn_port_t port);
void evtchn_clear(evtchn_port_t port);
long evtchn_bind_virq(unsigned int virq, unsigned int vcpu,
                      evtchn_port_t *port);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
/* Block until fn() returns non-zero or timeout_ns passes; 0 = success. */
int wait_until(int (*fn)(void), uint64_t timeout_ns);
extern volatile uint64_t events_handled;

static inline void barrier(void)
{
    __asm__ volatile("" ::: "memory");
}

/* Toolstack-style helpers (domu.c). */
struct xen_domctl;
long guest_domctl(struct xen_domctl *d);
/* Build a paused 1-vCPU PV domU spinning in `jmp .`; returns its id. */
long domu_start_spinner(domid_t *dom);
long domu_create(domid_t *dom, uint32_t max_memkb, uint32_t maptrack_frames);
/* createdomain's grant_opts for the next domu_create (default: version 1). */
extern uint32_t domu_grant_opts;
long domu_start_image(void (*entry)(void), void *stack_top, domid_t *dom,
                      xen_pfn_t *frames, unsigned int max_frames);
/* The last spinner's frames: L4, L3, L2, L1, code, stack. */
extern xen_pfn_t domu_frames[6];
long domu_destroy(domid_t dom);
/* Map frame mfn of domain dom at va (update_va_mapping_otherdomain with
 * PTE flags): the hypercall's result. */
long domu_map(void *va, domid_t dom, uint64_t mfn, uint64_t flags);
/* The first frame of dom's grant table (setup_table; fails the test if
 * there is none). */
xen_pfn_t domu_grant_frame(domid_t dom);
/* pausedomain / unpausedomain of dom (fails the test unless 0). */
void domu_set_paused(domid_t dom, bool pause);
/* The frame behind va of the caller's image in a domU domu_start_image
 * built with frames[]. */
xen_pfn_t domu_image_frame(const xen_pfn_t *frames, const void *va);
/* Grant ref in dom's grant table: dom's frame mfn, to dom0. */
void domu_grant_to_dom0(domid_t dom, grant_ref_t ref, uint64_t mfn,
                        bool readonly);

void *gmemset(void *s, int c, size_t n);
void *gmemcpy(void *d, const void *s, size_t n);
int gmemcmp(const void *a, const void *b, size_t n);
size_t gstrlen(const char *s);
int gstrncmp(const char *a, const char *b, size_t n);

#endif /* !GUEST_ASM */

#endif /* GUEST_H */
