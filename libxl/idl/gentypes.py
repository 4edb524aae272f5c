#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-only
"""Generates libxl_types.h and libxl_types.c from one or more .idl files.

    python3 idl/gentypes.py --out DIR a.idl [b.idl ...]

The syntax is described at the top of idl/libxl_types.idl.  Types may be
used before they are defined and across files; the output is ordered so
that every type follows what it is made of.  For every struct libxl_X:

    void  libxl_X_init(libxl_X *p);
    void  libxl_X_init_type(libxl_X *p, ENUM k);    (with a keyed union)
    void  libxl_X_dispose(libxl_X *p);              (safe to call twice)
    void  libxl_X_copy(libxl_ctx *ctx, libxl_X *dst, const libxl_X *src);
    void  libxl_X_gen_json(libxl_json_gen *g, const libxl_X *p);
    char *libxl_X_to_json(libxl_ctx *ctx, libxl_X *p);   (malloc'd)

and for every enum libxl_E: LIBXL_E_VALUE constants,
libxl_E_string_table[], libxl_E_to_string() and libxl_E_from_string().
JSON members equal to their default are left out, as Xen's libxl does:
a field whose type or declaration has an init value is written when it
differs from it, other scalars when non-zero, strings when set, arrays
when non-empty, nested structs and unions always.
"""

import argparse
import os
import re
import sys


class IdlError(Exception):
    pass


# name: (C type, init value or None, dispose format or None,
#        json format, copy format or None (plain assignment),
#        "is default" format or None (test for non-zero))
BUILTINS = {
    "string": ("char *", None, "free({v});", "libxl_json_string(g, {v});",
               "{d} = gen_strdup(ctx, {s});", None),
    "integer": ("int", None, None, "libxl_json_integer(g, {v});", None, None),
    "bool": ("bool", None, None, "libxl_json_bool(g, {v});", None, None),
    "uint8": ("uint8_t", None, None, "libxl_json_integer(g, {v});", None,
              None),
    "uint16": ("uint16_t", None, None, "libxl_json_integer(g, {v});", None,
               None),
    "uint32": ("uint32_t", None, None, "libxl_json_integer(g, {v});", None,
               None),
    "uint64": ("uint64_t", None, None, "libxl_json_uint64(g, {v});", None,
               None),
    "MemKB": ("uint64_t", "LIBXL_MEMKB_DEFAULT", None,
              "libxl_json_uint64(g, {v});", None, None),
    "libxl_domid": ("libxl_domid", None, None, "libxl_json_integer(g, {v});",
                    None, None),
    "libxl_devid": ("libxl_devid", "-1", None, "libxl_json_integer(g, {v});",
                    None, None),
    "libxl_defbool": ("libxl_defbool", None, None,
                      "libxl_defbool_gen_json(g, &{v});", None,
                      "libxl_defbool_is_default({v})"),
    "libxl_uuid": ("libxl_uuid", None, None, "libxl_uuid_gen_json(g, &{v});",
                   "libxl_uuid_copy(ctx, &{d}, &{s});",
                   "libxl_uuid_is_nil(&{v})"),
    "libxl_mac": ("libxl_mac", None, None, "libxl_mac_gen_json(g, &{v});",
                  "libxl_mac_copy(ctx, &{d}, &{s});",
                  "libxl_mac_is_default(&{v})"),
    "libxl_bitmap": ("libxl_bitmap", None, "libxl_bitmap_dispose(&{v});",
                     "libxl_bitmap_gen_json(g, &{v});",
                     "libxl_bitmap_copy_alloc(ctx, &{d}, &{s});",
                     "libxl_bitmap_is_empty(&{v})"),
    "libxl_string_list": ("libxl_string_list", None,
                          "libxl_string_list_dispose(&{v});",
                          "libxl_string_list_gen_json(g, &{v});",
                          "libxl_string_list_copy(ctx, &{d}, &{s});",
                          "!libxl_string_list_length(&{v})"),
    "libxl_key_value_list": ("libxl_key_value_list", None,
                             "libxl_key_value_list_dispose(&{v});",
                             "libxl_key_value_list_gen_json(g, &{v});",
                             "libxl_key_value_list_copy(ctx, &{d}, &{s});",
                             "!libxl_key_value_list_length(&{v})"),
    "libxl_hwcap": ("libxl_hwcap", None, None,
                    "libxl_hwcap_gen_json(g, &{v});",
                    "libxl_hwcap_copy(ctx, &{d}, &{s});",
                    "gen_hwcap_is_zero(&{v})"),
}


class Type:
    def __init__(self, kind, name=None):
        self.kind = kind  # builtin enum struct array anon union
        self.name = name


class Builtin(Type):
    def __init__(self, name):
        Type.__init__(self, "builtin", name)
        (self.ctype, self.init, self.dispose, self.json, self.copy,
         self.isdefault) = BUILTINS[name]


class Enum(Type):
    def __init__(self, name, values, init, where):
        Type.__init__(self, "enum", name)
        self.ctype = name
        self.values = values  # [(number, value name)]
        self.where = where
        if not name.startswith("libxl_"):
            raise IdlError("%s: enumeration %s must start with libxl_" %
                           (where, name))
        self.stem = name[len("libxl_"):]
        self.init = self.constant(init, where) if init is not None else None

    def constant(self, vname, where):
        if vname.startswith("LIBXL_"):
            return vname  # a macro of libxl_basic.h
        for _, n in self.values:
            if n.lower() == vname.lower():
                return "LIBXL_%s_%s" % (self.stem.upper(), n.upper())
        raise IdlError("%s: %s has no value %s" % (where, self.name, vname))


class Field:
    def __init__(self, name, ty, init=None):
        self.name = name
        self.type = ty
        self.init = init


class Struct(Type):
    def __init__(self, name, fields, where):
        Type.__init__(self, "struct", name)
        self.ctype = name
        self.fields = fields
        self.where = where

    def union_field(self):
        for f in self.fields:
            if f.type.kind == "union":
                return f
        return None


class Anon(Type):
    def __init__(self, fields):
        Type.__init__(self, "anon")
        self.fields = fields


class Array(Type):
    def __init__(self, elem, count):
        Type.__init__(self, "array")
        self.elem = elem
        self.count = count


class Union(Type):
    def __init__(self, keyvar, keytype, keyinit, members):
        Type.__init__(self, "union")
        self.keyvar = keyvar
        self.keytype = keytype  # name, resolved later
        self.keyinit = keyinit
        self.members = members  # [(value name, Anon or None)]


class Ref(Type):
    """A named type, resolved once every file is read."""

    def __init__(self, name, where):
        Type.__init__(self, "ref", name)
        self.where = where


# ---- parsing ------------------------------------------------------------

TOKEN = re.compile(r"\s*(?:(#[^\n]*)|(-?[A-Za-z0-9_]+)|([{}(),:=]))")


def tokenize(path, text):
    toks = []
    pos = 0
    while True:
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                return toks
            raise IdlError("%s:%d: unexpected character %r" %
                           (path, text.count("\n", 0, pos) + 1,
                            text[pos:].lstrip()[0]))
        tok = m.group(2) or m.group(3)
        if tok:
            start = m.start(2) if m.group(2) else m.start(3)
            toks.append((tok, "%s:%d" % (path,
                                         text.count("\n", 0, start) + 1)))
        pos = m.end()


class Parser:
    def __init__(self, toks, path):
        self.toks = toks
        self.i = 0
        self.path = path

    def where(self):
        if self.i < len(self.toks):
            return self.toks[self.i][1]
        return "%s:end" % self.path

    def peek(self):
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def next(self):
        if self.i >= len(self.toks):
            raise IdlError("%s: unexpected end of file" % self.where())
        t = self.toks[self.i][0]
        self.i += 1
        return t

    def expect(self, t):
        w = self.where()
        got = self.next()
        if got != t:
            raise IdlError("%s: expected '%s', found '%s'" % (w, t, got))

    def ident(self):
        w = self.where()
        t = self.next()
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", t):
            raise IdlError("%s: expected a name, found '%s'" % (w, t))
        return t

    def opt_init(self):
        if self.peek() == "init":
            self.next()
            self.expect("=")
            return self.next()
        return None

    def parse_file(self):
        out = []
        while self.peek() is not None:
            w = self.where()
            kw = self.next()
            if kw == "enum":
                out.append(self.parse_enum(w))
            elif kw == "struct":
                name = self.ident()
                out.append(Struct(name, self.parse_fields(), w))
            else:
                raise IdlError("%s: expected 'enum' or 'struct', found '%s'" %
                               (w, kw))
        return out

    def parse_enum(self, w):
        name = self.ident()
        init = self.opt_init()
        self.expect("{")
        values = []
        while self.peek() != "}":
            vw = self.where()
            num = self.next()
            try:
                n = int(num, 0)
            except ValueError:
                raise IdlError("%s: expected a number, found '%s'" %
                               (vw, num))
            values.append((n, self.ident()))
        self.next()
        return Enum(name, values, init, w)

    def parse_fields(self):
        self.expect("{")
        fields = []
        names = set()
        while self.peek() != "}":
            w = self.where()
            name = self.ident()
            if name in names:
                raise IdlError("%s: field %s defined twice" % (w, name))
            names.add(name)
            fields.append(self.parse_field(name, w))
        self.next()
        return fields

    def parse_type(self, w):
        t = self.ident()
        if t == "array":
            self.expect("(")
            elem = self.parse_type(self.where())
            self.expect(",")
            count = self.ident()
            self.expect(")")
            return Array(elem, count)
        return Ref(t, w)

    def parse_field(self, name, w):
        if self.peek() == "struct":
            self.next()
            return Field(name, Anon(self.parse_fields()))
        if self.peek() == "union":
            self.next()
            self.expect("(")
            keyvar = self.ident()
            self.expect(":")
            keytype = Ref(self.ident(), w)
            keyinit = self.opt_init()
            self.expect(")")
            self.expect("{")
            members = []
            while self.peek() != "}":
                mname = self.ident()
                kind = self.next()
                if kind == "none":
                    members.append((mname, None))
                elif kind == "struct":
                    members.append((mname, Anon(self.parse_fields())))
                else:
                    raise IdlError("%s: expected 'struct' or 'none' after "
                                   "union member %s" % (self.where(), mname))
            self.next()
            return Field(name, Union(keyvar, keytype, keyinit, members))
        ty = self.parse_type(w)
        return Field(name, ty, self.opt_init())


# ---- resolution and ordering ------------------------------------------------


def resolve(types):
    named = {}
    for t in types:
        if t.name in named or t.name in BUILTINS:
            raise IdlError("%s: type %s defined twice" % (t.where, t.name))
        named[t.name] = t

    def res(ty, deps):
        if ty.kind == "ref":
            if ty.name in BUILTINS:
                return Builtin(ty.name)
            if ty.name not in named:
                raise IdlError("%s: unknown type %s" % (ty.where, ty.name))
            deps.add(ty.name)
            return named[ty.name]
        if ty.kind == "array":
            ty.elem = res(ty.elem, deps)
            if ty.elem.kind in ("array", "union", "anon"):
                raise IdlError("arrays hold named or basic types only")
            return ty
        if ty.kind == "anon":
            res_fields(ty.fields, deps)
            return ty
        if ty.kind == "union":
            ty.keytype = res(ty.keytype, deps)
            if ty.keytype.kind != "enum":
                raise IdlError("union key %s must be an enumeration" %
                               ty.keyvar)
            ty.keyinit_c = (ty.keytype.constant(ty.keyinit, "union")
                            if ty.keyinit else ty.keytype.init)
            for mname, m in ty.members:
                ty.keytype.constant(mname, "union %s" % ty.keyvar)
                if m is not None:
                    res(m, deps)
            return ty
        return ty

    def res_fields(fields, deps):
        for f in fields:
            f.type = res(f.type, deps)

    deps = {}
    for t in types:
        d = set()
        if t.kind == "struct":
            res_fields(t.fields, d)
            for f in t.fields:
                if f.type.kind == "array":
                    if any(x.name == f.type.count for x in t.fields):
                        raise IdlError("%s: %s: count %s clashes with a field"
                                       % (t.where, f.name, f.type.count))
        d.discard(t.name)
        deps[t.name] = d

    # Depth-first, keeping the files' order where dependencies allow.
    order, state = [], {}

    def visit(name, chain):
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise IdlError("types depend on each other: %s" %
                           " -> ".join(chain + [name]))
        state[name] = 1
        for d in sorted(deps[name], key=lambda n: types.index(named[n])):
            visit(d, chain + [name])
        state[name] = 2
        order.append(named[name])

    for t in types:
        visit(t.name, [])
    return order


# ---- C generation -------------------------------------------------------------


def ctype(ty):
    if ty.kind in ("builtin", "enum", "struct"):
        return ty.ctype
    raise IdlError("no C type for %s" % ty.kind)


def c_fields(fields, ind):
    out = []
    for f in fields:
        t = f.type
        if t.kind == "array":
            out.append("%s%s *%s;" % (ind, ctype(t.elem), f.name))
            out.append("%sint %s;" % (ind, t.count))
        elif t.kind == "anon":
            out.append("%sstruct {" % ind)
            out += c_fields(t.fields, ind + "    ")
            out.append("%s} %s;" % (ind, f.name))
        elif t.kind == "union":
            out.append("%s%s %s;" % (ind, t.keytype.ctype, t.keyvar))
            out.append("%sunion {" % ind)
            for mname, m in t.members:
                if m is not None:
                    out.append("%s    struct {" % ind)
                    out += c_fields(m.fields, ind + "        ")
                    out.append("%s    } %s;" % (ind, mname))
            out.append("%s} %s;" % (ind, f.name))
        else:
            sp = "" if ctype(t).endswith("*") else " "
            out.append("%s%s%s%s;" % (ind, ctype(t), sp, f.name))
    return out


def field_init(f):
    if f.init is not None:
        if f.type.kind == "enum":
            return f.type.constant(f.init, f.name)
        return f.init
    if f.type.kind in ("builtin", "enum"):
        return f.type.init
    return None


def gen_init(fields, v, ind):
    out = []
    for f in fields:
        t = f.type
        fv = "%s.%s" % (v, f.name)
        if t.kind == "struct":
            out.append("%s%s_init(&%s);" % (ind, t.name, fv))
        elif t.kind == "anon":
            out += gen_init(t.fields, fv, ind)
        elif t.kind == "union":
            if t.keyinit_c is not None:
                out.append("%s%s.%s = %s;" % (ind, v, t.keyvar, t.keyinit_c))
        elif t.kind != "array":
            iv = field_init(f)
            if iv is not None and t.kind == "builtin":
                out.append("%s%s = (%s)(%s);" % (ind, fv, t.ctype, iv))
            elif iv is not None:
                out.append("%s%s = %s;" % (ind, fv, iv))
    return out


def union_cases(t, v, f, ind, body):
    """switch on the key of union t at v; body(member, mexpr, ind)."""
    out = ["%sswitch (%s.%s) {" % (ind, v, t.keyvar)]
    for mname, m in t.members:
        out.append("%scase %s:" % (ind, t.keytype.constant(mname, "")))
        out += body(mname, m, "%s.%s.%s" % (v, f.name, mname), ind + "    ")
        out.append("%s    break;" % ind)
    out.append("%sdefault:" % ind)
    out.append("%s    break;" % ind)
    out.append("%s}" % ind)
    return out


def gen_dispose_value(t, v, ind, depth):
    if t.kind == "builtin":
        return [ind + t.dispose.format(v=v)] if t.dispose else []
    if t.kind == "struct":
        return ["%s%s_dispose(&%s);" % (ind, t.name, v)]
    return []


def gen_dispose(fields, v, ind, depth=0):
    out = []
    for f in fields:
        t = f.type
        fv = "%s.%s" % (v, f.name)
        if t.kind == "anon":
            out += gen_dispose(t.fields, fv, ind, depth)
        elif t.kind == "union":
            out += union_cases(t, v, f, ind, lambda mn, m, mv, i:
                               gen_dispose(m.fields, mv, i, depth)
                               if m else [])
        elif t.kind == "array":
            body = gen_dispose_value(t.elem, "%s[i%d]" % (fv, depth),
                                     ind + "        ", depth + 1)
            cnt = "%s.%s" % (v, t.count)
            if body:
                out.append("%sif (%s) {" % (ind, fv))
                out.append("%s    for (int i%d = 0; i%d < %s; i%d++)" %
                           (ind, depth, depth, cnt, depth))
                out += body
                out.append("%s}" % ind)
            out.append("%sfree(%s);" % (ind, fv))
        else:
            out += gen_dispose_value(t, fv, ind, depth)
    return out


def gen_copy_value(t, d, s, ind):
    if t.kind == "struct":
        return ["%s%s_copy(ctx, &%s, &%s);" % (ind, t.name, d, s)]
    if t.kind == "builtin" and t.copy:
        return [ind + t.copy.format(d=d, s=s)]
    return ["%s%s = %s;" % (ind, d, s)]


def gen_copy(fields, d, s, ind, depth=0):
    out = []
    for f in fields:
        t = f.type
        fd, fs = "%s.%s" % (d, f.name), "%s.%s" % (s, f.name)
        if t.kind == "anon":
            out += gen_copy(t.fields, fd, fs, ind, depth)
        elif t.kind == "union":
            out.append("%s%s.%s = %s.%s;" % (ind, d, t.keyvar, s, t.keyvar))

            def body(mn, m, mv, i):
                if not m:
                    return []
                return gen_copy(m.fields, mv.replace(s, d, 1), mv, i, depth)

            out += union_cases(t, s, f, ind, body)
        elif t.kind == "array":
            cnt_d, cnt_s = "%s.%s" % (d, t.count), "%s.%s" % (s, t.count)
            out.append("%sif (%s && %s > 0) {" % (ind, fs, cnt_s))
            out.append("%s    %s = gen_calloc(ctx, %s, sizeof(*%s));" %
                       (ind, fd, cnt_s, fd))
            out.append("%s    for (int i%d = 0; i%d < %s; i%d++) {" %
                       (ind, depth, depth, cnt_s, depth))
            out += gen_copy_value(t.elem, "%s[i%d]" % (fd, depth),
                                  "%s[i%d]" % (fs, depth), ind + "        ")
            out.append("%s    }" % ind)
            out.append("%s    %s = %s;" % (ind, cnt_d, cnt_s))
            out.append("%s}" % ind)
        else:
            out += gen_copy_value(t, fd, fs, ind)
    return out


def gen_json_value(t, v, ind, depth):
    if t.kind == "builtin":
        return [ind + t.json.format(v=v)]
    if t.kind == "enum":
        return ["%slibxl_json_string(g, %s_to_string(%s));" %
                (ind, t.name, v)]
    if t.kind == "struct":
        return ["%s%s_gen_json(g, &%s);" % (ind, t.name, v)]
    raise IdlError("no JSON for %s" % t.kind)


def json_default_cond(f, fv, cnt):
    t = f.type
    if t.kind == "array":
        return "%s && %s" % (fv, cnt)
    if t.kind == "struct":
        return "1 /* nested structs are always written */"
    iv = field_init(f)
    if iv is not None and t.kind == "builtin":
        return "%s != (%s)(%s)" % (fv, t.ctype, iv)
    if iv is not None:
        return "%s != %s" % (fv, iv)
    if t.kind == "builtin" and t.isdefault:
        return "!(%s)" % t.isdefault.format(v=fv)
    return fv


def gen_json_fields(fields, v, ind, depth=0):
    out = ["%slibxl_json_map_open(g);" % ind]
    for f in fields:
        t = f.type
        fv = "%s.%s" % (v, f.name)
        key = "%slibxl_json_string(g, \"%s\");" % (ind + "    ", f.name)
        if t.kind == "anon":
            out.append(key.replace("    ", "", 1))
            out += gen_json_fields(t.fields, fv, ind, depth)
        elif t.kind == "union":
            def body(mn, m, mv, i):
                r = ["%slibxl_json_string(g, \"%s.%s\");" %
                     (i, t.keyvar, mn)]
                if m:
                    r += gen_json_fields(m.fields, mv, i, depth)
                else:
                    r += ["%slibxl_json_map_open(g);" % i,
                          "%slibxl_json_map_close(g);" % i]
                return r
            out += union_cases(t, v, f, ind, body)
        else:
            cnt = "%s.%s" % (v, t.count) if t.kind == "array" else None
            out.append("%sif (%s) {" % (ind, json_default_cond(f, fv, cnt)))
            out.append(key)
            if t.kind == "array":
                iv = "i%d" % depth
                out.append("%s    libxl_json_array_open(g);" % ind)
                out.append("%s    for (int %s = 0; %s < %s; %s++)" %
                           (ind, iv, iv, cnt, iv))
                out += gen_json_value(t.elem, "%s[%s]" % (fv, iv),
                                      ind + "        ", depth + 1)
                out.append("%s    libxl_json_array_close(g);" % ind)
            else:
                out += gen_json_value(t, fv, ind + "    ", depth)
            out.append("%s}" % ind)
    out.append("%slibxl_json_map_close(g);" % ind)
    return out


# Reading JSON back: what each built-in becomes (a reader of
# lib/json_parse.h; "int" ones take the C type's range).
JSON_READERS = {
    "string": "libxl__json_read_string({o}, &{v})",
    "bool": "libxl__json_read_bool({o}, &{v})",
    "uint64": "libxl__json_read_u64({o}, &{v})",
    "MemKB": "libxl__json_read_u64({o}, &{v})",
    "libxl_defbool": "libxl__json_read_defbool({o}, &{v})",
    "libxl_uuid": "libxl__json_read_uuid({o}, &{v})",
    "libxl_mac": "libxl__json_read_mac({o}, &{v})",
    "libxl_bitmap": "libxl__json_read_bitmap({o}, &{v})",
    "libxl_string_list": "libxl__json_read_string_list({o}, &{v})",
    "libxl_key_value_list": "libxl__json_read_key_value_list({o}, &{v})",
    "libxl_hwcap": "libxl__json_read_hwcap({o}, &{v})",
}
JSON_INT_RANGES = {
    "integer": ("INT_MIN", "INT_MAX"),
    "libxl_devid": ("INT_MIN", "INT_MAX"),
    "uint8": ("0", "UINT8_MAX"),
    "uint16": ("0", "UINT16_MAX"),
    "uint32": ("0", "UINT32_MAX"),
    "libxl_domid": ("0", "UINT32_MAX"),
}


def parse_json_value(t, o, v, ind):
    """C statements reading JSON object o into v; 'goto bad' on error."""
    if t.kind == "builtin":
        if t.name in JSON_INT_RANGES:
            lo, hi = JSON_INT_RANGES[t.name]
            return ["%s{" % ind,
                    "%s    int64_t x;" % ind,
                    "%s    if (libxl__json_read_int(%s, %s, %s, &x))" %
                    (ind, o, lo, hi),
                    "%s        goto bad;" % ind,
                    "%s    %s = (%s)x;" % (ind, v, t.ctype),
                    "%s}" % ind]
        return ["%sif (%s)" % (ind, JSON_READERS[t.name].format(o=o, v=v)),
                "%s    goto bad;" % ind]
    if t.kind == "enum":
        return ["%sif (%s->type != LIBXL__JSON_STRING ||" % (ind, o),
                "%s    %s_from_string(%s->s, &%s))" % (ind, t.name, o, v),
                "%s    goto bad;" % ind]
    if t.kind == "struct":
        return ["%sif (libxl__%s_parse_json(%s, &%s))" % (ind, t.name, o, v),
                "%s    goto bad;" % ind]
    raise IdlError("no JSON reader for %s" % t.kind)


def parse_json_fields(fields, o, v, ind, depth, top=None):
    """Fields of v from map o: a member absent keeps its initial value."""
    out = []
    m = "m%d" % depth
    for f in fields:
        t = f.type
        fv = "%s.%s" % (v, f.name)
        if t.kind == "anon":
            out.append("%sif ((%s = libxl__json_get(%s, \"%s\"))) {" %
                       (ind, m, o, f.name))
            sub = "o%d" % (depth + 1)
            out.append("%s    const libxl__json_object *%s = %s;" %
                       (ind + "", sub, m))
            out.append("%s    const libxl__json_object *m%d;" %
                       (ind, depth + 1))
            out.append("%s    if (%s->type != LIBXL__JSON_MAP)" % (ind, sub))
            out.append("%s        goto bad;" % ind)
            out += parse_json_fields(t.fields, sub, fv, ind + "    ",
                                     depth + 1)
            out.append("%s}" % ind)
        elif t.kind == "union":
            for mname, mt in t.members:
                const = t.keytype.constant(mname, "")
                out.append("%sif ((%s = libxl__json_get(%s, \"%s.%s\"))) {" %
                           (ind, m, o, t.keyvar, mname))
                if top is not None:
                    out.append("%s    %s_init_%s(p, %s);" %
                               (ind, top, t.keyvar, const))
                else:
                    out.append("%s    %s.%s = %s;" % (ind, v, t.keyvar, const))
                if mt:
                    sub = "o%d" % (depth + 1)
                    out.append("%s    const libxl__json_object *%s = %s;" %
                               (ind, sub, m))
                    out.append("%s    const libxl__json_object *m%d;" %
                               (ind, depth + 1))
                    out.append("%s    if (%s->type != LIBXL__JSON_MAP)" %
                               (ind, sub))
                    out.append("%s        goto bad;" % ind)
                    out.append("%s    (void)m%d;" % (ind, depth + 1))
                    out += parse_json_fields(mt.fields, sub,
                                             "%s.%s.%s" % (v, f.name, mname),
                                             ind + "    ", depth + 1)
                out.append("%s}" % ind)
        elif t.kind == "array":
            cnt = "%s.%s" % (v, t.count)
            iv = "i%d" % depth
            out.append("%sif ((%s = libxl__json_get(%s, \"%s\"))) {" %
                       (ind, m, o, f.name))
            out.append("%s    if (%s->type != LIBXL__JSON_ARRAY)" % (ind, m))
            out.append("%s        goto bad;" % ind)
            out.append("%s    %s = calloc((size_t)%s->n + 1, sizeof(*%s));" %
                       (ind, fv, m, fv))
            out.append("%s    if (!%s)" % (ind, fv))
            out.append("%s        goto bad;" % ind)
            out.append("%s    for (int %s = 0; %s < %s->n; %s++) {" %
                       (ind, iv, iv, m, iv))
            ev = "%s[%s]" % (fv, iv)
            e = t.elem
            if e.kind == "struct":
                out.append("%s        %s_init(&%s);" % (ind, e.name, ev))
            elif e.kind == "builtin" and e.name == "libxl_bitmap":
                out.append("%s        libxl_bitmap_init(&%s);" % (ind, ev))
            out.append("%s        %s = %s + 1;" % (ind, cnt, iv))
            out += parse_json_value(e, "%s->vals[%s]" % (m, iv), ev,
                                    ind + "        ")
            out.append("%s    }" % ind)
            out.append("%s}" % ind)
        else:
            out.append("%sif ((%s = libxl__json_get(%s, \"%s\"))) {" %
                       (ind, m, o, f.name))
            out += parse_json_value(t, m, fv, ind + "    ")
            out.append("%s}" % ind)
    return out


def emit_parse_json(t):
    n = t.name
    c = ["static int libxl__%s_parse_json(const libxl__json_object *o0, %s *p)" %
         (n, n),
         "{",
         "    const libxl__json_object *m0;",
         "",
         "    if (o0->type != LIBXL__JSON_MAP)",
         "        return ERROR_INVAL;"]
    c += parse_json_fields(t.fields, "o0", "(*p)", "    ", 0, top=n)
    c += ["    (void)m0;",
          "    return 0;",
          "bad:",
          "    return ERROR_INVAL;",
          "}",
          "",
          "int %s_from_json(libxl_ctx *ctx, %s *p, const char *s)" % (n, n),
          "{",
          "    libxl__json_object *o = libxl__json_parse(s);",
          "    int rc;",
          "",
          "    (void)ctx;",
          "    if (!o)",
          "        return ERROR_INVAL;",
          "    rc = libxl__%s_parse_json(o, p);" % n,
          "    libxl__json_free(o);",
          "    return rc;",
          "}",
          ""]
    return c


def emit_header(order, names):
    h = []
    h.append("/* SPDX-License-Identifier: LGPL-2.1-only */")
    h.append("/* Generated by idl/gentypes.py from %s: do not edit. */" %
             ", ".join(names))
    h.append("#ifndef LIBXL_TYPES_H")
    h.append("#define LIBXL_TYPES_H")
    h.append("")
    h.append("#include \"libxl_basic.h\"")
    h.append("#include \"libxl_json.h\"")
    h.append("")
    for t in order:
        if t.kind == "enum":
            h.append("typedef enum %s {" % t.name)
            for n, vn in t.values:
                h.append("    %s = %d," % (t.constant(vn, ""), n))
            h.append("} %s;" % t.name)
            h.append("LIBXL_EXPORT extern const libxl_enum_string_table "
                     "%s_string_table[];" % t.name)
            h.append("/* The value's name in lower case; NULL if none. */")
            h.append("LIBXL_EXPORT const char *%s_to_string(%s e);" %
                     (t.name, t.name))
            h.append("/* Any case; 0, or ERROR_FAIL if s names no value. */")
            h.append("LIBXL_EXPORT int %s_from_string(const char *s, %s *e);"
                     % (t.name, t.name))
            h.append("")
        else:
            n = t.name
            h.append("typedef struct %s {" % n)
            h += c_fields(t.fields, "    ")
            h.append("} %s;" % n)
            h.append("LIBXL_EXPORT void %s_init(%s *p);" % (n, n))
            u = t.union_field()
            if u is not None:
                h.append("LIBXL_EXPORT void %s_init_%s(%s *p, %s %s);" %
                         (n, u.type.keyvar, n, u.type.keytype.name,
                          u.type.keyvar))
            h.append("LIBXL_EXPORT void %s_dispose(%s *p);" % (n, n))
            h.append("LIBXL_EXPORT void %s_copy(libxl_ctx *ctx, %s *dst, "
                     "const %s *src);" % (n, n, n))
            h.append("LIBXL_EXPORT void %s_gen_json(libxl_json_gen *g, "
                     "const %s *p);" % (n, n))
            h.append("LIBXL_EXPORT char *%s_to_json(libxl_ctx *ctx, %s *p);"
                     % (n, n))
            h.append("/* p initialised first; members absent keep their "
                     "values.  0 or ERROR_INVAL. */")
            h.append("LIBXL_EXPORT int %s_from_json(libxl_ctx *ctx, %s *p, "
                     "const char *s);" % (n, n))
            h.append("")
    h.append("#endif")
    return "\n".join(h) + "\n"


C_PRELUDE = """\
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <limits.h>

#include "internal.h"
#include "json_parse.h"

/* Copies abort on exhaustion, as Xen's generated ones do. */
static void gen_oom(libxl_ctx *ctx)
{
    if (!ctx || !ctx->lg)
        fprintf(stderr, "libxl: out of memory copying a configuration\\n");
    libxl__log(ctx, LIBXL_LOG_CRITICAL, ENOMEM, __FILE__, __LINE__, __func__,
               LIBXL__NO_DOMID, "out of memory copying a configuration");
    abort();
}

static __attribute__((unused)) char *gen_strdup(libxl_ctx *ctx, const char *s)
{
    char *d;

    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        gen_oom(ctx);
    return d;
}

static __attribute__((unused)) void *gen_calloc(libxl_ctx *ctx, size_t n,
                                                 size_t size)
{
    void *p = calloc(n, size);

    if (!p)
        gen_oom(ctx);
    return p;
}

static __attribute__((unused)) int gen_hwcap_is_zero(const libxl_hwcap *p)
{
    for (int i = 0; i < 8; i++)
        if ((*p)[i])
            return 0;
    return 1;
}

static int gen_enum_from_string(const libxl_enum_string_table *t,
                                const char *s, int *v)
{
    if (!s)
        return ERROR_FAIL;
    for (; t->s; t++)
        if (!strcasecmp(t->s, s)) {
            *v = t->v;
            return 0;
        }
    return ERROR_FAIL;
}
"""


def emit_c(order, names):
    c = ["/* SPDX-License-Identifier: LGPL-2.1-only */",
         "/* Generated by idl/gentypes.py from %s: do not edit. */" %
         ", ".join(names), C_PRELUDE]
    for t in order:
        n = t.name
        if t.kind == "enum":
            c.append("const libxl_enum_string_table %s_string_table[] = {" %
                     n)
            for num, vn in t.values:
                c.append("    { \"%s\", %s }," % (vn.lower(),
                                                  t.constant(vn, "")))
            c.append("    { NULL, -1 },")
            c.append("};")
            c.append("")
            c.append("const char *%s_to_string(%s e)" % (n, n))
            c.append("{")
            c.append("    switch (e) {")
            for num, vn in t.values:
                c.append("    case %s:" % t.constant(vn, ""))
                c.append("        return \"%s\";" % vn.lower())
            c.append("    default:")
            c.append("        return NULL;")
            c.append("    }")
            c.append("}")
            c.append("")
            c.append("int %s_from_string(const char *s, %s *e)" % (n, n))
            c.append("{")
            c.append("    int v, rc = gen_enum_from_string(%s_string_table, "
                     "s, &v);" % n)
            c.append("")
            c.append("    if (!rc)")
            c.append("        *e = (%s)v;" % n)
            c.append("    return rc;")
            c.append("}")
            c.append("")
            continue

        c.append("void %s_init(%s *p)" % (n, n))
        c.append("{")
        c.append("    memset(p, 0, sizeof(*p));")
        c += gen_init(t.fields, "(*p)", "    ")
        c.append("}")
        c.append("")
        u = t.union_field()
        if u is not None:
            ut = u.type
            c.append("void %s_init_%s(%s *p, %s %s)" %
                     (n, ut.keyvar, n, ut.keytype.name, ut.keyvar))
            c.append("{")
            c.append("    p->%s = %s;" % (ut.keyvar, ut.keyvar))

            def ibody(mn, m, mv, i):
                if not m:
                    return []
                return ["%smemset(&%s, 0, sizeof(%s));" % (i, mv, mv)] + \
                    gen_init(m.fields, mv, i)
            c += union_cases(ut, "(*p)", u, "    ", ibody)
            c.append("}")
            c.append("")
        c.append("void %s_dispose(%s *p)" % (n, n))
        c.append("{")
        c.append("    if (!p)")
        c.append("        return;")
        c += gen_dispose(t.fields, "(*p)", "    ")
        c.append("    memset(p, 0, sizeof(*p));")
        c.append("}")
        c.append("")
        c.append("void %s_copy(libxl_ctx *ctx, %s *dst, const %s *src)" %
                 (n, n, n))
        c.append("{")
        c.append("    memset(dst, 0, sizeof(*dst));")
        c += gen_copy(t.fields, "(*dst)", "(*src)", "    ")
        c.append("}")
        c.append("")
        c.append("void %s_gen_json(libxl_json_gen *g, const %s *p)" % (n, n))
        c.append("{")
        c += gen_json_fields(t.fields, "(*p)", "    ")
        c.append("}")
        c.append("")
        c.append("char *%s_to_json(libxl_ctx *ctx, %s *p)" % (n, n))
        c.append("{")
        c.append("    libxl_json_gen *g = libxl_json_gen_new();")
        c.append("")
        c.append("    if (!g)")
        c.append("        return NULL;")
        c.append("    %s_gen_json(g, p);" % n)
        c.append("    return libxl_json_gen_finish(g);")
        c.append("}")
        c.append("")
        c += emit_parse_json(t)
    return "\n".join(c)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("idl", nargs="+")
    a = ap.parse_args()
    types = []
    try:
        for path in a.idl:
            with open(path) as f:
                types += Parser(tokenize(path, f.read()), path).parse_file()
        order = resolve(types)
    except (IdlError, OSError) as e:
        print("gentypes: %s" % e, file=sys.stderr)
        return 1
    names = [os.path.basename(p) for p in a.idl]
    os.makedirs(a.out, exist_ok=True)
    # Both always written so make sees them newer than the inputs.
    for name, text in (("libxl_types.h", emit_header(order, names)),
                       ("libxl_types.c", emit_c(order, names))):
        path = os.path.join(a.out, name)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
