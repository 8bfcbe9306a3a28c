/*
 * The site index: out/index.html lists every project and its
 * checklists, out/<project>/index.html one project's, each checklist
 * with its revision, its item count and a link to every format that
 * was built.  Static pages: an inline style allowed by its hash, no
 * script, no request.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "emit/emit.h"

/* Generated from src/emit/html_site.css by the Makefile. */
extern const char emit_asset_html_site_css[];

static const struct site_format {
	unsigned	 bit;
	const char	*suffix;	/* after the checklist id */
	const char	*label;
} site_formats[] = {
	{ EMIT_FMT_HTML,	".html",	"format-html" },
	{ EMIT_FMT_MD,		".md",		"format-md" },
	{ EMIT_FMT_PDF,		".pdf",		"format-pdf" },
	{ EMIT_FMT_SIGNOFF,	".signoff.pdf",	"format-signoff" },
	{ EMIT_FMT_ZIP,		".zip",		"format-zip" },
};

static const char *
site_str(const char *s)
{
	return s != NULL ? s : "";
}

static int
site_cmp(const void *a, const void *b)
{
	const struct emit_site_entry	*x, *y;
	int				 c;

	x = *(const struct emit_site_entry *const *)a;
	y = *(const struct emit_site_entry *const *)b;
	if ((c = strcmp(site_str(x->project), site_str(y->project))) != 0)
		return c;
	return strcmp(site_str(x->id), site_str(y->id));
}

/*
 * The entries of project (all when NULL) sorted by project and
 * checklist id, so the pages do not depend on the order of the
 * caller's directory walk.  The caller frees the array.
 */
static const struct emit_site_entry **
site_sort(const struct emit_site_entry *e, size_t n, const char *project,
    size_t *nout)
{
	const struct emit_site_entry	**v;
	size_t				  i;

	v = xcalloc(n + 1, sizeof(*v));
	*nout = 0;
	for (i = 0; i < n; i++)
		if (e[i].id != NULL && (project == NULL ||
		    strcmp(site_str(e[i].project), project) == 0))
			v[(*nout)++] = &e[i];
	qsort(v, *nout, sizeof(*v), site_cmp);
	return v;
}

static void
site_head(struct buf *b, const char *lang, const char *title)
{
	/* The style's CSP hash: the same on every index, so made once per
	 * process (a site has an index per project). */
	static struct buf	style_hash;

	if (style_hash.len == 0)
		emit_csp_hash(&style_hash, emit_asset_html_site_css);
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	emit_html_escape(b, lang);
	buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src ");
	buf_puts(b, buf_str(&style_hash));
	buf_puts(b, "; img-src data:; form-action 'none'; base-uri 'none'\">\n"
	    "<link rel=\"icon\" href=\"data:,\">\n<title>");
	emit_html_escape(b, title);
	buf_puts(b, "</title>\n<style>");
	buf_puts(b, emit_asset_html_site_css);
	buf_puts(b, "</style>\n</head>\n<body>\n<main>\n");
}

/* A link to dir/<checklist id><suffix>. */
static void
site_link(struct buf *b, const char *dir, const char *id, const char *suffix)
{
	buf_puts(b, "<a href=\"");
	if (dir != NULL) {
		emit_url_escape(b, dir);
		buf_putc(b, '/');
	}
	emit_url_escape(b, id);
	buf_puts(b, suffix);
	buf_puts(b, "\"");
}

/* The formats of a checklist, each a link. */
static void
site_formats_of(struct buf *b, const char *lang,
    const struct emit_site_entry *e, const char *dir)
{
	size_t	i;

	buf_puts(b, "<div class=\"formats\"><span>");
	emit_html_escape(b, emit_label(lang, "formats"));
	buf_puts(b, ":</span>\n");
	for (i = 0; i < sizeof(site_formats) / sizeof(site_formats[0]); i++) {
		if ((e->formats & site_formats[i].bit) == 0)
			continue;
		site_link(b, dir, site_str(e->id),
		    site_formats[i].suffix);
		buf_putc(b, '>');
		emit_html_escape(b, emit_label(lang, site_formats[i].label));
		buf_puts(b, "</a>\n");
	}
	buf_puts(b, "</div>\n");
}

/*
 * One checklist: its title (a link to its page when there is one),
 * revision, item count and formats.  dir is the project folder
 * relative to the index, or NULL for the project's own index.
 */
static void
site_entry(struct buf *b, const char *lang, const struct emit_site_entry *e,
    const char *dir)
{
	struct buf	 title = { NULL, 0, 0 };
	const char	*hash = site_str(e->hash);

	emit_md_text(&title, e->title != NULL ? e->title : e->id);
	buf_puts(b, "<li>");
	if (e->formats & EMIT_FMT_HTML) {
		site_link(b, dir, site_str(e->id), ".html");
		buf_puts(b, " class=\"title\">");
		emit_html_escape(b, buf_str(&title));
		buf_puts(b, "</a>");
	} else {
		buf_puts(b, "<span class=\"title\">");
		emit_html_escape(b, buf_str(&title));
		buf_puts(b, "</span>");
	}
	buf_puts(b, "\n<div class=\"facts\">");
	emit_html_escape(b, emit_label(lang, "revision"));
	buf_printf(b, " %d \xc2\xb7 %zu ", e->revision, e->nitems);
	emit_html_escape(b, emit_label(lang, "items"));
	buf_puts(b, " \xc2\xb7 <code>");
	buf_put(b, hash, strlen(hash) > 19 ? 19 : strlen(hash));
	buf_puts(b, "</code></div>\n");
	site_formats_of(b, lang, e, dir);
	buf_puts(b, "</li>\n");
	buf_free(&title);
}

/* A project's heading and its list; v[0..n) are its entries. */
static void
site_project(struct buf *b, const char *lang,
    const struct emit_site_entry **v, size_t n, int top)
{
	const char	*proj = site_str(v[0]->project);
	size_t		 i;

	if (top) {
		buf_puts(b, "<section>\n<h2><a href=\"");
		emit_url_escape(b, proj);
		buf_puts(b, "/index.html\">");
		emit_html_escape(b, v[0]->project_name != NULL ?
		    v[0]->project_name : proj);
		buf_puts(b, "</a></h2>\n");
	}
	buf_puts(b, "<ul class=\"lists\">\n");
	for (i = 0; i < n; i++)
		site_entry(b, lang, v[i], top ? proj : NULL);
	buf_puts(b, "</ul>\n");
	if (top)
		buf_puts(b, "</section>\n");
}

void
emit_site_entry_of(struct emit_site_entry *e, const struct chk_list *cl,
    unsigned formats)
{
	memset(e, 0, sizeof(*e));
	e->project = cl->project;
	e->project_name = cl->project_name;
	e->id = cl->id;
	e->title = cl->title;
	e->hash = cl->hash;
	e->lang = cl->lang;
	e->revision = cl->revision;
	e->nitems = emit_count_items(cl);
	e->formats = formats;
}

int
emit_site_index(const struct emit_site_entry *e, size_t n, struct buf *b,
    struct diag *d)
{
	const struct emit_site_entry	**v;
	size_t				  nv, i, j;

	(void)d;
	v = site_sort(e, n, NULL, &nv);
	site_head(b, "en", emit_label("en", "checklists"));
	buf_puts(b, "<h1>");
	emit_html_escape(b, emit_label("en", "checklists"));
	buf_puts(b, "</h1>\n");
	for (i = 0; i < nv; i = j) {
		for (j = i + 1; j < nv && strcmp(site_str(v[j]->project),
		    site_str(v[i]->project)) == 0; j++)
			continue;
		site_project(b, "en", v + i, j - i, 1);
	}
	buf_puts(b, "</main>\n</body>\n</html>\n");
	free(v);
	return 0;
}

int
emit_project_index(const char *project, const struct emit_site_entry *e,
    size_t n, struct buf *b, struct diag *d)
{
	const struct emit_site_entry	**v;
	const char			 *lang = "en", *name = project;
	size_t				  nv;

	(void)d;
	v = site_sort(e, n, project, &nv);
	if (nv > 0) {
		if (v[0]->lang != NULL)
			lang = v[0]->lang;
		if (v[0]->project_name != NULL)
			name = v[0]->project_name;
	}
	site_head(b, lang, name);
	buf_puts(b, "<p class=\"up\"><a href=\"../index.html\">");
	emit_html_escape(b, emit_label(lang, "projects"));
	buf_puts(b, "</a></p>\n<h1>");
	emit_html_escape(b, name);
	buf_puts(b, "</h1>\n");
	if (nv > 0)
		site_project(b, lang, v, nv, 0);
	buf_puts(b, "</main>\n</body>\n</html>\n");
	free(v);
	return 0;
}
