/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.h - helpers for the protocol tests: run a private xenstored on
 * a temporary socket and talk to it through libxenstore or raw bytes.
 */
#ifndef XS_TEST_HARNESS_H
#define XS_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "wire.h"
#include "xenstore.h"

/*
 * Start the daemon named by $XSD_BIN (or $XSD_ASAN_BIN when 'asan') with
 * the given extra options, wait until it accepts, and point
 * XENSTORED_PATH at it.  Returns its pid; aborts the test on failure.
 */
pid_t harness_start(bool asan, const char *const *extra);
/* SIGTERM the daemon and return its exit status (-1 if it crashed). */
int harness_stop(pid_t pid);
/* True while the daemon process is alive. */
bool harness_alive(pid_t pid);
struct xs_handle *harness_open(void);
/* A handle that acts as unprivileged domain 'domid'. */
struct xs_handle *harness_open_as(unsigned int domid);

/* Raw socket access. */
int raw_connect(void);
int raw_send(int fd, uint32_t type, uint32_t req, uint32_t tx,
             const void *payload, uint32_t len);
/* Read one message; payload gets at most 4096 bytes plus a nul.  Returns
 * 0, or -1 when the daemon closed the connection or sent garbage, or -2
 * after timeout_ms without a complete message. */
int raw_recv(int fd, struct xsd_sockmsg *h, char *payload, int timeout_ms);
/* Send one request and read the reply (skipping watch events). */
int raw_call(int fd, uint32_t type, uint32_t tx, const void *payload,
             uint32_t len, struct xsd_sockmsg *h, char *reply);

/* Daemon resident memory in KiB (from /proc). */
long harness_rss_kb(pid_t pid);

#endif
