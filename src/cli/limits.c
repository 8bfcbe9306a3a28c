/*
 * Resource limits from the environment (README, "Limits"): each
 * CHKC_MAX_<NAME>=N that is set replaces a default of the load,
 * resolve or emit stage before a command runs.  Out of range or not a
 * number is a usage error, so a typo cannot silently lift a limit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "emit/emit.h"
#include "load/load.h"
#include "resolve/resolve.h"
#include "cli/cli.h"

struct limit {
	const char	*env;
	size_t		*size;		/* one of size or num is set */
	int		*num;
	size_t		 min, max;
};

/* Depths are bounded by the stack of the recursive parsers and by the
 * resolver's include chain (32 entries). */
static const struct limit limits[] = {
	{ "CHKC_MAX_FILE", &load_limits.max_file, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_DEPTH", NULL, &load_limits.max_depth, 1, 1000 },
	{ "CHKC_MAX_NODES", &load_limits.max_nodes, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_SCALAR", &load_limits.max_scalar, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_LOOP", &resolve_limits.max_loop, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_LOOPS", &resolve_limits.max_loops, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_ITEMS", &resolve_limits.max_items, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_TEXT", &resolve_limits.max_text, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_INCLUDE", NULL, &resolve_limits.max_include, 1, 32 },
	{ "CHKC_MAX_EXPR", &resolve_limits.max_expr, NULL, 1, SIZE_MAX / 4 },
	{ "CHKC_MAX_EXPR_DEPTH", NULL, &resolve_limits.max_expr_depth, 1, 1000 },
	{ "CHKC_MAX_PAGES", NULL, &emit_limits.max_pages, 1, 1000000 },
};

int
cli_limits_env(void)
{
	const char		*s;
	char			*end;
	unsigned long long	 v;
	size_t			 i;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		if ((s = getenv(limits[i].env)) == NULL)
			continue;
		errno = 0;
		v = strtoull(s, &end, 10);
		if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
		    v < limits[i].min || v > limits[i].max) {
			fprintf(stderr, "chkc: %s='%s': expected a whole number "
			    "from %zu to %zu\n", limits[i].env, s,
			    limits[i].min, limits[i].max);
			return -1;
		}
		if (limits[i].size != NULL)
			*limits[i].size = (size_t)v;
		else
			*limits[i].num = (int)v;
	}
	return 0;
}
