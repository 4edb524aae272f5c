/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The plugin loader: each error's message, on_error, the hooks reaching
 * the test plugin (tests/plugins/test-plugin.c) with what libxl gives them.
 * Every test writes its .conf files into a temporary plugins.d and loads
 * the plugins built in TEST_PLUGIN_DIR from a temporary plugin directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "plugin_call.h"
#include "plugin_private.h"
#include "save_codec.h"

/* ---- a logger that keeps what it is told -------------------------------- */

#define MAX_MSGS 32

struct capture {
    libxl_logger lg;
    int n;
    libxl_log_level level[MAX_MSGS];
    char *msg[MAX_MSGS];
};

static void cap_vmessage(libxl_logger *lg, libxl_log_level level, int errnoval,
                         const char *context, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static void cap_vmessage(libxl_logger *lg, libxl_log_level level, int errnoval,
                         const char *context, const char *fmt, va_list ap)
{
    struct capture *c = (struct capture *)lg;
    char *s;

    if (level <= LIBXL_LOG_DEBUG || c->n == MAX_MSGS)
        return;
    if (vasprintf(&s, fmt, ap) < 0)
        return;
    if (getenv("TEST_PLUGIN_VERBOSE")) /* to see every message */
        fprintf(stderr, "log: %s\n", s);
    c->level[c->n] = level;
    c->msg[c->n++] = s;
}

static void cap_reset(struct capture *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->msg[i]);
    c->n = 0;
}

/* ---- per-test state: a plugins.d and a context --------------------------- */

static const char *const built[] = {
    "test-plugin.so",        "test-plugin-badabi.so",   "test-plugin-abi2.so",
    "test-plugin-nodesc.so", "test-plugin-initfail.so", "test-plugin-v2.so"
};

struct fixture {
    char dir[64];  /* plugins.d */
    char pdir[80]; /* the plugin directory */
    char trace[96];
    struct capture cap;
    libxl_ctx *ctx;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    strcpy(f->dir, "/tmp/test_plugin.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->trace, sizeof(f->trace), "%s/trace", f->dir);
    snprintf(f->pdir, sizeof(f->pdir), "%s/plugins", f->dir);
    assert_int_equal(mkdir(f->pdir, 0755), 0);
    for (size_t i = 0; i < sizeof(built) / sizeof(built[0]); i++) {
        char from[256], to[256];

        snprintf(from, sizeof(from), "%s/%s", TEST_PLUGIN_DIR, built[i]);
        snprintf(to, sizeof(to), "%s/%s", f->pdir, built[i]);
        assert_int_equal(symlink(from, to), 0);
    }
    setenv("XEN_PLUGINS_CONF_DIR", f->dir, 1);
    setenv("LIBXL_PLUGIN_DIR", f->pdir, 1);
    f->cap.lg.vmessage = cap_vmessage;
    assert_int_equal(libxl_ctx_alloc(&f->ctx, LIBXL_VERSION, 0, &f->cap.lg), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];

    libxl_ctx_free(f->ctx);
    cap_reset(&f->cap);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static char *conf_path(struct fixture *f, const char *name)
{
    static char path[128];

    snprintf(path, sizeof(path), "%s/%s", f->dir, name);
    return path;
}

static void write_conf(struct fixture *f, const char *name, const char *text)
{
    FILE *fp = fopen(conf_path(f, name), "w");

    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *fp = fopen(path, "r");
    size_t n = 0;

    if (fp) {
        n = fread(buf, 1, sizeof(buf) - 1, fp);
        fclose(fp);
    }
    buf[n] = 0;
    return buf;
}

/* The one message logged, at level. */
static void expect_one(struct fixture *f, libxl_log_level level,
                       const char *text)
{
    assert_int_equal(f->cap.n, 1);
    assert_int_equal(f->cap.level[0], level);
    assert_string_equal(f->cap.msg[0], text);
    cap_reset(&f->cap);
}

static int find(struct fixture *f, libxl_plugin_hook hook, libxl__plugin **pl)
{
    int rc;
    GC_INIT(f->ctx);

    rc = libxl__plugin_find(gc, hook, pl);
    GC_FREE;
    return rc;
}

/* The failure of a stop plugin, as find(PLACEMENT) and the list say it. */
static void expect_stop(struct fixture *f, const char *why)
{
    libxl__plugin *pl = (void *)1;
    libxl_plugin_info *list;
    char *line;
    int n;

    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), ERROR_FAIL);
    assert_null(pl);
    assert_non_null(line = malloc(strlen(why) + 64));
    sprintf(line, "%s; placement cannot go on (on_error = \"stop\")", why);
    expect_one(f, LIBXL_LOG_ERROR, line);
    free(line);

    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_FAILED);
    assert_string_equal(list[0].error, why);
    libxl_plugin_info_list_free(list, n);
    assert_int_equal(f->cap.n, 0);
}

/* ---- the tests ------------------------------------------------------------
 */

static void no_conf_dir(void **state)
{
    struct fixture *f = *state;
    libxl_plugin_info *list;
    libxl__plugin *pl;
    int n;

    setenv("XEN_PLUGINS_CONF_DIR", "/nonexistent/plugins.d", 1);
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_null(pl);
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 0);
    libxl_plugin_info_list_free(list, n);
    assert_int_equal(f->cap.n, 0);
}

static void loads_once_and_lists(void **state)
{
    struct fixture *f = *state;
    libxl_plugin_info *list;
    libxl__plugin *pl, *again;
    char text[256];
    int n;

    snprintf(text, sizeof(text),
             "# the test plugin\nfile = \"test-plugin.so\"\nenabled = 1\n"
             "trace = \"%s\"\n",
             f->trace);
    write_conf(f, "10-test.conf", text);
    /* Only *.conf files count. */
    write_conf(f, "README", "not = \"a conf\"\n");
    write_conf(f, ".hidden.conf", "not = \"a conf\"\n");

    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_non_null(pl);
    assert_string_equal(pl->pc.name, "test");
    assert_string_equal(pl->pc.get(&pl->pc, "trace"), f->trace);
    assert_null(pl->pc.get(&pl->pc, "file"));
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_CODEC, &again), 0);
    assert_ptr_equal(again, pl);
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PCI, &again), 0);
    assert_null(again);
    assert_int_equal(f->cap.n, 0);

    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].name, "test");
    assert_string_equal(list[0].conf, conf_path(f, "10-test.conf"));
    snprintf(text, sizeof(text), "%s/test-plugin.so", f->pdir);
    assert_string_equal(list[0].file, text);
    assert_int_equal(list[0].abi_version, LIBXL_PLUGIN_ABI_VERSION);
    assert_int_equal(list[0].hooks, (1u << LIBXL_PLUGIN_HOOK_PLACEMENT) |
                                        (1u << LIBXL_PLUGIN_HOOK_CODEC) |
                                        (1u << LIBXL_PLUGIN_HOOK_SCHED) |
                                        (1u << LIBXL_PLUGIN_HOOK_DEVICE) |
                                        (1u << LIBXL_PLUGIN_HOOK_PAGE_CODEC) |
                                        (1u << LIBXL_PLUGIN_HOOK_IMPORT));
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_LOADED);
    assert_false(list[0].on_error_continue);
    assert_null(list[0].error);
    libxl_plugin_info_list_free(list, n);

    /* init ran once; fini runs when the context goes. */
    assert_string_equal(slurp(f->trace), "init\n");
    libxl_ctx_free(f->ctx);
    f->ctx = NULL;
    assert_string_equal(slurp(f->trace), "init\nfini\n");
}

static const uint32_t cpus0[] = { 0, 1 }, cpus1[] = { 2, 3 },
                      cpus2[] = { 4, 5 };
static const libxl_plugin_numa_node nodes[] = {
    { .size_memkb = 4000, .free_memkb = 1000, .nr_cpus = 2, .cpus = cpus0 },
    { .size_memkb = 4000, .free_memkb = 3000, .nr_cpus = 2, .cpus = cpus1 },
    { .size_memkb = 2000, .free_memkb = 500, .nr_cpus = 2, .cpus = cpus2 },
};
static const uint32_t distance[] = { 10, 20, 30, 20, 10, 20, 30, 20, 10 };
static const libxl_plugin_numa_topology topo = {
    .nr_nodes = 3, .nodes = nodes, .distance = distance, .nr_cpus = 6
};
static const libxl_plugin_guest guest = { .domid = LIBXL_PLUGIN_NO_DOMID,
                                          .name = "g1",
                                          .max_memkb = 3500,
                                          .max_vcpus = 2,
                                          .poolid = 0,
                                          .pool = "Pool-0" };
#define TOPO_LINE                                                  \
    "plugin test: place g1 mem=3500 vcpus=2 pool=Pool-0 cpus=6 | " \
    "node0 free=1000/4000 cpus=0,1 dist=10,20,30 | "               \
    "node1 free=3000/4000 cpus=2,3 dist=20,10,20 | "               \
    "node2 free=500/2000 cpus=4,5 dist=30,20,10"

static int place(libxl__plugin *pl, uint8_t *nodemap, uint8_t *hard,
                 uint8_t *soft)
{
    libxl_plugin_placement out = {
        .nodes = { 3, nodemap },
        .hard_affinity = { 6, hard },
        .soft_affinity = { 6, soft },
    };

    *nodemap = *hard = *soft = 0;
    return pl->desc->placement->place(&pl->pc, &guest, &topo, &out);
}

static void placement_gets_topology(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl;
    uint8_t nodemap, hard, soft;

    write_conf(f, "numa.conf", "file = 'test-plugin.so'\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_non_null(pl);
    assert_int_equal(place(pl, &nodemap, &hard, &soft), 0);
    expect_one(f, LIBXL_LOG_INFO, TOPO_LINE);
    /* node1 (3000 free), then node0 (1000): 3500 fits; soft affinity. */
    assert_int_equal(nodemap, 0x3);
    assert_int_equal(soft, 0x0f);
    assert_int_equal(hard, 0);
}

static void placement_key_reaches_plugin(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl;
    uint8_t nodemap, hard, soft;

    write_conf(f, "numa.conf",
               "file = \"test-plugin.so\"; policy = \"hard\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_int_equal(place(pl, &nodemap, &hard, &soft), 0);
    cap_reset(&f->cap);
    assert_int_equal(nodemap, 0x3);
    assert_int_equal(hard, 0x0f);
    assert_int_equal(soft, 0);
}

static void codec_round_trip(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl;
    unsigned char page[4096], packed[64], back[4096];
    size_t plen = sizeof(packed), blen = sizeof(back), small = 3;
    const libxl_plugin_codec_ops *codec;

    write_conf(f, "codec.conf", "file = \"test-plugin.so\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_CODEC, &pl), 0);
    assert_non_null(pl);
    codec = pl->desc->codec;
    assert_string_equal(codec->name, "test-rle");
    memset(page, 0, sizeof(page));
    memset(page + 100, 0xab, 7);
    assert_int_equal(
        codec->compress(&pl->pc, page, sizeof(page), packed, &plen), 0);
    assert_true(plen < 64);
    assert_int_equal(codec->decompress(&pl->pc, packed, plen, back, &blen), 0);
    assert_int_equal(blen, sizeof(page));
    assert_memory_equal(back, page, sizeof(page));
    assert_int_equal(
        codec->compress(&pl->pc, page, sizeof(page), packed, &small),
        ERROR_BUFFERFULL);
}

/* A .conf naming file; the failure "CONF: PLUGIN_DIR/file: why". */
static void expect_broken(struct fixture *f, const char *file, const char *why)
{
    char text[128], line[512];

    snprintf(text, sizeof(text), "file = \"%s\"\n", file);
    write_conf(f, "numa.conf", text);
    snprintf(line, sizeof(line), "%s: %s/%s: %s", conf_path(f, "numa.conf"),
             f->pdir, file, why);
    expect_stop(f, line);
}

static void missing_so(void **state)
{
    expect_broken(*state, "absent.so",
                  "no such file; install the plugin or set enabled = 0");
}

static void wrong_abi(void **state)
{
    char why[128];

    snprintf(why, sizeof(why),
             "plugin ABI version 99, this libxl loads versions %u to %u; "
             "rebuild the plugin",
             LIBXL_PLUGIN_ABI_VERSION_MIN, LIBXL_PLUGIN_ABI_VERSION);
    expect_broken(*state, "test-plugin-badabi.so", why);
}

static void no_descriptor(void **state)
{
    expect_broken(*state, "test-plugin-nodesc.so",
                  "no libxl_plugin descriptor; not a libxl plugin");
}

static void not_a_shared_object(void **state)
{
    struct fixture *f = *state;
    libxl_plugin_info *list;
    char prefix[512];
    int n;

    /* A .conf is no shared object: dlopen's error, caught. */
    write_conf(f, "numa.conf", "file = \"../../../../../../etc/passwd\"\n");
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    snprintf(prefix, sizeof(prefix),
             "%s:1: file must be the name of a shared object in %s, in "
             "quotes",
             conf_path(f, "numa.conf"), f->pdir);
    assert_string_equal(list[0].error, prefix);
    libxl_plugin_info_list_free(list, n);
    libxl_ctx_free(f->ctx);
    assert_int_equal(libxl_ctx_alloc(&f->ctx, LIBXL_VERSION, 0, &f->cap.lg), 0);

    setenv("LIBXL_PLUGIN_DIR", f->dir, 1);
    write_conf(f, "numa.conf", "file = \"numa.conf\"\n");
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    snprintf(prefix, sizeof(prefix),
             "%s: %s: cannot load: ", conf_path(f, "numa.conf"),
             conf_path(f, "numa.conf"));
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_FAILED);
    assert_memory_equal(list[0].error, prefix, strlen(prefix));
    libxl_plugin_info_list_free(list, n);
}

static void init_fails(void **state)
{
    struct fixture *f = *state;
    char text[256], why[512];

    snprintf(text, sizeof(text),
             "file = \"test-plugin-initfail.so\"\ntrace = \"%s\"\n", f->trace);
    write_conf(f, "numa.conf", text);
    snprintf(why, sizeof(why),
             "%s: %s/test-plugin-initfail.so: plugin test: "
             "init failed: invalid argument",
             conf_path(f, "numa.conf"), f->pdir);
    /* The plugin's own line comes first, through the context's logger. */
    {
        libxl__plugin *pl;
        assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), ERROR_FAIL);
        assert_int_equal(f->cap.n, 2);
        assert_string_equal(f->cap.msg[0],
                            "plugin test: init refuses to start");
        cap_reset(&f->cap);
    }
    /* Its hooks are known: a hook it does not implement is unaffected. */
    {
        libxl__plugin *pl = (void *)1;
        assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PCI, &pl), 0);
        assert_null(pl);
        assert_int_equal(f->cap.n, 0);
    }
    expect_stop(f, why);
    libxl_ctx_free(f->ctx);
    f->ctx = NULL;
    assert_string_equal(slurp(f->trace), "init\n"); /* no fini */
}

static void unknown_key(void **state)
{
    struct fixture *f = *state;
    char why[512];

    write_conf(f, "numa.conf",
               "file = \"test-plugin.so\"\npolicy = \"soft\"\n"
               "colour = \"blue\"\n");
    snprintf(why, sizeof(why),
             "%s:3: unknown key \"colour\" (plugin test accepts policy, "
             "fail_place, trace, weight, tslice, fail_device)",
             conf_path(f, "numa.conf"));
    expect_stop(f, why);
}

static void conf_errors(void **state)
{
    static const struct {
        const char *text, *why;
    } cases[] = {
        { "file = test-plugin.so\n",
          ":1: syntax error: a value is a \"string\" or a number" },
        { "file = \"test-plugin.so\"\non_error = \"maybe\"\n",
          ":2: on_error must be \"stop\" or \"continue\", not \"maybe\"" },
        { "enabled = yes\n",
          ":1: syntax error: a value is a \"string\" or a number" },
        { "enabled = 2\n", ":1: enabled must be 0 or 1" },
        { "\n\nfile = [\"a.so\"]\n",
          ":3: lists are not used in plugin configuration" },
        { "policy = \"hard\"\n", ": no file = \"NAME.so\" line naming the "
                                 "plugin" },
        { "file = \"test-plugin.so\" x = 1\n",
          ":1: syntax error: one KEY = VALUE per line or ';'" },
        { "file = \"test-plugin.so\n", ":1: unterminated string" },
        { "= 1\n", ":1: syntax error: expected KEY = VALUE" },
    };
    struct fixture *f = *state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char why[512];

        write_conf(f, "x.conf", cases[i].text);
        snprintf(why, sizeof(why), "%s%s", conf_path(f, "x.conf"),
                 cases[i].why);
        expect_stop(f, why);
        libxl_ctx_free(f->ctx);
        assert_int_equal(libxl_ctx_alloc(&f->ctx, LIBXL_VERSION, 0, &f->cap.lg),
                         0);
    }
}

static void conf_syntax(void **state)
{
    struct fixture *f = *state;
    libxl__plugin_conf_item *it;
    char *why = NULL;
    int n;
    GC_INIT(f->ctx);

    write_conf(f, "s.conf",
               "# comment\n a = 'x#y' ; b=0x10 # trailing\n"
               "c = \"q\\\"\\x41\\n\"\na = -3\n\n");
    assert_int_equal(
        libxl__plugin_conf_read(gc, conf_path(f, "s.conf"), &it, &n, &why), 0);
    assert_int_equal(n, 3);
    assert_string_equal(it[0].key, "a"); /* set twice: the last value */
    assert_string_equal(it[0].value, "-3");
    assert_false(it[0].is_string);
    assert_int_equal(it[0].line, 4);
    assert_string_equal(it[1].key, "b");
    assert_string_equal(it[1].value, "0x10");
    assert_string_equal(it[2].value, "q\"A\n");
    assert_true(it[2].is_string);
    assert_int_equal(
        libxl__plugin_conf_read(gc, conf_path(f, "none.conf"), &it, &n, &why),
        ERROR_FAIL);
    assert_non_null(strstr(why, "none.conf: cannot read: No such file"));
    GC_FREE;
}

static void disabled(void **state)
{
    struct fixture *f = *state;
    libxl_plugin_info *list;
    libxl__plugin *pl;
    char text[256];
    int n;

    snprintf(text, sizeof(text),
             "file = \"absent.so\"\nenabled = 0\ntrace = \"%s\"\n", f->trace);
    write_conf(f, "numa.conf", text);
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_null(pl);
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_DISABLED);
    assert_string_equal(list[0].name, "numa");
    libxl_plugin_info_list_free(list, n);
    assert_int_equal(f->cap.n, 0);
}

static void on_error_continue(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl = (void *)1;
    char why[512];

    write_conf(f, "numa.conf",
               "file = \"absent.so\"\non_error = \"continue\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_null(pl);
    snprintf(why, sizeof(why),
             "%s: %s/absent.so: no such file; install the "
             "plugin or set enabled = 0; placement uses the built-in "
             "behaviour (on_error = \"continue\")",
             conf_path(f, "numa.conf"), f->pdir);
    expect_one(f, LIBXL_LOG_WARNING, why);
    /* Said once. */
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_CODEC, &pl), 0);
    assert_null(pl);
    assert_int_equal(f->cap.n, 0);
}

static void continue_then_next_plugin(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl;
    char why[512];

    write_conf(f, "10-broken.conf",
               "file = \"test-plugin-nodesc.so\"\non_error = \"continue\"\n");
    write_conf(f, "20-test.conf", "file = \"test-plugin.so\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_non_null(pl);
    assert_string_equal(pl->name, "test");
    snprintf(why, sizeof(why),
             "%s: %s/test-plugin-nodesc.so: no libxl_plugin "
             "descriptor; not a libxl plugin; placement uses plugin test "
             "instead (on_error = \"continue\")",
             conf_path(f, "10-broken.conf"), f->pdir);
    expect_one(f, LIBXL_LOG_WARNING, why);
}

static void stop_after_the_chosen_is_ignored(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl;

    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    write_conf(f, "20-broken.conf", "file = \"absent.so\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_non_null(pl);
    assert_int_equal(f->cap.n, 0);
    /* No plugin loaded serves pci: the broken one might have. */
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PCI, &pl), ERROR_FAIL);
    assert_int_equal(f->cap.n, 1);
    cap_reset(&f->cap);
}

static void duplicate_name(void **state)
{
    struct fixture *f = *state;
    libxl_plugin_info *list;
    char why[512], first[128];
    int n;

    write_conf(f, "a.conf", "file = \"test-plugin.so\"\n");
    write_conf(f, "b.conf", "file = \"test-plugin.so\"\n");
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_LOADED);
    assert_int_equal(list[1].state, LIBXL_PLUGIN_STATE_FAILED);
    strcpy(first, conf_path(f, "a.conf"));
    snprintf(why, sizeof(why),
             "%s: %s/test-plugin.so: plugin test is already "
             "loaded from %s",
             conf_path(f, "b.conf"), f->pdir, first);
    assert_string_equal(list[1].error, why);
    libxl_plugin_info_list_free(list, n);
}

static void hook_failure(void **state)
{
    struct fixture *f = *state;
    libxl__plugin *pl;
    uint8_t nodemap, hard, soft;
    char why[512];
    int rc;
    GC_INIT(f->ctx);

    write_conf(f, "numa.conf", "file = \"test-plugin.so\"\nfail_place = 1\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    rc = place(pl, &nodemap, &hard, &soft);
    assert_int_equal(rc, ERROR_FAIL);
    cap_reset(&f->cap);
    assert_int_equal(
        libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_PLACEMENT, rc),
        ERROR_FAIL);
    snprintf(why, sizeof(why),
             "plugin test (%s): placement failed: failed (on_error = "
             "\"stop\")",
             conf_path(f, "numa.conf"));
    expect_one(f, LIBXL_LOG_ERROR, why);

    pl->on_error_continue = true;
    assert_int_equal(
        libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_PLACEMENT, rc), 0);
    snprintf(why, sizeof(why),
             "plugin test (%s): placement failed: failed; using the built-in "
             "behaviour (on_error = \"continue\")",
             conf_path(f, "numa.conf"));
    expect_one(f, LIBXL_LOG_WARNING, why);
    GC_FREE;
}

/* A fresh context: plugins are read again. */
static void reload(struct fixture *f)
{
    libxl_ctx_free(f->ctx);
    assert_int_equal(libxl_ctx_alloc(&f->ctx, LIBXL_VERSION, 0, &f->cap.lg), 0);
}

static int dev_before(struct fixture *f, const libxl__device *dev)
{
    int rc;
    GC_INIT(f->ctx);

    rc = libxl__plugin_device_before(gc, dev);
    GC_FREE;
    return rc;
}

static void dev_after(struct fixture *f, const libxl__device *dev, int outcome)
{
    GC_INIT(f->ctx);

    libxl__plugin_device_after(gc, dev, outcome);
    GC_FREE;
}

static int sched_dom(struct fixture *f, int *weight, int *cap)
{
    libxl_plugin_guest g = { .domid = 7, .name = "g", .pool = "Pool-0" };
    int rc;
    GC_INIT(f->ctx);

    rc =
        libxl__plugin_sched_domain(gc, &g, LIBXL_SCHEDULER_CREDIT, weight, cap);
    GC_FREE;
    return rc;
}

/* The device hooks as libxl's device code calls them (lib/plugin_call.c):
 * the paths of the device, the outcome, and a failing before. */
static void device_hooks(void **state)
{
    struct fixture *f = *state;
    libxl__device dev = { .kind = LIBXL__DEVICE_KIND_VIF,
                          .domid = 5,
                          .backend_domid = 0,
                          .devid = 1 };
    char text[256], why[512];

    snprintf(text, sizeof(text), "file = \"test-plugin.so\"\ntrace = \"%s\"\n",
             f->trace);
    write_conf(f, "10-test.conf", text);
    assert_int_equal(dev_before(f, &dev), 0);
    dev_after(f, &dev, ERROR_TIMEDOUT);
    snprintf(text, sizeof(text),
             "init\nbefore vif 1 of 5: /local/domain/0/backend/vif/5/1 -> "
             "/local/domain/5/device/vif/1\nafter vif 1 of 5: %d\n",
             ERROR_TIMEDOUT);
    assert_string_equal(slurp(f->trace), text);
    assert_int_equal(f->cap.n, 0);

    /* A failing before stops the device (on_error = "stop"). */
    write_conf(f, "10-test.conf",
               "file = \"test-plugin.so\"\nfail_device = 1\n");
    reload(f);
    assert_int_equal(dev_before(f, &dev), ERROR_INVAL);
    snprintf(why, sizeof(why),
             "plugin test (%s): device failed: %s (on_error = \"stop\")",
             conf_path(f, "10-test.conf"), libxl_error_to_string(ERROR_INVAL));
    expect_one(f, LIBXL_LOG_ERROR, why);
}

/* The scheduler hook for a new domain: the plugin's weight replaces the
 * configuration's; one out of range is refused in one line. */
static void sched_domain_hook(void **state)
{
    struct fixture *f = *state;
    int weight = -1, cap = 20;
    char why[512];

    /* No plugin: what the configuration says stays. */
    assert_int_equal(sched_dom(f, &weight, &cap), 0);
    assert_int_equal(weight, -1);
    assert_int_equal(cap, 20);

    write_conf(f, "sched.conf", "file = \"test-plugin.so\"\nweight = 512\n");
    reload(f);
    assert_int_equal(sched_dom(f, &weight, &cap), 0);
    assert_int_equal(weight, 512);
    assert_int_equal(cap, 20);
    cap_reset(&f->cap);

    write_conf(f, "sched.conf", "file = \"test-plugin.so\"\nweight = 70000\n");
    reload(f);
    weight = 256;
    assert_int_equal(sched_dom(f, &weight, &cap), ERROR_INVAL);
    assert_int_equal(weight, 256);
    snprintf(why, sizeof(why),
             "domain 7: plugin test (%s) asked for weight 70000 cap 20; "
             "weight must be 1-65535 and cap 0-65535 (on_error = \"stop\")",
             conf_path(f, "sched.conf"));
    expect_one(f, LIBXL_LOG_ERROR, why);
}

static void import_hook(void **state)
{
    struct fixture *f = *state;
    libxl_config_import_result r;
    static const char good[] = "TESTCFG guest1\nmore\n";

    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    assert_string_equal(libxl_plugin_hook_to_string(LIBXL_PLUGIN_HOOK_IMPORT),
                        "import");

    /* by probing */
    assert_int_equal(
        libxl_config_import(f->ctx, NULL, "g.test", good, strlen(good), &r), 0);
    assert_string_equal(r.importer, "test");
    assert_string_equal(r.format, "test-cfg");
    assert_string_equal(r.cfg, "name = \"guest1\"\n");
    assert_string_equal(r.messages, "g.test:1: warning: converted by test\n");
    libxl_config_import_result_dispose(&r);

    /* nobody claims it: nothing logged */
    assert_int_equal(
        libxl_config_import(f->ctx, NULL, "g.cfg", "name = 'x'", 10, &r),
        ERROR_NOTFOUND);
    assert_null(r.cfg);
    assert_null(r.importer);
    libxl_config_import_result_dispose(&r);
    assert_int_equal(f->cap.n, 0);

    /* by format, without probing; no importer of another format */
    assert_int_equal(
        libxl_config_import(f->ctx, "test-cfg", "h", "TESTCFG h", 9, &r), 0);
    assert_string_equal(r.cfg, "name = \"h\"\n");
    libxl_config_import_result_dispose(&r);
    assert_int_equal(
        libxl_config_import(f->ctx, "libvirt", "h", "TESTCFG h", 9, &r),
        ERROR_NOTFOUND);
    libxl_config_import_result_dispose(&r);

    /* the importer's error reaches the caller */
    assert_int_equal(
        libxl_config_import(f->ctx, NULL, "b.test", "TESTCFG bad", 11, &r),
        ERROR_INVAL);
    assert_null(r.cfg);
    assert_string_equal(r.messages, "b.test:1:1: not test-cfg");
    libxl_config_import_result_dispose(&r);
}

/* A plugin built for ABI 2 loads; its descriptor ends before import. */
static void abi2_plugin_loads(void **state)
{
    struct fixture *f = *state;
    libxl_config_import_result r;
    libxl_plugin_info *list;
    libxl__plugin *pl;
    int n;

    write_conf(f, "10-old.conf", "file = \"test-plugin-v2.so\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_non_null(pl);
    assert_null(pl->desc->import);
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_LOADED);
    assert_int_equal(list[0].abi_version, 2);
    assert_int_equal(list[0].hooks, (1u << LIBXL_PLUGIN_HOOK_PLACEMENT) |
                                        (1u << LIBXL_PLUGIN_HOOK_CODEC) |
                                        (1u << LIBXL_PLUGIN_HOOK_SCHED) |
                                        (1u << LIBXL_PLUGIN_HOOK_DEVICE));
    libxl_plugin_info_list_free(list, n);
    assert_int_equal(libxl_config_import(f->ctx, NULL, "g", "TESTCFG g", 9, &r),
                     ERROR_NOTFOUND);
    libxl_config_import_result_dispose(&r);
    assert_int_equal(f->cap.n, 0);
}

/* An importer that failed to load with on_error = "stop" stops importing;
 * with "continue" it is said once and the next importer is asked. */
static void import_with_broken_plugin(void **state)
{
    struct fixture *f = *state;
    libxl_config_import_result r;
    char why[512];

    write_conf(f, "05-broken.conf",
               "file = \"absent.so\"\non_error = \"continue\"\n");
    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    assert_int_equal(libxl_config_import(f->ctx, NULL, "g", "TESTCFG g", 9, &r),
                     0);
    libxl_config_import_result_dispose(&r);
    snprintf(why, sizeof(why),
             "%s: %s/absent.so: no such file; install the plugin or set "
             "enabled = 0; import goes on without it (on_error = "
             "\"continue\")",
             conf_path(f, "05-broken.conf"), f->pdir);
    expect_one(f, LIBXL_LOG_WARNING, why);
    assert_int_equal(libxl_config_import(f->ctx, NULL, "g", "TESTCFG g", 9, &r),
                     0);
    libxl_config_import_result_dispose(&r);
    assert_int_equal(f->cap.n, 0); /* said once */

    reload(f);
    write_conf(f, "05-broken.conf", "file = \"absent.so\"\n");
    assert_int_equal(libxl_config_import(f->ctx, NULL, "g", "TESTCFG g", 9, &r),
                     ERROR_FAIL);
    libxl_config_import_result_dispose(&r);
    snprintf(why, sizeof(why),
             "%s: %s/absent.so: no such file; install the plugin or set "
             "enabled = 0; import cannot go on (on_error = \"stop\")",
             conf_path(f, "05-broken.conf"), f->pdir);
    expect_one(f, LIBXL_LOG_ERROR, why);
}

/* A plugin built for ABI version 2 loads and serves its hooks; its
 * descriptor is not read past what version 2 has. */
static void abi2_still_loads(void **state)
{
    struct fixture *f = *state;
    libxl_plugin_info *list;
    libxl__plugin *pl;
    int n;

    write_conf(f, "old.conf", "file = \"test-plugin-abi2.so\"\n");
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl), 0);
    assert_non_null(pl);
    assert_int_equal(find(f, LIBXL_PLUGIN_HOOK_PAGE_CODEC, &pl), 0);
    assert_null(pl);
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].abi_version, 2);
    assert_int_equal(list[0].state, LIBXL_PLUGIN_STATE_LOADED);
    assert_false(list[0].hooks & (1u << LIBXL_PLUGIN_HOOK_PAGE_CODEC));
    libxl_plugin_info_list_free(list, n);
    assert_int_equal(f->cap.n, 0);
}

/* ---- page codecs in the save stream (lib/save_codec.c) ---------------- */

struct got {
    unsigned records, n;
    uint64_t ent[700];
    uint8_t *data;
    size_t len;
};

static int got_pages(void *arg, unsigned n, const uint64_t *ent,
                     const uint8_t *data, size_t len)
{
    struct got *g = arg;

    memcpy(g->ent + g->n, ent, n * 8);
    memcpy(g->data + g->len, data, len);
    g->n += n;
    g->len += len;
    g->records++;
    return 0;
}

/* A stream of 600 entries (one without data: the data of 599 pages)
 * written with the codec. */
static FILE *codec_stream(struct fixture *f, const char *codec, bool live,
                          uint8_t *pages, uint64_t *ent)
{
    struct libxl__save_codec *c = NULL;
    struct libxl__stream s;
    FILE *fp = tmpfile();
    GC_INIT(f->ctx);

    assert_non_null(fp);
    for (unsigned i = 0; i < 600; i++) {
        ent[i] = 1000 + i;
        for (unsigned b = 0; b < 4096; b += 512)
            pages[i * 4096UL + b] = (uint8_t)(i + b);
    }
    ent[7] |= 0xfULL << XS_TYPE_SHIFT; /* XTAB: no data */
    assert_int_equal(libxl__save_codec_open_write(gc, 3, codec, live, &c), 0);
    assert_non_null(c);
    libxl__stream_init(&s, fileno(fp), "save file");
    assert_int_equal(libxl__stream_write_header(&s, XS_FLAG_CODEC), 0);
    assert_int_equal(libxl__save_codec_write_head(c, &s), 0);
    assert_int_equal(
        libxl__save_codec_write_pages(gc, c, &s, ent, 600, pages, 599), 0);
    assert_int_equal(libxl__stream_write_end(&s), 0);
    libxl__stream_dispose(&s);
    libxl__save_codec_close(c);
    GC_FREE;
    rewind(fp);
    return fp;
}

/* Reads fp's records into g; 0, or the first error. */
static int codec_read(struct fixture *f, FILE *fp, struct got *g)
{
    struct libxl__save_codec *c = NULL;
    struct libxl__stream s;
    struct xs_header h;
    int rc = 0;
    GC_INIT(f->ctx);

    libxl__stream_init(&s, fileno(fp), "save file");
    assert_int_equal(libxl__stream_read_header(&s, &h), 0);
    assert_int_equal(h.version, XS_VERSION);
    assert_int_equal(h.flags, XS_FLAG_CODEC);
    while (!rc) {
        const uint8_t *b;
        uint32_t type, len;

        assert_int_equal(libxl__stream_read_record(&s, &type, &b, &len), 0);
        if (type == XS_REC_END)
            break;
        rc = libxl__save_codec_read(gc, &c, s.what, type, b, len, got_pages, g);
    }
    libxl__save_codec_close(c);
    libxl__stream_dispose(&s);
    GC_FREE;
    return rc;
}

static void page_codec_stream(void **state)
{
    struct fixture *f = *state;
    uint8_t *pages = calloc(600, 4096);
    uint64_t ent[600];
    struct got g = { .data = malloc(600 * 4096) };
    FILE *fp;

    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    fp = codec_stream(f, "test-copy", false, pages, ent);
    assert_int_equal(codec_read(f, fp, &g), 0);
    fclose(fp);
    assert_int_equal(g.records, 2); /* 512 + 88 entries */
    assert_int_equal(g.n, 600);
    assert_memory_equal(g.ent, ent, sizeof(ent));
    assert_int_equal(g.len, 599 * 4096);
    assert_memory_equal(g.data, pages, 599 * 4096); /* data of 599 pages */
    free(pages);
    free(g.data);
    cap_reset(&f->cap);
}

/* remus.conf names the codec of a live save without one; it is no
 * plugin's .conf. */
static void page_codec_default(void **state)
{
    struct fixture *f = *state;
    struct libxl__save_codec *c = (void *)1;
    libxl_plugin_info *list;
    int n;
    GC_INIT(f->ctx);

    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    write_conf(f, "remus.conf", "codec = \"test-copy\"\n");
    assert_int_equal(libxl__save_codec_open_write(gc, 3, NULL, false, &c), 0);
    assert_null(c);
    assert_int_equal(libxl__save_codec_open_write(gc, 3, "none", true, &c), 0);
    assert_null(c);
    assert_int_equal(libxl__save_codec_open_write(gc, 3, NULL, true, &c), 0);
    assert_non_null(c);
    assert_int_equal(libxl_page_codec_check(f->ctx, NULL, LIBXL_SUSPEND_LIVE),
                     0);
    write_conf(f, "remus.conf", "codec = \"nosuch\"\n");
    assert_int_equal(libxl_page_codec_check(f->ctx, NULL, LIBXL_SUSPEND_LIVE),
                     ERROR_INVAL);
    assert_int_equal(libxl_page_codec_check(f->ctx, NULL, 0), 0);
    libxl__save_codec_close(c);
    assert_int_equal(libxl_plugin_list(f->ctx, &list, &n), 0);
    assert_int_equal(n, 1);
    libxl_plugin_info_list_free(list, n);
    GC_FREE;
    cap_reset(&f->cap);
}

/* A stream written with a codec no plugin provides: one line. */
static void page_codec_missing(void **state)
{
    struct fixture *f = *state;
    uint8_t *pages = calloc(600, 4096);
    uint64_t ent[600];
    struct got g = { .data = malloc(600 * 4096) };
    char why[256];
    FILE *fp;
    int rc;

    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    fp = codec_stream(f, "test-copy", false, pages, ent);
    cap_reset(&f->cap);
    /* a context where the plugin is disabled */
    libxl_ctx_free(f->ctx);
    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\nenabled = 0\n");
    assert_int_equal(libxl_ctx_alloc(&f->ctx, LIBXL_VERSION, 0, &f->cap.lg), 0);
    rc = codec_read(f, fp, &g);
    fclose(fp);
    assert_int_equal(rc, ERROR_INVAL);
    snprintf(why, sizeof(why),
             "save file: written with page codec \"test-copy\", which is not "
             "installed (no enabled plugin in %s provides it)",
             f->dir);
    expect_one(f, LIBXL_LOG_ERROR, why);
    {
        struct libxl__save_codec *c = (void *)1;
        GC_INIT(f->ctx);
        assert_int_equal(
            libxl__save_codec_open_write(gc, 3, "test-copy", false, &c),
            ERROR_INVAL);
        assert_null(c);
        cap_reset(&f->cap);
        assert_int_equal(libxl_page_codec_check(f->ctx, "test-copy", 0),
                         ERROR_INVAL);
        snprintf(why, sizeof(why),
                 "page codec \"test-copy\" is not installed (no enabled "
                 "plugin in %s provides it)",
                 f->dir);
        expect_one(f, LIBXL_LOG_ERROR, why);
        assert_int_equal(libxl_page_codec_check(f->ctx, "none", 0), 0);
        GC_FREE;
    }
    free(pages);
    free(g.data);
    cap_reset(&f->cap);
}

/* A CODEC_PAGES record the codec refuses, one before CODEC: one line. */
static void page_codec_corrupt(void **state)
{
    struct fixture *f = *state;
    struct libxl__save_codec *c = NULL;
    uint8_t rec[8 + 8 + 4097] = { 0 };
    struct xs_codec h = { .name = "test-copy", .params_len = 1 };
    uint8_t head[sizeof(h) + 1];
    struct got g = { .data = malloc(4096) };
    uint32_t one = 1;
    uint64_t pfn = 5;
    GC_INIT(f->ctx);

    write_conf(f, "10-test.conf", "file = \"test-plugin.so\"\n");
    memcpy(rec, &one, 4);
    memcpy(rec + 8, &pfn, 8);
    rec[16] = 6; /* test-copy wants the pfn's low byte: 5 */
    assert_int_equal(libxl__save_codec_read(gc, &c, "s", XS_REC_CODEC_PAGES,
                                            rec, sizeof(rec), got_pages, &g),
                     ERROR_INVAL);
    expect_one(f, LIBXL_LOG_ERROR,
               "s: corrupted: a CODEC_PAGES record before the CODEC record");
    memcpy(head, &h, sizeof(h));
    head[sizeof(h)] = 0x5b; /* test-copy's parameter is 0x5a */
    assert_int_equal(libxl__save_codec_read(gc, &c, "s", XS_REC_CODEC, head,
                                            sizeof(head), got_pages, &g),
                     ERROR_INVAL);
    expect_one(f, LIBXL_LOG_ERROR,
               "s: page codec test-copy (plugin test) refuses its parameters: "
               "invalid argument");
    head[sizeof(h)] = 0x5a;
    assert_int_equal(libxl__save_codec_read(gc, &c, "s", XS_REC_CODEC, head,
                                            sizeof(head), got_pages, &g),
                     0);
    assert_int_equal(libxl__save_codec_read(gc, &c, "s", XS_REC_CODEC_PAGES,
                                            rec, sizeof(rec), got_pages, &g),
                     ERROR_INVAL);
    expect_one(f, LIBXL_LOG_ERROR,
               "s: corrupted: page codec test-copy refuses a batch of 1 pages "
               "(pfn 0x5 first)");
    rec[16] = 5;
    assert_int_equal(libxl__save_codec_read(gc, &c, "s", XS_REC_CODEC_PAGES,
                                            rec, sizeof(rec), got_pages, &g),
                     0);
    assert_int_equal(g.n, 1);
    libxl__save_codec_close(c);
    free(g.data);
    GC_FREE;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(no_conf_dir),
        T(loads_once_and_lists),
        T(placement_gets_topology),
        T(placement_key_reaches_plugin),
        T(codec_round_trip),
        T(missing_so),
        T(wrong_abi),
        T(no_descriptor),
        T(not_a_shared_object),
        T(init_fails),
        T(unknown_key),
        T(conf_errors),
        T(conf_syntax),
        T(disabled),
        T(on_error_continue),
        T(continue_then_next_plugin),
        T(stop_after_the_chosen_is_ignored),
        T(duplicate_name),
        T(hook_failure),
        T(device_hooks),
        T(sched_domain_hook),
        T(abi2_still_loads),
        T(page_codec_stream),
        T(page_codec_default),
        T(page_codec_missing),
        T(page_codec_corrupt),
        T(import_hook),
        T(abi2_plugin_loads),
        T(import_with_broken_plugin),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
