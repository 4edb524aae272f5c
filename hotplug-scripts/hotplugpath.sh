# SPDX-License-Identifier: GPL-2.0-only
# hotplugpath.sh: where the toolstack's files live, for the hotplug scripts
# (sourced by xen-hotplug-common.sh).  `make install` rewrites these values
# from its PREFIX/SYSCONFDIR; the names are the ones Xen's scripts use, so
# custom scripts that read them keep working.
# shellcheck disable=SC2034 # read by the scripts that source this
sbindir="/usr/sbin"
bindir="/usr/bin"
LIBEXEC="/usr/lib/xen"
LIBEXEC_BIN="/usr/lib/xen/bin"
SHAREDIR="/usr/share"
XEN_CONFIG_DIR="/etc/xen"
XEN_SCRIPT_DIR="/etc/xen/scripts"
XEN_LOCK_DIR="/var/lock"
XEN_RUN_DIR="/var/run/xen"
XEN_LOG_DIR="/var/log/xen"
XEN_LIB_DIR="/var/lib/xen"
XEN_RUN_STORED="/var/run/xenstored"
