/*
 * Reading a run file into its model (chkc.h struct chk_run): answers as
 * text, sorted by path, as the emitters look them up.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "schema/schema.h"
#include "run/run.h"

/* A value as text: numbers as written, booleans "true"/"false", a list
 * one element per line; NULL for null (no answer). */
static const char *
value_text(struct arena *a, const struct chk_node *v)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	if (v == NULL)
		return NULL;
	switch (v->kind) {
	case CHK_NODE_STRING:
	case CHK_NODE_NUMBER:
		return v->str;
	case CHK_NODE_BOOL:
		return v->b ? "true" : "false";
	case CHK_NODE_SEQ:
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				buf_putc(&b, '\n');
			if ((s = value_text(a, v->items[i])) != NULL)
				buf_puts(&b, s);
		}
		s = arena_strdup(a, buf_str(&b));
		buf_free(&b);
		return s;
	default:
		return NULL;
	}
}

/* A reason or note: a non-empty string, else NULL. */
static const char *
nonempty(const struct chk_node *n)
{
	const char	*s = node_str(n);

	return s != NULL && *s != '\0' ? s : NULL;
}

static int
cmp_answer(const void *a, const void *b)
{
	return strcmp(((const struct chk_answer *)a)->path,
	    ((const struct chk_answer *)b)->path);
}

/* fields: {id: value} -> answers "fields.<id>" with a value. */
static void
load_fields(struct arena *a, const struct chk_node *m, struct chk_run *r)
{
	size_t	i;

	if (m == NULL || m->kind != CHK_NODE_MAP)
		return;
	r->fields = arena_alloc(a, (m->n + 1) * sizeof(*r->fields));
	for (i = 0; i < m->n; i++) {
		struct chk_answer *f = &r->fields[r->nfields];

		if ((f->value = value_text(a, m->pairs[i].value)) == NULL)
			continue;
		f->path = arena_printf(a, "fields.%s", m->pairs[i].key->str);
		r->nfields++;
	}
	qsort(r->fields, r->nfields, sizeof(*r->fields), cmp_answer);
}

/* items: {path: {done, value, na, failed, by, at}}. */
static void
load_items(struct arena *a, const struct chk_node *m, struct chk_run *r)
{
	const struct chk_node	*v;
	size_t			 i;

	if (m == NULL || m->kind != CHK_NODE_MAP)
		return;
	r->items = arena_alloc(a, (m->n + 1) * sizeof(*r->items));
	for (i = 0; i < m->n; i++) {
		struct chk_answer *it = &r->items[r->nitems++];

		v = m->pairs[i].value;
		it->path = m->pairs[i].key->str;
		it->done = node_get(v, "done") != NULL &&
		    node_get(v, "done")->kind == CHK_NODE_BOOL &&
		    node_get(v, "done")->b;
		it->value = value_text(a, node_get(v, "value"));
		it->na = nonempty(node_get(v, "na"));
		it->failed = nonempty(node_get(v, "failed"));
		it->by = nonempty(node_get(v, "by"));
		it->at = nonempty(node_get(v, "at"));
	}
	qsort(r->items, r->nitems, sizeof(*r->items), cmp_answer);
}

/* tables: {path: [[cell, ...], ...]}, row-major, short rows padded. */
static void
load_table(struct arena *a, const struct chk_pair *p, struct chk_table_fill *t)
{
	const struct chk_node	*rows = p->value, *row;
	size_t			 r, c;

	t->path = p->key->str;
	if (rows == NULL || rows->kind != CHK_NODE_SEQ)
		return;
	t->nrows = rows->n;
	for (r = 0; r < rows->n; r++)
		if (rows->items[r]->kind == CHK_NODE_SEQ &&
		    rows->items[r]->n > t->ncols)
			t->ncols = rows->items[r]->n;
	t->cells = arena_alloc(a, (t->nrows * t->ncols + 1) * sizeof(char *));
	for (r = 0; r < rows->n; r++) {
		row = rows->items[r];
		for (c = 0; row->kind == CHK_NODE_SEQ && c < row->n; c++)
			t->cells[r * t->ncols + c] = value_text(a, row->items[c]);
	}
}

static void
load_fills(struct arena *a, const struct chk_node *root, struct chk_run *r)
{
	const struct chk_node	*m = node_get(root, "tables");
	const struct chk_node	*s = node_get(root, "signoff");
	size_t			 i;

	if (m != NULL && m->kind == CHK_NODE_MAP) {
		r->tables = arena_alloc(a, (m->n + 1) * sizeof(*r->tables));
		for (i = 0; i < m->n; i++)
			load_table(a, &m->pairs[i], &r->tables[r->ntables++]);
	}
	if (s != NULL && s->kind == CHK_NODE_MAP) {
		r->signoff = arena_alloc(a, (s->n + 1) * sizeof(*r->signoff));
		for (i = 0; i < s->n; i++) {
			struct chk_signature *g = &r->signoff[r->nsignoff++];

			const struct chk_node *v = s->pairs[i].value;

			g->role = s->pairs[i].key->str;
			g->name = node_str(node_get(v, "name"));
			g->at = nonempty(node_get(v, "at"));
			g->principal = nonempty(node_get(v, "principal"));
			g->key = nonempty(node_get(v, "key"));
			g->signature = nonempty(node_get(v, "signature"));
			g->state = g->signature != NULL ? CHK_SIG_UNCHECKED :
			    CHK_SIG_NONE;
		}
	}
}

/* The model of a schema-valid run tree. */
static struct run_doc *
build(struct arena *a, const char *path, const struct chk_node *root,
    int json)
{
	struct run_doc		*doc = arena_alloc(a, sizeof(*doc));
	struct chk_run		*r = arena_alloc(a, sizeof(*r));
	const struct chk_node	*rev = node_get(root, "revision");
	char			*slash;

	doc->path = path;
	doc->root = root;
	doc->run = r;
	doc->json = json;
	doc->snapshot = node_get(root, "snapshot");
	r->run = node_str(node_get(root, "run"));
	r->checklist = node_str(node_get(root, "checklist"));
	/* The schema bounds it; the test keeps the cast defined anyway. */
	r->revision = rev != NULL && rev->kind == CHK_NODE_NUMBER &&
	    rev->num >= 0 && rev->num <= INT_MAX ? (int)rev->num : -1;
	/* The schema has checked `run: project/checklist`; the test
	 * keeps gcc -fanalyzer (and a later change of schema) honest. */
	doc->project = arena_strdup(a, r->run != NULL ? r->run : "");
	if ((slash = strchr((char *)doc->project, '/')) != NULL) {
		*slash = '\0';
		doc->checklist = slash + 1;
	} else
		doc->checklist = "";
	load_fields(a, node_get(root, "fields"), r);
	load_items(a, node_get(root, "items"), r);
	load_fills(a, root, r);
	r->outcome = node_str(node_get(root, "outcome"));
	r->notes = nonempty(node_get(root, "notes"));
	return doc;
}

/* JSON when the first thing in the file is '{'. */
static int
is_json(const char *text, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
		    text[i] != '\r')
			return text[i] == '{';
	return 0;
}

static struct run_doc *
checked(struct arena *a, const char *name, struct chk_node *root,
    int json, struct diag *d)
{
	if (root == NULL)
		return NULL;
	if (root->kind != CHK_NODE_MAP) {
		diag_add(d, &root->loc, DIAG_ERROR, "a run file is a mapping "
		    "with 'run:' and 'checklist:', not %s",
		    node_kind_name(root->kind));
		return NULL;
	}
	if (schema_check(SCHEMA_RUN, root, d) > 0)
		return NULL;
	return build(a, name, root, json);
}

struct run_doc *
run_parse(struct arena *a, const char *name, const char *text, size_t len,
    struct diag *d)
{
	return checked(a, name, load_buffer(a, name, text, len, d),
	    is_json(text, len), d);
}

struct run_doc *
run_load(struct arena *a, const char *path, struct diag *d)
{
	struct chk_node	*root = load_file(a, path, d);
	const char	*ext = strrchr(path, '.');

	return checked(a, path, root, ext != NULL && strcmp(ext, ".json") == 0,
	    d);
}
