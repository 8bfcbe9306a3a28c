/*
 * Tests of whole-file reading and writing (src/file.c): a file is
 * written whole or not at all, a replaced file is the old one or the
 * new one, and a failure leaves neither a changed file nor a temporary.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "harness.h"

static char dir[] = "/tmp/chkc-test-file-XXXXXX";

/* dir/name, in a static buffer (one at a time). */
static const char *
at(const char *name)
{
	static char	p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* The content of dir/name, or "(missing)"; in a static buffer. */
static const char *
content(const char *name)
{
	static char	s[256];
	struct buf	b = { 0 };

	if (file_read(at(name), &b) == -1)
		snprintf(s, sizeof(s), "(missing)");
	else
		snprintf(s, sizeof(s), "%s", b.data);
	buf_free(&b);
	return s;
}

/* The names in dir, sorted and joined by spaces: what a failure leaves. */
static const char *
listing(void)
{
	static char	 s[1024];
	struct dirent	**v;
	int		 i, n;

	s[0] = '\0';
	if ((n = scandir(dir, &v, NULL, alphasort)) == -1)
		return "(no directory)";
	for (i = 0; i < n; i++) {
		if (v[i]->d_name[0] != '.') {
			if (s[0] != '\0')
				strcat(s, " ");
			strncat(s, v[i]->d_name, sizeof(s) - strlen(s) - 2);
		}
		free(v[i]);
	}
	free(v);
	return s;
}

/* Make dir/name holding s, the plain way. */
static void
put(const char *name, const char *s)
{
	int	fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd != -1 && write(fd, s, strlen(s)) == (ssize_t)strlen(s));
	CHECK(fd != -1 && close(fd) == 0);
}

/* Start each test from an empty directory holding only "old". */
static void
fresh(void)
{
	char	cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'/*", dir);
	if (system(cmd) != 0)
		printf("  cannot empty %s\n", dir);
	put("old", "old\n");
}

static void
test_temp(void)
{
	char		 tmp[256];
	struct stat	 st;

	fresh();
	snprintf(tmp, sizeof(tmp), "%s/new.XXXXXX", dir);
	CHECK(file_temp(tmp, "new\n", 4, 0) == 0);
	CHECK(strstr(tmp, "XXXXXX") == NULL);
	CHECK(stat(tmp, &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK_STR(content(strrchr(tmp, '/') + 1), "new\n");
	CHECK(unlink(tmp) == 0);
	/* Empty data makes an empty file, durably too. */
	snprintf(tmp, sizeof(tmp), "%s/new.XXXXXX", dir);
	CHECK(file_temp(tmp, "", 0, FILE_SYNC) == 0);
	CHECK(stat(tmp, &st) == 0 && st.st_size == 0);
}

/* The mode is 0644 whatever the umask; the status given is the file's;
 * a name taken is never reused, and no two calls give the same. */
static void
test_temp_stat(void)
{
	char		 tmp[256], again[256];
	struct stat	 st, got;
	mode_t		 old;

	fresh();
	old = umask(077);
	snprintf(tmp, sizeof(tmp), "%s/m.XXXXXX", dir);
	CHECK(file_temp_at(AT_FDCWD, tmp, "abc", 3, 0, &got) == 0);
	umask(old);
	CHECK(stat(tmp, &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK(got.st_size == 3 && (got.st_mode & 0777) == 0644);
	CHECK(got.st_mtim.tv_sec == st.st_mtim.tv_sec &&
	    got.st_mtim.tv_nsec == st.st_mtim.tv_nsec);
	snprintf(again, sizeof(again), "%s/m.XXXXXX", dir);
	CHECK(file_temp_at(AT_FDCWD, again, "de", 2, 0, NULL) == 0);
	CHECK(strcmp(tmp, again) != 0);
	CHECK_STR(content(strrchr(tmp, '/') + 1), "abc");
	CHECK_STR(content(strrchr(again, '/') + 1), "de");
	/* No XXXXXX: refused, nothing made. */
	snprintf(tmp, sizeof(tmp), "%s/bad", dir);
	CHECK(file_temp(tmp, "x", 1, 0) == -1 && errno == EINVAL);
	CHECK(access(tmp, F_OK) == -1);
}

static void
test_replace(void)
{
	char	tmp[256];
	int	flags[] = { 0, FILE_SYNC }, i;

	for (i = 0; i < 2; i++) {
		fresh();
		snprintf(tmp, sizeof(tmp), "%s/old.tmpXXXXXX", dir);
		CHECK(file_temp(tmp, "new\n", 4, flags[i]) == 0);
		CHECK_STR(content("old"), "old\n");	/* not yet */
		CHECK(file_rename(tmp, at("old"), flags[i]) == 0);
		CHECK_STR(content("old"), "new\n");
		CHECK_STR(listing(), "old");
	}
	/* A new name, in the current directory (no slash in the path). */
	fresh();
	CHECK(chdir(dir) == 0);
	snprintf(tmp, sizeof(tmp), "here.tmpXXXXXX");
	CHECK(file_temp(tmp, "here\n", 5, FILE_SYNC) == 0);
	CHECK(file_rename(tmp, "here", FILE_SYNC) == 0);
	CHECK(chdir("/") == 0);
	CHECK_STR(content("here"), "here\n");
	CHECK_STR(listing(), "here old");
}

/* A write that fails half way (a file size limit stands in for a full
 * disk): the temporary file goes, the old file stays as it was. */
static void
test_write_fails(void)
{
	static char	 big[65536];
	struct rlimit	 was, small;
	char		 tmp[256];
	int		 rc, e;

	fresh();
	memset(big, 'x', sizeof(big));
	snprintf(tmp, sizeof(tmp), "%s/old.tmpXXXXXX", dir);
	signal(SIGXFSZ, SIG_IGN);
	CHECK(getrlimit(RLIMIT_FSIZE, &was) == 0);
	small = was;
	small.rlim_cur = 1024;
	CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
	rc = file_temp(tmp, big, sizeof(big), FILE_SYNC);
	e = errno;
	CHECK(setrlimit(RLIMIT_FSIZE, &was) == 0);
	signal(SIGXFSZ, SIG_DFL);
	CHECK(rc == -1);
	CHECK(e == EFBIG);
	CHECK_STR(listing(), "old");
	CHECK_STR(content("old"), "old\n");
}

/* Relative to a directory's descriptor: the file is made in it, not in
 * the current directory, and one whose write fails is removed there. */
static void
test_at(void)
{
	static char	 big[65536];
	struct rlimit	 was, small;
	char		 tmp[32], want[64];
	int		 fd, rc;

	fresh();
	CHECK((fd = open(dir, O_RDONLY | O_DIRECTORY)) != -1);
	CHECK(chdir("/") == 0);
	snprintf(tmp, sizeof(tmp), "t.XXXXXX");
	CHECK(file_temp_at(fd, tmp, "t\n", 2, 0, NULL) == 0);
	CHECK_STR(content(tmp), "t\n");
	CHECK(file_new_at(fd, "n", "n\n", 2, 0, NULL) == 0);
	CHECK_STR(content("n"), "n\n");
	memset(big, 'x', sizeof(big));
	signal(SIGXFSZ, SIG_IGN);
	CHECK(getrlimit(RLIMIT_FSIZE, &was) == 0);
	small = was;
	small.rlim_cur = 1024;
	CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
	rc = file_new_at(fd, "big", big, sizeof(big), 0, NULL);
	CHECK(setrlimit(RLIMIT_FSIZE, &was) == 0);
	signal(SIGXFSZ, SIG_DFL);
	CHECK(rc == -1);
	snprintf(want, sizeof(want), "n old %s", tmp);
	CHECK_STR(listing(), want);
	close(fd);
}

/* A rename that fails (a directory is in the way): the temporary file
 * goes, and what was there stays. */
static void
test_rename_fails(void)
{
	char	tmp[256];

	fresh();
	CHECK(mkdir(at("sub"), 0755) == 0);
	put("sub/x", "x");
	snprintf(tmp, sizeof(tmp), "%s/sub.tmpXXXXXX", dir);
	CHECK(file_temp(tmp, "new\n", 4, FILE_SYNC) == 0);
	CHECK(file_rename(tmp, at("sub"), FILE_SYNC) == -1);
	CHECK(errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST);
	CHECK_STR(listing(), "old sub");
	CHECK_STR(content("sub/x"), "x");
	/* No directory to make the file in: nothing is made at all. */
	snprintf(tmp, sizeof(tmp), "%s/none/old.tmpXXXXXX", dir);
	CHECK(file_temp(tmp, "new\n", 4, 0) == -1 && errno == ENOENT);
	CHECK_STR(listing(), "old sub");
}

static void
test_write_all(void)
{
	static char	 big[1 << 20];
	struct buf	 b = { 0 };
	size_t		 i;
	int		 fd;

	fresh();
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	fd = open(at("big"), O_WRONLY | O_CREAT, 0644);
	CHECK(file_write_all(fd, big, sizeof(big)) == 0);
	CHECK(close(fd) == 0);
	CHECK(file_read(at("big"), &b) == 0);
	CHECK(b.len == sizeof(big) && memcmp(b.data, big, b.len) == 0);
	buf_free(&b);
	/* A bad descriptor fails, with errno. */
	CHECK(file_write_all(-1, "x", 1) == -1 && errno == EBADF);
	CHECK(file_sync_dir(dir) == 0);
	CHECK(file_sync_dir(at("old")) == -1 && errno == ENOTDIR);
}

/* Reading: whole, empty, missing, a directory; and a bound that
 * stops an endless file. */
static void
test_read(void)
{
	struct buf	b = { 0 };
	int		fd;

	fresh();
	CHECK(file_read(at("old"), &b) == 0 && b.len == 4);
	CHECK_STR(b.data, "old\n");
	buf_reset(&b);
	put("empty", "");
	CHECK(file_read(at("empty"), &b) == 0 && b.len == 0);
	CHECK(b.data != NULL && b.data[0] == '\0');
	buf_reset(&b);
	CHECK(file_read(at("none"), &b) == -1 && errno == ENOENT);
	buf_free(&b);
	CHECK(file_read(dir, &b) == -1 && errno == EISDIR && b.data == NULL);
	buf_puts(&b, "kept");
	CHECK(file_read(dir, &b) == -1 && b.len == 4 &&
	    strcmp(b.data, "kept") == 0);
	buf_reset(&b);
	fd = open("/dev/zero", O_RDONLY);
	CHECK(fd != -1 && file_read_fd(fd, 100, &b) == 0);
	CHECK(b.len > 100 && b.len <= 100 + 65536);
	close(fd);
	buf_free(&b);
}

int
main(void)
{
	char	cmd[256];

	if (mkdtemp(dir) == NULL)
		return 3;
	RUN(test_temp);
	RUN(test_temp_stat);
	RUN(test_replace);
	RUN(test_write_fails);
	RUN(test_at);
	RUN(test_rename_fails);
	RUN(test_write_all);
	RUN(test_read);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("  cannot remove %s\n", dir);
	return HARNESS_EXIT();
}
