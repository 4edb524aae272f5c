/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl_userdata_retrieve: a domain's stored data, as Xen's libxl. */
#include "device.h"

int libxl_userdata_retrieve(libxl_ctx *ctx, uint32_t domid,
                            const char *userdata_userid, uint8_t **data_r,
                            int *datalen_r)
{
    GC_INIT(ctx);
    char *json;
    int rc = ERROR_FAIL;

    *data_r = NULL;
    *datalen_r = 0;
    if (!userdata_userid || strcmp(userdata_userid, "libxl-json")) {
        rc = ERROR_INVAL;
        goto out;
    }
    json = libxl__userdata_load_json(gc, domid);
    if (json && (*data_r = (uint8_t *)strdup(json))) {
        *datalen_r = (int)strlen(json) + 1;
        rc = 0;
    }
out:
    GC_FREE;
    return rc;
}
