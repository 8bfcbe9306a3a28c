/*
 * chkc verify [DIR] [--require PROJECT/CHECKLIST --version V]: check an
 * archive; with --require, also that it holds a complete, fully signed,
 * successful run of that version (a release pipeline's gate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "chkc.h"
#include "diag.h"
#include "archive/archive.h"
#include "load/load.h"
#include "cli/cli.h"

static const char verify_usage[] =
    "chkc verify [DIR] [--require PROJECT/CHECKLIST --version V]\n"
    "                   [--allowed-signers FILE] [-C DIR] [-q]";

static void
verify_help(void)
{
	printf("usage: %s\n\n"
	    "Check the archive DIR (default: ROOT/deployment-logs): every LOG\n"
	    "line chains to the one before, every bundle has the SHA-256 of its\n"
	    "line, its own BagIt manifests hold, what it recorded of its line is\n"
	    "the line, the .md beside it is its checklist, and no file is there\n"
	    "that the LOG does not account for.  Every edited, missing, extra,\n"
	    "reordered or truncated entry is reported by path.  The signatures\n"
	    "of runs signed with SSH keys are verified again against the\n"
	    "allowed_signers kept in their bundles; one that today's\n"
	    "allowed_signers would refuse is a warning saying what changed.\n\n"
	    "  --require PROJECT/CHECKLIST --version V\n"
	    "               also require a verified run of that checklist whose\n"
	    "               fields.version is V, complete, signed by every role,\n"
	    "               with outcome success; when the project names\n"
	    "               signers, every role signed by an allowed key\n"
	    "  --allowed-signers FILE  today's allowed signers (default:\n"
	    "               ROOT/allowed_signers)\n"
	    "  -C DIR       project root (default: .)\n"
	    "  -q           no summary line\n\n"
	    "Exit status: 0 verified (and required run found), 1 a problem or\n"
	    "no such run, 2 usage error, 3 the archive cannot be read.\n",
	    verify_usage);
}

static int
is(const char *s, const char *want)
{
	return s != NULL && want != NULL && strcmp(s, want) == 0;
}

/* Why an entry of the required checklist and version does not pass,
 * or NULL when it does. */
static const char *
why_not(struct arena *a, const struct archive_entry *e, int keys)
{
	const char	*why = "";

	if (!e->ok)
		return "it did not verify";
	if (!is(e->percent, "100"))
		why = arena_printf(a, "%s, %s%% done", why,
		    e->percent ? e->percent : "?");
	if (!is(e->unsigned_roles, "0"))
		why = arena_printf(a, "%s, %s role%s unsigned", why,
		    e->unsigned_roles ? e->unsigned_roles : "?",
		    is(e->unsigned_roles, "1") ? "" : "s");
	if (!is(e->outcome, "success"))
		why = arena_printf(a, "%s, outcome '%s'", why,
		    e->outcome ? e->outcome : "?");
	if (*why == '\0' && !is(e->complete, "yes"))
		why = ", a required field is empty";
	if (keys && !is(e->keys_missing, "0"))
		why = arena_printf(a, "%s, %s role%s not signed with an allowed "
		    "key", why, e->keys_missing ? e->keys_missing : "no",
		    is(e->keys_missing, "1") ? "" : "s");
	return *why != '\0' ? why + 2 : NULL;
}

/* Does ROOT/content/<project>.yaml name signers today? */
static int
project_signers(const char *root, const char *project, struct arena *a)
{
	struct diag		*quiet = diag_new();
	const struct chk_node	*n;
	int			 yes;

	n = load_file(a, arena_printf(a, "%s/content/%s.yaml", root, project),
	    quiet);
	yes = node_get(n, "signers") != NULL;
	diag_free(quiet);
	return yes;
}

/* The gate: a passing run of name (PROJECT/CHECKLIST) and version. */
static int
require(const char *root, const char *dir, const struct archive_entry *e,
    size_t n, const char *name, const char *version, int quiet,
    struct arena *a, struct diag *d)
{
	struct loc	 at = { dir, 0, 0 };
	const char	*why, *id;
	size_t		 i, seen = 0;
	int		 keys;

	for (i = n; i-- > 0; ) {
		id = arena_printf(a, "%s/%s", e[i].project ? e[i].project : "",
		    e[i].checklist ? e[i].checklist : "");
		if (strcmp(id, name) != 0 || !is(e[i].version, version))
			continue;
		/* Signers named when it was archived, or today. */
		keys = is(e[i].keys_required, "yes") ||
		    project_signers(root, e[i].project ? e[i].project : "", a);
		if ((why = why_not(a, &e[i], keys)) == NULL) {
			if (!quiet)
				fprintf(stderr, "chkc: %s version %s: %s/%s is "
				    "complete, signed and successful\n", name,
				    version, dir, e[i].path);
			return 0;
		}
		if (seen++ == 0)
			diag_add(d, &at, DIAG_ERROR, "no complete, fully signed, "
			    "successful run of %s version %s", name, version);
		diag_add(d, &at, DIAG_NOTE, "'%s' does not count: %s",
		    e[i].path, why);
	}
	if (seen == 0)
		diag_add(d, &at, DIAG_ERROR, "no run of %s version %s is "
		    "archived", name, version);
	return -1;
}

int
cmd_verify(int argc, char **argv)
{
	struct cli_args		 o;
	struct archive_entry	*e;
	struct arena		*a;
	struct diag		*d;
	struct progress		*prog;
	char			*logdir;
	size_t			 n;
	int			 k, problems, status;

	if ((k = cli_options(argc, argv, 1, CLI_OPTS_VERIFY,
	    &o)) != 0 ||
	    (o.require == NULL) != (o.version == NULL) || o.nargs > 1)
		return cli_stop(k, verify_help, verify_usage);
	logdir = cli_logs_dir(o.c.root, o.nargs == 1 ? o.args[0] : NULL);
	d = diag_new();
	a = arena_new();
	prog = progress_new("bundles", o.c.quiet);
	progress_archive(prog);
	problems = archive_verify(logdir, a, &e, &n, d);
	progress_archive(NULL);
	progress_end(prog);
	status = problems < 0 ? EXIT_IO : problems > 0 ? EXIT_INVALID : 0;
	if (status != EXIT_IO && (k = cli_verify_keys(o.c.root, o.allowed, logdir,
	    e, n, a, d)) != 0)
		status = k;
	if (status == 0 && diag_errors(d) > 0)
		status = EXIT_INVALID;
	if (status == 0 && !o.c.quiet)
		fprintf(stderr, "chkc: %s: %zu entr%s verified\n", logdir, n,
		    n == 1 ? "y" : "ies");
	if (status != EXIT_IO && o.require != NULL &&
	    require(o.c.root, logdir, e, n, o.require, o.version, o.c.quiet,
	    a, d) == -1)
		status = EXIT_INVALID;
	cli_report(d);
	free(logdir);
	arena_free(a);
	diag_free(d);
	return status;
}
