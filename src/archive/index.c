/*
 * index.md and index.html of an archive: every archived run, newest
 * first, with its outcome, completion and signers.  Both are made again
 * from the LOG and the bundles' bag-info.txt at every archive, so they
 * never drift from what is archived.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "emit/emit.h"
#include "archive/internal.h"

static const char	index_css[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;"
    "padding:0 1em;color:#222}table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left;"
    "vertical-align:top}th{background:#f4f4f4}.success{color:#176b2c}"
    ".failed,.rolled-back{color:#a11}.partial{color:#8a5a00}";

/* Newest first: by run date, then by LOG order. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct archive_entry	*x = a, *y = b;
	int				 c;

	c = strcmp(y->date != NULL ? y->date : "", x->date != NULL ? x->date : "");
	if (c != 0)
		return c;
	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

static const char *
or_q(const char *s)
{
	return s != NULL && *s != '\0' ? s : "?";
}

/* The .md beside a bundle (arena). */
static const char *
md_of(struct arena *a, const char *zip)
{
	size_t	n = strlen(zip);

	return n > 4 ? arena_printf(a, "%.*s.md", (int)(n - 4), zip) : zip;
}

/* A relative path as a URL: each segment percent-encoded. */
static void
url_path(struct buf *b, struct arena *a, const char *path)
{
	const char	*slash;

	while ((slash = strchr(path, '/')) != NULL) {
		emit_url_escape(b, arena_strndup(a, path, (size_t)(slash - path)));
		buf_putc(b, '/');
		path = slash + 1;
	}
	emit_url_escape(b, path);
}

static void
md_row(struct buf *b, struct arena *a, const struct archive_entry *e)
{
	const char	*cells[7] = { e->date, e->project, e->checklist,
	    e->version, e->outcome, NULL, e->signers };
	size_t		 i;

	cells[5] = e->percent != NULL ? arena_printf(a, "%s%%", e->percent) :
	    NULL;
	for (i = 0; i < 7; i++) {
		buf_puts(b, "| ");
		emit_md_escape(b, or_q(cells[i]));
		buf_putc(b, ' ');
	}
	buf_puts(b, "| [bundle](");
	url_path(b, a, e->path);
	buf_puts(b, ") · [checklist](");
	url_path(b, a, md_of(a, e->path));
	buf_puts(b, ") |\n");
}

static void
html_cell(struct buf *b, const char *s, const char *cls)
{
	buf_puts(b, "<td");
	if (cls != NULL) {
		buf_puts(b, " class=\"");
		emit_html_escape(b, cls);
		buf_putc(b, '"');
	}
	buf_putc(b, '>');
	emit_html_escape(b, or_q(s));
	buf_puts(b, "</td>");
}

static void
html_row(struct buf *b, struct arena *a, const struct archive_entry *e)
{
	buf_puts(b, "<tr>");
	html_cell(b, e->date, NULL);
	html_cell(b, e->project, NULL);
	html_cell(b, e->checklist, NULL);
	html_cell(b, e->version, NULL);
	html_cell(b, e->outcome, e->outcome);
	html_cell(b, e->percent != NULL ? arena_printf(a, "%s%%", e->percent) :
	    NULL, NULL);
	html_cell(b, e->signers, NULL);
	buf_puts(b, "<td><a href=\"");
	url_path(b, a, e->path);
	buf_puts(b, "\">bundle</a> · <a href=\"");
	url_path(b, a, md_of(a, e->path));
	buf_puts(b, "\">checklist</a></td></tr>\n");
}

static void
html_page(struct buf *b, struct arena *a, const struct archive_entry *e,
    size_t n)
{
	size_t	i;

	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src ");
	emit_csp_hash(b, index_css);
	buf_printf(b, "\">\n<title>Deployment logs</title>\n<style>%s</style>\n"
	    "</head>\n<body>\n<h1>Deployment logs</h1>\n<p>%zu archived "
	    "run%s, newest first.</p>\n<table>\n<thead><tr><th>Date</th>"
	    "<th>Project</th><th>Checklist</th><th>Version</th><th>Outcome</th>"
	    "<th>Completion</th><th>Signed by</th><th>Files</th></tr></thead>\n"
	    "<tbody>\n", index_css, n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		html_row(b, a, &e[i]);
	buf_puts(b, "</tbody>\n</table>\n</body>\n</html>\n");
}

int
archive_index(const char *dir, const struct archive_entry *entries, size_t n,
    struct diag *d)
{
	struct archive_entry	*e = xcalloc(n + 1, sizeof(*e));
	struct arena		*a = arena_new();
	struct buf		 md = { 0 }, html = { 0 };
	size_t			 i;
	int			 rc = -1;

	memcpy(e, entries, n * sizeof(*e));
	qsort(e, n, sizeof(*e), cmp_entry);
	buf_printf(&md, "# Deployment logs\n\n%zu archived run%s, newest "
	    "first.\n\n| Date | Project | Checklist | Version | Outcome | "
	    "Completion | Signed by | Files |\n|---|---|---|---|---|---|---|---|"
	    "\n", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		md_row(&md, a, &e[i]);
	html_page(&html, a, e, n);
	if (archive_write(dir, "index.md", md.data, md.len, d) == 0 &&
	    archive_write(dir, "index.html", html.data, html.len, d) == 0)
		rc = 0;
	buf_free(&md);
	buf_free(&html);
	arena_free(a);
	free(e);
	return rc;
}
