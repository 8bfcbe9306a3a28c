/*
 * What each output of a build was made from, kept beside the outputs
 * (DIR/.chkc-cache) so that a build with nothing changed does nothing.
 *
 * An entry, under a key the caller chooses (build: one per checklist),
 * lists its sources with the SHA-256 of their content, its outputs
 * with the hash of what they were made from and the size and
 * modification time they had once written, and a few strings of the
 * caller's (build: the site index's summary, the checklist's
 * warnings).  The whole cache is valid only for one "settings" text:
 * the chkc version, the options, the fonts, anything else that changes
 * every output; a cache with other settings is ignored.  An entry is
 * fresh when every source still has its hash; its outputs are up to
 * date when each is still on disk as written and made from what it
 * would be made from now.  A stale entry still tells
 * which outputs would come out the same, so that they are not
 * rewritten.
 *
 * Use: cache_new(), cache_load(), then per key cache_fresh() (and cache_keep() it),
 * or build and cache_add() / cache_source() / cache_output() /
 * cache_meta() the new entry; cache_text() is the new cache file.
 * Nothing here writes a file.
 */
#ifndef CHKC_CACHE_H
#define CHKC_CACHE_H

#include <stddef.h>

#include "buf.h"

#define CACHE_FILE	".chkc-cache"
#define CACHE_HEX	65		/* 64 hex digits and a NUL */

struct cache_file {
	char		*path;
	char		 hash[CACHE_HEX];
	long long	 size, mtime_ns;
};

struct cache_entry {
	char			*key;
	struct cache_file	*srcs, *outs;
	size_t			 nsrcs, nouts;
	char			**meta;		/* a string may be NULL */
	size_t			 nmeta;
	int			 keep;		/* goes into the new cache */
};

struct cache;

/* The SHA-256 of data as 64 lower-case hex digits. */
void	 cache_hash(const void *data, size_t len, char hex[CACHE_HEX]);

/* An empty cache; free with cache_free(). */
struct cache	*cache_new(void);
void		 cache_free(struct cache *);
/*
 * Read the cache of outdir (CACHE_FILE, and CACHE_FILE-<n> as the
 * workers of an older chkc's build -j left them) for these settings.
 * Never fails: a missing, unreadable or foreign cache is an empty one.
 * The cache names sources relative to root and outputs relative to
 * outdir (a path outside either as it is), so that builds naming them
 * otherwise (chkc build -C DIR, chkc build in DIR, chkc serve) find
 * each other's records.  Its functions take paths as the build names
 * the files; an entry's names are as kept (cache_src_name()).
 */
void		 cache_load(struct cache *, const char *root,
		    const char *outdir, const char *settings);
/* Was cache file k (0: CACHE_FILE, else CACHE_FILE-k) in outdir when
 * the cache was loaded, whatever its settings? */
int		 cache_had(const struct cache *, int k);

/* The hash of a file's content, read once per cache; -1 if unreadable. */
int		 cache_file_hash(struct cache *, const char *path,
		    char hex[CACHE_HEX]);

/*
 * The same, of the content of path read by the caller: a file read
 * once already is hashed there, not read again.  The first hash of a
 * path stays.
 */
void		 cache_file_data(struct cache *, const char *path,
		    const void *data, size_t len);

/* The entry of key if every source it lists still has its hash. */
const struct cache_entry *cache_fresh(struct cache *, const char *key);
/* Does e record the output at path made from hash, still as written? */
int		 cache_has(const struct cache *, const struct cache_entry *,
		    const char *path, const char hash[CACHE_HEX]);
/* The name the cache keeps for the source at path (a pointer into
 * path): relative to the root if it is under it. */
const char	*cache_src_name(const struct cache *, const char *path);
/* The path the build names a source by, from the name kept for it
 * (malloc'ed). */
char		*cache_src_path(const struct cache *, const char *name);
/* Carry a fresh entry over into the new cache. */
void		 cache_keep(struct cache *, const struct cache_entry *);
/* Carry over every old entry of from (this cache, or another of the
 * same settings kept until this one is freed) whose key the new cache
 * has none of: the checklists a build of some targets did not go
 * through. */
void		 cache_carry_from(struct cache *, const struct cache *from);
/*
 * Every entry of the cache files at paths, kept in the new cache, if
 * they were written for the settings like was loaded with: build -j's
 * parent makes one cache so of what its workers wrote.
 */
void		 cache_take_files(struct cache *, const struct cache *like,
		    const char *const *paths, size_t n);

/*
 * Start the new entry of key; then name what it was built from and
 * what it writes.  The hash of an output is that of what it is made
 * from (build: the resolved checklist's hash, and for a bundle its
 * sources' too), so that an output can be known unchanged before it
 * is made.  cache_output() returns 1 when the old entry of key recorded
 * path with this hash and the file is still as written then (the
 * caller need not make it; its record is carried over), else 0: the
 * caller writes it and gives the size and modification time (ns) of
 * the file as written with cache_written().
 */
void		 cache_add(struct cache *, const char *key);
int		 cache_source(struct cache *, const char *path);
int		 cache_output(struct cache *, const char *path,
		    const char hash[CACHE_HEX]);
void		 cache_written(struct cache *, const char *path,
		    long long size, long long mtime_ns);
void		 cache_meta(struct cache *, const char *s);

/* The new cache file: every entry kept or added, by key. */
void		 cache_text(const struct cache *, struct buf *);

#endif /* CHKC_CACHE_H */
