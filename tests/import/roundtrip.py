#!/usr/bin/env python3
"""Compare a Markdown checklist with what chkc import + chkc build made of it.

    python3 roundtrip.py ORIGINAL.md OUTPUT.md NAME

Both files are parsed by libcmark-gfm itself (through ctypes; the cmark-gfm
program if the library cannot be loaded), with the table and tasklist
extensions, so that task items, code blocks and blanks are found the way a
git host finds them, not by patterns on lines.  Prints one line
"ok NAME: ..." with the figures, or "FAIL NAME: ..." with details below.

Task items are compared by text, order and nesting (the number of task
items around one), after normalising: whitespace collapsed, emphasis
markers dropped (the XML tree has no markers), a blank is "___" whatever its
length or its one-letter prefix ("v____", "#____"), and no ':' or space
before a blank or a choice, no space before closing punctuation.  The
box's state is ignored: a template has none.  An item of the original
that became a row of a sign-off table ("- [ ] QA Lead: ____ Date: ____")
counts as kept when the output's sign-off table has that role; the
figure without them is printed too.

Passes when at least 99% of the task items are kept, every code block of
the original is a code block of the output, and the output has at least
as many blanks and choices as the original.
"""
import ctypes
import ctypes.util
import difflib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"
THRESHOLD = 99.0
BLANK = re.compile(r"(?<![0-9A-Za-z])[vV#]?_{3,}(?![0-9A-Za-z])")
BOX = re.compile(r"\[[ xX]\]|[\u2610\u2611\u2612\u25a1]")


def xml_by_library(text):
    """The cmark-gfm XML of text through libcmark-gfm, or None."""
    try:
        core = ctypes.CDLL(ctypes.util.find_library("cmark-gfm") or "libcmark-gfm.so")
        ext = ctypes.CDLL(ctypes.util.find_library("cmark-gfm-extensions")
                          or "libcmark-gfm-extensions.so")
    except OSError:
        return None
    vp = ctypes.c_void_p
    core.cmark_parser_new.restype = vp
    core.cmark_find_syntax_extension.restype = vp
    core.cmark_find_syntax_extension.argtypes = [ctypes.c_char_p]
    core.cmark_parser_attach_syntax_extension.argtypes = [vp, vp]
    core.cmark_parser_feed.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    core.cmark_parser_finish.restype = vp
    core.cmark_parser_finish.argtypes = [vp]
    core.cmark_render_xml.restype = vp
    core.cmark_render_xml.argtypes = [vp, ctypes.c_int]
    core.cmark_node_free.argtypes = [vp]
    core.cmark_parser_free.argtypes = [vp]
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [vp]
    ext.cmark_gfm_core_extensions_ensure_registered()
    sourcepos = 1 << 1
    parser = core.cmark_parser_new(sourcepos)
    for name in (b"table", b"tasklist"):
        core.cmark_parser_attach_syntax_extension(
            parser, core.cmark_find_syntax_extension(name))
    data = text.encode("utf-8")
    core.cmark_parser_feed(parser, data, len(data))
    root = core.cmark_parser_finish(parser)
    out = core.cmark_render_xml(root, sourcepos)
    xml = ctypes.string_at(out).decode("utf-8")
    libc.free(out)
    core.cmark_node_free(root)
    core.cmark_parser_free(parser)
    return xml


def parse(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    xml = xml_by_library(text)
    if xml is None:
        xml = subprocess.run(["cmark-gfm", "-e", "table", "-e", "tasklist",
                              "-t", "xml", "--sourcepos", path],
                             check=True, capture_output=True,
                             text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    return ET.fromstring(xml), text.splitlines()


def tag(e):
    return e.tag[len(NS):] if e.tag.startswith(NS) else e.tag


def inline(e):
    """The text of inline content, emphasis markers dropped."""
    out = []
    for c in e:
        t = tag(c)
        if t in ("text", "html_inline"):
            out.append(c.text or "")
        elif t == "code":
            lit = c.text or ""
            out.append(lit if BLANK.fullmatch(lit.strip()) else "`%s`" % lit)
        elif t in ("softbreak", "linebreak"):
            out.append(" ")
        else:
            out.append(inline(c))
    return "".join(out)


def norm(s):
    s = " ".join(s.split())
    s = BLANK.sub("___", s)
    s = BOX.sub("[ ]", s)
    # "(size: ___ rows)" comes back as "(size): ___ rows": the
    # parenthesis goes with the label, the words stay in order.
    s = re.sub(r"[()]", " ", s)
    s = re.sub(r"\s*:?\s*(___|\[ \])", r" \1", s)
    s = re.sub(r"(?<!\[)\s+([)\].,;!?])", r"\1", s)
    return " ".join(s.split())


def line_of(e, lines):
    """The source line of an element from its start column on."""
    m = re.match(r"(\d+):(\d+)", e.get("sourcepos", ""))
    if not m or int(m.group(1)) > len(lines):
        return ""
    return lines[int(m.group(1)) - 1][int(m.group(2)) - 1:]


class Doc:
    """Task items, code blocks, blanks, choices and sign-off roles."""

    def __init__(self, path):
        root, self.lines = parse(path)
        self.tasks, self.code = [], []
        self.blanks = self.choices = 0
        self.roles = set()
        self.walk(root, 0)

    def walk(self, e, depth):
        t = tag(e)
        if t == "tasklist":
            para = next((c for c in e if tag(c) == "paragraph"), None)
            self.tasks.append((depth, norm(inline(para)) if para is not None else ""))
            depth += 1
        elif t == "code_block":
            self.code.append("\n".join(l.rstrip() for l in (e.text or "").strip("\n").split("\n")))
        elif t == "thematic_break":
            if set(line_of(e, self.lines).strip()) == {"_"}:
                self.blanks += 1
        elif t == "table":
            self.table(e)
        elif t in ("paragraph", "heading"):
            self.count(inline(e))
        for c in e:
            self.walk(c, depth)

    def count(self, s):
        self.blanks += len(BLANK.findall(s))
        if len(BOX.findall(s)) >= 2:
            self.choices += 1

    def table(self, e):
        rows = [r for r in e if tag(r) in ("table_header", "table_row")]
        head = [norm(inline(c)) for c in rows[0]] if rows else []
        for r in rows:
            cells = [norm(inline(c)) for c in r]
            for i, c in enumerate(cells):
                if i > 0 and r is not rows[0] and c == "":
                    self.blanks += 1
                else:
                    self.count(c)
            if head and head[0].lower() in ("role", "роль", "rol", "rolle", "rôle", "função", "角色", "役割") and r is not rows[0] and cells:
                self.roles.add(cells[0])


def kept(a, b):
    """Items of a found in b, in order, at the same nesting."""
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = set()
    for blk in m.get_matching_blocks():
        same.update(range(blk.a, blk.a + blk.size))
    return same


def main():
    orig, out, name = Doc(sys.argv[1]), Doc(sys.argv[2]), sys.argv[3]
    same = kept(orig.tasks, out.tasks)
    moved = [t for i, t in enumerate(orig.tasks) if i not in same
             and t[1].split(" ___")[0] in out.roles]
    n = len(orig.tasks) or 1
    strict = 100.0 * len(same) / n
    total = 100.0 * (len(same) + len(moved)) / n
    missing = [c for c in orig.code if c not in out.code]
    figures = ("items %d, kept %d (%.1f%%)%s; code blocks %d/%d; "
               "blanks %d/%d; choices %d/%d" % (
                   len(orig.tasks), len(same) + len(moved), total,
                   " of which %d as sign-off rows (%.1f%% as task items)" %
                   (len(moved), strict) if moved else "",
                   len(orig.code) - len(missing), len(orig.code),
                   out.blanks, orig.blanks, out.choices, orig.choices))
    ok = (total >= THRESHOLD and not missing and out.blanks >= orig.blanks
          and out.choices >= orig.choices)
    print("%s %s: %s" % ("ok" if ok else "FAIL", name, figures))
    if ok:
        return 0
    for i, t in enumerate(orig.tasks):
        if i not in same and t not in moved:
            print("  item not kept (depth %d): %s" % t)
    for c in missing:
        print("  code block lost: %s" % c.split("\n")[0])
    return 1


if __name__ == "__main__":
    sys.exit(main())
