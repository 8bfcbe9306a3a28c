/*
 * A schema node to its compiled form, keyword by keyword, after the
 * table of handlers in mandoc's mdoc_validate.c.  A malformed keyword
 * is a diagnostic at its value and is otherwise ignored, so one pass
 * reports every mistake in a schema.  $ref targets are only recorded
 * here; schema.c resolves them once the whole document is indexed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "schema/libschema.h"

#define PROPS_LINEAR	8	/* properties up to this many: searched */

typedef void	(*kw_fn)(struct schema_reg *, struct schema *,
		    const struct chk_node *, struct diag *);

struct kwdef {
	const char	*name;
	kw_fn		 fn;
};

static const char *const type_names[] = {
	"null", "boolean", "object", "array", "number", "string", "integer",
};

static void
kw_type_one(struct schema *s, const struct chk_node *v, struct diag *d)
{
	const char	*best;
	size_t		 i;

	for (i = 0; i < 7; i++)
		if (v->kind == CHK_NODE_STRING && strcmp(v->str,
		    type_names[i]) == 0) {
			s->types |= 1u << i;
			return;
		}
	if (v->kind != CHK_NODE_STRING)
		diag_add(d, &v->loc, DIAG_ERROR, "'type' must be a type name "
		    "or a list of them, got %s", node_kind_name(v->kind));
	else if ((best = diag_did_you_mean(v->str, type_names, 7)) != NULL)
		diag_add(d, &v->loc, DIAG_ERROR, "unknown type '%s' (did you "
		    "mean '%s'?)", v->str, best);
	else
		diag_add(d, &v->loc, DIAG_ERROR, "unknown type '%s'", v->str);
}

static void
kw_type(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	size_t	i;

	(void)reg;
	if (v->kind != CHK_NODE_SEQ) {
		kw_type_one(s, v, d);
		return;
	}
	for (i = 0; i < v->n; i++)
		kw_type_one(s, v->items[i], d);
	/* "type": [] allows nothing; keep it apart from "no type". */
	if (v->n == 0)
		s->types = 0x80;
}

static int
need(const struct chk_node *v, enum chk_node_kind kind, const char *kw,
    struct diag *d)
{
	if (v->kind == kind)
		return 1;
	diag_add(d, &v->loc, DIAG_ERROR, "'%s' must be %s, got %s", kw,
	    node_kind_name(kind), node_kind_name(v->kind));
	return 0;
}

static void
kw_enum(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg;
	if (need(v, CHK_NODE_SEQ, "enum", d))
		s->enum_ = v;
}

static void
kw_const(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg, (void)d;
	s->const_ = v;
}

static void
kw_default(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg, (void)d;
	s->default_ = v;
}

static void
kw_format(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg;
	if (need(v, CHK_NODE_STRING, "format", d)) {
		s->format = v->str;
		s->format_node = v;
	}
}

/* A numeric limit; lengths and counts must be non-negative integers. */
static void
limit(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    enum sch_limit lim, const char *name, struct diag *d)
{
	if (!need(v, CHK_NODE_NUMBER, name, d))
		return;
	if (lim >= SCH_MINLENGTH && (v->num < 0 || v->num != floor(v->num))) {
		diag_add(d, &v->loc, DIAG_ERROR, "'%s' must be a non-negative "
		    "integer", name);
		return;
	}
	if (lim == SCH_MULTIPLEOF && !(v->num > 0)) {
		diag_add(d, &v->loc, DIAG_ERROR, "'multipleOf' must be greater "
		    "than 0");
		return;
	}
	if (s->limits == NULL)
		s->limits = arena_alloc(reg->a, sizeof(*s->limits));
	s->has |= 1u << lim;
	s->limits->lim[lim] = v->num;
	s->limits->node[lim] = v;
}

#define KW_LIMIT(fn, lim, name)						\
static void								\
fn(struct schema_reg *reg, struct schema *s, const struct chk_node *v,	\
    struct diag *d)							\
{									\
	limit(reg, s, v, lim, name, d);					\
}

KW_LIMIT(kw_minimum, SCH_MINIMUM, "minimum")
KW_LIMIT(kw_maximum, SCH_MAXIMUM, "maximum")
KW_LIMIT(kw_exmin, SCH_EXMINIMUM, "exclusiveMinimum")
KW_LIMIT(kw_exmax, SCH_EXMAXIMUM, "exclusiveMaximum")
KW_LIMIT(kw_multipleof, SCH_MULTIPLEOF, "multipleOf")
KW_LIMIT(kw_minlength, SCH_MINLENGTH, "minLength")
KW_LIMIT(kw_maxlength, SCH_MAXLENGTH, "maxLength")
KW_LIMIT(kw_minitems, SCH_MINITEMS, "minItems")
KW_LIMIT(kw_maxitems, SCH_MAXITEMS, "maxItems")
KW_LIMIT(kw_mincontains, SCH_MINCONTAINS, "minContains")
KW_LIMIT(kw_maxcontains, SCH_MAXCONTAINS, "maxContains")
KW_LIMIT(kw_minprops, SCH_MINPROPS, "minProperties")
KW_LIMIT(kw_maxprops, SCH_MAXPROPS, "maxProperties")

static void
kw_unique(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg;
	if (need(v, CHK_NODE_BOOL, "uniqueItems", d))
		s->unique = v->b;
}

static void
kw_pattern(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	if (need(v, CHK_NODE_STRING, "pattern", d))
		s->pattern = sch_regex_new(reg, v->str, v, d);
}

static int
string_list(const struct chk_node *v, const char *kw, struct diag *d)
{
	size_t	i;

	if (!need(v, CHK_NODE_SEQ, kw, d))
		return 0;
	for (i = 0; i < v->n; i++)
		if (!need(v->items[i], CHK_NODE_STRING, kw, d))
			return 0;
	return 1;
}

static void
kw_required(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg;
	if (string_list(v, "required", d))
		s->required = v;
}

/* A subschema in the same resource as its parent. */
static struct schema *
sub(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	return sch_compile(reg, v, s->res, d);
}

#define KW_SUB(fn, field)						\
static void								\
fn(struct schema_reg *reg, struct schema *s, const struct chk_node *v,	\
    struct diag *d)							\
{									\
	s->field = sub(reg, s, v, d);					\
}

KW_SUB(kw_addprops, addprops)
KW_SUB(kw_propnames, propnames)
KW_SUB(kw_contains, contains)
KW_SUB(kw_not, not_)
KW_SUB(kw_if, if_)
KW_SUB(kw_then, then_)
KW_SUB(kw_else, else_)

static void
kw_items(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	if (v->kind == CHK_NODE_SEQ) {
		diag_add(d, &v->loc, DIAG_ERROR, "'items' must be a schema "
		    "(a list of schemas is 'prefixItems' in draft 2020-12)");
		return;
	}
	s->items = sub(reg, s, v, d);
}

/* A non-empty list of schemas. */
static void
schema_list(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct sch_list *out, const char *kw, struct diag *d)
{
	size_t	i;

	if (!need(v, CHK_NODE_SEQ, kw, d))
		return;
	if (v->n == 0) {
		diag_add(d, &v->loc, DIAG_ERROR, "'%s' must not be empty", kw);
		return;
	}
	out->v = arena_alloc(reg->a, v->n * sizeof(*out->v));
	out->n = v->n;
	for (i = 0; i < v->n; i++)
		out->v[i] = sub(reg, s, v->items[i], d);
}

#define KW_LIST(fn, field, name)					\
static void								\
fn(struct schema_reg *reg, struct schema *s, const struct chk_node *v,	\
    struct diag *d)							\
{									\
	schema_list(reg, s, v, &s->field, name, d);			\
}

KW_LIST(kw_allof, allof, "allOf")
KW_LIST(kw_anyof, anyof, "anyOf")
KW_LIST(kw_oneof, oneof, "oneOf")
KW_LIST(kw_prefix, prefix, "prefixItems")

/*
 * A mapping of name -> schema (properties, patternProperties,
 * dependentSchemas) or name -> list of names (dependentRequired).
 */
static struct sch_prop *
prop_map(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    const char *kw, size_t *np, struct diag *d)
{
	struct sch_prop	*p;
	size_t		 i;

	if (!need(v, CHK_NODE_MAP, kw, d))
		return NULL;
	p = arena_alloc(reg->a, (v->n + 1) * sizeof(*p));
	for (i = 0; i < v->n; i++) {
		p[i].name = v->pairs[i].key->str;
		p[i].key = v->pairs[i].key;
		if (strcmp(kw, "dependentRequired") == 0) {
			if (string_list(v->pairs[i].value, kw, d))
				p[i].list = v->pairs[i].value;
			continue;
		}
		if (strcmp(kw, "patternProperties") == 0)
			p[i].re = sch_regex_new(reg, p[i].name, p[i].key, d);
		p[i].s = sub(reg, s, v->pairs[i].value, d);
	}
	*np = v->n;
	return p;
}

static void
kw_props(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	size_t	i;

	s->props = prop_map(reg, s, v, "properties", &s->nprops, d);
	s->pnames = arena_alloc(reg->a, (s->nprops + 1) * sizeof(char *));
	for (i = 0; i < s->nprops; i++)
		s->pnames[i] = s->props[i].name;
	/* Dozens in a template's params, which every variable of every
	 * checklist is looked up in: a table (a few are searched). */
	if (s->nprops >= PROPS_LINEAR)
		s->propidx = node_index(reg->a, v);
}

static void
kw_patprops(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	s->patprops = prop_map(reg, s, v, "patternProperties", &s->npatprops,
	    d);
}

static void
kw_depreq(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	s->depreq = prop_map(reg, s, v, "dependentRequired", &s->ndepreq, d);
}

static void
kw_depsch(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	s->depsch = prop_map(reg, s, v, "dependentSchemas", &s->ndepsch, d);
}

/* $defs: compiled so that the $id and anchors inside are indexed. */
static void
kw_defs(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	size_t	i;

	if (!need(v, CHK_NODE_MAP, "$defs", d))
		return;
	for (i = 0; i < v->n; i++)
		sub(reg, s, v->pairs[i].value, d);
}

static void
kw_ref(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	if (!need(v, CHK_NODE_STRING, "$ref", d))
		return;
	s->ref_node = v;
	s->ref_uri = sch_uri_resolve(reg->a, s->res->uri, v->str);
	sch_pending_push(reg, s);
}

static void
kw_dynref(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	if (!need(v, CHK_NODE_STRING, "$dynamicRef", d))
		return;
	s->dref_node = v;
	s->dref_uri = sch_uri_resolve(reg->a, s->res->uri, v->str);
	sch_pending_push(reg, s);
}

/* Already handled by sch_compile (they must come before the others). */
static void
kw_none(struct schema_reg *reg, struct schema *s, const struct chk_node *v,
    struct diag *d)
{
	(void)reg, (void)s, (void)v, (void)d;
}

/* Every keyword chkc knows, sorted by name for bsearch. */
static const struct kwdef keywords[] = {
	{ "$anchor",		kw_none },
	{ "$comment",		kw_none },
	{ "$defs",		kw_defs },
	{ "$dynamicAnchor",	kw_none },
	{ "$dynamicRef",	kw_dynref },
	{ "$id",		kw_none },
	{ "$ref",		kw_ref },
	{ "$schema",		kw_none },
	{ "$vocabulary",	kw_none },
	{ "additionalProperties", kw_addprops },
	{ "allOf",		kw_allof },
	{ "anyOf",		kw_anyof },
	{ "const",		kw_const },
	{ "contains",		kw_contains },
	{ "contentEncoding",	kw_none },
	{ "contentMediaType",	kw_none },
	{ "contentSchema",	kw_none },
	{ "default",		kw_default },
	{ "dependentRequired",	kw_depreq },
	{ "dependentSchemas",	kw_depsch },
	{ "deprecated",		kw_none },
	{ "description",	kw_none },
	{ "else",		kw_else },
	{ "enum",		kw_enum },
	{ "examples",		kw_none },
	{ "exclusiveMaximum",	kw_exmax },
	{ "exclusiveMinimum",	kw_exmin },
	{ "format",		kw_format },
	{ "if",			kw_if },
	{ "items",		kw_items },
	{ "maxContains",	kw_maxcontains },
	{ "maxItems",		kw_maxitems },
	{ "maxLength",		kw_maxlength },
	{ "maxProperties",	kw_maxprops },
	{ "maximum",		kw_maximum },
	{ "minContains",	kw_mincontains },
	{ "minItems",		kw_minitems },
	{ "minLength",		kw_minlength },
	{ "minProperties",	kw_minprops },
	{ "minimum",		kw_minimum },
	{ "multipleOf",		kw_multipleof },
	{ "not",		kw_not },
	{ "oneOf",		kw_oneof },
	{ "pattern",		kw_pattern },
	{ "patternProperties",	kw_patprops },
	{ "prefixItems",	kw_prefix },
	{ "properties",		kw_props },
	{ "propertyNames",	kw_propnames },
	{ "readOnly",		kw_none },
	{ "required",		kw_required },
	{ "then",		kw_then },
	{ "title",		kw_none },
	{ "type",		kw_type },
	{ "unevaluatedItems",	kw_none },
	{ "unevaluatedProperties", kw_none },
	{ "uniqueItems",	kw_unique },
	{ "writeOnly",		kw_none },
};
#define NKEYWORDS (sizeof(keywords) / sizeof(keywords[0]))

static int
kw_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kwdef *)elem)->name);
}

static const struct kwdef *
kw_find(const char *name)
{
	return bsearch(name, keywords, NKEYWORDS, sizeof(keywords[0]), kw_cmp);
}

/* An unknown keyword is ignored, as the spec says; one that looks like
 * a typo of a known one gets a warning. */
static void
kw_unknown(const struct schema_reg *reg, const struct chk_node *key,
    struct diag *d)
{
	const char	*names[NKEYWORDS], *best;
	size_t		 i;

	if (!reg->lint || key->str[0] == '$' ||
	    strncmp(key->str, "x-", 2) == 0)
		return;
	for (i = 0; i < NKEYWORDS; i++)
		names[i] = keywords[i].name;
	if ((best = diag_did_you_mean(key->str, names, NKEYWORDS)) != NULL &&
	    strcmp(best, key->str) != 0)
		diag_add(d, &key->loc, DIAG_WARNING, "unknown schema keyword "
		    "'%s' (did you mean '%s'?)", key->str, best);
}

/* $id makes a new resource; $anchor and $dynamicAnchor name s in it. */
static void
identify(struct schema_reg *reg, struct schema *s, struct diag *d)
{
	const struct chk_node	*id, *v;
	struct sch_anchor	*an;
	const char		*frag, *uri;
	int			 dyn;

	if ((id = node_get(s->node, "$id")) != NULL &&
	    need(id, CHK_NODE_STRING, "$id", d)) {
		uri = sch_uri_split(reg->a, sch_uri_resolve(reg->a,
		    s->res->uri, id->str), &frag);
		if (s->res->node != s->node || strcmp(uri, s->res->uri) != 0)
			s->res = sch_res_new(reg, uri, s->res->retrieved,
			    s->node);
		s->res->root = s;
	}
	for (dyn = 0; dyn < 2; dyn++) {
		v = node_get(s->node, dyn ? "$dynamicAnchor" : "$anchor");
		if (v == NULL || !need(v, CHK_NODE_STRING, dyn ?
		    "$dynamicAnchor" : "$anchor", d))
			continue;
		an = arena_alloc(reg->a, sizeof(*an));
		an->name = v->str;
		an->node = s->node;
		an->s = s;
		an->dynamic = dyn;
		an->next = s->res->anchors;
		s->res->anchors = an;
	}
}

struct schema *
sch_compile(struct schema_reg *reg, const struct chk_node *n,
    struct sch_res *res, struct diag *d)
{
	struct schema		*s;
	const struct kwdef	*def;
	size_t			 i;

	if ((s = sch_memo_get(reg, n)) != NULL)
		return s;
	s = arena_alloc(reg->a, sizeof(*s));
	s->node = n;
	s->res = res;
	sch_memo_put(reg, s);
	if (n->kind == CHK_NODE_BOOL) {
		s->is_bool = 1;
		s->bval = n->b;
		return s;
	}
	if (n->kind != CHK_NODE_MAP) {
		diag_add(d, &n->loc, DIAG_ERROR, "a schema must be a mapping "
		    "or a boolean, got %s", node_kind_name(n->kind));
		return s;
	}
	identify(reg, s, d);
	for (i = 0; i < n->n; i++) {
		if ((def = kw_find(n->pairs[i].key->str)) != NULL)
			def->fn(reg, s, n->pairs[i].value, d);
		else
			kw_unknown(reg, n->pairs[i].key, d);
	}
	sch_checks(s);
	return s;
}
