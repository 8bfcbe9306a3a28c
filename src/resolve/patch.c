/*
 * Patches of a checklist entry (doc/format.md §2): drop, set and add,
 * applied by expand.c while it walks the template, at the blocks whose
 * paths they name.  A path no block has is an error with a did-you-mean.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/internal.h"

static void
patch_push(struct rctx *r, enum patch_kind kind, const struct chk_node *at,
    const struct chk_node *body)
{
	struct patch	*p;
	size_t		 len;

	/* Capacity 16, 32, 64...: the old arrays stay in the arena, so
	 * growing by a constant was quadratic (100,000 drops: 15 GB). */
	if (r->npatches == 0 || (r->npatches >= 16 &&
	    (r->npatches & (r->npatches - 1)) == 0)) {
		p = arena_alloc(r->tmp, (r->npatches ? 2 * r->npatches : 16) *
		    sizeof(*p));
		if (r->npatches)
			memcpy(p, r->patches, r->npatches * sizeof(*p));
		r->patches = p;
	}
	p = &r->patches[r->npatches++];
	p->kind = kind;
	p->path = at->str;
	len = at->len < 255 ? at->len : 255;
	r->plens[len / 8] |= (unsigned char)(1 << (len % 8));
	len = patch_bit(p->path, strlen(p->path));
	r->pbits[len / 8] |= (unsigned char)(1 << (len % 8));
	p->at = at;
	p->body = body;
	p->used = 0;
}

static int
parse_drop(struct rctx *r, const struct chk_node *list)
{
	size_t	i;

	if (list->kind != CHK_NODE_SEQ) {
		diag_add(r->d, &list->loc, DIAG_ERROR,
		    "'drop' must be a list of paths");
		return -1;
	}
	for (i = 0; i < list->n; i++) {
		if (list->items[i]->kind != CHK_NODE_STRING) {
			diag_add(r->d, &list->items[i]->loc, DIAG_ERROR,
			    "a path must be a string");
			continue;
		}
		patch_push(r, PATCH_DROP, list->items[i], NULL);
	}
	return 0;
}

static int
parse_set(struct rctx *r, const struct chk_node *map)
{
	size_t	i;

	if (map->kind != CHK_NODE_MAP) {
		diag_add(r->d, &map->loc, DIAG_ERROR,
		    "'set' must map paths to the keys they replace");
		return -1;
	}
	for (i = 0; i < map->n; i++) {
		if (map->pairs[i].value->kind != CHK_NODE_MAP) {
			diag_add(r->d, &map->pairs[i].value->loc, DIAG_ERROR,
			    "'set' of '%s' must be a mapping of keys",
			    map->pairs[i].key->str);
			continue;
		}
		patch_push(r, PATCH_SET, map->pairs[i].key, map->pairs[i].value);
	}
	return 0;
}

/* One `add` entry: exactly one of after/before/into, and items or
 * sections. */
static void
parse_add_one(struct rctx *r, const struct chk_node *e)
{
	static const char *const where[] = { "before", "after", "into" };
	static const enum patch_kind kinds[] = {
		PATCH_ADD_BEFORE, PATCH_ADD_AFTER, PATCH_ADD_INTO
	};
	const struct chk_node	*target = NULL, *t;
	enum patch_kind		 kind = PATCH_ADD_AFTER;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		if ((t = node_get(e, where[i])) == NULL)
			continue;
		if (target != NULL) {
			diag_add(r->d, &t->loc, DIAG_ERROR, "'add' takes one "
			    "of 'before', 'after' or 'into'");
			return;
		}
		target = t, kind = kinds[i];
	}
	if (target == NULL || target->kind != CHK_NODE_STRING) {
		diag_add(r->d, &e->loc, DIAG_ERROR, "'add' needs 'before', "
		    "'after' or 'into' with a path");
		return;
	}
	if ((node_get(e, "items") == NULL) == (node_get(e, "sections") == NULL)) {
		diag_add(r->d, &e->loc, DIAG_ERROR,
		    "'add' needs 'items' or 'sections' (one of them)");
		return;
	}
	patch_push(r, kind, target, e);
}

/* By path, then in the order written. */
static int
patch_cmp(const void *a, const void *b)
{
	const struct patch	*x = *(const struct patch *const *)a;
	const struct patch	*y = *(const struct patch *const *)b;
	int			 c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* Index the patches by path: every block looks for its own, and a
 * linear search made 100,000 drops on 10,000 items take minutes. */
static void
patch_index(struct rctx *r)
{
	size_t	i;

	if (r->npatches == 0)
		return;
	r->pindex = arena_alloc(r->tmp, r->npatches * sizeof(*r->pindex));
	for (i = 0; i < r->npatches; i++)
		r->pindex[i] = &r->patches[i];
	qsort(r->pindex, r->npatches, sizeof(*r->pindex), patch_cmp);
}

/* Read the patches of a checklist entry into r->patches. */
int
patch_parse(struct rctx *r, const struct chk_node *entry)
{
	const struct chk_node	*n;
	size_t			 i;
	int			 errors = diag_errors(r->d);

	if (entry == NULL)
		return 0;
	if ((n = node_get(entry, "drop")) != NULL)
		parse_drop(r, n);
	if ((n = node_get(entry, "set")) != NULL)
		parse_set(r, n);
	if ((n = node_get(entry, "add")) != NULL) {
		if (n->kind != CHK_NODE_SEQ)
			diag_add(r->d, &n->loc, DIAG_ERROR,
			    "'add' must be a list");
		else
			for (i = 0; i < n->n; i++)
				parse_add_one(r, n->items[i]);
	}
	patch_index(r);
	return diag_errors(r->d) > errors ? -1 : 0;
}

/*
 * The patches at path: [*lo, *hi) of r->pindex.  A block asks for each
 * kind of patch at its path in turn, so the last range is kept (paths
 * are arena strings, never changed or freed during the walk).
 */
static void
patch_range(struct rctx *r, const char *path, size_t len, size_t *lo,
    size_t *hi)
{
	size_t	l = 0, h = r->npatches, mid;

	if (path == r->plast) {
		*lo = r->plast_lo, *hi = r->plast_hi;
		return;
	}
	if (len == SIZE_MAX)
		len = strlen(path);
	if (!patch_maybe(r, path, len)) {
		/* Not kept as the last path: a section's items, most of
		 * them filtered out here, would push out the section's
		 * own patches, asked for again once its items are made. */
		*lo = *hi = 0;
		return;
	}
	while (l < h) {			/* the first at path or after it */
		mid = l + (h - l) / 2;
		if (strcmp(r->pindex[mid]->path, path) < 0)
			l = mid + 1;
		else
			h = mid;
	}
	for (h = l; h < r->npatches && strcmp(r->pindex[h]->path, path) == 0;)
		h++;
	r->plast = path, r->plast_lo = *lo = l, r->plast_hi = *hi = h;
}

/* Is there a patch (used or not) at path, of len bytes? */
int
patch_any(struct rctx *r, const char *path, size_t len)
{
	size_t	lo, hi;

	if (r->npatches == 0)
		return 0;
	if (len == SIZE_MAX)
		len = strlen(path);
	if (path != r->plast && !patch_maybe(r, path, len))
		return 0;
	patch_range(r, path, len, &lo, &hi);
	return lo < hi;
}

/* The first patch of kind at path not yet used, or NULL. */
struct patch *
patch_find(struct rctx *r, enum patch_kind kind, const char *path)
{
	size_t	lo, hi;

	if (r->npatches == 0)
		return NULL;
	patch_range(r, path, SIZE_MAX, &lo, &hi);
	for (; lo < hi; lo++)
		if (r->pindex[lo]->kind == kind && !r->pindex[lo]->used)
			return r->pindex[lo];
	return NULL;
}

/* Every patch whose path named no block is an error. */
void
patch_report_unused(struct rctx *r, const char *const *paths, size_t npaths)
{
	const char	*best;
	size_t		 i, n = 0;

	for (i = 0; i < r->npatches; i++) {
		if (r->patches[i].used)
			continue;
		/* A suggestion costs a look at every path: the first
		 * hundred mistakes get one. */
		best = n++ < 100 ? diag_did_you_mean(r->patches[i].path, paths,
		    npaths) : NULL;
		if (best != NULL)
			diag_add(r->d, &r->patches[i].at->loc, DIAG_ERROR,
			    "unknown path '%s' (did you mean '%s'?)",
			    r->patches[i].path, best);
		else
			diag_add(r->d, &r->patches[i].at->loc, DIAG_ERROR,
			    "unknown path '%s'", r->patches[i].path);
	}
}
