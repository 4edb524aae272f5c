/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl internals: the plugin loader (lib/plugin.c) and the .conf reader
 * (lib/plugin_conf.c).
 *
 * A subsystem that can hand work to a plugin asks for the active one:
 *
 *   libxl__plugin *pl;
 *   rc = libxl__plugin_find(gc, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl);
 *   if (rc)
 *       return rc;              // a plugin failed with on_error = "stop"
 *   if (pl) {
 *       rc = pl->desc->placement->place(&pl->pc, &guest, &topo, &out);
 *       if (rc)
 *           rc = libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_PLACEMENT,
 *                                          rc);
 *       if (rc)
 *           return rc;
 *   }
 *   if (!pl || <the hook failed and on_error is "continue">)
 *       ... the built-in behaviour ...
 *
 * Hooks are called without ctx->lock held.
 */
#ifndef LIBXL_PLUGIN_PRIVATE_H
#define LIBXL_PLUGIN_PRIVATE_H

#include "internal.h"

typedef struct libxl__plugin libxl__plugin;
struct libxl__plugin {
    libxl_plugin_ctx pc; /* first: the hooks' context (its keys are ours) */
    libxl_ctx *ctx;
    const libxl_plugin_descriptor *desc; /* set once loaded: &desc_copy */
    libxl_plugin_descriptor desc_copy;   /* the plugin's, as of this ABI */
    void *dl;
    char *conf, *file; /* file: the shared object's path, or NULL */
    char *name;
    char **keys, **values; /* the plugin's own keys, NULL-terminated */
    int *key_lines;        /* their lines in the .conf */
    bool on_error_continue;
    libxl_plugin_state state;
    bool hooks_known; /* a failure before the descriptor was read: no */
    uint32_t hooks;   /* 1u << libxl_plugin_hook */
    uint32_t abi_version;
    char *error; /* FAILED: the one-line reason */
    bool continue_said;
};

struct libxl__plugins {
    libxl__plugin **v; /* every .conf, in name order */
    int n;
};

/*
 * The plugin serving hook: 0 and *pl the plugin, or 0 and *pl NULL for the
 * built-in behaviour (no plugin for it, or one failed with on_error =
 * "continue", said once), or ERROR_FAIL when a plugin that may serve hook
 * failed with on_error = "stop" (logged).  Loads the plugins on first use.
 */
int libxl__plugin_find(libxl__gc *gc, libxl_plugin_hook hook,
                       libxl__plugin **pl);

/*
 * The loaded plugin whose page codec is called name: 0 and *pl, or 0 and
 * *pl NULL when none is, or an error when the plugins cannot be read.
 */
int libxl__plugin_find_page_codec(libxl__gc *gc, const char *name,
                                  libxl__plugin **pl);

/* /etc/xen/plugins.d, or what XEN_PLUGINS_CONF_DIR says. */
const char *libxl__plugin_conf_dir(void);

/* The file in the plugins directory that is not a plugin's. */
#define LIBXL_REMUS_CONF "remus.conf"
/*
 * Every loaded plugin serving hook, in name order: 0 and *v (nr of them,
 * the array from gc), or ERROR_FAIL as libxl__plugin_find.  Plugins that
 * failed with on_error = "continue" are said once and left out.
 */
int libxl__plugin_find_all(libxl__gc *gc, libxl_plugin_hook hook,
                           libxl__plugin ***v, int *nr);

/*
 * A hook of pl returned rc < 0.  Logs one line; returns rc when pl's
 * on_error is "stop", 0 when the caller goes on with the built-in
 * behaviour.
 */
int libxl__plugin_hook_failed(libxl__gc *gc, const libxl__plugin *pl,
                              libxl_plugin_hook hook, int rc);

/* Releases what the context's plugins hold (called by libxl_ctx_free). */
void libxl__plugins_ctx_free(libxl_ctx *ctx);

/* ---- lib/plugin_conf.c ---- */

typedef struct {
    char *key, *value; /* value: a string without quotes, a number as written */
    int line;
    bool is_string;
} libxl__plugin_conf_item;

/*
 * Reads a plugin .conf (the xl.cfg syntax: KEY = "string" | 'string' |
 * NUMBER, ended by a newline or ';', # comments; a key set twice keeps the
 * last value).  Returns 0 and the items in file order, or ERROR_FAIL with
 * *why set to one line ("PATH:LINE: ..." or "PATH: ...").  Everything is
 * allocated from gc.
 */
int libxl__plugin_conf_read(libxl__gc *gc, const char *path,
                            libxl__plugin_conf_item **items, int *nr,
                            char **why);

#endif
