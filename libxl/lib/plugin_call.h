/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Where libxl hands work to a plugin (lib/plugin_call.c): the scheduler
 * and device hooks, called by domain creation, cpupool creation and the
 * device code, and the config importers (libxl_config_import, public in
 * libxl_plugin.h).  NUMA placement calls its hook itself
 * (lib/domain_create_placement.c), as it owns the topology.
 *
 * Each returns 0 when the plugin did its part or when there is none (the
 * built-in behaviour applies), or the error of a plugin that failed with
 * on_error = "stop" (logged).
 */
#ifndef LIBXL_PLUGIN_CALL_H
#define LIBXL_PLUGIN_CALL_H

#include "device.h"
#include "internal.h"

/* The guest as the hooks see it (strings from gc). */
void libxl__plugin_guest_of(libxl__gc *gc, uint32_t domid,
                            const libxl_domain_config *cfg,
                            libxl_plugin_guest *g);

/* Weight and cap for a new domain on scheduler sched_id (XEN_SCHEDULER_*):
 * *weight and *cap hold what the configuration asks (weight <= 0, cap < 0:
 * the scheduler's default) and get what the plugin wants. */
int libxl__plugin_sched_domain(libxl__gc *gc, const libxl_plugin_guest *g,
                               uint32_t sched_id, int *weight, int *cap);

/* A new cpupool: applies the plugin's time slice and rate limit. */
int libxl__plugin_sched_pool(libxl__gc *gc, uint32_t poolid, const char *name,
                             uint32_t sched_id);

/* A device's backend keys are written (before) / it connected or failed
 * (after, with the outcome rc).  A failing before stops the device. */
int libxl__plugin_device_before(libxl__gc *gc, const libxl__device *dev);
void libxl__plugin_device_after(libxl__gc *gc, const libxl__device *dev,
                                int rc);

#endif
