/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line options, declared where they are used:
 *
 *   static bool opt_noreboot;
 *   boolean_param("noreboot", opt_noreboot);
 *
 * Every declaration lands in the .data.param section; cmdline_parse() looks
 * options up there.  The command line is a list of words separated by
 * spaces: "name", "name=value" or "no-name" (booleans only).  A word "--"
 * ends the hypervisor's options; the rest belongs to dom0.
 */
#ifndef XENITH_PARAM_H
#define XENITH_PARAM_H

#include <xenith/compiler.h>
#include <xenith/types.h>

enum param_type {
    PARAM_BOOL,   /* bool variable */
    PARAM_UINT,   /* unsigned integer of 1, 2, 4 or 8 bytes */
    PARAM_SIZE,   /* uint64_t bytes; B/K/M/G/T suffix, KiB without one */
    PARAM_STRING, /* char array of .len bytes, NUL-terminated */
    PARAM_CUSTOM, /* .fn(value) parses; value is NULL for a bare word */
};

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;
    void *var;
    int (*fn)(const char *value);
};

#define __param_line(_n, _t, _l, _v, _f, line)           \
    static const struct kernel_param __used __aligned(8) \
        __section(".data.param") __param_entry_##line = { _n, _t, _l, _v, _f }
#define __param_expand(_n, _t, _l, _v, _f, line) \
    __param_line(_n, _t, _l, _v, _f, line)

#define boolean_param(name, var) \
    __param_expand(name, PARAM_BOOL, sizeof(var), &(var), NULL, __LINE__)
#define integer_param(name, var) \
    __param_expand(name, PARAM_UINT, sizeof(var), &(var), NULL, __LINE__)
#define size_param(name, var) \
    __param_expand(name, PARAM_SIZE, sizeof(var), &(var), NULL, __LINE__)
#define string_param(name, var) \
    __param_expand(name, PARAM_STRING, sizeof(var), (var), NULL, __LINE__)
#define custom_param(name, fn) \
    __param_expand(name, PARAM_CUSTOM, 0, NULL, fn, __LINE__)

/* Problems found while parsing, kept until a console can show them. */
#define CMDLINE_MAX_PROBLEMS 8
struct cmdline_problems {
    unsigned int nr;      /* entries filled (at most CMDLINE_MAX_PROBLEMS) */
    unsigned int dropped; /* problems beyond the array */
    struct {
        char word[40];
        const char *why;
    } item[CMDLINE_MAX_PROBLEMS];
};

/*
 * Parse a command line against a table of options, setting variables as a
 * side effect.  Unknown options and bad values are recorded in *probs (if
 * not NULL), never fatal.  If skip_image_name is set, a first word that is
 * not an option (the boot loader's image path) is skipped.  Returns a
 * pointer into cmdline to the text after " -- " (dom0's part), or NULL.
 */
const char *cmdline_parse(const char *cmdline, const struct kernel_param *tbl,
                          size_t n, bool skip_image_name,
                          struct cmdline_problems *probs);

/* Parse a boolean word: 1/0, yes/no, on/off, true/false, enable/disable. */
int parse_bool(const char *s);

#ifndef XENITH_HOST_TEST
/* Parse against every option in the image and remember the problems. */
const char *cmdline_parse_all(const char *cmdline);
/* Print the problems recorded by cmdline_parse_all() as warnings. */
void cmdline_report_problems(void);
/* Complain about options declared more than once (a build mistake). */
void cmdline_check_duplicates(void);
#endif

#endif /* XENITH_PARAM_H */
