/*
 * Translations (doc/format.md §4): templates/<id>.<lang>.yaml gives the
 * texts of a template, or of a part, in another language by path.  The
 * structure stays in the template; a translated text replaces the
 * template's before interpolation, so {{ }} works inside it.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/internal.h"

/* Keys whose values merge key by key (a check's field: {unit: МБ});
 * every other key is replaced whole. */
static int
deep_key(const char *key)
{
	return strcmp(key, "field") == 0 || strcmp(key, "rows") == 0;
}

/* A translated list (options, roles, columns) must keep the template's
 * length: its items are matched by position. */
static void
check_lengths(struct rctx *r, const struct chk_node *map,
    const struct chk_node *body)
{
	static const char *const lists[] = { "options", "roles", "columns" };
	const struct chk_node	*a, *b;
	size_t			 i;

	if (node_get(body, "field") != NULL && node_get(map, "field") != NULL)
		check_lengths(r, node_get(map, "field"), node_get(body, "field"));
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		a = node_get(map, lists[i]);
		b = node_get(body, lists[i]);
		if (a != NULL && b != NULL && a->kind == CHK_NODE_SEQ &&
		    b->kind == CHK_NODE_SEQ && a->n != b->n)
			diag_add(r->d, &b->loc, DIAG_ERROR, "the translation has "
			    "%zu %s, the template %zu", b->n, lists[i], a->n);
	}
}

/*
 * The block map with the keys of body over its own (mappings under
 * deep keys merged, not replaced), from the arena.
 */
const struct chk_node *
tr_merge(struct arena *a, const struct chk_node *map,
    const struct chk_node *body, int deep)
{
	struct chk_node	*m = node_new(a, CHK_NODE_MAP, &map->loc);
	struct chk_pair	*old;
	size_t		 i;

	m->pairs = arena_alloc(a, (map->n + body->n + 1) * sizeof(*m->pairs));
	memcpy(m->pairs, map->pairs, map->n * sizeof(*m->pairs));
	m->n = map->n;
	for (i = 0; i < body->n; i++) {
		const struct chk_pair *p = &body->pairs[i];

		if ((old = node_pair(m, p->key->str)) == NULL)
			m->pairs[m->n++] = *p;
		else if (deep && deep_key(p->key->str) &&
		    old->value->kind == CHK_NODE_MAP &&
		    p->value->kind == CHK_NODE_MAP)
			old->value = (struct chk_node *)tr_merge(a, old->value,
			    p->value, 1);
		else
			old->value = p->value;
	}
	return m;
}

static int
tr_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct chk_pair *const *)a)->key->str,
	    (*(const struct chk_pair *const *)b)->key->str);
}

/* The pairs of texts sorted by path: every block of a checklist looks
 * its path up, and a linear search made that quadratic. */
const struct chk_pair **
tr_sort(struct arena *a, const struct chk_node *texts)
{
	const struct chk_pair	**v;
	size_t			  i;

	v = arena_alloc(a, (texts->n + 1) * sizeof(*v));
	for (i = 0; i < texts->n; i++)
		v[i] = &texts->pairs[i];
	qsort(v, texts->n, sizeof(*v), tr_cmp);
	return v;
}

/* The first entry of tr->sorted whose path is path or after it. */
static size_t
tr_lower(const struct translation *tr, const char *path)
{
	size_t	lo = 0, hi = tr->texts->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(tr->sorted[mid]->key->str, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index in texts of the entry for path, or texts->n. */
static size_t
tr_find(const struct translation *tr, const char *path)
{
	size_t	i = tr_lower(tr, path);

	if (i < tr->texts->n && strcmp(tr->sorted[i]->key->str, path) == 0)
		return (size_t)(tr->sorted[i] - tr->texts->pairs);
	return tr->texts->n;
}

/*
 * tr_find() for the block of memo m (NULL: none), trying first the
 * entry found for it last time: a template's block is looked up by the
 * same path for every checklist (but for a part with no translation of
 * its own, included at two places), so one comparison tells, instead
 * of a binary search.
 */
static size_t
tr_find_memo(const struct translation *tr, const char *path, struct memo *m)
{
	size_t	i;

	if (m != NULL && m->tr_texts == tr->texts &&
	    strcmp(tr->texts->pairs[m->tr_index].key->str, path) == 0)
		return m->tr_index;
	i = tr_find(tr, path);
	if (m != NULL && i < tr->texts->n)
		m->tr_texts = tr->texts, m->tr_index = i;
	return i;
}

/*
 * Open the translation of `what` (a template id, or a part's path) into
 * the checklist's language, if it differs from the source's.  Returns 1
 * when one is open, 0 when none is needed or there is none (a missing
 * file is a warning at `at` if `at` is given), -1 after an error.
 */
int
tr_open(struct rctx *r, struct translation *tr, const char *what,
    const char *src_lang, const struct loc *at)
{
	const struct chk_node	*root, *texts;
	char			*file;
	size_t			 len = strlen(what), llen;
	int			 exists;

	memset(tr, 0, sizeof(*tr));
	if (r->lang == NULL || strcmp(r->lang, src_lang) == 0)
		return 0;
	if (len > 5 && strcmp(what + len - 5, ".yaml") == 0)
		len -= 5;
	/* WHAT.LANG.yaml, for each part of each checklist in another
	 * language: not with printf, which cost more than the rest. */
	llen = strlen(r->lang);
	file = arena_alloc(r->tmp, len + llen + 7);
	memcpy(file, what, len);
	file[len] = '.';
	memcpy(file + len + 1, r->lang, llen);
	memcpy(file + len + 1 + llen, ".yaml", 6);
	if ((root = resolver_translation(r->res, file, &exists)) == NULL) {
		if (exists)
			return -1;
		if (at != NULL)
			diag_add(r->d, at, DIAG_WARNING, "no '%s' translation "
			    "of '%s' (templates/%s): its texts stay in '%s'",
			    r->lang, what, file, src_lang);
		return 0;
	}
	if (node_str(node_get(root, "translates")) == NULL ||
	    strcmp(node_get(root, "translates")->str, what) != 0 ||
	    node_str(node_get(root, "lang")) == NULL ||
	    strcmp(node_get(root, "lang")->str, r->lang) != 0 ||
	    (texts = node_get(root, "texts")) == NULL ||
	    texts->kind != CHK_NODE_MAP) {
		diag_add(r->d, &root->loc, DIAG_ERROR, "a translation has "
		    "'translates: %s', 'lang: %s' and 'texts:', a mapping of "
		    "paths", what, r->lang);
		return -1;
	}
	tr->texts = texts;
	tr->sorted = resolver_sorted(r->res, texts);
	tr->used = arena_alloc(r->tmp, texts->n + 1);
	resolve_add_source(r, root->loc.file);
	return 1;
}

/* The path relative to the translated file. */
static const char *
tr_relative(const struct translation *tr, const char *path)
{
	size_t	len = tr->prefix != NULL ? strlen(tr->prefix) : 0;

	if (len > 0 && strncmp(path, tr->prefix, len) == 0 && path[len] == '.')
		return path + len + 1;
	return path;
}

static int
seen_before(const struct translation *tr, const char *path)
{
	size_t	i;

	for (i = 0; i < tr->seen.n; i++)
		if (strcmp(tr->seen.v[i], path) == 0)
			return 1;
	return 0;
}

/*
 * map with body, its translation, merged in, from a: for a mapping,
 * key by key (its lists' lengths checked); a text replaces kind.
 */
static const struct chk_node *
tr_made_new(struct rctx *r, struct arena *a, const struct chk_node *map,
    const char *kind, struct chk_node *body)
{
	if (body->kind == CHK_NODE_MAP) {
		check_lengths(r, map, body);
		return tr_merge(a, map, body, 1);
	}
	return tr_merge(a, map, tr_single(a, kind, body), 0);
}

/*
 * tr_made_new() for a template's block (memo m): the same block and
 * translation make the same mapping for every checklist, so it is made
 * once per process, with the resolver's files, and kept in m.  Its
 * errors are given again for each checklist that uses it.
 */
static const struct chk_node *
tr_made(struct rctx *r, struct memo *m, const struct chk_node *map,
    const char *kind, struct chk_node *body)
{
	struct tr_made	*t;
	int		 errors = diag_errors(r->d);

	if (m == NULL)
		return tr_made_new(r, r->tmp, map, kind, body);
	for (t = m->tr; t != NULL; t = t->next)
		if (t->body == body) {
			if (t->bad)
				check_lengths(r, map, body);
			return t->made;
		}
	t = arena_alloc(resolver_arena(r->res), sizeof(*t));
	t->made = tr_made_new(r, resolver_arena(r->res), map, kind, body);
	t->body = body;
	t->bad = diag_errors(r->d) > errors;
	t->next = m->tr;
	m->tr = t;
	return t->made;
}

/*
 * The block with its translation at path (relative to the translated
 * file) applied; kind is the key a plain string translates.  A block
 * the translation lacks keeps its text, with a warning.  m is map's
 * memo, or NULL.
 */
const struct chk_node *
tr_apply(struct rctx *r, const struct chk_node *map, const char *kind,
    const char *path, struct memo *m)
{
	struct translation	*tr = r->tr;
	struct chk_node		*body;	/* shared with the tree */
	size_t			 i;

	if (tr == NULL || tr->texts == NULL)
		return map;
	path = tr_relative(tr, path);
	i = tr_find_memo(tr, path, m);
	if (i == tr->texts->n && seen_before(tr, path))
		return map;		/* one warning per template block */
	ptrvec_push(&tr->seen, (void *)path);
	if (i == tr->texts->n) {
		diag_add(r->d, &map->loc, DIAG_WARNING, "'%s' has no '%s' "
		    "translation: the template's text is used", path, r->lang);
		return map;
	}
	tr->used[i] = 1;
	body = tr->texts->pairs[i].value;
	if (body->kind != CHK_NODE_MAP && body->kind != CHK_NODE_STRING) {
		diag_add(r->d, &body->loc, DIAG_ERROR, "a translation is a text "
		    "or a mapping of keys, got %s", node_kind_name(body->kind));
		return map;
	}
	return tr_made(r, m, map, kind, body);
}

/*
 * A block at path is not shown (its `when` is false, its `for` empty,
 * or a patch dropped it): its translations, and those of everything in
 * it, are known paths all the same.
 */
void
tr_skip(struct rctx *r, const char *path)
{
	struct translation	*tr = r->tr;
	const char		*key;
	size_t			 i, len;

	if (tr == NULL || tr->texts == NULL)
		return;
	path = tr_relative(tr, path);
	len = strlen(path);
	ptrvec_push(&tr->seen, (void *)path);
	/* The paths that start with path are together in sorted order,
	 * from path on: a skip looks at those, not at every entry. */
	for (i = tr_lower(tr, path); i < tr->texts->n; i++) {
		key = tr->sorted[i]->key->str;
		if (strncmp(key, path, len) != 0)
			break;
		if (key[len] == '\0' || key[len] == '.')
			tr->used[tr->sorted[i] - tr->texts->pairs] = 1;
	}
}

/* {kind: text}, for a translation given as a plain string. */
struct chk_node *
tr_single(struct arena *a, const char *kind, struct chk_node *text)
{
	struct chk_node	*m = node_new(a, CHK_NODE_MAP, &text->loc);

	m->pairs = arena_alloc(a, sizeof(*m->pairs));
	m->pairs[0].key = node_new_str(a, kind, &text->loc);
	m->pairs[0].value = text;
	m->n = 1;
	return m;
}

/* Translated paths that named nothing: errors with a did-you-mean. */
void
tr_close(struct rctx *r, struct translation *tr)
{
	const char *const *paths = (const char *const *)tr->seen.v;
	size_t		 npaths = tr->seen.n;
	const struct chk_node	*key;
	const char		*best;
	size_t			 i;

	for (i = 0; tr->texts != NULL && i < tr->texts->n; i++) {
		if (tr->used[i])
			continue;
		key = tr->texts->pairs[i].key;
		best = diag_did_you_mean(key->str, paths, npaths);
		diag_add(r->d, &key->loc, DIAG_ERROR, "'%s' is not a path of "
		    "the template%s%s%s", key->str, best ? " (did you mean '" :
		    "", best ? best : "", best ? "'?)" : "");
	}
	ptrvec_free(&tr->seen);
}
