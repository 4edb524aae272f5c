/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn_timer, part 2: time (see evtchn_timer.c).
 *
 * System time from vcpu_info stays monotonic; the wall clock is
 * plausible; a vcpu_time_info area registered with
 * VCPUOP_register_vcpu_time_memory_area is kept up to date and agrees
 * with the one in vcpu_info.
 */
#include "guest.h"

void test_time(void);
void test_time_area(void);

static struct vcpu_time_info time_area;

void test_time_area(void)
{
    struct vcpu_register_time_memory_area ra;
    uint64_t a, b;
    uint32_t v0;

    ra.addr.v = &time_area;
    CHECK_RC(hc_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &ra), 0,
             "register_vcpu_time_memory_area");
    CHECK(time_area.tsc_to_system_mul != 0 && !(time_area.version & 1),
          "registered time area: mul %u version %u",
          time_area.tsc_to_system_mul, time_area.version);
    /* The hypervisor refreshes time at least once a second. */
    v0 = time_area.version;
    a = guest_now_ns();
    while (*(volatile uint32_t *)&time_area.version == v0)
        CHECK(guest_now_ns() - a < 3000000000UL,
              "registered time area not updated in 3 s");
    a = guest_now_ns_vcpu(&shared->vcpu_info[0]);
    b = guest_now_ns_time(&time_area);
    CHECK(b + 1000000 > a && b < a + 1000000,
          "time area says %lu ns, vcpu_info %lu ns", b, a);
    /* The address is only used when the (offline) vCPU 1 runs. */
    ra.addr.p = 0x1000;
    guest_expect(hc_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 1, &ra),
                 hc_vcpu_op(VCPUOP_is_up, 1, NULL) >= 0 ? 0 : -XEN_ENOENT,
                 "time area for another vcpu at an unmapped address");
    guest_ok("vcpu time area registered, updated (version %u -> %u), "
             "agrees within 1 ms",
             v0, time_area.version);
}

void test_time(void)
{
    uint64_t prev = guest_now_ns(), first = prev;
    uint32_t ver, sec;

    for (int i = 0; i < 20000; i++) {
        uint64_t now = guest_now_ns();
        CHECK(now >= prev, "time went back: %lu after %lu", now, prev);
        prev = now;
        if (i % 1000 == 0)
            hc_sched_op(SCHEDOP_yield, NULL);
    }
    CHECK(prev > first, "time did not advance");
    do {
        ver = shared->wc_version;
        barrier();
        sec = shared->wc_sec;
        barrier();
    } while ((ver & 1) || ver != shared->wc_version);
    CHECK(sec > 1500000000U, "wall clock seconds %u implausible", sec);
    guest_ok("vcpu time monotonic over 20000 reads (%lu us), wc_sec %u",
             (prev - first) / 1000, sec);
}
