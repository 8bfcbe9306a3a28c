/*
 * The catalog's labels for the Markdown and HTML pages and the site
 * indexes, remembered by language and key: a page asks for the same
 * few (its counts, "critical" on every critical check, "value", "yes"
 * and "no" of every field) again and again, an index for the same five
 * for every checklist, and each label_get() searches the whole catalog
 * with strcmp(), about 280 instructions.  The emitters run on one
 * thread.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "label.h"
#include "strhash.h"
#include "emit/emit.h"

#define EL_LANGS	4	/* languages kept; past that, the oldest goes */
#define EL_KEYS		64	/* keys a language, a power of two */

struct el_key {
	char		*key;	/* NULL: a free slot */
	const char	*text;	/* the catalog's, static */
};

struct el_lang {
	char		*lang;	/* NULL: a free slot */
	struct el_key	 keys[EL_KEYS];
};

/* The slot of lang, emptied and taken when it has none. */
static struct el_lang *
el_lang(const char *lang)
{
	static struct el_lang	 langs[EL_LANGS];
	static size_t		 last, next;
	struct el_lang		*l;
	size_t			 i;

	if (langs[last].lang != NULL && strcmp(langs[last].lang, lang) == 0)
		return &langs[last];
	for (i = 0; i < EL_LANGS && langs[i].lang != NULL; i++)
		if (strcmp(langs[i].lang, lang) == 0)
			return &langs[last = i];
	last = next++ % EL_LANGS;
	l = &langs[last];
	free(l->lang);
	for (i = 0; i < EL_KEYS; i++)
		free(l->keys[i].key);
	memset(l, 0, sizeof(*l));
	l->lang = xstrdup(lang);
	return l;
}

const char *
emit_label(const char *lang, const char *key)
{
	struct el_lang	*l = el_lang(lang != NULL ? lang : "");
	struct el_key	*k;
	size_t		 h = str_hash(key), n;

	for (n = 0; n < EL_KEYS; n++, h++) {
		k = &l->keys[h & (EL_KEYS - 1)];
		if (k->key == NULL) {
			k->key = xstrdup(key);
			k->text = label_get(lang, key);
			/* No such label: the key, which is the caller's. */
			if (k->text == key)
				k->text = k->key;
			return k->text;
		}
		if (strcmp(k->key, key) == 0)
			return k->text;
	}
	return label_get(lang, key);	/* more keys than slots */
}
