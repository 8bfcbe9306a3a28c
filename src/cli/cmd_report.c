/*
 * chkc report [LOGS] [--json] [--last N]: what the archive tells a team
 * (archive/archive.h, archive_report): rewrite LOGS/index.html and
 * index.md, print the short version or the JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	    "and checklist, outcomes per week, completion and time from the\n"
	    "first to the last tick of each run, every item by how often it\n"
	    "failed, was N/A or was left open (counted by path across the\n"
	    "checklist's revisions), and the candidates to review: items N/A\n"
	    "in at least 90%% or failed in at least 3 of the last N runs, and\n"
	    "items no run has ticked since their revision.  Rewrites\n"
	    "LOGS/index.html (the report as a page) and index.md, then prints\n"
	    "the short version.  A tampered or unreadable bundle is an error\n"
	    "and is listed as such in every form of the report.\n\n"
	    "  --json         print every figure as JSON instead\n"
	    "  --last N       judge candidates on the last N runs (default %d)\n"
	    "  -C DIR         project root (default: .)\n"
	    "  -q             print nothing; only rewrite the page\n\n"
	    "Exit status: 0 every run read, 1 a run could not be read, 2 usage\n"
	    "error, 3 no archive or an I/O failure.\n", report_usage,
	    REPORT_LAST);
}

/* N of --last: 1 to 100000. */
static int
parse_last(const char *s, size_t *n)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || v < 1 || v > 100000)
		return -1;
	*n = (size_t)v;
	return 0;
}

int
cmd_report(int argc, char **argv)
{
	struct cli_common	 c = { ".", 0, 0 };
	struct diag		*d;
	struct buf		 out = { 0 };
	const char		*dir = NULL;
	char			*logdir;
	size_t			 last = REPORT_LAST;
	enum report_format	 fmt = REPORT_TEXT;
	static const char *const with_arg[] = { "--last", "-C", NULL };
	int			 i = 1, k, problems, status, nopt;

	nopt = cli_permute(&argc, argv, 1, with_arg);
	if (argc - nopt > 1)
		return cli_usage(report_usage);
	if (argc - nopt == 1)
		dir = argv[nopt];
	while (i < nopt) {
		if ((k = cli_common_opt(&c, nopt, argv, &i)) == 1)
			continue;
		if (k == -1)
			return cli_usage(report_usage);
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			report_help();
			return 0;
		}
		if (strcmp(argv[i], "--json") == 0)
			fmt = REPORT_JSON;
		else if (strcmp(argv[i], "--last") == 0 && i + 1 < nopt) {
			if (parse_last(argv[++i], &last) == -1)
				return cli_usage(report_usage);
		} else
			return cli_usage(report_usage);
		i++;
	}
	if (c.quiet && fmt == REPORT_TEXT)
		fmt = REPORT_NONE;
	d = diag_new();
	logdir = cli_logs_dir(c.root, dir);
	problems = archive_report(logdir, last, fmt, &out, d);
	status = problems < 0 ? EXIT_IO : problems > 0 ? EXIT_INVALID : 0;
	if (problems >= 0)
		fwrite(out.data != NULL ? out.data : "", 1, out.len, stdout);
	cli_report(d);
	buf_free(&out);
	free(logdir);
	diag_free(d);
	return status;
}
