/*
 * What every command shares: common options, printing diagnostics and
 * writing files atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "chkc.h"
#include "diag.h"
#include "file.h"
#include "cli/cli.h"

int
cli_usage(const char *text)
{
	fprintf(stderr, "usage: %s\n", text);
	return EXIT_USAGE;
}

int
cli_permute(int *argc, char **argv, int first, const char *const *with_arg)
{
	char	**ops = xcalloc((size_t)*argc + 1, sizeof(char *));
	int	  i, k, n = first, nops = 0, dashdash = 0;

	for (i = first; i < *argc; i++) {
		if (dashdash || argv[i][0] != '-' || argv[i][1] == '\0') {
			ops[nops++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			dashdash = 1;
			continue;
		}
		argv[n++] = argv[i];
		for (k = 0; with_arg[k] != NULL; k++)
			if (strcmp(argv[i], with_arg[k]) == 0 && i + 1 < *argc) {
				argv[n++] = argv[++i];
				break;
			}
	}
	memcpy(argv + n, ops, (size_t)nops * sizeof(char *));
	*argc = n + nops;
	argv[*argc] = NULL;
	free(ops);
	return n;
}

int
cli_run_args(int argc, char **argv, const struct cli_command *cmd,
    struct cli_args *o, struct cli_run *r, struct diag **d, int *status)
{
	int	rc;

	if ((rc = cli_options(argc, argv, 1, cmd->takes, o)) != 0 ||
	    o->nargs != 1) {
		*status = cli_stop(rc, cmd->help, cmd->usage);
		return -1;
	}
	*d = diag_new();
	*status = cli_run_load(r, o->c.root, o->logs, o->args[0], o->allowed,
	    *d) == -1 ? EXIT_INVALID : 0;
	return 0;
}

int
cli_report(struct diag *d)
{
	int	errors = diag_errors(d);

	diag_print(d, stderr);
	return errors > 0;
}

/* The slot of dir in the set of known directories: its own, or the
 * empty one where it would go. */
static size_t
known_slot(const struct staging *s, const char *dir)
{
	size_t		 h = 2166136261u, mask = s->knowncap - 1;
	const char	*p;

	for (p = dir; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (h &= mask; s->known[h] != NULL; h = (h + 1) & mask)
		if (strcmp(s->known[h], dir) == 0)
			break;
	return h;
}

/* Is dir known (-1: no), and made by this stage (1) or found (0)? */
static int
known_dir(const struct staging *s, const char *dir)
{
	size_t	i;

	if (s->nknown == 0)
		return -1;
	i = known_slot(s, dir);
	return s->known[i] == NULL ? -1 : s->made[i];
}

static void
know_dir(struct staging *s, const char *dir, int made)
{
	struct staging	old = *s;
	size_t		i;

	if (2 * (s->nknown + 1) > s->knowncap) {
		s->knowncap = s->knowncap ? 2 * s->knowncap : 64;
		s->known = xcalloc(s->knowncap, sizeof(char *));
		s->made = xcalloc(s->knowncap, 1);
		for (i = 0; i < old.knowncap; i++)
			if (old.known[i] != NULL) {
				size_t j = known_slot(s, old.known[i]);

				s->known[j] = old.known[i];
				s->made[j] = old.made[i];
			}
		free(old.known);
		free(old.made);
	}
	i = known_slot(s, dir);
	if (s->known[i] == NULL) {
		s->known[i] = xstrdup(dir);
		s->nknown++;
	}
	s->made[i] = (char)made;
}

/*
 * mkdir -p dir, deepest first: in a build every file's directory but the
 * first one exists already, and that costs one mkdir(2), not one per
 * component of the path.  The directories made are recorded in s, so
 * that staging_abort() can take them back.
 */
static int
make_dir(struct staging *s, char *dir, const char *path, struct diag *d)
{
	struct loc	 at = { path, 0, 0 };
	char		*slash = strrchr(dir, '/');
	int		 made, rc;

	made = mkdir(dir, 0777) == 0;
	if (!made && (errno == ENOENT || errno == ENOTDIR) && slash != NULL &&
	    slash != dir) {
		*slash = '\0';
		rc = known_dir(s, dir) == -1 ? make_dir(s, dir, path, d) : 0;
		*slash = '/';
		if (rc == -1)
			return -1;
		made = mkdir(dir, 0777) == 0;
	}
	if (made)
		staging_adopt_dir(s, dir);
	else if (errno != EEXIST) {
		diag_add(d, &at, DIAG_ERROR, "cannot create directory '%s': %s",
		    dir, strerror(errno));
		return -1;
	} else
		know_dir(s, dir, 0);
	return 0;
}

/* The directory of path (malloc'ed), NULL for none to make. */
static char *
dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;

	if (slash == NULL || slash == path)
		return NULL;
	dir = xmalloc((size_t)(slash - path) + 1);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return dir;
}

/* The parent directories of path, each asked for once per stage. */
static int
make_parents(struct staging *s, const char *path, struct diag *d)
{
	char	*dir = dir_of(path);
	int	 rc = 0;

	if (dir != NULL && known_dir(s, dir) == -1)
		rc = make_dir(s, dir, path, d);
	free(dir);
	return rc;
}

int
staging_new_dir(const struct staging *s, const char *path)
{
	char	*dir = dir_of(path);
	int	 made = dir != NULL && known_dir(s, dir) == 1;

	free(dir);
	return made;
}

/* Write data to a new temporary file beside path; its name is returned
 * (malloc'ed), NULL after a diagnostic. */
static char *
write_temp(struct staging *s, const char *path, const char *data, size_t len,
    struct diag *d)
{
	struct loc	 at = { path, 0, 0 };
	struct stat	 st;
	size_t		 plen = strlen(path);
	char		*tmp;

	if (make_parents(s, path, d) == -1)
		return NULL;
	tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	if (file_temp_stat(tmp, data, len, s->flags, &st) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
	s->last_size = (long long)st.st_size;
	s->last_mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	return tmp;
}

void
staging_adopt(struct staging *s, const char *tmp, const char *path)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->tmp = xrealloc(s->tmp, s->cap * sizeof(char *));
		s->path = xrealloc(s->path, s->cap * sizeof(char *));
	}
	s->tmp[s->n] = xstrdup(tmp);
	s->path[s->n++] = xstrdup(path);
}

void
staging_adopt_dir(struct staging *s, const char *dir)
{
	if (s->ndirs == s->dircap) {
		s->dircap = s->dircap ? s->dircap * 2 : 16;
		s->dirs = xrealloc(s->dirs, s->dircap * sizeof(char *));
	}
	s->dirs[s->ndirs++] = xstrdup(dir);
	know_dir(s, dir, 1);
}

int
staging_file(struct staging *s, const char *path, const char *data, size_t len,
    struct diag *d)
{
	char	*tmp;

	if ((tmp = write_temp(s, path, data, len, d)) == NULL)
		return -1;
	staging_adopt(s, tmp, path);
	free(tmp);
	return 0;
}

void
staging_forget(struct staging *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		free(s->tmp[i]);
		free(s->path[i]);
	}
	for (i = 0; i < s->ndirs; i++)
		free(s->dirs[i]);
	for (i = 0; i < s->knowncap; i++)
		free(s->known[i]);
	free(s->tmp);
	free(s->path);
	free(s->dirs);
	free(s->known);
	free(s->made);
	memset(s, 0, sizeof(*s));
}

int
staging_commit(struct staging *s, struct diag *d)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < s->n; i++) {
		if (file_rename(s->tmp[i], s->path[i], s->flags) == -1) {
			struct loc at = { s->path[i], 0, 0 };

			diag_add(d, &at, DIAG_ERROR, "cannot rename into place: "
			    "%s", strerror(errno));
			rc = -1;
		}
	}
	staging_forget(s);
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
	size_t	i;

	for (i = 0; i < s->n; i++)
		unlink(s->tmp[i]);
	/* Only directories this stage made, and only when empty: what
	 * was there before, or was put there meanwhile, stays. */
	if (s->ndirs > 0)
		qsort(s->dirs, s->ndirs, sizeof(char *), cmp_depth);
	for (i = 0; i < s->ndirs; i++)
		rmdir(s->dirs[i]);
	staging_forget(s);
}

int
cli_write_file(const char *path, const char *data, size_t len,
    struct diag *d)
{
	struct staging	s = { 0 };

	/* One file a person worked on (a run, a signature): worth an
	 * fsync, unlike a build's regenerable outputs. */
	s.flags = FILE_SYNC;
	if (staging_file(&s, path, data, len, d) == -1) {
		staging_abort(&s);
		return -1;
	}
	return staging_commit(&s, d);
}
