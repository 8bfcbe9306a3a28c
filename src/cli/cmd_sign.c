/*
 * chkc sign RUN --role ROLE [-k KEY]: sign a run for a role with an SSH
 * key (ssh-keygen -Y sign), as git signs a commit; the signature, the
 * principal allowed_signers gives the key and the time go into the run
 * file under the role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "load/load.h"
#include "run/run.h"
#include "sign/sign.h"
#include "cli/cli.h"

static const char sign_usage[] =
    "chkc sign RUN --role ROLE [-k KEY] [--principal P] [--allowed-signers FILE]\n"
    "                 [--force] [-o FILE] [--logs DIR] [-C DIR] [-q]";

static void
sign_help(void)
{
	printf("usage: %s\n\n"
	    "Sign RUN for ROLE with an SSH key: ssh-keygen -Y sign (namespace\n"
	    "chkc-signoff) over the run's checklist hash, version, every answer,\n"
	    "the role and the time.  The signature, the signer's principal (as\n"
	    "allowed_signers gives the key) and the time are written into RUN\n"
	    "under signoff.ROLE; RUN is rewritten in its format.  The signature\n"
	    "is verified before it is written: a key that allowed_signers does\n"
	    "not give to a principal the project's signers allow for ROLE is an\n"
	    "error.  Any later change to an answer makes it invalid.\n\n"
	    "  --role ROLE     the sign-off role to sign for\n"
	    "  -k KEY          the key: a private key file, a public key file or\n"
	    "                  key::<public key> whose private half ssh-agent\n"
	    "                  holds (default: ssh-agent's first key)\n"
	    "  --principal P   sign as P (default: the first principal\n"
	    "                  allowed_signers gives the key, one the project\n"
	    "                  allows for ROLE first)\n"
	    "  --allowed-signers FILE  OpenSSH allowed signers (default:\n"
	    "                  ROOT/allowed_signers)\n"
	    "  --force         write the signature even if it does not verify\n"
	    "  -o FILE         write the signed run there instead of RUN\n"
	    "  --logs DIR      archive to look in for the old checklist\n"
	    "  -C DIR          project root (default: .)\n"
	    "  -q              no summary line\n\n"
	    "Exit status: 0 signed, 1 invalid input or a signature that does\n"
	    "not verify, 2 usage error, 3 I/O failure or no ssh-keygen.\n",
	    sign_usage);
}

/* Options; -1 usage error, 1 --help, 0.  The RUN is args[0]. */
static int
sign_args(struct cli_args *o, int argc, char **argv)
{
	int	r;

	if ((r = cli_options(argc, argv, 1, CLI_OPTS_SIGN, o)) != 0)
		return r;
	return o->nargs == 1 && o->role != NULL ? 0 : -1;
}

/* Is role a sign-off role of the checklist?  Else an error. */
static int
known_role(const struct cli_run *r, const char *role, struct diag *d)
{
	struct ptrvec	 v = { 0 };
	struct loc	 at = { r->doc->path, 0, 0 };
	const char	*best;
	size_t		 i, j;

	for (i = 0; i < r->cl->nsignoffs; i++)
		for (j = 0; j < r->cl->signoffs[i]->nroles; j++) {
			if (strcmp(r->cl->signoffs[i]->roles[j], role) == 0) {
				ptrvec_free(&v);
				return 1;
			}
			ptrvec_push(&v, (void *)r->cl->signoffs[i]->roles[j]);
		}
	best = diag_did_you_mean(role, (const char **)v.v, v.n);
	diag_add(d, &at, DIAG_ERROR, "%s/%s has no sign-off role '%s'%s%s%s",
	    r->cl->project, r->cl->id, role, best ? " (did you mean '" : "",
	    best ? best : "", best ? "'?)" : "");
	ptrvec_free(&v);
	return 0;
}

/* The principal to record: --principal, else the first principal of
 * the key (find-principals) the project allows for the role, else its
 * first.  NULL when ssh-keygen cannot be run (*rc set). */
static const char *
principal(const struct cli_args *o, struct cli_run *r, const char *armour,
    int *rc, struct diag *d)
{
	const struct chk_node	*list;
	struct ptrvec		 v = { 0 };
	const char		*p = NULL;
	size_t			 i, j;

	if (o->principal != NULL)
		return o->principal;
	if (r->policy.allowed != NULL && (*rc = sign_principals(armour,
	    r->allowed.path, r->a, &v, d)) != 0)
		return NULL;
	list = sign_role_signers(&r->policy, o->role);
	for (i = 0; list != NULL && p == NULL && i < v.n; i++)
		for (j = 0; j < list->n && p == NULL; j++)
			if (node_str(list->items[j]) != NULL &&
			    strcmp(node_str(list->items[j]), v.v[i]) == 0)
				p = v.v[i];
	if (p == NULL)
		p = v.n > 0 ? v.v[0] : NULL;
	ptrvec_free(&v);
	return p != NULL ? p : "";
}

/* When OpenSSH gives the key no principal now (valid-before passed):
 * the principal its allowed_signers lines name, the role's first. */
static const char *
principal_of_key(struct cli_run *r, const char *role, const char *fp)
{
	const struct chk_node	*list = sign_role_signers(&r->policy, role);
	const struct sign_key	*k;
	size_t			 i, j, at;

	for (i = 0; (k = sign_allowed_find(r->policy.allowed, fp, i,
	    &at)) != NULL; i = at + 1)
		for (j = 0; list != NULL && j < list->n; j++)
			if (node_str(list->items[j]) != NULL &&
			    sign_key_names(k, node_str(list->items[j])))
				return node_str(list->items[j]);
	k = sign_allowed_find(r->policy.allowed, fp, 0, &at);
	return k != NULL && strpbrk(k->principals[0], "*?") == NULL ?
	    k->principals[0] : "(unknown)";
}

/* The run with signoff.ROLE signed (arena). */
static struct run_doc *
with_signature(struct cli_run *r, const struct chk_signature *g)
{
	const struct chk_node	*so = node_get(r->doc->root, "signoff");
	struct chk_node		*e = node_get(so, g->role);
	struct run_doc		*doc = arena_alloc(r->a, sizeof(*doc));
	const struct loc	*at = &r->doc->root->loc;

	e = node_set(r->a, e, "name", node_new_str(r->a, g->name, at));
	e = node_set(r->a, e, "at", node_new_str(r->a, g->at, at));
	e = node_set(r->a, e, "principal", node_new_str(r->a, g->principal,
	    at));
	e = node_set(r->a, e, "key", node_new_str(r->a, g->key, at));
	e = node_set(r->a, e, "signature", node_new_str(r->a, g->signature,
	    at));
	*doc = *r->doc;
	doc->root = node_set(r->a, r->doc->root, "signoff",
	    node_set(r->a, so, g->role, e));
	return doc;
}

/* Write the signed run, once it reads back with the same verdict. */
static int
write_signed(const struct cli_args *o, struct cli_run *r,
    const struct chk_signature *g, enum sign_verdict v, struct diag *d)
{
	struct ptrvec		 dropped = { 0 };
	struct buf		 b = { 0 };
	struct run_doc		*back;
	struct sign_result	 res;
	const char		*out = o->out != NULL ? o->out : o->args[0];
	struct loc		 at = { out, 0, 0 };
	int			 status = EXIT_IO;

	run_migrate(with_signature(r, g), r->cl, r->a, &b, &dropped);
	if ((back = run_parse(r->a, out, b.data, b.len, d)) == NULL ||
	    sign_verify(back, model_signature(back->run, g->role),
	    &r->policy, r->a, &res, d) != 0)
		goto out;
	if (res.v != v)
		diag_add(d, &at, DIAG_ERROR, "the signed run does not read "
		    "back as signed (an internal error)");
	else if (cli_write_file(out, b.data, b.len, d) == 0)
		status = 0;
out:
	ptrvec_free(&dropped);
	buf_free(&b);
	return status;
}

/* Sign, verify, write.  Returns an exit status. */
static int
sign_run(const struct cli_args *o, struct cli_run *r, struct diag *d)
{
	const struct chk_signature	*old;
	struct chk_signature		 g;
	struct sign_result		 res;
	struct buf			 msg = { 0 };
	int				 rc = 0;

	memset(&g, 0, sizeof(g));
	g.role = o->role;
	g.at = sign_utc(r->a, (long long)time(NULL), 0);
	sign_message(r->doc, g.role, g.at, &msg);
	rc = sign_make(o->key, buf_str(&msg), r->a, &g.signature, d);
	buf_free(&msg);
	if (rc != 0)
		return rc == 1 ? EXIT_IO : EXIT_INVALID;
	if ((g.principal = principal(o, r, g.signature, &rc, d)) == NULL)
		return EXIT_IO;
	old = model_signature(r->doc->run, o->role);
	g.name = old != NULL && old->name != NULL && *old->name != '\0' ?
	    old->name : g.principal;
	if (sign_verify(r->doc, &g, &r->policy, r->a, &res, d) != 0)
		return EXIT_IO;
	if (*g.principal == '\0' && res.key != NULL) {
		g.principal = principal_of_key(r, o->role, res.key);
		if (sign_verify(r->doc, &g, &r->policy, r->a, &res, d) != 0)
			return EXIT_IO;
	}
	g.key = res.key;
	if (res.v != SIGN_VALID)
		diag_add(d, &(struct loc){ o->args[0], 0, 0 }, o->force ?
		    DIAG_WARNING : DIAG_ERROR, "the signature for '%s' would not "
		    "be valid: %s", o->role, res.why);
	if (res.v != SIGN_VALID && !o->force)
		return EXIT_INVALID;
	if ((rc = write_signed(o, r, &g, res.v, d)) == 0 && !o->c.quiet)
		fprintf(stderr, "chkc: signed %s for '%s' as %s (%s)\n",
		    o->out != NULL ? o->out : o->args[0], o->role, g.principal,
		    g.key ? g.key : "unknown key");
	return rc;
}

int
cmd_sign(int argc, char **argv)
{
	struct cli_args	 o;
	struct cli_run		 r;
	struct diag		*d;
	int			 status, rc;

	memset(&o, 0, sizeof(o));
	if ((rc = sign_args(&o, argc, argv)) != 0)
		return cli_stop(rc, sign_help, sign_usage);
	d = diag_new();
	status = cli_run_open(&r, o.c.root, o.logs, o.args[0], d) == -1 ||
	    diag_errors(d) > 0 || r.drift ? EXIT_INVALID : 0;
	if (status == 0 && (!known_role(&r, o.role, d) ||
	    cli_run_policy(&r, o.c.root, o.allowed, d) == -1))
		status = EXIT_INVALID;
	if (status == 0 && r.policy.allowed == NULL && !o.force) {
		diag_add(d, &(struct loc){ o.args[0], 0, 0 }, DIAG_ERROR, "no "
		    "allowed_signers file to say who may sign (ROOT/"
		    "allowed_signers, or --allowed-signers FILE)");
		status = EXIT_INVALID;
	}
	if (status == 0)
		status = sign_run(&o, &r, d);
	cli_report(d);
	cli_run_close(&r);
	diag_free(d);
	return status;
}
