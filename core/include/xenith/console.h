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

/* Drop the console lock unconditionally (panic path). */
void console_force_unlock(void);

/* Serial (16550) and VGA text drivers; each returns true when usable. */
bool ns16550_init(const char *com1_opts);
void ns16550_putc(char c);
bool vga_text_init(void);
void vga_text_putc(char c);

/* Set by the boot code: whether a VGA text screen may exist. */
extern bool vga_text_possible;

#endif /* XENITH_CONSOLE_H */
