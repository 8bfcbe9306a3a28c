/*
 * The check of a bag read back from a zip (RFC 8493 §3: a bag is valid
 * when it is complete and every checksum of its manifests matches).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "bundle/internal.h"

const struct bundle_file *
bundle_find(const struct bundle_bag *bag, const char *path)
{
	size_t	lo = 0, hi = bag->nfiles, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(path, bag->files[mid].path)) == 0)
			return &bag->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
bundle_info(const struct bundle_bag *bag, const char *label)
{
	size_t	i;

	for (i = 0; i < bag->ninfo; i++)
		if (strcmp(bag->labels[i], label) == 0)
			return bag->values[i];
	return NULL;
}

/* One "Label: value" line; a line that starts with blanks continues
 * the value before it (RFC 8493 §2.2.2). */
static void
info_line(struct arena *a, struct bundle_bag *bag, const char *s, size_t n)
{
	const char	*colon = memchr(s, ':', n), *v;

	if (n > 0 && (s[0] == ' ' || s[0] == '\t') && bag->ninfo > 0) {
		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--;
		bag->values[bag->ninfo - 1] = arena_printf(a, "%s %.*s",
		    bag->values[bag->ninfo - 1], (int)n, s);
		return;
	}
	if (colon == NULL)
		return;
	for (v = colon + 1; v < s + n && (*v == ' ' || *v == '\t'); v++)
		continue;
	bag->labels[bag->ninfo] = arena_strndup(a, s, (size_t)(colon - s));
	bag->values[bag->ninfo++] = arena_strndup(a, v, (size_t)(s + n - v));
}

void
bundle_parse_info(struct arena *a, struct bundle_bag *bag)
{
	const struct bundle_file	*f = bundle_find(bag, "bag-info.txt");
	const char			*p, *end, *nl;
	size_t				 lines = 1;

	if (f == NULL)
		return;
	for (p = f->data; p < f->data + f->len; p++)
		lines += *p == '\n';
	bag->labels = arena_alloc(a, lines * sizeof(char *));
	bag->values = arena_alloc(a, lines * sizeof(char *));
	for (p = f->data, end = f->data + f->len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		info_line(a, bag, p, (size_t)(nl - p) -
		    (nl > p && nl[-1] == '\r'));
	}
}

/* Undo put_path()'s percent-encoding into a malloc'ed string. */
static char *
decode_path(const char *s, size_t n)
{
	char	*out = xmalloc(n + 1), *o = out;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (strncmp(s + i, "%25", 3) == 0 ||
		    strncmp(s + i, "%0A", 3) == 0 ||
		    strncmp(s + i, "%0D", 3) == 0)) {
			*o++ = s[i + 2] == '5' ? '%' : s[i + 2] == 'A' ? '\n' : '\r';
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

struct manifest {
	const char	*name;		/* manifest-sha256.txt or tagmanifest */
	char		**paths;	/* listed, decoded */
	size_t		  n;
};

/* Check one manifest line against the bag; returns its decoded path
 * (malloc'ed) or NULL when the line is malformed. */
static char *
check_line(const struct bundle_bag *bag, const char *where,
    const char *mname, const char *s, size_t n, int *problems,
    struct diag *d)
{
	struct loc			 at = { where, 0, 0 };
	const struct bundle_file	*f;
	char				 hex[65], *path;
	size_t				 i = 64;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n < 66 || i == 64 || i == n || strspn(s, "0123456789abcdef") < 64) {
		diag_add(d, &at, DIAG_ERROR, "%s: malformed line '%.*s'",
		    mname, (int)(n > 80 ? 80 : n), s);
		(*problems)++;
		return NULL;
	}
	path = decode_path(s + i, n - i);
	if ((f = bundle_find(bag, path)) == NULL) {
		diag_add(d, &at, DIAG_ERROR, "'%s' is in %s but missing "
		    "(bag incomplete)", path, mname);
		(*problems)++;
	} else {
		bundle_sha256(f->data, f->len, hex);
		if (strncmp(hex, s, 64) != 0) {
			diag_add(d, &at, DIAG_ERROR, "'%s': SHA-256 does not "
			    "match %s (file changed)", path, mname);
			(*problems)++;
		}
	}
	return path;
}

/* Check every line of a manifest; m->paths gets the paths listed. */
static int
check_manifest(const struct bundle_bag *bag, const char *where,
    struct manifest *m, struct diag *d)
{
	struct loc			 at = { where, 0, 0 };
	const struct bundle_file	*f = bundle_find(bag, m->name);
	const char			*p, *end, *nl;
	char				*path;
	int				 problems = 0;

	if (f == NULL) {
		diag_add(d, &at, DIAG_ERROR, "no %s in the bag", m->name);
		return 1;
	}
	m->paths = xcalloc(f->len / 66 + 2, sizeof(char *));
	for (p = f->data, end = f->data + f->len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p)
			continue;
		path = check_line(bag, where, m->name, p, (size_t)(nl - p),
		    &problems, d);
		if (path != NULL)
			m->paths[m->n++] = path;
	}
	return problems;
}

static int
listed(const struct manifest *m, const char *path)
{
	size_t	i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->paths[i], path) == 0)
			return 1;
	return 0;
}

/* Payload-Oxum "octets.count" against the payload. */
static int
check_oxum(const struct bundle_bag *bag, const char *where, struct diag *d)
{
	struct loc		 at = { where, 0, 0 };
	const char		*ox = bundle_info(bag, "Payload-Oxum");
	unsigned long long	 octets = 0;
	size_t			 i, count = 0;
	char			 want[64];

	for (i = 0; i < bag->nfiles; i++)
		if (strncmp(bag->files[i].path, "data/", 5) == 0) {
			octets += bag->files[i].len;
			count++;
		}
	snprintf(want, sizeof(want), "%llu.%zu", octets, count);
	if (ox == NULL) {
		diag_add(d, &at, DIAG_ERROR, "bag-info.txt has no Payload-Oxum");
		return 1;
	}
	if (strcmp(ox, want) != 0) {
		diag_add(d, &at, DIAG_ERROR, "Payload-Oxum is %s, the payload "
		    "is %s", ox, want);
		return 1;
	}
	return 0;
}

/* Every file must be listed: data/ in the manifest, the rest in the
 * tag manifest. */
static int
check_listed(const struct bundle_bag *bag, const char *where,
    const struct manifest *m, const struct manifest *tm, struct diag *d)
{
	struct loc	 at = { where, 0, 0 };
	const char	*p;
	size_t		 i;
	int		 problems = 0;

	for (i = 0; i < bag->nfiles; i++) {
		p = bag->files[i].path;
		if (strncmp(p, "data/", 5) == 0 ? listed(m, p) :
		    strcmp(p, tm->name) == 0 || listed(tm, p))
			continue;
		diag_add(d, &at, DIAG_ERROR, "'%s' is in the bag but not in %s "
		    "(extra file)", p, strncmp(p, "data/", 5) == 0 ?
		    m->name : tm->name);
		problems++;
	}
	return problems;
}

/* Does the file have the line s (LF or CRLF)? */
static int
has_line(const struct bundle_file *f, const char *s)
{
	const char	*p, *end = f->data + f->len, *nl;
	size_t		 n = strlen(s);

	for (p = f->data; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) - (nl > p && nl[-1] == '\r') == n &&
		    memcmp(p, s, n) == 0)
			return 1;
	}
	return 0;
}

static void
manifest_free(struct manifest *m)
{
	size_t	i;

	for (i = 0; i < m->n; i++)
		free(m->paths[i]);
	free(m->paths);
}

int
bundle_check(const struct bundle_bag *bag, const char *where, struct diag *d)
{
	struct manifest			 m = { "manifest-sha256.txt", NULL, 0 };
	struct manifest			 tm = { "tagmanifest-sha256.txt", NULL, 0 };
	const struct bundle_file	*f = bundle_find(bag, "bagit.txt");
	struct loc			 at = { where, 0, 0 };
	int				 problems = 0;

	if (f == NULL || !has_line(f, "BagIt-Version: 1.0") ||
	    !has_line(f, "Tag-File-Character-Encoding: UTF-8")) {
		diag_add(d, &at, DIAG_ERROR, "no bagit.txt declaring BagIt 1.0 "
		    "in UTF-8");
		problems++;
	}
	problems += check_manifest(bag, where, &m, d);
	problems += check_manifest(bag, where, &tm, d);
	problems += check_oxum(bag, where, d);
	problems += check_listed(bag, where, &m, &tm, d);
	manifest_free(&m);
	manifest_free(&tm);
	return problems;
}
