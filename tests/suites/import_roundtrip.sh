#!/bin/sh
# The round trip of chkc import on every seed (../shared/seeds, or
# SEEDS=DIR): import -> chkc build -> the Markdown out, compared with the
# original by tests/import/roundtrip.py: task items (text, order,
# nesting; >= 99% kept), code blocks (all kept), blanks and choices (all
# back).  One "ok import-roundtrip/SEED: figures" line per seed.
set -u
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
: "${CHKC:=build/chkc}"
: "${SEEDS:=../shared/seeds}"

if [ ! -d "$SEEDS" ]; then
	skip import-roundtrip "no seeds in $SEEDS: put the five seed checklists there, or set SEEDS=DIR"
	echo end
	exit 0
fi
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

for seed in "$SEEDS"/*; do
	[ -f "$seed" ] || continue
	n=$(basename "$seed")
	n=${n%.*}
	name=import-roundtrip/$n
	mkdir -p "$tmp/$n"
	if ! "$CHKC" import -q "$seed" -o "$tmp/$n/$n.yaml" 2>"$tmp/err"; then
		echo "FAIL $name (chkc import)"
		sed 's/^/  /' "$tmp/err"
		continue
	fi
	if ! "$CHKC" build -q --only md -o "$tmp/$n/out" "$tmp/$n/$n.yaml" \
	    2>"$tmp/err"; then
		echo "FAIL $name (chkc build)"
		sed 's/^/  /' "$tmp/err"
		continue
	fi
	set -- "$tmp/$n/out"/example/*.md
	if [ ! -f "$1" ]; then
		echo "FAIL $name (chkc build made no $tmp/$n/out/example/*.md)"
		continue
	fi
	helper "$name" python3 tests/import/roundtrip.py "$seed" "$1" "$name"
done
echo end
