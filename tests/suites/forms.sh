#!/bin/sh
# Forms: tables with fixed (pre-filled) cells beside cells to fill in,
# and labels that end in a colon, through runs: `run new` says which
# cells are fixed, a run that answers a fixed cell is refused at its
# line:col, one that leaves them empty passes and renders (md, html,
# pdf: pdftotext finds the fixed and the filled cells), and a changed
# fixed cell is drift ("reworded").  The fixture is the project of
# tests/golden/forms.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
case $CHKC in /*) ;; *) CHKC=$(pwd)/$CHKC ;; esac
export SOURCE_DATE_EPOCH=1767225600
cp -R tests/golden/forms/input "$tmp/p" || exit 3
cd "$tmp/p" || exit 3

ok() { echo "ok forms/$1"; }
fail() {	# name, message, [file to show]
	echo "FAIL forms/$1 ($2)"
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
has() {	# NAME FILE STRING
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		fail "$1" "'$3' not in it" "$2"; fi
}
hasnt() {
	if grep -qF -- "$3" "$2"; then fail "$1" "'$3' in it" "$2"; else
		ok "$1"; fi
}

t run-new 0 "$CHKC" run new acme/release-es -o run.yaml
has run-new-comment run.yaml "Test results: rows of [Passed, Failed, Total] for Unit Tests ... End-to-end Tests; pre-filled cells stay null"
has run-new-snapshot run.yaml '"Test results [Suite | Passed | Failed | Total] {Unit Tests | _ | _ | 1240; Integration Tests | _ | _ | 310 (1.0); End-to-end Tests | _ | _ | _}"'

# A value in a fixed cell is refused where it is written.
sed 's/^  tests\.test-results: \[\].*/  tests.test-results: [["1200", "40", "1300"]]/' \
    run.yaml >bad.yaml
t fixed-answered 1 "$CHKC" status bad.yaml
has fixed-answered-diag "$tmp/stderr" "bad.yaml:$(grep -n '"1300"' bad.yaml | cut -d: -f1):39: error: 'tests.test-results': row 1, column 'Total' is the fixed text '1240', not a cell to fill in: leave it null"
# More rows than the table has.
sed 's/^  tests\.test-results: \[\].*/  tests.test-results: [[], [], [], []]/' \
    run.yaml >rows.yaml
t too-many-rows 1 "$CHKC" status rows.yaml
has too-many-rows-diag "$tmp/stderr" "'tests.test-results': 4 rows, the table has 3"

# Empty fixed cells ("" as the page exports them, or null) pass (the
# run is incomplete: exit 1, but no error).
sed -e 's/^  tests\.test-results: \[\].*/  tests.test-results: [["1200", "40", null], ["300", "10", ""], ["80", "5", "85"]]/' \
    -e 's/^  tests\.free-rows: \[\].*/  tests.free-rows: [["ping", null, "200 OK"], [null, "302", "302"]]/' \
    run.yaml >good.yaml
t fixed-empty-incomplete 1 "$CHKC" status good.yaml
hasnt fixed-empty-no-error "$tmp/stderr" "error:"
t render 0 "$CHKC" render good.yaml -o out
has render-md out/good.md "| Unit Tests | 1200 | 40 | 1240 |"
has render-md-free out/good.md "| ping | 200 OK | 200 OK |"
has render-md-colon out/good.md "- [ ] **Result:** [ ] Pass [ ] Fail"
hasnt render-md-one-colon out/good.md "**Result:**:"
has render-html out/good.html '<td class="fixed">1240</td>'
has render-html-value out/good.html 'name="tests.test-results[0][0]" aria-label="Unit Tests, Passed" value="1200"'
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext -layout out/good.pdf out/good.txt
	if grep -q "Unit Tests *1200 *40 *1240" out/good.txt; then
		ok render-pdf
	else
		fail render-pdf "no filled row 'Unit Tests 1200 40 1240'" \
		    out/good.txt
	fi
	hasnt render-pdf-one-colon out/good.txt "Result::"
else
	fail render-pdf "pdftotext is needed: make deps"
fi

# A changed fixed cell changes what the answers beside it meant.
sed -i 's/\[Unit Tests, null, null, 1240\]/[Unit Tests, null, null, 1300]/' \
    templates/release.yaml
t drift 1 "$CHKC" status good.yaml
has drift-reworded "$tmp/stderr" "note: reworded since: 'tests.test-results'"
echo end
