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
#include "schema/schema.h"

/* A mapping to fill, with room for n pairs. */
static struct chk_node *
map_new(struct arena *a, size_t n, const struct loc *at)
{
	struct chk_node	*m = node_new(a, CHK_NODE_MAP, at);

	m->pairs = arena_alloc(a, (n + 1) * sizeof(*m->pairs));
	return m;
}

/* Add key: value to m.  The key's text is not copied: it is a param's,
 * a var's or a literal, all of which outlive the variables. */
static void
map_put(struct arena *a, struct chk_node *m, const char *key,
    struct chk_node *value)
{
	struct chk_node	*k = node_new(a, CHK_NODE_STRING, &value->loc);

	k->str = key;
	k->len = strlen(key);
	m->pairs[m->n].key = k;
	m->pairs[m->n++].value = value;
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

/* The properties of params that a checklist's variables lack. */
struct lacking {
	size_t	*v;		/* their indexes, in order */
	size_t	 n;
	size_t	 given;		/* the variables that are set */
};

static struct chk_node *vars_copy(struct rctx *, const struct chk_node *,
		    const struct chk_node *, const struct lacking *,
		    const struct loc *);

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
 * The variables of a checklist: a mapping from r->tmp, or NULL after
 * diagnostics.  The entry's and the project's values of the template's
 * params, validated against `params` (schema stage) with the defaults
 * filled in; a param with neither is null, so that every declared name
 * is defined.
 */
const struct chk_node *
vars_make(struct rctx *r, const struct chk_node *tmpl,
    const struct project *p, const struct chk_node *entry,
    const char *checklist, const struct loc *at)
{
	const struct chk_node	*params = node_get(tmpl, "params");
	const struct chk_node	*props = node_get(params, "properties");
	const struct chk_node	*pv = p ? p->vars : NULL;
	const struct chk_node	*ev = node_get(entry, "vars");
	const char		*tmpl_id = node_str(node_get(tmpl, "id"));
	struct chk_node		*m, *v, *ids = identity(r, p, checklist, at);
	const struct chk_node	*valid = NULL;
	const struct chk_pair	**pindex, *pp;
	const struct schema_params *sp;
	struct lacking		 lack = { NULL, 0, 0 };
	size_t			 i, n, eat = 0, pmask = 0;

	if (ev != NULL && ev->kind != CHK_NODE_MAP)
		ev = NULL;
	n = (props ? props->n : 0) + (pv ? pv->n : 0) + (ev ? ev->n : 0) + 2;
	m = map_new(r->tmp, n, at);
	if (props == NULL || props->kind != CHK_NODE_MAP)
		m = vars_unchecked(r, m, pv, ev);
	else {
		check_entry_vars(r, props, ev, tmpl_id ? tmpl_id : "?");
		/* Dozens of params, looked up among dozens of vars in
		 * another order: by hash. */
		pindex = expr_map_index(r->tmp, pv, &pmask);
		lack.v = arena_bump(r->tmp, props->n * sizeof(*lack.v));
		for (i = 0; i < props->n; i++) {
			const struct chk_node *name = props->pairs[i].key;

			if ((v = node_get_next(ev, name->str, &eat)) != NULL)
				map_put(r->tmp, m, name->str, v);
			else if ((pp = expr_map_find(pindex, pmask, name->str,
			    name->len)) != NULL)
				map_put(r->tmp, m, name->str, pp->value);
			else
				lack.v[lack.n++] = i;
		}
		lack.given = m->n;
	}
	if (params != NULL && (sp = resolver_params(r->res, params)) != NULL)
		valid = schema_params_vars(sp, m, "vars", r->tmp, r->d);
	else if (params != NULL)
		valid = schema_vars(params, m, "vars", r->tmp, r->d);
	if (params != NULL && valid == NULL)
		return NULL;
	if (params != NULL)
		m = vars_copy(r, valid, props, &lack, at);
	map_put(r->tmp, m, "project", node_get(ids, "project"));
	map_put(r->tmp, m, "checklist", node_get(ids, "checklist"));
	return m;
}

/*
 * A copy of the validated vars with room for two more, and null for
 * each declared param that has no value: of those the variables lack,
 * the ones without a default.  The defaults follow the variables that
 * are set, in the params' order, so each is looked for from there.
 */
static struct chk_node *
vars_copy(struct rctx *r, const struct chk_node *valid,
    const struct chk_node *props, const struct lacking *lack,
    const struct loc *at)
{
	struct chk_node	*m;
	const char	*name;
	size_t		 i, n = valid->n + lack->n + 2, cursor = lack->given;

	m = map_new(r->tmp, n, at);
	/* The pairs themselves: expressions read a key's text only, never
	 * where it was written. */
	if ((m->n = valid->n) > 0)
		memcpy(m->pairs, valid->pairs, m->n * sizeof(*m->pairs));
	for (i = 0; i < lack->n; i++) {
		name = props->pairs[lack->v[i]].key->str;
		if (node_get_next(valid, name, &cursor) == NULL)
			map_put(r->tmp, m, name, node_new(r->tmp,
			    CHK_NODE_NULL, at));
	}
	return m;
}
