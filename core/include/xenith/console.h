/* SPDX-License-Identifier: GPL-2.0-only */
/* Console output sinks (serial, VGA text) behind printk. */
#ifndef XENITH_CONSOLE_H
#define XENITH_CONSOLE_H

#include <xenith/types.h>

struct console_sink {
    const char *name;
    void (*putc)(char c);
};

/* Bring up the consoles chosen by "console=" (call after cmdline parse). */
void console_init(void);

/* Write raw text to every active sink (no log-level filtering). */
void console_write(const char *s, size_t n);
/* From now on every write to the ring sends VIRQ_CON_RING (once event
 * channels work: the first domain's creation calls it). */
void console_ring_virq_enable(void);

/* Copy up to n bytes of the console ring, oldest first (the toolstack's
 * readconsole); clear: later reads start after what is there now. */
size_t console_ring_read(char *buf, size_t n, uint32_t *index, bool incremental,
                         bool clear);

/* Drop the console lock unconditionally (panic path). */
void console_force_unlock(void);

/* Serial (16550) and VGA text drivers; each returns true when usable. */
bool ns16550_init(const char *com1_opts);
extern bool ns16550_bad_opts; /* com1= could not be parsed */
void ns16550_putc(char c);
/* Route the serial receive interrupt (after the I/O APICs are set up). */
void ns16550_rx_init(void);
bool vga_text_init(void);
void vga_text_putc(char c);

/*
 * Console input.  Drivers pass received bytes to console_rx() (interrupt
 * context).  Input goes either to the hypervisor (debug keys, see
 * common/keyhandler.c) or to the guest console; three Ctrl-A in a row
 * switch between the two.  Guest input is buffered until read with
 * console_read(); rx_notify (if set) is called when some arrives.
 */
void console_rx(char c);
size_t console_read(char *buf, size_t n);
void console_set_input_to_xen(bool to_xen);
extern void (*console_rx_notify)(void);

/* Debug keys: queue one from console_rx(); handled in a softirq. */
void keyhandler_queue(char key);
void keyhandler_init(void);

/* Set by the boot code: whether a VGA text screen may exist. */
extern bool vga_text_possible;

#endif /* XENITH_CONSOLE_H */
