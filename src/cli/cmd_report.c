/*
 * chkc report [LOGS] [--json] [--last N]: what the archive tells a team
 * (archive/archive.h, archive_report): rewrite LOGS/index.html and
 * index.md, print the short version or the JSON.
 */
#define _XOPEN_SOURCE	700	/* realpath() is XSI */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "archive/archive.h"
#include "cli/cli.h"

static const char report_usage[] =
    "chkc report [LOGS] [--json] [--last N] [-C DIR] [-q]";

static void
report_help(void)
{
	printf("usage: %s\n\n"
	    "Report on the archive (default: ROOT/deployment-logs): per project\n"
	    "and checklist, outcomes per week and per release, completion and\n"
	    "time from the first to the last tick of each run, every item by\n"
	    "how often it failed, was N/A or was left open (counted by path\n"
	    "across the checklist's revisions), and the candidates to review:\n"
	    "items N/A in at least 90%% or failed in at least 3 of the last N\n"
	    "runs, and items no run has ticked since their revision.  Rewrites\n"
	    "LOGS/index.html (the report as a page; each item links to its\n"
	    "anchor in ROOT/out/<project>/<checklist>.html) and index.md, then\n"
	    "prints the short version.  Runs are read from LOGS/SUMMARY (each\n"
	    "bundle is checked for its size, and hashed when it changed since\n"
	    "the last report).  A tampered or unreadable bundle or summary is an\n"
	    "error and is listed as such in every form of the report.\n\n"
	    "  --json         print every figure as JSON instead\n"
	    "  --last N       judge candidates on the last N runs (default %d)\n"
	    "  -C DIR         project root (default: .)\n"
	    "  -q             print nothing; only rewrite the page\n\n"
	    "Exit status: 0 every run read, 1 a run could not be read, 2 usage\n"
	    "error, 3 no archive or an I/O failure.\n", report_usage,
	    REPORT_LAST);
}

/* The real path of p, whose last component may not exist yet. */
static char *
real_path(const char *p)
{
	const char	*slash = strrchr(p, '/'), *name;
	char		*dir, *r, *out;

	if ((r = realpath(p, NULL)) != NULL)
		return r;
	/* Not made yet: its parent's real path and its name. */
	dir = xstrdup(slash == NULL ? "." : p);
	if (slash != NULL)
		dir[slash == p ? 1 : slash - p] = '\0';
	name = slash == NULL ? p : slash + 1;
	r = realpath(dir, NULL);
	free(dir);
	if (r == NULL)
		return NULL;
	out = xmalloc(strlen(r) + strlen(name) + 2);
	sprintf(out, "%s/%s", strcmp(r, "/") == 0 ? "" : r, name);
	free(r);
	return out;
}

char *
cli_site_url(const char *root, const char *logdir)
{
	char		*r = real_path(root), *l = real_path(logdir), *out = NULL;
	struct buf	 b = { 0 };
	size_t		 i, common = 0;

	if (r != NULL && l != NULL) {
		/* The longest common prefix that ends a component. */
		for (i = 0; r[i] != '\0' && r[i] == l[i]; i++)
			if (r[i] == '/')
				common = i;
		if ((r[i] == '\0' || r[i] == '/') && (l[i] == '\0' || l[i] == '/'))
			common = i;
		for (i = common; l[i] != '\0'; i++)
			if (l[i] == '/')
				buf_puts(&b, "../");
		buf_printf(&b, "%s%sout", r[common] == '/' ? r + common + 1 : "",
		    r[common] == '/' ? "/" : "");
		out = xstrdup(buf_str(&b));
	}
	buf_free(&b);
	free(r);
	free(l);
	return out;
}

int
cmd_report(int argc, char **argv)
{
	struct cli_args		 o;
	struct diag		*d;
	struct buf		 out = { 0 };
	char			*logdir, *site;
	enum report_format	 fmt = REPORT_TEXT;
	int			 problems, status;

	if ((status = cli_options(argc, argv, 1, CLI_OPTS_REPORT,
	    &o)) != 0 || o.nargs > 1)
		return cli_stop(status, report_help, report_usage);
	if (o.json)
		fmt = REPORT_JSON;
	if (o.c.quiet && fmt == REPORT_TEXT)
		fmt = REPORT_NONE;
	d = diag_new();
	logdir = cli_logs_dir(o.c.root, o.nargs == 1 ? o.args[0] : NULL);
	site = cli_site_url(o.c.root, logdir);
	problems = archive_report(logdir, site, (size_t)o.last, fmt, &out, d);
	free(site);
	status = problems < 0 ? EXIT_IO : problems > 0 ? EXIT_INVALID : 0;
	if (problems >= 0)
		fwrite(out.data != NULL ? out.data : "", 1, out.len, stdout);
	cli_report(d);
	buf_free(&out);
	free(logdir);
	diag_free(d);
	return status;
}
