/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Configuration files that are not xl.cfg (xl/config_import.c): xl create
 * hands them to the importer plugins (libxl_config_import), and
 * xl config-convert writes what an importer makes of one.
 */
#ifndef XL_CONFIG_IMPORT_H
#define XL_CONFIG_IMPORT_H

#include "libxlutil.h"

/*
 * For xl create: reads path and, when it is not xl.cfg syntax, asks the
 * loaded importers.  0 with *text NULL: parse path as xl.cfg (also when it
 * cannot be read, or no importer claims it: the xl.cfg parser then says
 * what is wrong); 0 with *text (malloc'd) the importer's xl.cfg, its
 * warnings printed; -1: one error line printed (the importer's, or that
 * the file looks like libvirt XML and which plugin to enable).
 */
int xl_config_import_file(const char *path, char **text);

/*
 * xlu_parse_domain_config for imported text: report names it
 * "PATH (converted)"; then the overrides.  Same return values.
 */
int xl_parse_imported_config(const char *path, const char *text,
                             const char *const *overrides, int n_overrides,
                             const XLU_DomainDefaults *defs,
                             libxl_domain_config *d_config, int *bootloader_r);

#endif
