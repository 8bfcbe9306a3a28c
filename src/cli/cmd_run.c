/*
 * chkc run new and chkc run migrate; and opening a run file with the
 * checklist it names, which status, render and archive share.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "diag.h"
#include "archive/archive.h"
#include "bundle/bundle.h"
#include "load/load.h"
#include "resolve/resolve.h"
#include "run/run.h"
#include "cli/cli.h"

static const char run_usage[] =
    "chkc run new PROJECT/CHECKLIST [-o FILE] [--force] [-C DIR] [-q]\n"
    "       chkc run migrate RUN [-o FILE] [--logs DIR] [-C DIR] [-q]\n"
    "       chkc run merge RUN1 RUN2 -o FILE [--logs DIR] [-C DIR] [-q]";

char *
cli_root_path(const char *root, const char *given, const char *name)
{
	char	*s;

	if (given != NULL)
		return xstrdup(given);
	s = xmalloc(strlen(root) + strlen(name) + 2);
	if (strcmp(root, ".") == 0)
		strcpy(s, name);
	else
		sprintf(s, "%s/%s", root, name);
	return s;
}

char *
cli_logs_dir(const char *root, const char *logs)
{
	return cli_root_path(root, logs, "deployment-logs");
}

static int
is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The checklist ids of a project, for a did-you-mean. */
static const char *
best_entry(const struct project *p, const char *id)
{
	const char	**ids = xcalloc(p->nentries + 1, sizeof(char *));
	const char	 *best;
	size_t		  i;

	for (i = 0; i < p->nentries; i++)
		ids[i] = resolver_entry_id(p, i);
	best = diag_did_you_mean(id, ids, p->nentries);
	free(ids);
	return best;
}

struct chk_list *
cli_resolve(struct resolver *res, const char *root, const char *name,
    const struct loc *at, struct arena *a, const struct project **pp,
    struct diag *d)
{
	const struct project	*p;
	const char		*slash = strchr(name, '/'), *best;
	char			*path;
	size_t			 i;

	if (slash == NULL || slash == name || slash[1] == '\0' ||
	    strchr(slash + 1, '/') != NULL) {
		diag_add(d, at, DIAG_ERROR, "'%s' is not PROJECT/CHECKLIST", name);
		return NULL;
	}
	/* "content/..." under ".", as targets.c names it. */
	if (strcmp(root, ".") == 0)
		path = arena_printf(a, "content/%.*s.yaml",
		    (int)(slash - name), name);
	else
		path = arena_printf(a, "%s/content/%.*s.yaml", root,
		    (int)(slash - name), name);
	if (!is_file(path)) {
		diag_add(d, at, DIAG_ERROR, "unknown project '%.*s' (no %s)",
		    (int)(slash - name), name, path);
		return NULL;
	}
	if ((p = resolver_project(res, path)) == NULL)
		return NULL;
	if (pp != NULL)
		*pp = p;
	for (i = 0; i < p->nentries; i++)
		if (strcmp(resolver_entry_id(p, i), slash + 1) == 0)
			return resolve_checklist(res, p, i, NULL, a);
	best = best_entry(p, slash + 1);
	diag_add(d, at, DIAG_ERROR, "project '%s' has no checklist '%s'%s%s%s",
	    p->id, slash + 1, best ? " (did you mean '" : "", best ? best : "",
	    best ? "'?)" : "");
	return NULL;
}

/* Are these bytes a bundle whose resolved checklist has the run's
 * hash?  Then t gets its texts. */
static int
texts_from_zip(struct cli_run *r, const char *path, const char *data,
    size_t len, struct run_texts *t)
{
	struct diag			*quiet = diag_new();
	struct bundle_bag		 bag;
	const struct bundle_file	*f;
	const struct chk_node		*root;
	char				 hex[65];
	int				 rc = -1;

	if (bundle_read(r->a, path, data, len, &bag, quiet) == 0 &&
	    (f = bundle_find(&bag, "data/checklist.json")) != NULL) {
		bundle_sha256(f->data, f->len, hex);
		if (strcmp(hex, r->doc->run->checklist + 7) == 0 &&
		    (root = load_buffer(r->a, path, f->data, f->len,
		    quiet)) != NULL)
			rc = run_texts_model(root, r->a, t);
	}
	diag_free(quiet);
	return rc;
}

static int
texts_from_file(struct cli_run *r, const char *path, struct run_texts *t)
{
	struct buf	b = { 0 };
	int		rc = -1;

	if (file_read(path, &b) == 0)
		rc = texts_from_zip(r, path, b.data, b.len, t);
	buf_free(&b);
	return rc;
}

/*
 * What the checklist said when the run was made: its snapshot, else a
 * bundle of that checklist (the hash of data/checklist.json is the
 * run's checklist hash): ROOT/out/<p>/<c>.zip, then the archived runs
 * of the same checklist.  Returns 0, or -1 when none is found.
 */
static int
old_texts(struct cli_run *r, const char *root, const char *logs,
    struct run_texts *t)
{
	const char	*dir;
	DIR		*dp;
	struct dirent	*de;
	size_t		 n;
	int		 rc = -1;

	if (r->doc->snapshot != NULL) {
		run_texts_snapshot(r->doc->snapshot, r->a, t);
		return 0;
	}
	if (texts_from_file(r, arena_printf(r->a, "%s/out/%s/%s.zip", root,
	    r->doc->project, r->doc->checklist), t) == 0)
		return 0;
	dir = arena_printf(r->a, "%s/%s/%s", logs, r->doc->project,
	    r->doc->checklist);
	if ((dp = opendir(dir)) == NULL)
		return -1;
	while (rc == -1 && (de = readdir(dp)) != NULL) {
		n = strlen(de->d_name);
		if (n > 4 && strcmp(de->d_name + n - 4, ".zip") == 0)
			rc = texts_from_file(r, arena_printf(r->a, "%s/%s", dir,
			    de->d_name), t);
	}
	closedir(dp);
	return rc;
}

int
cli_run_open(struct cli_run *r, const char *root, const char *logs,
    const char *path, struct diag *d)
{
	const struct chk_node	*at;
	struct run_texts	 old;
	char			*logdir;

	memset(r, 0, sizeof(*r));
	r->a = arena_new();
	r->res = resolver_new(root, d);
	if ((r->doc = run_load(r->a, path, d)) == NULL)
		return -1;
	at = node_get(r->doc->root, "run");
	if ((r->cl = cli_resolve(r->res, root, r->doc->run->run, &at->loc,
	    r->a, &r->project, d)) == NULL)
		return -1;
	if (strcmp(r->doc->run->checklist, r->cl->hash) == 0) {
		run_check(r->doc, r->cl, d);
		return 0;
	}
	r->drift = 1;
	logdir = cli_logs_dir(root, logs);
	if (old_texts(r, root, logdir, &old) == 0)
		run_drift_report(r->doc, r->cl, &old, d);
	else
		run_drift_report(r->doc, r->cl, NULL, d);
	free(logdir);
	return 0;
}

int
cli_run_load(struct cli_run *r, const char *root, const char *logs,
    const char *path, const char *allowed, struct diag *d)
{
	int	errors = diag_errors(d);

	if (cli_run_open(r, root, logs, path, d) == -1 ||
	    diag_errors(d) > errors ||
	    cli_run_policy(r, root, allowed, d) == -1)
		return -1;
	return 0;
}

void
cli_run_close(struct cli_run *r)
{
	if (r->res != NULL)
		resolver_free(r->res);
	arena_free(r->a);
	memset(r, 0, sizeof(*r));
}

static void
run_help(void)
{
	printf("usage: %s\n\n"
	    "run new: write a run file of PROJECT/CHECKLIST to fill in with an\n"
	    "editor: every header field, item path, table and sign-off role,\n"
	    "each with its text in a comment.  To stdout, or to FILE (an\n"
	    "existing FILE is kept unless --force).\n\n"
	    "run migrate: carry RUN over to the current revision of its\n"
	    "checklist: every answer whose path still exists is kept, the rest\n"
	    "is listed as dropped.  Writes RUN again (or FILE), in its format.\n\n"
	    "run merge: one run of RUN1 and RUN2, runs of the same checklist\n"
	    "with the same answers signed by different roles (each on their\n"
	    "own machine): FILE gets the answers and every role's signature.\n"
	    "An answer or a role the two give differently is an error naming\n"
	    "both places.\n\n"
	    "  -o FILE      where to write\n"
	    "  --force      run new: replace an existing FILE\n"
	    "  --logs DIR   where to look for the old checklist (default:\n"
	    "               ROOT/deployment-logs)\n"
	    "  -C DIR       project root (default: .)\n"
	    "  -q           no summary\n\n"
	    "Exit status: 0 written, 1 invalid input (or, migrate, answers to\n"
	    "fix in the new file), 2 usage error, 3 I/O failure.\n", run_usage);
}

/* Options after "run new|migrate|merge"; -1 usage error, 1 --help, 0. */
static int
run_args(struct cli_args *o, int argc, char **argv)
{
	int	r;

	if ((r = cli_options(argc, argv, 2, CLI_OPTS_RUN, o)) != 0)
		return r;
	return o->nargs == (strcmp(argv[1], "merge") == 0 ? 2 : 1) &&
	    (strcmp(argv[1], "merge") != 0 || o->out != NULL) ? 0 : -1;
}

static int
run_new_cmd(struct cli_args *o)
{
	struct diag	*d = diag_new();
	struct arena	*a = arena_new();
	struct resolver	*res = resolver_new(o->c.root, d);
	struct chk_list	*cl;
	struct buf	 b = { 0 };
	struct loc	 at = { o->out, 0, 0 };
	int		 status = 0;

	if ((cl = cli_resolve(res, o->c.root, o->args[0], NULL, a, NULL, d)) == NULL ||
	    diag_errors(d) > 0)
		status = EXIT_INVALID;
	else if (o->out != NULL && !o->force && access(o->out, F_OK) == 0) {
		diag_add(d, &at, DIAG_ERROR, "already exists (--force replaces "
		    "it)");
		status = EXIT_INVALID;
	} else {
		run_new(cl, &b);
		if (o->out == NULL)
			status = fwrite(b.data, 1, b.len, stdout) == b.len &&
			    fflush(stdout) == 0 ? 0 : EXIT_IO;
		else if (cli_write_file(o->out, b.data, b.len, d) == -1)
			status = EXIT_IO;
	}
	cli_report(d);
	if (status == 0 && o->out != NULL && !o->c.quiet)
		fprintf(stderr, "chkc: wrote %s: a run of %s/%s, revision %d\n",
		    o->out, cl->project, cl->id, cl->revision);
	buf_free(&b);
	resolver_free(res);
	arena_free(a);
	diag_free(d);
	return status;
}

/* Check the migrated run as it will be read back (at its new lines). */
static void
check_migrated(const char *name, const struct buf *b,
    const struct chk_list *cl, struct diag *d)
{
	struct arena	*a = arena_new();
	struct run_doc	*doc;

	if ((doc = run_parse(a, name, b->data, b->len, d)) != NULL)
		run_check(doc, cl, d);
	arena_free(a);
}

static int
run_migrate_cmd(struct cli_args *o)
{
	struct diag	*d = diag_new(), *dd = diag_new();
	struct cli_run	 r;
	struct ptrvec	 dropped = { 0 };
	struct buf	 b = { 0 };
	const char	*out = o->out != NULL ? o->out : o->args[0];
	size_t		 i;
	int		 status = 0;

	/* The drift report is what migrate is for: not an error here. */
	if (cli_run_open(&r, o->c.root, o->logs, o->args[0], dd) == -1 ||
	    (!r.drift && diag_errors(dd) > 0)) {
		cli_report(dd);
		status = EXIT_INVALID;
	} else if (!r.drift) {
		if (!o->c.quiet)
			fprintf(stderr, "chkc: %s is already a run of the current "
			    "%s/%s (revision %d); nothing to do\n", o->args[0],
			    r.cl->project, r.cl->id, r.cl->revision);
	} else {
		run_migrate(r.doc, r.cl, r.a, &b, &dropped);
		if (cli_write_file(out, b.data, b.len, d) == -1)
			status = EXIT_IO;
		else {
			for (i = 0; i < dropped.n && !o->c.quiet; i++)
				fprintf(stderr, "chkc: dropped %s (not in the "
				    "checklist any more)\n", (char *)dropped.v[i]);
			if (!o->c.quiet)
				fprintf(stderr, "chkc: wrote %s: carried over to "
				    "%s/%s revision %d (%.19s), %zu dropped\n", out,
				    r.cl->project, r.cl->id, r.cl->revision,
				    r.cl->hash, dropped.n);
			check_migrated(out, &b, r.cl, d);
			if (diag_errors(d) > 0)
				status = EXIT_INVALID;
		}
	}
	cli_report(d);
	ptrvec_free(&dropped);
	buf_free(&b);
	cli_run_close(&r);
	diag_free(dd);
	diag_free(d);
	return status;
}

int
cmd_run(int argc, char **argv)
{
	struct cli_args	o;
	int		rc;

	memset(&o, 0, sizeof(o));
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		run_help();
		return 0;
	}
	if (argc < 2 || (strcmp(argv[1], "new") != 0 &&
	    strcmp(argv[1], "migrate") != 0 && strcmp(argv[1], "merge") != 0))
		return cli_usage(run_usage);
	if ((rc = run_args(&o, argc, argv)) != 0)
		return cli_stop(rc, run_help, run_usage);
	if (strcmp(argv[1], "merge") == 0)
		return cli_run_merge(o.c.root, o.logs, o.args[0], o.args[1],
		    o.out, o.c.quiet);
	return strcmp(argv[1], "new") == 0 ? run_new_cmd(&o) :
	    run_migrate_cmd(&o);
}
