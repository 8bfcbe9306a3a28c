/*
 * Fuzz the run-file checker: a run file (YAML, or the HTML page's JSON
 * export) read, checked against the checklist it names, measured,
 * compared with the checklist (drift), carried over (migrate) and
 * drawn filled in (Markdown, HTML; PDF for one input in eight).
 * Input: a run file checked against a fixed template with every kind
 * of item; or a template, FUZZ_SEP, a run file (the template resolved
 * alone as project "example").  What chkc writes must read back: the
 * blank run of `chkc run new` loads and checks clean, a migrated run
 * loads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "emit/emit.h"
#include "resolve/resolve.h"
#include "run/run.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char TEMPLATE[] =
    "id: deploy\ntitle: Deploy {{ project.name }}\nrevision: 3\n"
    "fields:\n"
    "  - {field: Version, id: version, required: true}\n"
    "  - {field: Strategy, type: choice, options: [Blue-Green, Canary]}\n"
    "  - {field: Regions, type: multichoice, options: [EU, US]}\n"
    "  - {field: When, type: datetime}\n"
    "sections:\n"
    "  - title: Pre-deployment\n    items:\n"
    "      - Code review completed\n"
    "      - {check: Backup size, field: {type: number, unit: MB, min: 1, max: 9}}\n"
    "      - check: Error rate below 1%\n        critical: true\n"
    "        role: DevOps\n        items: [Sentry clean, No 5xx]\n"
    "      - {field: Start time, type: time}\n"
    "      - {field: Ready, type: bool}\n"
    "      - {field: Day, type: date}\n"
    "      - table: Monitoring\n        columns: [Time, Errors]\n"
    "        rows: {for: \"m in range(0, 30, 10)\", label: \"T+{{ m }}\"}\n"
    "signoff:\n  - roles: [DevOps, Tech Lead]\n";

/* The fixed template's checklist, its resolver (its locations point
 * into the resolver's files) and arena: kept for the whole process. */
static struct resolver	*fixed_res;
static struct diag	*fixed_diag;
static struct arena	*fixed_arena;
static const struct chk_list *fixed;

static void
free_fixed(void)
{
	arena_free(fixed_arena);
	resolver_free(fixed_res);
	diag_free(fixed_diag);
}

static void
load_fixed(void)
{
	struct fuzz_part	 p = { TEMPLATE, sizeof(TEMPLATE) - 1 };
	const char		*dir = fuzz_project_write(&p, 1);

	fixed_diag = diag_new();
	fixed_res = resolver_new(dir, fixed_diag);
	fixed_arena = arena_new();
	fixed = resolve_checklist(fixed_res, NULL, 0, fuzz_project_main(),
	    fixed_arena);
	FUZZ_ASSERT(fixed != NULL);
	atexit(free_fixed);
}

/* Text that chkc wrote must read back as a run without an error. */
static void
must_read(const char *what, const struct buf *b, const struct chk_list *cl,
    int check)
{
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct run_doc	*doc;
	const char	*t;
	size_t		 i;

	doc = run_parse(a, what, buf_str(b), b->len, d);
	if (doc != NULL && check)
		run_check(doc, cl, d);
	if (doc == NULL || diag_errors(d) > 0) {
		fprintf(stderr, "--- %s:\n%s\n---\n", what, buf_str(b));
		for (i = 0; (t = diag_text(d, i)) != NULL; i++)
			fprintf(stderr, "%s\n", t);
		fuzz_fail(__FILE__, __LINE__, "chkc wrote a run it cannot read");
	}
	diag_free(d);
	arena_free(a);
}

/* Everything a command does with a run, on one that loaded. */
static void
use_run(struct arena *a, struct run_doc *doc, const struct chk_list *cl,
    struct diag *d, int pdf)
{
	struct run_progress	 pr;
	struct run_texts	 now, old;
	struct run_drift	 dr;
	struct ptrvec		 dropped = { 0 };
	struct buf		 b = { 0 };

	run_check(doc, cl, d);
	run_progress(doc->run, cl, a, &pr);
	FUZZ_ASSERT(pr.done + pr.open + pr.failed + pr.na == pr.total);
	FUZZ_ASSERT(pr.percent >= 0 && pr.percent <= 100);
	(void)run_latest_at(doc->run);
	run_texts_of(cl, a, &now);
	if (doc->snapshot != NULL) {
		run_texts_snapshot(doc->snapshot, a, &old);
		run_drift(&old, &now, a, &dr);
	}
	/* As chkc does: the drift is reported when the hashes differ. */
	if (doc->run->checklist == NULL ||
	    strcmp(doc->run->checklist, cl->hash) != 0)
		run_drift_report(doc, cl, doc->snapshot != NULL ? &old : NULL,
		    d);
	run_migrate(doc, cl, a, &b, &dropped);
	must_read("migrated.yaml", &b, cl, 0);
	buf_reset(&b);
	FUZZ_ASSERT(emit_md(cl, doc->run, &b, d) == 0);
	buf_reset(&b);
	FUZZ_ASSERT(emit_html(cl, doc->run, &b, d) == 0);
	fuzz_check_html(buf_str(&b), 2);
	buf_reset(&b);
	if (pdf && emit_pdf(cl, doc->run, NULL, &b, d) == 0)
		FUZZ_ASSERT(memcmp(b.data, "%PDF-", 5) == 0);
	ptrvec_free(&dropped);
	buf_free(&b);
}

static void
fuzz_one_run(const struct chk_list *cl, const struct fuzz_part *run, int pdf)
{
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct run_doc	*doc;
	struct buf	 blank = { 0 };

	run_new(cl, &blank);
	must_read("new.yaml", &blank, cl, 1);
	buf_free(&blank);
	if ((doc = run_parse(a, "run.yaml", run->data, run->len, d)) == NULL)
		fuzz_check_diag(d, 1);
	else {
		FUZZ_ASSERT(doc->run != NULL);
		use_run(a, doc, cl, d, pdf);
		fuzz_check_diag(d, 0);
	}
	diag_free(d);
	arena_free(a);
}

static struct fuzz_part	 cur_run;
static int		 cur_pdf;

static void
each_list(const struct chk_list *cl, struct diag *d)
{
	(void)d;
	fuzz_one_run(cl, &cur_run, cur_pdf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part	 parts[2];
	unsigned		 h = 0;
	size_t			 i;
	static int		 init;

	if (!init) {
		fuzz_limits();
		load_fixed();
		init = 1;
	}
	for (i = 0; i < size; i++)
		h = h * 31 + data[i];
	cur_pdf = h % 8 == 0;
	if (fuzz_split(data, size, parts, 2) == 1) {
		fuzz_one_run(fixed, &parts[0], cur_pdf);
		return 0;
	}
	cur_run = parts[1];
	fuzz_project_write(parts, 1);
	fuzz_resolve_all(each_list);
	return 0;
}
