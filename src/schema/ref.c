/*
 * URIs and JSON pointers for $id and $ref: reference resolution after
 * RFC 3986 §5.2 (only what schemas need: no normalisation beyond dot
 * segments) and pointers after RFC 6901.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "load/load.h"
#include "schema/libschema.h"

/* The five parts of a URI reference; NULL when absent. */
struct uri {
	const char	*scheme;
	const char	*auth;
	const char	*path;		/* never NULL */
	const char	*query;
	const char	*frag;
};

static int
scheme_len(const char *s)
{
	size_t	i;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (i = 1; isalnum((unsigned char)s[i]) || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'; i++)
		continue;
	return s[i] == ':' ? (int)i : 0;
}

/* Split s into its parts, each copied into the arena. */
static void
uri_parse(struct arena *a, const char *s, struct uri *u)
{
	size_t	n;

	memset(u, 0, sizeof(*u));
	if ((n = (size_t)scheme_len(s)) > 0) {
		u->scheme = arena_strndup(a, s, n);
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		n = strcspn(s + 2, "/?#");
		u->auth = arena_strndup(a, s + 2, n);
		s += 2 + n;
	}
	n = strcspn(s, "?#");
	u->path = arena_strndup(a, s, n);
	s += n;
	if (*s == '?') {
		n = strcspn(s + 1, "#");
		u->query = arena_strndup(a, s + 1, n);
		s += 1 + n;
	}
	if (*s == '#')
		u->frag = arena_strdup(a, s + 1);
}

/* RFC 3986 §5.2.4, on a copy in the arena. */
static char *
remove_dots(struct arena *a, const char *in)
{
	char	*out = arena_alloc(a, strlen(in) + 2), *p;
	size_t	 o = 0;

	while (*in != '\0') {
		if (strncmp(in, "../", 3) == 0)
			in += 3;
		else if (strncmp(in, "./", 2) == 0 ||
		    strncmp(in, "/./", 3) == 0)
			in += 2;
		else if (strcmp(in, "/.") == 0)
			in = "/";
		else if (strncmp(in, "/../", 4) == 0 ||
		    strcmp(in, "/..") == 0) {
			in = in[3] == '\0' ? "/" : in + 3;
			out[o] = '\0';
			p = strrchr(out, '/');
			o = p != NULL ? (size_t)(p - out) : 0;
		} else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0)
			in += strlen(in);
		else {
			do
				out[o++] = *in++;
			while (*in != '\0' && *in != '/');
		}
	}
	out[o] = '\0';
	return out;
}

static char *
merge(struct arena *a, const struct uri *base, const char *path)
{
	const char	*slash;

	if (base->auth != NULL && base->path[0] == '\0')
		return arena_printf(a, "/%s", path);
	if ((slash = strrchr(base->path, '/')) == NULL)
		return arena_strdup(a, path);
	return arena_printf(a, "%.*s%s", (int)(slash - base->path + 1),
	    base->path, path);
}

static char *
uri_join(struct arena *a, const struct uri *u)
{
	struct buf	 b = { 0 };
	char		*s;

	if (u->scheme != NULL)
		buf_printf(&b, "%s:", u->scheme);
	if (u->auth != NULL)
		buf_printf(&b, "//%s", u->auth);
	buf_puts(&b, u->path);
	if (u->query != NULL)
		buf_printf(&b, "?%s", u->query);
	if (u->frag != NULL)
		buf_printf(&b, "#%s", u->frag);
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * The target of reference ref seen from base (both may be relative;
 * base NULL: ref as it is).  The result is in the arena.
 */
char *
sch_uri_resolve(struct arena *a, const char *base, const char *ref)
{
	struct uri	 b, r, t;

	if (base == NULL || *base == '\0')
		return arena_strdup(a, ref);
	uri_parse(a, base, &b);
	uri_parse(a, ref, &r);
	memset(&t, 0, sizeof(t));
	t.frag = r.frag;
	if (r.scheme != NULL) {
		t = r;
		t.path = remove_dots(a, r.path);
		return uri_join(a, &t);
	}
	t.scheme = b.scheme;
	if (r.auth != NULL) {
		t.auth = r.auth;
		t.path = remove_dots(a, r.path);
		t.query = r.query;
	} else if (r.path[0] == '\0') {
		t.auth = b.auth;
		t.path = b.path;
		t.query = r.query != NULL ? r.query : b.query;
	} else {
		t.auth = b.auth;
		t.path = remove_dots(a, r.path[0] == '/' ? r.path :
		    merge(a, &b, r.path));
		t.query = r.query;
	}
	return uri_join(a, &t);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode s into the arena. */
static char *
pct_decode(struct arena *a, const char *s)
{
	char	*out = arena_alloc(a, strlen(s) + 1);
	size_t	 o = 0;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			out[o++] = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

char *
sch_uri_split(struct arena *a, const char *uri, const char **frag)
{
	const char	*hash = strchr(uri, '#');

	if (hash == NULL) {
		*frag = "";
		return arena_strdup(a, uri);
	}
	*frag = pct_decode(a, hash + 1);
	return arena_strndup(a, uri, (size_t)(hash - uri));
}

/* One reference token of a pointer, unescaped (~1 is '/', ~0 '~'). */
static char *
pointer_token(struct arena *a, const char **ptr)
{
	const char	*s = *ptr;
	size_t		 n = strcspn(s, "/"), i, o = 0;
	char		*tok = arena_alloc(a, n + 1);

	for (i = 0; i < n; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' ||
		    s[i + 1] == '1')) {
			tok[o++] = s[i + 1] == '0' ? '~' : '/';
			i++;
		} else
			tok[o++] = s[i];
	}
	tok[o] = '\0';
	*ptr = s + n;
	return tok;
}

static const struct chk_node *
pointer_step(const struct chk_node *n, const char *tok)
{
	char		*end;
	unsigned long	 idx;

	if (n->kind == CHK_NODE_MAP)
		return node_get(n, tok);
	if (n->kind != CHK_NODE_SEQ || *tok == '\0' ||
	    strspn(tok, "0123456789") != strlen(tok) ||
	    (tok[0] == '0' && tok[1] != '\0'))
		return NULL;
	idx = strtoul(tok, &end, 10);
	return idx < n->n ? n->items[idx] : NULL;
}

const struct chk_node *
sch_pointer(struct arena *a, const struct chk_node *root, const char *ptr,
    const char **base)
{
	const struct chk_node	*n = root, *id;
	const char		*frag;

	while (*ptr == '/') {
		ptr++;
		/* An $id passed on the way changes the base of what is
		 * below it (the target's own $id is the compiler's). */
		if (n != root && (id = node_get(n, "$id")) != NULL &&
		    id->kind == CHK_NODE_STRING)
			*base = sch_uri_split(a,
			    sch_uri_resolve(a, *base, id->str), &frag);
		if ((n = pointer_step(n, pointer_token(a, &ptr))) == NULL)
			return NULL;
	}
	return *ptr == '\0' ? n : NULL;
}

const char *
sch_uri_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) == 0)
		return uri + 7;
	if (strncmp(uri, "file:", 5) == 0)
		return uri + 5;
	return scheme_len(uri) > 0 ? NULL : uri;
}
