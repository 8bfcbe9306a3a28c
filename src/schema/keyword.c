/*
 * Validation: an instance against a compiled schema, one check per
 * group of keywords in a table.  Errors are collected as records (the
 * instance node, its path, a sentence) so that a failed anyOf/oneOf
 * can keep only its closest branch's; schema_validate_path() hands the
 * survivors to the diagnostics.  When only validity matters (inside
 * not, if, contains, the first pass of anyOf/oneOf) no record is made
 * and a check stops at its first error.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "utf8.h"
#include "schema/schema.h"
#include "schema/libschema.h"

#define MAX_PATH	256	/* instance path segments kept */
#define MAX_SCOPE	256	/* dynamic scope: resources entered */
#define MAX_CALLS	2000	/* nested evaluations: a $ref cycle */

enum verr_kind {
	VERR_OTHER,
	VERR_TYPE,		/* the instance has the wrong type */
	VERR_VALUE		/* enum or const */
};

struct verr {
	const struct chk_node	*at;
	const char		*path;
	const char		*msg;
	size_t			 depth;		/* of the path */
	enum verr_kind		 kind;
	unsigned		 types;		/* VERR_TYPE: expected */
};

struct seg {
	const char	*key;		/* NULL: an index */
	size_t		 idx;
};

struct vctx {
	struct arena		*a;		/* records, paths, messages */
	struct ptrvec		*errs;		/* NULL: validity only */
	const char		*prefix;
	struct seg		 path[MAX_PATH];
	size_t			 depth;
	const struct sch_res	*scope[MAX_SCOPE];
	size_t			 nscope;
	int			 calls;
	int			 format_assert;
};

typedef int	(*check_fn)(struct vctx *, const struct schema *,
		    const struct chk_node *);

static int	eval(struct vctx *, const struct schema *,
		    const struct chk_node *);

/* ------------------------------------------------------------------ */
/* Paths and messages. */

static int
is_ident(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* "vars.services[2]", "items[\"a.b\"].done" */
static const char *
path_str(struct vctx *c, size_t depth)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	if (c->prefix != NULL)
		buf_puts(&b, c->prefix);
	for (i = 0; i < depth && i < MAX_PATH; i++) {
		if (c->path[i].key == NULL)
			buf_printf(&b, "[%zu]", c->path[i].idx);
		else if (is_ident(c->path[i].key))
			buf_printf(&b, "%s%s", b.len > 0 ? "." : "",
			    c->path[i].key);
		else
			buf_printf(&b, "[\"%s\"]", c->path[i].key);
	}
	s = arena_strdup(c->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
push_key(struct vctx *c, const char *key)
{
	if (c->depth < MAX_PATH)
		c->path[c->depth].key = key;
	c->depth++;
}

static void
push_idx(struct vctx *c, size_t idx)
{
	if (c->depth < MAX_PATH) {
		c->path[c->depth].key = NULL;
		c->path[c->depth].idx = idx;
	}
	c->depth++;
}

/*
 * Record an error at instance node at (depth: its path's, usually the
 * current one).  Returns 1, the number of errors it makes.
 */
static int
fail_at(struct vctx *c, const struct chk_node *at, size_t depth,
    enum verr_kind kind, unsigned types, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int
fail_at(struct vctx *c, const struct chk_node *at, size_t depth,
    enum verr_kind kind, unsigned types, const char *fmt, ...)
{
	struct verr	*e;
	va_list		 ap;
	int		 len;
	char		*msg;

	if (c->errs == NULL)
		return 1;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = arena_alloc(c->a, (size_t)(len < 0 ? 0 : len) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(len < 0 ? 0 : len) + 1, fmt, ap);
	va_end(ap);
	e = arena_alloc(c->a, sizeof(*e));
	e->at = at;
	e->path = path_str(c, c->depth);
	e->msg = msg;
	e->depth = depth;
	e->kind = kind;
	e->types = types;
	ptrvec_push(c->errs, e);
	return 1;
}

#define fail(c, at, ...)	fail_at((c), (at), (c)->depth, VERR_OTHER, 0, \
				    __VA_ARGS__)

/* A value as a message shows it: 'text', 12, true, null, a list. */
static const char *
show(struct vctx *c, const struct chk_node *n)
{
	size_t	len;

	if (c->errs == NULL)
		return "";
	switch (n->kind) {
	case CHK_NODE_STRING:
		len = strcspn(n->str, "\n");
		if (len > 40 || len < n->len)
			return arena_printf(c->a, "'%.*s...'",
			    (int)(len > 40 ? 40 : len), n->str);
		return arena_printf(c->a, "'%s'", n->str);
	case CHK_NODE_NUMBER:
	case CHK_NODE_BOOL:
		return n->str;
	default:
		return node_kind_name(n->kind);
	}
}

static int
is_integer(const struct chk_node *n)
{
	return n->kind == CHK_NODE_NUMBER && isfinite(n->num) &&
	    n->num == floor(n->num);
}

/* "a string or a list" */
static const char *
types_str(struct vctx *c, unsigned types)
{
	static const char *const names[] = { "null", "a boolean",
	    "a mapping", "a list", "a number", "a string", "an integer" };
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i, n = 0, k = 0;

	if (types & SCH_T_NUMBER)
		types &= ~SCH_T_INTEGER;
	for (i = 0; i < 7; i++)
		n += (types >> i) & 1;
	for (i = 0; i < 7; i++) {
		if (!((types >> i) & 1))
			continue;
		if (k > 0)
			buf_puts(&b, k + 1 == n ? " or " : ", ");
		buf_puts(&b, names[i]);
		k++;
	}
	s = arena_strdup(c->a, n == 0 ? "nothing" : buf_str(&b));
	buf_free(&b);
	return s;
}

/* ------------------------------------------------------------------ */
/* The checks, in the order of checks[]. */

/* The type bit of each kind of node. */
static const unsigned type_bits[CHK_NODE__MAX] = {
	SCH_T_NULL, SCH_T_BOOLEAN, SCH_T_NUMBER, SCH_T_STRING,
	SCH_T_ARRAY, SCH_T_OBJECT,
};

static int
check_type(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	if (s->types == 0 || (s->types & type_bits[n->kind]) ||
	    ((s->types & SCH_T_INTEGER) && is_integer(n)))
		return 0;
	if (c->errs == NULL)	/* a oneOf branch tried: no message */
		return 1;
	return fail_at(c, n, c->depth, VERR_TYPE, s->types,
	    "expected %s, got %s", types_str(c, s->types),
	    n->kind == CHK_NODE_MAP || n->kind == CHK_NODE_SEQ ||
	    n->kind == CHK_NODE_NULL ? node_kind_name(n->kind) : show(c, n));
}

static int
check_enum(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	const struct chk_node	*e = s->enum_;
	const char		*cands[16], *best = NULL;
	struct buf		 b = { 0 };
	size_t			 i, nc = 0;
	int			 rc;

	if (e == NULL)
		return 0;
	for (i = 0; i < e->n; i++)
		if (node_equal(e->items[i], n))
			return 0;
	if (c->errs == NULL)
		return 1;
	for (i = 0; i < e->n && i < 16; i++) {
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", show(c, e->items[i]));
		if (e->items[i]->kind == CHK_NODE_STRING)
			cands[nc++] = e->items[i]->str;
	}
	if (e->n > 16)
		buf_puts(&b, ", ...");
	if (n->kind == CHK_NODE_STRING)
		best = diag_did_you_mean(n->str, cands, nc);
	rc = fail_at(c, n, c->depth, VERR_VALUE, 0,
	    "expected %s%s, got %s%s%s%s", e->n == 1 ? "" : "one of ",
	    buf_str(&b), show(c, n), best ? " (did you mean '" : "",
	    best ? best : "", best ? "'?)" : "");
	buf_free(&b);
	return rc;
}

static int
check_const(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	if (s->const_ == NULL || node_equal(s->const_, n))
		return 0;
	return fail_at(c, n, c->depth, VERR_VALUE, 0, "expected %s, got %s",
	    show(c, s->const_), show(c, n));
}

static int
has(const struct schema *s, enum sch_limit l)
{
	return (s->has >> l) & 1;
}

/*
 * Is x a multiple of m (> 0)?  The quotient is rounded: decimal
 * fractions that binary cannot hold (0.0075 of 0.0001) are off by far
 * less than the tolerance, and a quotient beyond 2^53 has no fraction
 * left to test.  When it overflows, fmod is exact.
 */
static int
multiple_of(double x, double m)
{
	double	q = x / m, r;

	if (isfinite(q))
		return fabs(q) >= 9007199254740992.0 ||
		    fabs(q - nearbyint(q)) < 1e-9;
	r = fmod(fabs(x), m);
	return r == 0 || m - r == 0;
}

static int
check_number(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	const char	*lim;
	int		 errs = 0;
	double		 x = n->num;

	if (n->kind != CHK_NODE_NUMBER || s->has == 0)
		return 0;
#define LIMIT(l, bad, op)						\
	if (has(s, l) && (bad)) {					\
		lim = s->limits->node[l]->str;				\
		errs += fail(c, n, "expected a number " op " %s, got %s", \
		    lim, n->str);					\
	}
	LIMIT(SCH_MINIMUM, x < s->limits->lim[SCH_MINIMUM], ">=")
	LIMIT(SCH_MAXIMUM, x > s->limits->lim[SCH_MAXIMUM], "<=")
	LIMIT(SCH_EXMINIMUM, x <= s->limits->lim[SCH_EXMINIMUM], ">")
	LIMIT(SCH_EXMAXIMUM, x >= s->limits->lim[SCH_EXMAXIMUM], "<")
#undef LIMIT
	if (has(s, SCH_MULTIPLEOF) &&
	    !multiple_of(x, s->limits->lim[SCH_MULTIPLEOF]))
		errs += fail(c, n, "expected a multiple of %s, got %s",
		    s->limits->node[SCH_MULTIPLEOF]->str, n->str);
	return errs;
}

static int
check_string(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	size_t	len;
	int	errs = 0, r;

	if (n->kind != CHK_NODE_STRING)
		return 0;
	/* Every string of every file comes here; few have a length. */
	len = has(s, SCH_MINLENGTH) || has(s, SCH_MAXLENGTH) ?
	    utf8_length(n->str, n->len) : 0;
	if (has(s, SCH_MINLENGTH) && len < s->limits->lim[SCH_MINLENGTH])
		errs += fail(c, n, "expected at least %s character%s, got %zu",
		    s->limits->node[SCH_MINLENGTH]->str,
		    s->limits->lim[SCH_MINLENGTH] == 1 ? "" : "s", len);
	if (has(s, SCH_MAXLENGTH) && len > s->limits->lim[SCH_MAXLENGTH])
		errs += fail(c, n, "expected at most %s character%s, got %zu",
		    s->limits->node[SCH_MAXLENGTH]->str,
		    s->limits->lim[SCH_MAXLENGTH] == 1 ? "" : "s", len);
	if (s->pattern != NULL && !sch_regex_match(s->pattern, n->str, n->len))
		errs += fail(c, n, "%s does not match the pattern '%s'",
		    show(c, n), sch_regex_source(s->pattern));
	if (s->format != NULL && c->format_assert &&
	    (r = sch_format_check(s->format, n->str, n->len)) == 0)
		errs += fail(c, n, "%s is not a valid %s", show(c, n),
		    s->format);
	return errs;
}

/* A hash that equal nodes (node_equal) share: 1 and 1.0 alike, a
 * mapping's whatever the order of its keys. */
static uint64_t
node_hash(const struct chk_node *n)
{
	uint64_t	h = 14695981039346656037ULL;
	double		v;
	size_t		i;

	switch (n->kind) {
	case CHK_NODE_BOOL:
		return 2 + (uint64_t)n->b;
	case CHK_NODE_NUMBER:
		v = n->num == 0 ? 0 : n->num;	/* -0 == 0 */
		if (v != v)
			return 3;
		memcpy(&h, &v, sizeof(h));
		return h * 0x9E3779B97F4A7C15ULL;
	case CHK_NODE_STRING:
		for (i = 0; i < n->len; i++)
			h = (h ^ (unsigned char)n->str[i]) * 1099511628211ULL;
		return h;
	case CHK_NODE_SEQ:
		for (i = 0; i < n->n; i++)
			h = h * 31 + node_hash(n->items[i]);
		return h;
	case CHK_NODE_MAP:
		for (h = 7, i = 0; i < n->n; i++)
			h += (node_hash(n->pairs[i].key) * 31) ^
			    node_hash(n->pairs[i].value);
		return h;
	default:
		return 1;
	}
}

struct hidx {
	uint64_t	h;
	size_t		i;
};

static int
hidx_cmp(const void *a, const void *b)
{
	const struct hidx	*x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Items equal to an earlier one, each reported once, in order.  Items
 * are compared only with those of the same hash: comparing each with
 * all the earlier ones made a list of 100,000 take minutes.
 */
static int
check_unique(struct vctx *c, const struct chk_node *n)
{
	struct hidx	*hs;
	size_t		*first, i, j, k;
	int		 errs = 0;

	if (n->n < 2)
		return 0;
	hs = xmalloc(n->n * sizeof(*hs));
	first = xmalloc(n->n * sizeof(*first));
	for (i = 0; i < n->n; i++) {
		hs[i].h = node_hash(n->items[i]), hs[i].i = i;
		first[i] = SIZE_MAX;
	}
	qsort(hs, n->n, sizeof(*hs), hidx_cmp);
	/* In a run of one hash, item hs[j].i against those before it. */
	for (k = 0, j = 1; j < n->n; j++) {
		if (hs[j].h != hs[j - 1].h)
			k = j;
		for (i = k; i < j; i++)
			if (node_equal(n->items[hs[i].i], n->items[hs[j].i])) {
				first[hs[j].i] = hs[i].i;
				break;
			}
	}
	for (j = 0; j < n->n && (errs == 0 || c->errs != NULL); j++) {
		if (first[j] == SIZE_MAX)
			continue;
		push_idx(c, j);
		errs += fail(c, n->items[j], "same as item [%zu] "
		    "(items must be unique)", first[j]);
		c->depth--;
	}
	free(first);
	free(hs);
	return errs;
}

/* Validate each item from index first on against sub. */
static int
check_items_from(struct vctx *c, const struct schema *sub,
    const struct chk_node *n, size_t first, size_t end)
{
	size_t	i;
	int	errs = 0;

	for (i = first; i < end && i < n->n; i++) {
		push_idx(c, i);
		errs += eval(c, sub, n->items[i]);
		c->depth--;
		if (errs > 0 && c->errs == NULL)
			break;
	}
	return errs;
}

static int
check_contains(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	struct ptrvec	*saved = c->errs;
	double		 min;
	size_t		 i, hits = 0;

	min = has(s, SCH_MINCONTAINS) ? s->limits->lim[SCH_MINCONTAINS] : 1;
	c->errs = NULL;
	for (i = 0; i < n->n; i++) {
		push_idx(c, i);
		hits += eval(c, s->contains, n->items[i]) == 0;
		c->depth--;
	}
	c->errs = saved;
	if (hits < min)
		return fail(c, n, "expected at least %.0f item%s matching "
		    "'contains', got %zu", min, min == 1 ? "" : "s", hits);
	if (has(s, SCH_MAXCONTAINS) && hits > s->limits->lim[SCH_MAXCONTAINS])
		return fail(c, n, "expected at most %s item%s matching "
		    "'contains', got %zu",
		    s->limits->node[SCH_MAXCONTAINS]->str,
		    s->limits->lim[SCH_MAXCONTAINS] == 1 ? "" : "s", hits);
	return 0;
}

static int
check_array(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	size_t	i;
	int	errs = 0;

	if (n->kind != CHK_NODE_SEQ)
		return 0;
	if (has(s, SCH_MINITEMS) && n->n < s->limits->lim[SCH_MINITEMS])
		errs += fail(c, n, "expected at least %s item%s, got %zu",
		    s->limits->node[SCH_MINITEMS]->str,
		    s->limits->lim[SCH_MINITEMS] == 1 ? "" : "s", n->n);
	if (has(s, SCH_MAXITEMS) && n->n > s->limits->lim[SCH_MAXITEMS])
		errs += fail(c, n, "expected at most %s item%s, got %zu",
		    s->limits->node[SCH_MAXITEMS]->str,
		    s->limits->lim[SCH_MAXITEMS] == 1 ? "" : "s", n->n);
	if (errs > 0 && c->errs == NULL)
		return errs;
	if (s->unique)
		errs += check_unique(c, n);
	for (i = 0; i < s->prefix.n && i < n->n; i++)
		errs += check_items_from(c, s->prefix.v[i], n, i, i + 1);
	if (s->items != NULL)
		errs += check_items_from(c, s->items, n, s->prefix.n, n->n);
	if (s->contains != NULL && (errs == 0 || c->errs != NULL))
		errs += check_contains(c, s, n);
	return errs;
}

/* A key written without ':' in a flow mapping: a plain key whose value
 * is the empty null. */
static int
bare_key(const struct chk_pair *p)
{
	return p->key->style == CHK_STYLE_PLAIN &&
	    p->value->kind == CHK_NODE_NULL && p->value->len == 0;
}

/*
 * YAML splits a flow mapping at every comma, so {for: m in range(0, 31,
 * 15)} has the keys 'for', '31' and '15)'.  When pair i of map is such a
 * piece, put in buf a hint that says so and gives the value to quote
 * ("" if it is not one).
 */
static void
split_hint(const struct chk_node *map, size_t i, struct buf *buf)
{
	size_t	head, j;

	if (map->style != CHK_STYLE_FLOW || !bare_key(&map->pairs[i]))
		return;
	for (head = i; head > 0 && bare_key(&map->pairs[head - 1]); head--)
		continue;
	if (head-- == 0 || map->pairs[head].value->style != CHK_STYLE_PLAIN ||
	    map->pairs[head].value->kind == CHK_NODE_MAP ||
	    map->pairs[head].value->kind == CHK_NODE_SEQ)
		return;
	buf_printf(buf, " (YAML split the flow mapping { } at its commas: "
	    "quote the value, %s: \"%s", map->pairs[head].key->str,
	    map->pairs[head].value->str);
	for (j = head + 1; j < map->n && bare_key(&map->pairs[j]); j++)
		buf_printf(buf, ", %s", map->pairs[j].key->str);
	buf_puts(buf, "\")");
}

/*
 * The member of s's properties named key, or NULL.  A few properties
 * are compared in turn; many are in a table, and *next is where the
 * previous member's property was, + 1: a mapping's keys come mostly in
 * the order of the properties (a checklist's variables are made in the
 * order of its template's params), so the property there is tried
 * first, which spares the hash of the key and a search.
 */
static const struct sch_prop *
prop_find(const struct schema *s, const char *key, size_t *next)
{
	const char	*name;
	size_t		 i;

	if (s->propidx == NULL) {
		for (i = 0; i < s->nprops; i++)
			if (s->props[i].name[0] == key[0] &&
			    strcmp(s->props[i].name, key) == 0)
				return &s->props[i];
		return NULL;
	}
	if (*next < s->nprops && ((name = s->props[*next].name) == key ||
	    (name[0] == key[0] && strcmp(name, key) == 0)))
		return &s->props[(*next)++];
	if ((i = node_index_find(s->propidx, key)) == 0)
		return NULL;
	*next = i;
	return &s->props[i - 1];
}

/* The schemas that apply to member i of mapping n; an unknown key under
 * additionalProperties: false is reported at the key, with a
 * did-you-mean. */
static int
check_member(struct vctx *c, const struct schema *s, const struct chk_node *n,
    size_t idx, size_t *next)
{
	const struct chk_node	*k = n->pairs[idx].key, *v = n->pairs[idx].value;
	const struct sch_prop	*p;
	const char		*best;
	struct buf		 hint = { 0 };
	size_t			 i;
	int			 errs = 0, matched = 0;

	push_key(c, k->str);
	if ((p = prop_find(s, k->str, next)) != NULL) {
		errs += eval(c, p->s, v);
		matched = 1;
	}
	for (i = 0; i < s->npatprops; i++)
		if (s->patprops[i].re != NULL && sch_regex_match(
		    s->patprops[i].re, k->str, k->len)) {
			errs += eval(c, s->patprops[i].s, v);
			matched = 1;
		}
	c->depth--;
	if (matched || s->addprops == NULL)
		return errs;
	if (s->addprops->is_bool && !s->addprops->bval) {
		/* Inside a oneOf branch only validity counts: no message,
		 * so no did-you-mean to compute. */
		if (c->errs == NULL)
			return errs + 1;
		best = diag_did_you_mean(k->str, s->pnames, s->nprops);
		split_hint(n, idx, &hint);
		errs += fail_at(c, k, c->depth + 1, VERR_OTHER, 0,
		    "unknown key '%s'%s%s%s%s", k->str,
		    best ? " (did you mean '" : "", best ? best : "",
		    best ? "'?)" : "", buf_str(&hint));
		buf_free(&hint);
		return errs;
	}
	push_key(c, k->str);
	errs += eval(c, s->addprops, v);
	c->depth--;
	return errs;
}

/* Does n have an unknown key (under additionalProperties: false) that
 * is a typo of name? */
static int
misspelt(const struct schema *s, const struct chk_node *n, const char *name)
{
	const char	*best;
	size_t		 i, j;

	if (s->addprops == NULL || !s->addprops->is_bool || s->addprops->bval)
		return 0;
	for (i = 0; i < n->n; i++) {
		for (j = 0; j < s->nprops; j++)
			if (strcmp(s->props[j].name, n->pairs[i].key->str) == 0)
				break;
		if (j == s->nprops && s->npatprops == 0 &&
		    (best = diag_did_you_mean(n->pairs[i].key->str, s->pnames,
		    s->nprops)) != NULL && strcmp(best, name) == 0)
			return 1;
	}
	return 0;
}

static int
check_keys(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	const struct chk_node	*req;
	size_t			 i, j;
	int			 errs = 0;

	for (i = 0; s->required != NULL && i < s->required->n; i++) {
		req = s->required->items[i];
		if (node_pair(n, req->str) != NULL)
			continue;
		/* 'titel' is reported as unknown with a did-you-mean:
		 * that says it all. */
		if (c->errs != NULL && misspelt(s, n, req->str))
			errs++;
		else
			errs += fail(c, n, "missing required key '%s'",
			    req->str);
	}
	for (i = 0; i < s->ndepreq; i++) {
		if (s->depreq[i].list == NULL ||
		    node_pair(n, s->depreq[i].name) == NULL)
			continue;
		for (j = 0; j < s->depreq[i].list->n; j++) {
			req = s->depreq[i].list->items[j];
			if (node_pair(n, req->str) == NULL)
				errs += fail(c, n, "missing key '%s' (required "
				    "with '%s')", req->str, s->depreq[i].name);
		}
	}
	for (i = 0; i < s->ndepsch; i++)
		if (node_pair(n, s->depsch[i].name) != NULL)
			errs += eval(c, s->depsch[i].s, n);
	return errs;
}

static int
check_object(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	size_t	i, next = 0;
	int	errs = 0;

	if (n->kind != CHK_NODE_MAP)
		return 0;
	if (has(s, SCH_MINPROPS) && n->n < s->limits->lim[SCH_MINPROPS])
		errs += fail(c, n, "expected at least %s key%s, got %zu",
		    s->limits->node[SCH_MINPROPS]->str,
		    s->limits->lim[SCH_MINPROPS] == 1 ? "" : "s", n->n);
	if (has(s, SCH_MAXPROPS) && n->n > s->limits->lim[SCH_MAXPROPS])
		errs += fail(c, n, "expected at most %s key%s, got %zu",
		    s->limits->node[SCH_MAXPROPS]->str,
		    s->limits->lim[SCH_MAXPROPS] == 1 ? "" : "s", n->n);
	errs += check_keys(c, s, n);
	for (i = 0; i < n->n && (errs == 0 || c->errs != NULL); i++) {
		errs += check_member(c, s, n, i, &next);
		/* A key is checked where it is written. */
		if (s->propnames != NULL)
			errs += eval(c, s->propnames, n->pairs[i].key);
	}
	return errs;
}

static int
check_ref(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	const struct schema	*target = s->dref;
	const struct sch_anchor	*an;
	size_t			 i;
	int			 errs = 0;

	if (s->ref != NULL)
		errs += eval(c, s->ref, n);
	if (target == NULL || (errs > 0 && c->errs == NULL))
		return errs;
	/* The outermost resource in the dynamic scope that has the
	 * anchor wins (2020-12 §8.2.3.2). */
	for (i = 0; s->dref_anchor != NULL && i < c->nscope; i++) {
		for (an = c->scope[i]->anchors; an != NULL; an = an->next)
			if (an->dynamic &&
			    strcmp(an->name, s->dref_anchor) == 0)
				break;
		if (an != NULL) {
			target = an->s;
			break;
		}
	}
	return errs + eval(c, target, n);
}

static int
check_allof(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	size_t	i;
	int	errs = 0;

	for (i = 0; i < s->allof.n && (errs == 0 || c->errs != NULL); i++)
		errs += eval(c, s->allof.v[i], n);
	return errs;
}

/*
 * Does n fail s for certain, by its type or a required key it lacks?
 * anyOf and oneOf try every branch, and most branches of chkc's own
 * schemas (a block: a check, a field, a table...) are told apart so:
 * evaluating each to that first error took several calls more.  A
 * branch that is only a $ref is looked through.
 */
static int
quick_reject(const struct schema *s, const struct chk_node *n)
{
	const unsigned	 ref_only = 1u << 7;	/* checks[7], check_ref */
	size_t		 i, hops;

	/* A cycle of $refs has nothing to tell: eval() reports it. */
	for (hops = 0; hops < 8 && !s->is_bool &&
	    s->checks[n->kind] == ref_only && s->ref != NULL &&
	    s->dref_uri == NULL; hops++)
		s = s->ref;
	if (s->is_bool)
		return !s->bval;
	if (s->types != 0 && !(s->types & type_bits[n->kind]) &&
	    !((s->types & SCH_T_INTEGER) && is_integer(n)))
		return 1;
	for (i = 0; n->kind == CHK_NODE_MAP && s->required != NULL &&
	    i < s->required->n; i++)
		if (node_pair(n, s->required->items[i]->str) == NULL)
			return 1;
	return 0;
}

/* Validity only: 0 if n is valid against s. */
static int
quiet(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	struct ptrvec	*saved = c->errs;
	int		 errs;

	c->errs = NULL;
	errs = eval(c, s, n);
	c->errs = saved;
	return errs;
}

/* How far a failed branch got: fewer is closer.  A branch that wanted
 * another type is farthest; then errors at the instance itself. */
static size_t
branch_score(const struct ptrvec *v, size_t depth, unsigned *types)
{
	const struct verr	*e;
	size_t			 i, root = 0, wrong_type = 0;

	for (i = 0; i < v->n; i++) {
		e = v->v[i];
		if (e->depth == depth && e->kind == VERR_TYPE) {
			wrong_type = 1;
			*types |= e->types;
		}
		root += e->depth <= depth;
	}
	return wrong_type * 1000000 + root * 1000 + (v->n < 999 ? v->n : 999);
}

/*
 * All the branches of an anyOf or oneOf failed: report the closest
 * one's errors, or when each wanted another type, what they wanted.
 */
static int
explain_branches(struct vctx *c, const struct sch_list *l,
    const struct chk_node *n)
{
	struct ptrvec	*saved = c->errs, *v;
	size_t		 i, best = 0, score, best_score = (size_t)-1;
	unsigned	 types = 0;
	int		 all_types = 1;

	v = xcalloc(l->n, sizeof(*v));
	for (i = 0; i < l->n; i++) {
		c->errs = &v[i];
		eval(c, l->v[i], n);
		score = branch_score(&v[i], c->depth, &types);
		all_types &= score >= 1000000;
		if (score < best_score)
			best = i, best_score = score;
	}
	c->errs = saved;
	if (all_types && types != 0)
		fail_at(c, n, c->depth, VERR_TYPE, types, "expected %s, got %s",
		    types_str(c, types), n->kind == CHK_NODE_MAP ||
		    n->kind == CHK_NODE_SEQ || n->kind == CHK_NODE_NULL ?
		    node_kind_name(n->kind) : show(c, n));
	else
		for (i = 0; i < v[best].n; i++)
			ptrvec_push(c->errs, v[best].v[i]);
	for (i = 0; i < l->n; i++)
		ptrvec_free(&v[i]);
	free(v);
	return 1;
}

static int
check_anyof(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	size_t	i;

	if (s->anyof.n == 0)
		return 0;
	for (i = 0; i < s->anyof.n; i++)
		if (!quick_reject(s->anyof.v[i], n) &&
		    quiet(c, s->anyof.v[i], n) == 0)
			return 0;
	return c->errs == NULL ? 1 : explain_branches(c, &s->anyof, n);
}

static int
check_oneof(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	const char	*t1, *t2;
	size_t		 i, first = 0, valid = 0;

	if (s->oneof.n == 0)
		return 0;
	for (i = 0; i < s->oneof.n; i++)
		if (!quick_reject(s->oneof.v[i], n) &&
		    quiet(c, s->oneof.v[i], n) == 0 && valid++ == 0)
			first = i;
		else if (valid > 1)
			break;
	if (valid == 1)
		return 0;
	if (c->errs == NULL)
		return 1;
	if (valid == 0)
		return explain_branches(c, &s->oneof, n);
	t1 = node_str(node_get(s->oneof.v[first]->node, "title"));
	t2 = node_str(node_get(s->oneof.v[i]->node, "title"));
	if (t1 != NULL && t2 != NULL)
		return fail(c, n, "matches both '%s' and '%s' (only one of "
		    "them is allowed)", t1, t2);
	return fail(c, n, "matches alternatives %zu and %zu of 'oneOf' "
	    "(only one of them is allowed)", first + 1, i + 1);
}

static int
check_not(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	if (s->not_ == NULL || quiet(c, s->not_, n) > 0)
		return 0;
	return fail(c, n, "%s is not allowed here (it matches the 'not' "
	    "schema)", show(c, n));
}

static int
check_cond(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	if (s->if_ == NULL)
		return 0;
	if (quiet(c, s->if_, n) == 0)
		return s->then_ != NULL ? eval(c, s->then_, n) : 0;
	return s->else_ != NULL ? eval(c, s->else_, n) : 0;
}

/* check_type comes first: after a wrong type the others say nothing
 * more that helps. */
static const check_fn checks[] = {
	check_type,
	check_enum,
	check_const,
	check_number,
	check_string,
	check_array,
	check_object,
	check_ref,
	check_allof,
	check_anyof,
	check_oneof,
	check_not,
	check_cond,
};

/*
 * Can checks[i] find anything in s for an instance of kind k?  A
 * schema has a keyword or two, and calling all thirteen checks for
 * every node of every file was most of the cost of eval(): the answers
 * are worked out once per schema, in s->checks.  A $ref counts by its
 * URI (its target is resolved later; an unresolved one checks nothing).
 */
static int
check_applies(size_t i, const struct schema *s, enum chk_node_kind k)
{
	switch (i) {
	case 0:
		return s->types != 0;
	case 1:
		return s->enum_ != NULL;
	case 2:
		return s->const_ != NULL;
	case 3:
		return k == CHK_NODE_NUMBER && s->has != 0;
	case 4:
		return k == CHK_NODE_STRING && (s->pattern != NULL ||
		    s->format != NULL || has(s, SCH_MINLENGTH) ||
		    has(s, SCH_MAXLENGTH));
	case 5:
		return k == CHK_NODE_SEQ;
	case 6:
		return k == CHK_NODE_MAP;
	case 7:
		return s->ref_uri != NULL || s->dref_uri != NULL;
	case 8:
		return s->allof.n > 0;
	case 9:
		return s->anyof.n > 0;
	case 10:
		return s->oneof.n > 0;
	case 11:
		return s->not_ != NULL;
	default:
		return s->if_ != NULL;
	}
}

void
sch_checks(struct schema *s)
{
	size_t	i, k;

	for (k = 0; k < CHK_NODE__MAX; k++) {
		s->checks[k] = 0;
		for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
			if (check_applies(i, s, (enum chk_node_kind)k))
				s->checks[k] |= 1u << i;
	}
}

static int
eval(struct vctx *c, const struct schema *s, const struct chk_node *n)
{
	size_t		i;
	unsigned	todo;
	int		errs = 0, pushed = 0;

	if (s->is_bool)
		return s->bval ? 0 : fail(c, n, "no value is allowed here");
	if (c->calls >= MAX_CALLS)
		return fail(c, n, "schema nested too deep (a $ref cycle?)");
	c->calls++;
	if ((c->nscope == 0 || c->scope[c->nscope - 1] != s->res) &&
	    c->nscope < MAX_SCOPE) {
		c->scope[c->nscope++] = s->res;
		pushed = 1;
	}
	/* Only the checks that apply, lowest bit first. */
	for (todo = s->checks[n->kind]; todo != 0; todo &= todo - 1) {
		i = (size_t)__builtin_ctz(todo);
		errs += checks[i](c, s, n);
		if (errs > 0 && (c->errs == NULL || checks[i] == check_type))
			break;
	}
	c->nscope -= pushed;
	c->calls--;
	return errs;
}

/* A record and its place in the order they were made. */
struct vref {
	const struct verr	*e;
	size_t			 i;
};

/* By instance node, path and text, then in the order made. */
static int
vref_cmp(const void *a, const void *b)
{
	const struct vref	*x = a, *y = b;
	int			 c;

	if (x->e->at != y->e->at)
		return x->e->at < y->e->at ? -1 : 1;
	if ((c = strcmp(x->e->path, y->e->path)) != 0 ||
	    (c = strcmp(x->e->msg, y->e->msg)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Hand the records to d, each distinct one once, in the order they were
 * made; returns how many.  Duplicates are found by sorting: comparing
 * each record with all the earlier ones made a file with 300,000
 * unknown keys take minutes.
 */
static int
flush(struct ptrvec *errs, struct diag *d)
{
	const struct verr	*e;
	struct vref		*refs;
	unsigned char		*dup;
	size_t			 i;
	int			 n = 0;

	if (errs->n == 0)
		return 0;
	refs = xmalloc(errs->n * sizeof(*refs));
	dup = xcalloc(errs->n, 1);
	for (i = 0; i < errs->n; i++)
		refs[i].e = errs->v[i], refs[i].i = i;
	qsort(refs, errs->n, sizeof(*refs), vref_cmp);
	for (i = 1; i < errs->n; i++)
		if (refs[i].e->at == refs[i - 1].e->at &&
		    strcmp(refs[i].e->path, refs[i - 1].e->path) == 0 &&
		    strcmp(refs[i].e->msg, refs[i - 1].e->msg) == 0)
			dup[refs[i].i] = 1;
	for (i = 0; i < errs->n; i++) {
		e = errs->v[i];
		if (dup[i])
			continue;
		diag_add(d, &e->at->loc, DIAG_ERROR, "%s%s%s", e->path,
		    *e->path != '\0' ? ": " : "", e->msg);
		n++;
	}
	free(dup);
	free(refs);
	return n;
}

int
schema_validate_path(const struct schema *s, const struct chk_node *n,
    const char *prefix, struct diag *d)
{
	struct vctx	*c = xmalloc(sizeof(*c));
	struct ptrvec	 errs = { 0 };
	int		 rc;

	/* Not calloc(): path[] and scope[] (6 KB) are read only up to
	 * depth and nscope, and zeroing them cost more than a small
	 * file's validation. */
	c->a = arena_new();
	c->errs = &errs;
	c->prefix = prefix;
	c->depth = c->nscope = 0;
	c->calls = 0;
	c->format_assert = s->res->reg->format_assert;
	eval(c, s, n);
	rc = flush(&errs, d);
	ptrvec_free(&errs);
	arena_free(c->a);
	free(c);
	return rc;
}

int
schema_validate(const struct schema *s, const struct chk_node *n,
    struct diag *d)
{
	return schema_validate_path(s, n, NULL, d);
}
