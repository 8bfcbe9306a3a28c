#!/bin/sh
# chkc init: the project it writes builds and checks at once, its
# schema lines reach the schemas it writes, its CI files parse and run
# the three gates; it never overwrites (a non-empty directory is named
# and refused), and --force replaces its own files only.
set -u
: "${CHKC:?}"
CHKC=$(cd "$(dirname "$CHKC")" && pwd)/$(basename "$CHKC")
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

ok() { echo "ok init/$1"; }
fail() { echo "FAIL init/$1"; shift; for l in "$@"; do echo "  $l"; done; }

files() { (cd "$1" && find . -type f ! -path './.git/*' | sort); }

# The three commands a new team types, in an empty directory.
mkdir "$tmp/new"
if (cd "$tmp/new" && "$CHKC" init && "$CHKC" build && "$CHKC" check) \
    >"$tmp/new.out" 2>"$tmp/new.err"; then
	ok init-build-check
else
	fail init-build-check "$(tail -n 5 "$tmp/new.err")"
fi
want="./.github/workflows/checklists.yml
./.gitignore
./.gitlab-ci.yml
./content/myapp.yaml
./schemas/project.schema.json
./schemas/run.schema.json
./schemas/template.schema.json
./schemas/translation.schema.json
./templates/deploy.yaml
./templates/parts/before.yaml"
"$CHKC" init -q "$tmp/p" 2>"$tmp/p.err"
got=$(files "$tmp/p")
[ "$got" = "$want" ] && ok files || fail files "$got" "$(cat "$tmp/p.err")"
missing=
for f in md html pdf signoff.pdf zip; do
	[ -s "$tmp/new/out/myapp/deploy.$f" ] || missing="$missing deploy.$f"
done
[ -z "$missing" ] && [ -s "$tmp/new/out/index.html" ] && ok built-formats ||
    fail built-formats "missing:$missing"
grep -q '^- \[ \] Code review completed$' "$tmp/new/out/myapp/deploy.md" &&
    grep -q '^- \[ \] `systemctl restart myapp-worker`$' \
    "$tmp/new/out/myapp/deploy.md" && ok built-checklist ||
    fail built-checklist "$(head -20 "$tmp/new/out/myapp/deploy.md")"
(cd "$tmp/p" && "$CHKC" check -q --strict) 2>"$tmp/strict" &&
    ok check-strict || fail check-strict "$(cat "$tmp/strict")"

# Every YAML file names a schema that is there; each schema is chkc's.
bad=
for y in templates/deploy.yaml templates/parts/before.yaml \
    content/myapp.yaml; do
	line=$(head -n 1 "$tmp/p/$y")
	s=${line#"# yaml-language-server: \$schema="}
	s=${s%%#*}
	[ "$s" != "$line" ] && [ -f "$(dirname "$tmp/p/$y")/$s" ] ||
	    bad="$bad $y:$line"
done
[ -z "$bad" ] && ok schema-lines || fail schema-lines $bad
for s in template project translation run; do
	cmp -s "$tmp/p/schemas/$s.schema.json" "schemas/$s.schema.json" ||
	    bad="$bad $s"
done
[ -z "$bad" ] && ok schemas-are-chkcs || fail schemas-are-chkcs $bad
(cd "$tmp/p" && "$CHKC" validate --schema schemas/template.schema.json \
    templates/deploy.yaml && "$CHKC" validate --schema \
    schemas/project.schema.json content/myapp.yaml) >"$tmp/v" 2>&1 &&
    ok validates-against-written-schemas ||
    fail validates-against-written-schemas "$(cat "$tmp/v")"

# The CI examples: YAML, with the three gates.
for ci in .github/workflows/checklists.yml .gitlab-ci.yml; do
	name=ci-$(echo "$ci" | sed 's|^\.github/.*|github|; s|^\.gitlab.*|gitlab|')
	if ! python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' \
	    "$tmp/p/$ci" 2>"$tmp/ci"; then
		fail "$name" "$(tail -n 3 "$tmp/ci")"
	elif grep -q 'chkc check --strict' "$tmp/p/$ci" &&
	    grep -q 'chkc build' "$tmp/p/$ci" &&
	    grep -q 'chkc verify --require myapp/deploy --version' \
	    "$tmp/p/$ci"; then
		ok "$name"
	else
		fail "$name" "a gate is missing"
	fi
done
grep -qx '/out/' "$tmp/p/.gitignore" && ok gitignore || fail gitignore

# Never over a project: the entries named, exit 1, nothing written.
before=$(files "$tmp/p" | xargs -I{} sh -c 'cksum "$1/{}"' _ "$tmp/p")
echo "mine" >"$tmp/p/notes.txt"
"$CHKC" init "$tmp/p" >"$tmp/again.out" 2>"$tmp/again.err"
rc=$?
if [ $rc = 1 ] && grep -q "^$tmp/p: error: not empty" "$tmp/again.err" &&
    grep -q "^$tmp/p: note: 'notes.txt' is there" "$tmp/again.err" &&
    grep -q "^$tmp/p: note: 'content' is there" "$tmp/again.err" &&
    [ "$(files "$tmp/p" | grep -v notes.txt | xargs -I{} sh -c \
    'cksum "$1/{}"' _ "$tmp/p")" = "$before" ]; then
	ok refuses-non-empty
else
	fail refuses-non-empty "exit $rc" "$(head -5 "$tmp/again.err")"
fi
mkdir -p "$tmp/g/.git"
"$CHKC" init -q "$tmp/g" 2>"$tmp/g.err" && [ -f "$tmp/g/content/myapp.yaml" ] &&
    ok dot-git-only-is-empty || fail dot-git-only-is-empty "$(cat "$tmp/g.err")"

# --force: its own files back as they were, the others untouched.
echo "broken: [" >"$tmp/p/content/myapp.yaml"
echo "keep" >"$tmp/p/content/other.txt"
"$CHKC" init -q --force "$tmp/p" 2>"$tmp/force.err"
if cmp -s "$tmp/p/content/myapp.yaml" "$tmp/new/content/myapp.yaml" &&
    [ "$(cat "$tmp/p/notes.txt")" = mine ] &&
    [ "$(cat "$tmp/p/content/other.txt")" = keep ]; then
	ok force-own-files-only
else
	fail force-own-files-only "$(cat "$tmp/force.err")"
fi
"$CHKC" init --bogus >/dev/null 2>&1
[ $? = 2 ] && ok usage || fail usage
echo end
