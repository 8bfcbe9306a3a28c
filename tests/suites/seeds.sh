#!/bin/sh
# Fidelity of the example content (templates/, content/) to the five seed
# checklists it was distilled from (issue 6): builds every project's
# Markdown and compares it with the seeds (tests/seeds_fidelity.py says
# how).  One "ok"/"FAIL seeds/<project>" line per seed with its figures,
# then the line counts and how much of thebot (in Russian) comes from
# translations of the shared templates.
#
# The seeds are looked up in $SEEDS_DIR, tests/seeds/, then ../shared/seeds/.
set -u
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
: "${CHKC:=./chkc}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

seeds=
for d in "${SEEDS_DIR:-}" tests/seeds ../shared/seeds; do
	if [ -n "$d" ] && [ -d "$d" ]; then
		seeds=$d
		break
	fi
done
if [ -z "$seeds" ]; then
	skip seeds "no seeds in \$SEEDS_DIR, tests/seeds or ../shared/seeds: put the five seed checklists there"
	echo end
	exit 0
fi

if ! "$CHKC" build -q -o "$tmp/out" --only md >"$tmp/err" 2>&1; then
	echo "FAIL seeds (chkc build of the example content failed)"
	sed 's/^/  /' "$tmp/err" | head -20
	exit 0
fi

# The same project in English: its items that change came through the
# translations, those that stay are the project's own texts.
mkdir -p "$tmp/en/content"
cp -R templates "$tmp/en/templates"
sed 's/^lang: ru$/lang: en/' content/thebot.yaml >"$tmp/en/content/thebot.yaml"
if ! "$CHKC" build -q -C "$tmp/en" -o "$tmp/out-en" --only md thebot \
    >"$tmp/err" 2>&1; then
	echo "FAIL seeds/thebot-en (chkc build of thebot in English failed)"
	sed 's/^/  /' "$tmp/err" | head -20
	exit 0
fi

helper seeds python3 tests/seeds_fidelity.py "$seeds" "$tmp/out" . "$tmp/out-en"
echo end
