/*
 * index.md and index.html of an archive, and chkc report.  Both files
 * are made again from the LOG and what it names (report_load.c) at
 * every archive (and every report), so they never drift from what is
 * archived: index.md lists every run, newest first; index.html is the
 * report (report_html.c).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit/emit.h"
#include "archive/internal.h"

const char *
archive_md_of(struct arena *a, const char *zip)
{
	size_t	n = strlen(zip);

	return n > 4 ? arena_printf(a, "%.*s.md", (int)(n - 4), zip) : zip;
}

void
archive_url_path(struct buf *b, struct arena *a, const char *path)
{
	const char	*slash;

	while ((slash = strchr(path, '/')) != NULL) {
		emit_url_escape(b, arena_strndup(a, path, (size_t)(slash - path)));
		buf_putc(b, '/');
		path = slash + 1;
	}
	emit_url_escape(b, path);
}

/* Newest first: by run date, then by LOG order. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct report_run	*x = *(const struct report_run *const *)a;
	const struct report_run	*y = *(const struct report_run *const *)b;
	int			 c;

	c = strcmp(y->e.date != NULL ? y->e.date : "",
	    x->e.date != NULL ? x->e.date : "");
	if (c != 0)
		return c;
	return x->e.seq < y->e.seq ? 1 : x->e.seq > y->e.seq ? -1 : 0;
}

static const char *
or_q(const char *s)
{
	return s != NULL && *s != '\0' ? s : "?";
}

static void
md_row(struct buf *b, struct arena *a, const struct report_run *r)
{
	const struct archive_entry	*e = &r->e;
	const char			*cells[7] = { e->date, e->project,
	    e->checklist, e->version, e->outcome, NULL, e->signers };
	size_t				 i;

	cells[5] = e->percent != NULL ? arena_printf(a, "%s%%", e->percent) :
	    NULL;
	if (r->status != REPORT_OK)
		cells[4] = arena_printf(a, "%s: %s", r->status ==
		    REPORT_TAMPERED ? "tampered" : "unreadable", r->problem);
	for (i = 0; i < 7; i++) {
		buf_puts(b, "| ");
		emit_md_escape(b, or_q(cells[i]));
		buf_putc(b, ' ');
	}
	buf_puts(b, "| [bundle](");
	archive_url_path(b, a, e->path);
	buf_puts(b, ") · [checklist](");
	archive_url_path(b, a, archive_md_of(a, e->path));
	buf_puts(b, ") |\n");
}

void
report_md(const struct report_runs *in, struct arena *a, struct buf *b)
{
	const struct report_run	**v;
	size_t			  i, n = in->n;

	v = arena_alloc(a, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = &in->v[i];
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_entry);
	buf_printf(b, "# Deployment logs\n\n%zu archived run%s, newest "
	    "first.\n\n| Date | Project | Checklist | Version | Outcome | "
	    "Completion | Signed by | Files |\n|---|---|---|---|---|---|---|---|"
	    "\n", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		md_row(b, a, v[i]);
}

int
archive_index_report(const char *dir, const char *site,
    const struct archive_entry *entries, size_t n, size_t last,
    struct arena *a, struct report_runs *runs, struct report *r,
    struct diag *d)
{
	struct buf	md = { 0 }, html = { 0 };
	int		rc = -1;

	report_load(dir, entries, n, a, runs);
	report_compute(runs, last, a, r);
	r->site = site;
	report_md(runs, a, &md);
	report_html(r, a, &html);
	if (archive_write(dir, "index.md", md.data, md.len, d) == 0 &&
	    archive_write(dir, "index.html", html.data, html.len, d) == 0)
		rc = 0;
	/* Last: the index files are renamed into place before it. */
	report_cache_write(dir, runs);
	buf_free(&md);
	buf_free(&html);
	return rc;
}

int
archive_index(const char *dir, const char *site,
    const struct archive_entry *entries, size_t n, struct diag *d)
{
	struct arena		*a = arena_new();
	struct report_runs	 runs;
	struct report		 r;
	int			 rc;

	rc = archive_index_report(dir, site, entries, n, REPORT_LAST, a, &runs,
	    &r, d);
	arena_free(a);
	return rc;
}

/* An error for each run the report could not read. */
static int
report_errors(const char *dir, struct arena *a, const struct report *r,
    struct diag *d)
{
	struct loc	at = { NULL, 0, 0 };
	size_t		i;

	for (i = 0; i < r->nbad; i++) {
		at.file = arena_printf(a, "%s/%s", dir, r->bad[i]->e.path);
		diag_add(d, &at, DIAG_ERROR, "%s: %s (LOG line %zu; listed as "
		    "such in the report)", r->bad[i]->status == REPORT_TAMPERED ?
		    "tampered" : "unreadable", r->bad[i]->problem,
		    r->bad[i]->e.seq);
	}
	return (int)r->nbad;
}

/* The valid LOG lines as entries; an error when the chain is broken. */
static struct archive_entry *
log_entries(const char *dir, struct arena *a, const struct log *lg,
    size_t *n, struct diag *d)
{
	struct archive_entry	*e = arena_alloc(a, (lg->n + 1) * sizeof(*e));
	struct loc		 at = { NULL, 0, 1 };
	size_t			 i, bad;

	*n = 0;
	for (i = 0; i < lg->n; i++)
		if (lg->v[i].valid)
			e[(*n)++] = lg->v[i].e;
	if ((bad = log_broken(lg)) != 0) {
		at.file = arena_printf(a, "%s/%s", dir, LOG_NAME);
		at.line = (int)bad;
		diag_add(d, &at, DIAG_ERROR, "the LOG chain is broken at line "
		    "%zu; the report shows the lines that read (run 'chkc "
		    "verify %s')", bad, dir);
	}
	return e;
}

int
archive_report(const char *dir, const char *site, size_t last,
    enum report_format fmt, struct buf *out, struct diag *d)
{
	struct arena		*a = arena_new();
	struct archive_entry	*e;
	struct report_runs	 runs;
	struct report		 r;
	struct log		 lg;
	struct stat		 st;
	struct loc		 at = { dir, 0, 0 };
	size_t			 n;
	int			 fd, before = diag_errors(d), rc = -1;

	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		diag_add(d, &at, DIAG_ERROR, "no archive here");
		arena_free(a);
		return -1;
	}
	if ((fd = archive_lock(dir, 1, d)) < 0) {
		arena_free(a);
		return -1;
	}
	if (log_read(dir, a, &lg, d) == 0) {
		e = log_entries(dir, a, &lg, &n, d);
		if (archive_index_report(dir, site, e, n, last, a, &runs, &r,
		    d) == 0) {
			report_errors(dir, a, &r, d);
			if (fmt == REPORT_JSON)
				report_json(&r, out);
			else if (fmt == REPORT_TEXT)
				report_text(&r, out);
			rc = diag_errors(d) - before;
		}
	}
	archive_unlock(fd);
	arena_free(a);
	return rc;
}
