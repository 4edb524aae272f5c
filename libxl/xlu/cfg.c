/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl.cfg(5) grammar, as Xen 4.17's xl reads it:
 *
 *   file    := { [setting] (NEWLINE | ';') } [setting]
 *   setting := KEY ('=' | '+=') value
 *   value   := STRING | NUMBER | '[' {NL} [ value {NL} {',' {NL} value {NL}}
 *              [',' {NL}] ] ']'
 *   KEY     := [a-z][a-z0-9._]*          NUMBER := [0-9][0-9a-fx]*
 *   STRING  := "..." or '...' on one line, with \" \' \\ \a \b \f \n \r
 *              \t \v \xHH \OOO escapes
 *
 * '#' starts a comment to the end of the line.  Carriage returns count
 * as blanks.  The first syntax error ends the parse; it is reported as
 * "FILE:LINE:COLUMN: expected ..., found ...".
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

#define MAX_LIST_DEPTH 32

XLU_Config *xlu_cfg_init(FILE *report, const char *report_filename)
{
    XLU_Config *cfg = calloc(1, sizeof(*cfg));

    if (!cfg)
        return NULL;
    cfg->report = report;
    cfg->source =
        xlu__intern(cfg, report_filename ? report_filename : "command line");
    if (!cfg->source) {
        free(cfg);
        return NULL;
    }
    return cfg;
}

const char *xlu__intern(XLU_Config *cfg, const char *name)
{
    char **n;

    for (int i = 0; i < cfg->nnames; i++)
        if (!strcmp(cfg->names[i], name))
            return cfg->names[i];
    n = realloc(cfg->names, (cfg->nnames + 1) * sizeof(*n));
    if (!n)
        return NULL;
    cfg->names = n;
    n[cfg->nnames] = strdup(name);
    if (!n[cfg->nnames])
        return NULL;
    return n[cfg->nnames++];
}

void xlu__value_free(XLU_ConfigValue *v)
{
    if (!v)
        return;
    if (v->type == XLU_STRING) {
        free(v->string);
    } else {
        for (int i = 0; i < v->list.nvalues; i++)
            xlu__value_free(v->list.values[i]);
        free(v->list.values);
    }
    free(v);
}

void xlu_cfg_destroy(XLU_Config *cfg)
{
    if (!cfg)
        return;
    for (int i = 0; i < cfg->nsettings; i++) {
        free(cfg->settings[i]->name);
        xlu__value_free(cfg->settings[i]->value);
        free(cfg->settings[i]);
    }
    free(cfg->settings);
    for (int i = 0; i < cfg->nnames; i++)
        free(cfg->names[i]);
    free(cfg->names);
    free(cfg);
}

/* ---- messages ---------------------------------------------------------- */

static void vreport(const XLU_Config *cfg, const XLU_Pos *pos, const char *kind,
                    const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void vreport(const XLU_Config *cfg, const XLU_Pos *pos, const char *kind,
                    const char *fmt, va_list ap)
{
    FILE *f = cfg->report;

    if (!f)
        return;
    if (pos && pos->line > 0)
        fprintf(f, "%s:%d:%d: %s", pos->file, pos->line, pos->col, kind);
    else
        fprintf(f, "%s: %s", pos ? pos->file : cfg->source, kind);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
}

void xlu_cfg_error(const XLU_Config *cfg, const XLU_Pos *pos, const char *fmt,
                   ...)
{
    va_list ap;

    ((XLU_Config *)cfg)->nerrors++;
    va_start(ap, fmt);
    vreport(cfg, pos, "", fmt, ap);
    va_end(ap);
}

void xlu_cfg_warning(const XLU_Config *cfg, const XLU_Pos *pos, const char *fmt,
                     ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(cfg, pos, "warning: ", fmt, ap);
    va_end(ap);
}

/* ---- lexer --------------------------------------------------------------- */

enum tok {
    T_EOF,
    T_NL,
    T_KEY,
    T_NUMBER,
    T_STRING,
    T_ADD,   /* += */
    T_PUNCT, /* one of [ ] , = ; */
    T_BAD,   /* a character that starts no token */
};

struct lexer {
    XLU_Config *cfg;
    const char *p, *end;
    const char *file;
    int line, col;
    /* the current token */
    enum tok t;
    char c; /* T_PUNCT / T_BAD */
    char *text;
    XLU_Pos pos;
    bool failed;
};

static bool is_key_start(int c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_key_char(int c)
{
    return is_key_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

static bool is_number_char(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x';
}

static void advance(struct lexer *lx, size_t n)
{
    lx->p += n;
    lx->col += (int)n;
}

static char *dup_range(struct lexer *lx, const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (!d) {
        lx->cfg->oom = true;
        lx->failed = true;
        return NULL;
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static int hexdigit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A quoted string at lx->p; sets lx->text, or reports and fails. */
static void lex_string(struct lexer *lx)
{
    char q = *lx->p;
    const char *s = lx->p + 1;
    size_t cap = 16, n = 0;
    char *out = malloc(cap);

    if (!out) {
        lx->cfg->oom = true;
        lx->failed = true;
        return;
    }
    while (s < lx->end && *s != q && *s != '\n') {
        int c = (unsigned char)*s++;
        XLU_Pos at = { lx->file, lx->line, lx->col + (int)(s - lx->p) - 1 };

        if (c == '\0') {
            xlu_cfg_error(lx->cfg, &at, "a string cannot contain a NUL byte");
            goto fail;
        }
        if (c == '\\') {
            int e = s < lx->end ? (unsigned char)*s++ : 0;
            switch (e) {
            case '"':
            case '\'':
            case '\\':
                c = e;
                break;
            case 'a':
                c = '\a';
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case 'v':
                c = '\v';
                break;
            case 'x': {
                int v = 0, k = 0;
                while (k < 2 && s < lx->end && hexdigit(*s) >= 0) {
                    v = v * 16 + hexdigit(*s++);
                    k++;
                }
                if (!k || !v) {
                    xlu_cfg_error(lx->cfg, &at,
                                  "invalid escape in string: \\x needs one or "
                                  "two hex digits, not naming NUL");
                    goto fail;
                }
                c = v;
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    int v = e - '0', k = 1;
                    while (k < 3 && s < lx->end && *s >= '0' && *s <= '7') {
                        v = v * 8 + (*s++ - '0');
                        k++;
                    }
                    if (!v || v > 255) {
                        xlu_cfg_error(lx->cfg, &at,
                                      "invalid escape in string: octal "
                                      "\\%o is not a byte or is NUL",
                                      (unsigned)v);
                        goto fail;
                    }
                    c = v;
                    break;
                }
                if (e == 0 || e == '\n')
                    break; /* reported as unterminated below */
                xlu_cfg_error(lx->cfg, &at,
                              "invalid escape '\\%c' in string (known: \\\" "
                              "\\' \\\\ \\a \\b \\f \\n \\r \\t \\v \\xHH "
                              "\\OOO)",
                              e);
                goto fail;
            }
            if (e == 0 || e == '\n') {
                s--;
                continue;
            }
        }
        if (n + 2 > cap) {
            char *o = realloc(out, cap *= 2);
            if (!o) {
                lx->cfg->oom = true;
                goto fail_quiet;
            }
            out = o;
        }
        out[n++] = (char)c;
    }
    if (s >= lx->end || *s != q) {
        xlu_cfg_error(lx->cfg, &lx->pos,
                      "unterminated string: expected a closing %c before the "
                      "end of the line",
                      q);
        goto fail;
    }
    out[n] = '\0';
    lx->text = out;
    advance(lx, (size_t)(s + 1 - lx->p));
    return;
fail:
fail_quiet:
    free(out);
    lx->failed = true;
}

/* Reads the next token into lx; false after a lexical error (reported). */
static bool next(struct lexer *lx)
{
    free(lx->text);
    lx->text = NULL;
    if (lx->failed)
        return false;
    while (lx->p < lx->end &&
           (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
        advance(lx, 1);
    lx->pos.file = lx->file;
    lx->pos.line = lx->line;
    lx->pos.col = lx->col;
    if (lx->p >= lx->end) {
        lx->t = T_EOF;
        return true;
    }
    char c = *lx->p;
    if (c == '#') {
        while (lx->p < lx->end && *lx->p != '\n')
            advance(lx, 1);
        if (lx->p >= lx->end) {
            lx->t = T_NL;
            return true;
        }
        c = '\n';
    }
    if (c == '\n') {
        lx->p++;
        lx->line++;
        lx->col = 1;
        lx->t = T_NL;
        return true;
    }
    if (is_key_start(c)) {
        const char *s = lx->p;
        while (s < lx->end && is_key_char(*s))
            s++;
        lx->text = dup_range(lx, lx->p, (size_t)(s - lx->p));
        advance(lx, (size_t)(s - lx->p));
        lx->t = T_KEY;
        return !lx->failed;
    }
    if (c >= '0' && c <= '9') {
        const char *s = lx->p;
        while (s < lx->end && is_number_char(*s))
            s++;
        lx->text = dup_range(lx, lx->p, (size_t)(s - lx->p));
        advance(lx, (size_t)(s - lx->p));
        lx->t = T_NUMBER;
        return !lx->failed;
    }
    if (c == '"' || c == '\'') {
        lx->t = T_STRING;
        lex_string(lx);
        return !lx->failed;
    }
    if (c == '+' && lx->p + 1 < lx->end && lx->p[1] == '=') {
        advance(lx, 2);
        lx->t = T_ADD;
        return true;
    }
    if (strchr("[],=;", c) && c) {
        advance(lx, 1);
        lx->t = T_PUNCT;
        lx->c = c;
        return true;
    }
    lx->t = T_BAD;
    lx->c = c;
    return true;
}

/* "found ..." text for the current token. */
static const char *found(struct lexer *lx, char *buf, size_t sz)
{
    switch (lx->t) {
    case T_EOF:
        return "the end of the file";
    case T_NL:
        return "the end of the line";
    case T_KEY:
    case T_NUMBER:
        snprintf(buf, sz, "'%.40s'", lx->text);
        return buf;
    case T_STRING:
        return "a string";
    case T_ADD:
        return "'+='";
    case T_PUNCT:
        snprintf(buf, sz, "'%c'", lx->c);
        return buf;
    default:
        if ((unsigned char)lx->c >= 0x20 && (unsigned char)lx->c < 0x7f)
            snprintf(buf, sz, "'%c'", lx->c);
        else
            snprintf(buf, sz, "byte 0x%02x", (unsigned char)lx->c);
        return buf;
    }
}

static bool is_punct(struct lexer *lx, char c)
{
    return lx->t == T_PUNCT && lx->c == c;
}

static void skip_newlines(struct lexer *lx)
{
    while (lx->t == T_NL && next(lx))
        ;
}

static XLU_ConfigValue *new_value(struct lexer *lx, enum XLU_ConfigValueType t)
{
    XLU_ConfigValue *v = calloc(1, sizeof(*v));

    if (!v) {
        lx->cfg->oom = true;
        lx->failed = true;
        return NULL;
    }
    v->type = t;
    v->pos = lx->pos;
    return v;
}

static bool list_append(struct lexer *lx, XLU_ConfigList *l, XLU_ConfigValue *v)
{
    if (l->nvalues == l->avalues) {
        int a = l->avalues ? l->avalues * 2 : 4;
        XLU_ConfigValue **n = realloc(l->values, (size_t)a * sizeof(*n));
        if (!n) {
            lx->cfg->oom = true;
            lx->failed = true;
            return false;
        }
        l->values = n;
        l->avalues = a;
    }
    l->values[l->nvalues++] = v;
    return true;
}

/* A value at the current token; after it, the token following it. */
static XLU_ConfigValue *parse_value(struct lexer *lx, const char *after,
                                    int depth)
{
    char fb[64];
    XLU_ConfigValue *v;

    if (lx->t == T_STRING || lx->t == T_NUMBER) {
        v = new_value(lx, XLU_STRING);
        if (!v)
            return NULL;
        v->string = lx->text;
        v->quoted = lx->t == T_STRING;
        lx->text = NULL;
        if (!next(lx)) {
            xlu__value_free(v);
            return NULL;
        }
        return v;
    }
    if (!is_punct(lx, '[')) {
        if (lx->t == T_KEY)
            xlu_cfg_error(lx->cfg, &lx->pos,
                          "expected a value after %s, found %s (quote "
                          "strings: \"%.40s\")",
                          after, found(lx, fb, sizeof(fb)), lx->text);
        else if (lx->t == T_NL || lx->t == T_EOF)
            xlu_cfg_error(lx->cfg, &lx->pos, "expected a value after %s",
                          after);
        else
            xlu_cfg_error(lx->cfg, &lx->pos,
                          "expected a value after %s, found %s", after,
                          found(lx, fb, sizeof(fb)));
        lx->failed = true;
        return NULL;
    }
    if (depth >= MAX_LIST_DEPTH) {
        xlu_cfg_error(lx->cfg, &lx->pos, "lists nested more than %d deep",
                      MAX_LIST_DEPTH);
        lx->failed = true;
        return NULL;
    }
    v = new_value(lx, XLU_LIST);
    if (!v)
        return NULL;
    XLU_Pos open = lx->pos;
    if (!next(lx))
        goto fail;
    skip_newlines(lx);
    while (!lx->failed && !is_punct(lx, ']')) {
        XLU_ConfigValue *e;

        if (lx->t == T_EOF) {
            xlu_cfg_error(lx->cfg, &lx->pos,
                          "expected ']' to close the list opened at %d:%d, "
                          "found the end of the file",
                          open.line, open.col);
            goto fail;
        }
        e = parse_value(lx, v->list.nvalues ? "','" : "'['", depth + 1);
        if (!e)
            goto fail;
        if (!list_append(lx, &v->list, e)) {
            xlu__value_free(e);
            goto fail;
        }
        skip_newlines(lx);
        if (is_punct(lx, ',')) {
            if (!next(lx))
                goto fail;
            skip_newlines(lx);
        } else if (lx->t == T_EOF) {
            continue; /* reported at the top of the loop */
        } else if (!is_punct(lx, ']')) {
            xlu_cfg_error(lx->cfg, &lx->pos,
                          "expected ',' or ']' in the list opened at %d:%d, "
                          "found %s",
                          open.line, open.col, found(lx, fb, sizeof(fb)));
            goto fail;
        }
    }
    if (lx->failed || !next(lx))
        goto fail;
    return v;
fail:
    lx->failed = true;
    xlu__value_free(v);
    return NULL;
}

XLU_ConfigSetting *xlu__find(const XLU_Config *cfg, const char *n)
{
    for (int i = cfg->nsettings - 1; i >= 0; i--)
        if (!strcmp(cfg->settings[i]->name, n))
            return cfg->settings[i];
    return NULL;
}

/* Stores name op value; for += joins it to the previous value. */
static bool store(struct lexer *lx, char *name, XLU_Pos key_pos,
                  enum XLU_Operation op, XLU_ConfigValue *v)
{
    XLU_Config *cfg = lx->cfg;
    XLU_ConfigSetting *s,
        *prev = op == XLU_OP_ADDITION ? xlu__find(cfg, name) : NULL;
    XLU_ConfigSetting **n;

    if (prev) {
        XLU_ConfigValue *pv = prev->value;
        if (pv->type != v->type) {
            xlu_cfg_error(cfg, &v->pos,
                          "'+=' cannot add a %s to the %s '%s' holds (set at "
                          "%d:%d)",
                          v->type == XLU_LIST ? "list" : "string",
                          pv->type == XLU_LIST ? "list" : "string", name,
                          pv->pos.line, pv->pos.col);
            goto fail;
        }
        if (v->type == XLU_STRING) {
            size_t a = strlen(pv->string), b = strlen(v->string);
            char *j = malloc(a + b + 1);
            if (!j) {
                cfg->oom = true;
                goto fail;
            }
            memcpy(j, pv->string, a);
            memcpy(j + a, v->string, b + 1);
            free(v->string);
            v->string = j;
            v->quoted = true;
            v->pos = pv->pos;
        } else {
            /* The earlier entries first; each keeps its own position. */
            XLU_ConfigList joined = { 0, 0, NULL };
            for (int i = 0; i < pv->list.nvalues + v->list.nvalues; i++) {
                XLU_ConfigValue *src =
                    i < pv->list.nvalues ? pv->list.values[i]
                                         : v->list.values[i - pv->list.nvalues];
                XLU_ConfigValue *c = xlu__value_copy(src);
                if (!c || !list_append(lx, &joined, c)) {
                    xlu__value_free(c);
                    for (int k = 0; k < joined.nvalues; k++)
                        xlu__value_free(joined.values[k]);
                    free(joined.values);
                    cfg->oom = true;
                    goto fail;
                }
            }
            for (int i = 0; i < v->list.nvalues; i++)
                xlu__value_free(v->list.values[i]);
            free(v->list.values);
            v->list = joined;
            v->pos = pv->pos;
        }
    }
    s = calloc(1, sizeof(*s));
    n = realloc(cfg->settings, (cfg->nsettings + 1) * sizeof(*n));
    if (!s || !n) {
        free(s);
        if (n)
            cfg->settings = n;
        cfg->oom = true;
        goto fail;
    }
    cfg->settings = n;
    s->name = name;
    s->value = v;
    s->op = op;
    s->key_pos = key_pos;
    cfg->settings[cfg->nsettings++] = s;
    return true;
fail:
    lx->failed = true;
    free(name);
    xlu__value_free(v);
    return false;
}

XLU_ConfigValue *xlu__value_copy(const XLU_ConfigValue *v)
{
    XLU_ConfigValue *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    *c = *v;
    if (v->type == XLU_STRING) {
        c->string = strdup(v->string);
        if (!c->string) {
            free(c);
            return NULL;
        }
        return c;
    }
    c->list.values =
        calloc((size_t)v->list.nvalues + 1, sizeof(*c->list.values));
    c->list.avalues = v->list.nvalues + 1;
    c->list.nvalues = 0;
    if (!c->list.values) {
        free(c);
        return NULL;
    }
    for (int i = 0; i < v->list.nvalues; i++) {
        XLU_ConfigValue *e = xlu__value_copy(v->list.values[i]);
        if (!e) {
            xlu__value_free(c);
            return NULL;
        }
        c->list.values[c->list.nvalues++] = e;
    }
    return c;
}

static int parse(XLU_Config *cfg, const char *file, int first_line,
                 const char *data, size_t len)
{
    struct lexer lx = { 0 };
    char fb[64];

    lx.cfg = cfg;
    lx.p = data;
    lx.end = data + len;
    lx.file = file;
    lx.line = first_line;
    lx.col = 1;
    if (!next(&lx))
        goto out;
    while (!lx.failed && lx.t != T_EOF) {
        char *name;
        XLU_Pos key_pos;
        enum XLU_Operation op;
        XLU_ConfigValue *v;

        if (lx.t == T_NL || is_punct(&lx, ';')) {
            next(&lx);
            continue;
        }
        if (lx.t != T_KEY) {
            xlu_cfg_error(cfg, &lx.pos,
                          "expected a setting name (lower-case letters, "
                          "digits, '.', '_'), found %s",
                          found(&lx, fb, sizeof(fb)));
            break;
        }
        name = lx.text;
        lx.text = NULL;
        key_pos = lx.pos;
        if (!next(&lx)) {
            free(name);
            break;
        }
        if (is_punct(&lx, '=')) {
            op = XLU_OP_ASSIGNMENT;
        } else if (lx.t == T_ADD) {
            op = XLU_OP_ADDITION;
        } else {
            xlu_cfg_error(cfg, &lx.pos,
                          "expected '=' or '+=' after '%s', found %s", name,
                          found(&lx, fb, sizeof(fb)));
            free(name);
            break;
        }
        if (!next(&lx)) {
            free(name);
            break;
        }
        v = parse_value(&lx, op == XLU_OP_ASSIGNMENT ? "'='" : "'+='", 0);
        if (!v) {
            free(name);
            break;
        }
        if (lx.t != T_NL && lx.t != T_EOF && !is_punct(&lx, ';')) {
            xlu_cfg_error(cfg, &lx.pos,
                          "expected the end of the line or ';' after the "
                          "value of '%s', found %s",
                          name, found(&lx, fb, sizeof(fb)));
            free(name);
            xlu__value_free(v);
            break;
        }
        if (!store(&lx, name, key_pos, op, v))
            break;
    }
out:
    free(lx.text);
    if (cfg->oom)
        return ENOMEM;
    return lx.failed || lx.t != T_EOF ? EINVAL : 0;
}

int xlu_cfg_readdata(XLU_Config *cfg, const char *data, int length)
{
    if (length < 0)
        return EINVAL;
    return parse(cfg, cfg->source, 1, data, (size_t)length);
}

int xlu_cfg_read_override(XLU_Config *cfg, const char *source, int index,
                          const char *text)
{
    const char *name = xlu__intern(cfg, source);

    if (!name)
        return ENOMEM;
    return parse(cfg, name, index, text, strlen(text));
}

int xlu_cfg_readfile(XLU_Config *cfg, const char *real_filename)
{
    FILE *f = fopen(real_filename, "r");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int e;

    if (!f) {
        e = errno;
        xlu_cfg_error(cfg, NULL, "cannot open the configuration file: %s",
                      strerror(e));
        return e;
    }
    for (;;) {
        size_t got;
        if (len + 4096 > cap) {
            char *n = realloc(buf, cap = cap ? cap * 2 : 8192);
            if (!n) {
                free(buf);
                fclose(f);
                return ENOMEM;
            }
            buf = n;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        e = errno ? errno : EIO;
        xlu_cfg_error(cfg, NULL, "cannot read the configuration file: %s",
                      strerror(e));
        free(buf);
        fclose(f);
        return e;
    }
    fclose(f);
    e = parse(cfg, cfg->source, 1, buf ? buf : "", len);
    free(buf);
    return e;
}

/* ---- accessors ---------------------------------------------------------- */

static int find_atom(const XLU_Config *cfg, const char *n,
                     XLU_ConfigSetting **set_r, int dont_warn)
{
    XLU_ConfigSetting *s = xlu__find(cfg, n);

    if (!s)
        return ESRCH;
    if (s->value->type != XLU_STRING) {
        if (!dont_warn)
            xlu_cfg_error(cfg, &s->value->pos,
                          "'%s' must be a single value, not a list", n);
        return EINVAL;
    }
    *set_r = s;
    return 0;
}

int xlu_cfg_get_string(const XLU_Config *cfg, const char *n,
                       const char **value_r, int dont_warn)
{
    XLU_ConfigSetting *s;
    int e = find_atom(cfg, n, &s, dont_warn);

    if (e)
        return e;
    *value_r = s->value->string;
    return 0;
}

int xlu_cfg_replace_string(const XLU_Config *cfg, const char *n, char **value_r,
                           int dont_warn)
{
    const char *v;
    char *d;
    int e = xlu_cfg_get_string(cfg, n, &v, dont_warn);

    if (e)
        return e;
    d = strdup(v);
    if (!d)
        return ENOMEM;
    free(*value_r);
    *value_r = d;
    return 0;
}

int xlu_cfg_get_bounded_long(const XLU_Config *cfg, const char *n, long min,
                             long max, long *value_r, int dont_warn)
{
    XLU_ConfigSetting *s;
    char *ep;
    long l;
    int e = find_atom(cfg, n, &s, dont_warn);

    if (e)
        return e;
    if (s->op == XLU_OP_ADDITION) {
        if (!dont_warn)
            xlu_cfg_error(cfg, &s->key_pos,
                          "'+=' cannot be used with the number '%s'", n);
        return EINVAL;
    }
    errno = 0;
    l = strtol(s->value->string, &ep, 0);
    if (errno == ERANGE) {
        if (!dont_warn)
            xlu_cfg_error(cfg, &s->value->pos, "'%s' is out of range: %s", n,
                          s->value->string);
        return ERANGE;
    }
    if (ep == s->value->string || *ep) {
        if (!dont_warn)
            xlu_cfg_error(cfg, &s->value->pos,
                          "'%s' must be a number, found \"%s\"", n,
                          s->value->string);
        return EINVAL;
    }
    if (l < min || l > max) {
        if (!dont_warn)
            xlu_cfg_error(cfg, &s->value->pos,
                          "'%s' must be between %ld and %ld, found %ld", n, min,
                          max, l);
        return EINVAL;
    }
    *value_r = l;
    return 0;
}

int xlu_cfg_get_long(const XLU_Config *cfg, const char *n, long *value_r,
                     int dont_warn)
{
    return xlu_cfg_get_bounded_long(cfg, n, LONG_MIN, LONG_MAX, value_r,
                                    dont_warn);
}

int xlu_cfg_get_defbool(const XLU_Config *cfg, const char *n, libxl_defbool *b,
                        int dont_warn)
{
    long l;
    int e = xlu_cfg_get_long(cfg, n, &l, dont_warn);

    if (e)
        return e;
    libxl_defbool_set(b, !!l);
    return 0;
}

int xlu_cfg_get_list(const XLU_Config *cfg, const char *n,
                     XLU_ConfigList **list_r, int *entries_r, int dont_warn)
{
    XLU_ConfigSetting *s = xlu__find(cfg, n);

    if (!s)
        return ESRCH;
    if (s->value->type != XLU_LIST) {
        if (!dont_warn)
            xlu_cfg_error(cfg, &s->value->pos,
                          "'%s' must be a list ([...]), not a single value", n);
        return EINVAL;
    }
    if (list_r)
        *list_r = &s->value->list;
    if (entries_r)
        *entries_r = s->value->list.nvalues;
    return 0;
}

int xlu_cfg_get_list_as_string_list(const XLU_Config *cfg, const char *n,
                                    libxl_string_list *psl, int dont_warn)
{
    XLU_ConfigList *l;
    int nr, e = xlu_cfg_get_list(cfg, n, &l, &nr, dont_warn);
    char **sl;

    if (e)
        return e;
    for (int i = 0; i < nr; i++)
        if (l->values[i]->type != XLU_STRING) {
            if (!dont_warn)
                xlu_cfg_error(cfg, &l->values[i]->pos,
                              "the entries of '%s' must be strings, not lists",
                              n);
            return EINVAL;
        }
    sl = calloc((size_t)nr + 1, sizeof(char *));
    if (!sl)
        return ENOMEM;
    for (int i = 0; i < nr; i++) {
        sl[i] = strdup(l->values[i]->string);
        if (!sl[i]) {
            libxl_string_list_dispose(&sl);
            return ENOMEM;
        }
    }
    libxl_string_list_dispose(psl);
    *psl = sl;
    return 0;
}

const char *xlu_cfg_get_listitem(const XLU_ConfigList *list, int entry)
{
    if (!list || entry < 0 || entry >= list->nvalues)
        return NULL;
    if (list->values[entry]->type != XLU_STRING)
        return NULL;
    return list->values[entry]->string;
}

int xlu_cfg_list_length(const XLU_ConfigList *list)
{
    return list ? list->nvalues : 0;
}

const XLU_Pos *xlu_cfg_value_pos(const XLU_Config *cfg, const char *n)
{
    XLU_ConfigSetting *s = xlu__find(cfg, n);
    return s ? &s->value->pos : NULL;
}

const XLU_Pos *xlu_cfg_listitem_pos(const XLU_ConfigList *list, int entry)
{
    if (!list || entry < 0 || entry >= list->nvalues)
        return NULL;
    return &list->values[entry]->pos;
}

const char *xlu_cfg_setting_name(const XLU_Config *cfg, int i,
                                 const XLU_Pos **key_pos)
{
    if (i < 0 || i >= cfg->nsettings)
        return NULL;
    if (key_pos)
        *key_pos = &cfg->settings[i]->key_pos;
    return cfg->settings[i]->name;
}
