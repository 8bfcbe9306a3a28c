/*
 * Diagnostics, after mandoc's mandoc_msg.c: collected in order, sorted
 * only when printed, so stages need not care about the order in which
 * they find problems.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"

struct msg {
	char		*file;		/* NULL: no place */
	int		 line, col;
	enum diag_level	 level;
	char		*text;		/* the message */
	char		*line_text;	/* formatted, made on demand */
	size_t		 seq;		/* insertion order */
	size_t		 group;		/* seq of the diagnostic a note is for */
};

/*
 * A hostile file can make a diagnostic per node and quote a 1 MiB
 * scalar in each (an alias used as a thousand duplicate keys): keep
 * the first DIAG_MAX_KEPT, cut each text at DIAG_MAX_TEXT bytes, and
 * only count the rest, so diagnostics never cost more than a few MB.
 */
#define DIAG_MAX_KEPT	1000
#define DIAG_MAX_TEXT	1024

struct diag {
	struct msg	*msgs;
	size_t		 n, cap;
	size_t		 dropped;	/* past DIAG_MAX_KEPT, counted only */
	int		 errors, warnings;
	int		 strict;
};

static const char *const level_names[] = { "error", "warning", "note" };

struct diag *
diag_new(void)
{
	return xcalloc(1, sizeof(struct diag));
}

static void
diag_clear(struct diag *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		free(d->msgs[i].file);
		free(d->msgs[i].text);
		free(d->msgs[i].line_text);
	}
	d->n = 0;
}

void
diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	diag_clear(d);
	free(d->msgs);
	free(d);
}

void
diag_set_strict(struct diag *d, int strict)
{
	d->strict = strict;
}

/* Control characters quoted from an input (a line break, an escape
 * sequence for the terminal) become '?': a diagnostic is one line of
 * text. */
static void
diag_clean(char *text)
{
	for (; *text != '\0'; text++)
		if ((unsigned char)*text < 0x20 || *text == 0x7F)
			*text = '?';
}

/* Cut text to DIAG_MAX_TEXT bytes at a UTF-8 boundary, marked "...". */
static void
diag_cut(char *text)
{
	size_t	n = DIAG_MAX_TEXT - 4;

	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	memcpy(text + n, "...", 4);
}

void
diag_add(struct diag *d, const struct loc *at, enum diag_level level,
    const char *fmt, ...)
{
	struct msg	*m;
	va_list		 ap;
	char		 text[DIAG_MAX_TEXT];
	int		 len;

	if (level == DIAG_WARNING && d->strict)
		level = DIAG_ERROR;
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	if (d->n >= DIAG_MAX_KEPT) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->msgs = xrealloc(d->msgs, d->cap * sizeof(*d->msgs));
	}
	m = &d->msgs[d->n];
	memset(m, 0, sizeof(*m));
	if (at != NULL && at->file != NULL) {
		m->file = xstrdup(at->file);
		m->line = at->line;
		m->col = at->col;
	}
	m->level = level;
	m->seq = d->n;
	m->group = d->n;
	if (level == DIAG_NOTE && d->n > 0)
		m->group = d->msgs[d->n - 1].group;
	va_start(ap, fmt);
	if ((len = vsnprintf(text, sizeof(text), fmt, ap)) < 0)
		text[0] = '\0';
	va_end(ap);
	if (len >= DIAG_MAX_TEXT)
		diag_cut(text);
	diag_clean(text);
	m->text = xstrdup(text);
	d->n++;
}

int
diag_errors(const struct diag *d)
{
	return d->errors;
}

int
diag_warnings(const struct diag *d)
{
	return d->warnings;
}

size_t
diag_count(const struct diag *d)
{
	return d->n;
}

static const char *
msg_format(struct msg *m)
{
	size_t	len;

	if (m->line_text != NULL)
		return m->line_text;
	len = (m->file ? strlen(m->file) : 0) + strlen(m->text) + 64;
	m->line_text = xmalloc(len);
	if (m->file == NULL)
		snprintf(m->line_text, len, "chkc: %s: %s",
		    level_names[m->level], m->text);
	else if (m->line == 0)
		snprintf(m->line_text, len, "%s: %s: %s", m->file,
		    level_names[m->level], m->text);
	else
		snprintf(m->line_text, len, "%s:%d:%d: %s: %s", m->file,
		    m->line, m->col, level_names[m->level], m->text);
	return m->line_text;
}

const char *
diag_text(struct diag *d, size_t n)
{
	return n < d->n ? msg_format(&d->msgs[n]) : NULL;
}

/* A dump: the number of diagnostics, then level, file, line, column
 * and text of each. */
void
diag_dump(const struct diag *d, size_t n, struct buf *out)
{
	const struct msg	*m;

	buf_put_fieldnum(out, (long long)(n < d->n ? d->n - n : 0));
	for (; n < d->n; n++) {
		m = &d->msgs[n];
		buf_put_fieldnum(out, m->level);
		buf_put_field(out, m->file);
		buf_put_fieldnum(out, m->line);
		buf_put_fieldnum(out, m->col);
		buf_put_field(out, m->text);
	}
}

int
diag_load(struct diag *d, struct buf_reader *r)
{
	struct loc	 at;
	const char	*text;
	long long	 n, level;

	n = buf_get_fieldnum(r);
	/* Each takes five fields of two bytes at least. */
	if (n < 0 || n > (r->end - r->p) / 10)
		r->bad = 1;
	for (; n > 0 && !r->bad; n--) {
		level = buf_get_fieldnum(r);
		at.file = buf_get_field(r);
		at.line = (int)buf_get_fieldnum(r);
		at.col = (int)buf_get_fieldnum(r);
		text = buf_get_field(r);
		if (level < DIAG_ERROR || level > DIAG_NOTE || text == NULL)
			r->bad = 1;
		else
			diag_add(d, at.file != NULL ? &at : NULL,
			    (enum diag_level)level, "%s", text);
	}
	return r->bad ? -1 : 0;
}

void
diag_append(struct diag *d, const struct diag *from)
{
	const struct msg	*m;
	struct loc		 at;
	size_t			 i;

	for (i = 0; i < from->n; i++) {
		m = &from->msgs[i];
		at.file = m->file;
		at.line = m->line;
		at.col = m->col;
		diag_add(d, m->file != NULL ? &at : NULL, m->level, "%s",
		    m->text);
	}
}

/* The place a message sorts by: that of the diagnostic it belongs to. */
static int
msg_cmp_place(const struct msg *a, const struct msg *b)
{
	int	c;

	if (a->file == NULL || b->file == NULL)
		return (a->file == NULL) - (b->file == NULL);
	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static struct msg *sort_base;

static int
msg_cmp(const void *pa, const void *pb)
{
	const struct msg *a = pa, *b = pb;
	int	c;

	if (a->group != b->group &&
	    (c = msg_cmp_place(&sort_base[a->group], &sort_base[b->group])) != 0)
		return c;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The end of the group at s[i] in s[0 .. n): a diagnostic, its notes. */
static size_t
group_end(const struct msg *s, size_t n, size_t i)
{
	size_t	e = i + 1;

	while (e < n && s[e].group == s[i].group)
		e++;
	return e;
}

/* Do the n messages at a and at b say the same, at the same places? */
static int
msgs_same(const struct msg *a, const struct msg *b, size_t n)
{
	for (; n > 0; n--, a++, b++)
		if (a->level != b->level || msg_cmp_place(a, b) != 0 ||
		    strcmp(a->text, b->text) != 0)
			return 0;
	return 1;
}

/*
 * Is the group s[i .. e) the same as one of those before it at its
 * place, from s[at] on?  A file loaded by two build -j workers, or a
 * warning a cached checklist gives again beside the same warning made
 * anew, would otherwise print twice.
 */
static int
group_repeats(const struct msg *s, size_t at, size_t i, size_t e)
{
	size_t	g, ge;

	for (g = at; g < i; g = ge) {
		ge = group_end(s, i, g);
		if (ge - g == e - i && msgs_same(s + g, s + i, e - i))
			return 1;
	}
	return 0;
}

void
diag_print(struct diag *d, FILE *fp)
{
	struct msg	*sorted;
	size_t		 i, k, e, at = 0;

	if (d->n == 0)
		return;
	sorted = xmalloc(d->n * sizeof(*sorted));
	memcpy(sorted, d->msgs, d->n * sizeof(*sorted));
	sort_base = d->msgs;
	qsort(sorted, d->n, sizeof(*sorted), msg_cmp);
	for (i = 0; i < d->n; i = e) {
		e = group_end(sorted, d->n, i);
		if (msg_cmp_place(&sorted[at], &sorted[i]) != 0)
			at = i;
		if (!group_repeats(sorted, at, i, e))
			for (k = i; k < e; k++)
				fprintf(fp, "%s\n", msg_format(&sorted[k]));
	}
	/* The copies share pointers with d->msgs; line_text made here
	 * must be freed through them. */
	for (i = 0; i < d->n; i++) {
		free(sorted[i].file);
		free(sorted[i].text);
		free(sorted[i].line_text);
	}
	free(sorted);
	free(d->msgs);
	d->msgs = NULL;
	d->n = d->cap = 0;
	if (d->dropped > 0)
		fprintf(fp, "chkc: note: %zu more diagnostic%s not shown\n",
		    d->dropped, d->dropped == 1 ? "" : "s");
	d->dropped = 0;
}

/* Levenshtein distance, capped work: names are short. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, *row, prev, tmp, best;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const char *
diag_did_you_mean(const char *name, const char *const *cands, size_t ncands)
{
	const char	*best = NULL;
	size_t		 i, dist, best_dist = (size_t)-1, limit, len, clen;

	len = strlen(name);
	limit = len / 3 + 1;
	if (limit > 4)
		limit = 4;
	for (i = 0; i < ncands; i++) {
		if (cands[i] == NULL || strcmp(cands[i], name) == 0)
			continue;
		/* The distance is at least the difference in length: most
		 * candidates of a long list need no table. */
		clen = strlen(cands[i]);
		if ((clen > len ? clen - len : len - clen) > limit)
			continue;
		dist = edit_distance(name, cands[i]);
		if (dist <= limit && dist < best_dist) {
			best = cands[i];
			best_dist = dist;
		}
	}
	return best;
}
