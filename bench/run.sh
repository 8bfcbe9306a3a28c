#!/bin/sh
# make bench (issue 10): chkc against the tools users would run instead.
#
# Generates a corpus from the example content (bench/gen.sh), runs every
# case RUNS times and takes medians of wall time, CPU time (user + system)
# and peak RSS, then prints one table: times, ratios to the baselines
# measured in this same run, checklists per second, ms per PDF page, peak
# RSS, the targets and whether each holds; then callgrind instruction
# counts for one checklist per format, the figure to compare across noisy
# runs and versions.  Cases compared with each other run in turns (a, b,
# a, b, ...) so that both meet the same load on a shared machine.
#
#   sh bench/run.sh
# Environment: CHKC (default ./chkc), RUNS (default 5), BENCH_DIR (work
# directory; default a new one under /tmp, removed at the end unless
# BENCH_KEEP=1), BENCH_BIG=0 skips the 10,000-checklist corpus.
set -u
cd "$(dirname "$0")/.." || exit 3
root=$(pwd)
CHKC=${CHKC:-$root/chkc}
case $CHKC in /*) ;; *) CHKC=$root/$CHKC ;; esac
RUNS=${RUNS:-5}
BENCH_BIG=${BENCH_BIG:-1}
FONTS=${CHKC_FONT_DIR:-/usr/share/fonts/truetype/dejavu}
CMARK="cmark-gfm -e table -e tasklist"
export SOURCE_DATE_EPOCH=1700000000

sh tests/deps.sh cmark-gfm wkhtmltopdf time valgrind poppler-utils gcc \
    libhpdf-dev fonts-dejavu-core || exit 3
[ -x "$CHKC" ] || { echo "bench: no $CHKC (make chkc)" >&2; exit 3; }
W=${BENCH_DIR:-$(mktemp -d /tmp/chkc-bench.XXXXXX)} || exit 3
mkdir -p "$W"
[ "${BENCH_KEEP:-0}" = 1 ] || [ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$W"' EXIT
rm -f "$W"/runs.* "$W/figures"
: >"$W/figures"

fail() {
	echo "bench: $1 failed:" >&2
	sed 's/^/  /' "$W/stderr" | head -20 >&2
	exit 1
}

# sample KEY PREP CMD...: the shell command PREP (untimed), then one run
# of CMD: "wall_us rss_kib cpu_ms" appended to $W/runs.KEY.
sample() {
	key=$1 prep=$2
	shift 2
	eval "$prep"
	t0=$(date +%s%N)
	/usr/bin/time -f '%M %U %S' -o "$W/time" "$@" >/dev/null \
	    2>"$W/stderr" || fail "$key"
	t1=$(date +%s%N)
	tail -n 1 "$W/time" | awk -v us=$(( (t1 - t0) / 1000 )) \
	    '{ printf "%d %d %d\n", us, $1, ($2 + $3) * 1000 }' >>"$W/runs.$key"
}

# repeat FN: the shell function FN, RUNS times; then the medians of
# every key it sampled go to $W/figures.
repeat() {
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
		done | tr '\n' ' ' | sed "s/^/$key /; s/ \$//" >>"$W/figures"
		echo >>"$W/figures"
		awk -v k="$key" '$1 == k { printf "  %-12s %9.1f ms wall %9d ms CPU %5d MiB\n",
		    k, $2 / 1000, $4, $3 / 1024 }' "$W/figures" | tail -n 1 >&2
	done
}

# The figures of KEY: wall ms, CPU ms, peak RSS MiB.
ms() { awk -v k="$1" '$1 == k { printf "%.1f", $2 / 1000 }' "$W/figures"; }
cpu() { awk -v k="$1" '$1 == k { printf "%d", $4 }' "$W/figures"; }
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

echo "bench: corpus in $W" >&2
sh bench/gen.sh "$W/c100" 100 && sh bench/gen.sh "$W/c1000" 1000 &&
    sh bench/gen.sh "$W/big" big 10000 || exit 3
if [ "$BENCH_BIG" = 1 ]; then sh bench/gen.sh "$W/c10000" 10000 || exit 3; fi
cc -O2 -o "$W/hpdf_floor" bench/hpdf_floor.c -lhpdf || exit 3
one=thebot-00001/deploy
formats=$("$CHKC" build --help |
    sed -n 's/.*formats to write: \(.*\) (default.*/\1/p')
clean='rm -rf "$W/out"'

# The Markdown cmark-gfm is given: what chkc writes.
"$CHKC" build -q -C "$W/c1000" --only md,html -o "$W/md" || exit 3
find "$W/md" -name '*.md' | sort | xargs cat >"$W/all.md"

echo "bench: 1. md + html, 1,000 checklists, against cmark-gfm" >&2
case1() {
	sample mdhtml1000 "$clean" "$CHKC" build -q -C "$W/c1000" \
	    --only md,html -o "$W/out"
	sample cmark1 "" sh -c "$CMARK \"\$1\" >\"\$2\"" sh "$W/all.md" \
	    "$W/all.html"
	sample cmarkN "" sh -c "for f in \"\$1\"/*/*.md; do $CMARK \"\$f\" \
	    >\"\${f%.md}.cm.html\"; done" sh "$W/md"
}
repeat case1

echo "bench: 2 and 5. every format ($formats), 1,000 checklists, -j 1 and -j 2" >&2
# What two processes get on this machine right now: the same CPU-bound
# job (chkc check of 1,000 checklists) once, and twice at once.
case2() {
	sample all1000 "$clean" "$CHKC" build -q -j 1 -C "$W/c1000" -o "$W/out"
	sample all1000j2 "$clean" "$CHKC" build -q -j 2 -C "$W/c1000" \
	    -o "$W/out"
	sample cap1 "" "$CHKC" check -q -C "$W/c1000"
	sample cap2 "" sh -c "\"\$1\" check -q -C \"\$2\" & \
	    \"\$1\" check -q -C \"\$2\"; wait" sh "$CHKC" "$W/c1000"
}
repeat case2

echo "bench: 3. one checklist, every format, one command" >&2
case3() {
	sample one "$clean" "$CHKC" build -q -C "$W/c1000" -o "$W/out" "$one"
}
repeat case3

echo "bench: 4. PDF against wkhtmltopdf and the bare libharu floor" >&2
case4() {
	sample pdf1 "$clean" "$CHKC" build -q -C "$W/c1000" --only pdf \
	    -o "$W/out" "$one"
	sample wk1 "" wkhtmltopdf -q "$W/md/$one.html" "$W/wk.pdf"
}
repeat case4
"$CHKC" build -q -C "$W/c1000" --only pdf -o "$W/pdf1" "$one" || exit 3
pdf1_pages=$(pages "$W/pdf1/$one.pdf")
wk1_pages=$(pages "$W/wk.pdf")
"$CHKC" build -q -C "$W/c100" --only pdf -o "$W/pdf100" || exit 3
pdf100_pages=$(pages "$W/pdf100"/*/*.pdf)
rm -rf "$W/txt" "$W/floor" && mkdir -p "$W/txt" "$W/floor"
for f in "$W/pdf100"/*/*.pdf; do
	p=${f%/*}
	pdftotext -layout "$f" "$W/txt/${p##*/}-$(basename "$f" .pdf).txt" \
	    2>/dev/null
done
case4b() {
	sample pdf100 "$clean" "$CHKC" build -q -C "$W/c100" --only pdf \
	    -o "$W/out"
	sample pdf100j2 "$clean" "$CHKC" build -q -j 2 -C "$W/c100" \
	    --only pdf -o "$W/out"
	sample floor100 "rm -f \"\$W\"/floor/*" "$W/hpdf_floor" "$FONTS" \
	    "$W/floor" "$W/txt"/*.txt
}
repeat case4b
floor100_pages=$(pages "$W/floor"/*.pdf)

echo "bench: 6. scaling (md + html) and one checklist of 10,000 items" >&2
case6() {
	sample mdhtml100 "$clean" "$CHKC" build -q -C "$W/c100" \
	    --only md,html -o "$W/out"
	sample mdhtml1000s "$clean" "$CHKC" build -q -C "$W/c1000" \
	    --only md,html -o "$W/out"
	if [ "$BENCH_BIG" = 1 ]; then
		sample mdhtml10000 "$clean" "$CHKC" build -q -C "$W/c10000" \
		    --only md,html -o "$W/out"
	fi
	sample big "$clean" "$CHKC" build -q -o "$W/out" "$W/big/big.yaml"
}
repeat case6
"$CHKC" build -q -o "$W/bigout" "$W/big/big.yaml" || exit 3
big_pages=$(pages "$W/bigout/example/big.pdf")
rm -rf "$W/out" "$W/bigout"

echo "bench: 7. callgrind" >&2
cg_check=$(instr "$CHKC" check -q -C "$W/c1000" "$one")
cg_rows=""
for f in $formats; do
	cg_rows="$cg_rows $f=$(instr "$CHKC" build -q -C "$W/c1000" \
	    --only "$f" -o "$W/cg" "$one")"
done
cg_all=$(instr "$CHKC" build -q -C "$W/c1000" -o "$W/cg" "$one")
cg_floor=$(instr "$W/hpdf_floor" "$FONTS" "$W/floor" \
    "$W/txt/thebot-00001-deploy.txt")

# ------------------------------------------------------------------
# The table.

r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() {	# value op limit
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		ok = op == "<=" ? v <= l : op == ">=" ? v >= l : v < l
		print ok ? "yes" : "**no**" }'
}
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
# both RATIO_WALL RATIO_CPU OP LIMIT: "wall, CPU" verdicts
both() { echo "$(verdict "$1" "$3" "$4") / $(verdict "$2" "$3" "$4")"; }
perpage() { awk -v t="$1" -v p="$2" 'BEGIN { printf "%.2f", t / p }'; }
persec() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.0f", n / (t / 1000) }'; }

ratio_md=$(r "$(ms mdhtml1000)" "$(ms cmark1)")
ratio_md_cpu=$(r "$(cpu mdhtml1000)" "$(cpu cmark1)")
ratio_wk=$(r "$(ms wk1)" "$(ms pdf1)")
ratio_floor=$(r "$(ms pdf100)" "$(ms floor100)")
ratio_floor_cpu=$(r "$(cpu pdf100)" "$(cpu floor100)")
ratio_j=$(r "$(ms all1000)" "$(ms all1000j2)")
capacity=$(awk -v a="$(ms cap1)" -v b="$(ms cap2)" 'BEGIN { printf "%.2f", 2 * a / b }')
ratio_s1=$(r "$(ms mdhtml1000s)" "$(ms mdhtml100)")
ratio_s1_cpu=$(r "$(cpu mdhtml1000s)" "$(cpu mdhtml100)")
ratio_j_cpu=$(r "$(cpu all1000)" "$(cpu all1000j2)")
ratio_wk_cpu=$(r "$(cpu wk1)" "$(cpu pdf1)")
pp100=$(perpage "$(ms pdf100)" "$pdf100_pages")
pp100j2=$(perpage "$(ms pdf100j2)" "$pdf100_pages")

{
echo "chkc $("$CHKC" --version | cut -d' ' -f2), $(date -u +%Y-%m-%d), $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; medians of $RUNS runs; CPU = user + system"
echo
row "case" "wall" "CPU" "figures" "target" "holds: wall / CPU"
row "---" "---:" "---:" "---" "---" "---"
row "1. md + html, 1,000 checklists" "$(ms mdhtml1000) ms" "$(cpu mdhtml1000) ms" "$(persec "$(ms mdhtml1000)" 1000) checklists/s, $(mib mdhtml1000) MiB" "" ""
row "cmark-gfm, the same Markdown, one process" "$(ms cmark1) ms" "$(cpu cmark1) ms" "$(mib cmark1) MiB; chkc / cmark-gfm = $ratio_md (CPU $ratio_md_cpu)" "≤ 1.5×" "$(both "$ratio_md" "$ratio_md_cpu" "<=" 1.5)"
row "cmark-gfm, one process per file" "$(ms cmarkN) ms" "$(cpu cmarkN) ms" "chkc / cmark-gfm = $(r "$(ms mdhtml1000)" "$(ms cmarkN)")" "" ""
row "2. every format, 1,000 checklists" "$(ms all1000) ms" "$(cpu all1000) ms" "$(persec "$(ms all1000)" 1000) checklists/s" "" ""
row "peak RSS, 1,000 checklists, every format" "$(mib all1000) MiB" "" "md + html: $(mib mdhtml1000) MiB; 10,000: $(mib mdhtml10000) MiB" "< 64 MiB" "$(verdict "$(mib all1000)" "<" 64)"
row "3. one checklist, every format" "$(ms one) ms" "$(cpu one) ms" "$(mib one) MiB" "< 50 ms" "$(both "$(ms one)" "$(cpu one)" "<" 50)"
row "4. PDF, one checklist, one command" "$(ms pdf1) ms" "$(cpu pdf1) ms" "$pdf1_pages pages, $(perpage "$(ms pdf1)" "$pdf1_pages") ms/page" "" ""
row "wkhtmltopdf, the same checklist's HTML" "$(ms wk1) ms" "$(cpu wk1) ms" "$wk1_pages pages, $(perpage "$(ms wk1)" "$wk1_pages") ms/page; wkhtmltopdf / chkc = $ratio_wk (CPU $ratio_wk_cpu)" "≥ 20×" "$(both "$ratio_wk" "$ratio_wk_cpu" ">=" 20)"
row "PDF in batch, 100 checklists, -j 1" "$(ms pdf100) ms" "$(cpu pdf100) ms" "$pdf100_pages pages, $pp100 ms/page (CPU $(perpage "$(cpu pdf100)" "$pdf100_pages"))" "< 2 ms/page" "$(both "$pp100" "$(perpage "$(cpu pdf100)" "$pdf100_pages")" "<" 2)"
row "PDF in batch, 100 checklists, -j 2" "$(ms pdf100j2) ms" "$(cpu pdf100j2) ms" "$pp100j2 ms/page" "< 2 ms/page" "$(verdict "$pp100j2" "<" 2)"
row "bare libharu floor, same lines, fonts, pages" "$(ms floor100) ms" "$(cpu floor100) ms" "$floor100_pages pages; chkc / floor = $ratio_floor (CPU $ratio_floor_cpu)" "≤ 1.5×" "$(both "$ratio_floor" "$ratio_floor_cpu" "<=" 1.5)"
row "5. -j 2, every format, 1,000" "$(ms all1000j2) ms" "$(cpu all1000j2) ms" "$(mib all1000j2) MiB; -j 1 / -j 2 = $ratio_j (CPU spent: $ratio_j_cpu)" "≥ 1.7×" "$(verdict "$ratio_j" ">=" 1.7)"
row "two CPU-bound jobs at once against one" "$(ms cap2) ms" "$(cpu cap2) ms" "one: $(ms cap1) ms; the machine gives two processes $capacity× one's speed" "" ""
row "6. md + html, 100 checklists" "$(ms mdhtml100) ms" "$(cpu mdhtml100) ms" "" "" ""
row "md + html, 1,000 checklists" "$(ms mdhtml1000s) ms" "$(cpu mdhtml1000s) ms" "1,000 / 100 = $ratio_s1 (CPU $ratio_s1_cpu)" "≤ 11×" "$(both "$ratio_s1" "$ratio_s1_cpu" "<=" 11)"
if [ "$BENCH_BIG" = 1 ]; then
	ratio_s2=$(r "$(ms mdhtml10000)" "$(ms mdhtml1000s)")
	ratio_s2_cpu=$(r "$(cpu mdhtml10000)" "$(cpu mdhtml1000s)")
	row "md + html, 10,000 checklists" "$(ms mdhtml10000) ms" "$(cpu mdhtml10000) ms" "10,000 / 1,000 = $ratio_s2 (CPU $ratio_s2_cpu); $(mib mdhtml10000) MiB" "≤ 11×" "$(both "$ratio_s2" "$ratio_s2_cpu" "<=" 11)"
fi
row "one checklist of 10,000 items, every format" "$(ms big) ms" "$(cpu big) ms" "$big_pages PDF pages, $(mib big) MiB" "< 1 s" "$(both "$(ms big)" "$(cpu big)" "<" 1000)"
echo
echo "Instructions (callgrind; SHA-256 runs without SHA-NI under valgrind) for $one:"
echo
printf '| %s | %s |\n' "command" "instructions" "---" "---:"
printf '| %s | %s |\n' "chkc check (load, validate, resolve)" "$cg_check"
for kv in $cg_rows; do
	printf '| %s | %s |\n' "chkc build --only ${kv%%=*}" "${kv#*=}"
done
printf '| %s | %s |\n' "chkc build (every format)" "$cg_all"
printf '| %s | %s |\n' "hpdf_floor, the same PDF's lines" "$cg_floor"
} | tee "$W/results.md"
