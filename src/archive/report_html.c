/*
 * The archive's index.html: per project and checklist, the candidates
 * to review, outcomes per week and per release, completion and time per run (inline
 * SVG drawn here: no script, nothing fetched, one style sheet whose
 * hash is the page's whole Content-Security-Policy), the items by how
 * often they failed, were N/A or left open; then the newest runs and
 * every run that could not be read.  Each chart is an image with a
 * title and a description for screen readers, and its figures are a
 * table below it, so the page reads in print and without colour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "emit/emit.h"
#include "archive/internal.h"

static const char	page_css[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;"
    "padding:0 1em;color:#222}table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left;"
    "vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}.date{white-space:nowrap}"
    ".success{color:#176b2c}.failed,.rolled-back,.bad{color:#a11}"
    ".partial{color:#8a5a00}.scroll{overflow-x:auto}"
    "section{border-top:2px solid #ccc;margin-top:2em}"
    "svg{width:100%;height:auto;max-width:48em;min-width:30em;display:block}"
    "svg text{font:10px system-ui,sans-serif;fill:#222}"
    "svg .grid{stroke:#bbb;stroke-width:.5}"
    ".k0{fill:#1b6e2f}.k1{fill:#e6a700}.k2{fill:#6a3d9a}.k3{fill:#c0392b}"
    ".k4{fill:#9e9e9e}.kc{fill:#3b6ea5}.kt{fill:#4f8f7f}"
    ".key .ki{white-space:nowrap}"
    ".key .ki span{display:inline-block;width:.9em;height:.9em;"
    "margin:0 .3em 0 1em;vertical-align:-.1em;border:1px solid #222}"
    ".key .k0{background:#1b6e2f}"
    ".key .k1{background:#e6a700}.key .k2{background:#6a3d9a}"
    ".key .k3{background:#c0392b}.key .k4{background:#9e9e9e}"
    "code{font-size:.9em;overflow-wrap:anywhere}figure{margin:1em 0}"
    "figcaption{font-size:.9em;color:#444}"
    "@media print{body{margin:0;max-width:none}*{print-color-adjust:exact;"
    "-webkit-print-color-adjust:exact}figure,tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}.scroll{overflow:visible}}";

static const char *const outcome_names[OUT__MAX] = {
	"Success", "Partial", "Rolled back", "Failed", "No outcome"
};

/* A bar chart: ncols bars of nseries stacked values. */
struct chart {
	const char	 *id;		/* unique in the page */
	const char	 *title, *desc;
	size_t		  ncols, nseries;
	const double	 *v;		/* ncols * nseries */
	const char	**labels;	/* under the bars, NULL to skip */
	const char	 *cls;		/* series class: k0, k1 ... or kc */
	const char	 *unit;		/* on the axis */
	int		  whole;	/* counts: whole numbers on the axis */
};

#define CH_LEFT		40
#define CH_TOP		10
#define CH_HEIGHT	140
#define CH_BOTTOM	30

static void
text(struct buf *b, const char *s)
{
	emit_html_escape(b, s != NULL && *s != '\0' ? s : "?");
}

/* A round top for the axis: 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power
 * of ten, so the bars fill most of the height. */
static double
nice_max(double m)
{
	static const double	steps[] = { 1, 1.5, 2, 3, 4, 5, 6, 8, 10 };
	double			p = 1;
	size_t			i;

	if (m <= 0)
		return 1;
	while (p * 10 <= m)
		p *= 10;
	while (p > m)
		p /= 10;
	for (i = 0; m > steps[i] * p; i++)
		;
	return steps[i] * p;
}

static void
chart_axis(struct buf *b, const struct chart *c, double top, int width)
{
	int	i;

	for (i = 0; i <= 2; i++)
		buf_printf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%d\" "
		    "y2=\"%d\"/><text x=\"%d\" y=\"%d\" text-anchor=\"end\">"
		    "%g%s</text>\n", CH_LEFT, width, CH_TOP + CH_HEIGHT * i / 2,
		    CH_TOP + CH_HEIGHT * i / 2, CH_LEFT - 4,
		    CH_TOP + CH_HEIGHT * i / 2 + 3, top * (2 - i) / 2,
		    c->unit);
}

static void
chart_bars(struct buf *b, const struct chart *c, double top, int bw)
{
	size_t	i, s, every = c->ncols / 8 + 1;
	double	y, h;
	int	x;

	for (i = 0; i < c->ncols; i++) {
		x = CH_LEFT + (int)i * bw + 1;
		for (y = CH_TOP + CH_HEIGHT, s = 0; s < c->nseries; s++) {
			h = c->v[i * c->nseries + s] * CH_HEIGHT / top;
			if (h <= 0)
				continue;
			y -= h;
			if (c->nseries > 1)
				buf_printf(b, "<rect class=\"k%zu\"", s);
			else
				buf_printf(b, "<rect class=\"%s\"", c->cls);
			buf_printf(b, " x=\"%d\" y=\"%.1f\" width=\"%d\" "
			    "height=\"%.1f\"/>\n", x, y, bw - 2, h);
		}
		if (c->labels != NULL && i % every == 0) {
			buf_printf(b, "<text x=\"%d\" y=\"%d\">", x,
			    CH_TOP + CH_HEIGHT + 14);
			text(b, c->labels[i]);
			buf_puts(b, "</text>\n");
		}
	}
}

/* The chart as an image whose name and description are its title and
 * a summary of its figures. */
static void
chart(struct buf *b, const struct chart *c)
{
	double	m = 0, sum;
	size_t	i, s;
	int	bw, width;

	for (i = 0; i < c->ncols; i++) {
		for (sum = 0, s = 0; s < c->nseries; s++)
			sum += c->v[i * c->nseries + s];
		m = sum > m ? sum : m;
	}
	m = nice_max(m);
	/* The middle line of a count axis is a whole number too. */
	if (c->whole && (long)m % 2 != 0)
		m = (double)((long)m + 1);
	bw = c->ncols > 0 && c->ncols < 40 ? 600 / (int)c->ncols : 15;
	bw = bw > 48 ? 48 : bw;
	width = CH_LEFT + bw * (int)c->ncols + 10;
	/* Below 30em the chart scrolls sideways rather than shrink its
	 * labels out of reach. */
	buf_puts(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
	    "aria-label=\"");
	emit_html_escape(b, c->title);
	buf_puts(b, "\">\n");
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	    "%d %d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n<title id=\""
	    "%s-t\">", width, CH_TOP + CH_HEIGHT + CH_BOTTOM, c->id, c->id,
	    c->id);
	text(b, c->title);
	buf_printf(b, "</title>\n<desc id=\"%s-d\">", c->id);
	text(b, c->desc);
	buf_puts(b, "</desc>\n");
	chart_axis(b, c, m, width - 10);
	chart_bars(b, c, m, bw);
	buf_puts(b, "</svg>\n</div>\n");
}

/* The chart with its title shown above it. */
static void
figure(struct buf *b, const struct chart *c)
{
	buf_puts(b, "<figure>\n<figcaption>");
	text(b, c->title);
	buf_puts(b, "</figcaption>\n");
	chart(b, c);
	buf_puts(b, "</figure>\n");
}

/* A table in a box that scrolls sideways on a narrow screen (focusable,
 * so a keyboard can scroll it). */
static void
table_open(struct buf *b, const char *label, const char *const *heads,
    size_t n)
{
	size_t	i;

	buf_puts(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
	    "aria-label=\"");
	emit_html_escape(b, label);
	buf_puts(b, "\">\n<table>\n<thead><tr>");
	for (i = 0; i < n; i++)
		buf_printf(b, "<th scope=\"col\">%s</th>", heads[i]);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
}

static void
table_close(struct buf *b)
{
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* --------------------------------------------------------- sections */

/* The columns of an outcomes chart: weeks or releases. */
struct spans {
	const char	 *what;		/* "week", "release" */
	const char	 *head;		/* of the table's first column */
	size_t		  n, nall;
	const char	**labels;	/* under the bars */
	const char	**names;	/* in the table and the description */
	const size_t	(*counts)[OUT__MAX];
};

static void
outcomes_chart(struct buf *b, struct arena *a, const struct report_list *l,
    const struct spans *sp, const char *id)
{
	struct chart	 c = { 0 };
	double		*v = arena_alloc(a, (sp->n + 1) * OUT__MAX * sizeof(*v));
	struct buf	 d = { 0 };
	size_t		 i, s;

	for (i = 0; i < sp->n; i++)
		for (s = 0; s < OUT__MAX; s++)
			v[i * OUT__MAX + s] = (double)sp->counts[i][s];
	buf_printf(&d, "Runs per %s, %zu %s%s from %s: ", sp->what, sp->n,
	    sp->what, plural(sp->n), sp->n > 0 ? sp->names[0] : "?");
	for (s = 0; s < OUT__MAX; s++)
		buf_printf(&d, "%s%zu %s", s > 0 ? ", " : "", l->outcomes[s],
		    outcome_names[s]);
	buf_puts(&d, " in all.");
	c.id = id;
	c.title = arena_printf(a, "Outcomes per %s", sp->what);
	c.desc = buf_str(&d);
	c.ncols = sp->n;
	c.nseries = OUT__MAX;
	c.v = v;
	c.labels = sp->labels;
	c.unit = "";
	c.whole = 1;
	buf_puts(b, "<figure>\n");
	chart(b, &c);
	buf_printf(b, "<figcaption class=\"key\">Per %s:", sp->what);
	for (s = 0; s < OUT__MAX; s++)
		buf_printf(b, " <span class=\"ki\"><span class=\"k%zu\"></span>"
		    "%s</span>", s, outcome_names[s]);
	if (sp->n < sp->nall)
		buf_printf(b, " (the last %zu of %zu %ss)", sp->n, sp->nall,
		    sp->what);
	buf_puts(b, "</figcaption>\n</figure>\n");
	buf_free(&d);
}

static void
outcomes_table(struct buf *b, struct arena *a, const struct spans *sp)
{
	const char	*heads[] = { sp->head, "Success", "Partial",
	    "Rolled back", "Failed", "No outcome" };
	const char	*title = arena_printf(a, "Outcomes per %s", sp->what);
	size_t		 i, s;

	buf_printf(b, "<details><summary>%s, as a table</summary>\n", title);
	table_open(b, title, heads, 6);
	for (i = 0; i < sp->n; i++) {
		buf_puts(b, "<tr><td>");
		text(b, sp->names[i]);
		buf_puts(b, "</td>");
		for (s = 0; s < OUT__MAX; s++)
			buf_printf(b, "<td class=\"n\">%zu</td>", sp->counts[i][s]);
		buf_puts(b, "</tr>\n");
	}
	table_close(b);
	buf_puts(b, "</details>\n");
}

/* Outcomes per week, then per release when runs name versions. */
static void
outcomes(struct buf *b, struct arena *a, const struct report_list *l,
    size_t k)
{
	struct spans	 sp;
	size_t		 i, n = l->nweeks > l->nreleases ? l->nweeks :
			    l->nreleases;
	size_t		(*counts)[OUT__MAX] = arena_alloc(a, (n + 1) *
			    sizeof(*counts));

	sp.labels = arena_alloc(a, (n + 1) * sizeof(char *));
	sp.names = arena_alloc(a, (n + 1) * sizeof(char *));
	sp.counts = (const size_t (*)[OUT__MAX])counts;
	sp.what = "week";
	sp.head = "Week of";
	sp.n = l->nweeks;
	sp.nall = l->nweeks_all;
	for (i = 0; i < l->nweeks; i++) {
		sp.names[i] = report_date(a, l->weeks[i].day);
		sp.labels[i] = sp.names[i] + 5;
		memcpy(counts[i], l->weeks[i].n, sizeof(counts[i]));
	}
	outcomes_chart(b, a, l, &sp, arena_printf(a, "c%zu-out", k));
	outcomes_table(b, a, &sp);
	if (l->nreleases == 0)
		return;
	sp.what = "release";
	sp.head = "Version";
	sp.n = l->nreleases;
	sp.nall = l->nreleases_all;
	for (i = 0; i < l->nreleases; i++) {
		sp.names[i] = sp.labels[i] = l->releases[i].version;
		memcpy(counts[i], l->releases[i].n, sizeof(counts[i]));
	}
	outcomes_chart(b, a, l, &sp, arena_printf(a, "c%zu-rel", k));
	outcomes_table(b, a, &sp);
}

/* "12 min", "1 h 05 min", "3 d 4 h" */
static const char *
duration(struct arena *a, long long s)
{
	if (s < 0)
		return "?";
	if (s < 3600)
		return arena_printf(a, "%lld min", (s + 30) / 60);
	if (s < 86400)
		return arena_printf(a, "%lld h %02lld min", s / 3600,
		    (s % 3600) / 60);
	return arena_printf(a, "%lld d %lld h", s / 86400, (s % 86400) / 3600);
}

static void
recent_charts(struct buf *b, struct arena *a, const struct report_list *l,
    size_t k)
{
	struct chart	 c = { 0 };
	double		*pc = arena_alloc(a, (l->nrecent + 1) * sizeof(double));
	double		*mn = arena_alloc(a, (l->nrecent + 1) * sizeof(double));
	const char	**lab = arena_alloc(a, (l->nrecent + 1) * sizeof(char *));
	double		 sum = 0, tsum = 0;
	size_t		 i, nt = 0;
	long long	 s;

	for (i = 0; i < l->nrecent; i++) {
		pc[i] = l->recent[i]->e.percent != NULL ?
		    atof(l->recent[i]->e.percent) : 0;
		sum += pc[i];
		if ((s = report_seconds(l->recent[i])) >= 0) {
			mn[i] = (double)s / 60;
			tsum += mn[i];
			nt++;
		}
		lab[i] = l->recent[i]->e.date != NULL &&
		    strlen(l->recent[i]->e.date) == 10 ?
		    l->recent[i]->e.date + 5 : "?";
	}
	c.ncols = l->nrecent;
	c.nseries = 1;
	c.labels = lab;
	c.id = arena_printf(a, "c%zu-pc", k);
	c.title = "Completion of each run";
	c.desc = arena_printf(a, "The last %zu run%s: completion %.0f%% on "
	    "average.", l->nrecent, plural(l->nrecent),
	    l->nrecent > 0 ? sum / (double)l->nrecent : 0);
	c.v = pc;
	c.cls = "kc";
	c.unit = "%";
	figure(b, &c);
	c.id = arena_printf(a, "c%zu-tm", k);
	c.title = "Minutes from the first to the last tick of each run";
	c.desc = nt == 0 ? "No run has times." : arena_printf(a, "The last "
	    "%zu run%s: %.0f minutes on average from the first to the last "
	    "tick (%zu with times).", l->nrecent, plural(l->nrecent),
	    tsum / (double)nt, nt);
	c.v = mn;
	c.cls = "kt";
	c.unit = "";
	figure(b, &c);
}

static void
recent_table(struct buf *b, struct arena *a, const struct report_list *l)
{
	static const char *const heads[] = { "Date", "Version", "Outcome",
	    "Completion", "First to last tick" };
	const struct report_run	*r;
	size_t			 i;

	buf_puts(b, "<details><summary>Completion and time, as a table"
	    "</summary>\n");
	table_open(b, "Completion and time of the last runs", heads, 5);
	for (i = l->nrecent; i-- > 0;) {
		r = l->recent[i];
		buf_puts(b, "<tr><td>");
		text(b, r->e.date);
		buf_puts(b, "</td><td>");
		text(b, r->e.version);
		buf_puts(b, "</td><td>");
		text(b, r->e.outcome);
		buf_puts(b, "</td><td class=\"n\">");
		text(b, r->e.percent);
		buf_printf(b, "%%</td><td class=\"n\">%s</td></tr>\n",
		    duration(a, report_seconds(r)));
	}
	table_close(b);
	buf_puts(b, "</details>\n");
}

/* Why an item is a candidate, in words (arena). */
static const char *
why(struct arena *a, const struct report_item *it)
{
	struct buf	 b = { 0 };
	const char	*s;

	if (it->cand & CAND_NA)
		buf_printf(&b, "N/A in %zu of the last %zu runs", it->last_na,
		    it->last_runs);
	if (it->cand & CAND_FAILED)
		buf_printf(&b, "%sfailed in %zu of the last %zu runs",
		    b.len > 0 ? "; " : "", it->last_failed, it->last_runs);
	if (it->cand & CAND_UNTICKED)
		buf_printf(&b, "%snot ticked in any of the %zu run%s since "
		    "revision %d", b.len > 0 ? "; " : "", it->since_runs,
		    plural(it->since_runs), it->changed_in);
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The item's text, linked to its anchor in the current checklist's
 * page (emit/html.c: id="i-<path>"), or without a site, to the filled
 * Markdown beside the newest bundle made from it. */
static void
item_link(struct buf *b, struct arena *a, const struct report *r,
    const struct report_list *l, const struct report_item *it)
{
	if (it->removed) {
		text(b, it->text);
		return;
	}
	buf_puts(b, "<a href=\"");
	if (r->site != NULL) {
		emit_html_escape(b, r->site);
		buf_putc(b, '/');
		archive_url_path(b, a, arena_printf(a, "%s/%s.html", l->project,
		    l->checklist));
		buf_puts(b, "#i-");
		emit_url_escape(b, it->path);
	} else
		archive_url_path(b, a, archive_md_of(a,
		    l->newest_current->e.path));
	buf_puts(b, "\">");
	text(b, it->text);
	buf_puts(b, "</a>");
}

static void
candidates(struct buf *b, struct arena *a, const struct report *r,
    const struct report_list *l)
{
	const struct report_item	*it;
	size_t				 i;

	buf_printf(b, "<h3>Candidates to review</h3>\n<p>Items N/A in at least "
	    "90%% or failed in at least 3 of the last %zu runs, and items no "
	    "run has ticked since their revision.</p>\n", r->last);
	if (l->ncand == 0) {
		buf_puts(b, "<p>None.</p>\n");
		return;
	}
	buf_puts(b, "<ul>\n");
	for (i = 0; i < l->nitems; i++) {
		if ((it = &l->items[i])->cand == 0)
			continue;
		buf_puts(b, "<li>");
		item_link(b, a, r, l, it);
		buf_puts(b, " <code>");
		text(b, it->path);
		buf_printf(b, "</code>: %s</li>\n", why(a, it));
	}
	buf_puts(b, "</ul>\n");
}

static void
item_row(struct buf *b, struct arena *a, const struct report *r,
    const struct report_list *l, const struct report_item *it)
{
	buf_puts(b, "<tr><td>");
	item_link(b, a, r, l, it);
	buf_puts(b, "<br><code>");
	text(b, it->path);
	buf_puts(b, "</code>");
	if (it->renamed_from != NULL) {
		buf_puts(b, " (renamed from <code>");
		text(b, it->renamed_from);
		buf_puts(b, "</code>)");
	}
	if (it->removed)
		buf_printf(b, " (removed after revision %d)", it->last_rev);
	buf_puts(b, "</td><td class=\"n\">");
	if (!it->removed)
		buf_printf(b, "%d", it->changed_in);
	else
		buf_puts(b, "–");
	buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
	    "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">"
	    "%zu</td></tr>\n", it->runs, it->n[CHK_FAILED], it->n[CHK_NA],
	    it->n[CHK_OPEN], it->n[CHK_DONE]);
}

static void
items_table(struct buf *b, struct arena *a, const struct report *r,
    const struct report_list *l)
{
	static const char *const heads[] = { "Item", "Changed in", "Runs",
	    "Failed", "N/A", "Left open", "Done" };
	size_t	i;

	buf_puts(b, "<h3>Items</h3>\n<p>Most often failed first, then N/A, "
	    "then left open; counted by path over every revision. "
	    "Changed in: the revision its text dates from.</p>\n");
	table_open(b, arena_printf(a, "Items of %s/%s", l->project,
	    l->checklist), heads, 7);
	for (i = 0; i < l->nitems; i++)
		item_row(b, a, r, l, &l->items[i]);
	table_close(b);
}

static void
list_section(struct buf *b, struct arena *a, const struct report *r,
    size_t k)
{
	const struct report_list	*l = &r->lists[k];

	buf_printf(b, "<section id=\"c%zu\" aria-labelledby=\"c%zu-h\">\n"
	    "<h2 id=\"c%zu-h\">", k, k, k);
	text(b, l->project);
	buf_puts(b, " / ");
	text(b, l->checklist);
	buf_printf(b, "</h2>\n<p>%zu run%s; current revision %d (", l->nruns,
	    plural(l->nruns), l->current->revision);
	buf_puts(b, "<code>");
	text(b, l->current->hash);
	buf_puts(b, "</code>); newest: <a href=\"");
	archive_url_path(b, a, archive_md_of(a, l->newest->e.path));
	buf_puts(b, "\">");
	text(b, l->newest->e.version);
	buf_puts(b, ", ");
	text(b, l->newest->e.date);
	buf_puts(b, "</a>.</p>\n");
	candidates(b, a, r, l);
	buf_puts(b, "<h3>Outcomes over time</h3>\n");
	outcomes(b, a, l, k);
	buf_printf(b, "<h3>Completion and time, last %zu run%s</h3>\n",
	    l->nrecent, plural(l->nrecent));
	recent_charts(b, a, l, k);
	recent_table(b, a, l);
	items_table(b, a, r, l);
	buf_puts(b, "</section>\n");
}

static void
cell(struct buf *b, const char *s, const char *cls)
{
	buf_puts(b, "<td");
	if (cls != NULL) {
		buf_puts(b, " class=\"");
		emit_html_escape(b, cls);
		buf_putc(b, '"');
	}
	buf_putc(b, '>');
	text(b, s);
	buf_puts(b, "</td>");
}

static void
run_row(struct buf *b, struct arena *a, const struct report_run *r)
{
	const struct archive_entry	*e = &r->e;

	buf_puts(b, "<tr>");
	cell(b, e->date, "date");
	cell(b, e->project, NULL);
	cell(b, e->checklist, NULL);
	cell(b, e->version, NULL);
	if (r->status == REPORT_OK)
		cell(b, e->outcome, e->outcome);
	else
		cell(b, arena_printf(a, "%s: %s", r->status == REPORT_TAMPERED ?
		    "tampered" : "unreadable", r->problem), "bad");
	cell(b, e->percent != NULL ? arena_printf(a, "%s%%", e->percent) :
	    NULL, NULL);
	cell(b, e->signers, NULL);
	buf_puts(b, "<td><a href=\"");
	archive_url_path(b, a, e->path);
	buf_puts(b, "\">bundle</a> · <a href=\"");
	archive_url_path(b, a, archive_md_of(a, e->path));
	buf_puts(b, "\">checklist</a></td></tr>\n");
}

static void
bad_runs(struct buf *b, struct arena *a, const struct report *r)
{
	static const char *const heads[] = { "LOG line", "Bundle", "Problem" };
	const struct report_run	*x;
	size_t			 i;

	if (r->nbad == 0)
		return;
	buf_printf(b, "<section id=\"unread\" aria-labelledby=\"unread-h\">\n"
	    "<h2 id=\"unread-h\" class=\"bad\">%zu run%s could not be read"
	    "</h2>\n<p>They are not in the figures above; <code>chkc verify"
	    "</code> names what is wrong.</p>\n", r->nbad, plural(r->nbad));
	table_open(b, "Runs that could not be read", heads, 3);
	for (i = 0; i < r->nbad; i++) {
		x = r->bad[i];
		buf_printf(b, "<tr><td class=\"n\">%zu</td><td><a href=\"",
		    x->e.seq);
		archive_url_path(b, a, x->e.path);
		buf_puts(b, "\">");
		text(b, x->e.path);
		buf_puts(b, "</a></td>");
		cell(b, arena_printf(a, "%s: %s", x->status == REPORT_TAMPERED ?
		    "tampered" : "unreadable", x->problem), "bad");
		buf_puts(b, "</tr>\n");
	}
	table_close(b);
	buf_puts(b, "</section>\n");
}

static void
runs_section(struct buf *b, struct arena *a, const struct report *r)
{
	static const char *const heads[] = { "Date", "Project", "Checklist",
	    "Version", "Outcome", "Completion", "Signed by", "Files" };
	size_t	i;

	buf_printf(b, "<section id=\"runs\" aria-labelledby=\"runs-h\">\n"
	    "<h2 id=\"runs-h\">Runs</h2>\n<p>");
	if (r->ntable < r->nruns)
		buf_printf(b, "The newest %d of %zu runs (and every run that "
		    "could not be read); <a href=\"index.md\">index.md</a> lists "
		    "them all.", TABLE_MAX, r->nruns);
	else
		buf_printf(b, "%zu archived run%s, newest first.", r->nruns,
		    plural(r->nruns));
	buf_puts(b, "</p>\n");
	table_open(b, "Runs", heads, 8);
	for (i = 0; i < r->ntable; i++)
		run_row(b, a, r->table[i]);
	table_close(b);
	buf_puts(b, "</section>\n");
}

static void
head(struct buf *b, const struct report *r)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src ");
	emit_csp_hash(b, page_css);
	buf_printf(b, "\">\n<title>Deployment logs</title>\n<style>%s</style>\n"
	    "</head>\n<body>\n<main>\n<h1>Deployment logs</h1>\n<p>%zu archived "
	    "run%s", page_css, r->nruns, plural(r->nruns));
	if (r->nbad > 0)
		buf_printf(b, ", <a class=\"bad\" href=\"#unread\">%zu of them "
		    "could not be read</a>", r->nbad);
	buf_printf(b, ". Candidates to review are judged on the last %zu runs "
	    "of each checklist.</p>\n", r->last);
}

void
report_html(const struct report *r, struct arena *a, struct buf *b)
{
	size_t	k;

	head(b, r);
	if (r->nlists > 0) {
		buf_puts(b, "<nav aria-label=\"Checklists\">\n<ul>\n");
		for (k = 0; k < r->nlists; k++) {
			buf_printf(b, "<li><a href=\"#c%zu\">", k);
			text(b, r->lists[k].project);
			buf_puts(b, " / ");
			text(b, r->lists[k].checklist);
			buf_printf(b, "</a>: %zu run%s, %zu candidate%s to "
			    "review</li>\n", r->lists[k].nruns,
			    plural(r->lists[k].nruns), r->lists[k].ncand,
			    plural(r->lists[k].ncand));
		}
		buf_puts(b, "</ul>\n</nav>\n");
	}
	bad_runs(b, a, r);
	for (k = 0; k < r->nlists; k++)
		list_section(b, a, r, k);
	runs_section(b, a, r);
	buf_puts(b, "</main>\n</body>\n</html>\n");
}
