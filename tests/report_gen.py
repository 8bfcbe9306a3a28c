#!/usr/bin/env python3
"""Write an archive of N generated runs of shop/release, with known
failure, N/A and open patterns, straight to disk (a LOG chain, BagIt
bundles, the .md beside each) as `chkc archive` would have written it,
so a test can check `chkc report` figures against what it knows.

usage: report_gen.py R1.zip R2.zip LOGS N [expected.json]

R1.zip, R2.zip: bundles `chkc build --only zip` made of revision 1 and 2
of the fixture checklist (tests/suites/report.sh); their
data/checklist.json is the resolved checklist each run was made from.
The first two thirds of the runs are of revision 1, the rest of 2.
expected.json gets the figures the report must find.  With
REPORT_GEN_BREAK="K:WHAT ..." in the environment, run K's bundle is
broken, though it is what its LOG line says (the chain is whole): WHAT
is zip (not a zip), project (bag-info without Chkc-Project), run (a run
file that is not one) or checklist (a checklist.json that is not one).  With
REPORT_GEN_PAYLOAD=BYTES, each bundle also holds a data/release.pdf of
that many random bytes, as large as a real bundle's PDFs (timing only).
Each run gets its chunk of LOGS/SUMMARY and its LOG line the chunk's
hash, as `chkc archive` writes them (`chkc verify` makes each chunk
again from its bundle and compares), unless REPORT_GEN_LEGACY=1: then
the archive is one made before summaries, whose report reads bundles.

Patterns, for run i (0-based, oldest first):
  before.database-admin-available  N/A, but done when i % 50 == 0
  before.error-rate-below-1        failed when i % 3 == 0, else done
  before.code-review-completed     done (revision 2 renames it before.review)
  before.backup-size               done, but open when i % 4 == 0
  before.start-time                a value when i % 2 == 0, else open
  before.feature-flags-off         true (done) unless i % 5 == 0 (false:
                                   open); revision 2 removes it
  after.smoke-tests-pass           done in revision 1; revision 2 rewords
                                   it and no run ticks it
  before.rollback-plan-ready       revision 2 only: done
Outcome: failed if i % 3 == 0, partial if i % 7 == 0, rolled-back if
i % 11 == 0, none if i % 13 == 0, else success.  Ticks: the first at
10:00, the last (i % 60) minutes later.
"""
import datetime
import hashlib
import io
import json
import os
import sys
import zipfile

EPOCH = datetime.date(2026, 1, 5)   # a Monday


def checklist(zpath):
    with zipfile.ZipFile(zpath) as z:
        for n in z.namelist():
            if n.endswith("/data/checklist.json"):
                return z.read(n)
    raise SystemExit("%s: no data/checklist.json" % zpath)


def outcome(i):
    for k, o in ((3, "failed"), (7, "partial"), (11, "rolled-back"),
                 (13, None)):
        if i % k == 0:
            return o
    return "success"


def states(i, rev):
    """path -> (state, answer YAML) for run i of revision rev."""
    t0 = "T10:00:00+00:00"
    last = "T%02d:%02d:00+00:00" % (10 + (i % 60) // 60, i % 60)
    s = {}
    s["before.database-admin-available"] = (
        ("done", "{done: true}") if i % 50 == 0 else
        ("na", '{na: "no database change"}'))
    s["before.error-rate-below-1"] = (
        ("failed", '{failed: "2%% errors", at: "%%D%s"}' % last)
        if i % 3 == 0 else ("done", '{done: true, at: "%%D%s"}' % last))
    rev_path = "before.code-review-completed" if rev == 1 else "before.review"
    s[rev_path] = ("done", '{done: true, by: "alice", at: "%%D%s"}' % t0)
    s["before.backup-size"] = (("open", None) if i % 4 == 0 else
                               ("done", "{done: true, value: 12}"))
    s["before.start-time"] = (("done", '{value: "10:00"}') if i % 2 == 0
                              else ("open", None))
    if rev == 1:
        s["before.feature-flags-off"] = (
            ("open", "{value: false}") if i % 5 == 0 else
            ("done", "{value: true}"))
        s["after.smoke-tests-pass"] = ("done", "{done: true}")
    else:
        s["after.smoke-tests-pass"] = ("open", None)
        s["before.rollback-plan-ready"] = ("done", "{done: true}")
    return s


def run_yaml(i, rev, h, date):
    out = ['run: "shop/release"', 'checklist: "%s"' % h, "revision: %d" % rev,
           "fields:", '  version: "v1.%d"' % i, "items:"]
    for path, (_, ans) in sorted(states(i, rev).items()):
        if ans is not None:
            out.append("  %s: %s" % (path, ans.replace("%D", date)))
    out += ["signoff:", '  DevOps: {name: "Alice Ivanova"}',
            '  "Tech Lead": {name: "Bob Smith"}']
    if outcome(i) is not None:
        out.append("outcome: %s" % outcome(i))
    return ("\n".join(out) + "\n").encode()


def tsv(v):
    """A field of a record, escaped as src/tsv.c does."""
    if v is None:
        return "\\N"
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def items(node, out):
    """The answerable items of a resolved checklist, in order."""
    for it in node.get("items", []):
        if it.get("kind") in ("check", "field") and "path" in it:
            t = (it.get("field") or {}).get("type")
            kind = "c" if it["kind"] == "check" else \
                "b" if t == "bool" else "f"
            out.append((it["path"], kind, it.get("text") or ""))
        items(it, out)
    for sec in node.get("sections", []):
        items(sec, out)
    return out


def epoch(date, hhmm):
    d = datetime.datetime.strptime(date + hhmm, "%Y-%m-%d%H:%M")
    return int(d.replace(tzinfo=datetime.timezone.utc).timestamp())


def summary(i, rev, seq, size, info, version, st, date, new):
    """The chunk of SUMMARY of run i (report_bundle.c)."""
    out = ""
    h, vitems = version
    if new:
        out += "V\t%s\t%d\t%d\n" % (h, rev, len(vitems))
        out += "".join("I\t%s\t%s\t%s\n" % (tsv(p), k, tsv(t))
                       for p, k, t in vitems)
    chars = {"open": "o", "done": "d", "na": "n", "failed": "f"}
    states = "".join(chars[st.get(p, ("open",))[0]] for p, _, _ in vitems)
    inf = dict(info)
    f = [str(seq), str(size)] + [inf[k] for k in (
        "Chkc-Project", "Chkc-Checklist", "Chkc-Run-Version",
        "Chkc-Run-Date", "Chkc-Run-Outcome", "Chkc-Run-Completion",
        "Chkc-Run-Complete", "Chkc-Run-Unsigned", "Chkc-Run-Signers")]
    f += [h, str(epoch(date, "10:00")), str(epoch(date, "10:%02d" % (i % 60))),
          states]
    return (out + "R\t" + "\t".join(tsv(x) for x in f) + "\n").encode()


def bundle(name, files, info):
    """The zip bytes of a bag named name (files: data/... -> bytes)."""
    manifest = "".join("%s  %s\n" % (hashlib.sha256(b).hexdigest(), p)
                       for p, b in sorted(files.items()))
    oxum = "%d.%d" % (sum(len(b) for b in files.values()), len(files))
    baginfo = ("Bag-Software-Agent: report_gen.py\nBagging-Date: 2026-01-01\n"
               "Payload-Oxum: %s\n" % oxum +
               "".join("%s: %s\n" % kv for kv in info)).encode()
    tags = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: "
            b"UTF-8\n", "bag-info.txt": baginfo,
            "manifest-sha256.txt": manifest.encode()}
    tagman = "".join("%s  %s\n" % (hashlib.sha256(b).hexdigest(), p)
                     for p, b in sorted(tags.items()))
    entries = dict(files)
    entries.update(tags)
    entries["tagmanifest-sha256.txt"] = tagman.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(entries):
            zi = zipfile.ZipInfo("%s/%s" % (name, p), (2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, entries[p])
    return buf.getvalue()


def main():
    r1, r2, logs, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    cls = {1: checklist(r1), 2: checklist(r2)}
    hashes = {r: "sha256:" + hashlib.sha256(b).hexdigest()
              for r, b in cls.items()}
    os.makedirs(os.path.join(logs, "shop", "release"), exist_ok=True)
    versions = {r: (hashes[r], items(json.loads(b), []))
                for r, b in cls.items()}
    legacy = os.environ.get("REPORT_GEN_LEGACY") == "1"
    summaries = []
    known = set()
    prev = "0" * 64
    log = []
    for i in range(n):
        rev = 1 if i < 2 * n // 3 else 2
        date = (EPOCH + datetime.timedelta(days=i * 364 // n)).isoformat()
        name = "v1.%d-%s" % (i, date)
        md = ("# Release of Acme Shop\n\nrun %d\n" % i).encode()
        st = states(i, rev)
        total = len(st)
        pct = 100 * sum(1 for s, _ in st.values() if s in ("done", "na")) \
            // total
        info = [("Chkc-Project", "shop"), ("Chkc-Checklist", "release"),
                ("Chkc-Checklist-Hash", hashes[rev]),
                ("Chkc-Revision", str(rev)),
                ("Chkc-Run-Version", "v1.%d" % i),
                ("Chkc-Run-Date", date),
                ("Chkc-Run-Outcome", outcome(i) or "none"),
                ("Chkc-Run-Completion", str(pct)),
                ("Chkc-Run-Complete", "no"), ("Chkc-Run-Unsigned", "0"),
                ("Chkc-Run-Signers", "Alice Ivanova (DevOps); Bob Smith "
                 "(Tech Lead)"),
                ("Chkc-Log-Sequence", str(i + 1)),
                ("Chkc-Log-Time", "2026-01-01T00:00:00Z"),
                ("Chkc-Log-Previous", "sha256:" + prev)]
        broken = dict(x.split(":") for x in
                      os.environ.get("REPORT_GEN_BREAK", "").split())
        what = broken.get(str(i))
        if what == "project":
            info = info[1:]
        files = {"data/checklist.json": b"[1, 2" if what == "checklist"
                 else cls[rev], "data/release.md": md,
                 "data/run.yaml": b"run: 42\n" if what == "run" else
                 run_yaml(i, rev, hashes[rev], date)}
        if os.environ.get("REPORT_GEN_PAYLOAD"):
            files["data/release.pdf"] = os.urandom(
                int(os.environ["REPORT_GEN_PAYLOAD"]))
        z = bundle(name, files, info)
        if what == "zip":
            z = b"not a zip\n"
        rel = "shop/release/%s.zip" % name
        with open(os.path.join(logs, rel), "wb") as f:
            f.write(z)
        with open(os.path.join(logs, rel[:-4] + ".md"), "wb") as f:
            f.write(md)
        line = "%d 2026-01-01T00:00:00Z %s sha256:%s sha256:%s" % (
            i + 1, rel, hashlib.sha256(z).hexdigest(), prev)
        if not legacy and what is None:
            chunk = summary(i, rev, i + 1, len(z), info, versions[rev], st,
                            date, rev not in known)
            known.add(rev)
            summaries.append(chunk)
            line += " summary=sha256:" + hashlib.sha256(chunk).hexdigest()
        log.append(line + "\n")
        prev = hashlib.sha256(line.encode()).hexdigest()
    with open(os.path.join(logs, "LOG"), "w") as f:
        f.write("".join(log))
    if summaries:
        with open(os.path.join(logs, "SUMMARY"), "wb") as f:
            f.write(b"".join(summaries))
    if len(sys.argv) > 5:
        with open(sys.argv[5], "w") as f:
            json.dump(expected(n), f, indent=1, sort_keys=True)


def expected(n, last=10):
    """The per-item figures the report must find."""
    items = {}
    since = {}
    for i in range(n):
        rev = 1 if i < 2 * n // 3 else 2
        for path, (s, _) in states(i, rev).items():
            key = "before.review" if path == "before.code-review-completed" \
                else path
            it = items.setdefault(key, {"runs": 0, "done": 0, "na": 0,
                                        "failed": 0, "open": 0,
                                        "last_runs": 0, "last_na": 0,
                                        "last_failed": 0})
            it["runs"] += 1
            it[s] += 1
            if i >= n - last:
                it["last_runs"] += 1
                it["last_na"] += s == "na"
                it["last_failed"] += s == "failed"
    outcomes = {}
    for i in range(n):
        o = outcome(i) or "none"
        outcomes[o] = outcomes.get(o, 0) + 1
    return {"items": items, "outcomes": outcomes, "runs": n}


if __name__ == "__main__":
    main()
