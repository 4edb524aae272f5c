/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * socket.h - the unix socket transport.
 */
#ifndef XSD_SOCKET_H
#define XSD_SOCKET_H

#include <stdbool.h>

/* Listening socket: inherited from systemd (LISTEN_FDS) or bound at path;
 * returns the fd or -1 with a message logged. */
int socket_listen(const char *path);
/* True when socket_listen() bound the path itself (not systemd). */
extern bool socket_owned;
/* Accept one client as a dom0 connection. */
void socket_accept(int lfd);
/* Tell systemd (NOTIFY_SOCKET, Type=notify units) that requests are
 * served from now on. */
void socket_notify_ready(void);

#endif
