/*
 * chkc status RUN: where a run stands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit/emit.h"
#include "run/run.h"
#include "sign/sign.h"
#include "cli/cli.h"

static const char status_usage[] =
    "chkc status RUN [--allowed-signers FILE] [--logs DIR] [-C DIR] [-q]";

static void
status_help(void)
{
	printf("usage: %s\n\n"
	    "Show where a run stands: items done, open, failed and N/A, failed\n"
	    "critical items, required fields without a value, unsigned roles\n"
	    "and the outcome.  RUN is a run file (YAML, or the HTML page's\n"
	    "exported JSON); it is checked against the checklist it names.  When\n"
	    "that checklist has changed since the run was made, the items added,\n"
	    "removed and reworded since are named (see chkc run migrate).\n"
	    "Roles signed with an SSH key (chkc sign) are verified: each is\n"
	    "shown signed and valid, signed but invalid (and why), or unsigned.\n\n"
	    "  --allowed-signers FILE  OpenSSH allowed signers (default:\n"
	    "               ROOT/allowed_signers)\n"
	    "  --logs DIR   archive to look in for the old checklist (default:\n"
	    "               ROOT/deployment-logs)\n"
	    "  -C DIR       project root (default: .)\n"
	    "  -q           print nothing; the exit status says it\n\n"
	    "Exit status: 0 complete, 1 incomplete or invalid, 2 usage error.\n",
	    status_usage);
}

/* "path (text)" of an item, the text as plain text. */
static void
put_item(const char *label, const struct chk_item *it, const char *extra)
{
	struct buf	b = { 0 };

	emit_md_text(&b, it->text != NULL ? it->text : "");
	printf("  %-9s %s  %s%s%s\n", label, it->path, buf_str(&b),
	    extra ? " — " : "", extra ? extra : "");
	buf_free(&b);
}

static void
put_list(const char *label, const char *const *v, size_t n)
{
	size_t	i;

	if (n == 0)
		return;
	printf("  %-9s ", label);
	for (i = 0; i < n; i++)
		printf("%s%s", i > 0 ? ", " : "", v[i]);
	putchar('\n');
}

/* The failure note of the item at path. */
static const char *
failure(const struct chk_run *run, const char *path)
{
	size_t	i;

	for (i = 0; i < run->nitems; i++)
		if (strcmp(run->items[i].path, path) == 0)
			return run->items[i].failed;
	return NULL;
}

/* Every role, once, with what its key signature is worth; only when
 * a role is signed with a key or the project names signers. */
static void
put_roles(const struct cli_run *r, const struct run_progress *p)
{
	const struct chk_run		*run = r->doc->run;
	const struct sign_result	*res;
	size_t				 i, k;

	for (i = k = 0; i < run->nsignoff; i++)
		k += run->signoff[i].signature != NULL;
	if (k == 0 && r->policy.signers == NULL)
		return;
	for (i = 0; i < p->nroles; i++) {
		for (k = 0; k < run->nsignoff &&
		    strcmp(run->signoff[k].role, p->roles[i]) != 0; k++)
			continue;
		res = k < run->nsignoff ? &r->results[k] : NULL;
		printf("  %-9s %s: ", i == 0 ? "keys" : "", p->roles[i]);
		if (res == NULL || res->v == SIGN_UNSIGNED)
			printf("unsigned%s\n", r->policy.signers != NULL ?
			    " (the project requires a key's signature)" : "");
		else if (res->v == SIGN_VALID)
			printf("signed and valid: %s, key %s, %s\n",
			    run->signoff[k].principal, res->key,
			    run->signoff[k].at);
		else
			printf("signed but invalid: %s\n", res->why);
	}
}

static void
print_status(const struct cli_run *r, const struct run_progress *p,
    int complete)
{
	const struct chk_item	*it;
	size_t			 i;

	printf("%s/%s  revision %d  %.19s  version %s\n", r->cl->project,
	    r->cl->id, r->cl->revision, r->cl->hash,
	    p->version ? p->version : "(none)");
	printf("  progress  %zu done, %zu open, %zu failed, %zu N/A of %zu "
	    "(%d%%)\n", p->done, p->open, p->failed, p->na, p->total,
	    p->percent);
	for (i = 0; i < p->failed; i++) {
		it = p->failed_items[i];
		put_item(it->critical ? "CRITICAL" : "failed", it,
		    failure(r->doc->run, it->path));
	}
	for (i = 0; i < p->open; i++)
		put_item("open", p->open_items[i], NULL);
	for (i = 0; i < p->nmissing; i++)
		put_item("missing", p->missing[i], NULL);
	put_list("unsigned", p->unsigned_roles, p->nunsigned);
	put_list("signed", p->signers, p->nsigners);
	put_roles(r, p);
	printf("  outcome   %s\n", r->doc->run->outcome ? r->doc->run->outcome :
	    "(none)");
	printf("status: %s\n", complete ? "complete" : "incomplete");
}

static const struct cli_command status_cmd = {
	CLI_OPTS_STATUS,
	status_usage, status_help
};

int
cmd_status(int argc, char **argv)
{
	struct cli_args		 o;
	struct run_progress	 p;
	struct cli_run		 r;
	struct diag		*d;
	struct ptrvec		 uns = { 0 };
	int			 status, complete;

	if (cli_run_args(argc, argv, &status_cmd, &o, &r, &d, &status) == -1)
		return status;
	if (status == 0)
		status = cli_run_verify(&r, DIAG_ERROR, d);
	if (status == 0) {
		run_progress(r.doc->run, r.cl, r.a, &p);
		cli_run_unsigned(&r, &uns);
		complete = p.complete && uns.n == 0 && diag_errors(d) == 0;
		if (!o.c.quiet)
			print_status(&r, &p, complete);
		status = complete ? 0 : EXIT_INVALID;
	}
	cli_report(d);
	ptrvec_free(&uns);
	cli_run_close(&r);
	diag_free(d);
	return status;
}
