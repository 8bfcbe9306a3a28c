/*
 * The archive stage: filled runs kept append-only under a directory
 * (deployment-logs/ by default, doc/runs.md), and checked later.
 *
 *	<project>/<checklist>/<version>-<YYYY-MM-DD>[-N].zip	the bundle
 *	<project>/<checklist>/<version>-<YYYY-MM-DD>[-N].md	the run, readable
 *	index.md, index.html					every run, newest first
 *	LOG							one line per run
 *	SUMMARY			what the report needs of each run (report_bundle.c)
 *
 * A LOG line is
 *
 *	<seq> <time> <bundle path> sha256:<bundle> sha256:<previous line>
 *
 * followed, when keys signed the run's sign-offs, by a field
 * "keys=SHA256:<fingerprint>,...", then by "summary=sha256:<hex>", the
 * hash of the run's chunk of SUMMARY (older lines have five fields, or
 * no summary, and still verify)
 *
 * (the first line's previous hash is 64 zeros; the hash of a line is of
 * its bytes without the newline).  Each bundle's bag-info.txt repeats
 * its line's sequence number, time and previous hash (Chkc-Log-*), so
 * an edit of any field of any line, the last included, shows.
 *
 * Adding is atomic and safe when several run at once: under an
 * exclusive lock (fcntl on .lock), files are written whole under .tmp/,
 * an intent (.pending) names what is about to be placed and the size of
 * SUMMARY, the files are renamed into place, the run's summary appended
 * to SUMMARY, the index rewritten, and the LOG line appended last (the
 * commit); .gitignore keeps .lock, .pending and .tmp/ out of
 * git.  An archive killed before its LOG line leaves an intent; the
 * next archive removes what it placed and cuts SUMMARY back, and verify
 * reports it as a warning, not an error.
 */
#ifndef CHKC_ARCHIVE_H
#define CHKC_ARCHIVE_H

#include <stddef.h>

#include "bundle/bundle.h"

struct arena;
struct buf;
struct diag;

/* What chkc archive knows of a run, for its bundle and the index. */
struct archive_run {
	const char			*project;
	const char			*checklist;
	const char			*hash;		/* the checklist's */
	int				 revision;
	const char			*version;	/* fields.version or NULL */
	const char			*date;		/* YYYY-MM-DD of the run */
	const char			*outcome;	/* or NULL */
	int				 percent;
	int				 complete;
	size_t				 nunsigned;
	const char *const		*signers;	/* "Name (Role)" */
	size_t				 nsigners;
	const struct bundle_file	*files;		/* the payload */
	size_t				 nfiles;
	const char			*md;		/* payload path of the
							 * filled Markdown */
	/* Signed sign-offs: the fingerprints of the keys that validly
	 * signed ("SHA256:a,SHA256:b", NULL when none), whether the
	 * project requires every role signed with a key, and how many
	 * roles are not. */
	const char			*keys;
	int				 keys_required;
	size_t				 keys_missing;
	long long			 epoch;		/* LOG time, bag date */
	const char			*site;		/* see archive_report */
};

/*
 * Archive a run under dir (made if missing).  *placed gets the bundle's
 * path relative to dir (malloc'ed).  Returns 0, or -1 after a
 * diagnostic; then nothing of this run is left in the archive.
 */
int	archive_add(const char *dir, const struct archive_run *,
	    char **placed, struct diag *);

/* One archived run, as its LOG line and its bundle tell it. */
struct archive_entry {
	size_t		 seq;
	const char	*time;
	const char	*path;		/* the bundle, relative to the dir */
	const char	*sha256;	/* hex */
	const char	*prev;		/* hex */
	int		 ok;		/* its bundle verified */
	/* From the bundle's bag-info.txt (NULL when unreadable): */
	const char	*project, *checklist, *version, *date, *outcome;
	const char	*percent;	/* "100" */
	const char	*complete;	/* "yes" / "no" */
	const char	*unsigned_roles; /* "0" */
	const char	*signers;	/* "A (R); B (S)" */
	const char	*keys;		/* LOG: "SHA256:..,.." or NULL */
	const char	*summary;	/* LOG: hex of its SUMMARY record,
					 * or NULL */
	const char	*run_keys;	/* bag-info: the same, or NULL */
	const char	*keys_required;	/* "yes" / "no" / NULL */
	const char	*keys_missing;	/* "0" */
};

/*
 * Check the archive at dir: the LOG chain, every bundle against its
 * LOG line and its own manifests (bundle_check), the .md beside each,
 * each run's summary against its LOG line and its bundle, and no file
 * or summary that the LOG does not account for.  Every problem is an
 * error naming the entry.  entries gets every LOG line (arena).
 * Returns the number of errors, or -1 when the archive cannot be read.
 */
int	archive_verify(const char *dir, struct arena *,
	    struct archive_entry **entries, size_t *n, struct diag *);

/* Runs of a checklist the candidates to review are judged on. */
#define REPORT_LAST	10

/* What chkc report prints. */
enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_NONE };

/*
 * The report of the archive at dir, judged on the last `last` runs of
 * each checklist: rewrite index.md and index.html (and the cache that
 * spares hashing every bundle again, .report-cache), and append the
 * report in fmt to out.  Each run that could not be read (a tampered,
 * missing or unreadable bundle) is an error naming it, and is listed in
 * every format.  site is where chkc build writes the checklists' pages
 * (<site>/<project>/<checklist>.html), as a URL relative to dir: the
 * page links each item to its anchor there (NULL: to the newest run's
 * Markdown).  Returns the number of errors, or -1 when there is no
 * archive at dir or it cannot be read or written.
 */
int	archive_report(const char *dir, const char *site, size_t last,
	    enum report_format fmt, struct buf *out, struct diag *);

/*
 * Told of each entry gone through by the passes over every run (verify,
 * and the index that add rewrites), done of total, so that the
 * CLI can draw a progress line for a large archive.  NULL: not told.
 */
struct archive_progress {
	void	(*step)(void *arg, size_t done, size_t total);
	void	 *arg;
};
extern struct archive_progress archive_progress;

#endif /* CHKC_ARCHIVE_H */
