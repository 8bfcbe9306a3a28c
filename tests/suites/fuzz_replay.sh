#!/bin/sh
# Replay every fuzz harness's saved corpus and crash reproducers
# (tests/fuzz/corpus/<h>/, tests/fuzz/regress/<h>/) through
# $BUILD/tests/fuzz_replay_<h>, built by `make unit` (or check, or
# check-asan: then under ASan and UBSan).  Builds nothing itself.  One
# line per harness: "ok fuzz/<h> (N inputs)" or FAIL with the end of
# the harness's report below it.
set -u
: "${BUILD:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

for src in tests/fuzz/fuzz_*.c; do
	h=$(basename "$src" .c)
	h=${h#fuzz_}
	[ "$h" = common ] && continue
	bin=$BUILD/tests/fuzz_replay_$h
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz/$h ($bin not built: make BUILD=$BUILD unit)"
		continue
	fi
	set --
	for d in tests/fuzz/corpus/$h tests/fuzz/regress/$h; do
		[ -d "$d" ] && set -- "$@" "$d"
	done
	if [ $# -eq 0 ]; then
		echo "FAIL fuzz/$h (no corpus in tests/fuzz/corpus/$h)"
		continue
	fi
	# The name of each input goes to stderr: the last one is the culprit.
	if FUZZ_REPLAY_VERBOSE=1 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; then
		n=$(awk '{ n += $2 } END { print n + 0 }' "$tmp/out")
		echo "ok fuzz/$h ($n inputs)"
	else
		echo "FAIL fuzz/$h (exit status $?)"
		tail -n 12 "$tmp/err" | sed 's/^/  /'
	fi
done
echo end
