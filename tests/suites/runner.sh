#!/bin/sh
# The test runner itself, on the producers of tests/runner/: a unit
# binary and a suite that crash, a suite that stops early, a helper that
# dies with a traceback, a suite running fewer checks than expected, one
# with no expected count, and a skip.  Each must be a FAIL line, and the
# counts must add up.
set -u
cd "$(dirname "$0")/../.." || exit 3
: "${BUILD:=build}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
crash=$BUILD/tests/runner/crash_unit

ok() { echo "ok runner/$1"; }
fail() { echo "FAIL runner/$1 ($2)"; sed 's/^/  /' "$tmp/out"; }
has() {	# NAME LINE: the runner printed LINE
	if grep -qxF -- "$2" "$tmp/out"; then ok "$1"; else fail "$1" "no '$2'"; fi
}

if [ ! -x "$crash" ]; then
	: >"$tmp/out"
	fail setup "no $crash (make unit)"
	echo end
	exit 0
fi
{ cat tests/runner/counts; echo "$crash 2"; } >"$tmp/counts"
set -- tests/runner/good.sh tests/runner/killed.sh tests/runner/early.sh \
    tests/runner/helper.sh tests/runner/fewer.sh tests/runner/uncounted.sh \
    tests/runner/skips.sh "$crash"
CHKC_NO_SKIP= COUNTS= COUNTS_FILE=$tmp/counts sh tests/run.sh "$@" \
    >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] && ok exit-status || fail exit-status "status $status, want 1"
has totals "9 passed, 11 failed, 1 skipped"
has killed "FAIL tests/runner/killed.sh (killed by signal 11)"
has killed-no-end "FAIL tests/runner/killed.sh (no end marker: it crashed or stopped early)"
has early "FAIL tests/runner/early.sh (no end marker: it crashed or stopped early)"
has early-count "FAIL tests/runner/early.sh (ran 1 checks, $tmp/counts expects 2)"
has helper "FAIL fixture/helper (exit status 1: python3 -c print(\"ok fixture/helper-1\"); 1 / 0)"
has fewer "FAIL tests/runner/fewer.sh (ran 2 checks, $tmp/counts expects 3)"
has uncounted "FAIL tests/runner/uncounted.sh (no expected count in $tmp/counts: make counts, review the diff)"
has skip "SKIP fixture/skips (no data here: this is a fixture)"
if grep -qxF "FAIL $crash (killed by signal 11)" "$tmp/out" ||
    grep -qF "FAIL $crash (exit status" "$tmp/out"; then
	ok unit-crash
else
	fail unit-crash "the crash is not a FAIL line"
fi
has unit-crash-no-end "FAIL $crash (no end marker: it crashed or stopped early)"
# The crash lost no line before it: test_fine counted, the binary's
# total (1 check) short of the 2 expected.
has unit-crash-count "FAIL $crash (ran 1 checks, $tmp/counts expects 2)"

# In CI every skip is a failure.
CHKC_NO_SKIP=1 COUNTS_FILE=$tmp/counts sh tests/run.sh tests/runner/good.sh \
    tests/runner/skips.sh >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] && ok no-skip-status || fail no-skip-status "status $status, want 1"
has no-skip "FAIL fixture/skips (skipped, and CHKC_NO_SKIP=1 allows no skip: no data here: this is a fixture)"
has no-skip-totals "2 passed, 1 failed, 1 skipped"
# And a clean run passes.
COUNTS_FILE=$tmp/counts sh tests/run.sh tests/runner/good.sh >"$tmp/out" 2>&1
status=$?
[ $status -eq 0 ] && ok clean-status || fail clean-status "status $status, want 0"
has clean-totals "2 passed, 0 failed, 0 skipped"
echo end
