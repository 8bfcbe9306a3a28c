#!/usr/bin/env python3
"""Raw seed inputs for the fuzz harnesses, from the test inputs and the
example content, written to DIR/<harness>/ (default build-fuzz/seeds).

    python3 tests/fuzz/seed.py [DIR]

The committed corpora in tests/fuzz/corpus/<harness>/ are these seeds
and what fuzzing found, minimised with libFuzzer's -merge=1:

    build-fuzz/fuzz/fuzz_H -merge=1 tests/fuzz/corpus/H build-fuzz/seeds/H

Multi-file inputs (fuzz.h): files joined by FUZZ_SEP lines, the first
the project (or a template alone), each other one a template, part or
translation whose first line "# NAME" says where it goes.
"""
import glob
import hashlib
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SEP = b"\n=====\n"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def put(out, harness, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rel(path, root):
    return os.path.relpath(path, root)


def project_inputs(root):
    """Multi-file inputs of a tree with content/ and templates/."""
    tdir = os.path.join(root, "templates")
    others = []
    files = sorted(glob.glob(os.path.join(tdir, "**", "*.*"), recursive=True))
    # Templates and parts first, translations (x.LANG.yaml) after.
    files.sort(key=lambda p: (os.path.basename(p).count(".") > 1, p))
    for p in files:
        if p.endswith((".yaml", ".json")):
            others.append(b"# " + rel(p, tdir).encode() + b"\n" + read(p))
    mains = sorted(glob.glob(os.path.join(root, "content", "*.yaml")))
    if not mains:
        mains = [p for p in sorted(glob.glob(os.path.join(tdir, "*.yaml")))
                 if p.count(".") == 1]
    for m in mains:
        yield SEP.join([read(m)] + others[:23])


def yaml_files():
    pats = ["templates/**/*.yaml", "content/*.yaml", "schemas/*.json",
            "tests/bad/**/*.yaml", "tests/golden/**/*.yaml",
            "tests/schema-bad/**/*.yaml"]
    for pat in pats:
        for p in sorted(glob.glob(os.path.join(ROOT, pat), recursive=True)):
            yield p


def seed_yaml(out):
    for p in yaml_files():
        put(out, "yaml", read(p))
    for extra in [b"a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b]\n",
                  b"{\"json\": [1, 2.5e3, true, null, \"\\u00e9\"]}\n",
                  b"k: !!str 12\nl: !!int 0x1F\nm: .inf\nn: 0o17\n",
                  b"s: |\n  block\n  text\nf: >-\n  folded\n",
                  b"? complex\n: value\n"]:
        put(out, "yaml", extra)


EXPR = re.compile(r"\{\{(.*?)\}\}")


def seed_expr(out):
    seen = set()
    for p in yaml_files():
        text = read(p).decode("utf-8", "replace")
        for line in text.splitlines():
            m = re.match(r"\s*-?\s*(when|for):\s*(.*)$", line)
            if m:
                seen.add(m.group(2).strip().strip("\"'"))
            for e in EXPR.findall(line):
                seen.add(e.strip())
    seen.update([
        'len(services) > 2 and not ok', 'x in range(0, 10, 3)',
        '"a\\n\\"b" in [\'a\', null, 1.5e3]', 'nested[1][0] == 3',
        'project.name != null or missing', '-(-n) <= 3', 'i in range(7, 0, -2)',
        's not in services', 'endpoints[0].path', 'word < "Я"',
        'v in {}', 'len(word)', 'range(0, 100000)',
    ])
    for e in sorted(seen):
        put(out, "expr", e.encode())
    put(out, "expr", b"a: [1, 2]\nb: {c: x}\n" + SEP + b"b.c in a or a[1] == 2")


def seed_projects(out, harness):
    roots = [ROOT, os.path.join(ROOT, "tests/hostile")]
    roots += sorted(glob.glob(os.path.join(ROOT, "tests/golden/*/input")))
    roots += sorted(d for d in glob.glob(os.path.join(ROOT, "tests/bad/*"))
                    if os.path.isdir(d))
    for r in roots:
        for data in project_inputs(r):
            put(out, harness, data)
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/bad/*.yaml"))):
        put(out, harness, read(p))
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/golden/*/input/templates/*.yaml"))):
        put(out, harness, read(p))


def seed_schema(out):
    suite = "/work/shared/json-schema-test-suite/tests/draft2020-12"
    for p in sorted(glob.glob(os.path.join(suite, "*.json"))):
        try:
            groups = json.load(open(p, encoding="utf-8"))
        except ValueError:
            continue
        for g in groups[:4]:
            for t in g["tests"][:2]:
                put(out, "schema", json.dumps(g["schema"]).encode() + SEP +
                    json.dumps(t["data"]).encode())
    kinds = {"template": 0, "project": 1, "run": 2, "translation": 3}
    for p in yaml_files():
        text = read(p)
        k = 1 if b"\nproject:" in b"\n" + text else \
            3 if b"translates:" in text else 0
        put(out, "schema", bytes([k]) + text)
    for p in sorted(glob.glob(os.path.join(ROOT, "schemas/*.json"))):
        put(out, "schema", bytes([len(kinds)]) + read(p))


def seed_import(out):
    pats = ["tests/import/*.md", "README.md", "/work/shared/seeds/*"]
    for pat in pats:
        for p in sorted(glob.glob(pat if pat.startswith("/") else
                                  os.path.join(ROOT, pat))):
            put(out, "import", read(p))


def seed_run(out):
    """Runs come from `chkc run new` and the HTML page's export, so the
    seeds are made with chkc itself (CHKC, default build/chkc): the
    committed corpus tests/fuzz/corpus/run/ holds them already."""
    pass


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build-fuzz", "seeds")
    seed_yaml(out)
    seed_expr(out)
    seed_projects(out, "resolve")
    seed_projects(out, "emit")
    seed_schema(out)
    seed_import(out)
    seed_run(out)
    for h in sorted(os.listdir(out)):
        print(h, len(os.listdir(os.path.join(out, h))))


main()
