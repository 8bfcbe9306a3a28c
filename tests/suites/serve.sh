#!/bin/sh
# chkc serve: pages served from out/ with the reload script, a reload
# event within a second of a save, the diagnostics of a broken template
# in the event stream, only what a change touches rebuilt (and out/ the
# same as chkc build's), no way out of out/, odd request paths and 1,000
# connections at once without a crash, a clear error for a port in use,
# and a clean stop on SIGTERM and SIGINT (under ASan: no leak).
set -u
: "${CHKC:?}"
CHKC=$(cd "$(dirname "$CHKC")" && pwd)/$(basename "$CHKC")
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
client="python3 tests/serve/client.py"

ok() { echo "ok serve/$1"; }
fail() { echo "FAIL serve/$1"; shift; for l in "$@"; do echo "  $l"; done; }

# start NAME ROOT [ARGS...]: chkc serve on a free port; sets $port and
# $pid, stderr in $tmp/NAME.err.  Returns 1 when it did not come up.
start() {
	name=$1 root=$2
	shift 2
	: >"$tmp/$name.err"
	(cd "$root" && exec "$CHKC" serve -p 0 "$@") 2>>"$tmp/$name.err" &
	pid=$!
	pids="$pids $pid"
	i=0
	while [ $i -lt 300 ]; do
		port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
		    "$tmp/$name.err")
		[ -n "$port" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# stop NAME SIGNAL [CHECK]: the exit status and what ASan says, as the
# check CHECK (default: stop-SIGNAL).
stop() {
	st_name=${3:-stop-$2}
	kill -"$2" "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "$st_name" "still running 10 s after SIG$2"
		kill -KILL "$pid"
		return
	fi
	wait "$pid"
	rc=$?
	if [ "$rc" -ne 0 ] || grep -q 'Sanitizer' "$tmp/$1.err"; then
		fail "$st_name" "exit status $rc" "$(grep -A12 'Sanitizer' \
		    "$tmp/$1.err" | head -20)"
	else
		ok "$st_name"
	fi
}

get() {	# URL [CURL ARGS]: "status type", body in $tmp/body
	u=$1
	shift
	curl -s --path-as-is -o "$tmp/body" -w '%{http_code} %{content_type}' \
	    "$@" "http://127.0.0.1:$port$u"
}

mkdir -p "$tmp/p"
cp -R templates content "$tmp/p/"
echo "CHKC-SECRET-MARKER" >"$tmp/p/secret.txt"
if ! start main "$tmp/p"; then
	fail start "$(cat "$tmp/main.err")"
	echo end
	exit 0
fi
ok start

# Pages, with the reload script; the built files without it.
r=$(get /)
[ "$r" = "200 text/html; charset=utf-8" ] && grep -q 'thebot/' "$tmp/body" &&
    ok index || fail index "$r"
r=$(get /thebot/deploy.html)
if [ "${r%% *}" = 200 ] && grep -q "connect-src 'self'" "$tmp/body" &&
    grep -q 'EventSource' "$tmp/body" &&
    ! grep -q 'connect-src\|EventSource' "$tmp/p/out/thebot/deploy.html"; then
	ok page-has-reload-script
else
	fail page-has-reload-script "$r"
fi
r=$(get /thebot/deploy.pdf)
[ "$r" = "200 application/pdf" ] && cmp -s "$tmp/body" \
    "$tmp/p/out/thebot/deploy.pdf" && ok pdf || fail pdf "$r"
r=$(get /thebot -D "$tmp/head")
[ "${r%% *}" = 301 ] && grep -qi '^location: /thebot/' "$tmp/head" &&
    ok directory-redirect || fail directory-redirect "$r"
r=$(get /thebot/deploy.html -X POST)
[ "${r%% *}" = 405 ] && ok post-refused || fail post-refused "$r"

# No way out of out/.
ln -s ../../secret.txt "$tmp/p/out/thebot/leak.txt"
ln -s .. "$tmp/p/out/up"
bad=
for u in /../secret.txt /%2e%2e/secret.txt /%2E%2E/content/thebot.yaml \
    /thebot/%2e%2e/%2e%2e/secret.txt /thebot/..%2f..%2fsecret.txt \
    "//$tmp/p/secret.txt" "/$tmp/p/secret.txt" /thebot/leak.txt \
    /up/secret.txt /up/content/thebot.yaml /%252e%252e/secret.txt \
    /thebot/deploy.html%00.txt /etc/passwd; do
	r=$(get "$u")
	if [ "${r%% *}" != 404 ] || grep -q 'CHKC-SECRET\|^project:' \
	    "$tmp/body"; then
		bad="$bad $u:$r"
	fi
done
[ -z "$bad" ] && ok traversal-refused || fail traversal-refused $bad
rm -f "$tmp/p/out/thebot/leak.txt" "$tmp/p/out/up"

# A template of each project changed: a reload event, after a build of
# the checklists made from it alone (5 of 10).
$client reload "$port" "$tmp/p/templates/rollback.yaml" 1 >"$tmp/reload" \
    2>&1 && ok reload-event || fail reload-event "$(cat "$tmp/reload")"
# Only the checklists a change touches: rollback.yaml is one template
# of each project (5), a project file its project's checklists (2).
grep -q 'built 5 checklists (the ones changed)' "$tmp/main.err" &&
    ok rebuild-template-users || fail rebuild-template-users \
    "$(tail -n 3 "$tmp/main.err")"
n=$(grep -c 'built' "$tmp/main.err")
sed -i 's/^name: .*/name: The Bot, renamed/' "$tmp/p/content/thebot.yaml"
i=0
while [ "$(grep -c 'built' "$tmp/main.err")" -eq "$n" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
tail -n 1 "$tmp/main.err" | grep -q 'built 2 checklists (the ones changed)' &&
    ok rebuild-project || fail rebuild-project "$(tail -n 2 "$tmp/main.err")"
(cd "$tmp/p" && "$CHKC" build -q -o "$tmp/fresh") &&
    diff -r -x '.chkc-cache*' "$tmp/p/out" "$tmp/fresh" >"$tmp/diff" 2>&1 &&
    ok incremental-same-as-build ||
    fail incremental-same-as-build "$(head -5 "$tmp/diff")"

# A broken template: the diagnostic in the stream, the last good page
# still served, then a good build again.
cp "$tmp/p/out/thebot/rollback.html" "$tmp/good.html"
cp "$tmp/p/templates/rollback.yaml" "$tmp/rollback.yaml"
$client fail "$port" "$tmp/p/templates/rollback.yaml" "$tmp/rollback.yaml" \
    >"$tmp/fail" 2>&1
if [ "$(sed -n 1p "$tmp/fail")" = failed ] &&
    grep -Eq '^templates/rollback.yaml:[0-9]+:[0-9]+: error: YAML syntax error' "$tmp/fail" &&
    [ "$(tail -n 1 "$tmp/fail")" = built ]; then
	ok broken-template-diagnostics
else
	fail broken-template-diagnostics "$(cat "$tmp/fail")"
fi
cmp -s "$tmp/good.html" "$tmp/p/out/thebot/rollback.html" &&
    ok last-good-output-kept || fail last-good-output-kept

# Odd request paths, then 1,000 connections at once.
if $client fuzz "$port" 19 600 CHKC-SECRET-MARKER >"$tmp/fuzz" 2>&1; then
	ok fuzzed-paths
else
	fail fuzzed-paths "$(head -10 "$tmp/fuzz")"
fi
size=$(wc -c <"$tmp/p/out/thebot/deploy.pdf")
if $client concurrent "$port" 1000 /thebot/deploy.pdf "$size" \
    >"$tmp/conc" 2>&1; then
	ok concurrent-1000
else
	fail concurrent-1000 "$(head -10 "$tmp/conc")"
fi

# A port in use.
"$CHKC" serve -C "$tmp/p" -p "$port" >"$tmp/busy.out" 2>"$tmp/busy.err"
rc=$?
[ $rc = 3 ] && grep -q "cannot listen on 127.0.0.1 port $port: Address already in use" \
    "$tmp/busy.err" && ok port-in-use || fail port-in-use "exit $rc" \
    "$(cat "$tmp/busy.err")"
stop main TERM

# A new project (chkc init): a save reaches the open pages as a reload
# event within a second; in a browser too.  SIGINT stops it.
"$CHKC" init -q "$tmp/new" 2>/dev/null
if start second "$tmp/new" -q; then
	if $client reload "$port" "$tmp/new/templates/deploy.yaml" 5 \
	    >"$tmp/reload" 2>&1; then
		slow=$(awk '$1 == "reload" && $2 >= 1000' "$tmp/reload")
		[ -z "$slow" ] && ok reload-within-1s ||
		    fail reload-within-1s "$(cat "$tmp/reload")"
	else
		fail reload-within-1s "$(cat "$tmp/reload")"
	fi
	[ -n "${CHKC_SERVE_TIMES:-}" ] && sed 's/^/  /' "$tmp/reload" >&2
	# The page's policy lets the stream through, a save reloads the
	# page, a broken template lays the diagnostics over it.
	if [ -d tests/browser/node_modules/playwright-core ] &&
	    [ -x /usr/bin/chromium ]; then
		helper serve/browser timeout 120 node tests/browser/serve.test.js \
		    "$port" /myapp/deploy.html "$tmp/new/templates/deploy.yaml"
	else
		skip serve/browser "playwright-core or chromium is missing: the browser suite installs them"
	fi
	stop second INT
else
	fail reload-within-1s "$(cat "$tmp/second.err")"
fi
# The build cache (out/.chkc-cache) that chkc build keeps: serve started
# after a build rewrites nothing; a save rewrites the outputs it changes
# alone, and the plan knows what the checklists the cache vouched for
# were made from; a build after serve rewrites nothing; other options or
# fonts than the last build's rebuild what they change.  Times are
# compared to the nanosecond.
c=$tmp/c
mkdir -p "$c"
cp -R templates content "$c/"
# listing FILE: "path mtime size" of every file of $c/out.
listing() {
	(cd "$c/out" && find . -type f -printf '%P %T@ %s\n' | sort) >"$1"
}
# since NAME BEFORE PATTERNS: the files rewritten since the listing
# BEFORE are exactly those PATTERNS match (tests/lib.sh: rewritten).
since() {
	listing "$tmp/now"
	bad=$(rewritten "$2" "$tmp/now" "$3")
	[ -z "$bad" ] && ok "$1" || fail "$1" "$bad"
}
# save FILE SED: edit FILE, wait for the build it makes.
save() {
	n=$(grep -c 'built' "$tmp/cache.err")
	sed -i "$2" "$1"
	i=0
	while [ "$(grep -c 'built' "$tmp/cache.err")" -eq "$n" ] &&
	    [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
pdfs='[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache'
(cd "$c" && "$CHKC" build -q) && listing "$tmp/l0"
sleep 0.02
if start cache "$c"; then
	since cache-serve-after-build "$tmp/l0" ""
	grep -q 'built 0 checklists, 10 up to date, in' "$tmp/cache.err" &&
	    ok cache-serve-says-up-to-date ||
	    fail cache-serve-says-up-to-date "$(cat "$tmp/cache.err")"
	listing "$tmp/l1"
	save "$c/content/thebot.yaml" 's/^name: .*/name: The Bot, renamed/'
	since cache-project-save "$tmp/l1" \
	    'thebot/(deploy|rollback)\.[a-z.]+|thebot/index\.html|index\.html|\.chkc-cache'
	listing "$tmp/l2"
	save "$c/templates/rollback.yaml" 's/^title: .*/title: Rollback runbook/'
	tail -n 1 "$tmp/cache.err" | grep -q 'built 5 checklists (the ones changed) in' &&
	    ok cache-plan-knows-sources ||
	    fail cache-plan-knows-sources "$(tail -n 2 "$tmp/cache.err")"
	since cache-template-save "$tmp/l2" \
	    '[a-z-]+/rollback\.[a-z.]+|[a-z-]+/index\.html|index\.html|\.chkc-cache'
	stop cache TERM cache-stop
else
	fail cache-serve-after-build "$(cat "$tmp/cache.err")"
fi
listing "$tmp/l3"
sleep 0.02
(cd "$c" && "$CHKC" build -q)
since cache-build-after-serve "$tmp/l3" ""
# The root named otherwise, by chkc build -C and chkc serve -C run
# elsewhere: the cache's records are the same, nothing is rewritten.
"$CHKC" build -q -C "$c"
since cache-build-C-after-build "$tmp/l3" ""
sleep 0.02
if start cache "$tmp" -C "$c"; then
	since cache-serve-C-after-build "$tmp/l3" ""
	stop cache TERM cache-stop-C
else
	fail cache-serve-C-after-build "$(cat "$tmp/cache.err")"
fi

# Another paper than the last build's, other fonts: the PDFs and bundles.
(cd "$c" && "$CHKC" build -q --paper letter) && listing "$tmp/l4"
sleep 0.02
if start cache "$c"; then
	since cache-other-options "$tmp/l4" "$pdfs"
	stop cache TERM cache-stop-again
else
	fail cache-other-options "$(cat "$tmp/cache.err")"
fi
mkdir -p "$tmp/fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf "$tmp/fonts/"
cp "$tmp/fonts/DejaVuSans-Bold.ttf" "$tmp/fonts/DejaVuSans.ttf"
listing "$tmp/l5"
export CHKC_FONT_DIR="$tmp/fonts"
if start cache "$c"; then
	since cache-other-fonts "$tmp/l5" "$pdfs"
	stop cache INT cache-stop-fonts
else
	fail cache-other-fonts "$(cat "$tmp/cache.err")"
fi
unset CHKC_FONT_DIR

"$CHKC" serve --bind nowhere -C "$tmp/p" 2>"$tmp/bind.err"
rc=$?
[ $rc = 2 ] && grep -q "not an IP address" "$tmp/bind.err" &&
    ok bad-bind || fail bad-bind "exit $rc" "$(cat "$tmp/bind.err")"
echo end
