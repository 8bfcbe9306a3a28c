/*
 * Fill-in blanks and inline choices in one line of inline Markdown:
 * "Backup size: ______ MB", "**Version**: v_____", "Start ___ End ___",
 * "[ ] Yes [ ] No", "☐ Success ☐ Partial".  We scan the Markdown source
 * of a line the AST already told us is a paragraph, a cell or an item's
 * text, skipping code spans, so "`snake_case___`" is not a blank.
 */
#include <string.h>

#include "arena.h"
#include "utf8.h"
#include "import/imp.h"

#define MAX_MARKS	32

enum mark_kind {
	MARK_BLANK,
	MARK_CHOICE
};

struct mark {
	enum mark_kind	 kind;
	size_t		 start;		/* prefix included */
	size_t		 end;
	size_t		 plen;		/* bytes of prefix ("v", "#") */
};

struct scan {
	const char	*s;
	size_t		 len;
	struct mark	 m[MAX_MARKS];
	size_t		 n, nblank, nchoice;
};

/* Units after a blank that make the field a number. */
static const char *const number_units[] = {
	"ms", "s", "sec", "secs", "second", "seconds", "min", "mins",
	"minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days",
	"kb", "mb", "gb", "tb", "%", "rows", "req/s", "rps", "qps", "users",
	"connections", "items", "x", "мс", "с", "сек", "мин", "ч", "мб", "гб",
	"шт", "%)", NULL
};

void
imp_strs_push(struct arena *a, struct imp_strs *v, const char *s)
{
	const char	**nv;

	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		nv = arena_alloc(a, v->cap * sizeof(*nv));
		if (v->n > 0)
			memcpy(nv, v->v, v->n * sizeof(*nv));
		v->v = nv;
	}
	v->v[v->n++] = s;
}

static int
is_alnum_at(const char *s, size_t len, size_t i)
{
	unsigned long	cp;

	if (i >= len)
		return 0;
	utf8_decode(s + i, len - i, &cp);
	return utf8_isalnum(cp);
}

/* Is the byte before i the end of a letter or digit? */
static int
alnum_before(const char *s, size_t i)
{
	size_t	j = i;

	if (i == 0)
		return 0;
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
	return is_alnum_at(s, i, j);
}

static void
add_mark(struct scan *sc, enum mark_kind k, size_t start, size_t end,
    size_t plen)
{
	if (sc->n == MAX_MARKS)
		return;
	sc->m[sc->n].kind = k;
	sc->m[sc->n].start = start;
	sc->m[sc->n].end = end;
	sc->m[sc->n].plen = plen;
	sc->n++;
	if (k == MARK_BLANK)
		sc->nblank++;
	else
		sc->nchoice++;
}

/*
 * A run of three or more '_' at i that is a blank and not emphasis: no
 * letter or digit after it, and none before it but a one-character
 * prefix ("v_____", "#_____") that itself starts a word.  Returns the
 * run's end, or 0 when it is not a blank.
 */
static size_t
scan_underscores(struct scan *sc, size_t i)
{
	const char	*s = sc->s;
	size_t		 j = i, plen = 0;

	while (j < sc->len && s[j] == '_')
		j++;
	if (j - i < 3 || is_alnum_at(s, sc->len, j))
		return j;
	if (i > 0 && (s[i - 1] == 'v' || s[i - 1] == 'V' || s[i - 1] == '#')) {
		if (alnum_before(s, i - 1))
			return j;
		plen = 1;
	} else if (alnum_before(s, i))
		return j;
	add_mark(sc, MARK_BLANK, i - plen, j, plen);
	return j;
}

/* A code span at i: skipped, or a blank when it holds only '_'. */
static size_t
scan_code(struct scan *sc, size_t i)
{
	const char	*s = sc->s, *p;
	size_t		 r = 0, j, k;

	while (i + r < sc->len && s[i + r] == '`')
		r++;
	for (j = i + r; j < sc->len; j = k) {
		if (s[j] != '`') {
			k = j + 1;
			continue;
		}
		for (k = j; k < sc->len && s[k] == '`'; k++)
			continue;
		if (k - j != r)
			continue;
		for (p = s + i + r; p < s + j && (*p == ' ' || *p == '_'); p++)
			continue;
		if (p == s + j && memchr(s + i + r, '_', j - i - r) != NULL &&
		    j - i - r >= 3)
			add_mark(sc, MARK_BLANK, i, k, 0);
		return k;
	}
	return i + r;	/* no closing run: literal backticks */
}

/* A checkbox of an inline choice at i: "[ ]", "[x]", "☐", "☑", "☒", "□". */
static size_t
scan_box(const char *s, size_t len, size_t i)
{
	static const char *const boxes[] = { "\xE2\x98\x90", "\xE2\x98\x91",
	    "\xE2\x98\x92", "\xE2\x96\xA1", NULL };
	size_t	k;

	if (s[i] == '[' && i + 2 < len && strchr(" xX", s[i + 1]) != NULL &&
	    s[i + 2] == ']' && (i + 3 == len || s[i + 3] != '('))
		return 3;
	for (k = 0; boxes[k] != NULL; k++)
		if (len - i >= 3 && memcmp(s + i, boxes[k], 3) == 0)
			return 3;
	return 0;
}

static void
scan_line(struct scan *sc, const char *s, size_t len)
{
	size_t	i = 0, n;

	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	sc->len = len;
	while (i < len) {
		if (s[i] == '\\' && i + 1 < len)
			i += 2;
		else if (s[i] == '`')
			i = scan_code(sc, i);
		else if (s[i] == '_')
			i = scan_underscores(sc, i);
		else if ((n = scan_box(s, len, i)) > 0) {
			add_mark(sc, MARK_CHOICE, i, i + n, 0);
			i += n;
		} else
			i++;
	}
}

/* s[from..to) trimmed of spaces and tabs, as an arena string. */
static char *
trimmed(struct arena *a, const char *s, size_t from, size_t to)
{
	while (from < to && (s[from] == ' ' || s[from] == '\t'))
		from++;
	while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\t'))
		to--;
	return arena_strndup(a, s + from, to - from);
}

/* A label as written: trimmed, without the ':' that leads to the blank. */
static char *
label_at(struct arena *a, const char *s, size_t from, size_t to)
{
	char	*l = trimmed(a, s, from, to);
	size_t	 n = strlen(l);

	while (n > 0 && (l[n - 1] == ':' || l[n - 1] == ' ' ||
	    l[n - 1] == '\t'))
		l[--n] = '\0';
	return l;
}

int
imp_has_fill(const char *s, size_t len)
{
	struct scan	sc;

	scan_line(&sc, s, len);
	return sc.nblank > 0 || sc.nchoice >= 2;
}

size_t
imp_nfills(const struct imp_fill *f)
{
	size_t	n = 0;

	for (; f != NULL; f = f->next)
		n++;
	return n;
}

/* Bytes of spaces and tabs from i (at most to). */
static size_t
blanks_from(const char *s, size_t i, size_t to)
{
	size_t	j = i;

	while (j < to && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j - i;
}

int
imp_only_blank(const char *s, size_t len)
{
	struct scan	sc;

	scan_line(&sc, s, len);
	if (sc.nblank != 1 || sc.nchoice != 0)
		return 0;
	return blanks_from(s, 0, len) == sc.m[0].start &&
	    sc.m[0].end + blanks_from(s, sc.m[0].end, len) == len;
}

char *
imp_lower(struct arena *a, const char *s)
{
	size_t		 n = strlen(s), i = 0, k, o = 0;
	char		*out = arena_alloc(a, n * 2 + 1);
	unsigned long	 cp;

	while (i < n) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			out[o++] = s[i++];
			continue;
		}
		o += utf8_encode(utf8_tolower(cp), out + o);
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* Remove one pair of emphasis markers around the whole of s (in place). */
static int
unwrap(char *s)
{
	static const char *const marks[] = { "**", "__", "*", "_", NULL };
	size_t	n = strlen(s), m, k;

	for (k = 0; marks[k] != NULL; k++) {
		m = strlen(marks[k]);
		if (n > 2 * m && strncmp(s, marks[k], m) == 0 &&
		    strcmp(s + n - m, marks[k]) == 0 &&
		    strstr(s + m, marks[k]) == s + n - m) {
			memmove(s, s + m, n - 2 * m);
			s[n - 2 * m] = '\0';
			return 1;
		}
	}
	return 0;
}

const char *
imp_plain_label(struct arena *a, const char *label)
{
	char	*s = label_at(a, label, 0, strlen(label));

	while (unwrap(s)) {
		s = label_at(a, s, 0, strlen(s));
		continue;
	}
	return s;
}

/* Does the lower-case text hold word w (a whole word, or a word start
 * when w ends with '*')? */
static int
has_word(const char *text, const char *w)
{
	size_t		 wl = strlen(w), n = strlen(text), i;
	int		 prefix = wl > 0 && w[wl - 1] == '*';

	if (prefix)
		wl--;
	for (i = 0; i + wl <= n; i++) {
		if (strncmp(text + i, w, wl) != 0 || alnum_before(text, i))
			continue;
		if (prefix || !is_alnum_at(text, n, i + wl))
			return 1;
	}
	return 0;
}

static int
has_any(const char *text, const char *const *words)
{
	for (; *words != NULL; words++)
		if (has_word(text, *words))
			return 1;
	return 0;
}

/* Does the text after a blank name a unit of measure? "MB", "of 200",
 * "rows)". */
static int
number_unit(struct arena *a, const char *unit)
{
	char	*u = imp_lower(a, unit);
	size_t	 k, n = strcspn(u, " \t)");

	if (strncmp(u, "of ", 3) == 0 && u[3] >= '0' && u[3] <= '9')
		return 1;
	if (u[0] == '%')
		return 1;
	for (k = 0; number_units[k] != NULL; k++)
		if (strlen(number_units[k]) == n &&
		    strncmp(u, number_units[k], n) == 0)
			return 1;
	return 0;
}

const char *
imp_guess_type(const char *label, const char *unit)
{
	static const char *const dates[] = { "date", "дата", "expir*",
	    "expires", "deadline", "срок", NULL };
	static const char *const times[] = { "time", "время", "start",
	    "end", "started", "начало", "конец", NULL };
	static const char *const longs[] = { "notes", "note", "description",
	    "cause", "reason", "resolution", "comment*", "observations",
	    "заметки", "описание", "причина", "комментари*", NULL };
	struct arena	*a = arena_new();
	const char	*l = imp_lower(a, label), *type = "text";
	size_t		 n = strlen(l);

	if (unit != NULL && number_unit(a, unit))
		type = "number";
	else if ((has_word(l, "date") || has_word(l, "дата")) &&
	    (has_word(l, "time") || has_word(l, "время")))
		type = "datetime";
	else if (has_word(l, "timestamp"))
		type = "datetime";
	else if (has_any(l, dates))
		type = "date";
	else if (has_any(l, times) || (n >= 3 && strcmp(l + n - 3, " at") == 0))
		type = "time";
	else if (has_any(l, longs))
		type = "longtext";
	arena_free(a);
	return type;
}

static struct imp_field *
new_field(struct arena *a, const char *type)
{
	struct imp_field	*f = arena_alloc(a, sizeof(*f));

	f->type = type;
	return f;
}

/* The one choice of a line: "Label: [ ] A [ ] B". NULL if an option is
 * empty. */
static struct imp_fill *
choice_fill(struct arena *a, const struct scan *sc)
{
	struct imp_fill	*f = arena_alloc(a, sizeof(*f));
	size_t		 k, to;
	char		*opt;

	f->label = label_at(a, sc->s, 0, sc->m[0].start);
	f->field = new_field(a, "choice");
	for (k = 0; k < sc->n; k++) {
		to = k + 1 < sc->n ? sc->m[k + 1].start : sc->len;
		opt = trimmed(a, sc->s, sc->m[k].end, to);
		while (unwrap(opt))
			continue;
		if (*opt == '\0')
			return NULL;
		imp_strs_push(a, &f->field->options, opt);
	}
	return f;
}

/* '(' minus ')' in s. */
static int
paren_depth(const char *s)
{
	int	 depth = 0;

	for (; *s != '\0'; s++)
		depth += (*s == '(') - (*s == ')');
	return depth;
}

/* "(verify size: ____ rows)": the parenthesis the label opens closes in
 * the unit; it goes back to the label, so that neither is unbalanced. */
static void
close_label_paren(struct arena *a, struct imp_fill *f)
{
	const char	*u = f->field->unit;
	size_t		 n;

	if (u == NULL || (n = strlen(u)) == 0 || u[n - 1] != ')' ||
	    paren_depth(u) >= 0 || paren_depth(f->label) <= 0)
		return;
	f->label = arena_printf(a, "%s)", f->label);
	while (n > 1 && u[n - 2] == ' ')
		n--;
	f->field->unit = n > 1 ? arena_strndup(a, u, n - 1) : NULL;
}

/* One fill per blank; the text after the last blank is its unit. */
static struct imp_fill *
blank_fills(struct arena *a, const struct scan *sc)
{
	struct imp_fill	*head = NULL, *last = NULL, *f;
	size_t		 k, from = 0;
	const char	*unit;

	for (k = 0; k < sc->n; k++) {
		if (sc->m[k].kind != MARK_BLANK)
			continue;
		f = arena_alloc(a, sizeof(*f));
		f->label = label_at(a, sc->s, from, sc->m[k].start);
		f->field = new_field(a, NULL);
		if (sc->m[k].plen > 0)
			f->field->prefix = arena_strndup(a,
			    sc->s + sc->m[k].start, sc->m[k].plen);
		from = sc->m[k].end;
		if (last != NULL)
			last->next = f;
		else
			head = f;
		last = f;
	}
	unit = trimmed(a, sc->s, from, sc->len);
	if (*unit != '\0')
		last->field->unit = unit;
	close_label_paren(a, last);
	for (f = head; f != NULL; f = f->next)
		f->field->type = imp_guess_type(imp_plain_label(a, f->label),
		    f->field->unit);
	return head;
}

struct imp_fill *
imp_fills(struct arena *a, const char *s, size_t len)
{
	struct scan	sc;

	scan_line(&sc, s, len);
	if (sc.n == MAX_MARKS)
		return NULL;	/* too many to be a form line */
	if (sc.nblank > 0)
		return blank_fills(a, &sc);
	if (sc.nchoice >= 2)
		return choice_fill(a, &sc);
	return NULL;
}
