/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The bridge a vif joins must exist before anything is created: asked of
 * the kernel over rtnetlink (libnl-route-3), so a missing bridge is one
 * clear line instead of a hotplug script failing half-way through.
 */
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "device.h"

int libxl__bridge_check(libxl__gc *gc, const char *guest, int devid,
                        const char *bridge)
{
    struct nl_sock *sk = nl_socket_alloc();
    struct rtnl_link *link = NULL;
    const char *type;
    int err, rc = 0;

    if (!sk)
        return ERROR_NOMEM;
    err = nl_connect(sk, NETLINK_ROUTE);
    if (err < 0) {
        LOG(ERROR, "vif %d of %s: cannot ask the kernel about bridge %s: %s",
            devid, guest, bridge, nl_geterror(err));
        rc = ERROR_FAIL;
        goto out;
    }
    err = rtnl_link_get_kernel(sk, 0, bridge, &link);
    if (err < 0) {
        LOG(ERROR,
            "vif %d of %s: bridge %s does not exist; create it: ip link add "
            "%s type bridge; ip link set %s up",
            devid, guest, bridge, bridge, bridge);
        rc = ERROR_INVAL;
        goto out;
    }
    type = rtnl_link_get_type(link);
    if (!type || strcmp(type, "bridge")) {
        /* Open vSwitch bridges are "openvswitch"; their script is
         * vif-openvswitch, which handles them. */
        if (type && !strcmp(type, "openvswitch"))
            goto out;
        LOG(ERROR,
            "vif %d of %s: %s is not a bridge (it is %s%s); name a bridge "
            "with bridge= in the vif spec",
            devid, guest, bridge, type ? "a " : "a plain network interface",
            type ? type : "");
        rc = ERROR_INVAL;
        goto out;
    }
    if (!(rtnl_link_get_flags(link) & IFF_UP))
        LOG(WARNING, "vif %d of %s: bridge %s is down (ip link set %s up)",
            devid, guest, bridge, bridge);
out:
    if (link)
        rtnl_link_put(link);
    nl_socket_free(sk);
    return rc;
}
