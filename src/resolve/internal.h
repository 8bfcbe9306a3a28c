/*
 * Shared by the files of the resolve stage only.
 */
#ifndef CHKC_RESOLVE_INTERNAL_H
#define CHKC_RESOLVE_INTERNAL_H

#include <stddef.h>

#include "buf.h"
#include "chkc.h"
#include "resolve/expr.h"

struct schema_params;

struct arena;
struct buf;
struct diag;
struct resolver;

/* How an interpolated value is escaped (chkc.h: Markdown vs plain). */
enum text_kind {
	TEXT_PLAIN,		/* inserted literally; emitters escape */
	TEXT_MARKDOWN		/* backslash-escaped, so it stays literal */
};

/* One patch of a checklist entry (doc/format.md §2). */
enum patch_kind {
	PATCH_DROP,
	PATCH_SET,
	PATCH_ADD_BEFORE,
	PATCH_ADD_AFTER,
	PATCH_ADD_INTO
};

struct patch {
	enum patch_kind		 kind;
	const char		*path;
	const struct chk_node	*at;	/* the path's node, for diagnostics */
	const struct chk_node	*body;	/* SET: keys; ADD: the `add` entry */
	int			 used;
};

/* The active translation (translate.c). */
struct translation {
	const struct chk_node	*texts;		/* path -> text or keys */
	const struct chk_pair	**sorted;	/* texts' pairs by path */
	unsigned char		*used;		/* per entry of texts */
	const char		*prefix;	/* where a part was included */
	struct ptrvec		 seen;		/* paths offered, relative */
};

/*
 * A list the walk is making (a level's items, a block's texts, the
 * paths made), grown in the checklist's scratch arena r->tmp: the walk
 * makes several for each section, and a malloc'ed vector (ptrvec) cost
 * more in realloc() and free() than in its pushes.  expand.c.
 */
struct alist {
	void	**v;
	size_t	  n, cap;
};

/* The resolution of one checklist. */
struct rctx {
	struct resolver		*res;
	struct arena		*out;	/* the model */
	struct arena		*tmp;	/* values made while resolving */
	struct diag		*d;
	struct expr_ctx		 ex;
	struct patch		*patches;
	size_t			 npatches;
	struct patch		**pindex;	/* patches by path */
	unsigned char		 plens[32];	/* bit n: a patch's path has
						 * n bytes (255: 255 or more) */
	unsigned char		 pbits[128];	/* patch_bit() of each patch's
						 * path */
	const char		*plast;		/* the last path looked up, */
	size_t			 plast_lo;	/* its patches in pindex */
	size_t			 plast_hi;
	size_t			 nitems;	/* items and sections made */
	size_t			 nloops;	/* loop values gone through */
	size_t			 ntext;		/* bytes of texts made */
	struct alist		 seen;		/* paths made, for did-you-mean */
	struct ptrvec		 sources;	/* files read, for the bundle */
	struct buf		 text;		/* text_resolve()'s, reused */
	const char		*lang;		/* the checklist's language */
	const char		*src_lang;	/* the template's language */
	int			 translates;	/* lang is not src_lang */
	struct translation	*tr;		/* NULL: texts as written */
	const char		*proj_file;	/* the project's loc.file, whose
						 * nodes go with it */
	const char		*inc_stack[32];	/* include chain */
	int			 inc_depth;
	int			 failed;	/* a limit stopped the walk */
};

/* text.c */
const char	*text_resolve(struct rctx *, const struct chk_node *,
		    enum text_kind);

/* ids.c */
char		*ids_slug(struct arena *, const char *);
const char	*ids_join(struct arena *, const char *parent, const char *id);
/* The path of id (idlen bytes) under parent (plen bytes, 0 at the
 * top), for the walk, which keeps the length of each. */
const char	*ids_path(struct arena *, const char *parent, size_t plen,
		    const char *id, size_t idlen);
/* x, sep and y in one string (a loop value's id: base "-" suffix). */
const char	*ids_cat(struct arena *, const char *x, char sep, const char *y);
/*
 * Report a second use of id among siblings; 0 if it is new.  Most sets
 * (the sub-items of a check, the items of a section) hold a few ids:
 * up to IDS_SMALL live in the set itself and are compared one by one,
 * with no allocation; past that, in arrays with a hash index.
 */
#define IDS_SMALL	16
struct id_set {
	const char		**ids;		/* NULL: small[] */
	const struct loc	**locs;
	size_t			  n, cap;
	size_t			 *slots;	/* hash: index + 1, 0 empty */
	size_t			  nslots;	/* a power of 2, > 2 * n */
	const char		 *small[IDS_SMALL];
	const struct loc	 *small_locs[IDS_SMALL];
};
int		 ids_claim(struct id_set *, struct diag *, const char *id,
		    const struct loc *, const char *what);
void		 ids_free(struct id_set *);

/* resolve.c: a template's params (a node of a file the resolver keeps
 * loaded) compiled once, or NULL if they cannot be (schema_vars() then
 * reports why). */
const struct schema_params *resolver_params(struct resolver *,
		    const struct chk_node *params);

/* resolve.c: the pairs of texts, a mapping of a translation file the
 * resolver keeps loaded, sorted by path once per resolver (tr_sort()). */
const struct chk_pair **resolver_sorted(struct resolver *,
		    const struct chk_node *texts);
/* A template's block with one translation merged into it (tr_apply()),
 * made once per process: kept in the block's memo, one per language. */
struct tr_made {
	const struct chk_node	*body;	/* the translation's entry */
	const struct chk_node	*made;	/* the block translated */
	int			 bad;	/* the merge gave errors: given again
					 * for each checklist */
	struct tr_made		*next;
};

/*
 * resolve.c: what the walk makes of a node of a template or part (a
 * file the resolver keeps loaded, never a project's, never one made
 * while resolving), kept for every checklist after: fields NULL until
 * set, from resolver_arena().
 */
struct memo {
	const struct chk_node	 *node;
	const char		 *slug;	/* ids_slug() of its text */
	size_t			  slug_len;
	const struct chk_node	**keys;	/* a block's, by enum bkey */
	const char		 *base;	/* a block's base id, unless it is
					 * "<kind>-<position>" */
	size_t			  base_len;
	struct expr_quick	  when;	/* a block's `when`, read once */
	int			  when_read;
	int			  when_none; /* it has none */
	int			  first; /* a block's first key (expand.c's
					 * enum bkey) + 1; 0: not read */
	const struct chk_node	 *part;	/* an include's part, once loaded */
	struct tr_made		 *tr;	/* a block's translations, merged */
	const struct chk_node	 *tr_texts; /* the texts a block's path was */
	size_t			  tr_index; /* last found in, and where */
};
struct memo	*resolver_memo(struct resolver *, const struct chk_node *);
struct arena	*resolver_arena(struct resolver *);

/* translate.c */
const struct chk_pair **tr_sort(struct arena *, const struct chk_node *texts);

/* patch.c */
int		 patch_parse(struct rctx *, const struct chk_node *entry);
struct patch	*patch_find(struct rctx *, enum patch_kind, const char *path);
/* Is there a patch (used or not) at path, of len bytes (SIZE_MAX:
 * not known)? */
int		 patch_any(struct rctx *, const char *path, size_t len);

/* The bit of r->pbits for a path of len bytes: of its length and its
 * last byte (the end of its last id), which few paths share. */
static inline size_t
patch_bit(const char *path, size_t len)
{
	return ((len < 255 ? len : 255) * 131 +
	    (len > 0 ? (unsigned char)path[len - 1] : 0)) & 1023;
}

/* Can a patch be at path, of len bytes?  No for most blocks: no patch
 * has a path of that length, or of that length and last byte.  Inline:
 * the walk asks it for every block before patch_any(). */
static inline int
patch_maybe(const struct rctx *r, const char *path, size_t len)
{
	size_t	bit = patch_bit(path, len);

	if (len > 255)
		len = 255;
	return r->npatches > 0 && (r->plens[len / 8] & (1 << (len % 8))) &&
	    (r->pbits[bit / 8] & (1 << (bit % 8)));
}
void		 patch_report_unused(struct rctx *, const char *const *paths,
		    size_t npaths);

/* translate.c */
int		 tr_open(struct rctx *, struct translation *, const char *what,
		    const char *src_lang, const struct loc *);
/* m: map's memo (NULL if it has none), where the merge is kept. */
const struct chk_node *tr_apply(struct rctx *, const struct chk_node *map,
		    const char *kind, const char *path, struct memo *m);
const struct chk_node *tr_merge(struct arena *, const struct chk_node *map,
		    const struct chk_node *body, int deep);
struct chk_node	*tr_single(struct arena *, const char *kind,
		    struct chk_node *text);
void		 tr_skip(struct rctx *, const char *path);
void		 tr_close(struct rctx *, struct translation *);

/* expand.c */
struct chk_list	*expand_checklist(struct rctx *, const struct chk_node *tmpl,
		    const struct chk_node *entry, const char *lang);

/* vars.c */
struct project;
const struct chk_node *vars_make(struct rctx *, const struct chk_node *tmpl,
		    const struct project *, const struct chk_node *entry,
		    const char *checklist, const struct loc *at);

/* resolve.c: a cached part file, NULL after a diagnostic. */
const struct chk_node *resolver_part(struct resolver *, const char *rel,
		    const struct loc *at);
const char	*resolver_template_path(struct resolver *, const char *id);
/* The translation file rel; NULL when there is none (*exists = 0) or
 * it is invalid (diagnostics given). */
const struct chk_node *resolver_translation(struct resolver *, const char *rel,
		    int *exists);
/* Record a file the checklist was made from. */
void		 resolve_add_source(struct rctx *, const char *path);

#endif /* CHKC_RESOLVE_INTERNAL_H */
