/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_version (hypercall 17).  Xenith reports the Xen interface version it
 * implements (4.17) so guests enable the matching features; the extra
 * version string names Xenith.  Sub-ops:
 *   0 version            (major << 16) | minor, no argument
 *   1 extraversion       16-byte string
 *   3 capabilities       1024-byte string ("xen-3.0-x86_64")
 *   4 changeset          64-byte string
 *   2 compile_info       compiler and builder (144 bytes; no date, so
 *                        that images are reproducible)
 *   5 platform_parameters  start of the hypervisor's virtual range
 *   7 pagesize           4096
 * Returns 0 (or the value above), -EFAULT for a bad buffer, -ENOSYS for
 * other sub-ops (get_features, guest_handle, commandline and build_id
 * need the caller's domain: do_xen_version_pv in hypercall_misc.c).
 */
#include <public/version.h>
#include <public/xen.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>

#ifdef __clang__
#define XENITH_COMPILER "clang " __clang_version__
#else
#define XENITH_COMPILER "gcc " __VERSION__
#endif

static long copy_string(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size);
}

/* The ELF note the linker wrote (xenith.lds.S): its descriptor. */
extern const char __note_gnu_build_id_start[], __note_gnu_build_id_end[];

int xenith_build_id(const void **id, unsigned int *len)
{
    const uint32_t *n = (const uint32_t *)__note_gnu_build_id_start;
    size_t size = (size_t)(__note_gnu_build_id_end - __note_gnu_build_id_start);

    /* namesz, descsz, type 3 (NT_GNU_BUILD_ID), "GNU\0", descriptor. */
    if (size < 16 || n[0] != 4 || n[2] != 3 || 16 + (size_t)n[1] > size ||
        !n[1])
        return -ENODATA;
    *id = (const char *)n + 16;
    *len = n[1];
    return 0;
}

long do_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
                    unsigned long a4, unsigned long a5)
{
    xen_platform_parameters_t pp;

    switch (cmd) {
    case XENVER_version:
        return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
    case XENVER_extraversion:
        return copy_string(arg, ".0-xenith", XEN_EXTRAVERSION_LEN);
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64", XEN_CAPABILITIES_INFO_LEN);
    case XENVER_compile_info: {
        xen_compile_info_t ci;

        memset(&ci, 0, sizeof(ci));
        strlcpy(ci.compiler, XENITH_COMPILER, sizeof(ci.compiler));
        strlcpy(ci.compile_by, "xenith", sizeof(ci.compile_by));
        strlcpy(ci.compile_domain, "", sizeof(ci.compile_domain));
        /* No date: the image must not depend on when it was built (the
         * .deb and the RPM carry the same hypervisor). */
        return copy_to_guest(arg, &ci, sizeof(ci));
    }
    case XENVER_changeset:
        return copy_string(arg, "Xenith " XENITH_VERSION,
                           sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
        pp.virt_start = HYPERVISOR_VIRT_START;
        return copy_to_guest(arg, &pp, sizeof(pp));
    case XENVER_pagesize:
        return 4096;
    default:
        return -ENOSYS;
    }
}
