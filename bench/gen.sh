#!/bin/sh
# The benchmark corpus, generated from the example content.
#
#   sh bench/gen.sh DIR N        N checklists: ceil(N / 10) copies of the
#                                five example projects (two checklists
#                                each, deploy and rollback) in DIR/content/,
#                                the shared templates/ in DIR/templates/
#   sh bench/gen.sh DIR big N    one template of N items in DIR (big.yaml)
#   sh bench/gen.sh DIR checks N one template of N plain checks in DIR
#                                (checks.yaml), for the markup per check
#
# A copy differs from its example in its id, name and URLs, so every
# copy is a distinct project built from the same shared templates: the
# case of a platform team compiling the checklists of many services.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift

# One template, one section of n items: checks (every fifth with a
# command, every seventh with sub-items), fill-in fields and a table
# now and then, as the seeds mix them.
big() {
	n=$1
	mkdir -p "$dir"
	awk -v n="$n" 'BEGIN {
		print "id: big"
		print "title: Ten thousand checks"
		print "revision: 1"
		print "fields:\n  - {field: Version, id: version}"
		print "sections:\n  - title: Everything\n    items:"
		for (i = 1; i <= n; i++) {
			if (i % 50 == 0)
				printf "      - {field: Reading %d, type: number, unit: ms}\n", i
			else if (i % 7 == 0)
				printf "      - check: Step %d verified\n        items: [Logs clean %d, Metrics normal %d]\n", i, i, i
			else if (i % 5 == 0)
				printf "      - check: Service %d restarted\n        code: systemctl restart svc-%d\n", i, i
			else
				printf "      - Check number %d done\n", i
		}
		print "signoff:\n  - roles: [DevOps Engineer, Tech Lead]"
	}' >"$dir/big.yaml"
}

# One section of n plain checks, as short as a seed's typical check.
checks() {
	mkdir -p "$dir"
	awk -v n="$1" 'BEGIN {
		print "id: checks\ntitle: Checks\nrevision: 1"
		print "sections:\n  - title: Everything\n    items:"
		for (i = 1; i <= n; i++)
			printf "      - Service %d answers its health check\n", i
	}' >"$dir/checks.yaml"
}

# ceil(n / 10) copies of each project of content/.
corpus() {
	n=$1
	copies=$(( (n + 9) / 10 ))
	rm -rf "$dir/content" "$dir/templates"
	mkdir -p "$dir/content"
	cp -R "$root/templates" "$dir/templates"
	for f in "$root"/content/*.yaml; do
		p=$(basename "$f" .yaml)
		i=1
		while [ "$i" -le "$copies" ]; do
			s=$(printf '%05d' "$i")
			sed -e "s/^project: .*/project: $p-$s/" \
			    -e "s/^name: \\(.*\\)/name: \\1 $s/" \
			    -e "s|https://\\([a-z0-9.-]*\\)|https://s$s.\\1|g" \
			    "$f" >"$dir/content/$p-$s.yaml"
			i=$((i + 1))
		done
	done
}

case ${1:-} in
big)	big "${2:?count}" ;;
checks)	checks "${2:?count}" ;;
[0-9]*)	corpus "$1" ;;
*)	echo "usage: sh bench/gen.sh DIR N | DIR big N | DIR checks N" >&2; exit 2 ;;
esac
