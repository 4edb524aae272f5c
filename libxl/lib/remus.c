/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Remus: libxl_domain_remus_start, and the acknowledgement the backup
 * sends after each checkpoint it has applied (docs/save-format.md,
 * "Checkpoints").  Network output buffering and disk replication are
 * later stages: the guest's packets and disk writes are not held back.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "remus.h"

int libxl__remus_write_ack(int fd, uint64_t n)
{
    uint8_t b[REMUS_ACK_LEN];
    size_t done = 0;

    memcpy(b, REMUS_ACK_MAGIC, 8);
    memcpy(b + 8, &n, 8);
    while (done < sizeof(b)) {
        ssize_t w = write(fd, b + done, sizeof(b) - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

int libxl__remus_read_ack(libxl__gc *gc, int fd, uint64_t n)
{
    uint8_t b[REMUS_ACK_LEN];
    size_t got = 0;
    uint64_t m;

    while (got < sizeof(b)) {
        ssize_t r = read(fd, b + got, sizeof(b) - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            LOG(ERROR,
                "Remus: no acknowledgement of checkpoint %" PRIu64 ": %s", n,
                r < 0 ? strerror(errno) : "the backup closed the connection");
            return ERROR_FAIL;
        }
        got += (size_t)r;
    }
    memcpy(&m, b + 8, 8);
    if (memcmp(b, REMUS_ACK_MAGIC, 8) || m != n) {
        LOG(ERROR,
            "Remus: the backup acknowledged something else than checkpoint "
            "%" PRIu64,
            n);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl_domain_remus_start(libxl_ctx *ctx, uint32_t domid, int send_fd,
                             int recv_fd, const char *config_json,
                             const char *codec,
                             const libxl_domain_remus_info *info,
                             libxl_domain_remus_stats *stats,
                             const libxl_asyncop_how *ao_how,
                             const libxl_asyncprogress_how *progress)
{
    libxl_domain_remus_info dflt = { 0 };

    if (stats)
        memset(stats, 0, sizeof(*stats));
    return libxl__remus_start(ctx, domid, send_fd, recv_fd, config_json, codec,
                              info ? info : &dflt, stats, ao_how, progress);
}
