/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The plugin loader: reads the .conf files of /etc/xen/plugins.d once per
 * context, on first need, loads each enabled plugin with dlopen, and answers
 * which plugin serves a hook (see lib/plugin_private.h and libxl_plugin.h).
 */
#include <dirent.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "plugin_private.h"

static const char *const hook_names[LIBXL_PLUGIN_HOOK_COUNT] = {
    [LIBXL_PLUGIN_HOOK_PLACEMENT] = "placement",
    [LIBXL_PLUGIN_HOOK_CODEC] = "codec",
    [LIBXL_PLUGIN_HOOK_SCHED] = "sched",
    [LIBXL_PLUGIN_HOOK_PCI] = "pci",
    [LIBXL_PLUGIN_HOOK_DEVICE] = "device",
    [LIBXL_PLUGIN_HOOK_PAGE_CODEC] = "page-codec",
    [LIBXL_PLUGIN_HOOK_IMPORT] = "import",
};

const char *libxl_plugin_hook_to_string(libxl_plugin_hook hook)
{
    if ((unsigned)hook >= LIBXL_PLUGIN_HOOK_COUNT)
        return "?";
    return hook_names[hook];
}

/* The directories, which tests replace through the environment. */
static const char *plugin_dir(void)
{
    const char *d = secure_getenv("LIBXL_PLUGIN_DIR");
    return d && *d ? d : LIBXL_PLUGIN_DIR;
}

static const char *conf_dir(void)
{
    const char *d = secure_getenv("XEN_PLUGINS_CONF_DIR");
    return d && *d ? d : XEN_CONFIG_DIR "/plugins.d";
}

const char *libxl__plugin_conf_dir(void)
{
    return conf_dir();
}

/* ---- what a plugin may call --------------------------------------------- */

static const char *pc_get(const libxl_plugin_ctx *pc, const char *key)
{
    for (unsigned i = 0; key && i < pc->nr_keys; i++)
        if (!strcmp(pc->keys[i], key))
            return pc->values[i];
    return NULL;
}

static void pc_log(const libxl_plugin_ctx *pc, libxl_log_level level,
                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void pc_log(const libxl_plugin_ctx *pc, libxl_log_level level,
                   const char *fmt, ...)
{
    const libxl__plugin *pl = (const libxl__plugin *)pc;
    char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (!msg)
        return;
    if (level < LIBXL_LOG_DEBUG || level > LIBXL_LOG_CRITICAL)
        level = LIBXL_LOG_ERROR;
    libxl__log(pl->ctx, level, -1, __FILE__, __LINE__, __func__,
               LIBXL__NO_DOMID, "plugin %s: %s", pl->name, msg);
    free(msg);
}

/* ---- loading ------------------------------------------------------------- */

static uint32_t desc_hooks(const libxl_plugin_descriptor *d)
{
    return (d->placement ? 1u << LIBXL_PLUGIN_HOOK_PLACEMENT : 0) |
           (d->codec ? 1u << LIBXL_PLUGIN_HOOK_CODEC : 0) |
           (d->sched ? 1u << LIBXL_PLUGIN_HOOK_SCHED : 0) |
           (d->pci ? 1u << LIBXL_PLUGIN_HOOK_PCI : 0) |
           (d->device ? 1u << LIBXL_PLUGIN_HOOK_DEVICE : 0) |
           (d->page_codec ? 1u << LIBXL_PLUGIN_HOOK_PAGE_CODEC : 0) |
           (d->import ? 1u << LIBXL_PLUGIN_HOOK_IMPORT : 0);
}

static bool desc_accepts(const libxl_plugin_descriptor *d, const char *key)
{
    for (const char *const *k = d->keys; k && *k; k++)
        if (!strcmp(*k, key))
            return true;
    return false;
}

/* "a, b" or NULL. */
static char *desc_key_list(libxl__gc *gc, const libxl_plugin_descriptor *d)
{
    char *s = NULL;

    for (const char *const *k = d->keys; k && *k; k++)
        s = s ? GCSPRINTF("%s, %s", s, *k) : libxl__strdup(gc, *k);
    return s;
}

static void set_failed(libxl__plugin *pl, char *why)
{
    pl->state = LIBXL_PLUGIN_STATE_FAILED;
    pl->error = strdup(why);
}

/* Fills pl from its .conf: 0, or -1 with pl failed. */
static int apply_conf(libxl__gc *gc, libxl__plugin *pl, const char *dir)
{
    libxl__plugin_conf_item *it;
    bool enabled = true;
    int n, own = 0;
    char *why;

    if (libxl__plugin_conf_read(gc, pl->conf, &it, &n, &why)) {
        set_failed(pl, why);
        return -1;
    }
    pl->keys = calloc((size_t)n + 1, sizeof(char *));
    pl->values = calloc((size_t)n + 1, sizeof(char *));
    pl->key_lines = calloc((size_t)n + 1, sizeof(int));
    if (!pl->keys || !pl->values || !pl->key_lines) {
        set_failed(pl, GCSPRINTF("%s: out of memory", pl->conf));
        return -1;
    }
    pl->pc.keys = (const char *const *)pl->keys;
    pl->pc.values = (const char *const *)pl->values;
    for (int i = 0; i < n; i++) {
        const char *k = it[i].key, *v = it[i].value;

        if (!strcmp(k, "file")) {
            if (!it[i].is_string || !*v || strchr(v, '/')) {
                set_failed(pl, GCSPRINTF("%s:%d: file must be the name of a "
                                         "shared object in %s, in quotes",
                                         pl->conf, it[i].line, dir));
                return -1;
            }
            free(pl->file);
            pl->file = strdup(GCSPRINTF("%s/%s", dir, v));
        } else if (!strcmp(k, "enabled")) {
            if (it[i].is_string || (strcmp(v, "0") && strcmp(v, "1"))) {
                set_failed(pl, GCSPRINTF("%s:%d: enabled must be 0 or 1",
                                         pl->conf, it[i].line));
                return -1;
            }
            enabled = !strcmp(v, "1");
        } else if (!strcmp(k, "on_error")) {
            if (strcmp(v, "stop") && strcmp(v, "continue")) {
                set_failed(pl, GCSPRINTF("%s:%d: on_error must be \"stop\" or "
                                         "\"continue\", not \"%s\"",
                                         pl->conf, it[i].line, v));
                return -1;
            }
            pl->on_error_continue = !strcmp(v, "continue");
        } else {
            pl->keys[own] = strdup(k);
            pl->values[own] = strdup(v);
            pl->key_lines[own] = it[i].line;
            if (!pl->keys[own] || !pl->values[own]) {
                set_failed(pl, GCSPRINTF("%s: out of memory", pl->conf));
                return -1;
            }
            own++;
        }
    }
    pl->pc.nr_keys = (unsigned)own;
    if (!enabled) {
        pl->state = LIBXL_PLUGIN_STATE_DISABLED;
        return -1;
    }
    if (!pl->file) {
        set_failed(pl, GCSPRINTF("%s: no file = \"NAME.so\" line naming the "
                                 "plugin",
                                 pl->conf));
        return -1;
    }
    return 0;
}

static const libxl__plugin *find_by_name(libxl_ctx *ctx, const char *name)
{
    for (int i = 0; i < ctx->plugins->n; i++) {
        const libxl__plugin *o = ctx->plugins->v[i];
        if (o->desc && !strcmp(o->name, name))
            return o;
    }
    return NULL;
}

/* Opens pl->file and checks its descriptor, then calls its init. */
static void load_one(libxl__gc *gc, libxl__plugin *pl)
{
    const libxl_plugin_descriptor *d;
    const libxl__plugin *other;
    struct stat st;
    char *name;
    int rc;

    if (stat(pl->file, &st)) {
        set_failed(
            pl, GCSPRINTF("%s: %s: %s; install the plugin or set "
                          "enabled = 0",
                          pl->conf, pl->file,
                          errno == ENOENT ? "no such file" : strerror(errno)));
        return;
    }
    dlerror();
    pl->dl = dlopen(pl->file, RTLD_NOW | RTLD_LOCAL);
    if (!pl->dl) {
        const char *e = dlerror();
        set_failed(pl, GCSPRINTF("%s: %s: cannot load: %s", pl->conf, pl->file,
                                 e ? e : "unknown error"));
        return;
    }
    d = dlsym(pl->dl, LIBXL_PLUGIN_SYMBOL);
    if (!d) {
        set_failed(pl, GCSPRINTF("%s: %s: no %s descriptor; not a libxl "
                                 "plugin",
                                 pl->conf, pl->file, LIBXL_PLUGIN_SYMBOL));
        goto unload;
    }
    pl->abi_version = d->abi_version;
    if (d->abi_version < LIBXL_PLUGIN_ABI_VERSION_MIN ||
        d->abi_version > LIBXL_PLUGIN_ABI_VERSION) {
        set_failed(pl, GCSPRINTF("%s: %s: plugin ABI version %u, this libxl "
                                 "loads versions %u to %u; rebuild the plugin",
                                 pl->conf, pl->file, d->abi_version,
                                 LIBXL_PLUGIN_ABI_VERSION_MIN,
                                 LIBXL_PLUGIN_ABI_VERSION));
        goto unload;
    }
    /* A version 2 descriptor ends before page_codec: read no further. */
    memset(&pl->desc_copy, 0, sizeof(pl->desc_copy));
    memcpy(&pl->desc_copy, d,
           d->abi_version < 3 ? offsetof(libxl_plugin_descriptor, page_codec)
                              : sizeof(*d));
    d = &pl->desc_copy;
    if (d->page_codec &&
        (d->page_codec->version != LIBXL_PLUGIN_PAGE_CODEC_VERSION ||
         !d->page_codec->name || !d->page_codec->bound ||
         !d->page_codec->open || !d->page_codec->close ||
         !d->page_codec->encode || !d->page_codec->decode)) {
        set_failed(pl, GCSPRINTF("%s: %s: its page codec is of version %u or "
                                 "lacks a function; this libxl loads page "
                                 "codecs of version %u",
                                 pl->conf, pl->file, d->page_codec->version,
                                 LIBXL_PLUGIN_PAGE_CODEC_VERSION));
        goto unload;
    }
    pl->hooks = desc_hooks(d);
    pl->hooks_known = true;
    if (!d->name || !*d->name) {
        set_failed(pl, GCSPRINTF("%s: %s: the descriptor has no name", pl->conf,
                                 pl->file));
        goto unload;
    }
    name = strdup(d->name);
    if (!name) {
        set_failed(pl, GCSPRINTF("%s: out of memory", pl->conf));
        goto unload;
    }
    free(pl->name);
    pl->name = name;
    pl->pc.name = name;
    other = find_by_name(pl->ctx, d->name);
    if (other) {
        set_failed(pl, GCSPRINTF("%s: %s: plugin %s is already loaded from %s",
                                 pl->conf, pl->file, d->name, other->conf));
        goto unload;
    }
    for (unsigned i = 0; i < pl->pc.nr_keys; i++) {
        char *accepted;

        if (desc_accepts(d, pl->keys[i]))
            continue;
        accepted = desc_key_list(gc, d);
        set_failed(pl,
                   GCSPRINTF("%s:%d: unknown key \"%s\" (plugin %s accepts %s)",
                             pl->conf, pl->key_lines[i], pl->keys[i], d->name,
                             accepted ? accepted : "no keys of its own"));
        goto unload;
    }
    if (d->init) {
        rc = d->init(&pl->pc);
        if (rc) {
            set_failed(pl,
                       GCSPRINTF("%s: %s: plugin %s: init failed: %s", pl->conf,
                                 pl->file, d->name, libxl_error_to_string(rc)));
            goto unload;
        }
    }
    pl->desc = d;
    pl->state = LIBXL_PLUGIN_STATE_LOADED;
    LOG(DEBUG, "%s: loaded plugin %s from %s", pl->conf, d->name, pl->file);
    return;

unload:
    dlclose(pl->dl);
    pl->dl = NULL;
}

/* remus.conf there is the settings of checkpoint streams (lib/save_codec.c),
 * not a plugin. */
static int is_conf(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 &&
           !strcmp(e->d_name + n - 5, ".conf") &&
           strcmp(e->d_name, LIBXL_REMUS_CONF);
}

static libxl__plugin *new_plugin(libxl_ctx *ctx, const char *dir,
                                 const char *entry)
{
    libxl__plugin *pl = calloc(1, sizeof(*pl));

    if (!pl)
        return NULL;
    pl->ctx = ctx;
    if (asprintf(&pl->conf, "%s/%s", dir, entry) < 0)
        pl->conf = NULL;
    pl->name = strndup(entry, strlen(entry) - 5);
    if (!pl->conf || !pl->name) {
        free(pl->conf);
        free(pl->name);
        free(pl);
        return NULL;
    }
    pl->pc.name = pl->name;
    pl->pc.conf = pl->conf;
    pl->pc.get = pc_get;
    pl->pc.log = pc_log;
    return pl;
}

/* Reads every .conf and loads the enabled plugins, once; CTX_LOCK held. */
static int load_all(libxl__gc *gc)
{
    const char *dir = conf_dir(), *pdir = plugin_dir();
    struct libxl__plugins *ps;
    struct dirent **ents = NULL;
    bool oom = false;
    int n;

    if (CTX->plugins)
        return 0;
    n = scandir(dir, &ents, is_conf, alphasort);
    if (n < 0 && errno != ENOENT) {
        LOGE(ERROR, "cannot read the plugin configuration directory %s", dir);
        return ERROR_FAIL;
    }
    ps = calloc(1, sizeof(*ps));
    if (ps && n > 0)
        ps->v = calloc((size_t)n, sizeof(*ps->v));
    oom = !ps || (n > 0 && !ps->v);
    CTX->plugins = ps;
    for (int i = 0; i < n; i++) {
        libxl__plugin *pl = oom ? NULL : new_plugin(CTX, dir, ents[i]->d_name);

        free(ents[i]);
        if (!pl) {
            oom = true;
            continue;
        }
        ps->v[ps->n++] = pl;
        if (!apply_conf(gc, pl, pdir))
            load_one(gc, pl);
    }
    free(ents);
    if (oom) {
        /* Half a list would hide plugins whose on_error is "stop". */
        libxl__plugins_ctx_free(CTX);
        LOG(ERROR, "out of memory loading the plugins of %s", dir);
        return ERROR_NOMEM;
    }
    return 0;
}

int libxl__plugin_find(libxl__gc *gc, libxl_plugin_hook hook,
                       libxl__plugin **found)
{
    const char *what = libxl_plugin_hook_to_string(hook);
    libxl__plugin *chosen = NULL;
    int rc, i, n_failed;

    *found = NULL;
    CTX_LOCK(CTX);
    rc = load_all(gc);
    if (rc)
        goto out;
    /* The first plugin in name order that would serve hook, had it loaded. */
    for (i = 0; i < CTX->plugins->n; i++) {
        libxl__plugin *pl = CTX->plugins->v[i];

        if (pl->state == LIBXL_PLUGIN_STATE_LOADED &&
            (pl->hooks & (1u << hook))) {
            chosen = pl;
            break;
        }
        if (pl->state != LIBXL_PLUGIN_STATE_FAILED ||
            (pl->hooks_known && !(pl->hooks & (1u << hook))))
            continue;
        if (!pl->on_error_continue) {
            LOG(ERROR, "%s; %s cannot go on (on_error = \"stop\")", pl->error,
                what);
            rc = ERROR_FAIL;
            goto out;
        }
    }
    /* Those that failed with on_error = "continue" before it say so once. */
    n_failed = i;
    for (i = 0; i < n_failed; i++) {
        libxl__plugin *pl = CTX->plugins->v[i];

        if (pl->state != LIBXL_PLUGIN_STATE_FAILED || pl->continue_said ||
            (pl->hooks_known && !(pl->hooks & (1u << hook))))
            continue;
        pl->continue_said = true;
        if (chosen)
            LOG(WARNING,
                "%s; %s uses plugin %s instead (on_error = "
                "\"continue\")",
                pl->error, what, chosen->name);
        else
            LOG(WARNING,
                "%s; %s uses the built-in behaviour (on_error = "
                "\"continue\")",
                pl->error, what);
    }
    *found = chosen;
out:
    CTX_UNLOCK(CTX);
    return rc;
}

int libxl__plugin_find_page_codec(libxl__gc *gc, const char *name,
                                  libxl__plugin **found)
{
    int rc;

    *found = NULL;
    CTX_LOCK(CTX);
    rc = load_all(gc);
    for (int i = 0; !rc && i < CTX->plugins->n; i++) {
        libxl__plugin *pl = CTX->plugins->v[i];

        if (pl->state == LIBXL_PLUGIN_STATE_LOADED &&
            (pl->hooks & (1u << LIBXL_PLUGIN_HOOK_PAGE_CODEC)) &&
            !strcmp(pl->desc->page_codec->name, name)) {
            *found = pl;
            break;
        }
    }
    CTX_UNLOCK(CTX);
    return rc;
}

int libxl__plugin_find_all(libxl__gc *gc, libxl_plugin_hook hook,
                           libxl__plugin ***v, int *nr)
{
    const char *what = libxl_plugin_hook_to_string(hook);
    int rc, n = 0;

    *v = NULL;
    *nr = 0;
    CTX_LOCK(CTX);
    rc = load_all(gc);
    if (rc)
        goto out;
    *v = libxl__zalloc(gc, sizeof(**v) * ((size_t)CTX->plugins->n + 1));
    for (int i = 0; i < CTX->plugins->n; i++) {
        libxl__plugin *pl = CTX->plugins->v[i];

        if (pl->state == LIBXL_PLUGIN_STATE_LOADED &&
            (pl->hooks & (1u << hook))) {
            (*v)[n++] = pl;
            continue;
        }
        if (pl->state != LIBXL_PLUGIN_STATE_FAILED ||
            (pl->hooks_known && !(pl->hooks & (1u << hook))))
            continue;
        if (!pl->on_error_continue) {
            LOG(ERROR, "%s; %s cannot go on (on_error = \"stop\")", pl->error,
                what);
            rc = ERROR_FAIL;
            n = 0;
            goto out;
        }
        if (!pl->continue_said) {
            pl->continue_said = true;
            LOG(WARNING, "%s; %s goes on without it (on_error = \"continue\")",
                pl->error, what);
        }
    }
out:
    *nr = n;
    CTX_UNLOCK(CTX);
    return rc;
}

int libxl__plugin_hook_failed(libxl__gc *gc, const libxl__plugin *pl,
                              libxl_plugin_hook hook, int rc)
{
    const char *what = libxl_plugin_hook_to_string(hook);

    if (pl->on_error_continue) {
        LOG(WARNING,
            "plugin %s (%s): %s failed: %s; using the built-in "
            "behaviour (on_error = \"continue\")",
            pl->name, pl->conf, what, libxl_error_to_string(rc));
        return 0;
    }
    LOG(ERROR, "plugin %s (%s): %s failed: %s (on_error = \"stop\")", pl->name,
        pl->conf, what, libxl_error_to_string(rc));
    return rc < 0 ? rc : ERROR_FAIL;
}

void libxl__plugins_ctx_free(libxl_ctx *ctx)
{
    struct libxl__plugins *ps = ctx->plugins;

    if (!ps)
        return;
    for (int i = 0; i < ps->n; i++) {
        libxl__plugin *pl = ps->v[i];

        if (pl->state == LIBXL_PLUGIN_STATE_LOADED && pl->desc->fini)
            pl->desc->fini(&pl->pc);
        if (pl->dl)
            dlclose(pl->dl);
        for (unsigned k = 0; pl->keys && pl->keys[k]; k++)
            free(pl->keys[k]);
        for (unsigned k = 0; pl->values && pl->values[k]; k++)
            free(pl->values[k]);
        free(pl->keys);
        free(pl->values);
        free(pl->key_lines);
        free(pl->conf);
        free(pl->file);
        free(pl->name);
        free(pl->error);
        free(pl);
    }
    free(ps->v);
    free(ps);
    ctx->plugins = NULL;
}

/* ---- the public list ----------------------------------------------------- */

void libxl_plugin_info_list_free(libxl_plugin_info *list, int nr)
{
    for (int i = 0; list && i < nr; i++) {
        free(list[i].name);
        free(list[i].conf);
        free(list[i].file);
        free(list[i].error);
    }
    free(list);
}

static char *dup_or_null(const char *s, bool *oom)
{
    char *d = s ? strdup(s) : NULL;

    if (s && !d)
        *oom = true;
    return d;
}

int libxl_plugin_list(libxl_ctx *ctx, libxl_plugin_info **list, int *nr)
{
    libxl_plugin_info *v = NULL;
    bool oom = false;
    int rc, n = 0;
    GC_INIT(ctx);

    *list = NULL;
    *nr = 0;
    CTX_LOCK(ctx);
    rc = load_all(gc);
    if (rc)
        goto out;
    n = ctx->plugins->n;
    v = calloc(n ? (size_t)n : 1, sizeof(*v));
    if (!v) {
        rc = ERROR_NOMEM;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        const libxl__plugin *pl = ctx->plugins->v[i];

        v[i].name = dup_or_null(pl->name, &oom);
        v[i].conf = dup_or_null(pl->conf, &oom);
        v[i].file = dup_or_null(pl->file, &oom);
        v[i].error = dup_or_null(pl->error, &oom);
        v[i].abi_version = pl->abi_version;
        v[i].hooks = pl->hooks;
        v[i].state = pl->state;
        v[i].on_error_continue = pl->on_error_continue;
    }
    if (oom) {
        libxl_plugin_info_list_free(v, n);
        v = NULL;
        n = 0;
        rc = ERROR_NOMEM;
        goto out;
    }
    *list = v;
    *nr = n;
out:
    CTX_UNLOCK(ctx);
    GC_FREE;
    return rc;
}
