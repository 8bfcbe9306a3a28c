#!/bin/sh
# The example content built in every format, checked as a whole: every
# PDF with qpdf, pdffonts and pdftotext against its Markdown sibling
# (tests/outputs_check.py), and two builds byte-identical under the same
# SOURCE_DATE_EPOCH.
set -u
: "${CHKC:?}"
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600
if ! "$CHKC" build -q -o "$tmp/a" 2>"$tmp/err"; then
	echo "FAIL outputs/build"
	sed 's/^/  /' "$tmp/err"
	exit 0
fi
echo "ok outputs/build"
helper outputs/check python3 tests/outputs_check.py "$tmp/a"
"$CHKC" build -q -o "$tmp/b" 2>/dev/null
if diff -r -x '.chkc-cache*' "$tmp/a" "$tmp/b" >"$tmp/diff" 2>&1; then
	echo "ok outputs/reproducible"
else
	echo "FAIL outputs/reproducible"
	head -5 "$tmp/diff" | sed 's/^/  /'
fi
echo end
