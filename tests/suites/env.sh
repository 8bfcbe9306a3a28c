#!/bin/sh
# The environment (chkc(1), ENVIRONMENT): SOURCE_DATE_EPOCH means the
# same in every command (the date of PDFs, the times of bundles); a
# malformed value is a usage error with one message in every command,
# and nothing is written; the man page lists exactly the variables the
# source reads, and README's limits table the same limits.  One line
# "ok env/NAME" or "FAIL env/NAME" per check.
set -u
: "${CHKC:?}"
SUITE=env
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
case $CHKC in /*) ;; *) CHKC=$top/$CHKC ;; esac
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
unset SOURCE_DATE_EPOCH

# A project and an empty run of it, made without the variable.
"$CHKC" init -q "$tmp/p" >/dev/null 2>&1 &&
    (cd "$tmp/p" && "$CHKC" run new -q myapp/deploy -o run.yaml) ||
    { echo "FAIL env/fixture (chkc init, run new)"; echo end; exit 0; }
cd "$tmp/p" || exit 3

# bad NAME VALUE WHAT WRITTEN COMMAND...: exit status 2, the one
# message, and WRITTEN (a path the command would make) not there.
bad() {
	name=$1 value=$2 what=$3 written=$4
	shift 4
	t "$name" 2 env SOURCE_DATE_EPOCH="$value" "$CHKC" "$@" &&
	    has "$name-says" "$tmp/stderr" \
	    "chkc: error: SOURCE_DATE_EPOCH: '$value' $what"
	check "$name-writes-nothing" test ! -e "$written"
}
nan="is not a number of seconds"
bad build-abc abc "$nan" out build
bad build-suffix 12abc "$nan" out build --only pdf
bad render-negative -1 "$nan" r render run.yaml -o r
bad render-fraction 1.5 "$nan" r render run.yaml -o r
bad archive-space " 1700000000" "$nan" deployment-logs archive run.yaml
bad archive-plus +1700000000 "$nan" deployment-logs archive run.yaml
bad archive-huge 99999999999999999999 "is after the year 9999" \
    deployment-logs archive run.yaml
bad build-year-10000 253402300800 "is after the year 9999" out build
# Every command, not only those that write dates.
bad check-abc abc "$nan" out check
check check-one-line test "$(wc -l <"$tmp/stderr")" -eq 1

# A good value: the PDFs' date, the bundles' times, the archive's name.
t build-epoch 0 env SOURCE_DATE_EPOCH=1700000000 "$CHKC" build -q
pdfinfo -isodates out/myapp/deploy.pdf >"$tmp/info" 2>&1
has pdf-date "$tmp/info" "CreationDate:    2023-11-14T22:13:20Z"
has pdf-moddate "$tmp/info" "ModDate:         2023-11-14T22:13:20Z"
t archive-epoch 0 env SOURCE_DATE_EPOCH=1700000000 "$CHKC" archive -q run.yaml
zip=deployment-logs/myapp/deploy/unversioned-2023-11-14.zip
check archive-name test -s "$zip"
if out=$($py - "$zip" out/myapp/deploy.zip <<'EOF'
import sys, zipfile
for path in sys.argv[1:]:
    times = {i.date_time for i in zipfile.ZipFile(path).infolist()}
    if times != {(2023, 11, 14, 22, 13, 20)}:
        print(path, sorted(times))
        sys.exit(1)
EOF
); then ok bundle-times; else fail bundle-times "$out"; fi

# Empty is unset: no date in the PDFs, the build goes on.
rm -rf out
t build-empty 0 env SOURCE_DATE_EPOCH= "$CHKC" build -q --only pdf
pdfinfo out/myapp/deploy.pdf >"$tmp/info" 2>&1
hasnt pdf-no-date "$tmp/info" "CreationDate"

# The man page lists every variable src/ reads, and no other; README's
# limits table names the same limits as the source.
cd "$top" || exit 3
grep -rhoE 'getenv\("[A-Z_]+"\)|env\("[A-Z_]+"\)|"CHKC_MAX_[A-Z_]+"' src |
    grep -oE '[A-Z][A-Z_]+' | sort -u >"$tmp/src-vars"
sed -n '/^\.Sh ENVIRONMENT/,/^\.Sh /p' doc/chkc.1 |
    awk '/^\.It Ev/ { go = 1 } go { print; go = /\\$/ }' |
    grep -oE '[A-Z][A-Z_]{2,}' |
    sort -u >"$tmp/man-vars"
if diff -u "$tmp/src-vars" "$tmp/man-vars" >"$tmp/diff"; then
	ok man-lists-every-variable
else
	fail man-lists-every-variable "src (-) and chkc.1 (+) differ" \
	    "$tmp/diff"
fi
check man-has-some test "$(wc -l <"$tmp/man-vars")" -ge 15
sed -n '/^## Limits/,/^## /p' README.md | grep -oE 'CHKC_MAX_[A-Z_]+' |
    sort -u >"$tmp/readme-limits"
grep '^CHKC_MAX_' "$tmp/src-vars" >"$tmp/src-limits"
if diff -u "$tmp/src-limits" "$tmp/readme-limits" >"$tmp/diff"; then
	ok readme-lists-every-limit
else
	fail readme-lists-every-limit "src (-) and README (+) differ" \
	    "$tmp/diff"
fi
echo end
