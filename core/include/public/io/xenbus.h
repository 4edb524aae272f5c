/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: the xenbus device states a frontend and backend write
 * to their "state" xenstore nodes.
 */
#ifndef XENITH_PUBLIC_IO_XENBUS_H
#define XENITH_PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown = 0,
    XenbusStateInitialising = 1,
    XenbusStateInitWait = 2, /* Backend waits for the frontend's details. */
    XenbusStateInitialised = 3,
    XenbusStateConnected = 4,
    XenbusStateClosing = 5, /* The device is being torn down. */
    XenbusStateClosed = 6,
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured = 8
};
typedef enum xenbus_state XenbusState;

#endif /* XENITH_PUBLIC_IO_XENBUS_H */
