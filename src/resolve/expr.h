/*
 * Expressions of templates (doc/format.md §1), private to the resolve
 * stage: `when` conditions, `for` loops and {{ }} interpolation.
 *
 *   literals   1  2.5  "str"  'str'  true  false  null  [1, "a"]
 *   paths      name  a.b  a[0]  a.b[1].c
 *   operators  + - * / %  == != < <= > >=  and or not  in  ( )
 *   functions  range(a, b[, step])  len(x)
 *
 * Values are nodes (load.h), so a variable from YAML and a computed
 * value are the same thing; computed ones come from ctx->arena.
 */
#ifndef CHKC_RESOLVE_EXPR_H
#define CHKC_RESOLVE_EXPR_H

#include <stddef.h>

#include "chkc.h"

struct arena;
struct diag;

/* Loop variables, innermost first. */
struct scope {
	const char		*name;
	const struct chk_node	*value;
	const struct scope	*up;
};

/* A limit of 0 means the default: 10000 elements, 4096 bytes, 32 levels. */
struct expr_ctx {
	struct arena		*arena;	/* computed values */
	struct diag		*diag;
	const struct chk_node	*vars;	/* mapping: the variables */
	const struct scope	*scope;	/* looked up before vars */
	size_t			 max_range;	/* elements range() may make */
	size_t			 max_len;	/* bytes of an expression */
	int			 max_depth;	/* nesting of an expression */
	const struct chk_pair	**vslots;	/* expr_index(): vars by name */
	size_t			 vmask;		/* slots - 1 */
};

/*
 * Index ctx->vars by name (from ctx->arena), for the lookups of the
 * expressions that follow; vars must not change after.  Optional: names
 * are looked up one by one without it.
 */
void		 expr_index(struct expr_ctx *);

/* A hash index of the pairs of map (NULL if it is not a mapping), from
 * a, the first pair of each key; *mask is its number of slots - 1.
 * expr_map_find() looks up a key of klen bytes in it. */
const struct chk_pair **expr_map_index(struct arena *,
		    const struct chk_node *map, size_t *mask);
const struct chk_pair *expr_map_find(const struct chk_pair *const *,
		    size_t mask, const char *key, size_t klen);

/*
 * Evaluate the expression src (len bytes) written at `at` (the place of
 * its first byte).  Returns the value, or NULL after adding a diagnostic
 * at the exact line:col of the problem (unknown name with did-you-mean,
 * type mismatch, syntax error, range too large...).
 */
const struct chk_node *expr_eval(struct expr_ctx *, const char *src,
		    size_t len, const struct loc *at);

/*
 * Evaluate a `when`: the value must be a boolean.  Returns 1 or 0, or
 * -1 after a diagnostic.
 */
int		 expr_when(struct expr_ctx *, const char *src, size_t len,
		    const struct loc *at);

/*
 * A `when` read once, for a template's block that is evaluated for
 * every checklist: when it is a name or a path of names (a.b.c), alone
 * or compared with null by == or !=, expr_when_quick() looks it up
 * without reading the expression again.
 */
struct expr_quick {
	const char	*path;	/* the path, or NULL: not such a `when` */
	size_t		 len;	/* of path */
	size_t		 first;	/* of its first name */
	size_t		 srclen; /* of the whole expression */
	int		 test;	/* EXPR_QUICK_BOOL, _NULL, _NOT_NULL or
				 * _FILLED (len(PATH) > 0) */
};
enum {
	EXPR_QUICK_BOOL, EXPR_QUICK_NULL, EXPR_QUICK_NOT_NULL, EXPR_QUICK_FILLED
};

void		 expr_quick_read(struct expr_quick *, const char *src,
		    size_t len);
/* 1 or 0 as expr_when() would answer; -1 when it does not know (the
 * path is not defined, or not a boolean): expr_when() then says why. */
int		 expr_when_quick(const struct expr_ctx *,
		    const struct expr_quick *);

/*
 * Parse a `for` clause "NAME in EXPR".  On success stores the variable
 * name (arena string) and the list to iterate (a SEQ node; a mapping
 * iterates its keys as strings) and returns 0; -1 after a diagnostic.
 */
int		 expr_for(struct expr_ctx *, const char *src, size_t len,
		    const struct loc *at, const char **name,
		    const struct chk_node **list);

/*
 * The text a value interpolates as: strings as they are, integers
 * without a decimal point, other numbers in shortest round-trip form,
 * true/false, null as "".  Lists and mappings cannot be interpolated:
 * NULL after a diagnostic at `at`.
 */
const char	*expr_to_text(struct expr_ctx *, const struct chk_node *,
		    const struct loc *at);

#endif /* CHKC_RESOLVE_EXPR_H */
