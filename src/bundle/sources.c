/*
 * The sources of a checklist as bundle payload: what it was built from,
 * so that a bundle can be rebuilt and audited without the repository.
 */
#define _XOPEN_SOURCE	700	/* realpath() is XSI */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "file.h"
#include "bundle/internal.h"

/* The whole file at path into the arena; -1 on an error (errno). */
static int
slurp(const char *path, struct arena *a, struct bundle_file *f)
{
	struct buf	b = { 0 };
	int		saved;

	if (file_read(path, &b) == -1) {
		saved = errno;
		buf_free(&b);
		errno = saved;
		return -1;
	}
	f->data = arena_alloc(a, b.len + 1);
	memcpy((char *)f->data, b.data, b.len + 1);
	f->len = b.len;
	buf_free(&b);
	return 0;
}

/* path relative to the real root, or external/<base name>. */
static const char *
relative(const char *root_real, const char *path, struct arena *a)
{
	char		 real[PATH_MAX];
	const char	*base;
	size_t		 n = strlen(root_real);

	if (realpath(path, real) != NULL && strncmp(real, root_real, n) == 0 &&
	    real[n] == '/')
		return arena_printf(a, "sources/%s", real + n + 1);
	base = strrchr(path, '/');
	return arena_printf(a, "sources/external/%s", base ? base + 1 : path);
}

int
bundle_sources(const char *root, const char *const *paths, size_t n,
    struct arena *a, struct bundle_file *out, struct diag *d)
{
	char	root_real[PATH_MAX];
	size_t	i, j;
	int	dup;

	if (realpath(root, root_real) == NULL)
		strcpy(root_real, "/nonexistent");
	for (i = 0; i < n; i++) {
		struct loc at = { paths[i], 0, 0 };

		out[i].path = relative(root_real, paths[i], a);
		/* Two external files of one name: keep both. */
		for (dup = 1, j = 0; j < i; j++)
			if (strcmp(out[j].path, out[i].path) == 0)
				out[i].path = arena_printf(a, "%s-%d", out[i].path,
				    ++dup);
		if (slurp(paths[i], a, &out[i]) == -1) {
			diag_add(d, &at, DIAG_ERROR, "cannot read a source of "
			    "the bundle: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}
