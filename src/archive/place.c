/*
 * Adding a run to the archive: lock, name, bundle, place, index, LOG.
 * Every file is written whole and renamed into place; the LOG line is
 * appended last, so a run is archived exactly when its line is there.
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

/* mkdir -p of dir/rel's parent directories. */
static int
make_dirs(const char *dir, const char *rel, struct diag *d)
{
	char		*p, *path = xmalloc(strlen(dir) + strlen(rel) + 2);
	struct loc	 at = { dir, 0, 0 };
	int		 rc = 0;

	sprintf(path, "%s/%s", dir, rel);
	for (p = path + 1; *p != '\0' && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			diag_add(d, &at, DIAG_ERROR, "cannot create directory "
			    "'%s': %s", path, strerror(errno));
			rc = -1;
		}
		*p = '/';
	}
	free(path);
	return rc;
}

/* A temporary file under dir/.tmp/ holding data, fsync'ed; its name
 * (malloc'ed) or NULL after a diagnostic.  Not beside its place, as
 * elsewhere: what a crash leaves there, the next archive removes. */
static char *
temp_file(const char *dir, const char *data, size_t len, struct diag *d)
{
	char		*tmp = xmalloc(strlen(dir) + 32);
	struct loc	 at = { dir, 0, 0 };

	if (make_dirs(dir, TMP_DIR "/x", d) == -1) {
		free(tmp);
		return NULL;
	}
	sprintf(tmp, "%s/%s/new.XXXXXX", dir, TMP_DIR);
	if (file_temp(tmp, data, len, FILE_SYNC) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write '%s': %s", tmp,
		    strerror(errno));
		free(tmp);
		return NULL;
	}
	return tmp;
}

/* Rename tmp to dir/rel and make it durable; unlinks tmp on failure. */
static int
place(const char *dir, const char *tmp, const char *rel, struct diag *d)
{
	char		*path = xmalloc(strlen(dir) + strlen(rel) + 2);
	struct loc	 at;
	int		 rc = 0;

	sprintf(path, "%s/%s", dir, rel);
	at.file = path;
	at.line = at.col = 0;
	if (make_dirs(dir, rel, d) == -1) {
		unlink(tmp);
		rc = -1;
	} else if (file_rename(tmp, path, FILE_SYNC) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot rename into place: %s",
		    strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

int
archive_write(const char *dir, const char *rel, const char *data, size_t len,
    struct diag *d)
{
	char	*tmp;
	int	 rc;

	if ((tmp = temp_file(dir, data, len, d)) == NULL)
		return -1;
	rc = place(dir, tmp, rel, d);
	free(tmp);
	return rc;
}

int
archive_lock(const char *dir, int exclusive, struct diag *d)
{
	char		*path = xmalloc(strlen(dir) + 16);
	struct flock	 fl;
	struct loc	 at;
	int		 fd;

	sprintf(path, "%s/%s", dir, LOCK_NAME);
	at.file = path;
	at.line = at.col = 0;
	fd = exclusive ? open(path, O_RDWR | O_CREAT, 0644) :
	    open(path, O_RDONLY);
	if (fd == -1 && !exclusive && errno == ENOENT) {
		free(path);
		return -2;	/* never written by chkc: nothing to wait for */
	}
	memset(&fl, 0, sizeof(fl));
	fl.l_type = exclusive ? F_WRLCK : F_RDLCK;
	fl.l_whence = SEEK_SET;
	while (fd != -1 && fcntl(fd, F_SETLKW, &fl) == -1) {
		if (errno == EINTR)
			continue;
		close(fd);
		fd = -1;
	}
	if (fd == -1)
		diag_add(d, &at, DIAG_ERROR, "cannot lock the archive: %s",
		    strerror(errno));
	free(path);
	return fd;
}

void
archive_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* releases the fcntl lock */
}

/* Make dir itself (and its parents). */
int
archive_mkdir(const char *dir, struct diag *d)
{
	return make_dirs(dir, LOCK_NAME, d);
}

/* Write data to a temporary file under dir/.tmp/ (see temp_file). */
char *
archive_temp(const char *dir, const char *data, size_t len, struct diag *d)
{
	return temp_file(dir, data, len, d);
}

int
archive_place(const char *dir, const char *tmp, const char *rel,
    struct diag *d)
{
	return place(dir, tmp, rel, d);
}
