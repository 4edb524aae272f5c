/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl cpupool-create [-f FILE] [-n] [<ConfigFile>] [KEY=VALUE...]: a pool
 * from an xlcpupool.cfg(5) file and/or settings on the command line:
 * name (default: the file's name), sched (default: the host's), cpus
 * (a list or a range string, free CPUs only) or nodes (every free CPU of
 * those NUMA nodes).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libxlutil.h"
#include "xl_cpupool.h"

/* The configuration text: the file, then each KEY=VALUE on its line. */
static char *config_text(const char *file, char **extra, int n_extra)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);

    if (!m)
        return NULL;
    if (file) {
        FILE *f = fopen(file, "r");
        int c;

        if (!f) {
            fprintf(stderr, "Failed to read config file: %s: %s\n", file,
                    strerror(errno));
            fclose(m);
            free(text);
            return NULL;
        }
        while ((c = fgetc(f)) != EOF)
            fputc(c, m);
        fclose(f);
    }
    for (int i = 0; i < n_extra; i++)
        fprintf(m, "\n%s\n", extra[i]);
    fclose(m);
    return text;
}

/* The CPUs asked for: 0 or -1 after a message. */
static int pick_cpus(XLU_Config *cfg, const libxl_bitmap *freemap,
                     libxl_bitmap *cpumap, int *n_cpus)
{
    XLU_ConfigList *list;
    const char *s;

    *n_cpus = 0;
    if (!xlu_cfg_get_list(cfg, "nodes", &list, NULL, 0)) {
        libxl_cputopology *t;
        int nr;

        t = libxl_get_cpu_topology(ctx, &nr);
        if (!t) {
            fprintf(stderr, "libxl_get_topologyinfo failed\n");
            return -1;
        }
        for (int j = 0; (s = xlu_cfg_get_listitem(list, j)); j++)
            for (int i = 0; i < nr; i++)
                if (t[i].node == (uint32_t)atoi(s) &&
                    libxl_bitmap_test(freemap, i)) {
                    libxl_bitmap_set(cpumap, i);
                    (*n_cpus)++;
                }
        libxl_cputopology_list_free(t, nr);
        if (!*n_cpus) {
            fprintf(stderr, "no free cpu found\n");
            return -1;
        }
        return 0;
    }
    if (!xlu_cfg_get_list(cfg, "cpus", &list, NULL, 1)) {
        for (int j = 0; (s = xlu_cfg_get_listitem(list, j)); j++) {
            int i = atoi(s);
            if (i < 0 || !libxl_bitmap_test(freemap, i)) {
                fprintf(stderr, "cpu %d illegal or not free\n", i);
                return -1;
            }
            libxl_bitmap_set(cpumap, i);
            (*n_cpus)++;
        }
        return 0;
    }
    if (!xlu_cfg_get_string(cfg, "cpus", &s, 0)) {
        if (xlu_cpurange_parse(cfg, xlu_cfg_value_pos(cfg, "cpus"), s, cpumap,
                               NULL, 0))
            return -1;
        for (int i = 0; i < (int)cpumap->size * 8; i++) {
            if (!libxl_bitmap_test(cpumap, i))
                continue;
            if (!libxl_bitmap_test(freemap, i)) {
                fprintf(stderr, "cpu %d illegal or not free\n", i);
                return -1;
            }
            (*n_cpus)++;
        }
    }
    return 0;
}

static int create(XLU_Config *cfg, const char *file, const char *src,
                  bool dryrun)
{
    libxl_bitmap freemap, cpumap;
    libxl_scheduler sched;
    char *name = NULL;
    uint32_t poolid;
    libxl_uuid uuid;
    const char *s;
    int n_cpus, rc = EXIT_FAILURE;

    libxl_bitmap_init(&freemap);
    libxl_bitmap_init(&cpumap);
    if (!xlu_cfg_get_string(cfg, "name", &s, 0)) {
        name = strdup(s);
    } else if (file) {
        const char *b = strrchr(file, '/');
        name = strdup(b ? b + 1 : file);
    } else {
        fprintf(stderr, "Missing cpupool name!\n");
        goto out;
    }
    if (!libxl_name_to_cpupoolid(ctx, name, &poolid)) {
        fprintf(stderr, "Pool name \"%s\" already exists\n", name);
        goto out;
    }
    if (!xlu_cfg_get_string(cfg, "sched", &s, 0)) {
        if (libxl_scheduler_from_string(s, &sched) < 0) {
            fprintf(stderr, "Unknown scheduler\n");
            goto out;
        }
    } else {
        int r = libxl_get_scheduler(ctx);
        if (r < 0) {
            fprintf(stderr, "get_scheduler sysctl failed.\n");
            goto out;
        }
        sched = (libxl_scheduler)r;
    }
    if (libxl_get_freecpus(ctx, &freemap)) {
        fprintf(stderr, "libxl_get_freecpus failed\n");
        goto out;
    }
    if (libxl_cpu_bitmap_alloc(ctx, &cpumap, (int)freemap.size * 8)) {
        fprintf(stderr, "Failed to allocate cpumap\n");
        goto out;
    }
    if (pick_cpus(cfg, &freemap, &cpumap, &n_cpus))
        goto out;
    libxl_uuid_generate(&uuid);
    printf("Using config file \"%s\"\n", src);
    printf("cpupool name:   %s\n", name);
    printf("scheduler:      %s\n", libxl_scheduler_to_string(sched));
    printf("number of cpus: %d\n", n_cpus);
    if (!dryrun) {
        poolid = LIBXL_CPUPOOL_POOLID_ANY;
        if (libxl_cpupool_create(ctx, name, sched, cpumap, &uuid, &poolid)) {
            fprintf(stderr, "error on creating cpupool\n");
            goto out;
        }
    }
    rc = EXIT_SUCCESS;
out:
    free(name);
    libxl_bitmap_dispose(&freemap);
    libxl_bitmap_dispose(&cpumap);
    return rc;
}

static int cpupool_create_main(int argc, char **argv)
{
    static const struct option opts[] = { { "defconfig", 1, NULL, 'f' },
                                          { "dryrun", 0, NULL, 'n' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char *file = NULL, *src;
    char **extra = calloc((size_t)argc + 1, sizeof(*extra)), *text;
    bool dryrun = xl_dryrun;
    int opt, n_extra = 0, rc = EXIT_FAILURE;
    XLU_Config *cfg;

    while ((opt = xl_getopt(argc, argv, "nf:", opts, "cpupool-create", 0)) !=
           -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            free(extra);
            return xl_opt_status;
        case 'f':
            file = optarg;
            break;
        case 'n':
            dryrun = true;
            break;
        }
    }
    for (; optind < argc; optind++) {
        if (strchr(argv[optind], '=')) {
            extra[n_extra++] = argv[optind];
        } else if (!file) {
            file = argv[optind];
        } else {
            xl_usage("cpupool-create");
            free(extra);
            return 2;
        }
    }
    src = file ? file : "command line";
    text = config_text(file, extra, n_extra);
    cfg = text ? xlu_cfg_init(stderr, src) : NULL;
    if (!cfg) {
        if (text)
            fprintf(stderr, "Failed to allocate for configuration\n");
        goto out;
    }
    if (xlu_cfg_readdata(cfg, text, (int)strlen(text))) {
        fprintf(stderr, "Failed to parse config file: %s\n", src);
        goto out;
    }
    rc = create(cfg, file, src, dryrun);
out:
    if (cfg)
        xlu_cfg_destroy(cfg);
    free(text);
    free(extra);
    return rc;
}
XL_COMMAND_NAMED(cpupool_create, "cpupool-create", .fn = cpupool_create_main,
                 .dryrun_ok = true, .modifies = true,
                 .summary = "Create a new CPU pool",
                 .usage = "[options] [<ConfigFile>] [Variable=value ...]",
                 .options = "-h, --help                   Print this help.\n"
                            "-f FILE, --defconfig=FILE    Use the given "
                            "configuration file.\n"
                            "-n, --dryrun                 Dry run - prints the "
                            "resulting configuration.\n"
                            "                              (deprecated in "
                            "favour of global -N option).\n"
                            "\nSee the xlcpupool.cfg(5) manpage for more "
                            "information.");
