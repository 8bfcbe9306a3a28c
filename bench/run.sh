#!/bin/sh
# make bench: chkc against the tools users would run instead, paired.
#
# Generates a corpus from the example content (bench/gen.sh) and runs
# each target's command and its baseline in one loop, in turns (A B A B
# ...), RUNS times after one untimed warm-up round, so that both meet the
# same load, the same warm page cache and the same file system (every
# input and output is under one work directory).  Before each timed
# command the file system is synced (untimed): the previous command's
# dirty pages are written back then, not during the next one's page
# faults (cmark-gfm faults in 230 MiB on the 1,000-checklist Markdown,
# and used to pay for chkc's 250 MB of writes just before it).
#
# It prints, per target, both medians with their spread (min-max over
# the runs), the ratio of the medians (wall, and CPU = user + system)
# and whether the target holds; then the other figures, and callgrind
# instruction counts, the figure to compare across noisy runs.  Case 1
# runs twice: in the work directory and, where /dev/shm is a tmpfs with
# room, in memory (case1m).
#
#   sh bench/run.sh
# Environment: CHKC (default ./chkc), RUNS (default 5), BENCH_DIR (work
# directory; default a new one under /tmp, removed at the end unless
# BENCH_KEEP=1), BENCH_BIG=0 skips the 10,000-checklist corpus,
# BENCH_CG=0 skips callgrind.
set -u
cd "$(dirname "$0")/.." || exit 3
root=$(pwd)
CHKC=${CHKC:-$root/chkc}
case $CHKC in /*) ;; *) CHKC=$root/$CHKC ;; esac
RUNS=${RUNS:-5}
BENCH_BIG=${BENCH_BIG:-1}
BENCH_CG=${BENCH_CG:-1}
FONTS=${CHKC_FONT_DIR:-/usr/share/fonts/truetype/dejavu}
CMARK="cmark-gfm -e table -e tasklist"
export SOURCE_DATE_EPOCH=1700000000

sh tests/deps.sh cmark-gfm wkhtmltopdf valgrind poppler-utils gcc \
    libhpdf-dev fonts-dejavu-core || exit 3
[ -x "$CHKC" ] || { echo "bench: no $CHKC (make chkc)" >&2; exit 3; }
W=${BENCH_DIR:-$(mktemp -d /tmp/chkc-bench.XXXXXX)} || exit 3
mkdir -p "$W"
keep_w() { [ "${BENCH_KEEP:-0}" = 1 ] || [ -n "${BENCH_DIR:-}" ]; }
# MEM: case 1's twin on tmpfs (case1m below), removed at the end.
MEM=""
trap 'rm -rf ${MEM:+"$MEM"}; keep_w || rm -rf "$W"' EXIT
rm -f "$W"/runs.* "$W/figures"
: >"$W/figures"

fail() {
	echo "bench: $1 failed:" >&2
	sed 's/^/  /' "$W/stderr" | head -20 >&2
	exit 1
}

# sample KEY PREP CMD...: the shell command PREP and a sync (untimed),
# then one run of CMD: "wall_us rss_kib cpu_us" appended to $W/runs.KEY
# (bench/rusage: wall time from its fork() to its wait4(), CPU from
# wait4(), both to the microsecond).
sample() {
	key=$1 prep=$2
	shift 2
	eval "$prep"
	sync
	"$W/rusage" "$W/time" "$@" >/dev/null 2>"$W/stderr" || fail "$key"
	awk '{ printf "%d %d %d\n", $3, $1, $2 }' "$W/time" >>"$W/runs.$key"
}

# repeat FN: the shell function FN once untimed (warm-up), then RUNS
# times; the figures of every key it sampled go to $W/figures as
# "key wall_median rss_median cpu_median wall_min wall_max" (us, KiB, us).
repeat() {
	rm -f "$W"/runs.*
	"$1"
	rm -f "$W"/runs.*
	n=0
	while [ "$n" -lt "$RUNS" ]; do
		"$1"
		n=$((n + 1))
	done
	for f in "$W"/runs.*; do
		key=${f##*/runs.}
		for c in 1 2 3; do
			sort -n -k$c "$f" | awk -v c=$c \
			    '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
		done | tr '\n' ' ' | sed "s/^/$key /" >>"$W/figures"
		sort -n -k1 "$f" | awk 'NR == 1 { lo = $1 } { hi = $1 }
		    END { print lo, hi }' >>"$W/figures"
		awk -v k="$key" '$1 == k { printf "  %-12s %9.1f ms wall (%.1f-%.1f) %9.1f ms CPU %5d MiB\n",
		    k, $2 / 1000, $5 / 1000, $6 / 1000, $4 / 1000, $3 / 1024 }' \
		    "$W/figures" | tail -n 1 >&2
	done
}

# The figures of KEY: wall ms (median), its spread "min-max", CPU ms,
# peak RSS MiB.
ms() { awk -v k="$1" '$1 == k { printf "%.1f", $2 / 1000 }' "$W/figures"; }
spread() { awk -v k="$1" '$1 == k { printf "%.1f-%.1f", $5 / 1000, $6 / 1000 }' "$W/figures"; }
cpu() { awk -v k="$1" '$1 == k { printf "%.1f", $4 / 1000 }' "$W/figures"; }
mib() { awk -v k="$1" '$1 == k { printf "%.1f", $3 / 1024 }' "$W/figures"; }

# Pages of the PDFs named.
pages() {
	for f in "$@"; do pdfinfo "$f" 2>/dev/null; done |
	    awk '/^Pages:/ { n += $2 } END { print n + 0 }'
}

# Instructions callgrind counts for one command.
instr() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
	    >/dev/null | awk '/Collected/ { print $NF }'
}

# Every file under DIR with its modification time, for "rewrites nothing".
stamps() { find "$1" -printf '%P %T@ %s\n' | sort; }

echo "bench: corpus in $W" >&2
sh bench/gen.sh "$W/c100" 100 && sh bench/gen.sh "$W/c1000" 1000 &&
    sh bench/gen.sh "$W/big" big 10000 &&
    sh bench/gen.sh "$W/k1" checks 1000 &&
    sh bench/gen.sh "$W/k2" checks 2000 || exit 3
if [ "$BENCH_BIG" = 1 ]; then sh bench/gen.sh "$W/c10000" 10000 || exit 3; fi
cc -O2 -o "$W/hpdf_floor" bench/hpdf_floor.c -lhpdf &&
    cc -O2 -o "$W/rusage" bench/rusage.c &&
    cc -O2 -o "$W/touch" bench/touch.c || exit 3

# What any process costs on this machine: a page of memory touched for
# the first time (bench/touch.c), and the wall time of true(1) and of
# chkc --version, which loads chkc's libraries and does nothing else
# (medians of 11 runs).  A one-checklist command pays the first about
# 1,000 times and the last once: on a virtual machine that pages in
# software they were half of a PDF's time (bench/RESULTS.md, "A
# seventh pass").
start_ms() {
	: >"$W/starts"
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		"$W/rusage" "$W/time" "$@" >/dev/null 2>&1 || return 1
		awk '{ print $3 }' "$W/time" >>"$W/starts"
	done
	sort -n "$W/starts" | awk '{ v[NR] = $1 } END { printf "%.1f", v[6] / 1000 }'
}
touch_us=$("$W/touch") && true_ms=$(start_ms true) &&
    version_ms=$(start_ms "$CHKC" --version) || exit 3
one=thebot-00001/deploy
formats=$("$CHKC" build --help |
    sed -n 's/.*formats to write: \(.*\) (default.*/\1/p')
# fresh: a new, empty output directory in $O.  chkc writes into one that
# never held files: on a file system that must skip recently freed
# inodes when it makes a file (ext4 without a journal scans those of the
# last few minutes), an "rm -rf out" before each run cost chkc 0.6 s of
# kernel time per 2,000 files it then made, and cmark-gfm, which writes
# one file, nothing.  The directories are removed at the end, untimed.
n_out=0
fresh() { n_out=$((n_out + 1)); O="$W/o/$n_out"; }

# The Markdown cmark-gfm is given: what chkc writes, concatenated.
"$CHKC" build -q -C "$W/c1000" --only md,html -o "$W/md" || exit 3
find "$W/md" -name '*.md' | sort | xargs cat >"$W/all.md"

# Case 1 runs again with its inputs and outputs on tmpfs (case1m), when
# /dev/shm is one with room and the work directory is not: the same two
# commands, in turns, neither touching a disk.  On a disk file system
# the kernel's cost of making chkc's 2,500 files (77 MB) is most of the
# build and depends on what the file system did in the minutes before
# (fs_of below); cmark-gfm makes one.  Both figures go in the table.
fs_type() { df --output=fstype "$1" 2>/dev/null | tail -n 1; }
if [ "$(fs_type "$W")" != tmpfs ] && [ "$(fs_type /dev/shm)" = tmpfs ] &&
    [ "$(df --output=avail -k /dev/shm | tail -n 1)" -gt 1048576 ]; then
	MEM=$(mktemp -d /dev/shm/chkc-bench.XXXXXX) || exit 3
	cp -R "$W/c1000" "$W/all.md" "$MEM/" || exit 3
fi

# The file system's state, measured: ms to make 2,500 empty files in a
# new directory (as many as a 1,000-checklist md + html build), by the
# shell alone.  Minutes after many files were deleted, on ext4 without
# a journal, this took 300 to 550 ms against 15 to 40 on tmpfs and 40
# to 110 once settled, and chkc's md + html build twice to three times
# as long as settled (bench/RESULTS.md, "A sixth pass").
files_ms() {
	mkdir -p "$1" || exit 3
	t0=$(date +%s%N)
	i=0
	while [ "$i" -lt 2500 ]; do
		: >"$1/f$i" || exit 3
		i=$((i + 1))
	done
	echo $((($(date +%s%N) - t0) / 1000000))
}
probe_before=$(files_ms "$W/probe1") || exit 3
probe_mem=""
if [ -n "$MEM" ]; then
	probe_mem=$(files_ms "$MEM/probe") || exit 3
	rm -rf "$MEM/probe"
fi
if [ -n "$probe_mem" ] && [ "$probe_before" -gt $((4 * probe_mem + 20)) ]; then
	echo "bench: making 2,500 files took $probe_before ms here, $probe_mem ms on tmpfs: the file system is slow to make files now (many deleted lately?); the disk rows will show it" >&2
fi

echo "bench: 1. md + html, 1,000 checklists, against cmark-gfm" >&2
case1() {
	fresh
	sample mdhtml1000 "" "$CHKC" build -q -C "$W/c1000" \
	    --only md,html -o "$O"
	sample cmark1 'rm -f "$W/all.html"' sh -c "$CMARK \"\$1\" >\"\$2\"" \
	    sh "$W/all.md" "$W/all.html"
}
repeat case1

# Case 6 runs right after case 1, in the same state of the machine.
# Run after the every-format cases (2 to 5), every command it times
# took 1.4 to 1.9 times what it takes by hand, on a disk file system
# (tmpfs: no), for a reason not found: the 1,000-checklist baseline of
# the scaling rows then looked twice as slow as the same build in case 1.
echo "bench: 6. scaling (md + html) and one checklist of 10,000 items" >&2
case6() {
	fresh
	sample mdhtml100 "" "$CHKC" build -q -C "$W/c100" \
	    --only md,html -o "$O"
	fresh
	sample mdhtml1000s "" "$CHKC" build -q -C "$W/c1000" \
	    --only md,html -o "$O"
	fresh
	sample big "" "$CHKC" build -q -o "$O" "$W/big/big.yaml"
}
repeat case6
probe_after=$(files_ms "$W/probe2") || exit 3
"$CHKC" build -q -o "$W/bigout" "$W/big/big.yaml" || exit 3

case1m() {
	sample mdhtml1000m 'rm -rf "$MEM/o"' "$CHKC" build -q -C "$MEM/c1000" \
	    --only md,html -o "$MEM/o"
	sample cmark1m 'rm -f "$MEM/all.html"' sh -c "$CMARK \"\$1\" >\"\$2\"" \
	    sh "$MEM/all.md" "$MEM/all.html"
}
if [ -n "$MEM" ]; then
	echo "bench: 1m. md + html, 1,000 checklists, against cmark-gfm, on tmpfs" >&2
	repeat case1m
	rm -rf "$MEM/o" "$MEM/all.html"
fi
big_pages=$(pages "$W/bigout/example/big.pdf")

echo "bench: 2, 4 and 5. every format ($formats), 1,000 checklists: -j 1, no-change rebuild, -j 2" >&2
# What two processes get on this machine right now: the same CPU-bound
# job (chkc check of 1,000 checklists) once, and twice at once.
case2() {
	fresh
	sample all1000 "" "$CHKC" build -q -j 1 -C "$W/c1000" -o "$O"
	stamps "$O" >"$W/stamps.before"
	sample nochange "" "$CHKC" build -q -j 1 -C "$W/c1000" -o "$O"
	stamps "$O" >"$W/stamps.after"
	cmp -s "$W/stamps.before" "$W/stamps.after" && echo same >>"$W/rewrites" ||
	    echo rewritten >>"$W/rewrites"
	fresh
	sample all1000j2 "" "$CHKC" build -q -j 2 -C "$W/c1000" -o "$O"
	sample cap1 "" "$CHKC" check -q -C "$W/c1000"
	sample cap2 "" sh -c "\"\$1\" check -q -C \"\$2\" & \
	    \"\$1\" check -q -C \"\$2\"; wait" sh "$CHKC" "$W/c1000"
}
rm -f "$W/rewrites"
repeat case2
rewrites=$(sort -u "$W/rewrites" | tr '\n' ' ')

echo "bench: 3. one checklist: every format, PDF, wkhtmltopdf" >&2
case3() {
	fresh
	sample one "" "$CHKC" build -q -C "$W/c1000" -o "$O" "$one"
	fresh
	sample pdf1 "" "$CHKC" build -q -C "$W/c1000" --only pdf \
	    -o "$O" "$one"
	sample wk1 'rm -f "$W/wk.pdf"' wkhtmltopdf -q "$W/md/$one.html" \
	    "$W/wk.pdf"
	# wkhtmltopdf waits 200 ms for a page's scripts by default
	# (--javascript-delay): the same without that wait.
	sample wk0 'rm -f "$W/wk0.pdf"' wkhtmltopdf -q --javascript-delay 0 \
	    "$W/md/$one.html" "$W/wk0.pdf"
}
repeat case3
"$CHKC" build -q -C "$W/c1000" --only pdf -o "$W/pdf1" "$one" || exit 3
pdf1_pages=$(pages "$W/pdf1/$one.pdf")
wk1_pages=$(pages "$W/wk.pdf")

echo "bench: PDF in batch against the bare libharu floor" >&2
"$CHKC" build -q -C "$W/c100" --only pdf -o "$W/pdf100" || exit 3
pdf100_pages=$(pages "$W/pdf100"/*/*.pdf)
rm -rf "$W/txt" "$W/floor" && mkdir -p "$W/txt" "$W/floor"
for f in "$W/pdf100"/*/*.pdf; do
	p=${f%/*}
	pdftotext -layout "$f" "$W/txt/${p##*/}-$(basename "$f" .pdf).txt" \
	    2>/dev/null
done
case4() {
	fresh
	sample pdf100 "" "$CHKC" build -q -C "$W/c100" --only pdf \
	    -o "$O"
	fresh
	sample pdf100j2 "" "$CHKC" build -q -j 2 -C "$W/c100" \
	    --only pdf -o "$O"
	# Into a new directory too, as every timed command: no sample
	# deletes files, which would slow the making of files after it
	# for minutes on some file systems (fs_of below).
	fresh
	mkdir -p "$O"
	sample floor100 "" "$W/hpdf_floor" "$FONTS" "$O" "$W/txt"/*.txt
}
repeat case4
floor100_pages=$(pages "$O"/*.pdf)

# The 10,000-checklist build, last, in a loop of its own: in case 6's
# loop every command after it (its 25,000 files) took up to 1.7 times
# what it takes by hand, the 1,000-checklist baseline included.  Its
# ratio is taken against case 6's 1,000-checklist figure.
case6b() {
	fresh
	sample mdhtml10000 "" "$CHKC" build -q -C "$W/c10000" \
	    --only md,html -o "$O"
}
if [ "$BENCH_BIG" = 1 ]; then
	echo "bench: 6b. md + html, 10,000 checklists" >&2
	repeat case6b
fi

rm -rf "$W/bigout" "$W/o"	# no timed run after this

# The HTML page's markup per check: two pages of 1,000 and 2,000 plain
# checks, the difference divided by 1,000 (the page's fixed part, its
# style and script, cancels out); cmark-gfm's HTML of the same
# checklists' Markdown for comparison.
for k in k1 k2; do
	"$CHKC" build -q --only md,html -o "$W/$k/out" "$W/$k/checks.yaml" ||
	    exit 3
	$CMARK "$W/$k/out/example/checks.md" >"$W/$k/cmark.html" || exit 3
done
sz() { wc -c <"$1" | tr -d ' '; }
html_per_check=$(( ($(sz "$W/k2/out/example/checks.html") - \
    $(sz "$W/k1/out/example/checks.html")) / 1000 ))
cmark_per_check=$(( ($(sz "$W/k2/cmark.html") - $(sz "$W/k1/cmark.html")) / 1000 ))
thebot_html=$(sz "$W/md/$one.html")

if [ "$BENCH_CG" = 1 ]; then
	echo "bench: 7. callgrind" >&2
	cg_check=$(instr "$CHKC" check -q -C "$W/c1000" "$one")
	# Each into a directory of its own: in one they shared, the build
	# cache let the every-format row reuse what the rows before it
	# made (41 M instructions where a build from nothing takes 75 M).
	cg_rows=""
	for f in $formats; do
		cg_rows="$cg_rows $f=$(instr "$CHKC" build -q -C "$W/c1000" \
		    --only "$f" -o "$W/cg/$f" "$one")"
	done
	cg_all=$(instr "$CHKC" build -q -C "$W/c1000" -o "$W/cg/all" "$one")
	cg_md100=$(instr "$CHKC" build -q -C "$W/c100" --only md,html \
	    -o "$W/cg100")
	cg_floor=$(instr "$W/hpdf_floor" "$FONTS" "$W/floor" \
	    "$W/txt/thebot-00001-deploy.txt")
fi

# ------------------------------------------------------------------
# The tables.

r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
verdict() {	# value op limit
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		ok = op == "<=" ? v <= l : op == ">=" ? v >= l : v < l
		print ok ? "yes" : "**no**" }'
}
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
row4() { printf '| %s | %s | %s | %s |\n' "$@"; }
# both RATIO_WALL RATIO_CPU OP LIMIT: "wall / CPU" verdicts
both() { echo "$(verdict "$1" "$3" "$4") / $(verdict "$2" "$3" "$4")"; }
# fig KEY: "median ms (min-max), CPU ms"
fig() { echo "$(ms "$1") ms ($(spread "$1")), CPU $(cpu "$1") ms"; }
perpage() { awk -v t="$1" -v p="$2" 'BEGIN { printf "%.2f", t / p }'; }
persec() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.0f", n / (t / 1000) }'; }

ratio_md=$(r "$(ms mdhtml1000)" "$(ms cmark1)")
ratio_md_cpu=$(r "$(cpu mdhtml1000)" "$(cpu cmark1)")
ratio_wk=$(r "$(ms wk1)" "$(ms pdf1)")
ratio_wk_cpu=$(r "$(cpu wk1)" "$(cpu pdf1)")
ratio_wk0=$(r "$(ms wk0)" "$(ms pdf1)")
ratio_wk0_cpu=$(r "$(cpu wk0)" "$(cpu pdf1)")
pct_nc=$(pct "$(ms nochange)" "$(ms all1000)")
pct_nc_cpu=$(pct "$(cpu nochange)" "$(cpu all1000)")
ratio_j=$(r "$(ms all1000)" "$(ms all1000j2)")
ratio_j_cpu=$(r "$(cpu all1000)" "$(cpu all1000j2)")
capacity=$(awk -v a="$(ms cap1)" -v b="$(ms cap2)" 'BEGIN { printf "%.2f", 2 * a / b }')
ratio_floor=$(r "$(ms pdf100)" "$(ms floor100)")
ratio_floor_cpu=$(r "$(cpu pdf100)" "$(cpu floor100)")
ratio_s1=$(r "$(ms mdhtml1000s)" "$(ms mdhtml100)")
ratio_s1_cpu=$(r "$(cpu mdhtml1000s)" "$(cpu mdhtml100)")
pp100=$(perpage "$(ms pdf100)" "$pdf100_pages")
pp100_cpu=$(perpage "$(cpu pdf100)" "$pdf100_pages")
pp100j2=$(perpage "$(ms pdf100j2)" "$pdf100_pages")
case $rewrites in "same ") rw=yes ;; *) rw="**no** ($rewrites)" ;; esac

{
# The work directory's file system.  On ext4 without a journal, making
# a file skips, one by one, the inodes freed in the last minutes (up to
# five: recently_deleted() in the kernel's fs/ext4/ialloc.c): a run
# started a few minutes after many files were deleted (the end of a
# bench, make check) makes its files slower, chkc's 2,500 a build,
# cmark-gfm's one not.
fs_of() {
	src=$(df --output=source "$1" | tail -n 1)
	type=$(df --output=fstype "$1" | tail -n 1)
	if [ "$type" = ext4 ] && [ "$(cat "/sys/fs/ext4/${src##*/}/journal_task" \
	    2>/dev/null)" = "<none>" ]; then
		echo "ext4 without a journal ($src: slow to make files for minutes after many were deleted)"
	else
		echo "$type ($src)"
	fi
}
echo "chkc $("$CHKC" --version | cut -d' ' -f2), $(date -u +%Y-%m-%d), $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, work directory on $(fs_of "$W"); medians of $RUNS paired runs after a warm-up, (min-max) the spread of wall time; CPU = user + system; making 2,500 empty files took $probe_before ms in the work directory before case 1 and $probe_after ms after case 6${probe_mem:+ ($probe_mem ms on tmpfs)}; a page of memory touched for the first time took $touch_us us, a process that does nothing $true_ms ms (true) and chkc --version $version_ms ms"
echo
echo "Targets, each against its baseline run in turns in the same loop:"
echo
row "target" "chkc" "baseline" "baseline's figures" "ratio: wall (CPU)" "limit" "holds: wall / CPU"
row "---" "---" "---" "---" "---" "---" "---"
row "md + html, 1,000 checklists" "$(fig mdhtml1000)" "cmark-gfm -e table -e tasklist, the same Markdown concatenated, one process" "$(fig cmark1)" "$ratio_md ($ratio_md_cpu)" "≤ 1.5×" "$(both "$ratio_md" "$ratio_md_cpu" "<=" 1.5)"
if [ -n "$MEM" ]; then
	ratio_mdm=$(r "$(ms mdhtml1000m)" "$(ms cmark1m)")
	ratio_mdm_cpu=$(r "$(cpu mdhtml1000m)" "$(cpu cmark1m)")
	row "the same on tmpfs (/dev/shm), its own loop" "$(fig mdhtml1000m)" "cmark-gfm, the same, on tmpfs" "$(fig cmark1m)" "$ratio_mdm ($ratio_mdm_cpu)" "≤ 1.5×" "$(both "$ratio_mdm" "$ratio_mdm_cpu" "<=" 1.5)"
fi
row "one checklist ($one), every format, one command" "$(fig one)" "(absolute; wkhtmltopdf below in the same loop)" "" "" "< 50 ms" "$(both "$(ms one)" "$(cpu one)" "<" 50)"
row "PDF of that checklist, one command" "$(fig pdf1)" "wkhtmltopdf, the checklist's HTML page" "$(fig wk1)" "$ratio_wk ($ratio_wk_cpu)" "≥ 20×" "$(both "$ratio_wk" "$ratio_wk_cpu" ">=" 20)"
row "the same PDF against wkhtmltopdf without its wait" "$(fig pdf1)" "wkhtmltopdf --javascript-delay 0 (by default it waits 200 ms for the page's scripts)" "$(fig wk0)" "$ratio_wk0 ($ratio_wk0_cpu)" "≥ 20×" "$(both "$ratio_wk0" "$ratio_wk0_cpu" ">=" 20)"
row "no-change rebuild, every format, 1,000 checklists" "$(fig nochange)" "the full build into an empty directory" "$(fig all1000)" "$pct_nc % ($pct_nc_cpu %)" "≤ 3 %" "$(both "$pct_nc" "$pct_nc_cpu" "<=" 3)"
row "no-change rebuild rewrites nothing (mtimes)" "$rewrites" "" "" "" "every file unchanged" "$rw"
row "HTML markup per check" "$html_per_check bytes" "cmark-gfm's HTML of the same Markdown" "$cmark_per_check bytes" "" "≤ 400 bytes" "$(verdict "$html_per_check" "<=" 400)"
row "-j 2, every format, 1,000 checklists" "$(fig all1000j2)" "-j 1, same loop" "$(fig all1000)" "$ratio_j (CPU spent $ratio_j_cpu)" "≥ 1.7×" "$(verdict "$ratio_j" ">=" 1.7)"
row "PDF in batch, 100 checklists, per page" "$pp100 ms/page (CPU $pp100_cpu)" "" "" "" "< 2 ms/page" "$(both "$pp100" "$pp100_cpu" "<" 2)"
row "PDF in batch against bare libharu" "$(fig pdf100)" "hpdf_floor: the same lines, fonts and pages" "$(fig floor100)" "$ratio_floor ($ratio_floor_cpu)" "≤ 1.5×" "$(both "$ratio_floor" "$ratio_floor_cpu" "<=" 1.5)"
row "md + html, 1,000 against 100 checklists" "$(fig mdhtml1000s)" "100 checklists" "$(fig mdhtml100)" "$ratio_s1 ($ratio_s1_cpu)" "≤ 11×" "$(both "$ratio_s1" "$ratio_s1_cpu" "<=" 11)"
if [ "$BENCH_BIG" = 1 ]; then
	ratio_s2=$(r "$(ms mdhtml10000)" "$(ms mdhtml1000s)")
	ratio_s2_cpu=$(r "$(cpu mdhtml10000)" "$(cpu mdhtml1000s)")
	row "md + html, 10,000 against 1,000 checklists" "$(fig mdhtml10000)" "1,000 checklists (the loop before)" "$(fig mdhtml1000s)" "$ratio_s2 ($ratio_s2_cpu)" "≤ 11×" "$(both "$ratio_s2" "$ratio_s2_cpu" "<=" 11)"
fi
row "one checklist of 10,000 items, every format" "$(fig big)" "(absolute)" "" "" "< 1 s" "$(both "$(ms big)" "$(cpu big)" "<" 1000)"
row "peak RSS, every format, 1,000 checklists" "$(mib all1000) MiB" "(absolute)" "" "" "< 64 MiB" "$(verdict "$(mib all1000)" "<" 64)"
echo
echo "Other figures:"
echo
row4 "case" "wall" "CPU" "figures"
row4 "---" "---:" "---:" "---"
row4 "md + html, 1,000 checklists" "$(ms mdhtml1000) ms" "$(cpu mdhtml1000) ms" "$(persec "$(ms mdhtml1000)" 1000) checklists/s, $(mib mdhtml1000) MiB; cmark-gfm $(mib cmark1) MiB"
row4 "every format, 1,000 checklists, -j 1" "$(ms all1000) ms" "$(cpu all1000) ms" "$(persec "$(ms all1000)" 1000) checklists/s, $(mib all1000) MiB"
row4 "every format, 1,000 checklists, -j 2" "$(ms all1000j2) ms" "$(cpu all1000j2) ms" "$(mib all1000j2) MiB"
row4 "two CPU-bound jobs at once against one" "$(ms cap2) ms" "$(cpu cap2) ms" "one: $(ms cap1) ms; the machine gives two processes ${capacity}× one's speed"
row4 "PDF, one checklist" "$(ms pdf1) ms" "$(cpu pdf1) ms" "$pdf1_pages pages; wkhtmltopdf $wk1_pages pages"
row4 "PDF in batch, 100 checklists, -j 2" "$(ms pdf100j2) ms" "$(cpu pdf100j2) ms" "$pdf100_pages pages, $pp100j2 ms/page; floor $floor100_pages pages"
row4 "one checklist of 10,000 items" "$(ms big) ms" "$(cpu big) ms" "$big_pages PDF pages, $(mib big) MiB"
row4 "HTML page of $one" "$thebot_html bytes" "" ""
if [ "$BENCH_CG" = 1 ]; then
	echo
	echo "Instructions (callgrind; SHA-256 runs without SHA-NI under valgrind) for $one:"
	echo
	printf '| %s | %s |\n' "command" "instructions" "---" "---:"
	printf '| %s | %s |\n' "chkc check (load, validate, resolve)" "$cg_check"
	for kv in $cg_rows; do
		printf '| %s | %s |\n' "chkc build --only ${kv%%=*}" "${kv#*=}"
	done
	printf '| %s | %s |\n' "chkc build (every format)" "$cg_all"
	printf '| %s | %s |\n' "md + html, 100 checklists" "$cg_md100"
	printf '| %s | %s |\n' "hpdf_floor, the same PDF's lines" "$cg_floor"
fi
} | tee "$W/results.md"
