/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: information and tuning: domain lists, host information, vCPUs,
 * memory, schedulers, cpupools (lib/info*.c, lib/sched*.c,
 * lib/cpupool*.c).  Included by libxl.h.  Names and semantics are Xen's
 * libxl ones.
 */
#ifndef LIBXL_INFO_H
#define LIBXL_INFO_H

#include "libxl.h"

/* ---- domains ------------------------------------------------------------ */

/* 0 with *domid set, or ERROR_INVAL when no domain has that name. */
LIBXL_EXPORT int libxl_name_to_domid(libxl_ctx *ctx, const char *name,
                                     uint32_t *domid);
/* The name in xenstore (malloc'd), or NULL when the domain has none. */
LIBXL_EXPORT char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid);
/* A number is taken as a domain id (not checked), anything else as a
 * name.  0 or ERROR_INVAL. */
LIBXL_EXPORT int libxl_domain_qualifier_to_domid(libxl_ctx *ctx,
                                                 const char *name,
                                                 uint32_t *domid);

/* One domain (info_r may be NULL just to test it exists): 0,
 * ERROR_DOMAIN_NOTFOUND or ERROR_FAIL. */
LIBXL_EXPORT int libxl_domain_info(libxl_ctx *ctx, libxl_dominfo *info_r,
                                   uint32_t domid);
/* Every domain, by id; NULL on failure (logged).  Free with
 * libxl_dominfo_list_free. */
LIBXL_EXPORT libxl_dominfo *libxl_list_domain(libxl_ctx *ctx,
                                              int *nb_domain_out);
LIBXL_EXPORT void libxl_dominfo_list_free(libxl_dominfo *list, int nb_domain);
/* Every domain but device-model stub domains (Xenith starts none), dom0
 * included, with its uuid. */
LIBXL_EXPORT libxl_vminfo *libxl_list_vm(libxl_ctx *ctx, int *nb_vm_out);
LIBXL_EXPORT void libxl_vminfo_list_free(libxl_vminfo *list, int nb_vm);
/* The domain's start time (seconds since the epoch, from
 * /vm/UUID/start_time), or (uint32_t)-1 (logged). */
LIBXL_EXPORT uint32_t libxl_vm_get_start_time(libxl_ctx *ctx, uint32_t domid);

/* ---- the host ------------------------------------------------------------ */

LIBXL_EXPORT int libxl_get_physinfo(libxl_ctx *ctx, libxl_physinfo *physinfo);
/* Kept in the context; NULL on failure (logged). */
LIBXL_EXPORT const libxl_version_info *libxl_get_version_info(libxl_ctx *ctx);
/* Highest CPU / node number + 1, online CPUs; negative ERROR_* on failure. */
LIBXL_EXPORT int libxl_get_max_cpus(libxl_ctx *ctx);
LIBXL_EXPORT int libxl_get_online_cpus(libxl_ctx *ctx);
LIBXL_EXPORT int libxl_get_max_nodes(libxl_ctx *ctx);
/* The default pool's scheduler; negative ERROR_* on failure. */
LIBXL_EXPORT libxl_scheduler libxl_get_scheduler(libxl_ctx *ctx);

#define LIBXL_CPUTOPOLOGY_INVALID_ENTRY (~(uint32_t)0)
LIBXL_EXPORT libxl_cputopology *libxl_get_cpu_topology(libxl_ctx *ctx,
                                                       int *nb_cpu_out);
LIBXL_EXPORT void libxl_cputopology_list_free(libxl_cputopology *list,
                                              int nb_cpu);
#define LIBXL_NUMAINFO_INVALID_ENTRY (~(uint64_t)0)
LIBXL_EXPORT libxl_numainfo *libxl_get_numainfo(libxl_ctx *ctx, int *nr);
LIBXL_EXPORT void libxl_numainfo_list_free(libxl_numainfo *list, int nr);

/*
 * The hypervisor's console ring (xl dmesg): start, then read_line until
 * it returns 0 (1: *line_r points at a line, valid until the next call;
 * negative: ERROR_*), then finish.  clear empties the ring after reading.
 */
typedef struct libxl__xen_console_reader libxl_xen_console_reader;
LIBXL_EXPORT libxl_xen_console_reader *
libxl_xen_console_read_start(libxl_ctx *ctx, int clear);
LIBXL_EXPORT int libxl_xen_console_read_line(libxl_ctx *ctx,
                                             libxl_xen_console_reader *cr,
                                             char **line_r);
LIBXL_EXPORT void libxl_xen_console_read_finish(libxl_ctx *ctx,
                                                libxl_xen_console_reader *cr);

/* The keys as if typed on the hypervisor's console.  0 or ERROR_FAIL. */
LIBXL_EXPORT int libxl_send_debug_keys(libxl_ctx *ctx, char *keys);

/* ---- vCPUs -------------------------------------------------------------- */

/* Every vCPU of domid with its state and affinities; *nr_cpus_out gets
 * the host's CPU count (the affinity maps' size).  NULL on failure. */
LIBXL_EXPORT libxl_vcpuinfo *libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid,
                                             int *nr_vcpus_out,
                                             int *nr_cpus_out);
LIBXL_EXPORT void libxl_vcpuinfo_list_free(libxl_vcpuinfo *list, int nr_vcpus);
/* Hard and/or soft affinity (NULL: leave it). */
LIBXL_EXPORT int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid,
                                        uint32_t vcpuid,
                                        const libxl_bitmap *cpumap_hard,
                                        const libxl_bitmap *cpumap_soft);
/* Every vCPU of the domain. */
LIBXL_EXPORT int libxl_set_vcpuaffinity_all(libxl_ctx *ctx, uint32_t domid,
                                            unsigned int max_vcpus,
                                            const libxl_bitmap *cpumap_hard,
                                            const libxl_bitmap *cpumap_soft);
/*
 * Which vCPUs the guest should have online: cpu/N/availability in
 * xenstore ("online"/"offline"), which a PV guest acts on.  A bit beyond
 * the domain's maximum is ERROR_INVAL.
 */
LIBXL_EXPORT int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid,
                                      libxl_bitmap *cpumap,
                                      const libxl_asyncop_how *ao_how);

/* ---- memory ------------------------------------------------------------- */

/* The balloon target (memory/target, KiB): relative adds to the current
 * one; enforce also sets the hypervisor's maximum (plus the slack the
 * domain was created with). */
LIBXL_EXPORT int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                                         int64_t target_memkb, int relative,
                                         int enforce);
LIBXL_EXPORT int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                                         uint64_t *out_target);
/* The hypervisor's maximum for the domain (memory/static-max too); it
 * may not go below the current target. */
LIBXL_EXPORT int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid,
                                        uint64_t target_memkb);

/* ---- schedulers -----------------------------------------------------------
 */

/* The credit scheduler's weight and cap of a domain.  scinfo->sched
 * names the scheduler (UNKNOWN: the domain's pool's). */
LIBXL_EXPORT int libxl_domain_sched_params_get(libxl_ctx *ctx, uint32_t domid,
                                               libxl_domain_sched_params *p);
/* Fields left at their _DEFAULT values are not changed.  weight 1-65535,
 * cap 0 (none) upwards. */
LIBXL_EXPORT int
libxl_domain_sched_params_set(libxl_ctx *ctx, uint32_t domid,
                              const libxl_domain_sched_params *p);
/* The credit scheduler's pool-wide parameters: tslice 1-1000 ms,
 * ratelimit 0 or 100-500000 us and not above the tslice. */
LIBXL_EXPORT int libxl_sched_credit_params_get(libxl_ctx *ctx, uint32_t poolid,
                                               libxl_sched_credit_params *p);
LIBXL_EXPORT int libxl_sched_credit_params_set(libxl_ctx *ctx, uint32_t poolid,
                                               libxl_sched_credit_params *p);

/* ---- cpupools -------------------------------------------------------------
 */

LIBXL_EXPORT libxl_cpupoolinfo *libxl_list_cpupool(libxl_ctx *ctx,
                                                   int *nb_pool_out);
LIBXL_EXPORT void libxl_cpupoolinfo_list_free(libxl_cpupoolinfo *list,
                                              int nb_pool);
/* 0, ERROR_NOTFOUND, ERROR_FAIL. */
LIBXL_EXPORT int libxl_cpupool_info(libxl_ctx *ctx, libxl_cpupoolinfo *info,
                                    uint32_t poolid);
/* *poolid: in, the wanted id or LIBXL_CPUPOOL_POOLID_ANY; out, the id.
 * The name goes to /local/pool/ID/name; the CPUs are moved in from the
 * free ones. */
#define LIBXL_CPUPOOL_POOLID_ANY 0xFFFFFFFFu
LIBXL_EXPORT int libxl_cpupool_create(libxl_ctx *ctx, const char *name,
                                      libxl_scheduler sched,
                                      libxl_bitmap cpumap, libxl_uuid *uuid,
                                      uint32_t *poolid);
/* The pool must have no domains; its CPUs become free. */
LIBXL_EXPORT int libxl_cpupool_destroy(libxl_ctx *ctx, uint32_t poolid);
LIBXL_EXPORT int libxl_cpupool_rename(libxl_ctx *ctx, const char *name,
                                      uint32_t poolid);
LIBXL_EXPORT int libxl_cpupool_cpuadd(libxl_ctx *ctx, uint32_t poolid, int cpu);
LIBXL_EXPORT int libxl_cpupool_cpuadd_cpumap(libxl_ctx *ctx, uint32_t poolid,
                                             const libxl_bitmap *cpumap);
/* Every free CPU of node; *cpus gets how many were added. */
LIBXL_EXPORT int libxl_cpupool_cpuadd_node(libxl_ctx *ctx, uint32_t poolid,
                                           int node, int *cpus);
LIBXL_EXPORT int libxl_cpupool_cpuremove(libxl_ctx *ctx, uint32_t poolid,
                                         int cpu);
LIBXL_EXPORT int libxl_cpupool_cpuremove_cpumap(libxl_ctx *ctx, uint32_t poolid,
                                                const libxl_bitmap *cpumap);
LIBXL_EXPORT int libxl_cpupool_cpuremove_node(libxl_ctx *ctx, uint32_t poolid,
                                              int node, int *cpus);
LIBXL_EXPORT int libxl_cpupool_movedomain(libxl_ctx *ctx, uint32_t poolid,
                                          uint32_t domid);
/* The CPUs in no pool (allocates cpumap). */
LIBXL_EXPORT int libxl_get_freecpus(libxl_ctx *ctx, libxl_bitmap *cpumap);
/* Names: /local/pool/ID/name ("Pool-N" for a pool without one). */
LIBXL_EXPORT char *libxl_cpupoolid_to_name(libxl_ctx *ctx, uint32_t poolid);
LIBXL_EXPORT int libxl_name_to_cpupoolid(libxl_ctx *ctx, const char *name,
                                         uint32_t *poolid);
LIBXL_EXPORT int libxl_cpupoolid_is_valid(libxl_ctx *ctx, uint32_t poolid);
/* A number or a name; *was_name_r (may be NULL) says which.  0 or
 * ERROR_NOTFOUND. */
LIBXL_EXPORT int libxl_cpupool_qualifier_to_cpupoolid(libxl_ctx *ctx,
                                                      const char *p,
                                                      uint32_t *poolid_r,
                                                      int *was_name_r);

#endif
