#!/usr/bin/env python3
"""Assertions on every output format built from the hostile corpus
(tests/hostile/: hostile values in every variable, hostile Markdown
written by a template's author).

    python3 tests/hostile/check.py OUT

OUT is what `chkc build -C tests/hostile -o OUT` wrote.  Prints one
"ok hostile/NAME" or "FAIL hostile/NAME" line per check, details
indented below a failure.  Uses Python's standard library, cmark-gfm
(to render the Markdown outputs as a git host would) and qpdf and
pdftotext (poppler-utils).
"""
import base64
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys
import zipfile

OUT = sys.argv[1]
EVIL = os.path.join(OUT, "evil")

# Markers of the payloads: VAR* come in variables (content/evil.yaml),
# LIT* are written in templates/literal.yaml.  LIT markers of plain
# texts (options, code, language, roles, columns), which every format
# must escape; the others are in Markdown texts, which the author owns.
PLAIN_LIT = ["LIT9", "LIT10", "LIT14", "LIT15", "LIT21", "LIT22",
             "display:none"]
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "base",
                  "img", "frame", "frameset", "applet", "audio", "video",
                  "source", "track", "portal"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href",
             "srcset", "poster", "background", "data", "ping"}

failed = 0


def report(name, problems):
    global failed
    if problems:
        failed += 1
        print("FAIL hostile/%s" % name)
        for p in problems[:8]:
            print("  " + p)
    else:
        print("ok hostile/%s" % name)


def scheme(url):
    """The scheme a browser sees: controls and blanks dropped, lower case."""
    u = "".join(c for c in url if ord(c) > 32).lower()
    return u


class Page(html.parser.HTMLParser):
    """Every start tag with its attributes, the scripts' texts, the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.scripts = []
        self.styles = []
        self.text = []
        self._raw = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs), [])

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if self._raw is not None and tag == self._raw[0]:
            t, attrs, parts = self._raw
            (self.scripts if t == "script" else self.styles).append(
                (attrs, "".join(parts)))
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self._raw[2].append(data)
        else:
            self.text.append(data)


def parse(text):
    p = Page()
    p.feed(text)
    p.close()
    return p


def dangerous(page, markers=None, icon_ok=True):
    """What in a parsed page could run or load something; with markers,
    only what carries one of them."""
    out = []

    def carries(s):
        return markers is None or any(m in s for m in markers)
    for tag, attrs in page.tags:
        blob = tag + " " + " ".join("%s=%s" % (k, v) for k, v in attrs)
        if tag in FORBIDDEN_TAGS and carries(blob):
            out.append("<%s> element: %s" % (tag, blob[:120]))
        if tag == "meta" and any(k == "http-equiv" and v and
                                 v.lower() == "refresh" for k, v in attrs):
            out.append("meta refresh")
        for k, v in attrs:
            v = v or ""
            if k.startswith("on") and carries(blob):
                out.append("event handler %s=%r on <%s>" % (k, v[:60], tag))
            if k in URL_ATTRS and scheme(v).startswith(UNSAFE_SCHEMES):
                if icon_ok and tag == "link" and v == "data:,":
                    continue
                if carries(blob):
                    out.append("unsafe URL %s=%r on <%s>" % (k, v[:60], tag))
            if k == "style" and carries(v):
                out.append("style attribute %r" % v[:60])
    # With markers, a script or style element whose text carries one
    # came out of a text (a page's own script is checked apart).
    for attrs, body in (page.scripts + page.styles if markers else []):
        if carries(body) or carries(" ".join(map(str, attrs.values()))):
            out.append("a <script> or <style> element: %r" % body[:60])
    return out


def check_html_page(name, path):
    text = open(path, encoding="utf-8").read()
    page = parse(text)
    problems = dangerous(page)
    execs = [s for s in page.scripts
             if s[0].get("type") != "application/json"]
    datas = [s for s in page.scripts
             if s[0].get("type") == "application/json"]
    if len(execs) != 1 or len(datas) != 1:
        problems.append("%d scripts and %d data blocks, want 1 and 1" %
                        (len(execs), len(datas)))
    for attrs, _ in page.scripts:
        if "src" in attrs:
            problems.append("a script with src=%r" % attrs["src"])
    if len(page.styles) != 1:
        problems.append("%d style elements, want 1" % len(page.styles))
    # The CSP allows exactly the page's own script and style.
    csp = [dict(a).get("content", "") for t, a in page.tags
           if t == "meta" and dict(a).get("http-equiv") ==
           "Content-Security-Policy"]
    if len(csp) != 1:
        problems.append("%d CSP meta elements" % len(csp))
    elif execs:
        h = base64.b64encode(hashlib.sha256(
            execs[0][1].encode()).digest()).decode()
        src = re.search(r"script-src ([^;]*)", csp[0])
        if src is None or src.group(1).split() != ["'sha256-%s'" % h]:
            problems.append("script-src is not the page script's hash: %s"
                            % (src.group(1) if src else csp[0]))
        if "default-src 'none'" not in csp[0]:
            problems.append("no default-src 'none'")
    for _, data in datas:
        if "</script" in data.lower() or "<!--" in data:
            problems.append("the data block can end its element")
        try:
            json.loads(data)
        except ValueError as e:
            problems.append("the data block is not JSON: %s" % e)
    report(name, problems)
    return page


def check_texts_shown(name, page, wanted):
    """Escaped, not dropped: each payload is there as text."""
    text = "".join(page.text)
    report(name, ["not shown as text: %r" % w for w in wanted if w not in text])


def cmark(path, unsafe):
    args = ["cmark-gfm", "-e", "table", "-e", "tasklist", "-e", "autolink",
            "-e", "strikethrough"]
    if unsafe:
        args.append("--unsafe")
    return subprocess.run(args + [path], check=True, capture_output=True,
                          text=True).stdout


def tables_keep_columns(path):
    """In the Markdown source, every row of a table has as many cells
    (unescaped pipes) as its header, and the table ends at a blank line:
    no value added a cell or ended the table early.  (A renderer would
    hide it: GFM pads and cuts rows to the header's width.)"""
    problems = []
    lines = open(path, encoding="utf-8").read().split("\n")

    def cells(line):
        return len(re.findall(r"(?<!\\)\|", line))
    for i, line in enumerate(lines):
        if not (re.match(r"\s*\|(\s*:?-+:?\s*\|)+\s*$", line) and i > 0):
            continue
        want = cells(lines[i - 1])
        j = i + 1
        while j < len(lines) and lines[j].strip().startswith("|"):
            if cells(lines[j]) != want:
                problems.append("line %d: %d pipes, the header %d" %
                                (j + 1, cells(lines[j]), want))
            j += 1
        if j < len(lines) and lines[j].strip() != "":
            problems.append("line %d: the table ends without a blank line" %
                            (j + 1))
    return problems


def check_md():
    # Variables: even rendered with raw HTML allowed, nothing a value
    # holds is markup: no element, handler or link, no heading or list
    # item out of a value, no code fence closed by one, and tables
    # keep their columns.
    r = cmark(os.path.join(EVIL, "vars.md"), unsafe=True)
    page = parse(r)
    problems = dangerous(page, markers=["VAR"])
    problems += ["a <%s> made by a value" % t for t, a in page.tags
                 if t in ("script", "style", "a", "textarea")]
    for h in re.findall(r"<h[1-6]>(.*?)</h[1-6]>", r, re.S):
        if "VAR8" in h:
            problems.append("a heading made by a value: %s" % h[:80])
    if re.search(r"<li>(<input[^>]*> )?injected item", r):
        problems.append("a list item made by a value")
    for m in re.finditer(r"out of the code block VAR9", r):
        before = r[:m.start()]
        if before.rfind("<pre") <= before.rfind("</pre>") and \
                before.rfind("<td") <= before.rfind("</td>"):
            problems.append("a value closed a code block")
    problems += tables_keep_columns(os.path.join(EVIL, "vars.md"))
    report("md-vars", problems)
    # A template's author writes Markdown, raw HTML included, which a
    # git host sanitises; its plain texts are still escaped.
    r = cmark(os.path.join(EVIL, "literal.md"), unsafe=True)
    problems = dangerous(parse(r), markers=PLAIN_LIT)
    problems += ["plain text %s became markup" % m for m in PLAIN_LIT
                 if re.search(r"<(script|style)[^>]*>[^<]*" +
                              re.escape(m), r)]
    problems += tables_keep_columns(os.path.join(EVIL, "literal.md"))
    report("md-literal", problems)


def pdf_objects(path):
    return subprocess.run(["qpdf", "--qdf", "--object-streams=disable",
                           path, "-"], capture_output=True).stdout


def check_pdf(name, path, wanted):
    problems = []
    chk = subprocess.run(["qpdf", "--check", path], capture_output=True,
                         text=True)
    if chk.returncode != 0:
        problems.append("qpdf --check: " + chk.stdout[-200:])
    raw = pdf_objects(path)
    for key in (b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm",
                b"/ImportData", b"/EmbeddedFile", b"/RichMedia", b"/GoToR"):
        if re.search(re.escape(key) + rb"[\s/(<\[]", raw):
            problems.append("a %s entry" % key.decode())
    for uri in re.findall(rb"/URI\s*\(([^)]*)\)", raw):
        if not uri.lower().startswith((b"http://", b"https://", b"mailto:")):
            problems.append("a link to %r" % uri[:60])
    text = subprocess.run(["pdftotext", "-layout", path, "-"],
                          capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    for w in wanted:
        if re.sub(r"\s+", "", w) not in flat:
            problems.append("not drawn as text: %r" % w)
    report(name, problems)


def check_zip(name, path):
    problems = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("/") or ".." in n.split("/") or "\\" in n:
                problems.append("entry name %r" % n)
        if z.testzip() is not None:
            problems.append("a corrupt entry")
    report(name, problems)


def main():
    page = check_html_page("html-vars", os.path.join(EVIL, "vars.html"))
    check_texts_shown("html-vars-shown", page, [
        "<script>alert('VAR1')</script>", "<img src=x onerror=alert('VAR2')>",
        "\" onmouseover=\"alert('VAR6')\" x=\"", "invoice\u202efdp.exe"])
    page = check_html_page("html-literal", os.path.join(EVIL, "literal.html"))
    check_texts_shown("html-literal-shown", page, [
        "<script>alert('LIT9')</script>",
        "</code></pre><script>alert('LIT14')</script>",
        "</th><script>alert('LIT21')</script>"])
    for index in (os.path.join(OUT, "index.html"),
                  os.path.join(EVIL, "index.html")):
        p = parse(open(index, encoding="utf-8").read())
        problems = dangerous(p)
        problems += ["a script in the index" for a, _ in p.scripts]
        report("html-index-" + os.path.relpath(index, OUT).replace("/", "-"),
               problems)
    check_md()
    check_pdf("pdf-vars", os.path.join(EVIL, "vars.pdf"),
              ["<script>alert('VAR1')</script>", "alert('VAR6')",
               "# out of the code block VAR9"])
    check_pdf("pdf-literal", os.path.join(EVIL, "literal.pdf"),
              ["alert('LIT9')", "alert('LIT14')"])
    check_pdf("signoff-vars", os.path.join(EVIL, "vars.signoff.pdf"),
              ["alert('VAR1')"])
    check_pdf("signoff-literal", os.path.join(EVIL, "literal.signoff.pdf"),
              ["alert('LIT22')"])
    check_zip("zip-vars", os.path.join(EVIL, "vars.zip"))
    check_zip("zip-literal", os.path.join(EVIL, "literal.zip"))
    return 0


sys.exit(main())
