/*
 * Tests of the resolved model's own functions (src/model.c): the
 * canonical JSON of a checklist and its hash, which bundles and runs pin,
 * and a run's answers as every emitter reads them.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "harness.h"
#include "model.h"

static struct arena *A;

static const char *
json_string(const char *s)
{
	struct buf	 b = { 0 };
	const char	*out;

	model_json_string(&b, s);
	out = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return out;
}

static void
test_json_string(void)
{
	CHECK_STR(json_string(""), "\"\"");
	CHECK_STR(json_string("plain text"), "\"plain text\"");
	CHECK_STR(json_string("say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
	CHECK_STR(json_string("a\nb"), "\"a\\nb\"");
	CHECK_STR(json_string("tab\there\x01\x1f"),
	    "\"tab\\u0009here\\u0001\\u001f\"");
	/* UTF-8 passes as it is: the JSON is UTF-8. */
	CHECK_STR(json_string("Деплой — ok ✓"), "\"Деплой — ok ✓\"");
	/* No HTML escaping: the JSON is data, each emitter escapes it. */
	CHECK_STR(json_string("</script>"), "\"</script>\"");
}

/* The escape of s byte by byte, as JSON has it: the reference the
 * word-at-a-time scan of model_json_string() must match. */
static const char *
json_string_slow(const char *s)
{
	struct buf		 b = { 0 };
	const unsigned char	*p;
	const char		*out;

	buf_putc(&b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p == '"' || *p == '\\')
			buf_printf(&b, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(&b, "\\n");
		else if (*p < 0x20)
			buf_printf(&b, "\\u%04x", *p);
		else
			buf_putc(&b, *p);
	buf_putc(&b, '"');
	out = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return out;
}

/*
 * Every byte that needs an escape, and the bytes beside the limits of
 * the word-wide test (' ' 0x20, '!' '#' beside '"', '[' ']' beside
 * '\\', 0x7f, bytes >= 0x80), at every place of texts of 1 to 70
 * bytes: in, across and after the 8- and 16-byte blocks the scan tests
 * at once.
 */
static void
test_json_string_words(void)
{
	static const char	bytes[] = "\"\\\n\x01\x1f\t !#[]\x7f\x80\xa2\xdc\xff";
	char			s[80];
	size_t			len, at, k;
	int			bad = 0;

	for (len = 1; len <= 70; len++)
		for (at = 0; at < len; at++)
			for (k = 0; k < sizeof(bytes) - 1; k++) {
				memset(s, 'a', len);
				s[len] = '\0';
				s[at] = bytes[k];
				if (at + 3 < len)
					s[at + 3] = bytes[(k + 1) %
					    (sizeof(bytes) - 1)];
				if (at + 17 < len)
					s[at + 17] = bytes[(k + 2) %
					    (sizeof(bytes) - 1)];
				if (strcmp(json_string(s),
				    json_string_slow(s)) != 0 && bad++ == 0)
					CHECK_STR(json_string(s),
					    json_string_slow(s));
			}
	CHECK(bad == 0);
}

/* A checklist of one section with a check and a number field. */
static struct chk_list *
small_list(void)
{
	struct chk_list		*cl = arena_alloc(A, sizeof(*cl));
	struct chk_section	*s = arena_alloc(A, sizeof(*s));
	struct chk_item		*check = arena_alloc(A, sizeof(*check));
	struct chk_item		*field = arena_alloc(A, sizeof(*field));
	struct chk_field	*f = arena_alloc(A, sizeof(*f));

	check->kind = CHK_ITEM_CHECK;
	check->id = "backup";
	check->path = "pre.backup";
	check->text = "Backup \"made\"";
	check->critical = 1;
	f->type = CHK_FIELD_NUMBER;
	f->label = "Size";
	f->unit = "MB";
	f->has_max = 1;
	f->max = 1000;
	field->kind = CHK_ITEM_FIELD;
	field->id = "size";
	field->path = "pre.size";
	field->text = f->label;
	field->field = f;
	s->id = s->path = "pre";
	s->title = "Before";
	s->items = arena_alloc(A, 2 * sizeof(*s->items));
	s->items[0] = check;
	s->items[1] = field;
	s->nitems = 2;
	cl->project = "shop";
	cl->id = cl->template_id = "deploy";
	cl->lang = "en";
	cl->revision = 3;
	cl->title = "Deploy";
	cl->sections = arena_alloc(A, sizeof(*cl->sections));
	cl->sections[0] = s;
	cl->nsections = 1;
	return cl;
}

static void
test_json(void)
{
	struct chk_list	*cl = small_list();
	struct buf	 b = { 0 };

	model_json(cl, &b);
	CHECK_STR(buf_str(&b), "{\"chkc\":1,\"project\":\"shop\","
	    "\"checklist\":\"deploy\",\"template\":\"deploy\",\"lang\":\"en\","
	    "\"revision\":3,\"title\":\"Deploy\",\"fields\":[],\"sections\":["
	    "{\"path\":\"pre\",\"title\":\"Before\",\"items\":["
	    "{\"kind\":\"check\",\"path\":\"pre.backup\","
	    "\"text\":\"Backup \\\"made\\\"\",\"critical\":true},"
	    "{\"kind\":\"field\",\"path\":\"pre.size\",\"text\":\"Size\","
	    "\"field\":{\"type\":\"number\",\"label\":\"Size\",\"unit\":\"MB\","
	    "\"max\":1000}}],\"sections\":[]}],\"signoff\":[]}\n");
	buf_free(&b);
}

/* The hash is SHA-256 of the canonical JSON, and follows every text. */
static void
test_hash(void)
{
	struct chk_list	*cl = small_list();
	struct buf	 b = { 0 };
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 len = 0, i;
	char		 want[72] = "sha256:", first[72];

	model_json(cl, &b);
	EVP_Digest(b.data, b.len, md, &len, EVP_sha256(), NULL);
	for (i = 0; i < len; i++)
		snprintf(want + 7 + 2 * i, 3, "%02x", md[i]);
	model_hash(cl);
	CHECK_STR(cl->hash, want);
	CHECK(strlen(cl->hash) == 71);
	memcpy(first, cl->hash, sizeof(first));
	model_hash(cl);
	CHECK_STR(cl->hash, first);
	cl->sections[0]->items[1]->field->unit = "GB";
	model_hash(cl);
	CHECK(strcmp(cl->hash, first) != 0);
	buf_free(&b);
}

static struct chk_answer
answer(const char *path, int done, const char *value, const char *na,
    const char *failed)
{
	struct chk_answer	a = { path, done, value, na, failed, NULL, NULL };

	return a;
}

static void
test_answer(void)
{
	struct chk_answer	 items[] = {
		answer("a.one", 1, NULL, NULL, NULL),
		answer("a.three", 0, "x", NULL, NULL),
		answer("a.two", 0, NULL, "not here", NULL),
		answer("b", 0, NULL, NULL, "broke"),
	};
	struct chk_answer	 fields[] = { answer("fields.version", 0, "v1",
	    NULL, NULL) };
	struct chk_run		 run = { 0 };

	run.items = items;
	run.nitems = 4;
	run.fields = fields;
	run.nfields = 1;
	CHECK(model_answer(NULL, "a.one") == NULL);
	CHECK(model_answer(&run, NULL) == NULL);
	CHECK(model_answer(&run, "a.one") == &items[0]);
	CHECK(model_answer(&run, "a.two") == &items[2]);
	CHECK(model_answer(&run, "b") == &items[3]);
	CHECK(model_answer(&run, "a") == NULL);
	CHECK(model_answer(&run, "a.on") == NULL);
	CHECK(model_answer(&run, "c") == NULL);
	/* Header fields and items are two name spaces. */
	CHECK(model_answer(&run, "fields.version") == &fields[0]);
	CHECK(model_answer(&run, "version") == NULL);
}

static enum chk_state
state(enum chk_item_kind kind, enum chk_field_type type, struct chk_answer a)
{
	static struct chk_field	 f;
	static struct chk_item	 it;
	static struct chk_run	 run;
	static struct chk_answer answers[1];

	f.type = type;
	it.kind = kind;
	it.path = "s.x";
	it.field = kind == CHK_ITEM_FIELD ? &f : NULL;
	answers[0] = a;
	run.items = answers;
	run.nitems = a.path != NULL;
	return model_item_state(&run, &it);
}

static void
test_item_state(void)
{
	const enum chk_item_kind	 C = CHK_ITEM_CHECK, F = CHK_ITEM_FIELD;
	const enum chk_field_type	 T = CHK_FIELD_TEXT, B = CHK_FIELD_BOOL;
	struct chk_item			 it = { 0 };

	it.path = "s.x";
	CHECK(model_item_state(NULL, &it) == CHK_OPEN);
	CHECK(state(C, T, answer(NULL, 0, NULL, NULL, NULL)) == CHK_OPEN);
	CHECK(state(C, T, answer("s.x", 1, NULL, NULL, NULL)) == CHK_DONE);
	CHECK(state(C, T, answer("s.x", 0, NULL, NULL, NULL)) == CHK_OPEN);
	CHECK(state(C, T, answer("s.x", 1, NULL, "n/a", NULL)) == CHK_NA);
	/* Failed wins over N/A and done, as on the page. */
	CHECK(state(C, T, answer("s.x", 1, NULL, "n/a", "bad")) == CHK_FAILED);
	CHECK(state(F, T, answer("s.x", 0, "", NULL, NULL)) == CHK_OPEN);
	CHECK(state(F, T, answer("s.x", 0, "0", NULL, NULL)) == CHK_DONE);
	CHECK(state(F, T, answer("s.x", 0, NULL, NULL, NULL)) == CHK_OPEN);
	CHECK(state(F, B, answer("s.x", 0, "false", NULL, NULL)) == CHK_OPEN);
	CHECK(state(F, B, answer("s.x", 0, "true", NULL, NULL)) == CHK_DONE);
	CHECK(state(F, B, answer("s.x", 0, "false", "no", NULL)) == CHK_NA);
}

/* A table's answers: cells to fill only, the label column not counted;
 * blank and out of the run's rows or columns alike NULL. */
static void
test_table_cell(void)
{
	static const char	*cells[] = { "0.1", "", "0.3", NULL };
	struct chk_table_fill	 fill = { "s.watch", cells, 2, 2 };
	struct chk_item		 it = { 0 }, other = { 0 };
	struct chk_run		 run = { 0 };

	it.path = "s.watch";
	other.path = "s.other";
	run.tables = &fill;
	run.ntables = 1;
	CHECK(model_table_fill(&run, "s.watch") == &fill);
	CHECK(model_table_fill(&run, "s.other") == NULL);
	CHECK(model_table_fill(NULL, "s.watch") == NULL);
	CHECK_STR(model_table_cell(&run, &it, 0, 0), "0.1");
	CHECK(model_table_cell(&run, &it, 0, 1) == NULL);
	CHECK_STR(model_table_cell(&run, &it, 1, 0), "0.3");
	CHECK(model_table_cell(&run, &it, 1, 1) == NULL);
	CHECK(model_table_cell(&run, &it, 2, 0) == NULL);
	CHECK(model_table_cell(&run, &it, 0, 2) == NULL);
	CHECK(model_table_cell(&run, &other, 0, 0) == NULL);
	CHECK(model_table_cell(NULL, &it, 0, 0) == NULL);
}

static void
test_value_has(void)
{
	CHECK(model_value_has("API\nWeb", "API"));
	CHECK(model_value_has("API\nWeb", "Web"));
	CHECK(model_value_has("API", "API"));
	CHECK(!model_value_has("API\nWebsite", "Web"));
	CHECK(!model_value_has("APIs", "API"));
	CHECK(!model_value_has("", "API"));
	CHECK(!model_value_has(NULL, "API"));
}

int
main(void)
{
	A = arena_new();
	RUN(test_json_string);
	RUN(test_json_string_words);
	RUN(test_json);
	RUN(test_hash);
	RUN(test_answer);
	RUN(test_item_state);
	RUN(test_table_cell);
	RUN(test_value_has);
	arena_free(A);
	return HARNESS_EXIT();
}
