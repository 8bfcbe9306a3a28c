#!/bin/sh
# chkc import: each tests/import/NAME.md against its golden NAME.yaml
# (the template) and NAME.stderr (the warnings), when present; each seed
# of ../shared/seeds (SEEDS=DIR to change) imports without errors; every
# template made passes `chkc check`; and the command line: help, usage
# errors, unreadable and invalid input, -o.  Every NAME.md needs its
# NAME.yaml; a missing NAME.stderr means no warnings.  REGEN=1 rewrites
# the golden files (review the diff).
set -u
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
: "${CHKC:=build/chkc}"
: "${SEEDS:=../shared/seeds}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

fail() {	# name, reason, file with details
	echo "FAIL $1 ($2)"
	sed 's/^/  /' "$3" | head -40
}

# chkc check the template FILE (named after its id, as in templates/).
checked() {	# name, file
	if ! "$CHKC" check "$2" >"$tmp/check.out" 2>&1; then
		fail "$1" "chkc check" "$tmp/check.out"
		return 1
	fi
}

# The golden file for out, or REGEN it.
same() {	# name, golden, out
	if [ "${REGEN:-}" = 1 ]; then
		if [ -s "$3" ] || [ "${2%.stderr}" = "$2" ]; then
			cp "$3" "$2"
		else
			rm -f "$2"
		fi
		return 0
	fi
	want=$2
	if [ ! -f "$2" ]; then
		case $2 in
		*.stderr) want=/dev/null ;;
		*)	echo "FAIL $1 (no golden file $2: REGEN=1 makes it, review it)"
			return 1 ;;
		esac
	fi
	diff -u "$want" "$3" >"$tmp/diff" && return 0
	fail "$1" "differs from $2" "$tmp/diff"
	return 1
}

for md in tests/import/*.md; do
	[ -f "$md" ] || continue
	base=${md%.md}
	name=import/$(basename "$base")
	"$CHKC" import "$md" >"$tmp/out.yaml" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name" "exit status $rc" "$tmp/err"
		continue
	fi
	same "$name" "$base.yaml" "$tmp/out.yaml" || continue
	same "$name" "$base.stderr" "$tmp/err" || continue
	checked "$name" "$tmp/out.yaml" || continue
	if [ "${REGEN:-}" = 1 ]; then
		skip "$name" "regenerated: review the diff of $base.*"
	else
		echo "ok $name"
	fi
done

if [ -d "$SEEDS" ]; then
	for seed in "$SEEDS"/*; do
		[ -f "$seed" ] || continue
		n=$(basename "$seed")
		n=${n%.*}
		name=import/seed/$n
		if ! "$CHKC" import -q "$seed" -o "$tmp/$n.yaml" 2>"$tmp/err"; then
			fail "$name" "import failed" "$tmp/err"
			continue
		fi
		checked "$name" "$tmp/$n.yaml" || continue
		echo "ok $name"
	done
else
	skip import/seed "no seeds in $SEEDS: put the five seed checklists there, or set SEEDS=DIR"
fi

# The command line.
t() {	# name, expected status, expected text in stdout+stderr, command...
	name=import/cli/$1 want=$2 text=$3
	shift 3
	"$@" >"$tmp/cli.out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name" "exit status $got, want $want" "$tmp/cli.out"
	elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/cli.out"; then
		fail "$name" "no '$text' in the output" "$tmp/cli.out"
	else
		echo "ok $name"
	fi
}

printf '# T\n\n- [ ] ok\n- [ ] caf\303\n' >"$tmp/bad.md"
printf '# T\n\n- [ ] a\000b\n' >"$tmp/nul.md"
printf '# Deploy\r\n\r\n- [ ] Backup size: ____ MB\r\n' >"$tmp/crlf.md"
t help 0 "usage: chkc import" "$CHKC" import --help
t no-args 2 "usage: chkc import" "$CHKC" import
t two-inputs 2 "usage: chkc import" "$CHKC" import a.md b.md
t unknown-option 2 "usage: chkc import" "$CHKC" import --frobnicate a.md
t missing-file 1 "$tmp/nope.md: error: cannot open" \
    "$CHKC" import "$tmp/nope.md"
t directory 1 "error: is a directory" "$CHKC" import "$tmp"
t not-utf8 1 "$tmp/bad.md:4:10: error: invalid UTF-8 byte 0xC3" \
    "$CHKC" import "$tmp/bad.md"
t nul-byte 1 "$tmp/nul.md:3:8: error: NUL byte" "$CHKC" import "$tmp/nul.md"
t stdin 0 "- check: Backup size" sh -c "\"\$0\" import - <\"\$1\"" \
    "$CHKC" "$tmp/crlf.md"
t output 0 "" "$CHKC" import "$tmp/crlf.md" -o "$tmp/new/deploy-prod.yaml"
t output-id 0 "id: deploy-prod" cat "$tmp/new/deploy-prod.yaml"
t output-whole 0 "deploy-prod.yaml" ls "$tmp/new"
if [ "$(ls "$tmp/new")" != deploy-prod.yaml ]; then
	echo "FAIL import/cli/output-no-temporary (left: $(ls "$tmp/new"))"
else
	echo "ok import/cli/output-no-temporary"
fi
t lang 0 "lang: es" "$CHKC" import --lang es "$tmp/crlf.md"
t lang-no-guess 0 "" sh -c "! \"\$0\" import --lang pt-BR \"\$1\" 2>&1 |
    grep -q guessed" "$CHKC" "$tmp/crlf.md"
t lang-guessed 0 "warning: language guessed: 'en'" "$CHKC" import "$tmp/crlf.md"
t lang-bad 2 "--lang takes a language code" "$CHKC" import --lang 'e s' \
    "$tmp/crlf.md"
t lang-missing 2 "usage: chkc import" "$CHKC" import "$tmp/crlf.md" --lang
printf 'x' >"$tmp/file"
t output-unwritable 3 "error: cannot" "$CHKC" import "$tmp/crlf.md" \
    -o "$tmp/file/x.yaml"
echo end
