/*
 * Inside the validate stage (after mandoc's libmdoc.h): the compiled
 * form of a schema and what the files of src/schema/ share.  Nothing
 * outside src/schema/ includes this.
 */
#ifndef CHKC_LIBSCHEMA_H
#define CHKC_LIBSCHEMA_H

#include <stddef.h>

#include "chkc.h"

struct arena;
struct node_index;
struct diag;
struct regex;

/* JSON Schema's types, as bits of schema->types. */
#define SCH_T_NULL	0x01
#define SCH_T_BOOLEAN	0x02
#define SCH_T_OBJECT	0x04
#define SCH_T_ARRAY	0x08
#define SCH_T_NUMBER	0x10
#define SCH_T_STRING	0x20
#define SCH_T_INTEGER	0x40

/* Which of the numeric limits a schema has (schema->has). */
enum sch_limit {
	SCH_MINIMUM,
	SCH_MAXIMUM,
	SCH_EXMINIMUM,
	SCH_EXMAXIMUM,
	SCH_MULTIPLEOF,
	SCH_MINLENGTH,
	SCH_MAXLENGTH,
	SCH_MINITEMS,
	SCH_MAXITEMS,
	SCH_MINCONTAINS,
	SCH_MAXCONTAINS,
	SCH_MINPROPS,
	SCH_MAXPROPS,
	SCH_LIMIT__MAX
};

/* The numeric limits of a schema that has any (most have none). */
struct sch_limits {
	double			 lim[SCH_LIMIT__MAX];
	const struct chk_node	*node[SCH_LIMIT__MAX];	/* as written */
};

/* A schema resource: a document, or a subschema with an $id. */
struct sch_res {
	const char		*uri;		/* absolute, no fragment */
	const char		*retrieved;	/* the document's file or URI */
	const struct chk_node	*node;		/* its root */
	struct schema		*root;		/* compiled root */
	struct sch_anchor	*anchors;
	struct schema_reg	*reg;		/* the registry it is in */
	struct sch_res		*next;		/* registry's list */
};

struct sch_anchor {
	const char		*name;
	const struct chk_node	*node;
	struct schema		*s;
	int			 dynamic;	/* $dynamicAnchor */
	struct sch_anchor	*next;
};

/* A member of properties, patternProperties or dependent*. */
struct sch_prop {
	const char		*name;
	const struct chk_node	*key;
	struct regex		*re;		/* patternProperties */
	struct schema		*s;		/* NULL: dependentRequired */
	const struct chk_node	*list;		/* dependentRequired */
};

/* A list of subschemas (allOf, prefixItems, ...). */
struct sch_list {
	struct schema		**v;
	size_t			 n;
};

struct schema {
	const struct chk_node	*node;		/* the schema as written */
	struct sch_res		*res;		/* the resource it belongs to */
	int			 is_bool;	/* true or false */
	int			 bval;
	unsigned		 types;		/* 0: no "type" */
	const struct chk_node	*enum_;		/* a list, or NULL */
	const struct chk_node	*const_;	/* or NULL */
	unsigned		 has;		/* 1 << enum sch_limit */
	struct sch_limits	*limits;	/* NULL: has is 0 */
	int			 unique;	/* uniqueItems */
	struct regex		*pattern;
	const char		*format;
	const struct chk_node	*format_node;
	const struct chk_node	*required;	/* a list, or NULL */
	struct sch_prop		*props;		/* properties */
	size_t			 nprops;
	struct sch_prop		*patprops;	/* patternProperties */
	size_t			 npatprops;
	struct sch_prop		*depreq;	/* dependentRequired */
	size_t			 ndepreq;
	struct sch_prop		*depsch;	/* dependentSchemas */
	size_t			 ndepsch;
	struct schema		*addprops;	/* additionalProperties */
	struct schema		*propnames;
	struct sch_list		 prefix;	/* prefixItems */
	struct schema		*items;
	struct schema		*contains;
	struct sch_list		 allof, anyof, oneof;
	struct schema		*not_, *if_, *then_, *else_;
	const struct chk_node	*ref_node;	/* $ref as written */
	const char		*ref_uri;	/* resolved against the base */
	struct schema		*ref;		/* its target */
	const struct chk_node	*dref_node;	/* $dynamicRef */
	const char		*dref_uri;
	struct schema		*dref;		/* static target */
	const char		*dref_anchor;	/* dynamic: search scope */
	const struct chk_node	*default_;
	const char		**pnames;	/* names in props, for
						 * did-you-mean */
	struct node_index	*propidx;	/* props by name (the pairs
						 * of "properties" are props'
						 * order); NULL: a few */
	unsigned		 checks[CHK_NODE__MAX];	/* by the kind of
						 * instance: the checks that can
						 * find anything (sch_checks()) */
};

struct sch_map {
	const char		*prefix;
	const char		*dir;
	struct sch_map		*next;
};

struct schema_reg {
	struct arena		*a;		/* schemas, URIs, files */
	struct sch_res		*res;		/* every resource */
	struct schema		**memo;		/* open hash: node -> schema */
	size_t			 memo_cap, memo_n;
	struct schema		**pending;	/* refs to resolve */
	size_t			 npending, pending_cap;
	struct regex		*regexes;	/* every compiled pattern */
	struct sch_map		*maps;
	int			 format_assert;
	int			 lint;		/* warn of keyword typos */
};

/* compile.c: the schema at node n, in resource res (memoised by node). */
struct schema	*sch_compile(struct schema_reg *, const struct chk_node *n,
		    struct sch_res *res, struct diag *);

/* keyword.c: set s->checks, once s is compiled. */
void		 sch_checks(struct schema *);

/* schema.c: the registry's indexes. */
struct sch_res	*sch_res_new(struct schema_reg *, const char *uri,
		    const char *retrieved, const struct chk_node *node);
struct schema	*sch_memo_get(const struct schema_reg *,
		    const struct chk_node *);
void		 sch_memo_put(struct schema_reg *, struct schema *);
void		 sch_pending_push(struct schema_reg *, struct schema *);

/* ref.c: URIs (RFC 3986) and JSON pointers (RFC 6901). */
char		*sch_uri_resolve(struct arena *, const char *base,
		    const char *ref);
/* Split uri at '#': returns the part before (arena), *frag the rest
 * (percent-decoded) or "" when there is none. */
char		*sch_uri_split(struct arena *, const char *uri,
		    const char **frag);
/* The node at pointer ptr ("/a/0/b") from root, or NULL.  *base gets
 * the base URI in force there (each $id passed changes it). */
const struct chk_node *sch_pointer(struct arena *, const struct chk_node *root,
		    const char *ptr, const char **base);
/* Is uri a path name of this machine ("file:" or no scheme)? */
const char	*sch_uri_path(const char *uri);

/* regex.c: ECMA-262 patterns on PCRE2. */
struct regex	*sch_regex_new(struct schema_reg *, const char *pattern,
		    const struct chk_node *at, struct diag *);
int		 sch_regex_match(const struct regex *, const char *s,
		    size_t len);
const char	*sch_regex_source(const struct regex *);
void		 sch_regex_free_all(struct regex *);

/* format.c: 1 valid, 0 invalid, -1 a format we do not assert. */
int		 sch_format_check(const char *format, const char *s,
		    size_t len);

/*
 * The embedded schemas as the loader made them, flattened at build time
 * (src/schema/gen/schema_tree.c) so that a process does not parse them
 * again: nodes by index, kids[] the items of a list or the keys and
 * values of a mapping in turn, strings NUL-terminated in a blob.  Only
 * numbers, so the tables need no relocation when chkc starts.
 */
#define SCH_TREE_NOSTR	0xFFFFFFFFu	/* str is NULL (a list, a mapping) */

struct sch_tnode {
	unsigned char	 kind;		/* enum chk_node_kind */
	unsigned char	 style;		/* enum chk_style */
	unsigned char	 b;
	unsigned char	 is_int;
	unsigned	 line, col;
	unsigned	 str;		/* offset in blob, or SCH_TREE_NOSTR */
	unsigned	 len;
	unsigned	 n;		/* items or pairs */
	unsigned	 kids;		/* the first in kids[] */
	double		 num;
};

struct sch_tree {
	const char		*name;	/* "schemas/meta/core.json" */
	const char		*uri;	/* what the nodes' loc.file says */
	const struct sch_tnode	*nodes;	/* the root first */
	unsigned		 nnodes;
	const unsigned		*kids;
	unsigned		 nkids;
	const char		*blob;
};

/* Generated: the trees of the embedded files, ended by a NULL name. */
extern const struct sch_tree schema_trees[];

/*
 * schema.c: the tree of the embedded file name fetched as uri, made in
 * the arena from its table, node for node the one load_buffer() makes
 * of the file under that name; NULL when there is no table for both.
 */
const struct chk_node *sch_tree_load(struct arena *, const char *name,
		    const char *uri);

/* The embedded files (generated by src/schema/embed.sh). */
extern const char *const schema_embed_names[];
extern const char *const schema_embed_data[];
extern const size_t schema_embed_sizes[];

/* schema.c: the registry of embedded schemas, made on first use. */
struct schema_reg *sch_builtin(void);
/* The 2020-12 meta-schema in a registry. */
const struct schema *sch_meta(struct schema_reg *, struct diag *);

#endif /* CHKC_LIBSCHEMA_H */
