/*
 * PDF checklists and sign-off sheets (src/emit/pdf.c, signoff.c and
 * the layout engine, pdf_layout.h) on hand-made models: every item
 * kind and field type, a table long enough to split across pages, a
 * long code block, Russian, a character the fonts lack, and a filled
 * run.
 *
 *   test_pdf                  the unit tests; with CHKC_TEST_OUT=DIR
 *                             also writes sample PDFs and, for each,
 *                             NAME.expect: texts pdftotext must show
 *   test_pdf --render FILE    one checklist with the environment's
 *                             fonts; diagnostics on stderr, exit 1 on
 *                             error (tests/suites/pdf.sh)
 * The PDF options come from the environment as chkc reads it (fonts,
 * CHKC_PDF_PUBLIC), so tests/suites/pdf.sh runs them on both paths.
 *   test_pdf --bench N        N checklists and sheets, timed
 *
 * And the font files a PDF embeds (pl_sfnt_subset(), pdf_sfnt.h), read
 * back as the layout reads a font.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_utils.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "emit/emit.h"
#include "emit/pdf_sfnt.h"
#include "cli/cli.h"
#include "sha256.h"

#include "harness.h"

static struct arena	*A;
static struct ptrvec	 expect;	/* plain texts the PDF must show */
static int		 nline;

/* ------------------------------------------------------------------ */
/* Building models. */

static void
want(const char *s)
{
	if (s != NULL)
		ptrvec_push(&expect, (void *)s);
}

static struct chk_item *
mk_item(enum chk_item_kind kind, const char *path, const char *text,
    const char *plain)
{
	struct chk_item	*it = arena_alloc(A, sizeof(*it));
	const char	*dot = strrchr(path, '.');

	it->kind = kind;
	it->path = path;
	it->id = dot != NULL ? dot + 1 : path;
	it->text = text;
	it->loc.file = "content/test.yaml";
	it->loc.line = ++nline;
	it->loc.col = 5;
	want(plain != NULL ? plain : text);
	return it;
}

static struct chk_field *
mk_field(enum chk_field_type type, const char *label, const char *unit)
{
	struct chk_field	*f = arena_alloc(A, sizeof(*f));

	f->type = type;
	f->label = label;
	f->unit = unit;
	want(unit);
	return f;
}

static void
mk_options(struct chk_field *f, const char **opts, size_t n)
{
	size_t	 i;

	f->options = arena_alloc(A, n * sizeof(*f->options));
	for (i = 0; i < n; i++)
		want(f->options[i] = opts[i]);
	f->noptions = n;
}

static struct chk_item *
mk_fielditem(const char *path, const char *label, struct chk_field *f)
{
	struct chk_item	*it = mk_item(CHK_ITEM_FIELD, path, label, NULL);

	f->label = label;
	it->field = f;
	return it;
}

static struct chk_item **
finish(struct ptrvec *v, size_t *n)
{
	return ptrvec_finish(v, A, n);
}

static struct chk_section *
mk_section(const char *path, const char *title, const char *note)
{
	struct chk_section	*s = arena_alloc(A, sizeof(*s));

	s->id = s->path = path;
	s->title = title;
	s->note = note;
	s->loc.file = "content/test.yaml";
	s->loc.line = ++nline;
	want(title);
	want(note);
	return s;
}

static struct chk_signoff *
mk_signoff(const char *id, const char *title, const char **roles,
    size_t nroles, const char **cols, size_t ncols)
{
	struct chk_signoff	*so = arena_alloc(A, sizeof(*so));
	size_t			 i;

	so->id = id;
	so->path = arena_printf(A, "signoff.%s", id);
	so->title = title;
	so->roles = roles;
	so->nroles = nroles;
	so->columns = cols;
	so->ncolumns = ncols;
	/* As the resolver decides for unnamed columns: name, time, then
	 * a signature last. */
	so->holds = arena_alloc(A, (ncols + 1) * sizeof(*so->holds));
	for (i = 0; i < ncols; i++)
		so->holds[i] = i == 0 ? CHK_SIGNCOL_NAME : i == 1 ?
		    CHK_SIGNCOL_AT : i + 1 == ncols ? CHK_SIGNCOL_SIGNATURE :
		    CHK_SIGNCOL_OTHER;
	want(title);
	for (i = 0; i < nroles; i++)
		want(roles[i]);
	for (i = 0; i < ncols; i++)
		want(cols[i]);
	return so;
}

static const char *long_code =
    "docker-compose -f docker-compose.prod.yml exec postgres pg_dump "
    "-U postgres -F c -f /backups/pre_deploy_$(date +%Y%m%d_%H%M%S).dump "
    "thebot_db --verbose --no-owner --no-privileges --exclude-table=audit_log\n"
    "\tcheck=$(curl -fsS https://example.com/api/health/ | jq -r .status)\n"
    "if [ \"$check\" != ok ]; then echo failed; exit 1; fi\n"
    "for i in 1 2 3 4 5 6 7 8 9 10; do\n"
    "    echo \"waiting $i\"\n"
    "done\n";

static const char *md_block =
    "## Rollback procedure\n\n"
    "If the health check fails, follow the *runbook* at "
    "<https://example.com/runbook> and tell **#ops**.\n\n"
    "1. Stop the traffic\n2. Restore `pre_deploy.dump`\n"
    "3. Start the old release\n\n"
    "- [x] a task done\n- [ ] a task open\n\n"
    "> Never skip the backup.\n\n"
    "```sh\nmake rollback VERSION=$PREV\n```\n\n---\n\n"
    "| Service | Port |\n|---|---|\n| web | 8080 |\n| worker | 9000 |\n";

/* Sections of checks: each kind of item and field. */
static struct chk_section *
mk_pre(int ru)
{
	static const char *strategies[] = { "Blue-Green", "Canary", "Rolling",
	    "Hotfix" };
	struct chk_section	*s;
	struct chk_item		*it, *sub;
	struct ptrvec		 v = { NULL, 0, 0 }, subs = { NULL, 0, 0 };
	struct chk_field	*f;

	s = mk_section("pre", ru ? "Подготовка к деплою" : "Pre-deployment",
	    ru ? "за 30 минут" : "30 minutes before");
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "pre.review",
	    ru ? "Код ревью пройден" : "Code review completed", NULL));
	it = mk_item(CHK_ITEM_CHECK, "pre.tests", ru ? "Все тесты проходят "
	    "(`make test`, **unit** и *E2E*)" : "All tests passing "
	    "(`make test`, **unit** and *E2E*)", ru ? "Все тесты проходят "
	    "(make test, unit и E2E)" : "All tests passing (make test, unit "
	    "and E2E)");
	it->code = long_code;
	want("pg_dump");
	ptrvec_push(&v, it);
	it = mk_item(CHK_ITEM_CHECK, "pre.backup-size", ru ?
	    "Размер бэкапа адекватный" : "Backup size reasonable", NULL);
	it->field = mk_field(CHK_FIELD_NUMBER, NULL, ru ? "МБ" : "MB");
	ptrvec_push(&v, it);
	it = mk_item(CHK_ITEM_CHECK, "pre.error-rate", ru ?
	    "Доля ошибок ниже 1%" : "Error rate below 1% for ten minutes "
	    "after the switch, measured on the dashboard of the platform "
	    "team (see the link in the runbook)", NULL);
	it->critical = 1;
	it->role = ru ? "DevOps-инженер" : "DevOps Engineer";
	want(it->role);
	ptrvec_push(&subs, sub = mk_item(CHK_ITEM_CHECK, "pre.error-rate.sentry",
	    ru ? "Sentry чист" : "Sentry clean", NULL));
	ptrvec_push(&subs, sub = mk_item(CHK_ITEM_CHECK,
	    "pre.error-rate.no-5xx", ru ? "Нет всплеска 5xx" : "No 5xx spike",
	    NULL));
	it->items = finish(&subs, &it->nitems);
	it->details = ru ? "Смотрите [панель](https://grafana.example.com/d/"
	    "errors) и *журнал*." : "See the [dashboard](https://grafana."
	    "example.com/d/errors) and the *log*:\n\n- web\n- worker\n";
	ptrvec_push(&v, it);
	it = mk_item(CHK_ITEM_CHECK, "pre.apple", ru ? "Проверено на \xEF\xA3\xBF"
	    " Mac" : "Tested on \xEF\xA3\xBF Mac and \xF0\x9F\x9A\x80 rocket",
	    ru ? "Mac" : "Mac and");
	ptrvec_push(&v, it);
	ptrvec_push(&v, mk_fielditem("pre.start-time", ru ? "Время начала" :
	    "Start time", mk_field(CHK_FIELD_TIME, NULL, NULL)));
	ptrvec_push(&v, mk_fielditem("pre.date", ru ? "Дата" : "Release date",
	    mk_field(CHK_FIELD_DATE, NULL, NULL)));
	ptrvec_push(&v, mk_fielditem("pre.window", ru ? "Окно" :
	    "Maintenance window", mk_field(CHK_FIELD_DATETIME, NULL, NULL)));
	f = mk_field(CHK_FIELD_NUMBER, NULL, "%");
	f->has_min = f->has_max = 1;
	f->max = 100;
	ptrvec_push(&v, mk_fielditem("pre.cache", ru ? "Попадания в кэш" :
	    "Cache hit rate", f));
	ptrvec_push(&v, mk_fielditem("pre.changes", ru ? "Изменения" :
	    "Changes included", mk_field(CHK_FIELD_LONGTEXT, NULL, NULL)));
	f = mk_field(CHK_FIELD_MULTICHOICE, NULL, NULL);
	mk_options(f, strategies, 4);
	ptrvec_push(&v, mk_fielditem("pre.strategies", ru ? "Стратегии" :
	    "Strategies tried", f));
	ptrvec_push(&v, mk_fielditem("pre.migrations", ru ? "Миграции" :
	    "Database migrations", mk_field(CHK_FIELD_BOOL, NULL, NULL)));
	ptrvec_push(&v, mk_fielditem("pre.owner", ru ? "Ответственный" :
	    "Owner", mk_field(CHK_FIELD_TEXT, NULL, NULL)));
	s->items = finish(&v, &s->nitems);
	return s;
}

static struct chk_item *
mk_monitoring(int ru)
{
	static const char *cols_en[] = { "Time", "Error rate %",
	    "Response ms", "Cache hit %", "Action" };
	static const char *cols_ru[] = { "Время", "Ошибки %", "Ответ мс",
	    "Кэш %", "Действие" };
	struct chk_item	*it;
	size_t		 i;

	it = mk_item(CHK_ITEM_TABLE, "post.monitoring", ru ?
	    "Мониторинг первого часа" : "First hour monitoring", NULL);
	it->columns = ru ? cols_ru : cols_en;
	it->ncolumns = 5;
	for (i = 0; i < 5; i++)
		want(it->columns[i]);
	it->rows = arena_alloc(A, 40 * sizeof(*it->rows));
	for (i = 0; i < 40; i++)
		want(it->rows[i] = arena_printf(A, "T+%zu", i * 2));
	it->nrows = 40;
	it->labelled = 1;
	return it;
}

static struct chk_section *
mk_post(int ru)
{
	struct chk_section	*s, *sub;
	struct ptrvec		 v = { NULL, 0, 0 }, ss = { NULL, 0, 0 };
	char			*text;
	size_t			 i;

	s = mk_section("post", ru ? "После деплоя" : "Post-deployment", NULL);
	ptrvec_push(&v, mk_monitoring(ru));
	ptrvec_push(&v, mk_item(CHK_ITEM_MD, "post.rollback", md_block,
	    "Rollback procedure"));
	want("Stop the traffic");
	want("Never skip the backup.");
	want("make rollback");
	want("worker");
	for (i = 0; i < 25; i++) {
		text = arena_printf(A, ru ? "Сервис номер %zu отвечает на "
		    "/health" : "Service number %zu answers on /health", i);
		ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, arena_printf(A,
		    "post.svc-%zu", i), text, NULL));
	}
	s->items = finish(&v, &s->nitems);
	sub = mk_section("post.bot", ru ? "Телеграм-бот" : "Telegram bot", NULL);
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "post.bot.start",
	    ru ? "/start отвечает" : "/start answers", NULL));
	sub->items = finish(&v, &sub->nitems);
	ptrvec_push(&ss, sub);
	s->sections = (struct chk_section **)ptrvec_finish(&ss, A,
	    &s->nsections);
	return s;
}

static struct chk_list *
mk_list(int ru)
{
	static const char *roles_en[] = { "DevOps Engineer", "Tech Lead",
	    "QA Lead" };
	static const char *roles_ru[] = { "DevOps-инженер", "Техлид", "QA" };
	static const char *cols[] = { "Name", "Date and time", "Signature" };
	static const char *cols_ru[] = { "Имя", "Дата и время", "Подпись" };
	static const char *strategies[] = { "Blue-Green", "Canary",
	    "Rolling" };
	struct chk_list		*cl = arena_alloc(A, sizeof(*cl));
	struct ptrvec		 v = { NULL, 0, 0 };
	struct chk_field	*f;

	expect.n = 0;
	cl->project = ru ? "thebot" : "example";
	cl->project_name = ru ? "THE BOT Платформа" : "Example Platform";
	cl->id = "deploy";
	cl->lang = ru ? "ru" : "en";
	cl->revision = 3;
	cl->title = ru ? "Деплой \xE2\x80\x94 *THE BOT*" :
	    "Production deployment \xE2\x80\x94 *Example*";
	want(ru ? "Деплой" : "Production deployment");
	cl->description = ru ? "Используйте этот чек-лист перед каждым "
	    "деплоем." : "Use this checklist before **every** production "
	    "deployment.";
	want(ru ? "Используйте этот чек-лист" : "Use this checklist before");
	snprintf(cl->hash, sizeof(cl->hash), "sha256:%s",
	    "9f2c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7");
	want(cl->project_name);
	want("9f2c1a2b3c4d");
	f = mk_field(CHK_FIELD_TEXT, NULL, NULL);
	f->required = 1;
	ptrvec_push(&v, mk_fielditem("fields.version", ru ? "Версия" :
	    "Version", f));
	f = mk_field(CHK_FIELD_CHOICE, NULL, NULL);
	mk_options(f, strategies, 3);
	ptrvec_push(&v, mk_fielditem("fields.strategy", ru ? "Стратегия" :
	    "Deployment strategy", f));
	cl->fields = finish(&v, &cl->nfields);
	ptrvec_push(&v, mk_pre(ru));
	ptrvec_push(&v, mk_post(ru));
	cl->sections = (struct chk_section **)ptrvec_finish(&v, A,
	    &cl->nsections);
	ptrvec_push(&v, mk_signoff("deployment", ru ? "Подписи деплоя" :
	    "Deployment sign-off", ru ? roles_ru : roles_en, 3,
	    ru ? cols_ru : cols, 3));
	ptrvec_push(&v, mk_signoff("release", ru ? "Релиз" : "Release "
	    "approval", ru ? roles_ru + 1 : roles_en + 1, 2, NULL, 0));
	cl->signoffs = (struct chk_signoff **)ptrvec_finish(&v, A,
	    &cl->nsignoffs);
	return cl;
}

static struct chk_answer *
mk_answers(size_t *n)
{
	struct chk_answer	*a = arena_alloc(A, 6 * sizeof(*a));

	a[0].path = "post.svc-3", a[0].failed = "timeout after 30 s";
	a[1].path = "pre.backup-size", a[1].done = 1, a[1].value = "512";
	a[2].path = "pre.changes", a[2].value = "Payments: new provider; "
	    "the bot's /book flow; a long text that needs more than one "
	    "line on the form so that it wraps onto the next ruled line";
	a[3].path = "pre.error-rate", a[3].na = "no traffic yet";
	a[4].path = "pre.review", a[4].done = 1, a[4].by = "alice";
	a[4].at = "2026-11-24T10:02:00+03:00";
	a[5].path = "pre.strategies", a[5].value = "Canary\nRolling";
	*n = 6;
	return a;
}

static struct chk_run *
mk_run(void)
{
	struct chk_run		*r = arena_alloc(A, sizeof(*r));
	struct chk_table_fill	*t = arena_alloc(A, sizeof(*t));
	static const char	*cells[] = { "0.2", "180", "91", "",
	    "0.3", "175", "", "rolled back" };

	r->run = "example/deploy";
	r->revision = 3;
	r->fields = arena_alloc(A, 2 * sizeof(*r->fields));
	r->fields[0].path = "fields.strategy", r->fields[0].value = "Canary";
	r->fields[1].path = "fields.version", r->fields[1].value = "v2.4.1";
	r->nfields = 2;
	r->items = mk_answers(&r->nitems);
	t->path = "post.monitoring";
	t->cells = cells, t->nrows = 2, t->ncols = 4;
	r->tables = t, r->ntables = 1;
	r->signoff = arena_alloc(A, sizeof(*r->signoff));
	r->signoff[0].role = "DevOps Engineer";
	r->signoff[0].name = "Alice Ivanova";
	r->signoff[0].at = "2026-11-24T11:00:00+03:00";
	r->nsignoff = 1;
	r->outcome = "rolled-back";
	r->notes = "Rolled back after the error-rate alarm.";
	return r;
}

/* ------------------------------------------------------------------ */
/* Checking outputs. */

/* memmem(3) is not POSIX. */
static const char *
find(const char *hay, size_t n, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i + len <= n; i++)
		if (hay[i] == s[0] && memcmp(hay + i, s, len) == 0)
			return hay + i;
	return NULL;
}

static size_t
count(const struct buf *b, const char *s)
{
	size_t		 n = 0, len = strlen(s);
	const char	*p = b->data, *end = b->data + b->len;

	while (p != NULL && p + len <= end) {
		if ((p = find(p, (size_t)(end - p), s, len)) == NULL)
			break;
		n++, p += len;
	}
	return n;
}

/* Pages: "/Type /Page" objects, not "/Type /Pages". */
static size_t
pages(const struct buf *b)
{
	return count(b, "/Type /Page") - count(b, "/Type /Pages");
}

/*
 * The document id is the first half of the SHA-256 of the file without
 * its "/ID [<id> <id>]" line, twice.
 */
static int
id_is_digest(const struct buf *b)
{
	const char	*id = find(b->data, b->len, "/ID [<", 6), *nl;
	struct buf	 rest = { NULL, 0, 0 };
	char		 hex[SHA256_HEX], line[80];
	int		 ok;

	if (id == NULL || (nl = memchr(id, '\n', (size_t)(b->data + b->len -
	    id))) == NULL)
		return 0;
	buf_put(&rest, b->data, (size_t)(id - b->data));
	buf_put(&rest, nl + 1, (size_t)(b->data + b->len - nl - 1));
	sha256_hex(rest.data, rest.len, hex);
	snprintf(line, sizeof(line), "/ID [<%.32s> <%.32s>]", hex, hex);
	ok = (size_t)(nl - id) == strlen(line) &&
	    memcmp(id, line, strlen(line)) == 0;
	if (!ok)
		printf("  %.*s: not the digest %.32s\n", (int)(nl - id), id,
		    hex);
	buf_free(&rest);
	return ok;
}

static int
is_pdf(const struct buf *b)
{
	return b->len > 1000 && memcmp(b->data, "%PDF-1.", 7) == 0 &&
	    find(b->data + b->len - 8, 8, "%%EOF", 5) != NULL &&
	    count(b, "/ID [<") == 1 && id_is_digest(b);
}

/* With CHKC_TEST_OUT, keep the sample and what it must show. */
static void
save(const char *name, const struct buf *b)
{
	const char	*dir = getenv("CHKC_TEST_OUT");
	char		 path[4096];
	FILE		*fp;
	size_t		 i;

	if (dir == NULL || *dir == '\0')
		return;
	snprintf(path, sizeof(path), "%s/%s.pdf", dir, name);
	if ((fp = fopen(path, "wb")) != NULL) {
		fwrite(b->data, 1, b->len, fp);
		fclose(fp);
	}
	snprintf(path, sizeof(path), "%s/%s.expect", dir, name);
	if ((fp = fopen(path, "w")) != NULL) {
		for (i = 0; i < expect.n; i++)
			fprintf(fp, "%s\n", (char *)expect.v[i]);
		fclose(fp);
	}
}

static struct pdf_opts
opts(int paper)
{
	struct pdf_opts	 o;

	cli_pdf_opts(&o);
	o.paper = paper;
	o.source_date_epoch = 1700000000;
	return o;
}

/* ------------------------------------------------------------------ */
/* Tests. */

static void
test_blank(void)
{
	struct chk_list	*cl = mk_list(0);
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();
	int		 public = cli_env.pdf_public;

	CHECK(emit_pdf(cl, NULL, &o, &b, d) == 0);
	CHECK(is_pdf(&b));
	CHECK(diag_errors(d) == 0);
	/* U+F8FF is missing, U+1F680 comes from a fallback font (not on
	 * libharu's public path: it is beyond the BMP): one warning, at
	 * the item */
	CHECK(diag_warnings(d) == 1);
	CHECK(diag_text(d, 0) != NULL &&
	    strstr(diag_text(d, 0), "content/test.yaml:") != NULL &&
	    strstr(diag_text(d, 0), public ? "2 characters not in the fonts" :
	    "1 character not in the fonts") != NULL &&
	    strstr(diag_text(d, 0), "U+F8FF") != NULL);
	CHECK(pages(&b) >= 4);
	CHECK(count(&b, "/MediaBox [ 0 0 595") == pages(&b));
	/* three faces and the emoji font, embedded as subsets, no
	 * oblique face */
	CHECK(count(&b, "/FontFile2") == (public ? 3U : 4U));
	CHECK((count(&b, "+Symbola") > 0) == !public);
	CHECK(count(&b, "Oblique") == 0);
	/* links are annotations */
	CHECK(count(&b, "grafana.example.com\\057d\\057errors)") == 1);
	CHECK(count(&b, "/CreationDate (D:20231114221320Z") == 1);
	save("blank", &b);
	buf_free(&b);
	diag_free(d);
}

static void
test_run(void)
{
	struct chk_list	*cl = mk_list(0);
	struct chk_run	*run = mk_run();
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 }, blank = { NULL, 0, 0 };
	struct diag	*d = diag_new();

	CHECK(emit_pdf(cl, run, &o, &b, d) == 0);
	CHECK(emit_pdf(cl, NULL, &o, &blank, d) == 0);
	CHECK(is_pdf(&b));
	CHECK(diag_errors(d) == 0);
	CHECK(b.len != blank.len || memcmp(b.data, blank.data, b.len) != 0);
	want("v2.4.1");
	want("512");
	want("no traffic yet");
	want("timeout after 30 s");
	want("alice");
	want("2026-11-24 10:02:00+03:00");
	want("Alice Ivanova");
	want("rolled back");
	want("Rolled back after the error-rate alarm.");
	want("onto the next ruled line");
	save("run", &b);
	buf_free(&b);
	buf_free(&blank);
	diag_free(d);
}

static void
test_signoff(void)
{
	struct chk_list	*cl = mk_list(0);
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();
	size_t		 n = expect.n;

	CHECK(emit_signoff(cl, NULL, &o, &b, d) == 0);
	CHECK(is_pdf(&b));
	CHECK(diag_errors(d) == 0 && diag_warnings(d) == 0);
	/* one page per sign-off group; no monospace font needed */
	CHECK(pages(&b) == 2);
	CHECK(count(&b, "/FontFile2") == 2);
	/* the sheet shows the sign-off, not the items */
	expect.n = 0;
	want("Deployment sign-off");
	want("Release approval");
	want("DevOps Engineer");
	want("Tech Lead");
	want("QA Lead");
	want("Signature");
	want("Date and time");
	want("Success");
	want("Partial");
	want("Rolled back");
	want("Failed");
	want("Run id");
	want("Version");
	want("sha256:9f2c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3");
	want("Example Platform");
	save("signoff", &b);
	buf_reset(&b);
	CHECK(emit_signoff(cl, mk_run(), &o, &b, d) == 0);
	want("Alice Ivanova");
	want("v2.4.1");
	want("2026-11-24");
	save("signoff-run", &b);
	expect.n = n;
	buf_free(&b);
	diag_free(d);
}

static void
test_russian(void)
{
	struct chk_list	*cl = mk_list(1);
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 }, s = { NULL, 0, 0 };
	struct diag	*d = diag_new();

	CHECK(emit_pdf(cl, NULL, &o, &b, d) == 0);
	CHECK(is_pdf(&b));
	/* only the Apple logo is missing: Cyrillic is all there */
	CHECK(diag_warnings(d) == 1 &&
	    strstr(diag_text(d, 0), "1 character not") != NULL);
	want("Подписи");
	want("Заметки");
	want("Да");
	want("Нет");
	save("ru", &b);
	CHECK(emit_signoff(cl, NULL, &o, &s, d) == 0);
	CHECK(pages(&s) == 2);
	expect.n = 0;
	want("Подписи деплоя");
	want("DevOps-инженер");
	want("Техлид");
	want("Подпись");
	want("Дата и время");
	want("Успех");
	want("Откат");
	want("ID прогона");
	save("ru-signoff", &s);
	buf_free(&b);
	buf_free(&s);
	diag_free(d);
}

static void
test_reproducible(void)
{
	struct chk_list	*cl = mk_list(0);
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct diag	*d = diag_new();

	CHECK(emit_pdf(cl, mk_run(), &o, &a, d) == 0);
	CHECK(emit_pdf(cl, mk_run(), &o, &b, d) == 0);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	buf_reset(&a);
	buf_reset(&b);
	CHECK(emit_signoff(cl, NULL, &o, &a, d) == 0);
	CHECK(emit_signoff(cl, NULL, &o, &b, d) == 0);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	/* without SOURCE_DATE_EPOCH: no date at all, still stable */
	o.source_date_epoch = -1;
	buf_reset(&a);
	buf_reset(&b);
	CHECK(emit_pdf(cl, NULL, &o, &a, d) == 0);
	CHECK(emit_pdf(cl, NULL, &o, &b, d) == 0);
	CHECK(count(&a, "/CreationDate") == 0 && count(&a, "/ModDate") == 0);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	CHECK(diag_errors(d) == 0);
	buf_free(&a);
	buf_free(&b);
	diag_free(d);
}

static void
test_letter(void)
{
	struct chk_list	*cl = mk_list(0);
	struct pdf_opts	 o = opts(PDF_LETTER);
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();

	CHECK(emit_pdf(cl, NULL, &o, &b, d) == 0);
	CHECK(pages(&b) > 0 && count(&b, "/MediaBox [ 0 0 612 792 ]") ==
	    pages(&b));
	save("letter", &b);
	buf_free(&b);
	diag_free(d);
}

/* A model with nothing optional: no fields, sections or sign-off. */
static void
test_minimal(void)
{
	struct chk_list	*cl = arena_alloc(A, sizeof(*cl));
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();

	cl->title = "Empty";
	cl->lang = "xx";
	CHECK(emit_pdf(cl, NULL, NULL, &b, d) == 0);
	CHECK(is_pdf(&b) && pages(&b) == 1);
	buf_reset(&b);
	CHECK(emit_signoff(cl, NULL, NULL, &b, d) == 0);
	CHECK(is_pdf(&b) && pages(&b) == 1);
	CHECK(diag_count(d) == 0);
	buf_free(&b);
	diag_free(d);
}

/*
 * Text whose 16-bit codes hold the bytes a PDF literal string escapes
 * (pl_hpdf_show()): ( ) \ in U+0128, U+0129, U+015C and U+0428, CR
 * and LF in U+010D and U+010A, and the ASCII ones themselves.
 * tests/suites/pdf.sh reads the text back with pdftotext.
 */
static void
test_escapes(void)
{
	static const char *texts[] = {
		"ĨĩŜШш",
		"čĊČċ",
		"(a) b\\c ((x)",
	};
	struct chk_list		*cl = arena_alloc(A, sizeof(*cl));
	struct chk_section	*s = mk_section("s", "Escapes", NULL);
	struct ptrvec		 v = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	struct diag		*d = diag_new();
	size_t			 i;

	expect.n = 0;
	cl->title = "Escapes";
	cl->lang = "en";
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.t", texts[i], NULL));
	s->items = finish(&v, &s->nitems);
	cl->sections = arena_alloc(A, sizeof(*cl->sections));
	cl->sections[0] = s;
	cl->nsections = 1;
	CHECK(emit_pdf(cl, NULL, NULL, &b, d) == 0);
	CHECK(is_pdf(&b) && diag_count(d) == 0);
	save("escapes", &b);
	buf_free(&b);
	diag_free(d);
}

/* Hostile content: it must all come out, inside the margins. */
static struct chk_list *
mk_stress(int wide)
{
	struct chk_list		*cl = arena_alloc(A, sizeof(*cl));
	struct chk_section	*s;
	struct chk_item		*it, *parent;
	struct ptrvec		 v = { NULL, 0, 0 }, sub = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	char			*word;
	size_t			 i;

	expect.n = 0;
	cl->title = "Stress";
	cl->lang = "en";
	s = mk_section("s", "Hostile texts", NULL);
	word = arena_alloc(A, 1201);
	for (i = 0; i < 1200; i++)
		word[i] = "abcdefghijklmnopqrstuvwxyz"[i % 26];
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.word", word, "abcdefghij"));
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.url", "https://example."
	    "com/a/very/long/path/that/goes/on/and/on/and/on/and/on/and/on/"
	    "and/on/and/on/and/on/index.html?query=1&other=2", "index.html"));
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.bytes", "bad \xff\xfe "
	    "bytes, \x01control\x7f and \xe2\x82 cut", "bytes,"));
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.empty", "", NULL));
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.spaces", "   \n\n  ", NULL));
	for (i = 0; i < 70; i++)
		buf_puts(&b, "*_");
	buf_puts(&b, "deep emphasis");
	for (i = 0; i < 70; i++)
		buf_puts(&b, "_*");
	ptrvec_push(&v, mk_item(CHK_ITEM_CHECK, "s.emph", arena_strdup(A,
	    buf_str(&b)), "deep emphasis"));
	buf_reset(&b);
	for (i = 0; i < 40; i++)
		buf_printf(&b, "%*s- level %zu\n", (int)(2 * i), "", i);
	ptrvec_push(&v, mk_item(CHK_ITEM_MD, "s.lists", arena_strdup(A,
	    buf_str(&b)), "level 39"));
	buf_reset(&b);
	for (i = 0; i < 3000; i++)
		buf_printf(&b, "line %zu of a long log\n", i);
	it = mk_item(CHK_ITEM_CHECK, "s.code", "A long log", NULL);
	it->code = arena_strdup(A, buf_str(&b));
	want("line 2999 of a long log");
	ptrvec_push(&v, it);
	/* nested 30 deep */
	parent = mk_item(CHK_ITEM_CHECK, "s.n", "nest 0", NULL);
	ptrvec_push(&v, parent);
	for (i = 1; i < 30; i++) {
		it = mk_item(CHK_ITEM_CHECK, arena_printf(A, "s.n%zu", i),
		    arena_printf(A, "nest %zu with a text long enough to wrap "
		    "a few times when the column gets narrow", i), NULL);
		ptrvec_push(&sub, it);
		parent->items = finish(&sub, &parent->nitems);
		parent = it;
	}
	if (wide) {
		it = mk_item(CHK_ITEM_TABLE, "s.wide", "Eighty columns", NULL);
		it->columns = arena_alloc(A, 80 * sizeof(*it->columns));
		for (i = 0; i < 80; i++)
			it->columns[i] = arena_printf(A, "c%zu", i);
		it->ncolumns = 80;
		ptrvec_push(&v, it);
	}
	s->items = finish(&v, &s->nitems);
	ptrvec_push(&v, s);
	cl->sections = (struct chk_section **)ptrvec_finish(&v, A,
	    &cl->nsections);
	buf_free(&b);
	return cl;
}

static void
test_stress(void)
{
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();

	CHECK(emit_pdf(mk_stress(0), NULL, &o, &b, d) == 0);
	CHECK(is_pdf(&b) && pages(&b) > 40);
	/* the bad bytes and controls are drawn as U+FFFD, and said */
	CHECK(diag_errors(d) == 0 && diag_warnings(d) == 1);
	save("stress", &b);
	buf_reset(&b);
	/* 80 columns cannot fit: the cells are clipped, and that is said
	 * ("-cut": the suite knows pdftotext ignores clipping) */
	CHECK(emit_pdf(mk_stress(1), NULL, &o, &b, d) == 0);
	CHECK(diag_errors(d) == 0 && diag_warnings(d) == 3);
	CHECK(diag_text(d, 1) != NULL && strstr(diag_text(d, 1),
	    "80 columns is too wide") != NULL);
	save("stress-cut", &b);
	buf_free(&b);
	diag_free(d);
}

static int
write_file(const char *path, const void *data, size_t len)
{
	FILE	*fp = fopen(path, "wb");

	if (fp == NULL)
		return -1;
	fwrite(data, 1, len, fp);
	return fclose(fp);
}

/* Bad font directories: an error naming the file, never a crash. */
static void
test_bad_fonts(void)
{
	struct chk_list	*cl = mk_list(0);
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 }, ttf = { NULL, 0, 0 };
	struct diag	*d = diag_new();
	char		 dir[] = "/tmp/chkc-pdf-XXXXXX", path[64];
	FILE		*fp;
	char		 chunk[4096];
	size_t		 n;

	o.font_dir = "/nonexistent/fonts";
	CHECK(emit_pdf(cl, NULL, &o, &b, d) == -1);
	CHECK(diag_errors(d) == 1 && strstr(diag_text(d, 0),
	    "cannot open font '/nonexistent/fonts/DejaVuSans.ttf'") != NULL);
	CHECK(b.len == 0);
	if (mkdtemp(dir) == NULL)
		return;
	o.font_dir = dir;
	snprintf(path, sizeof(path), "%s/DejaVuSans.ttf", dir);
	write_file(path, "hello, I am not a font\n", 23);
	CHECK(emit_signoff(cl, NULL, &o, &b, d) == -1);
	CHECK(diag_errors(d) == 2 &&
	    strstr(diag_text(d, 1), "is not a TrueType font") != NULL);
	/* a truncated real font: its tables run past the end */
	if ((fp = fopen("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	    "rb")) != NULL) {
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
		    ttf.len < 300000)
			buf_put(&ttf, chunk, n);
		fclose(fp);
		write_file(path, ttf.data, ttf.len);
		CHECK(emit_pdf(cl, NULL, &o, &b, d) == -1);
		CHECK(diag_errors(d) == 3 &&
		    strstr(diag_text(d, 2), "is not a TrueType font") != NULL);
	}
	remove(path);
	remove(dir);
	buf_free(&ttf);
	buf_free(&b);
	diag_free(d);
}

/*
 * The subset of DejaVu Sans sf (at font) for the n characters cps[]
 * drawn with glyphs gids[], into *sub as the layout reads a font (the
 * file in dir); newgids[] its glyphs, *xheight the top of 'x'.  -1 if
 * not made or not readable.
 */
static int
subset(const struct pl_sfnt *sf, const char *dir,
    const uint32_t *cps, const unsigned short *gids, size_t n,
    struct pl_sfnt *sub, unsigned short *newgids, int *xheight)
{
	struct pl_sfnt_cut c = { cps, gids, n, 0, newgids, 0 };
	struct buf	 b = { NULL, 0, 0 };
	char		 path[64];
	int		 rc = -1;

	pl_sfnt_close(sub);
	c.xgid = pl_sfnt_glyph(sf, 'x', 0);
	snprintf(path, sizeof(path), "%s/sub.ttf", dir);
	if (pl_sfnt_subset(sf, &c, &b) == 0 &&
	    write_file(path, b.data, b.len) == 0)
		rc = pl_sfnt_read(sub, path);
	*xheight = c.xheight;
	remove(path);
	buf_free(&b);
	return rc;
}

/*
 * Font files: the glyphs drawn renumbered from 1 in the font's order,
 * a composite glyph's parts with it, a glyph drawn that the cmap does
 * not give its character, the cmap of the characters drawn, the
 * advances kept, the x-height of the whole font (DejaVu Sans: 1120 of
 * 2048 units), a cmap of the BMP even when nothing drawn is in it; a
 * font not read refused, and none read from a file not there or from
 * a directory.
 */
static void
test_subset(void)
{
	struct pdf_opts	 o = opts(PDF_A4);
	struct pl_sfnt	 sf, sub = { 0 };
	char		 font[1024], dir[] = "/tmp/chkc-pdf-XXXXXX";
	uint32_t	 cps[3] = { 'A', 'B', 0xC4 };	/* A, B, A umlaut */
	unsigned short	 gids[3], newg[3];
	struct pl_sfnt_cut c = { cps, gids, 1, 0, newg, 0 };
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;
	int		 xh;

	emit_pdf_font(&o, 0, font, sizeof(font));
	if (pl_sfnt_read(&sf, font) != 0 || sf.nglyphs < 6000 ||
	    mkdtemp(dir) == NULL) {
		CHECK(!"DejaVu Sans read");
		pl_sfnt_close(&sf);
		return;
	}
	for (i = 0; i < 3; i++)
		gids[i] = (unsigned short)pl_sfnt_glyph(&sf, cps[i], 0);
	CHECK(subset(&sf, dir, cps, gids, 2, &sub, newg, &xh) == 0);
	CHECK(sub.nglyphs == 3 && newg[0] == 1 && newg[1] == 2 && xh == 546);
	CHECK(pl_sfnt_glyph(&sub, 'A', 0) == 1 && pl_sfnt_glyph(&sub, 'B',
	    0) == 2 && pl_sfnt_glyph(&sub, 'C', 0) == 0);
	CHECK(pl_sfnt_advance(&sub, 2) == pl_sfnt_advance(&sf, gids[1]));
	/* A umlaut is made of A and a dieresis */
	CHECK(subset(&sf, dir, cps + 2, gids + 2, 1, &sub, newg,
	    &xh) == 0);
	CHECK(sub.nglyphs >= 4 && newg[0] != 0 && newg[0] < sub.nglyphs);
	CHECK(pl_sfnt_glyph(&sub, 0xC4, 0) == newg[0]);
	/* 'A' drawn with B's glyph: that glyph is in the file */
	gids[0] = gids[1];
	CHECK(subset(&sf, dir, cps, gids, 1, &sub, newg, &xh) == 0);
	CHECK(newg[0] != 0 && newg[0] < sub.nglyphs &&
	    pl_sfnt_advance(&sub, newg[0]) == pl_sfnt_advance(&sf, gids[1]));
	/* Old Italic A alone: still a BMP cmap, which libharu needs */
	cps[0] = 0x10300;
	gids[0] = (unsigned short)pl_sfnt_glyph(&sf, cps[0], 1);
	CHECK(gids[0] != 0);
	CHECK(subset(&sf, dir, cps, gids, 1, &sub, newg, &xh) == 0);
	CHECK(newg[0] != 0 && pl_sfnt_glyph(&sub, cps[0], 1) == newg[0]);
	pl_sfnt_close(&sub);
	pl_sfnt_close(&sf);
	CHECK(sf.file == NULL && pl_sfnt_subset(&sf, &c, &b) == -1 &&
	    b.len == 0);
	CHECK(pl_sfnt_read(&sf, "/nonexistent.ttf") == -1 && sf.file == NULL);
	CHECK(pl_sfnt_read(&sf, dir) == -2 && sf.file == NULL);	/* no file */
	remove(dir);
}

/* The offset and length of table tag in the font file f. */
static size_t
table_of(const unsigned char *f, const char *tag, size_t *len)
{
	size_t	 i, n = (size_t)f[4] << 8 | f[5];
	const unsigned char *r;

	for (i = 0; i < n; i++) {
		r = f + 12 + 16 * i;
		if (memcmp(r, tag, 4) == 0) {
			*len = (size_t)r[12] << 24 | (size_t)r[13] << 16 |
			    (size_t)r[14] << 8 | r[15];
			return (size_t)r[8] << 24 | (size_t)r[9] << 16 |
			    (size_t)r[10] << 8 | r[11];
		}
	}
	*len = 0;
	return 0;
}

static unsigned long
be_at(const unsigned char *p, size_t at, int width)
{
	unsigned long	 v = 0;
	int		 i;

	for (i = 0; i < width; i++)
		v = v << 8 | p[at + (size_t)i];
	return v;
}

static void
be_set(unsigned char *p, size_t at, int width, unsigned long v)
{
	int	 i;

	for (i = width - 1; i >= 0; i--, v >>= 8)
		p[at + (size_t)i] = (unsigned char)(v & 0xFF);
}

/* Where glyph gid of font f lies in its glyf table, and how long it is. */
static size_t
glyph_of(const unsigned char *f, unsigned gid, size_t *len)
{
	size_t	 hl, ll, gl, head = table_of(f, "head", &hl);
	size_t	 loca = table_of(f, "loca", &ll), glyf = table_of(f, "glyf", &gl);
	int	 w = be_at(f, head + 50, 2) != 0 ? 4 : 2;
	size_t	 from = be_at(f, loca + w * gid, w) * (w == 4 ? 1 : 2);
	size_t	 to = be_at(f, loca + w * (gid + 1), w) * (w == 4 ? 1 : 2);

	(void)gl;
	*len = to > from ? to - from : 0;
	return glyf + from;
}

/* The entry of glyph gid in font f's loca: its offset and width. */
static size_t
loca_of(const unsigned char *f, unsigned gid, int *w)
{
	size_t	 hl, ll, head = table_of(f, "head", &hl);

	*w = be_at(f, head + 50, 2) != 0 ? 4 : 2;
	return table_of(f, "loca", &ll) + (size_t)*w * gid;
}

/* The subset of the font file at path, read as the layout reads it,
 * for the n characters cps[] drawn with gids[] into *out; -1 if
 * refused (or not read). */
static int
subset_at(const char *path, const uint32_t *cps, const unsigned short *gids,
    size_t n, struct buf *out)
{
	unsigned short	 newg[8];
	struct pl_sfnt_cut c = { cps, gids, n, 0, newg, 0 };
	struct pl_sfnt	 sf;
	int		 rc = -1;

	if (pl_sfnt_read(&sf, path) == 0)
		rc = pl_sfnt_subset(&sf, &c, out);
	pl_sfnt_close(&sf);
	return rc;
}

/* The same of the font file font, written to dir. */
static int
subset_of(const char *dir, const struct buf *font, const uint32_t *cps,
    const unsigned short *gids, size_t n, struct buf *out)
{
	char	 path[64];
	int	 rc = -1;

	snprintf(path, sizeof(path), "%s/damaged.ttf", dir);
	if (write_file(path, font->data, font->len) == 0)
		rc = subset_at(path, cps, gids, n, out);
	remove(path);
	return rc;
}

/*
 * The damage of one kind at a time, to the glyphs of 'A', 'B' and A
 * umlaut (gids[]): A's place past the outlines, B's instructions past
 * its end (each then an empty glyph in a subset that is made), a part
 * of A umlaut past the glyph count (the subset refused).
 */
static void
subset_damaged(const char *dir, const struct buf *font, const uint32_t *cps,
    const unsigned short *gids)
{
	struct buf	 bad = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	unsigned char	*f;
	size_t		 at, len, nc;
	int		 w;

	buf_put(&bad, font->data, font->len);
	f = (unsigned char *)bad.data;
	at = loca_of(f, gids[0] + 1U, &w);
	be_set(f, at, w, w == 4 ? 0xFFFFFFF0UL : 0xFFF0UL);
	CHECK(subset_of(dir, &bad, cps, gids, 2, &out) == 0);
	glyph_of((unsigned char *)out.data, 1, &len);
	CHECK(out.len > 0 && len == 0);
	memcpy(bad.data, font->data, font->len);
	at = glyph_of(f, gids[1], &len);
	nc = be_at(f, at, 2);
	CHECK(len > 12 && nc < 0x8000);
	be_set(f, at + 10 + 2 * nc, 2, 0xFFFF);
	buf_reset(&out);
	CHECK(subset_of(dir, &bad, cps, gids, 2, &out) == 0);
	glyph_of((unsigned char *)out.data, 2, &len);
	CHECK(out.len > 0 && len == 0);
	memcpy(bad.data, font->data, font->len);
	at = glyph_of(f, gids[2], &len);
	CHECK(len > 14 && be_at(f, at, 2) >= 0x8000);
	be_set(f, at + 12, 2, 0xFFFF);
	buf_reset(&out);
	CHECK(subset_of(dir, &bad, cps + 2, gids + 2, 1, &out) == -1 &&
	    out.len == 0);
	buf_free(&out);
	buf_free(&bad);
}

/*
 * The subset of the damaged font file at path, read back as the layout
 * reads a font (the file in dir): 0 if made and readable, 1 if
 * refused, -1 if made but not readable.
 */
static int
subset_read(const char *path, const char *dir, const uint32_t *cps,
    const unsigned short *gids, size_t n)
{
	struct buf	 out = { NULL, 0, 0 };
	struct pl_sfnt	 sub = { 0 };
	char		 sp[64];
	int		 rc = 1;

	snprintf(sp, sizeof(sp), "%s/sub.ttf", dir);
	if (subset_at(path, cps, gids, n, &out) == 0)
		rc = write_file(sp, out.data, out.len) == 0 &&
		    pl_sfnt_read(&sub, sp) == 0 ? 0 : -1;
	pl_sfnt_close(&sub);
	remove(sp);
	buf_free(&out);
	return rc;
}

/*
 * Damaged outlines: a copy of DejaVu Sans with bytes of its loca and of
 * its first glyphs (.notdef, the Latin letters, A umlaut's parts)
 * overwritten at random, 400 times.  The subset is made or refused,
 * never read outside the file (the sanitizers run this too), and one
 * made reads back as a font.  Then the damage each case is made of: a
 * glyph's place past the outlines (an empty glyph), its instructions
 * longer than it (an empty glyph), a part of a composite glyph past
 * the glyph count (refused).
 */
static void
test_subset_bad(void)
{
	struct pl_sfnt	 sf;
	struct buf	 font = { NULL, 0, 0 };
	char		 path[1024], dir[] = "/tmp/chkc-pdf-XXXXXX", bad[64];
	uint32_t	 cps[3] = { 'A', 'B', 0xC4 };
	unsigned short	 gids[3];
	size_t		 loca, localen, glyf, glyflen, i, k, at[8];
	int		 made = 0, refused = 0, unreadable = 0, rc;
	FILE		*fp = NULL;

	emit_pdf_font(NULL, 0, path, sizeof(path));
	if (pl_sfnt_read(&sf, path) != 0 || mkdtemp(dir) == NULL) {
		CHECK(!"DejaVu Sans read");
		pl_sfnt_close(&sf);
		return;
	}
	for (i = 0; i < 3; i++)
		gids[i] = (unsigned short)pl_sfnt_glyph(&sf, cps[i], 0);
	pl_sfnt_close(&sf);
	snprintf(bad, sizeof(bad), "%s/bad.ttf", dir);
	if ((fp = fopen(path, "rb")) != NULL) {
		buf_grow(&font, 1 << 20);
		font.len = fread(font.data, 1, font.cap - 1, fp);
		fclose(fp);
	}
	loca = table_of((unsigned char *)font.data, "loca", &localen);
	glyf = table_of((unsigned char *)font.data, "glyf", &glyflen);
	CHECK(font.len > 100000 && localen > 1000 && glyflen > 20000);
	if (font.len > 100000 && localen > 1000 && glyflen > 20000 &&
	    write_file(bad, font.data, font.len) == 0)
		fp = fopen(bad, "r+b");
	srand(7);
	for (i = 0; fp != NULL && i < 400; i++) {
		for (k = 0; k < 8; k++) {
			at[k] = rand() % 2 ? loca + (size_t)rand() % 1000 :
			    glyf + (size_t)rand() % 20000;
			fseek(fp, (long)at[k], SEEK_SET);
			fputc(rand() & 0xFF, fp);
		}
		fflush(fp);
		rc = subset_read(bad, dir, cps, gids, 3);
		made += rc == 0, refused += rc == 1, unreadable += rc == -1;
		for (k = 8; k-- > 0; ) {
			fseek(fp, (long)at[k], SEEK_SET);
			fputc((unsigned char)font.data[at[k]], fp);
		}
		fflush(fp);
	}
	if (fp != NULL)
		fclose(fp);
	remove(bad);
	CHECK(made > 0 && made + refused == 400 && unreadable == 0);
	if (font.len > 100000 && localen > 1000 && glyflen > 20000)
		subset_damaged(dir, &font, cps, gids);
	remove(dir);
	buf_free(&font);
}

/* ------------------------------------------------------------------ */
/* Modes for the suite and for measuring. */

static int
render(const char *path)
{
	struct pdf_opts	 o;
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();
	int		 rc;

	cli_pdf_opts(&o);
	rc = emit_pdf(mk_list(0), NULL, &o, &b, d) == 0 &&
	    write_file(path, b.data, b.len) == 0 ? 0 : 1;
	diag_print(d, stderr);
	buf_free(&b);
	diag_free(d);
	return rc;
}

/* CPU time: the machine may be shared, wall time is noise there. */
static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
bench(int n)
{
	struct chk_list	*cl = mk_list(0);
	struct pdf_opts	 o = opts(PDF_A4);
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();
	size_t		 np = 0, ns = 0, bytes = 0;
	double		 t0, tp, ts;
	int		 i;

	t0 = now_ms();
	for (i = 0; i < n; i++, buf_reset(&b)) {
		emit_pdf(cl, NULL, &o, &b, d);
		np += pages(&b), bytes += b.len;
	}
	tp = now_ms() - t0;
	t0 = now_ms();
	for (i = 0; i < n; i++, buf_reset(&b)) {
		emit_signoff(cl, NULL, &o, &b, d);
		ns += pages(&b);
	}
	ts = now_ms() - t0;
	printf("CPU time: checklists: %d in %.0f ms: %.2f ms each, %.2f ms/page "
	    "(%zu pages, %zu KB each)\n", n, tp, tp / n, tp / np, np / n,
	    bytes / n / 1024);
	printf("sign-off sheets: %d in %.0f ms: %.2f ms each, %.2f ms/page\n",
	    n, ts, ts / n, ts / ns);
	buf_free(&b);
	diag_free(d);
	return 0;
}

/*
 * libharu 2.3.0's byte-at-a-time HPDF_MemSet and HPDF_MemCpy are
 * replaced by the program's (pdf_hpdf_private.c): the name resolves to
 * the program's definition first, which is where libharu's own calls
 * go, and each returns the end of what it wrote, as libharu's does.
 */
static void
test_hpdf_utils(void)
{
#if HPDF_VERSION_ID == 20300
	HPDF_BYTE	 b[8] = "abcdefg";

	CHECK(dlsym(RTLD_DEFAULT, "HPDF_MemSet") == (void *)HPDF_MemSet);
	CHECK(dlsym(RTLD_DEFAULT, "HPDF_MemCpy") == (void *)HPDF_MemCpy);
	CHECK(HPDF_MemSet(b, 'x', 2) == b + 2);
	CHECK(memcmp(b, "xxcdefg", 8) == 0);
	CHECK(HPDF_MemCpy(b + 4, (const HPDF_BYTE *)"12", 2) == b + 6);
	CHECK(memcmp(b, "xxcd12g", 8) == 0);
	CHECK(HPDF_MemSet(b, 'y', 0) == b && b[0] == 'x');
	CHECK(HPDF_MemCpy(b, b + 1, 0) == b && b[0] == 'x');
#endif
}

int
main(int argc, char **argv)
{
	int	 rc;

	if (cli_env_read() == -1)
		return 2;
	A = arena_new();
	if (argc == 3 && strcmp(argv[1], "--render") == 0)
		rc = render(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "--bench") == 0)
		rc = bench(atoi(argv[2]) > 0 ? atoi(argv[2]) : 1);
	else {
		RUN(test_blank);
		RUN(test_run);
		RUN(test_signoff);
		RUN(test_russian);
		RUN(test_reproducible);
		RUN(test_letter);
		RUN(test_minimal);
		RUN(test_escapes);
		RUN(test_bad_fonts);
		RUN(test_subset);
		RUN(test_subset_bad);
		RUN(test_stress);
		RUN(test_hpdf_utils);
		rc = HARNESS_EXIT();
	}
	ptrvec_free(&expect);
	arena_free(A);
	return rc;
}
