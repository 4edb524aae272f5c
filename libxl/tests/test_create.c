/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain creation on the host, without a hypervisor or xenstored: the
 * xenstore layout a configuration produces against a recorded one
 * (tests/data/create-layout.expected, Xen 4.17's keys and permissions),
 * the hotplug scripts' arguments and environment and how a failing or
 * hanging script is reported, virtual disk numbers, and NUMA placement on
 * synthetic machines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "create.h"
#include "placement.h"

static libxl_ctx *new_ctx(void)
{
    libxl_ctx *ctx = NULL;

    assert_int_equal(libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, NULL), 0);
    return ctx;
}

/* The guest of the system test (domu-pv-linux's g1), as domain 5. */
static void g1_config(libxl_domain_config *cfg)
{
    libxl_domain_build_info *b = &cfg->b_info;

    libxl_domain_config_init(cfg);
    cfg->c_info.type = LIBXL_DOMAIN_TYPE_PV;
    cfg->c_info.name = strdup("g1");
    libxl_uuid_from_string(&cfg->c_info.uuid,
                           "5f0c1a8e-2b7d-4c3a-9e61-0d2f4b8a7c15");
    b->max_vcpus = 2;
    b->max_memkb = b->target_memkb = 128 * 1024;
    b->video_memkb = 0;
    b->kernel = strdup("/guest/vmlinuz");
    b->ramdisk = strdup("/guest/initrd.gz");
    b->cmdline = strdup("console=hvc0 quiet role=main");
}

static char *read_file(const char *name)
{
    char path[256];
    FILE *f;
    static char buf[65536];
    size_t n;

    snprintf(path, sizeof(path), "tests/data/%s", name);
    f = fopen(path, "r");
    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void layout(void **state)
{
    libxl_ctx *ctx = new_ctx();
    GC_INIT(ctx);
    libxl_domain_config cfg;
    libxl_device_nic nic;
    libxl_device_disk disk;
    libxl__create_state st = {
        .domid = 5,
        .uuid = "5f0c1a8e-2b7d-4c3a-9e61-0d2f4b8a7c15",
        .start_time = "1765115000.42",
        .store_domid = 0,
        .console_domid = 0,
        .store_port = 1,
        .console_port = 2,
        .store_ring = 0x12345,
        .console_ring = 0x12346,
    };
    libxl__xs_batch b;
    libxl__kvs back, front, ro;
    libxl__device dev;
    const char *want;
    char *got;

    (void)state;
    g1_config(&cfg);
    libxl__xs_batch_init(gc, &b);
    libxl__create_make_batch(&b, &cfg, &st);
    libxl__create_post_batch(&b, &cfg, &st);
    libxl__create_console_batch(&b, &st);

    libxl_device_disk_init(&disk);
    disk.vdev = strdup("xvda");
    disk.pdev_path = strdup("/var/lib/xen/disk.img");
    disk.script = strdup("block");
    disk.readwrite = 1;
    disk.format = LIBXL_DISK_FORMAT_RAW;
    assert_int_equal(libxl__device_disk_setdefault(gc, 5, &disk), 0);
    libxl__kvs_init(gc, &back);
    libxl__kvs_init(gc, &front);
    libxl__device_disk_keys(gc, 5, &disk, &back, &front);
    dev = (libxl__device){ LIBXL__DEVICE_KIND_VBD, 5, 0, 51712 };
    libxl__device_add_batch(&b, &dev, back.v, front.v, NULL);

    libxl_device_nic_init(&nic);
    libxl_mac_from_string(&nic.mac, "00:16:3e:00:00:02");
    nic.bridge = strdup("xenbr0");
    nic.devid = 0;
    assert_int_equal(libxl__device_nic_setdefault(gc, 5, &nic), 0);
    libxl__kvs_init(gc, &back);
    libxl__kvs_init(gc, &front);
    libxl__kvs_init(gc, &ro);
    libxl__device_nic_keys(gc, 5, &nic, &back, &front, &ro);
    dev = (libxl__device){ LIBXL__DEVICE_KIND_VIF, 5, 0, 0 };
    libxl__device_add_batch(&b, &dev, back.v, front.v, ro.v);

    got = libxl__xs_batch_render(gc, &b);
    want = read_file("create-layout.expected");
    if (!want || strcmp(got, want)) {
        FILE *f = fopen("/tmp/create-layout.got", "w");
        if (f) {
            fputs(got, f);
            fclose(f);
        }
        fail_msg("layout differs from tests/data/create-layout.expected "
                 "(got: /tmp/create-layout.got)");
    }
    libxl_device_nic_dispose(&nic);
    libxl_device_disk_dispose(&disk);
    libxl_domain_config_dispose(&cfg);
    GC_FREE;
    libxl_ctx_free(ctx);
}

static const char *env_get(char **env, const char *key)
{
    for (int i = 0; env[i]; i += 2)
        if (!strcmp(env[i], key))
            return env[i + 1];
    return NULL;
}

static void hotplug_env_args(void **state)
{
    libxl_ctx *ctx = new_ctx();
    GC_INIT(ctx);
    libxl__device vif = { LIBXL__DEVICE_KIND_VIF, 7, 0, 1 };
    libxl__device vbd = { LIBXL__DEVICE_KIND_VBD, 7, 0, 51712 };
    char **env, **argv;

    (void)state;
    env = libxl__hotplug_env(gc, &vif, "/etc/xen/scripts/vif-bridge", NULL);
    assert_string_equal(env_get(env, "script"), "/etc/xen/scripts/vif-bridge");
    assert_string_equal(env_get(env, "XENBUS_TYPE"), "vif");
    assert_string_equal(env_get(env, "XENBUS_PATH"), "backend/vif/7/1");
    assert_string_equal(env_get(env, "XENBUS_BASE_PATH"), "backend");
    assert_string_equal(env_get(env, "netdev"), "");
    assert_string_equal(env_get(env, "vif"), "vif7.1");
    argv = libxl__hotplug_args(gc, &vif, "/s/vif-bridge", true);
    assert_string_equal(argv[1], "online");
    assert_string_equal(argv[2], "type_if=vif");
    assert_null(argv[3]);
    argv = libxl__hotplug_args(gc, &vif, "/s/vif-bridge", false);
    assert_string_equal(argv[1], "offline");

    env = libxl__hotplug_env(gc, &vbd, "/etc/xen/scripts/block", NULL);
    assert_string_equal(env_get(env, "XENBUS_TYPE"), "vbd");
    assert_string_equal(env_get(env, "XENBUS_PATH"), "backend/vbd/7/51712");
    assert_null(env_get(env, "vif"));
    argv = libxl__hotplug_args(gc, &vbd, "/etc/xen/scripts/block", true);
    assert_string_equal(argv[1], "add");
    assert_null(argv[2]);
    argv = libxl__hotplug_args(gc, &vbd, "/etc/xen/scripts/block", false);
    assert_string_equal(argv[1], "remove");
    GC_FREE;
    libxl_ctx_free(ctx);
}

static char *write_script(const char *body)
{
    static char path[64];
    FILE *f;

    snprintf(path, sizeof(path), "/tmp/xenith-hp-%d.sh", (int)getpid());
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s", body);
    fclose(f);
    chmod(path, 0755);
    return path;
}

/* The script sees the environment and arguments; its failure keeps the
 * last output lines. */
static void hotplug_exec(void **state)
{
    char *path = write_script("echo \"$XENBUS_PATH $1 $2\" >&2\n"
                              "echo line2 >&2\necho \"$vif\" >&2\nexit 3\n");
    char *argv[] = { path, "online", "type_if=vif", NULL };
    char *env[] = { "XENBUS_PATH", "backend/vif/3/0", "vif", "vif3.0", NULL };
    char out[256];
    int st;

    (void)state;
    st = libxl__hotplug_exec(argv, env, 10, out, sizeof(out));
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 3);
    assert_string_equal(out, "backend/vif/3/0 online type_if=vif\nline2\n"
                             "vif3.0\n");
    /* Only the tail is kept. */
    st = libxl__hotplug_exec(argv, env, 10, out, 8);
    assert_string_equal(out, "vif3.0\n");
    unlink(path);
}

static void hotplug_timeout(void **state)
{
    char *path = write_script("echo starting >&2\nexec sleep 30\n");
    char *argv[] = { path, "add", NULL };
    char out[64];
    time_t t0 = time(NULL);
    int st;

    (void)state;
    st = libxl__hotplug_exec(argv, NULL, 1, out, sizeof(out));
    assert_int_equal(st, -1);
    assert_int_equal(errno, ETIMEDOUT);
    assert_true(time(NULL) - t0 <= 5);
    assert_string_equal(out, "starting\n");
    unlink(path);
}

static void disk_numbers(void **state)
{
    (void)state;
    assert_int_equal(libxl__device_disk_dev_number("xvda"), 51712);
    assert_int_equal(libxl__device_disk_dev_number("xvdb"), 51728);
    assert_int_equal(libxl__device_disk_dev_number("xvda1"), 51713);
    assert_int_equal(libxl__device_disk_dev_number("xvdq"),
                     (1 << 28) | (16 << 8));
    assert_int_equal(libxl__device_disk_dev_number("xvdaa"),
                     (1 << 28) | (26 << 8));
    assert_int_equal(libxl__device_disk_dev_number("sda"), 2048);
    assert_int_equal(libxl__device_disk_dev_number("hda"), 768);
    assert_int_equal(libxl__device_disk_dev_number("hdc"), 5632);
    assert_int_equal(libxl__device_disk_dev_number("51712"), 51712);
    assert_int_equal(libxl__device_disk_dev_number("vda"), -1);
    assert_int_equal(libxl__device_disk_dev_number("xvd"), -1);
    assert_int_equal(libxl__device_disk_dev_number("xvda0"), -1);
}

static libxl__numa_topo topo(int n, const uint64_t *free_mb, const int *cpus,
                             const int *vcpus)
{
    libxl__numa_topo t = { .nr_nodes = n };

    for (int i = 0; i < n; i++) {
        t.free_kb[i] = free_mb[i] << 10;
        t.cpus[i] = cpus[i];
        t.vcpus[i] = vcpus ? vcpus[i] : 0;
    }
    return t;
}

static void placement(void **state)
{
    (void)state;
    /* One node fits: the one with the fewest vCPUs, not the emptiest. */
    {
        uint64_t f[] = { 4096, 2048, 8192, 1024 };
        int c[] = { 4, 4, 4, 4 }, v[] = { 6, 1, 3, 0 };
        libxl__numa_topo t = topo(4, f, c, v);
        assert_int_equal(libxl__numa_choose(&t, 1536 << 10, 2), 1u << 1);
    }
    /* Equal vCPUs: the most free memory. */
    {
        uint64_t f[] = { 3000, 5000, 4000 };
        int c[] = { 2, 2, 2 }, v[] = { 1, 1, 1 };
        libxl__numa_topo t = topo(3, f, c, v);
        assert_int_equal(libxl__numa_choose(&t, 1000 << 10, 1), 1u << 1);
    }
    /* No single node has the memory: the best pair. */
    {
        uint64_t f[] = { 1000, 1500, 1200, 900 };
        int c[] = { 2, 2, 2, 2 }, v[] = { 0, 4, 0, 0 };
        libxl__numa_topo t = topo(4, f, c, v);
        /* {0,2} 2200 MiB 0 vCPUs beats {1,2} 2700 MiB 4 vCPUs. */
        assert_int_equal(libxl__numa_choose(&t, 2000 << 10, 1),
                         (1u << 0) | (1u << 2));
    }
    /* Enough memory on one node but too few pCPUs for the vCPUs. */
    {
        uint64_t f[] = { 8000, 8000 };
        int c[] = { 2, 2 };
        libxl__numa_topo t = topo(2, f, c, NULL);
        assert_int_equal(libxl__numa_choose(&t, 1024 << 10, 3), 3u);
        assert_int_equal(libxl__numa_choose(&t, 1024 << 10, 2), 1u);
    }
    /* Nothing fits. */
    {
        uint64_t f[] = { 100, 100 };
        int c[] = { 1, 1 };
        libxl__numa_topo t = topo(2, f, c, NULL);
        assert_int_equal(libxl__numa_choose(&t, 1024 << 10, 1), 0u);
    }
    /* Many nodes: three of eight are needed, the lowest-loaded ones. */
    {
        uint64_t f[8] = { 500, 500, 500, 500, 500, 500, 500, 500 };
        int c[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
        int v[8] = { 3, 0, 2, 0, 5, 1, 0, 4 };
        libxl__numa_topo t = topo(8, f, c, v);
        assert_int_equal(libxl__numa_choose(&t, 1400 << 10, 1),
                         (1u << 1) | (1u << 3) | (1u << 6));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout),       cmocka_unit_test(hotplug_env_args),
        cmocka_unit_test(hotplug_exec), cmocka_unit_test(hotplug_timeout),
        cmocka_unit_test(disk_numbers), cmocka_unit_test(placement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
