#!/bin/sh
# What a sign-off column holds is decided once, from its label in any
# language (reordered, translated and unnamed columns): a filled run of
# tests/signcols/input rendered as Markdown, HTML, PDF and sign-off
# sheet must give tests/signcols/expected/ (the PDFs as pdftotext
# -layout text), byte for byte.  REGEN=1 rewrites expected/.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
case $CHKC in /*) ;; *) CHKC=$top/$CHKC ;; esac
dir=tests/signcols
if ! (cd "$dir/input" && SOURCE_DATE_EPOCH=1767225600 "$CHKC" render -q \
    run.yaml -o "$tmp/out") >"$tmp/err" 2>&1; then
	echo "FAIL signcols/render (chkc render failed)"
	sed 's/^/  /' "$tmp/err"
	echo end
	exit 0
fi
for f in run.pdf run.signoff.pdf; do
	pdftotext -layout "$tmp/out/$f" "$tmp/out/$f.txt" && rm "$tmp/out/$f"
done
for f in run.md run.html run.pdf.txt run.signoff.pdf.txt; do
	if [ "${REGEN:-}" = 1 ]; then
		mkdir -p "$dir/expected" && cp "$tmp/out/$f" "$dir/expected/$f"
		echo "ok signcols/$f (regenerated)"
	elif diff -u "$dir/expected/$f" "$tmp/out/$f" >"$tmp/diff" 2>&1; then
		echo "ok signcols/$f"
	else
		echo "FAIL signcols/$f (differs from expected/)"
		head -40 "$tmp/diff" | sed 's/^/  /'
	fi
done
echo end
