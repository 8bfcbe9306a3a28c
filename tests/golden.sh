#!/bin/sh
# Golden tests: tests/golden/<case>/input/ is a project root (templates/,
# content/); `chkc build` of it must give tests/golden/<case>/expected/
# byte for byte.  An optional tests/golden/<case>/args holds extra
# arguments.  A PDF is compared as its text laid out (pdftotext -layout),
# NAME.pdf.txt, so that a change of what a PDF or sign-off sheet says or
# where it says it shows in the diff.  REGEN=1 rewrites expected/ instead
# (review the diff).
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
for dir in tests/golden/*/; do
	name=tests/golden/$(basename "$dir")
	[ -d "$name/input" ] || continue
	args=""
	[ -f "$name/args" ] && args=$(cat "$name/args")
	rm -rf "$tmp/out"
	# shellcheck disable=SC2086
	if ! (cd "$name/input" && SOURCE_DATE_EPOCH=1767225600 "$CHKC" build -q -o "$tmp/out" $args) >"$tmp/err" 2>&1; then
		echo "FAIL $name (chkc build failed)"
		sed 's/^/  /' "$tmp/err"
		continue
	fi
	# The build's cache (out/.chkc-cache) is bookkeeping, not output.
	rm -f "$tmp/out"/.chkc-cache*
	find "$tmp/out" -name '*.pdf' | while read -r pdf; do
		pdftotext -layout -enc UTF-8 "$pdf" "$pdf.txt" && rm "$pdf"
	done
	if [ "${REGEN:-}" = 1 ]; then
		rm -rf "$name/expected"
		cp -R "$tmp/out" "$name/expected"
		echo "SKIP $name (regenerated: review the diff of expected/)"
		continue
	fi
	if diff -ru "$name/expected" "$tmp/out" >"$tmp/diff" 2>&1; then
		echo "ok $name"
	else
		echo "FAIL $name (output differs from expected/)"
		head -60 "$tmp/diff" | sed 's/^/  /'
	fi
done
echo end
