#!/bin/sh
# The build cache (out/.chkc-cache): a second build with nothing changed
# rewrites nothing (every file keeps its modification time); each cause
# of change rebuilds what it affects and rewrites only the outputs that
# come out different.  Modification times are compared to the
# nanosecond, so a file rewritten with the same bytes shows.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
unset CHKC_FONT_DIR
. tests/lib.sh

ok() { echo "ok cache/$1"; }
fail() { echo "FAIL cache/$1"; shift; for l in "$@"; do echo "  $l"; done; }

r=$tmp/r
mkdir -p "$r"
cp -R templates content "$r/"

# build [ARGS...]: build $r into $r/out; stderr in $tmp/err.
build() {
	"$CHKC" build -q -C "$r" -o "$r/out" "$@" 2>"$tmp/err"
}
# stamp: "path mtime size" of every file of $r/out, into $tmp/now.
stamp() {
	(cd "$r/out" && find . -type f -printf '%P %T@ %s\n' | sort) >"$tmp/now"
}
# rebuilt NAME EXPECT [ARGS...]: build, then the files rewritten must be
# exactly the list EXPECT (grep -E patterns, one per line, each matching
# at least one file, no other file rewritten).
rebuilt() {
	name=$1 want=$2
	shift 2
	stamp && cp "$tmp/now" "$tmp/before"
	# Times must be able to differ from the last build's.
	sleep 0.02
	if ! build "$@"; then
		fail "$name" "build failed:" "$(head -3 "$tmp/err")"
		return
	fi
	stamp
	bad=$(rewritten "$tmp/before" "$tmp/now" "$want")
	[ -z "$bad" ] && ok "$name" || fail "$name" "$bad" \
	    "rewritten: $(rewritten "$tmp/before" "$tmp/now" "" | tr ';' ' ')"
}

if build && [ -f "$r/out/.chkc-cache" ] && [ -f "$r/out/thebot/deploy.pdf" ]
then
	ok first-build
else
	fail first-build "$(head -3 "$tmp/err")"
fi

# An output made from the checklist alone (Markdown, HTML) is recorded
# as made from the checklist's own hash (the one its summary keeps); a
# PDF, made from the paper and fonts too, and a bundle, from the
# sources too, from hashes of their own.  The cache names a source
# relative to the project root, an output relative to itself.
made() {
	awk -F '\t' -v out="thebot/deploy$1" '
	    /^E/ { e = ($2 == "project content/thebot.yaml deploy") }
	    e && /^O/ && $5 == out { print $2 }
	    e && /^M\tsha256:/ { print "model " substr($2, 8) }' \
	    "$r/out/.chkc-cache" | sort | tr '\n' ' '
}
model=$(made .none | sed 's/^model //; s/ $//')
if [ ${#model} = 64 ] && [ "$(made .md)" = "$model model $model " ] &&
    [ "$(made .html)" = "$model model $model " ] &&
    [ "$(made .pdf | cut -c1-64)" != "$model" ] &&
    [ "$(made .zip | cut -c1-64)" != "$model" ]; then
	ok made-from-checklist
else
	fail made-from-checklist "model $model" "md $(made .md)" \
	    "pdf $(made .pdf)"
fi

rebuilt no-change ""
rebuilt no-change-again ""

# So a build that names the root otherwise finds the same records: one
# run in the root (as chkc serve builds), one given it with a '/' more.
stamp && cp "$tmp/now" "$tmp/before"
sleep 0.02
if (cd "$r" && "$CHKC" build -q 2>"$tmp/err") && stamp &&
    bad=$(rewritten "$tmp/before" "$tmp/now" "") && [ -z "$bad" ]; then
	ok root-named-otherwise
else
	fail root-named-otherwise "$bad" "$(head -3 "$tmp/err")"
fi
rebuilt root-with-slash "" -C "$r/" -o "$r/out/"
# A project file named by its absolute path in the root: the cache keeps
# that path as it is (not made relative), and the next such build finds
# it.  (The settings of a build of a file named differ from a whole
# build's, which then builds everything again.)
(cd "$r" && "$CHKC" build -q "$r/content/thebot.yaml" 2>"$tmp/err")
stamp && cp "$tmp/now" "$tmp/before"
sleep 0.02
if (cd "$r" && "$CHKC" build -q "$r/content/thebot.yaml" 2>"$tmp/err") &&
    stamp && bad=$(rewritten "$tmp/before" "$tmp/now" "") && [ -z "$bad" ] &&
    grep -q "^E	project $r/content/thebot.yaml deploy\$" "$r/out/.chkc-cache" &&
    grep -q "^S	[0-9a-f]*	$r/content/thebot.yaml\$" "$r/out/.chkc-cache"
then
	ok absolute-project-path
else
	fail absolute-project-path "$bad" "$(head -3 "$tmp/err")" \
	    "$(grep '^[ES]' "$r/out/.chkc-cache" | head -3)"
fi
build

# A comment in a project file: its checklists are resolved again and
# come out the same: only their bundles, which hold the file, are
# rewritten, and the cache, which records its new hash.
printf '# a comment\n' >>"$r/content/tulia.yaml"
rebuilt comment-rewrites-bundles 'tulia/[a-z]+\.zip|\.chkc-cache'

# A project's name: its outputs and the index that shows it.
sed -i 's/^name: THE BOT Platform$/name: THE BOT Platform 2/' \
    "$r/content/thebot.yaml"
rebuilt project-change 'thebot/.*|index\.html|\.chkc-cache'
grep -q 'THE BOT Platform 2' "$r/out/thebot/deploy.md" &&
    ok project-change-shows || fail project-change-shows

# A template: every checklist made from it, nothing else.
sed -i 's/^title: Rollback and incident runbook/title: Rollback runbook/' \
    "$r/templates/rollback.yaml"
rebuilt template-change \
    '[a-z-]+/rollback\.(md|html|pdf|signoff\.pdf|zip)|[a-z-]+/index\.html|index\.html|\.chkc-cache'
grep -q 'Rollback runbook' "$r/out/generic/rollback.md" &&
    ok template-change-shows || fail template-change-shows

# Options: the paper and the date change the PDFs and bundles only.
rebuilt paper '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' \
    --paper letter
SOURCE_DATE_EPOCH=1700086400 rebuilt date \
    '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' --paper letter

# Fonts: other font files (the bold face drawn as the regular one).
mkdir -p "$tmp/fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf "$tmp/fonts/"
CHKC_FONT_DIR=$tmp/fonts rebuilt font-dir \
    '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' --paper letter
cp "$tmp/fonts/DejaVuSans-Bold.ttf" "$tmp/fonts/DejaVuSans.ttf"
CHKC_FONT_DIR=$tmp/fonts rebuilt font-content \
    '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' --paper letter
CHKC_FONT_DIR=$tmp/fonts rebuilt font-no-change "" --paper letter
# The fallback fonts, and which of libharu's paths draws, count too.
CHKC_FONT_DIR=$tmp/fonts \
    CHKC_FALLBACK_FONTS=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc \
    rebuilt fallback-fonts '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' \
    --paper letter
CHKC_FONT_DIR=$tmp/fonts rebuilt fallback-fonts-back \
    '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' --paper letter
CHKC_FONT_DIR=$tmp/fonts CHKC_PDF_PUBLIC=1 rebuilt pdf-public \
    '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' --paper letter
CHKC_FONT_DIR=$tmp/fonts rebuilt pdf-private-back \
    '[a-z-]+/[a-z]+\.(pdf|signoff\.pdf|zip)|\.chkc-cache' --paper letter

# Another chkc (a byte more in its executable): everything is built
# again, and rewritten (the cache cannot vouch for the outputs).
cp "$CHKC" "$tmp/chkc2" && printf 'x' >>"$tmp/chkc2"
CHKC=$tmp/chkc2 CHKC_FONT_DIR=$tmp/fonts rebuilt chkc-version \
    'thebot/deploy\.md|generic/rollback\.html|.*' --paper letter

CHKC_FONT_DIR=$tmp/fonts rebuilt chkc-version-back \
    'thebot/deploy\.md|generic/rollback\.html|.*' --paper letter

# An output removed or edited by hand is made again, alone.
rm "$r/out/bakhmach/deploy.html"
printf 'x' >>"$r/out/tulia/rollback.md"
CHKC_FONT_DIR=$tmp/fonts rebuilt outputs-restored \
    'bakhmach/deploy\.html|tulia/rollback\.md|\.chkc-cache' --paper letter
[ -f "$r/out/bakhmach/deploy.html" ] &&
    [ "$(tail -c 1 "$r/out/tulia/rollback.md" | od -An -c | tr -d ' ')" = '\n' ] &&
    ok output-bytes-restored || fail output-bytes-restored

# Fewer formats, then all again: every output is kept.
CHKC_FONT_DIR=$tmp/fonts rebuilt only-md "" --paper letter --only md
CHKC_FONT_DIR=$tmp/fonts rebuilt all-again "" --paper letter

# -j 2: the parent makes one cache of what its workers built, the file
# a build by one process writes: nothing is rewritten, by either after
# the other, and no file of a worker's is left.
CHKC_FONT_DIR=$tmp/fonts rebuilt jobs-no-change "" --paper letter -j 2
[ ! -e "$r/out/.chkc-cache-1" ] && ok jobs-one-cache-file ||
    fail jobs-one-cache-file "$(ls -a "$r/out" | grep chkc-cache)"
CHKC_FONT_DIR=$tmp/fonts rebuilt jobs-then-one "" --paper letter
CHKC_FONT_DIR=$tmp/fonts rebuilt jobs-three "" --paper letter -j 3

# A build of one checklist keeps the cache's records of the others (the
# cache comes out the same): a whole build after it rewrites none of
# their outputs, only the indexes, which list what a build built.  With
# -j 2 too, its workers sharing the checklists of the targets.
CHKC_FONT_DIR=$tmp/fonts rebuilt partial 'index\.html|thebot/index\.html' \
    --paper letter thebot/deploy
CHKC_FONT_DIR=$tmp/fonts rebuilt after-partial 'index\.html|thebot/index\.html' \
    --paper letter
CHKC_FONT_DIR=$tmp/fonts rebuilt partial-j2 'index\.html|thebot/index\.html' \
    --paper letter -j 2 thebot/deploy
CHKC_FONT_DIR=$tmp/fonts rebuilt after-partial-j2 'index\.html|thebot/index\.html' \
    --paper letter -j 2
CHKC_FONT_DIR=$tmp/fonts rebuilt partial-j2-projects '^index\.html' \
    --paper letter -j 2 thebot tulia
CHKC_FONT_DIR=$tmp/fonts rebuilt after-partial-j2-projects '^index\.html' \
    --paper letter

# The workers' files are found by listing the output directory: one
# left by a build of more workers (the last one there can be) is read,
# then removed by a build of one process; a name that is not one of
# them stays.
mv "$r/out/.chkc-cache" "$r/out/.chkc-cache-63"
touch "$r/out/.chkc-cache-64" "$r/out/.chkc-cache-07"
CHKC_FONT_DIR=$tmp/fonts rebuilt worker-file-read '\.chkc-cache' --paper letter
[ ! -e "$r/out/.chkc-cache-63" ] && [ -e "$r/out/.chkc-cache-64" ] &&
    [ -e "$r/out/.chkc-cache-07" ] && ok worker-file-tidied ||
    fail worker-file-tidied "$(ls -a "$r/out" | grep chkc-cache)"
rm -f "$r/out/.chkc-cache-64" "$r/out/.chkc-cache-07"
# A new output directory has no cache: none is looked for, none
# removed (strace; LeakSanitizer cannot run under it).
if command -v strace >/dev/null 2>&1; then
	probes='chkc-cache-|unlink\(.*chkc-cache'
	if ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 strace -f -qq \
	    -e trace=openat,unlink -o "$tmp/trace" "$CHKC" build -q \
	    -C "$r" --only md -o "$tmp/new" 2>"$tmp/err" &&
	    [ -f "$tmp/new/.chkc-cache" ] && ! grep -Eq "$probes" "$tmp/trace"
	then
		ok new-dir-no-probe
	else
		fail new-dir-no-probe "$(grep -E "$probes" "$tmp/trace" |
		    head -3)" "$(head -3 "$tmp/err")"
	fi
else
	skip cache/new-dir-no-probe "strace is missing: apt-get install strace"
fi

# Invalid input after a cached build: exit 1, nothing written.
stamp && cp "$tmp/now" "$tmp/before"
printf 'checklists: 3\n' >>"$r/content/generic.yaml"
CHKC_FONT_DIR=$tmp/fonts build --paper letter
st=$?
stamp
bad=$(rewritten "$tmp/before" "$tmp/now" "")
[ "$st" = 1 ] && [ -z "$bad" ] && ok invalid-writes-nothing ||
    fail invalid-writes-nothing "exit $st" "$bad"

# chkc check never reads nor writes the cache.
"$CHKC" check -q -C "$r" content/thebot.yaml 2>"$tmp/err" &&
    ok check-ignores-cache || fail check-ignores-cache "$(head -3 "$tmp/err")"

# Warnings: a checklist the cache vouches for gives its warnings again,
# each once: a template's, made as the first checklist from it loads
# it (two with -j 2, one per worker), and its PDFs', made as they are
# drawn (a project's name, drawn before any item, names its document).
cp content/generic.yaml "$r/content/"
sed -i '0,/^title: /s/^title: \(.*\)$/title: "\1 \\u202E"/' \
    "$r/templates/deploy.yaml"
sed -i 's/^name: .*/name: "THE BOT \\U00013000"/' \
    "$r/content/thebot.yaml"
build
sort "$tmp/err" >"$tmp/want"
if [ "$(grep -c 'templates/deploy.yaml:9:.*warning: bidirectional control character U+202E' "$tmp/want")" = 1 ] &&
    [ "$(grep -c '^chkc: warning: pdf: .* thebot/.*: [0-9]* characters* not in the fonts, drawn as U+FFFD (the first: U+13000)$' "$tmp/want")" = 4 ] &&
    grep -q '^chkc: warning: pdf: sign-off thebot/rollback: ' "$tmp/want" &&
    [ "$(wc -l <"$tmp/want")" = 5 ]; then
	ok warnings-made
else
	fail warnings-made "$(cat "$tmp/want")"
fi
# same_warnings NAME: $tmp/err, sorted, is $tmp/want.
same_warnings() {
	sort "$tmp/err" | diff "$tmp/want" - >"$tmp/diff" && ok "$1" ||
	    fail "$1" "$(cat "$tmp/diff")"
}
rebuilt warnings-cached-nothing-rewritten ""
same_warnings warnings-cached
build -j 2
same_warnings warnings-cached-j2
"$CHKC" build -q -j 2 -C "$r" -o "$tmp/j2" 2>"$tmp/err"
same_warnings warnings-j2-once
# Kept diagnostics the cache cannot read: the entry is as good as
# stale, that checklist is built again and gives its warnings as made.
sed -i 's/^M\t.*bidirectional control character.*/M\t9:cut short/' \
    "$r/out/.chkc-cache"
if grep -q '^M	9:cut short$' "$r/out/.chkc-cache"; then
	build
	same_warnings warnings-unreadable-rebuilt
	grep -q '^M	.*bidirectional control character' "$r/out/.chkc-cache" &&
	    ! grep -q 'cut short' "$r/out/.chkc-cache" &&
	    ok warnings-unreadable-recorded-again ||
	    fail warnings-unreadable-recorded-again
else
	fail warnings-unreadable "no kept warning to spoil in the cache"
fi
echo end
