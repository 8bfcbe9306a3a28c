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

/*
 * The place of byte off of a scalar's text.  Exact for one-line plain
 * and quoted scalars (the common case); for block scalars the line is
 * exact and the column counts from the text's indentation.
 */
static void
text_loc(const struct chk_node *n, size_t off, struct loc *at)
{
	size_t	i, line_start = 0;
	int	lines = 0;

	*at = n->loc;
	for (i = 0; i < off; i++)
		if (n->str[i] == '\n')
			lines++, line_start = i + 1;
	if (n->style == CHK_STYLE_BLOCK) {
		at->line += lines + 1;
		at->col = (int)(off - line_start) + 1;
		return;
	}
	at->line += lines;
	if (lines > 0)
		at->col = (int)(off - line_start) + 1;
	else
		at->col += (int)off + (n->style != CHK_STYLE_PLAIN);
}

/* Is byte off of s inside a code span?  Backtick runs open and close
 * spans of the same length, as CommonMark's. */
static int
in_code_span(const char *s, size_t off)
{
	size_t	i = 0, run, open = 0;

	while (i < off) {
		if (s[i] == '\\' && open == 0 && s[i + 1] != '\0') {
			i += 2;
			continue;
		}
		if (s[i] != '`') {
			i++;
			continue;
		}
		for (run = 0; s[i] == '`'; i++)
			run++;
		if (open == 0)
			open = run;
		else if (open == run)
			open = 0;
	}
	return open != 0;
}

/* Evaluate one {{ }} at s + off (len bytes inside) and append it. */
static int
text_one(struct rctx *r, const struct chk_node *n, size_t off, size_t len,
    enum text_kind kind, struct buf *b)
{
	const struct chk_node	*v;
	const char		*text;
	struct loc		 at;
	int			 in_code;

	text_loc(n, off, &at);
	if ((v = expr_eval(&r->ex, n->str + off, len, &at)) == NULL)
		return -1;
	if ((text = expr_to_text(&r->ex, v, &at)) == NULL)
		return -1;
	if (kind == TEXT_PLAIN) {
		buf_puts(b, text);
		return 0;
	}
	in_code = in_code_span(n->str, off);
	if (in_code && strchr(text, '`') != NULL) {
		diag_add(r->d, &at, DIAG_ERROR, "a value with a backtick ('%s') "
		    "cannot be inserted into a code span", text);
		return -1;
	}
	if (in_code)
		buf_puts(b, text);
	else
		mdtext_escape(b, text, off == 2 || n->str[off - 3] == '\n');
	return 0;
}

/*
 * The text of scalar n with every {{ expr }} replaced, from r->out; NULL
 * after a diagnostic.  Numbers and booleans are texts as written.
 */
const char *
text_resolve(struct rctx *r, const struct chk_node *n, enum text_kind kind)
{
	struct buf	 b = { 0 };
	const char	*s, *open, *close, *result = NULL;
	struct loc	 at;
	int		 bad = 0;

	if (n->kind == CHK_NODE_SEQ || n->kind == CHK_NODE_MAP) {
		diag_add(r->d, &n->loc, DIAG_ERROR, "expected a text, got %s",
		    node_kind_name(n->kind));
		return NULL;
	}
	if (strstr(n->str, "{{") == NULL)
		return arena_strndup(r->out, n->str, n->len);
	for (s = n->str; (open = strstr(s, "{{")) != NULL; s = close + 2) {
		buf_put(&b, s, (size_t)(open - s));
		if ((close = strstr(open + 2, "}}")) == NULL) {
			text_loc(n, (size_t)(open - n->str), &at);
			diag_add(r->d, &at, DIAG_ERROR, "'{{' without '}}'");
			bad = 1;
			break;
		}
		if (text_one(r, n, (size_t)(open + 2 - n->str),
		    (size_t)(close - open - 2), kind, &b) == -1)
			bad = 1;
	}
	if (!bad) {
		buf_puts(&b, s);
		result = arena_strndup(r->out, buf_str(&b), b.len);
	}
	buf_free(&b);
	return result;
}
