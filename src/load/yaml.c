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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load.h"

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
	size_t		 mline, mcol;	/* mark_loc(): the last mark ... */
	size_t		 moff;		/* ... is at this byte (0: none) */
	int		 bidi;		/* a bidi control was reported */
	int		 failed;	/* a fatal parse error was reported */
};

static struct chk_node *parse_node(struct loader *, yaml_event_t *, int,
		    size_t *, int *);

/*
 * libyaml counts columns in characters; we report bytes.  Marks come in
 * order, so the count goes on from the last one on the same line:
 * starting over from the line's start for each node was quadratic on
 * a long line (a minified JSON file of 1 MB took minutes).
 */
static void
mark_loc(struct loader *l, const yaml_mark_t *m, struct loc *at)
{
	size_t	 off, i;

	at->file = l->file;
	at->line = (int)m->line + 1;
	at->col = (int)m->column + 1;
	if (m->line >= l->nlines)
		return;
	if (m->line == l->mline && m->column >= l->mcol && l->moff > 0)
		off = l->moff, i = l->mcol;
	else
		off = l->line_starts[m->line], i = 0;
	for (; i < m->column && off < l->len && l->text[off] != '\n'; i++)
		do
			off++;
		while (off < l->len && ((unsigned char)l->text[off] & 0xC0) == 0x80);
	l->mline = m->line, l->mcol = i, l->moff = off;
	at->col = (int)(off - l->line_starts[m->line]) + 1;
}

static void
index_lines(struct loader *l)
{
	size_t	i, n = 1;

	for (i = 0; i < l->len; i++)
		if (l->text[i] == '\n')
			n++;
	l->line_starts = xmalloc(n * sizeof(size_t));
	l->nlines = 0;
	l->line_starts[l->nlines++] = 0;
	for (i = 0; i < l->len; i++)
		if (l->text[i] == '\n')
			l->line_starts[l->nlines++] = i + 1;
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
	size_t		 i = 0, len, line = 1, line_start = 0;
	struct loc	 at;

	while (i < l->len) {
		if (s[i] == '\n') {
			line++;
			line_start = ++i;
			continue;
		}
		if ((len = utf8_seq(s + i, l->len - i)) == 0) {
			at.file = l->file;
			at.line = (int)line;
			at.col = (int)(i - line_start) + 1;
			diag_add(l->d, &at, DIAG_ERROR,
			    "invalid UTF-8 byte 0x%02X (chkc reads UTF-8 only)",
			    s[i]);
			return -1;
		}
		i += len;
	}
	return 0;
}

static int
match_all(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
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

	if (match_all(n->str, nulls))
		n->kind = CHK_NODE_NULL;
	else if (match_all(n->str, trues))
		n->kind = CHK_NODE_BOOL, n->b = 1;
	else if (match_all(n->str, falses))
		n->kind = CHK_NODE_BOOL, n->b = 0;
	else if (resolve_number(n->str, &n->num, &n->is_int))
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

/*
 * Warn about the first bidirectional control (U+202A to U+202E, U+2066
 * to U+2069) of a file, written or escaped: it can make a text, a
 * command above all, display differently from what it is ("Trojan
 * Source"; gcc's -Wbidi-chars).
 */
static void
check_bidi(struct loader *l, const struct chk_node *n)
{
	const unsigned char	*s = (const unsigned char *)n->str;
	size_t			 i;

	for (i = 0; !l->bidi && i + 2 < n->len; i++) {
		if (s[i] != 0xE2 || !((s[i + 1] == 0x80 && s[i + 2] >= 0xAA &&
		    s[i + 2] <= 0xAE) || (s[i + 1] == 0x81 &&
		    s[i + 2] >= 0xA6 && s[i + 2] <= 0xA9)))
			continue;
		diag_add(l->d, &n->loc, DIAG_WARNING, "bidirectional control "
		    "character U+%04X: the text may display differently from "
		    "what it is", 0x2000 | (s[i + 1] & 0x3F) << 6 |
		    (s[i + 2] & 0x3F));
		l->bidi = 1;
	}
}

static struct chk_node *
parse_scalar(struct loader *l, yaml_event_t *ev)
{
	struct chk_node	*n;
	size_t		 len = ev->data.scalar.length;

	n = arena_alloc(l->a, sizeof(*n));
	mark_loc(l, &ev->start_mark, &n->loc);
	if (len > load_limits.max_scalar) {
		diag_add(l->d, &n->loc, DIAG_ERROR,
		    "scalar of %zu bytes exceeds the limit of %zu", len,
		    load_limits.max_scalar);
		len = 0;
	}
	/* Texts are C strings everywhere after the loader: a "\0" would
	 * cut one short in some places and not in others. */
	if (!load_limits.allow_nul &&
	    memchr(ev->data.scalar.value, '\0', len) != NULL) {
		diag_add(l->d, &n->loc, DIAG_ERROR, "a NUL character ('\\0') "
		    "in a text (texts cannot hold one)");
		len = 0;
	}
	n->kind = CHK_NODE_STRING;
	n->str = arena_strndup(l->a, (const char *)ev->data.scalar.value, len);
	n->len = len;
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
	at->file = l->file;
	at->line = (int)lo + 1;
	at->col = (int)(off - l->line_starts[lo]) + 1;
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
	off = at.line - 1 < (int)l->nlines ? l->line_starts[at.line - 1] +
	    (size_t)at.col - 1 : l->len;
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

static struct chk_node *
parse_seq(struct loader *l, struct chk_node *n, int depth, size_t *count,
    int *sub_depth)
{
	struct ptrvec	 items = { 0 };
	struct chk_node	*child;
	yaml_event_t	 ev;
	size_t		 c;
	int		 d;

	for (;;) {
		if (next_event(l, &ev) == -1)
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			n->items = ptrvec_finish(&items, l->a, &n->n);
			return n;
		}
		c = 0, d = 0;
		child = parse_node(l, &ev, depth + 1, &c, &d);
		yaml_event_delete(&ev);
		if (child == NULL)
			break;
		ptrvec_push(&items, child);
		*count += c;
		if (d + 1 > *sub_depth)
			*sub_depth = d + 1;
	}
	ptrvec_free(&items);
	return NULL;
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

/* A key must be a scalar; it becomes a string whatever it looks like. */
static int
check_key(struct loader *l, struct chk_node *key, const struct chk_node *map,
    struct keyset *ks)
{
	size_t	*slot;

	if (key->kind == CHK_NODE_SEQ || key->kind == CHK_NODE_MAP) {
		diag_add(l->d, &key->loc, DIAG_ERROR,
		    "mapping keys must be scalars");
		return -1;
	}
	key_grow(ks, map);
	if (*(slot = key_slot(ks, map, key->str)) != 0) {
		const struct chk_node *first = map->pairs[*slot - 1].key;

		diag_add(l->d, &key->loc, DIAG_ERROR,
		    "duplicate key '%s' (first defined at line %d)", key->str,
		    first->loc.line);
		diag_add(l->d, &first->loc, DIAG_NOTE,
		    "'%s' first defined here", key->str);
		return -1;
	}
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
			yaml_event_delete(&ev);
			res = n;
			break;
		}
		c = 0, d = 0;
		key = parse_node(l, &ev, depth + 1, &c, &d);
		yaml_event_delete(&ev);
		if (key == NULL || next_event(l, &ev) == -1)
			break;
		value = parse_node(l, &ev, depth + 1, &c, &d);
		yaml_event_delete(&ev);
		if (value == NULL)
			break;
		*count += c;
		if (d + 1 > *sub_depth)
			*sub_depth = d + 1;
		if (check_key(l, key, n, &ks) == -1)
			continue;
		if (n->n == cap) {
			struct chk_pair *p;

			cap = cap ? cap * 2 : 8;
			p = arena_alloc(l->a, cap * sizeof(*p));
			if (n->n)
				memcpy(p, n->pairs, n->n * sizeof(*p));
			n->pairs = p;
		}
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
		n = parse_scalar(l, ev);
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
	yaml_event_delete(&ev);
	if (next_event(l, &ev) == -1)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {	/* an empty file */
		yaml_event_delete(&ev);
		at.file = l->file, at.line = 1, at.col = 1;
		return node_new(l->a, CHK_NODE_NULL, &at);
	}
	yaml_event_delete(&ev);			/* DOCUMENT_START */
	if (next_event(l, &ev) == -1)
		return NULL;
	root = parse_node(l, &ev, 0, &count, &depth);
	yaml_event_delete(&ev);
	if (root == NULL || next_event(l, &ev) == -1)	/* DOCUMENT_END */
		return NULL;
	yaml_event_delete(&ev);
	if (next_event(l, &ev) == -1)
		return NULL;
	if (ev.type == YAML_DOCUMENT_START_EVENT) {
		mark_loc(l, &ev.start_mark, &at);
		diag_add(l->d, &at, DIAG_ERROR,
		    "a second YAML document ('---'): one file holds one document");
		root = NULL;
	}
	yaml_event_delete(&ev);
	return root;
}

struct chk_node *
load_buffer(struct arena *a, const char *name, const char *text, size_t len,
    struct diag *d)
{
	struct loader	 l = { 0 };
	struct chk_node	*root = NULL;
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
	index_lines(&l);
	if (!yaml_parser_initialize(&l.parser))
		errx(3, "yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&l.parser,
	    (const unsigned char *)l.text, l.len);
	yaml_parser_set_encoding(&l.parser, YAML_UTF8_ENCODING);
	root = parse_stream(&l);
	yaml_parser_delete(&l.parser);
	for (i = 0; i < l.nanchors; i++)
		free(l.anchors[i].name);
	free(l.anchors);
	free(l.line_starts);
	if ((size_t)diag_errors(d) > errors)
		return NULL;
	return root;
}

struct chk_node *
load_file(struct arena *a, const char *path, struct diag *d)
{
	struct chk_node	*root;
	struct stat	 st;
	struct loc	 at = { path, 0, 0 };
	struct buf	 b = { 0 };
	char		 chunk[65536];
	size_t		 got;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		diag_add(d, &at, DIAG_ERROR, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		diag_add(d, &at, DIAG_ERROR, "is a directory, not a file");
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_put(&b, chunk, got);
		if (b.len > load_limits.max_file)
			break;
	}
	if (ferror(fp)) {
		diag_add(d, &at, DIAG_ERROR, "cannot read: %s", strerror(errno));
		fclose(fp);
		buf_free(&b);
		return NULL;
	}
	fclose(fp);
	root = load_buffer(a, path, buf_str(&b), b.len, d);
	buf_free(&b);
	return root;
}
