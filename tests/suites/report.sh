#!/bin/sh
# chkc report and the archive's index.html: an archive of 300 generated
# runs with known failure, N/A and open patterns over two revisions of a
# checklist (tests/report_archive.sh, tests/report_gen.py) must give the
# figures and candidates the generator knows, in JSON, on the terminal
# and on the page (each chart's SVG a valid XML document with a title
# and a description); tampered, missing and unreadable bundles are
# listed, never hidden; the cache never hides an edit.  The page in
# Chromium (axe, 375 px, screenshots) is in tests/suites/browser.sh.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
case $CHKC in /*) ;; *) CHKC=$top/$CHKC ;; esac
export CHKC
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

ok() { echo "ok report/$1"; }
fail() {	# name, message, [file to show]
	echo "FAIL report/$1 ($2)"
	[ $# -ge 3 ] && [ -f "$3" ] && sed 's/^/  /' "$3" | head -15
	return 0
}
# t NAME STATUS COMMAND...: the exit status must be STATUS.
t() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name" "exit status $got, want $want" "$tmp/stderr"
		return 1
	fi
	ok "$name"
}
has() {	# NAME FILE STRING
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		fail "$1" "'$3' not in output" "$2"; fi
}
# py NAME SCRIPT ARGS...: a Python check; its stderr is the reason.
pycheck() {
	name=$1
	shift
	if $py - "$@" >"$tmp/py.out" 2>&1; then ok "$name"; else
		fail "$name" "python check failed" "$tmp/py.out"; fi
}

if ! sh "$top/tests/report_archive.sh" "$tmp/a" 300 >"$tmp/gen.log" 2>&1; then
	fail generate "tests/report_archive.sh failed" "$tmp/gen.log"
	echo end
	exit 0
fi
ok generate
logs=$tmp/a/logs

# ------------------------------------------------------------ usage
t help 0 "$CHKC" report --help
has help-usage "$tmp/stdout" "usage: chkc report [LOGS] [--json] [--last N]"
t bad-option 2 "$CHKC" report --frobnicate
t bad-last 2 "$CHKC" report --last 0 "$logs"
t bad-last-text 2 "$CHKC" report --last ten "$logs"
t two-dirs 2 "$CHKC" report "$logs" "$logs"
t no-archive 3 "$CHKC" report "$tmp/nowhere"
has no-archive-message "$tmp/stderr" "$tmp/nowhere: error: no archive here"

# ------------------------------------------------------------ figures
t generated-verifies 0 "$CHKC" verify "$logs"
t json 0 "$CHKC" report --json "$logs"
cp "$tmp/stdout" "$tmp/report.json"
pycheck json-figures "$tmp/report.json" "$tmp/a/expected.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
assert r["runs"] == 300 and r["unreadable"] == [], (r["runs"], r["unreadable"])
[l] = r["checklists"]
assert (l["project"], l["checklist"], l["revision"], l["runs"]) == \
    ("shop", "release", 2, 300), l
assert l["outcomes"] == {k: e["outcomes"].get(k, 0) for k in l["outcomes"]}, \
    (l["outcomes"], e["outcomes"])
got = {i["path"]: i for i in l["items"]}
assert set(got) == set(e["items"]), (sorted(got), sorted(e["items"]))
for p, x in e["items"].items():
    g = got[p]
    for k in ("runs", "done", "na", "failed", "open"):
        assert g[k] == x[k], (p, k, g[k], x[k])
    assert g["last"] == {"runs": x["last_runs"], "na": x["last_na"],
                         "failed": x["last_failed"]}, (p, g["last"], x)
EOF
pycheck json-candidates "$tmp/report.json" <<'EOF'
import json, sys
[l] = json.load(open(sys.argv[1]))["checklists"]
cand = {i["path"]: i["candidate"] for i in l["items"] if i["candidate"]}
assert cand == {"before.error-rate-below-1": ["failed"],
                "before.database-admin-available": ["na"],
                "after.smoke-tests-pass": ["unticked"]}, cand
assert l["candidates"] == 3
EOF
pycheck json-revisions "$tmp/report.json" <<'EOF'
import json, sys
[l] = json.load(open(sys.argv[1]))["checklists"]
it = {i["path"]: i for i in l["items"]}
# Renamed: counted under the new path, the old one named.
assert it["before.review"]["renamed_from"] == "before.code-review-completed"
assert "before.code-review-completed" not in it
# Removed: kept, as such, with its counts.
f = it["before.feature-flags-off"]
assert f["removed"] and f["last_revision"] == 1 and f["runs"] == 200, f
# Reworded and added: their text dates from revision 2.
assert it["after.smoke-tests-pass"]["changed_in"] == 2
assert it["after.smoke-tests-pass"]["text"] == "Smoke tests pass in production"
assert it["after.smoke-tests-pass"]["since_changed"] == {"runs": 100, "done": 0}
assert it["before.rollback-plan-ready"]["changed_in"] == 2
assert it["before.start-time"]["changed_in"] == 1
# Most failed first, then N/A, then open.
assert [i["path"] for i in l["items"]][:3] == ["before.error-rate-below-1",
    "before.database-admin-available", "before.start-time"], l["items"][:3]
EOF
pycheck json-weeks-and-times "$tmp/report.json" <<'EOF'
import json, sys
[l] = json.load(open(sys.argv[1]))["checklists"]
w = l["weeks"]
# 2026-01-05 (a Monday) to 2027-01-02: 52 weeks, every run in one.
assert len(w) == 52 and w[0]["week"] == "2026-01-05", (len(w), w[0])
assert sum(sum(v for k, v in x.items() if k != "week") for x in w) == 300
rec = l["recent"]
assert len(rec) == 30 and rec[-1]["version"] == "v1.299", rec[-1]
# Run i's last tick is (i % 60) minutes after its first.
assert all(x["seconds"] == (int(x["version"][3:]) % 60) * 60 for x in rec)
EOF
pycheck json-releases "$tmp/report.json" <<'EOF'
import json, sys
[l] = json.load(open(sys.argv[1]))["checklists"]
rel = l["releases"]
# One run per version here: the last 30 releases, oldest first.
assert len(rel) == 30 and rel[0]["release"] == "v1.270", rel[0]
assert rel[-1] == {"release": "v1.299", "date": "2027-01-02", "success": 0,
    "partial": 0, "rolled-back": 0, "failed": 0, "none": 1}, rel[-1]
assert rel[0]["failed"] == 1 and rel[1]["success"] == 1, rel[:2]
EOF
t last-3 0 "$CHKC" report --json --last 3 "$logs"
pycheck last-3-candidates "$tmp/stdout" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
[l] = r["checklists"]
cand = {i["path"]: i["candidate"] for i in l["items"] if i["candidate"]}
# Runs 297-299: one failure of the error-rate check, not three.
assert r["last"] == 3 and cand == {"before.database-admin-available": ["na"],
    "after.smoke-tests-pass": ["unticked"]}, cand
EOF
t text 0 "$CHKC" report "$logs"
has text-summary "$tmp/stdout" "shop/release  revision 2, 300 runs"
has text-outcomes "$tmp/stdout" "144 success, 28 partial, 16 rolled-back, 100 failed, 12 none"
has text-failed "$tmp/stdout" "before.error-rate-below-1: failed in 3 of the last 10"
has text-na "$tmp/stdout" "before.database-admin-available: N/A in 10 of the last 10"
has text-unticked "$tmp/stdout" "after.smoke-tests-pass: never ticked since revision 2 (100 runs)"
t quiet 0 "$CHKC" report -q "$logs"
if [ -s "$tmp/stdout" ]; then fail quiet-silent "printed" "$tmp/stdout"; else
	ok quiet-silent; fi

# ------------------------------------------------------------ the page
pycheck page-svg "$logs/index.html" <<'EOF'
import re, sys, xml.etree.ElementTree as ET
html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
assert len(svgs) == 4, len(svgs)
NS = "{http://www.w3.org/2000/svg}"
for s in svgs:
    root = ET.fromstring(s)         # valid XML, or this raises
    assert root.tag == NS + "svg" and root.get("role") == "img"
    t, d = root.find(NS + "title"), root.find(NS + "desc")
    assert t is not None and t.text and d is not None and d.text, s[:200]
    assert root.get("aria-labelledby") == "%s %s" % (t.get("id"), d.get("id"))
    assert root.findall(".//" + NS + "rect"), "no bars"
desc = re.search(r'<desc id="c0-out-d">(.*?)</desc>', html).group(1)
assert "144 Success, 28 Partial, 16 Rolled back, 100 Failed, 12 No outcome" \
    in desc, desc
EOF
pycheck page-self-contained "$logs/index.html" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
assert "<script" not in html
csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
assert csp and csp.group(1).startswith("default-src 'none'; style-src 'sha256-"), csp
assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []
assert "style=" not in html     # the CSP allows the one <style> only
EOF
has page-releases "$logs/index.html" '<desc id="c0-rel-d">Runs per release, 30 releases from v1.270: '
has page-candidate "$logs/index.html" "<code>before.database-admin-available</code>: N/A in 10 of the last 10 runs"
# Each item links to its anchor in the current checklist's page, where
# chkc build writes it (ROOT/out), relative to the archive.
t page-with-root 0 "$CHKC" report -q -C "$tmp/a/root" "$logs"
has page-item-link "$logs/index.html" '<a href="../root/out/shop/release.html#i-before.database-admin-available">Database admin available</a>'
"$CHKC" build -q --only html -C "$tmp/a/root" shop/release >/dev/null 2>&1
pycheck page-item-anchors "$logs/index.html" <<'EOF'
import os, re, sys
page = sys.argv[1]
links = re.findall(r'href="([^"#]*\.html)#([^"]*)"', open(page).read())
assert len(links) > 8, links
for f, anchor in links:
    target = os.path.join(os.path.dirname(page), f)
    html = open(target, encoding="utf-8").read()
    assert html.count(' id="%s"' % anchor) == 1, (target, anchor)
EOF
has page-renamed "$logs/index.html" "<code>before.review</code> (renamed from <code>before.code-review-completed</code>)"
has page-removed "$logs/index.html" "(removed after revision 1)"
has page-run-table "$logs/index.html" "The newest 100 of 300 runs"
pycheck index-md-all-runs "$logs/index.md" <<'EOF'
import sys
rows = [l for l in open(sys.argv[1]) if l.startswith("| 20")]
assert len(rows) == 300, len(rows)
EOF

# ------------------------------------------------------------ summaries
# The runs are read from SUMMARY (each chunk's hash in its LOG line), not
# from their bundles: an archive made before summaries, whose report
# reads every bundle, gives the same figures.
mkdir -p "$tmp/old"
REPORT_GEN_LEGACY=1 $py "$top/tests/report_gen.py" "$tmp/a/r1.zip" \
    "$tmp/a/r2.zip" "$tmp/old/logs" 300 >/dev/null 2>&1
if [ -f "$tmp/old/logs/SUMMARY" ] || grep -q summary= "$tmp/old/logs/LOG"; then
	fail legacy-generated "the old archive has summaries"; else
	ok legacy-generated; fi
t legacy-verifies 0 "$CHKC" verify "$tmp/old/logs"
t legacy-report 0 "$CHKC" report --json "$tmp/old/logs"
if cmp -s "$tmp/stdout" "$tmp/report.json"; then ok legacy-same-figures; else
	diff "$tmp/stdout" "$tmp/report.json" >"$tmp/diff"
	fail legacy-same-figures "the report from bundles differs from the one from SUMMARY" "$tmp/diff"; fi
t legacy-cached 0 "$CHKC" report --json "$tmp/old/logs"
if cmp -s "$tmp/stdout" "$tmp/report.json"; then ok legacy-cached-same; else
	fail legacy-cached-same "the old archive's report from the cache differs"; fi
# With no cache, a bundle is not read: its size is checked.  One grown
# by a byte is tampered, and listed.
cp -R "$logs" "$tmp/s1"
rm -f "$tmp/s1/.report-cache"
printf x >>"$tmp/s1/shop/release/v1.8-2026-01-14.zip"
t grown-bundle 1 "$CHKC" report --json "$tmp/s1"
has grown-bundle-error "$tmp/stderr" "v1.8-2026-01-14.zip: error: tampered: its size differs from the one archived"
pycheck grown-bundle-listed "$tmp/stdout" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert [(x["seq"], x["status"]) for x in r["unreadable"]] == [(9, "tampered")], r["unreadable"]
assert r["checklists"][0]["runs"] == 299
EOF
# A figure edited in SUMMARY (run 13's failed check made done): its hash
# is no longer its LOG line's, so the run is listed as tampered, not
# counted as done.
cp -R "$logs" "$tmp/s2"
$py - "$tmp/s2/SUMMARY" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = [k for k, l in enumerate(lines) if l.startswith("R\t13\t")][0]
f = lines[i].split("\t")
assert f[-1][2] == "f", f[-1]
f[-1] = f[-1][:2] + "d" + f[-1][3:]
lines[i] = "\t".join(f)
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines))
EOF
t summary-edited 1 "$CHKC" report --json "$tmp/s2"
has summary-edited-error "$tmp/stderr" "v1.12-2026-01-19.zip: error: tampered: its summary in SUMMARY is missing or differs from its LOG line"
pycheck summary-edited-listed "$tmp/stdout" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert [(x["seq"], x["status"]) for x in r["unreadable"]] == [(13, "tampered")], r["unreadable"]
[l] = r["checklists"]
assert l["runs"] == 299
it = {i["path"]: i for i in l["items"]}
assert it["before.error-rate-below-1"]["failed"] == 99, it["before.error-rate-below-1"]
assert it["before.error-rate-below-1"]["done"] == 200, it["before.error-rate-below-1"]
EOF
t summary-edited-verify 1 "$CHKC" verify "$tmp/s2"
has summary-edited-verify-error "$tmp/stderr" "entry 'shop/release/v1.12-2026-01-19.zip': its summary in SUMMARY differs from its LOG line (edited)"
# The same edit with its LOG line's hash and every line after it made
# again (a consistent chain): the report cannot tell, verify can (the
# chunk is not what the bundle says; the bundles after it name other
# previous lines).
$py - "$tmp/s2" <<'EOF'
import hashlib, sys
d = sys.argv[1]
data = open(d + "/SUMMARY", "rb").read()
chunks, cur = {}, b""
for line in data.splitlines(True):
    cur += line
    if line.startswith(b"R\t"):
        chunks[int(line.split(b"\t")[1])] = cur
        cur = b""
log = open(d + "/LOG").read().splitlines()
prev = "0" * 64
for k, line in enumerate(log):
    f = line.split(" ")
    f[4] = "sha256:" + prev
    f[-1] = "summary=sha256:" + hashlib.sha256(chunks[k + 1]).hexdigest()
    log[k] = " ".join(f)
    prev = hashlib.sha256(log[k].encode()).hexdigest()
open(d + "/LOG", "w").write("\n".join(log) + "\n")
EOF
t rechained-verify 1 "$CHKC" verify "$tmp/s2"
has rechained-verify-summary "$tmp/stderr" "entry 'shop/release/v1.12-2026-01-19.zip': its summary in SUMMARY is not what its bundle says"
has rechained-verify-chain "$tmp/stderr" "entry 'shop/release/v1.13-2026-01-20.zip': the LOG line does not match its bundle (previous line"
# SUMMARY cut short: the runs whose summaries are gone are listed.
cp -R "$logs" "$tmp/s3"
head -c 4000 "$logs/SUMMARY" >"$tmp/s3/SUMMARY"
t summary-cut 1 "$CHKC" report --json "$tmp/s3"
pycheck summary-cut-listed "$tmp/stdout" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
bad = r["unreadable"]
assert len(bad) > 280 and all(x["status"] == "tampered" for x in bad), len(bad)
assert r["runs"] == 300 and r["checklists"][0]["runs"] == 300 - len(bad)
EOF
t summary-cut-verify 1 "$CHKC" verify "$tmp/s3"
has summary-cut-verify-missing "$tmp/stderr" "entry 'shop/release/v1.299-2027-01-02.zip': its summary is missing from SUMMARY (cut or edited)"
has summary-cut-verify-short "$tmp/stderr" "SUMMARY: error: ends with a summary cut short"
# A summary no LOG line names.
cp -R "$logs" "$tmp/s4"
grep '^R	300	' "$logs/SUMMARY" | sed 's/^R	300	/R	301	/' >>"$tmp/s4/SUMMARY"
t summary-extra-verify 1 "$CHKC" verify "$tmp/s4"
has summary-extra-verify-error "$tmp/stderr" "SUMMARY: error: a summary of entry 301, which no LOG line names"
t summary-extra-report 0 "$CHKC" report -q "$tmp/s4"
rm -rf "$tmp/s1" "$tmp/s2" "$tmp/s3" "$tmp/s4" "$tmp/old"

# ------------------------------------------------------------ cache
has cache-written "$logs/.report-cache" "chkc report cache 2"
has cache-ignored "$logs/.gitignore" "/.report-cache"
t verify-ignores-cache 0 "$CHKC" verify "$logs"
t cached-report 0 "$CHKC" report --json "$logs"
if cmp -s "$tmp/stdout" "$tmp/report.json"; then ok cached-same; else
	fail cached-same "the report from the cache differs"; fi
# An edit that keeps size and mtime (touch -r) still changes the ctime.
cp -p "$logs/shop/release/v1.5-2026-01-11.zip" "$tmp/orig.zip"
$py - "$logs/shop/release/v1.5-2026-01-11.zip" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[-30] ^= 1
open(sys.argv[1], "wb").write(b)
EOF
touch -r "$tmp/orig.zip" "$logs/shop/release/v1.5-2026-01-11.zip"
t tampered 1 "$CHKC" report --json "$logs"
has tampered-error "$tmp/stderr" "v1.5-2026-01-11.zip: error: tampered: its SHA-256 differs from its LOG line"
pycheck tampered-listed "$tmp/stdout" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["runs"] == 300 and [(x["seq"], x["status"]) for x in r["unreadable"]] \
    == [(6, "tampered")], r["unreadable"]
assert r["checklists"][0]["runs"] == 299
EOF
has tampered-page "$logs/index.html" "tampered: its SHA-256 differs from its LOG line"
has tampered-md "$logs/index.md" "tampered: its SHA-256 differs"
t tampered-verify 1 "$CHKC" verify "$logs"
rm "$logs/shop/release/v1.7-2026-01-13.zip"
t missing 1 "$CHKC" report "$logs"
has missing-listed "$tmp/stdout" "shop/release/v1.7-2026-01-13.zip  unreadable: its bundle is missing"
has missing-count "$tmp/stdout" "300 archived runs, 2 could not be read"

# Bundles that are what their LOG lines say, but do not read.
mkdir -p "$tmp/g"
REPORT_GEN_BREAK="3:zip 5:project 7:run 9:checklist" $py \
    "$top/tests/report_gen.py" "$tmp/a/r1.zip" "$tmp/a/r2.zip" "$tmp/g/logs" \
    20 >/dev/null 2>&1
t broken 1 "$CHKC" report "$tmp/g/logs"
has broken-zip "$tmp/stdout" "v1.3-2026-02-28.zip  unreadable: not a readable bundle"
has broken-project "$tmp/stdout" "v1.5-2026-04-06.zip  unreadable: its bag-info.txt does not name its project and checklist"
has broken-run "$tmp/stdout" "v1.7-2026-05-12.zip  unreadable: its run file does not read"
has broken-checklist "$tmp/stdout" "v1.9-2026-06-17.zip  unreadable: its resolved checklist (data/checklist.json) is missing, does not read or is not the one its bag-info names"
has broken-counted "$tmp/stdout" "shop/release  revision 2, 16 runs"
has broken-errors "$tmp/stderr" "v1.9-2026-06-17.zip: error: unreadable: its resolved checklist"

# ------------------------------------------------------------ archive
# chkc archive rebuilds the page; the runs before are read from the cache.
cd "$tmp/a/root" || exit 3
cp "$tmp/orig.zip" "$logs/shop/release/v1.5-2026-01-11.zip"
"$CHKC" run new shop/release -o run.yaml >/dev/null 2>&1
sed -e 's/^  version: null.*/  version: "v9"/' \
    -e 's/^  before.review: {done: false}/  before.review: {done: true, at: "2027-02-01T10:00:00+00:00"}/' \
    -e 's/^# outcome:.*/outcome: partial/' run.yaml >filled.yaml
cp "$logs/.report-cache" "$tmp/cache.before"
t archive-real-run 0 "$CHKC" archive -q --logs "$logs" filled.yaml
# The cache grows by the records of what changed (the new run, the
# bundle put back above), appended: what it had is left as it was.
before=$(wc -c <"$tmp/cache.before")
after=$(wc -c <"$logs/.report-cache")
if cmp -s -n "$before" "$tmp/cache.before" "$logs/.report-cache" &&
    [ $((after - before)) -gt 0 ] && [ $((after - before)) -lt 1000 ]; then
	ok archive-cache-appended; else
	fail archive-cache-appended "$before bytes before, $after after"; fi
case $(tail -1 "$logs/LOG") in *" summary=sha256:"*) ok archive-summary-line ;;
*) fail archive-summary-line "no summary= in its LOG line" "$logs/LOG" ;; esac
has archive-summary "$logs/SUMMARY" "$(printf 'R\t301\t')"
# Only the bundle removed above is wrong: every summary, the new one's
# too, is what its bundle says.
t archive-verify 1 "$CHKC" verify "$logs"
if [ "$(grep -c 'error' "$tmp/stderr")" -eq 1 ] && grep -q 'v1.7-2026-01-13.zip' "$tmp/stderr"; then
	ok archive-verify-summaries; else
	fail archive-verify-summaries "other errors" "$tmp/stderr"; fi
has archive-page "$logs/index.html" "301 archived runs, <a class=\"bad\" href=\"#unread\">1 of them could not be read</a>"
has archive-page-newest "$logs/index.html" "v9, 2027-02-01</a>"
# The same version archived again (a second attempt): one release of two
# runs.
t archive-again 0 "$CHKC" archive -q --logs "$logs" filled.yaml
t archive-again-report 1 "$CHKC" report --json "$logs"
pycheck release-of-two-runs "$tmp/stdout" <<'EOF'
import json, sys
[l] = json.load(open(sys.argv[1]))["checklists"]
assert l["releases"][-1] == {"release": "v9", "date": "2027-02-01",
    "success": 0, "partial": 2, "rolled-back": 0, "failed": 0, "none": 0}, \
    l["releases"][-1]
assert l["releases"][-2]["release"] == "v1.299"
EOF
cd "$top" || exit 3
echo end
