/*
 * Ids and paths (doc/format.md §1): the slug of a text, and the rule that
 * siblings have distinct ids.
 */
#include <stdint.h>
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

/* What an ASCII byte adds to a slug: a letter or digit, lowered; '\0'
 * for anything else.  A table: every byte of every text is looked up. */
static const char slug_ascii[128] =
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"	/* 0x00 */
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"	/* 0x10 */
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"	/* 0x20 */
    "0123456789\0\0\0\0\0\0"			/* 0x30 */
    "\0abcdefghijklmno"				/* 0x40 */
    "pqrstuvwxyz\0\0\0\0\0"				/* 0x50 */
    "\0abcdefghijklmno"				/* 0x60 */
    "pqrstuvwxyz\0\0\0\0";				/* 0x70 */

/*
 * What a 2-byte UTF-8 letter (U+0080 to U+07FF: Latin-1, Greek,
 * Cyrillic...) adds to a slug, by code point: its lower case, 0 for a
 * character that is no letter or digit, 1 for one whose lower case is
 * not 2 bytes long (the general path then).  Made once, from
 * utf8_isalnum() and utf8_tolower(), when a slug first meets one: a
 * project in Russian has texts of them only.  The walk runs on one
 * thread (chkc serve builds on its main thread).
 */
static uint16_t	slug_2byte[0x800];
static int	slug_2byte_made;

static void
slug_2byte_make(void)
{
	unsigned long	low, cp;

	for (cp = 0x80; cp < 0x800; cp++) {
		low = utf8_tolower(cp);
		slug_2byte[cp] = !utf8_isalnum(cp) ? 0 :
		    low >= 0x80 && low < 0x800 ? (uint16_t)low : 1;
	}
	slug_2byte_made = 1;
}

/* A '-' after what slug[] holds, unless it is empty, full or ends
 * with one: its new length. */
static inline size_t
slug_dash(char *slug, size_t out)
{
	if (out > 0 && out < SLUG_MAX && slug[out - 1] != '-')
		slug[out++] = '-';
	return out;
}

/*
 * Letters and digits kept (lower-cased), every run of anything else one
 * '-', none at either end.  Markdown emphasis and code markers vanish
 * with the rest of the punctuation.  "" when nothing is left.
 */
char *
ids_slug(struct arena *a, const char *s)
{
	unsigned long	 cp;
	size_t		 len, out = 0;
	char		 slug[SLUG_MAX + 4], k;	/* + 4: all of enc[] */
	char		 enc[4];
	unsigned char	 c;

	/* Every block's id is made here, for every checklist, on the
	 * stack.  A run of other bytes writes its '-' where it starts (one
	 * at the end is taken back), so that an ASCII letter, in most
	 * texts, costs a table look-up and a test of the room left. */
	while ((c = (unsigned char)*s) != '\0') {
		if (c < 0x80) {
			s++;
			if ((k = slug_ascii[c]) != '\0') {
				if (out >= SLUG_MAX)
					break;
				slug[out++] = k;
			} else
				out = slug_dash(slug, out);
			continue;
		}
		/* A 2-byte letter: its lower case from slug_2byte[] (the
		 * '\0' that ends s is not a continuation byte). */
		if (c >= 0xC2 && c <= 0xDF &&
		    ((unsigned char)s[1] & 0xC0) == 0x80) {
			if (!slug_2byte_made)
				slug_2byte_make();
			cp = slug_2byte[((c & 0x1Fu) << 6) |
			    ((unsigned char)s[1] & 0x3Fu)];
			if (cp == 0) {
				s += 2;
				out = slug_dash(slug, out);
				continue;
			}
			if (cp != 1) {
				if (out + 2 > SLUG_MAX)
					break;
				slug[out++] = (char)(0xC0 | (cp >> 6));
				slug[out++] = (char)(0x80 | (cp & 0x3F));
				s += 2;
				continue;
			}
		}
		/* At most 4 bytes are read, and the '\0' that ends s is
		 * not a continuation byte: no strlen(). */
		if ((len = utf8_decode(s, 4, &cp)) == 0)
			len = 1;
		s += len;
		if (!utf8_isalnum(cp)) {
			out = slug_dash(slug, out);
			continue;
		}
		len = utf8_encode(utf8_tolower(cp), enc);
		if (out + len > SLUG_MAX)
			break;
		memcpy(slug + out, enc, sizeof(enc));
		out += len;
	}
	if (out > 0 && slug[out - 1] == '-')
		out--;
	return arena_strndup(a, slug, out);
}

const char *
ids_cat(struct arena *a, const char *x, char sep, const char *y)
{
	size_t	 lx = strlen(x), ly = strlen(y);
	char	*s;

	/* Not arena_printf: every item's path is made here, and measuring
	 * and formatting with vsnprintf cost more than the rest of it. */
	s = arena_alloc(a, lx + ly + 2);
	memcpy(s, x, lx);
	s[lx] = sep;
	memcpy(s + lx + 1, y, ly + 1);
	return s;
}

const char *
ids_path(struct arena *a, const char *parent, size_t plen, const char *id,
    size_t idlen)
{
	char	*s;

	if (plen == 0)
		return arena_strndup(a, id, idlen);
	s = arena_alloc(a, plen + idlen + 2);
	memcpy(s, parent, plen);
	s[plen] = '.';
	memcpy(s + plen + 1, id, idlen + 1);
	return s;
}

const char *
ids_join(struct arena *a, const char *parent, const char *id)
{
	if (parent == NULL || *parent == '\0')
		return arena_strdup(a, id);
	return ids_cat(a, parent, '.', id);
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

/* Move a full small set into arrays with a hash index. */
static void
ids_grow_big(struct id_set *set)
{
	set->cap = 2 * IDS_SMALL;
	set->ids = xmalloc(set->cap * sizeof(*set->ids));
	set->locs = xmalloc(set->cap * sizeof(*set->locs));
	memcpy(set->ids, set->small, set->n * sizeof(*set->ids));
	memcpy(set->locs, set->small_locs, set->n * sizeof(*set->locs));
}

/* The index + 1 of id in a small set, 0 if it is not there. */
static size_t
ids_small_find(const struct id_set *set, const char *id)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		if (set->small[i][0] == id[0] && strcmp(set->small[i], id) == 0)
			return i + 1;
	return 0;
}

static int
ids_dup(struct diag *d, const struct loc *at, const char *what,
    const char *id, const struct loc *first)
{
	diag_add(d, at, DIAG_ERROR, "duplicate %s id '%s' (give one of them "
	    "an explicit 'id:')", what, id);
	diag_add(d, first, DIAG_NOTE, "'%s' first used here", id);
	return -1;
}

int
ids_claim(struct id_set *set, struct diag *d, const char *id,
    const struct loc *at, const char *what)
{
	size_t	*slot, i;

	if (set->ids == NULL) {
		if ((i = ids_small_find(set, id)) != 0)
			return ids_dup(d, at, what, id, set->small_locs[i - 1]);
		if (set->n < IDS_SMALL) {
			set->small[set->n] = id;
			set->small_locs[set->n++] = at;
			return 0;
		}
		ids_grow_big(set);
	}
	ids_rehash(set);
	slot = ids_slot(set, id);
	if (*slot != 0)
		return ids_dup(d, at, what, id, set->locs[*slot - 1]);
	if (set->n == set->cap) {
		set->cap *= 2;
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
	if (set->ids != NULL) {
		free(set->ids);
		free(set->locs);
		free(set->slots);
		set->ids = NULL, set->locs = NULL, set->slots = NULL;
		set->cap = set->nslots = 0;
	}
	set->n = 0;
}
