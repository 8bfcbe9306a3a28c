# Shared by the suites (sourced).  tests/run.sh says what a suite prints.

# helper NAME COMMAND...: run a test helper (a Python or Node script)
# whose "ok"/"FAIL" lines pass through; a helper that does not exit 0
# (a traceback, a crash, a timeout of timeout(1)) is one more FAIL line,
# so its checks cannot vanish unseen.
helper() {
	h_name=$1
	shift
	"$@"
	h_status=$?
	case $h_status in
	0)	;;
	124)	echo "FAIL $h_name (timed out: $*)" ;;
	*)	echo "FAIL $h_name (exit status $h_status: $*)" ;;
	esac
	return "$h_status"
}

# skip NAME WHY: a check that cannot run here, with why and how to get
# what it needs.  CHKC_NO_SKIP=1 (CI) turns every skip into a failure.
skip() {
	echo "SKIP $1 ($2)"
}

# The checks of a suite: "ok $SUITE/NAME" lines; t keeps the output of
# the command it ran in $tmp/stdout and $tmp/stderr (the suite makes $tmp).
ok() { echo "ok $SUITE/$1"; }
fail() {	# name, message, [file to show]
	echo "FAIL $SUITE/$1 ($2)"
	[ $# -ge 3 ] && [ -f "$3" ] && sed 's/^/  /' "$3" | head -15
	return 0
}
# t NAME STATUS COMMAND...: the exit status must be STATUS.
t() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name" "exit status $got, want $want" "$tmp/stderr"
		return 1
	fi
	ok "$name"
}
# has NAME FILE STRING: FILE holds STRING.
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		fail "$1" "'$3' not in output" "$2"; fi
}
hasnt() {
	if grep -qF -- "$3" "$2"; then fail "$1" "'$3' in output" "$2"; else
		ok "$1"; fi
}
# check NAME CONDITION...: a test(1) or other command that must succeed.
check() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else
		fail "$name" "$*"; fi
}

# rewritten BEFORE AFTER PATTERNS: two listings of a directory, lines
# "path mtime size" (find DIR -type f -printf '%P %T@ %s\n' | sort).
# The files new or changed in time or size must be exactly those that
# the grep -E PATTERNS (separated by spaces, each matching at least one
# such file) match.  Prints what is wrong; nothing when all is right.
rewritten() {
	rw_got=$(diff "$1" "$2" | sed -n 's/^> \([^ ]*\) .*/\1/p' | sort -u)
	for rw_pat in $3; do
		echo "$rw_got" | grep -Eq "^($rw_pat)\$" ||
		    printf ' none matches %s;' "$rw_pat"
	done
	for rw_f in $rw_got; do
		rw_m=0
		for rw_pat in $3; do
			echo "$rw_f" | grep -Eq "^($rw_pat)\$" && rw_m=1
		done
		[ $rw_m = 1 ] || printf ' %s rewritten;' "$rw_f"
	done
}
