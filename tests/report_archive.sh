#!/bin/sh
# An archive of N generated runs of a fixture checklist for the report's
# tests (tests/suites/report.sh, tests/suites/browser.sh):
#
#   sh tests/report_archive.sh DIR N
#
# DIR/root is a project root whose shop/release is at revision 2;
# DIR/r1.zip and DIR/r2.zip are the bundles chkc built of revisions 1
# and 2; DIR/logs is the archive tests/report_gen.py writes (its
# patterns are described there), DIR/expected.json the figures it knows.
# Revision 2 renames one item (same text, new id), removes one, rewords
# one and adds one.  Needs CHKC.
set -eu
: "${CHKC:?}"
dir=$1 n=$2
here=$(cd "$(dirname "$0")" && pwd)
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
mkdir -p "$dir/root/templates" "$dir/root/content"
cat >"$dir/root/content/shop.yaml" <<'YAML'
project: shop
name: Acme Shop
checklists:
  - use: release
YAML
# release REVISION: the template at that revision.
release() {
	if [ "$1" = 1 ]; then
		review="      - Code review completed"
		flags="      - field: Feature flags off
        type: bool"
		smoke="      - Smoke tests pass"
	else
		review="      - check: Code review completed
        id: review
      - Rollback plan ready"
		flags=""
		smoke="      - check: Smoke tests pass in production
        id: smoke-tests-pass"
	fi
	cat <<YAML
id: release
title: Release of {{ project.name }}
revision: $1
fields:
  - field: Version
    id: version
    required: true
sections:
  - title: Before
    items:
$review
      - check: Backup size
        field: {type: number, unit: MB}
      - check: Error rate below 1%
        critical: true
      - Database admin available
      - field: Start time
        type: time
$flags
  - title: After
    items:
$smoke
signoff:
  - roles: [DevOps, Tech Lead]
YAML
}
for rev in 1 2; do
	release $rev >"$dir/root/templates/release.yaml"
	"$CHKC" build -q --only zip -C "$dir/root" -o "$dir/out$rev" shop/release
	cp "$dir/out$rev/shop/release.zip" "$dir/r$rev.zip"
done
$py "$here/report_gen.py" "$dir/r1.zip" "$dir/r2.zip" "$dir/logs" "$n" \
    "$dir/expected.json"
