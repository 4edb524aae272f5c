/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host test of the public guest ABI headers (core/include/public/).
 *
 * Includes every header in a hosted build and checks, at run time, the
 * layouts that guests and the toolstack depend on: where fields land in a
 * raw byte image of each structure, the errno X-macro list and the guest
 * handle helpers.  The headers' own _Static_asserts cover sizes at compile
 * time; these tests check the same facts through real stores and loads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "public/xen.h"
#include "public/arch-x86/xen.h"
#include "public/arch-x86/cpuid.h"
#include "public/arch-x86/xen-mca.h"
#include "public/xsm/flask_op.h"
#include "public/callback.h"
#include "public/domctl.h"
#include "public/errno.h"
#include "public/event_channel.h"
#include "public/features.h"
#include "public/grant_table.h"
#include "public/io/console.h"
#include "public/io/ring.h"
#include "public/io/xenbus.h"
#include "public/io/xs_wire.h"
#include "public/memory.h"
#include "public/nmi.h"
#include "public/physdev.h"
#include "public/platform.h"
#include "public/sched.h"
#include "public/sysctl.h"
#include "public/vcpu.h"
#include "public/version.h"

/* Byte offset of a member found by storing through it into a zeroed copy. */
static size_t find_marker(const void *obj, size_t size, uint8_t marker)
{
    const uint8_t *p = obj;
    for (size_t i = 0; i < size; i++) {
        if (p[i] == marker)
            return i;
    }
    return (size_t)-1;
}

static void test_start_info_layout(void **state)
{
    static struct start_info si;

    memset(&si, 0, sizeof(si));
    si.flags = 0xA5;
    assert_int_equal(find_marker(&si, sizeof(si), 0xA5), 48);
    memset(&si, 0, sizeof(si));
    si.pt_base = 0xA5;
    assert_int_equal(find_marker(&si, sizeof(si), 0xA5), 88);
    memset(&si, 0, sizeof(si));
    si.console.dom0.info_size = 0xA5;
    assert_int_equal(find_marker(&si, sizeof(si), 0xA5), 76);
    memset(&si, 0, sizeof(si));
    si.nr_p2m_frames = 0xA5;
    assert_int_equal(find_marker(&si, sizeof(si), 0xA5), 1160);
    assert_int_equal(sizeof(si), 1168);
}

static void test_shared_info_layout(void **state)
{
    static struct shared_info sh;

    memset(&sh, 0, sizeof(sh));
    sh.vcpu_info[1].arch.cr2 = 0x5A;
    assert_int_equal(find_marker(&sh, sizeof(sh), 0x5A), 64 + 16);
    memset(&sh, 0, sizeof(sh));
    sh.vcpu_info[0].time.tsc_shift = 0x5A;
    assert_int_equal(find_marker(&sh, sizeof(sh), 0x5A), 32 + 28);
    memset(&sh, 0, sizeof(sh));
    sh.evtchn_pending[0] = 0x5A;
    assert_int_equal(find_marker(&sh, sizeof(sh), 0x5A), 2048);
    memset(&sh, 0, sizeof(sh));
    sh.evtchn_mask[1] = 0x5A;
    assert_int_equal(find_marker(&sh, sizeof(sh), 0x5A), 2568);
    memset(&sh, 0, sizeof(sh));
    sh.wc_nsec = 0x5A;
    assert_int_equal(find_marker(&sh, sizeof(sh), 0x5A), 3080);
    memset(&sh, 0, sizeof(sh));
    sh.arch.p2m_generation = 0x5A;
    assert_int_equal(find_marker(&sh, sizeof(sh), 0x5A), 3088 + 40);
}

static void test_vcpu_context_layout(void **state)
{
    static struct vcpu_guest_context c;

    memset(&c, 0, sizeof(c));
    c.user_regs.rip = 0x77;
    assert_int_equal(find_marker(&c, sizeof(c), 0x77), 520 + 128);
    memset(&c, 0, sizeof(c));
    c.trap_ctxt[14].address = 0x77;
    assert_int_equal(find_marker(&c, sizeof(c), 0x77), 720 + 14 * 16 + 8);
    memset(&c, 0, sizeof(c));
    c.ctrlreg[3] = 0x77;
    assert_int_equal(find_marker(&c, sizeof(c), 0x77), 4984 + 24);
    memset(&c, 0, sizeof(c));
    c.kernel_sp = 0x77;
    assert_int_equal(find_marker(&c, sizeof(c), 0x77), 4976);
}

static void test_domctl_sysctl_layout(void **state)
{
    struct xen_domctl d;
    struct xen_sysctl s;

    memset(&d, 0, sizeof(d));
    d.u.scheduler_op.u.credit.cap = 0x33;
    assert_int_equal(find_marker(&d, sizeof(d), 0x33), 16 + 8 + 2);
    memset(&d, 0, sizeof(d));
    d.u.createdomain.max_vcpus = 0x33;
    assert_int_equal(find_marker(&d, sizeof(d), 0x33), 16 + 28);
    memset(&d, 0, sizeof(d));
    d.u.getdomaininfo.nr_online_vcpus = 0x33;
    assert_int_equal(find_marker(&d, sizeof(d), 0x33), 16 + 64);
    memset(&s, 0, sizeof(s));
    s.u.scheduler_op.u.sched_credit.ratelimit_us = 0x33;
    assert_int_equal(find_marker(&s, sizeof(s), 0x33), 8 + 16 + 4);
    memset(&s, 0, sizeof(s));
    s.u.physinfo.free_pages = 0x33;
    assert_int_equal(find_marker(&s, sizeof(s), 0x33), 8 + 48);
    assert_int_equal(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
    assert_int_equal(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
}

static void test_small_structs(void **state)
{
    struct gnttab_copy gc;
    struct evtchn_status st;
    struct trap_info ti;

    memset(&gc, 0, sizeof(gc));
    gc.dest.offset = 0x44;
    assert_int_equal(find_marker(&gc, sizeof(gc), 0x44), 16 + 10);
    memset(&st, 0, sizeof(st));
    st.u.interdomain.port = 0x44;
    assert_int_equal(find_marker(&st, sizeof(st), 0x44), 20);
    memset(&ti, 0, sizeof(ti));
    ti.address = 0x44;
    assert_int_equal(find_marker(&ti, sizeof(ti), 0x44), 8);
    assert_int_equal(sizeof(struct multicall_entry), 64);
    assert_int_equal(sizeof(struct mmu_update), 16);
    assert_int_equal(sizeof(struct vcpu_runstate_info), 48);
}

static int errno_value(const char *name)
{
#define ERRNO_CASE(n, v)       \
    if (strcmp(name, #n) == 0) \
        return v;
    XEN_ERRNO_LIST(ERRNO_CASE)
#undef ERRNO_CASE
    return -1;
}

static void test_errno_list(void **state)
{
    assert_int_equal(XEN_EPERM, 1);
    assert_int_equal(XEN_EFAULT, 14);
    assert_int_equal(XEN_EINVAL, 22);
    assert_int_equal(XEN_ENOSYS, 38);
    assert_int_equal(XEN_ETIME, 62);
    assert_int_equal(XEN_EOPNOTSUPP, 95);
    assert_int_equal(errno_value("EBUSY"), 16);
    assert_int_equal(errno_value("ECONNREFUSED"), 111);
    assert_int_equal(errno_value("NOPE"), -1);
}

static void test_handles_and_numbers(void **state)
{
    struct gnttab_setup_table st;
    xen_pfn_t frames[4];

    set_xen_guest_handle(st.frame_list, frames);
    assert_ptr_equal(st.frame_list.p, frames);
    assert_false(guest_handle_is_null(st.frame_list));
    assert_int_equal(sizeof(st.frame_list), 8);
    assert_int_equal(__HYPERVISOR_iret, 23);
    assert_int_equal(__HYPERVISOR_event_channel_op, 32);
    assert_int_equal(FLAT_KERNEL_CS, 0xe033);
    assert_int_equal(FLAT_KERNEL_SS, 0xe02b);
    assert_int_equal(XENFEAT_dom0, 11);
    assert_int_equal(DOMID_SELF, 0x7FF0);
    assert_int_equal(EVTCHN_2L_NR_CHANNELS, 4096);
}

struct t_req {
    uint64_t id, val;
};
struct t_rsp {
    uint64_t id;
    int32_t status;
    uint32_t pad;
};
DEFINE_RING_TYPES(t, struct t_req, struct t_rsp);

static void test_ring_macros(void **state)
{
    static uint8_t page[4096] __attribute__((aligned(4096)));
    t_sring_t *s = (t_sring_t *)page;
    t_front_ring_t fr;
    t_back_ring_t br;
    int notify;

    assert_int_equal(offsetof(t_sring_t, ring), XEN_RING_HEADER_SIZE);
    memset(page, 0xff, sizeof(page));
    SHARED_RING_INIT(s);
    FRONT_RING_INIT(&fr, s, sizeof(page));
    BACK_RING_INIT(&br, s, sizeof(page));
    /* (4096 - 64) / 16 = 252 entries fit; rounded down to 128. */
    assert_int_equal(RING_SIZE(&fr), 128);
    assert_int_equal(RING_FREE_REQUESTS(&fr), 128);
    RING_GET_REQUEST(&fr, fr.req_prod_pvt)->id = 7;
    fr.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fr, notify);
    assert_true(notify); /* req_event starts at 1 */
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&br), 1);
    assert_int_equal(RING_GET_REQUEST(&br, br.req_cons)->id, 7);
    br.req_cons++;
    RING_GET_RESPONSE(&br, br.rsp_prod_pvt)->status = -1;
    br.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&br, notify);
    assert_true(notify);
    assert_int_equal(RING_HAS_UNCONSUMED_RESPONSES(&fr), 1);
    /* A second request without a new req_event does not notify. */
    fr.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fr, notify);
    assert_false(notify);
    assert_false(RING_REQUEST_PROD_OVERFLOW(&br, s->req_prod));
    assert_true(RING_REQUEST_PROD_OVERFLOW(&br, br.rsp_prod_pvt + 129));
}

static void test_xenstore_wire(void **state)
{
    struct xenstore_domain_interface xi;

    assert_int_equal(XS_WATCH_EVENT, 15);
    assert_int_equal(XS_RESET_WATCHES, 21);
    assert_int_equal(XS_DIRECTORY_PART, 22);
    assert_int_equal(offsetof(struct xenstore_domain_interface, rsp), 1024);
    assert_int_equal(offsetof(struct xenstore_domain_interface, req_cons),
                     2048);
    assert_int_equal(offsetof(struct xenstore_domain_interface, error), 2072);
    assert_int_equal(MASK_XENSTORE_IDX(1030), 6);
    (void)xi;
    assert_int_equal(XenbusStateConnected, 4);
    assert_int_equal(XenbusStateReconfigured, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_info_layout),
        cmocka_unit_test(test_shared_info_layout),
        cmocka_unit_test(test_vcpu_context_layout),
        cmocka_unit_test(test_domctl_sysctl_layout),
        cmocka_unit_test(test_small_structs),
        cmocka_unit_test(test_errno_list),
        cmocka_unit_test(test_handles_and_numbers),
        cmocka_unit_test(test_ring_macros),
        cmocka_unit_test(test_xenstore_wire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
