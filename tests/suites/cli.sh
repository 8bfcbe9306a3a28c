#!/bin/sh
# The command line: help, version, usage errors, targets, -C, --strict,
# and that outputs are written whole or not at all.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
root=$(pwd)
ex=tests/golden/features/input

t() {	# name, expected status, command...
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL cli/$name (exit status $got, want $want)"
		sed 's/^/  /' "$tmp/stderr" | head -10
		return 1
	fi
	echo "ok cli/$name"
}

has() {	# name, file, fixed string
	if grep -qF -- "$3" "$2"; then echo "ok cli/$1"; else
		echo "FAIL cli/$1 ('$3' not in output)"; sed 's/^/  /' "$2" | head -10; fi
}

t version 0 "$CHKC" --version && has version-text "$tmp/stdout" "chkc "
t help 0 "$CHKC" --help && has help-lists-build "$tmp/stdout" "build"

# The libraries only some commands use (libzip and the libcrypto it
# links, libmicrohttpd, libdeflate) are opened by those commands, not
# mapped at every start (README, "Quick start").  LD_DEBUG=files has
# the dynamic linker name each object it loads.
LD_DEBUG=files "$CHKC" --version >/dev/null 2>"$tmp/libs"
if ! grep -q 'file=libyaml' "$tmp/libs"; then
	echo "FAIL cli/startup-libraries (LD_DEBUG=files named no library)"
elif grep -E 'file=(libzip|libcrypto|libmicrohttpd|libdeflate)' \
    "$tmp/libs" >"$tmp/lazy"; then
	echo "FAIL cli/startup-libraries (mapped at start)"
	sed 's/^/  /' "$tmp/lazy" | head -5
else
	echo "ok cli/startup-libraries"
fi
t no-args 2 "$CHKC"
t unknown-command 2 "$CHKC" frobnicate
for cmd in build check; do
	t "$cmd-help" 0 "$CHKC" $cmd --help && has "$cmd-help-usage" "$tmp/stdout" "usage: chkc $cmd"
	t "$cmd-unknown-option" 2 "$CHKC" $cmd --frobnicate
done
t build-bad-format 2 "$CHKC" build --only md,docx -C $ex
t build-missing-o-arg 2 "$CHKC" build -C $ex -o
t build-bad-paper 2 "$CHKC" build -C $ex --paper tabloid
has build-bad-paper-message "$tmp/stderr" "chkc: unknown paper 'tabloid' (a4 or letter)"

# Targets: everything, one project, one checklist, a file, -C.
t build-all 0 "$CHKC" build -q -C $ex -o "$tmp/all"
[ -f "$tmp/all/shop/release.md" ] && [ -f "$tmp/all/shop/hotfix.md" ] &&
    [ -f "$tmp/all/quiet/release.md" ] && [ -f "$tmp/all/index.html" ] &&
    echo "ok cli/build-all-files" || echo "FAIL cli/build-all-files"
[ -z "$(find "$tmp/all" -name '*.tmp*')" ] && echo "ok cli/no-temp-files" ||
    echo "FAIL cli/no-temp-files"
t build-one-checklist 0 "$CHKC" build -q -C $ex -o "$tmp/one" shop/hotfix
[ -f "$tmp/one/shop/hotfix.md" ] && [ ! -f "$tmp/one/shop/release.md" ] &&
    [ ! -d "$tmp/one/quiet" ] && echo "ok cli/build-one-checklist-files" ||
    echo "FAIL cli/build-one-checklist-files"
t build-one-project 0 "$CHKC" build -q -C $ex -o "$tmp/proj" quiet
[ -f "$tmp/proj/quiet/release.md" ] && [ ! -d "$tmp/proj/shop" ] &&
    echo "ok cli/build-one-project-files" || echo "FAIL cli/build-one-project-files"
(cd $ex && "$CHKC" build -q -o "$tmp/cd" content/quiet.yaml) 2>"$tmp/stderr" &&
    cmp -s "$tmp/cd/quiet/release.md" "$tmp/all/quiet/release.md" &&
    echo "ok cli/build-project-file" || echo "FAIL cli/build-project-file"
"$CHKC" -C $ex build -q -o "$tmp/before" quiet 2>"$tmp/stderr" &&
    cmp -s "$tmp/before/quiet/release.md" "$tmp/all/quiet/release.md" &&
    echo "ok cli/dir-before-command" || echo "FAIL cli/dir-before-command"
t dir-without-command 2 "$CHKC" -C $ex
has dir-without-command-message "$tmp/stderr" "chkc: -C needs a directory and a command"
t build-md-only 0 "$CHKC" build -q -C $ex -o "$tmp/md" --only md shop
[ -f "$tmp/md/shop/release.md" ] && [ ! -f "$tmp/md/shop/release.html" ] &&
    echo "ok cli/only-md-files" || echo "FAIL cli/only-md-files"
t unknown-project 1 "$CHKC" build -q -C $ex -o "$tmp/x" shp
has unknown-project-suggests "$tmp/stderr" "did you mean 'shop'?"
t unknown-checklist 1 "$CHKC" build -q -C $ex -o "$tmp/x" shop/nope
t missing-file 1 "$CHKC" build -q -o "$tmp/x" no/such/file.yaml
has missing-file-message "$tmp/stderr" "no/such/file.yaml: error: no such file"
[ ! -e "$tmp/x" ] && echo "ok cli/nothing-written-on-error" ||
    echo "FAIL cli/nothing-written-on-error"

# Options anywhere before "--", as cc and git take them, for every
# command; what follows "--" is an operand even if it starts with '-'.
t options-after-target 0 "$CHKC" build shop/hotfix -q -C $ex -o "$tmp/after"
cmp -s "$tmp/after/shop/hotfix.md" "$tmp/one/shop/hotfix.md" &&
    [ ! -f "$tmp/after/shop/release.md" ] &&
    echo "ok cli/options-after-target-files" ||
    echo "FAIL cli/options-after-target-files"
printf 'id: solo\ntitle: Solo\nsections:\n  - title: S\n    items: [One]\n' \
    >"$tmp/t.yaml"
t options-after-file 0 "$CHKC" build "$tmp/t.yaml" -o "$tmp/tpl" --only md -q
[ -f "$tmp/tpl/example/solo.md" ] && [ ! -f "$tmp/tpl/example/solo.html" ] &&
    echo "ok cli/options-after-file-files" || echo "FAIL cli/options-after-file-files"
t check-options-after 0 "$CHKC" check quiet -C $ex -q
t options-then-dashdash 0 "$CHKC" build -q -C $ex -o "$tmp/dd" -- quiet
t dashdash-operand 1 "$CHKC" check -C $ex -- -q
has dashdash-operand-message "$tmp/stderr" "unknown project '-q'"
t run-new-options-after 0 "$CHKC" run new shop/release -C $ex -o "$tmp/r.yaml" -q
t status-options-after 1 "$CHKC" status "$tmp/r.yaml" -C $ex -q
[ ! -s "$tmp/stdout" ] && echo "ok cli/status-options-after-quiet" ||
    echo "FAIL cli/status-options-after-quiet"
t render-options-after 0 "$CHKC" render "$tmp/r.yaml" -q -o "$tmp/rend" -C $ex
[ -f "$tmp/rend/r.md" ] && echo "ok cli/render-options-after-files" ||
    echo "FAIL cli/render-options-after-files"
printf '# Deploy\n\n- [ ] One\n' >"$tmp/d.md"
t import-options-after 0 "$CHKC" import "$tmp/d.md" -o "$tmp/d.yaml" -q
t validate-options-after 0 "$CHKC" validate "$tmp/d.yaml" --schema template
mkdir "$tmp/logs"
t verify-options-after 0 "$CHKC" verify "$tmp/logs" -q
t report-options-after 0 "$CHKC" report "$tmp/logs" --json --last 2
has report-options-after-json "$tmp/stdout" '"last":2'
t status-two-runs 2 "$CHKC" status "$tmp/r.yaml" -C $ex "$tmp/r.yaml"

# A target that looks like a path and is not a file says so; it is not
# taken for a project.  Run from an empty directory: the repository's
# own out/ (made by `make`) must not be found.
for p in ./missing a/b/c shop/hotfix.yaml nope.json out/; do
	t "path-not-file-$p" 1 env -C "$tmp" "$CHKC" check -C "$PWD/$ex" "$p"
	has "path-not-file-$p-message" "$tmp/stderr" "$p: error: no such file"
done
t path-is-directory 1 "$CHKC" check -C $ex "$tmp/logs"
has path-is-directory-message "$tmp/stderr" "$tmp/logs: error: is a directory"
t empty-target 1 "$CHKC" check -C $ex ""
has empty-target-message "$tmp/stderr" "an empty argument names no file and no project"
t checklist-of-no-project 1 "$CHKC" check -C $ex shp/hotfix
has checklist-of-no-project-message "$tmp/stderr" "shp/hotfix: error: no such file"
t check-ok 0 "$CHKC" check -q -C $ex
[ ! -e "$ex/out" ] && echo "ok cli/check-writes-nothing" ||
    echo "FAIL cli/check-writes-nothing"

# An invalid project leaves an existing out/ exactly as it was.
cp -R tests/bad/unknown-patch-path "$tmp/proj-bad"
mkdir -p "$tmp/proj-bad/out/p" && echo old >"$tmp/proj-bad/out/p/deploy.md"
t invalid-keeps-old-output 1 "$CHKC" build -q -C "$tmp/proj-bad"
[ "$(cat "$tmp/proj-bad/out/p/deploy.md")" = old ] &&
    [ "$(find "$tmp/proj-bad/out" -type f | wc -l)" -eq 1 ] &&
    echo "ok cli/old-output-untouched" || echo "FAIL cli/old-output-untouched"

# Translation fallbacks are warnings, errors with --strict.
cp -R tests/golden/translation/input "$tmp/tr"
t check-warns 0 "$CHKC" check -q -C "$tmp/tr"
has check-warning-text "$tmp/stderr" "warning: 'pre-deployment.untranslated-check' has no 'ru' translation"
t check-strict 1 "$CHKC" check -q --strict -C "$tmp/tr"
has check-strict-error "$tmp/stderr" "error: 'pre-deployment.untranslated-check' has no 'ru' translation"
# ... but only for a text the checklist shows: one no run of the project
# sees (its `when` is false) needs no translation.
sed 's/^      - check: Untranslated check$/      - {check: Hidden check, when: len(services) > 5}\n&/' \
    tests/golden/translation/input/templates/deploy.yaml >"$tmp/tr/templates/deploy.yaml"
t check-hidden-untranslated 1 "$CHKC" check -q --strict -C "$tmp/tr"
if grep -q "Hidden check" "$tmp/tr/templates/deploy.yaml" &&
    ! grep -q "hidden-check" "$tmp/stderr" &&
    grep -q "untranslated-check" "$tmp/stderr"; then
	echo "ok cli/check-hidden-needs-no-translation"
else
	echo "FAIL cli/check-hidden-needs-no-translation"
	sed 's/^/  /' "$tmp/stderr" | head -10
fi

# An output directory that cannot be made is an I/O failure (3), not
# invalid input, and leaves nothing behind.
echo "a file" >"$tmp/afile"
t unwritable-output 3 "$CHKC" build -q -C $ex -o "$tmp/afile/out"
has unwritable-output-message "$tmp/stderr" "cannot create directory"
cd "$root"
echo end
