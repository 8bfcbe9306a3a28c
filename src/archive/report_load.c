/*
 * The report's input: what each archived run's bundle says (its bag-info,
 * the checklist it was made from, the state of every item), read once and
 * kept in dir/.report-cache, so that the report of a large archive reads
 * only the bundles added or changed since the last one.
 *
 * The cache is a text file, one record a line, fields separated by tabs
 * (a tab, newline or backslash in a value is written \t, \n, \\; a
 * missing value \N):
 *
 *	chkc report cache 1
 *	V <hash> <revision> <n>			then n lines
 *	I <path> <kind> <text>			kind: c check, f field, b bool
 *	R <path> <sha256> <size> <ino> <mtime> <ctime> <status> <problem>
 *	  <project> <checklist> <version> <date> <outcome> <percent>
 *	  <complete> <unsigned> <signers> <hash> <first> <last> <n>
 *	A <path> <state>			then n lines (d, n, f)
 *
 * A record is used only when its bundle's LOG hash, size, inode and
 * modification and change times are still those of the file: writing to
 * a file changes its ctime, which no user can set back, so an edited
 * bundle is always read again (and found tampered).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "tsv.h"
#include "chkc.h"
#include "diag.h"
#include "model.h"
#include "load/load.h"
#include "run/run.h"
#include "archive/internal.h"

#define CACHE_MAGIC	"chkc report cache 1"
#define NFIELDS		22		/* of an R line */

/* What identifies a bundle file's bytes without reading them. */
struct stamp {
	long long	size, ino, mtime, ctime;
};

struct cached {
	struct report_run	r;
	struct stamp		st;
};

struct rl {
	const char		*dir;
	struct arena		*a;
	struct ptrvec		 versions;
	struct cached		*cache;		/* by path */
	size_t			 ncache;
	int			 dirty;		/* the cache must be rewritten */
};

static const char	state_chars[CHK_NSTATES] = { 'o', 'd', 'n', 'f' };

static int
stamp_of(const char *path, struct stamp *s)
{
	struct stat	st;

	if (stat(path, &st) == -1)
		return -1;
	s->size = (long long)st.st_size;
	s->ino = (long long)st.st_ino;
	s->mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	s->ctime = (long long)st.st_ctim.tv_sec * 1000000000LL +
	    st.st_ctim.tv_nsec;
	return 0;
}

static const struct report_version *
version_find(const struct rl *l, const char *hash)
{
	size_t	i;

	for (i = 0; hash != NULL && i < l->versions.n; i++)
		if (strcmp(((struct report_version *)l->versions.v[i])->hash,
		    hash) == 0)
			return l->versions.v[i];
	return NULL;
}

/* ------------------------------------------------------ from a bundle */

/* The answerable items of a resolved checklist's JSON items, in order. */
static void
json_items(const struct chk_node *seq, struct arena *a, struct ptrvec *v)
{
	const struct chk_node	*n, *f;
	const char		*kind, *type;
	size_t			 i;

	for (i = 0; seq != NULL && seq->kind == CHK_NODE_SEQ && i < seq->n;
	    i++) {
		n = seq->items[i];
		kind = node_str(node_get(n, "kind"));
		f = node_get(n, "field");
		type = node_str(node_get(f, "type"));
		if (kind != NULL && node_str(node_get(n, "path")) != NULL &&
		    (strcmp(kind, "check") == 0 || strcmp(kind, "field") == 0)) {
			ptrvec_push(v, (void *)n);
			ptrvec_push(v, (void *)(kind[0] == 'c' ? "c" :
			    type != NULL && strcmp(type, "bool") == 0 ? "b" : "f"));
		}
		json_items(node_get(n, "items"), a, v);
	}
}

static void
json_section(const struct chk_node *s, struct arena *a, struct ptrvec *v)
{
	const struct chk_node	*secs = node_get(s, "sections");
	size_t			 i;

	json_items(node_get(s, "items"), a, v);
	for (i = 0; secs != NULL && secs->kind == CHK_NODE_SEQ &&
	    i < secs->n; i++)
		json_section(secs->items[i], a, v);
}

/* The version of the bag's data/checklist.json, known or new; NULL
 * when it is missing or not a resolved checklist. */
static const struct report_version *
version_of(struct rl *l, const struct bundle_bag *bag)
{
	const struct bundle_file	*f = bundle_find(bag, "data/checklist.json");
	const char			*hash = bundle_info(bag, "Chkc-Checklist-Hash");
	const struct report_version	*known = version_find(l, hash);
	struct report_version		*v;
	struct chk_node			*root;
	struct ptrvec			 items = { 0 };
	struct diag			*d;
	size_t				 i;
	char				 hex[65];

	if (f == NULL || hash == NULL || strncmp(hash, "sha256:", 7) != 0)
		return NULL;
	/* The resolved checklist is what its hash says (a bundle's
	 * manifests cannot tell: they would be rewritten with it). */
	bundle_sha256(f->data, f->len, hex);
	if (strcmp(hex, hash + 7) != 0 || known != NULL)
		return strcmp(hex, hash + 7) == 0 ? known : NULL;
	d = diag_new();
	root = load_buffer(l->a, "checklist.json", f->data, f->len, d);
	diag_free(d);
	if (root == NULL || node_get(root, "chkc") == NULL)
		return NULL;
	json_section(root, l->a, &items);
	v = arena_alloc(l->a, sizeof(*v));
	v->hash = arena_strdup(l->a, hash);
	v->revision = atoi(bundle_info(bag, "Chkc-Revision") != NULL ?
	    bundle_info(bag, "Chkc-Revision") : "0");
	v->n = items.n / 2;
	v->paths = arena_alloc(l->a, (v->n + 1) * sizeof(char *));
	v->texts = arena_alloc(l->a, (v->n + 1) * sizeof(char *));
	v->kinds = arena_alloc(l->a, v->n + 1);
	for (i = 0; i < v->n; i++) {
		v->paths[i] = node_str(node_get(items.v[2 * i], "path"));
		v->texts[i] = node_str(node_get(items.v[2 * i], "text"));
		if (v->texts[i] == NULL)
			v->texts[i] = "";
		v->kinds[i] = *(const char *)items.v[2 * i + 1];
	}
	ptrvec_free(&items);
	ptrvec_push(&l->versions, v);
	return v;
}

static int
cmp_answer(const void *a, const void *b)
{
	return strcmp(((const struct report_answer *)a)->path,
	    ((const struct report_answer *)b)->path);
}

/* The states of the version's items in the run, and its first and
 * last tick. */
static void
answers_of(struct arena *a, struct report_run *r, const struct chk_run *run)
{
	const struct report_version	*v = r->version;
	struct chk_field		 f = { 0 };
	struct chk_item			 it = { 0 };
	long long			 t;
	size_t				 i;
	int				 s;

	r->answers = arena_alloc(a, (v->n + 1) * sizeof(*r->answers));
	it.field = &f;
	for (i = 0; i < v->n; i++) {
		it.kind = v->kinds[i] == 'c' ? CHK_ITEM_CHECK : CHK_ITEM_FIELD;
		f.type = v->kinds[i] == 'b' ? CHK_FIELD_BOOL : CHK_FIELD_TEXT;
		it.path = v->paths[i];
		if ((s = model_item_state(run, &it)) == CHK_OPEN)
			continue;
		r->answers[r->nanswers].path = v->paths[i];
		r->answers[r->nanswers++].state = s;
	}
	qsort(r->answers, r->nanswers, sizeof(*r->answers), cmp_answer);
	for (i = 0; i < run->nitems; i++) {
		if (run->items[i].at == NULL ||
		    (t = run_datetime_epoch(run->items[i].at)) == 0)
			continue;
		if (r->first == 0 || t < r->first)
			r->first = t;
		if (t > r->last)
			r->last = t;
	}
}

/* The run file of the bag, read as chkc status would. */
static const struct chk_run *
run_of(struct arena *a, const struct bundle_bag *bag)
{
	const struct bundle_file	*f;
	struct run_doc			*doc = NULL;
	struct diag			*d = diag_new();

	if ((f = bundle_find(bag, "data/run.yaml")) == NULL)
		f = bundle_find(bag, "data/run.json");
	if (f != NULL)
		doc = run_parse(a, f->path, f->data, f->len, d);
	diag_free(d);
	return doc != NULL ? doc->run : NULL;
}

static void
set_status(struct report_run *r, enum report_status s, const char *why)
{
	r->status = s;
	r->problem = why;
}

/* Read r's bundle (data, len bytes) as verify does, then what it says. */
static void
read_bundle(struct rl *l, struct report_run *r, const char *data, size_t len)
{
	struct bundle_bag	 bag;
	struct diag		*d = diag_new();
	const struct chk_run	*run;
	char			 hex[65];

	bundle_sha256(data, len, hex);
	if (r->e.sha256 == NULL || strcmp(hex, r->e.sha256) != 0)
		set_status(r, REPORT_TAMPERED, "its SHA-256 differs from its "
		    "LOG line (changed since it was archived)");
	else if (bundle_read(l->a, r->e.path, data, len, &bag, d) == -1)
		set_status(r, REPORT_UNREADABLE, "not a readable bundle");
	else if (bundle_check(&bag, r->e.path, d) > 0)
		set_status(r, REPORT_TAMPERED, "its bag does not match its "
		    "own manifests (edited)");
	else {
		archive_entry_bag(&r->e, &bag);
		if (r->e.project == NULL || r->e.checklist == NULL)
			set_status(r, REPORT_UNREADABLE, "its bag-info.txt does "
			    "not name its project and checklist");
		else if ((r->version = version_of(l, &bag)) == NULL)
			set_status(r, REPORT_UNREADABLE, "its resolved checklist "
			    "(data/checklist.json) is missing, does not read or is "
			    "not the one its bag-info names");
		else if ((run = run_of(l->a, &bag)) == NULL)
			set_status(r, REPORT_UNREADABLE, "its run file does not "
			    "read");
		else
			answers_of(l->a, r, run);
	}
	if (r->status != REPORT_OK)
		r->version = NULL;
	diag_free(d);
}

/* ---------------------------------------------------------- the cache */

static void
put_version(struct buf *b, const struct report_version *v)
{
	size_t	i;
	char	k[2] = { 0, 0 };

	buf_puts(b, "V");
	tsv_put(b, v->hash);
	buf_printf(b, "\t%d\t%zu\n", v->revision, v->n);
	for (i = 0; i < v->n; i++) {
		k[0] = v->kinds[i];
		buf_puts(b, "I");
		tsv_put(b, v->paths[i]);
		tsv_put(b, k);
		tsv_put(b, v->texts[i]);
		buf_putc(b, '\n');
	}
}

static void
put_run(struct buf *b, const struct report_run *r, const struct stamp *st)
{
	const struct archive_entry	*e = &r->e;
	size_t				 i;

	buf_puts(b, "R");
	tsv_put(b, e->path);
	tsv_put(b, e->sha256);
	buf_printf(b, "\t%lld\t%lld\t%lld\t%lld\t%d", st->size, st->ino,
	    st->mtime, st->ctime, (int)r->status);
	tsv_put(b, r->problem);
	tsv_put(b, e->project);
	tsv_put(b, e->checklist);
	tsv_put(b, e->version);
	tsv_put(b, e->date);
	tsv_put(b, e->outcome);
	tsv_put(b, e->percent);
	tsv_put(b, e->complete);
	tsv_put(b, e->unsigned_roles);
	tsv_put(b, e->signers);
	tsv_put(b, r->version != NULL ? r->version->hash : NULL);
	buf_printf(b, "\t%lld\t%lld\t%zu\n", r->first, r->last, r->nanswers);
	for (i = 0; i < r->nanswers; i++) {
		buf_puts(b, "A");
		tsv_put(b, r->answers[i].path);
		buf_printf(b, "\t%c\n", state_chars[r->answers[i].state]);
	}
}

static const char *
dup_or_null(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* A V record and its n I lines; returns the lines used, 0 if bad. */
static size_t
get_version(struct rl *l, char **lines, size_t avail)
{
	struct report_version	*v;
	char			*f[4];
	size_t			 i;

	if (tsv_split(lines[0], f, 4) != 4 || f[1] == NULL)
		return 0;
	v = arena_alloc(l->a, sizeof(*v));
	v->hash = arena_strdup(l->a, f[1]);
	v->revision = atoi(f[2]);
	v->n = strtoul(f[3], NULL, 10);
	if (v->n >= avail)
		return 0;
	v->paths = arena_alloc(l->a, (v->n + 1) * sizeof(char *));
	v->texts = arena_alloc(l->a, (v->n + 1) * sizeof(char *));
	v->kinds = arena_alloc(l->a, v->n + 1);
	for (i = 0; i < v->n; i++) {
		if (tsv_split(lines[i + 1], f, 4) != 4 || strcmp(f[0], "I") != 0 ||
		    f[1] == NULL || f[2] == NULL || f[3] == NULL)
			return 0;
		v->paths[i] = arena_strdup(l->a, f[1]);
		v->kinds[i] = f[2][0];
		v->texts[i] = arena_strdup(l->a, f[3]);
	}
	ptrvec_push(&l->versions, v);
	return v->n + 1;
}

/* An R record and its A lines into c; returns the lines used, 0 if bad. */
static size_t
get_run(struct rl *l, struct cached *c, char **lines, size_t avail)
{
	struct archive_entry	*e = &c->r.e;
	char			*f[NFIELDS + 1], *a[3];
	size_t			 i, n;

	if (tsv_split(lines[0], f, NFIELDS + 1) != NFIELDS || f[1] == NULL)
		return 0;
	e->path = arena_strdup(l->a, f[1]);
	e->sha256 = dup_or_null(l->a, f[2]);
	c->st.size = atoll(f[3]);
	c->st.ino = atoll(f[4]);
	c->st.mtime = atoll(f[5]);
	c->st.ctime = atoll(f[6]);
	c->r.status = (enum report_status)atoi(f[7]);
	c->r.problem = dup_or_null(l->a, f[8]);
	e->project = dup_or_null(l->a, f[9]);
	e->checklist = dup_or_null(l->a, f[10]);
	e->version = dup_or_null(l->a, f[11]);
	e->date = dup_or_null(l->a, f[12]);
	e->outcome = dup_or_null(l->a, f[13]);
	e->percent = dup_or_null(l->a, f[14]);
	e->complete = dup_or_null(l->a, f[15]);
	e->unsigned_roles = dup_or_null(l->a, f[16]);
	e->signers = dup_or_null(l->a, f[17]);
	c->r.version = version_find(l, f[18]);
	c->r.first = atoll(f[19]);
	c->r.last = atoll(f[20]);
	n = strtoul(f[21], NULL, 10);
	if (n >= avail || (c->r.status == REPORT_OK && c->r.version == NULL))
		return 0;
	c->r.answers = arena_alloc(l->a, (n + 1) * sizeof(*c->r.answers));
	for (i = 0; i < n; i++) {
		if (tsv_split(lines[i + 1], a, 3) != 3 || strcmp(a[0], "A") != 0 ||
		    a[1] == NULL || a[2] == NULL)
			return 0;
		c->r.answers[i].path = arena_strdup(l->a, a[1]);
		c->r.answers[i].state = a[2][0] == 'd' ? CHK_DONE :
		    a[2][0] == 'n' ? CHK_NA : a[2][0] == 'f' ? CHK_FAILED :
		    CHK_OPEN;
	}
	c->r.nanswers = n;
	return n + 1;
}

static int
cmp_cached(const void *a, const void *b)
{
	return strcmp(((const struct cached *)a)->r.e.path,
	    ((const struct cached *)b)->r.e.path);
}

/* Read dir/.report-cache; a cache that does not read is ignored (the
 * bundles are read again). */
static void
cache_read(struct rl *l)
{
	struct buf	 b = { 0 };
	struct ptrvec	 lines = { 0 };
	char		*p, *nl, **v;
	size_t		 i, n, used, cap = 0;

	if (file_read(arena_printf(l->a, "%s/%s", l->dir, CACHE_NAME),
	    &b) == -1)
		return;
	for (p = b.data; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		ptrvec_push(&lines, p);
	}
	v = (char **)lines.v;
	n = lines.n;
	if (n == 0 || strcmp(v[0], CACHE_MAGIC) != 0)
		n = 0;
	for (i = 1; i < n; i += used) {
		if (v[i][0] == 'V')
			used = get_version(l, v + i, n - i);
		else if (v[i][0] == 'R') {
			if (l->ncache == cap)
				l->cache = xrealloc(l->cache, (cap = cap * 2 + 64) *
				    sizeof(*l->cache));
			memset(&l->cache[l->ncache], 0, sizeof(*l->cache));
			if ((used = get_run(l, &l->cache[l->ncache], v + i,
			    n - i)) != 0)
				l->ncache++;
		} else
			used = 0;
		if (used == 0)
			break;
	}
	if (l->ncache > 0)
		qsort(l->cache, l->ncache, sizeof(*l->cache), cmp_cached);
	ptrvec_free(&lines);
	buf_free(&b);
}

static const struct cached *
cache_find(const struct rl *l, const char *path)
{
	size_t	lo = 0, hi = l->ncache, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(path, l->cache[mid].r.e.path)) == 0)
			return &l->cache[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The cache anew: every version, then every run that was stamped. */
static struct buf *
cache_make(struct rl *l, const struct report_runs *out,
    const struct stamp *st)
{
	struct buf	*b = xcalloc(1, sizeof(*b));
	size_t		 i;

	buf_puts(b, CACHE_MAGIC "\n");
	for (i = 0; i < l->versions.n; i++)
		put_version(b, l->versions.v[i]);
	for (i = 0; i < out->n; i++)
		if (st[i].size >= 0)
			put_run(b, &out->v[i], &st[i]);
	return b;
}

/* The archive's .gitignore names the cache (an archive made before
 * the cache existed has a .gitignore without it, or none). */
static void
ignore_cache(const char *dir, struct diag *d)
{
	struct buf	 b = { 0 };
	char		*path = xmalloc(strlen(dir) + sizeof(IGNORE_NAME) + 1);

	sprintf(path, "%s/%s", dir, IGNORE_NAME);
	if (file_read(path, &b) == -1 ||
	    strstr(b.data, "/" CACHE_NAME "\n") == NULL) {
		if (b.len > 0 && b.data[b.len - 1] != '\n')
			buf_putc(&b, '\n');
		buf_puts(&b, "/" CACHE_NAME "\n");
		archive_write(dir, IGNORE_NAME, b.data, b.len, d);
	}
	buf_free(&b);
	free(path);
}

void
report_cache_write(const char *dir, struct report_runs *runs)
{
	struct diag	*d;

	if (runs->cache == NULL)
		return;
	d = diag_new();
	ignore_cache(dir, d);
	archive_write(dir, CACHE_NAME, runs->cache->data, runs->cache->len, d);
	diag_free(d);
	buf_free(runs->cache);
	free(runs->cache);
	runs->cache = NULL;
}

/* One entry: from the cache when its stamp still holds, else read. */
static void
load_one(struct rl *l, struct report_run *r, struct stamp *st)
{
	const struct cached	*c = cache_find(l, r->e.path);
	const char		*path;
	struct buf		 b = { 0 };
	struct archive_entry	 e = r->e;

	path = arena_printf(l->a, "%s/%s", l->dir, r->e.path);
	if (strstr(r->e.path, "..") != NULL || r->e.path[0] == '/' ||
	    stamp_of(path, st) == -1) {
		st->size = -1;
		set_status(r, REPORT_UNREADABLE, "its bundle is missing");
		return;
	}
	if (c != NULL && memcmp(&c->st, st, sizeof(*st)) == 0 &&
	    c->r.e.sha256 != NULL && e.sha256 != NULL &&
	    strcmp(c->r.e.sha256, e.sha256) == 0) {
		*r = c->r;
		r->e.seq = e.seq;
		r->e.time = e.time;
		r->e.prev = e.prev;
		return;
	}
	l->dirty = 1;
	if (file_read(path, &b) == -1)
		set_status(r, REPORT_UNREADABLE, "its bundle cannot be read");
	else
		read_bundle(l, r, b.data, b.len);
	buf_free(&b);
}

void
report_load(const char *dir, const struct archive_entry *entries, size_t n,
    struct arena *a, struct report_runs *out)
{
	struct rl	 l;
	struct stamp	*st = xcalloc(n + 1, sizeof(*st));
	size_t		 i;

	memset(&l, 0, sizeof(l));
	l.dir = dir;
	l.a = a;
	cache_read(&l);
	out->v = arena_alloc(a, (n + 1) * sizeof(*out->v));
	out->n = n;
	for (i = 0; i < n; i++) {
		if (archive_progress.step != NULL)
			archive_progress.step(archive_progress.arg, i, n);
		out->v[i].e = entries[i];
		load_one(&l, &out->v[i], &st[i]);
	}
	out->cache = l.dirty || l.ncache != n ? cache_make(&l, out, st) : NULL;
	out->versions = (struct report_version **)ptrvec_finish(&l.versions,
	    a, &out->nversions);
	free(st);
	free(l.cache);
}

int
report_state(const struct report_run *r, const char *path)
{
	size_t	lo = 0, hi = r->nanswers, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(path, r->answers[mid].path)) == 0)
			return r->answers[mid].state;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return CHK_OPEN;
}
