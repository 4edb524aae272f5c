/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Remus (lib/remus.c): the primary's checkpoint loop lives with the save
 * stream's writer (domain_save.c), the backup's buffering with its reader
 * (domain_restore.c); the acknowledgement both exchange is here.
 */
#ifndef LIBXL_REMUS_H
#define LIBXL_REMUS_H

#include <stdint.h>

#include "internal.h"

/* The backup's acknowledgement of checkpoint n: "XNTHACK" NUL, u64 n. */
#define REMUS_ACK_MAGIC "XNTHACK"
#define REMUS_ACK_LEN   16

int libxl__remus_write_ack(int fd, uint64_t n);
/* 0 when the acknowledgement of checkpoint n came; else ERROR_FAIL, one
 * line said why. */
int libxl__remus_read_ack(libxl__gc *gc, int fd, uint64_t n);

int libxl__remus_start(libxl_ctx *ctx, uint32_t domid, int send_fd, int recv_fd,
                       const char *config_json, const char *codec,
                       const libxl_domain_remus_info *info,
                       libxl_domain_remus_stats *stats,
                       const libxl_asyncop_how *ao_how,
                       const libxl_asyncprogress_how *progress);

#endif
