/*
 * The stage (cli.h): the outputs of a command, written whole where no
 * one sees them and put in place only once every input proved valid.
 *
 * A file whose directory exists is written to a temporary file beside
 * its place and renamed at commit.  A directory that does not exist yet
 * is made in a hidden staging area beside it (PARENT/.chkc-stage-XXXXXX/
 * NAME), its files and subdirectories under their own names within it,
 * and renamed into place once at commit: a build into a new output
 * directory renames one directory, not one file per output (a rename
 * per file was 4 % of such a build).  Until then a file under its final
 * name exists only inside a hidden area, so a build killed midway
 * leaves no partial file where outputs go, only the area.
 *
 * An area is locked (flock) by the stage that made it, for as long as
 * it lives; a later stage making an area in the same directory removes
 * the areas no living process holds (those of a build that was killed).
 */
#define _DEFAULT_SOURCE		/* flock() */
#define _XOPEN_SOURCE	700	/* nftw() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "chkc.h"
#include "diag.h"
#include "file.h"
#include "strhash.h"
#include "cli/cli.h"

#define AREA_PREFIX	".chkc-stage-"
/* An area younger than this is not taken for a leftover even unlocked:
 * its maker may be between mkdtemp() and flock(). */
#define AREA_GRACE	60

/* What a directory of the stage is (known[i], made[i]). */
#define DIR_FOUND	0	/* there already */
#define DIR_MADE	1	/* made under its own name */
#define DIR_STAGED	2	/* made inside an area: phys[i] */

/* A staging area: the hidden directory area, locked by fd, holding the
 * new directories from[i] that commit renames to to[i]. */
struct staging_area {
	char	 *dir;		/* the directory the area is in */
	char	 *area;
	int	  fd;
	char	**from, **to;
	size_t	  n;
};

/*
 * The directory the last file went to: as its path named it, what it
 * is (DIR_*), where it is until commit, and, from the second file on,
 * a descriptor of it (-1 before).  A build writes each checklist's
 * formats into one directory: the files after the first are opened
 * relative to it, without their path cleaned, their directory looked
 * up, nor the kernel walking the whole path again.
 */
struct staging_cur {
	char	*dir;
	size_t	 len;
	char	*phys;
	int	 state;
	int	 used;		/* files written in it */
	int	 fd;
};

static void
cur_forget(struct staging *s)
{
	if (s->cur == NULL)
		return;
	if (s->cur->fd != -1)
		close(s->cur->fd);
	free(s->cur->dir);
	free(s->cur->phys);
	free(s->cur);
	s->cur = NULL;
}

/* The slot of dir in the set of known directories: its own, or the
 * empty one where it would go. */
static size_t
known_slot(const struct staging *s, const char *dir)
{
	size_t	h, mask = s->knowncap - 1;

	for (h = str_hash(dir) & mask; s->known[h] != NULL; h = (h + 1) & mask)
		if (strcmp(s->known[h], dir) == 0)
			break;
	return h;
}

/* What dir is (DIR_*), -1 if it is not known. */
static int
known_dir(const struct staging *s, const char *dir)
{
	size_t	i;

	if (s->nknown == 0)
		return -1;
	i = known_slot(s, dir);
	return s->known[i] == NULL ? -1 : s->made[i];
}

/* Where dir, known, is now: inside its area when staged. */
static const char *
phys_dir(const struct staging *s, const char *dir)
{
	size_t	i = known_slot(s, dir);

	return s->phys[i] != NULL ? s->phys[i] : dir;
}

static void
know_grow(struct staging *s)
{
	struct staging	old = *s;
	size_t		i, j;

	s->knowncap = s->knowncap ? 2 * s->knowncap : 64;
	s->known = xcalloc(s->knowncap, sizeof(char *));
	s->phys = xcalloc(s->knowncap, sizeof(char *));
	s->made = xcalloc(s->knowncap, 1);
	for (i = 0; i < old.knowncap; i++)
		if (old.known[i] != NULL) {
			j = known_slot(s, old.known[i]);
			s->known[j] = old.known[i];
			s->phys[j] = old.phys[i];
			s->made[j] = old.made[i];
		}
	free(old.known);
	free(old.phys);
	free(old.made);
}

/* Record dir as what (DIR_*), at phys (malloc'ed, taken) if staged. */
static void
know_dir(struct staging *s, const char *dir, int what, char *phys)
{
	size_t	i;

	cur_forget(s);		/* what a directory is may change */
	if (2 * (s->nknown + 1) > s->knowncap)
		know_grow(s);
	i = known_slot(s, dir);
	if (s->known[i] == NULL) {
		s->known[i] = xstrdup(dir);
		s->nknown++;
	}
	free(s->phys[i]);
	s->phys[i] = phys;
	s->made[i] = (char)what;
}

/* dir/name (malloc'ed). */
static char *
join(const char *dir, const char *name)
{
	char	*p = xmalloc(strlen(dir) + strlen(name) + 2);

	sprintf(p, "%s/%s", dir, name);
	return p;
}

/*
 * path without its empty and "." components (malloc'ed), which name
 * the same file whatever the directories are.  *odd is set when a ".."
 * follows a name: "new/.." is found only once new is in place, so such
 * a path is made as it is written, without an area.
 */
static char *
clean_path(const char *path, int *odd)
{
	char		*out = xmalloc(strlen(path) + 2), *o = out;
	const char	*p, *e;
	size_t		 len;
	int		 named = 0;

	*odd = 0;
	if (*path == '/')
		*o++ = '/';
	for (p = path; *p != '\0'; p = e) {
		while (*p == '/')
			p++;
		e = p + strcspn(p, "/");
		if ((len = (size_t)(e - p)) == 0 || (len == 1 && *p == '.'))
			continue;
		if (len == 2 && p[0] == '.' && p[1] == '.')
			*odd |= named;
		else
			named = 1;
		if (o > out && o[-1] != '/')
			*o++ = '/';
		memcpy(o, p, len);
		o += len;
	}
	if (o == out)
		*o++ = '.';
	*o = '\0';
	return out;
}

static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

/* rm -rf dir, never following a symbolic link. */
static void
remove_tree(const char *dir)
{
	(void)nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Remove area, the path of an entry of the directory it is in, if it
 * is an area that a build killed midway left: unlocked, and older than
 * any area still being made. */
static void
remove_leftover(const char *area)
{
	struct stat	sb;
	int		fd;

	if ((fd = open(area, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return;
	if (fstat(fd, &sb) == 0 && sb.st_mtime < time(NULL) - AREA_GRACE &&
	    flock(fd, LOCK_EX | LOCK_NB) == 0)
		remove_tree(area);
	close(fd);
}

/* Remove the leftover areas in dir (but own). */
static void
remove_leftovers(const char *dir, const char *own)
{
	struct dirent	*de;
	DIR		*dp;
	char		*path;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, AREA_PREFIX, strlen(AREA_PREFIX)) != 0)
			continue;
		path = join(dir, de->d_name);
		if (strcmp(path, own) != 0)
			remove_leftover(path);
		free(path);
	}
	closedir(dp);
}

/* The area of the stage in dir, made (and locked) if need be; NULL if
 * it cannot be made (errno set). */
static struct staging_area *
area_in(struct staging *s, const char *dir)
{
	struct staging_area	*a;
	size_t			 i;

	for (i = 0; i < s->nareas; i++)
		if (strcmp(s->areas[i].dir, dir) == 0)
			return &s->areas[i];
	s->areas = xrealloc(s->areas, (s->nareas + 1) * sizeof(*a));
	a = &s->areas[s->nareas];
	memset(a, 0, sizeof(*a));
	a->area = join(dir, AREA_PREFIX "XXXXXX");
	if (mkdtemp(a->area) == NULL) {
		free(a->area);
		return NULL;
	}
	a->dir = xstrdup(dir);
	s->nareas++;
	/* Where flock() is not supported the area goes unlocked: no
	 * other build can lock it either, so none takes it for a
	 * leftover. */
	if ((a->fd = open(a->area, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1)
		(void)flock(a->fd, LOCK_EX | LOCK_NB);
	remove_leftovers(dir, a->area);
	return a;
}

static int
dir_error(const char *dir, struct diag *d)
{
	struct loc	at = { dir, 0, 0 };

	diag_add(d, &at, DIAG_ERROR, "cannot create directory '%s': %s", dir,
	    strerror(errno));
	return -1;
}

/* Make dir, a new directory under its own name, as the stage did before
 * it had areas: for a FILE_SYNC stage, a path with "..", a -j worker. */
static int
make_here(struct staging *s, const char *dir, struct diag *d)
{
	if (mkdir(dir, 0777) == 0)
		staging_adopt_dir(s, dir);
	else if (errno == EEXIST)
		know_dir(s, dir, DIR_FOUND, NULL);
	else
		return dir_error(dir, d);
	return 0;
}

/* Make dir, new, as name inside its parent, staged at in. */
static int
make_inside(struct staging *s, const char *dir, const char *in,
    const char *name, struct diag *d)
{
	struct loc	 at = { dir, 0, 0 };
	char		*phys;

	/* Only a path that mixes ".." with the stage's new directories
	 * gets here: "new/.." is inside the area, not where it names. */
	if (strcmp(name, "..") == 0) {
		diag_add(d, &at, DIAG_ERROR, "cannot create directory '%s': "
		    "'..' after a directory not made yet", dir);
		return -1;
	}
	phys = join(in, name);
	if (mkdir(phys, 0777) == -1 && errno != EEXIST) {
		free(phys);
		return dir_error(dir, d);
	}
	know_dir(s, dir, DIR_STAGED, phys);
	return 0;
}

/* Make dir, the first new directory of its path, as name in the area
 * of the directory in, to be renamed into place at commit. */
static int
make_staged(struct staging *s, const char *dir, const char *in,
    const char *name, struct diag *d)
{
	struct staging_area	*a;
	char			*phys;

	if ((a = area_in(s, in)) == NULL)
		return dir_error(dir, d);
	phys = join(a->area, name);
	if (mkdir(phys, 0777) == -1) {
		free(phys);
		return dir_error(dir, d);
	}
	a->from = xrealloc(a->from, (a->n + 1) * sizeof(char *));
	a->to = xrealloc(a->to, (a->n + 1) * sizeof(char *));
	a->from[a->n] = xstrdup(phys);
	a->to[a->n++] = xstrdup(dir);
	know_dir(s, dir, DIR_STAGED, phys);
	return 0;
}

/* Make dir, not there, in its parent, up (DIR_*), its name after slash
 * (NULL: it has none). */
static int
make_new(struct staging *s, char *dir, char *slash, int up, int odd,
    struct diag *d)
{
	const char	*name = slash != NULL ? slash + 1 : dir;
	char		*in;
	int		 rc;

	if (up != DIR_STAGED && (odd || s->worker || (s->flags & FILE_SYNC)))
		return make_here(s, dir, d);
	if (slash == NULL || slash == dir)
		in = xstrdup(slash == NULL ? "." : "/");
	else {
		*slash = '\0';
		in = xstrdup(up == DIR_STAGED ? phys_dir(s, dir) : dir);
		*slash = '/';
	}
	if (up == DIR_STAGED)
		rc = make_inside(s, dir, in, name, d);
	else
		rc = make_staged(s, dir, in, name, d);
	free(in);
	return rc;
}

/*
 * mkdir -p dir (a clean path), deepest first: in a build every file's
 * directory but the first is known or there already, which costs no
 * system call or one, not one per component.  A directory in a staged
 * one is new (or made by another worker of this stage): no stat().
 */
static int
make_dir(struct staging *s, char *dir, int odd, struct diag *d)
{
	struct stat	 sb;
	char		*slash = strrchr(dir, '/');
	int		 up = DIR_FOUND, rc = 0;

	if (known_dir(s, dir) != -1)
		return 0;
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		up = known_dir(s, dir);
		*slash = '/';
	}
	if (up != DIR_STAGED) {
		if (stat(dir, &sb) == 0) {
			know_dir(s, dir, DIR_FOUND, NULL);
			return 0;
		}
		/* ENOTDIR: a file on the way, which the parent says. */
		if (errno != ENOENT && errno != ENOTDIR)
			return dir_error(dir, d);
	}
	if (up == -1) {
		*slash = '\0';
		rc = make_dir(s, dir, odd, d);
		up = known_dir(s, dir);
		*slash = '/';
	}
	return rc == -1 ? -1 : make_new(s, dir, slash, up, odd, d);
}

/* Record the size and time of the file just written, for the cache. */
static void
staged_as(struct staging *s, const struct stat *st)
{
	s->last_size = (long long)st->st_size;
	s->last_mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL +
	    st->st_mtim.tv_nsec;
}

/* Write data to a new temporary file beside path, its name made at off
 * in it relative to dirfd; the temporary's path is returned (malloc'ed),
 * NULL after a diagnostic. */
static char *
write_temp(struct staging *s, int dirfd, const char *path, size_t off,
    const char *data, size_t len, struct diag *d)
{
	struct loc	 at = { path, 0, 0 };
	struct stat	 st;
	size_t		 plen = strlen(path);
	char		*tmp;

	tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	if (file_temp_at(dirfd, tmp + off, data, len, s->flags, &st) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
	staged_as(s, &st);
	return tmp;
}

/* Write data to path in a staged directory, at phys relative to dirfd:
 * under its own name at once, as no one sees it before commit. */
static int
write_staged(struct staging *s, int dirfd, const char *path, const char *phys,
    const char *data, size_t len, struct diag *d)
{
	struct loc	at = { path, 0, 0 };
	struct stat	st;

	if (file_new_at(dirfd, phys, data, len, s->flags, &st) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write: %s", strerror(errno));
		return -1;
	}
	staged_as(s, &st);
	return 0;
}

/* Write data to path, name (its last component) relative to dirfd, in a
 * directory that is state (DIR_*). */
static int
write_in(struct staging *s, int dirfd, int state, const char *path,
    const char *name, const char *data, size_t len, struct diag *d)
{
	sigset_t	 old;
	char		*tmp;
	int		 rc = -1;

	if (state == DIR_STAGED)
		return write_staged(s, dirfd, path, name, data, len, d);
	/* A stopping signal waits until the temporary file is in the
	 * stage, whose handler removes it. */
	staging_block(&old);
	if ((tmp = write_temp(s, dirfd, path, (size_t)(name - path), data,
	    len, d)) != NULL) {
		staging_adopt(s, tmp, path);
		rc = 0;
	}
	staging_unblock(&old);
	free(tmp);
	return rc;
}

/* Write data to path, name in the directory that is state (DIR_*) and
 * now at dir, by their whole paths. */
static int
write_by_path(struct staging *s, int state, const char *dir,
    const char *path, const char *name, const char *data, size_t len,
    struct diag *d)
{
	char	*phys;
	int	 rc;

	if (state != DIR_STAGED)
		return write_in(s, AT_FDCWD, state, path, path, data, len, d);
	phys = join(dir, name);
	rc = write_staged(s, AT_FDCWD, path, phys, data, len, d);
	free(phys);
	return rc;
}

/* The last component of path if it is a name (not "", "." or "..")
 * after a directory, else NULL. */
static const char *
file_name(const char *path)
{
	const char	*slash = strrchr(path, '/'), *name;

	if (slash == NULL)
		return NULL;
	name = slash + 1;
	if (*name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return NULL;
	return name;
}

/* Remember the directory of path, which has a file_name(), as the
 * current one: state (DIR_*), now at phys. */
static void
cur_set(struct staging *s, const char *path, int state, const char *phys)
{
	struct staging_cur	*c = xcalloc(1, sizeof(*c));

	cur_forget(s);
	c->len = (size_t)(strrchr(path, '/') - path);
	c->dir = xmalloc(c->len + 1);
	memcpy(c->dir, path, c->len);
	c->dir[c->len] = '\0';
	c->phys = xstrdup(phys);
	c->state = state;
	c->fd = -1;
	s->cur = c;
}

/* Stage path, name in the current directory: relative to it from its
 * second file on (a directory that gets one file, as a project's index,
 * is not worth opening), by its path if it cannot be opened. */
static int
cur_file(struct staging *s, const char *path, const char *name,
    const char *data, size_t len, struct diag *d)
{
	struct staging_cur	*c = s->cur;

	if (c->used++ == 1)
		c->fd = open(c->phys, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->fd == -1)
		return write_by_path(s, c->state, c->phys, path, name, data,
		    len, d);
	return write_in(s, c->fd, c->state, path, name, data, len, d);
}

/* Stage path in a directory other than the last file's, made if need
 * be, and current from then on. */
static int
new_dir_file(struct staging *s, const char *path, const char *data,
    size_t len, struct diag *d)
{
	const char	*name = file_name(path), *dir;
	char		*clean, *slash;
	int		 odd, state, rc = -1;

	clean = clean_path(path, &odd);
	if ((slash = strrchr(clean, '/')) == NULL || slash == clean)
		/* In the current directory or /: nothing to make. */
		rc = write_in(s, AT_FDCWD, DIR_FOUND, path, path, data, len,
		    d);
	else {
		*slash = '\0';
		if (make_dir(s, clean, odd, d) == 0) {
			state = known_dir(s, clean);
			dir = state == DIR_STAGED ? phys_dir(s, clean) : clean;
			if (name == NULL)	/* "dir/..": as cleaned */
				rc = write_by_path(s, state, dir, path,
				    slash + 1, data, len, d);
			else {
				cur_set(s, path, state, dir);
				rc = cur_file(s, path, name, data, len, d);
			}
		}
	}
	free(clean);
	return rc;
}

int
staging_file(struct staging *s, const char *path, const char *data, size_t len,
    struct diag *d)
{
	const char	*name = file_name(path);

	if (name != NULL && s->cur != NULL &&
	    (size_t)(name - 1 - path) == s->cur->len &&
	    memcmp(path, s->cur->dir, s->cur->len) == 0)
		return cur_file(s, path, name, data, len, d);
	return new_dir_file(s, path, data, len, d);
}

int
staging_dir(struct staging *s, const char *dir, struct diag *d)
{
	char	*clean;
	int	 odd, rc;

	clean = clean_path(dir, &odd);
	rc = make_dir(s, clean, odd, d);
	free(clean);
	return rc;
}

int
staging_new_dir(const struct staging *s, const char *path)
{
	char	*clean, *slash;
	int	 odd, made = 0;

	clean = clean_path(path, &odd);
	if ((slash = strrchr(clean, '/')) != NULL && slash != clean) {
		*slash = '\0';
		made = known_dir(s, clean) > DIR_FOUND;
	}
	free(clean);
	return made;
}

/* Each name is in place before the count that covers it: a stopping
 * signal's handler reads them (staging_signal.c). */
void
staging_adopt(struct staging *s, const char *tmp, const char *path)
{
	sigset_t	old;

	if (s->n == 0)
		staging_guard(s);
	if (s->n == s->cap) {
		staging_block(&old);
		s->cap = s->cap ? s->cap * 2 : 64;
		s->tmp = xrealloc(s->tmp, s->cap * sizeof(char *));
		s->path = xrealloc(s->path, s->cap * sizeof(char *));
		staging_unblock(&old);
	}
	s->tmp[s->n] = xstrdup(tmp);
	s->path[s->n] = xstrdup(path);
	atomic_signal_fence(memory_order_release);
	s->n++;
}

char *
staging_take(struct staging *s, const char *path)
{
	sigset_t	 old;
	char		*tmp;
	size_t		 i;

	for (i = s->n; i-- > 0; )
		if (strcmp(s->path[i], path) == 0) {
			staging_block(&old);
			tmp = s->tmp[i];
			free(s->path[i]);
			s->n--;
			memmove(s->tmp + i, s->tmp + i + 1,
			    (s->n - i) * sizeof(char *));
			memmove(s->path + i, s->path + i + 1,
			    (s->n - i) * sizeof(char *));
			staging_unblock(&old);
			return tmp;
		}
	return NULL;
}

void
staging_adopt_dir(struct staging *s, const char *dir)
{
	char	*clean;
	int	 odd;

	if (s->ndirs == s->dircap) {
		s->dircap = s->dircap ? s->dircap * 2 : 16;
		s->dirs = xrealloc(s->dirs, s->dircap * sizeof(char *));
	}
	s->dirs[s->ndirs++] = xstrdup(dir);
	clean = clean_path(dir, &odd);
	know_dir(s, clean, DIR_MADE, NULL);
	free(clean);
}

static void
area_free(struct staging_area *a)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		free(a->from[i]);
		free(a->to[i]);
	}
	if (a->fd != -1)
		close(a->fd);
	free(a->from);
	free(a->to);
	free(a->area);
	free(a->dir);
}

void
staging_forget(struct staging *s)
{
	size_t	i;
	int	flags = s->flags, worker = s->worker;

	staging_unguard(s);
	cur_forget(s);
	for (i = 0; i < s->n; i++) {
		free(s->tmp[i]);
		free(s->path[i]);
	}
	for (i = 0; i < s->ndirs; i++)
		free(s->dirs[i]);
	for (i = 0; i < s->nareas; i++)
		area_free(&s->areas[i]);
	for (i = 0; i < s->knowncap; i++) {
		free(s->known[i]);
		free(s->phys[i]);
	}
	free(s->tmp);
	free(s->path);
	free(s->dirs);
	free(s->areas);
	free(s->known);
	free(s->phys);
	free(s->made);
	/* What the stage is for stays, for the next use of it. */
	memset(s, 0, sizeof(*s));
	s->flags = flags;
	s->worker = worker;
}

/*
 * Move the entries of the directory from into to, which is there
 * already (another chkc made it meanwhile), one by one, merging the
 * directories both have.  0, or -1 (errno set).
 */
static int
merge_dir(const char *from, const char *to)
{
	struct dirent	*de;
	DIR		*dp;
	char		*src, *dst;
	int		 rc = 0;

	if ((dp = opendir(from)) == NULL)
		return -1;
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		src = join(from, de->d_name);
		dst = join(to, de->d_name);
		if (rename(src, dst) == -1)
			rc = errno == ENOTEMPTY || errno == EEXIST ?
			    merge_dir(src, dst) : -1;
		free(src);
		free(dst);
	}
	rc = rc == -1 ? errno : 0;
	closedir(dp);
	errno = rc;
	return rc == 0 ? 0 : -1;
}

/* Rename the new directories of area a into place, then remove it. */
static int
commit_area(struct staging_area *a, struct diag *d)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < a->n; i++)
		if (rename(a->from[i], a->to[i]) == -1 &&
		    ((errno != ENOTEMPTY && errno != EEXIST) ||
		    merge_dir(a->from[i], a->to[i]) == -1)) {
			struct loc at = { a->to[i], 0, 0 };

			diag_add(d, &at, DIAG_ERROR, "cannot rename into place: "
			    "%s", strerror(errno));
			rc = -1;
		}
	/* Empty once its directories are in place: one rmdir(). */
	if (rmdir(a->area) == -1)
		remove_tree(a->area);
	return rc;
}

/* Signals that would stop the process wait until the commit is whole
 * (then they end it): the outputs of a command all change or none. */
int
staging_commit(struct staging *s, struct diag *d)
{
	sigset_t	old;
	size_t		i;
	int		rc = 0;

	staging_block(&old);
	/* New directories first: what is renamed next (an index) may
	 * link to them. */
	for (i = 0; i < s->nareas; i++)
		if (commit_area(&s->areas[i], d) == -1)
			rc = -1;
	for (i = 0; i < s->n; i++) {
		if (file_rename(s->tmp[i], s->path[i], s->flags) == -1) {
			struct loc at = { s->path[i], 0, 0 };

			diag_add(d, &at, DIAG_ERROR, "cannot rename into place: "
			    "%s", strerror(errno));
			rc = -1;
		}
	}
	staging_forget(s);
	staging_unblock(&old);
	return rc;
}

/* Longer first: a directory before its parents. */
static int
cmp_depth(const void *a, const void *b)
{
	size_t	la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la > lb ? -1 : la < lb;
}

void
staging_abort(struct staging *s)
{
	sigset_t	old;
	size_t		i;

	staging_block(&old);
	for (i = 0; i < s->n; i++)
		unlink(s->tmp[i]);
	for (i = 0; i < s->nareas; i++)
		remove_tree(s->areas[i].area);
	/* Only directories this stage made, and only when empty: what
	 * was there before, or was put there meanwhile, stays. */
	if (s->ndirs > 0)
		qsort(s->dirs, s->ndirs, sizeof(char *), cmp_depth);
	for (i = 0; i < s->ndirs; i++)
		rmdir(s->dirs[i]);
	staging_forget(s);
	staging_unblock(&old);
}
