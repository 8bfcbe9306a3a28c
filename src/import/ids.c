/*
 * Ids of the imported template.  The resolver gives every block the
 * slug of its text when it has no explicit id (doc/format.md §1); we
 * compute the same slugs, and write an explicit id only where the slug
 * would be empty or taken by an earlier sibling, so a template stays as
 * short as the Markdown it came from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strhash.h"
#include "utf8.h"
#include "import/import.h"
#include "import/imp.h"

/* Ids taken in one parent: an open-addressing hash set. */
struct idset {
	const char	**slot;
	size_t		  cap, n;
};

/* Transliteration of Cyrillic а..я for template ids. */
static const char *const cyr[] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
	"o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
	"y", "", "e", "yu", "ya"
};

/* Latin-1 à..ÿ without accents. */
static const char *const latin1[] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
	"i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u",
	"u", "y", "th", "y"
};

/* The resolver cuts slugs to this many bytes; so must we, or our
 * explicit ids would not be slugs and our duplicates not its own. */
#define SLUG_MAX	64

char *
imp_slug(struct arena *a, const char *text)
{
	size_t		 n = strlen(text), i = 0, k, o = 0, len;
	char		*out = arena_alloc(a, SLUG_MAX + 1), enc[4];
	unsigned long	 cp;
	int		 dash = 0;

	while (i < n) {
		if ((k = utf8_decode(text + i, n - i, &cp)) == 0)
			k = 1;
		i += k;
		if (!utf8_isalnum(cp)) {
			dash = o > 0;
			continue;
		}
		len = utf8_encode(utf8_tolower(cp), enc);
		if (o + (size_t)dash + len > SLUG_MAX)
			break;
		if (dash)
			out[o++] = '-';
		dash = 0;
		memcpy(out + o, enc, len);
		o += len;
	}
	out[o] = '\0';
	return out;
}

/* The ASCII spelling of a lower-case letter or digit, NULL for others. */
static const char *
ascii_of(unsigned long cp, char *one)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
		one[0] = (char)cp;
		one[1] = '\0';
		return one;
	}
	if (cp >= 0x430 && cp <= 0x44F)
		return cyr[cp - 0x430];
	if (cp == 0x451)
		return "yo";
	if (cp == 0xDF)
		return "ss";
	if (cp >= 0xE0 && cp <= 0xFF)
		return latin1[cp - 0xE0];
	return NULL;
}

char *
import_id(const char *name)
{
	size_t		 n = strlen(name), i = 0, k, o = 0;
	char		*out = xmalloc(n * 4 + 1), one[2];
	const char	*t;
	unsigned long	 cp;
	int		 dash = 0;

	while (i < n) {
		if ((k = utf8_decode(name + i, n - i, &cp)) == 0)
			k = 1;
		i += k;
		if ((t = ascii_of(utf8_tolower(cp), one)) == NULL) {
			dash = 1;
			continue;
		}
		if (*t == '\0')
			continue;	/* ъ, ь: no letter, no break */
		if (dash && o > 0)
			out[o++] = '-';
		dash = 0;
		memcpy(out + o, t, strlen(t));
		o += strlen(t);
	}
	out[o] = '\0';
	return out;
}

/* Is id in the set?  If not and add is set, add it. */
static int
idset_has(struct arena *a, struct idset *set, const char *id, int add)
{
	size_t		 i, j, ocap = set->cap;
	const char	**old = set->slot;

	if (add && (set->n + 1) * 2 > set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->slot = arena_alloc(a, set->cap * sizeof(*set->slot));
		set->n = 0;
		for (j = 0; j < ocap; j++)
			if (old[j] != NULL)
				idset_has(a, set, old[j], 1);
	}
	if (set->cap == 0)
		return 0;
	for (i = str_hash(id) & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], id) == 0)
			return 1;
	if (add) {
		set->slot[i] = id;
		set->n++;
	}
	return 0;
}

/* base with a "-k" suffix, cut so that the whole is a slug of at most
 * SLUG_MAX bytes. */
static const char *
suffixed(struct arena *a, const char *base, int k)
{
	char	 suffix[16];
	size_t	 n = strlen(base), room;

	snprintf(suffix, sizeof(suffix), "-%d", k);
	room = SLUG_MAX - strlen(suffix);
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
			n--;
	}
	while (n > 0 && base[n - 1] == '-')
		n--;
	return arena_printf(a, "%.*s%s", (int)n, base, suffix);
}

/*
 * The id of a block with this text in a parent whose ids are in set:
 * NULL when its slug is free (the resolver will make the same), else a
 * free "<slug>-N", or "<kind>" / "<kind>-N" when the slug is empty.
 */
static const char *
unique_id(struct arena *a, struct idset *set, const char *text,
    const char *kind)
{
	const char	*base = imp_slug(a, text), *id;
	int		 k;

	if (*base != '\0' && !idset_has(a, set, base, 1))
		return NULL;
	if (*base == '\0') {
		base = kind;
		if (!idset_has(a, set, base, 1))
			return base;
	}
	for (k = 2;; k++) {
		id = suffixed(a, base, k);
		if (!idset_has(a, set, id, 1))
			return id;
	}
}

static const char *const kind_names[] = { "check", "field", "table", "md" };

static void
item_ids(struct arena *a, struct imp_item *it)
{
	struct idset	 set = { 0 };

	for (; it != NULL; it = it->next) {
		it->id = unique_id(a, &set, it->text, kind_names[it->kind]);
		if (it->items != NULL)
			item_ids(a, it->items);
	}
}

/* Items and sub-sections of one section share its path namespace. */
static void
section_ids(struct arena *a, struct imp_section *s, struct idset *set)
{
	struct idset	 inner = { 0 };
	struct imp_item	*it;

	for (; s != NULL; s = s->next) {
		s->id = unique_id(a, set, s->title, "section");
		memset(&inner, 0, sizeof(inner));
		for (it = s->items; it != NULL; it = it->next) {
			it->id = unique_id(a, &inner, it->text,
			    kind_names[it->kind]);
			if (it->items != NULL)
				item_ids(a, it->items);
		}
		section_ids(a, s->sections, &inner);
	}
}

void
imp_assign_ids(struct arena *a, struct imp_doc *doc)
{
	struct idset		 top = { 0 }, sig = { 0 };
	struct imp_signoff	*so;

	/* Paths "fields.x", "signoff.x" and the translation keys "title"
	 * and "description" must not be taken by a section. */
	idset_has(a, &top, "fields", 1);
	idset_has(a, &top, "signoff", 1);
	idset_has(a, &top, "title", 1);
	idset_has(a, &top, "description", 1);
	item_ids(a, doc->fields);
	section_ids(a, doc->sections, &top);
	for (so = doc->signoffs; so != NULL; so = so->next)
		so->id = unique_id(a, &sig, so->title, "signoff");
}
