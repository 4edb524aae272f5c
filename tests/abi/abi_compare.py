#!/usr/bin/env python3
"""Compare the layout of Xenith's public ABI structs with Xen 4.17's headers.

Steps:
  1. clang parses every header of core/include/public (-ast-dump=json); the
     structs and unions defined there, and every field path inside them
     (through anonymous and inline members and arrays of them), are the list
     of things to check.  Nothing in the list is written by hand.
  2. The same parse of Xen's headers tells which of those names Xen spells
     the same way; the rest are reported as skipped, with a count.
  3. One C program is generated; it is built twice, against Xenith's
     headers and against Xen's, and prints the sizeof/_Alignof of each
     struct and the sizeof/offsetof of each field (bit-fields: their bit
     position and width), and whether an integer field is signed.
  4. Integer constants (object-like macros and enum constants of our
     headers) that Xen's headers also define are printed by a second pair
     of programs built the same way.
  5. The outputs are compared: one PASS/FAIL line per header, each FAIL
     followed by one line per difference; then one PASS/FAIL line for
     "every public struct has a _Static_assert of its size".
  Differences listed in deliberate.txt are reported but do not fail.

Usage: abi_compare.py --ours DIR --xen DIR --out DIR [--cc CC] [--clang CLANG]
  --ours DIR   the directory that holds public/ (core/include)
  --xen DIR    the directory that holds xen/ (Debian's usr/include)
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Guest handle wrapper types: compared through the fields that use them.
HANDLE_RE = re.compile(r"^(xen_handle_|__guest_handle_)")

# Names of padding members.
PAD_RE = re.compile(r"^_?pad\d*$")

XEN_DEFINES = ["-D__XEN_TOOLS__"]


def die(msg):
    print("abi: " + msg, file=sys.stderr)
    sys.exit(1)


def public_headers(ours):
    top = os.path.join(ours, "public")
    out = []
    for root, _, files in os.walk(top):
        for f in files:
            if f.endswith(".h"):
                out.append(os.path.relpath(os.path.join(root, f), top))
    # Xen's arch headers only work after xen.h, which includes them, and
    # its arch-x86/hvm/save.h only after hvm/save.h (its macros).
    return sorted(out, key=lambda h: (h != "xen.h", h != "hvm/save.h", h))


def clang_ast(clang, incdir, includes, defines, workdir, tag):
    src = os.path.join(workdir, "parse-%s.c" % tag)
    with open(src, "w") as f:
        f.write("#include <stddef.h>\n#include <stdint.h>\n")
        for h in includes:
            f.write("#include <%s>\n" % h)
    cmd = [clang, "-fsyntax-only", "-Xclang", "-ast-dump=json", "-std=gnu11",
           "-I", incdir] + defines + [src]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        die("clang cannot parse the %s headers:\n%s" % (tag, p.stderr.decode()))
    return json.loads(p.stdout)


def fill_files(node, state=None):
    """clang's JSON names a location's file only when it changes from the
    previous location it printed; give every location its file."""
    if state is None:
        state = [None]
    if isinstance(node, dict):
        if "offset" in node or "line" in node or "col" in node:
            if "file" in node:
                state[0] = node["file"]
            else:
                node["file"] = state[0]
        for k, v in node.items():
            if k != "includedFrom":
                fill_files(v, state)
    elif isinstance(node, list):
        for v in node:
            fill_files(v, state)


def node_file(node):
    loc = node.get("loc") or {}
    if "expansionLoc" in loc:
        loc = loc["expansionLoc"]
    return loc.get("file")


class Record:
    def __init__(self, rid, tag, name, header):
        self.id = rid
        self.tag = tag  # "struct" / "union"
        self.name = name  # tag name or None
        self.typedefs = []
        self.fields = []  # (path, bitfield, flexible, type of an element)
        self.header = header
        self.dims = {}  # field path -> "[0]" subscripts reaching an element

    def spellings(self):
        s = []
        if self.name:
            s.append("%s %s" % (self.tag, self.name))
        s.extend(self.typedefs)
        return s

    def label(self):
        return self.spellings()[0] if self.spellings() else None


def array_suffix(qualtype):
    """'[4]' dimensions of a field type, as '[0]' subscripts to reach an element."""
    m = re.search(r"((?:\[\d*\])+)$", qualtype.strip())
    if not m:
        return "", False
    dims = re.findall(r"\[(\d*)\]", m.group(1))
    return "[0]" * len(dims), dims[0] == ""


def collect(ast, header_filter):
    """Records defined in headers accepted by header_filter, with field paths."""
    fill_files(ast)
    records = {}  # id -> Record
    order = []

    def fields_of(node, prefix, rec, header):
        prev_inline = None
        for child in node.get("inner", []):
            kind = child.get("kind")
            if kind == "RecordDecl" and child.get("completeDefinition"):
                if child.get("name"):
                    # A tagged struct nested in another is file-scope in C.
                    register(child, header)
                    prev_inline = None
                else:
                    prev_inline = child
                continue
            if kind != "FieldDecl":
                continue
            qt = child.get("type", {}).get("qualType", "")
            name = child.get("name")
            inline = None
            if prev_inline is not None and (
                    "(unnamed" in qt or "(anonymous" in qt or
                    (prev_inline.get("name") and re.match(
                        r"^(struct|union) %s\b" % re.escape(prev_inline["name"]),
                        qt))):
                inline = prev_inline
            prev_inline = None
            if not name:
                # Anonymous struct/union member: its fields are the parent's.
                if inline is not None:
                    fields_of(inline, prefix, rec, header)
                continue
            sub, flex = array_suffix(qt)
            path = prefix + name
            rec.dims[path] = sub
            elem = re.sub(r"(\s*\[\d*\])+$", "", qt).strip()
            rec.fields.append((path, bool(child.get("isBitfield")), flex, elem))
            if inline is not None:
                fields_of(inline, path + sub + ".", rec, header)

    def register(node, header):
        if node["id"] in records:
            return
        rec = Record(node["id"], node.get("tagUsed", "struct"), node.get("name"),
                     header)
        records[node["id"]] = rec
        order.append(rec)
        fields_of(node, "", rec, header)

    typedef_target = []
    for node in ast.get("inner", []):
        kind = node.get("kind")
        if kind == "RecordDecl" and node.get("completeDefinition"):
            hdr = header_filter(node_file(node))
            if hdr is not None:
                register(node, hdr)
        elif kind == "TypedefDecl":
            rid = record_of_type(node)
            if rid:
                typedef_target.append((node.get("name"), rid))
    for name, rid in typedef_target:
        if rid in records:
            records[rid].typedefs.append(name)
    return order


def record_of_type(node):
    """The record id a typedef names, if it names a struct or union."""
    stack = list(node.get("inner", []))
    while stack:
        n = stack.pop(0)
        if not isinstance(n, dict):
            continue
        if n.get("kind") == "RecordType":
            return n.get("decl", {}).get("id")
        if n.get("kind") in ("ElaboratedType", "ParenType", "QualType"):
            stack.extend(n.get("inner", []))
    return None


def is_handle(rec):
    return not rec.name and any(HANDLE_RE.match(s) for s in rec.typedefs)


def expand(rec, ours_by_spelling, xen_by_spelling, depth=0):
    """A record's field paths; a field whose struct type Xen names differently
    (or not at all) is also compared member by member through the field."""
    out = []
    for path, bitfield, flex, elem in rec.fields:
        out.append((path, bitfield, flex, elem))
        sub = ours_by_spelling.get(elem)
        if (sub is not None and elem not in xen_by_spelling and depth < 4 and
                sub is not rec and not is_handle(sub)):
            for p, b, f, e in expand(sub, ours_by_spelling, xen_by_spelling,
                                     depth + 1):
                out.append(("%s%s.%s" % (path, array_index(rec, path), p), b,
                            f, e))
    return out


def array_index(rec, path):
    return rec.dims.get(path, "")


def lookup(rec, path, by_spelling):
    """(bitfield, flexible) of a field path in a record, following named
    struct members into their own records; None if there is no such path."""
    for p, b, fl, _ in rec.fields:
        if p == path:
            return b, fl
    # Longest field prefix of a named struct type, then the rest inside it.
    best = None
    for p, b, fl, elem in rec.fields:
        pre = p + rec.dims.get(p, "") + "."
        if path.startswith(pre) and elem in by_spelling:
            if best is None or len(pre) > len(best[0]):
                best = (pre, by_spelling[elem])
    if best is None:
        return None
    return lookup(best[1], path[len(best[0]):], by_spelling)


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def gen_program(items, includes, path):
    """items: list of (key, spelling, path or None, bitfield, flexible)."""
    with open(path, "w") as f:
        f.write("/* Generated by tests/abi/abi_compare.py. */\n")
        f.write("#include <stddef.h>\n#include <stdint.h>\n#include <stdio.h>\n"
                "#include <string.h>\n")
        for h in includes:
            f.write("#include <%s>\n" % h)
        f.write("""
static void bits(const char *key, const unsigned char *p, size_t n)
{
    size_t first = (size_t)-1, count = 0;
    for (size_t i = 0; i < n * 8; i++) {
        if (p[i / 8] & (1u << (i % 8))) {
            if (first == (size_t)-1)
                first = i;
            count++;
        }
    }
    printf("%s bit %zu width %zu\\n", key, first, count);
}

/* Whether an integer field is signed ('s') or unsigned ('u'); '-' for
 * anything else (arrays, pointers, structs, floating point). */
#define SIGN(lv)                                                        \\
    _Generic(&(lv), char *: 's', signed char *: 's', short *: 's',      \\
             int *: 's', long *: 's', long long *: 's', _Bool *: 'u',   \\
             unsigned char *: 'u', unsigned short *: 'u',               \\
             unsigned int *: 'u', unsigned long *: 'u',                 \\
             unsigned long long *: 'u', default: '-')

int main(void)
{
""")
        for n, (key, spell, fpath, bitfield, flex) in enumerate(items):
            k = c_string(key)
            if fpath is None:
                f.write('    printf("%%s size %%zu align %%zu\\n", %s, sizeof(%s), '
                        "_Alignof(%s));\n" % (k, spell, spell))
            elif bitfield:
                f.write("    {\n        static %s v%d;\n        memset(&v%d, 0, "
                        "sizeof(v%d));\n        v%d.%s = -1;\n        bits(%s, "
                        "(const unsigned char *)&v%d, sizeof(v%d));\n    }\n"
                        % (spell, n, n, n, n, fpath, k, n, n))
            elif flex:
                f.write('    printf("%%s offset %%zu\\n", %s, offsetof(%s, %s));\n'
                        % (k, spell, fpath))
            else:
                f.write('    printf("%%s size %%zu offset %%zu\\n", %s, '
                        "sizeof(((%s *)0)->%s), offsetof(%s, %s));\n"
                        % (k, spell, fpath, spell, fpath))
                f.write('    printf("%%s#sign %%c\\n", %s, SIGN(((%s *)0)->%s));\n'
                        % (k, spell, fpath))
        f.write("    return 0;\n}\n")


def build_run(cc, src, incdir, defines, exe):
    cmd = [cc, "-std=gnu11", "-w", "-I", incdir] + defines + ["-o", exe, src]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        die("cannot build %s:\n%s" % (src, p.stderr.decode()[-4000:]))
    p = subprocess.run([exe], stdout=subprocess.PIPE)
    if p.returncode != 0:
        die("%s failed" % exe)
    out = {}
    for line in p.stdout.decode().splitlines():
        key, rest = line.split(" ", 1)
        out[key] = rest
    return out


def load_deliberate(path):
    """Lines 'struct NAME[.FIELD]: reason': differences that are intended."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, reason = line.partition(": ")
            if not sep or not reason.strip():
                die("%s: '%s' needs the form 'struct NAME.FIELD: reason'"
                    % (path, line))
            out[key.strip()] = reason.strip()
    return out


def constant_names(ours_dir, headers, ours_ast, ours_filter):
    """Object-like macros defined in our headers and enum constants declared
    there: name -> header."""
    out = {}
    for h in headers:
        with open(os.path.join(ours_dir, "public", h)) as f:
            text = f.read()
        guards = set(re.findall(r"^#ifndef (\w+)\n#define \1\n", text, re.M))
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(?![\w(])",
                             text, re.M):
            if m.group(1) not in guards:
                out.setdefault(m.group(1), h)
    for node in ours_ast.get("inner", []):
        if node.get("kind") == "EnumDecl":
            hdr = ours_filter(node_file(node))
            if hdr is None:
                continue
            for c in node.get("inner", []):
                if c.get("kind") == "EnumConstantDecl":
                    out.setdefault(c["name"], hdr)
    return out


def defined_names(clang, incdir, includes, defines, workdir, ast):
    """Every macro and enum constant visible after including the headers."""
    src = os.path.join(workdir, "macros-probe.c")
    with open(src, "w") as f:
        f.write("#include <stddef.h>\n#include <stdint.h>\n")
        for h in includes:
            f.write("#include <%s>\n" % h)
    p = subprocess.run([clang, "-E", "-dM", "-I", incdir] + defines + [src],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        die("clang -dM failed:\n" + p.stderr.decode())
    names = set(re.findall(r"^#define (\w+)", p.stdout.decode(), re.M))
    for node in ast.get("inner", []):
        if node.get("kind") == "EnumDecl":
            for c in node.get("inner", []):
                if c.get("kind") == "EnumConstantDecl":
                    names.add(c["name"])
    return names


def integer_constants(clang, incdir, includes, defines, workdir, names):
    """The names that are integer constant expressions with these headers
    (one syntax-only compile, repeated without the names it rejects)."""
    names = list(names)
    src = os.path.join(workdir, "constants-probe.c")
    while names:
        head = "#include <stddef.h>\n#include <stdint.h>\n" + "".join(
            "#include <%s>\n" % h for h in includes)
        first = head.count("\n") + 1
        body = "".join("enum { abi_probe_%d = (int)(0 ? 0 : ((long long)(%s) "
                       "!= 0)) };\n" % (i, n) for i, n in enumerate(names))
        with open(src, "w") as f:
            f.write(head + body)
        p = subprocess.run([clang, "-fsyntax-only", "-ferror-limit=0", "-w",
                            "-I", incdir] + defines + [src],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        bad = set()
        for m in re.finditer(r"constants-probe\.c:(\d+):\d+: error",
                             p.stderr.decode()):
            i = int(m.group(1)) - first
            if 0 <= i < len(names):
                bad.add(names[i])
        if p.returncode == 0:
            return names
        if not bad:
            die("cannot probe constants:\n" + p.stderr.decode()[-3000:])
        names = [n for n in names if n not in bad]
    return names


def constant_values(cc, incdir, includes, defines, names, exe):
    src = exe + ".c"
    with open(src, "w") as f:
        f.write("/* Generated by tests/abi/abi_compare.py. */\n"
                "#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n")
        for h in includes:
            f.write("#include <%s>\n" % h)
        f.write("int main(void)\n{\n")
        for n in names:
            f.write('    printf("%%s %%lld\\n", "%s", (long long)(%s));\n' % (n, n))
        f.write("    return 0;\n}\n")
    return build_run(cc, src, incdir, defines, exe)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--xen", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--clang", default="clang")
    ap.add_argument("--deliberate", default=os.path.join(HERE, "deliberate.txt"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ours_top = os.path.realpath(os.path.join(args.ours, "public"))

    headers = public_headers(args.ours)
    ours_inc = ["public/" + h for h in headers]
    xen_inc = []
    for h in headers:
        if os.path.exists(os.path.join(args.xen, "xen", h)):
            xen_inc.append("xen/" + h)
        else:
            print("abi: Xen's headers have no %s; its structs are looked up in "
                  "the others" % h)

    def ours_filter(fname):
        if not fname:
            return None
        real = os.path.realpath(fname)
        if real.startswith(ours_top + os.sep):
            return os.path.relpath(real, ours_top)
        return None

    ours_ast = clang_ast(args.clang, args.ours, ours_inc, [], args.out, "xenith")
    xen_ast = clang_ast(args.clang, args.xen, xen_inc, XEN_DEFINES, args.out,
                        "xen")
    ours = collect(ours_ast, ours_filter)
    xen = collect(xen_ast, lambda f: "xen")

    ours_by_spelling = {}
    for r in ours:
        for sp in r.spellings():
            ours_by_spelling.setdefault(sp, r)
    xen_by_spelling = {}
    for r in xen:
        for s in r.spellings():
            xen_by_spelling.setdefault(s, r)

    deliberate = load_deliberate(args.deliberate)

    items = []  # (key, spelling, path, bitfield, flex)
    per_header = {}  # header -> [record keys...]
    skipped_structs = []
    skipped_fields = []
    handles = 0
    nstructs = nfields = 0
    key_header = {}
    for r in ours:
        sp = r.spellings()
        if not sp:
            continue
        if is_handle(r):
            handles += 1
            continue
        match = None
        for s in sp:
            if s in xen_by_spelling:
                match = (s, xen_by_spelling[s])
                break
        if match is None:
            skipped_structs.append((r.header, sp[0]))
            continue
        spell, xr = match
        key = spell.replace(" ", ":")
        items.append((key, spell, None, False, False))
        key_header[key] = r.header
        per_header.setdefault(r.header, []).append(spell)
        nstructs += 1
        for path, bitfield, flex, _ in expand(r, ours_by_spelling, xen_by_spelling):
            found = lookup(xr, path, xen_by_spelling)
            if found is None:
                skipped_fields.append((r.header, "%s.%s" % (spell, path)))
                continue
            xb, xfl = found
            fkey = "%s.%s" % (key, path)
            items.append((fkey, spell, path, bitfield or xb, flex or xfl))
            key_header[fkey] = r.header
            nfields += 1

    # The same body, included after each side's headers.
    src_ours = os.path.join(args.out, "layout-xenith.c")
    src_xen = os.path.join(args.out, "layout-xen.c")
    gen_program(items, ours_inc, src_ours)
    gen_program(items, xen_inc, src_xen)
    res_ours = build_run(args.cc, src_ours, args.ours, [],
                         os.path.join(args.out, "layout-xenith"))
    res_xen = build_run(args.cc, src_xen, args.xen, XEN_DEFINES,
                        os.path.join(args.out, "layout-xen"))

    # Constants: object-like macros and enum constants both sides declare.
    cnames = constant_names(args.ours, headers, ours_ast, ours_filter)
    xen_names = defined_names(args.clang, args.xen, xen_inc, XEN_DEFINES,
                              args.out, xen_ast)
    both = sorted(n for n in cnames if n in xen_names)
    skipped_consts = [(cnames[n], n) for n in sorted(cnames)
                      if n not in xen_names]
    ints = integer_constants(args.clang, args.ours, ours_inc, [], args.out, both)
    ints = integer_constants(args.clang, args.xen, xen_inc, XEN_DEFINES,
                             args.out, ints)
    nonint = [(cnames[n], n) for n in both if n not in set(ints)]
    cval_ours = constant_values(args.cc, args.ours, ours_inc, [], ints,
                                os.path.join(args.out, "constants-xenith"))
    cval_xen = constant_values(args.cc, args.xen, xen_inc, XEN_DEFINES, ints,
                               os.path.join(args.out, "constants-xen"))
    nconst = {}
    for n in ints:
        nconst[cnames[n]] = nconst.get(cnames[n], 0) + 1

    diffs = {}  # header -> [msg]
    accepted = []
    for n in ints:
        a, b = cval_ours.get(n), cval_xen.get(n)
        if a == b:
            continue
        msg = "constant %s: Xenith %s, Xen 4.17 %s" % (n, a, b)
        if n in deliberate:
            accepted.append("%s (deliberate: %s)" % (msg, deliberate[n]))
            continue
        diffs.setdefault(cnames[n], []).append(msg)
    for key, spell, path, _, _ in items:
        a, b = res_ours.get(key), res_xen.get(key)
        if a == b:
            continue
        name = spell + ("." + path if path else "")
        msg = "%s: Xenith %s, Xen 4.17 %s" % (name, a, b)
        if name in deliberate:
            accepted.append("%s (deliberate: %s)" % (msg, deliberate[name]))
            continue
        diffs.setdefault(key_header[key], []).append(msg)
    # An integer field Xen declares signed must be signed here, and the
    # other way round (integer against non-integer is a naming matter:
    # Xen's bit-field structs or handles against a plain word).
    nsign = 0
    kind_notes = []
    for key, spell, path, bitfield, flex in items:
        a, b = res_ours.get(key + "#sign"), res_xen.get(key + "#sign")
        if a not in ("s", "u") or b not in ("s", "u"):
            if a != b and a is not None and b is not None:
                kind = {"s": "an integer", "u": "an integer",
                        "-": "not an integer"}
                kind_notes.append("%s.%s is %s in Xenith's headers, %s in "
                                  "Xen's (same size and offset)"
                                  % (spell, path, kind[a], kind[b]))
            continue
        nsign += 1
        if a == b:
            continue
        name = "%s.%s" % (spell, path)
        word = {"s": "signed", "u": "unsigned"}
        msg = "%s: Xenith %s, Xen 4.17 %s" % (name, word[a], word[b])
        if name in deliberate:
            accepted.append("%s (deliberate: %s)" % (msg, deliberate[name]))
            continue
        diffs.setdefault(key_header[key], []).append(msg)

    for hdr in sorted(set(per_header) | set(diffs) | set(nconst)):
        n = len(per_header.get(hdr, []))
        nf = sum(1 for k in key_header if key_header[k] == hdr and "." in k)
        if hdr in diffs:
            print("FAIL: abi/%s: %d difference(s) from Xen 4.17"
                  % (hdr, len(diffs[hdr])))
            for m in diffs[hdr]:
                print("    " + m)
        else:
            print("PASS: abi/%s (%d structs, %d fields, %d constants as in "
                  "Xen 4.17)" % (hdr, n, nf, nconst.get(hdr, 0)))
    # Every public struct carries its size in the header itself, so a
    # change is caught by every build, not only by this test.
    text = ""
    for h in headers:
        with open(os.path.join(args.ours, "public", h)) as f:
            text += f.read()
    asserted = set(a.strip() for a in re.findall(
        r"_Static_assert\s*\(\s*sizeof\s*\(([^()]*)\)", text))
    unasserted = [r.spellings()[0] for r in ours
                  if r.spellings() and not is_handle(r) and
                  not any(sp in asserted for sp in r.spellings())]
    if unasserted:
        print("FAIL: abi/size-asserts: %d public structs have no _Static_assert "
              "of their size: %s" % (len(unasserted), ", ".join(unasserted)))
    else:
        print("PASS: abi/size-asserts (all %d public structs assert their size)"
              % sum(1 for r in ours if r.spellings() and not is_handle(r)))
    for m in accepted:
        print("abi: accepted difference: " + m)
    for m in kind_notes:
        print("abi: note: " + m)
    print("abi: compared %d structs, %d fields (%d of them integers whose "
          "signedness is compared too) and %d constants with Xen 4.17's "
          "headers" % (nstructs, nfields, nsign, len(ints)))
    npad = sum(1 for _, f in skipped_fields if PAD_RE.match(f.rsplit(".", 1)[1]))
    print("abi: skipped %d structs and %d fields that Xen's headers lack or "
          "spell differently (%d of the fields are explicit padding that Xen "
          "leaves implicit); %d guest handle types are compared through the "
          "fields that use them" % (len(skipped_structs), len(skipped_fields),
                                    npad, handles))
    print("abi: skipped %d constants Xen's headers (as a toolstack sees them) "
          "lack, and %d that are not integers (strings, types, code)"
          % (len(skipped_consts), len(nonint)))
    listing = os.path.join(args.out, "skipped.txt")
    with open(listing, "w") as f:
        for h, s in skipped_structs:
            f.write("struct %s %s\n" % (h, s))
        for h, s in skipped_fields:
            f.write("field %s %s\n" % (h, s))
        for h, s in skipped_consts:
            f.write("constant %s %s (not in Xen's headers)\n" % (h, s))
        for h, s in nonint:
            f.write("constant %s %s (not an integer)\n" % (h, s))
    if args.verbose:
        for h, s in skipped_structs:
            print("abi: skipped struct %s (%s)" % (s, h))
        for h, s in skipped_fields:
            print("abi: skipped field %s (%s)" % (s, h))
        for h, s in skipped_consts + nonint:
            print("abi: skipped constant %s (%s)" % (s, h))
    else:
        if skipped_structs:
            print("abi: skipped structs: %s" % ", ".join(
                "%s (%s)" % (n, h) for h, n in skipped_structs))
        print("abi: every skipped name is listed in %s (-v prints them)"
              % listing)
    return 1 if diffs or unasserted else 0


if __name__ == "__main__":
    sys.exit(main())
