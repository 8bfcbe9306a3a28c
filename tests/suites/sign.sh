#!/bin/sh
# Signed sign-offs: throwaway ed25519 keys made here (no private key is
# committed), a run signed for two roles (a key file, and ssh-agent),
# merged, rendered, archived and verified; each bad input (a key not in
# allowed_signers, an allowed key for another role, a signature over
# other answers, malformed armour, a run edited after signing, an
# expired key, no ssh-keygen, a bad allowed_signers) a diagnostic with
# nothing archived.  One line "ok sign/NAME" or "FAIL sign/NAME" each
# (tests/run.sh says what a suite prints).
set -u
: "${CHKC:?}"
SUITE=sign
. tests/lib.sh
tmp=$(mktemp -d) || exit 3
agent=""
cleanup() {
	[ -n "$agent" ] && kill "$agent" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
top=$(pwd)
case $CHKC in /*) ;; *) CHKC=$top/$CHKC ;; esac
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

if ! command -v ssh-keygen >/dev/null 2>&1; then
	skip sign "ssh-keygen is missing; make check installs openssh-client"
	echo end
	exit 0
fi

# ------------------------------------------------------------ fixture
fx=$tmp/fx
mkdir -p "$fx/templates" "$fx/content" "$fx/keys"
cd "$fx" || exit 3
cat >templates/rel.yaml <<'EOF'
id: rel
title: Release
revision: 1
fields:
  - field: Version
    id: version
    required: true
sections:
  - title: Steps
    items:
      - Deployed
      - check: Error rate
        field: {type: number, unit: "%"}
signoff:
  - roles: [Tech Lead, QA]
EOF
cat >content/shop.yaml <<'EOF'
project: shop
name: Shop
signers:
  Tech Lead: [alice@example.com]
  QA: [bob@example.com]
checklists:
  - use: rel
EOF
sed 's/^project: shop/project: plain/; /^signers:/,/^  QA:/d' content/shop.yaml \
    >content/plain.yaml
for k in alice bob eve; do
	ssh-keygen -q -t ed25519 -N '' -C "$k" -f "keys/$k" || exit 3
done
pub() { cut -d' ' -f1,2 "keys/$1.pub"; }
printf '# who may sign\nalice@example.com %s\nbob@example.com %s alice-laptop\n' \
    "$(pub alice)" "$(pub bob)" >allowed_signers
fp() { ssh-keygen -lf "keys/$1.pub" | cut -d' ' -f2; }

# fill IN OUT VALUE: every answer given.
fill() {
	sed -e 's/version: null/version: "1.0"/' \
	    -e 's/steps.deployed: {done: false}/steps.deployed: {done: true}/' \
	    -e "s/steps.error-rate: {done: false, value: null}/steps.error-rate: {done: true, value: $3}/" \
	    -e 's/^# outcome:.*/outcome: success/' "$1" >"$2"
}
"$CHKC" run new shop/rel -q -o blank.yaml && fill blank.yaml run.yaml 0.5
"$CHKC" run new plain/rel -q -o plain-blank.yaml && fill plain-blank.yaml plain.yaml 0.1

# ------------------------------------------------------------ signing
t help 0 "$CHKC" sign --help && has help-usage "$tmp/stdout" "usage: chkc sign RUN --role ROLE"
t no-role 2 "$CHKC" sign run.yaml
cp run.yaml a.yaml
t sign-key-file 0 "$CHKC" sign a.yaml --role "Tech Lead" -k keys/alice
has sign-says "$tmp/stderr" "signed a.yaml for 'Tech Lead' as alice@example.com ($(fp alice))"
has sign-principal a.yaml 'principal: "alice@example.com"'
has sign-key a.yaml "key: \"$(fp alice)\""
has sign-armour a.yaml 'signature: "-----BEGIN SSH SIGNATURE-----\n'
t signed-reads 1 "$CHKC" status a.yaml
has status-valid "$tmp/stdout" "Tech Lead: signed and valid: alice@example.com, key $(fp alice)"
has status-unsigned "$tmp/stdout" "QA: unsigned (the project requires a key's signature)"
# chkc check: a valid signature and a role not signed yet are no error.
t check-signed 0 "$CHKC" check -q a.yaml
# ssh-keygen gets its input files under $TMPDIR.
t tmpdir 3 env TMPDIR="$tmp/none" "$CHKC" status a.yaml
has tmpdir-says "$tmp/stderr" "cannot make a temporary file in $tmp/none"
t tmpdir-empty 1 env TMPDIR= "$CHKC" status a.yaml

# The QA signs on another machine, with the key in ssh-agent.
eval "$(ssh-agent -s)" >/dev/null
agent=$SSH_AGENT_PID
ssh-add -q keys/bob 2>/dev/null
cp run.yaml b.yaml
t sign-agent 0 "$CHKC" sign b.yaml --role QA
has sign-agent-principal b.yaml 'principal: "bob@example.com"'
kill "$agent" 2>/dev/null
agent=""
unset SSH_AUTH_SOCK SSH_AGENT_PID
t sign-no-agent 1 "$CHKC" sign run.yaml --role QA -o x.yaml
has sign-no-agent-says "$tmp/stderr" "no key to sign with: give -k KEY, or add one to ssh-agent"

t merge 0 "$CHKC" run merge a.yaml b.yaml -o c.yaml
t merged-complete 0 "$CHKC" status c.yaml
has merged-alice "$tmp/stdout" "Tech Lead: signed and valid: alice@example.com"
has merged-bob "$tmp/stdout" "QA: signed and valid: bob@example.com"
has merged-complete-says "$tmp/stdout" "status: complete"
fill blank.yaml other.yaml 7
"$CHKC" sign -q other.yaml --role QA -k keys/bob
t merge-conflict 1 "$CHKC" run merge a.yaml other.yaml -o d.yaml
has merge-conflict-names-both "$tmp/stderr" "a.yaml:17:3: error: answer to 'steps.error-rate' differs from other.yaml:17:3"
check merge-conflict-nothing-written test ! -e d.yaml

# ------------------------------------------------------------ render
t render 0 "$CHKC" render c.yaml -o out
has render-md out/c.md "| Tech Lead | alice@example.com | "
has render-md-key out/c.md "| signed by alice@example.com, $(fp alice) |"
has render-html-key out/c.html "<td class=\"signed\">signed by bob@example.com, $(fp bob)</td>"
has render-html-readonly out/c.html 'aria-label="QA, Name" readonly value="bob@example.com"'
pdftotext -layout out/c.signoff.pdf out/sheet.txt
has render-sheet out/sheet.txt "signed by alice@example.com"
# The page in Chromium (playwright-core, set up by tests/suites/browser.sh).
if [ -d "$top/tests/browser/node_modules/playwright-core" ] &&
    [ -x /usr/bin/chromium ] && command -v node >/dev/null 2>&1; then
	helper sign/browser timeout 120 node "$top/tests/browser/sign.test.js" \
	    "$CHKC" "$fx" "$fx/out/c.html" "$fx/exported.json"
else
	skip sign/browser "node, chromium or tests/browser/node_modules is missing; tests/suites/browser.sh sets them up"
fi

# ------------------------------------------------------------ archive
t archive-plain 0 "$CHKC" archive -q --logs logs plain.yaml
t archive-signed 0 "$CHKC" archive -q --logs logs c.yaml
check log-five-fields awk 'NR == 1 && NF == 5' logs/LOG
check log-keys awk -v k="keys=$(fp alice),$(fp bob)" 'NR == 2 && $6 == k ||
    NR == 2 && $6 == "keys='"$(fp bob),$(fp alice)"'"' logs/LOG
zip=$(ls logs/shop/rel/*.zip)
unzip -l "$zip" >"$tmp/list"
has bundle-allowed "$tmp/list" "data/allowed_signers"
has bundle-signoff-json "$tmp/list" "data/signoff.json"
unzip -p "$zip" '*/data/signoff.json' >"$tmp/json"
has bundle-verified "$tmp/json" "\"principal\":\"alice@example.com\",\"key\":\"$(fp alice)\""
t verify 0 "$CHKC" verify logs
t gate 0 "$CHKC" verify logs --require shop/rel --version 1.0

# A key removed from allowed_signers after archiving: said, not silent.
cp allowed_signers allowed_signers.keep
grep -v bob@ allowed_signers.keep >allowed_signers
t verify-after-change 0 "$CHKC" verify logs --require shop/rel --version 1.0
has verify-says-what-changed "$tmp/stderr" "allowed_signers changed since it was archived: the signature of 'QA' by bob@example.com would not be valid today (unknown key $(fp bob)"
cp allowed_signers.keep allowed_signers

# Unsigned, when the project names signers: archived, but no release.
sed 's/version: "1.0"/version: "2.0"/' run.yaml >v2.yaml
t archive-unsigned 0 "$CHKC" archive -q --logs logs v2.yaml
t gate-unsigned 1 "$CHKC" verify logs --require shop/rel --version 2.0
has gate-unsigned-why "$tmp/stderr" "2 roles not signed with an allowed key"

# ------------------------------------------------------------ bad input
lines=$(wc -l <logs/LOG)
# bad NAME FILE MESSAGE: status, check and archive fail with MESSAGE,
# and nothing is archived.
bad() {
	t "$1-status" 1 "$CHKC" status "$2" && has "$1-says" "$tmp/stderr" "$3"
	t "$1-check" 1 "$CHKC" check "$2" && has "$1-check-says" "$tmp/stderr" "$3"
	t "$1-archive" 1 "$CHKC" archive -q --logs logs "$2" &&
	    has "$1-archive-says" "$tmp/stderr" "$3"
	check "$1-nothing-archived" test "$(wc -l <logs/LOG)" -eq "$lines"
}
printf 'eve@example.com %s\n' "$(pub eve)" >eve_signers
cp run.yaml eve.yaml
"$CHKC" sign -q eve.yaml --role QA -k keys/eve --allowed-signers eve_signers --force 2>/dev/null
bad unknown-key eve.yaml "signature of 'QA' is not valid: unknown key $(fp eve): it is not in allowed_signers"
cp run.yaml wrong-role.yaml
t sign-wrong-role 1 "$CHKC" sign wrong-role.yaml --role "Tech Lead" -k keys/bob
has sign-wrong-role-says "$tmp/stderr" "key not allowed for role 'Tech Lead': bob@example.com may not sign it (signers: alice@example.com); it signs for 'QA'"
check sign-wrong-role-not-written cmp run.yaml wrong-role.yaml
"$CHKC" sign -q wrong-role.yaml --role "Tech Lead" -k keys/bob --force 2>/dev/null
bad wrong-role wrong-role.yaml "key not allowed for role 'Tech Lead'"
# c.yaml's signatures moved onto other answers.
$py - c.yaml other.yaml moved.yaml <<'EOF'
import sys
sig = [l for l in open(sys.argv[1]) if l.startswith(('  "Tech Lead": ', '  QA: '))]
out = [l for l in open(sys.argv[2]) if not l.startswith(('  "Tech Lead": ', '  QA: '))]
i = out.index("signoff:\n") + 1
open(sys.argv[3], "w").write("".join(out[:i] + sig + out[i:]))
EOF
bad other-answers moved.yaml "signature of 'Tech Lead' is not valid: the answers changed after signing"
sed 's/value: 0.5/value: 0.6/' c.yaml >edited.yaml
bad edited edited.yaml "signature of 'QA' is not valid: the answers changed after signing"
sed 's/BEGIN SSH SIGNATURE/BEGIN SSH SIGNATUR/' c.yaml >armour.yaml
bad armour armour.yaml "is not valid: malformed signature: not the armour of an SSH signature"
$py -c "
s = open('c.yaml').read(); i = s.index('U1NIU0lH') + 40
open('garbled.yaml', 'w').write(s[:i] + 'AAAA' + s[i + 4:])"
bad garbled garbled.yaml "is not valid: malformed signature: "
printf 'alice@example.com valid-before="20200101" %s\nbob@example.com %s\n' \
    "$(pub alice)" "$(pub bob)" >expired_signers
cp run.yaml expired.yaml
t sign-expired 1 "$CHKC" sign expired.yaml --role "Tech Lead" -k keys/alice --allowed-signers expired_signers
has sign-expired-says "$tmp/stderr" "expired: alice@example.com's key $(fp alice) is valid before 20200101 in expired_signers"
t status-expired 1 "$CHKC" status c.yaml --allowed-signers expired_signers
has status-expired-says "$tmp/stdout" "Tech Lead: signed but invalid: expired"
t sign-unknown-role 1 "$CHKC" sign run.yaml --role "Tech Led" -k keys/alice
has sign-unknown-role-says "$tmp/stderr" "has no sign-off role 'Tech Led' (did you mean 'Tech Lead'?)"

# No ssh-keygen: a clear error, exit 3, nothing written or archived.
t no-keygen-sign 3 env PATH=/nonexistent "$CHKC" sign run.yaml --role QA -k keys/bob -o nk.yaml
has no-keygen-says "$tmp/stderr" "ssh-keygen: error: not found in PATH: signed sign-offs need OpenSSH's ssh-keygen"
check no-keygen-nothing-written test ! -e nk.yaml
t no-keygen-archive 3 env PATH=/nonexistent "$CHKC" archive -q --logs logs c.yaml
check no-keygen-nothing-archived test "$(wc -l <logs/LOG)" -eq "$lines"

# With signers, a role they do not name (here misspelt) cannot be signed.
cp content/shop.yaml shop.keep
sed 's/^  QA: \[bob@example.com\]/  QAA: [bob@example.com]/' shop.keep >content/shop.yaml
t unnamed-role 1 "$CHKC" status c.yaml
has unnamed-role-says "$tmp/stdout" "QA: signed but invalid: key not allowed for role 'QA': the project's signers name no one for it (did you mean 'QAA'?)"
cp shop.keep content/shop.yaml

# allowed_signers and signers are checked like every other input.
printf 'alice@example.com %s\nbob@example.com ssh-ed25519 AAAAnotakey\ncarol@example.com valid-after=soon %s\n' \
    "$(pub alice)" "$(pub bob)" >allowed_signers
t bad-allowed 1 "$CHKC" status c.yaml
has bad-allowed-key "$tmp/stderr" "allowed_signers:2:29: error: not a base64 ssh-ed25519 public key"
has bad-allowed-time "$tmp/stderr" "allowed_signers:3:19: error: 'valid-after=soon': the time is \"YYYYMMDD[HHMM[SS]][Z]\""
cp allowed_signers.keep allowed_signers
sed 's/Tech Lead: \[alice@example.com\]/Tech Lead: alice@example.com/' \
    content/shop.yaml >shop.yaml && cp shop.yaml content/shop.yaml
t bad-signers 1 "$CHKC" status c.yaml
has bad-signers-says "$tmp/stderr" "content/shop.yaml:4:14: error: signers[\"Tech Lead\"]: expected a list"
echo end
