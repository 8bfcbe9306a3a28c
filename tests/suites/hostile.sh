#!/bin/sh
# Hostile content (issue 11): the corpus in tests/hostile/ built in
# every format and checked by tests/hostile/check.py (script and
# handler injection through every text and variable, javascript: and
# data: links, Markdown that breaks out of a table or code block, a
# right-to-left override); then extremely long lines, NUL bytes, and
# path traversal in include, ids, -o and an archived run's version.
set -u
: "${CHKC:?}"
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
src=$(pwd)/tests/hostile
export SOURCE_DATE_EPOCH=1767225600

ok() { echo "ok hostile/$1"; }
fail() {	# NAME WHY [FILE]: a failure, the file's head indented below
	echo "FAIL hostile/$1 ($2)"
	[ $# -gt 2 ] && sed 's/^/  /' "$3" | head -8
	return 0
}
has() {		# NAME FILE STRING
	if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1" "no '$3'" "$2"; fi
}

# 1. The corpus, every format, every assertion.
cp -r "$src" "$tmp/p"
if (cd "$tmp/p" && "$CHKC" build -o "$tmp/out" 2>"$tmp/build.err"); then
	ok build
	helper hostile/check python3 tests/hostile/check.py "$tmp/out"
else
	fail build "exit status $?" "$tmp/build.err"
fi
has rtl-warning "$tmp/build.err" "content/evil.yaml:20:14: warning: bidirectional control character U+202E"

# 2. Extremely long lines: a 300 KB value on one line, a 2 MB project
# file in one line of JSON.  Built in every format within the CPU limit.
python3 - "$tmp/p" <<'EOF'
import json, sys
d = sys.argv[1]
open(d + "/templates/long.yaml", "w").write("""id: long
title: "Long {{ v }}"
params: {properties: {v: {type: string}}}
fields:
  - {field: "{{ v }}", type: choice, options: ["{{ v }}"]}
sections:
  - title: "{{ v }}"
    items:
      - check: "{{ v }}"
        details: "{{ v }}"
        code: "{{ v }}"
      - table: T
        columns: ["{{ v }}"]
        rows: ["{{ v }}"]
signoff:
  - roles: ["{{ v }}"]
""")
open(d + "/content/long.yaml", "w").write(
    "project: long\nvars:\n  v: \"" + "word " * 60000 + "\"\n"
    "checklists:\n  - use: long\n")
json.dump({"project": "wide", "vars": {"v": "y" * 2000000},
           "checklists": [{"use": "long"}]},
          open(d + "/content/wide.json", "w"))
EOF
if (cd "$tmp/p" && ulimit -t 120 && "$CHKC" build -q -o "$tmp/long" long \
    2>"$tmp/long.err"); then
	[ -s "$tmp/long/long/long.pdf" ] && [ -s "$tmp/long/long/long.html" ] &&
	    grep -q "word word word" "$tmp/long/long/long.md" &&
	    ok long-line || fail long-line "outputs missing"
else
	fail long-line "exit status $?" "$tmp/long.err"
fi
# 2,000,000 bytes: over the scalar limit, refused at its place.
(cd "$tmp/p" && ulimit -t 60 && "$CHKC" check content/wide.json \
    >/dev/null 2>"$tmp/wide.err")
[ $? -eq 1 ] && has long-json "$tmp/wide.err" \
    "content/wide.json:1:35: error: scalar of 2000000 bytes exceeds the limit" ||
    fail long-json "exit status" "$tmp/wide.err"

# 3. NUL bytes: raw (not YAML) and escaped (not in a text).
mkdir -p "$tmp/nul/templates"
printf 'id: t\ntitle: "a\000b"\n' >"$tmp/nul/templates/raw.yaml"
printf 'id: t\ntitle: "a\\0<script>"\n' >"$tmp/nul/templates/esc.yaml"
for f in raw esc; do
	(cd "$tmp/nul" && "$CHKC" build -o out "templates/$f.yaml" \
	    >/dev/null 2>"$tmp/nul-$f.err")
	[ $? -eq 1 ] && [ ! -d "$tmp/nul/out" ] || fail "nul-$f" "not refused"
done
has nul-raw "$tmp/nul-raw.err" \
    "templates/raw.yaml:2:10: error: YAML syntax error: control characters are not allowed (byte 0x00)"
has nul-escaped "$tmp/nul-esc.err" \
    "templates/esc.yaml:2:8: error: a NUL character ('\\0') in a text"
# chkc validate keeps "\u0000" in strings (any JSON), not in keys: two
# keys would be one, a property would validate under another name.
printf '{"a\\u0000b": 1, "a\\u0000c": 2}\n' >"$tmp/nul/key.json"
printf '{"a\\u0000b": 1}\n' >"$tmp/nul/key1.json"
printf '{"a": "x\\u0000y"}\n' >"$tmp/nul/value.json"
echo '{"properties": {"a": {"type": "integer"}}}' >"$tmp/nul/s.json"
for f in key key1; do
	"$CHKC" validate --schema "$tmp/nul/s.json" "$tmp/nul/$f.json" \
	    >/dev/null 2>"$tmp/nul-$f.err"
	[ $? -eq 1 ] && has "nul-$f" "$tmp/nul-$f.err" \
	    "$f.json:1:2: error: a NUL character ('\\0') in a key" ||
	    fail "nul-$f" "not refused" "$tmp/nul-$f.err"
done
"$CHKC" validate --schema "$tmp/nul/s.json" "$tmp/nul/value.json" \
    >"$tmp/nul-value.out" 2>&1
[ $? -eq 1 ] && grep -q "value.json:1:7: error" "$tmp/nul-value.out" &&
    ok nul-value-validated || fail nul-value-validated "not checked" "$tmp/nul-value.out"

# 4. Path traversal: include, template names, ids.
mkdir -p "$tmp/tr/templates/parts" "$tmp/tr/content"
echo "title: Secret" >"$tmp/tr/secret.yaml"
for inc in ../secret.yaml /etc/passwd parts/../../secret.yaml; do
	printf 'id: t\ntitle: T\nsections:\n  - include: "%s"\n' "$inc" \
	    >"$tmp/tr/templates/t.yaml"
	(cd "$tmp/tr" && "$CHKC" build -o out templates/t.yaml \
	    >/dev/null 2>"$tmp/tr.err")
	[ $? -eq 1 ] && grep -qF "'$inc': an include is a path inside templates/" \
	    "$tmp/tr.err" && ok "include-$inc" ||
	    fail "include-$inc" "not refused" "$tmp/tr.err"
done
printf 'id: t\ntitle: T\n' >"$tmp/tr/templates/t.yaml"
printf 'project: p\nchecklists:\n  - use: ../secret\n  - use: t\n    id: ../../x\n' \
    >"$tmp/tr/content/p.yaml"
printf 'project: ../../etc\nchecklists:\n  - use: t\n' >"$tmp/tr/content/q.yaml"
(cd "$tmp/tr" && "$CHKC" build -o out >/dev/null 2>"$tmp/ids.err")
[ $? -eq 1 ] && [ ! -d "$tmp/tr/out" ] && ok ids-refused ||
    fail ids-refused "built" "$tmp/ids.err"
has use-traversal "$tmp/ids.err" "checklists[0].use: '../secret' does not match"
has id-traversal "$tmp/ids.err" "checklists[1].id: '../../x' does not match"
has project-traversal "$tmp/ids.err" "project: '../../etc' does not match"

# 5. -o: whatever the corpus holds, every file lands under the -o
# directory (given with a '..' in it), and nowhere else.
mkdir -p "$tmp/o/sub"
(cd "$tmp/p" && "$CHKC" build -q -o "$tmp/o/sub/../dest" evil 2>/dev/null)
outside=$(find "$tmp/o" -type f ! -path "$tmp/o/dest/*" | head -3)
[ -z "$outside" ] && [ -f "$tmp/o/dest/evil/vars.html" ] && ok output-confined ||
    echo "FAIL hostile/output-confined ($outside)"

# 6. An archived run's version "../../etc/x" names a file inside the
# archive, not outside it.
if (cd "$tmp/p" && "$CHKC" run new -q evil/vars -o run.yaml 2>/dev/null); then
	sed 's|^  version: null.*|  version: "../../etc/x"|' "$tmp/p/run.yaml" \
	    >"$tmp/p/run2.yaml"
	(cd "$tmp/p" && "$CHKC" archive -q run2.yaml --logs "$tmp/logs/a" \
	    >/dev/null 2>"$tmp/arch.err")
	outside=$(find "$tmp/logs" -type f ! -path "$tmp/logs/a/*" | head -3)
	[ -z "$outside" ] && [ -n "$(find "$tmp/logs/a/evil/vars" -name '*.zip')" ] &&
	    ok archive-version-confined ||
	    fail archive-version-confined "files outside: $outside" "$tmp/arch.err"
else
	fail archive-version-confined "chkc run new failed"
fi

# 7. Diagnostics quote input on one line: a terminal escape or a line
# break in a name is shown as '?'.
mkdir -p "$tmp/esc/templates"
printf 'id: t\ntitle: T\n"k\\e[2J\\nl": 1\n' >"$tmp/esc/templates/t.yaml"
(cd "$tmp/esc" && "$CHKC" check templates/t.yaml >/dev/null 2>"$tmp/esc.err")
if grep -q "$(printf '\033')" "$tmp/esc.err"; then
	fail diag-escape "an escape character reached the terminal" "$tmp/esc.err"
else
	has diag-escape "$tmp/esc.err" "unknown key 'k?[2J?l'"
fi
echo end
