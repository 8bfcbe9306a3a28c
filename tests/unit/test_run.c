/*
 * The run stage: reading runs (YAML and the HTML page's JSON), checking
 * them against a checklist, progress, drift, run new and migrate.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "load/load.h"
#include "run/run.h"
#include "harness.h"

static struct chk_item *
item(struct arena *a, enum chk_item_kind kind, const char *path,
    const char *text)
{
	struct chk_item	*it = arena_alloc(a, sizeof(*it));
	const char	*dot = strrchr(path, '.');

	it->kind = kind;
	it->path = path;
	it->id = dot ? dot + 1 : path;
	it->text = text;
	return it;
}

static struct chk_field *
field(struct arena *a, enum chk_field_type type)
{
	struct chk_field	*f = arena_alloc(a, sizeof(*f));

	f->type = type;
	return f;
}

static struct chk_item **
items(struct arena *a, size_t n, ...)
{
	struct chk_item	**v = arena_alloc(a, (n + 1) * sizeof(*v));
	va_list		  ap;
	size_t		  i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = va_arg(ap, struct chk_item *);
	va_end(ap);
	return v;
}

/*
 * shop/release: fields version (required) and strategy (choice); a
 * section "before" with a check and its sub-item, a check with a number
 * fill-in (max 1000), a critical check, a time line, a table, an md
 * block; sign-off by DevOps and Lead.  With drop, "before.errors" is
 * left out and the review check reworded (a later revision).
 */
static struct chk_list *
fixture(struct arena *a, int later)
{
	static const char *opts[] = { "Rolling", "Canary" };
	static const char *cols[] = { "Time", "Errors", "Notes" };
	static const char *rows[] = { "T+0", "T+10" };
	static const char *roles[] = { "DevOps", "Lead" };
	struct chk_list		*cl = arena_alloc(a, sizeof(*cl));
	struct chk_section	*s = arena_alloc(a, sizeof(*s));
	struct chk_signoff	*so = arena_alloc(a, sizeof(*so));
	struct chk_item		*review, *backup, *errors, *start, *mon, *md;
	struct chk_item		*version, *strategy;

	version = item(a, CHK_ITEM_FIELD, "fields.version", "Version");
	version->field = field(a, CHK_FIELD_TEXT);
	version->field->required = 1;
	strategy = item(a, CHK_ITEM_FIELD, "fields.strategy", "Strategy");
	strategy->field = field(a, CHK_FIELD_CHOICE);
	strategy->field->options = opts;
	strategy->field->noptions = 2;
	review = item(a, CHK_ITEM_CHECK, "before.review", later ?
	    "Code review done" : "Code review");
	review->items = items(a, 1, item(a, CHK_ITEM_CHECK,
	    "before.review.tests", "Tests pass"));
	review->nitems = 1;
	backup = item(a, CHK_ITEM_CHECK, "before.backup", "Backup size");
	backup->field = field(a, CHK_FIELD_NUMBER);
	backup->field->has_max = 1;
	backup->field->max = 1000;
	errors = item(a, CHK_ITEM_CHECK, "before.errors", "Error rate");
	errors->critical = 1;
	start = item(a, CHK_ITEM_FIELD, "before.start", "Start");
	start->field = field(a, CHK_FIELD_TIME);
	mon = item(a, CHK_ITEM_TABLE, "before.mon", "Monitoring");
	mon->columns = cols;
	mon->ncolumns = 3;
	mon->rows = rows;
	mon->nrows = 2;
	mon->labelled = 1;
	md = item(a, CHK_ITEM_MD, "before.note", "Call the on-call.");
	s->id = s->path = "before";
	s->title = "Before";
	if (later) {
		s->items = items(a, 5, review, backup, start, mon, md);
		s->nitems = 5;
	} else {
		s->items = items(a, 6, review, backup, errors, start, mon, md);
		s->nitems = 6;
	}
	so->id = "sign-off";
	so->path = "signoff.sign-off";
	so->roles = roles;
	so->nroles = 2;
	cl->project = "shop";
	cl->project_name = "Shop";
	cl->id = "release";
	cl->lang = "en";
	cl->revision = later ? 2 : 1;
	cl->title = "Release";
	cl->fields = (struct chk_item **)items(a, 2, version, strategy);
	cl->nfields = 2;
	cl->sections = arena_alloc(a, sizeof(*cl->sections));
	cl->sections[0] = s;
	cl->nsections = 1;
	cl->signoffs = arena_alloc(a, sizeof(*cl->signoffs));
	cl->signoffs[0] = so;
	cl->nsignoffs = 1;
	model_hash(cl);
	return cl;
}

/* A run of cl from text with "HASH" replaced by cl's hash. */
static struct run_doc *
parse(struct arena *a, const struct chk_list *cl, const char *name,
    const char *text, struct diag *d)
{
	struct buf	 b = { 0 };
	const char	*p, *h;
	struct run_doc	*doc;

	for (p = text; (h = strstr(p, "HASH")) != NULL; p = h + 4) {
		buf_put(&b, p, (size_t)(h - p));
		buf_puts(&b, cl->hash);
	}
	buf_puts(&b, p);
	doc = run_parse(a, name, b.data, b.len, d);
	buf_free(&b);
	return doc;
}

static const char page_json[] =
    "{\"run\": \"shop/release\", \"checklist\": \"HASH\", \"revision\": 1,\n"
    " \"fields\": {\"version\": \"v2\", \"strategy\": \"Canary\"},\n"
    " \"items\": {\"before.review\": {\"done\": true, \"by\": \"bob\"},\n"
    "  \"before.backup\": {\"done\": true, \"value\": 512},\n"
    "  \"before.errors\": {\"failed\": \"3%\"},\n"
    "  \"before.review.tests\": {\"na\": \"none\"}},\n"
    " \"tables\": {\"before.mon\": [[\"0.2\"], [\"0.1\", 7]]},\n"
    " \"signoff\": {\"DevOps\": {\"name\": \"Bob\"}},\n"
    " \"outcome\": \"rolled-back\"}\n";

/* The page's JSON becomes the model the emitters read. */
static void
test_load_json(void)
{
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct chk_list	*cl = fixture(a, 0);
	struct run_doc	*doc = parse(a, cl, "page.json", page_json, d);
	struct chk_run	*r;

	CHECK(doc != NULL && doc->json);
	if (doc == NULL)
		goto out;
	r = doc->run;
	CHECK_STR(doc->project, "shop");
	CHECK_STR(doc->checklist, "release");
	CHECK(r->nfields == 2);
	CHECK_STR(r->fields[0].path, "fields.strategy");	/* sorted */
	CHECK_STR(r->fields[1].value, "v2");
	CHECK(r->nitems == 4);
	CHECK_STR(r->items[0].path, "before.backup");
	CHECK_STR(r->items[0].value, "512");
	CHECK_STR(r->items[1].failed, "3%");
	CHECK(r->items[2].done && strcmp(r->items[2].by, "bob") == 0);
	CHECK_STR(r->items[3].na, "none");
	CHECK(r->ntables == 1 && r->tables[0].nrows == 2 &&
	    r->tables[0].ncols == 2);
	CHECK(r->tables[0].cells[1] == NULL);		/* padded */
	CHECK_STR(r->tables[0].cells[3], "7");
	CHECK(r->nsignoff == 1);
	CHECK_STR(r->outcome, "rolled-back");
	CHECK(run_check(doc, cl, d) == 0);
out:
	diag_free(d);
	arena_free(a);
}

/* YAML: multichoice lists and booleans become text; "" is no reason. */
static void
test_load_yaml(void)
{
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct chk_list	*cl = fixture(a, 0);
	struct run_doc	*doc;

	doc = parse(a, cl, "r.yaml", "run: shop/release\nchecklist: HASH\n"
	    "fields: {version: 1.5, strategy: [Rolling, Canary]}\n"
	    "items:\n  before.start: {value: \"10:00\", na: \"\"}\n"
	    "notes: \"\"\n", d);
	CHECK(doc != NULL && !doc->json);
	if (doc != NULL) {
		CHECK_STR(doc->run->fields[0].value, "Rolling\nCanary");
		CHECK_STR(doc->run->fields[1].value, "1.5");
		CHECK(doc->run->items[0].na == NULL);
		CHECK(doc->run->notes == NULL);
	}
	/* Not a run: schema errors at their place, no model. */
	CHECK(parse(a, cl, "bad.yaml", "run: Shop\nchecklist: x\n", d) == NULL);
	CHECK(diag_errors(d) >= 2);
	CHECK_PREFIX(diag_text(d, 0), "bad.yaml:1:6: error: run: ");
	diag_free(d);
	arena_free(a);
}

/* Each kind of wrong answer is an error at its node. */
static void
test_check(void)
{
	static const struct {
		const char	*yaml;
		const char	*want;
	} cases[] = {
		{ "items: {before.reviw: {done: true}}",
		  "x.yaml:3:9: error: unknown item 'before.reviw' (did you mean 'before.review'?)" },
		{ "items: {before.backup: {value: lots}}",
		  "x.yaml:3:32: error: 'before.backup': expected a number, got 'lots'" },
		{ "items: {before.backup: {value: 2000}}",
		  "x.yaml:3:32: error: 'before.backup': 2000 is above the maximum 1000" },
		{ "items: {before.review: {value: 1}}",
		  "x.yaml:3:32: error: 'before.review' has no fill-in: it takes no value" },
		{ "items: {before.start: {na: later}}",
		  "x.yaml:3:24: error: 'before.start' is a fill-in line: it takes a value, not 'na'" },
		{ "items: {before.start: {value: \"25:00\"}}",
		  "x.yaml:3:31: error: 'before.start': expected a time like 10:02, got '25:00'" },
		{ "items: {before.mon: {done: true}}",
		  "x.yaml:3:9: error: 'before.mon' is a table: give its cells under 'tables:'" },
		{ "items: {before.note: {done: true}}",
		  "x.yaml:3:9: error: 'before.note' is Markdown text, not an item to answer" },
		{ "items: {before.review: {done: true, na: x}}",
		  "x.yaml:3:41: error: 'before.review' is both done and N/A" },
		{ "fields: {strategy: Blue}",
		  "x.yaml:3:20: error: 'fields.strategy': 'Blue' is not one of its options" },
		{ "fields: {versio: v1}",
		  "x.yaml:3:10: error: unknown field 'versio' (did you mean 'version'?)" },
		{ "tables: {before.mon: [[1], [2], [3]]}",
		  "x.yaml:3:22: error: 'before.mon': 3 rows, the table has 2" },
		{ "signoff: {Led: {name: x}}",
		  "x.yaml:3:11: error: the checklist has no sign-off role 'Led' (did you mean 'Lead'?)" },
		{ "items: {before.errors: {failed: x}}\noutcome: success",
		  "x.yaml:4:10: error: outcome 'success', but the critical item 'before.errors' failed" },
		{ "revision: 7",
		  "x.yaml:3:11: error: revision 7, but checklist sha256:" },
	};
	struct arena	*a = arena_new();
	struct chk_list	*cl = fixture(a, 0);
	struct run_doc	*doc;
	char		 text[512];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag *d = diag_new();

		snprintf(text, sizeof(text), "run: shop/release\nchecklist: "
		    "HASH\n%s\n", cases[i].yaml);
		doc = parse(a, cl, "x.yaml", text, d);
		CHECK(doc != NULL);
		if (doc != NULL && run_check(doc, cl, d) != 1)
			printf("  case %zu: %zu diagnostics\n", i, diag_count(d));
		CHECK(diag_count(d) >= 1 && strncmp(diag_text(d, 0),
		    cases[i].want, strlen(cases[i].want)) == 0);
		if (diag_count(d) >= 1 && strncmp(diag_text(d, 0), cases[i].want,
		    strlen(cases[i].want)) != 0)
			printf("  got  %s\n  want %s\n", diag_text(d, 0),
			    cases[i].want);
		diag_free(d);
	}
	arena_free(a);
}

/* Progress counts as the page does: failed, N/A, done. */
static void
test_progress(void)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	struct chk_list		*cl = fixture(a, 0);
	struct run_doc		*doc = parse(a, cl, "page.json", page_json, d);
	struct run_progress	 p;

	CHECK(doc != NULL);
	if (doc == NULL)
		goto out;
	run_progress(doc->run, cl, a, &p);
	CHECK(p.total == 5);	/* review, tests, backup, errors, start */
	CHECK(p.done == 2 && p.failed == 1 && p.na == 1 && p.open == 1);
	CHECK(p.percent == 60);
	CHECK(p.nfailed_critical == 1);
	CHECK_STR(p.open_items[0]->path, "before.start");
	CHECK(p.nmissing == 0);
	CHECK_STR(p.version, "v2");
	CHECK(p.nroles == 2 && p.nunsigned == 1);
	CHECK_STR(p.unsigned_roles[0], "Lead");
	CHECK_STR(p.signers[0], "Bob (DevOps)");
	CHECK(!p.complete);
out:
	diag_free(d);
	arena_free(a);
}

/* A blank run lists everything, reads back, and checks clean; filled
 * in, it is complete. */
static void
test_run_new(void)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	struct chk_list		*cl = fixture(a, 0);
	struct run_doc		*doc;
	struct run_progress	 p;
	struct run_texts	 t;
	struct buf		 b = { 0 };

	run_new(cl, &b);
	CHECK(strstr(b.data, "  before.backup: {done: false, value: null}  "
	    "# Backup size (number, max 1000)\n") != NULL);
	CHECK(strstr(b.data, "  before.start: {value: null}  # Start (time "
	    "HH:MM)\n") != NULL);
	CHECK(strstr(b.data, "  before.mon: []  # Monitoring: rows of "
	    "[Errors, Notes] for T+0 ... T+10\n") != NULL);
	CHECK(strstr(b.data, "  before.note") == NULL);
	CHECK(strstr(b.data, "  version: null  # Version (text, required)")
	    != NULL);
	doc = run_parse(a, "new.yaml", b.data, b.len, d);
	CHECK(doc != NULL && diag_errors(d) == 0);
	if (doc == NULL)
		goto out;
	CHECK(run_check(doc, cl, d) == 0);
	CHECK_STR(doc->run->checklist, cl->hash);
	run_progress(doc->run, cl, a, &p);
	CHECK(p.open == 5 && p.nmissing == 1 && p.nunsigned == 2);
	run_texts_snapshot(doc->snapshot, a, &t);
	CHECK(t.n == 8);	/* 2 fields, 4 checks, a line, a table */
	CHECK_STR(t.paths[0], "before.backup");
out:
	buf_free(&b);
	diag_free(d);
	arena_free(a);
}

/* The texts of a checklist, from the model and from its JSON form. */
static void
test_texts_model(void)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	struct chk_list		*cl = fixture(a, 0);
	struct run_texts	 t1, t2;
	struct buf		 b = { 0 };
	const struct chk_node	*root;
	size_t			 i;

	run_texts_of(cl, a, &t1);
	model_json(cl, &b);
	root = load_buffer(a, "checklist.json", b.data, b.len, d);
	CHECK(root != NULL && run_texts_model(root, a, &t2) == 0);
	CHECK(t1.n == t2.n);
	for (i = 0; i < t1.n && i < t2.n; i++) {
		CHECK_STR(t1.paths[i], t2.paths[i]);
		CHECK_STR(t1.texts[i], t2.texts[i]);
	}
	CHECK(run_texts_model(load_buffer(a, "x", "{}", 2, d), a, &t2) == -1);
	buf_free(&b);
	diag_free(d);
	arena_free(a);
}

/* Drift names added, removed, reworded; migrate keeps the rest. */
static void
test_drift_migrate(void)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	struct chk_list		*old = fixture(a, 0), *now = fixture(a, 1);
	struct run_texts	 t_old, t_now;
	struct run_drift	 dr;
	struct run_doc		*doc, *mig;
	struct ptrvec		 dropped = { 0 };
	struct buf		 b = { 0 };

	run_texts_of(old, a, &t_old);
	run_texts_of(now, a, &t_now);
	run_drift(&t_old, &t_now, a, &dr);
	CHECK(dr.nadded == 0 && dr.nremoved == 1 && dr.nreworded == 1);
	CHECK_STR(dr.removed[0], "before.errors");
	CHECK_STR(dr.reworded[0], "before.review");
	CHECK(strcmp(old->hash, now->hash) != 0);
	doc = parse(a, old, "page.json", page_json, d);
	CHECK(doc != NULL);
	if (doc == NULL)
		goto out;
	run_drift_report(doc, now, &t_old, d);
	CHECK(diag_errors(d) == 1);
	CHECK_CONTAINS(diag_text(d, 0), "page.json:1:38: error: the run was "
	    "made from checklist sha256:");
	CHECK_CONTAINS(diag_text(d, 1), "note: removed since: 'before.errors'");
	run_migrate(doc, now, a, &b, &dropped);
	CHECK(dropped.n == 1);
	CHECK_STR(dropped.v[0], "item 'before.errors'");
	mig = run_parse(a, "mig.json", b.data, b.len, d);
	CHECK(mig != NULL && mig->json);
	if (mig != NULL) {
		CHECK(run_check(mig, now, d) == 0);
		CHECK_STR(mig->run->checklist, now->hash);
		CHECK(mig->run->nitems == 3);
		CHECK_STR(mig->run->items[0].value, "512");	/* kept typed */
		CHECK(mig->snapshot != NULL);
	}
out:
	ptrvec_free(&dropped);
	buf_free(&b);
	diag_free(d);
	arena_free(a);
}

static void
test_times(void)
{
	CHECK(run_is_datetime("2026-11-24T10:02:00+03:00"));
	CHECK(run_is_datetime("2024-02-29T23:59:60Z"));
	CHECK(run_is_datetime("2026-11-24T10:02:00.125-05:30"));
	CHECK(!run_is_datetime("2025-02-29T10:00:00Z"));
	CHECK(!run_is_datetime("2026-11-24T10:02:00"));
	CHECK(!run_is_datetime("2026-11-24 10:02:00Z"));
	CHECK(!run_is_datetime("2026-11-24T10:02:00+3:00"));
	CHECK(!run_is_datetime(""));
	CHECK(!run_is_datetime("2026"));
	CHECK(run_datetime_epoch("1970-01-01T00:00:00Z") == 0);
	CHECK(run_datetime_epoch("2026-01-01T03:00:00+03:00") == 1767225600);
	CHECK(run_datetime_epoch("2025-12-31T19:00:00-05:00") == 1767225600);
}

int
main(void)
{
	RUN(test_load_json);
	RUN(test_load_yaml);
	RUN(test_check);
	RUN(test_progress);
	RUN(test_run_new);
	RUN(test_texts_model);
	RUN(test_drift_migrate);
	RUN(test_times);
	return HARNESS_EXIT();
}
