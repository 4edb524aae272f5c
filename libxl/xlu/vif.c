/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vif specifications (xl-network-configuration(5)): comma-separated
 * KEY=VALUE settings, read as Xen 4.17's xl reads them: mac, bridge, ip,
 * script, type (vif|ioemu), vifname, backend, rate, model, gatewaydev
 * (netdev: its old name), mtu, devid, trusted/untrusted, accel (ignored),
 * and the COLO keys (accepted, not used).  Unknown keys are warned about
 * and skipped, as Xen does.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

static void replace(char **field, const char *val, int *rc)
{
    char *v = strdup(val);

    if (!v) {
        *rc = ENOMEM;
        return;
    }
    free(*field);
    *field = v;
}

/* "N[GMK](B|b)/s": bytes per second; 0 on error (reported). */
static uint64_t rate_bytes(XLU_Config *cfg, const XLU_Pos *pos,
                           const char *rate, const char *s, int *rc)
{
    uint64_t v = 0;
    const char *p = s;

    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > UINT32_MAX)
            break;
        p++;
    }
    if (p == s || (*p >= '0' && *p <= '9')) {
        if (p != s) {
            xlu_cfg_error(cfg, pos, "invalid vif rate '%s': rate overflow",
                          rate);
            *rc = EOVERFLOW;
            return 0;
        }
        goto bad;
    }
    if (*p == 'G')
        v *= 1000000000ULL, p++;
    else if (*p == 'M')
        v *= 1000000ULL, p++;
    else if (*p == 'K')
        v *= 1000ULL, p++;
    if (*p == 'b')
        v /= 8;
    else if (*p != 'B')
        goto bad;
    if (strcmp(p + 1, "/s"))
        goto bad;
    if (v == 0) {
        xlu_cfg_error(cfg, pos,
                      "invalid vif rate '%s': the rate must be "
                      "more than 0",
                      rate);
        *rc = EINVAL;
        return 0;
    }
    return v;
bad:
    xlu_cfg_error(cfg, pos,
                  "invalid vif rate '%s': expected a number of bytes or bits "
                  "per second, e.g. 10MB/s or 100Mb/s (units K M G)",
                  rate);
    *rc = EINVAL;
    return 0;
}

/* "N[m|u][s]": microseconds (plain and s: seconds). */
static uint32_t rate_interval(XLU_Config *cfg, const XLU_Pos *pos,
                              const char *rate, const char *s, int *rc)
{
    uint64_t v = 0;
    const char *p = s;

    while (*p >= '0' && *p <= '9' && v <= UINT32_MAX) {
        v = v * 10 + (uint64_t)(*p - '0');
        p++;
    }
    if (p == s)
        goto bad;
    if (*p >= '0' && *p <= '9')
        goto overflow;
    if (*p == 'm' || *p == 'u') {
        v *= *p == 'm' ? 1000 : 1;
        p++;
        if (*p == 's')
            p++;
    } else {
        v *= 1000000;
        if (*p == 's')
            p++;
    }
    if (*p)
        goto bad;
    if (v == 0) {
        xlu_cfg_error(cfg, pos,
                      "invalid vif rate '%s': the interval must be "
                      "more than 0",
                      rate);
        *rc = EINVAL;
        return 0;
    }
    if (v > UINT32_MAX)
        goto overflow;
    return (uint32_t)v;
bad:
    xlu_cfg_error(cfg, pos,
                  "invalid vif rate '%s': expected an interval after '@', "
                  "e.g. 20ms, 50000us or 1s",
                  rate);
    *rc = EINVAL;
    return 0;
overflow:
    xlu_cfg_error(cfg, pos, "invalid vif rate '%s': the interval is too long",
                  rate);
    *rc = EOVERFLOW;
    return 0;
}

static int parse_rate_at(XLU_Config *cfg, const XLU_Pos *pos, const char *rate,
                         libxl_device_nic *nic)
{
    uint64_t bps;
    uint32_t usecs = 50000; /* Xen's default: 50ms */
    char *r = strdup(rate), *at;
    int rc = 0;

    if (!r)
        return ENOMEM;
    at = strchr(r, '@');
    if (at)
        *at++ = '\0';
    if (!*r) {
        xlu_cfg_error(cfg, pos, "invalid vif rate '%s': no rate given", rate);
        free(r);
        return EINVAL;
    }
    bps = rate_bytes(cfg, pos, rate, r, &rc);
    if (!rc && at)
        usecs = rate_interval(cfg, pos, rate, at, &rc);
    free(r);
    if (rc)
        return rc;
    if (bps > UINT64_MAX / usecs) {
        xlu_cfg_error(cfg, pos, "invalid vif rate '%s': rate overflow", rate);
        return EOVERFLOW;
    }
    nic->rate_interval_usecs = usecs;
    nic->rate_bytes_per_interval = bps * usecs / 1000000;
    return 0;
}

int xlu_vif_parse_rate(XLU_Config *cfg, const char *rate, libxl_device_nic *nic)
{
    return parse_rate_at(cfg, NULL, rate, nic);
}

static int parse_mac(const char *s, libxl_mac *mac)
{
    for (int i = 0; i < 6; i++) {
        char *ep;
        unsigned long v;

        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
              (*s >= 'A' && *s <= 'F')))
            return EINVAL;
        v = strtoul(s, &ep, 16);
        if (v > 255 || ep - s > 2)
            return EINVAL;
        (*mac)[i] = (uint8_t)v;
        s = ep;
        if (i < 5) {
            if (*s != ':' && *s != '-')
                return EINVAL;
            s++;
        }
    }
    return *s ? EINVAL : 0;
}

static int parse_uint(const char *s, long max, long *out)
{
    char *ep;
    long v;

    if (!(*s >= '0' && *s <= '9'))
        return EINVAL;
    errno = 0;
    v = strtol(s, &ep, 10);
    if (errno || *ep || v > max)
        return EINVAL;
    *out = v;
    return 0;
}

/* Keys accepted and stored nowhere (COLO replication is not supported). */
static bool colo_key(const char *k)
{
    return !strncmp(k, "colo_", 5) || !strcmp(k, "forwarddev");
}

int xlu_nic_parse(XLU_Config *cfg, const XLU_Pos *pos, const char *spec,
                  libxl_device_nic *nic)
{
    char *buf = strdup(spec), *save = NULL, *tok;
    int rc = 0;

    if (!buf)
        return ENOMEM;
    for (tok = strtok_r(buf, ",", &save); tok && !rc;
         tok = strtok_r(NULL, ",", &save)) {
        char *val;

        while (*tok == ' ')
            tok++;
        if (!strcmp(tok, "trusted") || !strcmp(tok, "untrusted")) {
            libxl_defbool_set(&nic->trusted, tok[0] == 't');
            continue;
        }
        val = strchr(tok, '=');
        if (!val) {
            xlu_cfg_warning(cfg, pos,
                            "vif \"%s\": unknown setting '%s' "
                            "ignored",
                            spec, tok);
            continue;
        }
        *val++ = '\0';
        if (!strcmp(tok, "type")) {
            if (!strcmp(val, "vif"))
                nic->nictype = LIBXL_NIC_TYPE_VIF;
            else if (!strcmp(val, "ioemu"))
                nic->nictype = LIBXL_NIC_TYPE_VIF_IOEMU;
            else {
                xlu_cfg_error(cfg, pos,
                              "vif \"%s\": unknown type '%s' (vif, "
                              "ioemu)",
                              spec, val);
                rc = EINVAL;
            }
        } else if (!strcmp(tok, "mac")) {
            if (parse_mac(val, &nic->mac)) {
                xlu_cfg_error(cfg, pos,
                              "vif \"%s\": invalid mac '%s' (six hex bytes: "
                              "00:16:3e:xx:xx:xx)",
                              spec, val);
                rc = EINVAL;
            }
        } else if (!strcmp(tok, "bridge")) {
            replace(&nic->bridge, val, &rc);
        } else if (!strcmp(tok, "netdev") || !strcmp(tok, "gatewaydev")) {
            if (tok[0] == 'n')
                xlu_cfg_warning(cfg, pos,
                                "vif \"%s\": 'netdev' is "
                                "deprecated, use 'gatewaydev'",
                                spec);
            replace(&nic->gatewaydev, val, &rc);
        } else if (!strcmp(tok, "ip")) {
            replace(&nic->ip, val, &rc);
        } else if (!strcmp(tok, "script")) {
            replace(&nic->script, val, &rc);
        } else if (!strcmp(tok, "backend")) {
            replace(&nic->backend_domname, val, &rc);
        } else if (!strcmp(tok, "vifname")) {
            replace(&nic->ifname, val, &rc);
        } else if (!strcmp(tok, "model")) {
            replace(&nic->model, val, &rc);
        } else if (!strcmp(tok, "rate")) {
            rc = parse_rate_at(cfg, pos, val, nic);
        } else if (!strcmp(tok, "devid") || !strcmp(tok, "mtu")) {
            long v;
            if (parse_uint(val, tok[0] == 'm' ? 65535 : INT32_MAX, &v)) {
                xlu_cfg_error(cfg, pos,
                              "vif \"%s\": %s must be a number, "
                              "not '%s'",
                              spec, tok, val);
                rc = EINVAL;
            } else if (tok[0] == 'm') {
                nic->mtu = (int)v;
            } else {
                nic->devid = (libxl_devid)v;
            }
        } else if (!strcmp(tok, "accel")) {
            xlu_cfg_warning(cfg, pos,
                            "vif \"%s\": 'accel' is not supported "
                            "and is ignored",
                            spec);
        } else if (colo_key(tok)) {
            xlu_cfg_warning(cfg, pos,
                            "vif \"%s\": COLO setting '%s' is not "
                            "supported and is ignored",
                            spec, tok);
        } else {
            xlu_cfg_warning(cfg, pos,
                            "vif \"%s\": unknown setting '%s' "
                            "ignored",
                            spec, tok);
        }
    }
    free(buf);
    return rc;
}
