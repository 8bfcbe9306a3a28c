/*
 * What every command shares: common options, printing diagnostics and
 * writing files atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "chkc.h"
#include "diag.h"
#include "cli/cli.h"

int
cli_usage(const char *text)
{
	fprintf(stderr, "usage: %s\n", text);
	return EXIT_USAGE;
}

int
cli_common_opt(struct cli_common *c, int argc, char **argv, int *i)
{
	const char	*a = argv[*i];

	if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
		c->quiet = 1;
		(*i)++;
		return 1;
	}
	if (strcmp(a, "-C") == 0) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "chkc: -C needs a directory\n");
			return -1;
		}
		c->root = argv[*i + 1];
		*i += 2;
		return 1;
	}
	if (strncmp(a, "-C", 2) == 0) {
		c->root = a + 2;
		(*i)++;
		return 1;
	}
	return 0;
}

int
cli_report(struct diag *d)
{
	int	errors = diag_errors(d);

	diag_print(d, stderr);
	return errors > 0;
}

/* mkdir -p for the parent directories of path. */
static int
make_parents(const char *path, struct diag *d)
{
	char		*dir = xstrdup(path), *p;
	struct loc	 at = { path, 0, 0 };

	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
			diag_add(d, &at, DIAG_ERROR, "cannot create directory "
			    "'%s': %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

/* Write data to a new temporary file beside path; its name is returned
 * (malloc'ed), NULL after a diagnostic. */
static char *
write_temp(const char *path, const char *data, size_t len, struct diag *d)
{
	struct loc	 at = { path, 0, 0 };
	size_t		 plen = strlen(path), off = 0;
	char		*tmp;
	ssize_t		 n;
	int		 fd;

	if (make_parents(path, d) == -1)
		return NULL;
	tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot create: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	/* mkstemp makes 0600; outputs are for everyone to read. */
	if (off < len || fchmod(fd, 0644) == -1 || close(fd) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write: %s", strerror(errno));
		if (off < len)
			close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

int
stage_file(struct stage *s, const char *path, const char *data, size_t len,
    struct diag *d)
{
	char	*tmp;

	if ((tmp = write_temp(path, data, len, d)) == NULL)
		return -1;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->tmp = xrealloc(s->tmp, s->cap * sizeof(char *));
		s->path = xrealloc(s->path, s->cap * sizeof(char *));
	}
	s->tmp[s->n] = tmp;
	s->path[s->n++] = xstrdup(path);
	return 0;
}

static void
stage_free(struct stage *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		free(s->tmp[i]);
		free(s->path[i]);
	}
	free(s->tmp);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

int
stage_commit(struct stage *s, struct diag *d)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < s->n; i++) {
		if (rename(s->tmp[i], s->path[i]) == -1) {
			struct loc at = { s->path[i], 0, 0 };

			diag_add(d, &at, DIAG_ERROR, "cannot rename into place: "
			    "%s", strerror(errno));
			unlink(s->tmp[i]);
			rc = -1;
		}
	}
	stage_free(s);
	return rc;
}

void
stage_abort(struct stage *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		unlink(s->tmp[i]);
	stage_free(s);
}

int
cli_write_file(const char *path, const char *data, size_t len,
    struct diag *d)
{
	struct stage	s = { 0 };

	if (stage_file(&s, path, data, len, d) == -1)
		return -1;
	return stage_commit(&s, d);
}
