/*
 * Making a signature: ssh-keygen -Y sign with a key file, a public key
 * whose private half ssh-agent holds, or the agent's first key, as git
 * signs with user.signingKey; and ssh-keygen -Y find-principals to
 * name the signer.
 */
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "sign/internal.h"

/* The agent's first public key (arena), or NULL after a diagnostic;
 * *rc 1 when ssh-add is not there. */
static const char *
agent_key(struct arena *a, int *rc, struct diag *d)
{
	char *const	 argv[] = { SIGN_ADD, "-L", NULL };
	struct loc	 at = { "ssh-agent", 0, 0 };
	struct ssh_out	 o;
	const char	*key = NULL;

	if ((*rc = ssh_exec(argv, NULL, &o, d)) != 0)
		return NULL;
	if (o.status == 0 && strncmp(buf_str(&o.out), "ssh-", 4) != 0 &&
	    strncmp(buf_str(&o.out), "ecdsa-", 6) != 0 &&
	    strncmp(buf_str(&o.out), "sk-", 3) != 0)
		o.status = 1;
	if (o.status != 0)
		diag_add(d, &at, DIAG_ERROR, "no key to sign with: give -k KEY, "
		    "or add one to ssh-agent (ssh-add -L: %s)",
		    ssh_first_line(a, o.err.len > 0 ? buf_str(&o.err) :
		    buf_str(&o.out)));
	else
		key = ssh_first_line(a, buf_str(&o.out));
	ssh_out_free(&o);
	*rc = key != NULL ? 0 : -1;
	return key;
}

int
sign_make(const char *key, const char *msg, struct arena *a,
    const char **armour, struct diag *d)
{
	const char	*argv[] = { SIGN_KEYGEN, "-Y", "sign", "-n",
	    SIGN_NAMESPACE, "-f", NULL, NULL };
	const char	*pub = NULL;
	struct loc	 at = { key != NULL ? key : "ssh-agent", 0, 0 };
	struct ssh_out	 o;
	char		*tmp = NULL;
	int		 rc = 0;

	if (key == NULL && (pub = agent_key(a, &rc, d)) == NULL)
		return rc;
	if (key != NULL && strncmp(key, "key::", 5) == 0)
		pub = key + 5;
	/* A public key: ssh-keygen finds its private half in the agent. */
	if (pub != NULL && (tmp = ssh_temp(arena_printf(a, "%s\n", pub), a,
	    d)) == NULL)
		return -1;
	argv[6] = tmp != NULL ? tmp : key;
	rc = ssh_exec((char *const *)argv, msg, &o, d);
	if (tmp != NULL)
		unlink(tmp);
	if (rc != 0)
		return rc;
	if (o.status != 0 || strncmp(buf_str(&o.out), "-----BEGIN", 10) != 0) {
		diag_add(d, &at, DIAG_ERROR, "ssh-keygen -Y sign failed: %s",
		    ssh_first_line(a, buf_str(&o.err)));
		rc = -1;
	} else
		*armour = arena_strdup(a, buf_str(&o.out));
	ssh_out_free(&o);
	return rc;
}

int
sign_principals(const char *armour, const char *allowed, struct arena *a,
    struct ptrvec *v, struct diag *d)
{
	const char	*argv[] = { SIGN_KEYGEN, "-Y", "find-principals", "-s",
	    NULL, "-f", allowed, NULL };
	struct ssh_out	 o;
	const char	*p, *nl;
	char		*sigfile;
	int		 rc;

	if ((sigfile = ssh_temp(armour, a, d)) == NULL)
		return -1;
	argv[4] = sigfile;
	rc = ssh_exec((char *const *)argv, NULL, &o, d);
	unlink(sigfile);
	if (rc != 0)
		return rc;
	for (p = buf_str(&o.out); o.status == 0 && *p != '\0';
	    p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (nl > p)
			ptrvec_push(v, arena_strndup(a, p, (size_t)(nl - p)));
	}
	ssh_out_free(&o);
	return 0;
}
