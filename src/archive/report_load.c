/*
 * The report's input: every LOG entry as a run.  A run archived with a
 * summary (its LOG line names the SHA-256 of its chunk of dir/SUMMARY,
 * report_bundle.c) is read from that chunk, so the report of a large
 * archive reads one file, not every bundle, even the first time (after
 * a clone, in CI).  A run without one (archived before summaries) is
 * read from its bundle, once: what it said is kept in the cache.
 *
 * Every report checks that each bundle is there and of its archived
 * size, and hashes it again when it changed since the report last saw
 * it.  dir/.report-cache (git-ignored) remembers what the report saw;
 * records are only ever appended (the file is rewritten when it holds
 * more than twice as many as the archive has runs), one a line:
 *
 *	chkc report cache 2
 *	B <path> <sha256> <size> <ino> <mtime> <ctime> <status> <problem>
 *	  <record: 1 when the run's V and R records follow, read from the
 *	  bundle; 0 when the run has a summary>
 *
 * A record is used only when its bundle's LOG hash, size, inode and
 * modification and change times are still those of the file: writing
 * to a file changes its ctime, which no user can set back, so an edited
 * bundle is always hashed again (and found tampered).  When there is no
 * cache at all, the bundles of runs with a summary are taken as found
 * (checked for their size only; chkc verify hashes every one): the
 * report does not read a whole archive to build its page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "tsv.h"
#include "chkc.h"
#include "diag.h"
#include "archive/internal.h"

#define CACHE_MAGIC	"chkc report cache 2"
#define BFIELDS		10		/* of a B record */

/* What identifies a bundle file's bytes without reading them. */
struct stamp {
	long long	size, ino, mtime, ctime;
};

/* A B record, and the run that follows it. */
struct cached {
	const char		*path, *sha256, *problem;
	struct stamp		 st;
	enum report_status	 status;
	const struct report_run	*run;		/* or NULL */
	size_t			 order;		/* in the file */
};

struct rl {
	const char		 *dir;
	struct arena		 *a;
	struct report_versions	  vs;
	struct cached		 *cache;	/* by path, the last record */
	size_t			  ncache, nrecords;
	int			  cold;		/* no cache to go by */
	struct ptrvec		  in_cache;	/* version hashes it has */
	const struct report_run	**sums;		/* per entry, or NULL */
	char			 *bad_sum;	/* per entry: 1 if its
						 * summary is not the LOG's */
	struct stamp		 *st;		/* per entry; size -1: none */
	char			 *fresh;	/* per entry: record to add */
};

static int
stamp_of(const char *path, struct stamp *s)
{
	struct stat	st;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return -1;
	s->size = (long long)st.st_size;
	s->ino = (long long)st.st_ino;
	s->mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	s->ctime = (long long)st.st_ctim.tv_sec * 1000000000LL +
	    st.st_ctim.tv_nsec;
	return 0;
}

int
report_state(char c)
{
	return c == 'd' ? CHK_DONE : c == 'n' ? CHK_NA : c == 'f' ?
	    CHK_FAILED : CHK_OPEN;
}

static void
set_status(struct report_run *r, enum report_status s, const char *why)
{
	r->status = s;
	r->problem = why;
	if (s != REPORT_OK)
		r->version = NULL;
}

/* ---------------------------------------------------------- the cache */

static const char *
dup_or_null(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* A B record at lines[0], and its run's records after it; returns the
 * lines used, 0 if bad. */
static size_t
get_cached(struct rl *l, struct cached *c, char **lines, size_t avail)
{
	struct report_run	*r;
	char			*f[BFIELDS + 1];
	size_t			 used = 1, k;

	if (tsv_split(lines[0], f, BFIELDS + 1) != BFIELDS ||
	    f[1] == NULL || f[2] == NULL || f[9] == NULL)
		return 0;
	c->path = arena_strdup(l->a, f[1]);
	c->sha256 = arena_strdup(l->a, f[2]);
	c->st.size = atoll(f[3]);
	c->st.ino = atoll(f[4]);
	c->st.mtime = atoll(f[5]);
	c->st.ctime = atoll(f[6]);
	c->status = (enum report_status)atoi(f[7]);
	c->problem = dup_or_null(l->a, f[8]);
	if (strcmp(f[9], "1") != 0)
		return 1;
	for (; used < avail && lines[used][0] == 'V'; used += k)
		if ((k = report_get_version(&l->vs, lines + used,
		    avail - used)) == 0)
			return 0;
	r = arena_alloc(l->a, sizeof(*r));
	if (used == avail || report_get_run(&l->vs, r, lines[used]) == 0)
		return 0;
	c->run = r;
	return used + 1;
}

static int
cmp_cached(const void *a, const void *b)
{
	const struct cached	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	return x->order < y->order ? 1 : x->order > y->order ? -1 : 0;
}

/* Sort by path, keeping the last record of each. */
static void
cache_index(struct rl *l)
{
	size_t	i, n = 0;

	if (l->ncache == 0)
		return;
	qsort(l->cache, l->ncache, sizeof(*l->cache), cmp_cached);
	for (i = 0; i < l->ncache; i++)
		if (n == 0 || strcmp(l->cache[n - 1].path, l->cache[i].path) != 0)
			l->cache[n++] = l->cache[i];
	l->ncache = n;
}

/* Read dir/.report-cache.  A record that does not read is skipped (an
 * append cut short by a crash); a file that is not a cache is none. */
static void
cache_read(struct rl *l)
{
	struct buf	 b = { 0 };
	struct ptrvec	 lines = { 0 };
	char		*p, *nl, **v;
	size_t		 i, n, used, cap = 0, k;

	l->cold = 1;
	if (file_read(arena_printf(l->a, "%s/%s", l->dir, CACHE_NAME),
	    &b) == -1)
		return;
	for (p = b.data; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		ptrvec_push(&lines, p);
	}
	v = (char **)lines.v;
	n = lines.n;
	l->cold = n == 0 || strcmp(v[0], CACHE_MAGIC) != 0;
	for (i = 1; !l->cold && i < n; i += used) {
		used = 1;
		if (v[i][0] != 'B')
			continue;
		if (l->ncache == cap)
			l->cache = xrealloc(l->cache, (cap = cap * 2 + 64) *
			    sizeof(*l->cache));
		memset(&l->cache[l->ncache], 0, sizeof(*l->cache));
		l->cache[l->ncache].order = l->nrecords++;
		if ((k = get_cached(l, &l->cache[l->ncache], v + i, n - i)) != 0) {
			used = k;
			l->ncache++;
		}
	}
	for (i = 0; i < l->vs.v.n; i++)
		ptrvec_push(&l->in_cache, (void *)((struct report_version *)
		    l->vs.v.v[i])->hash);
	cache_index(l);
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
		if ((c = strcmp(path, l->cache[mid].path)) == 0)
			return &l->cache[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
has_hash(const struct ptrvec *v, const char *hash)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], hash) == 0)
			return 1;
	return 0;
}

/* The record of entry r (stamp st) in b; with its run's records when
 * it was read from its bundle.  written: the versions b's file has. */
static void
put_cached(struct buf *b, const struct report_run *r, const struct stamp *st,
    int with_run, struct ptrvec *written)
{
	buf_puts(b, "B");
	tsv_put(b, r->e.path);
	tsv_put(b, r->e.sha256);
	buf_printf(b, "\t%lld\t%lld\t%lld\t%lld\t%d", st->size, st->ino,
	    st->mtime, st->ctime, (int)r->status);
	tsv_put(b, r->problem);
	buf_printf(b, "\t%d\n", with_run);
	if (!with_run)
		return;
	if (!has_hash(written, r->version->hash)) {
		report_put_version(b, r->version);
		ptrvec_push(written, (void *)r->version->hash);
	}
	report_put_run(b, r);
}

/* The records to add to the cache, or the whole cache anew when there
 * is none or it has grown to twice the archive. */
static void
cache_make(struct rl *l, struct report_runs *out)
{
	struct buf	*b = xcalloc(1, sizeof(*b));
	struct ptrvec	 written = { 0 };
	size_t		 i, nfresh = 0;
	int		 whole;

	for (i = 0; i < out->n; i++)
		nfresh += l->fresh[i] != 0;
	whole = l->cold || l->nrecords + nfresh > 2 * out->n + 64;
	if (!whole)
		for (i = 0; i < l->in_cache.n; i++)
			ptrvec_push(&written, l->in_cache.v[i]);
	if (whole)
		buf_puts(b, CACHE_MAGIC "\n");
	for (i = 0; i < out->n; i++)
		if (l->st[i].size >= 0 && (whole || l->fresh[i]))
			put_cached(b, &out->v[i], &l->st[i],
			    l->sums[i] == NULL, &written);
	ptrvec_free(&written);
	if (b->len == 0) {
		free(b);
		b = NULL;
	}
	out->cache = b;
	out->cache_whole = whole;
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

/* Add b to dir's cache, or make it the whole cache (a temporary under
 * .tmp/ renamed into place); no fsync, as a cache lost costs time. */
static void
cache_put(const char *dir, const struct buf *b, int whole)
{
	char	*path = xmalloc(strlen(dir) + sizeof(CACHE_NAME) + 1);
	char	*tmp = xmalloc(strlen(dir) + sizeof(TMP_DIR) + 16);
	int	 fd;

	sprintf(path, "%s/%s", dir, CACHE_NAME);
	sprintf(tmp, "%s/%s", dir, TMP_DIR);
	if (!whole && (fd = open(path, O_WRONLY | O_APPEND)) != -1) {
		file_write_all(fd, b->data, b->len);
		close(fd);
	} else if (whole && (mkdir(tmp, 0777) == 0 || errno == EEXIST)) {
		strcat(tmp, "/cache.XXXXXX");
		if (file_temp(tmp, b->data, b->len, 0) == 0)
			file_rename(tmp, path, 0);
	}
	free(path);
	free(tmp);
}

void
report_cache_write(const char *dir, struct report_runs *runs)
{
	struct diag	*d;

	if (runs->cache == NULL)
		return;
	d = diag_new();
	ignore_cache(dir, d);
	diag_free(d);
	cache_put(dir, runs->cache, runs->cache_whole);
	buf_free(runs->cache);
	free(runs->cache);
	runs->cache = NULL;
}

/* ------------------------------------------------------------ SUMMARY */

static int
cmp_chunk_seq(const void *a, const void *b)
{
	const struct summary_chunk	*x = *(const struct summary_chunk *const *)a;
	const struct summary_chunk	*y = *(const struct summary_chunk *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The chunk of seq whose hash is hex, or NULL. */
static const struct summary_chunk *
chunk_find(const struct summary_chunk **by_seq, size_t n, size_t seq,
    const char *hex)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (by_seq[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && by_seq[lo]->seq == seq; lo++)
		if (strcmp(by_seq[lo]->hash, hex) == 0)
			return by_seq[lo];
	return NULL;
}

/* The records of a chunk whose hash its LOG line names: its versions
 * registered, its run into *r.  Returns 0, or -1 when they do not read
 * (a version it names is in a chunk that is not the LOG's). */
static int
chunk_read(struct rl *l, const struct summary_chunk *c, struct report_run *r)
{
	char		*text = arena_strndup(l->a, c->text, c->len), *p, *nl;
	struct ptrvec	 lines = { 0 };
	size_t		 i, k;
	int		 rc = -1;

	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		ptrvec_push(&lines, p);
	}
	for (i = 0; i + 1 < lines.n; i += k)
		if (((char *)lines.v[i])[0] != 'V' || (k = report_get_version(
		    &l->vs, (char **)lines.v + i, lines.n - 1 - i)) == 0)
			break;
	if (lines.n > 0 && i == lines.n - 1 &&
	    report_get_run(&l->vs, r, lines.v[i]) == 1)
		rc = 0;
	ptrvec_free(&lines);
	return rc;
}

/* Read dir/SUMMARY: the run of each entry whose LOG line names the hash
 * of its chunk, in l->sums; l->bad_sum for the others that name one. */
static void
summary_read(struct rl *l, const struct archive_entry *e, size_t n)
{
	struct buf			  b = { 0 };
	struct summary_chunk		 *v;
	const struct summary_chunk	**by_seq, *c;
	struct report_run		 *r;
	size_t				  i, nc, *owner;

	if (file_read(arena_printf(l->a, "%s/%s", l->dir, SUMMARY_NAME),
	    &b) == -1)
		buf_puts(&b, "");
	report_summary_split(l->a, b.data, b.len, &v, &nc);
	by_seq = xcalloc(nc + 1, sizeof(*by_seq));
	owner = xcalloc(nc + 1, sizeof(*owner));	/* entry + 1, or 0 */
	for (i = 0; i < nc; i++)
		by_seq[i] = &v[i];
	if (nc > 0)
		qsort(by_seq, nc, sizeof(*by_seq), cmp_chunk_seq);
	for (i = 0; i < n; i++) {
		if (e[i].summary == NULL)
			continue;
		if ((c = chunk_find(by_seq, nc, e[i].seq, e[i].summary)) == NULL)
			l->bad_sum[i] = 1;
		else
			owner[c - v] = i + 1;
	}
	/* In file order: a chunk's run may name a version an earlier
	 * chunk holds. */
	for (i = 0; i < nc; i++) {
		if (owner[i] == 0)
			continue;
		r = arena_alloc(l->a, sizeof(*r));
		if (chunk_read(l, &v[i], r) == 0)
			l->sums[owner[i] - 1] = r;
	}
	free(by_seq);
	free(owner);
	buf_free(&b);
}

/* ---------------------------------------------------------- each run */

/* Is the bundle at path the bytes its LOG line names? */
static int
hash_ok(const char *path, const char *sha256)
{
	struct buf	b = { 0 };
	char		hex[65];
	int		ok = 0;

	if (file_read(path, &b) == 0) {
		bundle_sha256(b.data, b.len, hex);
		ok = sha256 != NULL && strcmp(hex, sha256) == 0;
	}
	buf_free(&b);
	return ok;
}

/* A run's own LOG line back into a record made from its summary or
 * the cache, which hold what its bundle says. */
static void
log_fields(struct archive_entry *to, const struct archive_entry *log)
{
	to->seq = log->seq;
	to->time = log->time;
	to->path = log->path;
	to->sha256 = log->sha256;
	to->prev = log->prev;
	to->keys = log->keys;
	to->summary = log->summary;
}

/* A run from its summary: its bundle there, of its size, and hashed
 * again unless the cache saw it as it is (or there is no cache). */
static void
from_summary(struct rl *l, size_t i, struct report_run *r, const char *path)
{
	const struct cached	*c = cache_find(l, r->e.path);
	struct archive_entry	 e = r->e;

	*r = *l->sums[i];
	log_fields(&r->e, &e);
	if (l->st[i].size != r->size) {
		set_status(r, REPORT_TAMPERED, "its size differs from the one "
		    "archived (changed since it was archived)");
		return;
	}
	if (c != NULL && memcmp(&c->st, &l->st[i], sizeof(c->st)) == 0 &&
	    strcmp(c->sha256, e.sha256) == 0) {
		set_status(r, c->status, c->problem);
		return;
	}
	l->fresh[i] = 1;
	if ((c != NULL || !l->cold) && !hash_ok(path, e.sha256))
		set_status(r, REPORT_TAMPERED, "its SHA-256 differs from its "
		    "LOG line (changed since it was archived)");
}

/* A run without a summary: from the cache when its stamp still holds,
 * else read from its bundle. */
static void
from_bundle(struct rl *l, size_t i, struct report_run *r, const char *path)
{
	const struct cached	*c = cache_find(l, r->e.path);
	struct buf		 b = { 0 };
	struct archive_entry	 e = r->e;

	if (c != NULL && c->run != NULL &&
	    memcmp(&c->st, &l->st[i], sizeof(c->st)) == 0 &&
	    strcmp(c->sha256, e.sha256) == 0) {
		*r = *c->run;
		log_fields(&r->e, &e);
		return;
	}
	if (file_read(path, &b) == -1)
		set_status(r, REPORT_UNREADABLE, "its bundle cannot be read");
	else
		report_read_bundle(&l->vs, r, b.data, b.len);
	/* Only a run read whole is worth keeping; a bad one is few. */
	l->fresh[i] = r->status == REPORT_OK;
	if (!l->fresh[i])
		l->st[i].size = -1;
	buf_free(&b);
}

static void
load_one(struct rl *l, size_t i, struct report_run *r)
{
	const char	*path = arena_printf(l->a, "%s/%s", l->dir, r->e.path);

	if (strstr(r->e.path, "..") != NULL || r->e.path[0] == '/' ||
	    stamp_of(path, &l->st[i]) == -1) {
		l->st[i].size = -1;
		set_status(r, REPORT_UNREADABLE, "its bundle is missing");
	} else if (l->bad_sum[i]) {
		l->st[i].size = -1;
		set_status(r, REPORT_TAMPERED, "its summary in SUMMARY is "
		    "missing or differs from its LOG line (edited)");
	} else if (l->sums[i] != NULL)
		from_summary(l, i, r, path);
	else
		from_bundle(l, i, r, path);
}

void
report_load(const char *dir, const struct archive_entry *entries, size_t n,
    struct arena *a, struct report_runs *out)
{
	struct rl	 l;
	size_t		 i;

	memset(&l, 0, sizeof(l));
	l.dir = dir;
	l.a = l.vs.a = a;
	l.sums = xcalloc(n + 1, sizeof(*l.sums));
	l.bad_sum = xcalloc(n + 1, 1);
	l.fresh = xcalloc(n + 1, 1);
	l.st = xcalloc(n + 1, sizeof(*l.st));
	cache_read(&l);
	summary_read(&l, entries, n);
	out->v = arena_alloc(a, (n + 1) * sizeof(*out->v));
	out->n = n;
	for (i = 0; i < n; i++) {
		if (archive_progress.step != NULL)
			archive_progress.step(archive_progress.arg, i, n);
		out->v[i].e = entries[i];
		load_one(&l, i, &out->v[i]);
	}
	cache_make(&l, out);
	out->versions = (struct report_version **)ptrvec_finish(&l.vs.v,
	    a, &out->nversions);
	ptrvec_free(&l.in_cache);
	free(l.sums);
	free(l.bad_sum);
	free(l.fresh);
	free(l.st);
	free(l.cache);
}
