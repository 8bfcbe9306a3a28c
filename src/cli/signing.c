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
#include "file.h"
#include "diag.h"
#include "model.h"
#include "archive/archive.h"
#include "bundle/bundle.h"
#include "load/load.h"
#include "resolve/resolve.h"
#include "run/run.h"
#include "sign/sign.h"
#include "cli/cli.h"

char *
cli_allowed_path(const char *root, const char *path)
{
	return cli_root_path(root, path, "allowed_signers");
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

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *
cli_run_keys(const struct cli_run *r)
{
	const struct chk_run	*run = r->doc->run;
	const char		**v;
	struct buf		 b = { 0 };
	const char		*s;
	size_t			 i, n = 0;

	v = arena_alloc(r->a, (run->nsignoff + 1) * sizeof(*v));
	for (i = 0; r->results != NULL && i < run->nsignoff; i++)
		if (r->results[i].v == SIGN_VALID)
			v[n++] = r->results[i].key;
	if (n == 0)
		return NULL;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			buf_printf(&b, "%s%s", b.len > 0 ? "," : "", v[i]);
	s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* data/signoff.json: what was verified, to verify it again later. */
static const char *
signoff_json(const struct cli_run *r, size_t *len)
{
	const struct chk_run	*run = r->doc->run;
	struct buf		 b = { 0 };
	char			 hex[65];
	const char		*s;
	size_t			 i;

	if (r->policy.allowed != NULL)
		bundle_sha256(r->allowed.text, r->allowed.len, hex);
	buf_printf(&b, "{\"allowed_signers\":\"sha256:%s\",\"signers\":",
	    r->policy.allowed != NULL ? hex : "");
	if (r->policy.signers != NULL)
		sign_json(&b, r->policy.signers);
	else
		buf_puts(&b, "null");
	buf_puts(&b, ",\"roles\":[");
	for (i = 0; i < run->nsignoff; i++) {
		if (r->results[i].v == SIGN_UNSIGNED)
			continue;
		buf_puts(&b, b.data[b.len - 1] == '[' ? "\n{\"role\":" :
		    ",\n{\"role\":");
		model_json_string(&b, run->signoff[i].role);
		buf_puts(&b, ",\"principal\":");
		model_json_string(&b, run->signoff[i].principal);
		buf_puts(&b, ",\"key\":");
		model_json_string(&b, r->results[i].key ? r->results[i].key : "");
		buf_puts(&b, ",\"at\":");
		model_json_string(&b, run->signoff[i].at);
		buf_printf(&b, ",\"valid\":%s}", r->results[i].v == SIGN_VALID ?
		    "true" : "false");
	}
	buf_puts(&b, "]}\n");
	*len = b.len;
	s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

size_t
cli_run_sign_files(const struct cli_run *r, struct bundle_file *f)
{
	size_t	n = 0;

	if (cli_run_keys(r) == NULL && r->policy.signers == NULL)
		return 0;
	if (r->policy.allowed != NULL) {
		f[n].path = "allowed_signers";
		f[n].data = r->allowed.text;
		f[n++].len = r->allowed.len;
	}
	f[n].path = "signoff.json";
	f[n].data = signoff_json(r, &f[n].len);
	return n + 1;
}

/* An archived run's signatures, as kept in its bundle. */
struct kept {
	struct run_doc		*doc;
	struct sign_allowed	 allowed;
	struct sign_policy	 policy;
};

/* Read what the bundle of e kept; -1 when it lacks it (an error). */
static int
kept_read(const char *dir, const struct archive_entry *e, struct arena *a,
    struct kept *k, struct diag *d)
{
	const struct bundle_file	*run, *al, *js;
	struct bundle_bag		 bag;
	struct buf			 b = { 0 };
	const char			*path = arena_printf(a, "%s/%s", dir,
					    e->path);
	struct loc			 at = { path, 0, 0 };
	const struct chk_node		*j;
	int				 rc = -1;

	memset(k, 0, sizeof(*k));
	if (file_read(path, &b) == 0 &&
	    bundle_read(a, path, arena_strndup(a, b.data, b.len), b.len, &bag,
	    d) == 0) {
		if ((run = bundle_find(&bag, "data/run.yaml")) == NULL)
			run = bundle_find(&bag, "data/run.json");
		al = bundle_find(&bag, "data/allowed_signers");
		js = bundle_find(&bag, "data/signoff.json");
		if (run == NULL || al == NULL || js == NULL)
			diag_add(d, &at, DIAG_ERROR, "entry '%s': its LOG line "
			    "names signers' keys, but the bundle lacks the run, "
			    "allowed_signers or signoff.json", e->path);
		else if ((k->doc = run_parse(a, arena_printf(a, "%s:%s", path,
		    run->path), run->data, run->len, d)) != NULL &&
		    sign_allowed_parse(a, arena_printf(a, "%s:%s", path,
		    al->path), al->data, al->len, &k->allowed, d) == 0 &&
		    (j = load_buffer(a, path, js->data, js->len, d)) != NULL) {
			k->policy.allowed = &k->allowed;
			k->policy.signers = node_get(j, "signers");
			if (k->policy.signers != NULL &&
			    k->policy.signers->kind != CHK_NODE_MAP)
				k->policy.signers = NULL;
			rc = 0;
		}
	}
	buf_free(&b);
	return rc;
}

/*
 * Verify the signatures of an archived run again: against the
 * allowed_signers kept in its bundle (a failure is an error: the entry
 * does not count), and against today's (now may be NULL): a signature
 * that would not be valid today is a warning that says what changed,
 * for the run was verified when it was archived.
 */
static int
kept_verify(const char *dir, struct archive_entry *e,
    const struct sign_allowed *now, struct arena *a, struct diag *d)
{
	struct kept		 k;
	struct sign_policy	 today;
	struct sign_result	 res;
	struct loc		 at = { arena_printf(a, "%s/%s", dir, e->path),
				    0, 0 };
	const struct chk_signature *g;
	size_t			 i;

	if (kept_read(dir, e, a, &k, d) == -1) {
		e->ok = 0;
		return 0;
	}
	today = k.policy;
	today.allowed = now;
	for (i = 0; i < k.doc->run->nsignoff; i++) {
		g = &k.doc->run->signoff[i];
		if (sign_verify(k.doc, g, &k.policy, a, &res, d) != 0)
			return EXIT_IO;
		if (res.v != SIGN_VALID && res.v != SIGN_UNSIGNED) {
			diag_add(d, &at, DIAG_ERROR, "entry '%s': the signature "
			    "of '%s' does not verify against the allowed_signers "
			    "archived with it: %s", e->path, g->role, res.why);
			e->ok = 0;
			continue;
		}
		if (res.v == SIGN_UNSIGNED || now == NULL)
			continue;
		if (sign_verify(k.doc, g, &today, a, &res, d) != 0)
			return EXIT_IO;
		if (res.v != SIGN_VALID)
			diag_add(d, &at, DIAG_WARNING, "entry '%s': %s changed "
			    "since it was archived: the signature of '%s' by %s "
			    "would not be valid today (%s); it was valid against "
			    "the allowed_signers kept in the bundle, and counts",
			    e->path, now->path, g->role, g->principal, res.why);
	}
	return 0;
}

int
cli_verify_keys(const char *root, const char *path, const char *dir,
    struct archive_entry *e, size_t n, struct arena *a, struct diag *d)
{
	struct sign_allowed	 now;
	char			*file = cli_allowed_path(root, path);
	const char		*f = arena_strdup(a, file);
	size_t			 i;
	int			 rc, have;

	free(file);
	if ((rc = sign_allowed_load(a, f, &now, d)) == -1)
		return EXIT_INVALID;
	have = rc == 0;
	for (i = 0; i < n; i++)
		if ((e[i].keys != NULL || e[i].run_keys != NULL) &&
		    kept_verify(dir, &e[i], have ? &now : NULL, a, d) != 0)
			return EXIT_IO;
	return 0;
}
