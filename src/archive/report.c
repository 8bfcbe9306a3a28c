/*
 * The report's figures: per project and checklist, outcomes per week
 * and per release (the runs' fields.version),
 * completion and time per run, and every item counted across the
 * revisions of its checklist (by path; an item whose path changed but
 * whose text did not is the same item, renamed), with the candidates to
 * review.  Data only: report_html.c and report_text.c draw it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "run/run.h"
#include "archive/internal.h"

const char *const report_outcomes[OUT__MAX] = {
	"success", "partial", "rolled-back", "failed", "none"
};

/* One checklist version's items mapped to the list's items. */
struct vmap {
	const struct report_version	*v;
	size_t				*item;
};

struct group {
	struct report_list	*l;
	struct arena		*a;
	const struct report_run	**runs;		/* oldest first */
	size_t			  n;
	struct vmap		 *maps;
	size_t			  nmaps;
	struct ptrvec		  items;	/* struct report_item * */
	size_t			  last;
};

int
report_outcome(const char *s)
{
	int	i;

	for (i = 0; s != NULL && i < OUT_NONE; i++)
		if (strcmp(s, report_outcomes[i]) == 0)
			return i;
	return OUT_NONE;
}

int
report_day(const char *s)
{
	char		 at[32];
	long long	 t;

	if (s == NULL || strlen(s) != 10)
		return -1;
	/* The run stage parses dates; midnight UTC of the day is a whole
	 * number of days since 1970. */
	snprintf(at, sizeof(at), "%sT00:00:00Z", s);
	if ((t = run_datetime_epoch(at)) == 0 && strcmp(s, "1970-01-01") != 0)
		return -1;
	return t < 0 || t / 86400 > 2900000 ? -1 : (int)(t / 86400);
}

const char *
report_date(struct arena *a, int day)
{
	int	z = day + 719468, era, doe, yoe, doy, mp, d, m, y;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	return arena_printf(a, "%04d-%02d-%02d", y + (m <= 2), m, d);
}

long long
report_seconds(const struct report_run *r)
{
	return r->first > 0 && r->last >= r->first ? r->last - r->first : -1;
}

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* Oldest first: by project, checklist, date, LOG order. */
static int
cmp_run(const void *a, const void *b)
{
	const struct report_run	*x = *(const struct report_run *const *)a;
	const struct report_run	*y = *(const struct report_run *const *)b;
	int			 c;

	if ((c = strcmp(or_empty(x->e.project), or_empty(y->e.project))) != 0 ||
	    (c = strcmp(or_empty(x->e.checklist), or_empty(y->e.checklist))) != 0 ||
	    (c = strcmp(or_empty(x->e.date), or_empty(y->e.date))) != 0)
		return c;
	return x->e.seq < y->e.seq ? -1 : x->e.seq > y->e.seq;
}

/* Newest first: by date, then LOG order. */
static int
cmp_newest(const void *a, const void *b)
{
	const struct report_run	*x = *(const struct report_run *const *)a;
	const struct report_run	*y = *(const struct report_run *const *)b;
	int			 c;

	if ((c = strcmp(or_empty(y->e.date), or_empty(x->e.date))) != 0)
		return c;
	return x->e.seq < y->e.seq ? 1 : x->e.seq > y->e.seq ? -1 : 0;
}

static long
find_path(const struct report_version *v, const char *path)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->paths[i], path) == 0)
			return (long)i;
	return -1;
}

static size_t
new_item(struct group *g, const char *path, const char *text)
{
	struct report_item	*it = arena_alloc(g->a, sizeof(*it));

	it->path = path;
	it->text = text;
	it->order = g->items.n;
	ptrvec_push(&g->items, it);
	return g->items.n - 1;
}

/*
 * The list item an older version's item at i counts for: the same path,
 * else a current item of the same text whose path v lacks (renamed),
 * else an item kept as removed.
 */
static size_t
map_item(struct group *g, const struct report_version *v, size_t i)
{
	const struct report_version	*cur = g->l->current;
	struct report_item		*it;
	long				 k;
	size_t				 j;

	if ((k = find_path(cur, v->paths[i])) >= 0)
		return (size_t)k;
	for (j = 0; j < cur->n; j++)
		if (strcmp(cur->texts[j], v->texts[i]) == 0 &&
		    find_path(v, cur->paths[j]) < 0) {
			it = g->items.v[j];
			if (it->renamed_from == NULL)
				it->renamed_from = v->paths[i];
			return j;
		}
	for (j = cur->n; j < g->items.n; j++) {
		it = g->items.v[j];
		if (strcmp(it->path, v->paths[i]) == 0) {
			if (v->revision > it->last_rev)
				it->last_rev = v->revision;
			return j;
		}
	}
	j = new_item(g, v->paths[i], v->texts[i]);
	it = g->items.v[j];
	it->removed = 1;
	it->last_rev = v->revision;
	return j;
}

static const struct vmap *
map_of(struct group *g, const struct report_version *v)
{
	struct vmap	*m;
	size_t		 i;

	for (i = 0; i < g->nmaps; i++)
		if (g->maps[i].v == v)
			return &g->maps[i];
	m = &g->maps[g->nmaps++];
	m->v = v;
	m->item = arena_alloc(g->a, (v->n + 1) * sizeof(size_t));
	for (i = 0; i < v->n; i++)
		m->item[i] = map_item(g, v, i);
	return m;
}

/* The current version: the highest revision, the newest run's on a tie. */
static void
pick_current(struct group *g)
{
	const struct report_version	*cur = g->runs[0]->version;
	size_t				 i;

	for (i = 1; i < g->n; i++)
		if (g->runs[i]->version->revision >= cur->revision)
			cur = g->runs[i]->version;
	g->l->current = cur;
	for (i = 0; i < cur->n; i++)
		new_item(g, cur->paths[i], cur->texts[i]);
}

/*
 * The revision each current item's text dates from: going back through
 * older versions while they have the same path with the same text.
 */
static void
changed_in(struct group *g)
{
	const struct report_version	*cur = g->l->current, *v, *best;
	struct report_item		*it;
	size_t				 i, j;
	long				 k;
	int				 rev;

	for (i = 0; i < cur->n; i++) {
		it = g->items.v[i];
		it->changed_in = rev = cur->revision;
		for (;;) {
			/* The newest version older than rev. */
			for (best = NULL, j = 0; j < g->nmaps; j++) {
				v = g->maps[j].v;
				if (v->revision < rev && (best == NULL ||
				    v->revision > best->revision))
					best = v;
			}
			if (best == NULL || (k = find_path(best, it->path)) < 0 ||
			    strcmp(best->texts[k], it->text) != 0)
				break;
			it->changed_in = rev = best->revision;
		}
	}
}

/* Count one run's states into the items. */
static void
count_run(struct group *g, const struct report_run *r, int in_last)
{
	const struct vmap	*m = map_of(g, r->version);
	struct report_item	*it;
	size_t			 i;
	int			 s;

	for (i = 0; i < m->v->n; i++) {
		it = g->items.v[m->item[i]];
		s = report_state(r->states[i]);
		it->runs++;
		it->n[s]++;
		if (in_last) {
			it->last_runs++;
			it->last_na += s == CHK_NA;
			it->last_failed += s == CHK_FAILED;
		}
		if (!it->removed && r->version->revision >= it->changed_in) {
			it->since_runs++;
			it->since_done += s == CHK_DONE;
		}
	}
}

static int
cmp_item(const void *a, const void *b)
{
	const struct report_item	*x = a, *y = b;
	size_t				 i;
	static const int		 by[] = { CHK_FAILED, CHK_NA, CHK_OPEN };

	for (i = 0; i < 3; i++)
		if (x->n[by[i]] != y->n[by[i]])
			return x->n[by[i]] > y->n[by[i]] ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
candidates(struct group *g)
{
	struct report_item	*it;
	size_t			 i;

	for (i = 0; i < g->items.n; i++) {
		it = g->items.v[i];
		if (it->removed)
			continue;
		if (it->last_runs > 0 && it->last_na * 10 >= it->last_runs * 9)
			it->cand |= CAND_NA;
		if (it->last_failed >= 3)
			it->cand |= CAND_FAILED;
		if (it->since_runs > 0 && it->since_done == 0)
			it->cand |= CAND_UNTICKED;
		g->l->ncand += it->cand != 0;
	}
}

/* Outcomes per week, from the first week with a run to the last (the
 * chart keeps the last WEEKS_MAX). */
static void
weeks(struct group *g)
{
	struct report_list	*l = g->l;
	int			 first = -1, last = -1, day, w;
	size_t			 i;

	for (i = 0; i < g->n; i++)
		if ((day = report_day(g->runs[i]->e.date)) >= 0) {
			/* 1970-01-01 was a Thursday: Monday is day 4 - 7. */
			w = day - (((day - 4) % 7 + 7) % 7);
			first = first < 0 || w < first ? w : first;
			last = w > last ? w : last;
		}
	if (first < 0)
		return;
	l->nweeks_all = (size_t)(last - first) / 7 + 1;
	if (l->nweeks_all > WEEKS_MAX)
		first = last - 7 * (WEEKS_MAX - 1);
	l->nweeks = (size_t)(last - first) / 7 + 1;
	l->weeks = arena_alloc(g->a, l->nweeks * sizeof(*l->weeks));
	for (i = 0; i < l->nweeks; i++)
		l->weeks[i].day = first + 7 * (int)i;
	for (i = 0; i < g->n; i++)
		if ((day = report_day(g->runs[i]->e.date)) >= first)
			l->weeks[(size_t)(day - first) / 7].n[report_outcome(
			    g->runs[i]->e.outcome)]++;
}

/* By version, then in the group's order (oldest first). */
static int
cmp_release(const void *a, const void *b)
{
	const struct report_run	**x = *(const struct report_run **const *)a;
	const struct report_run	**y = *(const struct report_run **const *)b;
	int			  c;

	if ((c = strcmp((*x)->e.version, (*y)->e.version)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

static int
cmp_first(const void *a, const void *b)
{
	const struct report_run	**x = *(const struct report_run **const *)a;
	const struct report_run	**y = *(const struct report_run **const *)b;

	return x < y ? -1 : x > y;
}

/* Outcomes per release: the runs that name a version, grouped by it,
 * in the order of each release's first run (the chart keeps the last
 * RELEASES_MAX). */
static void
releases(struct group *g)
{
	struct report_list	  *l = g->l;
	const struct report_run	***v, ***first;	/* into g->runs */
	size_t			   i, j, n = 0, k = 0;

	v = arena_alloc(g->a, (g->n + 1) * sizeof(*v));
	first = arena_alloc(g->a, (g->n + 1) * sizeof(*first));
	for (i = 0; i < g->n; i++)
		if (g->runs[i]->e.version != NULL && *g->runs[i]->e.version != '\0')
			v[n++] = &g->runs[i];
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_release);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp((*v[i])->e.version,
		    (*v[j])->e.version) == 0; j++)
			;
		first[k++] = v[i];
	}
	if (k > 0)
		qsort(first, k, sizeof(*first), cmp_first);
	l->nreleases_all = k;
	l->nreleases = k < RELEASES_MAX ? k : RELEASES_MAX;
	l->releases = arena_alloc(g->a, (l->nreleases + 1) *
	    sizeof(*l->releases));
	for (i = 0; i < l->nreleases; i++) {
		l->releases[i].version = (*first[k - l->nreleases + i])->e.version;
		l->releases[i].date = (*first[k - l->nreleases + i])->e.date;
	}
	/* Each run into its release: few are shown, so a scan is cheap. */
	for (i = 0; i < g->n; i++)
		for (j = 0; j < l->nreleases; j++)
			if (g->runs[i]->e.version != NULL && strcmp(
			    g->runs[i]->e.version, l->releases[j].version) == 0)
				l->releases[j].n[report_outcome(
				    g->runs[i]->e.outcome)]++;
}

/* The figures of one checklist's runs (oldest first). */
static void
group_compute(struct group *g)
{
	struct report_list	*l = g->l;
	size_t			 i;

	l->project = g->runs[0]->e.project;
	l->checklist = g->runs[0]->e.checklist;
	l->newest = g->runs[g->n - 1];
	l->nruns = g->n;
	g->maps = arena_alloc(g->a, (g->n + 1) * sizeof(*g->maps));
	pick_current(g);
	for (i = g->n; i-- > 0 && g->runs[i]->version != l->current;)
		;
	l->newest_current = g->runs[i];
	/* Map every version first: changed_in() walks them all. */
	for (i = 0; i < g->n; i++)
		map_of(g, g->runs[i]->version);
	changed_in(g);
	for (i = 0; i < g->n; i++) {
		l->outcomes[report_outcome(g->runs[i]->e.outcome)]++;
		count_run(g, g->runs[i], i + g->last >= g->n);
	}
	candidates(g);
	weeks(g);
	releases(g);
	l->nrecent = g->n < RECENT_MAX ? g->n : RECENT_MAX;
	l->recent = g->runs + (g->n - l->nrecent);
	l->nitems = g->items.n;
	l->items = arena_alloc(g->a, (l->nitems + 1) * sizeof(*l->items));
	for (i = 0; i < l->nitems; i++)
		l->items[i] = *(struct report_item *)g->items.v[i];
	qsort(l->items, l->nitems, sizeof(*l->items), cmp_item);
	ptrvec_free(&g->items);
}

static int
same_list(const struct report_run *x, const struct report_run *y)
{
	return strcmp(or_empty(x->e.project), or_empty(y->e.project)) == 0 &&
	    strcmp(or_empty(x->e.checklist), or_empty(y->e.checklist)) == 0;
}

/* Every run, newest first, but at most TABLE_MAX readable ones: the
 * runs that could not be read are always listed. */
static void
run_table(const struct report_runs *in, struct arena *a, struct report *r)
{
	const struct report_run	**all;
	size_t			  i, ok = 0;

	all = arena_alloc(a, (in->n + 1) * sizeof(*all));
	for (i = 0; i < in->n; i++)
		all[i] = &in->v[i];
	if (in->n > 0)
		qsort(all, in->n, sizeof(*all), cmp_newest);
	r->table = arena_alloc(a, (in->n + 1) * sizeof(*r->table));
	for (i = 0; i < in->n; i++)
		if (all[i]->status != REPORT_OK || ok++ < TABLE_MAX)
			r->table[r->ntable++] = all[i];
}

void
report_compute(const struct report_runs *in, size_t last, struct arena *a,
    struct report *r)
{
	const struct report_run	**ok;
	struct group		  g;
	size_t			  i, j, nok = 0;

	memset(r, 0, sizeof(*r));
	r->last = last;
	r->nruns = in->n;
	ok = arena_alloc(a, (in->n + 1) * sizeof(*ok));
	r->bad = arena_alloc(a, (in->n + 1) * sizeof(*r->bad));
	r->lists = arena_alloc(a, (in->n + 1) * sizeof(*r->lists));
	for (i = 0; i < in->n; i++)
		if (in->v[i].status == REPORT_OK)
			ok[nok++] = &in->v[i];
		else
			r->bad[r->nbad++] = &in->v[i];
	if (nok > 0)
		qsort(ok, nok, sizeof(*ok), cmp_run);
	for (i = 0; i < nok; i = j) {
		for (j = i + 1; j < nok && same_list(ok[i], ok[j]); j++)
			;
		memset(&g, 0, sizeof(g));
		g.l = &r->lists[r->nlists++];
		g.a = a;
		g.runs = ok + i;
		g.n = j - i;
		g.last = last;
		group_compute(&g);
	}
	run_table(in, a, r);
}
