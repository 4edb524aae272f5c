/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench_hypercall, last part: the cost of raising an event with
 * EVTCHNOP_send under the 2-level ABI and under the FIFO ABI, vCPU 0's
 * upcalls masked so only the hypervisor's side is timed.  One iteration
 * is the guest taking the previous event back (2-level: pending bit,
 * selector and upcall flag; FIFO: the queue head, event word, ready bit
 * and upcall flag) and sending on a loopback channel, so every send does
 * the whole path: pending, selector or queue link, upcall flag.  Prints
 *   BENCH evtchn_send_2l_ns ... / BENCH evtchn_send_fifo_ns ...
 * or BENCH-NA evtchn_send_fifo_ns <why> when init_control is refused.
 * The FIFO switch stays until the guest powers off, so it runs last.
 */
#include "guest.h"

void bench_send_2l_fifo(void (*run)(const char *, void (*)(void), unsigned int),
                        unsigned int per_batch);

static evtchn_port_t from, to;
static uint8_t cb_page[4096] __attribute__((aligned(4096)));
static event_word_t array_page[1024] __attribute__((aligned(4096)));
static struct evtchn_fifo_control_block *cb;

static void send_2l(void)
{
    vcpu_info_t *vi = guest_vcpu_info(0);

    evtchn_clear(to);
    vi->evtchn_pending_sel = 0;
    vi->evtchn_upcall_pending = 0;
    CHECK_RC(evtchn_send(from), 0, "send (2-level)");
}

static void send_fifo(void)
{
    vcpu_info_t *vi = guest_vcpu_info(0);
    unsigned int q = EVTCHN_FIFO_PRIORITY_DEFAULT;

    __atomic_store_n(&array_page[to], 0, __ATOMIC_SEQ_CST);
    cb->head[q] = 0;
    cb->ready = 0;
    vi->evtchn_upcall_pending = 0;
    CHECK_RC(evtchn_send(from), 0, "send (FIFO)");
}

void bench_send_2l_fifo(void (*run)(const char *, void (*)(void), unsigned int),
                        unsigned int per_batch)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_init_control ic = { .vcpu = 0 };
    struct evtchn_expand_array ea;
    vcpu_info_t *vi = guest_vcpu_info(0);
    long rc;

    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0, "alloc_unbound");
    bi.remote_port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind_interdomain");
    from = au.port;
    to = bi.local_port;
    CHECK(to < 1024, "port %u beyond one array page", to);
    vi->evtchn_upcall_mask = 1;
    run("evtchn_send_2l_ns", send_2l, per_batch);

    ic.control_gfn = virt_to_mfn(cb_page);
    rc = hc_evtchn_op(EVTCHNOP_init_control, &ic);
    if (rc) {
        gprintf("BENCH-NA evtchn_send_fifo_ns init_control returned %ld\n", rc);
        return;
    }
    cb = (struct evtchn_fifo_control_block *)cb_page;
    ea.array_gfn = virt_to_mfn(array_page);
    CHECK_RC(hc_evtchn_op(EVTCHNOP_expand_array, &ea), 0, "expand_array");
    run("evtchn_send_fifo_ns", send_fifo, per_batch);
    CHECK(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == to, "FIFO head %u",
          cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT]);
}
