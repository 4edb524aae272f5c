/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl shutdown / xl reboot [-a] [-w[w]] [-F] <-a|Domain>: ask the guest(s)
 * through the PV control interface, then with -w wait until each has
 * shut down (or, with -ww, until each is destroyed).
 */
#include <getopt.h>
#include <stdio.h>

#include "xl_ops.h"
#include "xl_shutdown.h"

static void request(bool reboot, uint32_t domid, bool fallback,
                    libxl_evgen_domain_death **deathw, libxl_ev_user user)
{
    int rc;

    fprintf(stderr, "%s domain %u\n", reboot ? "Rebooting" : "Shutting down",
            domid);
    rc = reboot ? libxl_domain_reboot(ctx, domid, NULL)
                : libxl_domain_shutdown(ctx, domid, NULL);
    if (rc == ERROR_NOPARAVIRT) {
        if (fallback)
            fprintf(stderr,
                    "PV control interface not available: ACPI %s "
                    "events are not supported here (no HVM "
                    "guests).\n",
                    reboot ? "reset" : "power button");
        else
            fprintf(stderr,
                    "PV control interface not available: external graceful "
                    "%s not possible.\nUse \"-F\" to fallback to ACPI %s "
                    "event.\n",
                    reboot ? "reboot" : "shutdown", reboot ? "reset" : "power");
    }
    if (rc) {
        fprintf(stderr, "%s failed (rc=%d)\n", reboot ? "reboot" : "shutdown",
                rc);
        exit(EXIT_FAILURE);
    }
    if (deathw) {
        rc = libxl_evenable_domain_death(ctx, domid, user, deathw);
        if (rc) {
            fprintf(stderr, "wait for death failed (evgen, rc=%d)\n", rc);
            exit(EXIT_FAILURE);
        }
    }
}

static void wait_deaths(libxl_evgen_domain_death **deathws, int nr,
                        bool shutdown_is_enough)
{
    int count = 0;

    fprintf(stderr, "Waiting for %d domains\n", nr);
    while (count < nr) {
        libxl_event *ev;
        int rc = libxl_event_wait(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL);

        if (rc) {
            fprintf(stderr, "Failed to get event, quitting (rc=%d)\n", rc);
            exit(EXIT_FAILURE);
        }
        switch (ev->type) {
        case LIBXL_EVENT_TYPE_DOMAIN_DEATH:
            fprintf(stderr, "Domain %u has been destroyed\n", ev->domid);
            libxl_evdisable_domain_death(ctx, deathws[ev->for_user]);
            deathws[ev->for_user] = NULL;
            count++;
            break;
        case LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN:
            fprintf(stderr, "Domain %u has been shut down, reason code %d\n",
                    ev->domid, ev->u.domain_shutdown.shutdown_reason);
            if (shutdown_is_enough) {
                libxl_evdisable_domain_death(ctx, deathws[ev->for_user]);
                deathws[ev->for_user] = NULL;
                count++;
            } else {
                fprintf(stderr, "Domain %u continue waiting for death\n",
                        ev->domid);
            }
            break;
        default:
            fprintf(stderr, "Unexpected event type %d\n", ev->type);
            break;
        }
        libxl_event_free(ctx, ev);
    }
}

int xl_shutdown_or_reboot(bool reboot, int argc, char **argv)
{
    static const struct option opts[] = { { "all", 0, NULL, 'a' },
                                          { "wait", 0, NULL, 'w' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char *what = reboot ? "reboot" : "shutdown";
    bool all = false, fallback = false;
    int opt, wait = 0;

    while ((opt = xl_getopt(argc, argv, "awF", opts, what, 0)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'a':
            all = true;
            break;
        case 'w':
            wait++;
            break;
        case 'F':
            fallback = true;
            break;
        }
    }
    if (optind >= argc && !all) {
        fprintf(stderr, "You must specify -a or a domain id.\n\n");
        return EXIT_FAILURE;
    }
    if (all) {
        libxl_evgen_domain_death **deathws = NULL;
        libxl_dominfo *info;
        int n, nr = 0;

        info = libxl_list_domain(ctx, &n);
        if (!info) {
            fprintf(stderr, "libxl_list_domain failed.\n");
            return EXIT_FAILURE;
        }
        if (wait)
            deathws = calloc(n ? n : 1, sizeof(*deathws));
        for (int i = 0; i < n; i++) {
            if (info[i].domid == 0 || info[i].never_stop)
                continue;
            request(reboot, info[i].domid, fallback,
                    deathws ? &deathws[i] : NULL, (libxl_ev_user)i);
            nr++;
        }
        if (deathws)
            wait_deaths(deathws, nr, wait == 1);
        free(deathws);
        libxl_dominfo_list_free(info, n);
    } else {
        libxl_evgen_domain_death *deathw = NULL;
        uint32_t domid = xl_domain_or_exit(argv[optind]);

        request(reboot, domid, fallback, wait ? &deathw : NULL, 0);
        if (wait)
            wait_deaths(&deathw, 1, wait == 1);
    }
    return EXIT_SUCCESS;
}
