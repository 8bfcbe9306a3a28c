/*
 * chkc import: blanks and choices, types, slugs and ids, the YAML
 * writer (every string reads back as itself), the mapping of Markdown
 * to a template, and that every seed imports to YAML that loads and
 * uses only the keys of DESIGN.md §4.1.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "import/import.h"
#include "import/imp.h"
#include "harness.h"

static struct arena *A;
static struct diag *D;
static struct buf OUT;
/* The language given to the import; NULL: guessed (with a warning). */
static const char *LANG = "en";

/* Import md as "t.md" and load the YAML made; NULL on failure. */
static struct chk_node *
imp(const char *md, size_t len)
{
	arena_free(A);
	diag_free(D);
	buf_free(&OUT);
	A = arena_new();
	D = diag_new();
	if (import_markdown("t.md", md, len, NULL, LANG, &OUT, D) == -1)
		return NULL;
	return load_buffer(A, "t.yaml", buf_str(&OUT), OUT.len, D);
}

static struct chk_node *
imps(const char *md)
{
	return imp(md, strlen(md));
}

static struct chk_node *
at(const struct chk_node *seq, size_t i)
{
	return seq != NULL && seq->kind == CHK_NODE_SEQ && i < seq->n ?
	    seq->items[i] : NULL;
}

static const char *
str(const struct chk_node *map, const char *key)
{
	return node_str(node_get(map, key));
}

/* Section i of a parent (the document or a section). */
static struct chk_node *
sec(const struct chk_node *parent, size_t i)
{
	return at(node_get(parent, "sections"), i);
}

static struct chk_node *
item(const struct chk_node *s, size_t i)
{
	return at(node_get(s, "items"), i);
}

static void
test_fills(void)
{
	struct arena	*a = arena_new();
	struct imp_fill	*f;

#define FILLS(s)	imp_fills(a, (s), strlen(s))
	f = FILLS("Backup size: ______ MB");
	CHECK(f != NULL && f->next == NULL);
	CHECK_STR(f->label, "Backup size");
	CHECK_STR(f->field->unit, "MB");
	CHECK_STR(f->field->type, "number");
	f = FILLS("**Version**: v_____");
	CHECK_STR(f->label, "**Version**");
	CHECK_STR(f->field->prefix, "v");
	CHECK(f->field->unit == NULL);
	f = FILLS("Start ______ End _______");
	CHECK(imp_nfills(f) == 2);
	CHECK_STR(f->label, "Start");
	CHECK_STR(f->next->label, "End");
	CHECK_STR(f->next->field->type, "time");
	f = FILLS("Health check: [ ] Yes [x] No");
	CHECK(imp_nfills(f) == 1 && f->field->options.n == 2);
	CHECK_STR(f->field->type, "choice");
	CHECK_STR(f->field->options.v[1], "No");
	f = FILLS("\xE2\x98\x90 Success \xE2\x98\x90 Partial \xE2\x98\x90 Rollback");
	CHECK(f != NULL && f->field->options.n == 3 && *f->label == '\0');
	f = FILLS("(expires: _______)");
	CHECK_STR(f->label, "(expires)");
	CHECK(f->field->unit == NULL);
	f = FILLS("No DDL (verify size: ____ rows)");
	CHECK_STR(f->label, "No DDL (verify size)");
	CHECK_STR(f->field->unit, "rows");
	f = FILLS("Size: ____ (in MB)");
	CHECK_STR(f->label, "Size");
	CHECK_STR(f->field->unit, "(in MB)");
	CHECK(FILLS("**Deployed by**: `____________`") != NULL);
	CHECK(FILLS("`snake_case___` and __bold__") == NULL);
	CHECK(FILLS("text___ and ___text") == NULL);
	CHECK(FILLS("see `v___-<date>.md`") == NULL);
	CHECK(FILLS("one box [ ] only") == NULL);
	CHECK(FILLS("[ ](link) [ ](other)") == NULL);
	CHECK(FILLS("escaped \\_\\_\\_ underscores") == NULL);
	CHECK(imp_only_blank("  _____  ", 9));
	CHECK(!imp_only_blank("_____ ms", 8));
#undef FILLS
	arena_free(a);
}

static void
test_types(void)
{
	CHECK_STR(imp_guess_type("Release Date", NULL), "date");
	CHECK_STR(imp_guess_type("Date/Time", NULL), "datetime");
	CHECK_STR(imp_guess_type("Start Time", NULL), "time");
	CHECK_STR(imp_guess_type("Canary phase 1 (5%) started at", NULL),
	    "time");
	CHECK_STR(imp_guess_type("DevOps Notes", NULL), "longtext");
	CHECK_STR(imp_guess_type("Response time", "ms"), "number");
	CHECK_STR(imp_guess_type("Connections", "of 200"), "number");
	CHECK_STR(imp_guess_type("Дата", NULL), "date");
	CHECK_STR(imp_guess_type("Version", NULL), "text");
	CHECK_STR(imp_guess_type("Backend", NULL), "text");
	CHECK_STR(imp_guess_type("Deadline", "UTC"), "date");
}

static void
test_slugs(void)
{
	struct arena	*a = arena_new();
	char		*id, *s;

	CHECK_STR(imp_slug(a, "**Production** server: OK!"),
	    "production-server-ok");
	CHECK_STR(imp_slug(a, "1. Код и Тесты"), "1-код-и-тесты");
	CHECK_STR(imp_slug(a, "\xF0\x9F\x9A\x80 `x`"), "x");
	CHECK_STR(imp_slug(a, "---"), "");
	/* Cut at 64 bytes, at a character boundary, as the resolver does. */
	s = imp_slug(a, "Очень длинный текст проверки, который не помещается "
	    "в идентификатор");
	CHECK(strlen(s) <= 64 && s[strlen(s) - 1] != '-');
	id = import_id("Чек-лист деплоя \xF0\x9F\x9A\x80");
	CHECK_STR(id, "chek-list-deploya");
	free(id);
	id = import_id("Caf\xC3\xA9 \xC3\x9C" "ber_Checklist.md");
	CHECK_STR(id, "cafe-uber-checklist-md");
	free(id);
	id = import_id("\xF0\x9F\x9A\x80");
	CHECK_STR(id, "");
	free(id);
	arena_free(a);
}

/* s written by the YAML writer reads back as the same string. */
static void
check_scalar(const char *s)
{
	struct buf	 b = { 0 };
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct chk_node	*n;

	buf_puts(&b, "a:\n  k: ");
	imp_yaml_scalar(&b, s, 4, 0);
	buf_puts(&b, b.data[b.len - 1] == '\n' ? "  f: [" : "\n  f: [");
	imp_yaml_scalar(&b, s, 0, 1);
	buf_puts(&b, ", x]\n  z: 1\n");
	n = load_buffer(a, "s.yaml", buf_str(&b), b.len, d);
	CHECK(n != NULL);
	if (n != NULL) {
		n = node_get(n, "a");
		CHECK_STR(str(n, "k"), s);
		CHECK_STR(node_str(at(node_get(n, "f"), 0)), s);
		CHECK(node_get(n, "z") != NULL);
	}
	if (n == NULL || strcmp(str(n, "k") ? str(n, "k") : "", s) != 0)
		printf("  scalar \"%s\" written as:\n%s\n", s, buf_str(&b));
	buf_free(&b);
	diag_free(d);
	arena_free(a);
}

static void
test_yaml_scalars(void)
{
	static const char *const tricky[] = {
		"plain text", "yes", "No", "on", "OFF", "y", "~", "null",
		"Null", "true", "False", "1.0", "12", "-3", "0x1F", "0o17",
		"1e3", ".inf", "-.inf", ".nan", "2025-01-12", "12:30", "1.2.3",
		"80%", "-", "- a", "-a", "a: b", "a:", "a #b", "a#b", "#x",
		"{{ x }}", "{x}", "[a]", "a, b", "a]b", "? x", ": x", "&x",
		"*x", "!x", "|x", ">x", "'q'", "\"dq\"", "%x", "@x", "`x`",
		"  lead", "trail ", "tab\there", "\ttab", "ctrl\x01" "x",
		"del\x7F", "\xC3\xBC ber", "\xE2\x80\xA8sep", "\xEF\xBB\xBF" "bom",
		"multi\nline", "multi\nline\n", "multi\nline\n\n\n",
		"\n\nlead blank", "  indented\nblock\n", "a\n  indented\n",
		"line\n \n  spaces only\n", "trailing space \nnext",
		"\\back\\slash", "...", "---", "<<", "=", "a\"b'c",
		"\xD0\x9A\xD0\xBE\xD0\xB4: \xD1\x82\xD0\xB5\xD1\x81\xD1\x82",
		NULL
	};
	size_t	i;

	for (i = 0; tricky[i] != NULL; i++)
		check_scalar(tricky[i]);
}

static void
test_escape_braces(void)
{
	struct arena	*a = arena_new();

	CHECK_STR(imp_escape_braces(a, "a {{ b }} c"),
	    "a {{ \"{{\" }} b }} c");
	CHECK_STR(imp_escape_braces(a, "no braces { }"), "no braces { }");
	arena_free(a);
}

static const char basic[] =
    "# Release\n\nRun it before a release.\n\n---\n\n"
    "| Item | Value |\n|--|--|\n| **Version** | v_____ |\n"
    "| Strategy | [ ] Blue [ ] Green |\n\n"
    "## Prepare\n\n"
    "- [ ] Review done\n"
    "- [x] **Tests passing**\n  ```sh\n  make test\n  ```\n"
    "- [ ] Vars set:\n  - [ ] A\n  - [ ] B\n"
    "- [ ] Backup size: ____ MB\n"
    "- [ ] Review done\n\n"
    "Some note.\n\n"
    "### Deeper\n\n"
    "- [ ] Timeline: Start ____ End ____\n\n"
    "## Monitoring\n\n"
    "| Time | Error | Action |\n|--|--|--|\n| T+0 | ___ % | ___ |\n"
    "| T+10 | ___ % | ___ |\n\n"
    "**Approved by**: ________ **Date**: ____\n\n"
    "**Notes**:\n______________________\n\n"
    "## Sign-off\n\n"
    "| Role | Name | Signature |\n|--|--|--|\n| QA | ___ | ___ |\n";

static void
test_mapping(void)
{
	struct chk_node	*n = imps(basic), *s, *it, *f;

	CHECK(n != NULL && diag_count(D) == 0);
	if (n == NULL)
		return;
	CHECK_STR(str(n, "id"), "release");
	CHECK_STR(str(n, "title"), "Release");
	CHECK_STR(str(n, "lang"), "en");
	CHECK_STR(str(n, "description"), "Run it before a release.");
	f = node_get(n, "fields");
	CHECK(f != NULL && f->n == 2);
	CHECK_STR(str(at(f, 0), "field"), "Version");
	CHECK_STR(str(at(f, 1), "type"), "choice");
	CHECK_STR(node_str(at(node_get(at(f, 1), "options"), 1)), "Green");
	s = sec(n, 0);
	CHECK_STR(str(s, "title"), "Prepare");
	CHECK_STR(node_str(item(s, 0)), "Review done");
	it = item(s, 1);
	CHECK_STR(str(it, "check"), "**Tests passing**");
	CHECK_STR(str(it, "code"), "make test");
	CHECK_STR(str(it, "lang"), "sh");
	CHECK(node_get(item(s, 2), "items")->n == 2);
	it = item(s, 3);
	CHECK_STR(str(it, "check"), "Backup size");
	CHECK_STR(str(node_get(it, "field"), "unit"), "MB");
	CHECK_STR(str(node_get(it, "field"), "type"), "number");
	CHECK_STR(str(item(s, 4), "id"), "review-done-2");
	CHECK_STR(str(item(s, 5), "md"), "Some note.");
	s = sec(s, 0);
	CHECK_STR(node_str(item(s, 0)), "Timeline");
	CHECK_STR(str(item(s, 1), "field"), "Start");
	CHECK_STR(str(item(s, 2), "type"), "time");
	s = sec(n, 1);
	it = item(s, 0);
	CHECK_STR(str(it, "table"), "Monitoring");
	CHECK_STR(node_str(at(node_get(it, "columns"), 1)), "Error %");
	CHECK_STR(node_str(at(node_get(it, "rows"), 1)), "T+10");
	CHECK_STR(str(item(s, 1), "field"), "Notes");
	CHECK_STR(str(item(s, 1), "type"), "longtext");
	CHECK(sec(n, 2) == NULL);	/* became a sign-off group */
	f = node_get(n, "signoff");
	CHECK(f != NULL && f->n == 2);
	CHECK_STR(node_str(at(node_get(at(f, 0), "roles"), 0)), "Approved by");
	CHECK_STR(node_str(at(node_get(at(f, 0), "columns"), 1)), "Date");
	CHECK_STR(str(at(f, 1), "title"), "Sign-off");
	CHECK_STR(node_str(at(node_get(at(f, 1), "columns"), 1)), "Signature");
}

static void
test_lists(void)
{
	struct chk_node	*n, *s;

	n = imps("# L\n\n## Rollback\n\n1. **Now**\n   - [ ] Alert\n"
	    "2. **Later**\n   - [ ] Report\n\n- [ ] Endpoints:\n"
	    "  1. _____\n  2. _____\n- [ ] Last\n```\ncode after\n```\n");
	CHECK(n != NULL && diag_count(D) == 0);
	s = sec(n, 0);
	CHECK_STR(str(item(s, 0), "md"), "1. **Now**");
	CHECK_STR(node_str(item(s, 1)), "Alert");
	CHECK_STR(str(item(s, 2), "md"), "2. **Later**");
	CHECK_STR(node_str(item(s, 4)), "Endpoints:");
	CHECK_STR(str(item(s, 5), "field"), "1");
	CHECK_STR(str(item(s, 6), "field"), "2");
	CHECK_STR(str(item(s, 7), "check"), "Last");
	CHECK_STR(str(item(s, 7), "code"), "code after");
	/* Sign-off lines under a sign-off heading. */
	n = imps("# L\n\n## Approvals\n\n- [ ] **Tech Lead**: ____ Date: ___\n"
	    "- [ ] QA: ____ Date: ___\n");
	CHECK(n != NULL && sec(n, 0) == NULL);
	s = at(node_get(n, "signoff"), 0);
	CHECK_STR(node_str(at(node_get(s, "roles"), 0)), "Tech Lead");
	CHECK(node_get(s, "columns")->n == 2);
	/* ... but not elsewhere. */
	n = imps("# L\n\n## Team\n\n- [ ] **Tech Lead**: ____\n");
	CHECK_STR(str(item(sec(n, 0), 0), "check"), "**Tech Lead**");
}

static void
test_headings(void)
{
	struct chk_node	*n;

	n = imps("Two\nlines\n=====\n\n## \xF0\x9F\x9A\x80\n\n- [ ] a\n\n"
	    "## \xF0\x9F\x9A\x80 ##\n\n- [ ] b\n\nSub\n---\n\n- [ ] c\n\n"
	    "# Fields\n\n- [ ] d\n");
	CHECK(n != NULL && diag_count(D) == 0);
	CHECK_STR(str(n, "title"), "Two lines");
	CHECK_STR(str(sec(n, 0), "id"), "section");
	CHECK_STR(str(sec(n, 1), "id"), "section-2");
	CHECK_STR(str(sec(n, 1), "title"), "\xF0\x9F\x9A\x80");
	CHECK_STR(str(sec(n, 2), "title"), "Sub");
	/* "fields" is the path of the run header's fields. */
	CHECK_STR(str(sec(n, 3), "id"), "fields-2");
}

static void
test_crlf_tabs(void)
{
	const char	*lf = "# T\n\n## S\n\n-\t[ ] one\n* [ ] two\n\t- [ ] sub\n";
	const char	*crlf = "# T\r\n\r\n## S\r\n\r\n-\t[ ] one\r\n"
	    "* [ ] two\r\n\t- [ ] sub\r\n";
	char		*first;
	struct chk_node	*n;

	n = imps(lf);
	CHECK(n != NULL);
	first = xstrdup(buf_str(&OUT));
	CHECK_STR(node_str(item(sec(n, 0), 0)), "one");
	CHECK_STR(str(item(sec(n, 0), 1), "check"), "two");
	CHECK_STR(node_str(at(node_get(item(sec(n, 0), 1), "items"), 0)),
	    "sub");
	CHECK(imps(crlf) != NULL);
	CHECK_STR(buf_str(&OUT), first);
	free(first);
}

/* The language of md as guessed, and the warning that says it. */
static void
guess(const char *md, const char *lang, const char *warning)
{
	struct chk_node	*n;

	LANG = NULL;
	n = imps(md);
	LANG = "en";
	CHECK(n != NULL);
	CHECK_STR(str(n, "lang"), lang);
	CHECK_STR(diag_text(D, 0), warning);
}

static void
test_language(void)
{
	struct chk_node	*n;

	guess("# Чек-лист \xF0\x9F\x9A\x80\n\n## Код\n\n"
	    "- [ ] Тесты проходят (`make test`)\n- [ ] Redis доступен\n", "ru",
	    "t.md: warning: language guessed: 'ru' (from Cyrillic letters); "
	    "--lang sets another");
	guess("# 发布检查\n\n- [ ] 所有测试均已通过 `make test`\n", "zh",
	    "t.md: warning: language guessed: 'zh' (from Han characters "
	    "without kana); --lang sets another");
	guess("# リリース確認\n\n- [ ] すべてのテストが通ること\n", "ja",
	    "t.md: warning: language guessed: 'ja' (from its kana); --lang "
	    "sets another");
	guess("# 배포 점검\n\n- [ ] 모든 테스트 통과\n", "ko",
	    "t.md: warning: language guessed: 'ko' (from Hangul); --lang sets "
	    "another");
	guess("# Lista\n\n- [ ] Las pruebas de la API están en verde y se "
	    "revisó el registro\n", "es", "t.md: warning: language guessed: "
	    "'es' (from its common words); --lang sets another");
	guess("# Liste\n\n- [ ] Die Tests sind grün und der Build ist "
	    "sauber\n", "de", "t.md: warning: language guessed: 'de' (from "
	    "its common words); --lang sets another");
	guess("# Liste\n\n- [ ] Les tests sont verts et le journal est "
	    "propre\n", "fr", "t.md: warning: language guessed: 'fr' (from "
	    "its common words); --lang sets another");
	guess("# Lista\n\n- [ ] Os testes da API estão verdes e o log foi "
	    "revisado\n", "pt", "t.md: warning: language guessed: 'pt' (from "
	    "its common words); --lang sets another");
	guess("# List\n\n- [ ] The tests are green and the log is clean\n",
	    "en", "t.md: warning: language guessed: 'en' (from its common "
	    "words); --lang sets another");
	/* Code is not prose: a Russian list of English commands is ru. */
	guess("# Деплой\n\n- [ ] Выполнить `kubectl rollout restart "
	    "deployment/api --namespace production`\n", "ru", "t.md: warning: "
	    "language guessed: 'ru' (from Cyrillic letters); --lang sets "
	    "another");
	LANG = "pt-BR";
	n = imps("# The tests\n\n- [ ] ok\n");
	LANG = "en";
	CHECK_STR(str(n, "lang"), "pt-BR");
	CHECK(diag_count(D) == 0);
	n = imps("# Чек-лист \xF0\x9F\x9A\x80\n\n## Код\n\n"
	    "- [ ] Тесты проходят (`make test`)\n- [ ] Redis доступен\n");
	CHECK(n != NULL);
	CHECK_STR(str(n, "id"), "chek-list");
	CHECK_STR(str(n, "title"), "Чек-лист \xF0\x9F\x9A\x80");
	CHECK_STR(node_str(item(sec(n, 0), 0)), "Тесты проходят (`make test`)");
}

static void
test_braces(void)
{
	struct chk_node	*n = imps("# T\n\n- [ ] Run `{{ x }}`\n");

	CHECK(n != NULL);
	CHECK_STR(node_str(item(sec(n, 0), 0)), "Run `{{ \"{{\" }} x }}`");
	/* Content before any section heading: a section named by the title. */
	CHECK_STR(str(sec(n, 0), "title"), "T");
}

static void
test_diagnostics(void)
{
	CHECK(imps("# T\n\nca\xFF\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.md:3:3: error: invalid UTF-8 byte 0xFF "
	    "(chkc reads UTF-8 only)");
	CHECK(imps("# T\n\n\xED\xA0\x80\n") == NULL);	/* a surrogate */
	CHECK(imp("# T\n\nab\0c\n", 10) == NULL);
	CHECK_STR(diag_text(D, 0), "t.md:3:3: error: NUL byte: not a text file");
	CHECK(imps("# T\n\n## S\n\n| A | B | C |\n|--|--|--|\n"
	    "| x | Start ___ End ___ | ___ |\n") != NULL);
	CHECK_STR(diag_text(D, 0), "t.md:5:1: warning: fill-in blanks or "
	    "choices in this table are kept as Markdown text, not fields");
	CHECK(imps("") != NULL);
	CHECK_STR(diag_text(D, 0), "t.md: warning: no heading: the title is "
	    "the file name");
}

/* Fixed cells beside blanks: a table block whose rows are cells. */
static void
test_fixed_table(void)
{
	struct chk_node	*n, *t, *rows;

	n = imps("# T\n\n## Test results\n\n| Suite | Passed | Total |\n"
	    "|--|--|--|\n| Unit Tests | _____ | 1240 |\n| **E2E** |  | 85 |\n");
	CHECK(n != NULL && diag_count(D) == 0);
	t = item(sec(n, 0), 0);
	CHECK_STR(str(t, "table"), "Test results");
	rows = node_get(t, "rows");
	CHECK(rows != NULL && rows->n == 2);
	CHECK_STR(node_str(at(at(rows, 0), 0)), "Unit Tests");
	CHECK(at(at(rows, 0), 1) != NULL &&
	    at(at(rows, 0), 1)->kind == CHK_NODE_NULL);
	CHECK_STR(node_str(at(at(rows, 0), 2)), "1240");
	CHECK_STR(node_str(at(at(rows, 1), 0)), "E2E");
	CHECK(at(at(rows, 1), 1)->kind == CHK_NODE_NULL);
	/* Only fixed text and empty cells: no blank, so Markdown. */
	n = imps("# T\n\n| A | B |\n|--|--|\n| x |  |\n| y | z |\n");
	CHECK(n != NULL && str(item(sec(n, 0), 0), "md") != NULL);
}

/* GitHub issue template front matter: title, description, a comment. */
static void
test_front_matter(void)
{
	struct chk_node	*n;

	n = imps("---\nname: Release sign-off\nabout: Before a release\n"
	    "title: \"[RELEASE] \"\nlabels: [release, qa]\nassignees: ''\n"
	    "---\n\n## Checks\n\n- [ ] Tests pass\n");
	CHECK(n != NULL && diag_count(D) == 0);
	CHECK_STR(str(n, "title"), "Release sign-off");
	CHECK_STR(str(n, "description"), "Before a release");
	CHECK_STR(str(sec(n, 0), "title"), "Checks");
	CHECK(strstr(buf_str(&OUT), "\n# front matter: title: [RELEASE] ; "
	    "labels: release, qa\n") != NULL);
	/* A rule and text that are not YAML stay Markdown: here a rule
	 * and a setext heading. */
	n = imps("---\nnot: [yaml\n---\n\n# T\n\n- [ ] x\n");
	CHECK(n != NULL);
	CHECK_STR(str(n, "title"), "not: [yaml");
	/* No closing line: no front matter. */
	n = imps("---\nname: x\n\n# T\n");
	CHECK(n != NULL && strcmp(str(n, "title"), "x") != 0);
}

/* Link reference definitions come back as an md block where they were. */
static void
test_link_defs(void)
{
	struct chk_node	*n;

	n = imps("# T\n\n- [ ] See the [manifest file][m]\n\n"
	    "[m]: https://example.com/m \"The manifest\"\n");
	CHECK(n != NULL && diag_count(D) == 0);
	CHECK_STR(node_str(item(sec(n, 0), 0)), "See the [manifest file][m]");
	CHECK_STR(str(item(sec(n, 0), 1), "md"),
	    "[m]: https://example.com/m \"The manifest\"");
}

static void
test_deep(void)
{
	struct buf	 b = { 0 };
	struct chk_node	*n;
	int		 i;

	buf_puts(&b, "# Deep\n\n");
	for (i = 0; i < 200; i++) {
		buf_printf(&b, "%*s- [ ] level %d\n", 2 * i, "", i);
	}
	n = imp(buf_str(&b), b.len);
	CHECK(n != NULL && diag_errors(D) == 0);
	CHECK(diag_warnings(D) >= 1);
	buf_free(&b);
}

/* The keys DESIGN.md §4.1 allows, by kind of mapping. */
static const char *const top_keys[] = { "id", "title", "revision", "lang",
    "description", "fields", "sections", "signoff", NULL };
static const char *const section_keys[] = { "id", "title", "items",
    "sections", NULL };
static const char *const check_keys[] = { "check", "id", "details", "code",
    "lang", "field", "items", NULL };
static const char *const field_keys[] = { "field", "id", "type", "unit",
    "options", NULL };
static const char *const inline_keys[] = { "type", "unit", "options", NULL };
static const char *const table_keys[] = { "table", "id", "columns", "rows",
    NULL };
static const char *const md_keys[] = { "md", "id", NULL };
static const char *const signoff_keys[] = { "title", "id", "roles",
    "columns", NULL };

static int	keys_quiet;	/* the test of keys_in itself */

static int
keys_in(const struct chk_node *map, const char *const *keys)
{
	size_t	i, k;

	if (map == NULL || map->kind != CHK_NODE_MAP)
		return 0;
	for (i = 0; i < map->n; i++) {
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(map->pairs[i].key->str, keys[k]) == 0)
				break;
		if (keys[k] == NULL) {
			if (!keys_quiet)
				printf("  unexpected key '%s' at line %d\n",
			    map->pairs[i].key->str, map->pairs[i].key->loc.line);
			return 0;
		}
	}
	return 1;
}

static int	items_ok(const struct chk_node *);

static int
block_ok(const struct chk_node *b)
{
	if (b->kind == CHK_NODE_STRING)
		return 1;
	if (node_get(b, "check") != NULL)
		return keys_in(b, check_keys) && (node_get(b, "field") == NULL ||
		    keys_in(node_get(b, "field"), inline_keys)) &&
		    items_ok(node_get(b, "items"));
	if (node_get(b, "field") != NULL)
		return keys_in(b, field_keys);
	if (node_get(b, "table") != NULL)
		return keys_in(b, table_keys);
	return keys_in(b, md_keys);
}

static int
items_ok(const struct chk_node *seq)
{
	size_t	i;

	for (i = 0; seq != NULL && i < seq->n; i++)
		if (!block_ok(seq->items[i]))
			return 0;
	return 1;
}

static int
sections_ok(const struct chk_node *seq)
{
	size_t	i;

	for (i = 0; seq != NULL && i < seq->n; i++)
		if (!keys_in(seq->items[i], section_keys) ||
		    !items_ok(node_get(seq->items[i], "items")) ||
		    !sections_ok(node_get(seq->items[i], "sections")))
			return 0;
	return 1;
}

static int
template_ok(const struct chk_node *n)
{
	const struct chk_node	*so = node_get(n, "signoff");
	size_t			 i;

	for (i = 0; so != NULL && i < so->n; i++)
		if (!keys_in(so->items[i], signoff_keys))
			return 0;
	return keys_in(n, top_keys) && items_ok(node_get(n, "fields")) &&
	    sections_ok(node_get(n, "sections"));
}

static void
test_seeds(void)
{
	const char	*dir = getenv("SEEDS") ? getenv("SEEDS") :
			    "../shared/seeds";
	struct dirent	*e;
	struct buf	 md = { 0 };
	char		 path[512], chunk[4096];
	struct chk_node	*n;
	size_t		 got, seen = 0;
	DIR		*dp;
	FILE		*fp;

	if ((dp = opendir(dir)) == NULL)
		SKIP_TEST("no seeds in ../shared/seeds or $SEEDS: put the "
		    "five seed checklists there");
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((fp = fopen(path, "rb")) == NULL)
			continue;
		buf_reset(&md);
		while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_put(&md, chunk, got);
		fclose(fp);
		n = imp(buf_str(&md), md.len);
		CHECK(n != NULL && diag_errors(D) == 0);
		CHECK(n != NULL && template_ok(n));
		seen++;
	}
	closedir(dp);
	buf_free(&md);
	CHECK(seen == 5);
}

static void
test_small_keys(void)
{
	struct chk_node	*n = imps(basic);

	CHECK(n != NULL && template_ok(n));
	/* The checker itself refuses what DESIGN does not name. */
	keys_quiet = 1;
	CHECK(!keys_in(n, section_keys));
	keys_quiet = 0;
}

int
main(void)
{
	RUN(test_fills);
	RUN(test_types);
	RUN(test_slugs);
	RUN(test_yaml_scalars);
	RUN(test_escape_braces);
	RUN(test_mapping);
	RUN(test_lists);
	RUN(test_headings);
	RUN(test_crlf_tabs);
	RUN(test_language);
	RUN(test_braces);
	RUN(test_diagnostics);
	RUN(test_fixed_table);
	RUN(test_front_matter);
	RUN(test_link_defs);
	RUN(test_deep);
	RUN(test_small_keys);
	RUN(test_seeds);
	arena_free(A);
	diag_free(D);
	buf_free(&OUT);
	return HARNESS_EXIT();
}
