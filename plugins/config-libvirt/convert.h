/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * config-libvirt's converter: a libvirt domain definition (XML, the
 * format of libvirt's formatdomain documentation) into xl.cfg(5) text.
 * Independent of libxl, so the unit tests and the fuzzer call it alone.
 */
#ifndef CONFIG_LIBVIRT_CONVERT_H
#define CONFIG_LIBVIRT_CONVERT_H

#include <stddef.h>

/*
 * 1 when data starts, after blanks, an XML declaration, comments and a
 * DOCTYPE, with a <domain element; else 0.
 */
int lv_probe(const char *data, size_t len);

/*
 * Converts data[0..len), named source in messages.  0: *cfg the xl.cfg
 * text and *msgs the warnings and notes (NULL: none), one line each,
 * "SOURCE:LINE: warning: ..." / "SOURCE:LINE: note: ...".  -1: *cfg NULL
 * and *msgs the error, one line ("SOURCE:LINE:COLUMN: ..." for malformed
 * XML).  -2: out of memory (*cfg and *msgs NULL).  Both malloc'd.
 */
int lv_convert(const char *source, const char *data, size_t len, char **cfg,
               char **msgs);

#endif
