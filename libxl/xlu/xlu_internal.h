/* SPDX-License-Identifier: GPL-2.0-only */
/* libxlutil internals: the parsed configuration's representation. */
#ifndef XLU_INTERNAL_H
#define XLU_INTERNAL_H

#include <stdbool.h>

#include "libxlutil.h"

struct XLU_ConfigList {
    int nvalues, avalues;
    XLU_ConfigValue **values;
};

struct XLU_ConfigValue {
    enum XLU_ConfigValueType type;
    bool quoted; /* a string written in quotes (not a bare number) */
    char *string;
    XLU_ConfigList list;
    XLU_Pos pos;
};

struct XLU_ConfigSetting {
    char *name;
    XLU_ConfigValue *value;
    enum XLU_Operation op;
    XLU_Pos key_pos;
};

struct XLU_Config {
    FILE *report;
    const char *source;           /* report name of the main data */
    XLU_ConfigSetting **settings; /* in the order written */
    int nsettings;
    char **names; /* file names positions point to */
    int nnames;
    int nerrors;
    bool oom;
};

/* The setting n was last assigned by, or NULL. */
XLU_ConfigSetting *xlu__find(const XLU_Config *cfg, const char *n);
/* A copy of name owned by cfg (NULL when out of memory). */
const char *xlu__intern(XLU_Config *cfg, const char *name);
void xlu__value_free(XLU_ConfigValue *v);
XLU_ConfigValue *xlu__value_copy(const XLU_ConfigValue *v);
/* xlu_pci_parse_spec_string reporting at pos. */
int xlu__pci_parse_at(XLU_Config *cfg, const XLU_Pos *pos,
                      libxl_device_pci *pci, const char *str);

#endif
