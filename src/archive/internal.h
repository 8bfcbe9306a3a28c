/*
 * What the files of the archive stage share.
 */
#ifndef CHKC_ARCHIVE_INTERNAL_H
#define CHKC_ARCHIVE_INTERNAL_H

#include <stddef.h>

#include "archive/archive.h"

#define LOG_NAME	"LOG"
#define LOCK_NAME	".lock"
#define INTENT_NAME	".pending"
#define TMP_DIR		".tmp"
#define IGNORE_NAME	".gitignore"	/* keeps the three above out of git */
#define ZERO_HASH	"0000000000000000000000000000000000000000000000000000000000000000"

/* One line of LOG, split. */
struct log_line {
	int		 lineno;	/* 1-based */
	const char	*text;		/* without the newline */
	int		 valid;		/* the five fields parsed */
	struct archive_entry e;		/* seq, time, path, sha256, prev */
};

struct log {
	struct log_line	*v;
	size_t		 n;
	int		 cut;		/* the last line has no newline */
};

/*
 * Read and split dir/LOG (a missing LOG is empty).  Returns 0, or -1
 * after a diagnostic when it cannot be read.
 */
int	log_read(const char *dir, struct arena *, struct log *,
	    struct diag *);
/* Hex SHA-256 of a line (its text without the newline). */
void	log_hash(const char *text, char hex[65]);
/* The text of a LOG line (arena). */
const char *log_format(struct arena *, size_t seq, const char *time,
	    const char *path, const char *sha, const char *prev);
/* 0 if every line parses and chains to the one before, else the
 * 1-based number of the first line that does not. */
size_t	log_broken(const struct log *);

/* "YYYY-MM-DDTHH:MM:SSZ" of an epoch (arena). */
const char *archive_time(struct arena *, long long epoch);

/* Fill the bag-info fields of e from the bundle's bytes (quietly). */
void	archive_entry_info(struct arena *, struct archive_entry *,
	    const char *data, size_t len);

/*
 * index.md and index.html of dir for the entries (LOG order); written
 * atomically.  Returns 0, or -1 after a diagnostic.
 */
int	archive_index(const char *dir, const struct archive_entry *, size_t,
	    struct diag *);

/*
 * Write len bytes to dir/rel atomically: a temporary file under
 * dir/.tmp/, fsync, rename, fsync of the directory.  Returns 0, or -1
 * after a diagnostic.
 */
int	archive_write(const char *dir, const char *rel, const char *data,
	    size_t len, struct diag *);
/*
 * Lock the archive (fcntl on dir/.lock): exclusive to change it, shared
 * to read it.  Returns the descriptor to pass to archive_unlock(); -1
 * after a diagnostic; -2 (shared only) when there is no lock file.
 */
int	archive_lock(const char *dir, int exclusive, struct diag *);
void	archive_unlock(int);
/* mkdir -p dir. */
int	archive_mkdir(const char *dir, struct diag *);
/* A temporary file under dir/.tmp/ with data, fsync'ed; its path
 * (malloc'ed) or NULL after a diagnostic. */
char	*archive_temp(const char *dir, const char *data, size_t len,
	    struct diag *);
/* Rename tmp to dir/rel (parents made), fsync the directory; tmp is
 * removed on failure.  Returns 0, or -1 after a diagnostic. */
int	archive_place(const char *dir, const char *tmp, const char *rel,
	    struct diag *);
/* fsync the directory that holds path (or path itself if a directory). */
int	archive_sync_dir(const char *dir);

#endif /* CHKC_ARCHIVE_INTERNAL_H */
