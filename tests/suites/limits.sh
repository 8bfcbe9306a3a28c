#!/bin/sh
# Resource limits (README, "Limits"): each limit stops a
# hostile input with its own diagnostic, exit status 1 and nothing
# written; the defaults let a 10,000-item checklist build; CHKC_MAX_*
# override them; and inputs that were quadratic (100,000 patches,
# siblings, keys or unique items, a long line, a big substring test) or
# exponential (a backtracking pattern) stay within a few CPU seconds.
#
# Defaults are tested where the input is cheap to make, the rest
# through their CHKC_MAX_* override.  Every case runs under a CPU-time
# limit (ulimit -t: robust on a loaded machine, unlike wall time).
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
CPU=${LIMITS_CPU:-60}

# run NAME STATUS [VAR=VALUE...] -- CHKC-ARGS...: run chkc in a fresh
# project directory $tmp/NAME (already filled in by the caller), with
# outputs in $tmp/NAME/out; the output lands in $tmp/NAME.err.
run() {
	name=$1 want=$2
	shift 2
	envs=
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	(cd "$tmp/$name" && ulimit -t "$CPU" &&
	    env $envs "$CHKC" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err")
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL limits/$name (exit status $got, want $want)"
		sed 's/^/  /' "$tmp/$name.err" | head -5
		return 1
	fi
	return 0
}

# expect NAME STRING: the diagnostic, and no output written.
expect() {
	if ! grep -qF -- "$2" "$tmp/$1.err"; then
		echo "FAIL limits/$1 (no '$2')"
		sed 's/^/  /' "$tmp/$1.err" | head -5
	elif [ -n "$(find "$tmp/$1/out" -type f 2>/dev/null)" ]; then
		echo "FAIL limits/$1 (files written)"
	else
		echo "ok limits/$1"
	fi
}

# case NAME: a fresh project directory; python3 writes its files.
new() {
	mkdir -p "$tmp/$1/templates/parts" "$tmp/$1/content"
}
py() {	# NAME PROGRAM: run PROGRAM with the project as working dir
	(cd "$tmp/$1" && python3 -c "$2")
}

# 1. Input file size: 16 MiB by default.
new file-size
py file-size "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\n' + '#' * (16 * 1024 * 1024) + '\n')"
run file-size 1 -- build -o out templates/t.yaml &&
    expect file-size "exceeds the limit of 16777216"

# 2. YAML nesting: 64 levels.
new depth
py depth "open('templates/t.yaml', 'w').write('id: t\ntitle: T\nx: ' + '[' * 65 + ']' * 65 + '\n')"
run depth 1 -- build -o out templates/t.yaml &&
    expect depth "nesting deeper than 64 levels"

# 3. Alias expansion: a billion laughs stops at the node limit.
new aliases
py aliases "
s = 'id: t\ntitle: T\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
for i in range(1, 10):
    s += 'a%d: &a%d [%s]\n' % (i, i, ', '.join(['*a%d' % (i - 1)] * 10))
open('templates/t.yaml', 'w').write(s)"
run aliases 1 -- build -o out templates/t.yaml &&
    expect aliases "nodes (aliases expanded): an alias bomb?"

# 4. Nodes: 1,000,000 by default, CHKC_MAX_NODES.
new nodes
py nodes "open('templates/t.yaml', 'w').write('id: t\ntitle: T\nx: [' + '1, ' * 500 + ']\n')"
run nodes 1 CHKC_MAX_NODES=400 -- build -o out templates/t.yaml &&
    expect nodes "document has more than 400 nodes"

# The limits are the inputs': chkc's own schemas, far bigger and deeper
# than this template, are not held to them.
new own-schemas
py own-schemas "open('templates/t.yaml', 'w').write('id: t\ntitle: T\n')"
if run own-schemas 0 CHKC_MAX_NODES=10 CHKC_MAX_DEPTH=2 -- \
    build -q -o out --only md templates/t.yaml; then
	if [ -s "$tmp/own-schemas/out/example/t.md" ]; then
		echo "ok limits/own-schemas"
	else
		echo "FAIL limits/own-schemas (no out/example/t.md)"
	fi
fi

# 5. Expressions: 4096 bytes, 64 levels.
new expr-length
py expr-length "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - check: c\n        when: \"' + 'true or ' * 512 + 'true\"\n')"
run expr-length 1 -- build -o out templates/t.yaml &&
    expect expr-length "expression is too long (4100 bytes, limit 4096)"
new expr-depth
py expr-depth "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - check: c\n        when: \"' + '(' * 65 + 'true' + ')' * 65 + '\"\n')"
run expr-depth 1 -- build -o out templates/t.yaml &&
    expect expr-depth "expression is nested too deeply (limit 64)"

# 6. for: 100,000 values per loop, 1,000,000 for nested loops (even
# when `when` keeps none of them).
new loop
py loop "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - check: c\n        for: i in range(0, 100001)\n')"
run loop 1 -- build -o out templates/t.yaml &&
    expect loop "range(0, 100001) would make 100001 elements (limit 100000)"
new loops
py loops "
open('templates/t.yaml', 'w').write('''id: t
title: T
sections:
  - title: S
    for: i in range(0, 100000)
    sections:
      - title: U
        for: j in range(0, 100000)
        when: i < 0
''')"
run loops 1 -- build -o out templates/t.yaml &&
    expect loops "loops make more than 1000000 values in this checklist"

# 7. Includes: 16 deep.
new include
py include "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - include: parts/p0.yaml\n')
for i in range(20):
    open('templates/parts/p%d.yaml' % i, 'w').write('title: P%d\nsections:\n  - include: parts/p%d.yaml\n' % (i, i + 1))
open('templates/parts/p20.yaml', 'w').write('title: End\n')"
run include 1 -- build -o out templates/t.yaml &&
    expect include "includes nested deeper than 16"

# 8. Items: 200,000 by default; a 10,000-item checklist builds in
# every format; CHKC_MAX_ITEMS lowers the limit (sections count too).
new items
py items "
open('templates/t.yaml', 'w').write('''id: t
title: Ten thousand checks
sections:
  - title: Part {{ s }}
    for: s in range(0, 100)
    items:
      - check: Check {{ i }} of part {{ s }}
        for: i in range(0, 100)
''')"
run items 0 -- build -q -o out templates/t.yaml &&
    [ -s "$tmp/items/out/example/t.pdf" ] &&
    [ "$(grep -c '^- \[ \] Check' "$tmp/items/out/example/t.md")" -eq 10000 ] &&
    echo "ok limits/items-10000-build" || echo "FAIL limits/items-10000-build"
rm -rf "$tmp/items/out"
run items 1 CHKC_MAX_ITEMS=9999 -- build -o out templates/t.yaml &&
    expect items "the checklist has more than 9999 items and sections"
new sections
py sections "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S {{ i }}\n    for: i in range(0, 100000)\n')"
run sections 1 CHKC_MAX_ITEMS=50000 -- build -o out templates/t.yaml &&
    expect sections "more than 50000 items and sections"

new cells
py cells "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - table: A\n        columns: &c [' + ', '.join('c%d' % i for i in range(300)) + ']\n      - table: B\n        columns: *c\n        rows: {for: \"i in range(0, 1000)\", label: \"{{ i }}\"}\n')"
run cells 1 -- build -o out templates/t.yaml &&
    expect cells "1000 rows of 300 columns: more cells than the limit of 200000 items"

# 9. Scalars: 1 MiB, in the file and once interpolated; all the texts
# of a checklist: 64 MiB (CHKC_MAX_TEXT).
new scalar
py scalar "
open('templates/t.yaml', 'w').write('id: t\ntitle: \"' + 'x' * (1024 * 1024 + 1) + '\"\n')"
run scalar 1 -- build -o out templates/t.yaml &&
    expect scalar "scalar of 1048577 bytes exceeds the limit of 1048576"
new interp
py interp "
open('templates/t.yaml', 'w').write('id: t\ntitle: \"{{ v }}{{ v }}\"\nparams:\n  properties:\n    v: {type: string, default: \"' + 'x' * 600000 + '\"}\n')"
run interp 1 -- build -o out templates/t.yaml &&
    expect interp "the text is longer than 1048576 bytes once interpolated"
new text
py text "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nparams:\n  properties:\n    v: {type: string, default: \"' + 'x' * 1000000 + '\"}\nsections:\n  - title: S\n    items:\n      - check: \"{{ v }}\"\n        for: i in range(0, 100000)\n')"
run text 1 -- build -o out templates/t.yaml &&
    expect text "the checklist's texts exceed 67108864 bytes"

# 10. PDF pages: 2,000 (CHKC_MAX_PAGES); an error, not a crash, and
# no file of any format written: exit status 1, the input is too large
new pages
py pages "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - check: Check {{ i }}\n        for: i in range(0, 300)\n')"
run pages 1 CHKC_MAX_PAGES=3 -- build -o out templates/t.yaml &&
    expect pages "pdf: the document would have more than 3 pages"

# 11. A bad override is a usage error, not a lifted limit.
new env
run env 2 CHKC_MAX_ITEMS=lots -- check &&
    expect env "CHKC_MAX_ITEMS='lots': expected a whole number"
run env 2 CHKC_MAX_INCLUDE=33 -- check &&
    expect env "CHKC_MAX_INCLUDE='33': expected a whole number from 1 to 32"

# 12. Diagnostics: the first 1,000 are shown, the rest counted.
new diags
py diags "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\n' + ''.join('k%d: 1\n' % i for i in range(3000)))"
if run diags 1 -- check templates/t.yaml; then
	n=$(grep -c 'error:' "$tmp/diags.err")
	if [ "$n" -eq 1000 ]; then
		expect diags "chkc: note: 2000 more diagnostics not shown"
	else
		echo "FAIL limits/diags ($n errors shown, want 1000)"
	fi
fi

# 13. What used to be quadratic, now a few CPU seconds at most.
new drops
py drops "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - check: c\n        for: i in range(0, 10000)\n')
open('content/p.yaml', 'w').write('project: p\nchecklists:\n  - use: t\n    drop:\n' + ''.join('      - s.c-%d\n' % i for i in range(100000)))"
CPU=${LIMITS_CPU_FAST:-30}
run drops 1 -- build -o out --only md p &&
    expect drops "unknown path 's.c-10000'"
new siblings
py siblings "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nsections:\n  - title: S\n    items:\n      - check: c\n        for: i in range(0, 100000)\n')"
run siblings 0 -- build -q -o out --only md templates/t.yaml &&
    echo "ok limits/siblings" || true
new keys
py keys "open('templates/t.yaml', 'w').write('id: t\ntitle: T\n' + ''.join('k%d: 1\n' % i for i in range(300000)))"
run keys 1 -- check templates/t.yaml && expect keys "unknown key 'k0'"
new unique
py unique "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nparams:\n  properties:\n    l: {type: array, uniqueItems: true}\n')
open('content/p.yaml', 'w').write('project: p\nvars:\n  l: [' + ', '.join(str(i) for i in range(200000)) + ', 5]\nchecklists:\n  - use: t\n')"
run unique 1 -- build -o out p && expect unique "same as item [5] (items must be unique)"
new substring
py substring "
open('templates/t.yaml', 'w').write('id: t\ntitle: T\nparams:\n  properties:\n    a: {type: string}\n    b: {type: string}\nsections:\n  - title: S\n    items:\n      - check: c\n        when: a in b\n')
open('content/p.yaml', 'w').write('project: p\nvars:\n  a: \"' + 'a' * 500000 + 'b\"\n  b: \"' + 'a' * 1000000 + '\"\nchecklists:\n  - use: t\n')"
run substring 0 -- build -q -o out --only md p && echo "ok limits/substring" || true
new regex
py regex "
import json
json.dump({'type': 'array', 'items': {'pattern': '^(a+)+\$'}}, open('re.json', 'w'))
json.dump(['a' * 30 + 'b'] * 300, open('data.json', 'w'))"
run regex 1 -- validate --schema re.json data.json &&
    expect regex "[299]: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab' does not match the pattern"
echo end
