/*
 * libyaml events to a node tree.  libyaml parses YAML 1.1 syntax but
 * leaves scalars untyped; we resolve them with the YAML 1.2 core schema
 * (so "no" and "on" stay strings), check what libyaml does not (UTF-8
 * with line:col, duplicate keys, limits) and expand aliases by sharing
 * the anchored node, counting its size against the node limit so an
 * alias bomb is an error and not an out-of-memory.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "file.h"
#include "load.h"
#include "load/internal.h"
#include "utf8.h"

struct load_limits load_limits = {
	.max_file = 16 * 1024 * 1024,
	.max_depth = 64,
	.max_nodes = 1000000,
	.max_scalar = 1024 * 1024,
};

struct anchor {
	char		*name;
	struct chk_node	*node;
	size_t		 count;		/* nodes in its subtree */
	int		 depth;		/* its subtree's nesting */
};

struct loader {
	struct arena	*a;
	struct diag	*d;
	yaml_parser_t	 parser;
	const char	*file;		/* interned in the arena */
	const char	*text;
	size_t		 len;
	size_t		*line_starts;	/* byte offset of each line */
	size_t		 nlines;
	size_t		 nodes;		/* counted so far, aliases expanded */
	struct anchor	*anchors;
	size_t		 nanchors;
	size_t		 mline, mcol;	/* mark_off(): the last mark ... */
	size_t		 moff;		/* ... is at this byte (0: none) */
	size_t		*fix;		/* where a surrogate pair was rewritten */
	size_t		 nfix;		/* (see load_pairs()), in order */
	int		 bidi;		/* a bidi control was reported */
	int		 escapes;	/* the text has a backslash, and */
	int		 raw_bidi;	/* a bidi control (rare_chars()) */
	int		 multibyte;	/* not all ASCII (check_utf8()) */
	int		 marks_exact;	/* on an ASCII line, a mark is the
					 * place as written (mark_loc()) */
	unsigned char	*line_kind;	/* multibyte: 0 not known yet, 1 an
					 * ASCII line, 2 not (line_ascii()) */
	int		 failed;	/* a fatal parse error was reported */
};

static struct chk_node *parse_node(struct loader *, yaml_event_t *, int,
		    size_t *, int *);

/*
 * The byte of l->text at mark m: libyaml counts columns in characters.
 * Marks come in order, so the count goes on from the last one on the
 * same line: starting over from the line's start for each node was
 * quadratic on a long line (a minified JSON file of 1 MB took minutes).
 */
static size_t
mark_off(struct loader *l, const yaml_mark_t *m)
{
	size_t	 off, i, want, end;

	if (m->line >= l->nlines)
		return l->len;
	end = m->line + 1 < l->nlines ? l->line_starts[m->line + 1] - 1 :
	    l->len;
	/* In an ASCII file (most are) a column is a byte. */
	if (!l->multibyte) {
		want = l->line_starts[m->line] + m->column;
		return want < end ? want : end;
	}
	if (m->line == l->mline && m->column >= l->mcol && l->moff > 0)
		off = l->moff, i = l->mcol;
	else
		off = l->line_starts[m->line], i = 0;
	/* Most text is ASCII: when the bytes up to the mark (and the one
	 * at it, which must not be a continuation byte) are, a column is
	 * a byte, and the count below is a sum.  end: the line's '\n'. */
	want = off + (m->column - i);
	if (want <= end && utf8_is_ascii(l->text + off,
	    (want < l->len ? want + 1 : want) - off)) {
		l->mline = m->line, l->mcol = m->column, l->moff = want;
		return want;
	}
	for (; i < m->column && off < l->len && l->text[off] != '\n'; i++)
		do
			off++;
		while (off < l->len && ((unsigned char)l->text[off] & 0xC0) == 0x80);
	l->mline = m->line, l->mcol = i, l->moff = off;
	return off;
}

/* How many rewritten pairs start in [from, to) of l->text. */
static size_t
fixes_in(const struct loader *l, size_t from, size_t to)
{
	size_t	lo = 0, hi = l->nfix, mid, first;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->fix[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	for (hi = l->nfix; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (l->fix[mid] < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - first;
}

/* The place of byte off, on line (0-based) of l->text, in the file as
 * written: each pair rewritten before it on its line was 2 bytes
 * longer. */
static void
line_loc(const struct loader *l, size_t line, size_t off, struct loc *at)
{
	size_t	start = l->line_starts[line];

	at->file = l->file;
	at->line = (int)line + 1;
	at->col = (int)(off - start + 2 * fixes_in(l, start, off)) + 1;
}

/* Is line (< l->nlines) all ASCII?  Each is looked at once, on the
 * first mark on it. */
static int
line_ascii(struct loader *l, size_t line)
{
	size_t	start = l->line_starts[line], end;

	if (!l->multibyte)
		return 1;
	if (l->line_kind == NULL)
		l->line_kind = xcalloc(l->nlines, 1);
	if (l->line_kind[line] == 0) {
		end = line + 1 < l->nlines ? l->line_starts[line + 1] : l->len;
		l->line_kind[line] = utf8_is_ascii(l->text + start,
		    end - start) ? 1 : 2;
	}
	return l->line_kind[line] == 1;
}

static void
mark_loc(struct loader *l, const yaml_mark_t *m, struct loc *at)
{
	size_t	 off;

	at->file = l->file;
	at->line = (int)m->line + 1;
	at->col = (int)m->column + 1;
	if (m->line >= l->nlines || (l->marks_exact && line_ascii(l, m->line)))
		return;
	off = mark_off(l, m);
	line_loc(l, m->line, off, at);
}

/* One pass, the room guessed from the length (lines of 32 bytes) and
 * doubled when short: counting the lines first was a second pass. */
static void
index_lines(struct loader *l)
{
	const char	*p, *end = l->text + l->len;
	size_t		 cap = l->len / 32 + 16;

	l->line_starts = xmalloc(cap * sizeof(size_t));
	l->nlines = 0;
	l->line_starts[l->nlines++] = 0;
	for (p = l->text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p++) {
		if (l->nlines == cap) {
			cap *= 2;
			l->line_starts = xrealloc(l->line_starts,
			    cap * sizeof(size_t));
		}
		l->line_starts[l->nlines++] = (size_t)(p - l->text) + 1;
	}
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t		len, i;
	unsigned long	cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Report the first invalid byte; returns 0 if the text is UTF-8. */
static int
check_utf8(struct loader *l)
{
	const unsigned char *s = (const unsigned char *)l->text;
	size_t		 i = 0, len, line = 1, line_start = 0, k;
	struct loc	 at;

	while (i < l->len) {
		/* Most of a file is ASCII: runs of it are skipped whole. */
		if ((i += utf8_ascii_prefix(l->text + i, l->len - i)) == l->len)
			break;
		if ((len = utf8_seq(s + i, l->len - i)) == 0)
			break;
		i += len;
		l->multibyte = 1;
	}
	if (i >= l->len)
		return 0;
	for (k = 0; k < i; k++)
		if (s[k] == '\n')
			line++, line_start = k + 1;
	at.file = l->file;
	at.line = (int)line;
	at.col = (int)(i - line_start) + 1;
	diag_add(l->d, &at, DIAG_ERROR,
	    "invalid UTF-8 byte 0x%02X (chkc reads UTF-8 only)", s[i]);
	return -1;
}

/* Is s one of words?  The first two bytes settle most without a call
 * ("text" and "type" are not "true"). */
static int
match_all(const char *s, const char *const *words)
{
	const char	*w;

	for (; (w = *words) != NULL; words++)
		if (w[0] == s[0] && (s[0] == '\0' || (w[1] == s[1] &&
		    (s[1] == '\0' || strcmp(s + 2, w + 2) == 0))))
			return 1;
	return 0;
}

static int
all_in(const char *s, const char *set)
{
	if (*s == '\0')
		return 0;
	return strspn(s, set) == strlen(s);
}

/* YAML 1.2 core schema: is s an integer or a float? */
static int
resolve_number(const char *s, double *num, int *is_int)
{
	static const char *const infs[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	const char	*p = s, *digits;
	char		*end;

	if (strncmp(s, "0o", 2) == 0 && all_in(s + 2, "01234567")) {
		*num = (double)strtoull(s + 2, NULL, 8), *is_int = 1;
		return 1;
	}
	if (strncmp(s, "0x", 2) == 0 && all_in(s + 2, "0123456789abcdefABCDEF")) {
		*num = (double)strtoull(s + 2, NULL, 16), *is_int = 1;
		return 1;
	}
	if (*p == '-' || *p == '+')
		p++;
	if (match_all(p, infs)) {
		*num = *s == '-' ? -INFINITY : INFINITY, *is_int = 0;
		return 1;
	}
	if (p == s && match_all(p, nans)) {
		*num = NAN, *is_int = 0;
		return 1;
	}
	if (all_in(p, "0123456789")) {
		*num = strtod(s, NULL), *is_int = 1;
		return 1;
	}
	/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
	digits = p;
	p += strspn(p, "0123456789");
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	if (p == digits || (p == digits + 1 && *digits == '.'))
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!all_in(p, "0123456789"))
			return 0;
		p += strlen(p);
	}
	if (*p != '\0')
		return 0;
	errno = 0;
	*num = strtod(s, &end);
	*is_int = 0;
	return *end == '\0';
}

/* Type a plain scalar per the core schema. */
static void
resolve_plain(struct chk_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };

	unsigned char	 c = (unsigned char)n->str[0];

	/* Most scalars are words: none of the typed forms starts so. */
	if (c != '\0' && c != '~' && c != '.' && c != '+' && c != '-' &&
	    (c < '0' || c > '9') && c != 'n' && c != 'N' && c != 't' &&
	    c != 'T' && c != 'f' && c != 'F')
		return;
	/* Keys and words ("title", "text", "type") mostly: each word is
	 * compared only with the spellings of its first letter and
	 * length, and no number starts with a letter (or '~'). */
	if ((n->len <= 1 || ((c == 'n' || c == 'N') && n->len == 4)) &&
	    match_all(n->str, nulls))
		n->kind = CHK_NODE_NULL;
	else if ((c == 't' || c == 'T') && n->len == 4 &&
	    match_all(n->str, trues))
		n->kind = CHK_NODE_BOOL, n->b = 1;
	else if ((c == 'f' || c == 'F') && n->len == 5 &&
	    match_all(n->str, falses))
		n->kind = CHK_NODE_BOOL, n->b = 0;
	else if (c < 'A' && resolve_number(n->str, &n->num, &n->is_int))
		n->kind = CHK_NODE_NUMBER;
}

/* An explicit tag: only the core schema's own are understood. */
static int
resolve_tagged(struct loader *l, struct chk_node *n, const char *tag)
{
	const char	*t = tag;

	if (strcmp(tag, "!") == 0)
		return 0;
	if (strncmp(tag, "tag:yaml.org,2002:", 18) == 0)
		t = tag + 18;
	if (strcmp(t, "str") == 0)
		return 0;
	if (strcmp(t, "null") == 0 || strcmp(t, "bool") == 0 ||
	    strcmp(t, "int") == 0 || strcmp(t, "float") == 0) {
		n->kind = CHK_NODE_STRING;
		resolve_plain(n);
		if (n->kind != CHK_NODE_STRING)
			return 0;
	}
	diag_add(l->d, &n->loc, DIAG_ERROR,
	    "unsupported tag '%s' on '%s'", tag, n->str);
	return -1;
}

/* The first bidirectional control (U+202A to U+202E, U+2066 to
 * U+2069) in the n bytes at s, or 0.  memchr() finds the lead byte,
 * 0xE2, of these three-byte characters. */
static unsigned
find_bidi(const unsigned char *s, size_t n)
{
	const unsigned char	*p;
	size_t			 i = 0;

	while (i + 2 < n && (p = memchr(s + i, 0xE2, n - 2 - i)) != NULL) {
		i = (size_t)(p - s);
		if ((s[i + 1] == 0x80 && s[i + 2] >= 0xAA && s[i + 2] <= 0xAE) ||
		    (s[i + 1] == 0x81 && s[i + 2] >= 0xA6 && s[i + 2] <= 0xA9))
			return 0x2000 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
		i++;
	}
	return 0;
}

/*
 * Warn about the first bidirectional control of a file, written or
 * escaped: it can make a text, a command above all, display
 * differently from what it is ("Trojan Source"; gcc's -Wbidi-chars).
 */
static void
check_bidi(struct loader *l, const struct chk_node *n)
{
	unsigned	c;

	if (l->bidi ||
	    (c = find_bidi((const unsigned char *)n->str, n->len)) == 0)
		return;
	diag_add(l->d, &n->loc, DIAG_WARNING, "bidirectional control "
	    "character U+%04X: the text may display differently from what "
	    "it is", c);
	l->bidi = 1;
}

/*
 * Which scalars can hold a NUL or a bidi control?  libyaml refuses a
 * NUL byte and reads escapes only in double-quoted scalars, so a NUL is
 * an escape in one of those; a control is one too, or its bytes as
 * written somewhere in the file.  Most files have neither a backslash
 * nor a control: their scalars are not searched one by one.
 */
static void
rare_chars(struct loader *l)
{
	l->escapes = memchr(l->text, '\\', l->len) != NULL;
	l->raw_bidi = find_bidi((const unsigned char *)l->text, l->len) != 0;
}

/* Fill in n (zeroed, its place set) from the scalar event ev. */
static struct chk_node *
parse_scalar(struct loader *l, struct chk_node *n, yaml_event_t *ev)
{
	size_t		 len = ev->data.scalar.length;
	int		 escaped = l->escapes && ev->data.scalar.style ==
			    YAML_DOUBLE_QUOTED_SCALAR_STYLE;

	if (len > load_limits.max_scalar) {
		diag_add(l->d, &n->loc, DIAG_ERROR,
		    "scalar of %zu bytes exceeds the limit of %zu", len,
		    load_limits.max_scalar);
		len = 0;
	}
	/* Texts are C strings everywhere after the loader: a "\0" would
	 * cut one short in some places and not in others. */
	if (escaped && !load_limits.allow_nul &&
	    memchr(ev->data.scalar.value, '\0', len) != NULL) {
		diag_add(l->d, &n->loc, DIAG_ERROR, "a NUL character ('\\0') "
		    "in a text (texts cannot hold one)");
		len = 0;
	}
	n->kind = CHK_NODE_STRING;
	n->str = arena_strndup(l->a, (const char *)ev->data.scalar.value, len);
	n->len = len;
	if (escaped || l->raw_bidi)
		check_bidi(l, n);
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		n->style = CHK_STYLE_SINGLE;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = CHK_STYLE_DOUBLE;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = CHK_STYLE_BLOCK;
		break;
	default:
		n->style = CHK_STYLE_PLAIN;
		break;
	}
	if (ev->data.scalar.tag != NULL)
		resolve_tagged(l, n, (const char *)ev->data.scalar.tag);
	else if (ev->data.scalar.plain_implicit)
		resolve_plain(n);
	return n;
}

/* The place of byte off of the text. */
static void
offset_loc(const struct loader *l, size_t off, struct loc *at)
{
	size_t	lo = 0, hi = l->nlines, mid;

	while (hi - lo > 1) {		/* the last line starting <= off */
		mid = lo + (hi - lo) / 2;
		if (l->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	line_loc(l, lo, off, at);
}

/*
 * libyaml's "found invalid Unicode character escape code", with its
 * mark on the first hex digit: a lone UTF-16 surrogate (a pair is
 * rewritten before, load_pairs()) or a code beyond U+10FFFF.  Returns 0
 * after a diagnostic at the escape, -1 if the text is not one.
 */
static int
report_bad_escape(struct loader *l, size_t off)
{
	struct loc	 at;
	const char	*e;
	int		 n;
	unsigned long	 v;

	if (off < 2 || off > l->len)
		return -1;
	e = l->text + off - 2;
	if (e[0] != '\\' || (e[1] != 'u' && e[1] != 'U'))
		return -1;
	n = e[1] == 'u' ? 4 : 8;
	if (off + (size_t)n > l->len)
		return -1;
	v = strtoul(arena_strndup(l->a, e + 2, (size_t)n), NULL, 16);
	offset_loc(l, off - 2, &at);
	if (v >= 0xD800 && v <= 0xDBFF)
		diag_add(l->d, &at, DIAG_ERROR, "lone UTF-16 surrogate '%.*s': "
		    "a high surrogate must be followed by a low one, '\\udc00' "
		    "to '\\udfff'", n + 2, e);
	else if (v >= 0xDC00 && v <= 0xDFFF)
		diag_add(l->d, &at, DIAG_ERROR, "lone UTF-16 surrogate '%.*s': "
		    "a low surrogate must follow a high one, '\\ud800' to "
		    "'\\udbff'", n + 2, e);
	else
		diag_add(l->d, &at, DIAG_ERROR, "'%.*s' is beyond U+10FFFF, the "
		    "last Unicode character", n + 2, e);
	return 0;
}

/*
 * A quote, '[' or '{' that is never closed: libyaml finds out only at
 * the end of the file (or of the flow), but what the user must fix is
 * where it was opened, libyaml's context mark.  Returns 0 after a
 * diagnostic there, -1 when the error is of another kind.  problem_at
 * is where libyaml noticed.
 */
static int
report_unclosed(struct loader *l, const struct loc *problem_at,
    const char *problem)
{
	static const struct {
		const char	*context;
		const char	*what;
	} opened[] = {
		{ "while scanning a quoted scalar", "quoted string" },
		{ "while parsing a flow sequence", "'['" },
		{ "while parsing a flow mapping", "'{'" },
	};
	yaml_parser_t	*p = &l->parser;
	struct loc	 at;
	size_t		 i;

	for (i = 0; i < sizeof(opened) / sizeof(opened[0]); i++)
		if (strcmp(p->context, opened[i].context) == 0)
			break;
	if (i == sizeof(opened) / sizeof(opened[0]))
		return -1;
	if (strcmp(problem, "found unexpected end of stream") == 0)
		problem = "reached the end of the file";
	mark_loc(l, &p->context_mark, &at);
	diag_add(l->d, &at, DIAG_ERROR, "YAML syntax error: %s opened here is "
	    "not closed (%s at %d:%d)", opened[i].what, problem,
	    problem_at->line, problem_at->col);
	return 0;
}

/* Report a libyaml error at its place, in words a user can act on. */
static void
report_parser_error(struct loader *l)
{
	yaml_parser_t	*p = &l->parser;
	struct loc	 at;
	size_t		 off;
	const char	*problem = p->problem ? p->problem : "syntax error";

	l->failed = 1;
	/* A reader error (a control character, bad UTF-8) has a byte
	 * offset and no mark: its mark would say 1:1. */
	if (p->error == YAML_READER_ERROR) {
		offset_loc(l, p->problem_offset, &at);
		diag_add(l->d, &at, DIAG_ERROR, "YAML syntax error: %s "
		    "(byte 0x%02X)", problem, (unsigned)p->problem_value & 0xFF);
		return;
	}
	mark_loc(l, &p->problem_mark, &at);
	off = mark_off(l, &p->problem_mark);
	if (strcmp(problem, "found invalid Unicode character escape code") == 0 &&
	    report_bad_escape(l, off) == 0)
		return;
	if (off < l->len && l->text[off] == '\t') {
		diag_add(l->d, &at, DIAG_ERROR,
		    "tab character in indentation (YAML indents with spaces)");
		return;
	}
	if (p->context == NULL)
		diag_add(l->d, &at, DIAG_ERROR, "YAML syntax error: %s", problem);
	else if (report_unclosed(l, &at, problem) == 0)
		return;
	else {
		diag_add(l->d, &at, DIAG_ERROR, "YAML syntax error: %s %s",
		    problem, p->context);
		mark_loc(l, &p->context_mark, &at);
		diag_add(l->d, &at, DIAG_NOTE, "%s that starts here",
		    p->context);
	}
}

/*
 * yaml_event_delete() for the events of nodes, a quarter of a million
 * for a big build: what a scalar, an alias or a start owns goes back to
 * ymem.c, without zeroing the whole event after, as yaml_event_delete()
 * does (nothing reads it again).
 */
static void
event_free(yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		yaml_free(ev->data.scalar.value);
		yaml_free(ev->data.scalar.tag);
		yaml_free(ev->data.scalar.anchor);
		break;
	case YAML_ALIAS_EVENT:
		yaml_free(ev->data.alias.anchor);
		break;
	case YAML_SEQUENCE_START_EVENT:
		yaml_free(ev->data.sequence_start.tag);
		yaml_free(ev->data.sequence_start.anchor);
		break;
	case YAML_MAPPING_START_EVENT:
		yaml_free(ev->data.mapping_start.tag);
		yaml_free(ev->data.mapping_start.anchor);
		break;
	default:
		yaml_event_delete(ev);
		break;
	}
}

static int
next_event(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev)) {
		report_parser_error(l);
		return -1;
	}
	return 0;
}

static int
count_node(struct loader *l, const struct loc *at, size_t add)
{
	l->nodes += add;
	if (l->nodes > load_limits.max_nodes) {
		diag_add(l->d, at, DIAG_ERROR, "document has more than %zu "
		    "nodes (aliases expanded): an alias bomb?",
		    load_limits.max_nodes);
		l->failed = 1;
		return -1;
	}
	return 0;
}

static void
remember_anchor(struct loader *l, const yaml_char_t *name,
    struct chk_node *n, size_t count, int depth)
{
	struct anchor	*an;

	if (name == NULL)
		return;
	l->anchors = xrealloc(l->anchors, (l->nanchors + 1) * sizeof(*an));
	an = &l->anchors[l->nanchors++];
	an->name = xstrdup((const char *)name);
	an->node = n;
	an->count = count;
	an->depth = depth;
}

static struct chk_node *
parse_alias(struct loader *l, yaml_event_t *ev, int depth, size_t *count,
    int *sub_depth)
{
	struct loc	 at;
	size_t		 i;

	mark_loc(l, &ev->start_mark, &at);
	/* The latest anchor of that name wins, as YAML says. */
	for (i = l->nanchors; i-- > 0; ) {
		if (strcmp(l->anchors[i].name,
		    (const char *)ev->data.alias.anchor) != 0)
			continue;
		if (depth + l->anchors[i].depth > load_limits.max_depth) {
			diag_add(l->d, &at, DIAG_ERROR, "nesting deeper than "
			    "%d levels", load_limits.max_depth);
			l->failed = 1;
			return NULL;
		}
		if (count_node(l, &at, l->anchors[i].count) == -1)
			return NULL;
		*count = l->anchors[i].count;
		*sub_depth = l->anchors[i].depth;
		return l->anchors[i].node;
	}
	diag_add(l->d, &at, DIAG_ERROR, "unknown alias '*%s'",
	    (const char *)ev->data.alias.anchor);
	l->failed = 1;
	return NULL;
}

/*
 * Room for element n of the array v of elements of size bytes, cap of
 * them: v, or a copy twice as big in the arena.  The items of a list
 * and the pairs of a mapping grow so, in place of a malloc'ed vector
 * copied into the arena at the end.
 */
static void *
grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
	void	*p;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 8;
	p = arena_alloc(a, *cap * size);
	if (n > 0)
		memcpy(p, v, n * size);
	return p;
}

static struct chk_node *
parse_seq(struct loader *l, struct chk_node *n, int depth, size_t *count,
    int *sub_depth)
{
	struct chk_node	*child;
	yaml_event_t	 ev;
	size_t		 c, cap = 0;
	int		 d;

	for (;;) {
		if (next_event(l, &ev) == -1)
			return NULL;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			event_free(&ev);
			return n;
		}
		c = 0, d = 0;
		child = parse_node(l, &ev, depth + 1, &c, &d);
		event_free(&ev);
		if (child == NULL)
			return NULL;
		n->items = grow(l->a, n->items, n->n, &cap, sizeof(*n->items));
		n->items[n->n++] = child;
		*count += c;
		if (d + 1 > *sub_depth)
			*sub_depth = d + 1;
	}
}

/*
 * The keys of the mapping being read, hashed: comparing each key with
 * all the earlier ones made a 300,000-key file take minutes.  slots
 * hold a pair's index + 1 (0: empty); nslots is a power of 2.
 */
struct keyset {
	size_t	*slots;
	size_t	 nslots;
};

#define KEYS_LINEAR	8	/* mappings up to this size: no table */

static size_t
key_hash(const char *s)
{
	size_t	h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The slot of key: its pair's, or the empty one where it would go. */
static size_t *
key_slot(const struct keyset *ks, const struct chk_node *map, const char *key)
{
	size_t	i = key_hash(key) & (ks->nslots - 1);

	while (ks->slots[i] != 0 &&
	    strcmp(map->pairs[ks->slots[i] - 1].key->str, key) != 0)
		i = (i + 1) & (ks->nslots - 1);
	return &ks->slots[i];
}

/* Room for one more key, the table at most half full. */
static void
key_grow(struct keyset *ks, const struct chk_node *map)
{
	size_t	i;

	if (2 * (map->n + 1) <= ks->nslots)
		return;
	ks->nslots = ks->nslots ? 2 * ks->nslots : 16;
	free(ks->slots);
	ks->slots = xcalloc(ks->nslots, sizeof(*ks->slots));
	for (i = 0; i < map->n; i++)
		*key_slot(ks, map, map->pairs[i].key->str) = i + 1;
}

/*
 * The key of map equal to key, or NULL; *slot is where key goes in the
 * table, NULL while map is small enough to be searched (most mappings
 * have a few keys: a table for each cost more than comparing them).
 */
static const struct chk_node *
key_find(struct keyset *ks, const struct chk_node *map, const char *key,
    size_t **slot)
{
	size_t	i;

	if (map->n < KEYS_LINEAR) {
		*slot = NULL;
		for (i = 0; i < map->n; i++)
			if (map->pairs[i].key->str[0] == key[0] &&
			    strcmp(map->pairs[i].key->str, key) == 0)
				return map->pairs[i].key;
		return NULL;
	}
	key_grow(ks, map);
	*slot = key_slot(ks, map, key);
	return **slot != 0 ? map->pairs[**slot - 1].key : NULL;
}

/* A key must be a scalar; it becomes a string whatever it looks like. */
static int
check_key(struct loader *l, struct chk_node *key, const struct chk_node *map,
    struct keyset *ks)
{
	const struct chk_node	*first;
	size_t			*slot;

	if (key->kind == CHK_NODE_SEQ || key->kind == CHK_NODE_MAP) {
		diag_add(l->d, &key->loc, DIAG_ERROR,
		    "mapping keys must be scalars");
		return -1;
	}
	/* A "\0" kept for chkc validate (load_limits.allow_nul) would cut
	 * a key short: two keys would compare equal, a property would
	 * validate under another name. */
	if (key->style == CHK_STYLE_DOUBLE &&
	    memchr(key->str, '\0', key->len) != NULL) {
		diag_add(l->d, &key->loc, DIAG_ERROR, "a NUL character "
		    "('\\0') in a key (keys cannot hold one)");
		return -1;
	}
	if ((first = key_find(ks, map, key->str, &slot)) != NULL) {
		diag_add(l->d, &key->loc, DIAG_ERROR,
		    "duplicate key '%s' (first defined at line %d)", key->str,
		    first->loc.line);
		diag_add(l->d, &first->loc, DIAG_NOTE,
		    "'%s' first defined here", key->str);
		return -1;
	}
	if (slot != NULL)
		*slot = map->n + 1;	/* the caller appends the pair there */
	if (key->kind != CHK_NODE_STRING) {
		/* Copy: the key may be an aliased value shared elsewhere. */
		struct chk_node *k = arena_alloc(l->a, sizeof(*k));

		*k = *key;
		k->kind = CHK_NODE_STRING;
		*key = *k;
	}
	return 0;
}

static struct chk_node *
parse_map(struct loader *l, struct chk_node *n, int depth, size_t *count,
    int *sub_depth)
{
	struct chk_node	*key, *value, *res = NULL;
	struct keyset	 ks = { NULL, 0 };
	yaml_event_t	 ev;
	size_t		 cap = 0, c;
	int		 d;

	for (;;) {
		if (next_event(l, &ev) == -1)
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			event_free(&ev);
			res = n;
			break;
		}
		c = 0, d = 0;
		key = parse_node(l, &ev, depth + 1, &c, &d);
		event_free(&ev);
		if (key == NULL || next_event(l, &ev) == -1)
			break;
		value = parse_node(l, &ev, depth + 1, &c, &d);
		event_free(&ev);
		if (value == NULL)
			break;
		*count += c;
		if (d + 1 > *sub_depth)
			*sub_depth = d + 1;
		if (check_key(l, key, n, &ks) == -1)
			continue;
		n->pairs = grow(l->a, n->pairs, n->n, &cap, sizeof(*n->pairs));
		n->pairs[n->n].key = key;
		n->pairs[n->n++].value = value;
	}
	free(ks.slots);
	return res;
}

/*
 * Build the node that starts with event ev.  *count gets the nodes of
 * its subtree, *sub_depth its nesting; NULL on a fatal error.
 */
static struct chk_node *
parse_node(struct loader *l, yaml_event_t *ev, int depth, size_t *count,
    int *sub_depth)
{
	struct chk_node	*n;
	const yaml_char_t *anchor = NULL;

	*count = 1, *sub_depth = 0;
	if (ev->type == YAML_ALIAS_EVENT)
		return parse_alias(l, ev, depth, count, sub_depth);
	n = arena_alloc(l->a, sizeof(*n));
	mark_loc(l, &ev->start_mark, &n->loc);
	if (count_node(l, &n->loc, 1) == -1)
		return NULL;
	if ((ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT) &&
	    depth >= load_limits.max_depth) {
		diag_add(l->d, &n->loc, DIAG_ERROR,
		    "nesting deeper than %d levels", load_limits.max_depth);
		l->failed = 1;
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = parse_scalar(l, n, ev);
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		n->kind = CHK_NODE_SEQ;
		if (ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE)
			n->style = CHK_STYLE_FLOW;
		anchor = ev->data.sequence_start.anchor;
		n = parse_seq(l, n, depth, count, sub_depth);
		break;
	case YAML_MAPPING_START_EVENT:
		n->kind = CHK_NODE_MAP;
		if (ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE)
			n->style = CHK_STYLE_FLOW;
		anchor = ev->data.mapping_start.anchor;
		n = parse_map(l, n, depth, count, sub_depth);
		break;
	default:
		diag_add(l->d, &n->loc, DIAG_ERROR, "unexpected YAML event");
		l->failed = 1;
		return NULL;
	}
	if (n != NULL)
		remember_anchor(l, anchor, n, *count, *sub_depth);
	return n;
}

/* Stream start, document start, the root, document end, and no more. */
static struct chk_node *
parse_stream(struct loader *l)
{
	struct chk_node	*root = NULL;
	yaml_event_t	 ev;
	size_t		 count;
	int		 depth;
	struct loc	 at;

	if (next_event(l, &ev) == -1)		/* STREAM_START */
		return NULL;
	event_free(&ev);
	if (next_event(l, &ev) == -1)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {	/* an empty file */
		event_free(&ev);
		at.file = l->file, at.line = 1, at.col = 1;
		return node_new(l->a, CHK_NODE_NULL, &at);
	}
	event_free(&ev);			/* DOCUMENT_START */
	if (next_event(l, &ev) == -1)
		return NULL;
	root = parse_node(l, &ev, 0, &count, &depth);
	event_free(&ev);
	if (root == NULL || next_event(l, &ev) == -1)	/* DOCUMENT_END */
		return NULL;
	event_free(&ev);
	if (next_event(l, &ev) == -1)
		return NULL;
	if (ev.type == YAML_DOCUMENT_START_EVENT) {
		mark_loc(l, &ev.start_mark, &at);
		diag_add(l->d, &at, DIAG_ERROR,
		    "a second YAML document ('---'): one file holds one document");
		root = NULL;
	}
	event_free(&ev);
	return root;
}

/* ------------------------------------------------------------------ */
/*
 * JSON writes a character beyond U+FFFF as a UTF-16 surrogate pair of
 * escapes, "\ud83d\udca9"; YAML has "\U0001F4A9" for it and libyaml
 * refuses each half.  So a pair in a double-quoted scalar is rewritten
 * as the one \U escape before libyaml reads the text, and the columns
 * of what follows on its line are given back (line_loc()).  Which pairs
 * are in double-quoted scalars is libyaml's own answer: a first pass
 * over a copy with every pair rewritten collects their places; a pair
 * anywhere else (a plain, single-quoted or block scalar, a comment) is
 * text, and stays as written.  Files without a pair cost one scan.
 */

/* The value of the escape \uHHHH at t + i, or -1. */
static long
u_escape(const char *t, size_t len, size_t i)
{
	char	hex[5];

	if (i + 6 > len || t[i] != '\\' || t[i + 1] != 'u')
		return -1;
	memcpy(hex, t + i + 2, 4);
	hex[4] = '\0';
	if (strspn(hex, "0123456789abcdefABCDEF") != 4)
		return -1;
	return strtol(hex, NULL, 16);
}

/* The offsets of the pairs "\uD8xx\uDCxx" of t whose backslash is not
 * itself escaped, in order; *n of them (malloc'ed, NULL when none). */
static size_t *
find_pairs(const char *t, size_t len, size_t *n)
{
	const char	*p;
	size_t		*v = NULL, cap = 0, i, run = 0;
	long		 hi, lo;

	*n = 0;
	for (i = 0; i < len; i++) {
		if (t[i] != '\\') {
			/* On to the next backslash: most files have none,
			 * the others a few. */
			if ((p = memchr(t + i, '\\', len - i)) == NULL)
				break;
			i = (size_t)(p - t);
			run = 0;
		}
		if (run++ % 2 == 1)		/* the second of "\\" */
			continue;
		hi = u_escape(t, len, i);
		lo = u_escape(t, len, i + 6);
		if (hi < 0xD800 || hi > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = i;
		i += 11;
		run = 0;
	}
	return v;
}

/*
 * t with the pairs at[i] for which keep[i] (all if keep is NULL)
 * rewritten as \UXXXXXXXX, 2 bytes shorter; fix[] gets where each one
 * is in the result.  Returns the result (malloc'ed), its length in
 * *outlen.
 */
static char *
rewrite_pairs(const char *t, size_t len, const size_t *at, size_t n,
    const char *keep, size_t *fix, size_t *nfix, size_t *outlen)
{
	char	*o = xmalloc(len + 1), *p = o;
	size_t	 i, from = 0;
	long	 hi, lo;

	*nfix = 0;
	for (i = 0; i < n; i++) {
		if (keep != NULL && !keep[i])
			continue;
		memcpy(p, t + from, at[i] - from);
		p += at[i] - from;
		hi = u_escape(t, len, at[i]);
		lo = u_escape(t, len, at[i] + 6);
		fix[(*nfix)++] = (size_t)(p - o);
		p += sprintf(p, "\\U%08lX", 0x10000 + ((unsigned long)(hi -
		    0xD800) << 10) + (unsigned long)(lo - 0xDC00));
		from = at[i] + 12;
	}
	memcpy(p, t + from, len - from);
	p += len - from;
	*p = '\0';
	*outlen = (size_t)(p - o);
	return o;
}

/* keep[k..] = 1 for the pairs fix[k..] in [start, end); returns the
 * index of the first pair after. */
static size_t
keep_in(const size_t *fix, size_t n, size_t k, size_t start, size_t end,
    char *keep)
{
	while (k < n && fix[k] < start)
		k++;
	while (k < n && fix[k] < end)
		keep[k++] = 1;
	return k;
}

/*
 * keep[i] = 1 for each rewritten pair fix[i] of pre->text that is in a
 * double-quoted scalar.  A syntax error stops it (the real parse will
 * report it); when it is in a double-quoted scalar (a lone surrogate),
 * the pairs before it in that scalar are kept, so that the real parse
 * stops at the same place.
 */
static void
quoted_pairs(struct loader *pre, const size_t *fix, size_t n, char *keep)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	size_t		 k = 0, start;
	int		 done = 0;

	if (!yaml_parser_initialize(&p))
		errx(3, "yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)pre->text,
	    pre->len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done && k < n && yaml_parser_parse(&p, &ev)) {
		done = ev.type == YAML_STREAM_END_EVENT;
		if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.style ==
		    YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
			start = mark_off(pre, &ev.start_mark);
			k = keep_in(fix, n, k, start,
			    mark_off(pre, &ev.end_mark), keep);
		}
		event_free(&ev);
	}
	if (p.error != YAML_NO_ERROR && p.context != NULL &&
	    strstr(p.context, "quoted scalar") != NULL &&
	    (start = mark_off(pre, &p.context_mark)) < pre->len &&
	    pre->text[start] == '"')
		keep_in(fix, n, k, start, mark_off(pre, &p.problem_mark), keep);
	yaml_parser_delete(&p);
}

/*
 * Rewrite the surrogate pairs of l->text that are in double-quoted
 * scalars (see above).  Returns the new text for l->text (malloc'ed),
 * with l->fix and l->len set, or NULL when the text has no pair.
 */
static char *
load_pairs(struct loader *l)
{
	struct loader	 pre = { 0 };
	size_t		*at, n, nfix;
	char		*all, *keep, *text;

	if ((at = find_pairs(l->text, l->len, &n)) == NULL)
		return NULL;
	pre.multibyte = l->multibyte;
	l->fix = xmalloc(n * sizeof(size_t));
	all = rewrite_pairs(l->text, l->len, at, n, NULL, l->fix, &nfix,
	    &pre.len);
	pre.text = all;
	index_lines(&pre);
	keep = xcalloc(n, 1);
	quoted_pairs(&pre, l->fix, n, keep);
	text = rewrite_pairs(l->text, l->len, at, n, keep, l->fix, &l->nfix,
	    &l->len);
	free(pre.line_starts);
	free(keep);
	free(all);
	free(at);
	return text;
}

struct chk_node *
load_buffer(struct arena *a, const char *name, const char *text, size_t len,
    struct diag *d)
{
	struct loader	 l = { 0 };
	struct ymem	 mem;
	struct chk_node	*root = NULL;
	char		*rewritten;
	size_t		 i, errors = (size_t)diag_errors(d);
	struct loc	 at = { arena_strdup(a, name), 0, 0 };

	l.a = a, l.d = d, l.file = at.file, l.text = text, l.len = len;
	if (len > load_limits.max_file) {
		diag_add(d, &at, DIAG_ERROR, "file of %zu bytes exceeds the "
		    "limit of %zu", len, load_limits.max_file);
		return NULL;
	}
	/* A UTF-8 byte order mark is allowed and skipped. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		l.text += 3, l.len -= 3;
	if (check_utf8(&l) == -1)
		return NULL;
	ymem_begin(&mem);
	if ((rewritten = load_pairs(&l)) != NULL)
		l.text = rewritten;
	index_lines(&l);
	rare_chars(&l);
	/* Every node's place is a mark's: on an ASCII line (a column is a
	 * byte) of a file where no pair was rewritten and lines end only
	 * with '\n' (libyaml counts a lone '\r' as a line break too), the
	 * mark is the place as written: mark_off() and line_loc() would
	 * give it back. */
	l.marks_exact = l.nfix == 0 && memchr(l.text, '\r', l.len) == NULL;
	if (!yaml_parser_initialize(&l.parser))
		errx(3, "yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&l.parser,
	    (const unsigned char *)l.text, l.len);
	yaml_parser_set_encoding(&l.parser, YAML_UTF8_ENCODING);
	root = parse_stream(&l);
	yaml_parser_delete(&l.parser);
	ymem_end(&mem);
	for (i = 0; i < l.nanchors; i++)
		free(l.anchors[i].name);
	free(l.anchors);
	free(l.line_starts);
	free(l.line_kind);
	free(l.fix);
	free(rewritten);
	if ((size_t)diag_errors(d) > errors)
		return NULL;
	return root;
}

int
load_read(const char *path, size_t max, struct buf *out, struct diag *d)
{
	struct stat	 st;
	struct loc	 at = { path, 0, 0 };
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY)) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		diag_add(d, &at, DIAG_ERROR, "is a directory, not a file");
	else if (file_read_fd(fd, max, out) == -1)
		diag_add(d, &at, DIAG_ERROR, "cannot read: %s", strerror(errno));
	else
		rc = 0;
	close(fd);
	return rc;
}

struct chk_node *
load_file(struct arena *a, const char *path, struct diag *d)
{
	struct chk_node	*root;
	struct buf	 b = { 0 };

	/* Past the limit, load_buffer() says how big is too big. */
	if (load_read(path, load_limits.max_file, &b, d) == -1) {
		buf_free(&b);
		return NULL;
	}
	root = load_buffer(a, path, buf_str(&b), b.len, d);
	buf_free(&b);
	return root;
}
