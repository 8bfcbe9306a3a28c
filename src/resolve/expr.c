/*
 * Expressions of templates (doc/format.md §1), parsed and evaluated in
 * one pass by recursive descent:
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | cmp
 *   cmp     := sum [('==' | '!=' | '<' | '<=' | '>' | '>=' |
 *                    'in' | 'not' 'in') sum]
 *   sum     := term (('+' | '-') term)*
 *   term    := unary (('*' | '/' | '%') unary)*
 *   unary   := '-' unary | postfix
 *   postfix := primary ('.' NAME | '[' or ']')*
 *   primary := NUMBER | STRING | true | false | null | '[' list ']' |
 *              '(' or ')' | NAME | NAME '(' args ')'
 *
 * There is no syntax tree: an expression is read once per item, so
 * building one would cost more than it saves.  What a short-circuited
 * 'and' or 'or' does not need is parsed in "skip" mode (ex->skip > 0):
 * its syntax is checked, nothing is looked up or computed, so
 * `x != null and x.y` works.  Every error stops the expression: one
 * diagnostic per expression, at the line:col of the offending token.
 */
#define _GNU_SOURCE		/* memmem(3): glibc, musl and the BSDs have it */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "resolve/expr.h"
#include "utf8.h"

#define EXPR_MAX_RANGE	10000
#define EXPR_MAX_LEN	4096
#define EXPR_MAX_DEPTH	32
#define QUOTE_MAX	64			/* source bytes quoted */
#define EXACT_MAX	9007199254740992.0	/* 2^53 */

enum tok_kind {
	T_EOF, T_NUM, T_STR, T_NAME,
	T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA, T_DOT,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE, T_NULL,
	T_BAD
};

/* What is wrong with a T_BAD token. */
enum lex_err {
	LEX_CHAR, LEX_BYTE, LEX_ASSIGN, LEX_STRING, LEX_ESCAPE, LEX_NUMBER
};

struct tok {
	enum tok_kind	 kind;
	size_t		 off;		/* in the source */
	size_t		 len;
	enum lex_err	 err;		/* T_BAD */
	size_t		 eoff, elen;	/* T_BAD: the bytes to show */
};

struct ex {
	struct expr_ctx	*ctx;
	const char	*src;
	size_t		 len;
	struct loc	 at;		/* the place of src[0] */
	struct tok	 tok;		/* the current token */
	size_t		 end;		/* end of the token before it */
	int		 depth, max_depth;
	int		 skip;		/* > 0: parse, do not evaluate */
	size_t		 loff;		/* ex_loc() cache: src + loff ... */
	struct loc	 lloc;		/* ... is at lloc */
};

/* A call: the function's name and its arguments. */
struct call {
	const struct tok	*name;
	const struct chk_node	*args[3];
	size_t			 offs[3];
	size_t			 n;
};

/* The operands of a comparison and where they are. */
struct cmp {
	enum tok_kind		 op;
	int			 negate;	/* 'not in' */
	const struct chk_node	*l, *r;
	size_t			 loff, opoff, roff;
};

typedef const struct chk_node *(*func_fn)(struct ex *, const struct call *);

static const struct chk_node *parse_logic(struct ex *, enum tok_kind);
static const struct chk_node *fn_range(struct ex *, const struct call *);
static const struct chk_node *fn_len(struct ex *, const struct call *);

#define parse_or(ex)	parse_logic((ex), T_OR)

static const struct {
	const char	*word;
	enum tok_kind	 kind;
} keywords[] = {
	{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN },
	{ "true", T_TRUE }, { "false", T_FALSE }, { "null", T_NULL },
};

static const struct func {
	const char	*name;
	size_t		 min, max;	/* arguments */
	func_fn		 fn;
} funcs[] = {
	{ "range", 2, 3, fn_range },
	{ "len", 1, 1, fn_len },
};

/* The value of what is parsed in skip mode; never looked at. */
static const struct chk_node skipped = { .kind = CHK_NODE_NULL, .str = "" };

/* ------------------------------------------------------------------ */
/* Tokens */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_word_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static void
lex_bad(struct tok *t, enum lex_err err, size_t eoff, size_t elen)
{
	t->kind = T_BAD;
	t->err = err;
	t->eoff = eoff;
	t->elen = elen;
}

/* A character that starts no token: show it whole if it is UTF-8. */
static void
lex_char(const char *s, size_t len, size_t pos, struct tok *t)
{
	unsigned char	 c = (unsigned char)s[pos];
	unsigned long	 cp;
	size_t		 n;

	if (c > 0x20 && c < 0x7f)
		lex_bad(t, LEX_CHAR, pos, 1);
	else if (c >= 0x80 && (n = utf8_decode(s + pos, len - pos, &cp)) > 0)
		lex_bad(t, LEX_CHAR, pos, n);
	else
		lex_bad(t, LEX_BYTE, pos, 1);
}

/* A quoted string; escapes are checked here, decoded by str_value(). */
static void
lex_string(const char *s, size_t len, size_t pos, struct tok *t)
{
	unsigned long	 cp;
	size_t		 i, n;

	for (i = pos + 1; i < len; i++) {
		if (s[i] == s[pos]) {
			t->kind = T_STR;
			t->len = i + 1 - pos;
			return;
		}
		if (s[i] != '\\' || i + 1 == len)
			continue;
		if (strchr("\"'\\nt", s[i + 1]) == NULL || s[i + 1] == '\0') {
			n = utf8_decode(s + i + 1, len - i - 1, &cp);
			lex_bad(t, LEX_ESCAPE, i, 1 + (n ? n : 1));
			return;
		}
		i++;
	}
	lex_bad(t, LEX_STRING, pos, 1);
}

/* digits ['.' digits] [('e' | 'E') ['+' | '-'] digits] */
static void
lex_number(const char *s, size_t len, size_t pos, struct tok *t)
{
	size_t	i = pos, j;

	while (i < len && is_digit(s[i]))
		i++;
	if (i + 1 < len && s[i] == '.' && is_digit(s[i + 1]))
		for (i++; i < len && is_digit(s[i]); i++)
			continue;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		j = i + 1;
		if (j < len && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j == len || !is_digit(s[j])) {
			lex_bad(t, LEX_NUMBER, pos, j - pos);
			return;
		}
		for (i = j; i < len && is_digit(s[i]); i++)
			continue;
	}
	t->kind = T_NUM;
	t->len = i - pos;
}

static void
lex_word(const char *s, size_t len, size_t pos, struct tok *t)
{
	size_t	i, k;

	for (i = pos; i < len && (is_word_start(s[i]) || is_digit(s[i])); i++)
		continue;
	t->kind = T_NAME;
	t->len = i - pos;
	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (strlen(keywords[k].word) == t->len &&
		    memcmp(keywords[k].word, s + pos, t->len) == 0)
			t->kind = keywords[k].kind;
}

/* An operator of one or two bytes: c, or c followed by '='. */
static void
lex_op(const char *s, size_t len, size_t pos, struct tok *t,
    enum tok_kind one, enum tok_kind two)
{
	if (pos + 1 < len && s[pos + 1] == '=') {
		t->kind = two;
		t->len = 2;
	} else if (one != T_BAD)
		t->kind = one;
	else
		lex_bad(t, s[pos] == '=' ? LEX_ASSIGN : LEX_CHAR, pos, 1);
}

/*
 * The token at or after pos.  Pure: it reports nothing, so the parser
 * may look ahead; advance() reports a T_BAD token when it gets to it.
 */
static void
lex(const char *s, size_t len, size_t pos, struct tok *t)
{
	while (pos < len && strchr(" \t\r\n", s[pos]) != NULL && s[pos] != '\0')
		pos++;
	memset(t, 0, sizeof(*t));
	t->off = pos;
	t->len = 1;
	if (pos == len) {
		t->kind = T_EOF;
		t->len = 0;
		return;
	}
	switch (s[pos]) {
	case '(': t->kind = T_LPAREN; break;
	case ')': t->kind = T_RPAREN; break;
	case '[': t->kind = T_LBRACK; break;
	case ']': t->kind = T_RBRACK; break;
	case ',': t->kind = T_COMMA; break;
	case '.': t->kind = T_DOT; break;
	case '+': t->kind = T_PLUS; break;
	case '-': t->kind = T_MINUS; break;
	case '*': t->kind = T_STAR; break;
	case '/': t->kind = T_SLASH; break;
	case '%': t->kind = T_PERCENT; break;
	case '=': lex_op(s, len, pos, t, T_BAD, T_EQ); break;
	case '!': lex_op(s, len, pos, t, T_BAD, T_NE); break;
	case '<': lex_op(s, len, pos, t, T_LT, T_LE); break;
	case '>': lex_op(s, len, pos, t, T_GT, T_GE); break;
	case '"':
	case '\'':
		lex_string(s, len, pos, t);
		break;
	default:
		if (is_digit(s[pos]))
			lex_number(s, len, pos, t);
		else if (is_word_start(s[pos]))
			lex_word(s, len, pos, t);
		else
			lex_char(s, len, pos, t);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Places and diagnostics */

/* The place of src + off; incremental, as errors and values go on. */
static struct loc
ex_loc(struct ex *ex, size_t off)
{
	if (off < ex->loff) {
		ex->loff = 0;
		ex->lloc = ex->at;
	}
	if (ex->at.line == 0)
		return ex->at;
	for (; ex->loff < off; ex->loff++) {
		if (ex->src[ex->loff] == '\n') {
			ex->lloc.line++;
			ex->lloc.col = 1;
		} else
			ex->lloc.col++;
	}
	return ex->lloc;
}

static void __attribute__((format(printf, 3, 4)))
ex_error(struct ex *ex, size_t off, const char *fmt, ...)
{
	struct loc	 l = ex_loc(ex, off);
	char		 msg[512];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ex->ctx->diag, &l, DIAG_ERROR, "%s", msg);
}

/* How many bytes of src + from ... src + to to quote (for "%.*s"):
 * at most QUOTE_MAX, not cutting a UTF-8 sequence. */
static int
qlen(const struct ex *ex, size_t from, size_t to)
{
	size_t	n = to - from;

	if (n <= QUOTE_MAX)
		return (int)n;
	for (n = QUOTE_MAX; n > 0 &&
	    ((unsigned char)ex->src[from + n] & 0xC0) == 0x80; n--)
		continue;
	return (int)n;
}

static void
lex_report(struct ex *ex, const struct tok *t)
{
	const char	*b = ex->src + t->eoff;
	int		 n = qlen(ex, t->eoff, t->eoff + t->elen);

	switch (t->err) {
	case LEX_CHAR:
		ex_error(ex, t->eoff, "unexpected character '%.*s'", n, b);
		break;
	case LEX_BYTE:
		ex_error(ex, t->eoff, "unexpected byte 0x%02x",
		    (unsigned char)*b);
		break;
	case LEX_ASSIGN:
		ex_error(ex, t->eoff, "unexpected '=' (did you mean '=='?)");
		break;
	case LEX_STRING:
		ex_error(ex, t->eoff, "unterminated string");
		break;
	case LEX_ESCAPE:
		ex_error(ex, t->eoff, "unknown escape '%.*s' in string", n, b);
		break;
	case LEX_NUMBER:
		ex_error(ex, t->eoff, "malformed number '%.*s'", n, b);
		break;
	}
}

/* Move to the next token; -1 after a diagnostic if it is bad. */
static int
advance(struct ex *ex)
{
	ex->end = ex->tok.off + ex->tok.len;
	lex(ex->src, ex->len, ex->end, &ex->tok);
	if (ex->tok.kind != T_BAD)
		return 0;
	lex_report(ex, &ex->tok);
	return -1;
}

/* Enter a bracket, a 'not' or a '-' at the current token; -1 after a
 * diagnostic when that nests too deeply.  The caller decrements. */
static int
enter(struct ex *ex)
{
	if (++ex->depth <= ex->max_depth)
		return 0;
	ex_error(ex, ex->tok.off, "expression is nested too deeply (limit %d)",
	    ex->max_depth);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Values */

static struct chk_pair *
map_find(const struct chk_node *map, const char *key, size_t klen)
{
	size_t	i;

	if (map == NULL || map->kind != CHK_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->len == klen &&
		    memcmp(map->pairs[i].key->str, key, klen) == 0)
			return &map->pairs[i];
	return NULL;
}

static size_t
name_hash(const char *s, size_t n)
{
	size_t	h;

	/* Of the length and three bytes, not all of them: names are
	 * looked up far more often than two of them share these. */
	if (n == 0)
		return 0;
	h = n | (size_t)(unsigned char)s[0] << 8 |
	    (size_t)(unsigned char)s[n / 2] << 16 |
	    (size_t)(unsigned char)s[n - 1] << 24;
	return (h * 0x9E3779B97F4A7C15ULL) >> 32;
}

const struct chk_pair **
expr_map_index(struct arena *a, const struct chk_node *m, size_t *mask)
{
	const struct chk_pair	**v, **slot;
	size_t			 i, size = 16;

	if (m == NULL || m->kind != CHK_NODE_MAP)
		return NULL;
	while (size < 2 * m->n)
		size *= 2;
	v = arena_alloc(a, size * sizeof(*v));
	*mask = size - 1;
	for (i = 0; i < m->n; i++) {
		slot = &v[name_hash(m->pairs[i].key->str, m->pairs[i].key->len) &
		    *mask];
		while (*slot != NULL && strcmp((*slot)->key->str,
		    m->pairs[i].key->str) != 0)
			slot = &v[(size_t)(slot - v + 1) & *mask];
		if (*slot == NULL)	/* the first of a key, as map_find() */
			*slot = &m->pairs[i];
	}
	return v;
}

/* expr_map_find(), inline for the lookups of this file: every `when`
 * and {{ }} of every checklist looks a variable up. */
static inline const struct chk_pair *
index_find(const struct chk_pair *const *v, size_t mask, const char *key,
    size_t klen)
{
	const struct chk_pair	*p;
	size_t			 i;

	if (v == NULL)
		return NULL;
	for (i = name_hash(key, klen) & mask; (p = v[i]) != NULL;
	    i = (i + 1) & mask)
		if (p->key->len == klen && memcmp(p->key->str, key, klen) == 0)
			return p;
	return NULL;
}

const struct chk_pair *
expr_map_find(const struct chk_pair *const *v, size_t mask, const char *key,
    size_t klen)
{
	return index_find(v, mask, key, klen);
}

void
expr_index(struct expr_ctx *ctx)
{
	ctx->vslots = expr_map_index(ctx->arena, ctx->vars, &ctx->vmask);
}

/* The variable of klen bytes at key, by the index if there is one. */
static const struct chk_pair *
var_find(const struct expr_ctx *ctx, const char *key, size_t klen)
{
	if (ctx->vslots == NULL)
		return map_find(ctx->vars, key, klen);
	return index_find(ctx->vslots, ctx->vmask, key, klen);
}

/* " (did you mean 'x'?)" or "" into buf, for a name of klen bytes. */
static void
suggest(char *buf, size_t size, const char *key, size_t klen,
    const char *const *cands, size_t ncands)
{
	const char	*best;
	char		*name;

	name = xmalloc(klen + 1);
	memcpy(name, key, klen);
	name[klen] = '\0';
	best = diag_did_you_mean(name, cands, ncands);
	if (best != NULL)
		snprintf(buf, size, " (did you mean '%s'?)", best);
	else
		buf[0] = '\0';
	free(name);
}

/* Candidates for a typo of a name: the loop variables, then the keys
 * of map (may be NULL).  Free the array with free(). */
static const char **
candidates(const struct scope *scope, const struct chk_node *map, size_t *n)
{
	const struct scope	*s;
	const char		**v;
	size_t			 i, ns = 0, nk;

	for (s = scope; s != NULL; s = s->up)
		ns++;
	nk = map != NULL && map->kind == CHK_NODE_MAP ? map->n : 0;
	v = xmalloc((ns + nk) * sizeof(*v));
	for (s = scope, i = 0; s != NULL; s = s->up)
		v[i++] = s->name;
	for (; i < ns + nk; i++)
		v[i] = map->pairs[i - ns].key->str;
	*n = ns + nk;
	return v;
}

/* The value of key in map; the operand is src + from ... src + to. */
static const struct chk_node *
get_key(struct ex *ex, const struct chk_node *map, size_t from, size_t to,
    const char *key, size_t klen, size_t koff)
{
	struct chk_pair	*p;
	const char	**cands;
	char		 sugg[QUOTE_MAX + 32];
	size_t		 n;

	if ((p = map_find(map, key, klen)) != NULL)
		return p->value;
	cands = candidates(NULL, map, &n);
	suggest(sugg, sizeof(sugg), key, klen, cands, n);
	free(cands);
	ex_error(ex, koff, "'%.*s' has no key '%.*s'%s", qlen(ex, from, to),
	    ex->src + from, klen > QUOTE_MAX ? QUOTE_MAX : (int)klen, key,
	    sugg);
	return NULL;
}

/* A name: loop variables first, innermost first, then ctx->vars. */
static const struct chk_node *
lookup(struct ex *ex, const struct tok *t)
{
	const struct scope	*s;
	const struct chk_pair	*p;
	const char		*name = ex->src + t->off, **cands;
	char			 sugg[QUOTE_MAX + 32];
	size_t			 n;

	for (s = ex->ctx->scope; s != NULL; s = s->up)
		if (strncmp(s->name, name, t->len) == 0 &&
		    s->name[t->len] == '\0')
			return s->value;
	if ((p = var_find(ex->ctx, name, t->len)) != NULL)
		return p->value;
	cands = candidates(ex->ctx->scope, ex->ctx->vars, &n);
	suggest(sugg, sizeof(sugg), name, t->len, cands, n);
	free(cands);
	ex_error(ex, t->off, "unknown variable '%.*s'%s",
	    qlen(ex, t->off, t->off + t->len), name, sugg);
	return NULL;
}

/*
 * A computed number.  Integers get their text without printf, which
 * would otherwise be most of the cost of range().
 */
static struct chk_node *
num_node(struct ex *ex, double v, int is_int, const struct loc *l)
{
	struct chk_node		*n;
	char			 buf[24], *p = buf + sizeof(buf);
	unsigned long long	 u;

	n = node_new(ex->ctx->arena, CHK_NODE_NUMBER, l);
	n->num = v;
	n->is_int = is_int;
	if (v != floor(v) || fabs(v) >= 1e15) {
		n->str = arena_printf(ex->ctx->arena, "%.17g", v);
		n->len = strlen(n->str);
		return n;
	}
	*--p = '\0';
	u = (unsigned long long)fabs(v);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	n->len = (size_t)(buf + sizeof(buf) - 1 - p);
	n->str = arena_strndup(ex->ctx->arena, p, n->len);
	return n;
}

/* The value of a number token. */
static double
num_value(const struct ex *ex, const struct tok *t)
{
	char	 small[64], *s = small;
	double	 v;

	if (t->len >= sizeof(small))
		s = xmalloc(t->len + 1);
	memcpy(s, ex->src + t->off, t->len);
	s[t->len] = '\0';
	v = strtod(s, NULL);
	if (s != small)
		free(s);
	return v;
}

/* The value of a string token, escapes decoded. */
static const struct chk_node *
str_value(struct ex *ex, const struct tok *t, const struct loc *l)
{
	struct chk_node	*n = node_new(ex->ctx->arena, CHK_NODE_STRING, l);
	const char	*s = ex->src + t->off;
	char		*d;
	size_t		 i, j = 0;

	d = arena_alloc(ex->ctx->arena, t->len);
	for (i = 1; i + 1 < t->len; i++) {
		if (s[i] == '\\') {
			i++;
			d[j++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
		} else
			d[j++] = s[i];
	}
	d[j] = '\0';
	n->str = d;
	n->len = j;
	n->style = *s == '"' ? CHK_STYLE_DOUBLE : CHK_STYLE_SINGLE;
	return n;
}

static const struct chk_node *
literal(struct ex *ex, const struct tok *t)
{
	struct loc	 l = ex_loc(ex, t->off);
	struct arena	*a = ex->ctx->arena;

	struct chk_node	*n;

	switch (t->kind) {
	case T_NUM:
		/* As the loader does: text as written, 1e3 is a float. */
		n = node_new(a, CHK_NODE_NUMBER, &l);
		n->num = num_value(ex, t);
		n->is_int = isfinite(n->num) &&
		    memchr(ex->src + t->off, '.', t->len) == NULL &&
		    memchr(ex->src + t->off, 'e', t->len) == NULL &&
		    memchr(ex->src + t->off, 'E', t->len) == NULL;
		n->str = arena_strndup(a, ex->src + t->off, t->len);
		n->len = t->len;
		return n;
	case T_STR:
		return str_value(ex, t, &l);
	case T_TRUE:
	case T_FALSE:
		return node_new_bool(a, t->kind == T_TRUE, &l);
	default:
		return node_new(a, CHK_NODE_NULL, &l);
	}
}

/* ------------------------------------------------------------------ */
/* Functions */

/* An argument of range(): an integer exactly representable. */
static int
range_int(struct ex *ex, const struct chk_node *v, size_t off, long long *out)
{
	if (v->kind != CHK_NODE_NUMBER) {
		ex_error(ex, off, "'range' needs integers, got %s",
		    node_kind_name(v->kind));
		return -1;
	}
	if (!isfinite(v->num) || v->num != floor(v->num) ||
	    fabs(v->num) > EXACT_MAX) {
		ex_error(ex, off, "'range' needs integers, got %.15g", v->num);
		return -1;
	}
	*out = (long long)v->num;
	return 0;
}

/* Elements of range(a, b, s), s != 0; |a|, |b|, |s| <= 2^53 so the
 * differences cannot overflow. */
static unsigned long long
range_count(long long a, long long b, long long s)
{
	if (s > 0)
		return a < b ? (unsigned long long)(b - a - 1) /
		    (unsigned long long)s + 1 : 0;
	return a > b ? (unsigned long long)(a - b - 1) /
	    (unsigned long long)-s + 1 : 0;
}

/*
 * range(a, b[, step]) as in Python.  The count is checked against
 * ctx->max_range before anything is allocated.
 */
static const struct chk_node *
fn_range(struct ex *ex, const struct call *c)
{
	struct loc		 l = ex_loc(ex, c->name->off);
	struct chk_node		*seq;
	long long		 v[3] = { 0, 0, 1 };
	unsigned long long	 n, i;
	size_t			 max = ex->ctx->max_range ? ex->ctx->max_range :
				     EXPR_MAX_RANGE;

	for (i = 0; i < c->n; i++)
		if (range_int(ex, c->args[i], c->offs[i], &v[i]) == -1)
			return NULL;
	if (v[2] == 0) {
		ex_error(ex, c->offs[2], "'range' step must not be 0");
		return NULL;
	}
	if ((n = range_count(v[0], v[1], v[2])) > max) {
		if (c->n == 3)
			ex_error(ex, c->name->off, "range(%lld, %lld, %lld) "
			    "would make %llu elements (limit %zu)",
			    v[0], v[1], v[2], n, max);
		else
			ex_error(ex, c->name->off, "range(%lld, %lld) "
			    "would make %llu elements (limit %zu)",
			    v[0], v[1], n, max);
		return NULL;
	}
	seq = node_new(ex->ctx->arena, CHK_NODE_SEQ, &l);
	seq->n = n;
	if (n > 0)
		seq->items = arena_alloc(ex->ctx->arena,
		    n * sizeof(*seq->items));
	for (i = 0; i < n; i++)
		seq->items[i] = num_node(ex,
		    (double)(v[0] + (long long)i * v[2]), 1, &l);
	return seq;
}

/* len(x): code points of a string, items of a list or a mapping. */
static const struct chk_node *
fn_len(struct ex *ex, const struct call *c)
{
	const struct chk_node	*v = c->args[0];
	struct loc		 l = ex_loc(ex, c->name->off);
	size_t			 n;

	switch (v->kind) {
	case CHK_NODE_STRING:
		n = utf8_length(v->str, v->len);
		break;
	case CHK_NODE_SEQ:
	case CHK_NODE_MAP:
		n = v->n;
		break;
	default:
		ex_error(ex, c->offs[0], "'len' needs a string, a list or a "
		    "mapping, got %s", node_kind_name(v->kind));
		return NULL;
	}
	return num_node(ex, (double)n, 1, &l);
}

/* ------------------------------------------------------------------ */
/* Operators */

static int
need_bool(struct ex *ex, const struct chk_node *v, const char *what,
    size_t off)
{
	if (ex->skip || v->kind == CHK_NODE_BOOL)
		return 1;
	ex_error(ex, off, "%s, got %s", what, node_kind_name(v->kind));
	return 0;
}

static void
mismatch(struct ex *ex, const struct cmp *c)
{
	ex_error(ex, c->opoff, "cannot compare %s with %s",
	    node_kind_name(c->l->kind), node_kind_name(c->r->kind));
}

/* < <= > >=: 1 or 0, -1 after a diagnostic. */
static int
order(struct ex *ex, const struct cmp *c)
{
	const struct chk_node	*l = c->l, *r = c->r;
	int			 d;

	if (l->kind != r->kind) {
		mismatch(ex, c);
		return -1;
	}
	if (l->kind == CHK_NODE_NUMBER)
		d = (l->num > r->num) - (l->num < r->num);
	else if (l->kind == CHK_NODE_STRING) {
		d = memcmp(l->str, r->str, l->len < r->len ? l->len : r->len);
		if (d == 0)
			d = (l->len > r->len) - (l->len < r->len);
	} else {
		ex_error(ex, c->opoff,
		    "'%.*s' needs numbers or strings, got %s",
		    c->op == T_LT || c->op == T_GT ? 1 : 2, ex->src + c->opoff,
		    node_kind_name(l->kind));
		return -1;
	}
	switch (c->op) {
	case T_LT:
		return d < 0;
	case T_LE:
		return d <= 0;
	case T_GT:
		return d > 0;
	default:
		return d >= 0;
	}
}

/* memmem(3) is linear (two-way); a loop of memcmp() was quadratic,
 * minutes for two 1 MiB variables. */
static int
has_substring(const struct chk_node *hay, const struct chk_node *needle)
{
	return needle->len == 0 ||
	    memmem(hay->str, hay->len, needle->str, needle->len) != NULL;
}

/* l in r: 1 or 0, -1 after a diagnostic. */
static int
contains(struct ex *ex, const struct cmp *c)
{
	const struct chk_node	*l = c->l, *r = c->r;
	size_t			 i;

	switch (r->kind) {
	case CHK_NODE_SEQ:
		for (i = 0; i < r->n; i++)
			if (node_equal(l, r->items[i]))
				return 1;
		return 0;
	case CHK_NODE_STRING:
	case CHK_NODE_MAP:
		if (l->kind != CHK_NODE_STRING) {
			ex_error(ex, c->loff, "cannot look for %s in %s",
			    node_kind_name(l->kind), node_kind_name(r->kind));
			return -1;
		}
		if (r->kind == CHK_NODE_STRING)
			return has_substring(r, l);
		return map_find(r, l->str, l->len) != NULL;
	default:
		ex_error(ex, c->roff, "'in' needs a list, a string or a "
		    "mapping, got %s", node_kind_name(r->kind));
		return -1;
	}
}

static const struct chk_node *
compare(struct ex *ex, const struct cmp *c)
{
	struct loc	 l;
	int		 res;

	switch (c->op) {
	case T_EQ:
	case T_NE:
		if (c->l->kind != c->r->kind && c->l->kind != CHK_NODE_NULL &&
		    c->r->kind != CHK_NODE_NULL) {
			mismatch(ex, c);
			return NULL;
		}
		res = node_equal(c->l, c->r) == (c->op == T_EQ);
		break;
	case T_IN:
		if ((res = contains(ex, c)) == -1)
			return NULL;
		res ^= c->negate;
		break;
	default:
		if ((res = order(ex, c)) == -1)
			return NULL;
		break;
	}
	l = ex_loc(ex, c->opoff);
	return node_new_bool(ex->ctx->arena, res, &l);
}

/* The operands of an arithmetic operator and where it is. */
struct arith {
	enum tok_kind		 op;
	const struct chk_node	*l, *r;
	size_t			 opoff;
};

/* a op b on integers of at most 2^53, the result too; -1 when it is
 * beyond (an integer overflow). */
static int
int_op(enum tok_kind op, long long a, long long b, long long *res)
{
	switch (op) {
	case T_PLUS:
		*res = a + b;
		break;
	case T_MINUS:
		*res = a - b;
		break;
	case T_STAR:
		if (__builtin_mul_overflow(a, b, res))
			return -1;
		break;
	default:
		*res = a % b;	/* C's: the sign of a */
		break;
	}
	return *res < -(long long)EXACT_MAX || *res > (long long)EXACT_MAX ?
	    -1 : 0;
}

static int
is_exact_int(const struct chk_node *v)
{
	return v->is_int && fabs(v->num) <= EXACT_MAX;
}

/*
 * A number op a number.  Integers stay integers, exact (an integer
 * beyond 2^53 would not be); '/' of integers is an integer when it
 * divides exactly, else the float quotient.  Division by zero, an
 * integer overflow and a float overflow are errors at the operator.
 */
static const struct chk_node *
num_arith(struct ex *ex, const struct arith *x)
{
	struct loc	 l = ex_loc(ex, x->opoff);
	double		 a = x->l->num, b = x->r->num, v;
	long long	 iv;
	int		 ints = x->l->is_int && x->r->is_int;

	if ((x->op == T_SLASH || x->op == T_PERCENT) && b == 0) {
		ex_error(ex, x->opoff, "division by zero");
		return NULL;
	}
	if (ints && x->op != T_SLASH) {
		if (!is_exact_int(x->l) || !is_exact_int(x->r) ||
		    int_op(x->op, (long long)a, (long long)b, &iv) == -1) {
			ex_error(ex, x->opoff, "integer overflow: the result "
			    "is beyond %.0f", EXACT_MAX);
			return NULL;
		}
		return num_node(ex, (double)iv, 1, &l);
	}
	v = x->op == T_PLUS ? a + b : x->op == T_MINUS ? a - b :
	    x->op == T_STAR ? a * b : x->op == T_SLASH ? a / b : fmod(a, b);
	if (!isfinite(v) && isfinite(a) && isfinite(b)) {
		ex_error(ex, x->opoff, "number overflow: the result is beyond "
		    "%g", DBL_MAX);
		return NULL;
	}
	return num_node(ex, v, ints && v == floor(v) && fabs(v) <= EXACT_MAX,
	    &l);
}

/* "a" + "b": the strings joined, within the limit of one text. */
static const struct chk_node *
str_join(struct ex *ex, const struct arith *x)
{
	struct loc	 l = ex_loc(ex, x->opoff);
	struct chk_node	*n;
	size_t		 len = x->l->len + x->r->len;
	char		*s;

	if (len > load_limits.max_scalar) {
		ex_error(ex, x->opoff, "'+' would make a string of %zu bytes "
		    "(limit %zu)", len, load_limits.max_scalar);
		return NULL;
	}
	s = arena_alloc(ex->ctx->arena, len + 1);
	memcpy(s, x->l->str, x->l->len);
	memcpy(s + x->l->len, x->r->str, x->r->len);
	s[len] = '\0';
	n = node_new(ex->ctx->arena, CHK_NODE_STRING, &l);
	n->str = s;
	n->len = len;
	return n;
}

/* + - * / %: numbers, or two strings for '+'; anything else is a type
 * error at the operator. */
static const struct chk_node *
arith(struct ex *ex, const struct arith *x)
{
	enum chk_node_kind	 lk = x->l->kind, rk = x->r->kind;

	if (lk == CHK_NODE_NUMBER && rk == CHK_NODE_NUMBER)
		return num_arith(ex, x);
	if (x->op == T_PLUS && lk == CHK_NODE_STRING && rk == CHK_NODE_STRING)
		return str_join(ex, x);
	if (x->op == T_PLUS)
		ex_error(ex, x->opoff, "'+' needs two numbers or two strings, "
		    "got %s and %s", node_kind_name(lk), node_kind_name(rk));
	else
		ex_error(ex, x->opoff, "'%c' needs numbers, got %s and %s",
		    ex->src[x->opoff], node_kind_name(lk), node_kind_name(rk));
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The parser */

static int
tok_is_word(enum tok_kind k)
{
	return k == T_NAME || (k >= T_AND && k <= T_NULL);
}

/* The comparison operator at the current token, T_EOF if none. */
static enum tok_kind
cmp_op(struct ex *ex, int *negate)
{
	struct tok	 next;

	*negate = 0;
	if (ex->tok.kind >= T_EQ && ex->tok.kind <= T_GE)
		return ex->tok.kind;
	if (ex->tok.kind == T_IN)
		return T_IN;
	if (ex->tok.kind != T_NOT)
		return T_EOF;
	lex(ex->src, ex->len, ex->tok.off + ex->tok.len, &next);
	*negate = next.kind == T_IN;
	return *negate ? T_IN : T_EOF;
}

/* '(' or ')': the current token is '('. */
static const struct chk_node *
parse_paren(struct ex *ex)
{
	const struct chk_node	*v;

	if (enter(ex) == -1 || advance(ex) == -1 ||
	    (v = parse_or(ex)) == NULL)
		return NULL;
	if (ex->tok.kind != T_RPAREN) {
		ex_error(ex, ex->tok.off, "expected ')'");
		return NULL;
	}
	ex->depth--;
	return advance(ex) == -1 ? NULL : v;
}

/* '[' [or (',' or)* [',']] ']': the current token is '['. */
static const struct chk_node *
parse_list(struct ex *ex)
{
	struct ptrvec		 items = { NULL, 0, 0 };
	const struct chk_node	*v, *res = NULL;
	struct chk_node		*seq;
	struct loc		 l = ex_loc(ex, ex->tok.off);

	if (enter(ex) == -1 || advance(ex) == -1)
		return NULL;
	while (ex->tok.kind != T_RBRACK) {
		if ((v = parse_or(ex)) == NULL)
			goto out;
		if (!ex->skip)
			ptrvec_push(&items, (void *)v);
		if (ex->tok.kind == T_COMMA) {
			if (advance(ex) == -1)
				goto out;
		} else if (ex->tok.kind != T_RBRACK) {
			ex_error(ex, ex->tok.off,
			    "expected ',' or ']' in the list");
			goto out;
		}
	}
	ex->depth--;
	if (advance(ex) == -1)
		goto out;
	if (ex->skip) {
		res = &skipped;
		goto out;
	}
	seq = node_new(ex->ctx->arena, CHK_NODE_SEQ, &l);
	seq->items = ptrvec_finish(&items, ex->ctx->arena, &seq->n);
	res = seq;
out:
	ptrvec_free(&items);
	return res;
}

/* The arguments of a call, up to ')'; the current token is '('. */
static int
parse_args(struct ex *ex, struct call *c)
{
	const struct chk_node	*v;
	size_t			 off;

	if (enter(ex) == -1 || advance(ex) == -1)
		return -1;
	while (ex->tok.kind != T_RPAREN) {
		off = ex->tok.off;
		if ((v = parse_or(ex)) == NULL)
			return -1;
		if (c->n < 3) {
			c->args[c->n] = v;
			c->offs[c->n] = off;
		}
		c->n++;
		if (ex->tok.kind != T_COMMA)
			break;
		if (advance(ex) == -1)
			return -1;
	}
	if (ex->tok.kind != T_RPAREN) {
		ex_error(ex, ex->tok.off,
		    "expected ')' after arguments of '%.*s'",
		    (int)c->name->len, ex->src + c->name->off);
		return -1;
	}
	ex->depth--;
	return advance(ex);
}

/*
 * NAME '(' args ')'.  Unknown functions and wrong argument counts are
 * errors even in skip mode: they do not depend on the data.
 */
static const struct chk_node *
parse_call(struct ex *ex, const struct tok *name)
{
	const struct func	*f = NULL;
	const char		*cands[sizeof(funcs) / sizeof(funcs[0])];
	char			 sugg[QUOTE_MAX + 32];
	struct call		 c;
	size_t			 i, nf = sizeof(funcs) / sizeof(funcs[0]);

	for (i = 0; i < nf; i++) {
		cands[i] = funcs[i].name;
		if (strlen(funcs[i].name) == name->len &&
		    memcmp(funcs[i].name, ex->src + name->off, name->len) == 0)
			f = &funcs[i];
	}
	if (f == NULL) {
		suggest(sugg, sizeof(sugg), ex->src + name->off, name->len,
		    cands, nf);
		ex_error(ex, name->off, "unknown function '%.*s'%s",
		    qlen(ex, name->off, name->off + name->len),
		    ex->src + name->off, sugg);
		return NULL;
	}
	memset(&c, 0, sizeof(c));
	c.name = name;
	if (parse_args(ex, &c) == -1)
		return NULL;
	if (c.n < f->min || c.n > f->max) {
		if (f->min == f->max)
			ex_error(ex, name->off, "'%s' takes %zu argument%s, "
			    "got %zu", f->name, f->min, f->min == 1 ? "" : "s",
			    c.n);
		else
			ex_error(ex, name->off, "'%s' takes %zu or %zu "
			    "arguments, got %zu", f->name, f->min, f->max, c.n);
		return NULL;
	}
	return ex->skip ? &skipped : f->fn(ex, &c);
}

static const struct chk_node *
parse_primary(struct ex *ex)
{
	struct tok	 t = ex->tok;

	switch (t.kind) {
	case T_NUM:
	case T_STR:
	case T_TRUE:
	case T_FALSE:
	case T_NULL:
		if (advance(ex) == -1)
			return NULL;
		return ex->skip ? &skipped : literal(ex, &t);
	case T_LBRACK:
		return parse_list(ex);
	case T_LPAREN:
		return parse_paren(ex);
	case T_NAME:
		if (advance(ex) == -1)
			return NULL;
		if (ex->tok.kind == T_LPAREN)
			return parse_call(ex, &t);
		return ex->skip ? &skipped : lookup(ex, &t);
	case T_EOF:
		ex_error(ex, t.off, "unexpected end of expression");
		return NULL;
	default:
		ex_error(ex, t.off, "expected a value, got '%.*s'",
		    qlen(ex, t.off, t.off + t.len), ex->src + t.off);
		return NULL;
	}
}

/* v.NAME; the operand v is src + from ... ex->end. */
static const struct chk_node *
postfix_key(struct ex *ex, const struct chk_node *v, size_t from)
{
	struct tok	 name;
	size_t		 to = ex->end;

	if (advance(ex) == -1)
		return NULL;
	if (!tok_is_word(ex->tok.kind)) {
		ex_error(ex, ex->tok.off, "expected a name after '.'");
		return NULL;
	}
	name = ex->tok;
	if (advance(ex) == -1)
		return NULL;
	if (ex->skip)
		return v;
	if (v->kind == CHK_NODE_MAP)
		return get_key(ex, v, from, to, ex->src + name.off, name.len,
		    name.off);
	if (v->kind == CHK_NODE_NULL)
		ex_error(ex, name.off, "'%.*s' is null", qlen(ex, from, to),
		    ex->src + from);
	else
		ex_error(ex, name.off, "'%.*s' is %s, not a mapping",
		    qlen(ex, from, to), ex->src + from,
		    node_kind_name(v->kind));
	return NULL;
}

/* list[i]: errors about the index are at ioff. */
static const struct chk_node *
list_item(struct ex *ex, const struct chk_node *v, const struct chk_node *i,
    size_t from, size_t to, size_t ioff)
{
	if (i->kind != CHK_NODE_NUMBER) {
		ex_error(ex, ioff, "'%.*s' is a list: its index must be a "
		    "number, got %s", qlen(ex, from, to), ex->src + from,
		    node_kind_name(i->kind));
		return NULL;
	}
	if (i->num != floor(i->num)) {
		ex_error(ex, ioff, "index %.15g is not an integer", i->num);
		return NULL;
	}
	if (i->num < 0 || i->num >= (double)v->n) {
		ex_error(ex, ioff, "index %.15g is out of range: '%.*s' has "
		    "%zu item%s", i->num, qlen(ex, from, to), ex->src + from,
		    v->n, v->n == 1 ? "" : "s");
		return NULL;
	}
	return v->items[(size_t)i->num];
}

/* v[i]; the operand v is src + from ... to, '[' is at boff. */
static const struct chk_node *
index_value(struct ex *ex, const struct chk_node *v, const struct chk_node *i,
    size_t from, size_t to, size_t boff, size_t ioff)
{
	if (v->kind == CHK_NODE_SEQ)
		return list_item(ex, v, i, from, to, ioff);
	if (v->kind == CHK_NODE_MAP && i->kind == CHK_NODE_STRING)
		return get_key(ex, v, from, to, i->str, i->len, ioff);
	if (v->kind == CHK_NODE_MAP)
		ex_error(ex, ioff, "'%.*s' is a mapping: its index must be a "
		    "string, got %s", qlen(ex, from, to), ex->src + from,
		    node_kind_name(i->kind));
	else if (v->kind == CHK_NODE_NULL)
		ex_error(ex, boff, "'%.*s' is null", qlen(ex, from, to),
		    ex->src + from);
	else
		ex_error(ex, boff, "'%.*s' is %s, not a list or a mapping",
		    qlen(ex, from, to), ex->src + from,
		    node_kind_name(v->kind));
	return NULL;
}

/* v '[' or ']'; the operand v is src + from ... ex->end. */
static const struct chk_node *
postfix_index(struct ex *ex, const struct chk_node *v, size_t from)
{
	const struct chk_node	*i;
	size_t			 to = ex->end, boff = ex->tok.off, ioff;

	if (enter(ex) == -1 || advance(ex) == -1)
		return NULL;
	ioff = ex->tok.off;
	if ((i = parse_or(ex)) == NULL)
		return NULL;
	if (ex->tok.kind != T_RBRACK) {
		ex_error(ex, ex->tok.off, "expected ']' after the index");
		return NULL;
	}
	ex->depth--;
	if (advance(ex) == -1)
		return NULL;
	return ex->skip ? v : index_value(ex, v, i, from, to, boff, ioff);
}

static const struct chk_node *
parse_postfix(struct ex *ex)
{
	const struct chk_node	*v;
	size_t			 from = ex->tok.off;

	if ((v = parse_primary(ex)) == NULL)
		return NULL;
	for (;;) {
		if (ex->tok.kind == T_DOT)
			v = postfix_key(ex, v, from);
		else if (ex->tok.kind == T_LBRACK)
			v = postfix_index(ex, v, from);
		else
			return v;
		if (v == NULL)
			return NULL;
	}
}

static const struct chk_node *
parse_unary(struct ex *ex)
{
	const struct chk_node	*v;
	size_t			 opoff = ex->tok.off, off;
	struct loc		 l;

	if (ex->tok.kind != T_MINUS)
		return parse_postfix(ex);
	if (enter(ex) == -1 || advance(ex) == -1)
		return NULL;
	off = ex->tok.off;
	if ((v = parse_unary(ex)) == NULL)
		return NULL;
	ex->depth--;
	if (ex->skip)
		return v;
	if (v->kind != CHK_NODE_NUMBER) {
		ex_error(ex, off, "'-' needs a number, got %s",
		    node_kind_name(v->kind));
		return NULL;
	}
	l = ex_loc(ex, opoff);
	return num_node(ex, -v->num, v->is_int, &l);
}

/*
 * sum := term (('+' | '-') term)*, term := unary (('*' | '/' | '%')
 * unary)*: left to right, '*' '/' '%' before '+' '-'.
 */
static const struct chk_node *
parse_arith(struct ex *ex, int sum)
{
	struct arith	 x;

	if ((x.l = sum ? parse_arith(ex, 0) : parse_unary(ex)) == NULL)
		return NULL;
	for (;;) {
		x.op = ex->tok.kind;
		if (sum ? x.op != T_PLUS && x.op != T_MINUS :
		    x.op != T_STAR && x.op != T_SLASH && x.op != T_PERCENT)
			return x.l;
		x.opoff = ex->tok.off;
		if (advance(ex) == -1 ||
		    (x.r = sum ? parse_arith(ex, 0) : parse_unary(ex)) == NULL)
			return NULL;
		if (!ex->skip && (x.l = arith(ex, &x)) == NULL)
			return NULL;
	}
}

#define parse_sum(ex)	parse_arith((ex), 1)

/* One comparison at most: `a < b < c` would surprise either way. */
static const struct chk_node *
parse_cmp(struct ex *ex)
{
	struct cmp	 c;
	int		 again;

	memset(&c, 0, sizeof(c));
	c.loff = ex->tok.off;
	if ((c.l = parse_sum(ex)) == NULL)
		return NULL;
	if ((c.op = cmp_op(ex, &c.negate)) == T_EOF)
		return c.l;
	c.opoff = ex->tok.off;
	if (advance(ex) == -1 || (c.negate && advance(ex) == -1))
		return NULL;
	c.roff = ex->tok.off;
	if ((c.r = parse_sum(ex)) == NULL)
		return NULL;
	if (cmp_op(ex, &again) != T_EOF) {
		ex_error(ex, ex->tok.off, "comparisons cannot be chained, "
		    "join them with 'and'");
		return NULL;
	}
	return ex->skip ? c.l : compare(ex, &c);
}

static const struct chk_node *
parse_not(struct ex *ex)
{
	const struct chk_node	*v;
	size_t			 opoff = ex->tok.off, off;
	struct loc		 l;

	if (ex->tok.kind != T_NOT)
		return parse_cmp(ex);
	if (enter(ex) == -1 || advance(ex) == -1)
		return NULL;
	off = ex->tok.off;
	if ((v = parse_not(ex)) == NULL)
		return NULL;
	ex->depth--;
	if (ex->skip)
		return v;
	if (!need_bool(ex, v, "'not' needs a boolean", off))
		return NULL;
	l = ex_loc(ex, opoff);
	return node_new_bool(ex->ctx->arena, !v->b, &l);
}

/*
 * or := and ('or' and)*, and := not ('and' not)*.  Once the left
 * operand decides the result, the right one is only parsed.
 */
static const struct chk_node *
parse_logic(struct ex *ex, enum tok_kind op)
{
	const struct chk_node	*l, *r;
	const char		*what = op == T_OR ? "'or' needs booleans" :
				    "'and' needs booleans";
	size_t			 off = ex->tok.off;
	int			 decided;

	l = op == T_OR ? parse_logic(ex, T_AND) : parse_not(ex);
	while (l != NULL && ex->tok.kind == op) {
		if (!need_bool(ex, l, what, off) || advance(ex) == -1)
			return NULL;
		decided = !ex->skip && l->b == (op == T_OR);
		off = ex->tok.off;
		ex->skip += decided;
		r = op == T_OR ? parse_logic(ex, T_AND) : parse_not(ex);
		ex->skip -= decided;
		if (r == NULL || (!decided && !need_bool(ex, r, what, off)))
			return NULL;
		if (!decided)
			l = r;
	}
	return l;
}

/* ------------------------------------------------------------------ */
/* Entry points */

/* Set up ex and read the first token; -1 after a diagnostic. */
static int
ex_init(struct ex *ex, struct expr_ctx *ctx, const char *src, size_t len,
    const struct loc *at)
{
	size_t	max_len = ctx->max_len ? ctx->max_len : EXPR_MAX_LEN;

	memset(ex, 0, sizeof(*ex));
	ex->ctx = ctx;
	ex->src = src;
	ex->len = len;
	if (at != NULL)
		ex->at = *at;
	ex->lloc = ex->at;
	ex->max_depth = ctx->max_depth > 0 ? ctx->max_depth : EXPR_MAX_DEPTH;
	if (len > max_len) {
		ex_error(ex, 0, "expression is too long (%zu bytes, limit %zu)",
		    len, max_len);
		return -1;
	}
	return advance(ex);
}

/* The expression from the current token to the end. */
static const struct chk_node *
ex_rest(struct ex *ex)
{
	const struct chk_node	*v;

	if ((v = parse_or(ex)) == NULL)
		return NULL;
	if (ex->tok.kind != T_EOF) {
		ex_error(ex, ex->tok.off, "expected an operator or the end of "
		    "the expression, got '%.*s'",
		    qlen(ex, ex->tok.off, ex->tok.off + ex->tok.len),
		    ex->src + ex->tok.off);
		return NULL;
	}
	return v;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value of the name of n bytes at s, a loop variable or a
 * variable, or NULL. */
static inline const struct chk_node *
scope_var(const struct expr_ctx *ctx, const char *s, size_t n)
{
	const struct scope	*sc;
	const struct chk_pair	*p;

	for (sc = ctx->scope; sc != NULL; sc = sc->up)
		if (strncmp(sc->name, s, n) == 0 && sc->name[n] == '\0')
			return sc->value;
	return (p = var_find(ctx, s, n)) != NULL ? p->value : NULL;
}

/* The name of n bytes at s, in scope or vars, or NULL. */
static const struct chk_node *
quick_name(const struct expr_ctx *ctx, const char *s, size_t n)
{
	size_t	k;

	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (keywords[k].word[0] == s[0] &&
		    strncmp(keywords[k].word, s, n) == 0 &&
		    keywords[k].word[n] == '\0')
			return NULL;
	return scope_var(ctx, s, n);
}

/*
 * The value of src when it is a name or a path of names (a.b.c) that
 * is defined, else NULL, and the parser reads it (and reports what is
 * wrong).  Most `when`s and {{ }}s of templates are such, and each is
 * read again for every checklist: this is the same lookup as lookup()
 * and postfix_key(), without tokens or places.
 */
static const struct chk_node *
quick_path(const struct expr_ctx *ctx, const char *src, size_t len)
{
	const struct chk_node	*v = NULL;
	const struct chk_pair	*p;
	size_t			 i = 0, start;

	if (len > (ctx->max_len ? ctx->max_len : EXPR_MAX_LEN))
		return NULL;
	while (len > 0 && is_blank(src[len - 1]))
		len--;
	while (i < len && is_blank(src[i]))
		i++;
	for (;;) {
		if (i == len || !is_word_start(src[i]))
			return NULL;
		for (start = i; i < len && (is_word_start(src[i]) ||
		    is_digit(src[i])); i++)
			continue;
		if (v == NULL)
			v = quick_name(ctx, src + start, i - start);
		else if (v->kind == CHK_NODE_MAP &&
		    (p = map_find(v, src + start, i - start)) != NULL)
			v = p->value;
		else
			return NULL;
		if (v == NULL || i == len)
			return v;
		if (src[i++] != '.')
			return NULL;
	}
}

const struct chk_node *
expr_eval(struct expr_ctx *ctx, const char *src, size_t len,
    const struct loc *at)
{
	struct ex		 ex;
	const struct chk_node	*v;

	if ((v = quick_path(ctx, src, len)) != NULL)
		return v;
	if (ex_init(&ex, ctx, src, len, at) == -1)
		return NULL;
	return ex_rest(&ex);
}

/*
 * A `when` that is a defined boolean name or path, or "PATH == null" or
 * "PATH != null" with PATH defined: its value, 0 or 1; -1 when it is
 * anything else, for the parser.
 */
static int
quick_when(const struct expr_ctx *ctx, const char *src, size_t len)
{
	const struct chk_node	*v;
	int			 eq;

	if ((v = quick_path(ctx, src, len)) != NULL)
		return v->kind == CHK_NODE_BOOL ? v->b : -1;
	while (len > 0 && is_blank(src[len - 1]))
		len--;
	if (len < 7 || memcmp(src + len - 4, "null", 4) != 0)
		return -1;
	for (len -= 4; len > 0 && is_blank(src[len - 1]); len--)
		continue;
	if (len < 3 || src[len - 1] != '=' ||
	    (src[len - 2] != '=' && src[len - 2] != '!'))
		return -1;
	eq = src[len - 2] == '=';
	if ((v = quick_path(ctx, src, len - 2)) == NULL)
		return -1;
	return (v->kind == CHK_NODE_NULL) == eq;
}

int
expr_when(struct expr_ctx *ctx, const char *src, size_t len,
    const struct loc *at)
{
	struct ex		 ex;
	const struct chk_node	*v;
	size_t			 off;
	int			 quick;

	if ((quick = quick_when(ctx, src, len)) != -1)
		return quick;
	if (ex_init(&ex, ctx, src, len, at) == -1)
		return -1;
	off = ex.tok.off;
	if ((v = ex_rest(&ex)) == NULL)
		return -1;
	if (v->kind != CHK_NODE_BOOL) {
		ex_error(&ex, off, "'when' must be a boolean, got %s",
		    node_kind_name(v->kind));
		return -1;
	}
	return v->b;
}

/* If src[i...end) is a path of names (a.b.c) as quick_path() reads
 * one, its first name not a keyword, the length of that name; else 0. */
static size_t
path_first(const char *src, size_t i, size_t end)
{
	size_t	k, first = 0, start = i;

	for (;;) {
		if (i == end || !is_word_start(src[i]))
			return 0;
		while (i < end && (is_word_start(src[i]) || is_digit(src[i])))
			i++;
		if (first == 0)
			first = i - start;
		if (i == end)
			break;
		if (src[i++] != '.')
			return 0;
	}
	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (strlen(keywords[k].word) == first &&
		    memcmp(keywords[k].word, src + start, first) == 0)
			return 0;
	return first;
}

/* src[*i...*end) without the blanks at either end. */
static void
trim_blanks(const char *src, size_t *i, size_t *end)
{
	while (*end > *i && is_blank(src[*end - 1]))
		(*end)--;
	while (*i < *end && is_blank(src[*i]))
		(*i)++;
}

/* If src[*i...*end) is len(...) > 0, the bounds of what is in the
 * parentheses, without blanks, and 1; else 0. */
static int
len_positive(const char *src, size_t *i, size_t *end)
{
	size_t	b = *i, e = *end;

	if (e - b < 8 || memcmp(src + b, "len", 3) != 0 || src[e - 1] != '0')
		return 0;
	e--;
	trim_blanks(src, &b, &e);
	if (e == b || src[e - 1] != '>')
		return 0;
	e--;
	b += 3;
	trim_blanks(src, &b, &e);
	if (e - b < 2 || src[b] != '(' || src[e - 1] != ')')
		return 0;
	b++, e--;
	trim_blanks(src, &b, &e);
	*i = b, *end = e;
	return 1;
}

void
expr_quick_read(struct expr_quick *q, const char *src, size_t len)
{
	size_t	i = 0, end = len;

	memset(q, 0, sizeof(*q));
	q->srclen = len;
	trim_blanks(src, &i, &end);
	if (len_positive(src, &i, &end)) {
		if ((q->first = path_first(src, i, end)) == 0)
			return;
		q->test = EXPR_QUICK_FILLED;
	} else if ((q->first = path_first(src, i, end)) == 0) {
		/* PATH == null, PATH != null */
		if (end - i < 7 || memcmp(src + end - 4, "null", 4) != 0)
			return;
		for (end -= 4; end > i && is_blank(src[end - 1]); end--)
			continue;
		if (end - i < 3 || src[end - 1] != '=' ||
		    (src[end - 2] != '=' && src[end - 2] != '!'))
			return;
		q->test = src[end - 2] == '=' ? EXPR_QUICK_NULL :
		    EXPR_QUICK_NOT_NULL;
		for (end -= 2; end > i && is_blank(src[end - 1]); end--)
			continue;
		if ((q->first = path_first(src, i, end)) == 0)
			return;
	}
	q->path = src + i;
	q->len = end - i;
}

int
expr_when_quick(const struct expr_ctx *ctx, const struct expr_quick *q)
{
	const struct chk_node	*v;
	const struct chk_pair	*p;
	size_t			 i = q->first, start;

	if (q->path == NULL ||
	    q->srclen > (ctx->max_len ? ctx->max_len : EXPR_MAX_LEN))
		return -1;
	v = scope_var(ctx, q->path, q->first);
	while (v != NULL && i++ < q->len) {	/* past a '.' */
		for (start = i; i < q->len && q->path[i] != '.'; i++)
			continue;
		p = v->kind == CHK_NODE_MAP ?
		    map_find(v, q->path + start, i - start) : NULL;
		v = p != NULL ? p->value : NULL;
	}
	if (v == NULL)
		return -1;
	if (q->test == EXPR_QUICK_BOOL)
		return v->kind == CHK_NODE_BOOL ? v->b : -1;
	if (q->test == EXPR_QUICK_FILLED)	/* a string: UTF-8 to count */
		return v->kind == CHK_NODE_SEQ || v->kind == CHK_NODE_MAP ?
		    v->n > 0 : -1;
	return (v->kind == CHK_NODE_NULL) == (q->test == EXPR_QUICK_NULL);
}

/* The keys of a mapping as a list of strings: the key nodes. */
static const struct chk_node *
map_keys(struct arena *a, const struct chk_node *map)
{
	struct chk_node	*seq = node_new(a, CHK_NODE_SEQ, &map->loc);
	size_t		 i;

	seq->n = map->n;
	if (map->n > 0)
		seq->items = arena_alloc(a, map->n * sizeof(*seq->items));
	for (i = 0; i < map->n; i++)
		seq->items[i] = map->pairs[i].key;
	return seq;
}

int
expr_for(struct expr_ctx *ctx, const char *src, size_t len,
    const struct loc *at, const char **name, const struct chk_node **list)
{
	struct ex		 ex;
	struct tok		 var;
	const struct chk_node	*v;
	size_t			 off;

	if (ex_init(&ex, ctx, src, len, at) == -1)
		return -1;
	var = ex.tok;
	if (var.kind != T_NAME || advance(&ex) == -1)
		goto syntax;
	if (ex.tok.kind != T_IN)
		goto syntax;
	if (advance(&ex) == -1)
		return -1;
	off = ex.tok.off;
	if ((v = ex_rest(&ex)) == NULL)
		return -1;
	if (v->kind != CHK_NODE_SEQ && v->kind != CHK_NODE_MAP) {
		ex_error(&ex, off, "'for' needs a list, got %s",
		    node_kind_name(v->kind));
		return -1;
	}
	*name = arena_strndup(ctx->arena, src + var.off, var.len);
	*list = v->kind == CHK_NODE_SEQ ? v : map_keys(ctx->arena, v);
	return 0;
syntax:
	if (ex.tok.kind != T_BAD)
		ex_error(&ex, ex.tok.off, "'for' must be 'NAME in EXPR'");
	return -1;
}

/* The text of a whole number below 10^15 in magnitude, as "%.0f"
 * prints it: most numbers interpolated are such, and printf() took
 * longer than the rest of the interpolation. */
static const char *
int_text(struct arena *a, double x)
{
	long long	v = (long long)fabs(x);
	char		buf[24], *p = buf + sizeof(buf);

	if (x == 0)
		return "0";
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	if (x < 0)
		*--p = '-';
	return arena_strndup(a, p, (size_t)(buf + sizeof(buf) - p));
}

/* A number's text: integers without a point, others round-trip. */
static const char *
num_text(struct arena *a, double x, int is_int)
{
	char	 buf[32];

	if (isfinite(x) && x == floor(x) && fabs(x) < 1e15)
		return int_text(a, x);
	if (isfinite(x) && x == floor(x) && is_int)
		return arena_printf(a, "%.0f", x);
	snprintf(buf, sizeof(buf), "%.15g", x);
	if (strtod(buf, NULL) != x)
		return arena_printf(a, "%.17g", x);
	return arena_strdup(a, buf);
}

const char *
expr_to_text(struct expr_ctx *ctx, const struct chk_node *n,
    const struct loc *at)
{
	switch (n->kind) {
	case CHK_NODE_NULL:
		return "";
	case CHK_NODE_BOOL:
		return n->b ? "true" : "false";
	case CHK_NODE_STRING:
		return n->str;
	case CHK_NODE_NUMBER:
		return num_text(ctx->arena, n->num, n->is_int);
	default:
		diag_add(ctx->diag, at, DIAG_ERROR,
		    "cannot interpolate %s into text", node_kind_name(n->kind));
		return NULL;
	}
}
