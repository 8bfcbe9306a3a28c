/*
 * chkc archive RUN [--logs DIR]: check, render, bundle and append a run
 * to the archive (archive/archive.h says how).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "diag.h"
#include "model.h"
#include "archive/archive.h"
#include "bundle/bundle.h"
#include "emit/emit.h"
#include "run/run.h"
#include "cli/cli.h"

static const char archive_usage[] =
    "chkc archive RUN [--logs DIR] [--paper a4|letter] [--allowed-signers FILE]\n"
    "                    [-C DIR] [-q]";

static void
archive_help(void)
{
	printf("usage: %s\n\n"
	    "Keep a filled run: check it against its checklist, render it\n"
	    "(Markdown, HTML, PDF, sign-off sheet), bundle it (BagIt in a zip,\n"
	    "with the resolved checklist, its sources and the run file) and\n"
	    "place it in the archive as\n\n"
	    "  DIR/<project>/<checklist>/<version>-<YYYY-MM-DD>.zip and .md\n\n"
	    "(-2, -3 ... when that name is taken; nothing is overwritten), then\n"
	    "rewrite DIR/index.md and index.html and append a hash-chained line\n"
	    "to DIR/LOG.  The date is the run's latest 'at'; times come from\n"
	    "SOURCE_DATE_EPOCH when it is set.  Several archives at once are\n"
	    "safe (a lock); an interrupted one leaves nothing behind that the\n"
	    "next one does not clean up.\n\n"
	    "Roles signed with an SSH key (chkc sign) are verified first; an\n"
	    "invalid signature is an error and nothing is archived.  The bundle\n"
	    "keeps the allowed_signers file verified against and what was\n"
	    "verified (data/signoff.json), the LOG line the keys'\n"
	    "fingerprints.\n\n"
	    "  --logs DIR     the archive (default: ROOT/deployment-logs)\n"
	    "  --paper SIZE   a4 (default) or letter\n"
	    "  --allowed-signers FILE  OpenSSH allowed signers (default:\n"
	    "                 ROOT/allowed_signers)\n"
	    "  -C DIR         project root (default: .)\n"
	    "  -q             no summary line\n\n"
	    "Exit status: 0 archived, 1 invalid input, 2 usage error, 3 I/O "
	    "failure.\n", archive_usage);
}

/* The payload of a run's bundle: the checklist's (the formats with the
 * run drawn in), the run file and what was verified of its signatures;
 * all from the arena. */
static int
payload(struct cli_run *r, const char *root, const char *path,
    struct buf *out, struct bundle_file **files, size_t *n,
    struct diag *d)
{
	struct bundle_file	*f;
	struct buf		 raw = { 0 };
	const char		*ext = strrchr(path, '.');
	struct loc		 at = { path, 0, 0 };
	size_t			 k;

	if (file_read(path, &raw) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot read the run again");
		buf_free(&raw);
		return -1;
	}
	if ((f = cli_bundle_checklist(root, r->cl, out, 3, r->a, &k,
	    d)) == NULL) {
		buf_free(&raw);
		return -1;
	}
	f[k].path = arena_printf(r->a, "run%s", ext != NULL &&
	    strcmp(ext, ".json") == 0 ? ".json" : ".yaml");
	f[k].data = arena_alloc(r->a, raw.len + 1);
	memcpy((char *)f[k].data, raw.data, raw.len);
	f[k++].len = raw.len;
	buf_free(&raw);
	k += cli_run_sign_files(r, f + k);
	*files = f;
	*n = k;
	return 0;
}

/* archive_add() with a progress line: it reads every bundle of the
 * archive again for the index. */
static int
add_run(const char *logs, const struct archive_run *ar, char **placed,
    int quiet, struct diag *d)
{
	struct progress	*prog = progress_new("bundles indexed", quiet);
	int		 rc;

	progress_archive(prog);
	rc = archive_add(logs, ar, placed, d);
	progress_archive(NULL);
	progress_end(prog);
	return rc;
}

/* Render, bundle, archive.  Returns an exit status. */
static int
archive_run(struct cli_run *r, const char *root, const char *logs,
    const char *path, int paper, int quiet, struct diag *d)
{
	struct run_progress	 p;
	struct ptrvec		 missing = { 0 };
	struct archive_run	 ar;
	struct buf		 out[CLI_NFORMATS];
	const char		*at;
	char			 date[11], *placed = NULL, *site;
	int			 i, rendered, status = EXIT_IO;

	memset(out, 0, sizeof(out));
	memset(&ar, 0, sizeof(ar));
	run_progress(r->doc->run, r->cl, r->a, &p);
	ar.epoch = cli_now();
	if ((at = run_latest_at(r->doc->run)) != NULL)
		snprintf(date, sizeof(date), "%.10s", at);
	else
		bundle_date(ar.epoch, date);
	ar.project = r->cl->project;
	ar.checklist = r->cl->id;
	ar.hash = r->cl->hash;
	ar.revision = r->cl->revision;
	ar.version = p.version;
	ar.date = date;
	ar.outcome = r->doc->run->outcome;
	ar.percent = p.percent;
	ar.complete = p.complete;
	ar.nunsigned = p.nunsigned;
	ar.signers = p.signers;
	ar.nsigners = p.nsigners;
	ar.md = arena_printf(r->a, "%s.md", r->cl->id);
	ar.keys = cli_run_keys(r);
	ar.keys_required = r->policy.signers != NULL;
	cli_run_unsigned(r, &missing);
	ar.keys_missing = missing.n;
	ar.site = site = cli_site_url(root, logs);
	ptrvec_free(&missing);
	rendered = cli_render(r->cl, r->doc->run, paper, out, d);
	if (rendered == EMIT_TOO_LARGE)
		status = EXIT_INVALID;
	else if (rendered == 0 &&
	    payload(r, root, path, out, (struct bundle_file **)&ar.files,
	    &ar.nfiles, d) == 0 &&
	    add_run(logs, &ar, &placed, quiet, d) == 0) {
		status = 0;
		if (!quiet)
			fprintf(stderr, "chkc: archived %s as %s/%s (%s, %d%%%s)\n",
			    path, logs, placed, ar.outcome ? ar.outcome :
			    "no outcome", p.percent, p.complete ? ", complete" :
			    ", incomplete");
	}
	free(placed);
	free(site);
	for (i = 0; i < CLI_NFORMATS; i++)
		buf_free(&out[i]);
	return status;
}

static const struct cli_command archive_cmd = {
	CLI_OPTS_ARCHIVE,
	archive_usage, archive_help
};

int
cmd_archive(int argc, char **argv)
{
	struct cli_args		 o;
	struct cli_run		 r;
	struct diag		*d;
	char			*logdir;
	int			 status;

	if (cli_run_args(argc, argv, &archive_cmd, &o, &r, &d, &status) == -1)
		return status;
	logdir = cli_logs_dir(o.c.root, o.logs);
	/* A signature that does not verify: nothing is archived. */
	if (status == 0 && (status = cli_run_verify(&r, DIAG_ERROR, d)) == 0 &&
	    diag_errors(d) > 0)
		status = EXIT_INVALID;
	if (status == 0)
		status = archive_run(&r, o.c.root, logdir, o.args[0], o.paper,
		    o.c.quiet, d);
	cli_report(d);
	free(logdir);
	cli_run_close(&r);
	diag_free(d);
	return status;
}
