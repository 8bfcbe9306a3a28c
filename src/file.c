/*
 * Whole files (file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "file.h"

int
file_read_fd(int fd, size_t max, struct buf *out)
{
	char	chunk[65536];
	size_t	start = out->len;
	int	unused = out->data == NULL, saved;
	ssize_t	n;

	buf_put(out, "", 0);	/* data is never NULL, even when empty */
	while (out->len - start <= max &&
	    (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		buf_put(out, chunk, (size_t)n);
	}
	return 0;
fail:
	/* out as it was, so a caller has nothing to free on failure */
	saved = errno;
	if (unused)
		buf_free(out);
	else
		out->data[out->len = start] = '\0';
	errno = saved;
	return -1;
}

int
file_read(const char *path, struct buf *out)
{
	int	fd, rc, saved;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	rc = file_read_fd(fd, SIZE_MAX, out);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
file_write_all(int fd, const char *data, size_t len)
{
	size_t	off = 0;
	ssize_t	n;

	while (off < len) {
		if ((n = write(fd, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

/*
 * mkstemp(), but with the file's mode given: mkstemp makes 0600, and
 * the fchmod() after it was a system call per file written.  The six
 * characters come from the clock, a count and the process id (so that
 * -j workers, forked with the same count, differ), and are drawn again
 * when the name is taken, as mkstemp does.
 */
static int
open_temp(int dirfd, char *tmpl, mode_t mode)
{
	static const char	 chars[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static uint64_t		 count;
	size_t			 len = strlen(tmpl), i;
	struct timespec		 ts;
	uint64_t		 v;
	char			*x = tmpl + len - 6;
	int			 fd, tries;

	if (len < 6 || strcmp(x, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	for (tries = 0; tries < 1000; tries++) {
		clock_gettime(CLOCK_REALTIME, &ts);
		v = ((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
		    (uint64_t)getpid() << 40) + ++count * 0x9e3779b97f4a7c15u;
		for (i = 0; i < 6; i++, v /= 62)
			x[i] = chars[v % 62];
		fd = openat(dirfd, tmpl, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    mode);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Write data to fd, open on the new file path (relative to dirfd), and
 * close it: 0, or -1 (errno set) with the file removed. */
static int
write_new(int fd, int dirfd, const char *path, const char *data, size_t len,
    int flags, struct stat *st)
{
	struct stat	own;
	int		saved;

	if (st == NULL)
		st = &own;
	/* What chkc writes is for everyone to read, whatever the umask;
	 * the fstat() is the caller's record of the file anyway. */
	if (file_write_all(fd, data, len) == 0 &&
	    ((flags & FILE_SYNC) == 0 || fsync(fd) == 0) &&
	    fstat(fd, st) == 0 &&
	    ((st->st_mode & 07777) == 0644 || fchmod(fd, 0644) == 0)) {
		st->st_mode = (st->st_mode & ~(mode_t)07777) | 0644;
		if (close(fd) == 0)
			return 0;
		fd = -1;
	}
	saved = errno;
	if (fd != -1)
		close(fd);
	unlinkat(dirfd, path, 0);
	errno = saved;
	return -1;
}

int
file_temp_at(int dirfd, char *tmpl, const char *data, size_t len, int flags,
    struct stat *st)
{
	int	fd;

	if ((fd = open_temp(dirfd, tmpl, 0644)) == -1)
		return -1;
	return write_new(fd, dirfd, tmpl, data, len, flags, st);
}

int
file_new_at(int dirfd, const char *path, const char *data, size_t len,
    int flags, struct stat *st)
{
	int	fd;

	if ((fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) == -1)
		return -1;
	return write_new(fd, dirfd, path, data, len, flags, st);
}

int
file_temp(char *tmpl, const char *data, size_t len, int flags)
{
	return file_temp_at(AT_FDCWD, tmpl, data, len, flags, NULL);
}

int
file_sync_dir(const char *dir)
{
	int	fd, rc, saved;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* fsync the directory that holds path. */
static void
sync_parent(const char *path)
{
	const char	*slash = strrchr(path, '/');
	size_t		 len;
	char		*dir;

	if (slash == NULL) {
		file_sync_dir(".");
		return;
	}
	len = slash == path ? 1 : (size_t)(slash - path);
	dir = xmalloc(len + 1);
	memcpy(dir, path, len);
	dir[len] = '\0';
	file_sync_dir(dir);
	free(dir);
}

int
file_rename(const char *tmp, const char *path, int flags)
{
	int	saved;

	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (flags & FILE_SYNC)
		sync_parent(path);
	return 0;
}
