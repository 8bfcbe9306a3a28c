/*
 * The line a role signs: "chkc-signoff-v1 sha256:<hex>" of the run's
 * canonical form (sign.h says what it covers).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "bundle/bundle.h"
#include "load/load.h"
#include "run/run.h"
#include "sign/sign.h"

static int
cmp_pair(const void *a, const void *b)
{
	return strcmp((*(const struct chk_pair *const *)a)->key->str,
	    (*(const struct chk_pair *const *)b)->key->str);
}

/*
 * Does a value say nothing: null, `done: false`, an empty list or a
 * mapping of such?  The run a chkc writes lists every item to fill in
 * (`{done: false}`, `value: null`) and the HTML page's only the
 * answers: both sign the same.
 */
static int
vacant(const char *key, const struct chk_node *n)
{
	size_t	i;

	if (n->kind == CHK_NODE_NULL || (n->kind == CHK_NODE_SEQ && n->n == 0))
		return 1;
	if (n->kind == CHK_NODE_BOOL && !n->b && key != NULL &&
	    strcmp(key, "done") == 0)
		return 1;
	if (n->kind != CHK_NODE_MAP)
		return 0;
	for (i = 0; i < n->n; i++)
		if (!vacant(n->pairs[i].key->str, n->pairs[i].value))
			return 0;
	return 1;
}

/* A node as JSON: mappings with their keys sorted and vacant entries
 * left out, numbers as written, so that a run reads the same whether
 * YAML or JSON. */
void
sign_json(struct buf *b, const struct chk_node *n)
{
	const struct chk_pair	**v;
	size_t			  i, k = 0;

	switch (n->kind) {
	case CHK_NODE_NULL:
		buf_puts(b, "null");
		return;
	case CHK_NODE_BOOL:
		buf_puts(b, n->b ? "true" : "false");
		return;
	case CHK_NODE_NUMBER:
		buf_puts(b, n->str);
		return;
	case CHK_NODE_STRING:
		model_json_string(b, n->str);
		return;
	case CHK_NODE_SEQ:
		buf_putc(b, '[');
		for (i = 0; i < n->n; i++) {
			if (i > 0)
				buf_putc(b, ',');
			sign_json(b, n->items[i]);
		}
		buf_putc(b, ']');
		return;
	default:
		break;
	}
	v = xcalloc(n->n + 1, sizeof(*v));
	for (i = 0; i < n->n; i++)
		if (!vacant(n->pairs[i].key->str, n->pairs[i].value))
			v[k++] = &n->pairs[i];
	qsort(v, k, sizeof(*v), cmp_pair);
	buf_putc(b, '{');
	for (i = 0; i < k; i++) {
		if (i > 0)
			buf_putc(b, ',');
		model_json_string(b, v[i]->key->str);
		buf_putc(b, ':');
		sign_json(b, v[i]->value);
	}
	buf_putc(b, '}');
	free(v);
}

int
sign_same(const struct chk_node *a, const struct chk_node *b)
{
	struct buf	x = { 0 }, y = { 0 };
	int		same;

	if (a != NULL && !vacant(NULL, a))
		sign_json(&x, a);
	if (b != NULL && !vacant(NULL, b))
		sign_json(&y, b);
	same = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data,
	    x.len) == 0);
	buf_free(&x);
	buf_free(&y);
	return same;
}

/* "name":"value" after a comma; null when s is NULL. */
static void
canon_key(struct buf *b, const char *key, const char *s)
{
	buf_putc(b, ',');
	model_json_string(b, key);
	buf_putc(b, ':');
	if (s != NULL)
		model_json_string(b, s);
	else
		buf_puts(b, "null");
}

void
sign_message(const struct run_doc *doc, const char *role, const char *at,
    struct buf *out)
{
	const struct chk_node	*root = doc->root;
	struct buf		 c = { 0 };
	struct chk_node		 m = *root;
	char			 hex[65];
	size_t			 i;

	/* The run without what signing and migrating write. */
	m.pairs = xcalloc(root->n + 1, sizeof(*m.pairs));
	for (i = m.n = 0; i < root->n; i++)
		if (strcmp(root->pairs[i].key->str, "signoff") != 0 &&
		    strcmp(root->pairs[i].key->str, "snapshot") != 0 &&
		    strcmp(root->pairs[i].key->str, "$schema") != 0)
			m.pairs[m.n++] = root->pairs[i];
	buf_puts(&c, "{\"run\":");
	sign_json(&c, &m);
	canon_key(&c, "role", role);
	canon_key(&c, "at", at);
	buf_putc(&c, '}');
	bundle_sha256(c.data, c.len, hex);
	buf_printf(out, "chkc-signoff-v1 sha256:%s\n", hex);
	free(m.pairs);
	buf_free(&c);
}
