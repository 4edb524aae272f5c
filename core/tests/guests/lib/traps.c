/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guests' virtual IDT: every CPU exception goes to an entry stub in
 * head.S and then to the handler set with guest_set_trap_handler(); an
 * exception without a handler fails the test with its frame.
 */
#include "guest.h"

extern char entry_de[], entry_db[], entry_bp[], entry_of[], entry_br[],
    entry_ud[], entry_nm[], entry_ts[], entry_np[], entry_ss[], entry_gp[],
    entry_pf[], entry_mf[], entry_ac[], entry_xm[], entry_int80[];

#define TRAP(vec, dpl, fn)                                     \
    {                                                          \
        .vector = (vec), .flags = (dpl), .cs = FLAT_KERNEL_CS, \
        .address = (uint64_t)(fn)                              \
    }

static const trap_info_t trap_table[] = {
    TRAP(0, 0, entry_de),
    TRAP(1, 0, entry_db),
    TRAP(3, 3, entry_bp),
    TRAP(4, 3, entry_of),
    TRAP(5, 0, entry_br),
    TRAP(6, 0, entry_ud),
    TRAP(7, 0, entry_nm),
    TRAP(10, 0, entry_ts),
    TRAP(11, 0, entry_np),
    TRAP(12, 0, entry_ss),
    TRAP(13, 0, entry_gp),
    TRAP(14, 0, entry_pf),
    TRAP(16, 0, entry_mf),
    TRAP(17, 0, entry_ac),
    TRAP(19, 0, entry_xm),
    TRAP(0x80, 3, entry_int80),
    { 0 },
};

void guest_install_traps(void)
{
    CHECK_RC(hc_set_trap_table(trap_table), 0, "set_trap_table");
}
