/*
 * Expressions: every operator, precedence, paths, functions, limits,
 * and every diagnostic at its exact line:col.  Expressions are placed
 * at t.yaml:3:10, so the byte at offset k of the first line is at
 * column 10 + k.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/expr.h"
#include "harness.h"

static const char VARS[] =
    "name: THE BOT\n"
    "n: 3\n"
    "x: 2.5\n"
    "ok: true\n"
    "flag: false\n"
    "nothing: null\n"
    "services: [a, b, c]\n"
    "endpoints:\n"
    "  - {method: GET, path: /health, expect: 200}\n"
    "  - {method: POST, path: /x, expect: 201}\n"
    "project: {id: thebot, name: THE BOT Platform, lang: ru, meta: null}\n"
    "health_url: https://x\n"
    "empty: []\n"
    "word: Привет\n"
    "nested: [[1, 2], [3]]\n";

static const struct loc AT = { "t.yaml", 3, 10 };

static struct arena *A;
static struct diag *D;
static struct expr_ctx C;
static struct buf B;

/* Fresh arena, diagnostics and context with VARS loaded. */
static void
setup(void)
{
	arena_free(A);
	diag_free(D);
	A = arena_new();
	D = diag_new();
	memset(&C, 0, sizeof(C));
	C.arena = A;
	C.diag = D;
	C.vars = load_buffer(A, "vars.yaml", VARS, strlen(VARS), D);
	CHECK(C.vars != NULL && diag_count(D) == 0);
	C.max_range = 10000;
	C.max_len = 4096;
	C.max_depth = 32;
}

/* A new diagnostics list, so that a test's error is diag_text(D, 0). */
static void
fresh_diag(void)
{
	diag_free(D);
	D = diag_new();
	C.diag = D;
}

/* A value written out: strings quoted, lists in brackets. */
static void
repr(const struct chk_node *v)
{
	size_t	i;

	switch (v->kind) {
	case CHK_NODE_STRING:
		buf_printf(&B, "\"%s\"", v->str);
		break;
	case CHK_NODE_SEQ:
		buf_putc(&B, '[');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				buf_puts(&B, ", ");
			repr(v->items[i]);
		}
		buf_putc(&B, ']');
		break;
	case CHK_NODE_MAP:
		buf_printf(&B, "{%zu}", v->n);
		break;
	case CHK_NODE_NULL:
		buf_puts(&B, "null");
		break;
	default:
		buf_puts(&B, expr_to_text(&C, v, &AT));
		break;
	}
}

/* A copy of src without its NUL, so that ASan sees any read past the
 * end; free it with free(). */
static char *
exact(const char *src)
{
	char	*p = xmalloc(strlen(src));

	return memcpy(p, src, strlen(src));
}

/* Evaluate src: its value written out, or its one diagnostic. */
static const char *
ev(const char *src)
{
	const struct chk_node	*v;
	char			*s = exact(src);

	fresh_diag();
	buf_reset(&B);
	v = expr_eval(&C, s, strlen(src), &AT);
	free(s);
	if (v == NULL) {
		if (diag_count(D) != 1)
			return "(not exactly one diagnostic)";
		return diag_text(D, 0);
	}
	if (diag_count(D) != 0)
		return "(a value and a diagnostic)";
	repr(v);
	return buf_str(&B);
}

static void
test_literals(void)
{
	setup();
	CHECK_STR(ev("1"), "1");
	CHECK_STR(ev("2.5"), "2.5");
	CHECK_STR(ev("1e3"), "1000");
	CHECK_STR(ev("1.5E-1"), "0.15");
	CHECK_STR(ev("-4"), "-4");
	CHECK_STR(ev("- -4"), "4");
	CHECK_STR(ev("\"str\""), "\"str\"");
	CHECK_STR(ev("'str'"), "\"str\"");
	CHECK_STR(ev("\"a\\\"b\\\\c\\nd\""), "\"a\"b\\c\nd\"");
	CHECK_STR(ev("'it\\'s'"), "\"it's\"");
	CHECK_STR(ev("\"it's\""), "\"it's\"");
	CHECK_STR(ev("''"), "\"\"");
	CHECK_STR(ev("true"), "true");
	CHECK_STR(ev("false"), "false");
	CHECK_STR(ev("null"), "null");
	CHECK_STR(ev("[]"), "[]");
	CHECK_STR(ev("[1, 'a', [true, null],]"), "[1, \"a\", [true, null]]");
	CHECK_STR(ev("  ( 7 )  "), "7");
}

static void
test_comparisons(void)
{
	setup();
	CHECK_STR(ev("1 == 1.0"), "true");
	CHECK_STR(ev("n == 3"), "true");
	CHECK_STR(ev("n != 3"), "false");
	CHECK_STR(ev("'a' == 'a'"), "true");
	CHECK_STR(ev("'a' != 'b'"), "true");
	CHECK_STR(ev("1 < 2"), "true");
	CHECK_STR(ev("2 < 2"), "false");
	CHECK_STR(ev("2 <= 2"), "true");
	CHECK_STR(ev("x > 2"), "true");
	CHECK_STR(ev("x >= 2.5"), "true");
	CHECK_STR(ev("x >= 3"), "false");
	CHECK_STR(ev("'abc' < 'abd'"), "true");
	CHECK_STR(ev("'ab' < 'abc'"), "true");
	CHECK_STR(ev("'b' > 'abc'"), "true");
	CHECK_STR(ev("'Z' < 'a'"), "true");	/* byte order */
	CHECK_STR(ev("services == ['a', 'b', 'c']"), "true");
	CHECK_STR(ev("services == ['a', 'b']"), "false");
	CHECK_STR(ev("[1, [2]] == [1.0, [2]]"), "true");
	CHECK_STR(ev("project == project"), "true");
	CHECK_STR(ev("nothing == null"), "true");
	CHECK_STR(ev("name == null"), "false");
	CHECK_STR(ev("null != services"), "true");
	CHECK_STR(ev("true == ok"), "true");
}

static void
test_in(void)
{
	setup();
	CHECK_STR(ev("'b' in services"), "true");
	CHECK_STR(ev("'d' in services"), "false");
	CHECK_STR(ev("'d' not in services"), "true");
	CHECK_STR(ev("'a' not in services"), "false");
	CHECK_STR(ev("1 in [1.0, 'x']"), "true");
	CHECK_STR(ev("[3] in nested"), "true");
	CHECK_STR(ev("'BOT' in name"), "true");
	CHECK_STR(ev("'' in name"), "true");
	CHECK_STR(ev("'bot' in name"), "false");
	CHECK_STR(ev("'name' in project"), "true");
	CHECK_STR(ev("'nope' in project"), "false");
	CHECK_STR(ev("'nope' not in project"), "true");
	CHECK_STR(ev("1 in empty"), "false");
}

static void
test_logic(void)
{
	setup();
	CHECK_STR(ev("true and true"), "true");
	CHECK_STR(ev("true and false"), "false");
	CHECK_STR(ev("false and true"), "false");
	CHECK_STR(ev("false or false"), "false");
	CHECK_STR(ev("false or true"), "true");
	CHECK_STR(ev("true or false"), "true");
	CHECK_STR(ev("not true"), "false");
	CHECK_STR(ev("not not true"), "true");
	CHECK_STR(ev("ok and not flag"), "true");
	CHECK_STR(ev("true and true and false"), "false");
	CHECK_STR(ev("false or false or true"), "true");
}

static void
test_precedence(void)
{
	setup();
	/* and binds tighter than or */
	CHECK_STR(ev("true or false and false"), "true");
	CHECK_STR(ev("(true or false) and false"), "false");
	CHECK_STR(ev("false and false or true"), "true");
	/* not is below comparisons: not (true == false) */
	CHECK_STR(ev("not true == false"), "true");
	CHECK_STR(ev("not 'a' in services"), "false");
	/* comparisons are below paths and unary minus */
	CHECK_STR(ev("-n < -2"), "true");
	CHECK_STR(ev("endpoints[0].expect == 200 and n > 2"), "true");
	CHECK_STR(ev("n == 3 or missing"), "true");
}

static void
test_arith(void)
{
	setup();
	CHECK_STR(ev("1 + 2"), "3");
	CHECK_STR(ev("n - 5"), "-2");
	CHECK_STR(ev("n * 4"), "12");
	CHECK_STR(ev("7 % 3"), "1");
	CHECK_STR(ev("-7 % 3"), "-1");		/* the sign of the left, as C */
	CHECK_STR(ev("6 / 2"), "3");
	CHECK_STR(ev("7 / 2"), "3.5");
	CHECK_STR(ev("x * 2"), "5");
	CHECK_STR(ev("x + 0.25"), "2.75");
	CHECK_STR(ev("0.1 + 0.2"), "0.30000000000000004");
	CHECK_STR(ev("5.5 % 2"), "1.5");
	/* precedence and associativity */
	CHECK_STR(ev("1 + 2 * 3"), "7");
	CHECK_STR(ev("(1 + 2) * 3"), "9");
	CHECK_STR(ev("10 - 2 - 3"), "5");
	CHECK_STR(ev("24 / 4 / 2"), "3");
	CHECK_STR(ev("2 * 3 % 4"), "2");
	CHECK_STR(ev("-n + 1"), "-2");
	CHECK_STR(ev("1 - -1"), "2");
	CHECK_STR(ev("n+1==4"), "true");
	CHECK_STR(ev("n * 2 > 5 and len(services) - 1 == 2"), "true");
	CHECK_STR(ev("endpoints[1].expect - endpoints[0].expect"), "1");
	CHECK_STR(ev("range(0, n * 2, n)"), "[0, 3]");
	CHECK_STR(ev("services[n - 1]"), "\"c\"");
	/* strings: '+' joins two */
	CHECK_STR(ev("'a' + 'b'"), "\"ab\"");
	CHECK_STR(ev("name + ' ' + project.id"), "\"THE BOT thebot\"");
	CHECK_STR(ev("'' + ''"), "\"\"");
	/* integers stay exact: 2^53 at most */
	CHECK_STR(ev("9007199254740991 + 1"), "9007199254740992");
	CHECK_STR(ev("9007199254740992 + 1"), "t.yaml:3:27: error: integer "
	    "overflow: the result is beyond 9007199254740992");
	CHECK_STR(ev("-9007199254740992 - 1"), "t.yaml:3:28: error: integer "
	    "overflow: the result is beyond 9007199254740992");
	CHECK_STR(ev("4294967296 * 4294967296"), "t.yaml:3:21: error: integer "
	    "overflow: the result is beyond 9007199254740992");
	CHECK_STR(ev("1e308 * 10"), "t.yaml:3:16: error: number overflow: "
	    "the result is beyond 1.79769e+308");
	/* division by zero, at the operator */
	CHECK_STR(ev("n / 0"), "t.yaml:3:12: error: division by zero");
	CHECK_STR(ev("n % (1 - 1)"), "t.yaml:3:12: error: division by zero");
	CHECK_STR(ev("x / 0.0"), "t.yaml:3:12: error: division by zero");
	/* type errors, at the operator */
	CHECK_STR(ev("'a' + 1"), "t.yaml:3:14: error: '+' needs two numbers "
	    "or two strings, got a string and a number");
	CHECK_STR(ev("n + name"), "t.yaml:3:12: error: '+' needs two numbers "
	    "or two strings, got a number and a string");
	CHECK_STR(ev("'ab' * 2"), "t.yaml:3:15: error: '*' needs numbers, got "
	    "a string and a number");
	CHECK_STR(ev("services - 1"), "t.yaml:3:19: error: '-' needs numbers, "
	    "got a list and a number");
	CHECK_STR(ev("ok % 2"), "t.yaml:3:13: error: '%' needs numbers, got "
	    "a boolean and a number");
	CHECK_STR(ev("nothing / 2"), "t.yaml:3:18: error: '/' needs numbers, "
	    "got null and a number");
	CHECK_STR(ev("[1] + [2]"), "t.yaml:3:14: error: '+' needs two numbers "
	    "or two strings, got a list and a list");
	/* what a short circuit skips is not computed */
	CHECK_STR(ev("false and 1 / 0 == 1"), "false");
	CHECK_STR(ev("true or 'a' + 1"), "true");
}

static void
test_short_circuit(void)
{
	setup();
	CHECK_STR(ev("nothing != null and nothing.y"), "false");
	CHECK_STR(ev("nothing == null or nothing.y"), "true");
	CHECK_STR(ev("flag and undefined_name"), "false");
	CHECK_STR(ev("ok or len(3) or range(0, 1000000000)"), "true");
	CHECK_STR(ev("flag and (1 == 'a') and [][5]"), "false");
	CHECK_STR(ev("flag and not 1"), "false");
	CHECK_STR(ev("flag and -'a' == 1"), "false");
	/* what is skipped is still checked for syntax */
	CHECK_STR(ev("flag and (1 == "),
	    "t.yaml:3:25: error: unexpected end of expression");
	CHECK_STR(ev("flag and foo(1)"),
	    "t.yaml:3:19: error: unknown function 'foo'");
	CHECK_STR(ev("flag and len(1, 2)"),
	    "t.yaml:3:19: error: 'len' takes 1 argument, got 2");
	/* and what is not skipped is evaluated */
	CHECK_STR(ev("ok and undefined_name"),
	    "t.yaml:3:17: error: unknown variable 'undefined_name'");
}

static void
test_paths(void)
{
	setup();
	CHECK_STR(ev("name"), "\"THE BOT\"");
	CHECK_STR(ev("project.name"), "\"THE BOT Platform\"");
	CHECK_STR(ev("project['lang']"), "\"ru\"");
	CHECK_STR(ev("project[\"id\"]"), "\"thebot\"");
	CHECK_STR(ev("project.meta"), "null");
	CHECK_STR(ev("services[0]"), "\"a\"");
	CHECK_STR(ev("services[1 2]"),
	    "t.yaml:3:21: error: expected ']' after the index");
	CHECK_STR(ev("services[2]"), "\"c\"");
	CHECK_STR(ev("services[2.0]"), "\"c\"");
	CHECK_STR(ev("endpoints[1].path"), "\"/x\"");
	CHECK_STR(ev("endpoints [1] . method"), "\"POST\"");
	CHECK_STR(ev("nested[0][1]"), "2");
	CHECK_STR(ev("[10, 20][1]"), "20");
	CHECK_STR(ev("range(0, 10)[3]"), "3");
	CHECK_STR(ev("services[len(services) == 3 and 1 or 0]"),
	    "t.yaml:3:42: error: 'and' needs booleans, got a number");
	CHECK_STR(ev("project.id == 'thebot'"), "true");
}

static void
test_scope(void)
{
	struct chk_node	*one, *two;
	struct scope	 outer, inner;

	setup();
	one = node_new_str(A, "outer value", NULL);
	two = node_new_str(A, "inner value", NULL);
	outer.name = "n";
	outer.value = one;
	outer.up = NULL;
	inner.name = "svc";
	inner.value = two;
	inner.up = &outer;
	C.scope = &inner;
	CHECK_STR(ev("n"), "\"outer value\"");		/* shadows vars.n */
	CHECK_STR(ev("svc"), "\"inner value\"");
	CHECK_STR(ev("name"), "\"THE BOT\"");		/* vars still seen */
	inner.name = "n";
	CHECK_STR(ev("n"), "\"inner value\"");		/* innermost first */
	CHECK_STR(ev("sv"), "t.yaml:3:10: error: unknown variable 'sv'");
	inner.name = "svc";
	CHECK_STR(ev("svd"),
	    "t.yaml:3:10: error: unknown variable 'svd' (did you mean 'svc'?)");
	C.scope = NULL;
	CHECK_STR(ev("n"), "3");
}

static void
test_range(void)
{
	setup();
	CHECK_STR(ev("range(0, 3)"), "[0, 1, 2]");
	CHECK_STR(ev("range(0, 61, 10)"), "[0, 10, 20, 30, 40, 50, 60]");
	CHECK_STR(ev("range(0, 60, 10)"), "[0, 10, 20, 30, 40, 50]");
	CHECK_STR(ev("range(5, 0, -2)"), "[5, 3, 1]");
	CHECK_STR(ev("range(5, -1, -1)"), "[5, 4, 3, 2, 1, 0]");
	CHECK_STR(ev("range(-2, 2)"), "[-2, -1, 0, 1]");
	CHECK_STR(ev("range(3, 3)"), "[]");
	CHECK_STR(ev("range(3, 0)"), "[]");
	CHECK_STR(ev("range(0, 3, -1)"), "[]");
	CHECK_STR(ev("range(1, n + 1)"), "[1, 2, 3]");
	CHECK_STR(ev("range(1, n)"), "[1, 2]");
	CHECK_STR(ev("range(0, 1000000000)"),
	    "t.yaml:3:10: error: range(0, 1000000000) would make "
	    "1000000000 elements (limit 10000)");
	CHECK_STR(ev("range(0, 9007199254740992, 1)"),
	    "t.yaml:3:10: error: range(0, 9007199254740992, 1) would make "
	    "9007199254740992 elements (limit 10000)");
	CHECK_STR(ev("range(9007199254740992, -9007199254740992, -1)"),
	    "t.yaml:3:10: error: range(9007199254740992, -9007199254740992, "
	    "-1) would make 18014398509481984 elements (limit 10000)");
	CHECK(strncmp(ev("range(0, 10000)"), "[0, 1, 2, ", 10) == 0);
	CHECK_STR(ev("range(0, 10001)"),
	    "t.yaml:3:10: error: range(0, 10001) would make 10001 elements "
	    "(limit 10000)");
	CHECK_STR(ev("range(0, 5, 0)"),
	    "t.yaml:3:22: error: 'range' step must not be 0");
	CHECK_STR(ev("range(0, 2.5)"),
	    "t.yaml:3:19: error: 'range' needs integers, got 2.5");
	CHECK_STR(ev("range(0, 1e300)"),
	    "t.yaml:3:19: error: 'range' needs integers, got 1e+300");
	CHECK_STR(ev("range('a', 2)"),
	    "t.yaml:3:16: error: 'range' needs integers, got a string");
	CHECK_STR(ev("range(5)"),
	    "t.yaml:3:10: error: 'range' takes 2 or 3 arguments, got 1");
	CHECK_STR(ev("range(1, 2, 3, 4)"),
	    "t.yaml:3:10: error: 'range' takes 2 or 3 arguments, got 4");
	CHECK_STR(ev("range()"),
	    "t.yaml:3:10: error: 'range' takes 2 or 3 arguments, got 0");
	CHECK_STR(ev("range(1 2)"),
	    "t.yaml:3:18: error: expected ')' after arguments of 'range'");
	CHECK_STR(ev("range(1, 2"),
	    "t.yaml:3:20: error: expected ')' after arguments of 'range'");
	C.max_range = 0;	/* the default */
	CHECK_STR(ev("range(0, 10001)"),
	    "t.yaml:3:10: error: range(0, 10001) would make 10001 elements "
	    "(limit 10000)");
}

/* Computed numbers carry their text too (loop values make ids). */
static void
test_number_nodes(void)
{
	const struct chk_node	*v;

	setup();
	v = expr_eval(&C, "range(1, -12, -10)", 18, &AT);
	CHECK(v != NULL && v->n == 2);
	CHECK_STR(v->items[0]->str, "1");
	CHECK_STR(v->items[1]->str, "-9");
	CHECK(v->items[1]->is_int && v->items[1]->len == 2);
	v = expr_eval(&C, "range(0, 1)", 11, &AT);
	CHECK(v != NULL && v->n == 1 && strcmp(v->items[0]->str, "0") == 0);
	v = expr_eval(&C, "1e3", 3, &AT);
	CHECK(v != NULL && !v->is_int && v->num == 1000);
	CHECK_STR(v->str, "1e3");
	v = expr_eval(&C, "-12", 3, &AT);
	CHECK(v != NULL && v->is_int && v->num == -12);
	CHECK_STR(v->str, "-12");
	v = expr_eval(&C, "-x", 2, &AT);
	CHECK(v != NULL && !v->is_int && v->num == -2.5);
	v = expr_eval(&C, "len(word)", 9, &AT);
	CHECK(v != NULL && v->is_int && v->num == 6);
	CHECK_STR(v->str, "6");
	CHECK(diag_count(D) == 0);
}

static void
test_len(void)
{
	setup();
	CHECK_STR(ev("len(word)"), "6");	/* code points, not bytes */
	CHECK_STR(ev("len('')"), "0");
	CHECK_STR(ev("len(services)"), "3");
	CHECK_STR(ev("len(empty)"), "0");
	CHECK_STR(ev("len(project)"), "4");
	CHECK_STR(ev("len(range(0, 7)) == 7"), "true");
	CHECK_STR(ev("len(n)"),
	    "t.yaml:3:14: error: 'len' needs a string, a list or a mapping, "
	    "got a number");
	CHECK_STR(ev("len()"),
	    "t.yaml:3:10: error: 'len' takes 1 argument, got 0");
	CHECK_STR(ev("lne(name)"),
	    "t.yaml:3:10: error: unknown function 'lne' (did you mean 'len'?)");
	CHECK_STR(ev("rnage(1, 2)"),
	    "t.yaml:3:10: error: unknown function 'rnage' (did you mean "
	    "'range'?)");
}

static void
test_name_errors(void)
{
	setup();
	CHECK_STR(ev("helth_url"),
	    "t.yaml:3:10: error: unknown variable 'helth_url' (did you mean "
	    "'health_url'?)");
	CHECK_STR(ev("1 == zzz"), "t.yaml:3:15: error: unknown variable 'zzz'");
	CHECK_STR(ev("project.nmae"),
	    "t.yaml:3:18: error: 'project' has no key 'nmae' (did you mean "
	    "'name'?)");
	CHECK_STR(ev("project['nmae']"),
	    "t.yaml:3:18: error: 'project' has no key 'nmae' (did you mean "
	    "'name'?)");
	CHECK_STR(ev("endpoints[0].pth"),
	    "t.yaml:3:23: error: 'endpoints[0]' has no key 'pth' (did you "
	    "mean 'path'?)");
	CHECK_STR(ev("project.zzzzzz"),
	    "t.yaml:3:18: error: 'project' has no key 'zzzzzz'");
	CHECK_STR(ev("project.meta.x"),
	    "t.yaml:3:23: error: 'project.meta' is null");
	CHECK_STR(ev("nothing[0]"), "t.yaml:3:17: error: 'nothing' is null");
	CHECK_STR(ev("services.x"),
	    "t.yaml:3:19: error: 'services' is a list, not a mapping");
	CHECK_STR(ev("name.x"),
	    "t.yaml:3:15: error: 'name' is a string, not a mapping");
	CHECK_STR(ev("name[0]"),
	    "t.yaml:3:14: error: 'name' is a string, not a list or a mapping");
	CHECK_STR(ev("services[3]"),
	    "t.yaml:3:19: error: index 3 is out of range: 'services' has 3 "
	    "items");
	CHECK_STR(ev("services[-1]"),
	    "t.yaml:3:19: error: index -1 is out of range: 'services' has 3 "
	    "items");
	CHECK_STR(ev("[7][1]"),
	    "t.yaml:3:14: error: index 1 is out of range: '[7]' has 1 item");
	CHECK_STR(ev("services[0.5]"),
	    "t.yaml:3:19: error: index 0.5 is not an integer");
	CHECK_STR(ev("services['a']"),
	    "t.yaml:3:19: error: 'services' is a list: its index must be a "
	    "number, got a string");
	CHECK_STR(ev("project[1]"),
	    "t.yaml:3:18: error: 'project' is a mapping: its index must be a "
	    "string, got a number");
	CHECK_STR(ev("project."),
	    "t.yaml:3:18: error: expected a name after '.'");
	CHECK_STR(ev("project.in"),
	    "t.yaml:3:18: error: 'project' has no key 'in' (did you mean "
	    "'id'?)");
}

static void
test_type_errors(void)
{
	setup();
	CHECK_STR(ev("name == 1"),
	    "t.yaml:3:15: error: cannot compare a string with a number");
	CHECK_STR(ev("1 != 'a'"),
	    "t.yaml:3:12: error: cannot compare a number with a string");
	CHECK_STR(ev("ok == 1"),
	    "t.yaml:3:13: error: cannot compare a boolean with a number");
	CHECK_STR(ev("services == 'a'"),
	    "t.yaml:3:19: error: cannot compare a list with a string");
	CHECK_STR(ev("'a' < 1"),
	    "t.yaml:3:14: error: cannot compare a string with a number");
	CHECK_STR(ev("null < 1"),
	    "t.yaml:3:15: error: cannot compare null with a number");
	CHECK_STR(ev("true <= false"),
	    "t.yaml:3:15: error: '<=' needs numbers or strings, got a boolean");
	CHECK_STR(ev("services > services"),
	    "t.yaml:3:19: error: '>' needs numbers or strings, got a list");
	CHECK_STR(ev("1 in 2"),
	    "t.yaml:3:15: error: 'in' needs a list, a string or a mapping, "
	    "got a number");
	CHECK_STR(ev("1 not in nothing"),
	    "t.yaml:3:19: error: 'in' needs a list, a string or a mapping, "
	    "got null");
	CHECK_STR(ev("1 in name"),
	    "t.yaml:3:10: error: cannot look for a number in a string");
	CHECK_STR(ev("  n in project"),
	    "t.yaml:3:12: error: cannot look for a number in a mapping");
	CHECK_STR(ev("1 and true"),
	    "t.yaml:3:10: error: 'and' needs booleans, got a number");
	CHECK_STR(ev("true and name"),
	    "t.yaml:3:19: error: 'and' needs booleans, got a string");
	CHECK_STR(ev("flag or nothing"),
	    "t.yaml:3:18: error: 'or' needs booleans, got null");
	CHECK_STR(ev("ok and ok and 1"),
	    "t.yaml:3:24: error: 'and' needs booleans, got a number");
	CHECK_STR(ev("not services"),
	    "t.yaml:3:14: error: 'not' needs a boolean, got a list");
	CHECK_STR(ev("-name"),
	    "t.yaml:3:11: error: '-' needs a number, got a string");
	CHECK_STR(ev("1 < 2 < 3"),
	    "t.yaml:3:16: error: comparisons cannot be chained, join them "
	    "with 'and'");
	CHECK_STR(ev("1 == 1 not in services"),
	    "t.yaml:3:17: error: comparisons cannot be chained, join them "
	    "with 'and'");
}

static void
test_syntax_errors(void)
{
	setup();
	CHECK_STR(ev(""), "t.yaml:3:10: error: unexpected end of expression");
	CHECK_STR(ev("   "),
	    "t.yaml:3:13: error: unexpected end of expression");
	CHECK_STR(ev("1 +"), "t.yaml:3:13: error: unexpected end of expression");
	CHECK_STR(ev("1 ** 2"), "t.yaml:3:13: error: expected a value, got '*'");
	CHECK_STR(ev("* 2"), "t.yaml:3:10: error: expected a value, got '*'");
	CHECK_STR(ev("n == $x"),
	    "t.yaml:3:15: error: unexpected character '$'");
	CHECK_STR(ev("n == €"),
	    "t.yaml:3:15: error: unexpected character '€'");
	CHECK_STR(ev("n \x01"), "t.yaml:3:12: error: unexpected byte 0x01");
	CHECK_STR(ev("n \xff"), "t.yaml:3:12: error: unexpected byte 0xff");
	CHECK_STR(ev("n = 3"),
	    "t.yaml:3:12: error: unexpected '=' (did you mean '=='?)");
	CHECK_STR(ev("n ! 3"), "t.yaml:3:12: error: unexpected character '!'");
	CHECK_STR(ev("n == 'abc"), "t.yaml:3:15: error: unterminated string");
	CHECK_STR(ev("'abc\\"), "t.yaml:3:10: error: unterminated string");
	CHECK_STR(ev("'a\\qb'"),
	    "t.yaml:3:12: error: unknown escape '\\q' in string");
	CHECK_STR(ev("1e+"), "t.yaml:3:10: error: malformed number '1e+'");
	CHECK_STR(ev("2 3"),
	    "t.yaml:3:12: error: expected an operator or the end of the "
	    "expression, got '3'");
	CHECK_STR(ev("(1))"),
	    "t.yaml:3:13: error: expected an operator or the end of the "
	    "expression, got ')'");
	CHECK_STR(ev("(1"), "t.yaml:3:12: error: expected ')'");
	CHECK_STR(ev("[1 2]"),
	    "t.yaml:3:13: error: expected ',' or ']' in the list");
	CHECK_STR(ev("[1,"),
	    "t.yaml:3:13: error: unexpected end of expression");
	CHECK_STR(ev("[,]"), "t.yaml:3:11: error: expected a value, got ','");
	CHECK_STR(ev("n == )"),
	    "t.yaml:3:15: error: expected a value, got ')'");
	CHECK_STR(ev("ok and or"),
	    "t.yaml:3:17: error: expected a value, got 'or'");
	CHECK_STR(ev("not"),
	    "t.yaml:3:13: error: unexpected end of expression");
	CHECK_STR(ev("n not 3"),
	    "t.yaml:3:12: error: expected an operator or the end of the "
	    "expression, got 'not'");
	CHECK_STR(ev("services[0"),
	    "t.yaml:3:20: error: expected ']' after the index");
}

static void
test_multiline(void)
{
	setup();
	/* After a newline the column starts again at 1. */
	CHECK_STR(ev("ok and\n  (n == 4 or\n     helth_url)"),
	    "t.yaml:5:6: error: unknown variable 'helth_url' (did you mean "
	    "'health_url'?)");
	CHECK_STR(ev("ok and\r\n\tn == 'a'"),
	    "t.yaml:4:4: error: cannot compare a number with a string");
	CHECK_STR(ev("[1,\n2,\n3"),
	    "t.yaml:5:2: error: expected ',' or ']' in the list");
	/* The same context twice: the place cache must start over. */
	CHECK_STR(ev("\n\nzz"), "t.yaml:5:1: error: unknown variable 'zz'");
	CHECK_STR(ev("zz"), "t.yaml:3:10: error: unknown variable 'zz'");
}

static void
test_depth_limit(void)
{
	struct buf	 e = { NULL, 0, 0 };
	int		 i;

	setup();
	C.max_depth = 3;
	CHECK_STR(ev("((1))"), "1");
	CHECK_STR(ev("(((1)))"), "1");
	CHECK_STR(ev("((((1))))"),
	    "t.yaml:3:13: error: expression is nested too deeply (limit 3)");
	CHECK_STR(ev("[[[1]]]"), "[[[1]]]");
	CHECK_STR(ev("[[[[1]]]]"),
	    "t.yaml:3:13: error: expression is nested too deeply (limit 3)");
	CHECK_STR(ev("not not not true"), "false");
	CHECK_STR(ev("not not not not true"),
	    "t.yaml:3:22: error: expression is nested too deeply (limit 3)");
	CHECK_STR(ev("- - - 1"), "-1");
	CHECK_STR(ev("len([len('a')])"), "1");
	CHECK_STR(ev("len([len([1])])"),
	    "t.yaml:3:19: error: expression is nested too deeply (limit 3)");
	CHECK_STR(ev("nested[nested[0][0]][0]"), "3");
	CHECK_STR(ev("n[n[n[n[n]]]]"),
	    "t.yaml:3:17: error: expression is nested too deeply (limit 3)");
	/* Far beyond any stack: refused, not a crash. */
	C.max_depth = 0;	/* the default, 32 */
	for (i = 0; i < 3000; i++)
		buf_putc(&e, '(');
	CHECK_STR(ev(buf_str(&e)),
	    "t.yaml:3:42: error: expression is nested too deeply (limit 32)");
	buf_reset(&e);
	for (i = 0; i < 1000; i++)
		buf_puts(&e, "not ");
	buf_puts(&e, "true");
	CHECK_STR(ev(buf_str(&e)),
	    "t.yaml:3:138: error: expression is nested too deeply (limit 32)");
	buf_free(&e);
}

static void
test_length_limit(void)
{
	char	 big[5000];

	setup();
	C.max_len = 10;
	CHECK_STR(ev("1234567890"), "1234567890");
	CHECK_STR(ev("12345678901"),
	    "t.yaml:3:10: error: expression is too long (11 bytes, limit 10)");
	C.max_len = 0;		/* the default, 4096 */
	memset(big, ' ', sizeof(big));
	big[0] = '1';
	big[sizeof(big) - 1] = '\0';
	CHECK_STR(ev(big),
	    "t.yaml:3:10: error: expression is too long (4999 bytes, limit "
	    "4096)");
}

static void
test_when(void)
{
	const char	*s;

	setup();
	s = "n > 2";
	CHECK(expr_when(&C, s, strlen(s), &AT) == 1);
	s = "'x' in services";
	CHECK(expr_when(&C, s, strlen(s), &AT) == 0);
	fresh_diag();
	s = "  name";
	CHECK(expr_when(&C, s, strlen(s), &AT) == -1);
	CHECK_STR(diag_text(D, 0),
	    "t.yaml:3:12: error: 'when' must be a boolean, got a string");
	fresh_diag();
	s = "nothing";
	CHECK(expr_when(&C, s, strlen(s), &AT) == -1);
	CHECK_STR(diag_text(D, 0),
	    "t.yaml:3:10: error: 'when' must be a boolean, got null");
	fresh_diag();
	s = "migrations";
	CHECK(expr_when(&C, s, strlen(s), &AT) == -1);
	CHECK(diag_count(D) == 1);
	/* Only the first len bytes are the expression. */
	s = "ok and garbage";
	CHECK(expr_when(&C, s, 2, &AT) == 1);
}

/*
 * Names, paths and "PATH == null" are looked up without the parser, by
 * the index of the variables once expr_index() has made it: the same
 * values, and the parser's diagnostics when the name is not defined.
 */
static void
test_quick(void)
{
	const char	*s;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		setup();
		if (pass == 1)
			expr_index(&C);
		CHECK(expr_when(&C, "ok", 2, &AT) == 1);
		CHECK(expr_when(&C, " flag ", 6, &AT) == 0);
		s = "nothing == null";
		CHECK(expr_when(&C, s, strlen(s), &AT) == 1);
		s = "nothing!=null";
		CHECK(expr_when(&C, s, strlen(s), &AT) == 0);
		s = "project.meta == null";
		CHECK(expr_when(&C, s, strlen(s), &AT) == 1);
		s = "project.name != null ";
		CHECK(expr_when(&C, s, strlen(s), &AT) == 1);
		s = "services == null";
		CHECK(expr_when(&C, s, strlen(s), &AT) == 0);
		CHECK_STR(ev("project.name"), "\"THE BOT Platform\"");
		CHECK_STR(ev(" n "), "3");
		fresh_diag();
		s = "project.nme != null";
		CHECK(expr_when(&C, s, strlen(s), &AT) == -1);
		CHECK_STR(diag_text(D, 0), "t.yaml:3:18: error: 'project' has "
		    "no key 'nme' (did you mean 'name'?)");
		fresh_diag();
		s = "nothin != null";
		CHECK(expr_when(&C, s, strlen(s), &AT) == -1);
		CHECK_STR(diag_text(D, 0), "t.yaml:3:10: error: unknown "
		    "variable 'nothin' (did you mean 'nothing'?)");
		CHECK_STR(ev("project.name.x"), "t.yaml:3:23: error: "
		    "'project.name' is a string, not a mapping");
	}
}

/*
 * A `when` read once (expr_quick_read) answers as expr_when() for every
 * name, path, null test and len(PATH) > 0 it takes, and leaves the rest
 * to it.
 */
static void
test_when_read_once(void)
{
	static const struct {
		const char	*src;
		int		 quick;	/* answered without the parser */
	} w[] = {
		{ "ok", 1 }, { " flag ", 1 }, { "nothing == null", 1 },
		{ "nothing!=null", 1 }, { "project.meta == null", 1 },
		{ "project.name != null ", 1 }, { "services == null", 1 },
		{ "s", 0 }, { "s.b", 1 }, { "s.id == null", 1 }, { "n", 0 }, { "name", 0 },
		{ "nothin", 0 }, { "project.nme != null", 0 },
		{ "not ok", 0 }, { "true", 0 }, { "null == null", 0 },
		{ "ok and flag", 0 }, { "n > 2", 0 }, { "ok.x", 0 },
		{ "a . b", 0 }, { "in", 0 }, { "x.null", 0 },
		{ "project.name.x == null", 0 }, { "== null", 0 },
		{ "len(services) > 0", 1 }, { " len( empty )>0 ", 1 },
		{ "len(project) > 0", 1 }, { "len(s) > 0", 1 },
		{ "len(s.one) > 0", 1 },
		{ "len(name) > 0", 0 }, { "len(n) > 0", 0 },
		{ "len(nothin) > 0", 0 }, { "len(services) > 1", 0 },
		{ "len(services) >= 0", 0 }, { "len(services) > 00", 0 },
		{ "len(services) > 0.0", 0 }, { "lens(services) > 0", 0 },
		{ "len(services)) > 0", 0 }, { "not len(empty) > 0", 0 },
		{ "len(ok) > 0 and ok", 0 }, { "len() > 0", 0 },
	};
	const struct chk_node	*sv;
	struct expr_quick	 q;
	struct scope		 sc;
	size_t			 i;
	int			 pass, want, got;

	for (pass = 0; pass < 2; pass++) {
		setup();
		if (pass == 1)
			expr_index(&C);
		sv = load_buffer(A, "s.yaml", "{id: x, b: true, one: [z]}", 26,
		    D);
		sc.name = "s", sc.value = sv, sc.up = NULL;
		C.scope = &sc;
		for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
			expr_quick_read(&q, w[i].src, strlen(w[i].src));
			got = expr_when_quick(&C, &q);
			fresh_diag();
			want = expr_when(&C, w[i].src, strlen(w[i].src), &AT);
			if (w[i].quick)
				CHECK(got == want && got != -1);
			else
				CHECK(got == -1);
			if (w[i].quick ? got != want || got == -1 : got != -1)
				printf("  %s: %d, expr_when %d\n", w[i].src, got,
				    want);
		}
		C.max_len = 3;		/* too long: the parser says so */
		expr_quick_read(&q, "flag", 4);
		CHECK(expr_when_quick(&C, &q) == -1);
	}
}

/* expr_for: its variable and list, or its one diagnostic. */
static const char *
for_(const char *src)
{
	const char		*name = NULL;
	const struct chk_node	*list = NULL;

	char			*s = exact(src);
	int			 rc;

	fresh_diag();
	buf_reset(&B);
	rc = expr_for(&C, s, strlen(src), &AT, &name, &list);
	free(s);
	if (rc == -1)
		return diag_count(D) == 1 ? diag_text(D, 0) :
		    "(not exactly one diagnostic)";
	buf_printf(&B, "%s: ", name);
	repr(list);
	return buf_str(&B);
}

static void
test_for(void)
{
	setup();
	CHECK_STR(for_("svc in services"), "svc: [\"a\", \"b\", \"c\"]");
	CHECK_STR(for_("  m in range(0, 61, 30) "), "m: [0, 30, 60]");
	CHECK_STR(for_("k in project"),
	    "k: [\"id\", \"name\", \"lang\", \"meta\"]");
	CHECK_STR(for_("e in empty"), "e: []");
	CHECK_STR(for_("x in [1, 'two']"), "x: [1, \"two\"]");
	CHECK_STR(for_("e in endpoints[0]"),
	    "e: [\"method\", \"path\", \"expect\"]");
	CHECK_STR(for_("svc in n"),
	    "t.yaml:3:17: error: 'for' needs a list, got a number");
	CHECK_STR(for_("svc in nothing"),
	    "t.yaml:3:17: error: 'for' needs a list, got null");
	CHECK_STR(for_("svc in name"),
	    "t.yaml:3:17: error: 'for' needs a list, got a string");
	CHECK_STR(for_("services"),
	    "t.yaml:3:18: error: 'for' must be 'NAME in EXPR'");
	CHECK_STR(for_("svc of services"),
	    "t.yaml:3:14: error: 'for' must be 'NAME in EXPR'");
	CHECK_STR(for_("1 in services"),
	    "t.yaml:3:10: error: 'for' must be 'NAME in EXPR'");
	CHECK_STR(for_("in in services"),
	    "t.yaml:3:10: error: 'for' must be 'NAME in EXPR'");
	CHECK_STR(for_(""), "t.yaml:3:10: error: 'for' must be 'NAME in EXPR'");
	CHECK_STR(for_("svc in"),
	    "t.yaml:3:16: error: unexpected end of expression");
	CHECK_STR(for_("svc in servics"),
	    "t.yaml:3:17: error: unknown variable 'servics' (did you mean "
	    "'services'?)");
	CHECK_STR(for_("svc in services x"),
	    "t.yaml:3:26: error: expected an operator or the end of the "
	    "expression, got 'x'");
	CHECK_STR(for_("s$ in services"),
	    "t.yaml:3:11: error: unexpected character '$'");
}

static const char *
text(const struct chk_node *v)
{
	fresh_diag();
	return expr_to_text(&C, v, &AT);
}

static void
test_to_text(void)
{
	struct chk_node	*big;
	char		 want[32];
	double		 x, d;

	setup();
	CHECK_STR(text(node_new_str(A, "a <b>", NULL)), "a <b>");
	CHECK_STR(text(node_new_num(A, 3, NULL)), "3");
	CHECK_STR(text(node_new_num(A, -42, NULL)), "-42");
	CHECK_STR(text(node_new_num(A, -0.0, NULL)), "0");
	CHECK_STR(text(node_new_num(A, 2.0, NULL)), "2");
	CHECK_STR(text(node_new_num(A, 1e14, NULL)), "100000000000000");
	CHECK_STR(text(node_new_num(A, 2.5, NULL)), "2.5");
	CHECK_STR(text(node_new_num(A, 0.1, NULL)), "0.1");
	CHECK_STR(text(node_new_num(A, 1.0 / 3, NULL)), "0.33333333333333331");
	big = node_new_num(A, 1e15, NULL);
	CHECK_STR(text(big), "1000000000000000");	/* is_int */
	big->is_int = 0;
	CHECK_STR(text(big), "1e+15");
	big = node_new_num(A, 1e300, NULL);
	big->is_int = 0;
	CHECK_STR(text(big), "1e+300");
	CHECK_STR(text(node_get(C.vars, "x")), "2.5");
	CHECK_STR(text(node_get(C.vars, "n")), "3");
	CHECK_STR(text(node_get(C.vars, "ok")), "true");
	CHECK_STR(text(node_get(C.vars, "flag")), "false");
	CHECK_STR(text(node_get(C.vars, "nothing")), "");
	CHECK_STR(text(node_get(C.vars, "word")), "Привет");
	CHECK(text(node_get(C.vars, "services")) == NULL);
	CHECK_STR(diag_text(D, 0),
	    "t.yaml:3:10: error: cannot interpolate a list into text");
	CHECK(text(node_get(C.vars, "project")) == NULL);
	CHECK_STR(diag_text(D, 0),
	    "t.yaml:3:10: error: cannot interpolate a mapping into text");
	/* Computed values interpolate too. */
	CHECK_STR(ev("len(services) == 3"), "true");
	CHECK_STR(ev("range(0, 2)[1]"), "1");
	/* Whole numbers below 10^15 are written without printf(): as
	 * "%.0f" writes them, on either side of every power of ten. */
	for (x = 1; x < 1e16; x *= 10)
		for (d = x > 1 ? -1 : 0; d <= 1; d++) {	/* 0 is "0" */
			snprintf(want, sizeof(want), "%.0f", x + d);
			CHECK_STR(text(node_new_num(A, x + d, NULL)), want);
			snprintf(want, sizeof(want), "%.0f", -(x + d));
			CHECK_STR(text(node_new_num(A, -(x + d), NULL)), want);
		}
}

static void
test_no_vars(void)
{
	setup();
	C.vars = NULL;
	CHECK_STR(ev("1 == 1"), "true");
	CHECK_STR(ev("name"), "t.yaml:3:10: error: unknown variable 'name'");
}

int
main(void)
{
	RUN(test_literals);
	RUN(test_comparisons);
	RUN(test_in);
	RUN(test_logic);
	RUN(test_precedence);
	RUN(test_arith);
	RUN(test_short_circuit);
	RUN(test_paths);
	RUN(test_scope);
	RUN(test_range);
	RUN(test_number_nodes);
	RUN(test_len);
	RUN(test_name_errors);
	RUN(test_type_errors);
	RUN(test_syntax_errors);
	RUN(test_multiline);
	RUN(test_depth_limit);
	RUN(test_length_limit);
	RUN(test_when);
	RUN(test_quick);
	RUN(test_when_read_once);
	RUN(test_for);
	RUN(test_to_text);
	RUN(test_no_vars);
	arena_free(A);
	diag_free(D);
	buf_free(&B);
	return HARNESS_EXIT();
}
