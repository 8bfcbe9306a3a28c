/*
 * The model's Markdown texts to HTML with cmark-gfm and its table,
 * strikethrough, autolink and tasklist extensions.  Options are
 * CMARK_OPT_DEFAULT, never CMARK_OPT_UNSAFE: raw HTML is replaced by a
 * comment and javascript:, vbscript:, file: and most data: URLs become
 * empty hrefs.  On top of that, links to such URLs become their text
 * and images become links, so a page makes no request.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "arena.h"
#include "buf.h"
#include "mdtext.h"
#include "emit/emit.h"

static const char *const md_extensions[] = {
	"table", "strikethrough", "autolink", "tasklist"
};

/*
 * The bytes of plain text: letters, digits, UTF-8 sequences and
 * " ,.;:!?%()/+=#'"-"; CM_MARK for those of them that cm_scan_plain()
 * looks at more closely.  A table: tests per byte were most of the
 * function's cost.
 */
#define CM_PLAIN	1
#define CM_MARK		2

static const unsigned char *
cm_plain_table(void)
{
	static unsigned char	 t[256];
	const char		*p;
	int			 c;

	if (t['a'] != 0)
		return t;
	for (c = 0; c < 256; c++)
		if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    (c >= '0' && c <= '9') || c >= 0x80)
			t[c] = CM_PLAIN;
	for (p = " ,;?%()/+=#-"; *p != '\0'; p++)
		t[(unsigned char)*p] = CM_PLAIN;
	for (p = ".:!'\""; *p != '\0'; p++)
		t[(unsigned char)*p] = CM_MARK;
	return t;
}

/*
 * Is s an inline text that cmark would render as its escaped self?
 * Letters (any script), digits, spaces and harmless punctuation,
 * starting with a letter (no list or heading marker), no "www." nor
 * "://" (autolinks: ':' alone is plain, as in "Result:").  Most titles
 * and check texts are like this; they skip the parser.  CM_PLAIN when
 * escaping would not change it either (no quote), CM_MARK when it
 * would, 0 when it is not plain.  A plain text's length, measured on
 * the way, is stored in *len.
 */
static int
cm_scan_plain(const char *s, size_t *len)
{
	const unsigned char	*t = cm_plain_table();
	const unsigned char	*p = (const unsigned char *)s;
	int			 apos = 0, colon = 0, quote = 0;

	if (!(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p >= 0x80))
		return 0;
	if (strncmp(s, "\xef\xbb\xbf", 3) == 0)	/* cmark drops a BOM */
		return 0;
	for (;; p++) {
		if (t[*p] == CM_PLAIN)
			continue;
		if (t[*p] == 0)
			break;
		if (*p == '\'')
			apos = 1;
		else if (*p == '"')
			quote = 1;
		else if (*p == '!')
			colon = 1;
		else if (*p == ':') {
			if (p[1] == '/' && p[2] == '/')
				return 0;
			colon = 1;
		} else if (p - (const unsigned char *)s >= 3 &&
		    memcmp(p - 3, "www", 3) == 0)	/* '.' */
			return 0;
	}
	if (*p != '\0' || p[-1] == ' ')
		return 0;
	/* cmark writes ' as itself, emit_html_escape() as &#39;: the same
	 * to a browser, but a text first let through with ':', '!' or a
	 * non-ASCII start keeps cmark's bytes. */
	if (apos && (*(const unsigned char *)s >= 0x80 || colon))
		return 0;
	*len = (size_t)((const char *)p - s);
	return apos || quote ? CM_MARK : CM_PLAIN;
}

/* The classes of the eight bytes at p, ANDed. */
static inline unsigned
cm_and8(const unsigned char *t, const unsigned char *p)
{
	return t[p[0]] & t[p[1]] & t[p[2]] & t[p[3]] & t[p[4]] & t[p[5]] &
	    t[p[6]] & t[p[7]];
}

/*
 * Are the n bytes at p all CM_PLAIN?  Most texts are: measured first
 * by strlen(), they are tested eight bytes a step with no branch per
 * byte, where cm_scan_plain() stops at every byte.
 */
static int
cm_all_plain(const unsigned char *t, const unsigned char *p, size_t n)
{
	unsigned	all = CM_PLAIN;
	size_t		i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			all &= t[p[i]];
		return all == CM_PLAIN;
	}
	/* The last step ends at the last byte, overlapping the one before
	 * rather than taking the rest byte by byte: a byte tested twice
	 * changes nothing. */
	for (i = 0; n - i > 8; i += 8)
		all &= cm_and8(t, p + i);
	return (all & cm_and8(t, p + n - 8)) == CM_PLAIN;
}

/* cm_scan_plain(), by cm_all_plain() when the text allows. */
static int
cm_is_plain(const char *s, size_t *len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s);

	/* The tests of cm_scan_plain() that are not about the bytes'
	 * classes: a letter first, no byte order mark, no space last. */
	if (n > 0 && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
	    (*p >= 0x80 && *p != 0xef)) && p[n - 1] != ' ' &&
	    cm_all_plain(cm_plain_table(), p, n)) {
		*len = n;
		return CM_PLAIN;
	}
	return cm_scan_plain(s, len);
}

int
emit_md_plain(const char *md, size_t *len, int fast)
{
	return fast ? cm_is_plain(md, len) : cm_scan_plain(md, len);
}

/*
 * Is url one a page must not link to?  cmark already empties these
 * hrefs; a link that goes nowhere is better shown as its text.  Tabs
 * and newlines are skipped as browsers skip them in a scheme.
 */
static int
cm_unsafe_url(const char *url)
{
	static const char *const bad[] = { "javascript", "vbscript", "file",
	    "data" };
	char		 scheme[16];
	size_t		 n = 0, i;

	for (; url != NULL && *url != '\0' && *url != ':'; url++) {
		if (*url == '\t' || *url == '\n' || *url == '\r' ||
		    (n == 0 && (unsigned char)*url <= ' '))
			continue;
		if (n + 1 >= sizeof(scheme))
			return 0;
		scheme[n++] = (char)(*url | 0x20);
	}
	if (url == NULL || *url != ':')
		return 0;
	scheme[n] = '\0';
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strcmp(scheme, bad[i]) == 0)
			return 1;
	return 0;
}

/*
 * Make node n (an image, or a link to an unsafe URL) harmless: an image
 * becomes a link to its URL with the same alt text (an image would be
 * a request, or a CSP violation, in a self-contained page); an unsafe
 * link becomes its text.
 */
static void
cm_defuse(cmark_node *n)
{
	cmark_node	*link = NULL, *c;

	if (cmark_node_get_type(n) == CMARK_NODE_IMAGE &&
	    !cm_unsafe_url(cmark_node_get_url(n))) {
		link = cmark_node_new(CMARK_NODE_LINK);
		cmark_node_set_url(link, cmark_node_get_url(n));
		cmark_node_set_title(link, cmark_node_get_title(n));
		while ((c = cmark_node_first_child(n)) != NULL)
			cmark_node_append_child(link, c);
		cmark_node_insert_before(n, link);
	} else {
		while ((c = cmark_node_first_child(n)) != NULL)
			cmark_node_insert_before(n, c);
	}
	cmark_node_free(n);
}

/* Defuse every image and unsafe link of doc.  They are collected first
 * because the tree cannot change under an iterator. */
static void
cm_defuse_all(cmark_node *doc)
{
	cmark_iter	*it;
	cmark_node	*n;
	cmark_node_type	 t;
	struct ptrvec	 v = { NULL, 0, 0 };
	size_t		 i;

	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (t == CMARK_NODE_IMAGE || (t == CMARK_NODE_LINK &&
		    cm_unsafe_url(cmark_node_get_url(n))))
			ptrvec_push(&v, n);
	}
	cmark_iter_free(it);
	for (i = 0; i < v.n; i++)
		cm_defuse(v.v[i]);
	ptrvec_free(&v);
}

/*
 * Append html with the tasklist extension's disabled checkboxes drawn
 * as ballot boxes: in a fillable page a box that cannot be ticked, has
 * no label and is not saved would only mislead.
 */
static void
cm_put(struct buf *b, const char *html, size_t len)
{
	static const char	 off[] =
	    "<input type=\"checkbox\" disabled=\"\" />";
	static const char	 on[] =
	    "<input type=\"checkbox\" checked=\"\" disabled=\"\" />";
	const char		*p, *end = html + len;

	while ((p = strstr(html, "<input type=\"checkbox\"")) != NULL &&
	    p < end) {
		buf_put(b, html, (size_t)(p - html));
		if (strncmp(p, off, sizeof(off) - 1) == 0) {
			buf_puts(b, "\xe2\x98\x90");	/* U+2610 */
			html = p + sizeof(off) - 1;
		} else if (strncmp(p, on, sizeof(on) - 1) == 0) {
			buf_puts(b, "\xe2\x98\x91");	/* U+2611 */
			html = p + sizeof(on) - 1;
		} else {
			buf_putc(b, *p);
			html = p + 1;
		}
	}
	buf_put(b, html, (size_t)(end - html));
}

/*
 * Append the rendering of a document: HTML of its blocks, or for
 * inline_only the content of its single paragraph without <p>.  A text
 * meant to be inline that cmark reads as something else ("1. Restart"
 * is a list) is shown literally instead: a list cannot sit in a label.
 */
static void
cm_render(struct buf *b, cmark_node *doc, cmark_llist *exts,
    const char *md, int inline_only)
{
	cmark_node	*first;
	char		*html;
	size_t		 len;

	first = cmark_node_first_child(doc);
	if (inline_only && first == NULL)
		return;
	if (inline_only && (cmark_node_next(first) != NULL ||
	    cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH)) {
		emit_html_escape(b, md);
		return;
	}
	html = cmark_render_html(inline_only ? first : doc, CMARK_OPT_DEFAULT,
	    exts);
	len = strlen(html);
	if (inline_only && len >= 8 && strncmp(html, "<p>", 3) == 0 &&
	    strcmp(html + len - 5, "</p>\n") == 0)
		buf_put(b, html + 3, len - 8);
	else
		cm_put(b, html, len);
	free(html);
}

/*
 * The parser, with its extensions, made once per process: a page has
 * hundreds of texts, and cmark_parser_finish() leaves the parser as
 * new (same options and extensions, no references) for the next.
 */
static cmark_parser *
cm_parser(void)
{
	static cmark_parser	*p;
	size_t			 i;

	if (p != NULL)
		return p;
	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < sizeof(md_extensions) / sizeof(md_extensions[0]); i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(md_extensions[i]));
	return p;
}

/*
 * Append the HTML of Markdown text md: blocks, or with inline_only the
 * inline content of one paragraph (for labels, headings, titles).
 * NULL appends nothing.
 */
void
emit_md_html(struct buf *b, const char *md, int inline_only)
{
	emit_md_html_refs(b, md, inline_only, NULL);
}

/*
 * Texts already rendered, by content: a shared template's texts come
 * out the same for every project that interpolates nothing into them
 * (descriptions, details, notes), and cmark-gfm was a tenth of a
 * build.  Bounded in entries and bytes; past that, texts are rendered
 * without being kept.  The emitters run on one thread.
 */
#define CM_MEMO_SLOTS	8192			/* a power of two */
#define CM_MEMO_MAX	(CM_MEMO_SLOTS / 2)
#define CM_MEMO_BYTES	(8 * 1024 * 1024)

struct cm_memo {
	char	*key;		/* inline flag, text, NUL, references */
	size_t	 keylen;
	char	*html;
	size_t	 htmllen;
};

static struct cm_memo	*cm_memo;
static size_t		 cm_nmemo, cm_memo_bytes;

/*
 * FNV-1a of s, over 8-byte words: byte by byte, each byte waited for
 * the multiply before it, and a key holds a whole text and its link
 * definitions.  The last steps fold the high bits, which every byte
 * reaches, into the low ones that pick the slot.
 */
static uint64_t
cm_memo_hash(const char *s, size_t n)
{
	const uint64_t	prime = 1099511628211ULL;
	uint64_t	h = 14695981039346656037ULL, w;
	size_t		i;

	for (i = 0; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * prime;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * prime;
	h ^= h >> 32;
	h *= prime;
	return h ^ (h >> 29);
}

/* The slot of key: its entry's, or the empty one where it would go. */
static struct cm_memo *
cm_memo_slot(const struct buf *key)
{
	uint64_t	 h;
	struct cm_memo	*m;

	if (cm_memo == NULL)
		cm_memo = xcalloc(CM_MEMO_SLOTS, sizeof(*cm_memo));
	h = cm_memo_hash(key->data, key->len);
	for (;; h++) {
		m = &cm_memo[h & (CM_MEMO_SLOTS - 1)];
		if (m->key == NULL || (m->keylen == key->len &&
		    memcmp(m->key, key->data, key->len) == 0))
			return m;
	}
}

/* Keep the HTML rendered for key, b->data from start on. */
static void
cm_memo_keep(struct cm_memo *m, const struct buf *key, const struct buf *b,
    size_t start)
{
	size_t	n = b->len - start;

	if (cm_nmemo >= CM_MEMO_MAX || cm_memo_bytes + key->len + n >
	    CM_MEMO_BYTES)
		return;
	m->key = xmalloc(key->len);
	memcpy(m->key, key->data, key->len);
	m->keylen = key->len;
	m->html = xmalloc(n + 1);
	if (n > 0)
		memcpy(m->html, b->data + start, n);
	m->htmllen = n;
	cm_nmemo++;
	cm_memo_bytes += key->len + n;
}

/* Render md through cmark-gfm, with refs (link definitions) after it. */
static void
cm_html(struct buf *b, const char *md, int inline_only, const char *refs)
{
	cmark_parser	*p = cm_parser();
	cmark_node	*doc;

	cmark_parser_feed(p, md, strlen(md));
	/* The definitions after the text: they add no node. */
	if (refs != NULL) {
		cmark_parser_feed(p, "\n\n", 2);
		cmark_parser_feed(p, refs, strlen(refs));
	}
	doc = cmark_parser_finish(p);
	cm_defuse_all(doc);
	cm_render(b, doc, cmark_parser_get_syntax_extensions(p), md,
	    inline_only);
	cmark_node_free(doc);
}

void
emit_md_html_refs(struct buf *b, const char *md, int inline_only,
    const char *refs)
{
	static struct buf	 key;	/* kept: one thread (above) */
	struct cm_memo		*m;
	size_t			 start = b->len, len;
	int			 plain;

	if (md == NULL)
		return;
	if (inline_only && (plain = cm_is_plain(md, &len)) != 0) {
		/* Most texts: as they are, with no second scan. */
		if (plain == CM_PLAIN)
			buf_put(b, md, len);
		else
			emit_html_escape(b, md);
		return;
	}
	if (refs != NULL && strchr(md, '[') == NULL)
		refs = NULL;		/* nothing can refer to them */
	buf_reset(&key);
	buf_putc(&key, inline_only ? '1' : '0');
	buf_puts(&key, md);
	buf_putc(&key, '\0');
	if (refs != NULL)
		buf_puts(&key, refs);
	if ((m = cm_memo_slot(&key))->key != NULL)
		buf_put(b, m->html, m->htmllen);
	else {
		cm_html(b, md, inline_only, refs);
		cm_memo_keep(m, &key, b, start);
	}
}

/* The link reference definitions of a block Markdown text. */
static void
cm_link_defs_text(const char *md, struct buf *refs)
{
	const char	*p, *e;

	if (md == NULL || strstr(md, "]:") == NULL)
		return;
	for (p = md; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if (mdtext_link_def(p, (size_t)(e - p))) {
			buf_put(refs, p, (size_t)(e - p));
			buf_putc(refs, '\n');
		}
	}
}

/* ... of the md blocks of a section and its subsections. */
static void
cm_link_defs_section(const struct chk_section *s, struct buf *refs)
{
	size_t	i;

	for (i = 0; i < s->nitems; i++)
		if (s->items[i]->kind == CHK_ITEM_MD)
			cm_link_defs_text(s->items[i]->text, refs);
	for (i = 0; i < s->nsections; i++)
		cm_link_defs_section(s->sections[i], refs);
}

void
emit_md_link_defs(const struct chk_list *cl, struct buf *refs)
{
	size_t	i;

	cm_link_defs_text(cl->description, refs);
	for (i = 0; i < cl->nsections; i++)
		cm_link_defs_section(cl->sections[i], refs);
}

/*
 * Append the text of Markdown md without markup, on one line (for
 * <title> and the like; the caller escapes it).
 */
void
emit_md_text(struct buf *b, const char *md)
{
	cmark_node	*doc;
	char		*text, *q;
	size_t		 len;

	if (md == NULL)
		return;
	if (cm_is_plain(md, &len)) {
		buf_put(b, md, len);
		return;
	}
	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	text = cmark_render_plaintext(doc, CMARK_OPT_DEFAULT, 0);
	for (q = text; *q != '\0'; q++)
		if (*q == '\n')
			*q = ' ';
	while (q > text && q[-1] == ' ')
		*--q = '\0';
	buf_puts(b, text);
	free(text);
	cmark_node_free(doc);
}

/*
 * Does the label md end in a colon (':' or the full-width '：' of CJK
 * text), emphasis markers and spaces aside?  "**Result:**" does: the
 * emitters then add no second colon after it.
 */
int
emit_md_colon(const char *md)
{
	size_t	n = md != NULL ? strlen(md) : 0;

	while (n > 0 && strchr(" \t*_", md[n - 1]) != NULL)
		n--;
	if (n > 0 && md[n - 1] == ':')
		return 1;
	return n >= 3 && memcmp(md + n - 3, "\xef\xbc\x9a", 3) == 0;
}
