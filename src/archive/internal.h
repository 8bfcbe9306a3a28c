/*
 * What the files of the archive stage share.
 */
#ifndef CHKC_ARCHIVE_INTERNAL_H
#define CHKC_ARCHIVE_INTERNAL_H

#include <stddef.h>

#include "archive/archive.h"
#include "buf.h"
#include "model.h"

struct report;
struct report_runs;

#define LOG_NAME	"LOG"
#define LOCK_NAME	".lock"
#define INTENT_NAME	".pending"
#define TMP_DIR		".tmp"
#define IGNORE_NAME	".gitignore"	/* keeps the three above out of git */
#define SUMMARY_NAME	"SUMMARY"	/* what each run's bundle tells the
					 * report (report_bundle.c) */
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
	    const char *path, const char *sha, const char *prev,
	    const char *keys, const char *summary);
/* 0 if every line parses and chains to the one before, else the
 * 1-based number of the first line that does not. */
size_t	log_broken(const struct log *);

/* "YYYY-MM-DDTHH:MM:SSZ" of an epoch (arena). */
const char *archive_time(struct arena *, long long epoch);

/* Fill the bag-info fields of e from the bundle's bytes (quietly). */
void	archive_entry_info(struct arena *, struct archive_entry *,
	    const char *data, size_t len);
/* The same from a bag already read. */
void	archive_entry_bag(struct archive_entry *, const struct bundle_bag *);

/*
 * index.md and index.html of dir for the entries (LOG order); written
 * atomically.  Returns 0, or -1 after a diagnostic.
 */
int	archive_index(const char *dir, const char *site,
	    const struct archive_entry *, size_t, struct diag *);
/* The same, with the report's figures for the last N runs of each
 * checklist left in *r and *runs (arena). */
int	archive_index_report(const char *dir, const char *site,
	    const struct archive_entry *, size_t, size_t last, struct arena *,
	    struct report_runs *, struct report *, struct diag *);

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

/* ------------------------------------------------------------ report */

#define CACHE_NAME	".report-cache"	/* the bundles the report saw
					 * (report_load) */

/* What a run's bundle could tell the report. */
enum report_status {
	REPORT_OK,
	REPORT_TAMPERED,	/* read, but not what was archived */
	REPORT_UNREADABLE	/* missing, not a bag, no run file in it */
};

/* A checklist as runs were made from it: its answerable items (checks
 * and fill-in lines), in checklist order. */
struct report_version {
	const char	 *hash;		/* "sha256:..." */
	int		  revision;
	const char	**paths;
	const char	**texts;	/* Markdown */
	char		 *kinds;	/* 'c' check, 'f' field, 'b' bool field */
	size_t		  n;
};

/* One archived run, as the report reads it. */
struct report_run {
	struct archive_entry		 e;	/* LOG line and bag-info */
	enum report_status		 status;
	const char			*problem;	/* when not OK */
	const struct report_version	*version;	/* NULL unless OK */
	long long			 size;		/* of its bundle */
	long long			 first, last;	/* ticks (0: none) */
	const char			*states;	/* one of "odnf" (enum
						 * chk_state) per item of
						 * version */
};

/* The enum chk_state of a character of report_run.states. */
int	report_state(char);

struct report_runs {
	struct report_run	 *v;		/* LOG order */
	size_t			  n;
	struct report_version	**versions;
	size_t			  nversions;
	struct buf		 *cache;	/* to write, or NULL */
	int			  cache_whole;	/* rewrite it, not append */
};

/*
 * Every LOG entry as a run of the report (runs->v, LOG order): from its
 * summary in dir/SUMMARY when its LOG line has one and the summary's
 * hash is the line's, else from its bundle (read as verify reads it).
 * Each bundle is checked for its size, and hashed again when it
 * changed since the report last saw it (dir/.report-cache).  Never
 * fails: what cannot be read is a run with a status.  The records to
 * add to the cache are left in runs->cache, for report_cache_write().
 */
void	report_load(const char *dir, const struct archive_entry *, size_t,
	    struct arena *, struct report_runs *);
/* Add runs->cache to dir/.report-cache (quietly, and without fsync: a
 * cache that is lost costs time, not correctness) and free it. */
void	report_cache_write(const char *dir, struct report_runs *);

/* ---------------------------------------------- runs and their records */

/* The checklist versions met so far (struct report_version *). */
struct report_versions {
	struct arena	*a;
	struct ptrvec	 v;
};
const struct report_version *report_version_find(
	    const struct report_versions *, const char *hash);
/* Read r's bundle (data, len bytes; r->e: path, sha256) as verify
 * does, then what it says; sets r's status. */
void	report_read_bundle(struct report_versions *, struct report_run *,
	    const char *data, size_t len);
/* A version as a V record and its I lines; a run as an R record. */
void	report_put_version(struct buf *, const struct report_version *);
void	report_put_run(struct buf *, const struct report_run *);
/* Parse the V record at lines[0] and its I lines (registered in vs),
 * or the R record at line (its version must be in vs).  Return the
 * lines used, 0 when the record is bad. */
size_t	report_get_version(struct report_versions *, char **lines,
	    size_t avail);
size_t	report_get_run(struct report_versions *, struct report_run *,
	    char *line);

/*
 * The summary of the bundle of LOG entry seq (its bag, read and checked
 * against its manifests, and its size in bytes; the versions
 * read so far in vs, which spares reading them again): the V records
 * of its checklist version unless known (the hashes of the versions the
 * summary file has already; the new one is added), then its R record.
 * Appended to out; returns -1 (nothing appended) when the bag does not
 * read as a run.
 */
int	report_summary(struct report_versions *, struct ptrvec *known,
	    size_t seq, const struct bundle_bag *, size_t size,
	    struct buf *out);
/* SUMMARY cut into the records of each run: a chunk is the lines up to
 * and including an R record (a last chunk without one has seq 0). */
struct summary_chunk {
	size_t		 seq;
	const char	*text;		/* into the file's bytes */
	size_t		 len;
	char		 hash[65];	/* of the text */
};
void	report_summary_split(struct arena *, const char *data, size_t len,
	    struct summary_chunk **, size_t *);
/* The hashes of the V records of a chunk, pushed onto known. */
void	report_summary_versions(struct arena *, const struct summary_chunk *,
	    struct ptrvec *known);

/* The report's figures, as data for its emitters. */
enum report_outcome {
	OUT_SUCCESS, OUT_PARTIAL, OUT_ROLLED_BACK, OUT_FAILED, OUT_NONE,
	OUT__MAX
};
extern const char *const report_outcomes[OUT__MAX];	/* "success" ... */

#define CAND_NA		0x1	/* N/A in >= 90% of the last N runs */
#define CAND_FAILED	0x2	/* failed in >= 3 of the last N runs */
#define CAND_UNTICKED	0x4	/* no run since its revision ticked it */
#define WEEKS_MAX	52	/* weeks in the outcome chart */
#define RELEASES_MAX	30	/* releases in the outcome chart */
#define RECENT_MAX	30	/* runs in the completion and time charts */
#define TABLE_MAX	100	/* runs in the page's run table */

/* An item as counted across every revision of its checklist. */
struct report_item {
	const char	*path;		/* in the current checklist, or the
					 * last one that had it */
	const char	*text;
	int		 removed;	/* not in the current checklist */
	int		 last_rev;	/* removed: the last revision with it */
	const char	*renamed_from;	/* an older path, or NULL */
	int		 changed_in;	/* revision its text dates from */
	size_t		 order;		/* in the checklist */
	size_t		 runs, n[CHK_NSTATES];
	size_t		 last_runs, last_na, last_failed;
	size_t		 since_runs, since_done;
	int		 cand;		/* CAND_* */
};

struct report_week {
	int		 day;		/* its Monday, days since 1970 */
	size_t		 n[OUT__MAX];
};

/* The runs of one release: those that name its version (a version
 * archived again, after a failed or rolled-back run, counts them all). */
struct report_release {
	const char	*version;
	const char	*date;		/* of its first run */
	size_t		 n[OUT__MAX];
};

/* One project's checklist. */
struct report_list {
	const char			 *project, *checklist;
	const struct report_version	 *current;
	const struct report_run		 *newest;
	const struct report_run		 *newest_current; /* of current */
	size_t				  nruns;
	size_t				  outcomes[OUT__MAX];
	struct report_week		 *weeks;	/* oldest first */
	size_t				  nweeks, nweeks_all;
	struct report_release		 *releases;	/* by first run */
	size_t				  nreleases, nreleases_all;
	const struct report_run		**recent;	/* oldest first */
	size_t				  nrecent;
	struct report_item		 *items;	/* most failed first */
	size_t				  nitems, ncand;
};

struct report {
	const char			 *site;		/* archive_report */
	size_t				  last;		/* N */
	size_t				  nruns;	/* every LOG entry */
	const struct report_run		**bad;		/* LOG order */
	size_t				  nbad;
	const struct report_run		**table;	/* newest first */
	size_t				  ntable;
	struct report_list		 *lists;	/* by project, checklist */
	size_t				  nlists;
};

/* The figures of the runs; everything from the arena. */
void	report_compute(const struct report_runs *, size_t last,
	    struct arena *, struct report *);
/* The enum report_outcome of a run's outcome (NULL: OUT_NONE). */
int	report_outcome(const char *);
/* Days since 1970 of "YYYY-MM-DD", or -1. */
int	report_day(const char *);
/* "YYYY-MM-DD" of a day (arena). */
const char *report_date(struct arena *, int day);
/* Seconds from a run's first to its last tick, or -1. */
long long report_seconds(const struct report_run *);

/* The .md beside a bundle (arena). */
const char *archive_md_of(struct arena *, const char *zip);
/* A relative path as a URL: each segment percent-encoded. */
void	archive_url_path(struct buf *, struct arena *, const char *);

/* The archive's index.html, index.md; the JSON and the terminal text. */
void	report_html(const struct report *, struct arena *, struct buf *);
void	report_md(const struct report_runs *, struct arena *, struct buf *);
void	report_json(const struct report *, struct buf *);
void	report_text(const struct report *, struct buf *);

#endif /* CHKC_ARCHIVE_INTERNAL_H */
