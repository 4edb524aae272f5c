/* SPDX-License-Identifier: MIT */
/*
 * Xen public toolstack ABI: the HVM context record stream carried by
 * XEN_DOMCTL_gethvmcontext / sethvmcontext.  Each record is a descriptor
 * followed by `length` bytes; a stream starts with a HEADER record and
 * ends with an END record.
 */
#ifndef XENITH_PUBLIC_HVM_SAVE_H
#define XENITH_PUBLIC_HVM_SAVE_H

#include "../xen.h"

#ifndef __ASSEMBLER__
struct hvm_save_descriptor {
    uint16_t typecode; /* HVM_SAVE_CODE_* */
    uint16_t instance; /* e.g. the vCPU id of a CPU record */
    uint32_t length;   /* bytes after this descriptor */
};
_Static_assert(sizeof(struct hvm_save_descriptor) == 8, "save descriptor");
#endif

#define HVM_SAVE_CODE_END 0 /* no payload */

#include "../arch-x86/hvm/save.h"

#endif /* XENITH_PUBLIC_HVM_SAVE_H */
