/*
 * chkc — the checklist compiler: the data every stage shares.
 *
 * Two trees live here.  The node tree is what the loader makes of a
 * YAML or JSON file: every node knows its file, line and column.  The
 * resolved checklist is what the resolver makes of a template and a
 * project: plain data with no variables left, the only input of the
 * emitters.  Each tree is allocated from one arena (arena.h) and is
 * released with it; nothing in here is freed on its own.
 */
#ifndef CHKC_H
#define CHKC_H

#include <stddef.h>

#define CHKC_VERSION	"0.1.0"

/* Where a node, an item or a diagnostic came from. */
struct loc {
	const char	*file;	/* interned, lives as long as the arena */
	int		 line;	/* 1-based; 0 when there is no position */
	int		 col;	/* 1-based, in bytes */
};

/* ------------------------------------------------------------------ */
/* The node tree (YAML 1.2 core schema, JSON is a subset). */

enum chk_node_kind {
	CHK_NODE_NULL,
	CHK_NODE_BOOL,
	CHK_NODE_NUMBER,	/* int or float: see is_int */
	CHK_NODE_STRING,
	CHK_NODE_SEQ,
	CHK_NODE_MAP,
	CHK_NODE__MAX
};

/* How a scalar was written; expressions use it to place columns. */
enum chk_style {
	CHK_STYLE_PLAIN,	/* also a block sequence or mapping */
	CHK_STYLE_SINGLE,	/* 'quoted' */
	CHK_STYLE_DOUBLE,	/* "quoted" */
	CHK_STYLE_BLOCK,	/* | or > */
	CHK_STYLE_FLOW		/* a [sequence] or {mapping} */
};

struct chk_pair;

struct chk_node {
	enum chk_node_kind	 kind;
	enum chk_style		 style;
	struct loc		 loc;
	const char		*str;	/* scalars: text as written (NUL-terminated) */
	size_t			 len;	/* length of str in bytes */
	int			 b;	/* BOOL */
	double			 num;	/* NUMBER */
	int			 is_int; /* NUMBER written as an integer */
	size_t			 n;	/* SEQ: items, MAP: pairs */
	struct chk_node		**items; /* SEQ */
	struct chk_pair		*pairs;	/* MAP, in document order */
};

/* A mapping entry; keys are always string scalars. */
struct chk_pair {
	struct chk_node	*key;
	struct chk_node	*value;
};

/* ------------------------------------------------------------------ */
/* The resolved checklist. */

enum chk_item_kind {
	CHK_ITEM_CHECK,		/* a box to tick */
	CHK_ITEM_FIELD,		/* a fill-in line without a box */
	CHK_ITEM_TABLE,		/* a grid of cells to fill */
	CHK_ITEM_MD,		/* free Markdown */
	CHK_ITEM__MAX
};

enum chk_field_type {
	CHK_FIELD_TEXT,
	CHK_FIELD_LONGTEXT,
	CHK_FIELD_NUMBER,
	CHK_FIELD_DATE,
	CHK_FIELD_TIME,
	CHK_FIELD_DATETIME,
	CHK_FIELD_BOOL,
	CHK_FIELD_CHOICE,
	CHK_FIELD_MULTICHOICE,
	CHK_FIELD__MAX
};

/*
 * Texts in the model are of two kinds.  "Markdown" texts (titles, check
 * texts, labels, notes, details, md blocks) are Markdown source in which
 * every interpolated value was escaped, so they can be rendered as they
 * are.  "Plain" texts (code, units, options, columns, row labels, roles)
 * are literal: each emitter escapes them for its format.
 */
struct chk_field {
	enum chk_field_type	 type;
	const char		*label;		/* Markdown inline; may be NULL */
	const char		*unit;		/* plain; may be NULL */
	int			 has_min, has_max;
	double			 min, max;
	const char		**options;	/* plain; CHOICE, MULTICHOICE */
	size_t			 noptions;
	int			 required;
};

struct chk_item {
	enum chk_item_kind	 kind;
	const char		*id;
	const char		*path;		/* ids joined by dots */
	struct loc		 loc;		/* the block in its source */
	const char		*text;		/* CHECK: inline Markdown; MD: block
						 * Markdown; TABLE: title (may be
						 * NULL); FIELD: = field->label */
	const char		*details;	/* CHECK: block Markdown or NULL */
	const char		*code;		/* CHECK: plain or NULL */
	const char		*lang;		/* CHECK: language of code */
	int			 critical;
	const char		*role;		/* plain or NULL */
	struct chk_field	*field;		/* FIELD; optional on CHECK */
	struct chk_item		**items;	/* CHECK: sub-items (CHECKs) */
	size_t			 nitems;
	const char		**columns;	/* TABLE: headers, plain */
	size_t			 ncolumns;
	const char		**rows;		/* TABLE: row labels, plain */
	size_t			 nrows;
	int			 labelled;	/* TABLE: column 0 holds the labels */
	const char		**cells;	/* TABLE: nrows * ncolumns fixed
						 * texts (plain), NULL where a
						 * cell is to fill in; NULL when
						 * rows are labels only */
};

struct chk_section {
	const char		*id;
	const char		*path;
	struct loc		 loc;
	const char		*title;		/* Markdown inline */
	const char		*note;		/* Markdown inline or NULL */
	struct chk_item		**items;
	size_t			 nitems;
	struct chk_section	**sections;	/* after the items */
	size_t			 nsections;
};

/*
 * What a sign-off column holds, decided once by the resolver from the
 * column's label (in any language chkc has labels for; unrecognised
 * labels: the first two columns the name and time when no column is
 * named so, the last one a signature): the emitters draw a run's name,
 * time and verified signature there, whatever the columns' order.
 */
enum chk_signcol {
	CHK_SIGNCOL_NAME,
	CHK_SIGNCOL_AT,
	CHK_SIGNCOL_SIGNATURE,
	CHK_SIGNCOL_OTHER
};

struct chk_signoff {
	const char		*id;
	const char		*path;		/* "signoff.<id>" */
	const char		*title;		/* Markdown inline */
	const char		**roles;	/* plain */
	size_t			 nroles;
	const char		**columns;	/* plain; Name, Date and time, ... */
	enum chk_signcol	*holds;		/* per column */
	size_t			 ncolumns;
};

struct chk_list {
	const char		*project;	/* project id */
	const char		*project_name;
	const char		*id;		/* checklist id: the output name */
	const char		*template_id;
	const char		*lang;		/* language of texts and labels */
	int			 revision;
	const char		*title;		/* Markdown inline */
	const char		*description;	/* Markdown block or NULL */
	struct chk_item		**fields;	/* FIELD items, path "fields.<id>" */
	size_t			 nfields;
	struct chk_section	**sections;
	size_t			 nsections;
	struct chk_signoff	**signoffs;
	size_t			 nsignoffs;
	const char		**sources;	/* files it was built from */
	size_t			 nsources;
	char			 hash[72];	/* "sha256:<64 hex>" of the model */
};

/* ------------------------------------------------------------------ */
/* A filled run (doc/format.md §3) as the emitters see it: answers by
 * path.  Emitters take a run or NULL; NULL draws the blank checklist. */

struct chk_answer {
	const char	*path;		/* item path, or "fields.<id>" */
	int		 done;
	const char	*value;		/* as text; multichoice: one per line */
	const char	*na;		/* reason, or NULL */
	const char	*failed;	/* note, or NULL */
	const char	*by;
	const char	*at;
};

struct chk_table_fill {
	const char	*path;
	const char	**cells;	/* row-major, nrows * ncols */
	size_t		 nrows;
	size_t		 ncols;
};

/* A role's SSH signature as verified (by whoever read the run with
 * the project's allowed signers: chkc render, archive). */
enum chk_sigstate {
	CHK_SIG_NONE,		/* no SSH signature */
	CHK_SIG_UNCHECKED,	/* not verified */
	CHK_SIG_VALID,
	CHK_SIG_INVALID
};

struct chk_signature {
	const char	*role;
	const char	*name;
	const char	*at;
	const char	*principal;	/* SSH-signed: as allowed_signers */
	const char	*key;		/* the key's "SHA256:..." */
	const char	*signature;	/* armoured SSHSIG, or NULL */
	enum chk_sigstate state;
};

struct chk_run {
	const char		*run;		/* "project/checklist" */
	const char		*checklist;	/* "sha256:..." it was made from */
	int			 revision;
	struct chk_answer	*fields;	/* sorted by path */
	size_t			 nfields;
	struct chk_answer	*items;		/* sorted by path */
	size_t			 nitems;
	struct chk_table_fill	*tables;
	size_t			 ntables;
	struct chk_signature	*signoff;
	size_t			 nsignoff;
	const char		*outcome;	/* success, partial, rolled-back,
						 * failed, or NULL */
	const char		*notes;
};

#endif /* CHKC_H */
