/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 16550 UART on COM1 (polled output only).  Options come from
 * "com1=<baud>[/<clock>],<data><parity><stop>[,<io-base>[,<irq>]]", e.g.
 * "com1=115200,8n1" or "com1=auto".  The baud may be "auto" to keep what
 * the firmware programmed.  Output is polled; input arrives by interrupt
 * (ISA IRQ 4, or the IRQ given) once ns16550_rx_init() has run.
 */
#include <xenith/asm/io.h>
#include <xenith/console.h>
#include <xenith/lib.h>
#include <xenith/smp.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>

#define UART_THR 0 /* transmit holding */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_DLL 0
#define UART_DLM 1
#define LSR_DR   0x01 /* receive data ready */
#define LSR_THRE 0x20
#define IER_RDA  0x01 /* interrupt on received data */
#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT2 0x08 /* gates the IRQ line on PCs */
#define LCR_DLAB 0x80

static uint16_t com1_base = 0x3f8;
static unsigned int com1_irq = 4;
static bool com1_ok;
bool ns16550_bad_opts;

struct uart_cfg {
    uint64_t baud; /* 0 = keep firmware setting */
    unsigned int data, stop;
    char parity;
    uint64_t io;
    uint64_t irq;
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
    c->irq = 4;
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
        c->irq = c->io == 0x2f8 ? 3 : 4;
    }
    if (*s == ',') {
        s++;
        if (!parse_u64(&s, &c->irq) || c->irq > 15)
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

    if (!parse_com_opts(opts, &c)) {
        parse_com_opts(NULL, &c); /* Fall back to the defaults. */
        ns16550_bad_opts = true;  /* console_init() warns */
    }
    com1_base = (uint16_t)c.io;
    com1_irq = (unsigned int)c.irq;
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
    outb(MCR_DTR | MCR_RTS, com1_base + UART_MCR);
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

/* Receive interrupt: hand every waiting byte to the console. */
static void ns16550_interrupt(struct cpu_user_regs *regs)
{
    unsigned int n = 0;

    while ((inb(com1_base + UART_LSR) & LSR_DR) && n++ < 64)
        console_rx((char)inb(com1_base + UART_THR));
    apic_eoi();
}

void ns16550_rx_init(void)
{
    int rc;

    if (!com1_ok)
        return;
    set_irq_handler(SERIAL_VECTOR, ns16550_interrupt);
    rc = io_apic_route_isa_irq(com1_irq, SERIAL_VECTOR, x86_cpu_to_apicid[0]);
    if (rc) {
        printk(XENLOG_WARNING "Serial: no interrupt for IRQ %u (%d); "
                              "input disabled\n",
               com1_irq, rc);
        return;
    }
    /* Drain stale input, then enable the receive interrupt. */
    while (inb(com1_base + UART_LSR) & LSR_DR)
        inb(com1_base + UART_THR);
    outb(MCR_DTR | MCR_RTS | MCR_OUT2, com1_base + UART_MCR);
    outb(IER_RDA, com1_base + UART_IER);
}
