/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI passthrough specifications (xl-pci-configuration(5)):
 *
 *   [SEG:]BUS:DEV.FN[@VSLOT][,KEY=VALUE...]     or     KEY=VALUE,...
 *
 * hexadecimal numbers; FN may be '*' (every function); keys bdf, vslot,
 * permissive, msitranslate, seize, power_mgmt (numbers, non-zero meaning
 * on), rdm_policy (strict|relaxed) and name; exactly one of a BDF and a
 * name.  And rdm="strategy=host,policy=strict|relaxed".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

/* Hex digits at *s, at most max; advances.  -1 when none or too big. */
static long hexnum(const char **s, unsigned long max)
{
    const char *p = *s;
    unsigned long v = 0;

    while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
           (*p >= 'A' && *p <= 'F')) {
        int d = *p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10;
        v = v * 16 + (unsigned long)d;
        if (v > max)
            return -1;
        p++;
    }
    if (p == *s)
        return -1;
    *s = p;
    return (long)v;
}

static int parse_bdf(libxl_device_pci *pci, const char *str, const char **endp)
{
    const char *p = str;
    long a, b, c, dom = 0, bus, dev, func;
    unsigned mask = 1;

    a = hexnum(&p, 0xffff);
    if (a < 0 || *p++ != ':')
        return EINVAL;
    b = hexnum(&p, 0xffff);
    if (b < 0)
        return EINVAL;
    if (*p == ':') {
        p++;
        c = hexnum(&p, 0x1f);
        if (c < 0 || b > 0xff)
            return EINVAL;
        dom = a;
        bus = b;
        dev = c;
    } else {
        if (a > 0xff || b > 0x1f)
            return EINVAL;
        bus = a;
        dev = b;
    }
    if (*p++ != '.')
        return EINVAL;
    if (*p == '*') {
        func = 0;
        mask = LIBXL_PCI_FUNC_ALL;
        p++;
    } else {
        func = hexnum(&p, 7);
        if (func < 0)
            return EINVAL;
    }
    pci->domain = (int)dom;
    pci->bus = (uint8_t)bus;
    pci->dev = (uint8_t)dev;
    pci->func = (uint8_t)func;
    pci->vfunc_mask = mask;
    if (endp)
        *endp = p;
    else if (*p)
        return EINVAL;
    return 0;
}

static int parse_vslot(uint32_t *vdevfn, const char *str, const char **endp)
{
    const char *p = str;
    long v = hexnum(&p, 0x1f);

    if (v < 0)
        return EINVAL;
    if (endp)
        *endp = p;
    else if (*p)
        return EINVAL;
    *vdevfn = (uint32_t)v << 3;
    return 0;
}

static int parse_flag(const char *val, bool *out)
{
    char *ep;
    long v = strtol(val, &ep, 10);

    if (ep == val || *ep)
        return EINVAL;
    *out = v != 0;
    return 0;
}

static void pci_err(XLU_Config *cfg, const char *str, const char *what)
{
    if (cfg)
        xlu_cfg_error(cfg, NULL, "invalid PCI spec \"%s\": %s", str, what);
}

int xlu_pci_parse_bdf(XLU_Config *cfg, libxl_device_pci *pci, const char *str)
{
    int rc = parse_bdf(pci, str, NULL);

    if (rc)
        pci_err(cfg, str, "expected [SEG:]BUS:DEV.FN (hexadecimal)");
    return rc;
}

/* The spec parser proper; what is wrong goes to *why. */
static int pci_spec(libxl_device_pci *pci, const char *str, const char **why,
                    char **bad)
{
    const char *p = str;
    bool have_bdf = false, have_name = false;

    if (!parse_bdf(pci, p, &p)) {
        have_bdf = true;
        if (*p == '@') {
            p++;
            if (parse_vslot(&pci->vdevfn, p, &p)) {
                *why = "the virtual slot after '@' must be 0-1f (hex)";
                return EINVAL;
            }
        }
        if (*p == ',')
            p++;
        else if (*p) {
            *why = "expected ',' or '@' after the BDF";
            return EINVAL;
        }
    }
    while (*p) {
        const char *eq = strchr(p, '='), *end;
        char *key, *val;
        int rc = 0;

        if (!eq) {
            *why = "expected [SEG:]BUS:DEV.FN or KEY=VALUE";
            *bad = strdup(p);
            return EINVAL;
        }
        end = strchr(eq, ',');
        if (!end)
            end = eq + strlen(eq);
        key = strndup(p, (size_t)(eq - p));
        val = strndup(eq + 1, (size_t)(end - eq - 1));
        p = *end ? end + 1 : end;
        if (!key || !val) {
            free(key);
            free(val);
            return ENOMEM;
        }
        if (!strcmp(key, "bdf")) {
            rc = parse_bdf(pci, val, NULL);
            if (rc)
                *why = "bdf must be [SEG:]BUS:DEV.FN (hexadecimal)";
            have_bdf = have_bdf || !rc;
        } else if (!strcmp(key, "vslot")) {
            rc = parse_vslot(&pci->vdevfn, val, NULL);
            if (rc)
                *why = "vslot must be 0-1f (hex)";
        } else if (!strcmp(key, "permissive")) {
            rc = parse_flag(val, &pci->permissive);
        } else if (!strcmp(key, "msitranslate")) {
            rc = parse_flag(val, &pci->msitranslate);
        } else if (!strcmp(key, "seize")) {
            rc = parse_flag(val, &pci->seize);
        } else if (!strcmp(key, "power_mgmt")) {
            rc = parse_flag(val, &pci->power_mgmt);
        } else if (!strcmp(key, "rdm_policy")) {
            if (!strcmp(val, "strict"))
                pci->rdm_policy = LIBXL_RDM_RESERVE_POLICY_STRICT;
            else if (!strcmp(val, "relaxed"))
                pci->rdm_policy = LIBXL_RDM_RESERVE_POLICY_RELAXED;
            else {
                *why = "rdm_policy must be strict or relaxed";
                rc = EINVAL;
            }
        } else if (!strcmp(key, "name")) {
            have_name = true;
            free(pci->name);
            pci->name = strdup(val);
            if (!pci->name)
                rc = ENOMEM;
        } else {
            *why = "unknown option";
            *bad = strdup(key);
            rc = EINVAL;
        }
        if (rc == EINVAL && !*why) {
            *why = "expected a number (0 or 1)";
            *bad = strdup(key);
        }
        free(key);
        free(val);
        if (rc)
            return rc;
    }
    if (have_bdf == have_name) {
        *why = have_bdf ? "give a BDF or a name, not both"
                        : "no device: expected [SEG:]BUS:DEV.FN or name=";
        return EINVAL;
    }
    return 0;
}

int xlu_pci_parse_spec_string(XLU_Config *cfg, libxl_device_pci *pci,
                              const char *str)
{
    const char *why = NULL;
    char *bad = NULL;
    int rc = pci_spec(pci, str, &why, &bad);

    if (rc == EINVAL && cfg) {
        if (bad)
            xlu_cfg_error(cfg, NULL, "invalid PCI spec \"%s\": %s '%s'", str,
                          why, bad);
        else
            pci_err(cfg, str, why ? why : "malformed");
    }
    free(bad);
    return rc;
}

/* The same with a position, for the domain config parser. */
int xlu__pci_parse_at(XLU_Config *cfg, const XLU_Pos *pos,
                      libxl_device_pci *pci, const char *str)
{
    const char *why = NULL;
    char *bad = NULL;
    int rc = pci_spec(pci, str, &why, &bad);

    if (rc == EINVAL) {
        if (bad)
            xlu_cfg_error(cfg, pos, "invalid PCI spec \"%s\": %s '%s'", str,
                          why, bad);
        else
            xlu_cfg_error(cfg, pos, "invalid PCI spec \"%s\": %s", str,
                          why ? why : "malformed");
    }
    free(bad);
    return rc;
}

int xlu_rdm_parse(XLU_Config *cfg, libxl_rdm_reserve *rdm, const char *str)
{
    char *buf = strdup(str), *save = NULL, *tok;
    bool any = false;
    int rc = 0;

    if (!buf)
        return ENOMEM;
    for (tok = strtok_r(buf, ",", &save); tok && !rc;
         tok = strtok_r(NULL, ",", &save)) {
        char *val = strchr(tok, '=');
        any = true;
        if (!val) {
            rc = EINVAL;
            break;
        }
        *val++ = '\0';
        if (!strcmp(tok, "strategy") && !strcmp(val, "host"))
            rdm->strategy = LIBXL_RDM_RESERVE_STRATEGY_HOST;
        else if (!strcmp(tok, "policy") && !strcmp(val, "strict"))
            rdm->policy = LIBXL_RDM_RESERVE_POLICY_STRICT;
        else if (!strcmp(tok, "policy") && !strcmp(val, "relaxed"))
            rdm->policy = LIBXL_RDM_RESERVE_POLICY_RELAXED;
        else
            rc = EINVAL;
    }
    if (!any)
        rc = EINVAL;
    if (rc == EINVAL && cfg)
        xlu_cfg_error(cfg, NULL,
                      "invalid rdm \"%s\": expected strategy=host and/or "
                      "policy=strict|relaxed",
                      str);
    free(buf);
    return rc;
}
