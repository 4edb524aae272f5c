/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the FIFO ABI (EVTCHNOP_init_control, expand_array,
 * set_priority) as Xen 4.17 offers it.
 *
 * The guest gives one control block per vCPU (ready bits and the head
 * port of 16 priority queues) and, page by page, an event array: one
 * 32-bit word per port holding PENDING, MASKED, LINKED, BUSY and the port
 * linked after it.  Raising an event sets PENDING; if the port is not
 * masked and not yet linked, it is appended to the queue of its priority
 * on the vCPU it notifies (the previous tail's LINK field, or the head in
 * the control block when the queue is empty), and a queue that was empty
 * sets its ready bit and the vCPU's evtchn_upcall_pending.  The guest
 * consumes queues from the head, unlinking as it goes.
 *
 * The hypervisor keeps each queue's tail; both ends of a queue are changed
 * under that queue's lock.  A port moving to another queue (new priority
 * or vCPU) is linked on the new one only after it left the old one: its
 * last queue is remembered in ->fifo_lastq and both queues' locks are
 * held.  The guest may only set or clear MASKED, clear PENDING or clear
 * LINKED of a linked word; setting BUSY on the tail while relinking keeps
 * it from unmasking, so the compare-and-swap loop is bounded.
 *
 * Until init_control the domain uses the 2-level ops; the first
 * init_control switches every port (pending state carried over) and
 * EVTCHNOP_reset switches back.  Event words of ports whose array page is
 * missing are remembered in ->pending and raised when the page arrives.
 */
#include <xenith/config.h>

#include "private.h"

#define WORDS_PER_PAGE  (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)

struct evtchn_fifo_queue {
    spinlock_t lock;
    uint32_t *head; /* in the guest's control block */
    uint32_t tail;  /* 0: nothing linked here by the hypervisor */
    uint8_t priority;
};

struct evtchn_fifo_vcpu {
    struct evtchn_fifo_control_block *cb; /* NULL until init_control */
    struct evtchn_fifo_queue queue[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_dom {
    unsigned int nr_ports; /* ports with an event word; atomic reads */
    event_word_t *array[MAX_ARRAY_PAGES];
};

#define BIT(b) (1U << (b))

/* ->fifo_lastq: the priority in bits 0-7, the vCPU in bits 8-23. */
static inline uint32_t lastq_make(unsigned int vcpu, unsigned int prio)
{
    return (vcpu << 8) | prio;
}

static struct evtchn_fifo_queue *lastq_queue(struct evtchn_dom *ed,
                                             uint32_t lastq)
{
    return &ed->vcpu[lastq >> 8].fifo->queue[lastq & 0xff];
}

/* The event word of port, or NULL when its array page is missing. */
static event_word_t *word_of(struct evtchn_dom *ed, unsigned int port)
{
    struct evtchn_fifo_dom *f = __atomic_load_n(&ed->fifo, __ATOMIC_ACQUIRE);

    if (!f || port >= __atomic_load_n(&f->nr_ports, __ATOMIC_ACQUIRE))
        return NULL;
    return f->array[port / WORDS_PER_PAGE] + port % WORDS_PER_PAGE;
}

static bool word_test(const event_word_t *w, unsigned int bit)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT(bit);
}

static bool word_test_and_set(event_word_t *w, unsigned int bit)
{
    return __atomic_fetch_or(w, BIT(bit), __ATOMIC_SEQ_CST) & BIT(bit);
}

static void word_clear(event_word_t *w, unsigned int bit)
{
    __atomic_fetch_and(w, ~BIT(bit), __ATOMIC_SEQ_CST);
}

/*
 * Point *w's LINK at link if it is still LINKED: 1 done, 0 not linked
 * (the guest consumed it), -EAGAIN the word changed under us (*w reread).
 */
static int try_link(event_word_t *word, event_word_t *w, uint32_t link)
{
    event_word_t nw;

    if (!(*w & BIT(EVTCHN_FIFO_LINKED)))
        return 0;
    nw = (*w & ~(BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
    if (__atomic_compare_exchange_n(word, w, nw, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST))
        return 1;
    return -EAGAIN;
}

/*
 * Link the tail word to port.  True when linked (or given up on a guest
 * that keeps changing the word, which then loses only its own event
 * order), false when the tail was no longer linked: the queue is empty.
 */
static bool link_tail(event_word_t *tail, uint32_t port)
{
    event_word_t w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
    int rc = try_link(tail, &w, port);

    if (rc >= 0)
        return rc;
    /* BUSY stops the guest unmasking; the word can change 4 more ways. */
    word_test_and_set(tail, EVTCHN_FIFO_BUSY);
    w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
    for (unsigned int i = 0; i < 4; i++) {
        rc = try_link(tail, &w, port);
        if (rc == 0)
            word_clear(tail, EVTCHN_FIFO_BUSY);
        if (rc >= 0)
            return rc;
    }
    word_clear(tail, EVTCHN_FIFO_BUSY);
    return true;
}

/* Lock q and old (once if the same), lower address first. */
static void lock_queues(struct evtchn_fifo_queue *q,
                        struct evtchn_fifo_queue *old)
{
    if (q == old) {
        spin_lock(&q->lock);
    } else if (q < old) {
        spin_lock(&q->lock);
        spin_lock(&old->lock);
    } else {
        spin_lock(&old->lock);
        spin_lock(&q->lock);
    }
}

static void unlock_queues(struct evtchn_fifo_queue *q,
                          struct evtchn_fifo_queue *old)
{
    if (q != old)
        spin_unlock(&old->lock);
    spin_unlock(&q->lock);
}

/* Interrupts are off (a channel lock is held): plain queue locks. */
void evtchn_fifo_set_pending(struct evtchn_dom *ed, unsigned int vcpu,
                             struct evtchn *chn)
{
    unsigned int port = chn->port, tries;
    struct evtchn_fifo_vcpu *fv = ed->vcpu[vcpu].fifo;
    struct evtchn_fifo_queue *q = NULL, *old = NULL;
    event_word_t *word = word_of(ed, port), *tail;
    bool was_pending, linked = true;
    uint32_t lastq;

    if (!word || !fv) {
        chn->pending = true;
        return;
    }

    /*
     * Hold the queue the port goes on and the one it was last on before
     * PENDING is set, so the guest is never woken for an event that is not
     * yet visible in a queue.  The priority or the remembered queue may
     * change meanwhile: take the locks again (three tries, as Xen).
     */
    for (tries = 0; tries < 3; tries++) {
        lastq = __atomic_load_n(&chn->fifo_lastq, __ATOMIC_ACQUIRE);
        q = &fv->queue[READ_ONCE(chn->priority)];
        old = lastq_queue(ed, lastq);
        lock_queues(q, old);
        if (q == &fv->queue[READ_ONCE(chn->priority)] &&
            lastq == __atomic_load_n(&chn->fifo_lastq, __ATOMIC_ACQUIRE))
            break;
        unlock_queues(q, old);
    }

    was_pending = word_test_and_set(word, EVTCHN_FIFO_PENDING);
    if (tries == 3) /* the guest keeps moving it: left pending, unlinked */
        goto done;

    /* No control block: the guest must not unmask before giving one. */
    if (!fv->cb)
        goto unlock;

    if (!word_test(word, EVTCHN_FIFO_MASKED) &&
        !word_test_and_set(word, EVTCHN_FIFO_LINKED)) {
        /* It was the old queue's tail: that queue is empty now. */
        if (old->tail == port)
            old->tail = 0;
        if (old != q) {
            __atomic_store_n(&chn->fifo_lastq, lastq_make(vcpu, q->priority),
                             __ATOMIC_RELEASE);
            spin_unlock(&old->lock);
            old = q;
        }
        linked = false;
        if (q->tail && (tail = word_of(ed, q->tail)))
            linked = link_tail(tail, port);
        if (!linked)
            __atomic_store_n(q->head, port, __ATOMIC_SEQ_CST);
        q->tail = port;
    }

unlock:
    unlock_queues(q, old);
done:
    if (!linked && !(__atomic_fetch_or(&fv->cb->ready, BIT(q->priority),
                                       __ATOMIC_SEQ_CST) &
                     BIT(q->priority)))
        evtchn_mark_upcall(ed, vcpu);
    if (!was_pending)
        evtchn_wake_pollers(ed, port);
}

/* Only PENDING: the guest unlinks words it finds not pending. */
static void clear_pending_fifo(struct evtchn_dom *ed, struct evtchn *chn)
{
    event_word_t *word = word_of(ed, chn->port);

    if (word)
        word_clear(word, EVTCHN_FIFO_PENDING);
}

static void unmask_fifo(struct evtchn_dom *ed, struct evtchn *chn)
{
    event_word_t *word = word_of(ed, chn->port);

    if (!word)
        return;
    word_clear(word, EVTCHN_FIFO_MASKED);
    if (word_test(word, EVTCHN_FIFO_PENDING))
        evtchn_fifo_set_pending(ed, chn->notify_vcpu, chn);
}

static bool is_pending_fifo(struct evtchn_dom *ed, const struct evtchn *chn)
{
    event_word_t *word = word_of(ed, chn->port);

    return word && word_test(word, EVTCHN_FIFO_PENDING);
}

static bool is_busy_fifo(struct evtchn_dom *ed, const struct evtchn *chn)
{
    event_word_t *word = word_of(ed, chn->port);

    return word && word_test(word, EVTCHN_FIFO_LINKED);
}

/* Later events use the new queue; a linked one stays where it is. */
static int set_priority_fifo(struct evtchn_dom *ed, struct evtchn *chn,
                             unsigned int priority)
{
    (void)ed;
    if (priority > EVTCHN_FIFO_PRIORITY_MIN)
        return -EINVAL;
    WRITE_ONCE(chn->priority, (uint8_t)priority);
    return 0;
}

const struct evtchn_port_ops evtchn_ops_fifo = {
    .set_pending = evtchn_fifo_set_pending,
    .clear_pending = clear_pending_fifo,
    .unmask = unmask_fifo,
    .is_pending = is_pending_fifo,
    .is_busy = is_busy_fifo,
    .set_priority = set_priority_fifo,
    .max_ports = EVTCHN_FIFO_NR_CHANNELS,
};

/* Lock chn and, for an interdomain channel, its peer (event_lock held). */
static unsigned long lock_with_peer(struct evtchn *chn, struct evtchn **peer)
{
    *peer = NULL;
    if (chn->state == ECS_INTERDOMAIN) {
        *peer = evtchn_from_port(chn->u.interdomain.remote,
                                 chn->u.interdomain.remote_port);
        if (*peer != chn)
            return evtchn_lock_pair(chn, *peer);
        *peer = NULL;
    }
    return evtchn_lock(chn);
}

static void unlock_with_peer(struct evtchn *chn, struct evtchn *peer,
                             unsigned long flags)
{
    if (peer)
        evtchn_unlock_pair(chn, peer, flags);
    else
        evtchn_unlock(chn, flags);
}

static void unmap_cb(struct evtchn_fifo_vcpu *fv)
{
    if (fv->cb)
        evtchn_hooks->unmap_guest_frame(
            (void *)((uintptr_t)fv->cb & ~(uintptr_t)(PAGE_SIZE - 1)));
    fv->cb = NULL;
}

void evtchn_fifo_destroy(struct evtchn_dom *ed)
{
    struct evtchn_fifo_dom *f = ed->fifo;
    unsigned int i;

    if (!ed->vcpu)
        return;
    if (ed->ops == &evtchn_ops_fifo) {
        __atomic_store_n(&ed->ops, &evtchn_ops_2l, __ATOMIC_RELEASE);
        evtchn_sync_ports(ed);
    }
    for (i = 0; i < ed->max_vcpus; i++) {
        struct evtchn_fifo_vcpu *fv = ed->vcpu[i].fifo;

        if (!fv)
            continue;
        ed->vcpu[i].fifo = NULL;
        unmap_cb(fv);
        xfree(fv);
    }
    if (f) {
        ed->fifo = NULL;
        for (i = 0; i < MAX_ARRAY_PAGES; i++)
            if (f->array[i])
                evtchn_hooks->unmap_guest_frame(f->array[i]);
        xfree(f);
    }
}

/* Map vCPU vcpu's control block (event_lock held). */
static int map_cb(struct evtchn_dom *ed, unsigned int vcpu, uint64_t gfn,
                  uint32_t offset)
{
    struct evtchn_fifo_vcpu *fv = ed->vcpu[vcpu].fifo;
    struct evtchn_fifo_control_block *cb;
    void *va;
    int rc;

    if (fv->cb)
        return -EINVAL;
    rc = evtchn_hooks->map_guest_frame(ed->owner, gfn, &va);
    if (rc)
        return rc;
    cb = (struct evtchn_fifo_control_block *)((char *)va + offset);
    for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
        fv->queue[i].head = &cb->head[i];
    __atomic_store_n(&fv->cb, cb, __ATOMIC_RELEASE);
    return 0;
}

/*
 * Switch ed to FIFO: every port gets the default priority and keeps its
 * 2-level pending state (raised once its event word exists).  Each port
 * is handled under its lock (and its peer's), after the ops changed, so a
 * delivery either set the 2-level bit read here or sees the FIFO ops.
 */
static void switch_ports(struct evtchn_dom *ed)
{
    struct shared_info *si = EVTCHN_HOOK(shared_info)(ed->owner);
    unsigned int port, valid = ed->valid_ports;
    struct evtchn *chn, *peer;
    unsigned long flags;

    __atomic_store_n(&ed->ops, &evtchn_ops_fifo, __ATOMIC_RELEASE);
    for (port = 1; port < valid; port++) {
        chn = evtchn_from_port(ed, port);
        flags = lock_with_peer(chn, &peer);
        if (si && port < EVTCHN_2L_NR_CHANNELS &&
            evtchn_test(si->evtchn_pending, port))
            chn->pending = true;
        chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
        unlock_with_peer(chn, peer, flags);
    }
}

/*
 * EVTCHNOP_init_control: give vCPU op->vcpu its control block at
 * op->offset of frame op->control_gfn; the first call switches the domain
 * to FIFO.  Checks in Xen 4.17's order: -ENOENT no such vCPU; -EINVAL the
 * block would cross the page, or is not 8-byte aligned; -EINVAL this vCPU
 * already has one, or the frame is not a writable frame of the domain;
 * -ENOMEM.  op->link_bits is set for the copy back.
 */
int evtchn_fifo_init_control(struct domain *cur, evtchn_init_control_t *op)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    unsigned int i;
    int rc;

    if (!evtchn_hooks->map_guest_frame)
        return -ENOSYS;
    op->link_bits = EVTCHN_FIFO_LINK_BITS;
    if (!evtchn_vcpu_exists(ed, op->vcpu))
        return -ENOENT;
    if (op->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
        (op->offset & 7))
        return -EINVAL;

    spin_lock(&ed->event_lock);
    if (ed->fifo) {
        rc = map_cb(ed, op->vcpu, op->control_gfn, op->offset);
        spin_unlock(&ed->event_lock);
        return rc;
    }

    rc = -ENOMEM;
    for (i = 0; i < ed->max_vcpus; i++) {
        struct evtchn_fifo_vcpu *fv = xzalloc_bytes(sizeof(*fv));

        if (!fv)
            goto fail;
        for (unsigned int p = 0; p < EVTCHN_FIFO_MAX_QUEUES; p++) {
            spin_lock_init(&fv->queue[p].lock);
            fv->queue[p].priority = (uint8_t)p;
        }
        ed->vcpu[i].fifo = fv;
    }
    ed->fifo = xzalloc_bytes(sizeof(*ed->fifo));
    if (!ed->fifo)
        goto fail;
    rc = map_cb(ed, op->vcpu, op->control_gfn, op->offset);
    if (rc)
        goto fail;
    switch_ports(ed);
    spin_unlock(&ed->event_lock);
    return 0;

fail:
    evtchn_fifo_destroy(ed);
    spin_unlock(&ed->event_lock);
    return rc;
}

/*
 * EVTCHNOP_expand_array: the next page of the event array.  -EOPNOTSUPP
 * before init_control; -ENOSPC when all 128 pages are there; -EINVAL not
 * a writable frame of the domain.  Ports of the new page that were raised
 * while it was missing are raised now.
 */
int evtchn_fifo_expand_array(struct domain *cur,
                             const evtchn_expand_array_t *op)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn_fifo_dom *f;
    unsigned int port, end, valid;
    struct evtchn *chn, *peer;
    unsigned long flags;
    void *va;
    int rc;

    spin_lock(&ed->event_lock);
    f = ed->fifo;
    if (!f) {
        rc = -EOPNOTSUPP;
        goto out;
    }
    port = f->nr_ports;
    if (port / WORDS_PER_PAGE >= MAX_ARRAY_PAGES) {
        rc = -ENOSPC;
        goto out;
    }
    rc = evtchn_hooks->map_guest_frame(ed->owner, op->array_gfn, &va);
    if (rc)
        goto out;
    f->array[port / WORDS_PER_PAGE] = va;
    end = port + WORDS_PER_PAGE;
    __atomic_store_n(&f->nr_ports, end, __ATOMIC_RELEASE);

    valid = ed->valid_ports;
    for (; port < end && port < valid; port++) {
        chn = evtchn_from_port(ed, port);
        flags = lock_with_peer(chn, &peer);
        /*
         * As in Xen 4.17 the flag stays set and a port closed meanwhile
         * is raised too: a later switch to FIFO (after EVTCHNOP_reset)
         * raises it again when its page comes back.
         */
        if (chn->pending)
            evtchn_fifo_set_pending(ed, chn->notify_vcpu, chn);
        unlock_with_peer(chn, peer, flags);
    }
out:
    spin_unlock(&ed->event_lock);
    return rc;
}
