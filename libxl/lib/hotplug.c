/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Hotplug scripts, as Xen 4.17's libxl runs them on Linux:
 *
 *   vif:  SCRIPT online|offline type_if=vif
 *   vbd:  SCRIPT add|remove
 *
 * with, added to libxl's environment, script=SCRIPT,
 * XENBUS_TYPE=vif|vbd, XENBUS_PATH=backend/KIND/DOMID/DEVID,
 * XENBUS_BASE_PATH=backend, and for a vif netdev=GATEWAYDEV (or empty)
 * and vif=vifDOMID.DEVID.  stdin is /dev/null; stdout and stderr are
 * collected, and on failure the last lines are part of the one error line.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "device.h"

static int hotplug_timeout_s = LIBXL__HOTPLUG_TIMEOUT;

int libxl__hotplug_timeout(void)
{
    return hotplug_timeout_s;
}

void libxl_hotplug_timeout_set(int seconds)
{
    hotplug_timeout_s = seconds > 0 ? seconds : LIBXL__HOTPLUG_TIMEOUT;
}

char **libxl__hotplug_env(libxl__gc *gc, const libxl__device *dev,
                          const char *script, const char *gatewaydev)
{
    const char *kind = libxl__device_kind_str(dev->kind);
    libxl__kvs env;

    libxl__kvs_init(gc, &env);
    libxl__kvs_add(&env, "script", script);
    libxl__kvs_add(&env, "XENBUS_TYPE", kind);
    libxl__kvs_addf(&env, "XENBUS_PATH", "backend/%s/%" PRIu32 "/%d", kind,
                    dev->domid, dev->devid);
    libxl__kvs_add(&env, "XENBUS_BASE_PATH", "backend");
    if (dev->kind == LIBXL__DEVICE_KIND_VIF) {
        libxl__kvs_add(&env, "netdev", gatewaydev ? gatewaydev : "");
        libxl__kvs_addf(&env, "vif", "vif%" PRIu32 ".%d", dev->domid,
                        dev->devid);
    }
    return env.v;
}

char **libxl__hotplug_args(libxl__gc *gc, const libxl__device *dev,
                           const char *script, bool add)
{
    char **argv = libxl__zalloc(gc, 4 * sizeof(char *));

    argv[0] = libxl__strdup(gc, script);
    if (dev->kind == LIBXL__DEVICE_KIND_VIF) {
        argv[1] = add ? "online" : "offline";
        argv[2] = "type_if=vif";
    } else {
        argv[1] = add ? "add" : "remove";
    }
    return argv;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

extern char **environ;

/*
 * The child's environment: ours with the additions replacing what they
 * name.  Built before fork, so the child only calls async-signal-safe
 * functions (libxl may have other threads).
 */
static char **make_envp(char *const *add)
{
    size_t n = 0, na = 0, k = 0;
    char **envp;

    while (environ && environ[n])
        n++;
    while (add && add[na] && add[na + 1])
        na += 2;
    envp = calloc(n + na / 2 + 1, sizeof(char *));
    if (!envp)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        bool replaced = false;
        for (size_t j = 0; j < na && !replaced; j += 2) {
            size_t l = strlen(add[j]);
            replaced = !strncmp(environ[i], add[j], l) && environ[i][l] == '=';
        }
        if (!replaced)
            envp[k++] = environ[i];
    }
    for (size_t j = 0; j < na; j += 2)
        if (asprintf(&envp[k], "%s=%s", add[j], add[j + 1]) >= 0)
            k++;
    return envp;
}

static void free_envp(char **envp, char *const *add)
{
    size_t na = 0, n = 0;

    if (!envp)
        return;
    while (add && add[na] && add[na + 1])
        na += 2;
    while (envp[n])
        n++;
    for (size_t i = n - na / 2; i < n; i++)
        free(envp[i]);
    free(envp);
}

static void child(char *const *argv, char **envp, int out)
{
    static const char msg[] = "cannot run the hotplug script\n";
    int null = open("/dev/null", O_RDONLY);

    setpgid(0, 0);
    if (null >= 0)
        dup2(null, 0);
    dup2(out, 1);
    dup2(out, 2);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    execve(argv[0], argv, envp);
    if (write(2, msg, sizeof(msg) - 1) < 0)
        _exit(127);
    _exit(127);
}

/* Keeps the last errlen - 1 bytes of what the script wrote. */
static void keep_tail(char *buf, size_t cap, size_t *len, const char *data,
                      size_t n)
{
    if (cap < 2)
        return;
    if (n >= cap - 1) {
        data += n - (cap - 1);
        n = cap - 1;
    }
    if (*len + n > cap - 1) {
        size_t drop = *len + n - (cap - 1);
        memmove(buf, buf + drop, *len - drop);
        *len -= drop;
    }
    memcpy(buf + *len, data, n);
    *len += n;
    buf[*len] = 0;
}

int libxl__hotplug_exec(char *const *argv, char *const *env, int timeout_s,
                        char *errbuf, size_t errlen)
{
    int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
    size_t len = 0;
    int fds[2], status = -1;
    bool timed_out = false;
    pid_t pid;

    if (errlen)
        errbuf[0] = 0;
    char **envp = make_envp(env);

    if (!envp)
        return -1;
    if (pipe2(fds, O_CLOEXEC) < 0) {
        free_envp(envp, env);
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        free_envp(envp, env);
        return -1;
    }
    if (pid == 0)
        child(argv, envp, fds[1]);
    close(fds[1]);
    free_envp(envp, env);
    for (;;) {
        struct pollfd p = { .fd = fds[0], .events = POLLIN };
        int64_t left = deadline - now_ms();
        char chunk[512];
        ssize_t n;

        if (left <= 0) {
            timed_out = true;
            break;
        }
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        n = read(fds[0], chunk, sizeof(chunk));
        if (n <= 0)
            break;
        keep_tail(errbuf, errlen, &len, chunk, (size_t)n);
    }
    close(fds[0]);
    if (timed_out)
        kill(-pid, SIGKILL);
    /* The script closed its output; it may still be exiting. */
    while (!timed_out && now_ms() < deadline) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0)
            return -1;
        usleep(10000);
    }
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
    errno = ETIMEDOUT;
    return -1;
}

/* The last lines of out, on one line ("a | b"). */
static char *tail_lines(libxl__gc *gc, const char *out, int max)
{
    char *s = libxl__strdup(gc, out), *p;
    int lines = 0;

    while (*s && s[strlen(s) - 1] == '\n')
        s[strlen(s) - 1] = 0;
    for (p = s + strlen(s); p > s; p--)
        if (p[-1] == '\n' && ++lines == max)
            break;
    for (char *q = p; *q; q++)
        if (*q == '\n')
            *q = '|';
    return p;
}

int libxl__hotplug_run(libxl__gc *gc, const libxl__device *dev, bool add)
{
    char *be = libxl__device_backend_path(gc, dev);
    char *script, *gw = NULL, **argv, **env, *herr;
    char out[1024];
    int status;

    if (dev->kind != LIBXL__DEVICE_KIND_VIF &&
        dev->kind != LIBXL__DEVICE_KIND_VBD)
        return 0;
    script = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/script", be));
    if (!script) {
        LOG(ERROR, "%s: no script in %s", libxl__device_describe(gc, dev), be);
        return ERROR_FAIL;
    }
    if (dev->kind == LIBXL__DEVICE_KIND_VIF)
        gw = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/gatewaydev", be));
    argv = libxl__hotplug_args(gc, dev, script, add);
    env = libxl__hotplug_env(gc, dev, script, gw);
    LOG(DEBUG, "running %s %s", argv[0], argv[1]);
    status = libxl__hotplug_exec(argv, env, libxl__hotplug_timeout(), out,
                                 sizeof(out));
    if (status == 0)
        return 0;
    herr = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/hotplug-error", be));
    if (status < 0 && errno == ETIMEDOUT)
        LOG(ERROR, "%s: %s %s did not finish in %d s and was killed%s%s",
            libxl__device_describe(gc, dev), argv[0], argv[1],
            libxl__hotplug_timeout(), *out ? ": " : "",
            *out ? tail_lines(gc, out, 3) : "");
    else if (status < 0)
        LOGE(ERROR, "%s: cannot run %s", libxl__device_describe(gc, dev),
             argv[0]);
    else
        LOG(ERROR, "%s: %s %s %s %d: %s%s%s", libxl__device_describe(gc, dev),
            argv[0], argv[1],
            WIFEXITED(status) ? "exited with status" : "killed by signal",
            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
            herr ? herr : "", herr && *out ? "; its output: " : "",
            *out   ? tail_lines(gc, out, 3)
            : herr ? ""
                   : "(no output)");
    return ERROR_FAIL;
}
