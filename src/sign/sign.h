/*
 * The sign stage: sign-offs signed with SSH keys, as git signs commits.
 * OpenSSH's ssh-keygen does the cryptography (`-Y sign`, `-Y verify`,
 * `-Y check-novalidate`, `-Y find-principals` in the namespace
 * SIGN_NAMESPACE), run as a child process with an argument vector;
 * chkc never parses or makes an SSHSIG itself.
 *
 * What a role signs is one line, "chkc-signoff-v1 sha256:<hex>", the
 * SHA-256 of the run's canonical form: every key of the run file but
 * `signoff`, `snapshot` and `$schema` (so the checklist hash, revision,
 * header fields, every answer, tables, outcome and notes) as JSON with
 * sorted keys and numbers as written, then the role and the time of
 * signing.  Another role signing, or two runs merged, leave it as it
 * is; changing any answer breaks every signature.  The principal is not
 * signed: it is what allowed_signers says the key is, checked again at
 * every verification.
 *
 * Who may sign: the project's `signers:` (principals by role) and an
 * allowed_signers file in OpenSSH's format (principals to keys, with
 * valid-after / valid-before), the file git's gpg.ssh.allowedSignersFile
 * names.
 */
#ifndef CHKC_SIGN_H
#define CHKC_SIGN_H

#include <stddef.h>

#include "chkc.h"

struct arena;
struct buf;
struct diag;
struct run_doc;

#define SIGN_NAMESPACE	"chkc-signoff"

/* Where ssh-keygen's input files are made: "/tmp", or what the command
 * line's caller sets (chkc: $TMPDIR). */
extern const char *sign_tmpdir;

/* One line of an allowed_signers file. */
struct sign_key {
	struct loc	  loc;
	const char	**principals;	/* patterns, as OpenSSH matches them */
	size_t		  nprincipals;
	const char	 *type;		/* ssh-ed25519, ... */
	const char	 *fingerprint;	/* "SHA256:<base64>" */
	long long	  after, before;	/* epoch; valid-after/-before */
	const char	 *after_text, *before_text;	/* or NULL */
	int		  ca;		/* cert-authority */
};

struct sign_allowed {
	const char	*path;
	const char	*text;		/* the file's bytes, for a bundle */
	size_t		 len;
	struct sign_key	*keys;
	size_t		 nkeys;
};

/*
 * Read and check an allowed_signers file: every line principals,
 * options (cert-authority, namespaces, valid-after, valid-before), a
 * key type chkc knows and its base64 blob.  Returns 0, 1 when the file
 * does not exist (no diagnostic), -1 after diagnostics at file:line:col.
 */
int	 sign_allowed_load(struct arena *, const char *path,
	    struct sign_allowed *, struct diag *);
int	 sign_allowed_parse(struct arena *, const char *name, const char *text,
	    size_t len, struct sign_allowed *, struct diag *);
/* The lines of a key (by fingerprint), n of them; NULL when none. */
const struct sign_key *sign_allowed_find(const struct sign_allowed *,
	    const char *fingerprint, size_t from, size_t *at);
/* Does a key line name principal? */
int	 sign_key_names(const struct sign_key *, const char *principal);

/* What a project allows: principals by role (mapping or NULL), keys. */
struct sign_policy {
	const struct chk_node		*signers;	/* project `signers:` */
	const struct sign_allowed	*allowed;	/* NULL: no file */
};

/* The principals signers allows for role (NULL when it names none). */
const struct chk_node *sign_role_signers(const struct sign_policy *,
	    const char *role);

/* A time in UTC: "YYYY-MM-DDTHH:MM:SSZ", or compact
 * "YYYYMMDDHHMMSSZ" as ssh-keygen reads it (arena). */
const char *sign_utc(struct arena *, long long epoch, int compact);

/* The line a role signs at a time (see above), into out. */
void	 sign_message(const struct run_doc *, const char *role,
	    const char *at, struct buf *out);

/* A value as canonical JSON: keys sorted, vacant entries (null, done:
 * false, empty lists) left out, numbers as written. */
void	 sign_json(struct buf *, const struct chk_node *);
/* Do two values of a run say the same, as signatures see them (either
 * may be NULL: absent)? */
int	 sign_same(const struct chk_node *, const struct chk_node *);

/* What a role's signature is worth. */
enum sign_verdict {
	SIGN_UNSIGNED,		/* no SSH signature */
	SIGN_VALID,
	SIGN_MALFORMED,		/* not an SSH signature's armour */
	SIGN_CHANGED,		/* not over these answers */
	SIGN_OTHER_KEY,		/* made with another key than recorded */
	SIGN_UNKNOWN_KEY,	/* key not in allowed_signers */
	SIGN_NOT_PRINCIPAL,	/* key not the principal's */
	SIGN_WRONG_ROLE,	/* principal not allowed for the role */
	SIGN_EXPIRED,		/* outside valid-after / valid-before */
	SIGN_REFUSED,		/* ssh-keygen -Y verify said no */
	SIGN_NO_ALLOWED		/* no allowed_signers file */
};

struct sign_result {
	enum sign_verdict	 v;
	const char		*why;	/* plain text (arena), NULL if valid */
	const char		*key;	/* the signing key's fingerprint */
};

/*
 * Verify the SSH signature of sig (a role of doc) against the policy.
 * Returns 0 with r filled, or -1 after a diagnostic when ssh-keygen
 * cannot be run (an I/O failure, not the run's fault).
 */
int	 sign_verify(const struct run_doc *, const struct chk_signature *,
	    const struct sign_policy *, struct arena *, struct sign_result *,
	    struct diag *);

/*
 * Sign msg with key: a key file (private, or public with its private
 * half in ssh-agent), "key::<public key>" (agent), or NULL: the first
 * key ssh-agent holds.  *armour gets the signature (arena).  Returns 0,
 * 1 when ssh-keygen (or ssh-add) is missing, -1 after a diagnostic.
 */
int	 sign_make(const char *key, const char *msg, struct arena *,
	    const char **armour, struct diag *);
/* The principals allowed_signers gives the key that made armour (now),
 * pushed to v (arena strings).  Returns 0, 1 no ssh-keygen, -1. */
struct ptrvec;
int	 sign_principals(const char *armour, const char *allowed_path,
	    struct arena *, struct ptrvec *v, struct diag *);

#endif /* CHKC_SIGN_H */
