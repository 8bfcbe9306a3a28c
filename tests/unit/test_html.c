/*
 * Tests of the HTML emitters (src/emit/html*.c, markdown.c) on models
 * built by hand: every item kind and field type, hostile text in every
 * kind of string, a filled run, the site index.  With CHKC_TEST_OUT set
 * to a directory, also writes the sample pages the browser tests drive
 * (tests/suites/browser.sh).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "emit/emit.h"
#include "harness.h"
#include "load/load.h"
#include "model.h"

static struct arena *A;

/* Generated from src/emit/html_page.js by the Makefile. */
extern const char emit_asset_html_page_js[];

/* ------------------------------------------------------------------ */
/* Building models. */

static const char **
strs(int n, ...)
{
	const char	**v = arena_alloc(A, (size_t)(n + 1) * sizeof(*v));
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
	const char	*dot = strrchr(path, '.');

	it->kind = k;
	it->path = path;
	it->id = dot ? dot + 1 : path;
	it->text = text;
	return it;
}

static struct chk_field *
field(enum chk_field_type t, const char *label)
{
	struct chk_field	*f = arena_alloc(A, sizeof(*f));

	f->type = t;
	f->label = label;
	return f;
}

/* A FIELD item, as the resolver makes them: text = field->label. */
static struct chk_item *
fitem(const char *path, enum chk_field_type t, const char *label)
{
	struct chk_item	*it = item(CHK_ITEM_FIELD, path, label);

	it->field = field(t, label);
	return it;
}

static struct chk_item **
items(int n, ...)
{
	struct chk_item	**v;
	va_list		  ap;
	int		  i;

	v = arena_alloc(A, (size_t)(n + 1) * sizeof(*v));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = va_arg(ap, struct chk_item *);
	va_end(ap);
	return v;
}

static struct chk_section *
section(const char *path, const char *title)
{
	struct chk_section	*s = arena_alloc(A, sizeof(*s));
	const char		*dot = strrchr(path, '.');

	s->path = path;
	s->id = dot ? dot + 1 : path;
	s->title = title;
	return s;
}

static const char *const HOSTILE_MD =
    "Safe **bold** ~~old~~ www.example.com\n\n"
    "<script>alert('md')</script>\n\n"
    "[js](javascript:alert(1)) [vb](VBScript:msgbox) "
    "[data](data:text/html;base64,PHNjcmlwdD4=) "
    "[ent](java&#115;cript:alert(2)) ![img](https://example.com/t.png)\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] task\n- [x] done\n\n"
    "<img src=x onerror=alert(3)>\n";

/* The first section: checks of every shape, a field item. */
static struct chk_section *
sample_pre(void)
{
	struct chk_section	*s = section("pre", "Pre-deployment");
	struct chk_item		*tests, *backup, *crit, *details;

	s->note = "30 minutes *before*";
	tests = item(CHK_ITEM_CHECK, "pre.tests", "All tests `passing`");
	tests->code = "make test </pre><script>alert('code')</script> && echo";
	tests->lang = "sh\"><script>";
	backup = item(CHK_ITEM_CHECK, "pre.backup", "Backup size reasonable");
	backup->field = field(CHK_FIELD_NUMBER, NULL);
	backup->field->unit = "MB <i>";
	backup->field->has_min = backup->field->has_max = 1;
	backup->field->max = 10000;
	crit = item(CHK_ITEM_CHECK, "pre.error-rate", "Error rate below 1%");
	crit->critical = 1;
	crit->role = "DevOps <Engineer>";
	crit->items = items(2, item(CHK_ITEM_CHECK, "pre.error-rate.sentry",
	    "Sentry clean"), item(CHK_ITEM_CHECK, "pre.error-rate.no-5xx",
	    "No 5xx spike"));
	crit->nitems = 2;
	details = item(CHK_ITEM_CHECK, "pre.runbook",
	    "Runbook read: [link](javascript:alert(4)) <b onclick=x>x</b>");
	details->details = HOSTILE_MD;
	s->items = items(6, item(CHK_ITEM_CHECK, "pre.code-review",
	    "Code review completed"), tests, backup, crit,
	    fitem("pre.start-time", CHK_FIELD_TIME, "Start time"), details);
	s->nitems = 6;
	return s;
}

/* Tables of both kinds and a field item of every other type. */
static struct chk_section *
sample_monitor(void)
{
	struct chk_section	*s = section("post.monitor", "Monitoring");
	struct chk_item		*t1, *t2, *mc, *num;

	t1 = item(CHK_ITEM_TABLE, "post.monitor.first-hour",
	    "First hour monitoring");
	t1->columns = strs(4, "Time", "Error rate %", "Response <ms>",
	    "Action");
	t1->ncolumns = 4;
	t1->rows = strs(3, "T+0", "T+10", "T+20 <b>");
	t1->nrows = 3;
	t1->labelled = 1;
	t2 = item(CHK_ITEM_TABLE, "post.monitor.incidents", NULL);
	t2->columns = strs(2, "When", "What");
	t2->ncolumns = 2;
	t2->rows = strs(1, "");
	t2->nrows = 1;
	mc = fitem("post.monitor.channels", CHK_FIELD_MULTICHOICE,
	    "Announced in");
	mc->field->options = strs(3, "Slack", "Email", "Status <page>");
	mc->field->noptions = 3;
	num = fitem("post.monitor.p95", CHK_FIELD_NUMBER, "p95 latency");
	num->field->unit = "ms";
	num->field->has_min = 1;
	num->field->min = 0.5;
	s->items = items(8, t1, t2, mc, num,
	    fitem("post.monitor.summary", CHK_FIELD_LONGTEXT, "Summary"),
	    fitem("post.monitor.flag", CHK_FIELD_BOOL, "Feature flag removed"),
	    fitem("post.monitor.when", CHK_FIELD_DATETIME, "Finished at"),
	    fitem("post.monitor.day", CHK_FIELD_DATE, "Day"));
	s->nitems = 8;
	return s;
}

static struct chk_section *
sample_post(void)
{
	struct chk_section	*s = section("post", "Post-deployment");
	struct chk_item		*md;

	md = item(CHK_ITEM_MD, "post.md", "If the health check fails, see "
	    "the **runbook**.\n\n<iframe src=\"https://evil\"></iframe>\n");
	s->items = items(3, item(CHK_ITEM_CHECK, "post.smoke",
	    "Smoke tests pass"), md, fitem("post.who", CHK_FIELD_TEXT,
	    "Who deployed"));
	s->nitems = 3;
	s->sections = arena_alloc(A, sizeof(*s->sections));
	s->sections[0] = sample_monitor();
	s->nsections = 1;
	return s;
}

static void
sample_fields(struct chk_list *cl)
{
	struct chk_item	*ver, *strat;

	ver = fitem("fields.version", CHK_FIELD_TEXT, "Version");
	ver->field->required = 1;
	strat = fitem("fields.strategy", CHK_FIELD_CHOICE,
	    "Deployment strategy");
	strat->field->options = strs(4, "Blue-Green", "Canary", "Rolling",
	    "<b>Hotfix</b>");
	strat->field->noptions = 4;
	cl->fields = items(3, ver, strat, fitem("fields.migrations",
	    CHK_FIELD_BOOL, "Database migrations"));
	cl->nfields = 3;
}

static struct chk_signoff *
sample_signoff(void)
{
	struct chk_signoff	*so = arena_alloc(A, sizeof(*so));

	so->id = "deployment";
	so->path = "signoff.deployment";
	so->title = "Deployment sign-off";
	so->roles = strs(3, "DevOps Engineer", "Tech Lead", "QA <Lead>");
	so->nroles = 3;
	so->columns = strs(3, "Name", "Date and time", "Signature");
	so->ncolumns = 3;
	so->holds = arena_alloc(A, 3 * sizeof(*so->holds));
	so->holds[0] = CHK_SIGNCOL_NAME;
	so->holds[1] = CHK_SIGNCOL_AT;
	so->holds[2] = CHK_SIGNCOL_SIGNATURE;
	return so;
}

/* The checklist every test starts from; revision changes its hash. */
static struct chk_list *
sample(const char *id, int revision, const char *lang)
{
	struct chk_list	*cl = arena_alloc(A, sizeof(*cl));

	cl->project = "demo";
	cl->project_name = "Demo <Project> & Co";
	cl->id = id;
	cl->template_id = "deploy";
	cl->lang = lang;
	cl->revision = revision;
	cl->title = "Production deployment \xe2\x80\x94 *Demo* "
	    "<script>x</script>";
	cl->description = "Use this **before** every deployment.\n\n"
	    "[click](javascript:alert(5))\n";
	sample_fields(cl);
	cl->sections = arena_alloc(A, 2 * sizeof(*cl->sections));
	cl->sections[0] = sample_pre();
	cl->sections[1] = sample_post();
	cl->nsections = 2;
	cl->signoffs = arena_alloc(A, sizeof(*cl->signoffs));
	cl->signoffs[0] = sample_signoff();
	cl->nsignoffs = 1;
	model_hash(cl);
	return cl;
}

static struct chk_answer
answer(const char *path, int done, const char *value, const char *na,
    const char *failed)
{
	struct chk_answer	a = { path, done, value, na, failed, "alice",
	    "2026-11-24T10:02:00+03:00" };

	return a;
}

/* A run of the sample: some answers of every kind. */
static struct chk_run *
sample_run(const struct chk_list *cl)
{
	struct chk_run		*r = arena_alloc(A, sizeof(*r));
	struct chk_table_fill	*t = arena_alloc(A, sizeof(*t));

	r->run = "demo/deploy";
	r->checklist = cl->hash;
	r->revision = cl->revision;
	r->fields = arena_alloc(A, 2 * sizeof(*r->fields));
	r->fields[0] = answer("fields.strategy", 0, "<b>Hotfix</b>", 0, 0);
	r->fields[1] = answer("fields.version", 0, "v2.4.1\"><x>", 0, 0);
	r->nfields = 2;
	r->items = arena_alloc(A, 7 * sizeof(*r->items));
	r->items[0] = answer("post.monitor.channels", 0, "Slack\nStatus <page>",
	    0, 0);
	/* An unticked bool is no answer: the item stays open. */
	r->items[1] = answer("post.monitor.flag", 0, "false", 0, 0);
	r->items[2] = answer("post.monitor.when", 0,
	    "2026-11-24T11:30:00+03:00", 0, 0);
	r->items[3] = answer("pre.backup", 1, "512", 0, 0);
	r->items[4] = answer("pre.code-review", 1, NULL, 0, 0);
	r->items[5] = answer("pre.error-rate", 0, NULL, 0, "3% <errors>");
	r->items[6] = answer("pre.tests", 0, NULL, "no tests </script>", 0);
	r->nitems = 7;
	t->path = "post.monitor.first-hour";
	t->cells = strs(3, "0.2", "180", "");
	t->nrows = 1;
	t->ncols = 3;
	r->tables = t;
	r->ntables = 1;
	r->signoff = arena_alloc(A, sizeof(*r->signoff));
	r->signoff[0].role = "Tech Lead";
	r->signoff[0].name = "Bob <Lead>";
	r->signoff[0].at = "2026-11-24T12:00:00+03:00";
	r->nsignoff = 1;
	r->outcome = "rolled-back";
	r->notes = "Rolled back </textarea><script>x</script>";
	return r;
}

static char	*site(const struct emit_site_entry *, size_t, const char *);

static char *
page(const struct chk_list *cl, const struct chk_run *run)
{
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d = diag_new();
	char		*s;

	CHECK(emit_html(cl, run, &b, d) == 0);
	CHECK(diag_count(d) == 0);
	diag_free(d);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t		 n = 0;
	const char	*p;

	for (p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Does hay hold needle, in any case? */
static const char *
icontains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* The value of attribute name in the tag [tag, end), or NULL. */
static char *
attr(const char *tag, const char *end, const char *name)
{
	char		 pat[64];
	const char	*p, *q;

	snprintf(pat, sizeof(pat), " %s=\"", name);
	if ((p = strstr(tag, pat)) == NULL || p > end)
		return NULL;
	p += strlen(pat);
	q = strchr(p, '"');
	return arena_strndup(A, p, (size_t)(q - p));
}

/* ------------------------------------------------------------------ */
/* Escaping and Markdown. */

/* emit_label() gives what label_get() gives, from its memo or not:
 * every key of the catalog and keys it lacks (given in a buffer later
 * changed), in more languages than it keeps and, with those, more keys
 * than a language has slots for, in three rounds. */
static void
test_label_memo(void)
{
	static const char *const keys[] = {
		"add-row", "checked-by", "checklist", "checklists", "clear",
		"confirm-clear", "confirm-discard", "confirm-import",
		"continued", "critical", "date", "date-and-time", "discard",
		"done", "download-old", "export-run", "exported", "failed",
		"format-html", "format-md", "format-pdf", "format-signoff",
		"format-zip", "formats", "hash", "import-error", "import-run",
		"imported", "items", "na", "name", "no", "note", "notes",
		"open", "outcome", "outcome-failed", "outcome-partial",
		"outcome-rolled-back", "outcome-success", "page-of",
		"progress", "project", "projects", "reason", "required",
		"revision", "role", "run", "run-fields", "run-id",
		"signature", "signature-invalid", "signature-unchecked",
		"signed-by", "signoff", "stale", "storage-off", "value",
		"version", "yes", "no-such-a", "no-such-b", "no-such-c",
		"no-such-d", "no-such-e", "no-such-f"
	};
	static const char *const langs[] = {
		"en", "ru", "es", "de", "fr", "pt", "zh", "ja", "pt-BR", "xx",
		NULL
	};
	size_t		nk = sizeof(keys) / sizeof(keys[0]), r, l, i, k;
	char		key[32];
	int		bad = 0;

	for (r = 0; r < 3; r++)
		for (l = 0; l < sizeof(langs) / sizeof(langs[0]); l++)
			for (i = 0; i < nk; i++) {
				k = r == 1 ? nk - 1 - i : i;
				snprintf(key, sizeof(key), "%s", keys[k]);
				if (strcmp(emit_label(langs[l], key),
				    label_get(langs[l], keys[k])) != 0 &&
				    bad++ < 5)
					printf("  %s %s\n", langs[l] ?
					    langs[l] : "NULL", keys[k]);
				memset(key, 'x', sizeof(key) - 1);
			}
	CHECK(bad == 0);
	/* A key it lacks is its own label, kept as it was given. */
	snprintf(key, sizeof(key), "no-such-g");
	CHECK_STR(emit_label("it", key), "no-such-g");
	memset(key, 'x', 9);
	CHECK_STR(emit_label("it", "no-such-g"), "no-such-g");
	CHECK_STR(emit_label("de", "no-such-a"), "no-such-a");
	CHECK_STR(emit_label("de", "done"), label_get("de", "done"));
	CHECK(strcmp(emit_label("de", "done"), emit_label("en", "done")) != 0);
}

static void
test_escape(void)
{
	struct buf	b = { NULL, 0, 0 };

	emit_html_escape(&b, "a<b>&\"c'");
	CHECK_STR(buf_str(&b), "a&lt;b&gt;&amp;&quot;c&#39;");
	buf_reset(&b);
	emit_json_string(&b, "</script><!--\"\\\n\t\x01&");
	CHECK_STR(buf_str(&b), "\"\\u003c/script\\u003e\\u003c!--\\\"\\\\"
	    "\\n\\t\\u0001\\u0026\"");
	buf_reset(&b);
	emit_json_string(&b, NULL);
	CHECK_STR(buf_str(&b), "null");
	buf_reset(&b);
	emit_url_escape(&b, "../a b:c");
	CHECK_STR(buf_str(&b), "%2E.%2Fa%20b%3Ac");
	buf_reset(&b);
	emit_csp_hash(&b, "");	/* sha256 of nothing */
	CHECK_STR(buf_str(&b),
	    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
	buf_free(&b);
}

static char *
md(const char *s, int inline_only)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*r;

	emit_md_html(&b, s, inline_only);
	r = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return r;
}

static void
test_markdown_extensions(void)
{
	char	*h = md(HOSTILE_MD, 0);

	CHECK(strstr(h, "<strong>bold</strong>") != NULL);
	CHECK(strstr(h, "<del>old</del>") != NULL);
	CHECK(strstr(h, "<a href=\"http://www.example.com\">") != NULL);
	CHECK(strstr(h, "<table>") != NULL && strstr(h, "<td>2</td>") != NULL);
	CHECK(strstr(h, "<li>\xe2\x98\x90 task</li>") != NULL);
	CHECK(strstr(h, "<li>\xe2\x98\x91 done</li>") != NULL);
	CHECK(strstr(h, "<input") == NULL);
	CHECK_STR(md("*a* and `b<`", 1), "<em>a</em> and <code>b&lt;</code>");
	CHECK_STR(md("", 1), "");
	CHECK_STR(md(NULL, 0), "");
	/* A list or heading marker in an inline text stays literal. */
	CHECK_STR(md("1. Restart <x>", 1), "1. Restart &lt;x&gt;");
	CHECK_STR(md("# Not a heading", 1), "# Not a heading");
}

static void
test_markdown_safe(void)
{
	char	*h = md(HOSTILE_MD, 0);

	CHECK(strstr(h, "<script") == NULL);
	CHECK(strstr(h, "<img") == NULL);
	CHECK(strstr(h, "onerror") == NULL);
	CHECK(strstr(h, "raw HTML omitted") != NULL);
	CHECK(icontains(h, "javascript:") == NULL);
	CHECK(icontains(h, "vbscript:") == NULL);
	CHECK(icontains(h, "data:text") == NULL);
	CHECK(icontains(h, "java&#115;cript") == NULL);
	/* The image became a link: no request when the page loads. */
	CHECK(strstr(h, "<a href=\"https://example.com/t.png\">img</a>") !=
	    NULL);
	/* Links to such URLs are their bare text. */
	CHECK(strstr(h, "<p>js vb data ent "
	    "<a href=\"https://example.com/t.png\">img</a></p>") != NULL);
	CHECK(strstr(h, "href=\"\"") == NULL);
	CHECK_STR(md("[a](\tJaVa\nScRiPt:x) [b](https://ok) [c](data:x)", 1),
	    "[a](\tJaVa\nScRiPt:x) <a href=\"https://ok\">b</a> c");
	CHECK_STR(md("[a](<jav\tascript:x>) ![i](data:image/png;base64,AA)",
	    1), "a i");
	h = md("<b onclick=x>x</b> [a](javascript:alert(1))", 1);
	CHECK(strstr(h, "<b") == NULL && strstr(h, "javascript") == NULL);
}

/* The shortcut for plain inline texts gives what cmark gives. */
static void
test_markdown_plain(void)
{
	static const char *const texts[] = {
		"Code review completed", "Error rate below 1%",
		"Check /api/health (GET) returns 200", "Tag v2.4.1, then push",
		"Don't \"panic\" now", "Привет, мир", "T+10 = 20",
		"Step #2 done", "a-b -- c", "x.y.z"
	};
	struct buf	b = { NULL, 0, 0 };
	size_t		i;
	char		*fast, *slow;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		fast = md(texts[i], 1);
		/* A trailing newline keeps the text off the shortcut. */
		buf_reset(&b);
		buf_printf(&b, "%s\n", texts[i]);
		slow = md(buf_str(&b), 1);
		buf_reset(&b);
		emit_html_escape(&b, texts[i]);
		CHECK_STR(fast, buf_str(&b));
		CHECK(strcmp(slow, fast) == 0 ||
		    (strchr(texts[i], '\'') != NULL && strstr(slow, "'")));
	}
	/* Off the shortcut wherever they sit: autolinks, and a ' after a
	 * ':' (cmark keeps it as it is). */
	CHECK(strstr(md("Open www.example.com now", 1),
	    "<a href=\"http://www.example.com\">") != NULL);
	CHECK(strstr(md("Open https://example.com now", 1),
	    "<a href=\"https://example.com\">") != NULL);
	CHECK_STR(md("Result: it's fine", 1), "Result: it's fine");
	CHECK_STR(md("Don't stop", 1), "Don&#39;t stop");
	buf_reset(&b);
	emit_md_text(&b, "Deploy *v2* to [prod](https://x) `now`");
	CHECK_STR(buf_str(&b), "Deploy v2 to prod now");
	buf_free(&b);
}

/* The word-wide test of plain texts answers as the byte-by-byte one, on
 * random texts of the bytes that matter, of every length around its
 * steps of eight, and on the edge cases. */
static void
test_markdown_plain_fast(void)
{
	static const char	 alphabet[] = "aZ09 ,;?%()/+=#-.:!'\"*_[]<>&`"
	    "\\~|@$\t\n\xd0\xbf\xef\xbb\xbf";
	static const char *const edges[] = {
		"", "a", "a ", " a", "\xef\xbb\xbf" "abc", "\xef\xbc\x9a" "x",
		"abcdefgh", "abcdefg ", "abcdefghi", "abcdefgh*", "*bcdefgh",
		"Visit www.x.org", "See http://x", "Don't", "Ok: it's"
	};
	char		 s[40];
	size_t		 i, j, n, lf, ls;
	int		 f, g, bad = 0;
	unsigned	 seed = 20;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		lf = ls = 0;
		f = emit_md_plain(edges[i], &lf, 1);
		g = emit_md_plain(edges[i], &ls, 0);
		CHECK(f == g && (f == 0 || lf == ls));
	}
	for (i = 0; i < 200000; i++) {
		n = i % 34;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly letters, as texts are; the rest anything. */
			s[j] = (seed >> 16) % 4 != 0 ? 'a' + (char)(seed % 26) :
			    alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
		}
		s[n] = '\0';
		lf = ls = 0;
		f = emit_md_plain(s, &lf, 1);
		g = emit_md_plain(s, &ls, 0);
		if (f != g || (f != 0 && lf != ls)) {
			if (bad++ < 5)
				printf("  \"%s\": fast %d (%zu), general %d "
				    "(%zu)\n", s, f, lf, g, ls);
		}
	}
	CHECK(bad == 0);
}

/* ------------------------------------------------------------------ */
/* The page. */

/*
 * Every input, textarea and fieldset'd option: named (except the two
 * toolbar controls that are not answers) and labelled by a <label
 * for=> or an aria-label.
 */
static void
test_page_labels(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	char		*h = page(cl, NULL), *p, *end, *id, *name, *type, *tpl;
	char		 pat[64];
	size_t		 n = 0;

	/* The template's inputs are named and labelled by the script
	 * (tests/browser). */
	tpl = strstr(h, "<template id=\"chk_marks\">");
	CHECK(tpl != NULL);
	for (p = h; (p = strstr(p, "<input")) != NULL && p < tpl; p = end) {
		end = strchr(p, '>');
		id = attr(p, end, "id");
		name = attr(p, end, "name");
		type = attr(p, end, "type");
		n++;
		if (id != NULL && (strcmp(id, "chk_by") == 0 ||
		    strcmp(id, "chk_import-file") == 0))
			continue;
		CHECK(name != NULL && type != NULL);
		if (attr(p, end, "aria-label") != NULL)
			continue;
		CHECK(id != NULL);
		snprintf(pat, sizeof(pat), "<label for=\"%s\"", id ? id : "?");
		if (strstr(h, pat) == NULL)
			printf("  unlabelled: %.*s\n", (int)(end - p + 1), p);
		CHECK(strstr(h, pat) != NULL);
	}
	CHECK(n > 40);
	CHECK(count(h, "<textarea") == 2);
	CHECK(strstr(h, "<label for=\"chk_notes\"") != NULL);
	free(h);
}

/* No two elements share an id: a label or aria reference would point
 * at the wrong control. */
static void
test_page_ids(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	char		*h = page(cl, sample_run(cl)), *p, *q, *id;
	char		 pat[256];
	size_t		 n = 0;

	for (p = h; (p = strstr(p, " id=\"")) != NULL; p = q) {
		p += 5;
		q = strchr(p, '"');
		id = arena_strndup(A, p, (size_t)(q - p));
		snprintf(pat, sizeof(pat), " id=\"%s\"", id);
		if (count(h, pat) != 1)
			printf("  duplicate id: %s\n", id);
		CHECK(count(h, pat) == 1);
		n++;
	}
	CHECK(n > 55);
	free(h);
}

/* Names are item paths, by kind. */
static void
test_page_names(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	char		*h = page(cl, NULL);
	static const char *const want[] = {
		"name=\"fields.version\"", "name=\"fields.strategy\"",
		"name=\"fields.migrations\"", "name=\"pre.code-review\"",
		"name=\"pre.backup:value\"", "name=\"pre.error-rate.sentry\"",
		"name=\"pre.start-time\"",
		"name=\"post.monitor.first-hour[2][2]\"",
		"name=\"post.monitor.incidents[0][1]\"",
		"name=\"post.monitor.channels\"",
		"name=\"post.monitor.summary\"",
		"name=\"signoff.deployment.Tech Lead:name\"",
		"name=\"signoff.deployment.QA &lt;Lead&gt;:at\"",
		"name=\"outcome\"", "name=\"notes\"",
		"type=\"number\" id=", "step=\"any\"", "max=\"10000\"",
		"min=\"0.5\"", "type=\"time\"", "type=\"date\"",
		"type=\"datetime-local\"", "type=\"radio\"",
		"<fieldset class=\"fld fld-choice\"><legend>Deployment "
		"strategy", "class=\"unit check crit\"", "<details open>",
		"<h2>Pre-deployment", "<h3>Monitoring", "0/6</span>",
		"0/8</span>", "class=\"add-row\"",
	};
	size_t		i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (strstr(h, want[i]) == NULL)
			printf("  missing: %s\n", want[i]);
		CHECK(strstr(h, want[i]) != NULL);
	}
	CHECK(count(h, "name=\"post.monitor.first-hour[") == 9);
	/* The toggles of an unanswered check come from one template. */
	CHECK(strstr(h, ":na\"") == NULL && strstr(h, ":failed\"") == NULL);
	CHECK(count(h, "<template id=\"chk_marks\">") == 1);
	CHECK(strstr(h, "<input type=\"checkbox\" class=\"na\"><label>N/A"
	    "</label>") != NULL);
	CHECK(strstr(h, "<div class=\"why why-failed\"><label>Note</label> "
	    "<input type=\"text\"></div>\n</template>") != NULL);
	CHECK(count(h, " data-unit=\"") == 16);
	CHECK(count(h, " data-state=") == 0);
	CHECK(strstr(h, "data-unit=\"pre.backup\" id=\"i-pre.backup\" "
	    "data-t=\"number\">") != NULL);
	/* Every unit has its stable anchor (the archive's report links it). */
	CHECK(count(h, " id=\"i-") == 16);
	CHECK(count(h, "name=\"post.monitor.channels\"") == 3);
	CHECK(emit_count_items(cl) == 16);
	CHECK(strstr(h, "<b data-count=\"open\">16</b>") != NULL);
	free(h);
}

/* Hostile text of every kind comes out as text. */
static void
test_page_escaping(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	char		*h = page(cl, NULL);

	CHECK(count(h, "<script") == 2);	/* data block, page script */
	CHECK(icontains(h, "javascript:") == NULL);
	CHECK(icontains(h, "vbscript:") == NULL);
	CHECK(strstr(h, "<b>Hotfix") == NULL);
	CHECK(strstr(h, "&lt;b&gt;Hotfix&lt;/b&gt;") != NULL);
	CHECK(strstr(h, "DevOps &lt;Engineer&gt;") != NULL);
	CHECK(strstr(h, "MB &lt;i&gt;") != NULL);
	CHECK(strstr(h, "Response &lt;ms&gt;") != NULL);
	CHECK(strstr(h, "T+20 &lt;b&gt;") != NULL);
	CHECK(strstr(h, "Status &lt;page&gt;") != NULL);
	CHECK(strstr(h, "&lt;/pre&gt;&lt;script&gt;alert(&#39;code&#39;)") !=
	    NULL);
	CHECK(strstr(h, "language-sh&quot;&gt;&lt;script&gt;") != NULL);
	CHECK(strstr(h, "<iframe") == NULL && strstr(h, "onclick") == NULL);
	CHECK(strstr(h, "<title>Production deployment \xe2\x80\x94 Demo x "
	    "\xe2\x80\x94 Demo &lt;Project&gt; &amp; Co</title>") != NULL);
	CHECK(strstr(h, "<h1>Production deployment \xe2\x80\x94 <em>Demo</em> "
	    "<!-- raw HTML omitted -->x<!-- raw HTML omitted --></h1>"));
	CHECK(strstr(h, "<img") == NULL && strstr(h, "<iframe") == NULL);
	free(h);
}

/* The part of h between the first open after from and close. */
static char *
between(const char *h, const char *open, const char *close)
{
	const char	*p, *q;

	if ((p = strstr(h, open)) == NULL)
		return NULL;
	p += strlen(open);
	if ((q = strstr(p, close)) == NULL)
		return NULL;
	return arena_strndup(A, p, (size_t)(q - p));
}

/* Is there an event handler attribute (" onclick=", ...) in h? */
static int
has_handler(const char *h)
{
	const char	*p, *q;

	for (p = h; (p = strstr(p, " on")) != NULL; p += 3) {
		for (q = p + 3; *q >= 'a' && *q <= 'z'; q++)
			continue;
		if (q > p + 3 && *q == '=')
			return 1;
	}
	return 0;
}

/* The CSP names the hashes of the page's only script and style, and
 * allows nothing else. */
static void
test_page_csp(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	char		*h = page(cl, NULL), *csp, *js, *css;
	struct buf	 want = { NULL, 0, 0 };

	csp = between(h, "http-equiv=\"Content-Security-Policy\" content=\"",
	    "\"");
	js = between(h, "</script>\n<script>", "</script>");
	css = between(h, "<style>", "</style>");
	CHECK(csp != NULL && js != NULL && css != NULL);
	if (csp == NULL || js == NULL || css == NULL)
		goto out;
	buf_puts(&want, "default-src 'none'; script-src ");
	emit_csp_hash(&want, js);
	buf_puts(&want, "; style-src ");
	emit_csp_hash(&want, css);
	buf_puts(&want, "; img-src data:; form-action 'none'; base-uri 'none'");
	CHECK_STR(csp, buf_str(&want));
	CHECK(strstr(csp, "unsafe") == NULL);
	CHECK(strstr(js, "</") == NULL);
	CHECK(strcmp(js, emit_asset_html_page_js) == 0);
	CHECK(strstr(h, " style=\"") == NULL);	/* CSP would block it */
	CHECK(!has_handler(h));
out:
	buf_free(&want);
	free(h);
}

/* The data block is JSON that cannot close its element, and says what
 * the script needs. */
static void
test_page_data(void)
{
	struct chk_list		*cl = sample("deploy", 3, "en");
	char			*h = page(cl, NULL), *json;
	struct diag		*d = diag_new();
	struct chk_node		*root;
	struct buf		 key = { NULL, 0, 0 };

	json = between(h, "<script type=\"application/json\" id=\"chk_data\">",
	    "</script>");
	CHECK(json != NULL && strstr(json, "</") == NULL);
	CHECK(json != NULL && strchr(json, '<') == NULL);
	root = json ? load_buffer(A, "data", json, strlen(json), d) : NULL;
	CHECK(root != NULL && root->kind == CHK_NODE_MAP);
	if (root != NULL) {
		buf_printf(&key, "chkc:demo/deploy:%s", cl->hash);
		CHECK_STR(node_str(node_get(root, "hash")), cl->hash);
		CHECK_STR(node_str(node_get(root, "key")), buf_str(&key));
		CHECK_STR(node_str(node_get(root, "project")), "demo");
		CHECK_STR(node_str(node_get(root, "checklist")), "deploy");
		CHECK(node_get(root, "units") == NULL);
		CHECK(node_get(root, "head")->n == 3);
		CHECK(node_get(root, "tables")->n == 2);
		CHECK(node_get(root, "signoff")->n == 3);
		CHECK(node_get(root, "run")->kind == CHK_NODE_NULL);
		CHECK_STR(node_str(node_get(node_get(root, "labels"), "na")),
		    "N/A");
		CHECK_STR(node_str(node_get(node_get(root, "signoff")->items[2],
		    "n")), "signoff.deployment.QA <Lead>");
	}
	buf_free(&key);
	diag_free(d);
	free(h);
}

/* The tag of h that holds needle, as a string. */
static char *
tag_of(const char *h, const char *needle)
{
	const char	*p, *s, *e;

	if ((p = strstr(h, needle)) == NULL)
		return arena_strdup(A, "");
	for (s = p; s > h && *s != '<'; s--)
		continue;
	e = strchr(p, '>');
	return arena_strndup(A, s, (size_t)(e - s + 1));
}

/* A page drawn from a run shows its answers. */
static void
test_page_run(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	char		*h = page(cl, sample_run(cl));

	CHECK(strstr(tag_of(h, "name=\"pre.code-review\""), " checked"));
	CHECK(strstr(tag_of(h, "name=\"pre.smoke\""), " checked") == NULL);
	CHECK(strstr(tag_of(h, "name=\"pre.tests:na\""), " checked") != NULL);
	CHECK(strstr(h, "name=\"pre.tests:na-reason\" value=\"no tests "
	    "&lt;/script&gt;\"") != NULL);
	CHECK(strstr(tag_of(h, "name=\"pre.error-rate:failed\""), " checked"));
	CHECK(strstr(h, "value=\"3% &lt;errors&gt;\"") != NULL);
	CHECK(strstr(h, "name=\"pre.backup:value\" step=\"any\" "
	    "inputmode=\"decimal\" min=\"0\" max=\"10000\" aria-describedby=")
	    != NULL);
	CHECK(strstr(tag_of(h, "name=\"pre.backup:value\""), "value=\"512\""));
	CHECK(strstr(tag_of(h, "value=\"&lt;b&gt;Hotfix&lt;/b&gt;\""),
	    " checked"));
	CHECK(strstr(tag_of(h, "value=\"Canary\""), " checked") == NULL);
	CHECK(strstr(h, "value=\"v2.4.1&quot;&gt;&lt;x&gt;\"") != NULL);
	CHECK(strstr(tag_of(h, "value=\"Status &lt;page&gt;\""), " checked"));
	CHECK(strstr(tag_of(h, "value=\"Email\""), " checked") == NULL);
	CHECK(strstr(h, "value=\"2026-11-24T11:30\"") != NULL);
	CHECK(strstr(tag_of(h, "name=\"post.monitor.first-hour[0][0]\""),
	    "value=\"0.2\""));
	CHECK(strstr(tag_of(h, "name=\"signoff.deployment.Tech Lead:name\""),
	    "value=\"Bob &lt;Lead&gt;\""));
	CHECK(strstr(tag_of(h, "name=\"signoff.deployment.Tech Lead:at\""),
	    "value=\"2026-11-24T12:00\""));
	CHECK(strstr(tag_of(h, "value=\"rolled-back\""), " checked"));
	CHECK(strstr(h, ">Rolled back &lt;/textarea&gt;&lt;script&gt;x"
	    "&lt;/script&gt;</textarea>") != NULL);
	CHECK(strstr(h, "<b data-count=\"done\">4</b>") != NULL);
	CHECK(strstr(tag_of(h, "name=\"post.monitor.flag\""), " checked") ==
	    NULL);
	CHECK(strstr(h, "<b data-count=\"failed\">1</b>") != NULL);
	CHECK(strstr(h, "<b data-count=\"na\">1</b>") != NULL);
	CHECK(strstr(h, "<b data-count=\"open\">10</b>") != NULL);
	CHECK(strstr(h, "data-state=\"failed\" data-unit=\"pre.error-rate\""));
	/* Checks the run marked N/A or failed are sent whole, the others
	 * without their toggles. */
	CHECK(strstr(tag_of(h, "name=\"pre.tests:na\""),
	    "aria-describedby=\"") != NULL);
	CHECK(strstr(h, "name=\"pre.error-rate:failed-note\"") != NULL);
	CHECK(strstr(h, "name=\"pre.code-review:na\"") == NULL);
	CHECK(strstr(h, "\"key\":\"chkc:demo/deploy:sha256:") != NULL);
	CHECK(strstr(h, ":run:") != NULL);
	CHECK(strstr(h, "\"run\":{\"run\":\"demo/deploy\"") != NULL);
	CHECK(count(h, "<script") == 2);
	free(h);
}

/* The text of h from the first from to the first to after it. */
static char *
part_of(const char *h, const char *from, const char *to)
{
	const char	*p = strstr(h, from), *e;

	e = p != NULL ? strstr(p, to) : NULL;
	return e != NULL ? arena_strndup(A, p, (size_t)(e - p)) : NULL;
}

/* The toolbar and the outcome section are made once per language: a
 * language's first page drawn from a run does not leave its answers
 * in the pages drawn from no run after it, nor they in a run's page. */
static void
test_page_parts_kept(void)
{
	struct chk_list	*cl = sample("deploy", 3, "pt");
	char		*run1 = page(cl, sample_run(cl)), *none = page(cl, NULL);
	char		*run2 = page(cl, sample_run(cl));
	const char	*outcome = "<section class=\"outcome\"";

	CHECK(strstr(part_of(run1, outcome, "</section>"), " checked") != NULL);
	CHECK_STR(part_of(run1, outcome, "</section>"),
	    part_of(run2, outcome, "</section>"));
	CHECK(strstr(part_of(none, outcome, "</section>"), " checked") == NULL);
	CHECK(strstr(part_of(none, outcome, "</section>"),
	    "rows=\"3\"></textarea>") != NULL);
	CHECK_STR(part_of(none, "<div class=\"tools\"", "</header>"),
	    part_of(run1, "<div class=\"tools\"", "</header>"));
	CHECK(strstr(part_of(none, "<div class=\"tools\"", "</header>"),
	    "Limpar") != NULL);
	free(run1);
	free(none);
	free(run2);
}

/* The progress of each section, "0/N ..." in page order. */
static char *
section_progress(const char *h)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = h, *e;
	char		*s;

	while ((p = strstr(p, "<span class=\"sec-progress\">")) != NULL) {
		p += strlen("<span class=\"sec-progress\">");
		e = strchr(p, '<');
		buf_put(&b, p, (size_t)(e - p));
		buf_putc(&b, ' ');
	}
	s = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The progress of every section, nested ones too, comes from one
 * tally of the page: without a run it is what a run with no answer
 * gives, with a run it counts its answers. */
static void
test_page_progress(void)
{
	struct chk_list	*cl = sample("deploy", 3, "en");
	struct chk_run	*empty = arena_alloc(A, sizeof(*empty));
	char		*none = page(cl, NULL), *run;

	empty->run = "demo/deploy";
	empty->checklist = cl->hash;
	run = page(cl, empty);
	CHECK_STR(section_progress(none), section_progress(run));
	CHECK_STR(section_progress(none), "0/8 0/8 0/6 ");
	CHECK(strstr(none, "<b data-count=\"open\">16</b>") != NULL);
	free(run);
	run = page(cl, sample_run(cl));
	CHECK_STR(section_progress(run), "3/8 2/8 2/6 ");
	free(none);
	free(run);
}

/* A checklist with nothing in it, and NULL wherever the model allows
 * it, still makes a whole page; an empty site still makes an index. */
static void
test_page_minimal(void)
{
	struct chk_list	*cl = arena_alloc(A, sizeof(*cl));
	char		*h;

	cl->project = "p";
	cl->id = "c";
	h = page(cl, NULL);
	CHECK(strstr(h, "<html lang=\"en\">") != NULL);
	CHECK(strstr(h, "<b data-count=\"open\">0</b>") != NULL);
	CHECK(strstr(h, "\"tables\":[],") != NULL);
	CHECK(strstr(h, "</html>\n") != NULL);
	free(h);
	h = site(NULL, 0, NULL);
	CHECK(strstr(h, "<h1>Checklists</h1>") != NULL);
	h = site(NULL, 0, "p");
	CHECK(strstr(h, "<h1>p</h1>") != NULL);
}

/* Labels follow the checklist's language. */
static void
test_page_lang(void)
{
	struct chk_list	*cl = sample("deploy", 3, "ru");
	char		*h = page(cl, NULL);

	CHECK(strstr(h, "<html lang=\"ru\">") != NULL);
	CHECK(strstr(h, ">\xd0\xad\xd0\xba\xd1\x81\xd0\xbf\xd0\xbe\xd1\x80"
	    "\xd1\x82 \xd0\xbf\xd1\x80\xd0\xbe\xd0\xb3\xd0\xbe\xd0\xbd\xd0\xb0"
	    "</button>") != NULL);	/* Экспорт прогона */
	free(h);
}

/* ------------------------------------------------------------------ */
/* The site index. */

static char *
site(const struct emit_site_entry *e, size_t n, const char *project)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*s;

	if (project == NULL)
		CHECK(emit_site_index(e, n, &b, NULL) == 0);
	else
		CHECK(emit_project_index(project, e, n, &b, NULL) == 0);
	s = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
test_site(void)
{
	struct emit_site_entry	 e[3];
	struct chk_list		*a = sample("deploy", 3, "en");
	struct chk_list		*b = sample("zz-rollback", 1, "ru");
	struct chk_list		*c = sample("deploy", 2, "en");
	char			*h;

	c->project = "alpha";
	emit_site_entry_of(&e[0], b, EMIT_FMT_MD);
	emit_site_entry_of(&e[1], a, EMIT_FMT_MD | EMIT_FMT_HTML |
	    EMIT_FMT_PDF | EMIT_FMT_SIGNOFF | EMIT_FMT_ZIP);
	emit_site_entry_of(&e[2], c, EMIT_FMT_HTML);
	e[0].project = e[1].project = "demo";
	e[0].project_name = e[1].project_name = "Demo <Project>";
	e[2].project = "alpha";
	e[2].project_name = "Alpha";
	h = site(e, 3, NULL);
	CHECK(strstr(h, "<a href=\"demo/index.html\">Demo &lt;Project&gt;"
	    "</a>"));
	CHECK(strstr(h, "href=\"demo/deploy.html\" class=\"title\">"
	    "Production deployment"));
	CHECK(strstr(h, "href=\"demo/deploy.md\""));
	CHECK(strstr(h, "href=\"demo/deploy.pdf\""));
	CHECK(strstr(h, "href=\"demo/deploy.signoff.pdf\""));
	CHECK(strstr(h, "href=\"demo/deploy.zip\""));
	CHECK(strstr(h, "href=\"demo/zz-rollback.md\""));
	CHECK(strstr(h, "href=\"demo/zz-rollback.html\"") == NULL);
	CHECK(strstr(h, "href=\"alpha/deploy.md\"") == NULL);
	CHECK(strstr(h, "alpha/index.html") < strstr(h, "demo/index.html"));
	CHECK(strstr(h, "demo/deploy.html") < strstr(h, "demo/zz-rollback.md"));
	CHECK(strstr(h, "Revision 3 \xc2\xb7 16 items") != NULL);
	CHECK(strstr(h, "<script") == NULL);
	CHECK(strstr(h, "class=\"title\">Production deployment \xe2\x80\x94 "
	    "Demo x</a>") != NULL);
	CHECK(strstr(h, "style-src 'sha256-") != NULL);
	h = site(e, 3, "demo");
	CHECK(strstr(h, "<html lang=\"ru\">") == NULL);
	CHECK(strstr(h, "href=\"deploy.html\"") != NULL);
	CHECK(strstr(h, "href=\"../index.html\"") != NULL);
	CHECK(strstr(h, "alpha") == NULL);
	CHECK(strstr(h, "<h1>Demo &lt;Project&gt;</h1>") != NULL);
}

/* ------------------------------------------------------------------ */
/* Sample pages for the browser tests. */

static int
write_file(const char *dir, const char *name, const char *data)
{
	char	 path[4096];
	FILE	*f;
	int	 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	rc = fputs(data, f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static int
write_page(const char *dir, const char *name, const struct chk_list *cl,
    const struct chk_run *run)
{
	char	*h = page(cl, run);
	int	 rc = write_file(dir, name, h);

	free(h);
	return rc;
}

/*
 * demo/deploy.html (revision 3), demo/deploy-r4.html (the same
 * checklist at revision 4: another hash), demo/deploy-run.html (drawn
 * from a run), demo/ru.html, demo/index.html and index.html.
 */
static void
write_samples(const char *dir)
{
	struct chk_list		*cl = sample("deploy", 3, "en");
	struct chk_list		*ru = sample("ru", 3, "ru");
	struct emit_site_entry	 e[2];
	char			 sub[4096];
	int			 rc = 0;

	emit_site_entry_of(&e[0], cl, EMIT_FMT_HTML | EMIT_FMT_MD);
	emit_site_entry_of(&e[1], ru, EMIT_FMT_HTML);
	e[0].project = e[1].project = "demo";
	e[1].project_name = cl->project_name;

	snprintf(sub, sizeof(sub), "%s/demo", dir);
	if (mkdir(dir, 0777) == -1 && errno != EEXIST)
		rc = -1;
	if (mkdir(sub, 0777) == -1 && errno != EEXIST)
		rc = -1;
	rc |= write_page(sub, "deploy.html", cl, NULL);
	rc |= write_page(sub, "deploy-r4.html", sample("deploy", 4, "en"),
	    NULL);
	rc |= write_page(sub, "deploy-run.html", cl, sample_run(cl));
	rc |= write_page(sub, "ru.html", ru, NULL);
	rc |= write_file(sub, "index.html", site(e, 2, "demo"));
	rc |= write_file(dir, "index.html", site(e, 2, NULL));
	rc |= write_file(dir, "hash.txt", cl->hash);
	CHECK(rc == 0);
}

static void
test_write_samples(void)
{
	write_samples(getenv("CHKC_TEST_OUT"));
}

int
main(void)
{
	A = arena_new();
	RUN(test_escape);
	RUN(test_label_memo);
	RUN(test_markdown_extensions);
	RUN(test_markdown_safe);
	RUN(test_markdown_plain);
	RUN(test_markdown_plain_fast);
	RUN(test_page_labels);
	RUN(test_page_ids);
	RUN(test_page_names);
	RUN(test_page_escaping);
	RUN(test_page_csp);
	RUN(test_page_data);
	RUN(test_page_run);
	RUN(test_page_progress);
	RUN(test_page_parts_kept);
	RUN(test_page_minimal);
	RUN(test_page_lang);
	RUN(test_site);
	if (getenv("CHKC_TEST_OUT") != NULL)
		RUN(test_write_samples);
	arena_free(A);
	return HARNESS_EXIT();
}
