/*
 * What a command works on: every project of content/, or the projects,
 * checklists and files named on the command line.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/resolve.h"
#include "cli/cli.h"

struct targets {
	struct target	*v;
	size_t		 n, cap;
	struct arena	*a;
};

static struct target *
push(struct targets *t, const char *path, int is_template, const char *only,
    const char *arg)
{
	struct target	*x;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	x = &t->v[t->n++];
	x->path = arena_strdup(t->a, path);
	x->is_template = is_template;
	x->only = only != NULL ? arena_strdup(t->a, only) : NULL;
	x->arg = arena_strdup(t->a, arg);
	x->is_run = 0;
	return x;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static int
is_yaml(const char *name)
{
	return has_suffix(name, ".yaml") || has_suffix(name, ".yml") ||
	    has_suffix(name, ".json");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The YAML files of dir, sorted (so outputs do not depend on readdir). */
static char **
list_dir(const char *dir, size_t *n)
{
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || !is_yaml(de->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, cap * sizeof(char *));
		}
		v[*n] = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
		sprintf(v[*n], "%s/%s", dir, de->d_name);
		(*n)++;
	}
	closedir(dp);
	if (*n > 0)
		qsort(v, *n, sizeof(char *), cmp_str);
	return v;
}

static void
free_list(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
add_file(struct targets *t, struct resolver *res, const char *path)
{
	struct target	*x;

	x = push(t, path, resolver_is_template(res, path), NULL, path);
	x->is_run = resolver_is_run(res, path);
}

static int
is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* "unknown project" with a did-you-mean from content/. */
static void
unknown_project(const char *root, const char *name, struct diag *d)
{
	char		*dir = xmalloc(strlen(root) + 16), **files;
	const char	**ids, *best;
	size_t		 n, i;

	sprintf(dir, "%s/content", root);
	files = list_dir(dir, &n);
	ids = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		char *base = strrchr(files[i], '/') + 1;

		base[strcspn(base, ".")] = '\0';
		ids[i] = base;
	}
	best = diag_did_you_mean(name, ids, n);
	diag_add(d, NULL, DIAG_ERROR, "unknown project '%s' (no %s/%s.yaml)%s%s%s",
	    name, dir, name, best ? " (did you mean '" : "", best ? best : "",
	    best ? "'?)" : "");
	free(ids);
	free_list(files, n);
	free(dir);
}

/*
 * Does arg name a file rather than PROJECT[/CHECKLIST]?  A YAML or JSON
 * name, an absolute or ./ path, more than one '/'.
 */
static int
looks_like_path(const char *arg)
{
	const char	*slash = strchr(arg, '/');

	return arg[0] == '\0' || is_yaml(arg) || arg[0] == '/' ||
	    arg[0] == '.' || (slash != NULL && (slash[1] == '\0' ||
	    strchr(slash + 1, '/')));
}

/* Why a target is neither a file nor a project. */
static void
no_such_file(const char *arg, struct diag *d)
{
	struct loc	at = { arg, 0, 0 };
	struct stat	st;

	if (arg[0] == '\0')
		diag_add(d, NULL, DIAG_ERROR, "an empty argument names no file "
		    "and no project");
	else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		diag_add(d, &at, DIAG_ERROR, "is a directory (name a project "
		    "file, a template or PROJECT[/CHECKLIST])");
	else
		diag_add(d, &at, DIAG_ERROR, "no such file");
}

/* PROJECT or PROJECT/CHECKLIST: content/PROJECT.yaml; an argument with
 * a '/', or a directory, that is not one is reported as a file. */
static int
add_named(struct targets *t, const char *root,
    const char *arg, struct diag *d)
{
	char		*name = xstrdup(arg), *slash, *path;
	struct stat	 st;
	int		 rc;

	if ((slash = strchr(name, '/')) != NULL)
		*slash++ = '\0';
	path = xmalloc(strlen(root) + strlen(name) + 16);
	if (strcmp(root, ".") == 0)
		sprintf(path, "content/%s.yaml", name);
	else
		sprintf(path, "%s/content/%s.yaml", root, name);
	rc = 0;
	if (is_file(path))
		push(t, path, 0, slash, arg);
	else {
		if (slash != NULL || stat(arg, &st) == 0)
			no_such_file(arg, d);
		else
			unknown_project(root, name, d);
		rc = -1;
	}
	free(path);
	free(name);
	return rc;
}

int
targets_collect(struct resolver *res, const char *root, char **args,
    int nargs, struct target **out, struct arena *a, struct diag *d)
{
	struct targets	 t = { NULL, 0, 0, a };
	char		*dir, **files;
	size_t		 n, i;
	int		 k, rc = 0;

	if (nargs == 0) {
		dir = xmalloc(strlen(root) + 16);
		if (strcmp(root, ".") == 0)
			strcpy(dir, "content");
		else
			sprintf(dir, "%s/content", root);
		files = list_dir(dir, &n);
		if (files == NULL)
			diag_add(d, NULL, DIAG_ERROR, "no projects: %s/ has no "
			    ".yaml files (or use chkc build FILE.yaml)", dir);
		for (i = 0; i < n; i++)
			push(&t, files[i], 0, NULL, files[i]);
		free_list(files, n);
		free(dir);
	}
	for (k = 0; k < nargs; k++) {
		if (is_file(args[k]))
			add_file(&t, res, args[k]);
		else if (looks_like_path(args[k])) {
			no_such_file(args[k], d);
			rc = -1;
		} else if (add_named(&t, root, args[k], d) == -1)
			rc = -1;
	}
	*out = t.v;
	if (rc == -1 || diag_errors(d) > 0)
		return -1;
	return (int)t.n;
}
