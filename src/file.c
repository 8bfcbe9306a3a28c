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

int
file_temp(char *tmpl, const char *data, size_t len, int flags)
{
	int	fd, saved;

	if ((fd = mkstemp(tmpl)) == -1)
		return -1;
	/* mkstemp makes 0600; what chkc writes is for everyone to read. */
	if (fchmod(fd, 0644) == 0 && file_write_all(fd, data, len) == 0 &&
	    ((flags & FILE_SYNC) == 0 || fsync(fd) == 0)) {
		if (close(fd) == 0)
			return 0;
		fd = -1;
	}
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmpl);
	errno = saved;
	return -1;
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
