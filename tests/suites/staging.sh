#!/bin/sh
# How a build puts its outputs in place: a new output directory (or a
# new project's) is staged in a hidden area beside it and renamed into
# place whole; an existing one gets each file renamed from a temporary.
# Either way the same files, nothing on invalid input (with -j too), no
# leftover; a killed build leaves only its hidden area, never a file
# under an output's name, and a later build removes that area.
set -u
: "${CHKC:?}"
SUITE=staging
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
ex=tests/golden/features/input
w=$tmp/w
mkdir "$w"

# build NAME STATUS DIR [ARGS...]: build into DIR, exit status STATUS.
build() {
	b_name=$1 b_want=$2 b_out=$3
	shift 3
	t "$b_name" "$b_want" "$CHKC" build -q -o "$b_out" "$@"
}
# leftovers DIR: the areas and temporary files under DIR.
leftovers() {
	find "$1" -name '.chkc-stage-*' -o -name '*.tmp??????'
}
# clean NAME DIR: none under DIR.
clean() {
	if [ -n "$(leftovers "$2")" ]; then
		fail "$1" "left over: $(leftovers "$2" | head -3)"
	else ok "$1"; fi
}
# same NAME A B: the same files (the cache aside), byte for byte.
same() {
	if diff -r -x '.chkc-cache*' "$2" "$3" >"$tmp/diff" 2>&1; then
		ok "$1"; else fail "$1" "differ" "$tmp/diff"; fi
}
# listing DIR: "path mtime size" of every file under DIR, the name of
# every directory.
listing() {
	(cd "$1" && find . -mindepth 1 \( -type f -printf '%P %T@ %s\n' \) \
	    -o -printf '%P\n' | sort)
}

build fresh 0 "$w/fresh" -C "$ex"
check fresh-files test -f "$w/fresh/shop/release.html" -a \
    -f "$w/fresh/quiet/release.md" -a -f "$w/fresh/index.html"
clean fresh-no-leftover "$w"

mkdir "$w/empty"
build existing-empty 0 "$w/empty" -C "$ex"
same existing-empty-same "$w/fresh" "$w/empty"
clean existing-empty-no-leftover "$w"

listing "$w/fresh" >"$tmp/before"
build no-change 0 "$w/fresh" -C "$ex"
listing "$w/fresh" >"$tmp/after"
check no-change-rewrites-nothing cmp -s "$tmp/before" "$tmp/after"

# A project new to an existing output directory: its directory staged,
# the rest of the build file by file.
build one-project 0 "$w/grow" -C "$ex" quiet
check one-project-only test ! -e "$w/grow/shop"
build new-project 0 "$w/grow" -C "$ex"
same new-project-same "$w/fresh" "$w/grow"
clean new-project-no-leftover "$w"

build nested 0 "$w/a/b/out" -C "$ex"
same nested-same "$w/fresh" "$w/a/b/out"
build dotdot 0 "$w/n/../dots/" -C "$ex"
same dotdot-same "$w/fresh" "$w/dots"
clean nested-no-leftover "$w"

for j in 2 3; do
	build j$j-fresh 0 "$w/j$j" -j $j -C "$ex"
	same j$j-fresh-same "$w/fresh" "$w/j$j"
	build j$j-new-project 0 "$w/j$j-grow" -j $j -C "$ex" quiet
	build j$j-new-project-all 0 "$w/j$j-grow" -j $j -C "$ex"
	same j$j-new-project-same "$w/fresh" "$w/j$j-grow"
	clean j$j-no-leftover "$w"
done
# Many projects: -j workers take whole projects, each making its
# directories in the area the parent made.
sh bench/gen.sh "$tmp/gen" 24 >/dev/null
build many-j1 0 "$w/many1" -C "$tmp/gen" --only md,html
build many-j3 0 "$w/many3" -C "$tmp/gen" --only md,html -j 3
same many-j3-same "$w/many1" "$w/many3"
clean many-no-leftover "$w"

# The system calls of a build (strace): a project's outputs after its
# first are opened relative to their directory, whether they are
# written under their own names in a new directory (staged) or to
# temporary files beside them in an existing one; the kernel does not
# walk the whole path for each.
# traced NAME DIR [ARGS...]: build the 24 into DIR, traced into NAME.tr
# (LeakSanitizer cannot run under strace: both use ptrace).
traced() {
	tr_name=$1 tr_out=$2
	shift 2
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 strace -f -qq \
	    -e trace=openat -o "$tmp/$tr_name.tr" "$CHKC" build -q \
	    -C "$tmp/gen" --only md,html -o "$tr_out" "$@"
}
# creates NAME PATTERN: the outputs NAME.tr created relative to a
# directory descriptor ("fd") or by their whole paths ("path"),
# project indexes aside, their names matching PATTERN.
creates() {
	case $1 in
	fd)	cr_at='openat\([0-9]+, "' ;;
	*)	cr_at='openat\(AT_FDCWD, "[^"]*/' ;;
	esac
	grep -Ec "$cr_at$3\", O_WRONLY\|O_CREAT" "$tmp/$2.tr"
}
if command -v strace >/dev/null 2>&1; then
	traced fresh "$w/traced"
	check syscalls-built test $? = 0
	nd=$(find "$w/traced" -mindepth 1 -type d | wc -l)
	out='(deploy|rollback)\.(md|html)'
	check syscalls-staged-by-dir test "$nd" -gt 0 -a \
	    "$(creates fd fresh "$out")" -eq $((3 * nd)) -a \
	    "$(creates path fresh "$out")" -eq "$nd"
	same syscalls-staged-same "$w/many1" "$w/traced"
	# Without its cache, every output is made again, each to a
	# temporary file renamed into place.
	rm "$w/traced/.chkc-cache"
	traced existing "$w/traced"
	tmpx="$out\.tmp[A-Za-z0-9]{6}"
	check syscalls-temp-by-dir test \
	    "$(creates fd existing "$tmpx")" -eq $((3 * nd)) -a \
	    "$(creates path existing "$tmpx")" -eq "$nd"
	same syscalls-temp-same "$w/many1" "$w/traced"
	clean syscalls-no-leftover "$w"
else
	skip staging/syscalls "strace is missing: apt-get install strace"
fi

# Invalid input: nothing written, fresh or existing, with -j or not.
cp -R "$ex" "$tmp/bad"
printf 'project: zz\nchecklists:\n  - use: no-such-template\n' \
    >"$tmp/bad/content/zz.yaml"
listing "$w" >"$tmp/before"
for j in 1 2 3; do
	build bad-fresh-j$j 1 "$w/bad" -j $j -C "$tmp/bad"
	build bad-existing-j$j 1 "$w/grow" -j $j -C "$tmp/bad"
done
listing "$w" >"$tmp/after"
check bad-writes-nothing cmp -s "$tmp/before" "$tmp/after"

# Killed midway (blocked reading a template that is a pipe, after the
# checklists before it were staged): only the hidden area is left.
k=$tmp/k
mkdir "$k"
cp -R "$ex" "$tmp/slow"
printf 'project: zz\nchecklists:\n  - use: slow\n' >"$tmp/slow/content/zz.yaml"
mkfifo "$tmp/slow/templates/slow.yaml"
"$CHKC" build -q -C "$tmp/slow" -o "$k/out" 2>/dev/null &
pid=$!
i=0
while [ $i -lt 100 ] && [ -z "$(find "$k" -name release.md)" ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -9 $pid
wait $pid 2>/dev/null
check killed-staged-some test -n "$(find "$k" -name release.md)"
check killed-no-output test ! -e "$k/out"
check killed-only-area test -z "$(find "$k" -mindepth 1 -maxdepth 1 \
    ! -name '.chkc-stage-*')"
# A later build in the same place: an area younger than a minute may be
# one being made, and stays; an older one no process holds goes.
build after-kill 0 "$k/out" -C "$ex"
check after-kill-young-area-stays test -n "$(leftovers "$k")"
touch -d '-2 minutes' "$k"/.chkc-stage-*
build after-kill-later 0 "$k/out2" -C "$ex"
clean after-kill-area-removed "$k"
same after-kill-same "$w/fresh" "$k/out2"

# Stopped by SIGINT, SIGTERM or SIGHUP into an existing output directory
# (-j 2 too: the parent passes the signal on), a build ends as the signal
# ends a process, and takes back the temporary files it wrote beside
# their places: nothing is left where outputs go, the outputs there
# before stay as they were.  Each build is stopped once the first
# temporary file shows.  (python3, which starts it with the three
# signals' default actions: a shell starts a background job with SIGINT
# ignored, and chkc leaves an ignored signal ignored.)
sig=$tmp/sig
sh bench/gen.sh "$sig/c" 60 >/dev/null
"$CHKC" build -q -C "$sig/c" --only md -o "$sig/out"
(cd "$sig/out" && find . -type f ! -name '.chkc-cache*' -printf '%P %T@ %s\n' |
    sort) >"$sig/before"
cat >"$sig/stop.py" <<'PY'
import glob, signal, subprocess, sys, time
chkc, root, out, name = sys.argv[1:5]
sig = getattr(signal, 'SIG' + name)
def defaults():
    for s in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(s, signal.SIG_DFL)
p = subprocess.Popen([chkc, 'build', '-q', '-C', root, '-o', out] +
                     sys.argv[5:], stderr=subprocess.DEVNULL,
                     preexec_fn=defaults)
seen = False
while p.poll() is None and not seen:
    seen = bool(glob.glob(out + '/*/*.tmp??????'))
    time.sleep(0.002)
if not seen:
    p.wait()
    sys.exit('the build ended before a temporary file showed')
p.send_signal(sig)
rc = p.wait()
# -j's workers end after the parent: up to 10 s for their files to go
end = time.time() + 10
while glob.glob(out + '/*/*.tmp??????') and time.time() < end:
    time.sleep(0.01)
if rc != -sig:
    sys.exit('exit status %d, want the signal %d' % (rc, sig))
PY
for case in INT TERM HUP "INT -j 2" "TERM -j 2"; do
	# shellcheck disable=SC2086
	if python3 "$sig/stop.py" "$CHKC" "$sig/c" "$sig/out" $case \
	    2>"$tmp/stderr"; then
		ok "stopped-$(echo $case | tr -d ' ')"
	else
		fail "stopped-$(echo $case | tr -d ' ')" "$(cat "$tmp/stderr")"
	fi
	(cd "$sig/out" && find . -type f ! -name '.chkc-cache*' \
	    -printf '%P %T@ %s\n' | sort) >"$sig/after"
	name=stopped-$(echo $case | tr -d ' ')-clean
	if [ -n "$(leftovers "$sig/out")" ]; then
		fail "$name" "left over: $(leftovers "$sig/out" | head -3)"
	elif ! cmp -s "$sig/before" "$sig/after"; then
		fail "$name" "the outputs there before changed"
	else
		ok "$name"
	fi
done
echo end
