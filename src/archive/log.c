/*
 * The LOG of an archive: one hash-chained line per archived run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "chkc.h"
#include "diag.h"
#include "archive/internal.h"

void
log_hash(const char *text, char hex[65])
{
	bundle_sha256(text, strlen(text), hex);
}

const char *
log_format(struct arena *a, size_t seq, const char *time, const char *path,
    const char *sha, const char *prev, const char *keys, const char *summary)
{
	return arena_printf(a, "%zu %s %s sha256:%s sha256:%s%s%s%s%s", seq,
	    time, path, sha, prev, keys != NULL ? " keys=" : "", keys != NULL ?
	    keys : "", summary != NULL ? " summary=sha256:" : "",
	    summary != NULL ? summary : "");
}

const char *
archive_time(struct arena *a, long long epoch)
{
	struct tm	tm;
	time_t		t = (time_t)epoch;

	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/* Is s 64 lower-case hex digits after "sha256:"? */
static const char *
hash_field(const char *s)
{
	if (strncmp(s, "sha256:", 7) != 0 || strlen(s) != 71 ||
	    strspn(s + 7, "0123456789abcdef") != 64)
		return NULL;
	return s + 7;
}

/* Split a line into its five fields, and the optional keys= and
 * summary= after them, in that order. */
static void
parse_line(struct arena *a, struct log_line *l)
{
	char		*copy = arena_strdup(a, l->text), *f[8], *save = NULL;
	char		*end;
	int		 k = 0, i = 5;

	for (f[k] = strtok_r(copy, " ", &save); f[k] != NULL && k < 7;
	    f[k] = strtok_r(NULL, " ", &save))
		k++;
	if (k < 5 || f[k] != NULL)
		return;
	if (i < k && strncmp(f[i], "keys=SHA256:", 12) == 0)
		l->e.keys = f[i++] + 5;
	if (i < k && strncmp(f[i], "summary=", 8) == 0 &&
	    (l->e.summary = hash_field(f[i] + 8)) != NULL)
		i++;
	if (i != k)
		return;
	l->e.seq = (size_t)strtoull(f[0], &end, 10);
	if (*end != '\0' || *f[0] == '\0' || *f[0] == '0')
		return;
	l->e.time = f[1];
	l->e.path = f[2];
	if ((l->e.sha256 = hash_field(f[3])) == NULL ||
	    (l->e.prev = hash_field(f[4])) == NULL)
		return;
	l->valid = 1;
}

int
log_read(const char *dir, struct arena *a, struct log *lg, struct diag *d)
{
	struct buf	 b = { 0 };
	char		*path = arena_printf(a, "%s/%s", dir, LOG_NAME), *p, *nl;
	struct loc	 at = { path, 0, 0 };
	size_t		 lines = 0;

	memset(lg, 0, sizeof(*lg));
	if (file_read(path, &b) == -1) {
		buf_free(&b);
		if (errno == ENOENT)
			return 0;
		diag_add(d, &at, DIAG_ERROR, "cannot read: %s", strerror(errno));
		return -1;
	}
	for (p = b.data; *p != '\0'; p++)
		lines += *p == '\n';
	lg->v = arena_alloc(a, (lines + 2) * sizeof(*lg->v));
	for (p = b.data; *p != '\0'; p = nl + 1) {
		struct log_line *l = &lg->v[lg->n];

		if ((nl = strchr(p, '\n')) == NULL) {
			lg->cut = 1;
			nl = p + strlen(p) - 1;
			l->text = arena_strdup(a, p);
		} else
			l->text = arena_strndup(a, p, (size_t)(nl - p));
		l->lineno = (int)++lg->n;
		parse_line(a, l);
	}
	buf_free(&b);
	return 0;
}

size_t
log_broken(const struct log *lg)
{
	char	hex[65];
	size_t	i;

	for (i = 0; i < lg->n; i++) {
		if (!lg->v[i].valid || lg->v[i].e.seq != i + 1)
			return i + 1;
		if (i == 0 ? strcmp(lg->v[i].e.prev, ZERO_HASH) != 0 :
		    (log_hash(lg->v[i - 1].text, hex),
		    strcmp(lg->v[i].e.prev, hex) != 0))
			return i + 1;
	}
	return lg->cut ? lg->n : 0;
}

/* A bag-info value from the bundle bytes (quietly: unreadable, NULL). */
void
archive_entry_info(struct arena *a, struct archive_entry *e,
    const char *data, size_t len)
{
	struct diag		*d = diag_new();
	struct bundle_bag	 bag;

	if (bundle_read(a, e->path, data, len, &bag, d) == 0)
		archive_entry_bag(e, &bag);
	diag_free(d);
}

void
archive_entry_bag(struct archive_entry *e, const struct bundle_bag *bag)
{
	e->project = bundle_info(bag, "Chkc-Project");
	e->checklist = bundle_info(bag, "Chkc-Checklist");
	e->version = bundle_info(bag, "Chkc-Run-Version");
	e->date = bundle_info(bag, "Chkc-Run-Date");
	e->outcome = bundle_info(bag, "Chkc-Run-Outcome");
	e->percent = bundle_info(bag, "Chkc-Run-Completion");
	e->complete = bundle_info(bag, "Chkc-Run-Complete");
	e->unsigned_roles = bundle_info(bag, "Chkc-Run-Unsigned");
	e->signers = bundle_info(bag, "Chkc-Run-Signers");
	e->run_keys = bundle_info(bag, "Chkc-Run-Keys");
	e->keys_required = bundle_info(bag, "Chkc-Run-Keys-Required");
	e->keys_missing = bundle_info(bag, "Chkc-Run-Keys-Missing");
}
