/*
 * chkc verify: the archive against its LOG, the LOG against itself,
 * every bundle against its own manifests, and nothing unaccounted for.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "chkc.h"
#include "diag.h"
#include "archive/internal.h"

struct vf {
	const char	*dir;
	struct arena	*a;
	struct diag	*d;
	struct log	 lg;
	const char	*log_path;
	char		**pending;	/* what an interrupted archive placed */
	size_t		  npending;
	int		  pending_summary; /* and added to SUMMARY */
	struct buf		 sum;		/* SUMMARY */
	struct summary_chunk	*chunks;
	size_t			 nchunks;
	char			*used;		/* per chunk: a LOG line's */
	struct ptrvec		 vhashes;	/* their V records, in order */
	struct report_versions	 vs;		/* read from bundles */
	size_t			*vbefore;	/* per chunk: how many before */
};

static struct loc
log_loc(const struct vf *v, int line)
{
	struct loc	at = { v->log_path, line, 1 };

	return at;
}

/* The LOG itself: format, sequence, chain, duplicates, a cut end. */
static void
check_chain(struct vf *v)
{
	const struct log_line	*l;
	struct loc		 at;
	char			 hex[65];
	size_t			 i, j;

	for (i = 0; i < v->lg.n; i++) {
		l = &v->lg.v[i];
		at = log_loc(v, l->lineno);
		if (!l->valid) {
			diag_add(v->d, &at, DIAG_ERROR, "malformed LOG line "
			    "(edited?): '%.60s'", l->text);
			continue;
		}
		if (l->e.seq != i + 1)
			diag_add(v->d, &at, DIAG_ERROR, "entry '%s': sequence "
			    "number %zu on line %zu (LOG lines reordered, "
			    "removed or added)", l->e.path, l->e.seq, i + 1);
		if (i == 0)
			strcpy(hex, ZERO_HASH);
		else
			log_hash(v->lg.v[i - 1].text, hex);
		if (strcmp(l->e.prev, hex) != 0)
			diag_add(v->d, &at, DIAG_ERROR, "entry '%s': does not "
			    "chain to line %zu (a line before it was edited, "
			    "removed or reordered)", l->e.path, i);
		for (j = 0; j < i; j++)
			if (v->lg.v[j].valid &&
			    strcmp(v->lg.v[j].e.path, l->e.path) == 0)
				diag_add(v->d, &at, DIAG_ERROR, "entry '%s' is "
				    "also on line %zu", l->e.path, j + 1);
	}
	if (v->lg.cut) {
		at = log_loc(v, (int)v->lg.n);
		diag_add(v->d, &at, DIAG_ERROR, "the last LOG line is cut short "
		    "(LOG truncated)");
	}
}

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* What the bundle recorded of its LOG line must be the line. */
static void
cross_check(struct vf *v, const struct log_line *l,
    const struct bundle_bag *bag)
{
	const struct archive_entry	*e = &l->e;
	struct loc			 at = log_loc(v, l->lineno);
	const char			*what[5], *inbag[5], *inlog[5];
	size_t				 i;

	what[0] = "sequence number";
	inbag[0] = bundle_info(bag, "Chkc-Log-Sequence");
	inlog[0] = arena_printf(v->a, "%zu", e->seq);
	what[1] = "time";
	inbag[1] = bundle_info(bag, "Chkc-Log-Time");
	inlog[1] = e->time;
	what[2] = "previous line";
	inbag[2] = bundle_info(bag, "Chkc-Log-Previous");
	inlog[2] = arena_printf(v->a, "sha256:%s", e->prev);
	what[3] = "place";
	inbag[3] = arena_printf(v->a, "%s/%s/%s.zip",
	    or_empty(bundle_info(bag, "Chkc-Project")),
	    or_empty(bundle_info(bag, "Chkc-Checklist")), or_empty(bag->name));
	inlog[3] = e->path;
	what[4] = "signers' keys";
	inbag[4] = bundle_info(bag, "Chkc-Run-Keys");
	inbag[4] = inbag[4] != NULL && strcmp(inbag[4], "none") != 0 ?
	    inbag[4] : "";
	inlog[4] = e->keys != NULL ? e->keys : "";
	for (i = 0; i < 5; i++)
		if (inbag[i] == NULL || strcmp(inbag[i], inlog[i]) != 0)
			diag_add(v->d, &at, DIAG_ERROR, "entry '%s': the LOG line "
			    "does not match its bundle (%s '%s' in the LOG, '%s' "
			    "in the bundle; LOG line edited?)", e->path, what[i],
			    inlog[i], or_empty(inbag[i]));
}

/* The .md beside a bundle is the bundle's data/<checklist>.md. */
static void
check_md(struct vf *v, const struct log_line *l,
    const struct bundle_bag *bag)
{
	const struct bundle_file	*f;
	const char			*rel, *path;
	struct buf			 b = { 0 };
	struct loc			 at = { NULL, 0, 0 };
	size_t				 n = strlen(l->e.path);

	rel = arena_printf(v->a, "%.*s.md", (int)(n - 4), l->e.path);
	path = arena_printf(v->a, "%s/%s", v->dir, rel);
	at.file = path;
	f = bundle_find(bag, arena_printf(v->a, "data/%s.md",
	    or_empty(bundle_info(bag, "Chkc-Checklist"))));
	if (file_read(path, &b) == -1)
		diag_add(v->d, &at, DIAG_ERROR, "missing: the checklist of "
		    "entry '%s' (deleted?)", l->e.path);
	else if (f == NULL || f->len != b.len || memcmp(f->data, b.data,
	    b.len) != 0)
		diag_add(v->d, &at, DIAG_ERROR, "differs from the checklist in "
		    "bundle '%s' (edited)", l->e.path);
	buf_free(&b);
}

/* SUMMARY, cut into chunks, and the versions each has before it. */
static void
read_summary(struct vf *v)
{
	size_t	i;

	if (file_read(arena_printf(v->a, "%s/%s", v->dir, SUMMARY_NAME),
	    &v->sum) == -1)
		buf_puts(&v->sum, "");
	report_summary_split(v->a, v->sum.data, v->sum.len, &v->chunks,
	    &v->nchunks);
	v->used = arena_alloc(v->a, v->nchunks + 1);
	v->vbefore = arena_alloc(v->a, (v->nchunks + 1) * sizeof(size_t));
	for (i = 0; i < v->nchunks; i++) {
		v->vbefore[i] = v->vhashes.n;
		report_summary_versions(v->a, &v->chunks[i], &v->vhashes);
	}
}

/* The chunk of SUMMARY that entry e's LOG line names is that line's
 * and, when the bundle is the LOG's (bag not NULL: read and checked),
 * what its bundle says. */
static void
check_summary(struct vf *v, const struct log_line *l,
    const struct bundle_bag *bag, size_t size)
{
	const struct archive_entry	*e = &l->e;
	struct loc			 at = log_loc(v, l->lineno);
	struct ptrvec			 known = { 0 };
	struct buf			 want = { 0 };
	size_t				 i, k;

	if (e->summary == NULL)
		return;		/* archived before summaries */
	for (k = 0; k < v->nchunks && (v->used[k] ||
	    v->chunks[k].seq != e->seq); k++)
		;
	if (k == v->nchunks) {
		diag_add(v->d, &at, DIAG_ERROR, "entry '%s': its summary is "
		    "missing from %s (cut or edited)", e->path, SUMMARY_NAME);
		return;
	}
	v->used[k] = 1;
	if (strcmp(v->chunks[k].hash, e->summary) != 0) {
		diag_add(v->d, &at, DIAG_ERROR, "entry '%s': its summary in %s "
		    "differs from its LOG line (edited)", e->path, SUMMARY_NAME);
		return;
	}
	for (i = 0; i < v->vbefore[k]; i++)
		ptrvec_push(&known, v->vhashes.v[i]);
	if (bag != NULL && (report_summary(&v->vs, &known, e->seq, bag, size,
	    &want) == -1 || want.len != v->chunks[k].len ||
	    memcmp(want.data, v->chunks[k].text, want.len) != 0))
		diag_add(v->d, &at, DIAG_ERROR, "entry '%s': its summary in %s "
		    "is not what its bundle says", e->path, SUMMARY_NAME);
	ptrvec_free(&known);
	buf_free(&want);
}

/* Chunks of SUMMARY that no LOG line names. */
static void
check_summary_extra(struct vf *v)
{
	struct loc	at = { NULL, 0, 0 };
	size_t		i;

	at.file = arena_printf(v->a, "%s/%s", v->dir, SUMMARY_NAME);
	for (i = 0; i < v->nchunks; i++) {
		if (v->used[i])
			continue;
		if (i == v->nchunks - 1 && v->pending_summary)
			diag_add(v->d, &at, DIAG_WARNING, "its last summary was "
			    "left by an archive that was interrupted before its "
			    "LOG line; the next 'chkc archive' removes it");
		else if (v->chunks[i].seq == 0)
			diag_add(v->d, &at, DIAG_ERROR, "ends with a summary cut "
			    "short (edited?)");
		else
			diag_add(v->d, &at, DIAG_ERROR, "a summary of entry %zu, "
			    "which no LOG line names (added, edited, or LOG "
			    "truncated)", v->chunks[i].seq);
	}
}

/* One LOG entry: its bundle's hash, bag, LOG fields, .md; fills e. */
static void
check_entry(struct vf *v, struct log_line *l)
{
	struct archive_entry	*e = &l->e;
	struct bundle_bag	 bag;
	struct buf		 b = { 0 };
	struct loc		 at = log_loc(v, l->lineno);
	char			 hex[65], *path;
	int			 before = diag_errors(v->d), ok;

	path = arena_printf(v->a, "%s/%s", v->dir, e->path);
	if (strstr(e->path, "..") != NULL || e->path[0] == '/' ||
	    strlen(e->path) < 5 || strcmp(e->path + strlen(e->path) - 4,
	    ".zip") != 0) {
		diag_add(v->d, &at, DIAG_ERROR, "entry '%s': not a bundle path "
		    "of the archive", e->path);
		return;
	}
	if (file_read(path, &b) == -1) {
		diag_add(v->d, &at, DIAG_ERROR, "entry '%s': bundle missing "
		    "(%s)", e->path, strerror(errno));
		check_summary(v, l, NULL, 0);
		buf_free(&b);
		return;
	}
	bundle_sha256(b.data, b.len, hex);
	at.file = path;
	at.line = at.col = 0;
	if (strcmp(hex, e->sha256) != 0)
		diag_add(v->d, &at, DIAG_ERROR, "SHA-256 differs from LOG line "
		    "%d (bundle changed since it was archived)", l->lineno);
	ok = strcmp(hex, e->sha256) == 0;
	if (bundle_read(v->a, path, b.data, b.len, &bag, v->d) == 0) {
		ok = bundle_check(&bag, path, v->d) == 0 && ok;
		cross_check(v, l, &bag);
		check_md(v, l, &bag);
		archive_entry_info(v->a, e, b.data, b.len);
	} else
		ok = 0;
	check_summary(v, l, ok ? &bag : NULL, b.len);
	e->ok = diag_errors(v->d) == before;
	buf_free(&b);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file under dir/rel, as paths relative to dir. */
static void
list_files(const char *dir, const char *rel, struct ptrvec *out)
{
	char		*path = xmalloc(strlen(dir) + strlen(rel) + 2), *sub;
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;

	sprintf(path, "%s%s%s", dir, *rel ? "/" : "", rel);
	if ((dp = opendir(path)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			sub = xmalloc(strlen(rel) + strlen(de->d_name) + 2);
			sprintf(sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
			free(path);
			path = xmalloc(strlen(dir) + strlen(sub) + 2);
			sprintf(path, "%s/%s", dir, sub);
			if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				list_files(dir, sub, out);
				free(sub);
			} else
				ptrvec_push(out, sub);
		}
		closedir(dp);
	}
	free(path);
}

static int
accounted(const struct vf *v, const char *rel)
{
	size_t	i, n;

	for (i = 0; i < v->lg.n; i++) {
		if (!v->lg.v[i].valid)
			continue;
		n = strlen(v->lg.v[i].e.path);
		if (strcmp(rel, v->lg.v[i].e.path) == 0 || (n > 4 &&
		    strlen(rel) == n - 1 && strncmp(rel, v->lg.v[i].e.path,
		    n - 4) == 0 && strcmp(rel + n - 4, ".md") == 0))
			return 1;
	}
	return 0;
}

static int
is_pending(const struct vf *v, const char *rel)
{
	size_t	i;

	for (i = 0; i < v->npending; i++)
		if (strcmp(v->pending[i], rel) == 0)
			return 1;
	return 0;
}

/* Files the LOG does not account for. */
static void
check_extra(struct vf *v)
{
	struct ptrvec	 files = { 0 };
	struct loc	 at = { NULL, 0, 0 };
	const char	*rel;
	size_t		 i;

	list_files(v->dir, "", &files);
	if (files.n > 0)
		qsort(files.v, files.n, sizeof(char *), cmp_str);
	for (i = 0; i < files.n; i++) {
		rel = files.v[i];
		at.file = arena_printf(v->a, "%s/%s", v->dir, rel);
		if (strcmp(rel, LOG_NAME) == 0 || strcmp(rel, "index.md") == 0 ||
		    strcmp(rel, "index.html") == 0 ||
		    strcmp(rel, LOCK_NAME) == 0 || strcmp(rel, CACHE_NAME) == 0 ||
		    strcmp(rel, SUMMARY_NAME) == 0 ||
		    strcmp(rel, IGNORE_NAME) == 0 || accounted(v, rel))
			continue;
		if (strcmp(rel, INTENT_NAME) == 0 ||
		    strncmp(rel, TMP_DIR "/", sizeof(TMP_DIR)) == 0 ||
		    is_pending(v, rel))
			diag_add(v->d, &at, DIAG_WARNING, "left by an archive that "
			    "was interrupted before its LOG line; the next 'chkc "
			    "archive' removes it");
		else
			diag_add(v->d, &at, DIAG_ERROR, "not in LOG (an extra file, "
			    "or LOG was truncated)");
	}
	for (i = 0; i < files.n; i++)
		free(files.v[i]);
	ptrvec_free(&files);
}

/* The paths an interrupted archive's intent names, unless committed. */
static void
read_pending(struct vf *v)
{
	struct buf	 b = { 0 };
	char		*line, *rel, *save = NULL;

	if (file_read(arena_printf(v->a, "%s/%s", v->dir,
	    INTENT_NAME), &b) == 0 &&
	    (line = strtok_r(b.data, "\n", &save)) != NULL &&
	    (v->lg.n == 0 || strcmp(v->lg.v[v->lg.n - 1].text, line) != 0)) {
		v->pending = arena_alloc(v->a, 3 * sizeof(char *));
		while ((rel = strtok_r(NULL, "\n", &save)) != NULL) {
			if (strncmp(rel, SUMMARY_NAME " ",
			    sizeof(SUMMARY_NAME)) == 0)
				v->pending_summary = 1;
			else if (v->npending < 2)
				v->pending[v->npending++] = arena_strdup(v->a,
				    rel);
		}
	}
	buf_free(&b);
}

struct archive_progress archive_progress;

int
archive_verify(const char *dir, struct arena *a,
    struct archive_entry **entries, size_t *n, struct diag *d)
{
	struct vf	 v;
	struct stat	 st;
	struct loc	 at = { dir, 0, 0 };
	int		 fd, before = diag_errors(d);
	size_t		 i;

	memset(&v, 0, sizeof(v));
	v.dir = dir;
	v.a = a;
	v.d = d;
	v.log_path = arena_printf(a, "%s/%s", dir, LOG_NAME);
	v.vs.a = a;
	*entries = NULL;
	*n = 0;
	errno = 0;
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		diag_add(d, &at, DIAG_ERROR, "no archive here: %s",
		    errno ? strerror(errno) : "not a directory");
		return -1;
	}
	if ((fd = archive_lock(dir, 0, d)) == -1)
		return -1;
	if (log_read(dir, a, &v.lg, d) == 0) {
		read_pending(&v);
		read_summary(&v);
		check_chain(&v);
		for (i = 0; i < v.lg.n; i++) {
			if (archive_progress.step != NULL)
				archive_progress.step(archive_progress.arg, i,
				    v.lg.n);
			if (v.lg.v[i].valid)
				check_entry(&v, &v.lg.v[i]);
		}
		check_extra(&v);
		check_summary_extra(&v);
		*entries = arena_alloc(a, (v.lg.n + 1) * sizeof(**entries));
		for (i = 0; i < v.lg.n; i++)
			if (v.lg.v[i].valid)
				(*entries)[(*n)++] = v.lg.v[i].e;
	}
	archive_unlock(fd);
	buf_free(&v.sum);
	ptrvec_free(&v.vhashes);
	ptrvec_free(&v.vs.v);
	return diag_errors(d) - before;
}
