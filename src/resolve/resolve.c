/*
 * The resolver: finds and caches template, part and project files, makes
 * the variables of a checklist, and runs expand.c over the template.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "load/load.h"
#include "resolve/internal.h"
#include "resolve/resolve.h"
#include "schema/schema.h"

struct resolve_limits resolve_limits = {
	.max_loop = 100000,
	.max_loops = 1000000,
	.max_items = 200000,
	.max_text = 64 * 1024 * 1024,
	.max_include = 16,
	.max_expr = 4096,
	.max_expr_depth = 64,
};

struct cached {
	char		*path;
	struct arena	*a;		/* the tree, and a project made of it */
	struct chk_node	*root;		/* NULL: it failed to load */
	int		 checked;	/* validated against its schema */
	int		 valid;
};

/* Where a template or part was found (NULL: nowhere). */
struct found {
	char		*rel;
	const char	*path;
};

/* A node and what the walk made of it (internal.h). */
struct memo_slot {
	const struct chk_node	*node;
	struct memo		*m;
};

struct resolver {
	char		*root;
	const char	*root_prefix;	/* root, or "" for "." */
	struct diag	*d;
	struct arena	*files;		/* paths looked up */
	struct cached	*cache;
	size_t		 ncache;
	char		**dirs;		/* template directories, in order */
	size_t		 ndirs;
	struct found	*found;		/* find_in_dirs() lookups */
	size_t		 nfound;
	struct params	*params;	/* resolver_params() */
	size_t		 nparams;
	struct sorted	*sorted;	/* resolver_sorted() */
	size_t		 nsorted;
	struct memo_slot *memo;		/* resolver_memo(): hash by node */
	size_t		 nmemo;		/* used */
	size_t		 memocap;	/* a power of 2, > 2 * nmemo */
	resolver_read_fn on_read;	/* resolver_on_read() */
	void		*on_read_arg;
};

/* A translation's texts sorted by path, made once per resolver. */
struct sorted {
	const struct chk_node	 *texts;
	const struct chk_pair	**v;
};

/* A template's params compiled once per resolver (NULL: they give a
 * diagnostic, so each checklist compiles and reports them). */
struct params {
	const struct chk_node	*node;
	struct schema_params	*sp;
};

struct resolver *
resolver_new(const char *root, struct diag *d)
{
	struct resolver	*res = xcalloc(1, sizeof(*res));

	res->root = xstrdup(root != NULL ? root : ".");
	res->root_prefix = strcmp(res->root, ".") == 0 ? "" : res->root;
	res->d = d;
	res->files = arena_new();
	return res;
}

void
resolver_free(struct resolver *res)
{
	size_t	i;

	if (res == NULL)
		return;
	for (i = 0; i < res->ncache; i++) {
		free(res->cache[i].path);
		arena_free(res->cache[i].a);
	}
	for (i = 0; i < res->ndirs; i++)
		free(res->dirs[i]);
	for (i = 0; i < res->nfound; i++)
		free(res->found[i].rel);
	for (i = 0; i < res->nparams; i++)
		schema_params_free(res->params[i].sp);
	free(res->params);
	free(res->sorted);
	free(res->memo);
	free(res->cache);
	free(res->dirs);
	free(res->found);
	arena_free(res->files);
	free(res->root);
	free(res);
}

void
resolver_add_dir(struct resolver *res, const char *dir)
{
	size_t	i;

	res->dirs = xrealloc(res->dirs, (res->ndirs + 1) * sizeof(char *));
	res->dirs[res->ndirs++] = xstrdup(dir);
	for (i = 0; i < res->nfound; i++)	/* looked up without dir */
		free(res->found[i].rel);
	res->nfound = 0;
}

void
resolver_on_read(struct resolver *res, resolver_read_fn fn, void *arg)
{
	res->on_read = fn;
	res->on_read_arg = arg;
}

/* load_file(), the text shown to the on_read hook on the way. */
static struct chk_node *
read_tree(struct resolver *res, struct arena *a, const char *path)
{
	struct buf	 b = { NULL, 0, 0 };
	struct chk_node	*root = NULL;

	/* Past the limit, load_buffer() says how big is too big. */
	if (load_read(path, load_limits.max_file, &b, res->d) == 0) {
		if (res->on_read != NULL && b.len <= load_limits.max_file)
			res->on_read(res->on_read_arg, path, buf_str(&b), b.len);
		root = load_buffer(a, path, buf_str(&b), b.len, res->d);
	}
	buf_free(&b);
	return root;
}

/* A file's tree, loaded once per resolver.  NULL if it failed (the
 * diagnostics were given the first time). */
static size_t
cached_index(struct resolver *res, const char *path)
{
	struct cached	*c;
	size_t		 i;

	for (i = 0; i < res->ncache; i++)
		if (strcmp(res->cache[i].path, path) == 0)
			return i;
	res->cache = xrealloc(res->cache, (res->ncache + 1) * sizeof(*c));
	c = &res->cache[res->ncache];
	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	c->a = arena_new();
	c->root = read_tree(res, c->a, path);
	return res->ncache++;
}

static struct chk_node *
cached_load(struct resolver *res, const char *path)
{
	size_t	i = cached_index(res, path);	/* may move res->cache */

	return res->cache[i].root;
}

/*
 * A file's tree, validated against the schema of its kind once per
 * resolver: the validate stage runs before anything of the file is
 * resolved.  NULL if it failed to load or is invalid.
 */
static struct chk_node *
checked_load(struct resolver *res, const char *path, enum schema_doc kind)
{
	size_t		 i = cached_index(res, path);
	struct cached	*c = &res->cache[i];
	struct chk_node	*root = c->root;

	if (root == NULL)
		return NULL;
	if (!c->checked) {
		c->checked = 1;
		c->valid = schema_check(kind, root, res->d) == 0;
	}
	return c->valid ? root : NULL;
}

/*
 * The first of the template directories holding rel, or NULL.  Looked
 * up once per resolver: a build asks for the same templates and parts
 * for every checklist, and neither the memory nor the access(2) calls
 * may grow with the number of checklists.
 */
static const char *
find_in_dirs(struct resolver *res, const char *rel)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*path = NULL;
	size_t		 i;

	for (i = 0; i < res->nfound; i++)
		if (strcmp(res->found[i].rel, rel) == 0)
			return res->found[i].path;
	for (i = 0; i <= res->ndirs && path == NULL; i++) {
		buf_reset(&b);
		if (i < res->ndirs)
			buf_printf(&b, "%s/%s", res->dirs[i], rel);
		else
			buf_printf(&b, "%s%stemplates/%s", res->root_prefix,
			    *res->root_prefix ? "/" : "", rel);
		if (access(buf_str(&b), R_OK) == 0)
			path = arena_strdup(res->files, buf_str(&b));
	}
	buf_free(&b);
	res->found = xrealloc(res->found, (res->nfound + 1) *
	    sizeof(*res->found));
	res->found[res->nfound].rel = xstrdup(rel);
	res->found[res->nfound++].path = path;
	return path;
}

const char *
resolver_template_path(struct resolver *res, const char *id)
{
	struct buf	 rel = { NULL, 0, 0 };
	const char	*path;

	buf_printf(&rel, "%s.yaml", id);
	if ((path = find_in_dirs(res, buf_str(&rel))) == NULL) {
		buf_reset(&rel);
		buf_printf(&rel, "%s.json", id);
		path = find_in_dirs(res, buf_str(&rel));
	}
	buf_free(&rel);
	return path;
}

const struct chk_node *
resolver_part(struct resolver *res, const char *rel, const struct loc *at)
{
	const char	*path;

	if (*rel == '/' || strstr(rel, "..") != NULL) {
		diag_add(res->d, at, DIAG_ERROR, "'%s': an include is a path "
		    "inside templates/ (no '/' at the start, no '..')", rel);
		return NULL;
	}
	if ((path = find_in_dirs(res, rel)) == NULL) {
		diag_add(res->d, at, DIAG_ERROR, "cannot find '%s' in "
		    "%s%stemplates/", rel, res->root_prefix,
		    *res->root_prefix ? "/" : "");
		return NULL;
	}
	return checked_load(res, path, SCHEMA_PART);
}

const struct schema_params *
resolver_params(struct resolver *res, const struct chk_node *params)
{
	struct diag	*quiet;
	struct params	*p;
	size_t		 i;

	for (i = 0; i < res->nparams; i++)
		if (res->params[i].node == params)
			return res->params[i].sp;
	res->params = xrealloc(res->params, (res->nparams + 1) *
	    sizeof(*res->params));
	p = &res->params[res->nparams++];
	p->node = params;
	quiet = diag_new();
	if ((p->sp = schema_params_new(params, quiet)) != NULL &&
	    diag_count(quiet) > 0) {
		schema_params_free(p->sp);
		p->sp = NULL;
	}
	diag_free(quiet);
	return p->sp;
}

const struct chk_pair **
resolver_sorted(struct resolver *res, const struct chk_node *texts)
{
	size_t	i;

	for (i = 0; i < res->nsorted; i++)
		if (res->sorted[i].texts == texts)
			return res->sorted[i].v;
	res->sorted = xrealloc(res->sorted, (res->nsorted + 1) *
	    sizeof(*res->sorted));
	res->sorted[res->nsorted].texts = texts;
	res->sorted[res->nsorted].v = tr_sort(res->files, texts);
	return res->sorted[res->nsorted++].v;
}

static size_t
memo_hash(const struct chk_node *n, size_t cap)
{
	return (size_t)(((unsigned long long)(size_t)n * 0x9E3779B97F4A7C15ULL)
	    >> 32) & (cap - 1);
}

static struct memo_slot *
memo_slot(struct memo_slot *v, size_t cap, const struct chk_node *node)
{
	size_t	i = memo_hash(node, cap);

	while (v[i].node != NULL && v[i].node != node)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* Keep the table at most half full. */
static void
memo_grow(struct resolver *res)
{
	struct memo_slot	*old = res->memo;
	size_t			 i, cap = res->memocap;

	if (2 * (res->nmemo + 1) <= cap)
		return;
	res->memocap = cap ? 2 * cap : 256;
	res->memo = xcalloc(res->memocap, sizeof(*res->memo));
	for (i = 0; i < cap; i++)
		if (old[i].node != NULL)
			*memo_slot(res->memo, res->memocap, old[i].node) =
			    old[i];
	free(old);
}

/*
 * The table holds a node and its memo, which lives in the resolver's
 * arena: a memo stays where it is while the table grows (the walk
 * keeps a block's while it makes what is in it), and the table stays
 * small enough to be looked up from the cache.
 */
struct memo *
resolver_memo(struct resolver *res, const struct chk_node *node)
{
	struct memo_slot	*slot;

	memo_grow(res);
	slot = memo_slot(res->memo, res->memocap, node);
	if (slot->node == NULL) {
		slot->node = node;
		slot->m = arena_alloc(res->files, sizeof(*slot->m));
		slot->m->node = node;
		res->nmemo++;
	}
	return slot->m;
}

struct arena *
resolver_arena(struct resolver *res)
{
	return res->files;
}

const struct chk_node *
resolver_translation(struct resolver *res, const char *rel, int *exists)
{
	const char	*path = find_in_dirs(res, rel);

	*exists = path != NULL;
	return path != NULL ? checked_load(res, path, SCHEMA_TRANSLATION) : NULL;
}

static int
is_run(const struct chk_node *root)
{
	return node_get(root, "run") != NULL && node_get(root, "id") == NULL &&
	    node_get(root, "project") == NULL;
}

int
resolver_is_template(struct resolver *res, const char *path)
{
	const struct chk_node *root = cached_load(res, path);

	return root != NULL && node_get(root, "project") == NULL &&
	    node_get(root, "translates") == NULL && !is_run(root);
}

int
resolver_is_run(struct resolver *res, const char *path)
{
	const struct chk_node *root = cached_load(res, path);

	return root != NULL && is_run(root);
}

/* A slug-shaped id: [a-z0-9][a-z0-9-]* */
static int
valid_id(const char *s)
{
	if (s == NULL || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

static const char *
project_text(struct resolver *res, const struct chk_node *root,
    const char *key, int required)
{
	const struct chk_node *n = node_get(root, key);

	if (n == NULL && required)
		diag_add(res->d, &root->loc, DIAG_ERROR,
		    "missing required key '%s'", key);
	else if (n != NULL && n->kind != CHK_NODE_STRING)
		diag_add(res->d, &n->loc, DIAG_ERROR, "'%s' must be a string, "
		    "got %s", key, node_kind_name(n->kind));
	return node_str(n);
}

/* Each entry of `checklists:` names a template; ids are unique. */
static void
project_entries(struct resolver *res, struct arena *a, struct project *p,
    const struct chk_node *list)
{
	struct id_set	 ids = { 0 };
	size_t		 i;
	const char	*id;

	p->entries = arena_alloc(a, (list->n + 1) * sizeof(void *));
	for (i = 0; i < list->n; i++) {
		const struct chk_node *e = list->items[i];

		if (e->kind != CHK_NODE_MAP || node_str(node_get(e, "use")) == NULL) {
			diag_add(res->d, &e->loc, DIAG_ERROR, "a checklist entry "
			    "is a mapping with 'use: TEMPLATE'");
			continue;
		}
		p->entries[p->nentries++] = e;
		id = resolver_entry_id(p, p->nentries - 1);
		if (!valid_id(id))
			diag_add(res->d, &e->loc, DIAG_ERROR, "checklist id '%s' "
			    "must match [a-z0-9][a-z0-9-]*", id ? id : "");
		else
			ids_claim(&ids, res->d, id, &e->loc, "checklist");
	}
	ids_free(&ids);
}

const struct project *
resolver_project(struct resolver *res, const char *path)
{
	const struct chk_node	*root, *list;
	struct project		*p;
	struct arena		*a;
	int			 errors = diag_errors(res->d);

	if ((root = checked_load(res, path, SCHEMA_PROJECT)) == NULL)
		return NULL;
	if (root->kind != CHK_NODE_MAP) {
		diag_add(res->d, &root->loc, DIAG_ERROR, "a project file is a "
		    "mapping with 'project:', got %s", node_kind_name(root->kind));
		return NULL;
	}
	/* The project lives with its tree, resolver_release() frees both. */
	a = res->cache[cached_index(res, path)].a;
	p = arena_alloc(a, sizeof(*p));
	p->path = root->loc.file;
	p->root = root;
	p->id = project_text(res, root, "project", 1);
	if (p->id != NULL && !valid_id(p->id))
		diag_add(res->d, &node_get(root, "project")->loc, DIAG_ERROR,
		    "project id '%s' must match [a-z0-9][a-z0-9-]*", p->id);
	p->name = project_text(res, root, "name", 0);
	if (p->name == NULL)
		p->name = p->id;
	p->lang = project_text(res, root, "lang", 0);
	p->vars = node_get(root, "vars");
	if (p->vars != NULL && p->vars->kind != CHK_NODE_MAP)
		diag_add(res->d, &p->vars->loc, DIAG_ERROR,
		    "'vars' must be a mapping");
	list = node_get(root, "checklists");
	if (list == NULL || list->kind != CHK_NODE_SEQ)
		diag_add(res->d, list ? &list->loc : &root->loc, DIAG_ERROR,
		    "a project needs 'checklists:', a list of entries");
	else
		project_entries(res, a, p, list);
	return diag_errors(res->d) > errors ? NULL : p;
}

void
resolver_release(struct resolver *res, const struct project *p)
{
	size_t	i, j;

	for (i = 0; i < res->ncache; i++)
		if (strcmp(res->cache[i].path, p->path) == 0)
			break;
	if (i == res->ncache)
		return;
	/* What was made once from its tree goes with it. */
	for (j = res->nparams; j-- > 0; )
		if (res->params[j].node->loc.file != NULL &&
		    strcmp(res->params[j].node->loc.file, p->path) == 0) {
			schema_params_free(res->params[j].sp);
			res->params[j] = res->params[--res->nparams];
		}
	for (j = res->nsorted; j-- > 0; )
		if (res->sorted[j].texts->loc.file != NULL &&
		    strcmp(res->sorted[j].texts->loc.file, p->path) == 0)
			res->sorted[j] = res->sorted[--res->nsorted];
	free(res->cache[i].path);
	arena_free(res->cache[i].a);
	res->cache[i] = res->cache[--res->ncache];
}

const char *
resolver_entry_id(const struct project *p, size_t i)
{
	const char *id = node_str(node_get(p->entries[i], "id"));

	return id != NULL ? id : node_str(node_get(p->entries[i], "use"));
}

void
resolve_add_source(struct rctx *r, const char *path)
{
	size_t	i;

	for (i = 0; i < r->sources.n; i++)
		if (strcmp(r->sources.v[i], path) == 0)
			return;
	ptrvec_push(&r->sources, (void *)arena_strdup(r->out, path));
}

/* The template of an entry (or the one given), checked for shape. */
static const struct chk_node *
entry_template(struct resolver *res, const struct chk_node *entry,
    const char *template_path)
{
	const struct chk_node	*use = node_get(entry, "use"), *tmpl;
	const char		*path = template_path;

	if (path == NULL && (path = resolver_template_path(res, use->str)) == NULL) {
		diag_add(res->d, &use->loc, DIAG_ERROR, "unknown template '%s' "
		    "(no %s%stemplates/%s.yaml)", use->str, res->root_prefix,
		    *res->root_prefix ? "/" : "", use->str);
		return NULL;
	}
	if ((tmpl = checked_load(res, path, SCHEMA_TEMPLATE)) == NULL)
		return NULL;
	if (tmpl->kind != CHK_NODE_MAP || node_str(node_get(tmpl, "id")) == NULL) {
		diag_add(res->d, &tmpl->loc, DIAG_ERROR,
		    "a template is a mapping with 'id:' and 'title:'");
		return NULL;
	}
	if (!valid_id(node_get(tmpl, "id")->str))
		diag_add(res->d, &node_get(tmpl, "id")->loc, DIAG_ERROR,
		    "template id '%s' must match [a-z0-9][a-z0-9-]*",
		    node_get(tmpl, "id")->str);
	return tmpl;
}

static void
set_identity(struct rctx *r, struct chk_list *cl, const struct project *p,
    const struct chk_node *tmpl, const struct chk_node *entry, const char *id)
{
	const char *lang = node_str(node_get(entry, "lang"));

	if (lang == NULL && p != NULL)
		lang = p->lang;
	if (lang == NULL)
		lang = node_str(node_get(tmpl, "lang"));
	cl->project = arena_strdup(r->out, p ? p->id : "example");
	cl->project_name = arena_strdup(r->out, p ? p->name : "Example");
	cl->id = arena_strdup(r->out, id);
	cl->template_id = arena_strdup(r->out, node_get(tmpl, "id")->str);
	cl->lang = arena_strdup(r->out, lang ? lang : "en");
}

struct chk_list *
resolve_checklist(struct resolver *res, const struct project *p,
    size_t entry_i, const char *template_path, struct arena *out)
{
	const struct chk_node	*entry = p ? p->entries[entry_i] : NULL, *tmpl;
	struct chk_list		*cl = NULL, ident = { 0 };
	struct rctx		 r = { 0 };
	struct translation	 tr = { 0 };
	const char		*id;
	int			 errors = diag_errors(res->d);

	if ((tmpl = entry_template(res, entry, template_path)) == NULL)
		return NULL;
	id = p ? resolver_entry_id(p, entry_i) : node_get(tmpl, "id")->str;
	r.res = res, r.out = out, r.tmp = arena_new(), r.d = res->d;
	r.proj_file = p != NULL ? p->path : NULL;
	r.ex.arena = r.tmp, r.ex.diag = res->d;
	r.ex.max_range = resolve_limits.max_loop;
	r.ex.max_len = resolve_limits.max_expr;
	r.ex.max_depth = resolve_limits.max_expr_depth;
	/* Labels (a sign-off's default title) need the language first. */
	set_identity(&r, &ident, p, tmpl, entry, id);
	r.lang = ident.lang;
	r.src_lang = node_str(node_get(tmpl, "lang"));
	if (r.src_lang == NULL)
		r.src_lang = "en";
	r.translates = strcmp(r.lang, r.src_lang) != 0;
	if ((r.ex.vars = vars_make(&r, tmpl, p, entry, id,
	    entry ? &entry->loc : &tmpl->loc)) == NULL)
		goto out;
	expr_index(&r.ex);
	if (tr_open(&r, &tr, ident.template_id, r.src_lang, &tmpl->loc) == 1)
		r.tr = &tr;
	if (patch_parse(&r, entry) == 0 && diag_errors(res->d) == errors)
		cl = expand_checklist(&r, tmpl, entry, ident.lang);
	tr_close(&r, &tr);
	if (cl != NULL && diag_errors(res->d) == errors) {
		set_identity(&r, cl, p, tmpl, entry, id);
		resolve_add_source(&r, tmpl->loc.file);
		if (p != NULL)
			resolve_add_source(&r, p->path);
		cl->sources = ptrvec_finish(&r.sources, out, &cl->nsources);
		model_hash(cl);
	} else
		cl = NULL;
out:
	ptrvec_free(&r.sources);
	buf_free(&r.text);
	arena_free(r.tmp);
	return cl;
}
