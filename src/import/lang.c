/*
 * The language of an imported checklist, for its `lang:` (and so the
 * labels chkc prints).  A script other than Latin names it when at
 * least a quarter of the letters of the prose are in it (checklists
 * keep many English terms: CI/CD, Redis, `kubectl`); Japanese is told
 * from Chinese by its kana.  Latin text is scored by the common words
 * of each language.  Code spans and blocks are not prose: they are not
 * counted.
 */
#include <string.h>

#include <cmark-gfm.h>

#include "utf8.h"
#include "import/imp.h"

enum script {
	SC_LATIN, SC_CYRILLIC, SC_GREEK, SC_HEBREW, SC_ARABIC, SC_DEVANAGARI,
	SC_THAI, SC_HANGUL, SC_KANA, SC_HAN, SC__MAX
};

static const struct {
	unsigned long	 lo, hi;
	enum script	 sc;
} ranges[] = {
	{ 'A', 'Z', SC_LATIN },		{ 'a', 'z', SC_LATIN },
	{ 0xC0, 0x24F, SC_LATIN },	{ 0x370, 0x3FF, SC_GREEK },
	{ 0x400, 0x52F, SC_CYRILLIC },	{ 0x590, 0x5FF, SC_HEBREW },
	{ 0x600, 0x6FF, SC_ARABIC },	{ 0x900, 0x97F, SC_DEVANAGARI },
	{ 0xE00, 0xE7F, SC_THAI },	{ 0x1100, 0x11FF, SC_HANGUL },
	{ 0x3040, 0x30FF, SC_KANA },	{ 0x3130, 0x318F, SC_HANGUL },
	{ 0x31F0, 0x31FF, SC_KANA },	{ 0x3400, 0x4DBF, SC_HAN },
	{ 0x4E00, 0x9FFF, SC_HAN },	{ 0xAC00, 0xD7AF, SC_HANGUL },
	{ 0xF900, 0xFAFF, SC_HAN },	{ 0xFF66, 0xFF9F, SC_KANA },
};

/* The language and the name of each script but Latin and kana. */
static const struct {
	enum script	 sc;
	const char	*lang, *why;
} script_langs[] = {
	{ SC_CYRILLIC, "ru", "from Cyrillic letters" },
	{ SC_GREEK, "el", "from Greek letters" },
	{ SC_HEBREW, "he", "from Hebrew letters" },
	{ SC_ARABIC, "ar", "from Arabic letters" },
	{ SC_DEVANAGARI, "hi", "from Devanagari letters" },
	{ SC_THAI, "th", "from Thai letters" },
	{ SC_HANGUL, "ko", "from Hangul" },
};

/* Frequent words that mostly belong to one language. */
static const struct {
	const char	*lang;
	const char	*words[26];
} common[] = {
	{ "en", { "the", "and", "is", "are", "to", "of", "for", "with",
	    "all", "be", "before", "after", "this", "that", "from", "has",
	    "have", "been", "should", "must", "verify", "ensure", "not",
	    "or", "if", NULL } },
	{ "es", { "el", "los", "las", "del", "y", "que", "con", "por",
	    "una", "es", "está", "están", "después", "todas", "comprobar",
	    "se", "sin", "cuando", "debe", "pruebas", "si", "al", "lo",
	    "hay", "sea", NULL } },
	{ "de", { "der", "die", "das", "und", "ist", "sind", "mit", "für",
	    "auf", "von", "zu", "den", "dem", "nicht", "wurde", "werden",
	    "alle", "vor", "nach", "ein", "eine", "prüfen", "ob", "oder",
	    "wenn", NULL } },
	{ "fr", { "le", "les", "des", "et", "est", "sont", "pour", "avec",
	    "du", "une", "sur", "dans", "pas", "avant", "après", "tous",
	    "toutes", "vérifier", "été", "au", "aux", "ce", "cette", "ou",
	    "si", NULL } },
	{ "pt", { "o", "os", "do", "da", "dos", "das", "e", "é", "são",
	    "com", "em", "na", "um", "uma", "não", "depois", "foi", "ao",
	    "foram", "deve", "ou", "se", "está", "estão", "nos", NULL } },
};

#define NCOMMON	(sizeof(common) / sizeof(common[0]))

struct counts {
	size_t	letters[SC__MAX];
	size_t	words[NCOMMON];
};

static int
script_of(unsigned long cp)
{
	size_t	i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return ranges[i].sc;
	return -1;
}

/* Count a lower-cased Latin word in every list that has it. */
static void
count_word(struct counts *c, const char *w)
{
	size_t	i, j;

	for (i = 0; i < NCOMMON; i++)
		for (j = 0; common[i].words[j] != NULL; j++)
			if (strcmp(common[i].words[j], w) == 0) {
				c->words[i]++;
				break;
			}
}

/* The letters of s by script, and its Latin words. */
static void
count_text(struct counts *c, const char *s, size_t len)
{
	char		 w[64];
	size_t		 i = 0, k, n = 0;
	unsigned long	 cp;
	int		 sc;

	for (; i <= len; i += k) {
		cp = 0, k = 1;
		if (i < len && (k = utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1, cp = 0;
		if ((sc = script_of(cp)) >= 0)
			c->letters[sc]++;
		if (sc == SC_LATIN && n + k < sizeof(w)) {
			/* ASCII and Latin-1 capitals have their small
			 * letter 0x20 above them. */
			if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 &&
			    cp <= 0xDE && cp != 0xD7))
				cp += 0x20;
			n += utf8_encode(cp, w + n);
			continue;
		}
		if (n > 0 && n + k < sizeof(w)) {
			w[n] = '\0';
			count_word(c, w);
		}
		n = 0;
	}
}

static const char *
latin_lang(const struct counts *c, const char **why)
{
	size_t	i, best = 0;

	for (i = 1; i < NCOMMON; i++)
		if (c->words[i] > c->words[best])
			best = i;
	*why = c->words[best] > 0 ? "from its common words" :
	    "by default: no common word of en, es, de, fr or pt";
	return common[best].lang;
}

const char *
imp_guess_lang(cmark_node *root, const char **why)
{
	cmark_iter	*it = cmark_iter_new(root);
	cmark_node	*n;
	const char	*s;
	struct counts	 c;
	size_t		 i, best = 0, cjk;

	memset(&c, 0, sizeof(c));
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_iter_get_event_type(it) == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_TEXT &&
		    (s = cmark_node_get_literal(n)) != NULL)
			count_text(&c, s, strlen(s));
	}
	cmark_iter_free(it);
	for (i = 1; i < sizeof(script_langs) / sizeof(script_langs[0]); i++)
		if (c.letters[script_langs[i].sc] >
		    c.letters[script_langs[best].sc])
			best = i;
	/* Kana and Han are one count: Japanese writes both. */
	cjk = c.letters[SC_HAN] + c.letters[SC_KANA];
	if (cjk > c.letters[script_langs[best].sc] &&
	    cjk * 3 >= c.letters[SC_LATIN]) {
		if (c.letters[SC_KANA] * 10 >= c.letters[SC_HAN])
			return *why = "from its kana", "ja";
		return *why = "from Han characters without kana", "zh";
	}
	if (c.letters[script_langs[best].sc] > 0 &&
	    c.letters[script_langs[best].sc] * 3 >= c.letters[SC_LATIN])
		return *why = script_langs[best].why, script_langs[best].lang;
	return latin_lang(&c, why);
}
