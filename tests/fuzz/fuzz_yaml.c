/*
 * Fuzz the YAML loader: any bytes to a node tree or diagnostics, never
 * a crash; the limits (depth, nodes with aliases expanded, scalar size)
 * hold.  The tree is walked whole, aliases included, so a node count
 * the loader got wrong shows up as a timeout.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every node once per path to it; returns their number. */
static size_t
walk(const struct chk_node *n, int depth)
{
	size_t	i, count = 1;

	FUZZ_ASSERT(depth <= load_limits.max_depth);
	FUZZ_ASSERT(n->loc.line >= 1 && n->loc.col >= 1);
	switch (n->kind) {
	case CHK_NODE_SEQ:
		for (i = 0; i < n->n; i++)
			count += walk(n->items[i], depth + 1);
		break;
	case CHK_NODE_MAP:
		for (i = 0; i < n->n; i++) {
			FUZZ_ASSERT(n->pairs[i].key->kind == CHK_NODE_STRING);
			FUZZ_ASSERT(node_get(n, n->pairs[i].key->str) ==
			    n->pairs[i].value);
			count += 1 + walk(n->pairs[i].value, depth + 1);
		}
		break;
	case CHK_NODE_NULL:
	case CHK_NODE_BOOL:
	case CHK_NODE_NUMBER:
	case CHK_NODE_STRING:
		FUZZ_ASSERT(n->str != NULL && strlen(n->str) <= n->len);
		FUZZ_ASSERT(n->len <= load_limits.max_scalar);
		break;
	default:
		FUZZ_ASSERT(!"node kind");
	}
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	const struct chk_node	*root;
	static int		 init;

	if (!init) {
		fuzz_limits();
		init = 1;
	}
	root = load_buffer(a, "fuzz.yaml", (const char *)data, size, d);
	if (root == NULL)
		fuzz_check_diag(d, 1);
	else {
		FUZZ_ASSERT(walk(root, 0) <= 2 * load_limits.max_nodes + 1);
		/* Not asserted: .nan is not equal to itself. */
		(void)node_equal(root, root);
		fuzz_check_diag(d, 0);
	}
	diag_free(d);
	arena_free(a);
	return 0;
}
