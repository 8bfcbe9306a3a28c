/*
 * Signed sign-offs for the commands: who may sign (the project's
 * signers and allowed_signers), verifying a run's signatures, and the
 * roles still to sign.  The work is the sign stage's (sign/sign.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "load/load.h"
#include "resolve/resolve.h"
#include "run/run.h"
#include "sign/sign.h"
#include "cli/cli.h"

char *
cli_allowed_path(const char *root, const char *path)
{
	char	*s;

	if (path != NULL)
		return xstrdup(path);
	s = xmalloc(strlen(root) + 20);
	if (strcmp(root, ".") == 0)
		strcpy(s, "allowed_signers");
	else
		sprintf(s, "%s/allowed_signers", root);
	return s;
}

int
cli_run_policy(struct cli_run *r, const char *root, const char *path,
    struct diag *d)
{
	char		*file = cli_allowed_path(root, path);
	const char	*f = arena_strdup(r->a, file);
	struct loc	 at = { f, 0, 0 };
	int		 rc;

	free(file);
	r->policy.signers = r->project != NULL ?
	    node_get(r->project->root, "signers") : NULL;
	if ((rc = sign_allowed_load(r->a, f, &r->allowed, d)) == 0)
		r->policy.allowed = &r->allowed;
	else if (rc == 1 && path != NULL) {
		diag_add(d, &at, DIAG_ERROR, "no such allowed_signers file");
		return -1;
	}
	return rc == -1 ? -1 : 0;
}

/* The place of a role's signature in the run file. */
static const struct loc *
sig_loc(const struct cli_run *r, const char *role)
{
	const struct chk_node	*e;

	e = node_get(node_get(r->doc->root, "signoff"), role);
	if (node_get(e, "signature") != NULL)
		return &node_get(e, "signature")->loc;
	return e != NULL ? &e->loc : &r->doc->root->loc;
}

int
cli_run_verify(struct cli_run *r, int level, struct diag *d)
{
	struct chk_run		*run = r->doc->run;
	struct chk_signature	*g;
	struct sign_result	*res;
	size_t			 i;

	r->results = arena_alloc(r->a, (run->nsignoff + 1) * sizeof(*res));
	for (i = 0; i < run->nsignoff; i++) {
		g = &run->signoff[i];
		res = &r->results[i];
		if (sign_verify(r->doc, g, &r->policy, r->a, res, d) != 0)
			return EXIT_IO;
		if (res->v == SIGN_UNSIGNED)
			continue;
		g->state = res->v == SIGN_VALID ? CHK_SIG_VALID :
		    CHK_SIG_INVALID;
		if (res->v != SIGN_VALID)
			diag_add(d, sig_loc(r, g->role), level, "signature of "
			    "'%s' is not valid: %s", g->role, res->why);
	}
	return 0;
}

void
cli_run_unsigned(const struct cli_run *r, struct ptrvec *v)
{
	const struct chk_signature	*g;
	const struct chk_signoff	*so;
	size_t				 i, j, k;

	if (r->policy.signers == NULL)
		return;
	for (i = 0; i < r->cl->nsignoffs; i++) {
		so = r->cl->signoffs[i];
		for (j = 0; j < so->nroles; j++) {
			g = model_signature(r->doc->run, so->roles[j]);
			for (k = 0; k < v->n && strcmp(v->v[k], so->roles[j]);
			    k++)
				continue;
			if (k == v->n && (g == NULL || g->state != CHK_SIG_VALID))
				ptrvec_push(v, (void *)so->roles[j]);
		}
	}
}
