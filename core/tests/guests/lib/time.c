/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time from a vcpu_time_info: retry while the version is odd or
 * changes, then scale the TSC delta by tsc_shift and tsc_to_system_mul.
 */
#include "guest.h"

uint64_t guest_now_ns_time(const struct vcpu_time_info *ti)
{
    const volatile struct vcpu_time_info *t = ti;
    uint32_t ver, mul;
    uint64_t tsc, sys, delta;
    int8_t shift;

    do {
        ver = t->version;
        barrier();
        tsc = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        barrier();
    } while ((ver & 1) || ver != t->version);

    delta = rdtsc() - tsc;
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t guest_now_ns_vcpu(const vcpu_info_t *vi)
{
    return guest_now_ns_time(&vi->time);
}

uint64_t guest_now_ns(void)
{
    return guest_now_ns_vcpu(guest_vcpu_info(guest_vcpu_id()));
}

/* System time that never steps back: read on another pCPU after a vCPU
 * moved, it may be a few microseconds less than just before (seen on
 * Xen 4.17), which would make an elapsed-time difference wrap. */
uint64_t guest_mono_ns(void)
{
    static uint64_t seen;
    uint64_t now = guest_now_ns();

    if (now < seen)
        now = seen;
    seen = now;
    return now;
}
