/*
 * The loader: YAML 1.2 core schema, positions, and every way a file can
 * be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/internal.h"
#include "load/load.h"
#include "utf8.h"
#include "harness.h"

static struct arena *A;
static struct diag *D;

static struct chk_node *
load(const char *text)
{
	arena_free(A);
	diag_free(D);
	A = arena_new();
	D = diag_new();
	return load_buffer(A, "t.yaml", text, strlen(text), D);
}

static void
test_core_schema(void)
{
	struct chk_node *n = load("a: no\nb: on\nc: yes\nd: off\ne: true\n"
	    "f: ~\ng: 12\nh: 1.5\ni: 0x1F\nj: '12'\nk: 1e3\nl: .inf\nm: 1.2.3\n");

	CHECK(n != NULL && n->kind == CHK_NODE_MAP && n->n == 13);
	CHECK_STR(node_str(node_get(n, "a")), "no");
	CHECK_STR(node_str(node_get(n, "b")), "on");
	CHECK_STR(node_str(node_get(n, "c")), "yes");
	CHECK_STR(node_str(node_get(n, "d")), "off");
	CHECK(node_get(n, "e")->kind == CHK_NODE_BOOL && node_get(n, "e")->b);
	CHECK(node_get(n, "f")->kind == CHK_NODE_NULL);
	CHECK(node_get(n, "g")->kind == CHK_NODE_NUMBER && node_get(n, "g")->is_int);
	CHECK(node_get(n, "h")->num == 1.5 && !node_get(n, "h")->is_int);
	CHECK(node_get(n, "i")->num == 31);
	CHECK_STR(node_str(node_get(n, "j")), "12");
	CHECK(node_get(n, "k")->num == 1000);
	CHECK(node_get(n, "l")->kind == CHK_NODE_NUMBER);
	CHECK_STR(node_str(node_get(n, "m")), "1.2.3");
}

/* Every spelling of the core schema's words, and near misses. */
static void
test_core_words(void)
{
	static const struct {
		const char		*text;
		enum chk_node_kind	 kind;
		int			 b;
	} w[] = {
		{ "~", CHK_NODE_NULL, 0 }, { "null", CHK_NODE_NULL, 0 },
		{ "Null", CHK_NODE_NULL, 0 }, { "NULL", CHK_NODE_NULL, 0 },
		{ "true", CHK_NODE_BOOL, 1 }, { "True", CHK_NODE_BOOL, 1 },
		{ "TRUE", CHK_NODE_BOOL, 1 }, { "false", CHK_NODE_BOOL, 0 },
		{ "False", CHK_NODE_BOOL, 0 }, { "FALSE", CHK_NODE_BOOL, 0 },
		{ "nULL", CHK_NODE_STRING, 0 }, { "nul", CHK_NODE_STRING, 0 },
		{ "nulls", CHK_NODE_STRING, 0 }, { "tRUE", CHK_NODE_STRING, 0 },
		{ "text", CHK_NODE_STRING, 0 }, { "fals", CHK_NODE_STRING, 0 },
		{ "falsey", CHK_NODE_STRING, 0 }, { "n", CHK_NODE_STRING, 0 },
		{ "~a", CHK_NODE_STRING, 0 }, { "f1", CHK_NODE_STRING, 0 },
		{ "7", CHK_NODE_NUMBER, 0 }, { "-.5", CHK_NODE_NUMBER, 0 },
		{ "trUe", CHK_NODE_STRING, 0 }, { "nulL", CHK_NODE_STRING, 0 },
		{ ".inf", CHK_NODE_NUMBER, 0 }, { "-.Inf", CHK_NODE_NUMBER, 0 },
		{ ".NaN", CHK_NODE_NUMBER, 0 }, { ".nAn", CHK_NODE_STRING, 0 },
	};
	struct chk_node	*n;
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		buf_printf(&b, "- %s\n", w[i].text);
	buf_puts(&b, "- \n");
	n = load(buf_str(&b));
	buf_free(&b);
	CHECK(n != NULL && n->n == i + 1);
	for (i = 0; n != NULL && i < sizeof(w) / sizeof(w[0]); i++) {
		if (n->items[i]->kind != w[i].kind || n->items[i]->b != w[i].b)
			printf("  '%s' read as %s\n", w[i].text,
			    node_kind_name(n->items[i]->kind));
		CHECK(n->items[i]->kind == w[i].kind && n->items[i]->b == w[i].b);
	}
	CHECK(n != NULL && n->items[i]->kind == CHK_NODE_NULL);
}

/* Columns in bytes on a line of UTF-8 and ASCII, after CR LF. */
static void
test_columns(void)
{
	struct chk_node *n = load("k: {a: \xd0\xb4\xd0\xb0, b: 1, c: [x, "
	    "'\xc3\xa9', y]}\r\nz: 1\n");
	struct chk_node *m, *c;

	CHECK(n != NULL);
	if (n == NULL)
		return;
	m = node_get(n, "k");
	CHECK(m->loc.col == 4 && m->pairs[0].key->loc.col == 5);
	CHECK(node_get(m, "a")->loc.col == 8);
	CHECK(node_pair(m, "b")->key->loc.col == 14);
	CHECK(node_get(m, "b")->loc.col == 17);
	c = node_get(m, "c");
	CHECK(c->loc.col == 23 && c->items[0]->loc.col == 24);
	CHECK(c->items[1]->loc.col == 27 && c->items[2]->loc.col == 33);
	CHECK(node_pair(n, "z")->key->loc.line == 2 &&
	    node_pair(n, "z")->key->loc.col == 1);
}

static void
test_positions(void)
{
	struct chk_node *n = load("title: x\nitems:\n  - Проверка: да\n    b: 1\n");
	struct chk_node *item;

	CHECK(n != NULL);
	item = node_get(n, "items")->items[0];
	CHECK(item->loc.line == 3 && item->loc.col == 5);
	/* Columns are bytes: "Проверка: " is 8 letters of 2 bytes. */
	CHECK(node_get(item, "Проверка")->loc.col == 5 + 16 + 2);
	CHECK(node_get(item, "b")->loc.line == 4);
	CHECK_STR(node_get(n, "title")->loc.file, "t.yaml");
}

static void
test_json(void)
{
	struct chk_node *n = load("{\"a\": [1, 2.0, \"x\"], \"b\": null}");

	CHECK(n != NULL && node_get(n, "a")->n == 3);
	CHECK(node_get(n, "b")->kind == CHK_NODE_NULL);
}

static void
test_duplicate_key(void)
{
	CHECK(load("a: 1\nb: 2\na: 3\n") == NULL);
	CHECK_STR(diag_text(D, 0),
	    "t.yaml:3:1: error: duplicate key 'a' (first defined at line 1)");
	CHECK_STR(diag_text(D, 1), "t.yaml:1:1: note: 'a' first defined here");
}

static void
test_alias(void)
{
	struct chk_node *n = load("a: &x [1, 2]\nb: *x\n");

	CHECK(n != NULL && node_get(n, "b")->n == 2);
	CHECK(load("a: *nope\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:4: error: unknown alias '*nope'");
}

static void
test_alias_bomb(void)
{
	const char *bomb =
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";

	CHECK(load(bomb) == NULL);
	CHECK_CONTAINS(diag_text(D, 0), "alias bomb");
	CHECK_PREFIX(diag_text(D, 0), "t.yaml:6:");
}

static void
test_depth(void)
{
	char	text[400];
	size_t	i;

	for (i = 0; i < 100; i++)
		text[i] = '[';
	text[i] = '\0';
	CHECK(load(text) == NULL);
	CHECK_STR(diag_text(D, 0),
	    "t.yaml:1:65: error: nesting deeper than 64 levels");
}

static void
test_utf8(void)
{
	CHECK(load("\xEF\xBB\xBF" "a: b\n") != NULL);
	CHECK(load("a: ok\nb: caf\xC3" "\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:2:7: error: invalid UTF-8 byte "
	    "0xC3 (chkc reads UTF-8 only)");
	CHECK(load("a: \xED\xA0\x80\n") == NULL);	/* a surrogate */
}

static void
test_syntax(void)
{
	CHECK(load("a:\n\t- b\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:2:1: error: tab character in "
	    "indentation (YAML indents with spaces)");
	/* Unclosed: at the place it was opened, not where libyaml noticed. */
	CHECK(load("a: [1, 2\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:4: error: YAML syntax error: "
	    "'[' opened here is not closed (did not find expected ',' or ']' "
	    "at 2:1)");
	CHECK(load("a: {b: 1\n\nc: 2\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:4: error: YAML syntax error: "
	    "'{' opened here is not closed (did not find expected ',' or '}' "
	    "at 3:2)");
	CHECK(load("a: x\nb: \"caf\xc3\xa9 au\n  lait\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:2:4: error: YAML syntax error: "
	    "quoted string opened here is not closed (reached the end of the "
	    "file at 4:1)");
	/* Another error with a context: where it is, and a note. */
	CHECK(load("a: \"x\\qy\"\n") == NULL);
	CHECK(diag_count(D) == 2);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:6: error: YAML syntax error: "
	    "found unknown escape character while parsing a quoted scalar");
	CHECK_STR(diag_text(D, 1), "t.yaml:1:4: note: while parsing a quoted "
	    "scalar that starts here");
	CHECK(load("a: 1\n---\nb: 2\n") == NULL);
	CHECK_CONTAINS(diag_text(D, 0), "second YAML document");
	CHECK(load("a: !!binary aGk=\n") == NULL);
}

static void
test_limits(void)
{
	size_t	saved = load_limits.max_scalar;

	load_limits.max_scalar = 4;
	CHECK(load("a: abcdef\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:4: error: scalar of 6 bytes "
	    "exceeds the limit of 4");
	load_limits.max_scalar = saved;
	CHECK(load("") != NULL && load("")->kind == CHK_NODE_NULL);
}

/* The string value of key k of a loaded mapping, "" if none. */
static const char *
str_of(const struct chk_node *map, const char *k)
{
	const char	*s = map != NULL ? node_str(node_get(map, k)) : NULL;

	return s != NULL ? s : "";
}

/* JSON's surrogate-pair escapes: one character in double quotes, text
 * anywhere else; a lone one is an error at its place. */
static void
test_surrogates(void)
{
	struct chk_node	*n;

	n = load("{\"a\": \"x\\ud83d\\udca9y\", \"b\": \"\\uD83D\\uDCA9\","
	    " \"c\": 1, \"c\": 2}\n");
	CHECK(n == NULL);
	/* the columns after the pairs are as written */
	CHECK_STR(diag_text(D, 0), "t.yaml:1:54: error: duplicate key 'c' "
	    "(first defined at line 1)");
	n = load("{\"a\": \"x\\ud83d\\udca9y\", \"b\": \"\\uD83D\\uDCA9\"}\n");
	CHECK(n != NULL && diag_count(D) == 0);
	CHECK_STR(str_of(n, "a"), "x\xF0\x9F\x92\xA9y");
	CHECK_STR(str_of(n, "b"), "\xF0\x9F\x92\xA9");
	n = load("a: plain \\ud83d\\udca9\nb: 'single \\ud83d\\udca9'\n"
	    "c: |\n  \"\\ud83d\\udca9\"\nd: \"\\\\ud83d\"  # \\ud83d\\udca9\n"
	    "e: [\"\\ud83d\\udca9\", \\ud83d\\udca9]\n");
	CHECK(n != NULL && diag_count(D) == 0);
	CHECK_STR(str_of(n, "a"), "plain \\ud83d\\udca9");
	CHECK_STR(str_of(n, "b"), "single \\ud83d\\udca9");
	CHECK_STR(str_of(n, "c"), "\"\\ud83d\\udca9\"\n");
	CHECK_STR(str_of(n, "d"), "\\ud83d");
	CHECK(n != NULL && node_get(n, "e") != NULL && node_get(n, "e")->n == 2 &&
	    strcmp(node_get(n, "e")->items[0]->str, "\xF0\x9F\x92\xA9") == 0 &&
	    strcmp(node_get(n, "e")->items[1]->str, "\\ud83d\\udca9") == 0);
	/* lone halves and codes beyond Unicode, at the escape */
	CHECK(load("a: 1\nb: \"\\ud83d\\udca9 \\ud83d!\"\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:2:18: error: lone UTF-16 surrogate "
	    "'\\ud83d': a high surrogate must be followed by a low one, "
	    "'\\udc00' to '\\udfff'");
	CHECK(load("b: \"\\udca9\\ud83d\"\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:5: error: lone UTF-16 surrogate "
	    "'\\udca9': a low surrogate must follow a high one, '\\ud800' to "
	    "'\\udbff'");
	CHECK(load("b: \"\\U00110000\"\n") == NULL);
	CHECK_STR(diag_text(D, 0), "t.yaml:1:5: error: '\\U00110000' is "
	    "beyond U+10FFFF, the last Unicode character");
}

/* libyaml's blocks during a parse: reused by size class, grown and
 * shrunk with their bytes kept, big ones on their own. */
static void
test_ymem_blocks(void)
{
	struct ymem	 m;
	char		*p, *q, *big;
	size_t		 i;

	ymem_begin(&m);
	p = yaml_malloc(10);
	yaml_free(p);
	CHECK((q = yaml_malloc(16)) == p);		/* the same class */
	memcpy(q, "0123456789abcde", 16);
	q = yaml_realloc(q, 16);			/* room enough */
	CHECK(q == p);
	q = yaml_realloc(q, 100);
	CHECK(q != p && memcmp(q, "0123456789abcde", 16) == 0);
	CHECK(yaml_malloc(3) == p);			/* freed by realloc */
	p = yaml_malloc(17);				/* 32 bytes */
	yaml_free(p);
	CHECK(yaml_malloc(33) != p && yaml_malloc(32) == p);
	p = yaml_malloc(65536);				/* the largest */
	yaml_free(p);
	CHECK(yaml_malloc(32769) == p);
	big = yaml_malloc(200000);
	for (i = 0; i < 200000; i++)
		big[i] = (char)i;
	big = yaml_realloc(big, 400000);
	CHECK(big[199999] == (char)199999);
	big = yaml_realloc(big, 40);
	CHECK(big[39] == 39);
	yaml_free(big);
	CHECK_STR((char *)yaml_strdup((const yaml_char_t *)"key"), "key");
	CHECK(yaml_strdup(NULL) == NULL);
	yaml_free(NULL);
	ymem_end(&m);
	/* Outside a parse: malloc() and free(). */
	p = yaml_realloc(yaml_malloc(8), 64);
	yaml_free(p);
}

/* libyaml allocates through them (if it stopped, ymem.c would be dead
 * code), and a scalar longer than the largest class loads whole. */
static void
test_ymem_libyaml(void)
{
	struct ymem		 m;
	yaml_parser_t		 parser;
	struct chk_node		*n;
	size_t			 k, nfree = 0, len = 300000;
	char			*text = malloc(len + 4);

	ymem_begin(&m);
	CHECK(yaml_parser_initialize(&parser));
	CHECK(arena_used(m.a) > 0);
	yaml_parser_delete(&parser);
	for (k = 0; k < YMEM_CLASSES; k++)
		nfree += m.free[k] != NULL;
	CHECK(nfree > 0);
	ymem_end(&m);
	memcpy(text, "a: ", 3);
	memset(text + 3, 'x', len);
	text[len + 3] = '\0';
	n = load(text);
	CHECK(n != NULL && node_get(n, "a") != NULL &&
	    node_get(n, "a")->len == len);
	free(text);
}

/* NUL and bidi controls are found where they can be: a NUL escaped in
 * a double-quoted scalar, a control escaped so or written anywhere. */
static void
test_rare_chars(void)
{
	CHECK(load("a: \xE2\x80\xAEtxt.exe\n") != NULL);
	CHECK(diag_count(D) == 1 &&
	    strstr(diag_text(D, 0), "t.yaml:1:4: warning: bidirectional "
	    "control character U+202E") != NULL);
	CHECK(load("a: \"\\u2067x\"\n") != NULL);
	CHECK(diag_count(D) == 1 &&
	    strstr(diag_text(D, 0), "U+2067") != NULL);
	CHECK(load("a: \"x\\0y\"\n") == NULL);
	CHECK(diag_count(D) == 1 &&
	    strstr(diag_text(D, 0), "t.yaml:1:4: error: a NUL") != NULL);
	CHECK(load("a: \xE2\x80\x94 \"dash\"\nb: [x]\n") != NULL);
	CHECK(diag_count(D) == 0);
	CHECK(load("a: 'x\\0y'\nb: x\\0\n# \xE2\x81\xA6\n") != NULL);
	CHECK(diag_count(D) == 0);
	CHECK(load("a: \"\\\\\"\nb: |\n  x\xE2\x81\xA9\n") != NULL);
	CHECK(diag_count(D) == 1 &&
	    strstr(diag_text(D, 0), "t.yaml:2:4: warning: bidirectional "
	    "control character U+2069") != NULL);
}

/* A mapping's keys hashed: every key finds its value, others nothing. */
static void
test_node_index(void)
{
	struct buf		 b = { 0 };
	struct chk_node		*n;
	struct node_index	*x;
	char			 key[16];
	int			 i;

	for (i = 0; i < 40; i++)
		buf_printf(&b, "k%d: %d\n", i * 7, i);
	n = load(buf_str(&b));
	x = node_index(A, n);
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "k%d", i * 7);
		CHECK(node_index_get(x, key) != NULL &&
		    node_index_get(x, key)->num == i);
	}
	CHECK(node_index_get(x, "k1") == NULL);
	CHECK(node_index_get(x, "") == NULL);
	CHECK(node_index_find(x, "k7") == 2 && node_index_find(x, "k8") == 0);
	n = load("[a, b]");
	x = node_index(A, n);
	CHECK(node_index_get(x, "a") == NULL);
	buf_free(&b);
}

/* The places of nodes in an ASCII file (a column is a byte) and in the
 * same file made multibyte by a comment are the same, up to the last
 * node of a file without a final newline. */
static void
test_ascii_places(void)
{
	static const char *const texts[] = {
	    "a:\n  - x\n  - {y: z}\nlast: 1",
	    "# \xC3\xA9\na:\n  - x\n  - {y: z}\nlast: 1",
	};
	struct chk_node	*n, *seq;
	size_t		 i;
	int		 d;

	for (i = 0; i < 2; i++) {
		d = (int)i;			/* the comment's line */
		n = load(texts[i]);
		CHECK(n != NULL);
		if (n == NULL)
			continue;
		seq = node_get(n, "a");
		CHECK(seq->items[0]->loc.line == 2 + d &&
		    seq->items[0]->loc.col == 5);
		CHECK(node_get(seq->items[1], "y")->loc.line == 3 + d &&
		    node_get(seq->items[1], "y")->loc.col == 9);
		CHECK(node_get(n, "last")->loc.line == 4 + d &&
		    node_get(n, "last")->loc.col == 7);
	}
}

/* Do the places of a and b's nodes, in the same shape, agree? */
static int
same_places(const struct chk_node *a, const struct chk_node *b)
{
	size_t	i;

	if (a->loc.line != b->loc.line || a->loc.col != b->loc.col ||
	    a->kind != b->kind || a->n != b->n)
		return 0;
	for (i = 0; a->kind == CHK_NODE_SEQ && i < a->n; i++)
		if (!same_places(a->items[i], b->items[i]))
			return 0;
	for (i = 0; a->kind == CHK_NODE_MAP && i < a->n; i++)
		if (!same_places(a->pairs[i].key, b->pairs[i].key) ||
		    !same_places(a->pairs[i].value, b->pairs[i].value))
			return 0;
	return 1;
}

/*
 * On an ASCII line of a file of '\n' lines without surrogate pairs, a
 * node's place is libyaml's mark as it is; a comment ended by "\r\n"
 * at the end of the same file takes the general way (mark_off(),
 * line_loc()) for every line: both must give every node, and every
 * syntax error, the same place, in files with and without non-ASCII
 * lines.
 */
static void
test_exact_marks(void)
{
	static const char *const texts[] = {
	    "a:\n  - x\n  - {y: z, w: [1, 2.5, ~]}\nlast: 1",
	    "---\nk: 'it''s'\nq: \"tab\\there \\\" x\"\n\t# tab\nz: \"a\n  b\"\n",
	    "lit: |\n  one\n  two\nfold: >-\n  x\n   y\nafter: [a, {b: c}]\n",
	    "- &a {x: 1}\n- *a\n-   - deep\n    -   - deeper: yes\n",
	    "{\"json\": [1, {\"x\": null}], \"s\": \"\\u00e9\"}",
	    "key:    value   # comment\n? complex\n: v\nempty:\nn: -12e3\n",
	    "a: b: c\n",
	    "- a\nb: 1\n",
	    "x: [1, 2\ny: 3\n",
	    "a:\n\t- b\n",
	    "# \xC3\xA9\na: \xD0\x94\xD0\xB0 x\nb: [\xE2\x80\x94, y]\nc: z\n",
	    "t: \"\xC3\xA9\\t\" # \xE2\x9C\x93\n- {k: \xC3\xA9, v: w}\n",
	    "s:\n  - \xC3\xA9: [1, \xC3\xA9]\n  - x: {y: [2, 3}\n",
	};
	struct arena	*a2;
	struct diag	*d2;
	struct buf	 b = { 0 };
	struct chk_node	*n, *m;
	size_t		 i, j;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, "%s\n# \r\n", texts[i]);
		a2 = arena_new();
		d2 = diag_new();
		m = load_buffer(a2, "t.yaml", buf_str(&b), b.len, d2);
		n = load(texts[i]);
		CHECK((n == NULL) == (m == NULL));
		if (n != NULL && m != NULL && !same_places(n, m))
			printf("  places differ in text %zu\n", i),
			    harness_failed++;
		CHECK(diag_count(D) == diag_count(d2));
		for (j = 0; j < diag_count(D) && j < diag_count(d2); j++)
			CHECK_STR(diag_text(D, j), diag_text(d2, j));
		diag_free(d2);
		arena_free(a2);
	}
	buf_free(&b);
}

/*
 * The ASCII runs skipped whole (16 or 8 bytes at a time) end where a
 * byte-by-byte look says, wherever the first other byte is; and the
 * loader reports an invalid byte there, after a valid character or
 * not.
 */
static void
test_ascii_runs(void)
{
	char		 s[80], want[96];
	size_t		 n, at, k, bad = 0;
	struct buf	 b = { 0 };

	for (n = 0; n <= 70; n++) {
		memset(s, 0x7F, n);
		if (utf8_ascii_prefix(s, n) != n)
			bad++;
		for (at = 0; at < n; at++) {
			s[at] = (char)0x80;
			k = utf8_ascii_prefix(s, n);
			if (k != at || utf8_is_ascii(s, n) ||
			    !utf8_is_ascii(s, at))
				bad++;
			s[at] = 'a';
		}
	}
	CHECK(bad == 0);
	for (n = 1; n <= 40; n++)
		for (at = 0; at < n; at++) {
			buf_reset(&b);
			buf_puts(&b, "k: ");
			for (k = 0; k < n; k++)
				buf_puts(&b, k == at ? "\xC3\xA9" : "a");
			buf_puts(&b, "\xFF\n");
			snprintf(want, sizeof(want), "t.yaml:1:%zu: error: "
			    "invalid UTF-8 byte 0xFF (chkc reads UTF-8 only)",
			    4 + n + 1);
			if (load(buf_str(&b)) != NULL || diag_count(D) != 1 ||
			    strcmp(diag_text(D, 0), want) != 0)
				bad++;
		}
	CHECK(bad == 0);
	buf_free(&b);
}

int
main(void)
{
	RUN(test_core_schema);
	RUN(test_core_words);
	RUN(test_columns);
	RUN(test_positions);
	RUN(test_json);
	RUN(test_duplicate_key);
	RUN(test_alias);
	RUN(test_alias_bomb);
	RUN(test_depth);
	RUN(test_utf8);
	RUN(test_ascii_runs);
	RUN(test_syntax);
	RUN(test_surrogates);
	RUN(test_limits);
	RUN(test_rare_chars);
	RUN(test_node_index);
	RUN(test_ascii_places);
	RUN(test_exact_marks);
	RUN(test_ymem_blocks);
	RUN(test_ymem_libyaml);
	arena_free(A);
	diag_free(D);
	return HARNESS_EXIT();
}
