#!/bin/sh
# The progress line: on a terminal (a pty from script(1)), build, -j,
# archive and verify draw "done/total, elapsed, estimate" on stderr once
# CHKC_PROGRESS_AFTER seconds have gone by (1 by default; 0 here, so a
# short build shows it); never with -q, never when stderr is not a
# terminal, and not for a build shorter than the default second.
set -u
: "${CHKC:?}"
CHKC=$(cd "$(dirname "$CHKC")" && pwd)/$(basename "$CHKC")
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

ok() { echo "ok progress/$1"; }
fail() { echo "FAIL progress/$1"; shift; for l in "$@"; do echo "  $l"; done; }

if ! command -v script >/dev/null 2>&1; then
	skip progress "script(1) is missing: apt-get install util-linux"
	echo end
	exit 0
fi
cp -R templates content "$tmp/"
cd "$tmp" || exit 3
# Four copies of each project, 40 checklists: a build long enough (some
# tenths of a second) for the line to be drawn again after its first
# time, with an estimate, however fast the emitters become.
for f in content/*.yaml; do
	p=$(basename "$f" .yaml)
	for k in 2 3 4; do
		sed "s/^project: $p\$/project: $p$k/" "$f" >"content/$p$k.yaml"
	done
done

# pty NAME COMMAND: run COMMAND (sh) with its stdout and stderr on a
# pty; what the terminal got in NAME.tty, the exit status in NAME.rc.
pty() {
	script -qec "$2" "$tmp/$1.tty" >/dev/null 2>&1 </dev/null
	echo $? >"$tmp/$1.rc"
}
line='chkc: [0-9]*/40 checklists, [0-9.]* s'

pty build "CHKC_PROGRESS_AFTER=0 $CHKC build -o o1"
if [ "$(cat build.rc)" = 0 ] && grep -q "$(printf '\r\033')\[K$line" build.tty &&
    grep -q ', about [0-9]* s left' build.tty &&
    grep -q "$(printf '\033')\[Kchkc: built 40 checklists into o1" build.tty; then
	ok build-on-terminal
else
	fail build-on-terminal "$(cat -v build.tty | head -5)"
fi
pty quiet "CHKC_PROGRESS_AFTER=0 $CHKC build -q -o o2"
[ "$(cat quiet.rc)" = 0 ] && ! grep -q 'checklists' quiet.tty &&
    ok quiet || fail quiet "$(cat -v quiet.tty | head -5)"
CHKC_PROGRESS_AFTER=0 "$CHKC" build -o o3 2>notty.err
if ! grep -q "$(printf '\r')" notty.err && ! grep -q '/40 checklists' notty.err &&
    grep -q '^chkc: built 40 checklists' notty.err; then
	ok not-a-terminal
else
	fail not-a-terminal "$(cat -v notty.err | head -5)"
fi
# A short build (one checklist, Markdown only) within the default
# second: nothing.
"$CHKC" init -q small 2>/dev/null
pty short "$CHKC build -C small --only md -o o4"
[ "$(cat short.rc)" = 0 ] && ! grep -q "$line" short.tty &&
    ok short-build-silent || fail short-build-silent "$(cat -v short.tty | head -5)"
pty jobs "CHKC_PROGRESS_AFTER=0 $CHKC build -j 2 -o o5"
[ "$(cat jobs.rc)" = 0 ] && grep -q "$line" jobs.tty && diff -r -x '.chkc-cache*' o1 o5 >/dev/null &&
    ok jobs || fail jobs "$(cat -v jobs.tty | head -5)"

# The total is counted once, when the line is first drawn, from what
# the build went through and the project it is in: only the project
# files after that one are read again (strace).  The build waits on
# generic.yaml, a pipe, until the line is due, so that it is drawn
# while that project is built; reading the pipe again would hang.
if command -v strace >/dev/null 2>&1; then
	mv content/generic.yaml generic.saved && mkfifo content/generic.yaml
	# (LeakSanitizer cannot run under strace: both use ptrace.)
	pty count "CHKC_PROGRESS_AFTER=0.3 \
	    ASAN_OPTIONS=\${ASAN_OPTIONS:-}:detect_leaks=0 timeout 20 \
	    strace -f -qq -e trace=openat -o $tmp/count.tr \
	    $CHKC build --only md -o o6" &
	sleep 1
	timeout 20 sh -c 'cat generic.saved >content/generic.yaml'
	wait
	rm content/generic.yaml && mv generic.saved content/generic.yaml
	n=$(ls content/*.yaml | wc -l)
	at=$(LC_ALL=C ls content/*.yaml | grep -n '/generic\.yaml$' | cut -d: -f1)
	reads=$(grep -Ec '"([^"]*/)?content/[^"]*\.yaml", O_RDONLY\)' \
	    "$tmp/count.tr")
	[ "$(cat count.rc)" = 0 ] && grep -q "$line" count.tty &&
	    [ "$reads" -eq $((2 * n - at)) ] && ok count-once ||
	    fail count-once "$reads reads of $n project files" \
	    "$(cat -v count.tty | head -3)"
else
	skip progress/count-once "strace is missing: apt-get install strace"
fi

# archive (which indexes every bundle again) and verify.
"$CHKC" run new thebot/deploy -o run.yaml 2>/dev/null
for i in 1 2 3; do
	"$CHKC" archive -q run.yaml 2>>archive.err
done
pty archive "CHKC_PROGRESS_AFTER=0 $CHKC archive run.yaml"
[ "$(cat archive.rc)" = 0 ] && grep -q 'chkc: [0-9]/4 bundles indexed' archive.tty &&
    ok archive || fail archive "$(cat -v archive.tty archive.err | head -5)"
pty verify "CHKC_PROGRESS_AFTER=0 $CHKC verify"
[ "$(cat verify.rc)" = 0 ] && grep -q 'chkc: [0-9]/4 bundles' verify.tty &&
    grep -q '4 entries verified' verify.tty && ok verify ||
    fail verify "$(cat -v verify.tty | head -5)"
pty verify-q "CHKC_PROGRESS_AFTER=0 $CHKC verify -q"
[ "$(cat verify-q.rc)" = 0 ] && ! grep -q 'bundles' verify-q.tty &&
    ok verify-quiet || fail verify-quiet "$(cat -v verify-q.tty | head -5)"
echo end
