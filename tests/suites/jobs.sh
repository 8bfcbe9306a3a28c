#!/bin/sh
# chkc build -j N: the same files, byte for byte, and the same
# diagnostics as -j 1; nothing written when any input is invalid, even
# when it comes after valid ones another worker has already built.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

ok() { echo "ok jobs/$1"; }
fail() { echo "FAIL jobs/$1"; shift; for l in "$@"; do echo "  $l"; done; }

# build NAME JOBS ROOT [ARGS...]: build ROOT into $tmp/NAME, stderr in
# $tmp/NAME.err, exit status in $tmp/NAME.rc.
build() {
	name=$1 jobs=$2 root=$3
	shift 3
	"$CHKC" build -q -j "$jobs" -C "$root" -o "$tmp/$name" "$@" \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

same() {	# name, a, b: the same files and the same stderr
	if [ "$(cat "$tmp/$2.rc")" != "$(cat "$tmp/$3.rc")" ]; then
		fail "$1" "exit status $(cat "$tmp/$2.rc") vs $(cat "$tmp/$3.rc")"
	elif ! diff -r -x '.chkc-cache*' "$tmp/$2" "$tmp/$3" >"$tmp/diff" 2>&1; then
		fail "$1" "outputs differ:" "$(head -5 "$tmp/diff")"
	elif ! cmp -s "$tmp/$2.err" "$tmp/$3.err"; then
		fail "$1" "diagnostics differ:" "$(diff "$tmp/$2.err" \
		    "$tmp/$3.err" | head -5)"
	else
		ok "$1"
	fi
}

nothing() {	# name, build name: exit 1 and no output directory
	if [ "$(cat "$tmp/$2.rc")" != 1 ]; then
		fail "$1" "exit status $(cat "$tmp/$2.rc"), want 1" \
		    "$(head -3 "$tmp/$2.err")"
	elif [ -e "$tmp/$2" ]; then
		fail "$1" "written:" "$(find "$tmp/$2" | head -5)"
	else
		ok "$1"
	fi
}

# The example content, every format.
mkdir -p "$tmp/ex"
cp -R templates content "$tmp/ex/"
build ex1 1 "$tmp/ex"
build ex2 2 "$tmp/ex"
build ex3 3 "$tmp/ex"
[ "$(cat "$tmp/ex1.rc")" = 0 ] && [ -f "$tmp/ex1/thebot/deploy.pdf" ] &&
    ok example-builds || fail example-builds "$(head -3 "$tmp/ex1.err")"
same j2-same-as-j1 ex1 ex2
same j3-same-as-j1 ex1 ex3
[ -z "$(find "$tmp/ex2" -name '*.tmp*')" ] && ok no-temp-files ||
    fail no-temp-files "$(find "$tmp/ex2" -name '*.tmp*' | head -3)"

# Many project files (20, each two checklists): the workers take whole
# projects; few (the example's 5): they take checklists.
sh bench/gen.sh "$tmp/gen" 40 >/dev/null
build gen1 1 "$tmp/gen"
build gen2 2 "$tmp/gen"
build gen3 3 "$tmp/gen"
[ "$(cat "$tmp/gen1.rc")" = 0 ] && [ -f "$tmp/gen1/tulia-00004/rollback.pdf" ] &&
    ok many-projects-build || fail many-projects-build "$(head -3 "$tmp/gen1.err")"
same many-projects-j2-same-as-j1 gen1 gen2
same many-projects-j3-same-as-j1 gen1 gen3

# More workers than checklists; one checklist.
build one1 1 "$tmp/ex" thebot/deploy
build one4 4 "$tmp/ex" thebot/deploy
same more-jobs-than-checklists one1 one4

# Warnings (untranslated texts) come out the same and in the same order.
build tr1 1 tests/golden/translation/input
build tr2 2 tests/golden/translation/input
grep -q warning "$tmp/tr1.err" && ok translation-warns ||
    fail translation-warns "no warning in: $(head -3 "$tmp/tr1.err")"
same warnings-same-as-j1 tr1 tr2

# An invalid project among valid ones, at the end and in the middle:
# whichever worker meets it, nothing is written, and the diagnostics are
# those of -j 1.
for at in zz m; do
	cp -R "$tmp/ex" "$tmp/bad-$at"
	sed -e "s/^project: .*/project: $at-broken/" \
	    -e 's/pre-deployment.code.tests:/pre-deployment.code.tset:/' \
	    content/generic.yaml >"$tmp/bad-$at/content/$at-broken.yaml"
	build bad-$at-1 1 "$tmp/bad-$at"
	build bad-$at-2 2 "$tmp/bad-$at"
	nothing invalid-$at-j1-writes-nothing bad-$at-1
	nothing invalid-$at-j2-writes-nothing bad-$at-2
	grep -q "unknown path 'pre-deployment.code.tset'" \
	    "$tmp/bad-$at-2.err" && ok invalid-$at-reported ||
	    fail invalid-$at-reported "$(head -3 "$tmp/bad-$at-2.err")"
	cmp -s "$tmp/bad-$at-1.err" "$tmp/bad-$at-2.err" &&
	    ok invalid-$at-same-diagnostics ||
	    fail invalid-$at-same-diagnostics "$(diff "$tmp/bad-$at-1.err" \
	    "$tmp/bad-$at-2.err" | head -5)"
done

# A broken part shared by every project: -j 1 reports it once, where it
# is first loaded; each worker loads it again, and the parent must not
# report it once per worker.
cp -R "$tmp/ex" "$tmp/part"
printf 'frobnicate: 1\n' >>"$tmp/part/templates/parts/monitoring.yaml"
build part1 1 "$tmp/part"
build part2 2 "$tmp/part"
nothing shared-part-j2-writes-nothing part2
[ "$(grep -c frobnicate "$tmp/part1.err")" -ge 1 ] &&
    cmp -s "$tmp/part1.err" "$tmp/part2.err" && ok shared-part-same-diagnostics ||
    fail shared-part-same-diagnostics "$(diff "$tmp/part1.err" \
    "$tmp/part2.err" | head -5)"

# A checklist named twice is an error found after the stream, from the
# summaries the workers hand back.
build twice1 1 "$tmp/ex" thebot thebot/deploy
build twice2 2 "$tmp/ex" thebot thebot/deploy
nothing twice-j2-writes-nothing twice2
grep -q "'thebot/deploy' is built twice" "$tmp/twice2.err" &&
    cmp -s "$tmp/twice1.err" "$tmp/twice2.err" && ok twice-same-diagnostics ||
    fail twice-same-diagnostics "$(cat "$tmp/twice2.err")"

# An existing out/ stays exactly as it was.
mkdir -p "$tmp/bad-m/out/generic"
echo old >"$tmp/bad-m/out/generic/deploy.md"
"$CHKC" build -q -j 2 -C "$tmp/bad-m" 2>/dev/null
[ $? -eq 1 ] && [ "$(cat "$tmp/bad-m/out/generic/deploy.md")" = old ] &&
    [ "$(find "$tmp/bad-m/out" | wc -l)" -eq 3 ] && ok old-output-untouched ||
    fail old-output-untouched "$(find "$tmp/bad-m/out" | head -5)"

# -j takes a number of jobs.
for j in 0 -1 x 1000; do
	"$CHKC" build -q -j "$j" -C "$tmp/ex" -o "$tmp/j" 2>"$tmp/err"
	[ $? -eq 2 ] && [ ! -e "$tmp/j" ] && ok "bad-jobs-$j" ||
	    fail "bad-jobs-$j" "$(cat "$tmp/err")"
done
"$CHKC" build -q -j2 -C "$tmp/ex" -o "$tmp/j2" thebot/deploy &&
    cmp -s "$tmp/j2/thebot/deploy.md" "$tmp/ex1/thebot/deploy.md" &&
    ok jobs-attached || fail jobs-attached
echo end
