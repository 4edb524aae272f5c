/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * escape.h - printing and parsing escaped xenstore values.
 */
#ifndef XS_CLI_ESCAPE_H
#define XS_CLI_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

/* Print len bytes; unprintable ones escaped unless raw. */
void print_escaped(FILE *f, const char *v, unsigned int len, bool raw);
/* Decode escapes in place; returns the decoded length. */
unsigned int unescape(char *s);

#endif
