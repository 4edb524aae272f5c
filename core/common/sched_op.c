/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op (#29) and set_timer_op (#15) for PV guests.
 *
 * sched_op sub-ops (Xen 4.17's answers):
 *   yield          0
 *   block          unmask events, sleep until one is pending; atomic: the
 *                  vCPU is marked blocked before the mask drops, and an
 *                  event already pending wakes it at once
 *   shutdown       the domain stops (dom0: the machine powers off or
 *                  resets); -EFAULT bad pointer
 *   poll           sleep until a listed port is pending (masked or not)
 *                  or the timeout; -EINVAL a port that is not bound or
 *                  more than 128 ports
 *   remote_shutdown  privileged; -ESRCH missing domain
 *   shutdown_code  record the reason only
 *   watchdog       id 0 creates (returns its id), timeout 0 destroys
 *                  (-EINVAL if not in use), else refreshes
 *   pin_override   -1 ends an override (-EINVAL if none)
 *   others         -ENOSYS
 */
#include <public/sched.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/time.h>

#define POLL_MAX_PORTS 128
#define NR_WATCHDOGS   NR_DOMAIN_WATCHDOGS

static long sched_block(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    sched_unit_block(&v->sched);
    if (vi) {
        __atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST)) {
            /* An event is already there: do not sleep at all. */
            sched_unit_wake(&v->sched);
            return 0;
        }
    }
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;
}

/* Is any of the ports pending (1), none (0), or one invalid (-EINVAL)? */
static int any_pending(struct evtchn_dom *ed, const evtchn_port_t *ports,
                       unsigned int n)
{
    int rc, found = 0;

    for (unsigned int i = 0; i < n; i++) {
        rc = evtchn_poll_port(ed, ports[i]);
        if (rc < 0)
            return -EINVAL;
        found |= rc;
    }
    return found;
}

static long sched_poll(struct vcpu *v, unsigned long arg)
{
    struct evtchn_dom *ed = &v->domain->evtchn;
    evtchn_port_t ports[POLL_MAX_PORTS];
    sched_poll_t p;
    uint64_t list;
    int rc;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > POLL_MAX_PORTS)
        return -EINVAL;
    memcpy(&list, &p.ports, sizeof(list));
    if (copy_from_guest(ports, list, p.nr_ports * sizeof(ports[0])))
        return -EFAULT;
    /* Already pending (or a bad port): answer without sleeping. */
    rc = any_pending(ed, ports, p.nr_ports);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    sched_unit_block(&v->sched);
    evtchn_poll_begin(ed, v->vcpu_id, p.nr_ports == 1 ? ports[0] : 0);
    if (any_pending(ed, ports, p.nr_ports) > 0) {
        /* It turned pending while we registered: no sleep either. */
        evtchn_poll_end(ed, v->vcpu_id);
        sched_unit_wake(&v->sched);
        return 0;
    }
    v->blocked_in_op = true;
    if (p.timeout)
        set_timer(&v->poll_timer, (s_time_t)p.timeout);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;
}

static void watchdog_fire(void *data)
{
    struct domain *d = data;

    printk("d%u: watchdog timeout\n", d->domain_id);
    pv_domain_shutdown(d, SHUTDOWN_watchdog);
}

static long sched_watchdog(struct domain *d, unsigned long arg)
{
    sched_watchdog_t w;
    long rc = 0;

    if (copy_from_guest(&w, arg, sizeof(w)))
        return -EFAULT;
    spin_lock(&d->lock);
    if (w.id == 0) {
        unsigned int i;

        for (i = 0; i < NR_WATCHDOGS; i++)
            if (!(d->watchdog_inuse & (1U << i)))
                break;
        if (i == NR_WATCHDOGS) {
            rc = -ENOSPC;
        } else {
            d->watchdog_inuse |= 1U << i;
            init_timer(&d->watchdog_timer[i], watchdog_fire, d, 0);
            set_timer(&d->watchdog_timer[i], NOW() + SECONDS(w.timeout));
            rc = i + 1;
        }
    } else if (w.id > NR_WATCHDOGS ||
               !(d->watchdog_inuse & (1U << (w.id - 1)))) {
        rc = -EINVAL;
    } else if (w.timeout == 0) {
        stop_timer(&d->watchdog_timer[w.id - 1]);
        d->watchdog_inuse &= ~(1U << (w.id - 1));
    } else {
        set_timer(&d->watchdog_timer[w.id - 1], NOW() + SECONDS(w.timeout));
    }
    spin_unlock(&d->lock);
    return rc;
}

static long sched_remote_shutdown(struct domain *cur, unsigned long arg)
{
    sched_remote_shutdown_t rs;
    struct domain *d;

    if (copy_from_guest(&rs, arg, sizeof(rs)))
        return -EFAULT;
    if (!cur->is_privileged)
        return -EPERM;
    if (rs.reason > SHUTDOWN_MAX)
        return -EINVAL;
    d = get_domain_by_id(rs.domain_id);
    if (!d)
        return -ESRCH;
    pv_domain_shutdown(d, rs.reason);
    put_domain(d);
    return 0;
}

static long sched_pin_override(struct vcpu *v, unsigned long arg)
{
    sched_pin_override_t po;

    if (copy_from_guest(&po, arg, sizeof(po)))
        return -EFAULT;
    if (!v->domain->is_privileged)
        return -EPERM;
    if (po.pcpu < 0) {
        if (!v->pin_override_set)
            return -EINVAL;
        v->pin_override_set = false;
        return 0;
    }
    if (!cpu_online((unsigned int)po.pcpu))
        return -EINVAL;
    v->pin_override_set = true;
    return 0;
}

long do_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                 unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;
    sched_shutdown_t sd;

    switch (cmd) {
    case SCHEDOP_yield:
        sched_unit_yield(&v->sched);
        raise_softirq(SCHEDULE_SOFTIRQ);
        return 0;
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_shutdown:
        if (copy_from_guest(&sd, arg, sizeof(sd)))
            return -EFAULT;
        pv_domain_shutdown(v->domain, sd.reason);
        return 0;
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&sd, arg, sizeof(sd)))
            return -EFAULT;
        v->domain->shutdown_code = sd.reason;
        return 0;
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(v->domain, arg);
    case SCHEDOP_watchdog:
        return sched_watchdog(v->domain, arg);
    case SCHEDOP_pin_override:
        return sched_pin_override(v, arg);
    default:
        return -ENOSYS;
    }
}

/* set_timer_op(deadline): arm the single-shot timer (0 stops it); a past
 * deadline fires at once. */
long do_set_timer_op(unsigned long deadline, unsigned long a2, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    if (!deadline)
        stop_timer(&v->singleshot_timer);
    else
        set_timer(&v->singleshot_timer, (s_time_t)deadline);
    return 0;
}
