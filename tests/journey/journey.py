#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The administrator's journey, driven over the serial console.

Boots the journey's Debian 12 image (a copy-on-write overlay of the cached
image) under QEMU on plain Linux, installs the hypervisor with apt from a
local repository served over QEMU's user network, puts a guest config in
/etc/xen/auto/, reboots into the hypervisor (GRUB, dom0 = the installed
kernel, systemd as PID 1), checks the system, the units, xl, the guest
(console and ping over xenbr0), reboots with `systemctl reboot` and checks
the guest came back after a clean shutdown.  With --remove it then purges
the packages, reboots and checks plain Linux has no hypervisor entry left
and no failed unit.

Each stage is printed with its elapsed time; every wait has a timeout.
Every reboot is a power cycle: QEMU runs with -no-reboot and the driver
starts it again, so "power-on" is the start of a QEMU process.
"""
import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time

PROMPT_RC = re.compile(r"@@RC=(\d+)@@")
# The whole journey's time limit (monotonic time; --limit).
DEADLINE = float("inf")


class Fail(Exception):
    pass


class Serial:
    """One QEMU process; its serial port on stdin/stdout, logged."""

    def __init__(self, cmd, log):
        self.log = log
        self.buf = ""
        self.pos = 0
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, bufsize=0)
        self.start = time.monotonic()
        self.first = {}  # regex -> host time of its first match
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        while True:
            data = self.proc.stdout.read1(4096) if hasattr(
                self.proc.stdout, "read1") else os.read(
                    self.proc.stdout.fileno(), 4096)
            if not data:
                break
            text = data.decode("utf-8", "replace").replace("\r", "")
            with self.lock:
                self.buf += text
            self.log.write(text)
            self.log.flush()

    def alive(self):
        return self.proc.poll() is None

    def expect(self, regex, timeout, what=None):
        """Wait for regex after the cursor; move the cursor past it."""
        pat = re.compile(regex, re.M)
        end = time.monotonic() + timeout
        if end > DEADLINE:
            end, timeout = DEADLINE, -1
        while True:
            with self.lock:
                m = pat.search(self.buf, self.pos)
                if m:
                    self.pos = m.end()
                    return m
            if not self.alive():
                raise Fail("QEMU exited while waiting for %s" % (what or regex))
            if time.monotonic() > end:
                if timeout < 0:
                    raise Fail("over the journey's time limit waiting for %s" % (what or regex))
                raise Fail("timeout (%ds) waiting for %s" % (timeout, what or regex))
            time.sleep(0.2)

    def send(self, text, echo=False):
        """Type text.  With echo, each piece waits for the terminal to
        echo the one before: consoles take input through small buffers
        (a UART's FIFO, the hypervisor's 128-byte serial input ring) that
        drop what a slow reader has not yet taken."""
        for i in range(0, len(text), 8):
            piece = text[i:i + 8]
            with self.lock:
                mark = len(self.buf)
            self.proc.stdin.write(piece.encode())
            self.proc.stdin.flush()
            if echo and "\n" not in piece and "\x1d" not in piece:
                end = time.monotonic() + 10
                while time.monotonic() < end:
                    with self.lock:
                        if piece in self.buf[mark:]:
                            break
                    time.sleep(0.01)
            else:
                time.sleep(0.02)

    def run(self, cmd, timeout=120, ok=True):
        """Run a shell command at the logged-in prompt; return (rc, output)."""
        self.send(cmd + '; echo "@@RC=$?@@"\n', echo=True)
        start = self.pos
        m = self.expect(r"@@RC=(\d+)@@", timeout, "'%s'" % cmd)
        with self.lock:
            out = self.buf[start:m.start()]
        # Drop everything up to the end of the echoed command line.
        i = out.rfind('"@@RC=$?@@"')
        if i >= 0:
            out = out[i:]
        out = out.split("\n", 1)[1] if "\n" in out else ""
        rc = int(m.group(1))
        if ok and rc != 0:
            raise Fail("'%s' exited %d: %s" % (cmd, rc, out.strip()[-400:]))
        return rc, out

    def wait_exit(self, timeout):
        limited = time.monotonic() + timeout > DEADLINE
        try:
            self.proc.wait(max(0, min(timeout, DEADLINE - time.monotonic())))
        except subprocess.TimeoutExpired:
            if limited:
                raise Fail("over the journey's time limit waiting for QEMU to power off")
            raise Fail("QEMU did not power off within %ds" % timeout)

    def kill(self):
        if self.alive():
            self.proc.kill()
            self.proc.wait()


class Journey:
    def __init__(self, a):
        self.a = a
        self.t0 = time.monotonic()
        self.stage_t = self.t0
        self.timings = []
        self.log = open(os.path.join(a.out, "serial.log"), "w")
        self.qemu = None
        self.boots = 0

    # -- reporting -------------------------------------------------------
    def stage(self, name):
        now = time.monotonic()
        self.stage_t = now
        print("[%6.1fs] %s" % (now - self.t0, name), flush=True)

    def done(self, what, key=None):
        now = time.monotonic()
        secs = now - self.stage_t
        print("[%6.1fs]   ok: %s (%.1fs)" % (now - self.t0, what, secs), flush=True)
        if key:
            self.timings.append((key, secs))

    def note(self, text):
        print("            %s" % text, flush=True)

    # -- QEMU ------------------------------------------------------------
    def power_on(self):
        a = self.a
        self.boots += 1
        self.log.write("\n==== power-on %d ====\n" % self.boots)
        cmd = [a.qemu, "-machine", "q35", "-cpu", a.cpu, "-m", a.mem,
               "-smp", str(a.smp), "-display", "none", "-monitor", "none",
               "-serial", "stdio", "-no-reboot",
               "-drive", "file=%s,format=qcow2,if=virtio" % a.disk,
               "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"]
        if a.firmware == "uefi":
            cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=%s" % a.ovmf_code,
                    "-drive", "if=pflash,format=raw,file=%s" % a.ovmf_vars]
        with open(os.path.join(a.out, "cmdline"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        self.qemu = Serial(cmd, self.log)
        return self.qemu

    def login(self, timeout):
        q = self.qemu
        q.expect(r"^\S+ login: ", timeout, "the login prompt")
        q.send("root\n")
        q.expect(r"Password: ", 60, "the password prompt")
        q.send("xenith\n")
        q.expect(r"root@\S+:~# ", 120, "the shell prompt")
        # Kernel messages would interleave with command output.
        q.run("bind 'set enable-bracketed-paste off'; dmesg -n 1; stty cols 1000; export SYSTEMD_PAGER= PAGER=cat SYSTEMD_COLORS=0", 60)

    def shutdown(self, cmd, timeout):
        q = self.qemu
        q.send(cmd + "\n")
        q.wait_exit(timeout)

    # -- the checks ------------------------------------------------------
    def system_state(self, allowed_failed):
        q = self.qemu
        _, out = q.run("timeout 600 systemctl is-system-running --wait", 660, ok=False)
        state = out.strip().splitlines()[-1] if out.strip() else "?"
        _, failed = q.run("systemctl list-units --failed --plain --no-legend --no-pager"
                          " | awk '{print $1}'", 60)
        failed = [u for u in failed.split() if u]
        bad = [u for u in failed if u not in allowed_failed]
        self.note("systemctl is-system-running: %s; failed units: %s"
                  % (state, " ".join(failed) or "none"))
        if bad:
            q.run("systemctl status --no-pager -l %s | tail -n 40" % " ".join(bad), 60, ok=False)
            raise Fail("failed units: %s" % " ".join(bad))
        if state not in ("running", "degraded"):
            raise Fail("system state is %s" % state)
        if state == "degraded" and not failed:
            raise Fail("system degraded with no failed unit listed")

    def dom0_checks(self, boot_name):
        a, q = self.a, self.qemu
        _, out = q.run("cat /proc/1/comm; cat /sys/hypervisor/type 2>/dev/null; "
                       "cat /proc/xen/capabilities", 60)
        if "systemd" not in out.split()[0] or "control_d" not in out:
            raise Fail("not a dom0 with systemd as PID 1: %s" % out.strip())
        self.system_state(a.allowed_failed.split())
        _, out = q.run("systemd-analyze 2>/dev/null | head -n 1; systemd-analyze blame --no-pager 2>/dev/null | head -n 4", 120, ok=False)
        self.note("boot: " + "; ".join(" ".join(l.split()) for l in out.strip().splitlines()))
        units = a.units.split()
        rc, out = q.run("systemctl is-active %s" % " ".join(units), 60, ok=False)
        states = out.split()
        self.note("units: %s" % ", ".join("%s=%s" % p for p in zip(units, states)))
        if rc != 0:
            raise Fail("units not active: %s" % out.strip())
        _, out = q.run("xl info | grep -E '^(xen_version|xen_caps|total_memory|nr_cpus)'", 120)
        self.note("xl info: " + "; ".join(l.strip() for l in out.strip().splitlines()))
        _, out = q.run("xl list", 60)
        if not re.search(r"^journey\s+\d+", out, re.M):
            raise Fail("the auto guest is not running: %s" % out.strip())
        self.done("%s: systemd running, units active, xl info, guest listed" % boot_name)

    def guest_checks(self, boot_name):
        q = self.qemu
        q.run("for i in $(seq 60); do ping -c 1 -W 1 10.0.2.60 >/dev/null && break; "
              "sleep 1; done; ping -c 3 -W 2 10.0.2.60 | tail -n 2", 180)
        self.done("%s: dom0 pings the guest over xenbr0" % boot_name)
        q.send("xl console journey\n")
        time.sleep(3)
        q.send("\n")
        q.expect(r"^/ # ", 60, "the guest's shell on xl console")
        q.send("ping -c 2 -W 2 10.0.2.15 && echo GUEST-PING-OK\n")
        q.expect(r"^GUEST-PING-OK", 60, "the guest pinging dom0")
        q.send("\x1d")  # leave xl console
        q.expect(r"root@\S+:~# ", 30, "the dom0 prompt after xl console")
        self.done("%s: xl console reaches the guest's shell; it pings dom0" % boot_name)

    def first_console_line(self):
        """Seconds from power-on to the guest's first console line, from
        xenconsoled's timestamped guest log and dom0's clock."""
        q = self.qemu
        host_now = time.monotonic()
        # The log keeps earlier boots' lines: the first line stamped at or
        # after this boot of dom0 (both stamps are dom0's local time).
        rc, out = q.run("s=$(uptime -s); date +%s.%N; grep -v 'Logfile Opened' "
                        "/var/log/xen/console/guest-journey.log | "
                        "awk -v s=\"[$s\" '$0 >= s { print; exit }'", 60, ok=False)
        lines = out.strip().splitlines()
        if rc != 0 or len(lines) < 2:
            return None
        m = re.match(r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", lines[1])
        if not m:
            return None
        rc, out = q.run("date -d '%s' +%%s" % m.group(1), 30, ok=False)
        try:
            dom0_now = float(lines[0])
            first = float(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None
        return (host_now - (dom0_now - first)) - q.start

    # -- the journey -----------------------------------------------------
    def install(self):
        a = self.a
        self.stage("power-on 1: plain Debian 12 (%s)" % a.firmware.upper())
        self.power_on()
        self.login(a.boot_timeout)
        self.done("plain Linux boot to the login prompt", "plain-boot")
        q = self.qemu
        q.run("uname -r; systemctl is-system-running --wait", 600, ok=False)

        self.stage("apt install %s from the local repository" % a.install)
        q.run("dpkg-query -W -f '${Package}\\n' | sort >/root/journey-before-install", 60)
        q.run("echo 'deb [trusted=yes] http://10.0.2.2:%d/repo ./' "
              ">/etc/apt/sources.list.d/journey.list" % a.port, 30)
        q.run("apt-get update -q 2>&1 | tail -n 3", 300)
        q.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q %s 2>&1 | "
              "tail -n 25; test ${PIPESTATUS[0]} = 0" % a.install, a.apt_timeout)
        self.done("apt install", "apt-install")

        self.stage("the administrator's configuration: boot options, the auto guest")
        for line in a.setup:
            q.run(line, 120)
        q.run("mkdir -p /var/lib/xen && /usr/lib/apt/apt-helper download-file http://10.0.2.2:%d/domu/initrd.gz "
              "/var/lib/xen/journey-initrd.gz >/dev/null" % a.port, 120)
        q.run("mkdir -p /etc/xen/auto && printf '%s' >/etc/xen/auto/journey.cfg"
              % ('name = \\"journey\\"\\ntype = \\"pv\\"\\nmemory = 128\\nvcpus = 1\\n'
                 'kernel = \\"/boot/vmlinuz-\'$(uname -r)\'\\"\\n'
                 'ramdisk = \\"/var/lib/xen/journey-initrd.gz\\"\\n'
                 'extra = \\"console=hvc0\\"\\nvif = [ \\"bridge=xenbr0\\" ]\\n'), 30)
        q.run("cat /etc/xen/auto/journey.cfg", 30)
        q.run("update-grub 2>&1 | tee /tmp/update-grub.log | tail -n 8", 300)
        _, out = q.run("grep -E \"^(menuentry|submenu|set default)\" /boot/grub/grub.cfg", 30)
        if not re.search(a.entry, out):
            raise Fail("no GRUB entry matching %r after installing" % a.entry)
        # GRUB's own 20_linux_xen takes every /boot/xen* file for a Xen
        # image: none of Xenith's files may be among its entries, and
        # update-grub must not warn about their names as Xen versions.
        _, out = q.run("grep -i 'bad syntax' /tmp/update-grub.log; "
                       "sed -n '/^### BEGIN .*20_linux_xen ###/,/^### END .*20_linux_xen ###/p' "
                       "/boot/grub/grub.cfg | grep -iE '^\\s*(multiboot2?|xen_hypervisor)\\s.*xenith'",
                       30, ok=False)
        if out.strip():
            raise Fail("GRUB's 20_linux_xen entries name Xenith files: %s" % out.strip()[:400])
        self.done("guest config in /etc/xen/auto, GRUB entry present, no Xenith file in GRUB's Xen entries")

        last = 1 + a.hv_boots
        for n in range(2, last + 1):
            self.stage("power-on %d: GRUB -> %s -> dom0 Linux -> systemd" % (n, a.hv))
            if n == 2:
                self.shutdown("systemctl reboot", 600)
            self.power_on()
            q = self.qemu
            q.expect(a.hv_banner, a.boot_timeout, "the hypervisor's banner")
            self.note("hypervisor banner after %.1fs" % (time.monotonic() - q.start))
            q.expect(r"Linux version \d", a.boot_timeout, "dom0 Linux")
            self.login(a.boot_timeout)
            self.done("power-on to dom0 login", "dom0-login-%d" % n)
            self.dom0_checks("boot %d" % n)
            t = self.first_console_line()
            if t is not None:
                self.note("power-on to the auto guest's first console line: %.1fs" % t)
                self.timings.append(("guest-first-line-%d" % n, t))
            self.guest_checks("boot %d" % n)
            if n > 2:
                _, out = q.run("grep -c 'journey-domu: clean shutdown' "
                               "/var/log/xen/console/guest-journey.log; "
                               "journalctl -b -1 --no-pager -u xendomains | tail -n 8", 60, ok=False)
                if not out.strip() or not out.split()[0].isdigit() or int(out.split()[0]) < 1:
                    raise Fail("the guest's log shows no clean shutdown")
                self.done("the guest's own log shows its clean shutdown at the reboot")
            if n < last:
                self.stage("systemctl reboot: the guest shut down cleanly")
                self.shutdown("systemctl reboot", 900)
                self.done("dom0 shut down and reset", "reboot-shutdown")

    def remove(self):
        a, q = self.a, self.qemu
        self.stage("apt purge %s" % a.purge)
        # Every file of the packages the install added, to find what the
        # purge leaves behind.
        q.run("dpkg-query -W -f '${Package}\\n' | sort >/root/journey-after-install; "
              "comm -13 /root/journey-before-install /root/journey-after-install "
              ">/root/journey-added; xargs -r dpkg -L </root/journey-added | grep '^/' | sort -u "
              ">/root/journey-owned; wc -l </root/journey-added", 120)
        q.run("DEBIAN_FRONTEND=noninteractive apt-get purge -y -q %s 2>&1 | tail -n 15; "
              "test ${PIPESTATUS[0]} = 0" % a.purge, a.apt_timeout)
        q.run("DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -q 2>&1 | tail -n 3; "
              "test ${PIPESTATUS[0]} = 0", a.apt_timeout)
        self.leftovers()
        self.done("purged: no package, file or configuration left")
        self.stage("power-on %d: plain Linux again" % (self.boots + 1))
        self.shutdown("systemctl reboot", 900)
        self.power_on()
        self.plain_checks()

    def leftovers(self):
        """What the purge left of the packages the install added."""
        q = self.qemu
        _, out = q.run("xargs -r dpkg-query -W -f '${db:Status-Abbrev} ${Package}\\n' "
                       "</root/journey-added 2>/dev/null | awk '$1 != \"un\"'", 60, ok=False)
        if out.strip():
            raise Fail("packages still known to dpkg after the purge: %s" % " ".join(out.split()))
        # Files (not directories, nor links to them such as a merged /usr's
        # /lib: Debian's own packages share those) that they owned.
        _, out = q.run("while read -r f; do if { [ -e \"$f\" ] || [ -L \"$f\" ]; } && [ ! -d \"$f\" ]; "
                       "then echo \"left: $f\"; fi; done </root/journey-owned", 120)
        if "left: " in out:
            raise Fail("the purge left the packages' files: %s" % " ".join(
                l[6:] for l in out.splitlines() if l.startswith("left: ")))
        # Their directories that no package owns any more and still exist
        # (they hold files no package owns: the administrator's, logs).
        _, out = q.run("grep -vx /. /root/journey-owned | while read -r f; do "
                       "if [ -d \"$f\" ] && [ ! -L \"$f\" ]; then echo \"$f\"; fi; "
                       "done | xargs -r dpkg-query -S 2>&1 >/dev/null | "
                       "sed -n 's/^dpkg-query: no path found matching pattern //p'", 300)
        for d in out.split():
            _, files = q.run("find %s -xdev ! -type d | head -n 5" % d, 60, ok=False)
            self.note("kept: %s (%s)" % (d, " ".join(files.split()) or "empty"))

    def plain_checks(self):
        """After the purge: plain Linux, nothing of the hypervisor left."""
        a, q = self.a, self.qemu
        self.login(a.boot_timeout)
        self.done("power-on to the login prompt", "removed-boot")
        _, out = q.run("cat /proc/1/comm; cat /sys/hypervisor/type 2>/dev/null; "
                       "test -e /proc/xen/capabilities && echo proc-xen", 60, ok=False)
        words = out.split()
        if not words or words[0] != "systemd" or "xen" in words[1:] or "proc-xen" in words:
            raise Fail("not plain Linux with systemd: %s" % out.strip())
        # Entries naming Xen or Xenith, or loading anything by multiboot.
        _, out = q.run("grep -E '^\\s*(menuentry|submenu|multiboot2?|module2?)\\s' /boot/grub/grub.cfg"
                       " | grep -iE 'xen|multiboot|module'", 60, ok=False)
        if out.strip():
            raise Fail("grub.cfg still has hypervisor entries: %s" % out.strip()[:400])
        _, out = q.run("grep -E \"^(menuentry|submenu)\" /boot/grub/grub.cfg | cut -d\\' -f2", 30)
        self.note("GRUB entries: %s" % "; ".join(out.strip().splitlines()))
        _, out = q.run("find /etc/systemd /lib/systemd /usr/lib/systemd -xtype l 2>/dev/null", 60, ok=False)
        if out.strip():
            raise Fail("dangling unit links: %s" % " ".join(out.split()))
        self.system_state([])
        self.done("plain Linux, no hypervisor entry in GRUB, no failed unit")

    def finish(self):
        q = self.qemu
        if q and q.alive():
            q.send("poweroff\n")
            try:
                q.wait_exit(300)
            except Fail:
                q.kill()


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass


def serve(directory):
    handler = functools.partial(Handler, directory=directory)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--hv", required=True)
    p.add_argument("--firmware", choices=["bios", "uefi"], default="bios")
    p.add_argument("--image", required=True, help="the cached raw image")
    p.add_argument("--www", required=True, help="served directory: repo/, domu/")
    p.add_argument("--out", required=True)
    p.add_argument("--install", required=True, help="packages to apt install")
    p.add_argument("--purge", default="", help="packages to purge (remove-journey)")
    p.add_argument("--setup", action="append", default=[], help="shell lines run after install")
    p.add_argument("--entry", required=True, help="regex of the GRUB entry")
    p.add_argument("--hv-banner", required=True, help="regex of the hypervisor's banner")
    p.add_argument("--units", required=True)
    p.add_argument("--hv-boots", type=int, default=2,
                   help="boots into the hypervisor (the first after the install)")
    p.add_argument("--allowed-failed", default="")
    p.add_argument("--qemu", default="qemu-system-x86_64")
    p.add_argument("--cpu", default="qemu64")
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("--mem", default="2G")
    p.add_argument("--boot-timeout", type=int, default=900)
    p.add_argument("--apt-timeout", type=int, default=900)
    p.add_argument("--limit", type=int, default=0,
                   help="seconds the whole journey may take (0: no limit)")
    a = p.parse_args()
    global DEADLINE
    if a.limit > 0:
        DEADLINE = time.monotonic() + a.limit
    os.makedirs(a.out, exist_ok=True)
    a.disk = os.path.join(a.out, "disk.qcow2")
    if os.path.exists(a.disk):
        os.unlink(a.disk)
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                    "-b", os.path.abspath(a.image), a.disk], check=True)
    if a.firmware == "uefi":
        a.ovmf_code = "/usr/share/OVMF/OVMF_CODE_4M.fd"
        a.ovmf_vars = os.path.join(a.out, "OVMF_VARS.fd")
        shutil.copy("/usr/share/OVMF/OVMF_VARS_4M.fd", a.ovmf_vars)
    srv = serve(a.www)
    a.port = srv.server_address[1]
    j = Journey(a)
    status = 0
    try:
        j.install()
        if a.purge:
            j.remove()
        j.finish()
    except Fail as e:
        print("[%6.1fs] FAIL: %s (serial log: %s)" % (time.monotonic() - j.t0, e,
              os.path.join(a.out, "serial.log")), flush=True)
        status = 1
        if j.qemu and j.qemu.alive():
            # For the log: switch the serial input to the hypervisor and
            # ask for dom0's registers, the domains and the run queues
            # (debug keys 0, q, r on both hypervisors), then switch back.
            j.qemu.send("\x01\x01\x01")
            for key in "0qr":
                time.sleep(1)
                j.qemu.send(key)
            time.sleep(5)
            j.qemu.send("\x01\x01\x01")
    finally:
        if j.qemu:
            j.qemu.kill()
        srv.shutdown()
    print("TIMINGS %s %s %s" % (a.hv, a.firmware,
          " ".join("%s=%.1f" % kv for kv in j.timings)), flush=True)
    print("[%6.1fs] %s" % (time.monotonic() - j.t0, "PASS" if status == 0 else "FAIL"))
    return status


if __name__ == "__main__":
    sys.exit(main())
