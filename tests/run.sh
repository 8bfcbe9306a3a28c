#!/bin/sh
# The test runner: unit tests, golden outputs, bad inputs and every suite
# in tests/suites/.  Each prints "ok NAME" or "FAIL NAME" lines (details
# indented below a failure); this script counts them and always ends with
# one line "N passed, N failed".
#
#   sh tests/run.sh [unit|golden|bad|suites]...    (default: all)
# Environment: CHKC (the binary), BUILD (the build dir), REGEN=1 rewrites
# golden expected/ files.
set -u
cd "$(dirname "$0")/.." || exit 3
: "${BUILD:=build}" "${CHKC:=$BUILD/chkc}"
CHKC=$(cd "$(dirname "$CHKC")" && pwd)/$(basename "$CHKC")
export CHKC BUILD
kinds=${*:-unit golden bad suites}
log=$(mktemp) || exit 3
trap 'rm -f "$log"' EXIT

for kind in $kinds; do
	case $kind in
	unit)
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			"$t" 2>&1 | sed "s|^ok |ok unit/$(basename "$t")/|;s|^FAIL |FAIL unit/$(basename "$t")/|"
		done ;;
	golden)	sh tests/golden.sh ;;
	bad)	sh tests/bad.sh ;;
	suites)
		for s in tests/suites/*.sh; do
			[ -f "$s" ] || continue
			sh "$s" 2>&1 || echo "FAIL $s (exit status $?)"
		done ;;
	esac
done | tee "$log" | grep -v '^ok '

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
