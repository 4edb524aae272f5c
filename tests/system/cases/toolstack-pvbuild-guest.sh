#!/bin/sh
# The domU of toolstack-pvbuild.test: says who it is and powers off (the
# standard /init powers off after this script).  dom0 prefixes its console
# lines with "guest: ".
echo "release $(uname -r)"
echo "cpus $(grep -c '^processor' /proc/cpuinfo)"
