/*
 * chkc render RUN [-o DIR]: the filled run as Markdown, HTML, PDF and
 * sign-off sheet; and the same rendering for chkc archive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit/emit.h"
#include "run/run.h"
#include "cli/cli.h"

static const char render_usage[] =
    "chkc render RUN [-o DIR] [--paper a4|letter] [--allowed-signers FILE]\n"
    "                   [--logs DIR] [-C DIR] [-q]";

static void
render_help(void)
{
	printf("usage: %s\n\n"
	    "Draw a filled run: its checklist with the boxes ticked, values,\n"
	    "N/A reasons, failures, signers and outcome, as DIR/NAME.md, .html,\n"
	    ".pdf and .signoff.pdf, NAME being RUN's file name without its\n"
	    "extension.  The run is checked first: on invalid input (or a\n"
	    "checklist changed since the run was made) nothing is written.\n"
	    "Roles signed with an SSH key (chkc sign) are verified and shown\n"
	    "with their principal and key fingerprint, read-only.\n\n"
	    "  -o DIR         output directory (default: RUN's directory)\n"
	    "  --paper SIZE   a4 (default) or letter\n"
	    "  --allowed-signers FILE  OpenSSH allowed signers (default:\n"
	    "                 ROOT/allowed_signers)\n"
	    "  --logs DIR     archive to look in for the old checklist\n"
	    "  -C DIR         project root (default: .)\n"
	    "  -q             no summary line\n\n"
	    "Exit status: 0 written, 1 invalid input, 2 usage error, 3 I/O "
	    "failure.\n", render_usage);
}

/* DIR/NAME without extension, NAME from the run's path (malloc'ed). */
static char *
out_base(const char *run, const char *dir)
{
	const char	*base = strrchr(run, '/'), *dot;
	char		*s;
	size_t		 n;

	base = base != NULL ? base + 1 : run;
	dot = strrchr(base, '.');
	n = dot != NULL && dot > base ? (size_t)(dot - base) : strlen(base);
	if (dir == NULL) {
		dir = ".";
		if (base > run) {
			s = xmalloc((size_t)(base - run) + n + 1);
			memcpy(s, run, (size_t)(base - run) + n);
			s[(size_t)(base - run) + n] = '\0';
			return s;
		}
	}
	s = xmalloc(strlen(dir) + n + 2);
	sprintf(s, "%s/%.*s", dir, (int)n, base);
	return s;
}

/* Render and stage every file; all or nothing. */
static int
write_outputs(const struct cli_run *r, const char *base, int paper,
    struct diag *d)
{
	struct staging	 st = { 0 };
	struct buf	 out[CLI_NFORMATS];
	char		*path;
	int		 i, rc;

	memset(out, 0, sizeof(out));
	rc = cli_render(r->cl, r->doc->run, paper, out, d);
	for (i = 0; i < CLI_NFORMATS && rc == 0; i++) {
		if (cli_formats[i].emit == NULL)
			continue;
		path = xmalloc(strlen(base) + strlen(cli_formats[i].ext) + 1);
		sprintf(path, "%s%s", base, cli_formats[i].ext);
		rc = staging_file(&st, path, buf_str(&out[i]), out[i].len, d);
		free(path);
	}
	if (rc == 0)
		rc = staging_commit(&st, d);
	else
		staging_abort(&st);
	for (i = 0; i < CLI_NFORMATS; i++)
		buf_free(&out[i]);
	return rc;
}

static const struct cli_command render_cmd = {
	CLI_OPTS_RENDER,
	render_usage, render_help
};

int
cmd_render(int argc, char **argv)
{
	struct cli_args		 o;
	struct cli_run		 r;
	struct diag		*d;
	char			*base;
	int			 k, status;

	if (cli_run_args(argc, argv, &render_cmd, &o, &r, &d, &status) == -1)
		return status;
	base = out_base(o.args[0], o.out);
	/* An invalid signature is drawn as such: a warning here. */
	if (status == 0)
		status = cli_run_verify(&r, DIAG_WARNING, d);
	if (status == 0 && (k = write_outputs(&r, base, o.paper, d)) < 0)
		status = k == EMIT_TOO_LARGE ? EXIT_INVALID : EXIT_IO;
	cli_report(d);
	if (status == 0 && !o.c.quiet)
		fprintf(stderr, "chkc: wrote %s.md, .html, .pdf, .signoff.pdf\n",
		    base);
	free(base);
	cli_run_close(&r);
	diag_free(d);
	return status;
}
