/*
 * The load stage: a YAML 1.2 (or JSON) file to a node tree in which
 * every node carries file:line:col, and the accessors every later stage
 * uses to read that tree.
 */
#ifndef CHKC_LOAD_H
#define CHKC_LOAD_H

#include <stddef.h>

#include "chkc.h"

struct arena;
struct buf;
struct diag;

/* Resource limits of the loader; defaults in load_limits. */
struct load_limits {
	size_t	max_file;	/* bytes of one input file */
	int	max_depth;	/* nesting of sequences and mappings */
	size_t	max_nodes;	/* nodes of one file, aliases expanded */
	size_t	max_scalar;	/* bytes of one scalar */
	int	allow_nul;	/* keep "\0" in strings (chkc validate of
				 * any JSON); chkc's own texts refuse it */
};

extern struct load_limits load_limits;

/*
 * Read and parse a file into a tree allocated from the arena.  Returns
 * the root, or NULL when the file could not be read or is invalid (the
 * diagnostics say why; all that could be found are added).
 */
struct chk_node	*load_file(struct arena *, const char *path, struct diag *);
/* The same for text in memory; name is used in diagnostics. */
struct chk_node	*load_buffer(struct arena *, const char *name,
		    const char *text, size_t len, struct diag *);
/*
 * Read the input file at path into out, up to max bytes and a chunk
 * more (so that the caller can tell a file too big).  Returns 0, or -1
 * after a diagnostic: cannot open, is a directory, cannot read.
 */
int		 load_read(const char *path, size_t max, struct buf *out,
		    struct diag *);

/* The value of key in a mapping, or NULL (also when n is not a map). */
struct chk_node	*node_get(const struct chk_node *map, const char *key);
/* The pair of key, or NULL. */
struct chk_pair	*node_pair(const struct chk_node *map, const char *key);
/*
 * node_get() for a run of lookups made in about the map's own order (a
 * template's params against a project's vars, dozens of each for every
 * checklist): the search starts after the last hit, *cursor (0 at
 * first), and wraps around.
 */
struct chk_node	*node_get_next(const struct chk_node *map, const char *key,
		    size_t *cursor);
/*
 * The keys of a mapping hashed, in the arena, for many lookups in a map
 * of dozens of keys (node_get() compares the key with each in turn);
 * the map must outlive it.  node_index_find() gives the index of key's
 * pair + 1, or 0; node_index_get() its value, or NULL.
 */
struct node_index	*node_index(struct arena *, const struct chk_node *map);
size_t		 node_index_find(const struct node_index *, const char *key);
struct chk_node	*node_index_get(const struct node_index *, const char *key);
/* "a string", "a mapping", ... for diagnostics. */
const char	*node_kind_name(enum chk_node_kind);
/* A string scalar's text, else NULL. */
const char	*node_str(const struct chk_node *);
/* Make nodes (for computed values: defaults, loop values, range()). */
struct chk_node	*node_new(struct arena *, enum chk_node_kind,
		    const struct loc *);
struct chk_node	*node_new_str(struct arena *, const char *,
		    const struct loc *);
struct chk_node	*node_new_num(struct arena *, double, const struct loc *);
struct chk_node	*node_new_bool(struct arena *, int, const struct loc *);
/* A copy of the mapping map (or an empty one when NULL) with key set to
 * value, replaced where it was, else added last.  Nodes are shared. */
struct chk_node	*node_set(struct arena *, const struct chk_node *map,
		    const char *key, struct chk_node *value);
/* Deep equality of values (JSON Schema's sense: 1 == 1.0). */
int		 node_equal(const struct chk_node *, const struct chk_node *);

#endif /* CHKC_LOAD_H */
