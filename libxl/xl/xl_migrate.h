/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xl migrate (cmd_migrate.c) shares with xl remus (cmd_remus.c): the
 * receiver started through SSHCMD and the messages both ends exchange.
 */
#ifndef XL_MIGRATE_H
#define XL_MIGRATE_H

#include <stddef.h>
#include <sys/types.h>

extern const char xl_migrate_banner[];
int xl_migrate_write_all(int fd, const void *p, size_t len);
/* Reads exactly msg (len bytes); complains as Xen's xl does. */
int xl_migrate_read_msg(int fd, const char *msg, size_t len, const char *who,
                        const char *what);
/* Runs `SSHCMD HOST xl migrate-receive ARGS` (HOST alone when SSHCMD is
 * empty) with pipes: its pid, or -1. */
pid_t xl_migrate_start_receiver(const char *sshcmd, const char *host,
                                const char *args, int *send_fd, int *recv_fd);
char *xl_saved_config_json(uint32_t domid, const char *override);

#endif
