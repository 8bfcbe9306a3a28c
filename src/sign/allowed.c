/*
 * allowed_signers files (ssh-keygen(1), ALLOWED SIGNERS): one key a
 * line,
 *
 *	principals [options] keytype base64-key [comment]
 *
 * read to tell why a signature is not valid (unknown key, another
 * principal's key, outside valid-after / valid-before) and checked like
 * every other input.  ssh-keygen reads the same file to verify.
 */
#include <errno.h>
#include <stdio.h>
#include <fnmatch.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "diag.h"
#include "run/run.h"
#include "sha256.h"
#include "sign/sign.h"

#define MAX_TOKENS	8

static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com", "ssh-dss"
};

struct token {
	char	*s;
	int	 col;
};

static int
is_key_type(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (strcmp(s, key_types[i]) == 0)
			return 1;
	return 0;
}

/* Split line at blanks outside double quotes (the quotes stay). */
static size_t
tokens(struct arena *a, const char *line, struct token *t)
{
	const char	*p = line, *start;
	size_t		 n = 0;
	int		 q;

	while (*p != '\0' && n < MAX_TOKENS) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		for (q = 0; *p != '\0' && (q || (*p != ' ' && *p != '\t')); p++)
			q ^= *p == '"';
		t[n].s = arena_strndup(a, start, (size_t)(p - start));
		t[n++].col = (int)(start - line) + 1;
	}
	return n;
}

/* w decimal digits at s. */
static int
num(const char *s, int w)
{
	int	v = 0;

	while (w-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * A timestamp as OpenSSH reads one: YYYYMMDD or YYYYMMDDHHMM[SS], with
 * a final Z for UTC, else local time.  Returns 0, or -1.
 */
static int
timestamp(const char *s, long long *epoch)
{
	int		v[6] = { 0, 0, 0, 0, 0, 0 };
	size_t		n = strspn(s, "0123456789"), i;
	struct tm	tm;
	char		utc[80];

	if ((n != 8 && n != 12 && n != 14) || (s[n] != '\0' &&
	    strcmp(s + n, "Z") != 0))
		return -1;
	v[0] = num(s, 4);
	for (i = 1; 4 + 2 * i <= n; i++)
		v[i] = num(s + 2 + 2 * i, 2);
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 ||
	    v[4] > 59 || v[5] > 60)
		return -1;
	if (s[n] == 'Z') {
		snprintf(utc, sizeof(utc), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    v[0], v[1], v[2], v[3], v[4], v[5]);
		return run_is_datetime(utc) ? (*epoch = run_datetime_epoch(utc),
		    0) : -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	tm.tm_isdst = -1;
	*epoch = (long long)mktime(&tm);
	return 0;
}

/* "SHA256:<base64, no padding>" of a key blob. */
static const char *
fingerprint(struct arena *a, const unsigned char *blob, size_t len)
{
	unsigned char	md[SHA256_LEN], b64[48];
	int		n;

	sha256(blob, len, md);
	n = EVP_EncodeBlock(b64, md, SHA256_LEN);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	return arena_printf(a, "SHA256:%.*s", n, (const char *)b64);
}

/* The key: its type known, its blob base64 that starts with the same
 * type (a length-prefixed string).  Fills k->fingerprint. */
static int
parse_key(struct arena *a, struct sign_key *k, const struct token *type,
    const struct token *b64, struct diag *d)
{
	struct loc	 at = k->loc;
	unsigned char	*blob;
	size_t		 len = strlen(b64->s), tl = strlen(type->s);
	int		 n;

	at.col = type->col;
	if (!is_key_type(type->s)) {
		diag_add(d, &at, DIAG_ERROR, "unknown key type '%s'", type->s);
		return -1;
	}
	at.col = b64->col;
	blob = arena_alloc(a, len + 4);
	n = len % 4 == 0 && strspn(b64->s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/=") == len ?
	    EVP_DecodeBlock(blob, (const unsigned char *)b64->s, (int)len) : -1;
	if (n > 0)	/* EVP_DecodeBlock counts the padding as zeros. */
		n -= (int)(len - strcspn(b64->s, "="));
	if (n < 4 + (int)tl || blob[0] != 0 || blob[1] != 0 ||
	    blob[2] != (tl >> 8 & 0xff) || blob[3] != (tl & 0xff) ||
	    memcmp(blob + 4, type->s, tl) != 0) {
		diag_add(d, &at, DIAG_ERROR, "not a base64 %s public key",
		    type->s);
		return -1;
	}
	k->type = type->s;
	k->fingerprint = fingerprint(a, blob, (size_t)n);
	return 0;
}

/* A value "..." without its quotes (arena), or NULL if not quoted. */
static const char *
unquote(struct arena *a, const char *s)
{
	size_t	n = strlen(s);

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return NULL;
	return arena_strndup(a, s + 1, n - 2);
}

/* One option of the options field. */
static int
parse_option(struct arena *a, struct sign_key *k, const char *o,
    struct diag *d)
{
	const char	*eq = strchr(o, '='), *v;
	long long	*t;

	if (strcasecmp(o, "cert-authority") == 0) {
		k->ca = 1;
		return 0;
	}
	v = eq != NULL ? unquote(a, eq + 1) : NULL;
	if (eq != NULL && strncasecmp(o, "namespaces=", 11) == 0 && v != NULL)
		return 0;	/* ssh-keygen applies it */
	if (eq != NULL && (strncasecmp(o, "valid-after=", 12) == 0 ||
	    strncasecmp(o, "valid-before=", 13) == 0)) {
		t = o[6] == 'a' || o[6] == 'A' ? &k->after : &k->before;
		if (v == NULL || timestamp(v, t) == -1) {
			diag_add(d, &k->loc, DIAG_ERROR, "'%s': the time is "
			    "\"YYYYMMDD[HHMM[SS]][Z]\"", o);
			return -1;
		}
		*(t == &k->after ? &k->after_text : &k->before_text) = v;
		return 0;
	}
	diag_add(d, &k->loc, DIAG_ERROR, "unknown option '%s' (cert-authority, "
	    "namespaces=, valid-after=, valid-before=)", o);
	return -1;
}

/* The options field: options separated by commas outside quotes. */
static int
parse_options(struct arena *a, struct sign_key *k, const struct token *t,
    struct diag *d)
{
	const char	*p = t->s, *start;
	int		 q, rc = 0;

	k->loc.col = t->col;
	while (*p != '\0') {
		start = p;
		for (q = 0; *p != '\0' && (q || *p != ','); p++)
			q ^= *p == '"';
		if (parse_option(a, k, arena_strndup(a, start,
		    (size_t)(p - start)), d) == -1)
			rc = -1;
		p += *p == ',';
	}
	return rc;
}

/* The principals field: patterns separated by commas, maybe quoted. */
static int
parse_principals(struct arena *a, struct sign_key *k, const struct token *t,
    struct diag *d)
{
	const char	*s = unquote(a, t->s), *p, *c;
	struct ptrvec	 v = { 0 };

	for (p = s != NULL ? s : t->s; *p != '\0'; p = *c ? c + 1 : c) {
		c = p + strcspn(p, ",");
		if (c == p)
			break;
		ptrvec_push(&v, arena_strndup(a, p, (size_t)(c - p)));
	}
	k->principals = ptrvec_finish(&v, a, &k->nprincipals);
	if (k->nprincipals == 0 || *p != '\0') {
		diag_add(d, &k->loc, DIAG_ERROR, "empty principal in '%s'",
		    t->s);
		return -1;
	}
	return 0;
}

static int
parse_line(struct arena *a, struct sign_key *k, const char *line,
    struct diag *d)
{
	struct token	t[MAX_TOKENS];
	size_t		n = tokens(a, line, t), i = 1;
	int		rc = 0, col = k->loc.col;

	k->after = k->before = -1;
	/* A key type chkc does not know is not taken for options. */
	if (n >= 3 && !is_key_type(t[1].s) && strchr(t[1].s, '=') == NULL &&
	    (strncmp(t[1].s, "ssh-", 4) == 0 || strncmp(t[1].s, "ecdsa-",
	    6) == 0 || strncmp(t[1].s, "sk-", 3) == 0))
		return parse_key(a, k, &t[1], &t[2], d);
	if (n < 3 || (!is_key_type(t[1].s) && n < 4)) {
		diag_add(d, &k->loc, DIAG_ERROR, "expected 'principals [options] "
		    "keytype base64-key [comment]'");
		return -1;
	}
	if (parse_principals(a, k, &t[0], d) == -1)
		rc = -1;
	if (!is_key_type(t[1].s) && parse_options(a, k, &t[i++], d) == -1)
		rc = -1;
	if (parse_key(a, k, &t[i], &t[i + 1], d) == -1)
		rc = -1;
	k->loc.col = col;
	if (rc == 0 && k->after != -1 && k->before != -1 &&
	    k->after >= k->before) {
		diag_add(d, &k->loc, DIAG_ERROR, "valid-after is not before "
		    "valid-before");
		rc = -1;
	}
	return rc;
}

int
sign_allowed_parse(struct arena *a, const char *name, const char *text,
    size_t len, struct sign_allowed *al, struct diag *d)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 lines = 1, i, lead;
	int		 lineno = 0, rc = 0;

	memset(al, 0, sizeof(*al));
	al->path = name;
	al->text = text;
	al->len = len;
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	al->keys = arena_alloc(a, lines * sizeof(*al->keys));
	for (; p < end; p = nl + 1) {
		struct sign_key *k = &al->keys[al->nkeys];
		const char	*line;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = arena_strndup(a, p, (size_t)(nl - p - (nl > p &&
		    nl[-1] == '\r')));
		lineno++;
		lead = strspn(line, " \t");
		if (line[lead] == '\0' || line[lead] == '#')
			continue;
		k->loc.file = name;
		k->loc.line = lineno;
		k->loc.col = (int)lead + 1;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			diag_add(d, &k->loc, DIAG_ERROR, "a NUL character");
			rc = -1;
		} else if (parse_line(a, k, line, d) == -1)
			rc = -1;
		else
			al->nkeys++;
	}
	return rc;
}

int
sign_allowed_load(struct arena *a, const char *path, struct sign_allowed *al,
    struct diag *d)
{
	struct buf	 b = { 0 };
	struct loc	 at = { path, 0, 0 };
	char		*text;
	int		 rc;

	if (file_read(path, &b) == -1) {
		buf_free(&b);
		if (errno == ENOENT)
			return 1;
		diag_add(d, &at, DIAG_ERROR, "cannot read: %s", strerror(errno));
		return -1;
	}
	text = arena_alloc(a, b.len + 1);
	memcpy(text, b.data, b.len);
	rc = sign_allowed_parse(a, path, text, b.len, al, d);
	buf_free(&b);
	return rc;
}

const struct sign_key *
sign_allowed_find(const struct sign_allowed *al, const char *fp, size_t from,
    size_t *at)
{
	size_t	i;

	for (i = from; al != NULL && i < al->nkeys; i++)
		if (strcmp(al->keys[i].fingerprint, fp) == 0) {
			*at = i;
			return &al->keys[i];
		}
	return NULL;
}

int
sign_key_names(const struct sign_key *k, const char *principal)
{
	size_t	i;

	for (i = 0; i < k->nprincipals; i++)
		if (fnmatch(k->principals[i], principal, 0) == 0)
			return 1;
	return 0;
}
