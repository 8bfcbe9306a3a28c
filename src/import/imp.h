/*
 * Private to the import stage: the template being built (a small model
 * of doc/format.md §1, only what import makes), fill-in blanks and inline
 * choices, ids, and the YAML writer.  Everything is allocated from one
 * arena and released with it.
 */
#ifndef CHKC_IMPORT_IMP_H
#define CHKC_IMPORT_IMP_H

#include <stdarg.h>
#include <stddef.h>

#include <cmark-gfm.h>

struct arena;
struct buf;
struct diag;
struct imp_fill;

/* A growable array of strings in an arena. */
struct imp_strs {
	const char	**v;
	size_t		  n, cap;
};

void	 imp_strs_push(struct arena *, struct imp_strs *, const char *);

/* A fill-in: the blank of a field, or a choice. */
struct imp_field {
	const char	*type;		/* text, longtext, number, date, ... */
	const char	*unit;		/* text after the blank, or NULL */
	const char	*prefix;	/* "v" of "v_____", kept as a comment */
	struct imp_strs	 options;	/* choice */
};

enum imp_kind {
	IMP_CHECK,
	IMP_FIELD,
	IMP_TABLE,
	IMP_MD
};

struct imp_item {
	enum imp_kind	 kind;
	int		 line;		/* where it came from */
	const char	*text;		/* check text, field label, table
					 * title or the md block */
	const char	*id;		/* explicit, or NULL: the slug of text */
	struct imp_field *field;	/* FIELD; optional on CHECK */
	const char	*code, *lang;	/* CHECK */
	const char	*details;	/* CHECK: block Markdown */
	struct imp_item	*items, *last;	/* CHECK: sub-items */
	struct imp_strs	 columns;	/* TABLE */
	struct imp_strs	 rows;		/* TABLE: row labels */
	struct imp_strs	 cells;		/* TABLE: or rows of cells, row-
					 * major, NULL to fill in */
	const char	*comment;	/* written above it as "# ..." */
	struct imp_item	*next;
};

struct imp_section {
	const char		*title;
	const char		*id;
	const char		*comment;
	int			 level;		/* of its heading; -1: implicit */
	int			 moved;		/* content went to fields/signoff */
	int			 had_sections;
	int			 line;
	struct imp_item		*items, *last;
	struct imp_section	*sections, *slast;
	struct imp_section	*up, *next;
};

struct imp_signoff {
	const char		*title;
	const char		*id;
	const char		*comment;
	struct imp_strs		 roles;
	struct imp_strs		 columns;
	struct imp_signoff	*next;
};

struct imp_doc {
	const char		*comment;	/* the first line of the file */
	const char		*front;		/* front matter kept as a comment */
	const char		*id;
	const char		*title;
	const char		*lang;
	const char		*description;
	struct imp_item		*fields, *flast;
	struct imp_section	*sections, *slast;
	struct imp_signoff	*signoffs, *olast;
};

void	 imp_item_add(struct imp_item **head, struct imp_item **last,
	    struct imp_item *);
void	 imp_section_add(struct imp_section **head, struct imp_section **last,
	    struct imp_section *);

/* The walk of the cmark-gfm tree. */
struct imp {
	struct arena		*a;
	struct diag		*d;
	const char		*name;		/* for diagnostics */
	const char		*src;		/* the Markdown, LF line ends */
	size_t			 len;
	size_t			*lines;		/* offset of each line */
	size_t			 nlines;
	struct imp_doc		 doc;
	struct imp_section	*cur;		/* the innermost open section */
	struct imp_item		*last_check;	/* ends the block before */
	int			 seen_task;	/* fields now go to sections */
	int			 after_title;	/* next block: description? */
};

/* Task items nested deeper than this are kept as Markdown, so that the
 * YAML stays within the loader's nesting limit (64). */
#define IMP_MAX_DEPTH	16

/* import.c ---------------------------------------------------------- */

void	 imp_warn(struct imp *, cmark_node *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	 imp_is(cmark_node *, const char *type);
/* The inline text of a paragraph or heading on one line. */
char	*imp_inline(struct imp *, cmark_node *);
/* The Markdown source of a block, dedented to its first column. */
char	*imp_block(struct imp *, cmark_node *);
/* Source from line sl col sc to line el col ec, dedented by sc - 1. */
char	*imp_range(struct imp *, int sl, int sc, int el, int ec);
struct imp_item *imp_new_item(struct imp *, enum imp_kind, cmark_node *,
	    const char *text);
/* Add to the current section (made when there is none yet). */
void	 imp_add(struct imp *, struct imp_item *);
/* A field: to the run header while no section or task came, else as
 * imp_add. */
void	 imp_add_field(struct imp *, struct imp_item *);
/* Keep a block as an md item; warn when it holds fill-ins or tasks. */
void	 imp_md(struct imp *, cmark_node *);
void	 imp_do_block(struct imp *, cmark_node *, int depth);
/* The title of the current section, else of the document. */
const char *imp_where(struct imp *);
/* The sign-off group with this title and columns, made if new. */
struct imp_signoff *imp_signoff(struct imp *, const char *title,
	    const struct imp_strs *columns);
/* Say that the current section gave content to the header or sign-off,
 * so it is dropped if nothing is left in it. */
void	 imp_moved(struct imp *, const char **comment);

/* front.c ----------------------------------------------------------- */

/* Read YAML front matter (name, about, ...) into the document and blank
 * it out of the source; nothing when the file has none. */
void	 imp_front_matter(struct imp *);

/* lang.c ------------------------------------------------------------ */

/*
 * The language of the prose of the tree (code aside): by its script
 * (Cyrillic ru, kana ja, Han zh, Hangul ko, ...), else by the common
 * words of es, de, fr, pt and en.  *why says from what ("from its
 * kana"), for a warning.
 */
const char *imp_guess_lang(cmark_node *root, const char **why);

/* lists.c ----------------------------------------------------------- */

void	 imp_do_list(struct imp *, cmark_node *, int depth);
/* Does the subtree hold a task item? */
int	 imp_has_task(cmark_node *);

/* tables.c ---------------------------------------------------------- */

void	 imp_do_table(struct imp *, cmark_node *);
/* "Approved by: ____ Date: ____": one role of a sign-off group. */
int	 imp_approval(struct imp *, const struct imp_fill *);

/* blanks.c ---------------------------------------------------------- */

/*
 * One fill-in found in a line of inline Markdown: the label before it
 * (as written, trimmed, without the final ':') and its field.  A line
 * holds blanks ("____", "v____", "`____`") or one choice ("[ ] A [ ] B",
 * "☐ A ☐ B"), never both.
 */
struct imp_fill {
	const char	*label;
	struct imp_field *field;
	struct imp_fill	*next;
};

/* The fill-ins of one line (len bytes, no newline), or NULL if none. */
struct imp_fill	*imp_fills(struct arena *, const char *s, size_t len);
/* Number of fill-ins in a list. */
size_t		 imp_nfills(const struct imp_fill *);
/* Does the line hold a blank or a choice? */
int		 imp_has_fill(const char *s, size_t len);
/* A label without the emphasis around it and a final ':'. */
const char	*imp_plain_label(struct arena *, const char *);
/* The field type a label and unit suggest (text when nothing does). */
const char	*imp_guess_type(const char *label, const char *unit);
/* Does s hold only a blank (and spaces)? */
int		 imp_only_blank(const char *s, size_t len);
/* ASCII-and-Cyrillic lower case of s into a new arena string. */
char		*imp_lower(struct arena *, const char *);

/* ids.c ------------------------------------------------------------- */

/* The slug of text (doc/format.md §1 ids), "" when nothing is left. */
char		*imp_slug(struct arena *, const char *text);
/* Give explicit ids where slugs are empty or taken in one parent. */
void		 imp_assign_ids(struct arena *, struct imp_doc *);

/* yaml_out.c -------------------------------------------------------- */

/* Write the document as template YAML. */
void		 imp_yaml_write(const struct imp_doc *, struct buf *);
/* Write s as a YAML scalar (plain, double-quoted or a | block at
 * indent); flow: inside [ ] or { }. */
void		 imp_yaml_scalar(struct buf *, const char *s, int indent,
		    int flow);
/* Escape "{{" so the resolver does not read it as interpolation. */
const char	*imp_escape_braces(struct arena *, const char *);

#endif /* CHKC_IMPORT_IMP_H */
