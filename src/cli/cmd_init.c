/*
 * chkc init: a new project that builds at once.  Its files are real
 * files of the source tree (src/cli/init/, schemas/) embedded in the
 * binary, so an installed chkc writes exactly what the tests build.
 *
 * It never overwrites: in a directory that has anything in it (but a
 * .git), it names what is there and stops; --force writes its own
 * files over the ones of the same name and leaves every other file
 * alone.  The files are staged (cli.h): all are written, or none.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "chkc.h"
#include "diag.h"
#include "schema/schema.h"
#include "cli/cli.h"

extern const char *const init_embed_names[];
extern const char *const init_embed_data[];
extern const size_t init_embed_sizes[];

static const char init_usage[] = "chkc init [--force] [-q] [DIR]";

/* What a new project holds: its path, and the embedded file it is. */
static const struct {
	const char	*path;
	const char	*from;
} files[] = {
	{ "templates/deploy.yaml",		"src/cli/init/deploy.yaml" },
	{ "templates/parts/before.yaml",	"src/cli/init/before.yaml" },
	{ "content/myapp.yaml",			"src/cli/init/project.yaml" },
	{ ".gitignore",				"src/cli/init/gitignore" },
	{ ".github/workflows/checklists.yml",	"src/cli/init/github-workflow.yml" },
	{ ".gitlab-ci.yml",			"src/cli/init/gitlab-ci.yml" },
	/* For the yaml-language-server lines of the YAML files. */
	{ "schemas/template.schema.json",	"schemas/template.schema.json" },
	{ "schemas/project.schema.json",	"schemas/project.schema.json" },
	{ "schemas/translation.schema.json",	"schemas/translation.schema.json" },
	{ "schemas/run.schema.json",		"schemas/run.schema.json" },
};

#define NFILES	(sizeof(files) / sizeof(files[0]))

static void
init_help(void)
{
	size_t	i;

	printf("usage: %s\n\n"
	    "Write a small, working project into DIR (default: the current\n"
	    "directory), ready for 'chkc build' and 'chkc serve':\n\n",
	    init_usage);
	for (i = 0; i < NFILES; i++)
		printf("  %s\n", files[i].path);
	printf("\nA DIR with anything in it (but .git) is left alone: its\n"
	    "entries are named and chkc init stops (exit 1).\n"
	    "  --force   write the files above all the same, replacing those\n"
	    "            of the same name; no other file is touched\n"
	    "  -q        no summary\n");
}

/* The bytes of file i; NULL if it was not embedded (a build error). */
static const char *
content(size_t i, size_t *len)
{
	size_t	k;

	if (strncmp(files[i].from, "schemas/", 8) == 0)
		return schema_embedded_file(files[i].from, len);
	for (k = 0; init_embed_names[k] != NULL; k++)
		if (strcmp(init_embed_names[k], files[i].from) == 0) {
			*len = init_embed_sizes[k];
			return init_embed_data[k];
		}
	return NULL;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Name each entry of dir (but . .. and .git), sorted; the number. */
static int
existing(const char *dir, struct diag *d)
{
	struct loc	 at = { dir, 0, 0 };
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 n = 0, cap = 0, i;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * sizeof(char *));
		}
		v[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 0) {
		qsort(v, n, sizeof(char *), cmp_name);
		diag_add(d, &at, DIAG_ERROR, "not empty: chkc init writes a "
		    "new project only into an empty directory (--force: write "
		    "it all the same)");
	}
	for (i = 0; i < n; i++) {
		diag_add(d, &at, DIAG_NOTE, "'%s' is there", v[i]);
		free(v[i]);
	}
	free(v);
	return (int)n;
}

/* Stage every file of the project under dir, then commit. */
static int
write_project(const char *dir, struct diag *d)
{
	struct staging	 st;
	const char	*data;
	char		*path;
	size_t		 i, len = 0;
	int		 rc = 0;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < NFILES && rc == 0; i++) {
		if ((data = content(i, &len)) == NULL) {
			diag_add(d, NULL, DIAG_ERROR, "'%s' is not built into "
			    "chkc", files[i].from);
			rc = -1;
			break;
		}
		path = xmalloc(strlen(dir) + strlen(files[i].path) + 2);
		sprintf(path, "%s/%s", dir, files[i].path);
		rc = staging_file(&st, path, data, len, d);
		free(path);
	}
	if (rc == 0)
		return staging_commit(&st, d);
	staging_abort(&st);
	return -1;
}

int
cmd_init(int argc, char **argv)
{
	struct cli_args	 o;
	struct diag	*d;
	const char	*dir;
	int		 i, status = 0;

	if ((i = cli_options(argc, argv, 1, CLI_OPTS_INIT, &o)) != 0 ||
	    o.nargs > 1)
		return cli_stop(i, init_help, init_usage);
	dir = o.nargs == 1 ? o.args[0] : ".";
	d = diag_new();
	if (!o.force && existing(dir, d) > 0)
		status = EXIT_INVALID;
	else if (write_project(dir, d) == -1)
		status = EXIT_IO;
	cli_report(d);
	diag_free(d);
	if (status == 0 && !o.c.quiet) {
		fprintf(stderr, "chkc: a new project in %s:\n", dir);
		for (i = 0; i < (int)NFILES; i++)
			fprintf(stderr, "  %s\n", files[i].path);
		fprintf(stderr, "next: %s%s%schkc build && chkc serve\n",
		    strcmp(dir, ".") ? "cd " : "", strcmp(dir, ".") ? dir : "",
		    strcmp(dir, ".") ? " && " : "");
	}
	return status;
}
