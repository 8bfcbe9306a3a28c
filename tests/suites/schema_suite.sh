#!/bin/sh
# Conformance of chkc's JSON Schema validator (issue 4): every file of the
# official JSON Schema Test Suite for draft 2020-12 goes through
# `chkc validate --test-suite`, the registry and validator of
# `chkc validate --schema`.  One line per file: "ok" or "FAIL", with
# passed/total; a failed case is listed below its file.
#
# The suite lives beside the repository, in
# ../shared/json-schema-test-suite (SUITE overrides).  Its remotes/ are
# served for http://localhost:1234/ by the runner only (--remote).
set -u
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
: "${CHKC:=./chkc}"
: "${SUITE:=../shared/json-schema-test-suite}"
dir=$SUITE/tests/draft2020-12
remote="--remote http://localhost:1234/=$SUITE/remotes"

if [ ! -d "$dir" ]; then
	skip schema-suite "no JSON Schema Test Suite in $SUITE: clone json-schema-org/JSON-Schema-Test-Suite there, or set SUITE=DIR"
	echo end
	exit 0
fi

# Out of scope, with the reason; their results are shown on a "#" line,
# neither a check nor a skip.
skip_reason() {
	case $1 in
	unevaluatedItems.json|unevaluatedProperties.json)
		echo "annotation collection (unevaluated*) is not implemented" ;;
	vocabulary.json)
		echo "custom \$vocabulary meta-schemas are not implemented" ;;
	*)	echo "" ;;
	esac
}

# Groups of in-scope files that need an out-of-scope keyword
# (unevaluatedProperties), skipped by their description: dynamicRef.json,
# not.json, ref.json.
set -- \
    "strict-tree schema, guards against misspelled properties" \
    "collect annotations inside a 'not', even if collection is disabled" \
    "ref creates new scope when adjacent to keywords"

for f in "$dir"/*.json; do
	name=$(basename "$f")
	reason=$(skip_reason "$name")
	if [ -n "$reason" ]; then
		# shellcheck disable=SC2086
		res=$("$CHKC" validate $remote --test-suite "$f" | head -1 |
		    sed 's/.*(\(.*\))/\1/')
		echo "# schema-suite/draft2020-12/$name not run as a check: $reason ($res)"
		continue
	fi
	# shellcheck disable=SC2086
	helper "schema-suite/draft2020-12/$name" "$CHKC" validate $remote \
	    --skip "$1" --skip "$2" --skip "$3" --test-suite "$f"
done

# Optional files that chkc passes (big numbers, ECMA-262 regex details,
# identifiers, unknown keywords); the others of optional/ are out of
# scope: cross-draft (draft 2019-09 and 7 meta-schemas),
# format-assertion ($vocabulary), dependencies-compatibility (the
# pre-2019 "dependencies" keyword), the other formats.
for f in bignum ecmascript-regex float-overflow non-bmp-regex anchor id \
    unknownKeyword refOfUnknownKeyword no-schema dynamicRef; do
	# shellcheck disable=SC2086
	helper "schema-suite/optional/$f" "$CHKC" validate $remote \
	    --test-suite "$dir/optional/$f.json"
done

# format as an assertion, for the formats chkc asserts.
for fmt in date time date-time email uri; do
	# shellcheck disable=SC2086
	helper "schema-suite/format/$fmt" "$CHKC" validate $remote \
	    --format-assert --test-suite "$dir/optional/format/$fmt.json"
done
echo end
