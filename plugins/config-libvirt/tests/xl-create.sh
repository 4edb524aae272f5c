#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# xl with the config-libvirt plugin, no hypervisor needed (create -n):
#   create -n dom.xml gives the configuration of the expected xl.cfg, the
#   overrides apply to the converted text, config-convert -o writes what
#   it prints, malformed XML is one error line, and with the plugin
#   disabled or absent create fails with one line naming the plugin.
# Usage: xl-create.sh XL PLUGIN_DIR   (libraries through LD_LIBRARY_PATH)
set -u
xl=$1
export LIBXL_PLUGIN_DIR=$2
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XEN_PLUGINS_CONF_DIR=$tmp/plugins.d
mkdir "$XEN_PLUGINS_CONF_DIR"
cp "$here/../config-libvirt.conf" "$XEN_PLUGINS_CONF_DIR/"
fail=0
bad() {
    echo "xl-create.sh: $*" >&2
    fail=1
}

cd "$data" || exit 1
# (numa-* need the host's NUMA layout: the unit test gives one)
for t in pv-kernel disks-nics hostdev unsupported; do
    "$xl" create -n -q "$t.xml" >"$tmp/$t.xml.json" 2>"$tmp/$t.err" ||
        bad "create -n $t.xml failed: $(cat "$tmp/$t.err")"
    "$xl" create -n -q "$t.cfg" >"$tmp/$t.cfg.json" 2>/dev/null ||
        bad "create -n $t.cfg failed"
    cmp -s "$tmp/$t.xml.json" "$tmp/$t.cfg.json" ||
        bad "$t.xml and $t.cfg give different configurations"
    cmp -s "$tmp/$t.err" "$t.msgs" || bad "$t.xml: messages differ from $t.msgs"
done

# the overrides apply on top of the converted text
"$xl" create -n -q pv-kernel.xml 'memory=300' 2>/dev/null |
    grep -q '"target_memkb": 307200' || bad "override memory=300 not applied"

# config-convert: stdout and -o (after the file) agree, warnings on stderr
"$xl" config-convert --from libvirt hostdev.xml >"$tmp/a.cfg" 2>"$tmp/a.err" ||
    bad "config-convert failed"
"$xl" config-convert hostdev.xml -o "$tmp/b.cfg" 2>/dev/null ||
    bad "config-convert -o failed"
cmp -s "$tmp/a.cfg" "$tmp/b.cfg" || bad "config-convert -o differs from stdout"
cmp -s "$tmp/a.err" hostdev.msgs || bad "config-convert warnings differ"

# malformed XML: one line after "Parsing config", exit status 1
"$xl" create -n malformed.xml >/dev/null 2>"$tmp/m.err"
[ $? = 1 ] || bad "create of malformed XML did not fail with status 1"
[ "$(sed 1d "$tmp/m.err")" = "$(cat malformed.err)" ] ||
    bad "malformed XML: $(cat "$tmp/m.err")"

# disabled: one line naming the plugin and its .conf
sed -i 's/^enabled = 1/enabled = 0/' "$XEN_PLUGINS_CONF_DIR/config-libvirt.conf"
"$xl" create -n -q pv-kernel.xml >/dev/null 2>"$tmp/d.err"
[ $? = 1 ] || bad "create with the plugin disabled did not fail"
want="xl: pv-kernel.xml looks like a libvirt domain definition (XML); enable the config-libvirt plugin to read it (enabled = 1 in $XEN_PLUGINS_CONF_DIR/config-libvirt.conf)"
[ "$(cat "$tmp/d.err")" = "$want" ] || bad "disabled: $(cat "$tmp/d.err")"
# xl.cfg files are not affected
"$xl" create -n -q pv-kernel.cfg >/dev/null 2>&1 || bad "xl.cfg refused"

# absent: where its .conf would be
rm "$XEN_PLUGINS_CONF_DIR/config-libvirt.conf"
"$xl" config-convert pv-kernel.xml >/dev/null 2>"$tmp/n.err"
[ $? = 1 ] || bad "config-convert without the plugin did not fail"
grep -qx "xl: pv-kernel.xml looks like .*install and enable the config-libvirt plugin to read it ($XEN_PLUGINS_CONF_DIR/config-libvirt.conf)" "$tmp/n.err" ||
    bad "absent: $(cat "$tmp/n.err")"

if [ $fail = 0 ]; then
    echo "PASS: unit/plugins/config-libvirt-xl"
else
    echo "FAIL: unit/plugins/config-libvirt-xl"
fi
exit $fail
