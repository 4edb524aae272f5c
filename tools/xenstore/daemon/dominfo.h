/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dominfo.h - noticing domains that shut down or die.
 *
 * Xen raises VIRQ_DOM_EXC when a domain shuts down or is destroyed; the
 * daemon then asks the hypervisor (XEN_DOMCTL_getdomaininfo through
 * /dev/xen/privcmd) about every introduced domain, fires @releaseDomain
 * for each that shut down (once) or died, and stops serving the dead ones,
 * as Xen's own xenstored does.  The toolstack need not send RELEASE.
 */
#ifndef XSD_DOMINFO_H
#define XSD_DOMINFO_H

#include <stdbool.h>
#include <stdint.h>

struct dominfo {
    bool exists, dying, shutdown;
};

/* Ask Xen about one domain; 0, or an errno when it cannot be asked. */
int dominfo_get(uint32_t domid, struct dominfo *out);
/* React to VIRQ_DOM_EXC. */
void domains_check(void);

#endif
