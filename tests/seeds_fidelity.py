#!/usr/bin/env python3
"""Fidelity of the example content to the five seed checklists.

    seeds_fidelity.py SEEDS_DIR OUT_DIR ROOT [THEBOT_EN_OUT_DIR]

SEEDS_DIR holds the seeds (000_*.txt ... 004_*.txt), OUT_DIR the output of
`chkc build --only md` of ROOT (the repository: templates/, content/).
For each seed it compares with the Markdown of its project (every
checklist of the project together):

  items     each task item of the seed ("- [ ] text", nested too) must be
            a task item of the output with the same text, normalised for
            case, whitespace, emphasis markers (** __ * _ `), Markdown
            backslash escapes and the "(critical)" mark chkc adds; counted
            as a multiset (an item twice in the seed must be there twice).
            A seed's sign-off line under a "Sign-off" heading ("- [ ] Tech
            Lead: ____ Date: ____") counts when its role is a row of a
            sign-off table of the output (chkc's form of the same thing);
            the figures say how many matched that way.  Needs >= 90 %.
  code      each non-empty line of each fenced code block of the seed must
            be a line of a fenced code block of the output (leading and
            trailing blanks aside).  Needs 100 %.
  literals  URLs, host names, e-mail addresses and the service, database
            and file names listed in LITERALS below must appear verbatim
            in the output.  Needs 100 %.

It prints one "ok seeds/<project>" or "FAIL seeds/<project>" line per
seed (details indented below a failure), then the figures: line counts
of templates/ + content/ against the seeds', and, when THEBOT_EN_OUT_DIR
is given (the same build with thebot's `lang: ru` switched to `en`), how
many of thebot's items come from translations of shared template texts.
Python standard library only.
"""

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
HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
SIGNOFF_HEADING_RE = re.compile(r"sign.?off", re.IGNORECASE)
SIGNOFF_ITEM_RE = re.compile(r"^(.+?):\s*(?:date:)?\s*$")
ROLE_HEADERS = ("role", "роль")
CRITICAL_RE = re.compile(r"\s*\*\*\((?:critical|критично)\)\*\*")
TRANSLATION_RE = re.compile(r"\.[a-z]{2,3}(?:-[A-Za-z0-9]+)*\.yaml$")
ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def normalise(text):
    """An item's text for comparison."""
    text = CRITICAL_RE.sub("", text)
    text = ESCAPE_RE.sub(r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.lower().split())


def scan(text):
    """Task items, code lines, sign-off items and sign-off table roles
    of a Markdown text."""
    items, code, signoff, roles = [], [], [], []
    fence, heading, in_roles = None, "", False
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
        m = HEADING_RE.match(line)
        if m:
            heading = m.group(1)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].lower() in ROLE_HEADERS:
            in_roles = True
        elif not line.startswith("|"):
            in_roles = False
        elif in_roles and not cells[0].startswith("---"):
            roles.append(cells[0])
        m = ITEM_RE.match(line)
        if not m:
            continue
        items.append(m.group(1))
        if SIGNOFF_HEADING_RE.search(heading):
            role = SIGNOFF_ITEM_RE.match(normalise(m.group(1)))
            if role:
                signoff.append((m.group(1), role.group(1)))
    return items, code, signoff, roles


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


def project_markdown(out_dir, project):
    """Every checklist of a project, in name order."""
    pdir = os.path.join(out_dir, project)
    if not os.path.isdir(pdir):
        return ""
    parts = []
    for name in sorted(os.listdir(pdir)):
        if name.endswith(".md"):
            with open(os.path.join(pdir, name), encoding="utf-8") as f:
                parts.append(f.read())
    return "\n".join(parts)


def pool_of(texts):
    """Normalised text -> the positions of the texts that have it."""
    pool = {}
    for i, t in enumerate(texts):
        pool.setdefault(normalise(t), []).append(i)
    for positions in pool.values():
        positions.reverse()
    return pool


def take(pool, key):
    """Take the first unused position of key out of the pool, or None."""
    positions = pool.get(key)
    return positions.pop() if positions else None


def count_items(seed_items, seed_signoff, out_items, out_roles):
    """Seed items found in the output (as a multiset): the positions of
    the output items they matched, how many matched sign-off table roles,
    and the misses."""
    pool, roles = pool_of(out_items), pool_of(out_roles)
    signoff_role = dict(seed_signoff)
    found, as_roles, missed = [], 0, []
    for it in seed_items:
        pos = take(pool, normalise(it))
        if pos is not None:
            found.append(pos)
        elif it in signoff_role and \
                take(roles, signoff_role[it]) is not None:
            as_roles += 1
        else:
            missed.append(it)
    return found, as_roles, missed


def check_seed(path, out_dir):
    """One seed: prints its line; returns its project, the positions of
    the output items its items matched, and the percentage found."""
    prefix = os.path.basename(path)[:3]
    project = PROJECTS[prefix]
    with open(path, encoding="utf-8") as f:
        seed = f.read()
    md = project_markdown(out_dir, project)
    s_items, s_code, s_signoff, _ = scan(seed)
    o_items, o_code, _, o_roles = scan(md)
    found, as_roles, missed = count_items(s_items, s_signoff, o_items,
                                          o_roles)
    matched = len(found) + as_roles
    o_code_set = set(o_code)
    code_missed = [c for c in s_code if c not in o_code_set]
    lits = literals(prefix, seed)
    lit_missed = [lit for lit in lits if lit not in md]
    pct = 100.0 * matched / len(s_items) if s_items else 100.0
    ok = md != "" and pct >= 90.0 and not code_missed and not lit_missed
    print("%s seeds/%s: items %d/%d (%.1f%%%s), code lines %d/%d, "
          "literals %d/%d" % ("ok" if ok else "FAIL", project, matched,
                              len(s_items), pct,
                              ", %d as sign-off roles" % as_roles
                              if as_roles else "",
                              len(s_code) - len(code_missed), len(s_code),
                              len(lits) - len(lit_missed), len(lits)))
    if not ok or os.environ.get("SEEDS_VERBOSE"):
        if md == "":
            print("  no Markdown in %s/%s" % (out_dir, project))
        for it in missed:
            print("  item not found: %s" % it)
        for c in code_missed:
            print("  code line not found: %s" % c)
        for lit in lit_missed:
            print("  literal not found: %s" % lit)
    return project, found, pct


def count_lines(paths):
    """Lines of the files under paths (files or directories)."""
    total = 0
    for top in paths:
        if os.path.isfile(top):
            files = [top]
        else:
            files = [os.path.join(d, n) for d, _, ns in os.walk(top)
                     for n in ns]
        for name in files:
            with open(name, encoding="utf-8") as f:
                total += sum(1 for _ in f)
    return total


def thebot_measure(out_dir, en_dir, found):
    """Items of thebot whose text is a translation of a template text.

    The en build is the same project with lang: en.  Items are paired by
    position (the structure does not depend on the language): an item
    whose text differs between the two builds came through a
    translation; one that is the same in both came from the project file
    (added or set items, or loop items made of project values only).
    Returns (translated, all) over all of thebot's items, then over those
    that matched a seed item (found: their positions)."""
    ru = scan(project_markdown(out_dir, "thebot"))[0]
    en = scan(project_markdown(en_dir, "thebot"))[0]
    if len(ru) != len(en):
        return None
    moved = [normalise(a) != normalise(b) for a, b in zip(ru, en)]
    return (sum(moved), len(ru), sum(moved[i] for i in found), len(found))


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 2
    seeds_dir, out_dir, root = argv[1:4]
    seeds = sorted(os.path.join(seeds_dir, n) for n in os.listdir(seeds_dir)
                   if n[:3] in PROJECTS and n.endswith(".txt"))
    if len(seeds) != len(PROJECTS):
        print("FAIL seeds: %d seeds in %s, want %d" %
              (len(seeds), seeds_dir, len(PROJECTS)))
        return 1
    found, summary = {}, []
    for path in seeds:
        project, positions, pct = check_seed(path, out_dir)
        found[project] = positions
        summary.append("%s %.1f%%" % (project, pct))
    # The runner shows only what is not an "ok" line: the figures again.
    print("seeds: items found: %s" % ", ".join(summary))
    tdir = os.path.join(root, "templates")
    tmpl = count_lines([tdir])
    trans = count_lines([os.path.join(d, n) for d, _, ns in os.walk(tdir)
                         for n in ns if TRANSLATION_RE.search(n)])
    cont = count_lines([os.path.join(root, "content")])
    print("seeds: lines: templates/ %d (%d of them translations) + "
          "content/ %d = %d; seeds %d" % (tmpl, trans, cont, tmpl + cont,
                                          count_lines(seeds)))
    if len(argv) == 5:
        m = thebot_measure(out_dir, argv[4], found["thebot"])
        if m is None:
            print("FAIL seeds/thebot-translation (the en and ru builds "
                  "differ in structure)")
        else:
            print("seeds: thebot: %d items, %d translated from the shared "
                  "templates, %d from content/thebot.yaml; of its %d seed "
                  "items found, %d translated, %d from content/thebot.yaml"
                  % (m[1], m[0], m[1] - m[0], m[3], m[2], m[3] - m[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
