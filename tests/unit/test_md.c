/*
 * Tests of the Markdown emitter (src/emit/md.c) on models built by hand:
 * the blank checklist, the same filled by a run, and plain texts that
 * must stay literal in Markdown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "emit/emit.h"
#include "harness.h"

static struct arena *A;

static const char **
strs(int n, ...)
{
	const char	**v = arena_alloc(A, (size_t)n * sizeof(*v));
	va_list		  ap;
	int		  i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = va_arg(ap, const char *);
	va_end(ap);
	return v;
}

static struct chk_item *
item(enum chk_item_kind k, const char *path, const char *text)
{
	struct chk_item	*it = arena_alloc(A, sizeof(*it));

	it->kind = k;
	it->path = path;
	it->id = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
	it->text = text;
	return it;
}

static struct chk_field *
field(enum chk_field_type t, const char *label, const char *unit)
{
	struct chk_field	*f = arena_alloc(A, sizeof(*f));

	f->type = t;
	f->label = label;
	f->unit = unit;
	return f;
}

/* A header field, a section with a check with code and a sub-item, a
 * check with a number, a choice field, a table, and one sign-off. */
static struct chk_list *
list(void)
{
	struct chk_list		*cl = arena_alloc(A, sizeof(*cl));
	struct chk_section	*s = arena_alloc(A, sizeof(*s));
	struct chk_signoff	*so = arena_alloc(A, sizeof(*so));
	struct chk_item		*c, *n, *ch, *t, *v;

	v = item(CHK_ITEM_FIELD, "fields.version", "Version");
	v->field = field(CHK_FIELD_TEXT, "Version", NULL);
	c = item(CHK_ITEM_CHECK, "pre.tests", "All tests pass");
	c->code = "make test";
	c->critical = 1;
	c->items = arena_alloc(A, sizeof(*c->items));
	c->items[0] = item(CHK_ITEM_CHECK, "pre.tests.lint", "Lint clean");
	c->nitems = 1;
	n = item(CHK_ITEM_CHECK, "pre.backup", "Backup size");
	n->field = field(CHK_FIELD_NUMBER, NULL, "MB");
	ch = item(CHK_ITEM_FIELD, "pre.strategy", "Strategy");
	ch->field = field(CHK_FIELD_CHOICE, "Strategy", NULL);
	ch->field->options = strs(2, "Canary", "Rolling");
	ch->field->noptions = 2;
	t = item(CHK_ITEM_TABLE, "pre.watch", "Watch");
	t->columns = strs(2, "Time", "Errors");
	t->ncolumns = 2;
	t->rows = strs(2, "T+0", "T+5");
	t->nrows = 2;
	t->labelled = 1;
	s->id = s->path = "pre";
	s->title = "Before";
	s->items = arena_alloc(A, 4 * sizeof(*s->items));
	s->items[0] = c;
	s->items[1] = n;
	s->items[2] = ch;
	s->items[3] = t;
	s->nitems = 4;
	so->id = "sign-off";
	so->path = "signoff.sign-off";
	so->title = "Sign-off";
	so->roles = strs(1, "Tech Lead");
	so->nroles = 1;
	so->columns = strs(3, "Name", "Date and time", "Signature");
	so->ncolumns = 3;
	/* What the resolver decides for these labels. */
	so->holds = arena_alloc(A, 3 * sizeof(*so->holds));
	so->holds[0] = CHK_SIGNCOL_NAME;
	so->holds[1] = CHK_SIGNCOL_AT;
	so->holds[2] = CHK_SIGNCOL_SIGNATURE;
	cl->project = "shop";
	cl->project_name = "Shop";
	cl->id = cl->template_id = "deploy";
	cl->lang = "en";
	cl->revision = 2;
	cl->title = "Deploy";
	cl->fields = arena_alloc(A, sizeof(*cl->fields));
	cl->fields[0] = v;
	cl->nfields = 1;
	cl->sections = arena_alloc(A, sizeof(*cl->sections));
	cl->sections[0] = s;
	cl->nsections = 1;
	cl->signoffs = arena_alloc(A, sizeof(*cl->signoffs));
	cl->signoffs[0] = so;
	cl->nsignoffs = 1;
	strcpy(cl->hash, "sha256:0123456789abcdef");
	return cl;
}

static const char *
md(const struct chk_list *cl, const struct chk_run *run)
{
	struct buf	 b = { 0 };
	struct diag	*d = diag_new();
	const char	*out;

	CHECK(emit_md(cl, run, &b, d) == 0);
	CHECK(diag_count(d) == 0);
	out = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	diag_free(d);
	if (getenv("CHKC_TEST_SHOW") != NULL)
		fputs(out, stdout);
	return out;
}

static void
test_blank(void)
{
	CHECK_STR(md(list(), NULL),
	    "# Deploy\n"
	    "\n"
	    "_Shop · Revision 2 · sha256:0123456789ab_\n"
	    "\n"
	    "- Version: ______\n"
	    "\n"
	    "## Before\n"
	    "\n"
	    "- [ ] All tests pass **(critical)**\n"
	    "  ```\n"
	    "  make test\n"
	    "  ```\n"
	    "  - [ ] Lint clean\n"
	    "- [ ] Backup size: ______ MB\n"
	    "- Strategy: [ ] Canary [ ] Rolling\n"
	    "\n"
	    "**Watch**\n"
	    "\n"
	    "| Time | Errors |\n"
	    "|---|---|\n"
	    "| T+0 |  |\n"
	    "| T+5 |  |\n"
	    "\n"
	    "\n"
	    "## Sign-off\n"
	    "\n"
	    "| Role | Name | Date and time | Signature |\n"
	    "|---|---|---|---|\n"
	    "| Tech Lead |  |  |  |\n");
}

static struct chk_answer
answer(const char *path, int done, const char *value, const char *na,
    const char *failed)
{
	struct chk_answer	a = { path, done, value, na, failed, NULL, NULL };

	return a;
}

static void
test_filled(void)
{
	static const char	*cells[] = { "0.1", "0.3" };
	struct chk_answer	 fields[] = { answer("fields.version", 0, "v1.2",
	    NULL, NULL) };
	struct chk_answer	 items[] = {
		answer("pre.backup", 0, "900", NULL, "too big"),
		answer("pre.strategy", 0, "Rolling", NULL, NULL),
		answer("pre.tests", 1, NULL, NULL, NULL),
		answer("pre.tests.lint", 0, NULL, "no linter", NULL),
	};
	struct chk_table_fill	 table = { "pre.watch", cells, 2, 1 };
	struct chk_signature	 sig = { .role = "Tech Lead", .name = "Bob",
	    .at = "2026-01-01T10:00Z" };
	struct chk_run		 run = { 0 };

	run.run = "shop/deploy";
	run.fields = fields;
	run.nfields = 1;
	run.items = items;
	run.nitems = 4;
	run.tables = &table;
	run.ntables = 1;
	run.signoff = &sig;
	run.nsignoff = 1;
	run.outcome = "partial";
	run.notes = "Went *fine*";
	CHECK_STR(md(list(), &run),
	    "# Deploy\n"
	    "\n"
	    "_Shop · Revision 2 · sha256:0123456789ab_\n"
	    "\n"
	    "- Version: **v1.2**\n"
	    "\n"
	    "## Before\n"
	    "\n"
	    "- [x] All tests pass **(critical)**\n"
	    "  ```\n"
	    "  make test\n"
	    "  ```\n"
	    "  - [ ] ~~Lint clean~~ — N/A: no linter\n"
	    "- [ ] Backup size: **900** MB — **Failed:** too big\n"
	    "- Strategy: [ ] Canary [x] Rolling\n"
	    "\n"
	    "**Watch**\n"
	    "\n"
	    "| Time | Errors |\n"
	    "|---|---|\n"
	    "| T+0 | 0.1 |\n"
	    "| T+5 | 0.3 |\n"
	    "\n"
	    "\n"
	    "## Sign-off\n"
	    "\n"
	    "| Role | Name | Date and time | Signature |\n"
	    "|---|---|---|---|\n"
	    "| Tech Lead | Bob | 2026-01-01T10:00Z |  |\n"
	    "\n"
	    "**Outcome:** partial\n"
	    "\n"
	    "**Notes:** Went \\*fine\\*\n");
}

/* Plain texts (options, units, columns, row labels, roles) are shown
 * literally: Markdown in them is escaped, and no pipe breaks a table. */
static void
test_plain_literal(void)
{
	struct chk_list		*cl = list();
	struct chk_section	*s = cl->sections[0];

	s->items[1]->field->unit = "*MB*";
	s->items[2]->field->options = strs(2, "[x] Canary", "<b>Roll</b>");
	s->items[3]->columns = strs(2, "Time | zone", "Errors_");
	s->items[3]->rows = strs(2, "T+0 |", "`T+5`");
	cl->signoffs[0]->roles = strs(1, "Lead | *QA*");
	CHECK_STR(md(cl, NULL),
	    "# Deploy\n"
	    "\n"
	    "_Shop · Revision 2 · sha256:0123456789ab_\n"
	    "\n"
	    "- Version: ______\n"
	    "\n"
	    "## Before\n"
	    "\n"
	    "- [ ] All tests pass **(critical)**\n"
	    "  ```\n"
	    "  make test\n"
	    "  ```\n"
	    "  - [ ] Lint clean\n"
	    "- [ ] Backup size: ______ \\*MB\\*\n"
	    "- Strategy: [ ] \\[x\\] Canary [ ] \\<b\\>Roll\\</b\\>\n"
	    "\n"
	    "**Watch**\n"
	    "\n"
	    "| Time \\| zone | Errors\\_ |\n"
	    "|---|---|\n"
	    "| T+0 \\| |  |\n"
	    "| \\`T+5\\` |  |\n"
	    "\n"
	    "\n"
	    "## Sign-off\n"
	    "\n"
	    "| Role | Name | Date and time | Signature |\n"
	    "|---|---|---|---|\n"
	    "| Lead \\| \\*QA\\* |  |  |  |\n");
}

int
main(void)
{
	A = arena_new();
	RUN(test_blank);
	RUN(test_filled);
	RUN(test_plain_literal);
	arena_free(A);
	return HARNESS_EXIT();
}
