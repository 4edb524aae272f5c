/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: NMI callback registration (hypercall nmi_op, #28)
 * and the NMI reason bits in arch_shared_info.nmi_reason.
 */
#ifndef XENITH_PUBLIC_NMI_H
#define XENITH_PUBLIC_NMI_H

#include "xen.h"

#define _XEN_NMIREASON_io_error 0
#define XEN_NMIREASON_io_error  (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr 1
#define XEN_NMIREASON_pci_serr  (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_unknown  2
#define XEN_NMIREASON_unknown   (1UL << _XEN_NMIREASON_unknown)

#define XENNMI_register_callback   0
#define XENNMI_unregister_callback 1

#ifndef __ASSEMBLER__

struct xennmi_callback {
    uint64_t handler_address; /* IN */
    uint64_t pad;
};
typedef struct xennmi_callback xennmi_callback_t;
_Static_assert(sizeof(xennmi_callback_t) == 16, "nmi callback");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_NMI_H */
