/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The plugin the loader's tests load (tests/test_plugin.c).  Built six
 * times (tests/plugins.mk):
 *   test-plugin.so           a working plugin: placement, a codec, the
 *                            page codec test-copy
 *   test-plugin-badabi.so    -DTEST_ABI_VERSION=99: a wrong ABI version
 *   test-plugin-abi2.so      -DTEST_ABI_VERSION=2: a plugin built for ABI
 *                            version 2 (no page codec), still loaded
 *   test-plugin-nodesc.so    -DTEST_NO_DESCRIPTOR: no libxl_plugin symbol
 *   test-plugin-initfail.so  -DTEST_INIT_FAIL: init returns ERROR_INVAL
 *   test-plugin-v2.so        -DTEST_ABI_VERSION=2: says it was built for
 *                            ABI 2, whose descriptor ends before import
 *                            (libxl must not see the import hook)
 *
 * Its importer (format "test-cfg") claims data starting "TESTCFG "; the
 * rest of the first line becomes name = "...", one warning names the
 * source, and data containing "bad" fails with one error line.
 *
 * Its keys: policy = "soft" (default) or "hard" (which affinity place()
 * sets), fail_place = 1 (place() fails), trace = "PATH" (init, fini and
 * the device hooks append a line to PATH), weight = N (the weight its
 * scheduler hook gives every domain), tslice = N (the time slice it gives
 * every pool), fail_device = 1 (the device hook's before fails).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#ifndef TEST_ABI_VERSION
#define TEST_ABI_VERSION LIBXL_PLUGIN_ABI_VERSION
#endif

static void trace(libxl_plugin_ctx *pc, const char *what)
{
    const char *path = pc->get(pc, "trace");
    FILE *f;

    if (!path)
        return;
    f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "%s\n", what);
    fclose(f);
}

static int test_init(libxl_plugin_ctx *pc)
{
    const char *policy = pc->get(pc, "policy");

    trace(pc, "init");
#ifdef TEST_INIT_FAIL
    pc->log(pc, LIBXL_LOG_ERROR, "init refuses to start");
    return ERROR_INVAL;
#endif
    if (policy && strcmp(policy, "soft") && strcmp(policy, "hard")) {
        pc->log(pc, LIBXL_LOG_ERROR, "policy must be \"soft\" or \"hard\"");
        return ERROR_INVAL;
    }
    pc->state = (void *)(policy && !strcmp(policy, "hard") ? "hard" : "soft");
    return 0;
}

static void test_fini(libxl_plugin_ctx *pc)
{
    trace(pc, "fini");
}

/*
 * Logs what it was given, in one line the test compares, then takes the
 * nodes with the most free memory until the guest's memory fits.
 */
static int test_place(libxl_plugin_ctx *pc, const libxl_plugin_guest *guest,
                      const libxl_plugin_numa_topology *topo,
                      libxl_plugin_placement *out)
{
    char line[1024];
    size_t n = 0;
    uint64_t got = 0;
    libxl_plugin_bitmap *aff;

    n += (size_t)snprintf(line + n, sizeof(line) - n,
                          "place %s mem=%llu vcpus=%u pool=%s cpus=%u",
                          guest->name, (unsigned long long)guest->max_memkb,
                          guest->max_vcpus, guest->pool, topo->nr_cpus);
    for (uint32_t i = 0; i < topo->nr_nodes && n < sizeof(line); i++) {
        const libxl_plugin_numa_node *nd = &topo->nodes[i];

        n += (size_t)snprintf(line + n, sizeof(line) - n,
                              " | node%u free=%llu/%llu cpus=", i,
                              (unsigned long long)nd->free_memkb,
                              (unsigned long long)nd->size_memkb);
        for (uint32_t c = 0; c < nd->nr_cpus && n < sizeof(line); c++)
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%u",
                                  c ? "," : "", nd->cpus[c]);
        n += (size_t)snprintf(line + n, sizeof(line) - n, " dist=");
        for (uint32_t j = 0; j < topo->nr_nodes && n < sizeof(line); j++)
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%u",
                                  j ? "," : "",
                                  topo->distance[i * topo->nr_nodes + j]);
    }
    pc->log(pc, LIBXL_LOG_INFO, "%s", line);

    if (pc->get(pc, "fail_place"))
        return ERROR_FAIL;
    aff =
        !strcmp(pc->state, "hard") ? &out->hard_affinity : &out->soft_affinity;
    while (got < guest->max_memkb) {
        uint32_t best = topo->nr_nodes;

        for (uint32_t i = 0; i < topo->nr_nodes; i++)
            if (!libxl_plugin_bitmap_test(&out->nodes, i) &&
                (best == topo->nr_nodes ||
                 topo->nodes[i].free_memkb > topo->nodes[best].free_memkb))
                best = i;
        if (best == topo->nr_nodes) {
            pc->log(pc, LIBXL_LOG_ERROR, "not enough free memory");
            return ERROR_FAIL;
        }
        libxl_plugin_bitmap_set(&out->nodes, best);
        for (uint32_t c = 0; c < topo->nodes[best].nr_cpus; c++)
            libxl_plugin_bitmap_set(aff, topo->nodes[best].cpus[c]);
        got += topo->nodes[best].free_memkb;
    }
    return 0;
}

/* Run-length code: (count 1..255, byte) pairs. */
static int rle_compress(libxl_plugin_ctx *pc, const void *in, size_t len,
                        void *out, size_t *outlen)
{
    const unsigned char *s = in;
    unsigned char *d = out;
    size_t o = 0;

    for (size_t i = 0; i < len;) {
        size_t run = 1;

        while (i + run < len && run < 255 && s[i + run] == s[i])
            run++;
        if (o + 2 > *outlen)
            return ERROR_BUFFERFULL;
        d[o++] = (unsigned char)run;
        d[o++] = s[i];
        i += run;
    }
    *outlen = o;
    return 0;
}

static int rle_decompress(libxl_plugin_ctx *pc, const void *in, size_t len,
                          void *out, size_t *outlen)
{
    const unsigned char *s = in;
    unsigned char *d = out;
    size_t o = 0;

    if (len % 2)
        return ERROR_INVAL;
    for (size_t i = 0; i < len; i += 2) {
        if (!s[i])
            return ERROR_INVAL;
        if (o + s[i] > *outlen)
            return ERROR_BUFFERFULL;
        memset(d + o, s[i + 1], s[i]);
        o += s[i];
    }
    *outlen = o;
    return 0;
}

static int test_sched_domain(libxl_plugin_ctx *pc,
                             const libxl_plugin_guest *guest,
                             const char *scheduler,
                             libxl_plugin_sched_domain *params)
{
    const char *w = pc->get(pc, "weight");

    if (w)
        params->weight = atoi(w);
    return 0;
}

static int test_sched_pool(libxl_plugin_ctx *pc, uint32_t poolid,
                           const char *pool, const char *scheduler,
                           libxl_plugin_sched_pool *params)
{
    const char *t = pc->get(pc, "tslice");

    if (t)
        params->tslice_ms = atoi(t);
    return 0;
}

static int test_device_before(libxl_plugin_ctx *pc,
                              const libxl_plugin_device *dev)
{
    char line[512];

    snprintf(line, sizeof(line), "before %s %u of %u: %s -> %s", dev->kind,
             dev->devid, dev->domid, dev->backend_path, dev->frontend_path);
    trace(pc, line);
    return pc->get(pc, "fail_device") ? ERROR_INVAL : 0;
}

static int test_device_after(libxl_plugin_ctx *pc,
                             const libxl_plugin_device *dev, int rc)
{
    char line[128];

    snprintf(line, sizeof(line), "after %s %u of %u: %d", dev->kind, dev->devid,
             dev->domid, rc);
    trace(pc, line);
    return 0;
}

static int test_probe(libxl_plugin_ctx *pc, const void *data, size_t len)
{
    return len >= 8 && !memcmp(data, "TESTCFG ", 8);
}

static int test_convert(libxl_plugin_ctx *pc, const char *source,
                        const void *data, size_t len, char **cfg,
                        char **messages)
{
    const char *s = data;
    size_t n = 8;

    *cfg = NULL;
    if (len < 8 || memmem(s, len, "bad", 3)) {
        if (asprintf(messages, "%s:1:1: not test-cfg", source) < 0)
            *messages = NULL;
        return ERROR_INVAL;
    }
    while (n < len && s[n] != '\n')
        n++;
    if (asprintf(cfg, "name = \"%.*s\"\n", (int)(n - 8), s + 8) < 0)
        return ERROR_NOMEM;
    if (asprintf(messages, "%s:1: warning: converted by test\n", source) < 0)
        *messages = NULL;
    return 0;
}

static const libxl_plugin_import_ops test_import = {
    .format = "test-cfg",
    .description = "the loader's test format",
    .probe = test_probe,
    .convert = test_convert,
};

static const libxl_plugin_sched_ops test_sched = {
    .pool = test_sched_pool,
    .domain = test_sched_domain,
};

static const libxl_plugin_device_ops test_device = {
    .before = test_device_before,
    .after = test_device_after,
};

static const libxl_plugin_placement_ops test_placement = {
    .place = test_place,
};

static const libxl_plugin_codec_ops test_codec = {
    .name = "test-rle",
    .compress = rle_compress,
    .decompress = rle_decompress,
};

#if TEST_ABI_VERSION >= 3
/* The page codec "test-copy": per page the pfn's low byte, then the page;
 * its parameter is one byte, 0x5a. */
static size_t copy_bound(unsigned n)
{
    return (size_t)n * 4097;
}

static int copy_open(libxl_plugin_ctx *pc, bool decode, uint8_t *params,
                     size_t *params_len, void **stream)
{
    if (decode && (*params_len != 1 || params[0] != 0x5a))
        return ERROR_INVAL;
    if (!decode) {
        params[0] = 0x5a;
        *params_len = 1;
    }
    *stream = malloc(1);
    return *stream ? 0 : ERROR_NOMEM;
}

static void copy_close(libxl_plugin_ctx *pc, void *stream)
{
    free(stream);
}

static int copy_encode(libxl_plugin_ctx *pc, void *stream, unsigned n,
                       const uint64_t *pfns, const void *pages, void *out,
                       size_t out_size, size_t *out_len)
{
    uint8_t *o = out;

    if (out_size < copy_bound(n))
        return ERROR_BUFFERFULL;
    for (unsigned i = 0; i < n; i++) {
        o[(size_t)i * 4097] = (uint8_t)pfns[i];
        memcpy(o + (size_t)i * 4097 + 1, (const uint8_t *)pages + i * 4096UL,
               4096);
    }
    *out_len = copy_bound(n);
    return 0;
}

static int copy_decode(libxl_plugin_ctx *pc, void *stream, unsigned n,
                       const uint64_t *pfns, const void *in, size_t in_len,
                       void *pages)
{
    const uint8_t *b = in;

    if (in_len != copy_bound(n))
        return ERROR_INVAL;
    for (unsigned i = 0; i < n; i++) {
        if (b[(size_t)i * 4097] != (uint8_t)pfns[i])
            return ERROR_INVAL;
        memcpy((uint8_t *)pages + i * 4096UL, b + (size_t)i * 4097 + 1, 4096);
    }
    return 0;
}

static const libxl_plugin_page_codec_ops test_page_codec = {
    .version = LIBXL_PLUGIN_PAGE_CODEC_VERSION,
    .name = "test-copy",
    .bound = copy_bound,
    .open = copy_open,
    .close = copy_close,
    .encode = copy_encode,
    .decode = copy_decode,
};
#endif

static const char *const test_keys[] = { "policy", "fail_place", "trace",
                                         "weight", "tslice",     "fail_device",
                                         NULL };

#ifdef TEST_NO_DESCRIPTOR
/* Exported under another name: libxl must not find it. */
__attribute__((visibility("default")))
const libxl_plugin_descriptor not_the_plugin_descriptor =
#else
LIBXL_PLUGIN_DEFINE =
#endif
    {
        .abi_version = TEST_ABI_VERSION,
        .name = "test",
        .description = "the plugin loader's test plugin",
        .keys = test_keys,
        .init = test_init,
        .fini = test_fini,
        .placement = &test_placement,
        .codec = &test_codec,
        .sched = &test_sched,
        .device = &test_device,
#if TEST_ABI_VERSION >= 3
        .page_codec = &test_page_codec,
#endif
        .import = &test_import,
    };
