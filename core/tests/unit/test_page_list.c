/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV domain's frame accounting (arch/x86/pv/page_list.c): assigning
 * frames within max_pages is all or nothing and refused for a dying
 * domain; taking a frame back needs it referenced by its allocation
 * alone; and two CPUs assigning at the same time never pass the limit
 * between them (the check and the assignment are one step).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include <xenith/compiler.h>
#include <xenith/domain.h>
#include <xenith/mm.h>
#include <xenith/asm/pv/domain.h>

#define NFRAMES 4096

static struct page_info pages[NFRAMES];
static struct domain dom;

struct page_info *pv_mm_arch_page(unsigned long mfn)
{
    return mfn < NFRAMES ? &pages[mfn] : NULL;
}

unsigned long pv_mm_arch_page_to_mfn(const struct page_info *pg)
{
    return (unsigned long)(pg - pages);
}

/* Log-dirty marking is not under test here. */
void pv_logdirty_frames_added(struct domain *d, struct page_info *pg,
                              unsigned long n)
{
    (void)d;
    (void)pg;
    (void)n;
}

static int setup(void **state)
{
    (void)state;
    memset(pages, 0, sizeof(pages));
    for (unsigned int i = 0; i < NFRAMES; i++) {
        pages[i].owner = DOMID_INVALID_OWNER;
        pages[i].count_info = PGC_state_inuse;
        pages[i].list.next = pages[i].list.prev = PAGE_LIST_NULL;
    }
    memset(&dom, 0, sizeof(dom));
    dom.domain_id = 5;
    spin_lock_init(&dom.lock);
    dom.pv.page_head = PAGE_LIST_NULL;
    return 0;
}

/* Walk d's list both ways: its length (and that the links agree). */
static unsigned long list_len(void)
{
    unsigned long n = 0;
    uint32_t prev = PAGE_LIST_NULL;

    for (uint32_t f = dom.pv.page_head; f != PAGE_LIST_NULL;
         f = pages[f].list.next) {
        assert_int_equal(pages[f].list.prev, prev);
        assert_int_equal(pages[f].owner, dom.domain_id);
        prev = f;
        n++;
        assert_true(n <= NFRAMES);
    }
    return n;
}

static void test_assign_within_limit(void **state)
{
    (void)state;
    dom.max_pages = 6;
    assert_true(pv_assign_pages(&dom, &pages[10], 4, true));
    assert_int_equal(dom.tot_pages, 4);
    for (unsigned int i = 10; i < 14; i++) {
        assert_int_equal(pages[i].owner, 5);
        assert_int_equal(pages[i].count_info,
                         PGC_state_inuse | PGC_allocated | 1);
    }
    /* Three more would make 7 > 6: refused, nothing assigned. */
    assert_false(pv_assign_pages(&dom, &pages[20], 3, true));
    assert_int_equal(dom.tot_pages, 4);
    for (unsigned int i = 20; i < 23; i++) {
        assert_int_equal(pages[i].owner, DOMID_INVALID_OWNER);
        assert_int_equal(pages[i].count_info, PGC_state_inuse);
    }
    assert_true(pv_assign_pages(&dom, &pages[20], 2, true));
    assert_int_equal(dom.tot_pages, 6);
    assert_false(pv_assign_pages(&dom, &pages[30], 1, true));
    /* Giving back what was taken ignores the limit. */
    assert_true(pv_assign_pages(&dom, &pages[30], 1, false));
    assert_int_equal(dom.tot_pages, 7);
    assert_int_equal(list_len(), 7);
}

static void test_assign_huge_request(void **state)
{
    (void)state;
    dom.max_pages = 8;
    dom.tot_pages = 0;
    /* No wrap-around of tot_pages + n. */
    assert_false(pv_assign_pages(&dom, &pages[0], ~0UL, true));
    assert_false(pv_assign_pages(&dom, &pages[0], 9, true));
    assert_int_equal(dom.tot_pages, 0);
    assert_int_equal(pages[0].owner, DOMID_INVALID_OWNER);
}

static void test_assign_dying(void **state)
{
    (void)state;
    dom.max_pages = 100;
    dom.is_dying = true;
    assert_false(pv_assign_pages(&dom, &pages[1], 1, true));
    assert_false(pv_assign_pages(&dom, &pages[1], 1, false));
    assert_int_equal(dom.tot_pages, 0);
    assert_int_equal(pages[1].owner, DOMID_INVALID_OWNER);
}

static void test_steal(void **state)
{
    (void)state;
    dom.max_pages = 100;
    assert_true(pv_assign_pages(&dom, &pages[40], 4, true));
    /* A mapping (second general reference): refused, unchanged. */
    pages[40].count_info++;
    assert_false(pv_steal_page(&dom, &pages[40]));
    assert_int_equal(pages[40].count_info, PGC_state_inuse | PGC_allocated | 2);
    /* A type reference: refused. */
    pages[41].u.type_info = PGT_writable_page | 1;
    assert_false(pv_steal_page(&dom, &pages[41]));
    /* A hypervisor page given to the guest: refused. */
    pages[42].count_info |= PGC_xen_heap;
    assert_false(pv_steal_page(&dom, &pages[42]));
    assert_int_equal(dom.tot_pages, 4);
    /* Another domain's frame: refused. */
    pages[50].owner = 6;
    pages[50].count_info = PGC_state_inuse | PGC_allocated | 1;
    assert_false(pv_steal_page(&dom, &pages[50]));
    assert_int_equal(pages[50].owner, 6);
    /* Only the allocation: taken, off the list, counted out. */
    assert_true(pv_steal_page(&dom, &pages[43]));
    assert_int_equal(pages[43].owner, DOMID_INVALID_OWNER);
    assert_int_equal(pages[43].count_info, PGC_state_inuse);
    assert_int_equal(dom.tot_pages, 3);
    assert_int_equal(list_len(), 3);
    assert_false(pv_steal_page(&dom, &pages[43]));
    /* And it can be given back. */
    assert_true(pv_assign_pages(&dom, &pages[43], 1, false));
    assert_int_equal(dom.tot_pages, 4);
    assert_int_equal(list_len(), 4);
}

/*
 * Two CPUs race to assign a frame each while there is room for one: in
 * every round the limit grows by one and both try at the same moment.
 */
#define ROUNDS 2000

static pthread_barrier_t round_start, round_end;
static unsigned int over_limit;

struct racer {
    unsigned int id; /* 0 or 1: frames 2r + id */
    unsigned int won;
};

static void *race(void *arg)
{
    struct racer *r = arg;

    for (unsigned int i = 0; i < ROUNDS; i++) {
        if (r->id == 0) {
            spin_lock(&dom.lock);
            dom.max_pages = i + 1;
            spin_unlock(&dom.lock);
        }
        pthread_barrier_wait(&round_start);
        if (pv_assign_pages(&dom, &pages[2 * i + r->id], 1, true))
            r->won++;
        pthread_barrier_wait(&round_end);
        if (r->id == 0 && dom.tot_pages > dom.max_pages)
            over_limit++;
    }
    return NULL;
}

static void test_concurrent_limit(void **state)
{
    struct racer a = { 0, 0 }, b = { 1, 0 };
    pthread_t ta, tb;

    (void)state;
    pthread_barrier_init(&round_start, NULL, 2);
    pthread_barrier_init(&round_end, NULL, 2);
    over_limit = 0;
    assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&round_start);
    pthread_barrier_destroy(&round_end);
    assert_int_equal(over_limit, 0);
    assert_int_equal(a.won + b.won, ROUNDS);
    assert_int_equal(dom.tot_pages, ROUNDS);
    assert_int_equal(list_len(), ROUNDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_assign_within_limit, setup),
        cmocka_unit_test_setup(test_assign_huge_request, setup),
        cmocka_unit_test_setup(test_assign_dying, setup),
        cmocka_unit_test_setup(test_steal, setup),
        cmocka_unit_test_setup(test_concurrent_limit, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
