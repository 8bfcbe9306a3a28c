/*
 * Whole files: read at once, below every stage (the archive, the
 * signers' file, the build cache all read this way).
 */
#ifndef CHKC_FILE_H
#define CHKC_FILE_H

struct buf;

/*
 * Read the file at path into out (its data is never NULL after, even
 * for an empty file).  Returns 0, or -1 (errno set; no diagnostic, so
 * callers can tell a missing file from a bad one).
 */
int	file_read(const char *path, struct buf *out);

#endif /* CHKC_FILE_H */
