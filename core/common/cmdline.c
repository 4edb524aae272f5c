/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line parsing (pure logic; host-tested by
 * tests/unit/test_cmdline.c).  See xenith/param.h for the syntax.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/param.h>

#define MAX_WORD 256

int parse_bool(const char *s)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i]))
            return 1;
        if (!strcmp(s, no[i]))
            return 0;
    }
    return -1;
}

static void add_problem(struct cmdline_problems *p, const char *word,
                        const char *why)
{
    if (!p)
        return;
    if (p->nr >= CMDLINE_MAX_PROBLEMS) {
        p->dropped++;
        return;
    }
    strlcpy(p->item[p->nr].word, word, sizeof(p->item[p->nr].word));
    p->item[p->nr].why = why;
    p->nr++;
}

static const struct kernel_param *find_param(const struct kernel_param *tbl,
                                             size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(tbl[i].name, name))
            return &tbl[i];
    return NULL;
}

static bool store_uint(const struct kernel_param *kp, uint64_t v)
{
    switch (kp->len) {
    case 1:
        if (v > UINT8_MAX)
            return false;
        *(uint8_t *)kp->var = (uint8_t)v;
        return true;
    case 2:
        if (v > UINT16_MAX)
            return false;
        *(uint16_t *)kp->var = (uint16_t)v;
        return true;
    case 4:
        if (v > UINT32_MAX)
            return false;
        *(uint32_t *)kp->var = (uint32_t)v;
        return true;
    case 8:
        *(uint64_t *)kp->var = v;
        return true;
    }
    return false;
}

/* Apply one option; returns NULL on success or the reason it failed. */
static const char *apply(const struct kernel_param *kp, const char *val,
                         bool negated)
{
    const char *p = val;
    uint64_t v;
    int b;

    switch (kp->type) {
    case PARAM_BOOL:
        b = val ? parse_bool(val) : 1;
        if (b < 0)
            return "bad boolean value";
        *(bool *)kp->var = negated ? !b : b;
        return NULL;
    case PARAM_UINT:
    case PARAM_SIZE:
        if (!val)
            return "value required";
        if (!(kp->type == PARAM_SIZE ? parse_size(&p, &v)
                                     : parse_u64(&p, &v)) ||
            *p)
            return "bad number";
        return store_uint(kp, v) ? NULL : "number out of range";
    case PARAM_STRING:
        if (!val)
            return "value required";
        if (strlen(val) >= kp->len)
            return "value too long";
        strlcpy(kp->var, val, kp->len);
        return NULL;
    case PARAM_CUSTOM:
        return kp->fn(val) ? "bad value" : NULL;
    }
    return "internal error";
}

/* Copy the next space-separated word of *s into word; false at the end. */
static bool next_word(const char **s, char *word, bool *truncated)
{
    const char *p = *s;
    size_t n = 0;

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (!*p)
        return false;
    *truncated = false;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
        if (n + 1 < MAX_WORD)
            word[n++] = *p;
        else
            *truncated = true;
        p++;
    }
    word[n] = '\0';
    *s = p;
    return true;
}

static void parse_word(char *word, const struct kernel_param *tbl, size_t n,
                       struct cmdline_problems *probs)
{
    const struct kernel_param *kp;
    char *val = strchr(word, '=');
    bool negated = false;
    const char *why;

    if (val)
        *val++ = '\0';
    kp = find_param(tbl, n, word);
    if (!kp && !strncmp(word, "no-", 3)) {
        kp = find_param(tbl, n, word + 3);
        if (kp && kp->type == PARAM_BOOL && !val)
            negated = true;
        else
            kp = NULL;
    }
    if (!kp) {
        add_problem(probs, word, "unknown option");
        return;
    }
    why = apply(kp, val, negated);
    if (why)
        add_problem(probs, word, why);
}

static bool is_option_word(const char *word, const struct kernel_param *tbl,
                           size_t n)
{
    char name[MAX_WORD];
    char *eq;

    if (strchr(word, '='))
        return true;
    strlcpy(name, word, sizeof(name));
    eq = name;
    if (!strncmp(eq, "no-", 3))
        eq += 3;
    return find_param(tbl, n, eq) != NULL;
}

const char *cmdline_parse(const char *cmdline, const struct kernel_param *tbl,
                          size_t n, bool skip_image_name,
                          struct cmdline_problems *probs)
{
    char word[MAX_WORD];
    const char *s = cmdline;
    bool truncated, first = true;

    if (!cmdline)
        return NULL;
    while (next_word(&s, word, &truncated)) {
        if (!strcmp(word, "--")) {
            while (*s == ' ')
                s++;
            return s;
        }
        if (first && skip_image_name && !is_option_word(word, tbl, n)) {
            first = false;
            continue;
        }
        first = false;
        if (truncated) {
            add_problem(probs, word, "option too long");
            continue;
        }
        parse_word(word, tbl, n, probs);
    }
    return NULL;
}
