#!/bin/sh
# Golden diagnostics of the JSON Schemas (issue 4): each file in
# tests/schema-bad/ is an invalid template, project, run, translation
# or set of variables with exactly one mistake.  Its first line says
# the diagnostic chkc must print:
#
#   # expect: LINE:COL: error: MESSAGE
#   # schema: SCHEMA        (optional; default schemas/KIND.schema.json,
#                            KIND being the file name up to its first '-')
#
# Each case runs `$CHKC validate --schema SCHEMA FILE` and must exit 1,
# print that one diagnostic and nothing else, and write no file.
set -u
cd "$(dirname "$0")/../.." || exit 3
: "${CHKC:=./chkc}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

for f in tests/schema-bad/*.yaml; do
	[ -f "$f" ] || continue
	name=schema-bad/$(basename "$f" .yaml)
	kind=$(basename "$f" | sed 's/-.*//')
	schema=$(sed -n '2s/^# schema: //p' "$f")
	[ -n "$schema" ] || schema=schemas/$kind.schema.json
	want="$f:$(sed -n '1s/^# expect: //p' "$f")"
	touch "$tmp/stamp"
	"$CHKC" validate --schema "$schema" "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# Where a validator could write: beside its inputs.  (Not the
	# whole checkout: others may be editing it meanwhile.)
	written=$(find tests/schema-bad schemas -newer "$tmp/stamp" -type f \
	    -print | head -5)
	if [ "$rc" -eq 1 ] && [ "$(cat "$tmp/err")" = "$want" ] &&
	    [ ! -s "$tmp/out" ] && [ -z "$written" ]; then
		echo "ok $name"
		continue
	fi
	echo "FAIL $name (exit $rc)"
	printf '%s\n' "$want" >"$tmp/want"
	diff -u "$tmp/want" "$tmp/err" | sed 's/^/  /'
	[ -s "$tmp/out" ] && sed 's/^/  stdout: /' "$tmp/out"
	[ -n "$written" ] && printf '  wrote: %s\n' $written
done
echo end
