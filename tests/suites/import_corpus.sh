#!/bin/sh
# chkc import, then chkc build in every format, on the corpus of
# tests/corpus/: checklists of many shapes (pull-request templates, QA
# and release sign-off forms, deployment guides) in several languages,
# written for this test.  For each LANG-NAME.md:
#   - import and build succeed (an import failure fails the file);
#   - the language guessed is LANG, and the warning says so;
#   - each line of NAME.expect holds: "md: TEXT", "html: TEXT",
#     "pdf: TEXT" (pdftotext -layout), "yaml: TEXT" (the template),
#     "stderr: TEXT" (import's warnings) must be found in that output,
#     "!md: TEXT" ... must not;
#   - tests/import/roundtrip.py: task items in order, code blocks, blanks.
# Then one line with the share of task items that came back in order
# over the whole corpus, which must be at least 99%.
set -u
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
: "${CHKC:=build/chkc}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

fail() {	# name, reason, file with details
	echo "FAIL $1 ($2)"
	[ -n "${3:-}" ] && sed 's/^/  /' "$3" | head -30
	return 1
}

# The expectations of NAME.expect on the outputs in $tmp/$n.
expect() {	# name, expect file, dir
	[ -f "$2" ] || return 0
	while IFS= read -r line; do
		kind=${line%%: *} text=${line#*: }
		case $kind in
		!*) want=1 kind=${kind#!} ;;
		*) want=0 ;;
		esac
		case $kind in
		md)	f=$(ls "$3"/out/example/*.md) ;;
		html)	f=$(ls "$3"/out/example/*.html | grep -v index.html) ;;
		pdf)	f=$3/pdf.txt
			[ -f "$f" ] || pdftotext -layout "$3"/out/example/t.pdf \
			    "$f" ;;
		yaml)	f=$3/t.yaml ;;
		stderr)	f=$3/err ;;
		*)	fail "$1" "bad line in $2: $line"; return 1 ;;
		esac
		grep -qF -- "$text" "$f"
		if [ $? -ne $want ]; then
			[ $want = 0 ] && fail "$1" "$kind lacks: $text" "$f"
			[ $want = 1 ] && fail "$1" "$kind has: $text" "$f"
			return 1
		fi
	done <"$2"
}

files=0 failures=0 items=0 kept=0
for md in tests/corpus/*.md; do
	[ -f "$md" ] || continue
	n=$(basename "$md" .md)
	lang=${n%%-*}
	name=import-corpus/$n
	d=$tmp/$n
	mkdir -p "$d"
	files=$((files + 1))
	if ! "$CHKC" import "$md" -o "$d/t.yaml" 2>"$d/err"; then
		failures=$((failures + 1))
		fail "$name" "chkc import" "$d/err"
		continue
	fi
	if ! "$CHKC" build -q -o "$d/out" "$d/t.yaml" 2>"$d/build.err"; then
		failures=$((failures + 1))
		fail "$name" "chkc build" "$d/build.err"
		continue
	fi
	if ! grep -q "^lang: $lang\$" "$d/t.yaml" ||
	    ! grep -qF "language guessed: '$lang'" "$d/err"; then
		fail "$name" "language: want $lang" "$d/err"
		continue
	fi
	helper "$name/roundtrip" python3 tests/import/roundtrip.py "$md" \
	    "$d"/out/example/t.md "$name/roundtrip" >"$d/rt"
	cat "$d/rt"
	set -- $(sed -n 's/.*items \([0-9]*\), kept \([0-9]*\).*/\1 \2/p' \
	    "$d/rt")
	items=$((items + ${1:-0})) kept=$((kept + ${2:-0}))
	expect "$name" "tests/corpus/$n.expect" "$d" && echo "ok $name"
done
[ "$items" -gt 0 ] || items=1
share=$(awk -v k="$kept" -v n="$items" 'BEGIN { printf "%.1f", 100 * k / n }')
figures="$kept of $items task items in order ($share%) in $files files, $failures import or build failures"
if [ "$failures" -eq 0 ] && awk -v s="$share" 'BEGIN { exit !(s >= 99) }'; then
	echo "ok import-corpus/total: $figures"
else
	echo "FAIL import-corpus/total: $figures (want >= 99% and none)"
fi
echo end
