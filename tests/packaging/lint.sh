#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# lintian on the .debs and rpmlint on the RPMs in build/packages/: no
# error and no warning may remain.  Tags the packages keep on purpose are
# overridden where each says why: debian/*.lintian-overrides and
# rpm/xenith.rpmlintrc.  Prints each tool's summary; SKIP when a tool is
# not installed (make deps installs both).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
version=$(cat VERSION)
failed=0

debs=$(ls build/packages/*_"$version"_*.deb 2>/dev/null)
if ! command -v lintian >/dev/null 2>&1; then
    echo "SKIP: packaging/lintian (lintian not installed)"
elif [ -n "$debs" ]; then
    # shellcheck disable=SC2086 # one argument per package
    out=$(lintian --tag-display-limit 0 --fail-on error,warning $debs 2>&1)
    st=$?
    out=$(echo "$out" | grep -v 'running with root privileges')
    n_e=$(echo "$out" | grep -c '^E: ')
    n_w=$(echo "$out" | grep -c '^W: ')
    if [ "$st" = 0 ] && [ "$n_e" = 0 ] && [ "$n_w" = 0 ]; then
        echo "PASS: packaging/lintian ($(echo "$debs" | wc -w) packages, 0 errors, 0 warnings, $(echo "$out" | grep -c '^[IP]: ') info/pedantic)"
    else
        echo "$out" | grep '^[EW]: ' | sed 's/^/  /'
        echo "FAIL: packaging/lintian ($n_e errors, $n_w warnings)"
        failed=1
    fi
fi

rpms=$(ls build/packages/*-"$version"-*.rpm 2>/dev/null)
if ! command -v rpmlint >/dev/null 2>&1; then
    echo "SKIP: packaging/rpmlint (rpmlint not installed)"
elif [ -n "$rpms" ]; then
    # shellcheck disable=SC2086 # one argument per package
    out=$(rpmlint -c rpm/rpmlint.toml -r rpm/xenith.rpmlintrc $rpms 2>&1)
    summary=$(echo "$out" | grep 'packages and .* checked' | tail -n 1)
    if echo "$summary" | grep -q ' 0 errors, 0 warnings'; then
        echo "PASS: packaging/rpmlint ($summary)"
    else
        echo "$out" | grep -E ': (E|W): ' | sed 's/^/  /'
        echo "FAIL: packaging/rpmlint (${summary:-no summary})"
        failed=1
    fi
fi
exit $failed
