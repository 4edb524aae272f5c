/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc: small allocations from size-class free lists carved out of
 * heap pages; large ones take whole pages.  Each block starts with a
 * 16-byte header naming its class (or page order), so xfree() needs no
 * size.
 *
 * Locking: xmalloc_lock (irq-safe) protects the free lists.
 */
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/spinlock.h>

#define HDR_SIZE    16
#define MIN_SHIFT   5  /* 32-byte blocks (16 usable) */
#define MAX_SHIFT   11 /* 2 KiB blocks */
#define NR_CLASSES  (MAX_SHIFT - MIN_SHIFT + 1)
#define MAGIC_SMALL 0x5a11b10cu
#define MAGIC_LARGE 0x1a76e0ffu

struct hdr {
    uint32_t magic;
    uint32_t cls; /* size class, or page order for large blocks */
    struct hdr *next;
};

static struct hdr *free_list[NR_CLASSES];
static DEFINE_SPINLOCK(xmalloc_lock);

static unsigned int class_of(size_t total)
{
    unsigned int c = 0;

    while ((1UL << (MIN_SHIFT + c)) < total)
        c++;
    return c;
}

/* Carve a fresh page into blocks of one class (lock held). */
static bool refill(unsigned int c)
{
    char *page = alloc_xenheap_page();
    size_t bs = 1UL << (MIN_SHIFT + c);

    if (!page)
        return false;
    for (size_t off = 0; off + bs <= PAGE_SIZE; off += bs) {
        struct hdr *h = (struct hdr *)(page + off);

        h->magic = MAGIC_SMALL;
        h->cls = c;
        h->next = free_list[c];
        free_list[c] = h;
    }
    return true;
}

static void *alloc_large(size_t total)
{
    unsigned int order = 0;
    struct hdr *h;

    while ((PAGE_SIZE << order) < total)
        order++;
    h = alloc_xenheap_pages(order);
    if (!h)
        return NULL;
    h->magic = MAGIC_LARGE;
    h->cls = order;
    return (char *)h + HDR_SIZE;
}

void *xmalloc_bytes(size_t size)
{
    size_t total = size + HDR_SIZE;
    unsigned int c;
    unsigned long f;
    struct hdr *h;

    if (size > (1UL << 30))
        return NULL;
    if (total > (1UL << MAX_SHIFT))
        return alloc_large(total);
    c = class_of(total);
    f = spin_lock_irqsave(&xmalloc_lock);
    if (!free_list[c] && !refill(c)) {
        spin_unlock_irqrestore(&xmalloc_lock, f);
        return NULL;
    }
    h = free_list[c];
    free_list[c] = h->next;
    spin_unlock_irqrestore(&xmalloc_lock, f);
    h->next = NULL;
    return (char *)h + HDR_SIZE;
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p)
        memset(p, 0, size);
    return p;
}

void xfree(void *p)
{
    struct hdr *h;
    unsigned long f;

    if (!p)
        return;
    h = (struct hdr *)((char *)p - HDR_SIZE);
    if (h->magic == MAGIC_LARGE) {
        h->magic = 0;
        free_xenheap_pages(h, h->cls);
        return;
    }
    if (h->magic != MAGIC_SMALL || h->cls >= NR_CLASSES) {
        printk(XENLOG_ERR "xfree: bad pointer %p\n", p);
        return;
    }
    f = spin_lock_irqsave(&xmalloc_lock);
    h->next = free_list[h->cls];
    free_list[h->cls] = h;
    spin_unlock_irqrestore(&xmalloc_lock, f);
}
