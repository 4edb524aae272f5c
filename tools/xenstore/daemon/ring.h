/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ring.h - the shared-ring transport for domains.
 *
 * An introduced domain's store page is mapped with its grant reference
 * (/dev/xen/gntdev) or, failing that, by frame number through
 * /dev/xen/privcmd; its event channel is bound through /dev/xen/evtchn.
 * Dom0's own ring is reached through /dev/xen/xenbus_backend.
 */
#ifndef XSD_RING_H
#define XSD_RING_H

#include <stdint.h>

struct domain;

/* Open /dev/xen/evtchn; -1 if there is no Xen here. */
int ring_init(void);
/* The event channel fd for poll(), or -1. */
int ring_evtchn_fd(void);
/* Map and bind a domain's ring and attach a connection; 0 or errno. */
int ring_attach(struct domain *d, unsigned long mfn, uint32_t port);
/* Connect dom0's ring through the xenbus backend device; 0 or errno. */
int ring_attach_dom0(void);
/* Handle pending event-channel notifications. */
void ring_handle_events(void);
/* Notify peers of rings that got output. */
void ring_kick_all(void);

#endif
