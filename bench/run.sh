#!/bin/sh
# make bench (issue 10): chkc against the tools users would run instead.
#
# Generates a corpus from the example content (bench/gen.sh), runs every
# case RUNS times and takes the medians of wall time and peak RSS, then
# prints one table: times, ratios to the baselines measured in this same
# run, checklists per second, ms per PDF page, peak RSS, the targets and
# whether each holds; then callgrind instruction counts for one checklist
# per format, the figure to compare across noisy runs and versions.
#
#   sh bench/run.sh
# Environment: CHKC (default ./chkc), RUNS (default 5), BENCH_DIR (work
# directory; default a new one under /tmp, removed at the end unless
# BENCH_KEEP=1), BENCH_BIG=0 skips the 10,000-checklist corpus.
set -u
cd "$(dirname "$0")/.." || exit 3
root=$(pwd)
CHKC=${CHKC:-$root/chkc}
RUNS=${RUNS:-5}
BENCH_BIG=${BENCH_BIG:-1}
FONTS=${CHKC_FONT_DIR:-/usr/share/fonts/truetype/dejavu}
CMARK="cmark-gfm -e table -e tasklist"

sh tests/deps.sh cmark-gfm wkhtmltopdf time valgrind poppler-utils gcc \
    libhpdf-dev fonts-dejavu-core || exit 3
[ -x "$CHKC" ] || { echo "bench: no $CHKC (make chkc)" >&2; exit 3; }
W=${BENCH_DIR:-$(mktemp -d /tmp/chkc-bench.XXXXXX)} || exit 3
mkdir -p "$W"
[ "${BENCH_KEEP:-0}" = 1 ] || [ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$W"' EXIT
: >"$W/figures"

fail() {
	echo "bench: $1 failed:" >&2
	sed 's/^/  /' "$W/stderr" | head -20 >&2
	exit 1
}

# The median of column $1 of $W/runs.
median() {
	sort -n -k"$1" "$W/runs" |
	    awk -v c="$1" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

# measure KEY PREP CMD...: RUNS times, the shell command PREP (untimed)
# then CMD.  Records KEY's median wall time (ms) and peak RSS (KiB).
measure() {
	key=$1 prep=$2
	shift 2
	: >"$W/runs"
	n=0
	while [ "$n" -lt "$RUNS" ]; do
		eval "$prep"
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$W/rss" "$@" >/dev/null 2>"$W/stderr" ||
		    fail "$key"
		t1=$(date +%s%N)
		echo "$(( (t1 - t0) / 1000 )) $(tail -n 1 "$W/rss")" >>"$W/runs"
		n=$((n + 1))
	done
	echo "$key $(median 1) $(median 2)" >>"$W/figures"
	printf '  %-14s %8.1f ms %6d MiB\n' "$key" "$(median 1)e-3" \
	    "$(( $(median 2) / 1024 ))" >&2
}

# The figure of KEY: ms, or rss (MiB).
ms() { awk -v k="$1" '$1 == k { printf "%.1f", $2 / 1000 }' "$W/figures"; }
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
[ "$BENCH_BIG" = 1 ] && { sh bench/gen.sh "$W/c10000" 10000 || exit 3; }
cc -O2 -o "$W/hpdf_floor" bench/hpdf_floor.c -lhpdf || exit 3
one=thebot-00001/deploy
formats=$("$CHKC" build --help | sed -n 's/.*formats to write: \(.*\) (default.*/\1/p')
clean='rm -rf "$W/out"'

echo "bench: 1. md + html, 1,000 checklists, against cmark-gfm" >&2
measure mdhtml1000 "$clean" "$CHKC" build -q -C "$W/c1000" --only md,html \
    -o "$W/out"
rm -rf "$W/md" && mv "$W/out" "$W/md"
find "$W/md" -name '*.md' | sort | xargs cat >"$W/all.md"
measure cmark1 "" sh -c "$CMARK \"\$1\" >\"\$2\"" sh "$W/all.md" "$W/all.html"
measure cmarkN "" sh -c "for f in \"\$1\"/*/*.md; do $CMARK \"\$f\" \
    >\"\${f%.md}.cm.html\"; done" sh "$W/md"

echo "bench: 2. every format ($formats), 1,000 checklists" >&2
measure all1000 "$clean" "$CHKC" build -q -C "$W/c1000" -o "$W/out"

echo "bench: 3. one checklist, every format, one command" >&2
measure one "$clean" "$CHKC" build -q -C "$W/c1000" -o "$W/out" "$one"

echo "bench: 4. PDF against wkhtmltopdf and the bare libharu floor" >&2
measure pdf1 "$clean" "$CHKC" build -q -C "$W/c1000" --only pdf -o "$W/out" \
    "$one"
pdf1_pages=$(pages "$W/out/$one.pdf")
measure wk1 "" wkhtmltopdf -q "$W/md/$one.html" "$W/wk.pdf"
wk1_pages=$(pages "$W/wk.pdf")
measure pdf100 "$clean" "$CHKC" build -q -C "$W/c100" --only pdf -o "$W/out"
pdf100_pages=$(pages "$W/out"/*/*.pdf)
rm -rf "$W/txt" "$W/floor" && mkdir -p "$W/txt" "$W/floor"
for f in "$W/out"/*/*.pdf; do
	pdftotext -layout "$f" "$W/txt/$(basename "$(dirname "$f")")-$(basename "$f" .pdf).txt" 2>/dev/null
done
measure floor100 "rm -f \"\$W\"/floor/*" "$W/hpdf_floor" "$FONTS" "$W/floor" \
    "$W/txt"/*.txt
floor100_pages=$(pages "$W/floor"/*.pdf)

echo "bench: 5. -j 1 against -j 2 (every format, 1,000 checklists)" >&2
measure all1000j2 "$clean" "$CHKC" build -q -j 2 -C "$W/c1000" -o "$W/out"
measure all1000j1 "$clean" "$CHKC" build -q -j 1 -C "$W/c1000" -o "$W/out"

echo "bench: 6. scaling (md + html) and one checklist of 10,000 items" >&2
measure mdhtml100 "$clean" "$CHKC" build -q -C "$W/c100" --only md,html \
    -o "$W/out"
if [ "$BENCH_BIG" = 1 ]; then
	measure mdhtml10000 "$clean" "$CHKC" build -q -C "$W/c10000" \
	    --only md,html -o "$W/out"
fi
measure big "$clean" "$CHKC" build -q -o "$W/out" "$W/big/big.yaml"
big_pages=$(pages "$W/out/example/big.pdf")
rm -rf "$W/out"

echo "bench: 7. callgrind" >&2
cg_check=$(instr "$CHKC" check -q -C "$W/c1000" "$one")
cg_rows=""
for f in $formats; do
	n=$(instr "$CHKC" build -q -C "$W/c1000" --only "$f" -o "$W/cg" "$one")
	cg_rows="$cg_rows $f=$n"
done
cg_floor=$(instr "$W/hpdf_floor" "$FONTS" "$W/floor" "$W/txt/thebot-00001-deploy.txt")

# ------------------------------------------------------------------
# The table.

r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() {	# value op limit
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		ok = op == "<=" ? v <= l : op == ">=" ? v >= l : v < l
		print ok ? "**yes**" : "**no**" }'
}
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

pp1=$(r "$(ms pdf1)" "$pdf1_pages")
wkpp=$(r "$(ms wk1)" "$wk1_pages")
pp100=$(r "$(ms pdf100)" "$pdf100_pages")
ratio_md=$(r "$(ms mdhtml1000)" "$(ms cmark1)")
ratio_wk=$(r "$(ms wk1)" "$(ms pdf1)")
ratio_floor=$(r "$(ms pdf100)" "$(ms floor100)")
ratio_j=$(r "$(ms all1000j1)" "$(ms all1000j2)")
ratio_s1=$(r "$(ms mdhtml1000)" "$(ms mdhtml100)")
cps=$(awk -v t="$(ms all1000)" 'BEGIN { printf "%.0f", 1000 / (t / 1000) }')
cps_md=$(awk -v t="$(ms mdhtml1000)" 'BEGIN { printf "%.0f", 1000 / (t / 1000) }')

{
echo "chkc $("$CHKC" --version | cut -d' ' -f2), $(date -u +%Y-%m-%d), $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); medians of $RUNS runs"
echo
row "case" "median" "figure" "target" "holds"
row "---" "---:" "---" "---" "---"
row "1. md + html, 1,000 checklists" "$(ms mdhtml1000) ms" "$cps_md checklists/s, $(mib mdhtml1000) MiB" "" ""
row "cmark-gfm, same Markdown, one process" "$(ms cmark1) ms" "$(mib cmark1) MiB; chkc / cmark-gfm = $ratio_md" "≤ 1.5×" "$(verdict "$ratio_md" "<=" 1.5)"
row "cmark-gfm, one process per file" "$(ms cmarkN) ms" "chkc / cmark-gfm = $(r "$(ms mdhtml1000)" "$(ms cmarkN)")" "" ""
row "2. every format, 1,000 checklists" "$(ms all1000) ms" "$cps checklists/s" "" ""
row "peak RSS, 1,000 checklists" "$(mib all1000) MiB" "md + html: $(mib mdhtml1000) MiB" "< 64 MiB" "$(verdict "$(mib all1000)" "<" 64)"
row "3. one checklist, every format" "$(ms one) ms" "$(mib one) MiB" "< 50 ms" "$(verdict "$(ms one)" "<" 50)"
row "4. PDF, one checklist, one command" "$(ms pdf1) ms" "$pdf1_pages pages, $pp1 ms/page" "" ""
row "wkhtmltopdf, the same checklist's HTML" "$(ms wk1) ms" "$wk1_pages pages, $wkpp ms/page; wkhtmltopdf / chkc = $ratio_wk" "≥ 20×" "$(verdict "$ratio_wk" ">=" 20)"
row "PDF in batch, 100 checklists" "$(ms pdf100) ms" "$pdf100_pages pages, $pp100 ms/page" "< 2 ms/page" "$(verdict "$pp100" "<" 2)"
row "bare libharu floor, same lines and fonts" "$(ms floor100) ms" "$floor100_pages pages; chkc / floor = $ratio_floor" "≤ 1.5×" "$(verdict "$ratio_floor" "<=" 1.5)"
row "5. -j 1, every format, 1,000" "$(ms all1000j1) ms" "$(mib all1000j1) MiB" "" ""
row "-j 2" "$(ms all1000j2) ms" "$(mib all1000j2) MiB; speed-up $ratio_j" "≥ 1.7×" "$(verdict "$ratio_j" ">=" 1.7)"
row "6. md + html, 100 checklists" "$(ms mdhtml100) ms" "1,000 / 100 = $ratio_s1" "≤ 11×" "$(verdict "$ratio_s1" "<=" 11)"
if [ "$BENCH_BIG" = 1 ]; then
	ratio_s2=$(r "$(ms mdhtml10000)" "$(ms mdhtml1000)")
	row "md + html, 10,000 checklists" "$(ms mdhtml10000) ms" "10,000 / 1,000 = $ratio_s2; $(mib mdhtml10000) MiB" "≤ 11×" "$(verdict "$ratio_s2" "<=" 11)"
fi
row "one checklist of 10,000 items, every format" "$(ms big) ms" "$big_pages PDF pages, $(mib big) MiB" "< 1 s" "$(verdict "$(ms big)" "<" 1000)"
echo
echo "Instructions (callgrind) for $one, one command each:"
echo
row "command" "instructions" "" "" ""
row "---" "---:" "" "" ""
row "chkc check (load, validate, resolve)" "$cg_check" "" "" ""
for kv in $cg_rows; do
	row "chkc build --only ${kv%%=*}" "${kv#*=}" "" "" ""
done
row "hpdf_floor, the same PDF's lines" "$cg_floor" "" "" ""
} | tee "$W/results.md"
