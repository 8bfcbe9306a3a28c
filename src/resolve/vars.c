/*
 * The variables a template sees: its params' defaults, under the
 * project's vars, under the checklist entry's vars; plus `project` and
 * `checklist`.  Every declared param is defined (null when it has no
 * value), so a name expressions cannot find is a typo.
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/internal.h"
#include "resolve/resolve.h"

/* A mapping to fill, with room for n pairs. */
static struct chk_node *
map_new(struct arena *a, size_t n, const struct loc *at)
{
	struct chk_node	*m = node_new(a, CHK_NODE_MAP, at);

	m->pairs = arena_alloc(a, (n + 1) * sizeof(*m->pairs));
	return m;
}

static void
map_put(struct arena *a, struct chk_node *m, const char *key,
    struct chk_node *value)
{
	m->pairs[m->n].key = node_new_str(a, key, &value->loc);
	m->pairs[m->n++].value = value;
}

static int
list_has(const struct chk_node *list, const char *s)
{
	size_t	i;

	for (i = 0; i < list->n; i++)
		if (node_str(list->items[i]) != NULL &&
		    strcmp(list->items[i]->str, s) == 0)
			return 1;
	return 0;
}

static const char *const json_types[] = {
	"null", "boolean", "number", "string", "array", "object"
};

/* The `type` check of a param, until the schema stage does it all. */
static int
type_matches(const struct chk_node *v, const char *type)
{
	if (strcmp(type, "integer") == 0)
		return v->kind == CHK_NODE_NUMBER && v->is_int;
	return strcmp(json_types[v->kind], type) == 0;
}

static void
check_param(struct rctx *r, const char *name, const struct chk_node *v,
    const struct chk_node *schema)
{
	const struct chk_node	*type = node_get(schema, "type");
	const struct chk_node	*en = node_get(schema, "enum");
	size_t			 i;

	if (type != NULL && type->kind == CHK_NODE_STRING &&
	    !type_matches(v, type->str)) {
		diag_add(r->d, &v->loc, DIAG_ERROR, "vars.%s: expected %s, got "
		    "%s", name, type->str, node_kind_name(v->kind));
		return;
	}
	if (en == NULL || en->kind != CHK_NODE_SEQ)
		return;
	for (i = 0; i < en->n; i++)
		if (node_equal(en->items[i], v))
			return;
	diag_add(r->d, &v->loc, DIAG_ERROR, "vars.%s: '%s' is not one of the "
	    "allowed values", name, v->str);
}

/* Entry vars must be params of the template. */
static void
check_entry_vars(struct rctx *r, const struct chk_node *props,
    const struct chk_node *vars, const char *tmpl_id)
{
	const char	**names;
	const char	 *best;
	size_t		  i;

	if (vars == NULL || props == NULL)
		return;
	names = arena_alloc(r->tmp, (props->n + 1) * sizeof(char *));
	for (i = 0; i < props->n; i++)
		names[i] = props->pairs[i].key->str;
	for (i = 0; i < vars->n; i++) {
		const struct chk_node *k = vars->pairs[i].key;

		if (node_get(props, k->str) != NULL)
			continue;
		best = diag_did_you_mean(k->str, names, props->n);
		diag_add(r->d, &k->loc, DIAG_ERROR, "template '%s' has no "
		    "parameter '%s'%s%s%s", tmpl_id, k->str,
		    best ? " (did you mean '" : "", best ? best : "",
		    best ? "'?)" : "");
	}
}

static struct chk_node *
identity(struct rctx *r, const struct project *p, const char *checklist,
    const struct loc *at)
{
	struct chk_node	*proj = map_new(r->tmp, 3, at);
	struct chk_node	*cl = map_new(r->tmp, 1, at);
	struct chk_node	*both = map_new(r->tmp, 2, at);

	map_put(r->tmp, proj, "id", node_new_str(r->tmp, p ? p->id : "example", at));
	map_put(r->tmp, proj, "name", node_new_str(r->tmp,
	    p ? p->name : "Example", at));
	map_put(r->tmp, proj, "lang", node_new_str(r->tmp,
	    p && p->lang ? p->lang : "en", at));
	map_put(r->tmp, cl, "id", node_new_str(r->tmp, checklist, at));
	map_put(r->tmp, both, "project", proj);
	map_put(r->tmp, both, "checklist", cl);
	return both;
}

/* Without `params`, vars are taken as they are. */
static struct chk_node *
vars_unchecked(struct rctx *r, struct chk_node *m, const struct chk_node *pv,
    const struct chk_node *ev)
{
	size_t	i;
	struct chk_pair *old;

	for (i = 0; pv != NULL && i < pv->n; i++)
		map_put(r->tmp, m, pv->pairs[i].key->str, pv->pairs[i].value);
	for (i = 0; ev != NULL && i < ev->n; i++) {
		if ((old = node_pair(m, ev->pairs[i].key->str)) != NULL)
			old->value = ev->pairs[i].value;
		else
			map_put(r->tmp, m, ev->pairs[i].key->str,
			    ev->pairs[i].value);
	}
	return m;
}

/*
 * The variables of a checklist: a mapping from r->tmp.  Missing
 * required params and unknown entry vars are errors at `at`.
 */
const struct chk_node *
vars_make(struct rctx *r, const struct chk_node *tmpl,
    const struct project *p, const struct chk_node *entry,
    const char *checklist, const struct loc *at)
{
	const struct chk_node	*params = node_get(tmpl, "params");
	const struct chk_node	*props = node_get(params, "properties");
	const struct chk_node	*req = node_get(params, "required");
	const struct chk_node	*pv = p ? p->vars : NULL;
	const struct chk_node	*ev = node_get(entry, "vars");
	const char		*tmpl_id = node_str(node_get(tmpl, "id"));
	struct chk_node		*m, *v, *ids = identity(r, p, checklist, at);
	size_t			 i, n;

	if (ev != NULL && ev->kind != CHK_NODE_MAP) {
		diag_add(r->d, &ev->loc, DIAG_ERROR, "'vars' must be a mapping");
		ev = NULL;
	}
	n = (props ? props->n : 0) + (pv ? pv->n : 0) + (ev ? ev->n : 0) + 2;
	m = map_new(r->tmp, n, at);
	map_put(r->tmp, m, "project", node_get(ids, "project"));
	map_put(r->tmp, m, "checklist", node_get(ids, "checklist"));
	if (props == NULL || props->kind != CHK_NODE_MAP)
		return vars_unchecked(r, m, pv, ev);
	check_entry_vars(r, props, ev, tmpl_id ? tmpl_id : "?");
	for (i = 0; i < props->n; i++) {
		const char *name = props->pairs[i].key->str;

		if ((v = node_get(ev, name)) == NULL &&
		    (v = node_get(pv, name)) == NULL &&
		    (v = node_get(props->pairs[i].value, "default")) == NULL) {
			v = node_new(r->tmp, CHK_NODE_NULL, at);
			if (req != NULL && req->kind == CHK_NODE_SEQ &&
			    list_has(req, name))
				diag_add(r->d, at, DIAG_ERROR, "missing variable "
				    "'%s' required by template '%s'", name,
				    tmpl_id ? tmpl_id : "?");
		} else
			check_param(r, name, v, props->pairs[i].value);
		map_put(r->tmp, m, name, v);
	}
	return m;
}
