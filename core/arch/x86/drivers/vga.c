/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VGA text console (80x25 at 0xb8000), used when the firmware left the
 * display in a text mode.  Output scrolls; no cursor handling.
 */
#include <xenith/asm/io.h>
#include <xenith/config.h>
#include <xenith/console.h>
#include <xenith/lib.h>
#include <xenith/mm.h>

#define COLS 80
#define ROWS 25
#define ATTR 0x0700

bool vga_text_possible;
static volatile uint16_t *screen;
static unsigned int row, col;

bool vga_text_init(void)
{
    if (!vga_text_possible)
        return false;
    screen = (volatile uint16_t *)__va(0xb8000);
    for (unsigned int i = 0; i < COLS * ROWS; i++)
        screen[i] = ATTR | ' ';
    row = col = 0;
    return true;
}

static void scroll(void)
{
    for (unsigned int i = 0; i < COLS * (ROWS - 1); i++)
        screen[i] = screen[i + COLS];
    for (unsigned int i = COLS * (ROWS - 1); i < COLS * ROWS; i++)
        screen[i] = ATTR | ' ';
    row = ROWS - 1;
}

void vga_text_putc(char c)
{
    if (!screen)
        return;
    if (c == '\n') {
        col = 0;
        if (++row == ROWS)
            scroll();
        return;
    }
    screen[row * COLS + col] = ATTR | (uint8_t)c;
    if (++col == COLS) {
        col = 0;
        if (++row == ROWS)
            scroll();
    }
}
