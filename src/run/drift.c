/*
 * Drift: what changed in a checklist since a run was made from it, by
 * path, from the texts of its items then (a snapshot, or the resolved
 * checklist of a bundle) and now.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "run/internal.h"

struct pair {
	const char	*path, *text;
};

static int
cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->path,
	    ((const struct pair *)b)->path);
}

/* Sort n pairs into t (arena arrays). */
static void
finish(struct pair *v, size_t n, struct arena *a, struct run_texts *t)
{
	size_t	i;

	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_pair);
	t->paths = arena_alloc(a, (n + 1) * sizeof(char *));
	t->texts = arena_alloc(a, (n + 1) * sizeof(char *));
	for (i = 0; i < n; i++) {
		t->paths[i] = v[i].path;
		t->texts[i] = v[i].text;
	}
	t->n = n;
}

void
run_texts_of(const struct chk_list *cl, struct arena *a, struct run_texts *t)
{
	struct run_index	 ix;
	struct pair		*v;
	size_t			 i, n = 0;

	run_index(cl, a, &ix);
	v = arena_alloc(a, (ix.n + 1) * sizeof(*v));
	for (i = 0; i < ix.n; i++) {
		if (ix.items[i]->kind == CHK_ITEM_MD)
			continue;
		v[n].path = ix.items[i]->path;
		v[n++].text = run_item_text(ix.items[i], a);
	}
	finish(v, n, a, t);
}

void
run_texts_snapshot(const struct chk_node *m, struct arena *a,
    struct run_texts *t)
{
	struct pair	*v;
	size_t		 i, n = 0;

	v = arena_alloc(a, ((m != NULL ? m->n : 0) + 1) * sizeof(*v));
	for (i = 0; m != NULL && m->kind == CHK_NODE_MAP && i < m->n; i++) {
		if (node_str(m->pairs[i].value) == NULL)
			continue;
		v[n].path = m->pairs[i].key->str;
		v[n++].text = m->pairs[i].value->str;
	}
	finish(v, n, a, t);
}

/* The "cells" of a table in the JSON model: rows of texts and nulls. */
static void
model_cells(const struct chk_node *cells, struct arena *a,
    struct chk_item *it)
{
	const struct chk_node	*row;
	size_t			 r, c, nc = it->ncolumns;

	if (cells == NULL || cells->kind != CHK_NODE_SEQ)
		return;
	it->nrows = cells->n;
	it->cells = arena_alloc(a, (cells->n * nc + 1) * sizeof(char *));
	for (r = 0; r < cells->n; r++) {
		row = cells->items[r];
		for (c = 0; row->kind == CHK_NODE_SEQ && c < row->n &&
		    c < nc; c++)
			it->cells[r * nc + c] = node_str(row->items[c]);
	}
}

/* An item of the JSON model as a chk_item, enough for its text. */
static void
model_item(const struct chk_node *n, struct arena *a, struct ptrvec *v)
{
	const struct chk_node	*cols = node_get(n, "columns");
	const struct chk_node	*sub = node_get(n, "items");
	const char		*kind = node_str(node_get(n, "kind"));
	struct chk_item		*it = arena_alloc(a, sizeof(*it));
	struct pair		*p;
	size_t			 i;

	it->kind = kind == NULL ? CHK_ITEM_MD : strcmp(kind, "check") == 0 ?
	    CHK_ITEM_CHECK : strcmp(kind, "field") == 0 ? CHK_ITEM_FIELD :
	    strcmp(kind, "table") == 0 ? CHK_ITEM_TABLE : CHK_ITEM_MD;
	it->path = node_str(node_get(n, "path"));
	it->text = node_str(node_get(n, "text"));
	if (cols != NULL && cols->kind == CHK_NODE_SEQ) {
		it->columns = arena_alloc(a, (cols->n + 1) * sizeof(char *));
		for (i = 0; i < cols->n; i++)
			it->columns[it->ncolumns++] = node_str(cols->items[i]) ?
			    cols->items[i]->str : "";
	}
	model_cells(node_get(n, "cells"), a, it);
	if (it->kind != CHK_ITEM_MD && it->path != NULL) {
		p = arena_alloc(a, sizeof(*p));
		p->path = it->path;
		p->text = run_item_text(it, a);
		ptrvec_push(v, p);
	}
	for (i = 0; sub != NULL && sub->kind == CHK_NODE_SEQ && i < sub->n; i++)
		model_item(sub->items[i], a, v);
}

static void
model_section(const struct chk_node *s, struct arena *a, struct ptrvec *v)
{
	const struct chk_node	*items = node_get(s, "items");
	const struct chk_node	*secs = node_get(s, "sections");
	size_t			 i;

	for (i = 0; items != NULL && items->kind == CHK_NODE_SEQ &&
	    i < items->n; i++)
		model_item(items->items[i], a, v);
	for (i = 0; secs != NULL && secs->kind == CHK_NODE_SEQ &&
	    i < secs->n; i++)
		model_section(secs->items[i], a, v);
}

int
run_texts_model(const struct chk_node *root, struct arena *a,
    struct run_texts *t)
{
	const struct chk_node	*f = node_get(root, "fields");
	struct ptrvec		 v = { 0 };
	struct pair		*pairs;
	size_t			 i;

	if (node_get(root, "chkc") == NULL || f == NULL ||
	    f->kind != CHK_NODE_SEQ)
		return -1;
	for (i = 0; i < f->n; i++)
		model_item(f->items[i], a, &v);
	/* The root has "sections" as a section has. */
	model_section(root, a, &v);
	pairs = arena_alloc(a, (v.n + 1) * sizeof(*pairs));
	for (i = 0; i < v.n; i++)
		pairs[i] = *(struct pair *)v.v[i];
	finish(pairs, v.n, a, t);
	ptrvec_free(&v);
	return 0;
}

void
run_drift(const struct run_texts *old, const struct run_texts *now,
    struct arena *a, struct run_drift *dr)
{
	size_t	i = 0, j = 0;
	int	c;

	memset(dr, 0, sizeof(*dr));
	dr->added = arena_alloc(a, (now->n + 1) * sizeof(char *));
	dr->removed = arena_alloc(a, (old->n + 1) * sizeof(char *));
	dr->reworded = arena_alloc(a, (now->n + 1) * sizeof(char *));
	/* Both are sorted by path: one merge finds all three. */
	while (i < old->n || j < now->n) {
		c = i == old->n ? 1 : j == now->n ? -1 :
		    strcmp(old->paths[i], now->paths[j]);
		if (c < 0)
			dr->removed[dr->nremoved++] = old->paths[i++];
		else if (c > 0)
			dr->added[dr->nadded++] = now->paths[j++];
		else {
			if (strcmp(old->texts[i], now->texts[j]) != 0)
				dr->reworded[dr->nreworded++] = now->paths[j];
			i++, j++;
		}
	}
}

/* "sha256:0123456789ab" of a hash, for people. */
static const char *
short_hash(const char *h, struct arena *a)
{
	if (h == NULL)
		h = "?";
	return arena_strndup(a, h, strnlen(h, 19));
}

static void
note_list(struct diag *d, const struct loc *at, const char *what,
    const char **paths, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		diag_add(d, at, DIAG_NOTE, "%s since: '%s'", what, paths[i]);
}

/* Without the old texts: name the answers whose path is gone. */
static void
note_gone(const struct run_doc *doc, const struct chk_list *cl,
    struct arena *a, struct diag *d, const struct loc *at)
{
	static const char *const keys[] = { "items", "tables" };
	struct run_texts	 now;
	const struct chk_node	*m;
	size_t			 i, k, lo, hi;

	run_texts_of(cl, a, &now);
	diag_add(d, at, DIAG_NOTE, "what the checklist said then is unknown "
	    "(the run has no 'snapshot:' and no bundle of its checklist was "
	    "found): only answers to items it no longer has are named");
	for (k = 0; k < 2; k++) {
		m = node_get(doc->root, keys[k]);
		for (i = 0; m != NULL && i < m->n; i++) {
			for (lo = 0, hi = now.n; lo < hi; ) {
				size_t mid = (lo + hi) / 2;
				int c = strcmp(m->pairs[i].key->str,
				    now.paths[mid]);

				if (c == 0)
					break;
				if (c < 0)
					hi = mid;
				else
					lo = mid + 1;
			}
			if (lo >= hi)
				diag_add(d, &m->pairs[i].key->loc, DIAG_NOTE,
				    "removed since: '%s' (answered here)",
				    m->pairs[i].key->str);
		}
	}
}

void
run_drift_report(const struct run_doc *doc, const struct chk_list *cl,
    const struct run_texts *old, struct diag *d)
{
	const struct chk_node	*h = node_get(doc->root, "checklist");
	struct arena		*a = arena_new();
	struct run_texts	 now;
	struct run_drift	 dr;

	diag_add(d, &h->loc, DIAG_ERROR, "the run was made from checklist %s "
	    "(revision %d); '%s/%s' has changed since: it is now %s (revision "
	    "%d)", short_hash(doc->run->checklist, a), doc->run->revision,
	    cl->project, cl->id, short_hash(cl->hash, a), cl->revision);
	if (old != NULL) {
		run_texts_of(cl, a, &now);
		run_drift(old, &now, a, &dr);
		note_list(d, &h->loc, "added", dr.added, dr.nadded);
		note_list(d, &h->loc, "removed", dr.removed, dr.nremoved);
		note_list(d, &h->loc, "reworded", dr.reworded, dr.nreworded);
		if (dr.nadded + dr.nremoved + dr.nreworded == 0)
			diag_add(d, &h->loc, DIAG_NOTE, "no item was added, "
			    "removed or reworded (a title, note or detail "
			    "changed)");
	} else
		note_gone(doc, cl, a, d, &h->loc);
	diag_add(d, &h->loc, DIAG_NOTE, "'chkc run migrate %s' carries the "
	    "answers over to the current checklist", doc->path);
	arena_free(a);
}
