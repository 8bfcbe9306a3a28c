/*
 * Fuzz the expression parser and evaluator: `when`, `for` and {{ }}
 * expressions over variables.  Input: the variables (a YAML mapping),
 * FUZZ_SEP, then the expression; without a separator the whole input
 * is the expression over fixed variables.  The expression is copied
 * into a buffer of exactly its length, so reading past it is caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/expr.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char VARS[] =
    "name: THE BOT\nn: 3\nx: 2.5\nok: true\nnothing: null\n"
    "services: [a, b, c]\n"
    "endpoints: [{method: GET, path: /health, expect: 200}]\n"
    "project: {id: thebot, name: THE BOT Platform, lang: ru}\n"
    "word: Привет\nnested: [[1, 2], [3]]\nbig: 1e308\n";

static void
check_value(struct expr_ctx *ctx, const struct chk_node *v,
    const struct loc *at)
{
	const char	*t;
	int		 errors = diag_errors(ctx->diag);

	t = expr_to_text(ctx, v, at);
	if (v->kind == CHK_NODE_SEQ || v->kind == CHK_NODE_MAP)
		FUZZ_ASSERT(t == NULL && diag_errors(ctx->diag) > errors);
	else
		FUZZ_ASSERT(t != NULL);
}

/* Evaluate src three ways: as a value, a `when`, a `for`. */
static void
eval_all(struct expr_ctx *ctx, const char *src, size_t len)
{
	static const struct loc	 at = { "fuzz.yaml", 1, 1 };
	const struct chk_node	*v, *list;
	const char		*name;
	int			 errors = diag_errors(ctx->diag), w;

	if ((v = expr_eval(ctx, src, len, &at)) == NULL)
		FUZZ_ASSERT(diag_errors(ctx->diag) > errors);
	else
		check_value(ctx, v, &at);
	errors = diag_errors(ctx->diag);
	if ((w = expr_when(ctx, src, len, &at)) == -1)
		FUZZ_ASSERT(diag_errors(ctx->diag) > errors);
	else
		FUZZ_ASSERT(w == 0 || w == 1);
	errors = diag_errors(ctx->diag);
	if (expr_for(ctx, src, len, &at, &name, &list) == -1)
		FUZZ_ASSERT(diag_errors(ctx->diag) > errors);
	else
		FUZZ_ASSERT(list->kind == CHK_NODE_SEQ && *name != '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part	 parts[2];
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	struct expr_ctx		 ctx;
	struct scope		 i_sc, s_sc;
	const struct chk_node	*vars = NULL;
	char			*src;
	size_t			 n;

	n = fuzz_split(data, size, parts, 2);
	if (n == 2)
		vars = load_buffer(a, "vars.yaml", parts[0].data,
		    parts[0].len, d);
	else
		vars = load_buffer(a, "vars.yaml", VARS, strlen(VARS), d);
	if (vars != NULL && vars->kind == CHK_NODE_MAP) {
		memset(&ctx, 0, sizeof(ctx));
		ctx.arena = a, ctx.diag = d, ctx.vars = vars;
		ctx.max_range = 2000, ctx.max_len = 4096, ctx.max_depth = 64;
		i_sc.name = "i", i_sc.value = node_new_num(a, 7, NULL);
		i_sc.up = NULL;
		s_sc.name = "s", s_sc.value = node_new_str(a, "svc", NULL);
		s_sc.up = &i_sc;
		ctx.scope = &s_sc;
		/* Exactly len bytes, no NUL after them. */
		src = xmalloc(parts[n - 1].len);
		memcpy(src, parts[n - 1].data, parts[n - 1].len);
		eval_all(&ctx, src, parts[n - 1].len);
		free(src);
	}
	fuzz_check_diag(d, 0);
	diag_free(d);
	arena_free(a);
	return 0;
}
