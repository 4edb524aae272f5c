/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The xenstore layout of a new PV domain D, as Xen 4.17's libxl writes it:
 *
 *   /local/domain/D        [n0,rD]  name, domid, vm, memory/, cpu/, store/,
 *                                   control/ (feature keys the guest
 *                                   writes: [nD]), device/, console/, data/,
 *                                   drivers/, feature/, attr/, error/
 *   /vm/UUID               [n0,rD]  uuid, name, image/, start_time
 *   /libxl/D               [n0]     device/, type, dm-version
 */
#include <inttypes.h>

#include "create.h"

void libxl__create_make_batch(libxl__xs_batch *b,
                              const libxl_domain_config *cfg,
                              const libxl__create_state *st)
{
    libxl__gc *gc = b->gc;
    uint32_t d = st->domid;
    char *dom = libxl__xs_dompath(gc, d);
    char *vm = GCSPRINTF("/vm/%s", st->uuid);
    char *lx = libxl__xs_libxl_path(gc, d);
    /* dom0 owns it, the guest reads; dom0 only; the guest owns it. */
    const struct xs_permissions ro[2] = { { 0, XS_PERM_NONE },
                                          { d, XS_PERM_READ } };
    const struct xs_permissions no[1] = { { 0, XS_PERM_NONE } };
    const struct xs_permissions rw[1] = { { d, XS_PERM_NONE } };
    static const char *const guest_rw[] = {
        "control/shutdown",
        "control/feature-poweroff",
        "control/feature-reboot",
        "control/feature-suspend",
        "control/sysrq",
        "data",
        "drivers",
        "feature",
        "attr",
        "error",
    };

    libxl__xs_batch_rm(b, dom);
    libxl__xs_batch_mknod(b, dom, ro, 2);
    libxl__xs_batch_rm(b, vm);
    libxl__xs_batch_mknod(b, vm, ro, 2);
    libxl__xs_batch_rm(b, lx);
    libxl__xs_batch_mknod(b, lx, no, 1);
    libxl__xs_batch_mknod(b, GCSPRINTF("%s/device", lx), no, 1);
    libxl__xs_batch_write(b, GCSPRINTF("%s/vm", dom), vm);
    libxl__xs_batch_write(b, GCSPRINTF("%s/name", dom), cfg->c_info.name);
    libxl__xs_batch_mknod(b, GCSPRINTF("%s/cpu", dom), ro, 2);
    libxl__xs_batch_mknod(b, GCSPRINTF("%s/memory", dom), ro, 2);
    libxl__xs_batch_mknod(b, GCSPRINTF("%s/device", dom), ro, 2);
    libxl__xs_batch_mknod(b, GCSPRINTF("%s/device/suspend/event-channel", dom),
                          rw, 1);
    libxl__xs_batch_mknod(b, GCSPRINTF("%s/control", dom), ro, 2);
    for (unsigned i = 0; i < sizeof(guest_rw) / sizeof(guest_rw[0]); i++)
        libxl__xs_batch_mknod(b, GCSPRINTF("%s/%s", dom, guest_rw[i]), rw, 1);
    libxl__xs_batch_write(b, GCSPRINTF("%s/uuid", vm), st->uuid);
    libxl__xs_batch_write(b, GCSPRINTF("%s/name", vm), cfg->c_info.name);
    libxl__xs_batch_writev(b, dom, cfg->c_info.xsdata);
    libxl__xs_batch_writev(b, GCSPRINTF("%s/platform", dom),
                           cfg->c_info.platformdata);
    libxl__xs_batch_write(
        b, GCSPRINTF("%s/control/platform-feature-multiprocessor-suspend", dom),
        "1");
    libxl__xs_batch_write(
        b, GCSPRINTF("%s/control/platform-feature-xs_reset_watches", dom), "1");
    libxl__xs_batch_write(b, GCSPRINTF("%s/type", lx), "pv");
    libxl__xs_batch_write(b, GCSPRINTF("%s/dm-version", lx), "qemu_xen");
}

static bool vcpu_online(const libxl_domain_build_info *b, int i)
{
    if (!b->avail_vcpus.size)
        return true;
    return libxl_bitmap_test(&b->avail_vcpus, i);
}

void libxl__create_post_batch(libxl__xs_batch *b,
                              const libxl_domain_config *cfg,
                              const libxl__create_state *st)
{
    libxl__gc *gc = b->gc;
    const libxl_domain_build_info *bi = &cfg->b_info;
    char *dom = libxl__xs_dompath(gc, st->domid);
    char *vm = GCSPRINTF("/vm/%s", st->uuid);

    libxl__xs_batch_writef(b, GCSPRINTF("%s/memory/static-max", dom),
                           "%" PRIu64, bi->max_memkb);
    libxl__xs_batch_writef(b, GCSPRINTF("%s/memory/target", dom), "%" PRIu64,
                           bi->target_memkb -
                               libxl__memkb_or(bi->video_memkb, 0));
    libxl__xs_batch_writef(b, GCSPRINTF("%s/memory/videoram", dom), "%" PRIu64,
                           libxl__memkb_or(bi->video_memkb, 0));
    libxl__xs_batch_writef(b, GCSPRINTF("%s/domid", dom), "%" PRIu32,
                           st->domid);
    libxl__xs_batch_writef(b, GCSPRINTF("%s/store/port", dom), "%" PRIu32,
                           st->store_port);
    libxl__xs_batch_writef(b, GCSPRINTF("%s/store/ring-ref", dom), "%" PRIu64,
                           st->store_ring);
    for (int i = 0; i < bi->max_vcpus; i++)
        libxl__xs_batch_write(b, GCSPRINTF("%s/cpu/%d/availability", dom, i),
                              vcpu_online(bi, i) ? "online" : "offline");
    libxl__xs_batch_write(b, GCSPRINTF("%s/image/ostype", vm), "linux");
    libxl__xs_batch_write(b, GCSPRINTF("%s/image/kernel", vm), bi->kernel);
    libxl__xs_batch_write(b, GCSPRINTF("%s/start_time", vm), st->start_time);
    if (bi->ramdisk)
        libxl__xs_batch_write(b, GCSPRINTF("%s/image/ramdisk", vm),
                              bi->ramdisk);
    if (bi->cmdline)
        libxl__xs_batch_write(b, GCSPRINTF("%s/image/cmdline", vm),
                              bi->cmdline);
}

void libxl__create_console_batch(libxl__xs_batch *b,
                                 const libxl__create_state *st)
{
    libxl__gc *gc = b->gc;
    libxl__kvs back, front, ro;
    libxl__device dev = { .kind = LIBXL__DEVICE_KIND_CONSOLE,
                          .domid = st->domid,
                          .backend_domid = st->console_domid,
                          .devid = 0 };

    libxl__kvs_init(gc, &back);
    libxl__kvs_init(gc, &front);
    libxl__kvs_init(gc, &ro);
    libxl__console_keys(gc, st->domid, st->console_domid, st->console_port,
                        st->console_ring, &back, &front, &ro);
    libxl__device_add_batch(b, &dev, back.v, front.v, ro.v);
}
