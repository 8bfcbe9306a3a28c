#!/bin/sh
# Where libdeflate cannot be loaded, a build still makes every format:
# $BUILD/tests/chkc-nodeflate is chkc with a libdeflate soname that does
# not exist (Makefile, NODEFLATE).  Its PDFs are deflated by libharu's
# zlib, its bundles' entries by libzip's; the files in them are those
# chkc makes with libdeflate, the bytes of the deflated ones not.
set -u
: "${CHKC:?}"
: "${BUILD:=build}"
SUITE=nodeflate
. tests/lib.sh
bin=$BUILD/tests/chkc-nodeflate
one=thebot/deploy
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600

if [ ! -x "$bin" ]; then
	fail build "no $bin (make BUILD=$BUILD unit)"
	echo end
	exit 0
fi
t build 0 env LD_DEBUG=files "$bin" build -q -o "$tmp/without" "$one"
if grep -q 'file=libdeflate' "$tmp/stderr"; then
	fail not-loaded "libdeflate was loaded" "$tmp/stderr"
else
	ok not-loaded
fi
t build-with 0 "$CHKC" build -q -o "$tmp/with" "$one"

# The bundle: valid, its text entries deflated, the same files inside.
zip=$tmp/without/$one.zip
t zip-valid 0 unzip -tq "$zip"
t bagit 0 python3 tests/bagit_check.py "$zip"
if unzip -Zv "$zip" 2>/dev/null | grep -A14 'data/deploy.html$' |
    grep -q 'compression method: *deflated'; then
	ok zip-deflated
else
	fail zip-deflated "data/deploy.html is not deflated"
fi
mkdir "$tmp/u1" "$tmp/u2"
(cd "$tmp/u1" && unzip -q "$zip") &&
    (cd "$tmp/u2" && unzip -q "$tmp/with/$one.zip") || exit 3
# The PDFs in them differ in their deflated streams.
if diff -r -x '*.pdf' -x 'manifest-*' -x 'tagmanifest-*' -x 'bag-info.txt' \
    "$tmp/u1" "$tmp/u2" >"$tmp/diff" 2>&1; then
	ok zip-same-files
else
	fail zip-same-files "the bundles hold other files" "$tmp/diff"
fi

# The PDF: sound, and the same text as the one made with libdeflate.
pdf=$tmp/without/$one.pdf
t pdf-valid 0 qpdf --check "$pdf"
if pdfinfo "$pdf" 2>/dev/null | grep -q '^Pages: *[1-9]' &&
    pdftotext -layout "$pdf" "$tmp/without.txt" 2>/dev/null &&
    pdftotext -layout "$tmp/with/$one.pdf" "$tmp/with.txt" 2>/dev/null &&
    cmp -s "$tmp/without.txt" "$tmp/with.txt" && [ -s "$tmp/with.txt" ]; then
	ok pdf-same-text
else
	fail pdf-same-text "pdftotext differs from the PDF made with libdeflate"
fi
if cmp -s "$pdf" "$tmp/with/$one.pdf"; then
	fail pdf-zlib "the same bytes as with libdeflate: was it loaded?"
else
	ok pdf-zlib
fi
echo end
