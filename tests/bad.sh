#!/bin/sh
# Bad-input tests.  A case is either a file tests/bad/<case>.yaml, built
# alone, or a directory tests/bad/<case>/ (a project root, built whole).
# The first line of the file, or the file `expect` of the directory, is
#   # expect: LINE:COL: error: MESSAGE          (in the file itself)
#   # expect: PATH:LINE:COL: error: MESSAGE     (a directory case)
# chkc must exit 1, print that diagnostic, and write nothing.
set -u
: "${CHKC:?}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

check() {	# name, expected line, exit status, stderr file
	if [ "$3" -ne 1 ]; then
		echo "FAIL $1 (exit status $3, want 1)"
		sed 's/^/  /' "$4"
	elif ! grep -qxF -- "$2" "$4"; then
		echo "FAIL $1 (diagnostic missing)"
		echo "  want: $2"
		sed 's/^/  got:  /' "$4"
	elif [ -e "$tmp/out" ]; then
		echo "FAIL $1 (something was written)"
		find "$tmp/out" | sed 's/^/  /'
	else
		echo "ok $1"
	fi
}

for f in tests/bad/*.yaml; do
	[ -f "$f" ] || continue
	want=$(head -1 "$f" | sed -n 's/^# expect: //p')
	rm -rf "$tmp/out"
	"$CHKC" build -q -o "$tmp/out" "$f" >"$tmp/err" 2>&1
	check "$f" "$f:$want" $? "$tmp/err"
done
for d in tests/bad/*/; do
	[ -f "$d/expect" ] || continue
	name=${d%/}
	want=$(sed -n 's/^# expect: //p' "$d/expect" | head -1)
	rm -rf "$tmp/out"
	(cd "$d" && "$CHKC" build -q -o "$tmp/out") >"$tmp/err" 2>&1
	check "$name" "$want" $? "$tmp/err"
done
echo end
