/*
 * Unit tests of the validate stage: URIs, formats, patterns, messages,
 * closest-branch explanations, sibling $refs, defaults, chkc's own
 * schemas.  The official suite runs from tests/suites/schema_suite.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "schema/schema.h"
#include "schema/libschema.h"
#include "harness.h"

static struct arena	*a;

static struct chk_node *
yaml(const char *name, const char *text)
{
	struct diag	*d = diag_new();
	struct chk_node	*n = load_buffer(a, name, text, strlen(text), d);

	CHECK(n != NULL && diag_errors(d) == 0);
	diag_free(d);
	return n;
}

/* Validate text against schema (both YAML); the diagnostics in d. */
static int
validate(const char *schema, const char *text, struct diag *d)
{
	struct schema_reg	*reg = schema_reg_new();
	const struct schema	*s;
	int			 n = -1;

	schema_reg_format_assert(reg, 1);
	s = schema_reg_add(reg, yaml("schema.yaml", schema), "schema.yaml", d);
	CHECK(s != NULL);
	if (s != NULL)
		n = schema_validate(s, yaml("data.yaml", text), d);
	schema_reg_free(reg);
	return n;
}

/* The only diagnostic of validating text against schema. */
static void
check_one(const char *schema, const char *text, const char *want)
{
	struct diag	*d = diag_new();

	CHECK(validate(schema, text, d) == 1);
	CHECK(diag_count(d) == 1);
	CHECK_STR(diag_text(d, 0), want);
	diag_free(d);
}

static void
test_uri(void)
{
	CHECK_STR(sch_uri_resolve(a, "http://x.org/a/b.json", "c.json#/d"),
	    "http://x.org/a/c.json#/d");
	CHECK_STR(sch_uri_resolve(a, "http://x.org/a/b.json", "../c.json"),
	    "http://x.org/c.json");
	CHECK_STR(sch_uri_resolve(a, "http://x.org/a/b.json", "#foo"),
	    "http://x.org/a/b.json#foo");
	CHECK_STR(sch_uri_resolve(a, "file:///s/t.json", "/u/v.json"),
	    "file:///u/v.json");
	CHECK_STR(sch_uri_resolve(a, "urn:uuid:1234", "#/$defs/x"),
	    "urn:uuid:1234#/$defs/x");
	CHECK_STR(sch_uri_resolve(a, "http://x.org/a/", "./b/./c/../d"),
	    "http://x.org/a/b/d");
}

static void
test_formats(void)
{
	CHECK(sch_format_check("date", "2024-02-29", 10) == 1);
	CHECK(sch_format_check("date", "2023-02-29", 10) == 0);
	CHECK(sch_format_check("date-time", "2026-11-24T10:02:00+03:00",
	    25) == 1);
	CHECK(sch_format_check("time", "23:59:60Z", 9) == 1);
	CHECK(sch_format_check("time", "22:59:60Z", 9) == 0);
	CHECK(sch_format_check("email", "a.b@example.com", 15) == 1);
	CHECK(sch_format_check("email", "a..b@example.com", 16) == 0);
	CHECK(sch_format_check("uri", "https://example.com/x?y#z", 25) == 1);
	CHECK(sch_format_check("uri", "/relative", 9) == 0);
	CHECK(sch_format_check("ipv4", "1.2.3.4", 7) == -1);
}

static void
test_patterns(void)
{
	struct diag		*d = diag_new();
	struct schema_reg	*reg;

	/* ECMA-262: \d is ASCII only, \s counts U+00A0 and the BOM. */
	CHECK(validate("{pattern: '^\\d+$'}", "'\xd9\xa3'", d) == 1);
	CHECK(validate("{pattern: '^\\s$'}", "\"\\u00a0\"", d) == 0);
	CHECK(validate("{pattern: '^\\u0041$'}", "A", d) == 0);
	CHECK(validate("{pattern: '^\\p{Letter}+$'}", "'\xd0\xaf'", d) == 0);
	/* ASCII subjects take pcre2_jit_match(), others pcre2_match():
	 * the same answers either way, on both sides of 8 bytes. */
	CHECK(validate("{pattern: '^[^.\\s]+$'}", "abcdefghij", d) == 0);
	CHECK(validate("{pattern: '^[^.\\s]+$'}", "abcdefgh.ij", d) == 1);
	CHECK(validate("{pattern: '^[^.\\s]+$'}", "'abcdefghij\xc3\xa9'", d)
	    == 0);
	CHECK(validate("{pattern: '^[^.\\s]+$'}", "'abcdefgh.\xc3\xa9'", d)
	    == 1);
	CHECK(validate("{pattern: '^[a-z]{2}$'}", "'a\xc3\xa9'", d) == 1);
	CHECK(validate("{pattern: '^.{2}$'}", "'a\xc3\xa9'", d) == 0);
	/* The match limit holds on the ASCII path: no match, no hang. */
	CHECK(validate("{pattern: '^(a+)+$'}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	    d) == 1);
	diag_free(d);
	/* A bad pattern is a diagnostic at its node, not a crash. */
	d = diag_new();
	reg = schema_reg_new();
	CHECK(schema_reg_add(reg, yaml("s.yaml", "pattern: '(a'"), "s.yaml",
	    d) == NULL);
	schema_reg_free(reg);
	CHECK(diag_errors(d) == 1);
	CHECK_CONTAINS(diag_text(d, 0), "s.yaml:1:10: error: invalid regular "
	    "expression '(a'");
	diag_free(d);
}

static void
test_messages(void)
{
	check_one("{properties: {vars: {properties: {services: {items: "
	    "{type: string}}}}}}", "vars:\n  services: [a, b, {c: 1}]\n",
	    "data.yaml:2:20: error: vars.services[2]: expected a string, "
	    "got a mapping");
	check_one("{properties: {title: {}}, additionalProperties: false}",
	    "titel: x\n", "data.yaml:1:1: error: unknown key 'titel' (did "
	    "you mean 'title'?)");
	check_one("{required: [id], properties: {id: {}}}", "a: 1\n",
	    "data.yaml:1:1: error: missing required key 'id'");
	check_one("{multipleOf: 0.0001}", "0.00751",
	    "data.yaml:1:1: error: expected a multiple of 0.0001, got 0.00751");
	check_one("{maxLength: 2}", "'\xd0\xaf\xd0\xaf\xd0\xaf'",
	    "data.yaml:1:1: error: expected at most 2 characters, got 3");
	check_one("{type: integer}", "1.5",
	    "data.yaml:1:1: error: expected an integer, got 1.5");
	check_one("{format: date}", "2024-13-01",
	    "data.yaml:1:1: error: '2024-13-01' is not a valid date");
	check_one("{items: {enum: [red, green]}}", "[red, gren]",
	    "data.yaml:1:7: error: [1]: expected one of 'red', 'green', got "
	    "'gren' (did you mean 'green'?)");
	check_one("{uniqueItems: true}", "[1, 2, 1.0]",
	    "data.yaml:1:8: error: [2]: same as item [0] (items must be "
	    "unique)");
}

/* A failed oneOf explains its closest branch only. */
static void
test_closest(void)
{
	const char *blocks = "{items: {oneOf: [{type: string}, "
	    "{type: object, required: [check], additionalProperties: false, "
	    "properties: {check: {}, critical: {type: boolean}}}, "
	    "{type: object, required: [md], additionalProperties: false, "
	    "properties: {md: {type: string}}}]}}";

	check_one(blocks, "- check: x\n  critcal: true\n",
	    "data.yaml:2:3: error: [0]: unknown key 'critcal' (did you mean "
	    "'critical'?)");
	check_one(blocks, "- md: [x]\n",
	    "data.yaml:1:7: error: [0].md: expected a string, got a list");
	check_one(blocks, "- 42\n",
	    "data.yaml:1:3: error: [0]: expected a mapping or a string, "
	    "got 42");
	check_one("{oneOf: [{title: after, required: [after]}, "
	    "{title: before, required: [before]}]}", "{after: a, before: b}",
	    "data.yaml:1:1: error: matches both 'after' and 'before' (only "
	    "one of them is allowed)");
}

/* $ref to a sibling file, relative to the referring file. */
static void
test_sibling(void)
{
	char			 dir[] = "/tmp/chkc-schema-XXXXXX", path[128];
	struct schema_reg	*reg = schema_reg_new();
	struct diag		*d = diag_new();
	const struct schema	*s;
	FILE			*fp;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/b.json", dir);
	fp = fopen(path, "w");
	fputs("{\"$defs\": {\"n\": {\"type\": \"number\"}}}", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/a.json", dir);
	fp = fopen(path, "w");
	fputs("{\"$id\": \"https://example.invalid/a.json\", "
	    "\"items\": {\"$ref\": \"b.json#/$defs/n\"}}", fp);
	fclose(fp);
	s = schema_reg_load(reg, path, d);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(schema_validate(s, yaml("x.yaml", "[1, 2]"), d) == 0);
		CHECK(schema_validate(s, yaml("x.yaml", "[1, x]"), d) == 1);
	}
	CHECK(diag_errors(d) == 1);
	diag_free(d);
	schema_reg_free(reg);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.json", dir);
	unlink(path);
	rmdir(dir);
}

static void
test_defaults(void)
{
	struct chk_node	*params = yaml("t.yaml", "type: object\n"
	    "required: [url]\nproperties:\n  url: {type: string}\n"
	    "  n: {type: integer, default: 3}\n  s: {default: [a]}\n");
	struct chk_node	*v;
	struct diag	*d = diag_new();

	v = schema_apply_defaults(params, yaml("p.yaml", "{url: x, s: []}"),
	    a);
	CHECK(v->n == 3);
	CHECK(node_get(v, "n") != NULL && node_get(v, "n")->num == 3);
	CHECK(node_get(v, "s")->n == 0);
	v = schema_vars(params, yaml("p.yaml", "{n: 2.5}"), "vars", a, d);
	CHECK(v == NULL);
	CHECK(diag_count(d) == 2);
	CHECK_STR(diag_text(d, 0), "p.yaml:1:1: error: vars: missing "
	    "required key 'url'");
	CHECK_STR(diag_text(d, 1), "p.yaml:1:5: error: vars.n: expected an "
	    "integer, got 2.5");
	diag_free(d);
}

/* chkc's own formats, from the embedded schemas. */
static void
test_builtin(void)
{
	struct diag	*d = diag_new();

	CHECK(schema_check(SCHEMA_TEMPLATE, yaml("t.yaml", "id: deploy\n"
	    "title: Deploy\nparams: {properties: {x: {default: 1}}}\n"
	    "sections:\n  - title: Pre\n    items:\n      - Code review\n"
	    "      - {check: Backup, field: {type: number, unit: MB}}\n"
	    "  - include: parts/rollback.yaml\n"), d) == 0);
	CHECK(schema_check(SCHEMA_PROJECT, yaml("p.yaml", "project: acme\n"
	    "checklists:\n  - use: deploy\n    add:\n      - into: pre\n"
	    "        items: [x]\n"), d) == 0);
	CHECK(schema_check(SCHEMA_RUN, yaml("r.yaml", "run: acme/deploy\n"
	    "checklist: sha256:" "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef\nitems:\n  a.b: {done: true, "
	    "at: 2026-11-24T10:02:00+03:00}\noutcome: success\n"), d) == 0);
	CHECK(schema_check(SCHEMA_PART, yaml("x.yaml", "[a, {md: x}]"),
	    d) == 0);
	CHECK(diag_count(d) == 0);
	CHECK(schema_check(SCHEMA_TRANSLATION, yaml("tr.yaml",
	    "translates: deploy\nlang: ru\ntexts: {title: 1}\n"), d) == 1);
	CHECK_STR(diag_text(d, 0), "tr.yaml:3:16: error: texts.title: "
	    "expected a mapping or a string, got 1");
	/* params are checked against the meta-schema. */
	CHECK(schema_check(SCHEMA_TEMPLATE, yaml("t.yaml", "id: x\ntitle: X\n"
	    "params: {type: obect}\n"), d) == 1);
	CHECK_CONTAINS(diag_text(d, 1), "params.type: expected one of");
	diag_free(d);
}

/* The same tree, node for node, places and texts included. */
static int
same_tree(const struct chk_node *x, const struct chk_node *y)
{
	size_t	i;

	if (x->kind != y->kind || x->style != y->style ||
	    strcmp(x->loc.file, y->loc.file) != 0 ||
	    x->loc.line != y->loc.line || x->loc.col != y->loc.col ||
	    (x->str == NULL) != (y->str == NULL) || x->len != y->len ||
	    (x->str != NULL && memcmp(x->str, y->str, x->len + 1) != 0) ||
	    x->b != y->b || x->is_int != y->is_int || x->n != y->n ||
	    memcmp(&x->num, &y->num, sizeof(x->num)) != 0)
		return 0;
	for (i = 0; i < x->n; i++)
		if (x->kind == CHK_NODE_SEQ ? !same_tree(x->items[i],
		    y->items[i]) : x->kind == CHK_NODE_MAP &&
		    (!same_tree(x->pairs[i].key, y->pairs[i].key) ||
		    !same_tree(x->pairs[i].value, y->pairs[i].value)))
			return 0;
	return 1;
}

/* Each embedded schema's build-time tree is what loading it makes. */
static void
test_trees(void)
{
	const struct sch_tree	*t;
	const struct chk_node	*built, *loaded;
	const char		*text;
	struct diag		*d = diag_new();
	size_t			 len, n = 0;

	for (t = schema_trees; t->name != NULL; t++, n++) {
		text = schema_embedded_file(t->name, &len);
		CHECK(text != NULL);
		if (text == NULL)
			continue;
		loaded = load_buffer(a, t->uri, text, len, d);
		built = sch_tree_load(a, t->name, t->uri);
		CHECK(loaded != NULL && built != NULL);
		if (loaded != NULL && built != NULL &&
		    !same_tree(loaded, built)) {
			printf("  %s: the tree differs from the file's\n",
			    t->name);
			CHECK(0);
		}
	}
	CHECK(n == 12);
	CHECK(sch_tree_load(a, "schemas/meta/core.json", "chkc:/x") == NULL);
	CHECK(diag_count(d) == 0);
	diag_free(d);
}

/* With many properties (looked up in a table), each key finds its own
 * schema, and one no property names is unknown. */
static void
test_many_props(void)
{
	struct buf	 schema = { 0 }, good = { 0 };
	struct diag	*d = diag_new();
	int		 i;

	buf_puts(&schema, "additionalProperties: false\nproperties:\n");
	for (i = 0; i < 40; i++) {
		buf_printf(&schema, "  p%d: {type: %s}\n", i,
		    i % 2 ? "integer" : "string");
		buf_printf(&good, "p%d: %s\n", 39 - i, i % 2 ? "s" : "1");
	}
	CHECK(validate(buf_str(&schema), buf_str(&good), d) == 0);
	CHECK(diag_count(d) == 0);
	check_one(buf_str(&schema), "p3: 1\np17: x\n",
	    "data.yaml:2:6: error: p17: expected an integer, got 'x'");
	check_one(buf_str(&schema), "p0: x\np40: 1\n",
	    "data.yaml:2:1: error: unknown key 'p40' (did you mean 'p0'?)");
	diag_free(d);
	buf_free(&schema);
	buf_free(&good);
}

/*
 * A property is looked for first where the previous key's was, + 1:
 * whatever the order of the keys (the properties' own, reversed, some
 * left out, unknown keys between), in schemas searched (3 properties)
 * and looked up in a table (40), each key finds its own schema: every
 * value has the wrong type, and each error names its key, in order.
 */
static void
test_props_in_order(void)
{
	static const int	 sizes[] = { 3, 40 };
	struct buf		 schema = { 0 }, doc = { 0 }, want = { 0 };
	struct diag		*d;
	size_t			 k, order, j;
	int			 i, n, key, line;

	for (k = 0; k < 2; k++) {
		n = sizes[k];
		buf_reset(&schema);
		buf_puts(&schema, "additionalProperties: false\nproperties:\n");
		for (i = 0; i < n; i++)
			buf_printf(&schema, "  p%d: {type: %s}\n", i,
			    i % 2 ? "integer" : "string");
		for (order = 0; order < 3; order++) {
			buf_reset(&doc);
			d = diag_new();
			for (i = 0, line = 1; i < n; i++, line++) {
				key = order == 1 ? n - 1 - i : i;
				if (order == 2 && i % 3 == 1) {
					buf_printf(&doc, "x%d: 1\n", i);
					continue;
				}
				buf_printf(&doc, "p%d: %s\n", key,
				    key % 2 ? "s" : "[]");
			}
			CHECK(validate(buf_str(&schema), buf_str(&doc), d) ==
			    (int)diag_count(d));
			for (i = 0, j = 0; i < n; i++, j++) {
				key = order == 1 ? n - 1 - i : i;
				buf_reset(&want);
				if (order == 2 && i % 3 == 1)
					buf_printf(&want, "unknown key 'x%d'", i);
				else
					buf_printf(&want, "p%d: expected %s", key,
					    key % 2 ? "an integer" : "a string");
				CHECK_CONTAINS(j < diag_count(d) ?
				    diag_text(d, j) : NULL, buf_str(&want));
			}
			CHECK(diag_count(d) == (size_t)n);
			diag_free(d);
		}
	}
	buf_free(&schema);
	buf_free(&doc);
	buf_free(&want);
}

/* oneOf and anyOf pass over a branch whose type or required keys rule
 * the instance out (through a $ref) without evaluating it: the answers
 * and the closest branch's explanation are those of evaluating all. */
static void
test_branch_reject(void)
{
	static const char *const schema =
	    "oneOf:\n"
	    "  - type: string\n"
	    "  - $ref: '#/$defs/a'\n"
	    "  - $ref: '#/$defs/b'\n"
	    "  - type: integer\n"
	    "$defs:\n"
	    "  a: {type: object, required: [a],\n"
	    "      properties: {a: {type: integer}}}\n"
	    "  b: {type: object, required: [b], additionalProperties: false,\n"
	    "      properties: {b: {}, c: {}}}\n";
	static const char *const valid[] = {
	    "x", "a: 1", "b: 1\nc: 2", "a: 1\nb: 1", "2.0", NULL
	};
	struct diag	*d = diag_new();
	size_t		 i;

	for (i = 0; valid[i] != NULL; i++)
		CHECK(validate(schema, valid[i], d) == 0);
	CHECK(diag_count(d) == 0);
	check_one(schema, "a: x\n",
	    "data.yaml:1:4: error: a: expected an integer, got 'x'");
	check_one(schema, "d: 1\n",
	    "data.yaml:1:1: error: unknown key 'd' (did you mean 'b'?)");
	check_one(schema, "2.5\n", "data.yaml:1:1: error: expected a "
	    "mapping, a string or an integer, got 2.5");
	check_one(schema, "[1]\n", "data.yaml:1:1: error: expected a "
	    "mapping, a string or an integer, got a list");
	/* required says nothing of what is not a mapping. */
	CHECK(validate("anyOf: [{required: [x]}, {type: array}]\n", "7\n",
	    d) == 0);
	check_one("anyOf: [{required: [x]}, {type: array}]\n", "y: 1\n",
	    "data.yaml:1:1: error: missing required key 'x'");
	/* A branch that is a cycle of $refs is evaluated, and says so. */
	check_one("$defs:\n  a: {$ref: '#/$defs/b'}\n  b: {$ref: '#/$defs/a'}\n"
	    "anyOf: [{$ref: '#/$defs/a'}, {type: string}]\n", "1\n",
	    "data.yaml:1:1: error: schema nested too deep (a $ref cycle?)");
	diag_free(d);
}

/* Many variables and many defaults (the variables' keys hashed): the
 * variables first as written, then each default not set, in order. */
static void
test_many_defaults(void)
{
	struct buf	 params = { 0 }, vars = { 0 }, keys = { 0 };
	struct chk_node	*v;
	size_t		 i;

	buf_puts(&params, "properties:\n");
	for (i = 0; i < 12; i++)
		buf_printf(&params, "  d%zu: {default: %zu}\n", i, i);
	buf_puts(&vars, "{v0: 0, d3: x, v1: 1, v2: 2, v3: 3, d11: y, v4: 4, "
	    "v5: 5, v6: 6, v7: 7}");
	v = schema_apply_defaults(yaml("t.yaml", buf_str(&params)),
	    yaml("p.yaml", buf_str(&vars)), a);
	for (i = 0; v != NULL && i < v->n; i++)
		buf_printf(&keys, "%s=%s ", v->pairs[i].key->str,
		    v->pairs[i].value->str);
	CHECK_STR(buf_str(&keys), "v0=0 d3=x v1=1 v2=2 v3=3 d11=y v4=4 v5=5 "
	    "v6=6 v7=7 d0=0 d1=1 d2=2 d4=4 d5=5 d6=6 d7=7 d8=8 d9=9 d10=10 ");
	buf_free(&params);
	buf_free(&vars);
	buf_free(&keys);
}

/* "k=v k=v ..." of a mapping of scalars, in order. */
static const char *
pairs_str(const struct chk_node *m)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	for (i = 0; m != NULL && i < m->n; i++)
		buf_printf(&b, "%s=%s ", m->pairs[i].key->str,
		    m->pairs[i].value->str);
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * A checklist's variables, made with the properties' own key texts in
 * their order, get their defaults by walking the two side by side: the
 * same mapping as the general way gives for the same variables with
 * keys of their own (and for the walk's keys out of order).
 */
static void
test_defaults_walk(void)
{
	struct buf		 params = { 0 };
	struct chk_node		*pnode, *props, *v1, *v2, *v3;
	struct schema_params	*sp;
	struct diag		*d = diag_new();
	const char		*want;
	size_t			 i, subset, n;

	buf_puts(&params, "properties:\n");
	for (i = 0; i < 12; i++)
		buf_printf(&params, i % 2 ? "  p%zu: {}\n" :
		    "  p%zu: {default: %zu}\n", i, i);
	pnode = yaml("t.yaml", buf_str(&params));
	props = node_get(pnode, "properties");
	sp = schema_params_new(pnode, d);
	CHECK(sp != NULL);
	for (subset = 0; sp != NULL && subset < 5; subset++) {
		v1 = node_new(a, CHK_NODE_MAP, NULL);
		v2 = node_new(a, CHK_NODE_MAP, NULL);
		v3 = node_new(a, CHK_NODE_MAP, NULL);
		v1->pairs = arena_alloc(a, 12 * sizeof(*v1->pairs));
		v2->pairs = arena_alloc(a, 12 * sizeof(*v2->pairs));
		v3->pairs = arena_alloc(a, 12 * sizeof(*v3->pairs));
		for (i = 0, n = 0; i < 12; i++) {
			/* none, all, every third, the odd ones, the last */
			if (subset == 0 || (subset == 2 && i % 3 != 0) ||
			    (subset == 3 && i % 2 == 0) || (subset == 4 &&
			    i != 11))
				continue;
			v1->pairs[n].key = node_new_str(a, "", NULL);
			v1->pairs[n].key->str = props->pairs[i].key->str;
			v1->pairs[n].value = node_new_str(a, "set", NULL);
			v2->pairs[n].key = node_new_str(a,
			    v1->pairs[n].key->str, NULL);
			v2->pairs[n].value = v1->pairs[n].value;
			n++;
		}
		v1->n = v2->n = v3->n = n;
		for (i = 0; i < n; i++)
			v3->pairs[i] = v1->pairs[n - 1 - i];
		want = pairs_str(schema_apply_defaults(pnode, v2, a));
		CHECK_STR(pairs_str(schema_params_vars(sp, v1, "vars", a, d)),
		    want);
		CHECK_STR(pairs_str(schema_params_vars(sp, v2, "vars", a, d)),
		    want);
		CHECK_STR(pairs_str(schema_params_vars(sp, v3, "vars", a, d)),
		    pairs_str(schema_apply_defaults(pnode, v3, a)));
	}
	CHECK(diag_count(d) == 0);
	schema_params_free(sp);
	diag_free(d);
	buf_free(&params);
}

int
main(void)
{
	a = arena_new();
	RUN(test_uri);
	RUN(test_formats);
	RUN(test_patterns);
	RUN(test_messages);
	RUN(test_closest);
	RUN(test_sibling);
	RUN(test_defaults);
	RUN(test_builtin);
	RUN(test_trees);
	RUN(test_many_props);
	RUN(test_props_in_order);
	RUN(test_branch_reject);
	RUN(test_many_defaults);
	RUN(test_defaults_walk);
	arena_free(a);
	schema_shutdown();
	return HARNESS_EXIT();
}
