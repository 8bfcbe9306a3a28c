#!/bin/sh
# How the example content (templates/, content/) covers the five seed
# checklists it was distilled from: builds every project's Markdown and
# run files and checks them against the seeds and the coverage maps in
# tests/coverage/ (tests/seeds_coverage.py says how).  One "ok"/"FAIL
# seeds/<project>" line per seed with its figures, then the share from
# templates/ over all five, the line count and the translations.
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
	echo end
	exit 0
fi
for p in generic thebot tulia appointment-bot bakhmach; do
	mkdir -p "$tmp/runs/$p"
	for c in deploy rollback; do
		if ! "$CHKC" run new "$p/$c" -o "$tmp/runs/$p/$c.yaml" \
		    >"$tmp/err" 2>&1; then
			echo "FAIL seeds (chkc run new $p/$c failed)"
			sed 's/^/  /' "$tmp/err" | head -20
			echo end
			exit 0
		fi
	done
done

# The Russian project's resolved checklists, for its translations.
if ! "$CHKC" build -q -o "$tmp/zip" --only zip thebot >"$tmp/err" 2>&1 ||
    ! (cd "$tmp/zip/thebot" && for c in deploy rollback; do
	unzip -p "$c.zip" "$c/data/checklist.json" >"$c.json" || exit 1
    done); then
	echo "FAIL seeds (chkc build --only zip thebot failed)"
	sed 's/^/  /' "$tmp/err" | head -20
	echo end
	exit 0
fi

helper seeds python3 tests/seeds_coverage.py "$seeds" "$tmp/out" "$tmp/runs" . \
    "$tmp/zip/thebot"

# The maps are really checked: a seed line left out of a map and a path
# the build does not have fail the project.
mkdir -p "$tmp/broken/tests/coverage"
cp -R templates content "$tmp/broken/"
sed -e '/^44	/d' -e 's/^49	deploy:pre-deployment\.code\.review	/49	deploy:pre-deployment.code.no-such-check	/' \
    tests/coverage/generic.map >"$tmp/broken/tests/coverage/generic.map"
python3 tests/seeds_coverage.py "$seeds" "$tmp/out" "$tmp/runs" "$tmp/broken" \
    "$tmp/zip/thebot" >"$tmp/broken.out" 2>&1
if grep -q '^FAIL seeds/generic' "$tmp/broken.out" &&
    grep -q 'seed line 44 not in the map' "$tmp/broken.out" &&
    grep -q 'seed line 49: deploy:pre-deployment.code.no-such-check is not in the build' "$tmp/broken.out"; then
	echo "ok seeds/broken-map-fails"
else
	echo "FAIL seeds/broken-map-fails"
	sed 's/^/  /' "$tmp/broken.out" | head -10
fi
echo end
