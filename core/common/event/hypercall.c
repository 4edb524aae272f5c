/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the event_channel_op hypercall (#32).
 *
 * One table maps each sub-op to its argument size, its handler and
 * whether results are copied back.  The argument is copied in before the
 * handler runs (-EFAULT if it cannot be read) and copied back only when
 * the handler succeeded (-EFAULT if that fails; the operation has then
 * happened, as in Xen).
 *
 * The FIFO ABI (init_control, expand_array, set_priority) is in fifo.c;
 * set_priority on a 2-level domain behaves as Xen 4.17's (-EINVAL for an
 * invalid port, else -ENOSYS).
 */
#include "private.h"
#include <xenith/pv_hypercalls.h>

union evtchn_op_args {
    evtchn_alloc_unbound_t alloc_unbound;
    evtchn_bind_interdomain_t bind_interdomain;
    evtchn_bind_virq_t bind_virq;
    evtchn_bind_pirq_t bind_pirq;
    evtchn_bind_ipi_t bind_ipi;
    evtchn_close_t close;
    evtchn_send_t send;
    evtchn_status_t status;
    evtchn_bind_vcpu_t bind_vcpu;
    evtchn_unmask_t unmask;
    evtchn_reset_t reset;
    evtchn_set_priority_t set_priority;
    evtchn_init_control_t init_control;
    evtchn_expand_array_t expand_array;
};

static int op_alloc_unbound(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_alloc_unbound(cur, &a->alloc_unbound);
}

static int op_bind_interdomain(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_bind_interdomain(cur, &a->bind_interdomain);
}

static int op_bind_virq(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_bind_virq(cur, &a->bind_virq);
}

static int op_bind_pirq(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_bind_pirq(cur, &a->bind_pirq);
}

static int op_bind_ipi(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_bind_ipi(cur, &a->bind_ipi);
}

static int op_close(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_close(cur, a->close.port);
}

static int op_send(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_send(cur, a->send.port);
}

static int op_status(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_status(cur, &a->status);
}

static int op_bind_vcpu(struct domain *cur, union evtchn_op_args *a)
{
    int rc = evtchn_bind_vcpu(cur, a->bind_vcpu.port, a->bind_vcpu.vcpu);

    if (!rc && evtchn_hooks->port_vcpu_moved)
        evtchn_hooks->port_vcpu_moved(cur, a->bind_vcpu.port,
                                      a->bind_vcpu.vcpu);
    return rc;
}

static int op_unmask(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_unmask(cur, a->unmask.port);
}

static int op_reset(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_reset(cur, a->reset.dom, false);
}

static int op_reset_cont(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_reset(cur, a->reset.dom, true);
}

/* The port is checked first; 2-level domains have no priorities. */
static int op_set_priority(struct domain *cur, union evtchn_op_args *a)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn *chn = evtchn_lookup(ed, a->set_priority.port);
    const struct evtchn_port_ops *ops;
    unsigned long flags;
    int rc = -ENOSYS;

    if (!chn)
        return -EINVAL;
    flags = evtchn_lock(chn);
    ops = evtchn_ops(ed);
    if (ops->set_priority)
        rc = ops->set_priority(ed, chn, a->set_priority.priority);
    evtchn_unlock(chn, flags);
    return rc;
}

static int op_init_control(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_fifo_init_control(cur, &a->init_control);
}

static int op_expand_array(struct domain *cur, union evtchn_op_args *a)
{
    return evtchn_fifo_expand_array(cur, &a->expand_array);
}

struct evtchn_op_desc {
    size_t size;    /* bytes of the argument struct */
    bool copy_back; /* the struct carries results */
    int (*fn)(struct domain *cur, union evtchn_op_args *a);
};

#define OP(cmd, type, back, fn) [cmd] = { sizeof(type), back, fn }
static const struct evtchn_op_desc evtchn_op_table[] = {
    OP(EVTCHNOP_bind_interdomain, evtchn_bind_interdomain_t, true,
       op_bind_interdomain),
    OP(EVTCHNOP_bind_virq, evtchn_bind_virq_t, true, op_bind_virq),
    OP(EVTCHNOP_bind_pirq, evtchn_bind_pirq_t, true, op_bind_pirq),
    OP(EVTCHNOP_close, evtchn_close_t, false, op_close),
    OP(EVTCHNOP_send, evtchn_send_t, false, op_send),
    OP(EVTCHNOP_status, evtchn_status_t, true, op_status),
    OP(EVTCHNOP_alloc_unbound, evtchn_alloc_unbound_t, true, op_alloc_unbound),
    OP(EVTCHNOP_bind_ipi, evtchn_bind_ipi_t, true, op_bind_ipi),
    OP(EVTCHNOP_bind_vcpu, evtchn_bind_vcpu_t, false, op_bind_vcpu),
    OP(EVTCHNOP_unmask, evtchn_unmask_t, false, op_unmask),
    OP(EVTCHNOP_reset, evtchn_reset_t, false, op_reset),
    OP(EVTCHNOP_init_control, evtchn_init_control_t, true, op_init_control),
    OP(EVTCHNOP_expand_array, evtchn_expand_array_t, false, op_expand_array),
    OP(EVTCHNOP_set_priority, evtchn_set_priority_t, false, op_set_priority),
    OP(EVTCHNOP_reset_cont, evtchn_reset_t, false, op_reset_cont),
};
#undef OP

/*
 * Hypercall entry for the current domain.  Returns the sub-op's result,
 * -EFAULT for unreadable/unwritable arguments, -ENOSYS for unknown or
 * unsupported sub-ops.
 */
long evtchn_do_event_channel_op(int cmd, uint64_t arg)
{
    const struct evtchn_op_desc *op;
    union evtchn_op_args a;
    struct domain *cur;
    int rc;

    /* EVTCHNOP_send, the hot one: its 4-byte argument without the table. */
    if (cmd == EVTCHNOP_send) {
        evtchn_port_t port;

        _Static_assert(sizeof(evtchn_send_t) == sizeof(port),
                       "evtchn_send_t is its port");
        if (evtchn_read_send_port(&port, arg))
            return -EFAULT;
        return evtchn_send(EVTCHN_HOOK(current_domain)(), port);
    }
    if (cmd < 0 || (unsigned int)cmd >= ARRAY_SIZE(evtchn_op_table) ||
        !evtchn_op_table[cmd].fn)
        return -ENOSYS;
    op = &evtchn_op_table[cmd];

    if (EVTCHN_HOOK(copy_from_guest)(&a, arg, op->size))
        return -EFAULT;
    cur = EVTCHN_HOOK(current_domain)();
    rc = op->fn(cur, &a);
    if (rc == 0 && op->copy_back &&
        EVTCHN_HOOK(copy_to_guest)(arg, &a, op->size))
        rc = -EFAULT;
    return rc;
}

/* A preempted sub-op (-ERESTART, only EVTCHNOP_reset) is re-issued as
 * EVTCHNOP_reset_cont, or, inside a multicall, continued here. */
long do_event_channel_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                         unsigned long a4, unsigned long a5)
{
    long rc = evtchn_do_event_channel_op((int)cmd, arg);

    while (rc == -ERESTART) {
        if (!hypercall_in_multicall()) {
            hypercall_set_arg(1, EVTCHNOP_reset_cont);
            return HYPERCALL_RESTART;
        }
        rc = evtchn_do_event_channel_op(EVTCHNOP_reset_cont, arg);
    }
    return rc;
}
