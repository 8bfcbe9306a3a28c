/*
 * Markdown into the layout (pdf_layout.h): inline Markdown appended to
 * a rich text (emphasis, code, links, strikethrough), and blocks laid
 * out as paragraphs, headings, lists, code, quotes and tables, parsed
 * with cmark-gfm and its GFM extensions.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "arena.h"
#include "buf.h"
#include "emit/pdf_engine.h"
#include "emit/pdf_layout.h"

/* ------------------------------------------------------------------ */
/* Inlines. */

/* Parse md with the GFM extensions, and refs (may be NULL) after it,
 * so that "[the docs][docs]" links; the caller frees the tree. */
static cmark_node *
pl_md_parse(const char *md, const char *refs)
{
	static const char *const ext[] = {
		"table", "strikethrough", "autolink", "tasklist"
	};
	cmark_parser		*p;
	cmark_syntax_extension	*e;
	cmark_node		*doc;
	size_t			 i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if ((e = cmark_find_syntax_extension(ext[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	cmark_parser_feed(p, md, strlen(md));
	if (refs != NULL && strchr(md, '[') != NULL) {
		cmark_parser_feed(p, "\n\n", 2);
		cmark_parser_feed(p, refs, strlen(refs));
	}
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

static int
pl_md_is(cmark_node *n, const char *type)
{
	const char	*s = cmark_node_get_type_string(n);

	return s != NULL && strcmp(s, type) == 0;
}

/* Text that Markdown would show as it is: most check texts. */
static int
pl_md_plain(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && *p < 0x80)
		return 0;
	if (strstr(s, "www.") != NULL || strstr(s, "://") != NULL ||
	    strstr(s, "  \n") != NULL)
		return 0;
	for (; *p != '\0'; p++)
		if (strchr("*_`[]<>\\&~!|", *p) != NULL)
			return 0;
	return 1;
}

/*
 * Is url one a PDF may link to?  Only web and mail addresses: a
 * javascript:, data: or file: link (a variable can be a link's target)
 * must not become a URI action; its text stays, without the link.
 */
static int
pl_md_url_ok(const char *url)
{
	static const char *const ok[] = { "http://", "https://", "mailto:" };
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strncasecmp(url, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

/* The style an inline container adds, and the URL of a link (copied:
 * the tree goes before the text is drawn). */
static int
pl_md_style(struct pl *pl, cmark_node *n, int style, const char **url)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_EMPH:
		return style | PL_ITALIC;
	case CMARK_NODE_STRONG:
		return style | PL_BOLD;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		*url = cmark_node_get_url(n);
		*url = *url != NULL && pl_md_url_ok(*url) ?
		    arena_strdup(pl->a, *url) : NULL;
		return *url != NULL ? style | PL_LINK : style;
	default:
		return pl_md_is(n, "strikethrough") ? style | PL_STRIKE : style;
	}
}

/*
 * Append the inline content under n to t.  Blocks are flattened: each
 * paragraph or heading after the first is preceded by a space.
 */
static void
pl_md_inlines(struct pl *pl, struct pl_text *t, cmark_node *n, int style)
{
	cmark_iter		*it = cmark_iter_new(n);
	cmark_event_type	 ev;
	cmark_node		*c;
	const char		*lit, *url = NULL, *urls[64];
	int			 st[64], depth = 0, over = 0, cur = style;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		c = cmark_iter_get_node(it);
		lit = cmark_node_get_literal(c);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			pl_text_add(pl, t, lit, strlen(lit), cur, url);
			break;
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			pl_text_add(pl, t, lit, strlen(lit),
			    (cur & ~PL_BOLD) | PL_MONO | PL_CODE, url);
			break;
		case CMARK_NODE_SOFTBREAK:
			pl_text_add(pl, t, " ", 1, cur, url);
			break;
		case CMARK_NODE_LINEBREAK:
			pl_text_add(pl, t, "\n", 1, cur, url);
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER && t->n > 0)
				pl_text_add(pl, t, " ", 1, style, NULL);
			break;
		default:
			if (cmark_node_first_child(c) == NULL ||
			    (cmark_node_get_type(c) & CMARK_NODE_TYPE_MASK) !=
			    CMARK_NODE_TYPE_INLINE)
				break;
			/* deeper than 64: the style stays as it is */
			if (ev == CMARK_EVENT_ENTER && depth < 64) {
				st[depth] = cur;
				urls[depth++] = url;
				cur = pl_md_style(pl, c, cur, &url);
			} else if (ev == CMARK_EVENT_ENTER)
				over++;
			else if (over > 0)
				over--;
			else if (depth > 0) {
				cur = st[--depth];
				url = urls[depth];
			}
			break;
		}
	}
	cmark_iter_free(it);
}

void
pl_md_text(struct pl *pl, struct pl_text *t, const char *md, int style)
{
	cmark_node	*doc;

	if (md == NULL || *md == '\0')
		return;
	if (pl_md_plain(md)) {
		pl_text_add(pl, t, md, strlen(md), style, NULL);
		return;
	}
	doc = pl_md_parse(md, pl->doc->refs);
	pl_md_inlines(pl, t, doc, style);
	cmark_node_free(doc);
}

/* ------------------------------------------------------------------ */
/* Blocks. */

static void	pl_md_children(struct pl *, cmark_node *, float, float, float,
		    int, int);

/* The first text drawn since op number from: where a marker goes. */
static int
pl_md_first_text(const struct pl *pl, size_t from, struct pl_mark *m)
{
	for (; from < pl->nops; from++)
		if (pl->ops[from].k == PL_OP_TEXT) {
			m->page = pl->ops[from].page;
			m->base = pl->ops[from].y;
			m->size = pl->ops[from].size;
			return 1;
		}
	return 0;
}

static void
pl_md_list(struct pl *pl, cmark_node *list, float x, float w, float size,
    int style)
{
	cmark_node	*it;
	struct pl_text	*t;
	struct pl_mark	 m;
	char		 num[16];
	int		 n = cmark_node_get_list_start(list);
	int		 tight = cmark_node_get_list_tight(list);
	int		 ordered = cmark_node_get_list_type(list) ==
			    CMARK_ORDERED_LIST;
	float		 ind = ordered ? 2.2f * size : 1.4f * size;
	float		 minw = (pl->right - pl->left) / 3;
	size_t		 from;

	/* deep lists stop moving right: the text keeps a third of the page */
	if (w - ind < minw) {
		x = pl->right - minw - ind;
		w = minw + ind;
	}
	for (it = cmark_node_first_child(list); it != NULL;
	    it = cmark_node_next(it), n++) {
		from = pl->nops;
		pl_md_children(pl, it, x + ind, w - ind, size, style, tight);
		if (!pl_md_first_text(pl, from, &m))
			continue;
		if (pl_md_is(it, "tasklist")) {
			pl_checkbox(pl, &m, x,
			    cmark_gfm_extensions_get_tasklist_item_checked(it) ?
			    CHK_DONE : CHK_OPEN, 0);
			continue;
		}
		t = pl_text_new(pl, m.size);
		snprintf(num, sizeof(num), "%d.", n);
		pl_text_plain(pl, t, ordered ? num : "\xE2\x80\xA2", style);
		pl_text_line(pl, t, m.page, x, m.base, ind);
	}
	if (tight)
		pl_space(pl, 0.45f * size);
}

/* A GFM table: its header row bold, repeated on each page. */
static void
pl_md_table(struct pl *pl, cmark_node *tn, float x, float w, float size)
{
	struct pl_table	 tb;
	struct ptrvec	 head = { NULL, 0, 0 }, body = { NULL, 0, 0 };
	cmark_node	*row, *cell;
	struct pl_text	*t;
	size_t		 c;
	int		 ishead;

	memset(&tb, 0, sizeof(tb));
	tb.ncols = cmark_gfm_extensions_get_table_columns(tn);
	for (row = cmark_node_first_child(tn); row != NULL;
	    row = cmark_node_next(row)) {
		ishead = pl_md_is(row, "table_header") && head.n == 0;
		cell = cmark_node_first_child(row);
		for (c = 0; c < tb.ncols; c++) {
			t = pl_text_new(pl, size);
			if (cell != NULL) {
				pl_md_inlines(pl, t, cell, ishead ? PL_BOLD : 0);
				cell = cmark_node_next(cell);
			}
			ptrvec_push(ishead ? &head : &body, t);
		}
		tb.nrows += !ishead;
	}
	tb.head = (struct pl_text **)head.v;
	tb.cell = (struct pl_text **)body.v;
	pl_table(pl, &tb, x, w);
	ptrvec_free(&head);
	ptrvec_free(&body);
	pl_space(pl, 0.6f * size);
}

static void
pl_md_heading(struct pl *pl, cmark_node *n, float x, float w, float size)
{
	static const float	 scale[] = { 1.35f, 1.35f, 1.2f, 1.1f };
	int			 level = cmark_node_get_heading_level(n);
	struct pl_text		*t;

	t = pl_text_new(pl, size * scale[level < 4 ? level : 3]);
	pl_md_inlines(pl, t, n, PL_BOLD);
	pl_space(pl, 0.4f * size);
	/* keep it with three lines of what follows */
	pl_need(pl, pl_text_height(pl, t, w) + 3 * size * PL_LEAD);
	pl_text_draw(pl, t, x, w, NULL, NULL);
	pl_space(pl, 0.25f * size);
}

static void
pl_md_block(struct pl *pl, cmark_node *n, float x, float w, float size,
    int style, int tight)
{
	struct pl_text	*t;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		t = pl_text_new(pl, size);
		pl_md_inlines(pl, t, n, style);
		pl_text_draw(pl, t, x, w, NULL, NULL);
		pl_space(pl, tight ? 1 : 0.45f * size);
		break;
	case CMARK_NODE_HEADING:
		pl_md_heading(pl, n, x, w, size);
		break;
	case CMARK_NODE_LIST:
		pl_md_list(pl, n, x, w, size, style);
		break;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		pl_code(pl, cmark_node_get_literal(n), x, w);
		pl_space(pl, 0.45f * size);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (w - 10 > (pl->right - pl->left) / 3)
			x += 10, w -= 10;
		pl_md_children(pl, n, x, w, size, style | PL_MUTED |
		    PL_ITALIC, 0);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		pl_space(pl, 0.3f * size);
		pl_rule(pl, x, w, 0.5f, 0x9AA0A6);
		pl_space(pl, 0.6f * size);
		break;
	default:
		if (pl_md_is(n, "table"))
			pl_md_table(pl, n, x, w, size);
		break;
	}
}

static void
pl_md_children(struct pl *pl, cmark_node *parent, float x, float w,
    float size, int style, int tight)
{
	cmark_node	*n;

	for (n = cmark_node_first_child(parent); n != NULL;
	    n = cmark_node_next(n))
		pl_md_block(pl, n, x, w, size, style, tight);
}

void
pl_md_blocks(struct pl *pl, const char *md, float x, float width,
    float size)
{
	cmark_node	*doc;

	if (md == NULL || *md == '\0')
		return;
	doc = pl_md_parse(md, pl->doc->refs);
	pl_md_children(pl, doc, x, width, size, 0, 0);
	cmark_node_free(doc);
}
