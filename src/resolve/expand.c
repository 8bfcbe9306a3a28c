/*
 * The walk over a template that makes the resolved checklist: `when`
 * and `for` evaluated, texts interpolated, includes followed, ids and
 * paths given, and the entry's patches applied at the blocks they name.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "label.h"
#include "load/load.h"
#include "resolve/internal.h"
#include "resolve/resolve.h"

/* The list being built: its parent's path and its ids so far. */
struct level {
	const char	*path;		/* "" at the top */
	const char	*tpath;		/* the same without loop values: the
					 * path translations use */
	struct id_set	*ids;		/* shared by a section's items and
					 * sub-sections: one namespace */
	struct alist	 out;		/* chk_item * or chk_section * */
	size_t		 pathlen;	/* strlen(path) */
};

/* What a block or section looks like once `for` and `set` are done. */
struct block {
	const struct chk_node	*node;	/* a mapping (strings made into one) */
	const char		*kind;	/* its first key */
	const char		*id;
	size_t			 idlen;
	const char		*path;
	size_t			 pathlen;
	const char		*tpath;	/* path of the template block */
	const struct chk_node	*tmpl;	/* node as the template has it */
	const struct chk_node	**keys;	/* tmpl's, by enum bkey */
	struct memo		*m;	/* tmpl's (block_memo()), or NULL */
};

static void	expand_items(struct rctx *, struct level *,
		    const struct chk_node *);
static void	expand_sections(struct rctx *, struct level *,
		    const struct chk_node *);
static int	include_guard(struct rctx *, const struct chk_node *);
static int	count_loop(struct rctx *, const struct loc *);

/* ------------------------------------------------------------------ */
/* Lists: pushed to in r->tmp, then copied to the model. */

static inline void
alist_push(struct rctx *r, struct alist *l, void *p)
{
	void	**v;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		v = arena_bump(r->tmp, l->cap * sizeof(*v));
		if (l->n > 0)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
	}
	l->v[l->n++] = p;
}

/* The list as an array of the model's arena (NULL when empty), its
 * length in *n, as ptrvec_finish() makes it. */
static void *
alist_finish(struct rctx *r, const struct alist *l, size_t *n)
{
	void	**v = NULL;

	*n = l->n;
	if (l->n > 0) {
		v = arena_bump(r->out, l->n * sizeof(*v));
		memcpy(v, l->v, l->n * sizeof(*v));
	}
	return v;
}

/* ------------------------------------------------------------------ */
/* Small readers that report a wrong type and return a default. */

static int
bool_of(struct rctx *r, const struct chk_node *n, const char *key)
{
	if (n == NULL)
		return 0;
	if (n->kind != CHK_NODE_BOOL) {
		diag_add(r->d, &n->loc, DIAG_ERROR, "'%s' must be true or "
		    "false, got %s", key, node_kind_name(n->kind));
		return 0;
	}
	return n->b;
}

static int
number_of(struct rctx *r, const struct chk_node *n, const char *key,
    double *out)
{
	if (n == NULL)
		return 0;
	if (n->kind != CHK_NODE_NUMBER) {
		diag_add(r->d, &n->loc, DIAG_ERROR, "'%s' must be a number, "
		    "got %s", key, node_kind_name(n->kind));
		return 0;
	}
	*out = n->num;
	return 1;
}

static int
get_number(struct rctx *r, const struct chk_node *map, const char *key,
    double *out)
{
	return number_of(r, node_get(map, key), key, out);
}

static inline const char *
text_of(struct rctx *r, const struct chk_node *n, enum text_kind kind)
{
	return n != NULL && n->kind != CHK_NODE_NULL ?
	    text_resolve(r, n, kind) : NULL;
}

static const char *
get_text(struct rctx *r, const struct chk_node *map, const char *key,
    enum text_kind kind)
{
	return text_of(r, node_get(map, key), kind);
}

/*
 * The keys the walk reads from a block, found in one pass over its
 * pairs: every block of every checklist is read for up to a dozen
 * keys, and a node_get() for each compared each key with all of them.
 */
enum bkey {
	BK_CHECK, BK_CODE, BK_CRITICAL, BK_DETAILS, BK_FIELD, BK_FOR, BK_ID,
	BK_INCLUDE, BK_ITEMS, BK_LABEL, BK_LANG, BK_MAX, BK_MD, BK_MIN, BK_NOTE,
	BK_OPTIONS, BK_REQUIRED, BK_ROLE, BK_SECTIONS, BK_TABLE, BK_TITLE,
	BK_TYPE, BK_UNIT, BK_WHEN, BK__MAX
};

static const char *const bkey_names[BK__MAX] = {
	"check", "code", "critical", "details", "field", "for", "id",
	"include", "items", "label", "lang", "max", "md", "min", "note",
	"options", "required", "role", "sections", "table", "title",
	"type", "unit", "when",
};

/* strcmp(a, b) == 0 for the few bytes of a key, without a call. */
static int
same_word(const char *a, const char *b)
{
	while (*a == *b && *a != '\0')
		a++, b++;
	return *a == *b;
}

/* The key bkey_names[] holds for s, or BK__MAX. */
static enum bkey
bkey_of(const char *s)
{
	size_t	lo, hi;

	switch (s[0]) {
	case 'c': lo = BK_CHECK, hi = BK_CRITICAL; break;
	case 'd': lo = hi = BK_DETAILS; break;
	case 'f': lo = BK_FIELD, hi = BK_FOR; break;
	case 'i': lo = BK_ID, hi = BK_ITEMS; break;
	case 'l': lo = BK_LABEL, hi = BK_LANG; break;
	case 'm': lo = BK_MAX, hi = BK_MIN; break;
	case 'n': lo = hi = BK_NOTE; break;
	case 'o': lo = hi = BK_OPTIONS; break;
	case 'r': lo = BK_REQUIRED, hi = BK_ROLE; break;
	case 's': lo = hi = BK_SECTIONS; break;
	case 't': lo = BK_TABLE, hi = BK_TYPE; break;
	case 'u': lo = hi = BK_UNIT; break;
	case 'w': lo = hi = BK_WHEN; break;
	default: return BK__MAX;
	}
	for (; lo <= hi; lo++)
		if (same_word(s + 1, bkey_names[lo] + 1))
			return (enum bkey)lo;
	return BK__MAX;
}

/* The key of every block_map() makes of a plain string: a check. */
static const struct chk_node check_key = {
	.kind = CHK_NODE_STRING, .str = "check", .len = 5
};

/* The values of map's keys by enum bkey (NULL: absent), the first of
 * each as node_get() finds. */
static void
scan_keys(const struct chk_node *map, const struct chk_node **v)
{
	enum bkey	k;
	size_t		i;

	memset(v, 0, BK__MAX * sizeof(*v));
	if (map == NULL || map->kind != CHK_NODE_MAP)
		return;
	/* Most of a template's checks are plain strings: block_map()
	 * made map of one, whose one key is known. */
	if (map->n == 1 && map->pairs[0].key == &check_key) {
		v[BK_CHECK] = map->pairs[0].value;
		return;
	}
	for (i = 0; i < map->n; i++)
		if ((k = bkey_of(map->pairs[i].key->str)) != BK__MAX &&
		    v[k] == NULL)
			v[k] = map->pairs[i].value;
}

/* A list of plain texts (options, columns, roles), interpolated. */
static const char **
texts_of(struct rctx *r, const struct chk_node *list, const char *key,
    size_t *n)
{
	struct alist		 v = { 0 };
	const char		*s;
	size_t			 i;

	*n = 0;
	if (list == NULL)
		return NULL;
	if (list->kind != CHK_NODE_SEQ) {
		diag_add(r->d, &list->loc, DIAG_ERROR, "'%s' must be a list, "
		    "got %s", key, node_kind_name(list->kind));
		return NULL;
	}
	for (i = 0; i < list->n; i++)
		if ((s = text_resolve(r, list->items[i], TEXT_PLAIN)) != NULL)
			alist_push(r, &v, (void *)s);
	return alist_finish(r, &v, n);
}

static const char **
get_texts(struct rctx *r, const struct chk_node *map, const char *key,
    size_t *n)
{
	return texts_of(r, node_get(map, key), key, n);
}

/*
 * What is kept of a block of a template as written, or NULL: a mapping
 * of one key may be one block_map() made, and a project's tree is
 * freed with the project, so neither is kept.
 */
static inline struct memo *
block_memo(struct rctx *r, const struct chk_node *map)
{
	if (map->kind != CHK_NODE_MAP || map->n < 2 ||
	    map->loc.file == r->proj_file)
		return NULL;
	return resolver_memo(r->res, map);
}

/* The keys of map by enum bkey: m's, found once per process, or into
 * v when m is NULL. */
static inline const struct chk_node **
block_keys(struct rctx *r, struct memo *m, const struct chk_node *map,
    const struct chk_node **v)
{
	if (m == NULL) {
		scan_keys(map, v);
		return v;
	}
	if (m->keys == NULL) {
		m->keys = arena_alloc(resolver_arena(r->res),
		    BK__MAX * sizeof(*m->keys));
		scan_keys(map, m->keys);
	}
	return m->keys;
}

/* The keys of the block being made: its template's, unless a
 * translation or a patch made a new mapping of it for this checklist. */
static const struct chk_node **
made_keys(const struct block *b, const struct chk_node **v)
{
	if (b->node == b->tmpl)
		return b->keys;
	scan_keys(b->node, v);
	return v;
}

/* ------------------------------------------------------------------ */
/* when, for, ids, patches: what every block and section goes through. */

static int
eval_when(struct rctx *r, const struct chk_node *w)
{
	if (w == NULL)
		return 1;
	if (w->kind == CHK_NODE_BOOL)
		return w->b;
	if (w->kind != CHK_NODE_STRING) {
		diag_add(r->d, &w->loc, DIAG_ERROR, "'when' must be an "
		    "expression, got %s", node_kind_name(w->kind));
		return -1;
	}
	return expr_when(&r->ex, w->str, w->len, &w->loc);
}

/* The `when` of a block of keys k, read once per process for a
 * template's (m): then only m is looked at, not the template's nodes. */
static inline int
block_when(struct rctx *r, struct memo *m, const struct chk_node **k)
{
	const struct chk_node	*w;
	int			 v;

	if (m == NULL)
		return eval_when(r, k[BK_WHEN]);
	if (!m->when_read) {
		w = k[BK_WHEN];
		if (w != NULL && w->kind == CHK_NODE_STRING)
			expr_quick_read(&m->when, w->str, w->len);
		m->when_none = w == NULL;
		m->when_read = 1;
	}
	if (m->when_none)
		return 1;
	if ((v = expr_when_quick(&r->ex, &m->when)) != -1)
		return v;
	return eval_when(r, k[BK_WHEN]);
}

/* The slug of a block's text or id, once per process for a template's
 * (a project's tree is freed with it, so its slugs are not kept). */
static const char *
block_slug(struct rctx *r, const struct chk_node *text, size_t *len)
{
	struct memo	*m;
	const char	*slug;

	if (text->loc.file == r->proj_file) {
		slug = ids_slug(r->tmp, text->str);
		*len = strlen(slug);
		return slug;
	}
	m = resolver_memo(r->res, text);
	if (m->slug == NULL) {
		m->slug = ids_slug(resolver_arena(r->res), text->str);
		m->slug_len = strlen(m->slug);
	}
	*len = m->slug_len;
	return m->slug;
}

/* The base id of a block (its length in *len): explicit, else the
 * slug of its text before interpolation, else "<kind>-<position>".
 * Kept in m (if not NULL) unless positional: a part included twice
 * has two positions. */
static const char *
block_base_id(struct rctx *r, struct memo *m, const struct chk_node **k,
    enum bkey kk, size_t pos, size_t *len)
{
	const struct chk_node	*id, *text;
	const char		*slug = "";

	*len = 0;
	if (m != NULL && m->base != NULL) {
		*len = m->base_len;
		return m->base;
	}
	id = k[BK_ID], text = k[kk];
	if (id != NULL) {
		if (id->kind != CHK_NODE_STRING || *id->str == '\0' ||
		    strcmp(block_slug(r, id, len), id->str) != 0) {
			diag_add(r->d, &id->loc, DIAG_ERROR, "an id is lower-case "
			    "letters, digits and '-', got '%s'", id->str);
			return NULL;
		}
		slug = id->str;
	} else if (text != NULL && text->kind != CHK_NODE_SEQ &&
	    text->kind != CHK_NODE_MAP)
		slug = block_slug(r, text, len);
	if (*slug == '\0') {
		slug = arena_printf(r->tmp, "%s-%zu", bkey_names[kk], pos + 1);
		*len = strlen(slug);
		return slug;
	}
	if (m != NULL)
		m->base = slug, m->base_len = *len;
	return slug;
}

/* The id suffix of a loop value: the slug of its text; for a mapping,
 * of its `id` or `name`, else of all its scalar values. */
static const char *
loop_slug(struct rctx *r, const struct chk_node *v, size_t index)
{
	const struct chk_node	*pick = v;
	struct buf		 b = { 0 };
	const char		*slug = "";
	size_t			 i;

	if (v->kind == CHK_NODE_MAP && (pick = node_get(v, "id")) == NULL &&
	    (pick = node_get(v, "name")) == NULL) {
		for (i = 0; i < v->n; i++)
			if (v->pairs[i].value->kind == CHK_NODE_STRING ||
			    v->pairs[i].value->kind == CHK_NODE_NUMBER)
				buf_printf(&b, " %s", v->pairs[i].value->str);
		slug = ids_slug(r->tmp, buf_str(&b));
		buf_free(&b);
	} else if (pick->kind != CHK_NODE_SEQ && pick->kind != CHK_NODE_MAP)
		slug = ids_slug(r->tmp, pick->str);
	if (*slug == '\0')
		slug = arena_printf(r->tmp, "%zu", index + 1);
	return slug;
}

/* A block as a mapping; a plain string is a check. */
static const struct chk_node *
block_map(struct rctx *r, const struct chk_node *n)
{
	struct chk_node	*m;

	if (n->kind == CHK_NODE_MAP)
		return n;
	if (n->kind != CHK_NODE_STRING && n->kind != CHK_NODE_NUMBER) {
		diag_add(r->d, &n->loc, DIAG_ERROR, "expected a block (a text "
		    "or a mapping), got %s", node_kind_name(n->kind));
		return NULL;
	}
	m = node_new(r->tmp, CHK_NODE_MAP, &n->loc);
	m->n = 1;
	m->pairs = arena_alloc(r->tmp, sizeof(*m->pairs));
	/* One key for all: nothing reads its place or changes it. */
	m->pairs[0].key = (struct chk_node *)&check_key;
	m->pairs[0].value = (struct chk_node *)n;
	return m;
}

/* Every path made, for the did-you-mean of a patch that names none. */
static void
remember_path(struct rctx *r, const char *path)
{
	alist_push(r, &r->seen, (void *)path);
}

/* The body of an `add` patch, built into the level. */
static void
add_patch(struct rctx *r, struct level *lv, struct patch *p, int sections)
{
	struct translation *saved;
	const struct chk_node *items = node_get(p->body, "items");
	const struct chk_node *secs = node_get(p->body, "sections");

	p->used = 1;
	if (sections && items != NULL) {
		diag_add(r->d, &items->loc, DIAG_ERROR, "'%s' is a section: "
		    "add 'sections' beside it, or 'items' into it", p->path);
		return;
	}
	if (!sections && secs != NULL) {
		diag_add(r->d, &secs->loc, DIAG_ERROR, "'%s' is an item: "
		    "sections cannot be added beside it", p->path);
		return;
	}
	/* What a project adds is written in its own language. */
	saved = r->tr;
	r->tr = NULL;
	if (sections)
		expand_sections(r, lv, secs);
	else
		expand_items(r, lv, items);
	r->tr = saved;
}

static void
add_patches(struct rctx *r, struct level *lv, enum patch_kind kind,
    const char *path, int sections)
{
	struct patch	*p;

	while ((p = patch_find(r, kind, path)) != NULL)
		add_patch(r, lv, p, sections);
}

typedef void (*make_fn)(struct rctx *, struct level *, const struct block *);

/* Block b as the translation has it (tr_apply()). */
static void
block_translate(struct rctx *r, struct block *b)
{
	b->node = tr_apply(r, b->node, b->kind, b->tpath, b->m);
	if (b->node != b->tmpl && b->m != NULL) {
		/* Translated once per process (tr_apply()): so are its
		 * keys read. */
		b->tmpl = b->node;
		b->keys = block_keys(r, resolver_memo(r->res, b->node),
		    b->node, NULL);
	}
}

/*
 * One instance of a block (one value of its `for`): its id and path, and
 * the patches at that path around the call to make().
 */
static void
expand_instance(struct rctx *r, struct level *lv, struct block *b,
    make_fn make, int sections)
{
	struct patch	*p;
	int		 patched;

	b->path = ids_path(r->out, lv->path, lv->pathlen, b->id, b->idlen);
	b->pathlen = lv->pathlen > 0 ? lv->pathlen + 1 + b->idlen : b->idlen;
	remember_path(r, b->path);
	/* Most blocks have no patch: asked once, not for each kind. */
	patched = patch_maybe(r, b->path, b->pathlen) &&
	    patch_any(r, b->path, b->pathlen);
	if (ids_claim(lv->ids, r->d, b->id, &b->node->loc,
	    sections ? "section" : "item") == 0 && patched &&
	    (p = patch_find(r, PATCH_DROP, b->path)) != NULL) {
		p->used = 1;
		tr_skip(r, b->tpath);
		return;
	}
	if (patched && !sections &&
	    (p = patch_find(r, PATCH_ADD_INTO, b->path)) != NULL) {
		p->used = 1;
		diag_add(r->d, &p->at->loc, DIAG_ERROR, "'%s' is an item: add "
		    "'into' a section, or 'after' the item", p->path);
	}
	if (patched)
		add_patches(r, lv, PATCH_ADD_BEFORE, b->path, sections);
	/* Translated only once shown: a text no run of this project sees
	 * needs no translation, and its lack is no warning.  Most
	 * checklists are in their template's language, and call nothing. */
	if (r->tr != NULL)
		block_translate(r, b);
	if (patched && (p = patch_find(r, PATCH_SET, b->path)) != NULL) {
		p->used = 1;
		b->node = tr_merge(r->tmp, b->node, p->body, 0);
	}
	make(r, lv, b);
	if (patched)
		add_patches(r, lv, PATCH_ADD_AFTER, b->path, sections);
}

/*
 * One block or section of a template list at position pos: its base id,
 * its translation, and each value of its `for` that passes its `when`;
 * m is its memo (block_memo()).
 */
static void
expand_block(struct rctx *r, struct level *lv, const struct chk_node *map,
    struct memo *m, enum bkey kk, size_t pos, make_fn make, int sections)
{
	const char		*kind = bkey_names[kk];
	const struct chk_node	*kv[BK__MAX], **k, *fornode, *list = NULL;
	const char		*base, *var = NULL, *tpath;
	struct scope		 sc;
	struct block		 b;
	size_t			 i, baselen, count = 1, made = 0;

	k = block_keys(r, m, map, kv);
	fornode = k[BK_FOR];
	if ((base = block_base_id(r, m, k, kk, pos, &baselen)) == NULL)
		return;
	/* Translations find a block by this path; a checklist in its
	 * template's language opens none (tr_open()), and needs none. */
	tpath = r->translates ? ids_join(r->out, lv->tpath, base) : "";
	if (fornode != NULL) {
		if (fornode->kind != CHK_NODE_STRING) {
			diag_add(r->d, &fornode->loc, DIAG_ERROR,
			    "'for' must be 'NAME in EXPR'");
			return;
		}
		if (expr_for(&r->ex, fornode->str, fornode->len,
		    &fornode->loc, &var, &list) == -1)
			return;
		count = list->n;
	}
	for (i = 0; i < count && !r->failed; i++) {
		b.node = b.tmpl = map, b.kind = kind, b.id = base;
		b.idlen = baselen, b.tpath = tpath, b.keys = k, b.m = m;
		if (list != NULL && count_loop(r, &fornode->loc) == -1)
			break;
		if (list != NULL) {
			sc.name = var, sc.value = list->items[i];
			sc.up = r->ex.scope;
			r->ex.scope = &sc;
			b.id = ids_cat(r->out, base, '-',
			    loop_slug(r, list->items[i], i));
			b.idlen = strlen(b.id);
		}
		if (block_when(r, m, k) == 1) {
			expand_instance(r, lv, &b, make, sections);
			made++;
		}
		if (list != NULL)
			r->ex.scope = sc.up;
	}
	/* The translations of a block this project does not show are
	 * still the template's, not typos. */
	if (made == 0 && r->tr != NULL)
		tr_skip(r, tpath);
}

/* ------------------------------------------------------------------ */
/* Items. */

static const char *const field_types[CHK_FIELD__MAX] = {
	"text", "longtext", "number", "date", "time", "datetime", "bool",
	"choice", "multichoice",
};

/* The fill-in of a field block or of a check's `field:`. */
static struct chk_field *
make_field(struct rctx *r, const struct chk_node **k, enum bkey label)
{
	struct chk_field	*f = arena_alloc(r->out, sizeof(*f));
	const struct chk_node	*type = k[BK_TYPE];
	const char		*best;
	size_t			 t;

	f->label = text_of(r, k[label], TEXT_MARKDOWN);
	f->unit = text_of(r, k[BK_UNIT], TEXT_PLAIN);
	f->has_min = number_of(r, k[BK_MIN], "min", &f->min);
	f->has_max = number_of(r, k[BK_MAX], "max", &f->max);
	f->required = bool_of(r, k[BK_REQUIRED], "required");
	f->options = texts_of(r, k[BK_OPTIONS], "options", &f->noptions);
	if (type == NULL)
		return f;
	for (t = 0; t < CHK_FIELD__MAX; t++)	/* first bytes differ most */
		if (type->kind == CHK_NODE_STRING &&
		    type->str[0] == field_types[t][0] &&
		    strcmp(type->str, field_types[t]) == 0)
			break;
	if (t == CHK_FIELD__MAX) {
		best = diag_did_you_mean(type->str, field_types, CHK_FIELD__MAX);
		diag_add(r->d, &type->loc, DIAG_ERROR, "unknown field type "
		    "'%s'%s%s%s", type->str, best ? " (did you mean '" : "",
		    best ? best : "", best ? "'?)" : "");
		return f;
	}
	f->type = (enum chk_field_type)t;
	if ((t == CHK_FIELD_CHOICE || t == CHK_FIELD_MULTICHOICE) &&
	    f->noptions == 0)
		diag_add(r->d, &type->loc, DIAG_ERROR,
		    "a %s field needs 'options'", field_types[t]);
	return f;
}

/* Count an item or a section against the limit; stops the walk past
 * it (sections count too: loops of empty sections cost as much). */
static void
count_made(struct rctx *r, const struct loc *at)
{
	if (++r->nitems > resolve_limits.max_items && !r->failed) {
		diag_add(r->d, at, DIAG_ERROR, "the checklist has more than "
		    "%zu items and sections (CHKC_MAX_ITEMS raises the limit)",
		    resolve_limits.max_items);
		r->failed = 1;
	}
}

/* Count a loop value; nested loops multiply, so they are limited as a
 * whole, even when `when` keeps nothing.  -1 (and the walk stops) past
 * the limit. */
static int
count_loop(struct rctx *r, const struct loc *at)
{
	if (++r->nloops <= resolve_limits.max_loops)
		return 0;
	if (!r->failed)
		diag_add(r->d, at, DIAG_ERROR, "loops make more than %zu "
		    "values in this checklist (nested loops multiply; "
		    "CHKC_MAX_LOOPS raises the limit)", resolve_limits.max_loops);
	r->failed = 1;
	return -1;
}

/*
 * Count the cells of a table or sign-off: every emitter draws each, and
 * 100,000 rows (a loop) of 100,000 columns (an alias) are 10^10 cells
 * from a few lines.  They count as items.
 */
static void
count_cells(struct rctx *r, const struct loc *at, size_t rows, size_t cols)
{
	size_t	max = resolve_limits.max_items;

	if (rows > 0 && cols > max / rows) {
		if (!r->failed)
			diag_add(r->d, at, DIAG_ERROR, "%zu rows of %zu "
			    "columns: more cells than the limit of %zu items "
			    "(CHKC_MAX_ITEMS)", rows, cols, max);
		r->failed = 1;
		return;
	}
	r->nitems += rows * cols;
	count_made(r, at);
}

/* A block's id as its own string of the model: the end of its path
 * (PARENT.ID), which is one already. */
static const char *
path_id(const struct block *b)
{
	return b->path + b->pathlen - b->idlen;
}

static inline struct chk_item *
new_item(struct rctx *r, enum chk_item_kind kind, const struct block *b)
{
	struct chk_item	*it = arena_alloc(r->out, sizeof(*it));

	it->kind = kind;
	it->id = path_id(b);
	it->path = b->path;
	it->loc = b->node->loc;
	count_made(r, &b->node->loc);
	return it;
}

/* The sub-items of check it, made of block b. */
static void
check_items(struct rctx *r, struct chk_item *it, const struct block *b,
    const struct chk_node *items)
{
	struct id_set		 ids = { 0 };
	struct level		 sub = { b->path, b->tpath, &ids, { 0 },
				     b->pathlen };

	expand_items(r, &sub, items);
	ids_free(&ids);
	it->items = alist_finish(r, &sub.out, &it->nitems);
}

static void
make_check(struct rctx *r, struct level *lv, const struct block *b)
{
	struct chk_item		*it = new_item(r, CHK_ITEM_CHECK, b);
	const struct chk_node	*kv[BK__MAX], *fkv[BK__MAX], **k, *f;

	k = made_keys(b, kv);
	f = k[BK_FIELD];
	it->text = text_of(r, k[BK_CHECK], TEXT_MARKDOWN);
	it->details = text_of(r, k[BK_DETAILS], TEXT_MARKDOWN);
	it->code = text_of(r, k[BK_CODE], TEXT_PLAIN);
	it->lang = text_of(r, k[BK_LANG], TEXT_PLAIN);
	if (it->code != NULL && it->lang == NULL)
		it->lang = "sh";
	it->critical = bool_of(r, k[BK_CRITICAL], "critical");
	it->role = text_of(r, k[BK_ROLE], TEXT_PLAIN);
	if (f != NULL && f->kind == CHK_NODE_MAP)
		it->field = make_field(r, block_keys(r, block_memo(r, f), f,
		    fkv), BK_LABEL);
	else if (f != NULL)
		diag_add(r->d, &f->loc, DIAG_ERROR, "a check's 'field' is a "
		    "mapping like {type: number, unit: MB}");
	if (k[BK_ITEMS] != NULL)	/* most checks have no sub-items */
		check_items(r, it, b, k[BK_ITEMS]);
	alist_push(r, &lv->out, it);
}

static void
make_field_item(struct rctx *r, struct level *lv, const struct block *b)
{
	struct chk_item		*it = new_item(r, CHK_ITEM_FIELD, b);
	const struct chk_node	*kv[BK__MAX];

	it->field = make_field(r, made_keys(b, kv), BK_FIELD);
	it->text = it->field->label;
	alist_push(r, &lv->out, it);
}

static void
make_md(struct rctx *r, struct level *lv, const struct block *b)
{
	struct chk_item	*it = new_item(r, CHK_ITEM_MD, b);

	it->text = get_text(r, b->node, "md", TEXT_MARKDOWN);
	alist_push(r, &lv->out, it);
}

/*
 * Rows given as cells beside labels: [Unit Tests, null, null, "1240"].
 * A text is a fixed cell, null one to fill in; a label alone is a row
 * whose other cells are to fill in.  Column 0 holds the row labels
 * when every row has fixed text there.
 */
static void
table_fixed(struct rctx *r, struct chk_item *it, const struct chk_node *rows)
{
	const struct chk_node	*row, *c;
	size_t			 i, j, nc = it->ncolumns;

	it->nrows = rows->n;
	it->rows = arena_alloc(r->out, (rows->n + 1) * sizeof(char *));
	it->cells = arena_alloc(r->out, (rows->n * nc + 1) * sizeof(char *));
	for (i = 0; i < rows->n; i++) {
		row = rows->items[i];
		if (row->kind != CHK_NODE_SEQ)
			it->cells[i * nc] = text_resolve(r, row, TEXT_PLAIN);
		else if (row->n > nc)
			diag_add(r->d, &row->loc, DIAG_ERROR, "a row of %zu "
			    "cells in a table of %zu columns", row->n, nc);
		for (j = 0; row->kind == CHK_NODE_SEQ && j < row->n &&
		    j < nc; j++)
			if ((c = row->items[j])->kind != CHK_NODE_NULL)
				it->cells[i * nc + j] = text_resolve(r, c,
				    TEXT_PLAIN);
		it->rows[i] = nc > 0 && it->cells[i * nc] != NULL ?
		    it->cells[i * nc] : "";
		if (nc == 0 || it->cells[i * nc] == NULL)
			it->labelled = 0;
	}
}

/* Table rows: a count of blank rows, a list of labels (or of rows of
 * cells), or {for: x in ..., label: "..."}. */
static void
table_rows(struct rctx *r, struct chk_item *it, const struct chk_node *rows)
{
	struct alist		 v = { 0 };
	const struct chk_node	*list = NULL, *label;
	const char		*var, *s;
	struct scope		 sc;
	size_t			 i;

	if (rows == NULL || rows->kind == CHK_NODE_NUMBER) {
		it->nrows = rows ? (size_t)fmax(0, fmin(rows->num, 1000)) : 1;
		it->rows = arena_alloc(r->out, (it->nrows + 1) * sizeof(char *));
		for (i = 0; i < it->nrows; i++)
			it->rows[i] = "";
		return;
	}
	it->labelled = 1;
	if (rows->kind == CHK_NODE_SEQ) {
		for (i = 0; i < rows->n; i++)
			if (rows->items[i]->kind == CHK_NODE_SEQ)
				break;
		if (i < rows->n) {
			table_fixed(r, it, rows);
			return;
		}
		for (i = 0; i < rows->n; i++)
			if ((s = text_resolve(r, rows->items[i], TEXT_PLAIN)))
				alist_push(r, &v, (void *)s);
		it->rows = alist_finish(r, &v, &it->nrows);
		return;
	}
	label = node_get(rows, "label");
	if (rows->kind != CHK_NODE_MAP || node_get(rows, "for") == NULL ||
	    label == NULL || node_get(rows, "for")->kind != CHK_NODE_STRING) {
		diag_add(r->d, &rows->loc, DIAG_ERROR, "'rows' is a number, a "
		    "list of labels, or {for: ..., label: ...}");
		return;
	}
	if (expr_for(&r->ex, node_get(rows, "for")->str,
	    node_get(rows, "for")->len, &node_get(rows, "for")->loc, &var,
	    &list) == -1)
		return;
	for (i = 0; i < list->n; i++) {
		if (count_loop(r, &rows->loc) == -1)
			break;
		sc.name = var, sc.value = list->items[i], sc.up = r->ex.scope;
		r->ex.scope = &sc;
		if ((s = text_resolve(r, label, TEXT_PLAIN)) != NULL)
			alist_push(r, &v, (void *)s);
		r->ex.scope = sc.up;
	}
	it->rows = alist_finish(r, &v, &it->nrows);
}

static void
make_table(struct rctx *r, struct level *lv, const struct block *b)
{
	struct chk_item	*it = new_item(r, CHK_ITEM_TABLE, b);

	it->text = get_text(r, b->node, "table", TEXT_MARKDOWN);
	it->columns = get_texts(r, b->node, "columns", &it->ncolumns);
	if (it->ncolumns == 0)
		diag_add(r->d, &b->node->loc, DIAG_ERROR,
		    "a table needs 'columns'");
	table_rows(r, it, node_get(b->node, "rows"));
	count_cells(r, &b->node->loc, it->nrows, it->ncolumns);
	alist_push(r, &lv->out, it);
}

/*
 * Enter an included part: it is a source of the checklist, it is on the
 * include chain, and its own translation (if it has one) applies to it,
 * with paths relative to where it is included.
 */
static void
part_enter(struct rctx *r, const struct chk_node *inc,
    const struct chk_node *part, struct level *lv, struct translation *tr,
    struct translation **saved)
{
	resolve_add_source(r, part->loc.file);
	r->inc_stack[r->inc_depth++] = inc->str;
	*saved = r->tr;
	if (tr_open(r, tr, inc->str, r->src_lang, NULL) == 1) {
		tr->prefix = lv->tpath;
		r->tr = tr;
	}
}

static void
part_leave(struct rctx *r, struct translation *tr, struct translation *saved)
{
	if (r->tr == tr)
		tr_close(r, tr);
	r->tr = saved;
	r->inc_depth--;
}

/*
 * The part an `include:` block names, if its `when` holds: on the
 * include chain (no cycle, not too deep) and loaded.  NULL otherwise
 * (after a diagnostic if something is wrong).  A template's include
 * keeps its keys, its `when` and its part in its memo: resolver_part()
 * looks the name up among every file loaded, each project's too.
 */
static const struct chk_node *
include_part(struct rctx *r, const struct chk_node *map,
    const struct chk_node **inc)
{
	const struct chk_node	*kv[BK__MAX], **k, *part;
	struct memo		*m = NULL;

	if (map->loc.file != r->proj_file)
		m = resolver_memo(r->res, map);
	k = block_keys(r, m, map, kv);
	*inc = k[BK_INCLUDE];
	if (block_when(r, m, k) != 1)
		return NULL;
	if ((*inc)->kind != CHK_NODE_STRING) {
		diag_add(r->d, &(*inc)->loc, DIAG_ERROR,
		    "'include' takes a file name");
		return NULL;
	}
	if (include_guard(r, *inc) == -1)
		return NULL;
	if (m != NULL && m->part != NULL)
		return m->part;
	part = resolver_part(r->res, (*inc)->str, &(*inc)->loc);
	if (m != NULL)
		m->part = part;
	return part;
}

/* `include:` among items: a part that is a list of blocks (or a
 * mapping with `items:`). */
static void
include_items(struct rctx *r, struct level *lv, const struct chk_node *map)
{
	const struct chk_node	*inc, *part;
	struct translation	 tr, *saved;

	if ((part = include_part(r, map, &inc)) == NULL)
		return;
	if (part->kind == CHK_NODE_MAP && node_get(part, "items") != NULL)
		part = node_get(part, "items");
	if (part->kind != CHK_NODE_SEQ) {
		diag_add(r->d, &part->loc, DIAG_ERROR, "a part included among "
		    "items must be a list of blocks");
		return;
	}
	part_enter(r, inc, part, lv, &tr, &saved);
	expand_items(r, lv, part);
	part_leave(r, &tr, saved);
}

static const struct {
	enum bkey	 key;
	make_fn		 make;
} item_kinds[] = {
	{ BK_CHECK,	make_check },
	{ BK_FIELD,	make_field_item },
	{ BK_TABLE,	make_table },
	{ BK_MD,	make_md },
};

/* The key an item block starts with (its kind): m's, read once per
 * process, when the block has a memo. */
static enum bkey
first_key(struct memo *m, const struct chk_node *map)
{
	const char	*key = map->n > 0 ? map->pairs[0].key->str : "";

	if (m == NULL)		/* a plain string's is known (scan_keys()) */
		return map->n > 0 && map->pairs[0].key == &check_key ?
		    BK_CHECK : bkey_of(key);
	if (m->first == 0)
		m->first = (int)bkey_of(key) + 1;
	return (enum bkey)(m->first - 1);
}

static void
expand_items(struct rctx *r, struct level *lv, const struct chk_node *list)
{
	const struct chk_node	*map;
	struct memo		*m;
	enum bkey		 kk;
	size_t			 i, k;

	if (list == NULL)
		return;
	if (list->kind != CHK_NODE_SEQ) {
		diag_add(r->d, &list->loc, DIAG_ERROR, "'items' must be a list, "
		    "got %s", node_kind_name(list->kind));
		return;
	}
	for (i = 0; i < list->n && !r->failed; i++) {
		if ((map = block_map(r, list->items[i])) == NULL)
			continue;
		m = block_memo(r, map);
		if ((kk = first_key(m, map)) == BK_INCLUDE) {
			include_items(r, lv, map);
			continue;
		}
		for (k = 0; k < sizeof(item_kinds) / sizeof(item_kinds[0]); k++)
			if (kk == item_kinds[k].key)
				break;
		if (k == sizeof(item_kinds) / sizeof(item_kinds[0])) {
			diag_add(r->d, &map->loc, DIAG_ERROR, "a block starts "
			    "with 'check', 'field', 'table', 'md' or 'include', "
			    "not '%s'", map->n > 0 ? map->pairs[0].key->str : "");
			continue;
		}
		expand_block(r, lv, map, m, item_kinds[k].key, i,
		    item_kinds[k].make, 0);
	}
}

/* ------------------------------------------------------------------ */
/* Sections. */

/* `add: into:` a section: items after its items, sections after its
 * sub-sections. */
static void
add_into(struct rctx *r, struct level *items, struct level *subs,
    const char *path)
{
	struct patch		*p;
	struct translation	*saved = r->tr;

	r->tr = NULL;		/* what a project adds is in its language */
	while ((p = patch_find(r, PATCH_ADD_INTO, path)) != NULL) {
		p->used = 1;
		expand_items(r, items, node_get(p->body, "items"));
		expand_sections(r, subs, node_get(p->body, "sections"));
	}
	r->tr = saved;
}

static void
make_section(struct rctx *r, struct level *lv, const struct block *b)
{
	struct chk_section	*s = arena_alloc(r->out, sizeof(*s));
	const struct chk_node	*kv[BK__MAX], **k;
	struct id_set		 ids = { 0 };
	struct level		 items = { b->path, b->tpath, &ids, { 0 },
				     b->pathlen };
	struct level		 subs = { b->path, b->tpath, &ids, { 0 },
				     b->pathlen };

	s->id = path_id(b);
	s->path = b->path;
	s->loc = b->node->loc;
	count_made(r, &s->loc);
	k = made_keys(b, kv);
	s->title = text_of(r, k[BK_TITLE], TEXT_MARKDOWN);
	s->note = text_of(r, k[BK_NOTE], TEXT_MARKDOWN);
	expand_items(r, &items, k[BK_ITEMS]);
	expand_sections(r, &subs, k[BK_SECTIONS]);
	add_into(r, &items, &subs, b->path);
	s->items = alist_finish(r, &items.out, &s->nitems);
	s->sections = alist_finish(r, &subs.out, &s->nsections);
	ids_free(&ids);
	alist_push(r, &lv->out, s);
}

static int
include_guard(struct rctx *r, const struct chk_node *inc)
{
	struct buf	b = { 0 };
	int		i, max = resolve_limits.max_include;

	/* The chain has room for 32, whatever the limit is set to. */
	if (max > (int)(sizeof(r->inc_stack) / sizeof(r->inc_stack[0])))
		max = (int)(sizeof(r->inc_stack) / sizeof(r->inc_stack[0]));
	for (i = 0; i < r->inc_depth; i++)
		if (strcmp(r->inc_stack[i], inc->str) == 0)
			break;
	if (i == r->inc_depth && r->inc_depth < max)
		return 0;
	if (i == r->inc_depth) {
		diag_add(r->d, &inc->loc, DIAG_ERROR, "includes nested deeper "
		    "than %d", max);
		return -1;
	}
	for (; i < r->inc_depth; i++)
		buf_printf(&b, "%s -> ", r->inc_stack[i]);
	diag_add(r->d, &inc->loc, DIAG_ERROR, "include cycle: %s%s",
	    buf_str(&b), inc->str);
	buf_free(&b);
	return -1;
}

/* `include:` among sections: a part that is one section mapping. */
static void
include_section(struct rctx *r, struct level *lv, const struct chk_node *map,
    size_t pos)
{
	const struct chk_node	*inc, *part;
	struct translation	 tr, *saved;

	if ((part = include_part(r, map, &inc)) == NULL)
		return;
	if (part->kind != CHK_NODE_MAP || node_get(part, "title") == NULL) {
		diag_add(r->d, &part->loc, DIAG_ERROR, "a part included as a "
		    "section must be a mapping with a 'title'");
		return;
	}
	part_enter(r, inc, part, lv, &tr, &saved);
	expand_block(r, lv, part, block_memo(r, part), BK_TITLE, pos,
	    make_section, 1);
	part_leave(r, &tr, saved);
}

static void
expand_sections(struct rctx *r, struct level *lv, const struct chk_node *list)
{
	const struct chk_node	*map, *kv[BK__MAX], **k;
	struct memo		*m;
	size_t			 i;

	if (list == NULL)
		return;
	if (list->kind != CHK_NODE_SEQ) {
		diag_add(r->d, &list->loc, DIAG_ERROR, "'sections' must be a "
		    "list, got %s", node_kind_name(list->kind));
		return;
	}
	for (i = 0; i < list->n && !r->failed; i++) {
		map = list->items[i];
		if (map->kind != CHK_NODE_MAP) {
			diag_add(r->d, &map->loc, DIAG_ERROR, "a section is a "
			    "mapping with a 'title', got %s",
			    node_kind_name(map->kind));
			continue;
		}
		m = block_memo(r, map);
		k = block_keys(r, m, map, kv);
		if (k[BK_INCLUDE] != NULL)
			include_section(r, lv, map, i);
		else if (k[BK_TITLE] == NULL)
			diag_add(r->d, &map->loc, DIAG_ERROR,
			    "a section needs a 'title'");
		else
			expand_block(r, lv, map, m, BK_TITLE, i, make_section,
			    1);
	}
}

/* ------------------------------------------------------------------ */
/* The checklist: header fields, sections, sign-off. */

static void
expand_fields(struct rctx *r, struct chk_list *cl, const struct chk_node *list)
{
	struct id_set	ids = { 0 };
	struct level	lv = { "fields", "fields", &ids, { 0 }, 6 };
	size_t		i;

	if (list != NULL && list->kind != CHK_NODE_SEQ)
		diag_add(r->d, &list->loc, DIAG_ERROR, "'fields' must be a list");
	for (i = 0; list != NULL && list->kind == CHK_NODE_SEQ && i < list->n; i++) {
		if (list->items[i]->kind != CHK_NODE_MAP ||
		    node_get(list->items[i], "field") == NULL) {
			diag_add(r->d, &list->items[i]->loc, DIAG_ERROR,
			    "a header field is a mapping with 'field: LABEL'");
			continue;
		}
		expand_block(r, &lv, list->items[i],
		    block_memo(r, list->items[i]), BK_FIELD, i,
		    make_field_item, 0);
	}
	ids_free(&ids);
	cl->fields = alist_finish(r, &lv.out, &cl->nfields);
}

/* The column a label names, in any language; OTHER when none. */
static enum chk_signcol
signcol_of(const char *label)
{
	if (label_is(label, "name"))
		return CHK_SIGNCOL_NAME;
	if (label_is(label, "date-and-time") ||
	    label_is(label, "date"))
		return CHK_SIGNCOL_AT;
	if (label_is(label, "signature"))
		return CHK_SIGNCOL_SIGNATURE;
	return CHK_SIGNCOL_OTHER;
}

/*
 * What each column of s holds (chkc.h enum chk_signcol), decided here
 * once so that every emitter agrees.  Columns of other words take the
 * default's order: name and time first when no column is named so, a
 * signature last when none is.
 */
static void
signoff_holds(struct arena *a, struct chk_signoff *s)
{
	size_t	c;
	int	named = 0, signature = 0;

	s->holds = arena_alloc(a, (s->ncolumns + 1) * sizeof(*s->holds));
	for (c = 0; c < s->ncolumns; c++) {
		s->holds[c] = signcol_of(s->columns[c]);
		named |= s->holds[c] == CHK_SIGNCOL_NAME ||
		    s->holds[c] == CHK_SIGNCOL_AT;
		signature |= s->holds[c] == CHK_SIGNCOL_SIGNATURE;
	}
	for (c = 0; c < s->ncolumns; c++) {
		if (s->holds[c] != CHK_SIGNCOL_OTHER)
			continue;
		if (!named && c < 2)
			s->holds[c] = c == 0 ? CHK_SIGNCOL_NAME : CHK_SIGNCOL_AT;
		else if (!signature && c + 1 == s->ncolumns)
			s->holds[c] = CHK_SIGNCOL_SIGNATURE;
	}
}

static struct chk_signoff *
make_signoff(struct rctx *r, const struct chk_node *g, struct id_set *ids,
    const char *lang)
{
	struct chk_signoff	*s = arena_alloc(r->out, sizeof(*s));
	static const char *const cols[] = { "name", "date-and-time", "signature" };
	static const enum chk_signcol holds[] = {
		CHK_SIGNCOL_NAME, CHK_SIGNCOL_AT, CHK_SIGNCOL_SIGNATURE
	};
	size_t			 i;
	const char		*id;

	id = node_get(g, "id") ? node_str(node_get(g, "id")) :
	    ids_slug(r->out, node_get(g, "title") ?
	    node_get(g, "title")->str : "signoff");
	if (id == NULL || *id == '\0')
		id = "signoff";
	g = tr_apply(r, g, "title", ids_join(r->tmp, "signoff", id), NULL);

	s->title = get_text(r, g, "title", TEXT_MARKDOWN);
	if (s->title == NULL)
		s->title = label_get(lang, "signoff");
	s->id = id;
	s->path = ids_join(r->out, "signoff", s->id);
	remember_path(r, s->path);
	ids_claim(ids, r->d, s->id, &g->loc, "sign-off");
	s->roles = get_texts(r, g, "roles", &s->nroles);
	if (s->nroles == 0)
		diag_add(r->d, &g->loc, DIAG_ERROR, "a sign-off needs 'roles'");
	s->columns = get_texts(r, g, "columns", &s->ncolumns);
	if (s->ncolumns == 0) {
		s->ncolumns = 3;
		s->columns = arena_alloc(r->out, 3 * sizeof(char *));
		s->holds = arena_alloc(r->out, 4 * sizeof(*s->holds));
		/* What the default columns hold is known without reading
		 * their labels in every language (signoff_holds()). */
		for (i = 0; i < 3; i++) {
			s->columns[i] = label_get(lang, cols[i]);
			s->holds[i] = holds[i];
		}
	} else
		signoff_holds(r->out, s);
	count_cells(r, &g->loc, s->nroles, s->ncolumns);
	return s;
}

static void
expand_signoff(struct rctx *r, struct chk_list *cl, const struct chk_node *list)
{
	struct alist	v = { 0 };
	struct id_set	ids = { 0 };
	size_t		i;

	if (list == NULL)
		return;
	if (list->kind != CHK_NODE_SEQ) {
		diag_add(r->d, &list->loc, DIAG_ERROR, "'signoff' must be a list");
		return;
	}
	for (i = 0; i < list->n; i++) {
		if (list->items[i]->kind != CHK_NODE_MAP) {
			diag_add(r->d, &list->items[i]->loc, DIAG_ERROR,
			    "a sign-off is a mapping with 'roles'");
			continue;
		}
		alist_push(r, &v, make_signoff(r, list->items[i], &ids,
		    cl->lang));
	}
	ids_free(&ids);
	cl->signoffs = alist_finish(r, &v, &cl->nsignoffs);
}

/*
 * The checklist of template tmpl for a project entry (NULL: the
 * template alone).  The caller has set the checklist's identity
 * (project, id, lang) and r->ex.vars.
 */
struct chk_list *
expand_checklist(struct rctx *r, const struct chk_node *tmpl,
    const struct chk_node *entry, const char *lang)
{
	struct chk_list		*cl = arena_alloc(r->out, sizeof(*cl));
	struct id_set		 ids = { 0 };
	struct level		 top = { "", "", &ids, { 0 }, 0 };
	const struct chk_node	*signoff;
	struct translation	*saved;
	double			 rev = 1;

	cl->lang = lang;
	cl->title = get_text(r, tr_apply(r, tmpl, "title", "title", NULL), "title",
	    TEXT_MARKDOWN);
	if (node_get(tmpl, "description") != NULL)
		cl->description = get_text(r, tr_apply(r, tmpl, "description",
		    "description", NULL), "description", TEXT_MARKDOWN);
	if (get_number(r, tmpl, "revision", &rev) &&
	    (rev != floor(rev) || rev < 0 || rev > INT_MAX)) {
		diag_add(r->d, &node_get(tmpl, "revision")->loc, DIAG_ERROR,
		    "'revision' must be a whole number from 0 to %d", INT_MAX);
		rev = 0;
	}
	cl->revision = (int)rev;
	expand_fields(r, cl, node_get(tmpl, "fields"));
	expand_sections(r, &top, node_get(tmpl, "sections"));
	ids_free(&ids);
	cl->sections = alist_finish(r, &top.out, &cl->nsections);
	signoff = entry != NULL ? node_get(entry, "signoff") : NULL;
	if (signoff != NULL) {
		/* A project's own sign-off is in its language. */
		saved = r->tr;
		tr_skip(r, "signoff");
		r->tr = NULL;
		expand_signoff(r, cl, signoff);
		r->tr = saved;
	} else
		expand_signoff(r, cl, node_get(tmpl, "signoff"));
	if (!r->failed)
		patch_report_unused(r, (const char *const *)r->seen.v,
		    r->seen.n);
	return cl;
}
