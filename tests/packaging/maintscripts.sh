#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
#   maintscripts.sh WORKDIR
#
# What the packages in build/packages/ do when they are installed,
# upgraded and removed, as opposed to which files they carry (that is
# check-install.sh's job).  Run by check-install.sh; needs root for the
# chroot that dpkg --root and rpm --root run the scripts in.
#
#   deb-conffiles, rpm-configfiles: every file a package puts in /etc is a
#     conffile (%config in the RPMs), and the two formats mark the same
#     files;
#   deb-scripts-install, -upgrade, -purge: dpkg --root installs the .debs
#     with their maintainer scripts (in a scratch root holding only a
#     shell, /dev/null and stand-ins for systemctl, deb-systemd-helper and
#     deb-systemd-invoke that log what they are asked; no GRUB), then
#     installs the same packages repacked with a higher version over them,
#     then purges them; every step must succeed without a prompt (stdin is
#     /dev/null);
#   deb-enable: installation enables the dom0 units, not the watchdog,
#     starts nothing and runs update-grub; deb-upgrade-restarts-nothing:
#     the upgrade starts, restarts and stops nothing (and runs
#     update-grub); deb-remove-stops-guests: removal stops xendomains and
#     the watchdog (not the daemons) and runs update-grub, and the purge
#     forgets every unit;
#   deb-upgrade-keeps-conffiles: conffiles edited between the two
#     installations keep the edits;
#   deb-purge-clean: nothing of the packages is left after the purge;
#   rpm-scripts-install, rpm-scripts-erase: the same for the RPMs with
#     rpm --root (their scriptlets run; --nodeps as the scratch root has
#     no RPM database of the libraries); rpm-enable: installation applies
#     the presets to the units (and the host's `systemctl --root preset`
#     with the packaged preset file enables the dom0 units, not the
#     watchdog), starts nothing and runs update-grub; rpm-erase-disables:
#     erasing disables and stops the units and runs update-grub;
#   rpm-requires/<pkg>: rpm -qpR names every shared library the package's
#     programs and libraries need (ELF NEEDED) and the interpreter of
#     every executable script it ships.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pkgdir=build/packages
version=$(cat VERSION)
work=$1
failed=0
pass() { echo "PASS: packaging/$1"; }
fail() {
    echo "FAIL: packaging/$1 ($2)"
    failed=1
}
mkdir -p "$work"

debs=$(ls $pkgdir/*_"$version"_*.deb 2>/dev/null)
rpms=$(ls $pkgdir/*-"$version"-*.rpm 2>/dev/null)

# chroot_root DIR: a root holding a shell (the host's dash and its
# libraries) and ldconfig, which is all the scripts may count on.
chroot_root() {
    local d=$1 f
    rm -rf "$d"
    mkdir -p "$d/bin" "$d/sbin" "$d/tmp" "$d/usr/bin" "$d/usr/sbin" "$d/etc"
    cp "$(readlink -f /bin/dash)" "$d/bin/sh"
    for f in $(ldd /bin/dash | grep -o '/[^ ]*'); do
        mkdir -p "$d$(dirname "$f")"
        cp -L "$f" "$d$f"
    done
    [ -x /sbin/ldconfig ] && cp -L /sbin/ldconfig "$d/sbin/ldconfig"
    mkdir -p "$d/dev"
    mknod -m 666 "$d/dev/null" c 1 3
}

# systemd_stubs DIR: a running systemd as the maintainer scripts see it:
# /run/systemd/system, and systemctl, deb-systemd-helper and
# deb-systemd-invoke that log their arguments to /systemd.log; and GRUB:
# /boot/grub/grub.cfg and an update-grub that logs its runs there too.
# deb-systemd-helper answers as on a first installation (no unit was
# installed or enabled before: debian-installed fails, was-enabled
# succeeds); systemctl says every unit is active.
systemd_stubs() {
    local d=$1 t
    mkdir -p "$d/run/systemd/system"
    for t in systemctl deb-systemd-helper deb-systemd-invoke; do
        cat >"$d/usr/bin/$t" <<EOS
#!/bin/sh
echo "$t \$*" >>/systemd.log
case "\$*" in
*debian-installed*) exit 1 ;;
esac
exit 0
EOS
        chmod 755 "$d/usr/bin/$t"
    done
    # GRUB as the hypervisor package's scripts see it.
    mkdir -p "$d/boot/grub"
    : >"$d/boot/grub/grub.cfg"
    printf '#!/bin/sh\necho update-grub >>/systemd.log\n' >"$d/usr/sbin/update-grub"
    chmod 755 "$d/usr/sbin/update-grub"
}

# ---- conffiles --------------------------------------------------------
: >"$work/deb-etc" && : >"$work/deb-conffiles"
for deb in $debs; do
    dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./\(etc/.*[^/]\)$|/\1|p' \
        >>"$work/deb-etc"
    dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles 2>/dev/null \
        >>"$work/deb-conffiles"
done
LC_ALL=C sort -o "$work/deb-etc" "$work/deb-etc"
LC_ALL=C sort -o "$work/deb-conffiles" "$work/deb-conffiles"
if [ -s "$work/deb-etc" ] && d=$(diff "$work/deb-etc" "$work/deb-conffiles"); then
    pass "deb-conffiles ($(wc -l <"$work/deb-conffiles") conffiles)"
else
    echo "$d" | sed -n -e 's/^</  not a conffile:/p' -e 's/^>/  conffile outside the payload:/p'
    fail deb-conffiles "the files in /etc and the conffiles differ"
fi
if [ -n "$rpms" ]; then
    # Regular files under /etc (directories are not config files).
    # shellcheck disable=SC2086
    rpm -qplv $rpms 2>/dev/null | awk '/^-/ && $NF ~ /^\/etc\// { print $NF }' |
        LC_ALL=C sort -u >"$work/rpm-etc"
    # shellcheck disable=SC2086
    rpm -qpc $rpms 2>/dev/null | LC_ALL=C sort -u >"$work/rpm-config"
    if [ -s "$work/rpm-etc" ] && d=$(diff "$work/rpm-etc" "$work/rpm-config"); then
        if cmp -s "$work/rpm-config" "$work/deb-conffiles"; then
            pass "rpm-configfiles (the .debs' conffiles)"
        else
            diff "$work/deb-conffiles" "$work/rpm-config" | sed 's/^/  /'
            fail rpm-configfiles "%config files differ from the .debs' conffiles"
        fi
    else
        echo "$d" | sed -n -e 's/^</  not %config:/p' -e 's/^>/  %config outside \/etc:/p'
        fail rpm-configfiles "the files in /etc and the %config files differ"
    fi
fi

# ---- .debs: install, edit, upgrade, purge with the scripts ---------------
if [ -n "$debs" ] && [ "$(id -u)" = 0 ]; then
    root=$work/deb-scripts-root
    chroot_root "$root"
    systemd_stubs "$root"
    mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" \
        "$root/var/lib/dpkg/triggers"
    : >"$root/var/lib/dpkg/status"
    : >"$root/var/lib/dpkg/available"
    dpkg_root() {
        dpkg --root="$root" --force-depends --force-not-root "$@" </dev/null
    }
    # shellcheck disable=SC2086
    if dpkg_root -i $debs >"$work/dpkg-install.log" 2>&1; then
        pass deb-scripts-install
    else
        sed 's/^/  /' "$work/dpkg-install.log" | tail -n 20
        fail deb-scripts-install "dpkg -i with the maintainer scripts failed"
    fi
    # What the scripts asked of systemd: the dom0 units enabled, the
    # watchdog not, nothing started.
    cp "$root/systemd.log" "$work/systemd-install.log" 2>/dev/null ||
        : >"$work/systemd-install.log"
    why=
    for u in xenstored.socket xenstored.service xenconsoled.service \
        xen-init-dom0.service xendomains.service; do
        grep -q "^deb-systemd-helper enable $u\$" "$work/systemd-install.log" ||
            why="$why $u not enabled;"
    done
    grep -q "enable xen-watchdog.service" "$work/systemd-install.log" &&
        why="$why xen-watchdog.service enabled;"
    grep -Eq '(start|restart|try-restart) ' "$work/systemd-install.log" &&
        why="$why a unit was started;"
    grep -q '^update-grub$' "$work/systemd-install.log" ||
        why="$why update-grub not run;"
    if [ -z "$why" ]; then
        pass "deb-enable ($(grep -c '^deb-systemd-helper enable' "$work/systemd-install.log") units enabled, none started)"
    else
        sed 's/^/  /' "$work/systemd-install.log"
        fail deb-enable "${why% ;}"
    fi
    : >"$root/systemd.log"

    # The administrator edits two conffiles.
    echo 'XENDOMAINS_STOP_MAXWAIT=42 # local edit' >>"$root/etc/default/xendomains"
    echo '# local edit' >>"$root/etc/xen/xl.conf"
    # The same packages with a higher version.
    new=$version+upgradetest1
    mkdir -p "$work/upgrade"
    rm -f "$work/upgrade"/*.deb
    for deb in $debs; do
        x=$work/upgrade/x
        rm -rf "$x"
        dpkg-deb -R "$deb" "$x"
        sed -i -e "s/^Version: $version\$/Version: $new/" \
            -e "/^\(Depends\|Recommends\|Pre-Depends\):/s/(= $version)/(= $new)/g" \
            "$x/DEBIAN/control"
        dpkg-deb -b --root-owner-group "$x" \
            "$work/upgrade/$(basename "$deb" | sed "s/_${version}_/_${new}_/")" \
            >/dev/null
    done
    rm -rf "$work/upgrade/x"
    if dpkg_root -i "$work/upgrade"/*.deb >"$work/dpkg-upgrade.log" 2>&1 &&
        [ "$(dpkg --root="$root" -s xenith-utils 2>/dev/null | sed -n 's/^Version: //p')" = "$new" ]; then
        pass "deb-scripts-upgrade ($version -> $new)"
    else
        sed 's/^/  /' "$work/dpkg-upgrade.log" | tail -n 20
        fail deb-scripts-upgrade "the upgrade failed"
    fi
    if grep -Eq '(start|restart|stop) ' "$root/systemd.log" ||
        ! grep -q '^update-grub$' "$root/systemd.log"; then
        sed 's/^/  /' "$root/systemd.log"
        fail deb-upgrade-restarts-nothing "the upgrade started, restarted or stopped a unit, or did not run update-grub"
    else
        pass deb-upgrade-restarts-nothing
    fi
    : >"$root/systemd.log"
    if grep -q 'XENDOMAINS_STOP_MAXWAIT=42 # local edit' "$root/etc/default/xendomains" &&
        grep -q '^# local edit' "$root/etc/xen/xl.conf" &&
        ! ls "$root"/etc/default/xendomains.dpkg-* "$root"/etc/xen/xl.conf.dpkg-* \
            >/dev/null 2>&1; then
        pass deb-upgrade-keeps-conffiles
    else
        fail deb-upgrade-keeps-conffiles "an edited conffile was replaced on upgrade"
    fi
    pkgs=$(for deb in $debs; do dpkg-deb -f "$deb" Package; done)
    # shellcheck disable=SC2086
    if dpkg_root --purge $pkgs >"$work/dpkg-purge.log" 2>&1; then
        pass deb-scripts-purge
    else
        sed 's/^/  /' "$work/dpkg-purge.log" | tail -n 20
        fail deb-scripts-purge "dpkg --purge failed"
    fi
    # Removal stops xendomains (guests shut down while xl is there) and
    # the watchdog; purge forgets every unit's enablement.
    why=
    for u in xendomains.service xen-watchdog.service; do
        grep -q "^deb-systemd-invoke stop $u\$" "$root/systemd.log" ||
            why="$why $u not stopped;"
    done
    grep -q '^update-grub$' "$root/systemd.log" || why="$why update-grub not run;"
    grep -Eq 'stop (xenstored|xenconsoled)' "$root/systemd.log" &&
        why="$why a daemon was stopped;"
    for u in xenstored.socket xenstored.service xenconsoled.service \
        xen-init-dom0.service xendomains.service xen-watchdog.service; do
        grep -q "^deb-systemd-helper purge .*'\?$u'\?" "$root/systemd.log" ||
            why="$why $u not purged;"
    done
    if [ -z "$why" ]; then
        pass deb-remove-stops-guests
    else
        sed 's/^/  /' "$root/systemd.log"
        fail deb-remove-stops-guests "${why% ;}"
    fi
    left=$(cd "$root" && find . -path ./var/lib/dpkg -prune -o \
        \( -type f -o -type l \) -print |
        grep -v -e '^\./bin/sh$' -e '^\./sbin/ldconfig$' -e '^\./lib' \
            -e '^\./usr/lib/x86_64-linux-gnu/lib[cm]\.' -e '^\./var/lib/dpkg$' \
            -e '^\./usr/bin/\(systemctl\|deb-systemd-helper\|deb-systemd-invoke\)$' \
            -e '^\./systemd\.log$' -e '^\./dev/null$' \
            -e '^\./usr/sbin/update-grub$' -e '^\./boot/grub/grub\.cfg$')
    if [ -z "$left" ]; then
        pass deb-purge-clean
    else
        echo "$left" | sed 's/^/  left: /' | head -n 20
        fail deb-purge-clean "files left after dpkg --purge"
    fi
elif [ -n "$debs" ]; then
    echo "SKIP: packaging/deb-scripts (needs root for dpkg's chroot)"
fi

# ---- RPMs: install and erase with the scriptlets -------------------------
if [ -n "$rpms" ] && [ "$(id -u)" = 0 ]; then
    root=$work/rpm-scripts-root
    chroot_root "$root"
    systemd_stubs "$root"
    rroot=$(cd "$root" && pwd)
    units="xenstored.socket xenstored.service xenconsoled.service xen-init-dom0.service xendomains.service xen-watchdog.service"
    # shellcheck disable=SC2086
    if rpm --root "$rroot" --initdb &&
        rpm --root "$rroot" --nodeps -i $rpms >"$work/rpm-install.log" 2>&1 &&
        ! grep -qi 'scriptlet\|warning\|error' "$work/rpm-install.log"; then
        pass rpm-scripts-install
    else
        sed 's/^/  /' "$work/rpm-install.log" | tail -n 20
        fail rpm-scripts-install "rpm -i with the scriptlets failed or complained"
    fi
    # The scriptlets apply the presets and regenerate GRUB's menu; the
    # preset file, applied by the host's systemctl to the installed root,
    # enables the dom0 units and not the watchdog.
    why=
    grep -q "^systemctl .*preset $units\$" "$root/systemd.log" ||
        why="$why no systemctl preset of the units;"
    grep -q '^update-grub$' "$root/systemd.log" || why="$why update-grub not run;"
    grep -Eq 'systemctl .*(start|restart) ' "$root/systemd.log" &&
        why="$why a unit was started;"
    if command -v systemctl >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        systemctl --root="$rroot" preset $units >/dev/null 2>&1
        for u in xenstored.service xenconsoled.service xen-init-dom0.service \
            xendomains.service; do
            [ -L "$rroot/etc/systemd/system/multi-user.target.wants/$u" ] ||
                why="$why preset does not enable $u;"
        done
        [ -L "$rroot/etc/systemd/system/sockets.target.wants/xenstored.socket" ] ||
            why="$why preset does not enable xenstored.socket;"
        find "$rroot/etc/systemd" -name xen-watchdog.service 2>/dev/null | grep -q . &&
            why="$why preset enables xen-watchdog.service;"
        rm -rf "$rroot/etc/systemd/system"
    fi
    if [ -z "$why" ]; then
        pass rpm-enable
    else
        sed 's/^/  /' "$root/systemd.log"
        fail rpm-enable "${why% ;}"
    fi
    : >"$root/systemd.log"
    names=$(for r in $rpms; do rpm -qp --qf '%{NAME}\n' "$r" 2>/dev/null; done)
    # shellcheck disable=SC2086
    if rpm --root "$rroot" --nodeps -e $names >"$work/rpm-erase.log" 2>&1 &&
        ! grep -qi 'scriptlet\|error' "$work/rpm-erase.log"; then
        pass rpm-scripts-erase
    else
        sed 's/^/  /' "$work/rpm-erase.log" | tail -n 20
        fail rpm-scripts-erase "rpm -e with the scriptlets failed or complained"
    fi
    # Erasing disables the units and stops them (xendomains shuts the
    # guests down), and regenerates GRUB's menu.
    if grep -q "^systemctl --no-reload disable --now $units\$" "$root/systemd.log" &&
        grep -q '^update-grub$' "$root/systemd.log"; then
        pass rpm-erase-disables
    else
        sed 's/^/  /' "$root/systemd.log"
        fail rpm-erase-disables "no systemctl disable --now of the units or no update-grub"
    fi
fi

# ---- RPM requirements against the files' real needs ----------------------
if [ -n "$rpms" ]; then
    for r in $rpms; do
        name=$(rpm -qp --qf '%{NAME}' "$r" 2>/dev/null)
        x=$work/rpm-x/$name
        rm -rf "$x"
        mkdir -p "$x"
        (cd "$x" && rpm2cpio "$top/$r" | cpio -idm --quiet 2>/dev/null)
        rpm -qpR "$r" 2>/dev/null | sed 's/ *[<=>].*//' | sort -u >"$work/req-$name"
        missing=
        while IFS= read -r f; do
            case $(head -c 4 "$f" | od -An -c | tr -d ' ') in
            177ELF)
                for lib in $(readelf -d "$f" 2>/dev/null |
                    sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
                    dep="$lib()(64bit)"
                    grep -qxF "$dep" "$work/req-$name" ||
                        missing="$missing ${f#"$x"}:$lib"
                done
                ;;
            '#!'*)
                [ -x "$f" ] || continue
                interp=$(head -n 1 "$f" | sed 's/^#! *//; s/ .*//')
                grep -qxF "$interp" "$work/req-$name" ||
                    missing="$missing ${f#"$x"}:$interp"
                ;;
            esac
        done < <(find "$x" -type f ! -name '*.debug' ! -path '*/boot/*')
        if [ -z "$missing" ]; then
            pass "rpm-requires/$name ($(wc -l <"$work/req-$name") requirements)"
        else
            fail "rpm-requires/$name" "not required:$missing"
        fi
    done
fi
exit $failed
