/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz_dispatch.c - libFuzzer target over xenstored's message framing and
 * dispatcher.  Each input is a byte stream on one connection; the first
 * byte chooses whether the connection runs as dom0 or as an unprivileged
 * domain.  The store persists between inputs (so transactions, watches
 * and permissions build up state) and is reset every 4096 inputs or when
 * it grows past 20000 nodes.
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "conn.h"
#include "db.h"
#include "domain.h"
#include "memconn.h"
#include "watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void __wrap_log_set_access(const char *path);

/*
 * Inputs run as dom0 may send XS_CONTROL "logfile PATH" with any bytes
 * as PATH; the daemon would then create and append to that file (the
 * fuzzer left multi-megabyte files with garbage names in the build
 * tree).  Linked with --wrap, the request reaches this instead: no
 * access log, so the daemon answers EIO as when the file cannot be
 * opened.
 */
void __wrap_log_set_access(const char *path)
{
    (void)path;
}

static void reset(void)
{
    conn_free_all();
    domain_reset_all();
    db_reset();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned long runs;
    struct memconn m;
    struct conn *c, *watcher;
    struct memconn wm;

    if (runs++ == 0) {
        config_defaults();
        cfg.nodes_per_domain = 200;
        db_init();
    }
    if (runs % 4096 == 0 || db_node_count() > 20000)
        reset();
    if (size == 0)
        return 0;
    /* A second connection with a watch on everything sees the events. */
    watcher = memconn_new(&wm, "", 0);
    c = memconn_new(&m, data + 1, size - 1);
    if (data[0] & 1)
        c->dom = domain_get(1 + (data[0] >> 1));
    watch_add(watcher, "/", "/", "t", 0);
    memconn_run(c);
    conn_flush(watcher);
    memconn_free(c);
    memconn_free(watcher);
    return 0;
}
