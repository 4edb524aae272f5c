/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domlist: XEN_SYSCTL_getdomaininfolist with many domains.  Dom0 creates
 * NR_DOMS paused PV domains through XEN_DOMCTL_createdomain, then pages
 * through the domain list from first_domain = 0 in chunks of several
 * sizes, each next page starting past the last domain listed.  Every
 * domain must appear exactly once per walk, in ascending id order, and a
 * page may hold no more than max_domains entries.  Then the domains are
 * destroyed and the list is back to dom0 alone.
 */
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

const char guest_name[] = "domlist";

#define NR_DOMS  200
#define MAX_LIST 320

static xen_domctl_getdomaininfo_t info[MAX_LIST + 1];
static domid_t created[NR_DOMS];
static uint8_t seen[DOMID_FIRST_RESERVED];

static long sysctl(struct xen_sysctl *s, uint32_t cmd)
{
    s->cmd = cmd;
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_sysctl, s, 0, 0, 0, 0);
}

static long create_one(domid_t *dom)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_createdomain;
    d.domain = 0; /* pick a free id */
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_evtchn_port = 31;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.max_maptrack_frames = 0;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    rc = guest_domctl(&d);
    if (!rc)
        *dom = d.domain;
    return rc;
}

/* One page of the list: returns the number of entries. */
static unsigned int list_page(domid_t first, unsigned int max)
{
    struct xen_sysctl s;

    gmemset(&s, 0, sizeof(s));
    s.u.getdomaininfolist.first_domain = first;
    s.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(s.u.getdomaininfolist.buffer, info);
    /* A canary past the page: nothing may be written beyond max. */
    info[max].domain = 0xbeef;
    CHECK_RC(sysctl(&s, XEN_SYSCTL_getdomaininfolist), 0, "getdomaininfolist");
    CHECK(s.u.getdomaininfolist.num_domains <= max,
          "page from d%u: %u entries for max_domains %u", first,
          s.u.getdomaininfolist.num_domains, max);
    CHECK(info[max].domain == 0xbeef,
          "page from d%u of max %u wrote past its end", first, max);
    return s.u.getdomaininfolist.num_domains;
}

/* Walk the whole list in pages of `chunk`; returns the domains seen. */
static unsigned int walk(unsigned int chunk)
{
    unsigned int total = 0, pages = 0;
    domid_t first = 0;
    int last = -1;

    gmemset(seen, 0, sizeof(seen));
    for (;;) {
        unsigned int n = list_page(first, chunk);

        pages++;
        for (unsigned int i = 0; i < n; i++) {
            domid_t id = info[i].domain;

            CHECK(id < DOMID_FIRST_RESERVED, "chunk %u: domain id %u", chunk,
                  id);
            CHECK((int)id > last,
                  "chunk %u: d%u listed after d%d (not ascending)", chunk, id,
                  last);
            CHECK(id >= first, "chunk %u: d%u below first_domain %u", chunk, id,
                  first);
            CHECK(!seen[id], "chunk %u: d%u listed twice", chunk, id);
            seen[id] = 1;
            last = id;
        }
        total += n;
        if (n < chunk)
            break;
        first = (domid_t)(last + 1);
        CHECK(pages <= NR_DOMS + 2, "chunk %u: the walk does not end", chunk);
    }
    CHECK(seen[0], "chunk %u: dom0 not listed", chunk);
    for (unsigned int i = 0; i < NR_DOMS; i++)
        CHECK(seen[created[i]], "chunk %u: d%u never listed (%u seen)", chunk,
              created[i], total);
    return total;
}

void test_main(void)
{
    static const unsigned int chunks[] = { 1, 7, 63, 64, 65, 100, 300 };
    struct xen_domctl d;
    unsigned int base, n;

    guest_install_traps();
    base = list_page(0, MAX_LIST);
    CHECK(base >= 1 && info[0].domain == 0, "initial list: %u, first d%u", base,
          info[0].domain);

    for (unsigned int i = 0; i < NR_DOMS; i++)
        CHECK_RC(create_one(&created[i]), 0, "createdomain");
    guest_ok("%u domains created (d%u..d%u)", NR_DOMS, created[0],
             created[NR_DOMS - 1]);

    for (unsigned int c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
        n = walk(chunks[c]);
        CHECK(n == base + NR_DOMS, "chunk %u: %u domains listed, expected %u",
              chunks[c], n, base + NR_DOMS);
        guest_ok("pages of %u: all %u domains once, in order", chunks[c], n);
    }

    /* A page starting in the middle holds exactly the ids above it. */
    n = list_page(created[NR_DOMS / 2], MAX_LIST);
    CHECK(n == NR_DOMS - NR_DOMS / 2 && info[0].domain == created[NR_DOMS / 2],
          "list from d%u: %u entries, first d%u", created[NR_DOMS / 2], n,
          info[0].domain);
    n = list_page(DOMID_FIRST_RESERVED - 1, MAX_LIST);
    CHECK(n == 0, "list past the last domain: %u entries", n);
    n = list_page(0, 0);
    CHECK(n == 0, "max_domains 0: %u entries", n);
    guest_ok("pages from the middle, past the end and of size 0");

    for (unsigned int i = 0; i < NR_DOMS; i++) {
        gmemset(&d, 0, sizeof(d));
        d.cmd = XEN_DOMCTL_destroydomain;
        d.domain = created[i];
        CHECK_RC(guest_domctl(&d), 0, "destroydomain");
    }
    n = list_page(0, MAX_LIST);
    CHECK(n == base, "after destruction %u domains listed, expected %u", n,
          base);
    guest_ok("%u domains destroyed; %u listed again", NR_DOMS, n);
}
