#!/bin/sh
# The test runner.  A producer is a unit binary ($BUILD/tests/test_*),
# tests/golden.sh, tests/bad.sh or a suite tests/suites/*.sh.  Each prints
#
#   ok NAME                     a check that passed
#   FAIL NAME (why)             a check that failed, details indented below
#   SKIP NAME (why; how to get what is missing)
#
# and, as its very last line, "end".  A producer fails as a whole (one
# FAIL line) when it exits non-zero or by a signal, when its last line is
# not "end" (it crashed or stopped early), or when its number of checks
# (ok and FAIL lines) differs from the one tests/counts expects, so a
# check that silently stops running is a failure.  A producer that
# printed a SKIP is not counted against tests/counts; with
# CHKC_NO_SKIP=1 (CI, where every suite's data is present) each SKIP is a
# failure.  The last line is always "N passed, N failed, N skipped".
#
#   sh tests/run.sh [unit|golden|bad|suites|FILE...]   (default: the four)
# A FILE is one producer: an executable, or a .sh run with sh.
# Environment: CHKC (the binary), BUILD (the build dir), REGEN=1 rewrites
# golden expected/ files, COUNTS=write rewrites tests/counts from this
# run (only when nothing failed or skipped; review the diff),
# COUNTS_FILE another file of expected counts.
set -u
cd "$(dirname "$0")/.." || exit 3
: "${BUILD:=build}" "${CHKC:=$BUILD/chkc}" "${COUNTS_FILE:=tests/counts}"
CHKC=$(cd "$(dirname "$CHKC")" && pwd)/$(basename "$CHKC")
export CHKC BUILD
kinds=${*:-unit golden bad suites}
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/log" && : >"$tmp/ran"

# One line per check of a producer that failed as a whole.
whole_fail() {	# producer, why
	echo "FAIL $1 ($2)" | tee -a "$tmp/log"
}

expected_count() {	# producer
	awk -v p="$1" '$1 == p { print $2; found = 1 } END { if (!found) print "" }' \
	    "$COUNTS_FILE" 2>/dev/null
}

# Run one producer, show what is not "ok", judge it as a whole.
run_producer() {	# producer name, command...
	name=$1
	shift
	"$@" >"$tmp/out" 2>&1
	status=$?
	echo "$name" >>"$tmp/ran"
	grep -v '^end$' "$tmp/out" >>"$tmp/log"
	grep -v '^ok \|^end$' "$tmp/out"
	checks=$(grep -c '^ok \|^FAIL ' "$tmp/out")
	if [ "$status" -gt 128 ]; then
		whole_fail "$name" "killed by signal $((status - 128))"
	elif [ "$status" -ne 0 ]; then
		whole_fail "$name" "exit status $status"
	fi
	[ "$(tail -n 1 "$tmp/out")" = end ] ||
		whole_fail "$name" "no end marker: it crashed or stopped early"
	echo "$name $checks" >>"$tmp/counts"
	grep -q '^SKIP ' "$tmp/out" && return
	[ "${COUNTS:-}" = write ] && return
	want=$(expected_count "$name")
	if [ -z "$want" ]; then
		whole_fail "$name" "no expected count in $COUNTS_FILE: make counts, review the diff"
	elif [ "$want" -ne "$checks" ]; then
		whole_fail "$name" "ran $checks checks, $COUNTS_FILE expects $want"
	fi
}

for kind in $kinds; do
	case $kind in
	unit)
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			run_producer "unit/$(basename "$t")" "$t"
		done ;;
	golden|bad)
		run_producer "$kind" sh "tests/$kind.sh" ;;
	suites)
		for s in tests/suites/*.sh; do
			[ -f "$s" ] || continue
			run_producer "suites/$(basename "$s" .sh)" sh "$s"
		done ;;
	*.sh)
		run_producer "$kind" sh "$kind" ;;
	*)
		run_producer "$kind" "$kind" ;;
	esac
done

# A producer tests/counts names that did not run at all (a full run only).
if [ $# -eq 0 ] && [ -f "$COUNTS_FILE" ]; then
	awk '{ print $1 }' "$COUNTS_FILE" | while read -r p; do
		grep -qxF "$p" "$tmp/ran" || whole_fail "$p" "did not run"
	done
fi

if [ "${CHKC_NO_SKIP:-}" = 1 ]; then
	grep '^SKIP ' "$tmp/log" | while read -r _ name why; do
		why=${why#(}
		why=${why%)}
		whole_fail "$name" "skipped, and CHKC_NO_SKIP=1 allows no skip: $why"
	done
fi

passed=$(grep -c '^ok ' "$tmp/log")
failed=$(grep -c '^FAIL ' "$tmp/log")
skipped=$(grep -c '^SKIP ' "$tmp/log")
if [ "${COUNTS:-}" = write ]; then
	if [ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ] && [ $# -eq 0 ]; then
		sort "$tmp/counts" >"$COUNTS_FILE" && echo "wrote $COUNTS_FILE"
	else
		echo "not writing $COUNTS_FILE: a full run with nothing failed or skipped is needed"
	fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ $((passed + skipped)) -gt 0 ]
