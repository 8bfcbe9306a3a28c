/*
 * Interpolation of {{ expr }} in texts.  A value is inserted as literal
 * text: in a Markdown text it is backslash-escaped (or, inside a code
 * span, checked for backticks), so a variable can never inject markup.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mdtext.h"
#include "load/load.h"
#include "resolve/internal.h"
#include "resolve/resolve.h"

/*
 * Where the scan of a text has got to: text_loc() and in_code_span()
 * are called for each {{ in order, so they go on from the last one
 * instead of starting over (a 1 MiB text of "{{x}}" would otherwise
 * scan 10^11 bytes).
 */
struct scan {
	size_t	off;		/* text_loc: bytes counted */
	int	lines;		/* newlines before off */
	size_t	line_start;	/* offset of the line off is on */
	size_t	ci;		/* in_code_span: where the scan is */
	size_t	open;		/* length of the open backtick run */
};

/*
 * The place of byte off of a scalar's text.  Exact for one-line plain
 * and quoted scalars (the common case); for block scalars the line is
 * exact and the column counts from the text's indentation.  off never
 * goes back between calls with the same sc.
 */
static void
text_loc(const struct chk_node *n, size_t off, struct scan *sc,
    struct loc *at)
{
	*at = n->loc;
	for (; sc->off < off; sc->off++)
		if (n->str[sc->off] == '\n')
			sc->lines++, sc->line_start = sc->off + 1;
	if (n->style == CHK_STYLE_BLOCK) {
		at->line += sc->lines + 1;
		at->col = (int)(off - sc->line_start) + 1;
		return;
	}
	at->line += sc->lines;
	if (sc->lines > 0)
		at->col = (int)(off - sc->line_start) + 1;
	else
		at->col += (int)off + (n->style != CHK_STYLE_PLAIN);
}

/* Is byte off of s inside a code span?  Backtick runs open and close
 * spans of the same length, as CommonMark's.  off never goes back. */
static int
in_code_span(const char *s, size_t off, struct scan *sc)
{
	size_t	run;

	while (sc->ci < off) {
		if (s[sc->ci] == '\\' && sc->open == 0 && s[sc->ci + 1] != '\0') {
			sc->ci += 2;
			continue;
		}
		if (s[sc->ci] != '`') {
			sc->ci++;
			continue;
		}
		for (run = 0; s[sc->ci] == '`'; sc->ci++)
			run++;
		if (sc->open == 0)
			sc->open = run;
		else if (sc->open == run)
			sc->open = 0;
	}
	return sc->open != 0;
}

/*
 * Can a value inserted at byte pos of s start a Markdown block?  Yes
 * when only blanks and list or quote markers are before it on its line:
 * "- {{ x }}" with x "# h" would make a heading inside a list item.
 * (Escaping one more character than needed is harmless.)
 */
static int
may_start_block(const char *s, size_t pos)
{
	while (pos > 0 && s[pos - 1] != '\n') {
		if (strchr(" \t>-+*.)0123456789", s[pos - 1]) == NULL)
			return 0;
		pos--;
	}
	return 1;
}

/* Evaluate one {{ }} at s + off (len bytes inside) and append it. */
static int
text_one(struct rctx *r, const struct chk_node *n, size_t off, size_t len,
    enum text_kind kind, struct scan *sc, struct buf *b)
{
	const struct chk_node	*v;
	const char		*text;
	struct loc		 at;
	int			 in_code;

	text_loc(n, off, sc, &at);
	if ((v = expr_eval(&r->ex, n->str + off, len, &at)) == NULL)
		return -1;
	if ((text = expr_to_text(&r->ex, v, &at)) == NULL)
		return -1;
	if (kind == TEXT_PLAIN) {
		buf_puts(b, text);
		return 0;
	}
	in_code = in_code_span(n->str, off, sc);
	if (in_code && strchr(text, '`') != NULL) {
		diag_add(r->d, &at, DIAG_ERROR, "a value with a backtick ('%s') "
		    "cannot be inserted into a code span", text);
		return -1;
	}
	if (in_code)
		buf_puts(b, text);
	else
		mdtext_escape(b, text, may_start_block(n->str, off - 2));
	return 0;
}

/*
 * Count len bytes of text made against the checklist's budget: a loop
 * over a 1 MiB variable would otherwise make gigabytes.  -1 (and the
 * walk stops) past it.
 */
static int
text_budget(struct rctx *r, const struct chk_node *n, size_t len)
{
	r->ntext += len;
	if (r->ntext <= resolve_limits.max_text)
		return 0;
	if (!r->failed)
		diag_add(r->d, &n->loc, DIAG_ERROR, "the checklist's texts "
		    "exceed %zu bytes", resolve_limits.max_text);
	r->failed = 1;
	return -1;
}

/* Does the text of n have a "{{"?  Most texts have none, and memchr()
 * finds that sooner than strstr().  A NUL in the text ends it for the
 * strstr() of text_resolve(), so the answer is strstr()'s. */
static int
has_open(const struct chk_node *n)
{
	const char	*p = n->str, *end = n->str + n->len;

	for (; (p = memchr(p, '{', (size_t)(end - p))) != NULL; p++)
		if (p + 1 < end && p[1] == '{')
			return strstr(n->str, "{{") != NULL;
	return 0;
}

/* The text of n, which has a "{{", with every {{ expr }} replaced
 * (text_resolve()). */
static const char *
text_interpolate(struct rctx *r, const struct chk_node *n,
    enum text_kind kind)
{
	struct buf	*b = &r->text;
	struct scan	 sc = { 0, 0, 0, 0, 0 };
	const char	*s, *open, *close, *result = NULL;
	struct loc	 at;
	int		 bad = 0;

	/* One buffer for every text of the checklist, not one each. */
	buf_reset(b);
	for (s = n->str; (open = strstr(s, "{{")) != NULL; s = close + 2) {
		buf_put(b, s, (size_t)(open - s));
		if ((close = strstr(open + 2, "}}")) == NULL) {
			text_loc(n, (size_t)(open - n->str), &sc, &at);
			diag_add(r->d, &at, DIAG_ERROR, "'{{' without '}}'");
			bad = 1;
			break;
		}
		if (text_one(r, n, (size_t)(open + 2 - n->str),
		    (size_t)(close - open - 2), kind, &sc, b) == -1)
			bad = 1;
		/* A value is at most a scalar; a text made of them too. */
		if (b->len > load_limits.max_scalar) {
			diag_add(r->d, &n->loc, DIAG_ERROR, "the text is longer "
			    "than %zu bytes once interpolated",
			    load_limits.max_scalar);
			bad = 1;
			break;
		}
	}
	if (!bad) {
		buf_puts(b, s);
		if (text_budget(r, n, b->len) == 0)
			result = arena_strndup(r->out, buf_str(b), b->len);
	}
	return result;
}

/*
 * The text of scalar n with every {{ expr }} replaced, from r->out; NULL
 * after a diagnostic.  Numbers and booleans are texts as written.  Most
 * texts have no {{ }}: they are copied here, the rest made apart.
 */
const char *
text_resolve(struct rctx *r, const struct chk_node *n, enum text_kind kind)
{
	if (n->kind == CHK_NODE_SEQ || n->kind == CHK_NODE_MAP) {
		diag_add(r->d, &n->loc, DIAG_ERROR, "expected a text, got %s",
		    node_kind_name(n->kind));
		return NULL;
	}
	if (has_open(n))
		return text_interpolate(r, n, kind);
	return text_budget(r, n, n->len) == -1 ? NULL :
	    arena_strndup(r->out, n->str, n->len);
}
