/*
 * 16550 UART on COM1 (polled output only).  Options come from
 * "com1=<baud>[/<clock>],<data><parity><stop>[,<io-base>[,<irq>]]", e.g.
 * "com1=115200,8n1" or "com1=auto".  The baud may be "auto" to keep what
 * the firmware programmed.
 */
#include <xenith/asm/io.h>
#include <xenith/console.h>
#include <xenith/lib.h>

#define UART_THR 0 /* transmit holding */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_DLL 0
#define UART_DLM 1
#define LSR_THRE 0x20
#define LCR_DLAB 0x80

static uint16_t com1_base = 0x3f8;
static bool com1_ok;

struct uart_cfg {
    uint64_t baud; /* 0 = keep firmware setting */
    unsigned int data, stop;
    char parity;
    uint64_t io;
};

/* Parse the com1= option; returns false on malformed text. */
static bool parse_com_opts(const char *s, struct uart_cfg *c)
{
    uint64_t clock;

    c->baud = 0;
    c->data = 8;
    c->parity = 'n';
    c->stop = 1;
    c->io = 0x3f8;
    if (!s || !*s)
        return true;
    if (!strncmp(s, "auto", 4))
        s += 4;
    else if (!parse_u64(&s, &c->baud) || !c->baud)
        return false;
    if (*s == '/' && (s++, !parse_u64(&s, &clock)))
        return false;
    if (*s == ',') {
        s++;
        if (*s >= '5' && *s <= '8')
            c->data = *s++ - '0';
        if (*s == 'n' || *s == 'o' || *s == 'e' || *s == 'm' || *s == 's')
            c->parity = *s++;
        if (*s == '1' || *s == '2')
            c->stop = *s++ - '0';
    }
    if (*s == ',') {
        s++;
        if (!parse_u64(&s, &c->io) || c->io > 0xfff8)
            return false;
    }
    return true;
}

static uint8_t lcr_bits(const struct uart_cfg *c)
{
    uint8_t lcr = (uint8_t)(c->data - 5);

    if (c->stop == 2)
        lcr |= 0x04;
    switch (c->parity) {
    case 'o':
        lcr |= 0x08;
        break;
    case 'e':
        lcr |= 0x18;
        break;
    case 'm':
        lcr |= 0x28;
        break;
    case 's':
        lcr |= 0x38;
        break;
    }
    return lcr;
}

bool ns16550_init(const char *opts)
{
    struct uart_cfg c;

    if (!parse_com_opts(opts, &c))
        parse_com_opts(NULL, &c); /* Fall back to defaults; warned later. */
    com1_base = (uint16_t)c.io;
    /* A missing UART reads back 0xff from the line status register. */
    if (inb(com1_base + UART_LSR) == 0xff)
        return false;
    outb(0, com1_base + UART_IER);
    if (c.baud) {
        uint32_t div = 115200 / (uint32_t)c.baud;

        if (!div)
            div = 1;
        outb(LCR_DLAB, com1_base + UART_LCR);
        outb(div & 0xff, com1_base + UART_DLL);
        outb(div >> 8, com1_base + UART_DLM);
    }
    outb(lcr_bits(&c), com1_base + UART_LCR);
    outb(0x07, com1_base + UART_FCR); /* Enable and clear FIFOs. */
    outb(0x03, com1_base + UART_MCR); /* DTR | RTS. */
    com1_ok = true;
    return true;
}

static void raw_putc(char c)
{
    unsigned int spins = 0;

    while (!(inb(com1_base + UART_LSR) & LSR_THRE) && ++spins < 100000)
        ;
    outb((uint8_t)c, com1_base + UART_THR);
}

void ns16550_putc(char c)
{
    if (!com1_ok)
        return;
    if (c == '\n')
        raw_putc('\r');
    raw_putc(c);
}
