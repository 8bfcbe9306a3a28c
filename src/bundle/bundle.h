/*
 * The bundle stage: files -> an archive-ready zip holding a BagIt 1.0
 * bag (RFC 8493), and back: a zip read and its bag checked.
 *
 * A bundle is one bag in one base directory named after the zip (RFC
 * 8493 §4: "mybag.zip" unpacks to "mybag/"):
 *
 *	<name>/bagit.txt			version and encoding
 *	<name>/bag-info.txt			Payload-Oxum, Bagging-Date, ...
 *	<name>/manifest-sha256.txt		every payload file
 *	<name>/tagmanifest-sha256.txt		the three tag files above
 *	<name>/data/...				the payload
 *
 * The zip is a function of its inputs: entries sorted by name, every
 * time stamp the given epoch (SOURCE_DATE_EPOCH, else the time of the
 * command), deflate at level 9, Unix mode 0644, no extra fields; the
 * same inputs give the same bytes.
 */
#ifndef CHKC_BUNDLE_H
#define CHKC_BUNDLE_H

#include <stddef.h>

struct arena;
struct buf;
struct diag;

/* One file of a bag; the caller owns the bytes. */
struct bundle_file {
	const char	*path;		/* '/'-separated, relative to the
					 * bag's base directory */
	const char	*data;
	size_t		 len;
};

/* What bundle_write() makes a bag of. */
struct bundle {
	const char			*name;	/* base directory in the zip */
	const struct bundle_file	*files;	/* payload: paths relative to
						 * data/, any order */
	size_t				 nfiles;
	const char *const		*info;	/* extra bag-info.txt lines,
						 * "Label: value", in order */
	size_t				 ninfo;
	long long			 epoch;	/* Bagging-Date, zip times */
};

/*
 * Append the zip of the bag to out.  Returns 0, or -1 after adding a
 * diagnostic (a payload path that is empty, absolute, has "." or ".."
 * parts or is given twice; a libzip failure).
 */
int		 bundle_write(const struct bundle *, struct buf *out,
		    struct diag *);

/* "YYYY-MM-DD" (UTC) of an epoch into out[11]. */
void		 bundle_date(long long epoch, char out[11]);

/* Lower-case hex SHA-256 of data into hex[65]. */
void		 bundle_sha256(const void *data, size_t len, char hex[65]);

/*
 * The files a checklist was built from (cl->sources), read from disk,
 * as payload files "sources/<path>" with paths relative to root (a file
 * outside root: "sources/external/<name>"), never absolute.  out has
 * room for n; names and bytes come from the arena.  Returns 0, or -1
 * after a diagnostic (a file that cannot be read).
 */
int		 bundle_sources(const char *root, const char *const *paths,
		    size_t n, struct arena *, struct bundle_file *out,
		    struct diag *);

/* A bag read back from a zip; everything lives in the arena. */
struct bundle_bag {
	const char		*name;		/* the base directory */
	struct bundle_file	*files;		/* every file, sorted by path */
	size_t			 nfiles;
	const char		**labels;	/* bag-info.txt, in order */
	const char		**values;
	size_t			 ninfo;
};

/*
 * Read the zip in data (len bytes) into bag.  where names the zip in
 * diagnostics.  Returns 0, or -1 after a diagnostic (not a zip, a
 * damaged entry, entries outside one base directory, too large).
 */
int		 bundle_read(struct arena *, const char *where,
		    const char *data, size_t len, struct bundle_bag *,
		    struct diag *);

/*
 * Check a bag as RFC 8493 §3 asks: bagit.txt, complete (every payload
 * file in manifest-sha256.txt and every line of it present), every
 * SHA-256 of both manifests, Payload-Oxum; and, beyond the RFC, no file
 * that no manifest lists.  Each problem is an error at where, naming
 * the file.  Returns the number of problems.
 */
int		 bundle_check(const struct bundle_bag *, const char *where,
		    struct diag *);

/* The first value of a bag-info.txt label, or NULL. */
const char	*bundle_info(const struct bundle_bag *, const char *label);

/* The file at path (relative to the base directory), or NULL. */
const struct bundle_file *bundle_find(const struct bundle_bag *,
		    const char *path);

#endif /* CHKC_BUNDLE_H */
