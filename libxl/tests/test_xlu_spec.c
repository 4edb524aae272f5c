/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device and cpu-list spec parsers: disk (every form of
 * xl-disk-configuration(5) and each error), vif (keys, rates, errors,
 * warnings), pci, rdm and cpu lists.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "libxlutil.h"

static XLU_Config *cfg;
static FILE *rep;
static const XLU_Pos at = { "g1.cfg", 5, 9 };

static int setup(void **state)
{
    rep = tmpfile();
    cfg = xlu_cfg_init(rep, "g1.cfg");
    return cfg ? 0 : -1;
}

static int teardown(void **state)
{
    xlu_cfg_destroy(cfg);
    fclose(rep);
    return 0;
}

/* What was reported since the last call. */
static const char *reported(void)
{
    static char last[4096];
    size_t n;

    fflush(rep);
    rewind(rep);
    n = fread(last, 1, sizeof(last) - 1, rep);
    last[n] = '\0';
    assert_int_equal(ftruncate(fileno(rep), 0), 0);
    rewind(rep);
    return last;
}

/* ---- disk ------------------------------------------------------------ */

static int disk(const char *spec, libxl_device_disk *d)
{
    libxl_device_disk_init(d);
    return xlu_disk_parse_at(cfg, &at, 1, &spec, d);
}

static void test_disk_forms(void **state)
{
    libxl_device_disk d;

    assert_int_equal(disk("phy:/dev/vg/g1,xvda,w", &d), 0);
    assert_string_equal(d.pdev_path, "/dev/vg/g1");
    assert_string_equal(d.vdev, "xvda");
    assert_int_equal(d.readwrite, 1);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_RAW);
    assert_int_equal(d.backend, LIBXL_DISK_BACKEND_UNKNOWN);
    libxl_device_disk_dispose(&d);

    assert_int_equal(disk("file:/srv/g1.img,xvdb,r", &d), 0);
    assert_string_equal(d.pdev_path, "/srv/g1.img");
    assert_int_equal(d.readwrite, 0);
    libxl_device_disk_dispose(&d);

    assert_int_equal(disk("tap:aio:/srv/g1.img,xvdc,w", &d), 0);
    assert_string_equal(d.pdev_path, "/srv/g1.img");
    assert_string_equal(d.vdev, "xvdc");
    libxl_device_disk_dispose(&d);

    assert_int_equal(disk("tap:qcow2:/srv/g1.qcow2,xvdd,w", &d), 0);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_QCOW2);
    libxl_device_disk_dispose(&d);

    assert_int_equal(disk("nbd:host:1234,xvde,w", &d), 0);
    assert_string_equal(d.script, "block-nbd");
    assert_string_equal(d.pdev_path, "host:1234");
    libxl_device_disk_dispose(&d);

    /* positional: target, format, vdev, access */
    assert_int_equal(disk("/dev/vg/g1,raw,xvda,rw", &d), 0);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_RAW);
    assert_int_equal(d.readwrite, 1);
    libxl_device_disk_dispose(&d);
    assert_int_equal(disk("/srv/a.qcow2,qcow2,hda,ro", &d), 0);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_QCOW2);
    assert_int_equal(d.readwrite, 0);
    libxl_device_disk_dispose(&d);
    assert_int_equal(disk("/dev/x,,xvda", &d), 0);
    assert_int_equal(d.readwrite, 1);
    libxl_device_disk_dispose(&d);

    /* keys, in any order, target last */
    assert_int_equal(
        disk("format=qcow2, vdev=xvdf, access=r, backendtype=qdisk, "
             "backend=dd, script=block-x, discard, direct-io-safe, "
             "specification=xen, target=/srv/with,comma.img",
             &d),
        0);
    assert_string_equal(d.pdev_path, "/srv/with,comma.img");
    assert_string_equal(d.vdev, "xvdf");
    assert_string_equal(d.backend_domname, "dd");
    assert_string_equal(d.script, "block-x");
    assert_int_equal(d.backend, LIBXL_DISK_BACKEND_QDISK);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_QCOW2);
    assert_int_equal(d.specification, LIBXL_DISK_SPECIFICATION_XEN);
    assert_true(d.direct_io_safe);
    assert_true(libxl_defbool_val(d.discard_enable));
    assert_int_equal(d.readwrite, 0);
    libxl_device_disk_dispose(&d);

    assert_int_equal(disk("vdev=xvda,no-discard,untrusted,colo,colo-host=h,"
                          "colo-port=9000,colo-export=e,active-disk=a,"
                          "hidden-disk=h2,target=/x",
                          &d),
                     0);
    assert_false(libxl_defbool_val(d.discard_enable));
    assert_false(libxl_defbool_val(d.trusted));
    assert_true(libxl_defbool_val(d.colo_enable));
    assert_int_equal(d.colo_port, 9000);
    libxl_device_disk_dispose(&d);

    /* cdroms */
    assert_int_equal(disk("/srv/cd.iso,raw,hdc:cdrom,r", &d), 0);
    assert_int_equal(d.is_cdrom, 1);
    assert_int_equal(d.removable, 1);
    assert_int_equal(d.readwrite, 0);
    assert_string_equal(d.vdev, "hdc");
    libxl_device_disk_dispose(&d);
    assert_int_equal(disk(",hdc:cdrom,r", &d), 0);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_EMPTY);
    assert_string_equal(d.pdev_path, "");
    libxl_device_disk_dispose(&d);
    assert_int_equal(disk("vdev=hdd,devtype=cdrom", &d), 0);
    assert_null(d.pdev_path);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_EMPTY);
    libxl_device_disk_dispose(&d);
    assert_int_equal(disk("cdrom,vdev=hdd,target=/x.iso", &d), 0);
    assert_int_equal(d.format, LIBXL_DISK_FORMAT_RAW);
    libxl_device_disk_dispose(&d);
    assert_string_equal(reported(), "");

    /* several specs read as one (xl block-attach) */
    {
        const char *specs[] = { "phy:/dev/x", "xvda", "w" };
        libxl_device_disk_init(&d);
        assert_int_equal(xlu_disk_parse(cfg, 3, specs, &d), 0);
        assert_string_equal(d.vdev, "xvda");
        libxl_device_disk_dispose(&d);
    }
}

static void disk_error(const char *spec, const char *msg)
{
    libxl_device_disk d;

    assert_int_equal(disk(spec, &d), EINVAL);
    assert_string_equal(reported(), msg);
    libxl_device_disk_dispose(&d);
}

static void test_disk_errors(void **state)
{
    disk_error("/dev/vg/g1,xvda,w",
               "g1.cfg:5:21: invalid disk spec \"/dev/vg/g1,xvda,w\": unknown "
               "format 'xvda' (raw, qcow, qcow2, vhd, qed, empty)\n");
    disk_error("phy:/dev/x,xvda,q",
               "g1.cfg:5:26: invalid disk spec \"phy:/dev/x,xvda,q\": unknown "
               "access 'q' (r, ro, w, rw)\n");
    disk_error("phy:/dev/x,xvda,w,extra",
               "g1.cfg:5:28: invalid disk spec \"phy:/dev/x,xvda,w,extra\": "
               "too many positional parameters at 'extra' (they are "
               "target,format,vdev,access)\n");
    disk_error("phy:/dev/x",
               "g1.cfg:5:9: invalid disk spec \"phy:/dev/x\": no vdev given "
               "(the guest's name for the disk, e.g. xvda)\n");
    disk_error("vdev=xvda",
               "g1.cfg:5:9: invalid disk spec \"vdev=xvda\": no target given "
               "(and the device is not a removable cdrom)\n");
    disk_error("vdev=xvda,foo=bar,target=/x",
               "g1.cfg:5:20: invalid disk spec "
               "\"vdev=xvda,foo=bar,target=/x\": unknown parameter 'foo'\n");
    disk_error("vdev=xvda,Foo=bar,target=/x",
               "g1.cfg:5:20: invalid disk spec "
               "\"vdev=xvda,Foo=bar,target=/x\": bad syntax at 'Foo=bar'\n");
    disk_error("xyz:/dev/x,xvda",
               "g1.cfg:5:10: invalid disk spec \"xyz:/dev/x,xvda\": unknown "
               "prefix 'xyz:' (phy:, file:, tap:, aio:, raw:, qcow2:, vhd:, "
               "...; or use KEY=VALUE)\n");
    disk_error("format=vmdk,vdev=xvda,target=/x",
               "g1.cfg:5:10: invalid disk spec "
               "\"format=vmdk,vdev=xvda,target=/x\": unknown format 'vmdk' "
               "(raw, qcow, qcow2, vhd, qed, empty)\n");
    disk_error("vdev=xvda,vdev=xvdb,target=/x",
               "g1.cfg:5:20: invalid disk spec "
               "\"vdev=xvda,vdev=xvdb,target=/x\": vdev given twice\n");
    disk_error("raw:/x,qcow2,xvda",
               "g1.cfg:5:23: invalid disk spec \"raw:/x,qcow2,xvda\": "
               "unknown access 'xvda' (r, ro, w, rw)\n");
}

static void test_disk_errors2(void **state)
{
    disk_error("devtype=floppy,vdev=xvda,target=/x",
               "g1.cfg:5:10: invalid disk spec "
               "\"devtype=floppy,vdev=xvda,target=/x\": unknown devtype "
               "'floppy' (disk, cdrom)\n");
    disk_error("/x,raw,hdc:tape",
               "g1.cfg:5:17: invalid disk spec \"/x,raw,hdc:tape\": unknown "
               "device type 'tape' (disk, cdrom)\n");
    disk_error("backendtype=nfs,vdev=xvda,target=/x",
               "g1.cfg:5:10: invalid disk spec "
               "\"backendtype=nfs,vdev=xvda,target=/x\": unknown backendtype "
               "'nfs' (phy, tap, qdisk, standalone)\n");
    disk_error("colo-port=x,vdev=xvda,target=/x",
               "g1.cfg:5:10: invalid disk spec "
               "\"colo-port=x,vdev=xvda,target=/x\": colo-port must be a port "
               "number, not 'x'\n");
    disk_error("specification=scsi,vdev=xvda,target=/x",
               "g1.cfg:5:10: invalid disk spec "
               "\"specification=scsi,vdev=xvda,target=/x\": unknown "
               "specification 'scsi' (xen, virtio)\n");
}

/* ---- vif -------------------------------------------------------------------
 */

static void test_vif(void **state)
{
    libxl_device_nic n;

    libxl_device_nic_init(&n);
    assert_int_equal(
        xlu_nic_parse(cfg, &at,
                      "mac=00:16:3E:0a:0b:0c, bridge=xenbr0,ip=10.0.0.2 "
                      "10.0.0.3,script=vif-route,type=vif,vifname=g1eth0,"
                      "backend=netdom,model=e1000,gatewaydev=eth0,mtu=9000,"
                      "devid=3,rate=10Mb/s@20ms,trusted",
                      &n),
        0);
    assert_int_equal(n.mac[2], 0x3e);
    assert_int_equal(n.mac[5], 0x0c);
    assert_string_equal(n.bridge, "xenbr0");
    assert_string_equal(n.ip, "10.0.0.2 10.0.0.3");
    assert_string_equal(n.script, "vif-route");
    assert_int_equal(n.nictype, LIBXL_NIC_TYPE_VIF);
    assert_string_equal(n.ifname, "g1eth0");
    assert_string_equal(n.backend_domname, "netdom");
    assert_string_equal(n.model, "e1000");
    assert_string_equal(n.gatewaydev, "eth0");
    assert_int_equal(n.mtu, 9000);
    assert_int_equal(n.devid, 3);
    assert_int_equal(n.rate_interval_usecs, 20000);
    assert_int_equal(n.rate_bytes_per_interval, 25000);
    assert_true(libxl_defbool_val(n.trusted));
    assert_string_equal(reported(), "");
    libxl_device_nic_dispose(&n);

    libxl_device_nic_init(&n);
    assert_int_equal(xlu_nic_parse(cfg, &at,
                                   "type=ioemu,netdev=eth1,accel=x,foo=1,"
                                   "colo_sock_mirror_id=1,untrusted,bare",
                                   &n),
                     0);
    assert_int_equal(n.nictype, LIBXL_NIC_TYPE_VIF_IOEMU);
    assert_string_equal(n.gatewaydev, "eth1");
    assert_false(libxl_defbool_val(n.trusted));
    assert_string_equal(
        reported(),
        "g1.cfg:5:9: warning: vif \"type=ioemu,netdev=eth1,accel=x,foo=1,"
        "colo_sock_mirror_id=1,untrusted,bare\": 'netdev' is deprecated, "
        "use 'gatewaydev'\n"
        "g1.cfg:5:9: warning: vif \"type=ioemu,netdev=eth1,accel=x,foo=1,"
        "colo_sock_mirror_id=1,untrusted,bare\": 'accel' is not supported "
        "and is ignored\n"
        "g1.cfg:5:9: warning: vif \"type=ioemu,netdev=eth1,accel=x,foo=1,"
        "colo_sock_mirror_id=1,untrusted,bare\": unknown setting 'foo' "
        "ignored\n"
        "g1.cfg:5:9: warning: vif \"type=ioemu,netdev=eth1,accel=x,foo=1,"
        "colo_sock_mirror_id=1,untrusted,bare\": COLO setting "
        "'colo_sock_mirror_id' is not supported and is ignored\n"
        "g1.cfg:5:9: warning: vif \"type=ioemu,netdev=eth1,accel=x,foo=1,"
        "colo_sock_mirror_id=1,untrusted,bare\": unknown setting 'bare' "
        "ignored\n");
    libxl_device_nic_dispose(&n);
}

static void vif_rate(const char *rate, uint64_t bytes, uint32_t usecs)
{
    libxl_device_nic n;

    libxl_device_nic_init(&n);
    assert_int_equal(xlu_vif_parse_rate(cfg, rate, &n), 0);
    assert_int_equal(n.rate_bytes_per_interval, bytes);
    assert_int_equal(n.rate_interval_usecs, usecs);
    libxl_device_nic_dispose(&n);
}

static void vif_error(const char *spec, int rc, const char *msg)
{
    libxl_device_nic n;

    libxl_device_nic_init(&n);
    assert_int_equal(xlu_nic_parse(cfg, &at, spec, &n), rc);
    assert_string_equal(reported(), msg);
    libxl_device_nic_dispose(&n);
}

static void test_vif_rates_errors(void **state)
{
    vif_rate("10MB/s", 500000, 50000);
    vif_rate("100Mb/s@1s", 12500000, 1000000);
    vif_rate("1GB/s@100us", 100000, 100);
    vif_rate("8Kb/s@2", 2000, 2000000);
    vif_rate("1000B/s@5ms", 5, 5000);

    vif_error("rate=10Mbit", EINVAL,
              "g1.cfg:5:9: invalid vif rate '10Mbit': expected a number of "
              "bytes or bits per second, e.g. 10MB/s or 100Mb/s (units K M "
              "G)\n");
    vif_error("rate=10MB/s@1h", EINVAL,
              "g1.cfg:5:9: invalid vif rate '10MB/s@1h': expected an "
              "interval after '@', e.g. 20ms, 50000us or 1s\n");
    vif_error("rate=@20ms", EINVAL,
              "g1.cfg:5:9: invalid vif rate '@20ms': no rate given\n");
    vif_error("rate=0MB/s", EINVAL,
              "g1.cfg:5:9: invalid vif rate '0MB/s': the rate must be more "
              "than 0\n");
    vif_error("rate=99999999999MB/s", EOVERFLOW,
              "g1.cfg:5:9: invalid vif rate '99999999999MB/s': rate "
              "overflow\n");
    vif_error("rate=1MB/s@5000s", EOVERFLOW,
              "g1.cfg:5:9: invalid vif rate '1MB/s@5000s': the interval is "
              "too long\n");
    vif_error("rate=1MB/s@0ms", EINVAL,
              "g1.cfg:5:9: invalid vif rate '1MB/s@0ms': the interval must be "
              "more than 0\n");
    vif_error("mac=00:16:3e:00:00", EINVAL,
              "g1.cfg:5:9: vif \"mac=00:16:3e:00:00\": invalid mac "
              "'00:16:3e:00:00' (six hex bytes: 00:16:3e:xx:xx:xx)\n");
    vif_error("mac=00:16:3e:00:00:100", EINVAL,
              "g1.cfg:5:9: vif \"mac=00:16:3e:00:00:100\": invalid mac "
              "'00:16:3e:00:00:100' (six hex bytes: 00:16:3e:xx:xx:xx)\n");
    vif_error("type=tap", EINVAL,
              "g1.cfg:5:9: vif \"type=tap\": unknown type 'tap' (vif, "
              "ioemu)\n");
    vif_error("mtu=big", EINVAL,
              "g1.cfg:5:9: vif \"mtu=big\": mtu must be a number, not "
              "'big'\n");
    vif_error("devid=-1", EINVAL,
              "g1.cfg:5:9: vif \"devid=-1\": devid must be a number, not "
              "'-1'\n");
}

/* ---- pci, rdm
 * ---------------------------------------------------------------- */

static void test_pci(void **state)
{
    libxl_device_pci p;
    libxl_rdm_reserve r;

    libxl_device_pci_init(&p);
    assert_int_equal(xlu_pci_parse_spec_string(cfg, &p, "03:00.1"), 0);
    assert_int_equal(p.bus, 3);
    assert_int_equal(p.dev, 0);
    assert_int_equal(p.func, 1);
    assert_int_equal(p.domain, 0);
    assert_int_equal(p.vfunc_mask, 1);
    libxl_device_pci_dispose(&p);

    libxl_device_pci_init(&p);
    assert_int_equal(
        xlu_pci_parse_spec_string(cfg, &p,
                                  "0001:0a:1f.7@1e,permissive=1,"
                                  "msitranslate=1,seize=1,power_mgmt=1,"
                                  "rdm_policy=relaxed"),
        0);
    assert_int_equal(p.domain, 1);
    assert_int_equal(p.bus, 10);
    assert_int_equal(p.dev, 0x1f);
    assert_int_equal(p.func, 7);
    assert_int_equal(p.vdevfn, 0x1e << 3);
    assert_true(p.permissive && p.msitranslate && p.seize && p.power_mgmt);
    assert_int_equal(p.rdm_policy, LIBXL_RDM_RESERVE_POLICY_RELAXED);
    libxl_device_pci_dispose(&p);

    libxl_device_pci_init(&p);
    assert_int_equal(xlu_pci_parse_spec_string(cfg, &p, "04:00.*"), 0);
    assert_int_equal(p.vfunc_mask, LIBXL_PCI_FUNC_ALL);
    libxl_device_pci_dispose(&p);
    libxl_device_pci_init(&p);
    assert_int_equal(xlu_pci_parse_spec_string(cfg, &p, "name=gpu0,vslot=3"),
                     0);
    assert_string_equal(p.name, "gpu0");
    assert_int_equal(p.vdevfn, 3 << 3);
    libxl_device_pci_dispose(&p);
    libxl_device_pci_init(&p);
    assert_int_equal(xlu_pci_parse_spec_string(cfg, &p, "bdf=00:02.0"), 0);
    assert_int_equal(p.dev, 2);
    libxl_device_pci_dispose(&p);
    assert_string_equal(reported(), "");

    static const struct {
        const char *spec, *msg;
    } bad[] = {
        { "03:00", "expected [SEG:]BUS:DEV.FN or KEY=VALUE '03:00'" },
        { "03:20.0", "expected [SEG:]BUS:DEV.FN or KEY=VALUE '03:20.0'" },
        { "03:00.8", "expected [SEG:]BUS:DEV.FN or KEY=VALUE '03:00.8'" },
        { "100:00.0", "expected [SEG:]BUS:DEV.FN or KEY=VALUE '100:00.0'" },
        { "03:00.0@20", "the virtual slot after '@' must be 0-1f (hex)" },
        { "03:00.0;x", "expected ',' or '@' after the BDF" },
        { "03:00.0,foo=1", "unknown option 'foo'" },
        { "03:00.0,permissive=yes", "expected a number (0 or 1) 'permissive'" },
        { "03:00.0,rdm_policy=loose", "rdm_policy must be strict or relaxed" },
        { "03:00.0,name=x", "give a BDF or a name, not both" },
        { "permissive=1", "no device: expected [SEG:]BUS:DEV.FN or name=" },
        { "bdf=zz", "bdf must be [SEG:]BUS:DEV.FN (hexadecimal)" },
        { "name=a,vslot=40", "vslot must be 0-1f (hex)" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char want[512];
        libxl_device_pci_init(&p);
        assert_int_equal(xlu_pci_parse_spec_string(cfg, &p, bad[i].spec),
                         EINVAL);
        snprintf(want, sizeof(want), "g1.cfg: invalid PCI spec \"%s\": %s\n",
                 bad[i].spec, bad[i].msg);
        assert_string_equal(reported(), want);
        libxl_device_pci_dispose(&p);
    }
    libxl_device_pci_init(&p);
    assert_int_equal(xlu_pci_parse_bdf(cfg, &p, "0000:00:1f.3"), 0);
    assert_int_equal(xlu_pci_parse_bdf(cfg, &p, "0000:00:1f.3@1"), EINVAL);
    assert_string_equal(reported(),
                        "g1.cfg: invalid PCI spec \"0000:00:1f.3@1\": "
                        "expected [SEG:]BUS:DEV.FN (hexadecimal)\n");
    libxl_device_pci_dispose(&p);

    libxl_rdm_reserve_init(&r);
    assert_int_equal(xlu_rdm_parse(cfg, &r, "strategy=host,policy=relaxed"), 0);
    assert_int_equal(r.strategy, LIBXL_RDM_RESERVE_STRATEGY_HOST);
    assert_int_equal(r.policy, LIBXL_RDM_RESERVE_POLICY_RELAXED);
    assert_int_equal(xlu_rdm_parse(cfg, &r, "strategy=guest"), EINVAL);
    assert_string_equal(reported(),
                        "g1.cfg: invalid rdm \"strategy=guest\": expected "
                        "strategy=host and/or policy=strict|relaxed\n");
}

/* ---- cpu lists
 * ----------------------------------------------------------------- */

static char *cpus(const char *spec, int *rc)
{
    libxl_bitmap m;
    char *s;

    libxl_bitmap_init(&m);
    assert_int_equal(libxl_bitmap_alloc(NULL, &m, 8), 0);
    *rc = xlu_cpurange_parse(cfg, &at, spec, &m, NULL, 0);
    s = libxl_bitmap_to_range_list(&m);
    libxl_bitmap_dispose(&m);
    return s;
}

static void test_cpus(void **state)
{
    static const struct {
        const char *spec, *want;
    } good[] = {
        { "0-3,^1", "0,2-3" },      { "all", "0-7" },
        { "all,^0", "1-7" },        { "5", "5" },
        { "2-3,6-7", "2-3,6-7" },   { "12", "12" },
        { "0-15,^8-14", "0-7,15" },
    };
    int rc;

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        char *s = cpus(good[i].spec, &rc);
        assert_int_equal(rc, 0);
        assert_string_equal(s, good[i].want);
        free(s);
    }
    assert_string_equal(reported(), "");

    static const struct {
        const char *spec, *msg;
    } bad[] = {
        { "^all", "invalid cpu list \"^all\": \"^\" and \"all\" cannot be "
                  "combined" },
        { "3-1", "invalid cpu list \"3-1\": '3-1' is not a cpu, a range N-M, "
                 "all, or nodes:N" },
        { "x", "invalid cpu list \"x\": 'x' is not a cpu, a range N-M, all, "
               "or nodes:N" },
        { "nodes:0", "invalid cpu list \"nodes:0\": nodes: needs the host's "
                     "NUMA layout, which is not known here" },
        { "5000", "invalid cpu list \"5000\": cpu 5000 is beyond the largest "
                  "supported (4095)" },
        { ",", "invalid cpu list \",\": it is empty" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char want[512];
        free(cpus(bad[i].spec, &rc));
        assert_int_equal(rc, EINVAL);
        snprintf(want, sizeof(want), "g1.cfg:5:9: %s\n", bad[i].msg);
        assert_string_equal(reported(), want);
    }

    /* nodes: with a known layout */
    {
        libxl_bitmap nodes[2], m;
        char *s;
        for (int i = 0; i < 2; i++) {
            libxl_bitmap_init(&nodes[i]);
            assert_int_equal(libxl_bitmap_alloc(NULL, &nodes[i], 8), 0);
            libxl_bitmap_set(&nodes[i], 4 * i);
            libxl_bitmap_set(&nodes[i], 4 * i + 1);
        }
        libxl_bitmap_init(&m);
        assert_int_equal(libxl_bitmap_alloc(NULL, &m, 8), 0);
        assert_int_equal(
            xlu_cpurange_parse(cfg, &at, "nodes:0-1,^node:1,7", &m, nodes, 2),
            0);
        s = libxl_bitmap_to_range_list(&m);
        assert_string_equal(s, "0-1,7");
        free(s);
        assert_int_equal(xlu_cpurange_parse(cfg, &at, "node:2", &m, nodes, 2),
                         EINVAL);
        assert_string_equal(reported(), "g1.cfg:5:9: invalid cpu list "
                                        "\"node:2\": node 2 does not exist "
                                        "(the host has 2)\n");
        libxl_bitmap_dispose(&m);
        libxl_bitmap_dispose(&nodes[0]);
        libxl_bitmap_dispose(&nodes[1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disk_forms),
        cmocka_unit_test(test_disk_errors),
        cmocka_unit_test(test_disk_errors2),
        cmocka_unit_test(test_vif),
        cmocka_unit_test(test_vif_rates_errors),
        cmocka_unit_test(test_pci),
        cmocka_unit_test(test_cpus),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
