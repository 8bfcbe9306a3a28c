#!/bin/sh
# make bench-report: the archive's report (index.html) and chkc archive
# on an archive of N runs (default 10,000) whose bundles are as large as
# real ones (PAYLOAD bytes of PDF each, default 115,000).
#
# The archive has summaries (SUMMARY, as chkc archive writes it); a copy
# of it without them (its LOG lines without summary=, chained again) is
# an archive made before summaries, read from its bundles.  With BASE
# set to another chkc (one made before summaries), each figure is timed
# for it too, on that copy, in turns (new, base, new, base ...), RUNS
# times (default 3).  "cold" drops the page cache first when this user
# may (echo 3 >/proc/sys/vm/drop_caches; else it says so): the bundles
# and SUMMARY are read from disk, as after a clone.
#
#   sh bench/report.sh
# Environment: CHKC (default ./chkc), BASE, N, PAYLOAD, RUNS, BENCH_DIR
# (kept when given; else a new directory under /tmp, removed at the end).
set -u
cd "$(dirname "$0")/.." || exit 3
top=$(pwd)
CHKC=${CHKC:-$top/chkc}
case $CHKC in /*) ;; *) CHKC=$top/$CHKC ;; esac
N=${N:-10000}
PAYLOAD=${PAYLOAD:-115000}
RUNS=${RUNS:-3}
BASE=${BASE:-}
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
W=${BENCH_DIR:-$(mktemp -d /tmp/chkc-bench-report.XXXXXX)} || exit 3
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$W"' EXIT
export CHKC

# The fixture, then N runs with PAYLOAD bytes each (once per BENCH_DIR).
if [ ! -f "$W/new/LOG" ]; then
	sh tests/report_archive.sh "$W/fx" 1 >/dev/null || exit 3
	REPORT_GEN_PAYLOAD=$PAYLOAD $py tests/report_gen.py "$W/fx/r1.zip" \
	    "$W/fx/r2.zip" "$W/new" "$N" || exit 3
	"$CHKC" run new -C "$W/fx/root" shop/release -o "$W/fx/run.yaml" \
	    >/dev/null 2>&1
	sed -e 's/^  version: null.*/  version: "v9"/' \
	    -e 's/^# outcome:.*/outcome: partial/' "$W/fx/run.yaml" \
	    >"$W/fx/filled.yaml"
fi
# The same archive made before summaries.
rm -rf "$W/old" && mkdir "$W/old"
(cd "$W/new" && cp -Rl shop "$W/old/")
$py - "$W/new/LOG" "$W/old/LOG" <<'EOF'
import hashlib, sys
prev, out = "0" * 64, []
for line in open(sys.argv[1]).read().splitlines():
    f = [x for x in line.split(" ") if not x.startswith("summary=")]
    f[4] = "sha256:" + prev
    out.append(" ".join(f))
    prev = hashlib.sha256(out[-1].encode()).hexdigest()
open(sys.argv[2], "w").write("\n".join(out) + "\n")
EOF
echo "report: $N runs, $(du -sh "$W/new" | cut -f1) on disk," \
    "SUMMARY $(wc -c <"$W/new/SUMMARY") bytes"

cold=1
if ! (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
	cold=0
	echo "report: cannot drop the page cache (not root): no cold figures"
fi

# one LABEL CHKC DIR MODE: time one report; MODE: cold (no cache, page
# cache dropped), nocache (no cache), cached.
one() {
	[ "$4" = cached ] || rm -f "$3/.report-cache"
	[ "$4" = cold ] && sync && echo 3 >/proc/sys/vm/drop_caches
	s=$(date +%s.%N)
	"$2" report -q "$3" 2>/dev/null
	e=$(date +%s.%N)
	echo "$1 $4 $(echo "$e - $s" | bc)" >>"$W/times"
}
: >"$W/times"
modes="nocache cached"
[ $cold = 1 ] && modes="cold $modes"
for m in $modes; do
	[ "$m" = cached ] && "$CHKC" report -q "$W/new" 2>/dev/null
	[ "$m" = cached ] && [ -n "$BASE" ] && "$BASE" report -q "$W/old" 2>/dev/null
	i=0
	while [ $i -lt "$RUNS" ]; do
		one new "$CHKC" "$W/new" $m
		[ -n "$BASE" ] && one base "$BASE" "$W/old" $m
		i=$((i + 1))
	done
done
# chkc archive of one more run, the report's cache warm.
arch() {
	cd "$W/fx/root" || exit 3
	s=$(date +%s.%N)
	"$2" archive -q --logs "$3" "$W/fx/filled.yaml" 2>/dev/null
	e=$(date +%s.%N)
	cd "$top" || exit 3
	echo "$1 archive $(echo "$e - $s" | bc)" >>"$W/times"
}
i=0
while [ $i -lt "$RUNS" ]; do
	arch new "$CHKC" "$W/new"
	[ -n "$BASE" ] && arch base "$BASE" "$W/old"
	i=$((i + 1))
done
# Medians, with the spread.
sort -k1,1 -k2,2 -k3,3n "$W/times" | awk '
function flush() {
	if (n == 0) return
	printf "  %-5s %-8s median %.2f s (%.2f-%.2f, %d runs)\n", who, what,
	    v[int((n + 1) / 2)], v[1], v[n], n
}
{
	if ($1 != who || $2 != what) { flush(); who = $1; what = $2; n = 0 }
	v[++n] = $3
}
END { flush() }'
echo "report: cache $(wc -c <"$W/new/.report-cache") bytes," \
    "page $(wc -c <"$W/new/index.html") bytes"
