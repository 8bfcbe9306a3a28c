/*
 * chkc archive's last step: one run into the archive, under the lock.
 *
 *	1. roll back what an interrupted archive left (its intent)
 *	2. refuse a LOG whose chain is broken (chkc verify says where)
 *	3. name the entry: <version>-<date>, -2, -3 ... never reused
 *	4. bundle it, with its LOG sequence, time and previous hash
 *	5. write the bundle and the .md whole under .tmp/
 *	6. write the intent (.pending): the LOG line, the two paths and
 *	   the size of SUMMARY
 *	7. rename both into place; append the run's summary to SUMMARY;
 *	   rewrite index.md and index.html
 *	8. append the LOG line (the commit); remove the intent
 * A failure before 8 removes what was placed (and cuts SUMMARY back);
 * a kill leaves the intent.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "file.h"
#include "archive/internal.h"

struct add {
	const char			*dir;
	const struct archive_run	*r;
	struct arena			*a;
	struct log			 lg;
	struct diag			*d;
	const char			*name;		/* <version>-<date>[-N] */
	const char			*zip_rel, *md_rel;
	const char			*line;		/* the new LOG line */
	const char			*sha;		/* its bundle's, hex */
	struct buf			 zip;
	struct buf			 sum;		/* its SUMMARY chunk */
	const char			*sum_hex;	/* its hash, or NULL */
	long long			 sum_size;	/* SUMMARY's before */
};

static int
exists(const char *dir, const char *rel)
{
	struct stat	st;
	char		*p = xmalloc(strlen(dir) + strlen(rel) + 2);
	int		 rc;

	sprintf(p, "%s/%s", dir, rel);
	rc = lstat(p, &st) == 0;
	free(p);
	return rc;
}

/* A path an intent may name: relative, no "..", a .zip or .md. */
static int
safe_rel(const char *rel)
{
	size_t	n = strlen(rel);

	return n > 4 && rel[0] != '/' && strstr(rel, "..") == NULL &&
	    (strcmp(rel + n - 4, ".zip") == 0 || strcmp(rel + n - 3, ".md") == 0);
}

static int
in_log(const struct log *lg, const char *rel)
{
	size_t	i, n;

	for (i = 0; i < lg->n; i++) {
		if (!lg->v[i].valid)
			continue;
		n = strlen(lg->v[i].e.path);
		/* The bundle, or the .md beside it. */
		if (strcmp(lg->v[i].e.path, rel) == 0 || (n > 4 &&
		    strncmp(lg->v[i].e.path, rel, n - 4) == 0 &&
		    strcmp(rel + n - 4, ".md") == 0))
			return 1;
	}
	return 0;
}

/* Remove every file under dir/.tmp/ (only archives write there, and
 * the lock is held). */
static void
clear_tmp(const char *dir)
{
	char		*tdir = xmalloc(strlen(dir) + 16), *p;
	DIR		*dp;
	struct dirent	*de;

	sprintf(tdir, "%s/%s", dir, TMP_DIR);
	if ((dp = opendir(tdir)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = xmalloc(strlen(tdir) + strlen(de->d_name) + 2);
			sprintf(p, "%s/%s", tdir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	free(tdir);
}

/* Cut SUMMARY back to size bytes: what an archive that failed added. */
static void
cut_summary(struct add *x, long long size)
{
	const char	*path = arena_printf(x->a, "%s/%s", x->dir, SUMMARY_NAME);
	struct stat	 st;
	int		 fd;

	if (size < 0 || stat(path, &st) == -1 || st.st_size <= size ||
	    (fd = open(path, O_WRONLY)) == -1)
		return;
	if (ftruncate(fd, (off_t)size) == 0)
		fsync(fd);
	close(fd);
}

/* Undo an archive that did not reach its LOG line, as its intent says. */
static int
recover(struct add *x)
{
	struct buf	 b = { 0 };
	char		*path = arena_printf(x->a, "%s/%s", x->dir, INTENT_NAME);
	char		*line, *rel, *save = NULL;
	int		 committed;

	clear_tmp(x->dir);
	if (file_read(path, &b) == -1) {
		buf_free(&b);
		return errno == ENOENT ? 0 : -1;
	}
	line = strtok_r(b.data, "\n", &save);
	committed = line != NULL && x->lg.n > 0 &&
	    strcmp(x->lg.v[x->lg.n - 1].text, line) == 0;
	while (!committed && (rel = strtok_r(NULL, "\n", &save)) != NULL) {
		if (strncmp(rel, SUMMARY_NAME " ", sizeof(SUMMARY_NAME)) == 0) {
			cut_summary(x, atoll(rel + sizeof(SUMMARY_NAME)));
			continue;
		}
		if (!safe_rel(rel) || in_log(&x->lg, rel))
			continue;
		if (unlink(arena_printf(x->a, "%s/%s", x->dir, rel)) == 0)
			diag_add(x->d, NULL, DIAG_WARNING, "removed '%s/%s', "
			    "left by an archive that was interrupted", x->dir, rel);
	}
	buf_free(&b);
	unlink(path);
	file_sync_dir(x->dir);
	return 0;
}

/* The version as a file name: [A-Za-z0-9._+-], not hidden, not empty. */
static const char *
file_version(struct arena *a, const char *v)
{
	char	*s, *p;

	if (v == NULL || *v == '\0')
		v = "unversioned";
	s = arena_strndup(a, v, strnlen(v, 64));
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '+' || *p == '-'))
			*p = '-';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

/* The first of <version>-<date>, -2, -3 ... that nothing has used. */
static void
pick_name(struct add *x)
{
	const char	*base, *dir;
	int		 n;

	base = arena_printf(x->a, "%s-%s", file_version(x->a, x->r->version),
	    x->r->date);
	dir = arena_printf(x->a, "%s/%s", x->r->project, x->r->checklist);
	for (n = 1; ; n++) {
		x->name = n == 1 ? base : arena_printf(x->a, "%s-%d", base, n);
		x->zip_rel = arena_printf(x->a, "%s/%s.zip", dir, x->name);
		x->md_rel = arena_printf(x->a, "%s/%s.md", dir, x->name);
		if (!exists(x->dir, x->zip_rel) && !exists(x->dir, x->md_rel) &&
		    !in_log(&x->lg, x->zip_rel) && !in_log(&x->lg, x->md_rel))
			return;
	}
}

/* A bag-info value on one line. */
static const char *
one_line(struct arena *a, const char *s)
{
	char	*c = arena_strdup(a, s != NULL ? s : ""), *p;

	for (p = c; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return c;
}

/* bag-info.txt lines of the run's bundle. */
static const char **
run_info(struct add *x, const char *time, const char *prev, size_t *n)
{
	const struct archive_run	*r = x->r;
	const char			**v = arena_alloc(x->a, 24 * sizeof(char *));
	struct buf			 s = { 0 };
	size_t				 i, k = 0;

	for (i = 0; i < r->nsigners; i++)
		buf_printf(&s, "%s%s", i > 0 ? "; " : "", r->signers[i]);
	v[k++] = arena_printf(x->a, "External-Identifier: %s/%s %s",
	    r->project, r->checklist, one_line(x->a, r->version));
	v[k++] = arena_printf(x->a, "Chkc-Project: %s", r->project);
	v[k++] = arena_printf(x->a, "Chkc-Checklist: %s", r->checklist);
	v[k++] = arena_printf(x->a, "Chkc-Checklist-Hash: %s", r->hash);
	v[k++] = arena_printf(x->a, "Chkc-Revision: %d", r->revision);
	v[k++] = arena_printf(x->a, "Chkc-Run-Version: %s",
	    one_line(x->a, r->version));
	v[k++] = arena_printf(x->a, "Chkc-Run-Date: %s", r->date);
	v[k++] = arena_printf(x->a, "Chkc-Run-Outcome: %s",
	    r->outcome != NULL ? r->outcome : "none");
	v[k++] = arena_printf(x->a, "Chkc-Run-Completion: %d", r->percent);
	v[k++] = arena_printf(x->a, "Chkc-Run-Complete: %s",
	    r->complete ? "yes" : "no");
	v[k++] = arena_printf(x->a, "Chkc-Run-Unsigned: %zu", r->nunsigned);
	v[k++] = arena_printf(x->a, "Chkc-Run-Signers: %s",
	    one_line(x->a, buf_str(&s)));
	/* Only with signed sign-offs: other bundles stay as they were. */
	if (r->keys != NULL || r->keys_required) {
		v[k++] = arena_printf(x->a, "Chkc-Run-Keys: %s",
		    r->keys != NULL ? r->keys : "none");
		v[k++] = arena_printf(x->a, "Chkc-Run-Keys-Required: %s",
		    r->keys_required ? "yes" : "no");
		v[k++] = arena_printf(x->a, "Chkc-Run-Keys-Missing: %zu",
		    r->keys_missing);
	}
	v[k++] = arena_printf(x->a, "Chkc-Log-Sequence: %zu", x->lg.n + 1);
	v[k++] = arena_printf(x->a, "Chkc-Log-Time: %s", time);
	v[k++] = arena_printf(x->a, "Chkc-Log-Previous: sha256:%s", prev);
	buf_free(&s);
	*n = k;
	return v;
}

/* The run's chunk of SUMMARY, made from its bundle as chkc verify
 * makes it again; a bundle that does not read as a run (it always
 * does) is archived without. */
static void
make_summary(struct add *x)
{
	struct buf		 b = { 0 };
	struct summary_chunk	*c;
	struct ptrvec		 known = { 0 };
	struct report_versions	 vs = { x->a, { 0 } };
	struct bundle_bag	 bag;
	struct diag		*d;
	size_t			 i, n;
	char			 hex[65];

	if (file_read(arena_printf(x->a, "%s/%s", x->dir, SUMMARY_NAME),
	    &b) == -1)
		buf_puts(&b, "");
	x->sum_size = (long long)b.len;
	report_summary_split(x->a, b.data, b.len, &c, &n);
	for (i = 0; i < n; i++)
		report_summary_versions(x->a, &c[i], &known);
	d = diag_new();
	if (bundle_read(x->a, x->zip_rel, x->zip.data, x->zip.len, &bag,
	    d) == 0 && report_summary(&vs, &known, x->lg.n + 1, &bag,
	    x->zip.len, &x->sum) == 0) {
		bundle_sha256(x->sum.data, x->sum.len, hex);
		x->sum_hex = arena_strdup(x->a, hex);
	}
	diag_free(d);
	ptrvec_free(&known);
	ptrvec_free(&vs.v);
	buf_free(&b);
}

/* The bundle of the run and its LOG line. */
static int
make_bundle(struct add *x)
{
	struct bundle	 bg;
	const char	*time = archive_time(x->a, x->r->epoch);
	char		 prev[65], sha[65];

	if (x->lg.n > 0)
		log_hash(x->lg.v[x->lg.n - 1].text, prev);
	else
		strcpy(prev, ZERO_HASH);
	memset(&bg, 0, sizeof(bg));
	bg.name = x->name;
	bg.files = x->r->files;
	bg.nfiles = x->r->nfiles;
	bg.info = run_info(x, time, prev, &bg.ninfo);
	bg.epoch = x->r->epoch;
	if (bundle_write(&bg, &x->zip, x->d) == -1)
		return -1;
	bundle_sha256(x->zip.data, x->zip.len, sha);
	make_summary(x);
	x->line = log_format(x->a, x->lg.n + 1, time, x->zip_rel, sha, prev,
	    x->r->keys, x->sum_hex);
	x->sha = arena_strdup(x->a, sha);
	return 0;
}

/* Every entry of the LOG, plus the new one (its bundle is in place);
 * the report reads their bundles, or its cache of them. */
static int
write_index(struct add *x, int with_new)
{
	struct archive_entry	*e;
	size_t			 i, n = 0;

	e = arena_alloc(x->a, (x->lg.n + 2) * sizeof(*e));
	for (i = 0; i < x->lg.n; i++)
		if (x->lg.v[i].valid)
			e[n++] = x->lg.v[i].e;
	if (with_new) {
		e[n].seq = x->lg.n + 1;
		e[n].path = x->zip_rel;
		e[n].summary = x->sum_hex;
		e[n++].sha256 = x->sha;
	}
	return archive_index(x->dir, x->r->site, e, n, x->d);
}

/* Append text to dir/name and make it durable; on failure the file is
 * cut back to what it was. */
static int
append_to(struct add *x, const char *name, const char *text, size_t len)
{
	char		*path = arena_printf(x->a, "%s/%s", x->dir, name);
	struct loc	 at = { path, 0, 0 };
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1 ||
	    fstat(fd, &st) == -1) {
		diag_add(x->d, &at, DIAG_ERROR, "cannot open: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (file_write_all(fd, text, len) == -1 || fsync(fd) == -1) {
		diag_add(x->d, &at, DIAG_ERROR, "cannot append: %s",
		    strerror(errno));
		if (ftruncate(fd, st.st_size) == 0)
			fsync(fd);
		close(fd);
		return -1;
	}
	close(fd);
	file_sync_dir(x->dir);
	return 0;
}

/* The LOG line: the commit. */
static int
append_log(struct add *x)
{
	const char	*text = arena_printf(x->a, "%s\n", x->line);

	return append_to(x, LOG_NAME, text, strlen(text));
}

/* The run's summary, before the index that reads it. */
static int
append_summary(struct add *x)
{
	if (x->sum_hex == NULL)
		return 0;
	return append_to(x, SUMMARY_NAME, x->sum.data, x->sum.len);
}

/* The payload file at path (the filled Markdown), or NULL. */
static const struct bundle_file *
payload(const struct archive_run *r, const char *path)
{
	size_t	i;

	for (i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].path, path) == 0)
			return &r->files[i];
	return NULL;
}

/* Undo steps 6 and 7 after a failure (the lock is still held). */
static void
roll_back(struct add *x, int placed)
{
	if (placed) {
		unlink(arena_printf(x->a, "%s/%s", x->dir, x->zip_rel));
		unlink(arena_printf(x->a, "%s/%s", x->dir, x->md_rel));
		cut_summary(x, x->sum_size);
		write_index(x, 0);
	}
	unlink(arena_printf(x->a, "%s/%s", x->dir, INTENT_NAME));
	file_sync_dir(x->dir);
}

/* Steps 4 to 8. */
static int
commit(struct add *x)
{
	const struct bundle_file	*md = payload(x->r, x->r->md);
	char				*tzip = NULL, *tmd = NULL;
	const char			*intent;
	int				 rc = -1;

	if (md == NULL || make_bundle(x) == -1)
		return -1;
	intent = arena_printf(x->a, "%s\n%s\n%s\n%s %lld\n", x->line,
	    x->zip_rel, x->md_rel, SUMMARY_NAME, x->sum_size);
	if ((tzip = archive_temp(x->dir, x->zip.data, x->zip.len, x->d)) == NULL ||
	    (tmd = archive_temp(x->dir, md->data, md->len, x->d)) == NULL ||
	    archive_write(x->dir, INTENT_NAME, intent, strlen(intent), x->d) == -1)
		goto out;
	if (archive_place(x->dir, tzip, x->zip_rel, x->d) == -1 ||
	    archive_place(x->dir, tmd, x->md_rel, x->d) == -1 ||
	    append_summary(x) == -1 || write_index(x, 1) == -1 ||
	    append_log(x) == -1) {
		roll_back(x, 1);
		goto out;
	}
	unlink(arena_printf(x->a, "%s/%s", x->dir, INTENT_NAME));
	file_sync_dir(x->dir);
	rc = 0;
out:
	if (rc == -1) {
		if (tzip != NULL)
			unlink(tzip);
		if (tmd != NULL)
			unlink(tmd);
		if (tzip != NULL && tmd != NULL)
			roll_back(x, 0);
	}
	free(tzip);
	free(tmd);
	return rc;
}

int
archive_add(const char *dir, const struct archive_run *r, char **placed,
    struct diag *d)
{
	static const char ignore[] = "/" LOCK_NAME "\n/" INTENT_NAME "\n/"
	    TMP_DIR "/\n/" CACHE_NAME "\n";
	struct add	x;
	size_t		bad;
	int		fd, rc = -1;

	memset(&x, 0, sizeof(x));
	x.dir = dir;
	x.r = r;
	x.d = d;
	x.a = arena_new();
	*placed = NULL;
	if (archive_mkdir(dir, d) == -1 || (fd = archive_lock(dir, 1, d)) < 0)
		goto out;
	/* The lock, intent and temporaries are not the archive's content. */
	if (!exists(dir, IGNORE_NAME))
		archive_write(dir, IGNORE_NAME, ignore, sizeof(ignore) - 1, d);
	if (log_read(dir, x.a, &x.lg, d) == 0 && recover(&x) == 0) {
		if ((bad = log_broken(&x.lg)) != 0) {
			struct loc at = { arena_printf(x.a, "%s/%s", dir,
			    LOG_NAME), (int)bad, 1 };

			diag_add(d, &at, DIAG_ERROR, "the LOG chain is broken at "
			    "line %zu; nothing is appended to it (run 'chkc "
			    "verify %s')", bad, dir);
		} else {
			pick_name(&x);
			if ((rc = commit(&x)) == 0)
				*placed = xstrdup(x.zip_rel);
		}
	}
	archive_unlock(fd);
out:
	buf_free(&x.zip);
	buf_free(&x.sum);
	arena_free(x.a);
	return rc;
}
