#!/usr/bin/env python3
"""How the example content covers the five seed checklists.

    seeds_coverage.py SEEDS_DIR OUT_DIR RUNS_DIR ROOT RUSSIAN_DIR

SEEDS_DIR holds the seeds (000_*.txt ... 004_*.txt), OUT_DIR the output
of `chkc build --only md` of ROOT (templates/, content/, tests/coverage/),
RUNS_DIR the files of `chkc run new PROJECT/CHECKLIST` for the deploy and
rollback checklists of every project (RUNS_DIR/PROJECT/CHECKLIST.yaml:
every item path and text, field, table and sign-off role), RUSSIAN_DIR
the resolved checklists of the Russian project (CHECKLIST.json, from its
bundles) for the check of the translations.

Each project has a coverage map, tests/coverage/PROJECT.map: one line per
task item, fill-in line (a line with a blank "__", a "[ ]" or a "☐" that
is not a task item) and sign-off line of its seed, outside code blocks:

    SEED-LINE <TAB> TARGET <TAB> SEED TEXT

TARGET is what covers the seed line in the project's build: CHECKLIST:PATH
(an item, field, table or header field, fields.ID), CHECKLIST:signoff:ROLE,
several joined by " + ", or "dropped: why".  A project passes when

  coverage  every such seed line is in the map, once, with its text; every
            target exists in the build; at most 5 % are dropped (with a
            reason);
  length    its task items (deploy + rollback, "- [ ]" lines of the
            Markdown) are at most 1.25 x its seed's;
  code      every non-empty line of the seed's code blocks is a line of a
            code block of the build (blanks at the ends aside);
  literals  the URLs, host names, e-mail addresses and the names in
            LITERALS are in the build;
  share     at least 50 % of its task items (40 % for generic) come from
            templates/: an item comes from the project file when its text
            (normalised) is a whole scalar of content/PROJECT.yaml (an
            added item, a `set` text, a value of a list it loops over).

Then: at least 60 % of all five projects' items come from templates/;
templates/ without translations + content/ is at most as many lines as
the seeds; every text of the translations (templates/**/*.ru.yaml) is
used by the Russian project.  Printed besides, per project: the wording
patches (`set:` entries that change a check's or title's text) and the
items beyond the seed (built items no map line names).
Python standard library only.
"""

import json
import os
import re
import sys

PROJECTS = {
    "000": "generic",
    "001": "thebot",
    "002": "tulia",
    "003": "appointment-bot",
    "004": "bakhmach",
}
CHECKLISTS = ("deploy", "rollback")
RUSSIAN = "thebot"
MAX_RATIO = 1.25
MAX_DROPPED = 0.05
MIN_SHARE = {"generic": 0.40}
MIN_SHARE_DEFAULT = 0.50
MIN_SHARE_ALL = 0.60

# Service, database and file names a seed's commands depend on, beyond
# what the URL and host name patterns find.
LITERALS = {
    "000": ["thebot_db", "docker-compose.prod.yml", "postgres",
            "verify-deployment.sh", ".env.production"],
    "001": ["the-bot-daphne.service", "the-bot-celery-worker.service",
            "the-bot-celery-beat.service", "deploy-production.yml",
            "deploy-staging.yml", "security-scan.yml",
            "/etc/nginx/sites-available/the-bot",
            "/var/log/nginx/the-bot-error.log", "develop"],
    "002": ["tulia_db", "tulia_user", "tulia-web", "tulia-celery-worker",
            "celery_worker"],
    "003": ["appointment-scheduler-app", "./devops/scripts/deploy.sh",
            "./devops/backup/backup-script.sh",
            "./devops/scripts/quick-restore.sh"],
    "004": ["bakhmach", "sync_records", "locustfile.py"],
}

ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s+(.*)$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
URL_RE = re.compile(r"\b(?:https?|wss?)://[^\s)`'\"<>\]]+")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
HOST_RE = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:com|ru|io|org|net)\b")
CRITICAL_RE = re.compile(r"\s*\*\*\((?:critical|критично)\)\*\*")
ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
RUN_ITEM_RE = re.compile(r"^  ([^\s\"]+): (\{.*\}|null|\[\])  # (.*)$")
RUN_ROLE_RE = re.compile(r'^  "(.*)": \{name:')


def normalise(text):
    """A text for comparison: no emphasis, escapes or case."""
    text = CRITICAL_RE.sub("", text)
    text = ESCAPE_RE.sub(r"\1", text)
    text = re.sub(r"[*_`\"]", "", text)
    return " ".join(text.lower().split())


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def scan_markdown(text):
    """Task items and code lines of a Markdown text."""
    items, code, fence = [], [], None
    for line in text.split("\n"):
        m = FENCE_RE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and \
                    len(m.group(1)) >= len(fence) and \
                    line.strip() == m.group(1):
                fence = None
            elif line.strip():
                code.append(line.strip())
            continue
        if m:
            fence = m.group(1)
            continue
        m = ITEM_RE.match(line)
        if m:
            items.append(m.group(1))
    return items, code


def seed_lines(text):
    """(line number, text) of each task item, fill-in and sign-off line
    of a seed, outside code blocks."""
    out, fence = [], False
    for n, line in enumerate(text.split("\n"), 1):
        if FENCE_RE.match(line):
            fence = not fence
            continue
        if fence:
            continue
        m = ITEM_RE.match(line)
        if m:
            out.append((n, m.group(1).strip()))
        elif "__" in line or "☐" in line or "[ ]" in line:
            out.append((n, line.strip()))
    return out


def read_run(path):
    """Targets of a run file (paths, fields.ID, signoff:ROLE) and the
    check items as (path, text)."""
    targets, checks, part = set(), [], None
    for line in read(path).split("\n"):
        if re.match(r"^[a-z]+:", line):
            part = line.split(":")[0]
            continue
        m = RUN_ITEM_RE.match(line)
        if m and part in ("fields", "items", "tables"):
            path = ("fields." if part == "fields" else "") + m.group(1)
            targets.add(path)
            if part == "items" and "done:" in m.group(2):
                text = re.sub(r"^\[critical\] ", "", m.group(3))
                text = re.sub(r" \((?:number|date|time|text)[^)]*\)$", "",
                              text)
                checks.append((path, text))
            continue
        m = RUN_ROLE_RE.match(line)
        if m and part == "signoff":
            targets.add("signoff:" + m.group(1))
    return targets, checks


def read_map(path):
    """Map lines: {seed line: (targets or None, dropped reason, text)},
    and the errors of its form."""
    entries, errors = {}, []
    for n, line in enumerate(read(path).split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[0].isdigit():
            errors.append("%s:%d: not SEED-LINE<TAB>TARGET<TAB>TEXT" %
                          (path, n))
            continue
        key = int(cols[0])
        if key in entries:
            errors.append("%s:%d: seed line %d mapped twice" %
                          (path, n, key))
        if cols[1].startswith("dropped:"):
            reason = cols[1][len("dropped:"):].strip()
            if not reason:
                errors.append("%s:%d: dropped without a reason" % (path, n))
            entries[key] = (None, reason, cols[2])
        else:
            entries[key] = ([t.strip() for t in cols[1].split(" + ")],
                            None, cols[2])
    return entries, errors


def check_map(seed, entries, targets):
    """Errors of a map against its seed and the build; the used targets
    and the number of dropped lines."""
    errors, used, dropped = [], set(), 0
    lines = seed_lines(seed)
    known = dict(lines)
    for n, text in lines:
        if n not in entries:
            errors.append("seed line %d not in the map: %s" % (n, text))
            continue
        tgts, reason, mtext = entries[n]
        if normalise(mtext) != normalise(text):
            errors.append("seed line %d is \"%s\", the map says \"%s\"" %
                          (n, text, mtext))
        if tgts is None:
            dropped += 1
            continue
        for t in tgts:
            if t not in targets:
                errors.append("seed line %d: %s is not in the build" %
                              (n, t))
            used.add(t)
    for n in entries:
        if n not in known:
            errors.append("map line for seed line %d, which is no task "
                          "item, fill-in or sign-off line" % n)
    return errors, used, dropped, len(lines)


def literals(prefix, text):
    """The project literals of a seed, in order, without repeats."""
    found = URL_RE.findall(text) + EMAIL_RE.findall(text)
    found += HOST_RE.findall(text) + LITERALS.get(prefix, [])
    seen, out = set(), []
    for lit in found:
        lit = lit.rstrip(".,;:")
        if lit not in seen:
            seen.add(lit)
            out.append(lit)
    return out


def wording_patches(project_text):
    """Keys of `set:` entries that replace a check's or a title's text:
    `{check: ...}` on the entry's line, or a check:/title: key right
    below it."""
    out, set_indent, entry, entry_indent = [], None, None, None
    for line in project_text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if set_indent is not None and indent <= set_indent:
            set_indent = None
        if re.match(r"^\s*set:\s*$", line):
            set_indent, entry_indent = indent, None
            continue
        if set_indent is None:
            continue
        if entry_indent is None or indent <= entry_indent:
            entry_indent = indent
            entry, _, rest = line.strip().partition(":")
            wording = re.search(r"[{,]\s*(?:check|title):", rest)
        else:
            wording = indent == entry_indent + 2 and \
                re.match(r"(?:check|title):", line.strip())
        if wording and entry not in out:
            out.append(entry)
    return out


def written_in(text, lines):
    """Whether a text is a whole scalar of one of the (normalised) lines
    of a project file: after "- ", "[", "{", "," or ":", up to the end
    of the line, ",", "]", "}" or a comment."""
    pat = re.compile(r"(?:^|[-\[{,:])\s*" + re.escape(normalise(text)) +
                     r"\s*(?:$|[\]},#])")
    return any(pat.search(line) for line in lines)


class Project:
    """The figures of one project."""

    def __init__(self, prefix, seed_path, out_dir, runs_dir, root):
        self.prefix, self.name = prefix, PROJECTS[prefix]
        self.seed = read(seed_path)
        self.problems = []
        md = ""
        for cl in CHECKLISTS:
            p = os.path.join(out_dir, self.name, cl + ".md")
            if os.path.isfile(p):
                md += read(p) + "\n"
            else:
                self.problems.append("no %s" % p)
        self.items, self.code = scan_markdown(md)
        self.md = md
        self.targets, self.checks = set(), []
        for cl in CHECKLISTS:
            t, c = read_run(os.path.join(runs_dir, self.name, cl + ".yaml"))
            self.targets |= {cl + ":" + x for x in t}
            self.checks += [(cl + ":" + p, text) for p, text in c]
        self.project_text = read(os.path.join(root, "content",
                                              self.name + ".yaml"))
        self.map_path = os.path.join(root, "tests", "coverage",
                                     self.name + ".map")

    def measure(self):
        s_items, s_code = scan_markdown(self.seed)
        self.seed_items = len(s_items)
        if os.path.isfile(self.map_path):
            entries, errs = read_map(self.map_path)
            errs2, self.used, self.dropped, self.lines = \
                check_map(self.seed, entries, self.targets)
            self.problems += errs + errs2
        else:
            self.problems.append("no coverage map %s" % self.map_path)
            self.used, self.dropped, self.lines = set(), 0, 0
        code = set(self.code)
        self.code_missed = [c for c in s_code if c not in code]
        self.code_total = len(s_code)
        lits = literals(self.prefix, self.seed)
        self.lit_missed = [x for x in lits if x not in self.md]
        self.lit_total = len(lits)
        lines = [normalise(x) for x in self.project_text.split("\n")]
        self.own = [p for p, t in self.checks if written_in(t, lines)]
        self.beyond = [p for p, _ in self.checks if p not in self.used]
        self.ratio = len(self.items) / self.seed_items
        n = len(self.checks)
        self.share = (n - len(self.own)) / n if n else 0.0
        self.patches = wording_patches(self.project_text)
        if len(self.checks) != len(self.items):
            self.problems.append("%d items in the Markdown, %d in the runs" %
                                 (len(self.items), len(self.checks)))

    def verdict(self):
        """Problems that fail the project."""
        out = list(self.problems)
        if self.lines and self.dropped > MAX_DROPPED * self.lines:
            out.append("%d of %d seed lines dropped (at most %d %%)" %
                       (self.dropped, self.lines, MAX_DROPPED * 100))
        if self.ratio > MAX_RATIO:
            out.append("length ratio %.2f above %.2f" %
                       (self.ratio, MAX_RATIO))
        out += ["code line not found: %s" % c for c in self.code_missed]
        out += ["literal not found: %s" % x for x in self.lit_missed]
        least = MIN_SHARE.get(self.name, MIN_SHARE_DEFAULT)
        if self.share < least:
            out.append("%.0f %% of the items from templates/, want %.0f %%"
                       % (100 * self.share, 100 * least))
        return out

    def report(self):
        bad = self.verdict()
        mapped = self.lines - self.dropped
        print("%s seeds/%s: coverage %s (%d of %d seed lines mapped, %d "
              "dropped), items %d for the seed's %d (ratio %.2f), code "
              "lines %d/%d, literals %d/%d, from templates %.0f %% (%d of "
              "%d), wording patches %d, beyond the seed %d" % (
                  "FAIL" if bad else "ok", self.name,
                  "100%" if not bad else "incomplete", mapped, self.lines,
                  self.dropped, len(self.items), self.seed_items,
                  self.ratio, self.code_total - len(self.code_missed),
                  self.code_total, self.lit_total - len(self.lit_missed),
                  self.lit_total, 100 * self.share,
                  len(self.checks) - len(self.own), len(self.checks),
                  len(self.patches), len(self.beyond)))
        for b in bad[:40]:
            print("  " + b)
        return not bad


def count_lines(files):
    return sum(read(f).count("\n") for f in files)


def files_under(top):
    return sorted(os.path.join(d, n) for d, _, ns in os.walk(top)
                  for n in ns)


def translation_keys(text):
    """The paths a translation file gives texts for."""
    keys, in_texts = [], False
    for line in text.split("\n"):
        if line.startswith("texts:"):
            in_texts = True
        elif in_texts and re.match(r"^  [^\s#]", line):
            keys.append(line.strip().split(":")[0])
        elif line and not line.startswith(" "):
            in_texts = False
    return keys


def key_used(key, paths):
    """Whether a translation path names something the build has: the path
    itself, a section above an item, or a loop item without its value."""
    if key in ("title", "description") or \
            key.split(".")[0] in ("fields", "signoff"):
        return True
    for p in paths:
        if p == key or p.startswith(key + "."):
            return True
        head, _, last = key.rpartition(".")
        if p.startswith((head + "." if head else "") + last + "-"):
            return True
    return False


def resolved_paths(checklist_json):
    """Every section and item path of a resolved checklist (a bundle's
    data/checklist.json)."""
    out = []

    def walk(things):
        for t in things:
            out.append(t["path"])
            walk(t.get("items", []))
            walk(t.get("sections", []))
    walk(json.loads(checklist_json)["sections"])
    return out


def check_translations(root, russian_dir):
    """Translation paths the Russian project does not use; russian_dir
    holds its resolved checklists (CHECKLIST.json)."""
    unused = []
    for f in files_under(os.path.join(root, "templates")):
        if not f.endswith(".ru.yaml"):
            continue
        cl = "rollback" if os.path.basename(f).startswith("rollback") \
            else "deploy"
        paths = resolved_paths(read(os.path.join(russian_dir, cl + ".json")))
        unused += ["%s: %s" % (os.path.relpath(f, root), k)
                   for k in translation_keys(read(f))
                   if not key_used(k, paths)]
    return unused


def main(argv):
    if len(argv) != 6:
        sys.stderr.write(__doc__)
        return 2
    seeds_dir, out_dir, runs_dir, root, russian_dir = argv[1:6]
    seeds = sorted(os.path.join(seeds_dir, n) for n in os.listdir(seeds_dir)
                   if n[:3] in PROJECTS and n.endswith(".txt"))
    if len(seeds) != len(PROJECTS):
        print("FAIL seeds: %d seeds in %s, want %d" %
              (len(seeds), seeds_dir, len(PROJECTS)))
        return 0
    projects = []
    for path in seeds:
        p = Project(os.path.basename(path)[:3], path, out_dir, runs_dir,
                    root)
        p.measure()
        p.report()
        projects.append(p)
    n = sum(len(p.checks) for p in projects)
    shared = n - sum(len(p.own) for p in projects)
    share = shared / n if n else 0.0
    print("%s seeds/share: %.1f %% of the five projects' items come from "
          "templates/ (%d of %d; want %.0f %%)" % (
              "ok" if share >= MIN_SHARE_ALL else "FAIL", 100 * share,
              shared, n, 100 * MIN_SHARE_ALL))
    tdir = os.path.join(root, "templates")
    tfiles = files_under(tdir)
    trans = [f for f in tfiles if re.search(r"\.[a-z]{2}\.yaml$", f)]
    tmpl = count_lines([f for f in tfiles if f not in trans])
    cont = count_lines(files_under(os.path.join(root, "content")))
    seed_total = count_lines(seeds)
    print("%s seeds/lines: templates/ %d + content/ %d = %d lines, the "
          "seeds %d (translations: %d more)" % (
              "ok" if tmpl + cont <= seed_total else "FAIL", tmpl, cont,
              tmpl + cont, seed_total, count_lines(trans)))
    unused = check_translations(root, russian_dir)
    print("%s seeds/translations: every translated text is used by %s" %
          ("FAIL" if unused else "ok", RUSSIAN))
    for u in unused:
        print("  not used: " + u)
    # The runner shows what is not an "ok" line: the figures again, one
    # line a project.
    for p in projects:
        print("seeds: %s: coverage %d/%d (%d dropped), length %.2f, code "
              "%d/%d, from templates %.0f %%, wording patches %d%s; beyond "
              "the seed %d%s" % (
                  p.name, p.lines - p.dropped, p.lines, p.dropped, p.ratio,
                  p.code_total - len(p.code_missed), p.code_total,
                  100 * p.share, len(p.patches),
                  " (" + ", ".join(p.patches) + ")" if p.patches else "",
                  len(p.beyond),
                  ": " + ", ".join(p.beyond) if p.beyond else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
