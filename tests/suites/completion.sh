#!/bin/sh
# chkc completion: the scripts parse (bash -n; zsh -n and fish -n where
# those shells are), and the bash function offers the commands, their
# options and option values, and the project and checklist names that
# content/ has at the time of completion.
set -u
: "${CHKC:?}"
CHKC=$(cd "$(dirname "$CHKC")" && pwd)/$(basename "$CHKC")
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok completion/$1"; }
fail() { echo "FAIL completion/$1"; shift; for l in "$@"; do echo "  $l"; done; }

for sh in bash zsh fish; do
	if ! "$CHKC" completion $sh >"$tmp/c.$sh" 2>"$tmp/err"; then
		fail "$sh-script" "$(cat "$tmp/err")"
		continue
	fi
	if ! command -v $sh >/dev/null 2>&1; then
		skip "completion/$sh-syntax" "$sh is missing: make deps"
		continue
	fi
	if [ $sh = fish ]; then
		fish --no-execute "$tmp/c.$sh" 2>"$tmp/err"
	else
		$sh -n "$tmp/c.$sh" 2>"$tmp/err"
	fi && ok "$sh-syntax" || fail "$sh-syntax" "$(cat "$tmp/err")"
done

# The candidates the bash function offers for a command line typed in
# $tmp/p (a project from chkc init): complete NAME WORD...
"$CHKC" init -q "$tmp/p" 2>/dev/null
mkdir "$tmp/bin"
ln -s "$CHKC" "$tmp/bin/chkc"
complete() {
	name=$1
	shift
	(cd "$tmp/p" && PATH="$tmp/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_chkc
		printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$tmp/c.bash" "$@") \
	    >"$tmp/$name" 2>&1
}
expect() {	# NAME WANT: the candidates, one a line
	if [ "$(cat "$tmp/$1")" = "$2" ]; then
		ok "$1"
	else
		fail "$1" "got: $(tr '\n' ' ' <"$tmp/$1")" "want: $(echo "$2" | tr '\n' ' ')"
	fi
}

complete commands chkc b
expect commands "build"
complete all-commands chkc ""
want=$("$CHKC" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' | sort)
got=$(grep -v '^--' "$tmp/all-commands")
[ "$got" = "$want" ] && ok every-command-of-help ||
    fail every-command-of-help "got: $got" "help: $want"
complete options chkc build --o
expect options "--only"
# Each command's options are those it takes (one list for both).
complete status-options chkc status --al
expect status-options "--allowed-signers"
complete import-options chkc import --l
expect import-options "--lang"
complete formats chkc build --only ""
expect formats "html
md
pdf
signoff
zip"
complete names chkc build my
expect names "myapp
myapp/deploy"
complete run-new chkc run new ""
expect run-new "myapp/deploy"
complete require chkc verify --require m
expect require "myapp/deploy"
complete shells chkc completion ""
expect shells "bash
fish
zsh"
# Names come from content/ when completing: a new project is there.
sed 's/^project: myapp/project: shop/' "$tmp/p/content/myapp.yaml" \
    >"$tmp/p/content/shop.yaml"
complete names-now chkc check sh
expect names-now "shop
shop/deploy"
# -C DIR on the command line: the names of that project.
mkdir "$tmp/elsewhere"
(cd "$tmp/p" && cp -R templates content "$tmp/elsewhere/") &&
    mv "$tmp/elsewhere/content/shop.yaml" "$tmp/elsewhere/content/other.yaml"
complete names-of-C chkc build -C "$tmp/elsewhere" o
expect names-of-C "other
other/deploy"

# zsh: the function, with compadd and _files standing in for the
# completion system (they print what they are given).
if command -v zsh >/dev/null 2>&1; then
	zcomplete() {
		name=$1
		shift
		(cd "$tmp/p" && PATH="$tmp/bin:$PATH" zsh -fc '
			compdef() { : }
			compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@" }
			_files() { print -r -- "_files $*" }
			. "$1"; shift
			words=("$@"); CURRENT=$#
			_chkc | sort' _ "$tmp/c.zsh" "$@") >"$tmp/$name" 2>&1
	}
	zcomplete zsh-names chkc build my
	expect zsh-names "_files -g *.yaml
myapp
myapp/deploy
shop
shop/deploy"
	zcomplete zsh-formats chkc build --only ""
	expect zsh-formats "html
md
pdf
signoff
zip"
	zcomplete zsh-run chkc run new ""
	expect zsh-run "myapp/deploy
shop/deploy"
else
	skip completion/zsh-function "zsh is missing: make deps"
fi

# fish: its own completion engine, complete -C, on the lines typed.
if command -v fish >/dev/null 2>&1; then
	fcomplete() {
		name=$1
		shift
		(cd "$tmp/p" && PATH="$tmp/bin:$PATH" fish --no-config -c \
		    'source $argv[1]; complete -C"$argv[2]"' "$tmp/c.fish" "$*" |
		    cut -f1 | sort) >"$tmp/$name" 2>&1
	}
	fcomplete fish-commands chkc b
	expect fish-commands "build"
	fcomplete fish-names chkc build m
	expect fish-names "myapp
myapp/deploy"
	fcomplete fish-run chkc run new ""
	expect fish-run "myapp/deploy
shop/deploy"
	fcomplete fish-option chkc build --on
	expect fish-option "--only"
	fcomplete fish-names-of-C chkc build -C "$tmp/elsewhere" o
	expect fish-names-of-C "other
other/deploy"
else
	skip completion/fish-function "fish is missing: make deps"
fi
echo end
