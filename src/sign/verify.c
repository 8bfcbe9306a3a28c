/*
 * Verifying a role's signature: ssh-keygen checks the cryptography
 * (-Y check-novalidate: over these answers, with which key; -Y verify:
 * the key is the principal's in allowed_signers at the signing time);
 * the allowed_signers lines and the project's signers say why not.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "run/run.h"
#include "sign/internal.h"

#define ARMOUR_BEGIN	"-----BEGIN SSH SIGNATURE-----\n"
#define ARMOUR_END	"-----END SSH SIGNATURE-----"

/* Does s look like an SSH signature's armour: the two lines and base64
 * lines between them? */
static int
armour_ok(const char *s)
{
	const char	*end;
	size_t		 n;

	if (strncmp(s, ARMOUR_BEGIN, strlen(ARMOUR_BEGIN)) != 0 ||
	    (end = strstr(s, ARMOUR_END)) == NULL)
		return 0;
	s += strlen(ARMOUR_BEGIN);
	n = (size_t)(end - s);
	if (n == 0 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	    "vwxyz0123456789+/=\n") != n)
		return 0;
	end += strlen(ARMOUR_END);
	return strspn(end, "\n") == strlen(end);
}

const struct chk_node *
sign_role_signers(const struct sign_policy *p, const char *role)
{
	const struct chk_node	*v;

	if (p->signers == NULL || (v = node_get(p->signers, role)) == NULL ||
	    v->kind != CHK_NODE_SEQ)
		return NULL;
	return v;
}

/* Is principal one of a signers list? */
static int
listed(const struct chk_node *list, const char *principal)
{
	size_t	i;

	for (i = 0; list != NULL && i < list->n; i++)
		if (node_str(list->items[i]) != NULL &&
		    strcmp(node_str(list->items[i]), principal) == 0)
			return 1;
	return 0;
}

/* "a, b" of a signers list (arena). */
static const char *
joined(struct arena *a, const struct chk_node *list)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	for (i = 0; i < list->n; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "",
		    node_str(list->items[i]) ? node_str(list->items[i]) : "");
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The role the project lets principal sign, other than role, or NULL. */
static const char *
other_role(const struct sign_policy *p, const char *role,
    const char *principal)
{
	size_t	i;

	for (i = 0; p->signers != NULL && i < p->signers->n; i++)
		if (strcmp(p->signers->pairs[i].key->str, role) != 0 &&
		    listed(p->signers->pairs[i].value, principal))
			return p->signers->pairs[i].key->str;
	return NULL;
}

/* ssh-keygen -Y <op> with the signature file, message on stdin. */
static int
keygen(const char *op, const char *sigfile, const char *allowed,
    const char *principal, const char *when, const char *msg,
    struct ssh_out *o, struct diag *d)
{
	const char	*argv[16];
	size_t		 n = 0;

	argv[n++] = SIGN_KEYGEN;
	argv[n++] = "-Y";
	argv[n++] = op;
	if (strcmp(op, "find-principals") != 0) {
		argv[n++] = "-n";
		argv[n++] = SIGN_NAMESPACE;
	}
	argv[n++] = "-s";
	argv[n++] = sigfile;
	if (allowed != NULL) {
		argv[n++] = "-f";
		argv[n++] = allowed;
	}
	if (principal != NULL) {
		argv[n++] = "-I";
		argv[n++] = principal;
	}
	if (when != NULL) {
		argv[n++] = "-O";
		argv[n++] = when;
	}
	argv[n] = NULL;
	return ssh_exec((char *const *)argv, msg, o, d);
}

const char *
sign_utc(struct arena *a, long long epoch, int compact)
{
	time_t		t = (time_t)epoch;
	struct tm	tm;

	gmtime_r(&t, &tm);
	return arena_printf(a, compact ? "%04d%02d%02d%02d%02d%02dZ" :
	    "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Why a role the project's signers do not name cannot be signed: with
 * signers, only a principal named for a role may sign it (a misspelt
 * role must not let anyone sign). */
static const char *
unnamed_role(const struct sign_policy *p, const char *role, struct arena *a)
{
	const char	**keys, *best;
	size_t		  i;

	keys = arena_alloc(a, (p->signers->n + 1) * sizeof(*keys));
	for (i = 0; i < p->signers->n; i++)
		keys[i] = p->signers->pairs[i].key->str;
	best = diag_did_you_mean(role, keys, p->signers->n);
	return arena_printf(a, "key not allowed for role '%s': the project's "
	    "signers name no one for it%s%s%s", role, best ? " (did you mean '" :
	    "", best ? best : "", best ? "'?)" : "");
}

/* The policy: allowed_signers' lines of the key, the project's signers,
 * valid-after / valid-before at the signing time. */
static void
judge(const struct chk_signature *sig, const struct sign_policy *p,
    struct arena *a, struct sign_result *r)
{
	const struct sign_key	*k, *mine = NULL;
	const struct chk_node	*list = sign_role_signers(p, sig->role);
	const char		*other, *fp = r->key;
	long long		 t = run_datetime_epoch(sig->at);
	size_t			 i = 0, at;
	int			 named = 0, inside = 0;

	if ((k = sign_allowed_find(p->allowed, fp, 0, &at)) == NULL) {
		r->v = SIGN_UNKNOWN_KEY;
		r->why = arena_printf(a, "unknown key %s: it is not in %s", fp,
		    p->allowed->path);
		return;
	}
	for (i = at; (k = sign_allowed_find(p->allowed, fp, i, &at)) != NULL;
	    i = at + 1) {
		if (!sign_key_names(k, sig->principal))
			continue;
		named = 1;
		mine = k;
		inside |= (k->after == -1 || t >= k->after) &&
		    (k->before == -1 || t <= k->before);
	}
	if (!named) {
		k = sign_allowed_find(p->allowed, fp, 0, &at);
		r->v = SIGN_NOT_PRINCIPAL;
		r->why = arena_printf(a, "key %s is %s's in %s, not %s's", fp,
		    k->principals[0], p->allowed->path, sig->principal);
	} else if (p->signers != NULL && list == NULL) {
		r->v = SIGN_WRONG_ROLE;
		r->why = unnamed_role(p, sig->role, a);
	} else if (list != NULL && !listed(list, sig->principal)) {
		r->v = SIGN_WRONG_ROLE;
		other = other_role(p, sig->role, sig->principal);
		r->why = arena_printf(a, "key not allowed for role '%s': %s may "
		    "not sign it (signers: %s)%s%s%s", sig->role,
		    sig->principal, joined(a, list), other ? "; it signs for '" :
		    "", other ? other : "", other ? "'" : "");
	} else if (!inside) {
		r->v = SIGN_EXPIRED;
		r->why = arena_printf(a, "expired: %s's key %s is valid %s%s%s%s"
		    "%s in %s, signed at %s", sig->principal, fp,
		    mine->after_text ? "after " : "", mine->after_text ?
		    mine->after_text : "", mine->after_text &&
		    mine->before_text ? " and " : "", mine->before_text ?
		    "before " : "", mine->before_text ? mine->before_text : "",
		    p->allowed->path, sig->at);
	}
}

/* ssh-keygen -Y check-novalidate: is it over msg, and with which key? */
static int
check_message(const char *sigfile, const char *msg, struct arena *a,
    struct sign_result *r, struct diag *d)
{
	struct ssh_out	 o;
	const char	*line, *sp;
	int		 rc;

	if ((rc = keygen("check-novalidate", sigfile, NULL, NULL, NULL, msg,
	    &o, d)) != 0)
		return rc;
	line = ssh_first_line(a, buf_str(&o.out));
	if (o.status != 0 || (sp = strrchr(line, ' ')) == NULL ||
	    strncmp(sp + 1, "SHA256:", 7) != 0) {
		line = ssh_first_line(a, buf_str(&o.err));
		r->v = strstr(line, "verification failed") != NULL ?
		    SIGN_CHANGED : SIGN_MALFORMED;
		r->why = r->v == SIGN_CHANGED ? "the answers changed after "
		    "signing (the signature is not over this run)" :
		    arena_printf(a, "malformed signature: %s", line);
	} else
		r->key = arena_strdup(a, sp + 1);
	ssh_out_free(&o);
	return 0;
}

/* ssh-keygen -Y verify against the allowed_signers lines, at the
 * signing time. */
static int
check_allowed(const struct chk_signature *sig, const char *sigfile,
    const char *msg, const struct sign_policy *p, struct arena *a,
    struct sign_result *r, struct diag *d)
{
	struct ssh_out	 o;
	const char	*file;
	int		 rc;

	if ((file = ssh_temp(p->allowed->len > 0 ? arena_strndup(a,
	    p->allowed->text, p->allowed->len) : "", a, d)) == NULL)
		return -1;
	rc = keygen("verify", sigfile, file, sig->principal,
	    arena_printf(a, "verify-time=%s", sign_utc(a,
	    run_datetime_epoch(sig->at), 1)), msg, &o, d);
	unlink(file);
	if (rc != 0)
		return rc;
	if (o.status != 0) {
		r->v = SIGN_REFUSED;
		r->why = arena_printf(a, "ssh-keygen -Y verify refused it: %s",
		    ssh_first_line(a, buf_str(&o.err)));
	}
	ssh_out_free(&o);
	return 0;
}

int
sign_verify(const struct run_doc *doc, const struct chk_signature *sig,
    const struct sign_policy *p, struct arena *a, struct sign_result *r,
    struct diag *d)
{
	struct buf	 msg = { 0 };
	char		*sigfile = NULL;
	int		 rc = 0;

	memset(r, 0, sizeof(*r));
	if (sig->signature == NULL)
		return 0;
	r->v = SIGN_MALFORMED;
	r->why = "malformed signature: not the armour of an SSH signature "
	    "(-----BEGIN SSH SIGNATURE----- ...)";
	if (!armour_ok(sig->signature) || sig->at == NULL ||
	    sig->principal == NULL)
		return 0;
	if ((sigfile = ssh_temp(sig->signature, a, d)) == NULL)
		return -1;
	r->v = SIGN_VALID;
	r->why = NULL;
	sign_message(doc, sig->role, sig->at, &msg);
	rc = check_message(sigfile, buf_str(&msg), a, r, d);
	if (rc == 0 && r->v == SIGN_VALID && sig->key != NULL &&
	    strcmp(sig->key, r->key) != 0) {
		r->v = SIGN_OTHER_KEY;
		r->why = arena_printf(a, "made with key %s, not the %s "
		    "recorded", r->key, sig->key);
	} else if (rc == 0 && r->v == SIGN_VALID && p->allowed == NULL) {
		r->v = SIGN_NO_ALLOWED;
		r->why = "no allowed_signers file to verify it with";
	}
	if (rc == 0 && r->v == SIGN_VALID)
		judge(sig, p, a, r);
	if (rc == 0 && r->v == SIGN_VALID)
		rc = check_allowed(sig, sigfile, buf_str(&msg), p, a, r, d);
	unlink(sigfile);
	buf_free(&msg);
	return rc;
}
