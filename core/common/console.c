/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk and the console: formats messages, filters them by log level,
 * prefixes each line with "(XEN) " as Xen does (tools parse that), keeps a
 * copy in a ring buffer and writes to every active sink.
 *
 * Locking: console_lock (irq-safe) serialises the ring and the sinks.  The
 * panic path breaks it with console_force_unlock().
 */
#include <public/xen.h>
#include <xenith/console.h>
#include <xenith/event.h>
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>

static char opt_console[64] = "com1,vga";
string_param("console", opt_console);
static char opt_com1[64];
string_param("com1", opt_com1);
static char opt_guest_loglvl[16];
string_param("guest_loglvl", opt_guest_loglvl);

static int log_threshold = LOG_INFO;
static bool use_serial, use_vga;
static DEFINE_SPINLOCK(console_lock);
static bool at_line_start = true;

#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static unsigned long conring_prod;

int printk_parse_level(const char *s)
{
    static const struct {
        const char *word;
        int lvl;
    } map[] = { { "all", LOG_DEBUG }, { "debug", LOG_DEBUG },
                { "info", LOG_INFO }, { "warning", LOG_WARNING },
                { "error", LOG_ERR }, { "none", LOG_NONE } };

    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (!strncmp(s, map[i].word, strlen(map[i].word)) &&
            (s[strlen(map[i].word)] == '\0' || s[strlen(map[i].word)] == '/'))
            return map[i].lvl;
    return -2;
}

/* "loglvl=<lvl>[/<rate-limited lvl>]": only the first level is used. */
static int parse_loglvl(const char *v)
{
    int lvl = v ? printk_parse_level(v) : -2;

    if (lvl == -2)
        return -1;
    log_threshold = lvl;
    return 0;
}
custom_param("loglvl", parse_loglvl);

void printk_set_level(int lvl)
{
    log_threshold = lvl;
}

static bool console_has(const char *name)
{
    const char *p = opt_console;
    size_t n = strlen(name);

    while (*p) {
        if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
            return true;
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    return false;
}

void console_init(void)
{
    if (console_has("com1"))
        use_serial = ns16550_init(opt_com1);
    if (console_has("vga"))
        use_vga = vga_text_init();
    if (ns16550_bad_opts)
        printk(XENLOG_WARNING "WARNING: com1=%s not understood; using "
                              "the firmware's settings at 0x3f8\n",
               opt_com1);
}

static void emit(char c)
{
    conring[conring_prod++ % CONRING_SIZE] = c;
    if (use_serial)
        ns16550_putc(c);
    if (use_vga)
        vga_text_putc(c);
}

/*
 * Input side.  Locking: rx_lock (irq-safe) protects the guest input ring;
 * input_to_xen and ctrl_a are only touched from the serial interrupt.
 */
#define SWITCH_CODE 0x01 /* Ctrl-A */
#define RX_RING     1024

static char rx_ring[RX_RING];
static unsigned int rx_prod, rx_cons;
static DEFINE_SPINLOCK(rx_lock);
static bool input_to_xen = true;
static unsigned int ctrl_a;
void (*console_rx_notify)(void);

void console_set_input_to_xen(bool to_xen)
{
    input_to_xen = to_xen;
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch "
           "input)\n",
           to_xen ? "Xenith" : "the guest console");
}

void console_rx(char c)
{
    unsigned long f;

    if (c == SWITCH_CODE && ++ctrl_a == 3) {
        ctrl_a = 0;
        console_set_input_to_xen(!input_to_xen);
        return;
    }
    if (c != SWITCH_CODE)
        ctrl_a = 0;
    if (input_to_xen) {
        keyhandler_queue(c);
        return;
    }
    f = spin_lock_irqsave(&rx_lock);
    if (rx_prod - rx_cons < RX_RING)
        rx_ring[rx_prod++ % RX_RING] = c;
    spin_unlock_irqrestore(&rx_lock, f);
    if (console_rx_notify)
        console_rx_notify();
}

size_t console_read(char *buf, size_t n)
{
    unsigned long f = spin_lock_irqsave(&rx_lock);
    size_t got = 0;

    while (got < n && rx_cons != rx_prod)
        buf[got++] = rx_ring[rx_cons++ % RX_RING];
    spin_unlock_irqrestore(&rx_lock, f);
    return got;
}

/*
 * VIRQ_CON_RING tells the control domain the ring has new text (xl dmesg,
 * xenconsoled's hypervisor log).  Writers may hold any lock or run in an
 * interrupt, so they only raise a softirq; the virq is sent from there,
 * once the event channels exist (console_ring_virq_enable()).
 */
static bool ring_virq_on;

static void ring_virq_softirq(void)
{
    evtchn_send_global_virq(VIRQ_CON_RING);
}

void console_ring_virq_enable(void)
{
    if (READ_ONCE(ring_virq_on))
        return;
    open_softirq(CONSOLE_RING_SOFTIRQ, ring_virq_softirq);
    __atomic_store_n(&ring_virq_on, true, __ATOMIC_RELEASE);
}

static void ring_written(void)
{
    if (__atomic_load_n(&ring_virq_on, __ATOMIC_ACQUIRE))
        raise_softirq(CONSOLE_RING_SOFTIRQ);
}

void console_write(const char *s, size_t n)
{
    unsigned long f = spin_lock_irqsave(&console_lock);

    while (n--)
        emit(*s++);
    spin_unlock_irqrestore(&console_lock, f);
    ring_written();
}

size_t console_ring_read(char *buf, size_t n, uint32_t *index, bool incremental,
                         bool clear)
{
    static unsigned long conring_cons; /* console_lock: start after clear */
    unsigned long f = spin_lock_irqsave(&console_lock);
    unsigned long start = conring_cons, got = 0;

    /* An index is the low 32 bits of a position: count back from prod. */
    if (incremental)
        start = conring_prod - (uint32_t)((uint32_t)conring_prod - *index);
    if (conring_prod - start > CONRING_SIZE)
        start = conring_prod - CONRING_SIZE;
    while (start + got < conring_prod && got < n) {
        buf[got] = conring[(start + got) % CONRING_SIZE];
        got++;
    }
    *index = (uint32_t)(start + got);
    if (clear)
        conring_cons = conring_prod;
    spin_unlock_irqrestore(&console_lock, f);
    return got;
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}

static void write_prefixed(const char *s)
{
    for (; *s; s++) {
        if (at_line_start) {
            for (const char *p = "(XEN) "; *p; p++)
                emit(*p);
            at_line_start = false;
        }
        emit(*s);
        if (*s == '\n')
            at_line_start = true;
    }
}

void vprintk(const char *fmt, va_list ap)
{
    static char buf[1024]; /* Protected by console_lock. */
    int lvl = LOG_INFO;
    unsigned long f;

    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == '>') {
        lvl = fmt[1] - '0';
        fmt += 3;
    }
    if (lvl > log_threshold)
        return;
    f = spin_lock_irqsave(&console_lock);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    write_prefixed(buf);
    spin_unlock_irqrestore(&console_lock, f);
    ring_written();
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
