/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: plugins (lib/plugin*.c).  Included by libxl.h.
 *
 * A plugin is a shared object in the package's plugin directory
 * (/usr/lib/xenith/plugins) that exports ONE constant descriptor, named
 * libxl_plugin, written with LIBXL_PLUGIN_DEFINE:
 *
 *   static const libxl_plugin_placement_ops place_ops = { .place = my_place };
 *   static const char *const my_keys[] = { "max_nodes", NULL };
 *   LIBXL_PLUGIN_DEFINE = {
 *       .abi_version = LIBXL_PLUGIN_ABI_VERSION,
 *       .name = "numa-spread",
 *       .keys = my_keys,
 *       .init = my_init,
 *       .placement = &place_ops,
 *   };
 *
 * The hooks a plugin implements are the non-NULL ops pointers.  A plugin
 * needs no symbol of libxenlight: everything it may call reaches it through
 * the libxl_plugin_ctx every hook receives.
 *
 * A plugin is enabled by a file /etc/xen/plugins.d/NAME.conf (xl.cfg
 * syntax; see that directory's README):
 *
 *   file = "numa-spread.so"     the shared object, in the plugin directory
 *   enabled = 1                 0 keeps the file but loads nothing
 *   on_error = "stop"           or "continue": see below
 *   max_nodes = 2               the plugin's own keys (descriptor .keys)
 *
 * libxl reads every *.conf, in name order, the first time a context needs
 * a plugin, and loads each enabled plugin once per context.  A plugin that
 * cannot be loaded (missing file, wrong ABI version, no descriptor, a key
 * it does not accept, init failing) is never called; with on_error =
 * "stop" the operations that would have used it fail, with "continue"
 * they use libxl's built-in behaviour and say so once.  When two plugins
 * implement the same hook, the first in name order is used.
 *
 * init runs with the context's lock held, so it must not wait for another
 * thread using the same context; the other hooks run without it, and may
 * run in several threads at once.
 *
 * For tests, the environment variables LIBXL_PLUGIN_DIR and
 * XEN_PLUGINS_CONF_DIR replace the plugin directory and /etc/xen/plugins.d.
 */
#ifndef LIBXL_PLUGIN_H
#define LIBXL_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include "libxl.h"

/*
 * Bumped whenever the descriptor, an ops struct or an argument struct
 * below changes in a way a built plugin would notice; a plugin built for
 * another version is refused, except that version 3 only added the
 * page codec and import hooks at the end of the descriptor: a version 2
 * plugin is still loaded, as one without them (LIBXL_PLUGIN_ABI_VERSION_MIN).
 */
#define LIBXL_PLUGIN_ABI_VERSION 3
/* The oldest version still loaded: a version 2 descriptor ends before
 * .page_codec and .import (ABI version 3 added them at the end); libxl
 * reads no field a plugin's version does not have. */
#define LIBXL_PLUGIN_ABI_VERSION_MIN    2
#define LIBXL_PLUGIN_ABI_VERSION_OLDEST LIBXL_PLUGIN_ABI_VERSION_MIN

/* The name of the descriptor symbol libxl looks up. */
#define LIBXL_PLUGIN_SYMBOL "libxl_plugin"

/* The hooks, as libxl_plugin_info.hooks bits (1u << hook). */
typedef enum {
    LIBXL_PLUGIN_HOOK_PLACEMENT = 0, /* NUMA placement of a new guest */
    LIBXL_PLUGIN_HOOK_CODEC,         /* checkpoint page compression */
    LIBXL_PLUGIN_HOOK_SCHED,         /* scheduler parameters */
    LIBXL_PLUGIN_HOOK_PCI,           /* PCI device assignment */
    LIBXL_PLUGIN_HOOK_DEVICE,        /* device setup around connection */
    LIBXL_PLUGIN_HOOK_PAGE_CODEC,    /* save stream page codec (ABI 3) */
    LIBXL_PLUGIN_HOOK_IMPORT,        /* config importer (ABI 3) */
    LIBXL_PLUGIN_HOOK_COUNT
} libxl_plugin_hook;

/* "placement", "codec", "sched", "pci", "device", "page-codec", "import"; "?"
 * otherwise. */
LIBXL_EXPORT const char *libxl_plugin_hook_to_string(libxl_plugin_hook hook);

/* ---- what every hook receives ------------------------------------------ */

typedef struct libxl_plugin_ctx libxl_plugin_ctx;
struct libxl_plugin_ctx {
    const char *name; /* the descriptor's name */
    const char *conf; /* the .conf that enabled it */
    void *state;      /* the plugin's own: set by init, kept until fini */

    /* The plugin's own keys from its .conf, in file order (strings as
     * written without quotes, numbers as written). */
    unsigned nr_keys;
    const char *const *keys;
    const char *const *values;

    /* The value of key, or NULL when the .conf does not set it. */
    const char *(*get)(const libxl_plugin_ctx *pc, const char *key);
    /* One line into the libxl context's logger, "plugin NAME: ...". */
    void (*log)(const libxl_plugin_ctx *pc, libxl_log_level level,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));
};

/* A bitmap of nr_bits bits, bit i in map[i / 8] & (1 << i % 8). */
typedef struct {
    uint32_t nr_bits;
    uint8_t *map;
} libxl_plugin_bitmap;

static inline void libxl_plugin_bitmap_set(libxl_plugin_bitmap *b, uint32_t i)
{
    if (i < b->nr_bits)
        b->map[i / 8] |= (uint8_t)(1u << (i % 8));
}

static inline int libxl_plugin_bitmap_test(const libxl_plugin_bitmap *b,
                                           uint32_t i)
{
    return i < b->nr_bits && (b->map[i / 8] >> (i % 8)) & 1;
}

/* The guest a hook is about. */
typedef struct {
    uint32_t domid; /* LIBXL_PLUGIN_NO_DOMID before the domain exists */
    const char *name;
    uint64_t max_memkb;
    uint32_t max_vcpus;
    uint32_t poolid;
    const char *pool;        /* the cpupool's name */
    const char *numa_policy; /* xl.cfg's numa_policy=, NULL when unset */
} libxl_plugin_guest;
#define LIBXL_PLUGIN_NO_DOMID 0xffffffffu

/* ---- NUMA placement ------------------------------------------------------ */

typedef struct {
    uint64_t size_memkb;
    uint64_t free_memkb;
    uint32_t nr_cpus;
    const uint32_t *cpus; /* the node's CPUs (physical ids) */
    /* online vCPUs of other domains whose hard affinity touches a CPU of
     * the node (each counted once per node) */
    uint32_t nr_vcpus;
} libxl_plugin_numa_node;

typedef struct {
    uint32_t nr_nodes;
    const libxl_plugin_numa_node *nodes; /* indexed by node id */
    /* distance[i * nr_nodes + j]: ACPI SLIT distance from node i to j */
    const uint32_t *distance;
    uint32_t nr_cpus; /* the host's CPUs: the affinity bitmaps' size */
} libxl_plugin_numa_topology;

/*
 * What place() chooses: the nodes the guest's memory comes from (nodes,
 * nr_nodes bits) and every vCPU's hard and soft affinity (nr_cpus bits).
 * libxl hands them in zeroed; an empty affinity leaves it as it is.
 */
typedef struct {
    libxl_plugin_bitmap nodes;
    libxl_plugin_bitmap hard_affinity;
    libxl_plugin_bitmap soft_affinity;
} libxl_plugin_placement;

typedef struct {
    /* 0, or a negative ERROR_* (the guest is not placed by the plugin). */
    int (*place)(libxl_plugin_ctx *pc, const libxl_plugin_guest *guest,
                 const libxl_plugin_numa_topology *topo,
                 libxl_plugin_placement *out);
} libxl_plugin_placement_ops;

/* ---- checkpoint codec ---------------------------------------------------- */

/*
 * compress/decompress a batch of pages: in[0..len) into out, whose size
 * is *outlen on entry and the bytes written on return.  0, or
 * ERROR_BUFFERFULL when out is too small, or another negative ERROR_*.
 */
typedef struct {
    const char *name; /* the codec's name in the stream ("lz4") */
    int (*compress)(libxl_plugin_ctx *pc, const void *in, size_t len, void *out,
                    size_t *outlen);
    int (*decompress)(libxl_plugin_ctx *pc, const void *in, size_t len,
                      void *out, size_t *outlen);
} libxl_plugin_codec_ops;

/* ---- save stream page codec (ABI version 3) ------------------------------ */

/*
 * A page codec encodes the guest pages of a save, migration or checkpoint
 * stream (docs/save-format.md, CODEC and CODEC_PAGES records), usually
 * against what the same stream sent before: each stream has its own state
 * (a cache of pages sent), made by open and released by close.  The
 * stream names the codec, and restoring looks the codec up by that name
 * among the loaded plugins, so several codecs may be installed at once.
 *
 * Pages go in batches of n (1 to LIBXL_PLUGIN_PAGE_CODEC_BATCH_MAX):
 * pfns[i] is the guest frame of page i, pages holds n * 4096 bytes.  A
 * batch of one is the per-page case.  The decoder sees the batches in
 * the order the encoder made them, with the same pfns, so a cache kept
 * on both sides stays the same.
 *
 * decode must treat its input as hostile: it writes nothing outside
 * pages[0, n * 4096), reads nothing past in[in_len), and refuses input
 * that does not decode to exactly n pages with exactly in_len bytes
 * (ERROR_INVAL).
 */
#define LIBXL_HAVE_PLUGIN_PAGE_CODEC       1
#define LIBXL_PLUGIN_PAGE_CODEC_VERSION    1
#define LIBXL_PLUGIN_PAGE_CODEC_BATCH_MAX  512
#define LIBXL_PLUGIN_PAGE_CODEC_PARAMS_MAX 64
#define LIBXL_PLUGIN_PAGE_CODEC_NAME_MAX   31

typedef struct {
    uint32_t version; /* LIBXL_PLUGIN_PAGE_CODEC_VERSION */
    /* The name written into the stream: 1-31 of [a-z0-9-]. */
    const char *name;
    /* The most bytes encode may write for n pages. */
    size_t (*bound)(unsigned n);
    /*
     * A stream's state in *stream.  Encoding (decode false): the codec
     * writes its parameters (up to LIBXL_PLUGIN_PAGE_CODEC_PARAMS_MAX
     * bytes, e.g. its cache size) into params and their size into
     * *params_len; they travel in the stream.  Decoding: params and
     * *params_len are what the stream carries (hostile: check them).
     * 0 or a negative ERROR_*.
     */
    int (*open)(libxl_plugin_ctx *pc, bool decode, uint8_t *params,
                size_t *params_len, void **stream);
    void (*close)(libxl_plugin_ctx *pc, void *stream);
    /* n pages into out (out_size >= bound(n)); *out_len the bytes
     * written.  0 or a negative ERROR_*. */
    int (*encode)(libxl_plugin_ctx *pc, void *stream, unsigned n,
                  const uint64_t *pfns, const void *pages, void *out,
                  size_t out_size, size_t *out_len);
    /* in[0, in_len) into n pages.  0, or ERROR_INVAL for input that is
     * not a batch of n pages this stream's encoder made. */
    int (*decode)(libxl_plugin_ctx *pc, void *stream, unsigned n,
                  const uint64_t *pfns, const void *in, size_t in_len,
                  void *pages);
} libxl_plugin_page_codec_ops;

/* ---- scheduler parameters ------------------------------------------------ */

/* -1 in a field: leave the scheduler's value. */
typedef struct {
    int tslice_ms;
    int ratelimit_us;
} libxl_plugin_sched_pool;

typedef struct {
    int weight;
    int cap;
} libxl_plugin_sched_domain;

/*
 * Called when a cpupool is created (pool) and when a domain is created in
 * a pool (domain); params holds what libxl would set, the plugin changes
 * what it wants.  Either may be NULL.  0 or a negative ERROR_*.
 */
typedef struct {
    int (*pool)(libxl_plugin_ctx *pc, uint32_t poolid, const char *pool,
                const char *scheduler, libxl_plugin_sched_pool *params);
    int (*domain)(libxl_plugin_ctx *pc, const libxl_plugin_guest *guest,
                  const char *scheduler, libxl_plugin_sched_domain *params);
} libxl_plugin_sched_ops;

/* ---- PCI assignment ------------------------------------------------------ */

typedef struct {
    uint16_t seg;
    uint8_t bus, dev, func;
    uint32_t vdevfn; /* the guest's slot/function, 0 for the first free */
} libxl_plugin_pci_dev;

/*
 * assign: before the device is given to domid (after pciback holds it);
 * release: after it is taken back.  0 or a negative ERROR_*; an assign
 * failing stops the assignment.
 */
typedef struct {
    int (*assign)(libxl_plugin_ctx *pc, uint32_t domid,
                  const libxl_plugin_pci_dev *dev);
    int (*release)(libxl_plugin_ctx *pc, uint32_t domid,
                   const libxl_plugin_pci_dev *dev);
} libxl_plugin_pci_ops;

/* ---- device setup -------------------------------------------------------- */

typedef struct {
    uint32_t domid;
    const char *kind; /* "vif", "vbd", "pci", "console", ... */
    uint32_t devid;
    uint32_t backend_domid;
    const char *backend_path;  /* xenstore */
    const char *frontend_path; /* xenstore */
} libxl_plugin_device;

/*
 * before: the backend is written to xenstore, the hotplug script has not
 * run; failing stops the device.  after: the device is connected (rc 0)
 * or failed (rc < 0).  Either may be NULL.  0 or a negative ERROR_*.
 */
typedef struct {
    int (*before)(libxl_plugin_ctx *pc, const libxl_plugin_device *dev);
    int (*after)(libxl_plugin_ctx *pc, const libxl_plugin_device *dev, int rc);
} libxl_plugin_device_ops;

/* ---- config importer (ABI 3) -----------------------------------------------
 */

/*
 * Reads a domain configuration written for another toolstack and writes
 * the xl.cfg(5) text that means the same.  xl create asks every loaded
 * importer, in name order, whether a file that is not xl.cfg is theirs
 * (probe); xl config-convert --from FORMAT asks the one of that format.
 *
 * probe: 1 when data[0..len) is in the importer's format, else 0; quick,
 * no messages.  convert: 0 with *cfg the xl.cfg text and *messages the
 * warnings (NULL: none), or a negative ERROR_* with *messages the error;
 * both malloc'd, NUL-terminated, freed by libxl.  A message is one line,
 * "SOURCE:LINE: warning: ..." (or "SOURCE:LINE:COLUMN: ..." for an
 * error), source being the name convert is given for the input.
 */
typedef struct {
    const char *format;      /* its name for --from ("libvirt") */
    const char *description; /* "libvirt domain XML" */
    int (*probe)(libxl_plugin_ctx *pc, const void *data, size_t len);
    int (*convert)(libxl_plugin_ctx *pc, const char *source, const void *data,
                   size_t len, char **cfg, char **messages);
} libxl_plugin_import_ops;

/* ---- the descriptor ------------------------------------------------------ */

typedef struct {
    uint32_t abi_version; /* LIBXL_PLUGIN_ABI_VERSION; first, always */
    const char *name;     /* unique among the loaded plugins */
    const char *description;
    /* NULL-terminated: the .conf keys the plugin accepts (NULL: none) */
    const char *const *keys;
    /* init: 0 or a negative ERROR_* (the plugin stays unloaded); may set
     * pc->state.  fini: before unloading.  Either may be NULL. */
    int (*init)(libxl_plugin_ctx *pc);
    void (*fini)(libxl_plugin_ctx *pc);

    const libxl_plugin_placement_ops *placement;
    const libxl_plugin_codec_ops *codec;
    const libxl_plugin_sched_ops *sched;
    const libxl_plugin_pci_ops *pci;
    const libxl_plugin_device_ops *device;
    /* From ABI version 3 on (absent in a version 2 descriptor). */
    const libxl_plugin_page_codec_ops *page_codec;
    const libxl_plugin_import_ops *import;
} libxl_plugin_descriptor;

/* Opens a plugin's descriptor definition (see the top of this file). */
#define LIBXL_PLUGIN_DEFINE                           \
    extern const libxl_plugin_descriptor libxl_plugin \
        __attribute__((visibility("default")));       \
    const libxl_plugin_descriptor libxl_plugin

/* ---- what is loaded ------------------------------------------------------ */

typedef enum {
    LIBXL_PLUGIN_STATE_LOADED = 0,
    LIBXL_PLUGIN_STATE_DISABLED, /* enabled = 0 */
    LIBXL_PLUGIN_STATE_FAILED,
} libxl_plugin_state;

typedef struct {
    char *name;           /* the descriptor's name; the .conf's when unknown */
    char *conf;           /* the .conf file */
    char *file;           /* the shared object; NULL when the .conf has none */
    uint32_t abi_version; /* 0 when unknown */
    uint32_t hooks;       /* 1u << libxl_plugin_hook */
    libxl_plugin_state state;
    bool on_error_continue;
    char *error; /* FAILED: why, one line */
} libxl_plugin_info;

/*
 * Every .conf in the plugins directory, in name order, with what became of
 * it (loading the plugins first if this context has not yet).  Returns 0
 * and an array of *nr (free it with libxl_plugin_info_list_free), or
 * ERROR_FAIL when the directory cannot be read.
 */
LIBXL_EXPORT int libxl_plugin_list(libxl_ctx *ctx, libxl_plugin_info **list,
                                   int *nr);
LIBXL_EXPORT void libxl_plugin_info_list_free(libxl_plugin_info *list, int nr);

/* ---- importing a configuration (LIBXL_HAVE_CONFIG_IMPORT) ---------------- */

typedef struct {
    char *importer; /* the plugin's name */
    char *format;   /* its format ("libvirt") */
    char *cfg;      /* the xl.cfg text (0: converted) */
    char *messages; /* warnings, or the error; one per line; NULL: none */
} libxl_config_import_result;

/*
 * Converts data[0..len), named source in messages, to xl.cfg text with
 * the first loaded importer plugin whose probe claims it (format NULL),
 * or with the importer of that format.  0: converted (result->cfg);
 * ERROR_NOTFOUND: no loaded importer claims it / has that format (nothing
 * logged); another negative ERROR_*: the importer failed (its error in
 * result->messages), or a plugin that may import failed to load with
 * on_error = "stop" (logged).  Dispose the result whatever the outcome.
 */
LIBXL_EXPORT int libxl_config_import(libxl_ctx *ctx, const char *format,
                                     const char *source, const void *data,
                                     size_t len,
                                     libxl_config_import_result *result);
LIBXL_EXPORT void
libxl_config_import_result_dispose(libxl_config_import_result *result);

#endif
