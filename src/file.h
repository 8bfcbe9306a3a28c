/*
 * Whole files, below every stage: read at once (the archive, the
 * signers' file, the build cache), and written whole to a temporary
 * file then renamed into place, so that a reader sees the old content
 * or the new, never a part (every output of a command, every file of
 * the archive).
 */
#ifndef CHKC_FILE_H
#define CHKC_FILE_H

#include <stddef.h>

struct buf;
struct stat;

/*
 * Read the file at path into out (its data is never NULL after, even
 * for an empty file).  Returns 0, or -1 (errno set; no diagnostic, so
 * callers can tell a missing file from a bad one) with out as it was:
 * nothing to free.
 */
int	file_read(const char *path, struct buf *out);

/*
 * Read fd to its end into out, as file_read(), or only until out holds
 * more than max bytes: a file too big for the caller is told so without
 * reading it all (or never ending, as /dev/zero).  Returns 0, or -1
 * (errno set).  fd stays open.
 */
int	file_read_fd(int fd, size_t max, struct buf *out);

/*
 * Write all len bytes of data to fd, through short writes and EINTR.
 * Returns 0, or -1 (errno set).
 */
int	file_write_all(int fd, const char *data, size_t len);

/*
 * Written with FILE_SYNC, a file survives a crash once its function
 * returned: fsync of the file before it is renamed (else a crash can
 * leave the new name on an empty file), fsync of its directory after.
 * The archive's files are; a build's outputs are not, as they can be
 * made again and a build writes thousands of them.
 */
#define FILE_SYNC	1

/*
 * A new file holding data, readable by everyone (0644): tmpl ends in
 * "XXXXXX", which is replaced in place by the name made (as mkstemp).
 * Returns 0, or -1 (errno set; no file is left behind).
 */
int	file_temp(char *tmpl, const char *data, size_t len, int flags);
/* The same, tmpl relative to the directory dirfd (or AT_FDCWD), and the
 * file's status as written (its size and time, for a record of it) in
 * *st unless st is NULL. */
int	file_temp_at(int dirfd, char *tmpl, const char *data, size_t len,
	    int flags, struct stat *st);

/*
 * The same, but path itself, made or emptied first: for a file in a
 * directory that no one else sees yet (cli.h's staging area), where a
 * temporary name and a rename would buy nothing.  A symbolic link at
 * path is not followed.
 */
int	file_new_at(int dirfd, const char *path, const char *data, size_t len,
	    int flags, struct stat *st);

/*
 * Rename tmp onto path, atomically replacing what was there.  Returns 0,
 * or -1 (errno set; tmp is removed, path is as it was).  The fsync of
 * the directory (FILE_SYNC) is best effort: some file systems refuse it.
 */
int	file_rename(const char *tmp, const char *path, int flags);

/* fsync the directory dir; 0, or -1 (errno set). */
int	file_sync_dir(const char *dir);

#endif /* CHKC_FILE_H */
