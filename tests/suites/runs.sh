#!/bin/sh
# Runs, bundles and the archive (issue 9): run new -> fill -> status ->
# render -> archive -> verify, with a small fixture project and with the
# example content; bundles checked by an independent BagIt checker
# (tests/bagit_check.py) and for reproducibility; concurrent archives;
# each kind of tampering; interrupted archives; drift and migrate; the
# CI gate.  One line "ok runs/NAME" or "FAIL runs/NAME" per case.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
case $CHKC in /*) ;; *) CHKC=$top/$CHKC ;; esac
# Debian's $py (a version manager's shim in PATH costs a second a call).
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
bagit="$py $top/tests/bagit_check.py"
export SOURCE_DATE_EPOCH=1767225600

SUITE=runs
. "$top/tests/lib.sh"

# ---------------------------------------------------------------- fixture
mkfixture() {	# DIR: a project root with shop/release
	mkdir -p "$1/templates" "$1/content"
	cat >"$1/templates/release.yaml" <<'EOF'
id: release
title: Release of {{ project.name }}
revision: 1
fields:
  - field: Version
    id: version
    required: true
  - field: Strategy
    type: choice
    options: [Rolling, Canary]
  - field: Components
    type: multichoice
    options: [API, Web, Worker]
sections:
  - title: Before
    items:
      - Code review completed
      - check: Backup size
        field: {type: number, unit: MB, max: 1000}
      - check: Error rate below 1%
        critical: true
      - Database admin available
      - field: Start time
        type: time
      - field: Feature flags off
        type: bool
  - title: After
    items:
      - Smoke tests pass
      - table: Monitoring
        columns: [Time, Errors]
        rows: {for: "m in range(0, 21, 10)", label: "T+{{ m }}"}
signoff:
  - roles: [DevOps, Tech Lead]
EOF
	cat >"$1/content/shop.yaml" <<'EOF'
project: shop
name: Acme Shop
checklists:
  - use: release
EOF
}

# fill IN OUT [outcome]: answer every line of a run new file.
fill() {
	$py - "$1" "$2" "${3:-success}" <<'EOF'
import re, sys
AT = "2026-11-24T10:02:00+03:00"
def val(info):
    for k, v in (("number", "5"), ("date and time", '"%s"' % AT),
                 ("date", '"2026-11-24"'), ("time", '"10:00"'),
                 ("true or false", "true")):
        if info.startswith(k):
            return v
    m = re.match(r"(one of|a list of): ([^|,]+?)( \||,|$)", info)
    if m:
        o = '"%s"' % m.group(2).strip()
        return o if m.group(1) == "one of" else "[%s]" % o
    return '"filled"'
out = []
for line in open(sys.argv[1]):
    m = re.match(r'^(  \S.*?): (\{.*?\}|null|\[\])  # (.*)$', line.rstrip("\n"))
    if m:
        key, v, comment = m.groups()
        i = re.search(r"\(((number|date|time|true or false|one of: |a list of: |text).*)\)$", comment)
        info = i.group(1) if i else ""
        v = {"{done: false}": '{done: true, by: "alice", at: "%s"}' % AT,
             "{done: false, value: null}": '{done: true, value: %s, at: "%s"}' % (val(info), AT),
             "{value: null}": "{value: %s}" % val(info),
             '{name: ""}': '{name: "Alice Ivanova", at: "2026-11-24T11:00:00+03:00"}',
             "[]": '[["0.1"], ["0.2"]]',
             "null": '"v1.0"' if key.strip() == "version" else val(info)}.get(v, v)
        line = "%s: %s  # %s\n" % (key, v, comment)
    elif line.startswith("# outcome:"):
        line = "outcome: %s\n" % sys.argv[3]
    out.append(line)
open(sys.argv[2], "w").write("".join(out))
EOF
}

fx=$tmp/fx
mkfixture "$fx"
cd "$fx" || exit 3

# ------------------------------------------------------------ commands
for cmd in "run" "status" "render" "archive" "verify"; do
	t "$cmd-help" 0 "$CHKC" $cmd --help && has "$cmd-help-usage" "$tmp/stdout" "usage: chkc $cmd"
	t "$cmd-bad-option" 2 "$CHKC" $cmd --frobnicate x
done
t run-no-subcommand 2 "$CHKC" run
t run-new-no-target 2 "$CHKC" run new
t verify-require-needs-version 2 "$CHKC" verify --require shop/release

# ------------------------------------------------------------ run new
t run-new-stdout 0 "$CHKC" run new shop/release
has run-new-lists-item "$tmp/stdout" "before.code-review-completed: {done: false}  # Code review completed"
has run-new-lists-field-item "$tmp/stdout" "before.start-time: {value: null}  # Start time (time HH:MM)"
has run-new-lists-fill-in "$tmp/stdout" "before.backup-size: {done: false, value: null}  # Backup size (number, MB, max 1000)"
has run-new-lists-critical "$tmp/stdout" "# [critical] Error rate below 1%"
has run-new-lists-header-field "$tmp/stdout" "version: null  # Version (text, required)"
has run-new-lists-choice "$tmp/stdout" "strategy: null  # Strategy (one of: Rolling | Canary)"
has run-new-lists-table "$tmp/stdout" "after.monitoring: []"
has run-new-lists-role "$tmp/stdout" '"Tech Lead": {name: ""}'
has run-new-snapshot "$tmp/stdout" 'before.error-rate-below-1: "Error rate below 1%"'
t run-new-file 0 "$CHKC" run new shop/release -o run.yaml
echo changed >>run.yaml
t run-new-keeps-file 1 "$CHKC" run new shop/release -o run.yaml
has run-new-keeps-file-message "$tmp/stderr" "run.yaml: error: already exists (--force replaces it)"
check run-new-file-untouched grep -q '^changed$' run.yaml
t run-new-force 0 "$CHKC" run new shop/release -o run.yaml --force
t run-new-unknown-project 1 "$CHKC" run new shp/release
has run-new-unknown-project-message "$tmp/stderr" "unknown project 'shp'"
t run-new-unknown-checklist 1 "$CHKC" run new shop/relase
has run-new-unknown-checklist-suggests "$tmp/stderr" "(did you mean 'release'?)"

# ------------------------------------------------------------ status
t status-blank 1 "$CHKC" status run.yaml
has status-blank-progress "$tmp/stdout" "0 done, 7 open, 0 failed, 0 N/A of 7 (0%)"
has status-blank-unsigned "$tmp/stdout" "unsigned  DevOps, Tech Lead"
has status-blank-missing "$tmp/stdout" "missing   fields.version"
has status-blank-incomplete "$tmp/stdout" "status: incomplete"
fill run.yaml filled.yaml
t status-filled 0 "$CHKC" status filled.yaml
has status-filled-progress "$tmp/stdout" "7 done, 0 open, 0 failed, 0 N/A of 7 (100%)"
has status-filled-complete "$tmp/stdout" "status: complete"
t status-quiet 0 "$CHKC" status -q filled.yaml
check status-quiet-silent test ! -s "$tmp/stdout"

# A run as the HTML page exports it (JSON, answers only, typed values).
cat >page.json <<EOF
{
  "run": "shop/release",
  "checklist": "$(sed -n 's/^checklist: "\(.*\)"$/\1/p' run.yaml)",
  "revision": 1,
  "fields": {"version": "v2.0", "strategy": "Canary", "components": ["API", "Worker"]},
  "items": {
    "before.code-review-completed": {"done": true, "by": "bob", "at": "2026-11-24T10:02:00+03:00"},
    "before.backup-size": {"done": true, "value": 512},
    "before.database-admin-available": {"na": "no migrations"},
    "before.error-rate-below-1": {"failed": "3% for 10 minutes"},
    "before.feature-flags-off": {"value": true}
  },
  "tables": {"after.monitoring": [["0.2"], ["0.1"]]},
  "signoff": {"DevOps": {"name": "Bob", "at": "2026-11-24T11:00:00+03:00"}},
  "outcome": "rolled-back",
  "notes": "Rolled back after the error-rate alarm."
}
EOF
t status-page-json 1 "$CHKC" status page.json
has status-page-json-progress "$tmp/stdout" "3 done, 2 open, 1 failed, 1 N/A of 7 (57%)"
has status-page-json-critical "$tmp/stdout" "CRITICAL  before.error-rate-below-1  Error rate below 1% — 3% for 10 minutes"
has status-page-json-signed "$tmp/stdout" "signed    Bob (DevOps)"

# chkc check RUN: the run against its checklist, as status checks it,
# without the progress report; an incomplete run is a valid one.
t check-run-json 0 "$CHKC" check page.json
check check-run-json-no-report test ! -s "$tmp/stdout"
has check-run-json-summary "$tmp/stderr" "chkc: checked 1 run"
t check-run-yaml 0 "$CHKC" check -q filled.yaml
check check-run-yaml-silent test ! -s "$tmp/stderr"
t check-run-and-project 0 "$CHKC" check filled.yaml shop
has check-run-and-project-summary "$tmp/stderr" "chkc: checked 1 checklist and 1 run"
t build-run 1 "$CHKC" build -o "$tmp/built-run" filled.yaml
has build-run-message "$tmp/stderr" "filled.yaml: error: a run, not a template or a project: 'chkc check' checks it, 'chkc render' draws it"
check build-run-nothing-written test ! -e "$tmp/built-run"
# The same run from a JSON writer that escapes what is beyond U+FFFF
# as UTF-16 surrogate pairs (Python's json.dumps, many others).
$py -c "import json; r = json.load(open('page.json')); r['notes'] = 'Rolled back \U0001F4A9.'; open('ascii.json', 'w').write(json.dumps(r))"
check surrogates-escaped grep -qF '\ud83d\udca9' ascii.json
t check-run-surrogates 0 "$CHKC" check -q ascii.json
t render-run-surrogates 0 "$CHKC" render -q ascii.json -o "$tmp/sur"
has render-run-surrogates-text "$tmp/sur/ascii.md" "Rolled back 💩."

# Invalid runs: each an error at its line and column.
bad() {	# name, expected diagnostic, python replacement of the filled run
	$py -c "import sys; s=open('filled.yaml').read(); $3; open('bad.yaml','w').write(s)"
	t "invalid-$1" 1 "$CHKC" status bad.yaml && has "invalid-$1-message" "$tmp/stderr" "$2"
	t "check-invalid-$1" 1 "$CHKC" check bad.yaml &&
	    has "check-invalid-$1-message" "$tmp/stderr" "$2" &&
	    check "check-invalid-$1-no-report" test ! -s "$tmp/stdout"
}
bad unknown-path "error: unknown item 'before.code-reviw-completed' (did you mean 'before.code-review-completed'?)" \
    "s=s.replace('before.code-review-completed:', 'before.code-reviw-completed:')"
bad number-text "error: 'before.backup-size': expected a number, got 'lots'" \
    "s=s.replace('value: 5,', 'value: lots,')"
bad number-max "error: 'before.backup-size': 5000 is above the maximum 1000" \
    "s=s.replace('value: 5,', 'value: 5000,')"
bad option "error: 'fields.strategy': 'Blue' is not one of its options" \
    "s=s.replace('strategy: \"Rolling\"', 'strategy: \"Blue\"')"
bad multichoice "error: 'fields.components': 'Cron' is not one of its options" \
    "s=s.replace('components: [\"API\"]', 'components: [\"API\", \"Cron\"]')"
bad bool "error: 'before.feature-flags-off': expected true or false, got 'yes please'" \
    "s=s.replace('{value: true}', '{value: \"yes please\"}')"
bad na-on-field "error: 'before.start-time' is a fill-in line: it takes a value, not 'na'" \
    "s=s.replace('{value: \"10:00\"}', '{na: \"not today\"}')"
bad done-and-failed "error: 'before.code-review-completed' is both done and failed" \
    "s=s.replace('before.code-review-completed: {done: true,', 'before.code-review-completed: {done: true, failed: \"no\",')"
bad critical-failed "error: outcome 'success', but the critical item 'before.error-rate-below-1' failed" \
    "s=s.replace('before.error-rate-below-1: {done: true,', 'before.error-rate-below-1: {failed: \"5%\",')"
bad role "error: the checklist has no sign-off role 'Tech Led' (did you mean 'Tech Lead'?)" \
    "s=s.replace('\"Tech Lead\":', '\"Tech Led\":')"
bad at "error: items[\"before.code-review-completed\"].at: '2026-11-24T10:02:00' is not a valid date-time" \
    "s=s.replace('before.code-review-completed: {done: true, by: \"alice\", at: \"2026-11-24T10:02:00+03:00\"}', 'before.code-review-completed: {done: true, at: \"2026-11-24T10:02:00\"}')"
bad table-row "error: 'after.monitoring': row 2 has 2 cells, the table has 1 columns to fill" \
    "s=s.replace('[[\"0.1\"], [\"0.2\"]]', '[[\"0.1\"], [\"0.2\", \"x\"]]')"
bad table-rows "error: 'after.monitoring': 4 rows, the table has 3" \
    "s=s.replace('[[\"0.1\"], [\"0.2\"]]', '[[1], [2], [3], [4]]')"
bad schema "error: items[\"after.smoke-tests-pass\"]: unknown key 'frobnicate'" \
    "s=s.replace('after.smoke-tests-pass: {done: true', 'after.smoke-tests-pass: {done: true, frobnicate: 1')"
bad header-in-items "error: 'fields.version' is a header field: give it under 'fields:' as 'version'" \
    "s=s.replace('  after.smoke-tests-pass:', '  fields.version: {done: true}\n  after.smoke-tests-pass:', 1)"
bad line-col "error: unknown item 'before.backup-sise' (did you mean 'before.backup-size'?)" \
    "s=s.replace('before.backup-size:', 'before.backup-sise:')"
grep -Eq '^bad.yaml:[0-9]+:3: error: unknown item .before.backup-sise.' "$tmp/stderr" &&
    ok invalid-line-col || fail invalid-line-col "no file:line:col" "$tmp/stderr"
grep -Eq '^bad.yaml:[0-9]+:' "$tmp/stderr" && ok invalid-all-reported ||
    fail invalid-all-reported "" "$tmp/stderr"

# ------------------------------------------------------------ render
t render 0 "$CHKC" render filled.yaml -o r1
check render-files test -s r1/filled.md -a -s r1/filled.html -a -s r1/filled.pdf -a -s r1/filled.signoff.pdf
has render-md-ticked r1/filled.md "- [x] Code review completed"
has render-md-signer r1/filled.md "Alice Ivanova"
t render-page-json 0 "$CHKC" render page.json -o r2
has render-md-na r2/page.md "no migrations"
has render-md-failed r2/page.md "3% for 10 minutes"
has render-md-outcome r2/page.md "rolled-back"
check render-pdf-is-pdf sh -c "head -c 5 r2/page.pdf | grep -q '%PDF-'"
t render-invalid 1 "$CHKC" render bad.yaml -o r3
# --paper as chkc build takes it: a4, A4 or letter, else an error.
t render-letter 0 "$CHKC" render -q filled.yaml -o r4 --paper letter
if pdfinfo r4/filled.signoff.pdf 2>/dev/null | grep -q '612 x 792'; then
	ok render-letter-size
else
	fail render-letter-size "$(pdfinfo r4/filled.signoff.pdf 2>&1 | grep size)"
fi
t render-A4 0 "$CHKC" render -q filled.yaml -o r5 --paper A4
check render-A4-is-a4 cmp r1/filled.pdf r5/filled.pdf
for cmd in render archive; do
	t $cmd-bad-paper 2 "$CHKC" $cmd filled.yaml --paper tabloid
	has $cmd-bad-paper-message "$tmp/stderr" "chkc: unknown paper 'tabloid' (a4 or letter)"
done
check render-invalid-writes-nothing test ! -e r3

# ------------------------------------------------------------ build bundles
t build-zip 0 "$CHKC" build -q -o out1
check build-zip-exists test -s out1/shop/release.zip
t build-zip-bagit 0 $bagit out1/shop/release.zip
t build-zip-again 0 "$CHKC" build -q -o out2
check build-zip-reproducible cmp out1/shop/release.zip out2/shop/release.zip
TZ=America/New_York "$CHKC" build -q -o out3 >/dev/null 2>&1
check build-zip-reproducible-tz cmp out1/shop/release.zip out3/shop/release.zip
t build-zip-other-epoch 0 env SOURCE_DATE_EPOCH=1767312000 "$CHKC" build -q -o out4
check build-zip-epoch-matters sh -c "test -s out4/shop/release.zip && ! cmp -s out1/shop/release.zip out4/shop/release.zip"
t build-only-zip 0 "$CHKC" build -q -o out5 --only zip
check build-only-zip-same cmp out1/shop/release.zip out5/shop/release.zip
check build-only-zip-no-md test ! -e out5/shop/release.md
$py - out1/shop/release.zip <<'EOF' && ok build-zip-contents || fail build-zip-contents "entries"
import sys, zipfile, hashlib, json
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
want = ["release/data/checklist.json", "release/data/release.md",
        "release/data/release.html", "release/data/sources/content/shop.yaml",
        "release/data/sources/templates/release.yaml"]
assert all(n in names for n in want), names
assert not any(n.startswith("/") or "/tmp" in n for n in names)
for i in z.infolist():
    assert i.date_time == (2026, 1, 1, 0, 0, 0), i.date_time
    # PDFs are stored: their streams are deflated already
    method = zipfile.ZIP_STORED if i.filename.endswith(".pdf") else zipfile.ZIP_DEFLATED
    assert i.compress_type == method and i.extra == b"", i.filename
    assert (i.external_attr >> 16) == 0o100644
info = z.read("release/bag-info.txt").decode()
h = hashlib.sha256(z.read("release/data/checklist.json")).hexdigest()
assert "Chkc-Checklist-Hash: sha256:" + h in info, info
json.loads(z.read("release/data/checklist.json"))
EOF

# ------------------------------------------------------------ archive
t archive 0 "$CHKC" archive filled.yaml
has archive-says-where "$tmp/stderr" "deployment-logs/shop/release/v1.0-2026-11-24.zip"
check archive-zip test -s deployment-logs/shop/release/v1.0-2026-11-24.zip
check archive-md test -s deployment-logs/shop/release/v1.0-2026-11-24.md
check archive-md-is-filled grep -q '\[x\] Code review completed' deployment-logs/shop/release/v1.0-2026-11-24.md
check archive-log-line grep -Eq '^1 2026-01-01T00:00:00Z shop/release/v1.0-2026-11-24.zip sha256:[0-9a-f]{64} sha256:0{64} summary=sha256:[0-9a-f]{64}$' deployment-logs/LOG
has archive-index-md deployment-logs/index.md "| 2026-11-24 | shop | release | v1.0 | success | 100% | Alice Ivanova (DevOps); Alice Ivanova (Tech Lead) |"
has archive-index-html deployment-logs/index.html "<td>v1.0</td>"
t archive-bagit 0 $bagit deployment-logs/shop/release/v1.0-2026-11-24.zip
t verify 0 "$CHKC" verify
has verify-count "$tmp/stderr" "1 entry verified"
has archive-gitignore deployment-logs/.gitignore "/.lock"
t archive-second 0 "$CHKC" archive filled.yaml
check archive-second-suffix test -s deployment-logs/shop/release/v1.0-2026-11-24-2.zip
t archive-page-json 0 "$CHKC" archive page.json
check archive-page-json-name test -s deployment-logs/shop/release/v2.0-2026-11-24.zip
has archive-index-newest-first deployment-logs/index.md "| 2026-11-24 | shop | release | v2.0 | rolled-back"
t archive-invalid 1 "$CHKC" archive bad.yaml
check archive-invalid-nothing-added test "$(wc -l <deployment-logs/LOG)" -eq 3
t verify-three 0 "$CHKC" verify deployment-logs
$py - deployment-logs/shop/release/v1.0-2026-11-24.zip <<'EOF' && ok archive-bundle-contents || fail archive-bundle-contents "entries"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
n = set(z.namelist())
b = "v1.0-2026-11-24/"
for f in ("data/release.md", "data/release.html", "data/release.pdf",
          "data/release.signoff.pdf", "data/checklist.json", "data/run.yaml",
          "data/sources/templates/release.yaml", "data/sources/content/shop.yaml"):
    assert b + f in n, f
assert z.read(b + "data/run.yaml") == open("filled.yaml", "rb").read()
info = z.read(b + "bag-info.txt").decode()
for l in ("Chkc-Run-Outcome: success", "Chkc-Run-Complete: yes",
          "Chkc-Run-Unsigned: 0", "Chkc-Log-Sequence: 1", "Chkc-Run-Version: v1.0"):
    assert l in info, l
EOF
# The same run archived again into a fresh archive: the same bundle.
mkdir -p re && "$CHKC" archive -q --logs re/a filled.yaml && "$CHKC" archive -q --logs re/b filled.yaml
check archive-reproducible cmp re/a/shop/release/v1.0-2026-11-24.zip re/b/shop/release/v1.0-2026-11-24.zip

# ------------------------------------------------------------ CI gate
t gate-pass 0 "$CHKC" verify --require shop/release --version v1.0
t gate-rolled-back 1 "$CHKC" verify --require shop/release --version v2.0
has gate-rolled-back-why "$tmp/stderr" "does not count: 57% done, 1 role unsigned, outcome 'rolled-back'"
t gate-no-version 1 "$CHKC" verify --require shop/release --version v9
has gate-no-version-message "$tmp/stderr" "no run of shop/release version v9 is archived"
t gate-other-checklist 1 "$CHKC" verify --require shop/hotfix --version v1.0
mkdir -p gate
$py -c "s=open('filled.yaml').read(); s=s.replace('version: \"v1.0\"', 'version: \"v3.0\"').replace('\"Tech Lead\": {name: \"Alice Ivanova\", at: \"2026-11-24T11:00:00+03:00\"}', '\"Tech Lead\": {name: \"\"}'); open('unsigned.yaml','w').write(s)"
$py -c "s=open('filled.yaml').read(); s=s.replace('version: \"v1.0\"', 'version: \"v4.0\"').replace('after.smoke-tests-pass: {done: true', 'after.smoke-tests-pass: {done: false'); open('open.yaml','w').write(s)"
t gate-archive-unsigned 0 "$CHKC" archive -q --logs gate unsigned.yaml
t gate-unsigned 1 "$CHKC" verify gate --require shop/release --version v3.0
has gate-unsigned-why "$tmp/stderr" "does not count: 1 role unsigned"
t gate-archive-open 0 "$CHKC" archive -q --logs gate open.yaml
t gate-incomplete 1 "$CHKC" verify gate --require shop/release --version v4.0
has gate-incomplete-why "$tmp/stderr" "does not count: 85% done"
t gate-archive-complete 0 "$CHKC" archive -q --logs gate filled.yaml
t gate-complete 0 "$CHKC" verify gate --require shop/release --version v1.0
cp -R gate gate-bad && printf x >>gate-bad/shop/release/v1.0-2026-11-24.zip
t gate-tampered 1 "$CHKC" verify gate-bad --require shop/release --version v1.0

# ------------------------------------------------------------ concurrency
mkdir -p many
i=0
while [ $i -lt 10 ]; do
	"$CHKC" archive -q --logs many/logs filled.yaml 2>"many/err$i" &
	i=$((i + 1))
done
wait
check concurrent-all-land test "$(ls many/logs/shop/release/*.zip | wc -l)" -eq 10
check concurrent-log-lines test "$(wc -l <many/logs/LOG)" -eq 10
check concurrent-no-errors sh -c "! cat many/err* | grep -q ."
check concurrent-suffixes test -s many/logs/shop/release/v1.0-2026-11-24-10.zip
t concurrent-verify 0 "$CHKC" verify many/logs
t concurrent-bagit 0 $bagit many/logs/shop/release/*.zip
has concurrent-index "$tmp/stdout" "v1.0-2026-11-24-9.zip: ok"

# ------------------------------------------------------------ tampering
# Each on a fresh copy of the three-entry archive; verify must exit 1
# and name the entry.
tamper() {	# name, expected text, shell command run inside the copy
	rm -rf tam && cp -R deployment-logs tam
	(cd tam && eval "$3")
	t "tamper-$1" 1 "$CHKC" verify tam && has "tamper-$1-names-entry" "$tmp/stderr" "$2"
}
b2=shop/release/v1.0-2026-11-24-2.zip
tamper byte-in-bundle "tam/$b2: error: SHA-256 differs from LOG line 2" \
    "$py -c \"p='$b2'; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)\""
tamper bundle-deleted "entry '$b2': bundle missing" "rm $b2"
tamper extra-file "tam/shop/release/notes.txt: error: not in LOG" "echo hi >shop/release/notes.txt"
tamper extra-bundle "tam/shop/release/v9-2026-11-24.zip: error: not in LOG" "cp $b2 shop/release/v9-2026-11-24.zip"
tamper md-edited "differs from the checklist in bundle '$b2' (edited)" \
    "echo more >>shop/release/v1.0-2026-11-24-2.md"
tamper md-deleted "missing: the checklist of entry '$b2'" "rm shop/release/v1.0-2026-11-24-2.md"
tamper log-line-edited "entry '$b2': the LOG line does not match its bundle (time" \
    "sed -i '2s/T00:00:00Z/T00:00:01Z/' LOG"
tamper log-last-line-edited "entry 'shop/release/v2.0-2026-11-24.zip': the LOG line does not match its bundle (time" \
    "sed -i '3s/T00:00:00Z/T09:00:00Z/' LOG"
tamper log-line-edited-chain "LOG:3:1: error: entry 'shop/release/v2.0-2026-11-24.zip': does not chain to line 2" \
    "sed -i '2s/T00:00:00Z/T00:00:01Z/' LOG"
tamper log-swapped "entry '$b2': sequence number 2 on line 3" \
    "{ sed -n 1p LOG; sed -n 3p LOG; sed -n 2p LOG; } >L && mv L LOG"
tamper log-truncated "tam/shop/release/v2.0-2026-11-24.zip: error: not in LOG" \
    "head -n 2 LOG >L && mv L LOG"
tamper log-cut "the last LOG line is cut short (LOG truncated)" \
    "head -c -20 LOG >L && mv L LOG"
tamper log-line-deleted "entry 'shop/release/v2.0-2026-11-24.zip': sequence number 3 on line 2" \
    "sed -i 2d LOG"
# A bundle rewritten with one payload file changed: its own manifest
# says so (besides the LOG's hash).
tamper bag-manifest "'data/release.md': SHA-256 does not match manifest-sha256.txt" \
    "$py -c \"
import zipfile
p = '$b2'
old = zipfile.ZipFile(p)
items = [(i, old.read(i)) for i in old.infolist()]
old.close()
with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:
    for i, b in items:
        z.writestr(i, b + b'more' if i.filename.endswith('data/release.md') else b)
\""
rm -rf tam

# ------------------------------------------------------------ interrupted
# A shim that kills chkc at its Nth rename(2), or makes it fail: every
# step of an archive is a rename, and the LOG append follows the last.
cat >shim.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	static int n;
	const char *kill_at = getenv("SHIM_KILL_AT");
	const char *fail_at = getenv("SHIM_FAIL_AT");

	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	n++;
	if (kill_at != NULL && atoi(kill_at) == n)
		raise(SIGKILL);
	if (fail_at != NULL && atoi(fail_at) == n) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}
EOF
preload=""
if cc -shared -fPIC -o shim.so shim.c -ldl 2>"$tmp/stderr"; then
	preload=$fx/shim.so
	# Under AddressSanitizer its runtime must come first.
	asan=$(ldd "$CHKC" 2>/dev/null | sed -n 's/.*libasan[^ ]* => \([^ ]*\).*/\1/p')
	[ -n "$asan" ] && preload="$asan $preload"
	ok shim-builds
else
	fail shim-builds "cc failed" "$tmp/stderr"
fi
# Renames of one archive: intent, bundle, .md, index.md, index.html
# (its summary is appended to SUMMARY between the .md and index.md, the
# report's cache after index.html); chkc must really die (SIGKILL:
# status 137) at each.
for n in 1 2 3 4 5; do
	rm -rf int && cp -R deployment-logs int
	t "killed-at-rename-$n" 137 env LD_PRELOAD="$preload" SHIM_KILL_AT=$n \
	    "$CHKC" archive -q --logs int filled.yaml
	t "killed-at-rename-$n-verifies" 0 "$CHKC" verify int
	t "killed-at-rename-$n-next-archive" 0 "$CHKC" archive -q --logs int filled.yaml
	t "killed-at-rename-$n-then-verifies" 0 "$CHKC" verify int
	hasnt "killed-at-rename-$n-clean" "$tmp/stderr" "warning"
	check "killed-at-rename-$n-log" test "$(wc -l <int/LOG)" -ge 4
done
for n in 1 2 3 4 5; do
	rm -rf int && cp -R deployment-logs int
	t "failed-rename-$n" 3 env LD_PRELOAD="$preload" SHIM_FAIL_AT=$n "$CHKC" archive -q --logs int filled.yaml
	t "failed-rename-$n-verifies" 0 "$CHKC" verify int
	hasnt "failed-rename-$n-no-leftover" "$tmp/stderr" "warning"
	check "failed-rename-$n-log-unchanged" test "$(wc -l <int/LOG)" -eq 3
	check "failed-rename-$n-nothing-placed" sh -c "! ls int/shop/release/ | grep -q -- '-3\\.'"
done
# The report's cache that cannot be written costs time, not the run.
rm -rf int && cp -R deployment-logs int
rm -f int/.report-cache && mkdir int/.report-cache
t failed-cache 0 "$CHKC" archive -q --logs int filled.yaml
t failed-cache-verifies 0 "$CHKC" verify int
rm -rf int

# ------------------------------------------------------------ drift
mkdir -p "$tmp/dr" && cd "$tmp/dr" || exit 3
mkfixture .
"$CHKC" run new shop/release -o old.yaml 2>/dev/null
fill old.yaml old-filled.yaml
cp "$fx/page.json" page.json
"$CHKC" archive -q page.json 2>/dev/null	# old bundles of the checklist:
"$CHKC" build -q --only zip 2>/dev/null		# archived and built
$py - templates/release.yaml <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("revision: 1", "revision: 2")
s = s.replace("      - Database admin available\n", "")
s = s.replace("      - Smoke tests pass\n",
    "      - check: Smoke tests pass on staging\n        id: smoke-tests-pass\n")
s = s.replace("      - Code review completed\n", "      - Code review completed\n      - Changelog written\n")
open(p, "w").write(s)
EOF
t drift-status 1 "$CHKC" status old-filled.yaml
has drift-error "$tmp/stderr" "error: the run was made from checklist sha256:"
has drift-revisions "$tmp/stderr" "has changed since: it is now sha256:"
has drift-added "$tmp/stderr" "note: added since: 'before.changelog-written'"
has drift-removed "$tmp/stderr" "note: removed since: 'before.database-admin-available'"
has drift-reworded "$tmp/stderr" "note: reworded since: 'after.smoke-tests-pass'"
has drift-migrate-hint "$tmp/stderr" "'chkc run migrate old-filled.yaml'"
t drift-archive-refuses 1 "$CHKC" archive old-filled.yaml
has drift-archive-names "$tmp/stderr" "note: removed since: 'before.database-admin-available'"
t drift-render-refuses 1 "$CHKC" render old-filled.yaml -o rr
check drift-render-nothing test ! -e rr
# No snapshot (the page's JSON): the old checklist from the archived bundle.
t drift-page-json 1 "$CHKC" status page.json
has drift-page-json-from-bundle "$tmp/stderr" "note: added since: 'before.changelog-written'"
rm -rf deployment-logs
t drift-page-json-out 1 "$CHKC" status page.json
has drift-page-json-from-out "$tmp/stderr" "note: reworded since: 'after.smoke-tests-pass'"
rm -rf out
t drift-page-json-unknown 1 "$CHKC" status page.json
has drift-page-json-unknown-says "$tmp/stderr" "what the checklist said then is unknown"
has drift-page-json-unknown-gone "$tmp/stderr" "note: removed since: 'before.database-admin-available' (answered here)"
# Migrate: answers to paths that remain are kept, the rest listed.
cp old-filled.yaml mig.yaml
t migrate 0 "$CHKC" run migrate mig.yaml
has migrate-dropped "$tmp/stderr" "dropped item 'before.database-admin-available'"
has migrate-summary "$tmp/stderr" "carried over to shop/release revision 2"
has migrate-keeps-answer mig.yaml 'before.code-review-completed: {done: true, by: "alice", at: "2026-11-24T10:02:00+03:00"}'
has migrate-adds-new mig.yaml "before.changelog-written: {done: false}  # Changelog written"
has migrate-keeps-signoff mig.yaml '"Tech Lead": {name: "Alice Ivanova"'
t migrate-status 1 "$CHKC" status mig.yaml
has migrate-status-progress "$tmp/stdout" "6 done, 1 open, 0 failed, 0 N/A of 7"
has migrate-status-open "$tmp/stdout" "open      before.changelog-written"
t migrate-again 0 "$CHKC" run migrate mig.yaml
has migrate-again-nothing "$tmp/stderr" "nothing to do"
t migrate-json 0 "$CHKC" run migrate page.json -o page2.json
check migrate-json-is-json $py -c "import json; r=json.load(open('page2.json')); assert r['items']['before.code-review-completed']['by'] == 'bob'; assert 'before.database-admin-available' not in r['items']; assert r['fields']['components'] == ['API', 'Worker']; assert r['revision'] == 2"
t migrate-json-status 1 "$CHKC" status page2.json
has migrate-json-status-progress "$tmp/stdout" "3 done, 3 open, 1 failed, 0 N/A of 7"

# ---------------------------------------------- forms: pre-filled cells
# Tables with fixed cells beside cells to fill in, and labels that end
# in a colon, through runs: `run new` says which cells are fixed, a run
# that answers a fixed cell is refused at its line:col, one that leaves
# them empty passes and renders (md, html, pdf: pdftotext finds the fixed
# and the filled cells), and a changed fixed cell is drift ("reworded").
# The fixture is the project of tests/golden/forms.
cd "$tmp" || exit 3
cp -R "$top/tests/golden/forms/input" forms && cd forms || exit 3
t forms-run-new 0 "$CHKC" run new acme/release-es -o run.yaml
has forms-run-new-comment run.yaml "Test results: rows of [Passed, Failed, Total] for Unit Tests ... End-to-end Tests; pre-filled cells stay null"
has forms-run-new-snapshot run.yaml '"Test results [Suite | Passed | Failed | Total] {Unit Tests | _ | _ | 1240; Integration Tests | _ | _ | 310 (1.0); End-to-end Tests | _ | _ | _}"'

# A value in a fixed cell is refused where it is written.
sed 's/^  tests\.test-results: \[\].*/  tests.test-results: [["1200", "40", "1300"]]/' \
    run.yaml >bad.yaml
t forms-fixed-answered 1 "$CHKC" status bad.yaml
has forms-fixed-answered-diag "$tmp/stderr" "bad.yaml:$(grep -n '"1300"' bad.yaml | cut -d: -f1):39: error: 'tests.test-results': row 1, column 'Total' is the fixed text '1240', not a cell to fill in: leave it null"
# More rows than the table has.
sed 's/^  tests\.test-results: \[\].*/  tests.test-results: [[], [], [], []]/' \
    run.yaml >rows.yaml
t forms-too-many-rows 1 "$CHKC" status rows.yaml
has forms-too-many-rows-diag "$tmp/stderr" "'tests.test-results': 4 rows, the table has 3"

# Empty fixed cells ("" as the page exports them, or null) pass (the
# run is incomplete: exit 1, but no error).
sed -e 's/^  tests\.test-results: \[\].*/  tests.test-results: [["1200", "40", null], ["300", "10", ""], ["80", "5", "85"]]/' \
    -e 's/^  tests\.free-rows: \[\].*/  tests.free-rows: [["ping", null, "200 OK"], [null, "302", "302"]]/' \
    run.yaml >good.yaml
t forms-fixed-empty-incomplete 1 "$CHKC" status good.yaml
hasnt forms-fixed-empty-no-error "$tmp/stderr" "error:"
t forms-render 0 "$CHKC" render good.yaml -o out
has forms-render-md out/good.md "| Unit Tests | 1200 | 40 | 1240 |"
has forms-render-md-free out/good.md "| ping | 200 OK | 200 OK |"
has forms-render-md-colon out/good.md "- [ ] **Result:** [ ] Pass [ ] Fail"
hasnt forms-render-md-one-colon out/good.md "**Result:**:"
has forms-render-html out/good.html '<td class="fixed">1240</td>'
has forms-render-html-value out/good.html 'name="tests.test-results[0][0]" aria-label="Unit Tests, Passed" value="1200"'
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext -layout out/good.pdf out/good.txt
	if grep -q "Unit Tests *1200 *40 *1240" out/good.txt; then
		ok forms-render-pdf
	else
		fail forms-render-pdf "no filled row 'Unit Tests 1200 40 1240'" \
		    out/good.txt
	fi
	hasnt forms-render-pdf-one-colon out/good.txt "Result::"
else
	fail forms-render-pdf "pdftotext is needed: make deps"
fi

# A changed fixed cell changes what the answers beside it meant.
sed -i 's/\[Unit Tests, null, null, 1240\]/[Unit Tests, null, null, 1300]/' \
    templates/release.yaml
t forms-drift 1 "$CHKC" status good.yaml
has forms-drift-reworded "$tmp/stderr" "note: reworded since: 'tests.test-results'"
cd "$top" || exit 3

# ------------------------------------------------------------ example content
cd "$tmp" || exit 3
mkdir ex && cp -R "$top/templates" "$top/content" ex/ && cd ex || exit 3
t example-build 0 "$CHKC" build -q
t example-bagit 0 $bagit out/*/*.zip
t example-run-new 0 "$CHKC" run new bakhmach/deploy -o run.yaml
fill run.yaml filled.yaml
t example-status 0 "$CHKC" status filled.yaml
t example-render 0 "$CHKC" render filled.yaml -o rendered
t example-archive 0 "$CHKC" archive filled.yaml
t example-verify 0 "$CHKC" verify
t example-gate 0 "$CHKC" verify --require bakhmach/deploy --version v1.0
t example-archive-bagit 0 $bagit deployment-logs/bakhmach/deploy/*.zip
cd "$top" || exit 3
echo end
