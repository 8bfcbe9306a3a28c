/*
 * The archive stage: adding runs (names, LOG chain, index), verifying,
 * refusing a broken LOG, and rolling back an interrupted archive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "file.h"
#include "diag.h"
#include "archive/archive.h"
#include "archive/internal.h"
#include "harness.h"

static const struct bundle_file payload[] = {
	{ "release.md", "# Release\n\n- [x] Review\n", 24 },
	{ "checklist.json", "{\"chkc\":1}\n", 11 },
};

static void
run_of(struct archive_run *r, const char *version, const char *outcome)
{
	static const char *const signers[] = { "Ann (DevOps)" };

	memset(r, 0, sizeof(*r));
	r->project = "shop";
	r->checklist = "release";
	r->hash = "sha256:00";
	r->revision = 1;
	r->version = version;
	r->date = "2026-11-24";
	r->outcome = outcome;
	r->percent = 100;
	r->complete = 1;
	r->signers = signers;
	r->nsigners = 1;
	r->files = payload;
	r->nfiles = 2;
	r->md = "release.md";
	r->epoch = 1767225600;
}

static char *
tempdir(void)
{
	char	*t = strdup("/tmp/chkc-test-archive-XXXXXX");

	if (mkdtemp(t) == NULL)
		abort();
	return t;
}

static void
rm_rf(const char *dir)
{
	char	cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("  cannot remove %s\n", dir);
}

static int
has_file(const char *dir, const char *rel)
{
	char		p[512];
	struct stat	st;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return stat(p, &st) == 0;
}

/* Read dir/rel into b (reset first). */
static int
slurp(const char *dir, const char *rel, struct buf *b)
{
	char	p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	buf_reset(b);
	return file_read(p, b);
}

static int
spit(const char *dir, const char *rel, const char *s)
{
	char	 p[512];
	FILE	*fp;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	if ((fp = fopen(p, "w")) == NULL)
		return -1;
	fputs(s, fp);
	return fclose(fp);
}

/* Three runs: names, suffixes, the LOG chain, the index; all verify. */
static void
test_add_verify(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct archive_run	 r;
	struct archive_entry	*e;
	struct buf		 b = { 0 };
	char			*dir = tempdir(), *placed;
	size_t			 n;

	run_of(&r, "v1.0", "success");
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	CHECK_STR(placed, "shop/release/v1.0-2026-11-24.zip");
	free(placed);
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	CHECK_STR(placed, "shop/release/v1.0-2026-11-24-2.zip");
	free(placed);
	run_of(&r, "2.0/beta rc", "rolled-back");
	r.date = "2026-11-25";
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	CHECK_STR(placed, "shop/release/2.0-beta-rc-2026-11-25.zip");
	free(placed);
	CHECK(has_file(dir, "shop/release/v1.0-2026-11-24-2.md"));
	CHECK(!has_file(dir, ".pending"));
	CHECK(slurp(dir, "LOG", &b) == 0);
	CHECK(strncmp(b.data, "1 2026-01-01T00:00:00Z shop/release/v1.0-2026-"
	    "11-24.zip sha256:", 57) == 0);
	CHECK(strstr(b.data, " sha256:00000000000000000000000000000000000000"
	    "00000000000000000000000000\n2 ") != NULL);
	CHECK(slurp(dir, "index.md", &b) == 0);
	/* Newest first: the 25th before the 24th. */
	CHECK(strstr(b.data, "2.0/beta rc") != NULL &&
	    strstr(b.data, "2.0/beta rc") < strstr(b.data, "| v1.0 |"));
	CHECK(archive_verify(dir, a, &e, &n, d) == 0);
	CHECK(n == 3 && e[2].ok);
	CHECK_STR(e[2].version, "2.0/beta rc");
	CHECK_STR(e[2].outcome, "rolled-back");
	CHECK_STR(e[0].signers, "Ann (DevOps)");
	CHECK(diag_errors(d) == 0 && diag_warnings(d) == 0);
	buf_free(&b);
	rm_rf(dir);
	free(dir);
	arena_free(a);
	diag_free(d);
}

/* An edited LOG line fails verify, and nothing more is appended. */
static void
test_broken_log(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct archive_run	 r;
	struct archive_entry	*e;
	struct buf		 b = { 0 };
	char			*dir = tempdir(), *placed, *p;
	size_t			 n;

	run_of(&r, "v1", "success");
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	free(placed);
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	free(placed);
	CHECK(slurp(dir, "LOG", &b) == 0);
	p = strstr(b.data, "T00:00:00Z");
	p[8] = '1';		/* 00:00:01 on line 1 */
	CHECK(spit(dir, "LOG", b.data) == 0);
	CHECK(archive_verify(dir, a, &e, &n, d) == 2);	/* line 1, chain */
	CHECK_CONTAINS(diag_text(d, 1), "LOG:1:1: error: entry 'shop/release/"
	    "v1-2026-11-24.zip': the LOG line does not match its bundle "
	    "(time '2026-01-01T00:00:01Z' in the LOG");
	CHECK_CONTAINS(diag_text(d, 0), "LOG:2:1: error: entry 'shop/release/"
	    "v1-2026-11-24-2.zip': does not chain to line 1");
	CHECK(archive_add(dir, &r, &placed, d) == -1);
	CHECK(placed == NULL);
	CHECK_CONTAINS(diag_text(d, 2), "the LOG chain is broken at line 2");
	CHECK(!has_file(dir, "shop/release/v1-2026-11-24-3.zip"));
	buf_free(&b);
	rm_rf(dir);
	free(dir);
	arena_free(a);
	diag_free(d);
}

/*
 * An archive killed after placing its bundle, before its LOG line: the
 * intent names what it placed.  verify warns (no error); the next
 * archive removes it, and its own entry takes the name.
 */
static void
test_interrupted(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct archive_run	 r;
	struct archive_entry	*e;
	struct buf		 b = { 0 };
	char			*dir = tempdir(), *placed;
	size_t			 n;

	run_of(&r, "v1", "success");
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	free(placed);
	/* What the killed archive left: bundle, .md, intent, a temp. */
	CHECK(slurp(dir, "shop/release/v1-2026-11-24.zip", &b) == 0);
	CHECK(spit(dir, "shop/release/v1-2026-11-24-2.zip", "PK") == 0);
	CHECK(spit(dir, "shop/release/v1-2026-11-24-2.md", "x") == 0);
	CHECK(spit(dir, ".pending", "2 2026-01-01T00:00:00Z shop/release/v1-"
	    "2026-11-24-2.zip sha256:ab sha256:cd\nshop/release/v1-2026-11-24-"
	    "2.zip\nshop/release/v1-2026-11-24-2.md\n") == 0);
	CHECK(spit(dir, ".tmp/new.abcdef", "partial") == 0);
	CHECK(archive_verify(dir, a, &e, &n, d) == 0);
	CHECK(diag_warnings(d) == 4);	/* intent, two files, temp */
	diag_free(d);
	d = diag_new();
	CHECK(archive_add(dir, &r, &placed, d) == 0);
	CHECK_STR(placed, "shop/release/v1-2026-11-24-2.zip");
	free(placed);
	CHECK(diag_warnings(d) == 2);	/* removed the two files */
	CHECK(!has_file(dir, ".pending") && !has_file(dir, ".tmp/new.abcdef"));
	diag_free(d);
	d = diag_new();
	CHECK(archive_verify(dir, a, &e, &n, d) == 0);
	CHECK(n == 2 && diag_warnings(d) == 0);
	buf_free(&b);
	rm_rf(dir);
	free(dir);
	arena_free(a);
	diag_free(d);
}

/* No archive at all, and an empty one. */
static void
test_empty(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct archive_entry	*e;
	char			*dir = tempdir();
	size_t			 n;

	CHECK(archive_verify("/nonexistent/chkc", a, &e, &n, d) == -1);
	CHECK(archive_verify(dir, a, &e, &n, d) == 0);
	CHECK(n == 0);
	CHECK(spit(dir, "stray.zip", "x") == 0);
	CHECK(archive_verify(dir, a, &e, &n, d) == 1);
	CHECK_CONTAINS(diag_text(d, 1), "stray.zip: error: not in LOG");
	rm_rf(dir);
	free(dir);
	arena_free(a);
	diag_free(d);
}

/* The report's days: every date from 1970 to 2200 and back, Mondays,
 * and what is not a date. */
static void
test_report_days(void)
{
	struct arena	*a = arena_new();
	const char	*s;
	int		 day, bad = 0;

	for (day = 0; day < 84000; day++) {
		s = report_date(a, day);
		bad += report_day(s) != day;
	}
	CHECK(bad == 0);
	CHECK_STR(report_date(a, 0), "1970-01-01");
	CHECK_STR(report_date(a, report_day("2024-02-29")), "2024-02-29");
	/* 2026-01-05 is a Monday: the week chart's arithmetic. */
	day = report_day("2026-01-05");
	CHECK(((day - 4) % 7 + 7) % 7 == 0);
	CHECK(report_day("2026-02-30") == -1);
	CHECK(report_day("2025-02-29") == -1);
	CHECK(report_day("2026-13-01") == -1);
	CHECK(report_day("26-01-05") == -1);
	CHECK(report_day("2026-01-05x") == -1);
	CHECK(report_day(NULL) == -1);
	arena_free(a);
}

int
main(void)
{
	RUN(test_add_verify);
	RUN(test_broken_log);
	RUN(test_interrupted);
	RUN(test_empty);
	RUN(test_report_days);
	return HARNESS_EXIT();
}
