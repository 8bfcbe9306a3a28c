/*
 * YAML front matter, as GitHub issue templates have it:
 *
 *	---
 *	name: Release sign-off
 *	about: The form QA fills in before a release
 *	title: "[RELEASE] "
 *	labels: release, qa
 *	---
 *
 * name becomes the template's title and about its description; the
 * other keys (the title, labels, assignees) are kept in a YAML
 * comment.  cmark-gfm would read the block as a rule and a setext
 * heading, so it is blanked out of the source before parsing (the line
 * numbers stay).  A block that is not a YAML mapping is left alone.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "load/load.h"
#include "import/imp.h"

/* Lines of front matter we look at for its closing "---". */
#define FRONT_MAX_LINES	200

/* The line after the closing "---" (or "..."), 0 if there is none. */
static size_t
front_end(const struct imp *im)
{
	size_t		 l, start, n;
	const char	*p;

	if (im->len < 4 || memcmp(im->src, "---\n", 4) != 0)
		return 0;
	for (l = 1; l < im->nlines && l < FRONT_MAX_LINES; l++) {
		start = im->lines[l];
		p = im->src + start;
		n = (l + 1 < im->nlines ? im->lines[l + 1] - 1 : im->len) -
		    start;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 3 && (memcmp(p, "---", 3) == 0 ||
		    memcmp(p, "...", 3) == 0))
			return l + 1;
	}
	return 0;
}

/* A scalar as written, or a sequence's items joined by ", "; in a (the
 * import's arena: the tree's goes first). */
static const char *
front_value(struct arena *a, const struct chk_node *v)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	if (v->kind != CHK_NODE_SEQ)
		return arena_strdup(a, v->str != NULL ? v->str : "");
	for (i = 0; i < v->n; i++)
		if (v->items[i]->str != NULL)
			buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
			    v->items[i]->str);
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* name and about to the document, the rest to its comment. */
static void
front_read(struct imp *im, const struct chk_node *m)
{
	struct buf	 b = { 0 };
	const char	*k, *v;
	size_t		 i;

	for (i = 0; i < m->n; i++) {
		k = m->pairs[i].key->str;
		v = front_value(im->a, m->pairs[i].value);
		if (strcmp(k, "name") == 0 && *v != '\0')
			im->doc.title = v;
		else if (strcmp(k, "about") == 0 && *v != '\0')
			im->doc.description = v;
		else if (*v != '\0')
			buf_printf(&b, "%s%s: %s", b.len > 0 ? "; " : "", k,
			    v);
	}
	if (b.len > 0)
		im->doc.front = arena_printf(im->a, "front matter: %s",
		    buf_str(&b));
	buf_free(&b);
}

void
imp_front_matter(struct imp *im)
{
	struct arena		*a;
	struct diag		*d;
	struct chk_node		*m;
	size_t			 end = front_end(im), i, to, blank;

	if (end == 0)
		return;
	to = im->lines[end - 1];
	blank = end < im->nlines ? im->lines[end] : im->len;
	a = arena_new();
	d = diag_new();
	m = load_buffer(a, im->name, im->src + 4, to - 4, d);
	if (m != NULL && m->kind == CHK_NODE_MAP && diag_errors(d) == 0) {
		front_read(im, m);
		/* Blank the block, newlines kept, so that cmark skips it
		 * (the source is ours: load_source() made it). */
		for (i = 0; i < blank; i++)
			if (im->src[i] != '\n')
				((char *)im->src)[i] = ' ';
	}
	diag_free(d);
	arena_free(a);
}
