#!/bin/sh
# dom0 side of xl-cfg-diff.test: Debian's xl reads each golden
# configuration (dry run) and the summary of what it made is hashed.
TAG=cfgdiff
. /etc/xl-dom0-lib.sh
fail() {
    say "FAIL: $*"
    exit 1
}
xl_dom0_setup
cd /etc/xen/diff || fail "no configurations"
for n in $(cat list); do
    set -- "$n.cfg"
    if [ -f "$n.args" ]; then
        while IFS= read -r l; do
            set -- "$@" "$l"
        done <"$n.args"
    fi
    xl -N create -n "$@" >"/tmp/$n.json" 2>"/tmp/$n.err" ||
        { cat "/tmp/$n.err"; fail "xl create -n $n"; }
    awk -f /etc/json-summary.awk "/tmp/$n.json" | sort >"/tmp/$n.sum"
    sed "s/^/cfgsum: $n /" "/tmp/$n.sum"
    echo "cfgdiff: $n $(md5sum <"/tmp/$n.sum" | cut -d' ' -f1)"
    if grep -qx "$n" same; then
        sed 's/"uuid": "[^"]*"/"uuid": "*"/' "/tmp/$n.json" >"/tmp/$n.norm"
        echo "cfgjson: $n $(md5sum <"/tmp/$n.norm" | cut -d' ' -f1)"
        # on a mismatch the log shows what Debian's xl printed
        sed "s/^/cfgline: $n /" "/tmp/$n.norm"
    fi
done
exit 0
