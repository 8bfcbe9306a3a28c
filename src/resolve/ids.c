/*
 * Ids and paths (doc/format.md §1): the slug of a text, and the rule that
 * siblings have distinct ids.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "resolve/internal.h"

/* Slugs longer than this are cut (at a character boundary): ids are
 * for people and URLs, not for whole paragraphs. */
#define SLUG_MAX	64

/*
 * Letters and digits kept (lower-cased), every run of anything else one
 * '-', none at either end.  Markdown emphasis and code markers vanish
 * with the rest of the punctuation.  "" when nothing is left.
 */
char *
ids_slug(struct arena *a, const char *s)
{
	unsigned long	 cp;
	size_t		 len, n = strlen(s), i = 0, out = 0;
	int		 dash = 0;
	char		 slug[SLUG_MAX + 1], enc[4];
	unsigned char	 c;

	/* Every block's id is made here, for every checklist: ASCII, most
	 * texts, is lowered in place, and the slug is built on the stack. */
	while (i < n) {
		if ((c = (unsigned char)s[i]) < 0x80) {
			i++;
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    (c >= 'A' && c <= 'Z'))) {
				dash = out > 0;
				continue;
			}
			if (out + (size_t)dash + 1 > SLUG_MAX)
				break;
			if (dash)
				slug[out++] = '-';
			dash = 0;
			slug[out++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0)
			len = 1;
		i += len;
		if (!utf8_isalnum(cp)) {
			dash = out > 0;
			continue;
		}
		len = utf8_encode(utf8_tolower(cp), enc);
		if (out + (size_t)dash + len > SLUG_MAX)
			break;
		if (dash)
			slug[out++] = '-';
		dash = 0;
		memcpy(slug + out, enc, len);
		out += len;
	}
	return arena_strndup(a, slug, out);
}

const char *
ids_join(struct arena *a, const char *parent, const char *id)
{
	size_t	 lp, li;
	char	*path;

	if (parent == NULL || *parent == '\0')
		return arena_strdup(a, id);
	/* Not arena_printf: every item's path is made here, and measuring
	 * and formatting with vsnprintf cost more than the rest of it. */
	lp = strlen(parent), li = strlen(id);
	path = arena_alloc(a, lp + li + 2);
	memcpy(path, parent, lp);
	path[lp] = '.';
	memcpy(path + lp + 1, id, li + 1);
	return path;
}

static size_t
ids_hash(const char *s)
{
	size_t	h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The slot of id: where it is, or the empty one where it would go. */
static size_t *
ids_slot(const struct id_set *set, const char *id)
{
	size_t	i = ids_hash(id) & (set->nslots - 1);

	while (set->slots[i] != 0 && strcmp(set->ids[set->slots[i] - 1], id) != 0)
		i = (i + 1) & (set->nslots - 1);
	return &set->slots[i];
}

/* Keep the table at most half full; a loop makes 100,000 siblings,
 * and comparing each with all the others took half a minute. */
static void
ids_rehash(struct id_set *set)
{
	size_t	i;

	if (2 * (set->n + 1) <= set->nslots)
		return;
	set->nslots = set->nslots ? 2 * set->nslots : 64;
	free(set->slots);
	set->slots = xcalloc(set->nslots, sizeof(*set->slots));
	for (i = 0; i < set->n; i++)
		*ids_slot(set, set->ids[i]) = i + 1;
}

int
ids_claim(struct id_set *set, struct diag *d, const char *id,
    const struct loc *at, const char *what)
{
	size_t	*slot;

	ids_rehash(set);
	slot = ids_slot(set, id);
	if (*slot != 0) {
		diag_add(d, at, DIAG_ERROR, "duplicate %s id '%s' (give one "
		    "of them an explicit 'id:')", what, id);
		diag_add(d, set->locs[*slot - 1], DIAG_NOTE,
		    "'%s' first used here", id);
		return -1;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->ids = xrealloc(set->ids, set->cap * sizeof(*set->ids));
		set->locs = xrealloc(set->locs, set->cap * sizeof(*set->locs));
	}
	set->ids[set->n] = id;
	set->locs[set->n++] = at;
	*slot = set->n;
	return 0;
}

void
ids_free(struct id_set *set)
{
	free(set->ids);
	free(set->locs);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}
