/*
 * The build cache (cache.h).  The file is text, one record a line,
 * fields separated by tabs, tab, newline and backslash escaped:
 *
 *	chkc-cache 1 <SHA-256 of the settings>
 *	E <key>					an entry
 *	S <hash> <path>				a source
 *	O <hash> <size> <mtime in ns> <path>	an output
 *	M <string, or \N for none>		the caller's strings
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "sha256.h"
#include "strhash.h"
#include "tsv.h"
#include "cache/cache.h"

#define CACHE_MAGIC	"chkc-cache 1 "
#define CACHE_FILES	64		/* CACHE_FILE and -1 ... -63 */

/* A file's content hash, looked up by path (open addressing). */
struct fhash {
	char	*path;
	char	 hex[CACHE_HEX];
	int	 ok;
};

struct cache {
	struct arena		*a;
	char			 settings[CACHE_HEX];
	struct cache_entry	*old, *cur;
	size_t			 nold, ncur, capcur;
	struct fhash		*fh;
	size_t			 nfh, capfh;	/* capfh: a power of two */
	uint64_t		 found;		/* bit k: file k was there */
	/* The project root and the output directory as the build names
	 * them, without a trailing '/' ("." for the working directory):
	 * the file names a cache keeps are relative to them. */
	char			*root, *outdir;
};

void
cache_hash(const void *data, size_t len, char hex[CACHE_HEX])
{
	sha256_hex(data, len, hex);
}

/* ------------------------------------------------------------------ */
/* Reading. */

static void *
grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(v, *cap * size);
}

/* Room for one more of n elements of size in v: the capacity, not
 * kept, is the power of two (at least 4) above n, grown when n reaches
 * it, so that an entry's few sources and strings are not each a
 * realloc(). */
static void *
grow_one(void *v, size_t n, size_t size)
{
	if (n == 0)
		return xrealloc(v, 4 * size);
	if (n < 4 || (n & (n - 1)) != 0)	/* not full */
		return v;
	return xrealloc(v, 2 * n * size);
}

static struct cache_file *
add_file(struct cache_file **v, size_t *n)
{
	*v = grow_one(*v, *n, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

/* One record of the file into the entry e (the last one started). */
static int
is_hex64(const char *s)
{
	return s != NULL && strlen(s) == 64;
}

static void
read_record(struct cache *c, struct cache_entry *e, char *line)
{
	struct cache_file	*f;
	char			*v[5];
	size_t			 n = tsv_split(line, v, 5);

	if (n < 2 || v[0] == NULL)
		return;
	if (n == 3 && strcmp(v[0], "S") == 0 && is_hex64(v[1])) {
		f = add_file(&e->srcs, &e->nsrcs);
		memcpy(f->hash, v[1], CACHE_HEX);
		f->path = arena_strdup(c->a, v[2] ? v[2] : "");
	} else if (n == 5 && strcmp(v[0], "O") == 0 && is_hex64(v[1])) {
		f = add_file(&e->outs, &e->nouts);
		memcpy(f->hash, v[1], CACHE_HEX);
		f->size = strtoll(v[2], NULL, 10);
		f->mtime_ns = strtoll(v[3], NULL, 10);
		f->path = arena_strdup(c->a, v[4] ? v[4] : "");
	} else if (n == 2 && strcmp(v[0], "M") == 0) {
		e->meta = grow_one(e->meta, e->nmeta, sizeof(char *));
		e->meta[e->nmeta++] = v[1] ? arena_strdup(c->a, v[1]) : NULL;
	}
}

/* The entries of one cache file, if it was written for our settings. */
static void
read_file(struct cache *c, const char *path)
{
	struct cache_entry	*e = NULL;
	struct buf		 b = { 0 };
	size_t			 cap = c->nold;
	char			*line, *next, *key;

	if (file_read(path, &b) == -1 ||
	    strncmp(b.data, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0 ||
	    strncmp(b.data + strlen(CACHE_MAGIC), c->settings, 64) != 0) {
		buf_free(&b);
		return;
	}
	for (line = b.data; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "E\t", 2) != 0) {
			if (e != NULL)
				read_record(c, e, line);
			continue;
		}
		c->old = grow(c->old, &cap, c->nold, sizeof(*c->old));
		e = memset(&c->old[c->nold++], 0, sizeof(*e));
		tsv_split(line + 2, &key, 1);
		e->key = arena_strdup(c->a, key != NULL ? key : "");
	}
	buf_free(&b);
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct cache_entry *)a)->key,
	    ((const struct cache_entry *)b)->key);
}

struct cache *
cache_new(void)
{
	struct cache	*c = xcalloc(1, sizeof(*c));

	c->a = arena_new();
	return c;
}

/* The number of the cache file called name: 0 for CACHE_FILE, k for
 * CACHE_FILE-k, -1 for another file. */
static int
file_number(const char *name)
{
	size_t	 n = strlen(CACHE_FILE);
	char	*end;
	long	 k;

	if (strncmp(name, CACHE_FILE, n) != 0)
		return -1;
	if (name[n] == '\0')
		return 0;
	if (name[n] != '-' || name[n + 1] < '1' || name[n + 1] > '9')
		return -1;
	k = strtol(name + n + 1, &end, 10);
	return *end == '\0' && k < CACHE_FILES ? (int)k : -1;
}

/* The cache files in outdir, as bits (file_number()): its entries
 * looked through once, rather than opening each of the CACHE_FILES
 * names, which a new output directory (none there) cost as much. */
static uint64_t
files_in(const char *outdir)
{
	struct dirent	*de;
	DIR		*dp;
	uint64_t	 found = 0;
	int		 k;

	if ((dp = opendir(outdir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL)
		if ((k = file_number(de->d_name)) != -1)
			found |= (uint64_t)1 << k;
	closedir(dp);
	return found;
}

/* dir without the '/'s that end it ("/" stays). */
static char *
dir_name(struct arena *a, const char *dir)
{
	size_t	n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return arena_strndup(a, dir, n);
}

/* path relative to dir if it is under it, else path (an absolute one
 * as it is, even when dir is "."). */
static const char *
under(const char *dir, const char *path)
{
	size_t	n = strlen(dir);

	if (strcmp(dir, ".") == 0 && strncmp(path, "./", 2) != 0)
		return path;
	if (strncmp(path, dir, n) != 0 || path[n] != '/')
		return path;
	while (path[n] == '/')
		n++;
	return path + n;
}

/* The name kept for path, relative to dir (NULL: the working
 * directory), as a path the build can use (in b, until its next use). */
static const char *
usable(const char *dir, const char *name, struct buf *b)
{
	if (dir == NULL || name[0] == '/' || strcmp(dir, ".") == 0)
		return name;
	buf_reset(b);
	buf_printf(b, "%s/%s", dir, name);
	return buf_str(b);
}

const char *
cache_src_name(const struct cache *c, const char *path)
{
	return c->root != NULL ? under(c->root, path) : path;
}

char *
cache_src_path(const struct cache *c, const char *name)
{
	struct buf	 b = { 0 };
	char		*path;

	path = xstrdup(usable(c->root, name, &b));
	buf_free(&b);
	return path;
}

static const char *
out_name(const struct cache *c, const char *path)
{
	return c->outdir != NULL ? under(c->outdir, path) : path;
}

void
cache_load(struct cache *c, const char *root, const char *outdir,
    const char *settings)
{
	char	*path = xmalloc(strlen(outdir) + sizeof(CACHE_FILE) + 8);
	int	 k;

	c->root = dir_name(c->a, root);
	c->outdir = dir_name(c->a, outdir);
	cache_hash(settings, strlen(settings), c->settings);
	c->found = files_in(outdir);
	for (k = 0; k < CACHE_FILES; k++) {
		if (!cache_had(c, k))
			continue;
		if (k == 0)
			sprintf(path, "%s/%s", outdir, CACHE_FILE);
		else
			sprintf(path, "%s/%s-%d", outdir, CACHE_FILE, k);
		read_file(c, path);
	}
	free(path);
	if (c->nold > 0)
		qsort(c->old, c->nold, sizeof(*c->old), cmp_key);
}

int
cache_had(const struct cache *c, int k)
{
	return k >= 0 && k < CACHE_FILES && (c->found >> k & 1);
}

static void
entry_free(struct cache_entry *e)
{
	free(e->srcs);
	free(e->outs);
	free(e->meta);
}

void
cache_free(struct cache *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nold; i++)
		entry_free(&c->old[i]);
	for (i = 0; i < c->ncur; i++)
		if (!c->cur[i].keep)
			entry_free(&c->cur[i]);
	free(c->old);
	free(c->cur);
	free(c->fh);
	arena_free(c->a);
	free(c);
}

/* ------------------------------------------------------------------ */
/* Freshness. */

static size_t
fh_slot(const struct cache *c, const char *path)
{
	size_t	h = str_hash(path);

	for (h &= c->capfh - 1; c->fh[h].path != NULL &&
	    strcmp(c->fh[h].path, path) != 0; h = (h + 1) & (c->capfh - 1))
		continue;
	return h;
}

/* Make room for one more path in the table of file hashes. */
static void
fh_grow(struct cache *c)
{
	struct fhash	*old = c->fh;
	size_t		 i, n = c->capfh;

	if (c->nfh * 2 < c->capfh)
		return;
	c->capfh = n ? n * 2 : 256;
	c->fh = xcalloc(c->capfh, sizeof(*c->fh));
	for (i = 0; i < n; i++)
		if (old[i].path != NULL)
			c->fh[fh_slot(c, old[i].path)] = old[i];
	free(old);
}

/* The hash of a file's content, by streaming it through SHA-256. */
static int
hash_file(const char *path, char hex[CACHE_HEX])
{
	struct buf	 b = { 0 };
	int		 rc;

	if ((rc = file_read(path, &b)) == 0)
		cache_hash(b.data, b.len, hex);
	buf_free(&b);
	return rc;
}

/* The entry of path in the table of file hashes, made when new. */
static struct fhash *
fh_entry(struct cache *c, const char *path, int *made)
{
	size_t	i;

	fh_grow(c);
	i = fh_slot(c, path);
	if ((*made = c->fh[i].path == NULL)) {
		c->fh[i].path = arena_strdup(c->a, path);
		c->nfh++;
	}
	return &c->fh[i];
}

int
cache_file_hash(struct cache *c, const char *path, char hex[CACHE_HEX])
{
	struct fhash	*f;
	int		 made;

	f = fh_entry(c, path, &made);
	if (made)
		f->ok = hash_file(path, f->hex) == 0;
	memcpy(hex, f->hex, CACHE_HEX);
	return f->ok ? 0 : -1;
}

void
cache_file_data(struct cache *c, const char *path, const void *data,
    size_t len)
{
	struct fhash	*f;
	int		 made;

	f = fh_entry(c, path, &made);
	if (made) {
		cache_hash(data, len, f->hex);
		f->ok = 1;
	}
}

/* Is the output f, in the output directory, still as written when f
 * was recorded? */
static int
out_intact(const struct cache *c, const struct cache_file *f)
{
	struct buf	b = { 0 };
	struct stat	st;
	int		ok;

	ok = stat(usable(c->outdir, f->path, &b), &st) == 0 &&
	    (long long)st.st_size == f->size &&
	    (long long)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec == f->mtime_ns;
	buf_free(&b);
	return ok;
}

static const struct cache_entry *
find_old(const struct cache *c, const char *key)
{
	struct cache_entry	k;

	if (c->nold == 0)
		return NULL;
	k.key = (char *)key;
	return bsearch(&k, c->old, c->nold, sizeof(k), cmp_key);
}

const struct cache_entry *
cache_fresh(struct cache *c, const char *key)
{
	const struct cache_entry	*e;
	struct buf			 b = { 0 };
	char				 hex[CACHE_HEX];
	size_t				 i;

	if ((e = find_old(c, key)) == NULL || e->nsrcs == 0)
		return NULL;
	for (i = 0; e != NULL && i < e->nsrcs; i++)
		if (cache_file_hash(c, usable(c->root, e->srcs[i].path, &b),
		    hex) == -1 ||
		    strcmp(hex, e->srcs[i].hash) != 0)
			e = NULL;
	buf_free(&b);
	return e;
}

int
cache_has(const struct cache *c, const struct cache_entry *e,
    const char *path, const char hash[CACHE_HEX])
{
	const char	*name = out_name(c, path);
	size_t		 i;

	for (i = 0; e != NULL && i < e->nouts; i++)
		if (strcmp(e->outs[i].path, name) == 0)
			return strcmp(e->outs[i].hash, hash) == 0 &&
			    out_intact(c, &e->outs[i]);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The new cache. */

void
cache_keep(struct cache *c, const struct cache_entry *e)
{
	c->cur = grow(c->cur, &c->capcur, c->ncur, sizeof(*c->cur));
	c->cur[c->ncur] = *e;
	c->cur[c->ncur++].keep = 1;	/* its arrays stay the old entry's */
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
cache_carry_from(struct cache *c, const struct cache *from)
{
	char	**keys = xcalloc(c->ncur + 1, sizeof(char *));
	size_t	  i, n = c->ncur;

	for (i = 0; i < n; i++)
		keys[i] = c->cur[i].key;
	if (n > 0)
		qsort(keys, n, sizeof(char *), cmp_str);
	/* from->old is sorted by key: one entry of each. */
	for (i = 0; i < from->nold; i++)
		if ((i == 0 ||
		    strcmp(from->old[i].key, from->old[i - 1].key) != 0) &&
		    (n == 0 || bsearch(&from->old[i].key, keys, n,
		    sizeof(char *), cmp_str) == NULL))
			cache_keep(c, &from->old[i]);
	free(keys);
}

void
cache_take_files(struct cache *c, const struct cache *like,
    const char *const *paths, size_t n)
{
	size_t	i;

	memcpy(c->settings, like->settings, CACHE_HEX);
	for (i = 0; i < n; i++)
		read_file(c, paths[i]);
	if (c->nold > 0)
		qsort(c->old, c->nold, sizeof(*c->old), cmp_key);
	for (i = 0; i < c->nold; i++)
		if (i == 0 || strcmp(c->old[i].key, c->old[i - 1].key) != 0)
			cache_keep(c, &c->old[i]);
}

void
cache_add(struct cache *c, const char *key)
{
	struct cache_entry	*e;

	c->cur = grow(c->cur, &c->capcur, c->ncur, sizeof(*c->cur));
	e = memset(&c->cur[c->ncur++], 0, sizeof(*e));
	e->key = arena_strdup(c->a, key);
}

int
cache_source(struct cache *c, const char *path)
{
	struct cache_entry	*e = &c->cur[c->ncur - 1];
	struct cache_file	*f = add_file(&e->srcs, &e->nsrcs);

	f->path = arena_strdup(c->a, cache_src_name(c, path));
	return cache_file_hash(c, path, f->hash);
}

int
cache_output(struct cache *c, const char *path, const char hash[CACHE_HEX])
{
	struct cache_entry		*e = &c->cur[c->ncur - 1];
	const struct cache_entry	*o = find_old(c, e->key);
	struct cache_file		*f = add_file(&e->outs, &e->nouts);
	size_t				 i;

	f->path = arena_strdup(c->a, out_name(c, path));
	memcpy(f->hash, hash, CACHE_HEX);
	if (!cache_has(c, o, path, hash))
		return 0;
	for (i = 0; i < o->nouts; i++)
		if (strcmp(o->outs[i].path, f->path) == 0) {
			f->size = o->outs[i].size;
			f->mtime_ns = o->outs[i].mtime_ns;
		}
	return 1;
}

void
cache_written(struct cache *c, const char *path, long long size,
    long long mtime_ns)
{
	struct cache_entry	*e = &c->cur[c->ncur - 1];
	const char		*name = out_name(c, path);
	size_t			 i;

	for (i = e->nouts; i-- > 0; )
		if (strcmp(e->outs[i].path, name) == 0) {
			e->outs[i].size = size;
			e->outs[i].mtime_ns = mtime_ns;
			return;
		}
}

void
cache_meta(struct cache *c, const char *s)
{
	struct cache_entry	*e = &c->cur[c->ncur - 1];

	e->meta = grow_one(e->meta, e->nmeta, sizeof(char *));
	e->meta[e->nmeta++] = s != NULL ? arena_strdup(c->a, s) : NULL;
}

/* ------------------------------------------------------------------ */
/* Writing. */

/* A tab and n: without buf_printf(), whose %lld goes through
 * vsnprintf (two numbers on each output's line). */
static void
put_number(struct buf *b, long long n)
{
	buf_putc(b, '\t');
	if (n < 0)
		buf_putc(b, '-');
	buf_putu(b, n < 0 ? 0 - (unsigned long long)n : (unsigned long long)n);
}

static void
put_entry(struct buf *b, const struct cache_entry *e)
{
	size_t	i;

	buf_putc(b, 'E');
	tsv_put(b, e->key);
	for (i = 0; i < e->nsrcs; i++) {
		buf_printf(b, "\nS\t%s", e->srcs[i].hash);
		tsv_put(b, e->srcs[i].path);
	}
	for (i = 0; i < e->nouts; i++) {
		buf_puts(b, "\nO\t");
		buf_puts(b, e->outs[i].hash);
		put_number(b, e->outs[i].size);
		put_number(b, e->outs[i].mtime_ns);
		tsv_put(b, e->outs[i].path);
	}
	for (i = 0; i < e->nmeta; i++) {
		buf_putc(b, '\n');
		buf_putc(b, 'M');
		tsv_put(b, e->meta[i]);
	}
	buf_putc(b, '\n');
}

static int
cmp_entry(const void *a, const void *b)
{
	return cmp_key(*(const struct cache_entry *const *)a,
	    *(const struct cache_entry *const *)b);
}

/*
 * The entries in the order of their keys, not of their making: a build
 * of part of the checklists (chkc serve) carries the others' entries
 * over after its own, and must write the file a whole build writes.
 */
void
cache_text(const struct cache *c, struct buf *b)
{
	const struct cache_entry	**v;
	size_t				  i;

	v = xcalloc(c->ncur + 1, sizeof(*v));
	for (i = 0; i < c->ncur; i++)
		v[i] = &c->cur[i];
	if (c->ncur > 0)
		qsort(v, c->ncur, sizeof(*v), cmp_entry);
	buf_printf(b, "%s%s\n", CACHE_MAGIC, c->settings);
	for (i = 0; i < c->ncur; i++)
		put_entry(b, v[i]);
	free(v);
}
