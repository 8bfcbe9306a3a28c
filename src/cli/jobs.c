/*
 * chkc build -j N: N worker processes (processes rather than threads:
 * the schema registry, cmark-gfm's extensions and the emitters' options
 * are per process, and a worker's memory is its own).  The workers take
 * the targets (project files, templates) one at a time, the next from a
 * count they share, until none is left: a target is loaded by one
 * worker only, and a worker that drew small ones takes more, so that
 * the work is shared by what it costs, not by the number of checklists
 * (a project's first checklist is often its biggest, and splitting
 * checklists by their number gave one worker every big one).  Each
 * reports its staged files, summaries and diagnostics to the parent,
 * which merges them in the order -j 1 would have made them.  When any
 * input is invalid the parent takes every worker's files back and
 * builds again alone, so that what it reports is exactly what -j 1
 * reports.
 *
 * A worker's report is a sequence of fields (buf.h): a header (flags,
 * checklists gone through, the targets it took), the files it staged
 * and the directories it made, then a record per checklist it built:
 * its target, its summary or none, its diagnostics (diag_dump()).
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "file.h"
#include "emit/emit.h"
#include "cli/build.h"

/* Shared by the workers (a MAP_SHARED mapping made before the fork):
 * lock-free atomics work across processes. */
#if ATOMIC_LLONG_LOCK_FREE != 2 || ATOMIC_LONG_LOCK_FREE != 2
#error "build -j needs lock-free atomics"
#endif
struct jobs_shared {
	atomic_llong	next;		/* the next one to take */
	atomic_ulong	begun;		/* checklists begun, for progress */
};

#define REPORT_INVALID	0x1
#define REPORT_FAILED	0x2
#define REPORT_OTHER	0x4	/* diagnostics outside its checklists */

int
jobs_take(struct build *b, int kind, long long i)
{
	if (b->shared == NULL || kind != (b->by_list ? JOBS_LIST : JOBS_TARGET))
		return 1;
	/* Tickets come in increasing order, so one held is never behind
	 * what is gone through. */
	if (b->ticket < i)
		b->ticket = atomic_fetch_add(&b->shared->next, 1);
	if (b->ticket != i)
		return 0;
	buf_put_fieldnum(&b->claims, i);
	return 1;
}

size_t
jobs_begun(struct build *b, size_t g)
{
	if (b->shared == NULL)
		return g;
	return (size_t)atomic_fetch_add(&b->shared->begun, 1);
}

void
jobs_record(struct build *b, size_t g, int valid, size_t n0)
{
	const char	*v[BUILD_NFIELDS];
	char		 num[2][24];
	size_t		 i;

	buf_put_fieldnum(b->report, b->target);
	buf_put_fieldnum(b->report, (long long)g);
	buf_put_fieldnum(b->report, valid);
	/* Only a valid checklist has its site entry. */
	if (valid) {
		build_fields(&b->site[b->nsite - 1], b->source[b->nsite - 1],
		    num, v);
		for (i = 0; i < BUILD_NFIELDS; i++)
			buf_put_field(b->report, v[i]);
	}
	diag_dump(b->d, n0, b->report);
	b->nreports++;
	b->attributed += diag_count(b->d) - n0;
}

/* A worker: its share of the build, reported on fd.  Never returns. */
static void
worker_run(struct build *b, const struct target *t, int nt, int k, int fd)
{
	struct buf	 recs = { 0 }, out = { 0 };
	size_t		 n0 = diag_count(b->d), i;
	int		 flags;

	b->worker = k;
	b->st.worker = 1;
	b->ticket = -1;
	b->report = &recs;
	build_targets(b, t, nt);
	if (!b->invalid && !b->failed && b->cache != NULL &&
	    build_cache_stage(b, k) == -1)
		b->failed = 1;
	flags = (b->invalid ? REPORT_INVALID : 0) |
	    (b->failed ? REPORT_FAILED : 0) |
	    (diag_count(b->d) - n0 != b->attributed ? REPORT_OTHER : 0);
	buf_put_fieldnum(&out, flags);
	buf_put_fieldnum(&out, (long long)b->nlists);
	buf_put_fieldnum(&out, (long long)b->nreports);
	buf_put(&out, buf_str(&b->claims), b->claims.len);
	buf_put_fieldnum(&out, -1);	/* the end of the targets taken */
	buf_put_fieldnum(&out, (long long)b->st.n);
	for (i = 0; i < b->st.n; i++) {
		buf_put_field(&out, b->st.tmp[i]);
		buf_put_field(&out, b->st.path[i]);
	}
	buf_put_fieldnum(&out, (long long)b->st.ndirs);
	for (i = 0; i < b->st.ndirs; i++)
		buf_put_field(&out, b->st.dirs[i]);
	buf_put(&out, buf_str(&recs), recs.len);
	/* _exit: the parent's stdio buffers and exit handlers are not
	 * this process's to run. */
	_exit(file_write_all(fd, buf_str(&out), out.len) == 0 ? 0 : 3);
}

/* A worker's checklist, read from its report. */
struct wlist {
	int			 target;
	long long		 g;		/* in the worker's sequence */
	int			 ok;
	struct emit_site_entry	 e;
	const char		*source;
	struct diag		*d;
};

struct wreport {
	struct buf	 raw;
	int		 flags;
	size_t		 nlists;
	long long	*claims;	/* the ones taken, -1 after */
	struct wlist	*lists;
	size_t		 n;
};

static void
read_list(struct buf_reader *r, struct wlist *l)
{
	const char	*v[BUILD_NFIELDS];
	size_t		 i;

	l->target = (int)buf_get_fieldnum(r);
	l->g = buf_get_fieldnum(r);
	if ((l->ok = buf_get_fieldnum(r) != 0)) {
		for (i = 0; i < BUILD_NFIELDS; i++)
			v[i] = buf_get_field(r);
		if (build_unfields(v, &l->e, &l->source) == -1)
			r->bad = 1;
	}
	l->d = diag_new();
	(void)diag_load(l->d, r);
}

/*
 * Parse a report, adopting the worker's staged files and directories
 * into the parent's stage whatever else it says, so that an abort takes
 * them back.  -1 if it is cut short.
 */
static int
read_report(struct build *b, struct wreport *w)
{
	struct buf_reader r = { w->raw.data, w->raw.data + w->raw.len, 0 };
	const char	*tmp, *path;
	size_t		 i, n, nrecs;

	w->flags = (int)buf_get_fieldnum(&r);
	w->nlists = (size_t)buf_get_fieldnum(&r);
	nrecs = (size_t)buf_get_fieldnum(&r);
	w->claims = xcalloc(1, sizeof(*w->claims));
	for (n = 0; (w->claims[n] = buf_get_fieldnum(&r)) >= 0 && !r.bad;
	    n++)
		w->claims = xrealloc(w->claims, (n + 2) * sizeof(*w->claims));
	w->claims[n] = -1;
	n = (size_t)buf_get_fieldnum(&r);
	for (i = 0; i < n && !r.bad; i++) {
		tmp = buf_get_field(&r);
		if ((path = buf_get_field(&r)) != NULL && tmp != NULL)
			staging_adopt(&b->st, tmp, path);
	}
	n = (size_t)buf_get_fieldnum(&r);
	for (i = 0; i < n && !r.bad; i++)
		if ((path = buf_get_field(&r)) != NULL)
			staging_adopt_dir(&b->st, path);
	if (!r.bad && nrecs <= w->raw.len)
		w->lists = xcalloc(nrecs + 1, sizeof(*w->lists));
	for (i = 0; i < nrecs && !r.bad; i++, w->n++)
		read_list(&r, &w->lists[i]);
	return r.bad || r.p != r.end ? -1 : 0;
}

/* Fork worker k; *fd reads its report.  -1 if it could not start. */
static pid_t
worker_start(struct build *b, const struct target *t, int nt, int k, int *fd,
    const sigset_t *mask)
{
	int	p[2];
	pid_t	pid;

	if (pipe(p) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		staging_unblock(mask);
		worker_run(b, t, nt, k, p[1]);
	}
	close(p[1]);
	*fd = p[0];
	return pid;
}

/* Read worker pid's report from fd and wait for it; -1 if it failed. */
static int
worker_finish(struct build *b, pid_t pid, int fd, struct wreport *w)
{
	int	status, rc;

	rc = file_read_fd(fd, SIZE_MAX, &w->raw);
	close(fd);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = -1;
	if (w->raw.len > 0 && read_report(b, w) == -1)
		rc = -1;
	return rc;
}

/* Was each of units 0..n-1 taken once, by one worker?  owner[u]: which. */
static int
taken_once(const struct wreport *w, int nw, int *owner, size_t n)
{
	size_t	i, got = 0;
	int	k;

	for (i = 0; i < n; i++)
		owner[i] = -1;
	for (k = 0; k < nw; k++) {
		if (w[k].claims == NULL)
			return -1;
		for (i = 0; w[k].claims[i] >= 0; i++, got++)
			if ((size_t)w[k].claims[i] >= n ||
			    owner[w[k].claims[i]] != -1)
				return -1;
			else
				owner[w[k].claims[i]] = k;
	}
	return got == n ? 0 : -1;
}

/* Build order: by target, then in the sequence of the worker that had
 * the target (by target) or of all (by checklist). */
static int
cmp_rec(const void *pa, const void *pb)
{
	const struct wlist	*a = *(const struct wlist *const *)pa;
	const struct wlist	*b = *(const struct wlist *const *)pb;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return a->g < b->g ? -1 : a->g > b->g;
}

/*
 * Every record, checked and in build order (NULL if the reports
 * disagree: a target or checklist taken twice or never, a record that
 * is not its taker's, a checklist invalid); *n records.
 */
static const struct wlist **
in_order(const struct build *b, const struct wreport *w, int nw, int nt,
    size_t *n)
{
	const struct wlist	**v;
	size_t			  i, units = b->by_list ? w[0].nlists :
				    (size_t)nt;
	int			 *owner = xcalloc(units + 1, sizeof(int)), k;
	int			  bad = taken_once(w, nw, owner, units);

	*n = 0;
	for (k = 0; k < nw; k++) {
		bad |= w[k].lists == NULL || (b->by_list ?
		    w[k].nlists != w[0].nlists : w[k].n != w[k].nlists);
		*n += w[k].n;
	}
	v = xcalloc(*n + 1, sizeof(*v));
	for (*n = 0, k = 0; k < nw && !bad; k++)
		for (i = 0; i < w[k].n; i++) {
			const struct wlist *l = &w[k].lists[i];
			long long u = b->by_list ? l->g : l->target;

			bad |= !l->ok || u < 0 || (size_t)u >= units ||
			    owner[u] != k || l->target < 0 || l->target >= nt;
			v[(*n)++] = l;
		}
	free(owner);
	if (!bad)
		qsort(v, *n, sizeof(*v), cmp_rec);
	for (i = 1; i < *n && !bad; i++)
		bad = cmp_rec(&v[i - 1], &v[i]) == 0;
	if (bad) {
		free(v);
		return NULL;
	}
	return v;
}

/*
 * The workers' checklists in build order: their diagnostics as -j 1
 * would have added them, their summaries.  -1, having added nothing,
 * if the reports disagree.
 */
static int
jobs_merge(struct build *b, struct wreport *w, int nw, int nt)
{
	const struct wlist	**v;
	size_t			  i, n;

	if ((v = in_order(b, w, nw, nt, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		diag_append(b->d, v[i]->d);
		build_keep(b, &v[i]->e, v[i]->source);
	}
	b->nlists = n;
	free(v);
	return 0;
}

static void
wreport_free(struct wreport *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		diag_free(w->lists[i].d);
	free(w->lists);
	free(w->claims);
	buf_free(&w->raw);
}

/* Make the output directory (staged if new) before the workers fork,
 * so that they all write in it, and in the area the parent locks.  If
 * it cannot be made, the workers find out and say why. */
static void
prepare_outdir(struct build *b)
{
	struct diag	*scratch;

	if (b->check_only || b->outdir == NULL)
		return;
	scratch = diag_new();
	(void)staging_dir(&b->st, b->outdir, scratch);
	diag_free(scratch);
}

/* Start the workers, collect them; 0 when they all did their share. */
static int
jobs_run(struct build *b, const struct target *t, int nt, struct wreport *w)
{
	pid_t		pid[JOBS_MAX];
	sigset_t	mask;
	int		fd[JOBS_MAX], k, started, rc = 0;

	b->shared = mmap(NULL, sizeof(*b->shared), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b->shared == MAP_FAILED) {
		b->shared = NULL;
		return -1;
	}
	atomic_init(&b->shared->next, 0);
	/* A few targets are too few to share: the workers take their
	 * checklists then, each loading every project file. */
	b->by_list = nt < 4 * b->jobs;
	atomic_init(&b->shared->begun, 0);
	prepare_outdir(b);
	fflush(NULL);
	/* A signal that stops the parent stops its workers, each taking
	 * back its own stage: one that comes while they start waits until
	 * the parent knows them all. */
	staging_block(&mask);
	for (started = 0; started < b->jobs; started++)
		if ((pid[started] = worker_start(b, t, nt, started,
		    &fd[started], &mask)) == -1)
			break;
	if (started < b->jobs)
		rc = -1;
	staging_forward(pid, (size_t)started);
	staging_unblock(&mask);
	for (k = 0; k < started; k++)
		if (worker_finish(b, pid[k], fd[k], &w[k]) == -1)
			rc = -2;
	staging_forward(NULL, 0);
	munmap(b->shared, sizeof(*b->shared));
	b->shared = NULL;
	return rc;
}

/*
 * When a worker could not start or found anything wrong, everything
 * staged is taken back and the build done again alone: an error costs
 * a second pass, and -j never changes what is reported.  A worker that
 * died is an I/O failure.
 */
void
jobs_build(struct build *b, const struct target *t, int nt)
{
	struct wreport	*w = xcalloc((size_t)b->jobs, sizeof(*w));
	int		 k, rc, flags = 0;

	rc = jobs_run(b, t, nt, w);
	for (k = 0; k < b->jobs; k++)
		flags |= w[k].flags;
	if (rc == -2) {
		diag_add(b->d, NULL, DIAG_ERROR, "a build worker failed");
		b->failed = 1;
	} else if (rc == -1 || flags != 0 ||
	    jobs_merge(b, w, b->jobs, nt) == -1) {
		staging_abort(&b->st);
		b->nsite = b->nlists = 0;
		build_targets(b, t, nt);
	} else
		b->merged = 1;
	for (k = 0; k < b->jobs; k++)
		wreport_free(&w[k]);
	free(w);
}
