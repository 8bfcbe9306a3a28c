/*
 * Reading and making nodes of the tree.
 */
#include <math.h>
#include <string.h>

#include "arena.h"
#include "load.h"
#include "strhash.h"

/* Every stage reads the tree through here, a few keys of small maps at
 * a time: the first two bytes settle most comparisons without a call. */
struct chk_pair *
node_pair(const struct chk_node *map, const char *key)
{
	const char	*k;
	size_t		 i;

	if (map == NULL || map->kind != CHK_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		k = map->pairs[i].key->str;
		if (k[0] == key[0] && (key[0] == '\0' || (k[1] == key[1] &&
		    (key[1] == '\0' || strcmp(k + 2, key + 2) == 0))))
			return &map->pairs[i];
	}
	return NULL;
}

struct chk_node *
node_get_next(const struct chk_node *map, const char *key, size_t *cursor)
{
	const char	*k;
	size_t		 i, j;

	if (map == NULL || map->kind != CHK_NODE_MAP || map->n == 0)
		return NULL;
	for (i = 0, j = *cursor; i < map->n; i++, j++) {
		if (j >= map->n)
			j = 0;
		k = map->pairs[j].key->str;
		if (k[0] == key[0] && strcmp(k, key) == 0) {
			*cursor = j + 1;
			return map->pairs[j].value;
		}
	}
	return NULL;
}

struct node_index {
	const struct chk_node	*map;
	size_t			 mask;		/* slots - 1 */
	size_t			 slot[];	/* pair index + 1, 0 empty */
};

/* The slot of key: its pair's, or the empty one where it would go. */
static size_t
index_slot(const struct node_index *x, const char *key)
{
	size_t	i;

	for (i = str_hash(key) & x->mask; x->slot[i] != 0 &&
	    strcmp(x->map->pairs[x->slot[i] - 1].key->str, key) != 0;
	    i = (i + 1) & x->mask)
		continue;
	return i;
}

struct node_index *
node_index(struct arena *a, const struct chk_node *map)
{
	struct node_index	*x;
	size_t			 i, n, slots = 16;

	n = map != NULL && map->kind == CHK_NODE_MAP ? map->n : 0;
	while (slots < 2 * n)
		slots *= 2;
	x = arena_alloc(a, sizeof(*x) + slots * sizeof(x->slot[0]));
	x->map = map;
	x->mask = slots - 1;
	for (i = 0; i < n; i++)
		x->slot[index_slot(x, map->pairs[i].key->str)] = i + 1;
	return x;
}

size_t
node_index_find(const struct node_index *x, const char *key)
{
	return x->slot[index_slot(x, key)];
}

struct chk_node *
node_index_get(const struct node_index *x, const char *key)
{
	size_t	i = node_index_find(x, key);

	return i != 0 ? x->map->pairs[i - 1].value : NULL;
}

struct chk_node *
node_get(const struct chk_node *map, const char *key)
{
	struct chk_pair	*p = node_pair(map, key);

	return p != NULL ? p->value : NULL;
}

const char *
node_kind_name(enum chk_node_kind kind)
{
	static const char *const names[CHK_NODE__MAX] = {
		"null", "a boolean", "a number", "a string", "a list",
		"a mapping",
	};

	return kind < CHK_NODE__MAX ? names[kind] : "?";
}

const char *
node_str(const struct chk_node *n)
{
	return n != NULL && n->kind == CHK_NODE_STRING ? n->str : NULL;
}

struct chk_node *
node_new(struct arena *a, enum chk_node_kind kind, const struct loc *at)
{
	struct chk_node	*n = arena_alloc(a, sizeof(*n));

	n->kind = kind;
	if (at != NULL)
		n->loc = *at;
	n->str = "";
	return n;
}

struct chk_node *
node_new_str(struct arena *a, const char *s, const struct loc *at)
{
	struct chk_node	*n = node_new(a, CHK_NODE_STRING, at);

	n->str = arena_strdup(a, s);
	n->len = strlen(s);
	return n;
}

struct chk_node *
node_new_num(struct arena *a, double num, const struct loc *at)
{
	struct chk_node	*n = node_new(a, CHK_NODE_NUMBER, at);

	n->num = num;
	n->is_int = isfinite(num) && num == floor(num);
	n->str = n->is_int && fabs(num) < 1e15 ?
	    arena_printf(a, "%.0f", num) : arena_printf(a, "%.17g", num);
	n->len = strlen(n->str);
	return n;
}

struct chk_node *
node_new_bool(struct arena *a, int b, const struct loc *at)
{
	struct chk_node	*n = node_new(a, CHK_NODE_BOOL, at);

	n->b = b != 0;
	n->str = b ? "true" : "false";
	n->len = strlen(n->str);
	return n;
}

int
node_equal(const struct chk_node *x, const struct chk_node *y)
{
	size_t	i;

	if (x->kind != y->kind)
		return 0;
	switch (x->kind) {
	case CHK_NODE_NULL:
		return 1;
	case CHK_NODE_BOOL:
		return x->b == y->b;
	case CHK_NODE_NUMBER:
		return x->num == y->num;
	case CHK_NODE_STRING:
		return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
	case CHK_NODE_SEQ:
		if (x->n != y->n)
			return 0;
		for (i = 0; i < x->n; i++)
			if (!node_equal(x->items[i], y->items[i]))
				return 0;
		return 1;
	case CHK_NODE_MAP:
		if (x->n != y->n)
			return 0;
		for (i = 0; i < x->n; i++) {
			struct chk_node *v = node_get(y, x->pairs[i].key->str);

			if (v == NULL || !node_equal(x->pairs[i].value, v))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

struct chk_node *
node_set(struct arena *a, const struct chk_node *map, const char *key,
    struct chk_node *value)
{
	struct chk_node	*m = node_new(a, CHK_NODE_MAP, map ? &map->loc : NULL);
	size_t		 i, n = map != NULL ? map->n : 0;

	m->pairs = arena_alloc(a, (n + 1) * sizeof(*m->pairs));
	for (i = 0; i < n; i++)
		m->pairs[i] = map->pairs[i];
	for (i = 0; i < n && strcmp(m->pairs[i].key->str, key) != 0; i++)
		continue;
	if (i == n) {
		m->pairs[n].key = node_new_str(a, key, &m->loc);
		m->n = n + 1;
	} else
		m->n = n;
	m->pairs[i].value = value;
	return m;
}
