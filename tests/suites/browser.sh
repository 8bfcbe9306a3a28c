#!/bin/sh
# Browser tests of the HTML pages: Debian's chromium driven by
# playwright-core (npm; no browser download) from file://.  Prints one
# "ok NAME" or "FAIL NAME" line per case (details indented below).
#
# Installs what is missing: nodejs and npm and chromium with
# tests/deps.sh, tests/browser/node_modules with npm ci.  The pages are
# the samples $BUILD/tests/test_html writes with CHKC_TEST_OUT; set
# CHKC_BROWSER_PAGES to more pages (paths from the repository root, or
# absolute), e.g. the built out/*.html, to smoke-test them too.
# Screenshots (desktop and 375 px), exported runs and the printed PDF
# land in $BUILD/browser/.
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
: "${BUILD:=build}"
out=$BUILD/browser
log=$out/setup.log

fail() {
	echo "FAIL browser/$1"
	shift
	for line in "$@"; do
		echo "  $line"
	done
}

rm -rf "$out" && mkdir -p "$out" || exit 3
: >"$log"
# Node.js and npm come with the machine (Debian's npm conflicts with it).
[ -x /usr/bin/chromium ] || sh tests/deps.sh chromium >>"$log" 2>&1

if ! command -v node >/dev/null 2>&1; then
	fail setup "node is missing and could not be installed (see $log)"
	exit 0
fi
# The page's script is a real file: a syntax error is caught cheaply.
if msg=$(node --check src/emit/html_page.js 2>&1); then
	echo "ok browser/script-syntax"
else
	fail script-syntax "$msg"
fi
if [ ! -x /usr/bin/chromium ]; then
	fail setup "/usr/bin/chromium is missing and could not be installed (see $log)"
	exit 0
fi
if [ ! -d tests/browser/node_modules/playwright-core ] ||
    [ ! -d tests/browser/node_modules/axe-core ]; then
	if ! (cd tests/browser && npm ci --no-audit --no-fund \
	    --loglevel=error) >>"$log" 2>&1; then
		fail setup "npm ci in tests/browser failed:" \
		    "$(tail -n 5 "$log")"
		exit 0
	fi
fi
if [ ! -x "$BUILD/tests/test_html" ]; then
	fail setup "$BUILD/tests/test_html is missing (make unit)"
	exit 0
fi
if ! CHKC_TEST_OUT=$out/samples "$BUILD/tests/test_html" >>"$log" 2>&1; then
	fail sample-pages "test_html failed writing the samples:" \
	    "$(grep -v '^ok ' "$log" | tail -n 5)"
	exit 0
fi
echo "ok browser/sample-pages"

helper browser/page timeout 120 node tests/browser/page.test.js \
    "$out/samples" "$out"
helper browser/smoke timeout 120 node tests/browser/smoke.test.js "$out" \
    "$out/samples" index.html demo/index.html demo/deploy-run.html demo/ru.html
# A page built by chkc, filled and exported in the browser, and the
# exported run accepted unchanged by status, archive and verify.
if [ -x "${CHKC:-}" ]; then
	mkdir -p "$out/archive"
	helper browser/archive timeout 120 node tests/browser/archive.test.js \
	    "$CHKC" tests/golden/readme/input "$out/archive"
	# Pre-filled table cells and Spanish labels.
	mkdir -p "$out/forms"
	helper browser/forms timeout 120 node tests/browser/forms.test.js \
	    "$CHKC" tests/golden/forms/input "$out/forms"
fi

# The archive's report page (chkc report) of 120 generated runs, one of
# them tampered, so every part of the page is there: screenshots
# logs_index-desktop.png and logs_index-375.png.
if [ -x "${CHKC:-}" ]; then
	if sh tests/report_archive.sh "$out/report" 120 >>"$log" 2>&1; then
		bad=$(sed -n 6p "$out/report/logs/LOG" | cut -d' ' -f3)
		printf x >>"$out/report/logs/$bad"
		"$CHKC" report -q "$out/report/logs" 2>>"$log"
		[ $? -eq 1 ] || fail report-page "chkc report did not exit 1 on a tampered bundle (see $log)"
		helper browser/smoke-report timeout 120 node \
		    tests/browser/smoke.test.js "$out" "$out/report" logs/index.html
	else
		fail report-page "tests/report_archive.sh failed (see $log)"
	fi
fi

# The example content as chkc builds it: the site index and a page in
# each language, unless other pages were asked for.
if [ -z "${CHKC_BROWSER_PAGES:-}" ] && [ -x "${CHKC:-}" ]; then
	if "$CHKC" build -q --only md,html -o "$out/site" 2>>"$log"; then
		CHKC_BROWSER_PAGES="$out/site/index.html $out/site/tulia/deploy.html $out/site/thebot/deploy.html"
	else
		fail example-site "chkc build failed (see $log)"
	fi
fi
if [ -n "${CHKC_BROWSER_PAGES:-}" ]; then
	# shellcheck disable=SC2086 # a list of paths, split on purpose
	helper browser/smoke-site timeout 300 node \
	    tests/browser/smoke.test.js "$out" . $CHKC_BROWSER_PAGES
fi
echo end
