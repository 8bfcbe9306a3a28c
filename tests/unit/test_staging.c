/*
 * The stage (src/cli/staging.c): a new directory is staged in a hidden
 * area and renamed into place at commit, a file in an existing one is
 * renamed from a temporary beside it; abort leaves nothing; a leftover
 * area is removed only when no process holds it and it is not new.
 */
#define _DEFAULT_SOURCE		/* flock() */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "file.h"
#include "cli/cli.h"
#include "harness.h"

static char	root[] = "/tmp/chkc-staging-XXXXXX";

/* root/rel (a static buffer). */
static const char *
at(const char *rel)
{
	static char	p[4][512];
	static int	k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", root, rel);
	return p[k];
}

static int
is_dir(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Does path hold data? */
static int
holds(const char *path, const char *data)
{
	struct buf	b = { 0 };
	int		ok;

	ok = file_read(path, &b) == 0 && strcmp(buf_str(&b), data) == 0;
	buf_free(&b);
	return ok;
}

/* The number of entries of dir whose name starts with prefix. */
static int
count(const char *dir, const char *prefix)
{
	struct dirent	*de;
	DIR		*dp;
	int		 n = 0;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(dp);
	return n;
}

static int
put(struct staging *s, const char *rel, const char *data, struct diag *d)
{
	return staging_file(s, at(rel), data, strlen(data), d);
}

static void
test_new_dir(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();

	CHECK(put(&s, "new/a/x", "x", d) == 0);
	CHECK(put(&s, "new//./y", "y", d) == 0);
	CHECK(staging_new_dir(&s, at("new/a/x")));
	/* Nothing under its name before commit, one hidden area. */
	CHECK(!is_dir(at("new")));
	CHECK(count(root, ".chkc-stage-") == 1);
	CHECK(staging_commit(&s, d) == 0);
	CHECK(holds(at("new/a/x"), "x") && holds(at("new/y"), "y"));
	CHECK(count(root, ".chkc-stage-") == 0);
	CHECK(count(at("new/a"), "x.tmp") == 0);
	CHECK(diag_count(d) == 0);
	diag_free(d);
}

static void
test_existing_dir(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();

	CHECK(mkdir(at("old"), 0777) == 0);
	CHECK(put(&s, "old/x", "x", d) == 0);
	CHECK(!staging_new_dir(&s, at("old/x")));
	/* A temporary beside its place, no area. */
	CHECK(count(at("old"), "x.tmp") == 1 && count(root, ".chkc-") == 0);
	CHECK(staging_commit(&s, d) == 0);
	CHECK(holds(at("old/x"), "x") && count(at("old"), "x.tmp") == 0);
	diag_free(d);
}

/* A file taken back is not committed: its temporary is the caller's
 * to read and remove; the others are committed as staged. */
static void
test_take(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();
	char		*tmp;

	CHECK(mkdir(at("take"), 0777) == 0);
	CHECK(put(&s, "take/a", "a", d) == 0);
	CHECK(put(&s, "take/b", "b", d) == 0);
	CHECK(put(&s, "take/c", "c", d) == 0);
	CHECK(staging_take(&s, at("take/none")) == NULL);
	tmp = staging_take(&s, at("take/b"));
	CHECK(tmp != NULL && holds(tmp, "b") && s.n == 2);
	CHECK(staging_take(&s, at("take/b")) == NULL);
	CHECK(staging_commit(&s, d) == 0);
	CHECK(holds(at("take/a"), "a") && holds(at("take/c"), "c"));
	CHECK(access(at("take/b"), F_OK) == -1);
	CHECK(tmp != NULL && unlink(tmp) == 0);
	CHECK(count(at("take"), "b") == 0);
	free(tmp);
	diag_free(d);
}

static void
test_abort(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();

	CHECK(put(&s, "gone/a/x", "x", d) == 0);
	CHECK(put(&s, "old/gone", "x", d) == 0);
	staging_abort(&s);
	CHECK(!is_dir(at("gone")) && access(at("old/gone"), F_OK) == -1);
	CHECK(count(root, ".chkc-stage-") == 0 && count(at("old"), "gone") == 0);
	diag_free(d);
}

/*
 * Files one after another in the same directory, new or existing, and
 * back to one: each lands where its path says (the ones after the first
 * in a directory are written relative to it).  Commit forgets where the
 * files went: the same directory, now in place, gets temporaries.
 */
static void
test_same_dir(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();

	CHECK(mkdir(at("keep"), 0777) == 0);
	CHECK(put(&s, "fresh/p/a", "a", d) == 0);
	CHECK(put(&s, "fresh/p/b", "b", d) == 0);
	CHECK(put(&s, "fresh/p/c", "c", d) == 0);
	CHECK(put(&s, "keep/a", "ka", d) == 0);
	CHECK(put(&s, "keep/b", "kb", d) == 0);
	CHECK(put(&s, "fresh/./p/e", "e", d) == 0);
	CHECK(put(&s, "fresh/p/d", "d", d) == 0);
	CHECK(!is_dir(at("fresh")) && count(root, ".chkc-stage-") == 1);
	CHECK(count(at("keep"), "a.tmp") == 1 && count(at("keep"), "b.tmp") == 1);
	CHECK(staging_commit(&s, d) == 0);
	CHECK(holds(at("fresh/p/a"), "a") && holds(at("fresh/p/b"), "b"));
	CHECK(holds(at("fresh/p/c"), "c") && holds(at("fresh/p/d"), "d"));
	CHECK(holds(at("fresh/p/e"), "e"));
	CHECK(holds(at("keep/a"), "ka") && holds(at("keep/b"), "kb"));
	CHECK(count(at("keep"), "") == 4 && count(at("fresh/p"), "") == 7);
	CHECK(put(&s, "fresh/p/a", "a2", d) == 0);
	CHECK(put(&s, "fresh/p/b", "b2", d) == 0);
	CHECK(count(at("fresh/p"), "a.tmp") == 1);
	CHECK(count(at("fresh/p"), "b.tmp") == 1);
	staging_abort(&s);
	CHECK(holds(at("fresh/p/a"), "a") && holds(at("fresh/p/b"), "b"));
	CHECK(count(at("fresh/p"), "") == 7);
	CHECK(diag_count(d) == 0);
	diag_free(d);
}

/* Another process made the directory meanwhile: the two merge. */
static void
test_made_meanwhile(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();

	CHECK(put(&s, "both/a/x", "x", d) == 0);
	CHECK(put(&s, "both/y", "new", d) == 0);
	CHECK(mkdir(at("both"), 0777) == 0 && mkdir(at("both/a"), 0777) == 0);
	CHECK(file_new_at(AT_FDCWD, at("both/a/z"), "z", 1, 0, NULL) == 0);
	CHECK(file_new_at(AT_FDCWD, at("both/y"), "old", 3, 0, NULL) == 0);
	CHECK(staging_commit(&s, d) == 0);
	CHECK(holds(at("both/a/x"), "x") && holds(at("both/a/z"), "z"));
	CHECK(holds(at("both/y"), "new"));
	CHECK(count(root, ".chkc-stage-") == 0);
	diag_free(d);
}

/* A FILE_SYNC stage, and a path with ".." after a new directory, make
 * their directories in place, as before areas. */
static void
test_in_place(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();

	s.flags = FILE_SYNC;
	CHECK(put(&s, "sync/x", "x", d) == 0);
	CHECK(is_dir(at("sync")) && count(root, ".chkc-stage-") == 0);
	CHECK(staging_commit(&s, d) == 0 && holds(at("sync/x"), "x"));
	CHECK(put(&s, "up/../down/x", "x", d) == 0);
	CHECK(is_dir(at("down")) && count(root, ".chkc-stage-") == 0);
	CHECK(staging_commit(&s, d) == 0 && holds(at("down/x"), "x"));
	diag_free(d);
}

/* An area at rel, with a file in it, its time age seconds ago. */
static void
leftover(const char *rel, int age)
{
	struct timeval	tv[2];
	char		file[512];

	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= age;
	tv[1] = tv[0];
	snprintf(file, sizeof(file), "%s/out", at(rel));
	CHECK(mkdir(at(rel), 0777) == 0 && mkdir(file, 0777) == 0);
	strcat(file, "/x.html");
	CHECK(file_new_at(AT_FDCWD, file, "x", 1, 0, NULL) == 0);
	CHECK(utimes(at(rel), tv) == 0);
}

static void
test_leftovers(void)
{
	struct staging	 s = { 0 };
	struct diag	*d = diag_new();
	int		 fd;

	CHECK(mkdir(at("p"), 0777) == 0);
	leftover("p/.chkc-stage-killed", 3600);
	leftover("p/.chkc-stage-held", 3600);
	leftover("p/.chkc-stage-young", 0);
	leftover("p/.chkc-stagex", 3600);
	/* held: a live build's (another open file description). */
	fd = open(at("p/.chkc-stage-held"), O_RDONLY | O_DIRECTORY);
	CHECK(fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == 0);
	CHECK(put(&s, "p/new/x", "x", d) == 0);
	CHECK(!is_dir(at("p/.chkc-stage-killed")));
	CHECK(is_dir(at("p/.chkc-stage-held/out")));
	CHECK(is_dir(at("p/.chkc-stage-young/out")));
	CHECK(is_dir(at("p/.chkc-stagex/out")));
	CHECK(staging_commit(&s, d) == 0 && holds(at("p/new/x"), "x"));
	close(fd);
	diag_free(d);
}

int
main(void)
{
	char	rm[64];

	if (mkdtemp(root) == NULL)
		return 3;
	RUN(test_new_dir);
	RUN(test_existing_dir);
	RUN(test_take);
	RUN(test_abort);
	RUN(test_same_dir);
	RUN(test_made_meanwhile);
	RUN(test_in_place);
	RUN(test_leftovers);
	snprintf(rm, sizeof(rm), "rm -rf %s", root);
	if (system(rm) != 0)
		return 3;
	return HARNESS_EXIT();
}
