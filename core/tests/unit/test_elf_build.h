/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Builds small x86-64 ELF kernels at test time with the host assembler and
 * linker: a text section at 0xffffffff81000000 (physical 0x1000000), data,
 * bss, and a PT_NOTE segment carrying whatever Xen notes the test asks for.
 */
#ifndef TEST_ELF_BUILD_H
#define TEST_ELF_BUILD_H

#include "test_loader_util.h"

#define TK_VIRT_TEXT 0xffffffff81000000ull
#define TK_PHYS_TEXT 0x1000000ull

struct tk_asm {
    char text[16384];
    size_t len;
    unsigned int notes;
};

__attribute__((format(printf, 2, 3))) static inline void
tk_append(struct tk_asm *a, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    a->len +=
        (size_t)vsnprintf(a->text + a->len, sizeof(a->text) - a->len, fmt, ap);
    va_end(ap);
    assert_true(a->len < sizeof(a->text));
}

/* Add one note named @name (usually "Xen") whose descriptor is @desc. */
static inline void tk_note_named(struct tk_asm *a, const char *name,
                                 unsigned int type, const char *desc)
{
    unsigned int n = a->notes++;

    tk_append(a,
              ".section .note.test, \"a\", @note\n"
              ".balign 4\n"
              ".long nn%u_e - nn%u_b\n"
              ".long nd%u_e - nd%u_b\n"
              ".long %u\n"
              "nn%u_b: .asciz \"%s\"\nnn%u_e:\n.balign 4\n"
              "nd%u_b: %s\nnd%u_e:\n.balign 4\n",
              n, n, n, n, type, n, name, n, n, desc, n);
}

static inline void tk_note(struct tk_asm *a, unsigned int type,
                           const char *desc)
{
    tk_note_named(a, "Xen", type, desc);
}

/* The notes Linux 6.1 carries (arch/x86/xen/xen-head.S), plus the rest. */
static inline void tk_linux_notes(struct tk_asm *a)
{
    tk_note(a, 6, ".asciz \"linux\"");
    tk_note(a, 7, ".asciz \"2.6\"");
    tk_note(a, 5, ".asciz \"xen-3.0\"");
    tk_note(a, 3, ".quad 0xffffffff80000000");
    tk_note(a, 15, ".quad 0x8000000000");
    tk_note(a, 1, ".quad startup_xen");
    /* Linux writes FEATURES with .ascii: no terminating NUL. */
    tk_note(a, 10, ".ascii \"!writable_page_tables|pae_pgdir_above_4gb\"");
    tk_note(a, 17, ".long (1 << 0) | (1 << 11) | (1 << 15)");
    tk_note(a, 9, ".asciz \"yes\"");
    tk_note(a, 8, ".asciz \"generic\"");
    tk_note(a, 13, ".quad 1; .quad 1");
    tk_note(a, 14, ".long 1");
    tk_note(a, 16, ".long 1");
    tk_note(a, 12, ".quad 0xffff800000000000");
    tk_note(a, 4, ".quad 0");
}

/*
 * Assemble and link the kernel: "startup_xen" is the first instruction
 * (hlt), "hypercall_page" a page-aligned page of int3 in text, then 16
 * bytes of data "XENITH-DATA-0123" and 8192 bytes of bss.  Returns the
 * ELF file's contents.
 */
static inline uint8_t *tk_build(struct tk_asm *a, size_t *len)
{
    char *s = tu_path("k.S"), *o = tu_path("k.o"), *lds = tu_path("k.lds");
    char *elf = tu_path("k.elf");
    static const char script[] = "ENTRY(startup_xen)\n"
                                 "SECTIONS {\n"
                                 "  . = 0xffffffff81000000;\n"
                                 "  .text : AT(0x1000000) { *(.text) }\n"
                                 "  .notes : { *(.note.test) }\n"
                                 "  .data : { *(.data) }\n"
                                 "  .bss : { *(.bss) }\n"
                                 "  /DISCARD/ : { *(.note.gnu.property) }\n"
                                 "}\n";
    uint8_t *buf;

    tk_append(a, ".text\n.globl startup_xen\nstartup_xen: hlt\n"
                 ".balign 4096\n.globl hypercall_page\n"
                 "hypercall_page: .fill 4096, 1, 0xcc\n"
                 ".data\n.ascii \"XENITH-DATA-0123\"\n"
                 ".bss\n.fill 8192, 1, 0\n");
    tu_write(s, a->text, a->len);
    tu_write(lds, script, sizeof(script) - 1);
    tu_run("as --64 -o '%s' '%s'", o, s);
    tu_run("ld -m elf_x86_64 -z max-page-size=4096 -z noexecstack "
           "--no-warn-rwx-segments -T '%s' -o '%s' '%s' 2>/dev/null || "
           "ld -m elf_x86_64 -z max-page-size=4096 -T '%s' -o '%s' '%s'",
           lds, elf, o, lds, elf, o);
    buf = tu_read(elf, len);
    assert_non_null(buf);
    return buf;
}

/* Build the Linux-like test kernel. */
static inline uint8_t *tk_build_linux_like(size_t *len)
{
    static struct tk_asm a;

    memset(&a, 0, sizeof(a));
    tk_linux_notes(&a);
    return tk_build(&a, len);
}

/* Little-endian field access into an ELF file held in memory. */
static inline uint64_t tk_get(const uint8_t *p, size_t off, unsigned int n)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < n; i++)
        v |= (uint64_t)p[off + i] << (8 * i);
    return v;
}

static inline void tk_put(uint8_t *p, size_t off, unsigned int n, uint64_t v)
{
    for (unsigned int i = 0; i < n; i++)
        p[off + i] = (uint8_t)(v >> (8 * i));
}

/* File offset of the first program header of type @type. */
static inline size_t tk_phdr_of(const uint8_t *elf, uint32_t type)
{
    size_t phoff = tk_get(elf, 32, 8);
    unsigned int phnum = (unsigned int)tk_get(elf, 56, 2);

    for (unsigned int i = 0; i < phnum; i++)
        if (tk_get(elf, phoff + 56 * i, 4) == type)
            return phoff + 56 * i;
    fail_msg("no program header of type %u", type);
    return 0;
}

#endif /* TEST_ELF_BUILD_H */
