/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl config-convert [--from FORMAT] [-o OUT] FILE, and what xl create does
 * with a configuration file that is not xl.cfg (see config_import.h).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_import.h"
#include "xl.h"

/* The plugin that reads libvirt's domain XML (plugins/config-libvirt). */
#define LIBVIRT_PLUGIN "config-libvirt"
/* Larger than any domain definition. */
#define MAX_CONFIG_BYTES (16u << 20)

/* The file's bytes (NUL added, not counted), or NULL with errno. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0;
    char *s = NULL;

    if (!f)
        return NULL;
    for (;;) {
        char *t;
        size_t got;

        if (n + 1 >= cap || !s) {
            if (s)
                cap *= 2;
            if (cap > MAX_CONFIG_BYTES + 1) {
                errno = EFBIG;
                break;
            }
            t = realloc(s, cap);
            if (!t)
                break;
            s = t;
        }
        got = fread(s + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                break;
            fclose(f);
            s[n] = 0;
            *len = n;
            return s;
        }
    }
    fclose(f);
    free(s);
    return NULL;
}

/*
 * Whether data starts, after blanks, an XML declaration, comments and a
 * DOCTYPE, with a <domain element: libvirt's domain definition.
 */
static bool looks_like_libvirt(const char *p, size_t len)
{
    const char *end = p + len;

    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
            const char *q = p + 4;

            while (end - q >= 3 && memcmp(q, "-->", 3))
                q++;
            if (end - q < 3)
                return false;
            p = q + 3;
        } else if (end - p >= 2 && p[0] == '<' &&
                   (p[1] == '?' || p[1] == '!')) {
            p = memchr(p, '>', (size_t)(end - p));
            if (!p)
                return false;
            p++;
        } else {
            break;
        }
    }
    return end - p > 7 && !memcmp(p, "<domain", 7) &&
           (isspace((unsigned char)p[7]) || p[7] == '>' || p[7] == '/');
}

/* One line: path is libvirt XML and no loaded importer reads it. */
static void libvirt_hint(const char *path)
{
    const char *dir = getenv("XEN_PLUGINS_CONF_DIR");
    libxl_plugin_info *list = NULL;
    const libxl_plugin_info *p = NULL;
    int n = 0;

    if (!libxl_plugin_list(ctx, &list, &n))
        for (int i = 0; i < n && !p; i++)
            if (list[i].name && !strcmp(list[i].name, LIBVIRT_PLUGIN))
                p = &list[i];
    if (p && p->state == LIBXL_PLUGIN_STATE_FAILED)
        fprintf(stderr,
                "xl: %s looks like a libvirt domain definition (XML); the "
                "plugin that reads it, %s, could not be loaded (xl "
                "plugin-list says why)\n",
                path, LIBVIRT_PLUGIN);
    else if (p)
        fprintf(stderr,
                "xl: %s looks like a libvirt domain definition (XML); enable "
                "the %s plugin to read it (enabled = 1 in %s)\n",
                path, LIBVIRT_PLUGIN, p->conf);
    else
        fprintf(stderr,
                "xl: %s looks like a libvirt domain definition (XML); install "
                "and enable the %s plugin to read it (%s/%s.conf)\n",
                path, LIBVIRT_PLUGIN,
                dir && *dir ? dir : XEN_CONFIG_DIR "/plugins.d",
                LIBVIRT_PLUGIN);
    libxl_plugin_info_list_free(list, n);
}

/* Whether data[0..len) is xl.cfg syntax (nothing reported). */
static bool is_xl_cfg(const char *path, const char *data, size_t len)
{
    char *sink = NULL;
    size_t sink_len = 0;
    FILE *r = open_memstream(&sink, &sink_len);
    XLU_Config *cfg;
    bool ok = false;

    if (!r)
        return true; /* let the real parse speak */
    cfg = xlu_cfg_init(r, path);
    if (cfg) {
        ok = len <= (size_t)INT32_MAX && !xlu_cfg_readdata(cfg, data, (int)len);
        xlu_cfg_destroy(cfg);
    } else {
        ok = true;
    }
    fclose(r);
    free(sink);
    return ok;
}

static void print_messages(const char *m)
{
    if (!m || !*m)
        return;
    fputs(m, stderr);
    if (m[strlen(m) - 1] != '\n')
        fputc('\n', stderr);
}

int xl_config_import_file(const char *path, char **text)
{
    libxl_config_import_result r;
    size_t len = 0;
    char *data;
    int rc;

    *text = NULL;
    data = read_all(path, &len);
    if (!data)
        return 0;
    if (is_xl_cfg(path, data, len)) {
        free(data);
        return 0;
    }
    rc = libxl_config_import(ctx, NULL, path, data, len, &r);
    if (rc == ERROR_NOTFOUND) {
        rc = 0;
        if (looks_like_libvirt(data, len)) {
            libvirt_hint(path);
            rc = -1;
        }
    } else if (rc) {
        if (r.messages)
            print_messages(r.messages);
        else
            fprintf(stderr, "xl: %s: cannot convert it: %s\n", path,
                    libxl_error_to_string(rc));
        rc = -1;
    } else {
        print_messages(r.messages);
        *text = r.cfg;
        r.cfg = NULL;
    }
    libxl_config_import_result_dispose(&r);
    free(data);
    return rc;
}

int xl_parse_imported_config(const char *path, const char *text,
                             const char *const *overrides, int n_overrides,
                             const XLU_DomainDefaults *defs,
                             libxl_domain_config *d_config, int *bootloader_r)
{
    char *name = NULL;
    XLU_Config *cfg;
    int rc;

    if (bootloader_r)
        *bootloader_r = 0;
    if (asprintf(&name, "%s (converted)", path) < 0)
        name = NULL;
    cfg = name ? xlu_cfg_init(stderr, name) : NULL;
    if (!cfg) {
        free(name);
        libxl_domain_config_init(d_config);
        return ENOMEM;
    }
    rc = xlu_cfg_readdata(cfg, text, (int)strlen(text));
    for (int i = 0; !rc && i < n_overrides; i++)
        rc = xlu_cfg_read_override(cfg, "command line", i + 1, overrides[i]);
    if (!rc)
        rc = xlu_domain_config_from_cfg(cfg, defs, d_config, bootloader_r);
    else
        libxl_domain_config_init(d_config);
    xlu_cfg_destroy(cfg);
    free(name);
    return rc;
}

/* ---- xl config-convert --------------------------------------------------- */

static int config_convert_main(int argc, char **argv)
{
    static const struct option longopts[] = { { "from", 1, NULL, 'F' },
                                              { "output", 1, NULL, 'o' },
                                              { "help", 0, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    const char *from = NULL, *out = NULL, *path = NULL;
    libxl_config_import_result r;
    size_t len = 0;
    char *data;
    int opt, rc, status = EXIT_FAILURE;

    /* Options may follow the file too: xl config-convert FILE -o OUT. */
    for (int pass = 0; pass < 2; pass++) {
        while ((opt = xl_getopt(argc, argv, "F:o:", longopts, "config-convert",
                                1 - pass)) != -1) {
            switch (opt) {
            case XL_OPT_EXIT:
                return xl_opt_status;
            case 'F':
                from = optarg;
                break;
            case 'o':
                out = optarg;
                break;
            }
        }
        if (!pass)
            path = argv[optind++];
    }
    if (optind < argc) {
        fprintf(stderr, "xl config-convert: one file at a time ('%s')\n\n",
                argv[optind]);
        xl_usage("config-convert");
        return 2;
    }
    data = read_all(path, &len);
    if (!data) {
        fprintf(stderr, "xl: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_FAILURE;
    }
    rc = libxl_config_import(ctx, from, path, data, len, &r);
    if (rc == ERROR_NOTFOUND) {
        if (looks_like_libvirt(data, len) &&
            (!from || !strcmp(from, "libvirt")))
            libvirt_hint(path);
        else if (from)
            fprintf(stderr,
                    "xl: no loaded importer plugin reads the format '%s' "
                    "(xl plugin-list shows the plugins)\n",
                    from);
        else
            fprintf(stderr,
                    "xl: %s: no loaded importer plugin recognises its format "
                    "(xl plugin-list shows the plugins)\n",
                    path);
        goto done;
    }
    print_messages(r.messages);
    if (rc) {
        if (!r.messages)
            fprintf(stderr, "xl: %s: cannot convert it: %s\n", path,
                    libxl_error_to_string(rc));
        goto done;
    }
    if (out) {
        FILE *f = fopen(out, "w");
        bool ok = f && fputs(r.cfg, f) >= 0;

        if (f && fclose(f))
            ok = false;
        if (!ok) {
            fprintf(stderr, "xl: cannot write %s: %s\n", out, strerror(errno));
            goto done;
        }
    } else if (fputs(r.cfg, stdout) < 0 || fflush(stdout)) {
        fprintf(stderr, "xl: cannot write the output: %s\n", strerror(errno));
        goto done;
    }
    status = EXIT_SUCCESS;
done:
    libxl_config_import_result_dispose(&r);
    free(data);
    return status;
}

XL_COMMAND_NAMED(config_convert, "config-convert", .fn = config_convert_main,
                 .dryrun_ok = true,
                 .summary = "Convert a domain definition of another toolstack "
                            "to xl.cfg with an importer plugin",
                 .usage = "[options] <File> [options]",
                 .options =
                     "-F FORMAT, --from=FORMAT\n"
                     "                        The file's format (\"libvirt\": "
                     "domain XML);\n"
                     "                        default: the importer that "
                     "recognises it.\n"
                     "-o FILE, --output=FILE  Write the xl.cfg to FILE "
                     "instead of standard\n"
                     "                        output.\n"
                     "-h                      Print this help.\n");
