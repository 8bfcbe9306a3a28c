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
#include "emit/emit.h"
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
cli_common_opt(struct cli_common *c, int argc, char **argv, int *i)
{
	const char	*a = argv[*i];

	if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
		c->quiet = 1;
		(*i)++;
		return 1;
	}
	if (strcmp(a, "-C") == 0) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "chkc: -C needs a directory\n");
			return -1;
		}
		c->root = argv[*i + 1];
		*i += 2;
		return 1;
	}
	if (strncmp(a, "-C", 2) == 0) {
		c->root = a + 2;
		(*i)++;
		return 1;
	}
	return 0;
}

int
cli_stop(int r, void (*help)(void), const char *usage)
{
	if (r == 1) {
		help();
		return 0;
	}
	return cli_usage(usage);
}

int
cli_number(const char *s, long lo, long hi, long *n)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*n = v;
	return 0;
}

/* The entry of opts that a is, its argument (if it takes one) in
 * *arg: the next word, or what follows a one-letter name. */
static const struct cli_opt *
opt_find(const struct cli_opt *opts, const char *a)
{
	for (; opts->name != NULL; opts++)
		if (strcmp(a, opts->name) == 0 || (opts->arg &&
		    strlen(opts->name) == 2 && strncmp(a, opts->name, 2) == 0))
			return opts;
	return NULL;
}

/* Apply option argv[*i] (and its argument), advancing *i; -1 on a
 * usage error. */
static int
opt_apply(const struct cli_opt *o, int argc, char **argv, int *i)
{
	const char	*a = argv[(*i)++], *arg;

	if (!o->arg && o->set != NULL)
		return o->set(o->dst, NULL);
	if (!o->arg) {
		*(int *)o->dst = 1;
		return 0;
	}
	if (a[strlen(o->name)] != '\0')
		arg = a + strlen(o->name);
	else if (*i < argc)
		arg = argv[(*i)++];
	else {
		fprintf(stderr, "chkc: %s needs an argument\n", o->name);
		return -1;
	}
	if (o->set != NULL)
		return o->set(o->dst, arg);
	*(const char **)o->dst = arg;
	return 0;
}

int
cli_options(int argc, char **argv, int first, const struct cli_opt *opts,
    struct cli_common *c, char ***args, int *nargs)
{
	const struct cli_opt	*o;
	const char		**with_arg;
	size_t			 n = 0;
	int			 i = first, nopt, r;

	for (o = opts; o->name != NULL; o++)
		n++;
	with_arg = xcalloc(n + 2, sizeof(*with_arg));
	for (n = 0, o = opts; o->name != NULL; o++)
		if (o->arg)
			with_arg[n++] = o->name;
	with_arg[n] = c != NULL ? "-C" : NULL;
	nopt = cli_permute(&argc, argv, first, with_arg);
	free(with_arg);
	*args = argv + nopt;
	*nargs = argc - nopt;
	while (i < nopt) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
		if (c != NULL && (r = cli_common_opt(c, nopt, argv, &i)) != 0) {
			if (r == -1)
				return -1;
			continue;
		}
		if ((o = opt_find(opts, argv[i])) == NULL) {
			fprintf(stderr, "chkc: unknown option '%s'\n", argv[i]);
			return -1;
		}
		if (opt_apply(o, nopt, argv, &i) == -1)
			return -1;
	}
	return 0;
}

/* Is opt one of takes (NULL-terminated)? */
static int
takes_opt(const char *const *takes, const char *opt)
{
	for (; *takes != NULL; takes++)
		if (strcmp(*takes, opt) == 0)
			return 1;
	return 0;
}

int
cli_run_args(int argc, char **argv, const char *const *takes,
    struct cli_run_args *o)
{
	const struct cli_opt	 all[] = {
		{ "--logs",		1, &o->logs,	NULL },
		{ "--allowed-signers",	1, &o->allowed,	NULL },
		{ "-o",			1, &o->dir,	NULL },
		{ "--paper",		1, &o->paper,	cli_set_paper },
	};
	struct cli_opt		 opts[5];
	char			**args;
	size_t			 i, n = 0;
	int			 nargs, r;

	memset(o, 0, sizeof(*o));
	o->c.root = ".";
	o->paper = PDF_A4;
	/* --logs and --allowed-signers for every one. */
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (i < 2 || takes_opt(takes, all[i].name))
			opts[n++] = all[i];
	opts[n].name = NULL;
	if ((r = cli_options(argc, argv, 1, opts, &o->c, &args, &nargs)) != 0)
		return r;
	if (nargs != 1)
		return -1;
	o->path = args[0];
	return 0;
}

int
cli_report(struct diag *d)
{
	int	errors = diag_errors(d);

	diag_print(d, stderr);
	return errors > 0;
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
		rc = make_dir(s, dir, path, d);
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
	}
	return 0;
}

/* The parent directories of path; the last one is remembered, as the
 * files of a checklist go to one directory. */
static int
make_parents(struct staging *s, const char *path, struct diag *d)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;

	if (slash == NULL || slash == path)
		return 0;
	dir = xmalloc((size_t)(slash - path) + 1);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (s->known != NULL && strcmp(s->known, dir) == 0) {
		free(dir);
		return 0;
	}
	if (make_dir(s, dir, path, d) == -1) {
		free(dir);
		return -1;
	}
	free(s->known);
	s->known = dir;
	return 0;
}

/* Write data to a new temporary file beside path; its name is returned
 * (malloc'ed), NULL after a diagnostic. */
static char *
write_temp(struct staging *s, const char *path, const char *data, size_t len,
    struct diag *d)
{
	struct loc	 at = { path, 0, 0 };
	size_t		 plen = strlen(path);
	char		*tmp;

	if (make_parents(s, path, d) == -1)
		return NULL;
	tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	if (file_temp(tmp, data, len, s->flags) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
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
	free(s->tmp);
	free(s->path);
	free(s->dirs);
	free(s->known);
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
