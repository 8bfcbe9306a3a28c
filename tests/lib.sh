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
