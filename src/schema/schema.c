/*
 * The registry of compiled schemas: documents, their resources ($id),
 * anchors and the $ref between them, and the built-in registry of the
 * schemas embedded in the binary.
 *
 * Every URI is absolute inside: a file is "file:///abs/path", an
 * embedded chkc schema "chkc:/schemas/NAME", the meta-schemas their
 * https $id.  Nothing is fetched from the network.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "schema/schema.h"
#include "schema/libschema.h"

#define EMBED_SCHEME	"chkc:/"
#define META_URI	"https://json-schema.org/draft/2020-12/schema"

/* The meta-schemas by $id, and the embedded file that holds each. */
static const struct {
	const char	*uri;
	const char	*file;
} known[] = {
	{ META_URI,			"schemas/meta/schema.json" },
	{ "https://json-schema.org/draft/2020-12/meta/core",
					"schemas/meta/core.json" },
	{ "https://json-schema.org/draft/2020-12/meta/applicator",
					"schemas/meta/applicator.json" },
	{ "https://json-schema.org/draft/2020-12/meta/unevaluated",
					"schemas/meta/unevaluated.json" },
	{ "https://json-schema.org/draft/2020-12/meta/validation",
					"schemas/meta/validation.json" },
	{ "https://json-schema.org/draft/2020-12/meta/meta-data",
					"schemas/meta/meta-data.json" },
	{ "https://json-schema.org/draft/2020-12/meta/format-annotation",
					"schemas/meta/format-annotation.json" },
	{ "https://json-schema.org/draft/2020-12/meta/content",
					"schemas/meta/content.json" },
};

/* ------------------------------------------------------------------ */
/* Indexes. */

static size_t
memo_slot(const struct schema_reg *reg, const struct chk_node *n)
{
	uintptr_t	h = (uintptr_t)n;

	h ^= h >> 17;
	h *= 0x9E3779B1u;
	return (size_t)(h ^ (h >> 13)) & (reg->memo_cap - 1);
}

struct schema *
sch_memo_get(const struct schema_reg *reg, const struct chk_node *n)
{
	size_t	i;

	if (reg->memo_cap == 0)
		return NULL;
	for (i = memo_slot(reg, n); reg->memo[i] != NULL;
	    i = (i + 1) & (reg->memo_cap - 1))
		if (reg->memo[i]->node == n)
			return reg->memo[i];
	return NULL;
}

void
sch_memo_put(struct schema_reg *reg, struct schema *s)
{
	struct schema	**old = reg->memo;
	size_t		  i, oldcap = reg->memo_cap;

	if ((reg->memo_n + 1) * 2 > reg->memo_cap) {
		reg->memo_cap = oldcap ? oldcap * 2 : 256;
		reg->memo = xcalloc(reg->memo_cap, sizeof(*reg->memo));
		reg->memo_n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				sch_memo_put(reg, old[i]);
		free(old);
	}
	for (i = memo_slot(reg, s->node); reg->memo[i] != NULL;
	    i = (i + 1) & (reg->memo_cap - 1))
		continue;
	reg->memo[i] = s;
	reg->memo_n++;
}

struct sch_res *
sch_res_new(struct schema_reg *reg, const char *uri, const char *retrieved,
    const struct chk_node *node)
{
	struct sch_res	*r = arena_alloc(reg->a, sizeof(*r));

	r->uri = arena_strdup(reg->a, uri);
	r->retrieved = retrieved;
	r->node = node;
	r->reg = reg;
	r->next = reg->res;
	reg->res = r;
	return r;
}

static struct sch_res *
res_find(const struct schema_reg *reg, const char *uri)
{
	struct sch_res	*r;

	for (r = reg->res; r != NULL; r = r->next)
		if (strcmp(r->uri, uri) == 0 && r->root != NULL)
			return r;
	return NULL;
}

void
sch_pending_push(struct schema_reg *reg, struct schema *s)
{
	if (reg->npending == reg->pending_cap) {
		reg->pending_cap = reg->pending_cap ? reg->pending_cap * 2 : 64;
		reg->pending = xrealloc(reg->pending,
		    reg->pending_cap * sizeof(*reg->pending));
	}
	reg->pending[reg->npending++] = s;
}

/* ------------------------------------------------------------------ */
/* The registry. */

struct schema_reg *
schema_reg_new(void)
{
	struct schema_reg	*reg = xcalloc(1, sizeof(*reg));

	reg->a = arena_new();
	return reg;
}

void
schema_reg_free(struct schema_reg *reg)
{
	if (reg == NULL)
		return;
	sch_regex_free_all(reg->regexes);
	free(reg->memo);
	free(reg->pending);
	arena_free(reg->a);
	free(reg);
}

void
schema_reg_format_assert(struct schema_reg *reg, int on)
{
	reg->format_assert = on != 0;
}

void
schema_reg_map(struct schema_reg *reg, const char *prefix, const char *dir)
{
	struct sch_map	*m = arena_alloc(reg->a, sizeof(*m));

	m->prefix = arena_strdup(reg->a, prefix);
	m->dir = arena_strdup(reg->a, dir);
	m->next = reg->maps;
	reg->maps = m;
}

/* The absolute file: URI of a path name. */
static char *
file_uri(struct arena *a, const char *path)
{
	char	cwd[4096];

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return sch_uri_resolve(a, "file:///", path);
	return sch_uri_resolve(a, arena_printf(a, "file://%s/", cwd), path);
}

/* A path name as the user would write it: relative to the current
 * directory when it is below it. */
static const char *
display_path(struct arena *a, const char *path)
{
	char	cwd[4096];
	size_t	n;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return arena_strdup(a, path + n + 1);
	return path;
}

static const char *
embedded(const char *name, size_t *len)
{
	size_t	i;

	for (i = 0; schema_embed_names[i] != NULL; i++)
		if (strcmp(schema_embed_names[i], name) == 0) {
			*len = schema_embed_sizes[i];
			return schema_embed_data[i];
		}
	return NULL;
}

const char *
schema_embedded_file(const char *name, size_t *len)
{
	return embedded(name, len);
}

static struct sch_res *add_doc(struct schema_reg *, const struct chk_node *,
		    const char *, struct diag *);

/* The embedded file that holds the document at uri, or NULL. */
static const char *
embedded_name(const char *uri)
{
	size_t	i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(uri, known[i].uri) == 0)
			return known[i].file;
	if (strncmp(uri, EMBED_SCHEME, strlen(EMBED_SCHEME)) == 0)
		return uri + strlen(EMBED_SCHEME);
	return NULL;
}

/* Making the tree from the tables costs a hundredth of parsing the
 * JSON, which was most of the start of a one-checklist build. */
const struct chk_node *
sch_tree_load(struct arena *a, const char *name, const char *uri)
{
	const struct sch_tree	*t;
	const struct sch_tnode	*tn;
	struct chk_node		*nodes, *n, **items;
	struct chk_pair		*pairs;
	size_t			 i, j, np = 0;

	for (t = schema_trees; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0 && strcmp(t->uri, uri) == 0)
			break;
	if (t->name == NULL)
		return NULL;
	nodes = arena_alloc(a, t->nnodes * sizeof(*nodes));
	items = arena_alloc(a, t->nkids * sizeof(*items));
	pairs = arena_alloc(a, (t->nkids / 2 + 1) * sizeof(*pairs));
	for (i = 0; i < t->nkids; i++)
		items[i] = &nodes[t->kids[i]];
	for (i = 0; i < t->nnodes; i++) {
		tn = &t->nodes[i], n = &nodes[i];
		n->kind = tn->kind, n->style = tn->style;
		n->loc.file = t->uri;
		n->loc.line = (int)tn->line, n->loc.col = (int)tn->col;
		n->str = tn->str != SCH_TREE_NOSTR ? t->blob + tn->str : NULL;
		n->len = tn->len, n->b = tn->b, n->is_int = tn->is_int;
		n->num = tn->num, n->n = tn->n;
		if (n->kind == CHK_NODE_SEQ)
			n->items = &items[tn->kids];
		if (n->kind != CHK_NODE_MAP)
			continue;
		n->pairs = &pairs[np];
		for (j = 0; j < n->n; j++, np++) {
			pairs[np].key = items[tn->kids + 2 * j];
			pairs[np].value = items[tn->kids + 2 * j + 1];
		}
	}
	return nodes;
}

/*
 * Load the document at absolute uri (no fragment) into the registry:
 * an embedded schema, a mapped prefix or a local file.  NULL if there
 * is none (no diagnostic) or it does not load (diagnostics).
 */
static struct sch_res *
fetch(struct schema_reg *reg, const char *uri, struct diag *d)
{
	const struct chk_node	*doc;
	const struct sch_map	*m;
	const char		*path = NULL, *text = NULL, *name;
	size_t			 len;

	if ((name = embedded_name(uri)) != NULL &&
	    (doc = sch_tree_load(reg->a, name, uri)) != NULL)
		return add_doc(reg, doc, uri, d);
	if (name != NULL && (text = embedded(name, &len)) != NULL) {
		doc = load_buffer(reg->a, uri, text, len, d);
		return doc != NULL ? add_doc(reg, doc, uri, d) : NULL;
	}
	for (m = reg->maps; m != NULL && path == NULL; m = m->next)
		if (strncmp(uri, m->prefix, strlen(m->prefix)) == 0)
			path = arena_printf(reg->a, "%s/%s", m->dir,
			    uri + strlen(m->prefix));
	if (path == NULL && (path = sch_uri_path(uri)) != NULL)
		path = display_path(reg->a, path);
	if (path == NULL || access(path, R_OK) == -1)
		return NULL;
	if ((doc = load_file(reg->a, path, d)) == NULL)
		return NULL;
	return add_doc(reg, doc, uri, d);
}

/*
 * The schema that uri (absolute, with a fragment or not) names; ref is
 * the reference as written (tried against the referring document's
 * file too) and at its node, for the diagnostic when there is none.
 */
static struct schema *
lookup(struct schema_reg *reg, const char *uri, const struct schema *from,
    const struct chk_node *at, struct diag *d)
{
	const char		*frag, *base, *b;
	struct sch_res		*r, *t;
	const struct chk_node	*n;
	struct sch_anchor	*an;

	base = sch_uri_split(reg->a, uri, &frag);
	if ((r = res_find(reg, base)) == NULL &&
	    (r = fetch(reg, base, d)) == NULL && from->res->retrieved != NULL)
		/* A sibling file beside the document, whatever its $id. */
		r = fetch(reg, sch_uri_split(reg->a, sch_uri_resolve(reg->a,
		    from->res->retrieved, at->str), &b), d);
	if (r == NULL) {
		diag_add(d, &at->loc, DIAG_ERROR, "cannot resolve '%s': no "
		    "schema '%s' (chkc does not fetch schemas from the "
		    "network)", at->str, base);
		return NULL;
	}
	r = r->root->res;
	if (*frag == '\0')
		return r->root;
	if (*frag == '/') {
		b = r->uri;
		if ((n = sch_pointer(reg->a, r->node, frag, &b)) != NULL) {
			/* One lookup (gcc -fanalyzer could not tell that
			 * a second would find the same). */
			t = res_find(reg, b);
			return sch_compile(reg, n, t != NULL ? t->root->res : r,
			    d);
		}
	} else
		for (an = r->anchors; an != NULL; an = an->next)
			if (strcmp(an->name, frag) == 0)
				return an->s;
	diag_add(d, &at->loc, DIAG_ERROR, "cannot resolve '%s': '%s' has no "
	    "'#%s'", at->str, base, frag);
	return NULL;
}

/* A $dynamicRef whose static target has a $dynamicAnchor of the name
 * in its fragment is dynamic: remember the name. */
static void
resolve_dynamic(struct schema_reg *reg, struct schema *s, struct diag *d)
{
	const char		*frag;
	struct sch_anchor	*an;

	if ((s->dref = lookup(reg, s->dref_uri, s, s->dref_node, d)) == NULL)
		return;
	sch_uri_split(reg->a, s->dref_uri, &frag);
	if (*frag == '\0' || *frag == '/')
		return;
	for (an = s->dref->res->anchors; an != NULL; an = an->next)
		if (an->dynamic && strcmp(an->name, frag) == 0)
			s->dref_anchor = an->name;
}

/* Resolve the references recorded so far; lookups may load documents
 * that record more. */
static void
resolve_pending(struct schema_reg *reg, struct diag *d)
{
	struct schema	*s;

	while (reg->npending > 0) {
		s = reg->pending[--reg->npending];
		if (s->ref_uri != NULL && s->ref == NULL)
			s->ref = lookup(reg, s->ref_uri, s, s->ref_node, d);
		if (s->dref_uri != NULL && s->dref == NULL)
			resolve_dynamic(reg, s, d);
	}
}

/* Compile doc as a document retrieved from uri (absolute). */
static struct sch_res *
add_doc(struct schema_reg *reg, const struct chk_node *doc, const char *uri,
    struct diag *d)
{
	struct sch_res	*r;
	struct schema	*root;

	r = sch_res_new(reg, uri, arena_strdup(reg->a, uri), doc);
	root = sch_compile(reg, doc, r, d);
	r->root = root;
	return r;
}

const struct schema *
schema_reg_add(struct schema_reg *reg, const struct chk_node *doc,
    const char *uri, struct diag *d)
{
	struct sch_res	*r;
	int		 errors = diag_errors(d);
	const char	*frag;

	if (sch_uri_path(uri) == uri)
		uri = file_uri(reg->a, uri);
	uri = sch_uri_split(reg->a, uri, &frag);
	r = add_doc(reg, doc, uri, d);
	resolve_pending(reg, d);
	return diag_errors(d) > errors ? NULL : r->root;
}

const struct schema *
schema_reg_load(struct schema_reg *reg, const char *path, struct diag *d)
{
	const struct chk_node	*doc;

	if ((doc = load_file(reg->a, path, d)) == NULL)
		return NULL;
	return schema_reg_add(reg, doc, path, d);
}

const struct chk_node *
schema_node(const struct schema *s)
{
	return s->node;
}

/* ------------------------------------------------------------------ */
/* The built-in registry and chkc's own formats. */

static struct schema_reg	*builtin;
static const struct schema	*builtin_docs[SCHEMA__MAX];

struct schema_reg *
sch_builtin(void)
{
	if (builtin == NULL) {
		builtin = schema_reg_new();
		builtin->format_assert = 1;
	}
	return builtin;
}

void
schema_shutdown(void)
{
	schema_reg_free(builtin);
	builtin = NULL;
	memset(builtin_docs, 0, sizeof(builtin_docs));
}

/* The compiled schema at uri in reg; a failure here is a bug in an
 * embedded schema, reported as such. */
static const struct schema *
compiled(struct schema_reg *reg, const char *uri, struct diag *d)
{
	struct schema		 dummy, *s;
	struct chk_node		 at;
	struct sch_res		 res;

	memset(&dummy, 0, sizeof(dummy));
	memset(&at, 0, sizeof(at));
	memset(&res, 0, sizeof(res));
	dummy.res = &res;
	at.kind = CHK_NODE_STRING;
	at.str = uri;
	at.loc.file = "chkc";
	dummy.node = &at;
	s = lookup(reg, uri, &dummy, &at, d);
	resolve_pending(reg, d);
	return s;
}

const struct schema *
schema_reg_get(struct schema_reg *reg, const char *uri, struct diag *d)
{
	if (sch_uri_path(uri) == uri)
		uri = file_uri(reg->a, uri);
	return compiled(reg, uri, d);
}

const struct schema *
sch_meta(struct schema_reg *reg, struct diag *d)
{
	return compiled(reg, META_URI, d);
}

static const struct schema *
builtin_doc(enum schema_doc kind, struct diag *d)
{
	static const char *const uris[SCHEMA__MAX] = {
		EMBED_SCHEME "schemas/template.schema.json",
		EMBED_SCHEME "schemas/project.schema.json",
		EMBED_SCHEME "schemas/run.schema.json",
		EMBED_SCHEME "schemas/translation.schema.json",
		EMBED_SCHEME "schemas/template.schema.json#/$defs/part",
	};
	struct schema_reg	*reg = sch_builtin();

	if (builtin_docs[kind] == NULL)
		builtin_docs[kind] = compiled(reg, uris[kind], d);
	return builtin_docs[kind];
}

int
schema_check(enum schema_doc kind, const struct chk_node *doc,
    struct diag *d)
{
	const struct schema	*s;
	const struct chk_node	*params;
	int			 errors;

	if ((s = builtin_doc(kind, d)) == NULL)
		return 1;
	errors = schema_validate(s, doc, d);
	/* Compile the params too: a bad pattern or $ref shows only then. */
	if (errors == 0 && kind == SCHEMA_TEMPLATE &&
	    (params = node_get(doc, "params")) != NULL) {
		struct schema_reg *reg = schema_reg_new();
		int before = diag_errors(d);

		reg->lint = 1;
		schema_reg_add(reg, params, params->loc.file, d);
		errors += diag_errors(d) - before;
		schema_reg_free(reg);
	}
	return errors;
}

int
schema_check_schema(const struct chk_node *doc, struct diag *d)
{
	const struct schema	*meta;

	if ((meta = sch_meta(sch_builtin(), d)) == NULL)
		return 1;
	return schema_validate(meta, doc, d);
}

/*
 * The top-level properties of params that have a "default", as pairs
 * (the property's key, its default) from the arena; *n of them.
 */
static struct chk_pair *
defaults_of(const struct chk_node *params, struct arena *a, size_t *n)
{
	const struct chk_node	*props = node_get(params, "properties");
	struct chk_pair		*v;
	struct chk_node		*dflt;
	size_t			 i;

	*n = 0;
	if (props == NULL || props->kind != CHK_NODE_MAP)
		return NULL;
	v = arena_alloc(a, props->n * sizeof(*v));
	for (i = 0; i < props->n; i++)
		if ((dflt = node_get(props->pairs[i].value, "default")) != NULL) {
			v[*n].key = props->pairs[i].key;
			v[(*n)++].value = dflt;
		}
	return v;
}

/* vars with the defaults dflts[0..ndflts) of the keys it lacks added;
 * at is the place of the new mapping when vars is NULL. */
static struct chk_node *
with_defaults(const struct chk_node *vars, const struct chk_pair *dflts,
    size_t ndflts, const struct chk_node *at, struct arena *a)
{
	struct chk_node		*out;
	struct node_index	*idx = NULL;
	size_t			 i, n = 0, nvars, cursor = 0;

	nvars = vars != NULL && vars->kind == CHK_NODE_MAP ? vars->n : 0;
	/* Most defaults are not set: each was a search of all vars. */
	if (nvars >= 8 && ndflts >= 8)
		idx = node_index(a, vars);
	out = node_new(a, CHK_NODE_MAP, vars != NULL ? &vars->loc :
	    at != NULL ? &at->loc : NULL);
	out->pairs = arena_alloc(a, (nvars + ndflts + 1) *
	    sizeof(*out->pairs));
	for (i = 0; i < nvars; i++)
		out->pairs[n++] = vars->pairs[i];
	for (i = 0; i < ndflts; i++)
		if ((idx != NULL ? node_index_get(idx, dflts[i].key->str) :
		    node_get_next(vars, dflts[i].key->str, &cursor)) == NULL)
			out->pairs[n++] = dflts[i];
	out->n = n;
	return out;
}

struct chk_node *
schema_apply_defaults(const struct chk_node *params,
    const struct chk_node *vars, struct arena *a)
{
	struct chk_pair	*dflts;
	size_t		 n;

	dflts = defaults_of(params, a, &n);
	return with_defaults(vars, dflts, n, params, a);
}

/* A template's params compiled, for schema_params_vars(). */
struct schema_params {
	struct schema_reg	*reg;
	const struct schema	*s;
	const struct chk_node	*params;
	struct chk_pair		*dflts;		/* found once, not per */
	size_t			 ndflts;	/* checklist */
	const struct chk_node	*props;		/* its properties (a map) */
	struct chk_node		**pdflt;	/* each one's default or NULL */
};

/*
 * with_defaults() for vars whose keys are some of sp's properties, in
 * their order and with their very texts, as the resolver makes a
 * checklist's variables: the two are walked side by side, and a
 * property that is not vars' next key is one vars lacks, without a
 * look-up.  The same mapping as with_defaults(), or NULL when vars is
 * not so made.
 */
static struct chk_node *
with_defaults_walk(const struct schema_params *sp, const struct chk_node *vars,
    struct arena *a)
{
	const struct chk_node	*props = sp->props;
	struct chk_node		*out;
	size_t			 i, j = 0, n = vars->n;

	out = node_new(a, CHK_NODE_MAP, &vars->loc);
	out->pairs = arena_alloc(a, (vars->n + sp->ndflts + 1) *
	    sizeof(*out->pairs));
	if (vars->n > 0)
		memcpy(out->pairs, vars->pairs, vars->n * sizeof(*out->pairs));
	for (i = 0; i < props->n; i++)
		if (j < vars->n &&
		    vars->pairs[j].key->str == props->pairs[i].key->str)
			j++;
		else if (sp->pdflt[i] != NULL) {
			out->pairs[n].key = props->pairs[i].key;
			out->pairs[n++].value = sp->pdflt[i];
		}
	out->n = n;
	return j == vars->n ? out : NULL;
}

struct schema_params *
schema_params_new(const struct chk_node *params, struct diag *d)
{
	struct schema_params	*sp = xcalloc(1, sizeof(*sp));
	const struct chk_node	*props;
	size_t			 i;

	sp->params = params;
	sp->reg = schema_reg_new();
	sp->dflts = defaults_of(params, sp->reg->a, &sp->ndflts);
	if ((props = node_get(params, "properties")) != NULL &&
	    props->kind == CHK_NODE_MAP) {
		sp->props = props;
		sp->pdflt = arena_alloc(sp->reg->a, (props->n + 1) *
		    sizeof(*sp->pdflt));
		for (i = 0; i < props->n; i++)
			sp->pdflt[i] = node_get(props->pairs[i].value, "default");
	}
	sp->reg->format_assert = 1;
	if ((sp->s = schema_reg_add(sp->reg, params, params->loc.file != NULL ?
	    params->loc.file : "params", d)) == NULL) {
		schema_params_free(sp);
		return NULL;
	}
	return sp;
}

void
schema_params_free(struct schema_params *sp)
{
	if (sp == NULL)
		return;
	schema_reg_free(sp->reg);
	free(sp);
}

struct chk_node *
schema_params_vars(const struct schema_params *sp,
    const struct chk_node *vars, const char *prefix, struct arena *a,
    struct diag *d)
{
	struct chk_node	*out = NULL;

	if (sp->props != NULL && vars != NULL && vars->kind == CHK_NODE_MAP)
		out = with_defaults_walk(sp, vars, a);
	if (out == NULL)
		out = with_defaults(vars, sp->dflts, sp->ndflts, sp->params, a);
	return schema_validate_path(sp->s, out, prefix, d) > 0 ? NULL : out;
}

struct chk_node *
schema_vars(const struct chk_node *params, const struct chk_node *vars,
    const char *prefix, struct arena *a, struct diag *d)
{
	struct schema_params	*sp;
	struct chk_node		*out;

	if (params == NULL)
		return schema_apply_defaults(NULL, vars, a);
	if ((sp = schema_params_new(params, d)) == NULL)
		return NULL;
	out = schema_params_vars(sp, vars, prefix, a, d);
	schema_params_free(sp);
	return out;
}
