/*
 * A run against the resolved checklist it names: every path must exist,
 * every value fit its field.  The schema (run.schema.json) has already
 * checked the shape, so only meaning is checked here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "model.h"
#include "run/internal.h"

struct ck {
	const struct chk_list	*cl;
	struct run_index	 ix;
	struct arena		*a;
	struct diag		*d;
};

/* A value as a diagnostic quotes it. */
static const char *
shown(const struct chk_node *v)
{
	return v->kind == CHK_NODE_STRING || v->kind == CHK_NODE_NUMBER ?
	    v->str : node_kind_name(v->kind);
}

/* A number field's value: a number, or text that is one. */
static void
check_number(struct ck *k, const char *path, const struct chk_field *f,
    const struct chk_node *v)
{
	char	*end;
	double	 x = v->num;

	if (v->kind == CHK_NODE_STRING) {
		x = strtod(v->str, &end);
		if (*v->str == '\0' || *end != '\0' || !isfinite(x)) {
			diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': expected a "
			    "number, got '%s'", path, v->str);
			return;
		}
	} else if (v->kind != CHK_NODE_NUMBER) {
		diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': expected a number, "
		    "got %s", path, node_kind_name(v->kind));
		return;
	}
	if (f->has_min && x < f->min)
		diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': %s is below the "
		    "minimum %g", path, v->str, f->min);
	if (f->has_max && x > f->max)
		diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': %s is above the "
		    "maximum %g", path, v->str, f->max);
}

/* One option of a choice: a string among f->options. */
static void
check_option(struct ck *k, const char *path, const struct chk_field *f,
    const struct chk_node *v)
{
	const char	*best;
	size_t		 i;

	if (v->kind != CHK_NODE_STRING && v->kind != CHK_NODE_NUMBER) {
		diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': expected one of the "
		    "options, got %s", path, node_kind_name(v->kind));
		return;
	}
	for (i = 0; i < f->noptions; i++)
		if (strcmp(f->options[i], v->str) == 0)
			return;
	best = diag_did_you_mean(v->str, f->options, f->noptions);
	diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': '%s' is not one of its "
	    "options%s%s%s", path, v->str, best ? " (did you mean '" : "",
	    best ? best : "", best ? "'?)" : "");
}

/* A text-like value that must match a format (date, time, datetime). */
static void
check_format(struct ck *k, const char *path, const struct chk_node *v,
    int (*ok)(const char *), const char *what)
{
	if (v->kind != CHK_NODE_STRING || !ok(v->str))
		diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': expected %s, got "
		    "'%s'", path, what, shown(v));
}

/* The value v of the field f at path. */
static void
check_value(struct ck *k, const char *path, const struct chk_field *f,
    const struct chk_node *v)
{
	size_t	i;

	if (v == NULL || v->kind == CHK_NODE_NULL)
		return;
	switch (f->type) {
	case CHK_FIELD_TEXT:
	case CHK_FIELD_LONGTEXT:
		if (v->kind != CHK_NODE_STRING && v->kind != CHK_NODE_NUMBER)
			diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': expected "
			    "text, got %s", path, node_kind_name(v->kind));
		break;
	case CHK_FIELD_NUMBER:
		check_number(k, path, f, v);
		break;
	case CHK_FIELD_DATE:
		check_format(k, path, v, run_is_date, "a date like 2026-11-24");
		break;
	case CHK_FIELD_TIME:
		check_format(k, path, v, run_is_time, "a time like 10:02");
		break;
	case CHK_FIELD_DATETIME:
		check_format(k, path, v, run_is_datetime, "a date and time "
		    "like 2026-11-24T10:02:00+03:00");
		break;
	case CHK_FIELD_BOOL:
		if (v->kind != CHK_NODE_BOOL)
			diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': expected true "
			    "or false, got '%s'", path, shown(v));
		break;
	case CHK_FIELD_CHOICE:
		check_option(k, path, f, v);
		break;
	default:
		if (v->kind != CHK_NODE_SEQ)
			check_option(k, path, f, v);
		for (i = 0; v->kind == CHK_NODE_SEQ && i < v->n; i++)
			check_option(k, path, f, v->items[i]);
		break;
	}
}

/* Ids of the header fields, for a did-you-mean. */
static const char **
field_ids(const struct chk_list *cl, struct arena *a)
{
	const char	**ids = arena_alloc(a, (cl->nfields + 1) * sizeof(char *));
	size_t		  i;

	for (i = 0; i < cl->nfields; i++)
		ids[i] = cl->fields[i]->id;
	return ids;
}

static void
check_fields(struct ck *k, const struct chk_node *m)
{
	const struct chk_item	*it;
	const char		*path, *best;
	size_t			 i;

	for (i = 0; m != NULL && i < m->n; i++) {
		path = arena_printf(k->a, "fields.%s", m->pairs[i].key->str);
		it = run_index_find(&k->ix, path);
		if (it != NULL && strncmp(it->path, "fields.", 7) == 0) {
			check_value(k, path, it->field, m->pairs[i].value);
			continue;
		}
		best = diag_did_you_mean(m->pairs[i].key->str,
		    field_ids(k->cl, k->a), k->cl->nfields);
		diag_add(k->d, &m->pairs[i].key->loc, DIAG_ERROR, "unknown "
		    "field '%s'%s%s%s", m->pairs[i].key->str, best ?
		    " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
	}
}

/* An item path the checklist lacks or that is no item to answer. */
static const struct chk_item *
answerable(struct ck *k, const struct chk_node *key)
{
	const struct chk_item	*it = run_index_find(&k->ix, key->str);
	const char		*best;

	if (it == NULL) {
		best = diag_did_you_mean(key->str, k->ix.paths, k->ix.n);
		diag_add(k->d, &key->loc, DIAG_ERROR, "unknown item '%s'%s%s%s",
		    key->str, best ? " (did you mean '" : "", best ? best : "",
		    best ? "'?)" : "");
	} else if (strncmp(it->path, "fields.", 7) == 0)
		diag_add(k->d, &key->loc, DIAG_ERROR, "'%s' is a header field: "
		    "give it under 'fields:' as '%s'", key->str, it->id);
	else if (it->kind == CHK_ITEM_TABLE)
		diag_add(k->d, &key->loc, DIAG_ERROR, "'%s' is a table: give "
		    "its cells under 'tables:'", key->str);
	else if (it->kind == CHK_ITEM_MD)
		diag_add(k->d, &key->loc, DIAG_ERROR, "'%s' is Markdown text, "
		    "not an item to answer", key->str);
	else
		return it;
	return NULL;
}

/* done, N/A and failed exclude each other. */
static void
check_states(struct ck *k, const char *path, const struct chk_node *ans)
{
	const struct chk_node	*done = node_get(ans, "done");
	const struct chk_node	*na = node_get(ans, "na");
	const struct chk_node	*failed = node_get(ans, "failed");
	int			 isdone = done != NULL && done->b;

	if (isdone && failed != NULL)
		diag_add(k->d, &failed->loc, DIAG_ERROR, "'%s' is both done "
		    "and failed", path);
	if (isdone && na != NULL)
		diag_add(k->d, &na->loc, DIAG_ERROR, "'%s' is both done and "
		    "N/A", path);
	if (na != NULL && failed != NULL)
		diag_add(k->d, &failed->loc, DIAG_ERROR, "'%s' is both N/A and "
		    "failed", path);
}

/* One answer {done, value, na, failed, by, at} to the item it. */
static void
check_answer(struct ck *k, const struct chk_item *it,
    const struct chk_node *ans)
{
	const struct chk_node	*v = node_get(ans, "value");
	const struct chk_node	*at = node_get(ans, "at");
	const char		*key;

	if (it->kind == CHK_ITEM_FIELD) {
		if ((key = node_get(ans, "done") ? "done" : node_get(ans, "na") ?
		    "na" : node_get(ans, "failed") ? "failed" : NULL) != NULL)
			diag_add(k->d, &node_pair(ans, key)->key->loc,
			    DIAG_ERROR, "'%s' is a fill-in line: it takes a "
			    "value, not '%s'", it->path, key);
	} else
		check_states(k, it->path, ans);
	if (v != NULL && it->field == NULL && v->kind != CHK_NODE_NULL)
		diag_add(k->d, &v->loc, DIAG_ERROR, "'%s' has no fill-in: it "
		    "takes no value", it->path);
	else if (v != NULL)
		check_value(k, it->path, it->field, v);
	if (at != NULL)
		check_format(k, it->path, at, run_is_datetime, "a date and time "
		    "like 2026-11-24T10:02:00+03:00 for 'at'");
}

static void
check_items(struct ck *k, const struct chk_node *m)
{
	const struct chk_item	*it;
	size_t			 i;

	for (i = 0; m != NULL && i < m->n; i++)
		if ((it = answerable(k, m->pairs[i].key)) != NULL)
			check_answer(k, it, m->pairs[i].value);
}

/* A pre-filled cell is not an answer: the run leaves it empty (null
 * or "", as the page exports it). */
static void
check_fixed(struct ck *k, const struct chk_item *it,
    const struct chk_node *row, size_t r)
{
	const struct chk_node	*v;
	const char		*fixed;
	size_t			 c;

	for (c = 0; c < row->n; c++) {
		v = row->items[c];
		fixed = model_table_fixed(it, r, c + (size_t)it->labelled);
		if (fixed != NULL && v->kind != CHK_NODE_NULL &&
		    (v->str == NULL || *v->str != '\0'))
			diag_add(k->d, &v->loc, DIAG_ERROR, "'%s': row %zu, "
			    "column '%s' is the fixed text '%s', not a cell to "
			    "fill in: leave it null", it->path, r + 1,
			    it->columns[c + (size_t)it->labelled], fixed);
	}
}

/* A table's rows: as many as it has (tables without labels grow on the
 * page, so those may have more), and no more cells than columns. */
static void
check_table(struct ck *k, const struct chk_pair *p)
{
	const struct chk_item	*it = run_index_find(&k->ix, p->key->str);
	const struct chk_node	*rows = p->value;
	size_t			 r, ncols;
	const char		*best;

	if (it == NULL || it->kind != CHK_ITEM_TABLE) {
		best = it ? NULL : diag_did_you_mean(p->key->str, k->ix.paths,
		    k->ix.n);
		diag_add(k->d, &p->key->loc, DIAG_ERROR, "'%s' is not a table "
		    "of the checklist%s%s%s", p->key->str, best ?
		    " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
		return;
	}
	ncols = it->ncolumns - (it->labelled && it->ncolumns > 0);
	if (!model_table_grows(it) && rows->n > it->nrows)
		diag_add(k->d, &rows->loc, DIAG_ERROR, "'%s': %zu rows, the "
		    "table has %zu", it->path, rows->n, it->nrows);
	for (r = 0; r < rows->n; r++) {
		if (rows->items[r]->n > ncols)
			diag_add(k->d, &rows->items[r]->loc, DIAG_ERROR, "'%s': "
			    "row %zu has %zu cells, the table has %zu columns "
			    "to fill", it->path, r + 1, rows->items[r]->n, ncols);
		else if (it->cells != NULL)
			check_fixed(k, it, rows->items[r], r);
	}
}

/* Every role of every sign-off group, for a did-you-mean. */
static const char **
all_roles(const struct chk_list *cl, struct arena *a, size_t *n)
{
	const char	**v;
	size_t		  i, j, total = 0;

	for (i = 0; i < cl->nsignoffs; i++)
		total += cl->signoffs[i]->nroles;
	v = arena_alloc(a, (total + 1) * sizeof(char *));
	*n = 0;
	for (i = 0; i < cl->nsignoffs; i++)
		for (j = 0; j < cl->signoffs[i]->nroles; j++)
			v[(*n)++] = cl->signoffs[i]->roles[j];
	return v;
}

static void
check_signoff(struct ck *k, const struct chk_node *m)
{
	const struct chk_node	*at;
	const char		**roles, *best, *role;
	size_t			  nroles, i, j;

	roles = all_roles(k->cl, k->a, &nroles);
	for (i = 0; m != NULL && i < m->n; i++) {
		role = m->pairs[i].key->str;
		for (j = 0; j < nroles && strcmp(roles[j], role) != 0; j++)
			continue;
		if (j == nroles) {
			best = diag_did_you_mean(role, roles, nroles);
			diag_add(k->d, &m->pairs[i].key->loc, DIAG_ERROR,
			    "the checklist has no sign-off role '%s'%s%s%s", role,
			    best ? " (did you mean '" : "", best ? best : "",
			    best ? "'?)" : "");
		}
		if ((at = node_get(m->pairs[i].value, "at")) != NULL)
			check_format(k, role, at, run_is_datetime, "a date and "
			    "time like 2026-11-24T10:02:00+03:00 for 'at'");
	}
}

/* `outcome: success` with a failed critical item. */
static void
check_outcome(struct ck *k, const struct chk_node *root)
{
	const struct chk_node	*out = node_get(root, "outcome");
	const struct chk_node	*items = node_get(root, "items");
	const struct chk_item	*it;
	size_t			 i;

	if (node_str(out) == NULL || strcmp(out->str, "success") != 0)
		return;
	for (i = 0; items != NULL && i < items->n; i++) {
		it = run_index_find(&k->ix, items->pairs[i].key->str);
		if (it == NULL || !it->critical ||
		    node_get(items->pairs[i].value, "failed") == NULL)
			continue;
		diag_add(k->d, &out->loc, DIAG_ERROR, "outcome 'success', but "
		    "the critical item '%s' failed", it->path);
		diag_add(k->d, &items->pairs[i].key->loc, DIAG_NOTE, "'%s' "
		    "failed here", it->path);
	}
}

int
run_check(const struct run_doc *doc, const struct chk_list *cl,
    struct diag *d)
{
	struct ck		 k = { cl, { 0 }, arena_new(), d };
	const struct chk_node	*rev = node_get(doc->root, "revision");
	const struct chk_node	*tables = node_get(doc->root, "tables");
	int			 before = diag_errors(d);
	size_t			 i;

	run_index(cl, k.a, &k.ix);
	if (rev != NULL && (int)rev->num != cl->revision)
		diag_add(d, &rev->loc, DIAG_ERROR, "revision %s, but checklist "
		    "%s is revision %d", rev->str, cl->hash, cl->revision);
	check_fields(&k, node_get(doc->root, "fields"));
	check_items(&k, node_get(doc->root, "items"));
	for (i = 0; tables != NULL && i < tables->n; i++)
		check_table(&k, &tables->pairs[i]);
	check_signoff(&k, node_get(doc->root, "signoff"));
	check_outcome(&k, doc->root);
	arena_free(k.a);
	return diag_errors(d) - before;
}
