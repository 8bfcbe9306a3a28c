/*
 * What chkc serve rebuilds after a change (serve.h).  Correct before
 * quick: whatever the plan cannot pin to the checklists of the last
 * good build (a file made or removed, a directory, lost events, a
 * failed build) makes it build everything, as chkc build would.
 *
 * Paths are compared as real paths: the watch names files by the
 * directories it was given, a build by the paths it resolved.
 */
#define _XOPEN_SOURCE	700	/* realpath() is XSI */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "chkc.h"
#include "emit/emit.h"
#include "serve/serve.h"

/* A checklist of a build, with what it was made from. */
struct entry {
	char			*project_file;	/* real path */
	char			*project_path;	/* as the build named it */
	char			*id;
	char			**src;
	size_t			 nsrc;
	char			*source0;	/* as the build named it */
	struct emit_site_entry	 e;		/* its strings malloc'ed */
};

struct table {
	struct entry	*v;
	size_t		 n, cap;
};

struct serve_plan {
	struct table		 cur;		/* the last good build */
	struct table		 next;		/* the build under way */
	int			 full;		/* build everything next */
	char			**changed;
	size_t			 nchanged, capchanged;
	/* The build planned, and what it keeps as it is. */
	int			 planned_full;
	unsigned char		*rebuilt;	/* per entry of cur */
	struct serve_target	*t;
	size_t			 nt;
	struct serve_list	*kept;
};

/* The real path of path, or of its directory when it is gone. */
static char *
real(const char *path)
{
	char	*r, *copy, *dir, *res;

	if (path == NULL)
		return NULL;
	if ((r = realpath(path, NULL)) != NULL)
		return r;
	copy = xstrdup(path);
	dir = realpath(dirname(copy), NULL);
	free(copy);
	if (dir == NULL)
		return xstrdup(path);
	copy = xstrdup(path);
	res = xmalloc(strlen(dir) + strlen(copy) + 2);
	sprintf(res, "%s/%s", dir, basename(copy));
	free(copy);
	free(dir);
	return res;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
entry_free(struct entry *x)
{
	size_t	i;

	for (i = 0; i < x->nsrc; i++)
		free(x->src[i]);
	free(x->src);
	free(x->project_file);
	free(x->project_path);
	free(x->id);
	free(x->source0);
	free((char *)x->e.project);
	free((char *)x->e.project_name);
	free((char *)x->e.id);
	free((char *)x->e.title);
	free((char *)x->e.hash);
	free((char *)x->e.lang);
}

static void
table_clear(struct table *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		entry_free(&t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static struct entry *
table_push(struct table *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	return &t->v[t->n++];
}

struct serve_plan *
serve_plan_new(void)
{
	struct serve_plan	*p = xcalloc(1, sizeof(*p));

	p->full = 1;
	return p;
}

static void
plan_reset(struct serve_plan *p)
{
	free(p->rebuilt);
	free(p->t);
	free(p->kept);
	p->rebuilt = NULL;
	p->t = NULL;
	p->kept = NULL;
	p->nt = 0;
}

static void
changed_clear(struct serve_plan *p)
{
	size_t	i;

	for (i = 0; i < p->nchanged; i++)
		free(p->changed[i]);
	p->nchanged = 0;
}

void
serve_plan_free(struct serve_plan *p)
{
	if (p == NULL)
		return;
	plan_reset(p);
	changed_clear(p);
	free(p->changed);
	table_clear(&p->cur);
	table_clear(&p->next);
	free(p);
}

void
serve_plan_changed(struct serve_plan *p, const char *path)
{
	size_t	i;
	char	*r;

	if (path == NULL) {
		p->full = 1;
		return;
	}
	r = real(path);
	for (i = 0; i < p->nchanged; i++)
		if (strcmp(p->changed[i], r) == 0) {
			free(r);
			return;
		}
	if (p->nchanged == p->capchanged) {
		p->capchanged = p->capchanged ? 2 * p->capchanged : 16;
		p->changed = xrealloc(p->changed, p->capchanged * sizeof(char *));
	}
	p->changed[p->nchanged++] = r;
}

static int
has_src(const struct entry *x, const char *path)
{
	size_t	i;

	for (i = 0; i < x->nsrc; i++)
		if (strcmp(x->src[i], path) == 0)
			return 1;
	return 0;
}

/*
 * Mark the checklists of cur that path touches: 2 for every one of its
 * project when path is a project file, 1 for one made from it.  0 when
 * it touches none (the plan cannot place it).
 */
static int
mark(struct serve_plan *p, const char *path)
{
	struct stat	st;
	size_t		i;
	int		found = 0;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	/* A template built alone has no project file: not serve's. */
	for (i = 0; i < p->cur.n; i++)
		if (p->cur.v[i].project_file == NULL)
			return 0;
	for (i = 0; i < p->cur.n; i++)
		if (strcmp(p->cur.v[i].project_file, path) == 0)
			p->rebuilt[i] = 2, found = 1;
	if (found)
		return 1;
	for (i = 0; i < p->cur.n; i++)
		if (has_src(&p->cur.v[i], path)) {
			if (p->rebuilt[i] == 0)
				p->rebuilt[i] = 1;
			found = 1;
		}
	return found;
}

/* A whole project already among the targets? */
static int
has_project(const struct serve_plan *p, const char *path)
{
	size_t	i;

	for (i = 0; i < p->nt; i++)
		if (p->t[i].only == NULL &&
		    strcmp(p->t[i].project_file, path) == 0)
			return 1;
	return 0;
}

/*
 * The targets of the marks, named as the build named them (so that the
 * build cache knows them by the same keys); what is not marked is kept.
 */
static size_t
targets_of_marks(struct serve_plan *p)
{
	struct serve_list	*k;
	const struct entry	*x;
	size_t			 i, nkept = 0;

	p->t = xcalloc(p->cur.n + 1, sizeof(*p->t));
	p->kept = xcalloc(p->cur.n + 1, sizeof(*p->kept));
	for (i = 0; i < p->cur.n; i++) {
		x = &p->cur.v[i];
		if (p->rebuilt[i] == 2 && !has_project(p, x->project_path)) {
			p->t[p->nt].project_file = x->project_path;
			p->t[p->nt++].only = NULL;
		} else if (p->rebuilt[i] == 1) {
			p->t[p->nt].project_file = x->project_path;
			p->t[p->nt++].only = x->id;
		} else if (p->rebuilt[i] == 0) {
			k = &p->kept[nkept++];
			k->project_file = x->project_path;
			k->entry_id = x->id;
			k->sources = (const char *const *)&x->source0;
			k->nsources = 1;
			k->e = &x->e;
		}
	}
	return nkept;
}

int
serve_plan_next(struct serve_plan *p, struct serve_target **t, size_t *nt,
    const struct serve_list **kept, size_t *nkept)
{
	size_t	i;

	plan_reset(p);
	table_clear(&p->next);
	*t = NULL;
	*nt = *nkept = 0;
	*kept = NULL;
	p->rebuilt = xcalloc(p->cur.n + 1, 1);
	for (i = 0; i < p->nchanged && !p->full; i++)
		if (!mark(p, p->changed[i]))
			p->full = 1;
	changed_clear(p);
	if ((p->planned_full = p->full))
		return 1;
	*nkept = targets_of_marks(p);
	*t = p->t;
	*nt = p->nt;
	*kept = p->kept;
	return 0;
}

void
serve_plan_record(void *arg, const struct serve_list *l)
{
	struct serve_plan		*p = arg;
	struct entry			*x = table_push(&p->next);
	const struct emit_site_entry	*e = l->e;
	size_t				 i;

	x->project_file = real(l->project_file);
	x->project_path = dup_or_null(l->project_file);
	x->id = dup_or_null(l->entry_id);
	x->src = xcalloc(l->nsources + 1, sizeof(char *));
	for (i = 0; i < l->nsources; i++)
		x->src[x->nsrc++] = real(l->sources[i]);
	x->source0 = xstrdup(l->nsources > 0 ? l->sources[0] : "");
	x->e = *e;
	x->e.project = dup_or_null(e->project);
	x->e.project_name = dup_or_null(e->project_name);
	x->e.id = dup_or_null(e->id);
	x->e.title = dup_or_null(e->title);
	x->e.hash = dup_or_null(e->hash);
	x->e.lang = dup_or_null(e->lang);
}

void
serve_plan_done(struct serve_plan *p, int ok)
{
	struct table	keep = { 0 };
	size_t		i;

	if (!ok) {
		table_clear(&p->next);
		p->full = 1;
		return;
	}
	/* Unchanged checklists stay, the rebuilt ones are replaced. */
	for (i = 0; !p->planned_full && i < p->cur.n; i++)
		if (p->rebuilt[i] == 0) {
			*table_push(&keep) = p->cur.v[i];
			memset(&p->cur.v[i], 0, sizeof(p->cur.v[i]));
		}
	for (i = 0; i < p->next.n; i++)
		*table_push(&keep) = p->next.v[i];
	p->next.n = 0;
	table_clear(&p->next);
	plan_reset(p);
	table_clear(&p->cur);
	p->cur = keep;
	p->full = 0;
}
