/*
 * The PDF layout engine shared by pdf.c (the checklist) and signoff.c
 * (the sign-off sheet); private to src/emit/.
 *
 * A document is laid out first into a display list of pages, measured
 * with the fonts' real metrics; only then are the libharu fonts made
 * (knowing which characters each one draws, which is what keeps the
 * per-document font cost small) and the pages drawn, with "page N of
 * M" in every footer.  Positions are PDF points, y up from the bottom
 * of the page; the cursor is the top of the next block.  The engine's
 * files and what they share: pdf_engine.h.
 */
#ifndef CHKC_EMIT_PDF_LAYOUT_H
#define CHKC_EMIT_PDF_LAYOUT_H

#include <stddef.h>

#include "chkc.h"
#include "model.h"

struct arena;
struct buf;
struct diag;
struct pdf_opts;
struct pl;
struct pl_text;

/* Text styles, or-ed. */
#define PL_BOLD		0x0001
#define PL_ITALIC	0x0002	/* a slanted DejaVu Sans */
#define PL_MONO		0x0004
#define PL_STRIKE	0x0008
#define PL_LINK		0x0010	/* blue, underlined, clickable */
#define PL_MUTED	0x0020	/* grey */
#define PL_RED		0x0040
#define PL_PEN		0x0080	/* a value written into the form */
#define PL_CODE		0x0100	/* inline code: smaller, shaded */
#define PL_SMALL	0x0200	/* 85 % of the text's size */

/* Sizes in points. */
#define PL_BODY		10.0f
#define PL_DETAIL	9.0f
#define PL_CODESIZE	8.5f
#define PL_INDENT	16.0f	/* a nesting level, the checkbox column */
#define PL_MM		2.834646f

/* Where a drawn line of text sits: its page, baseline, size, the x
 * where its text ends. */
struct pl_mark {
	int	 page;
	float	 base;
	float	 size;
	float	 end;
};

/* What the header and footer of every page show. */
struct pl_doc {
	const char	*project;	/* plain */
	const char	*title;		/* Markdown inline */
	int		 revision;
	const char	*hash;		/* "sha256:<hex>" */
	const char	*lang;
	const char	*subject;	/* the PDF's /Subject: ASCII */
	const char	*refs;		/* link definitions every text is
					 * read with (emit_md_link_defs), or
					 * NULL */
};

/*
 * The document of checklist cl: its project (by name), title,
 * revision, hash and language, no link definitions, and the subject
 * "KIND project/id" made in subject (size bytes).
 */
void		 pl_doc_of(struct pl_doc *, const struct chk_list *cl,
		    const char *kind, char *subject, size_t size);

/*
 * Make one PDF: load the fonts, start page 1, call build to lay out
 * the content, then draw it and append the file's bytes to out.
 * Returns 0, or -1 after adding a diagnostic (bad fonts included).
 */
typedef int	(*pl_build_fn)(struct pl *, const void *arg);
int		 pl_document(const struct pl_doc *, const struct pdf_opts *,
		    pl_build_fn, const void *arg, struct buf *, struct diag *);

struct arena	*pl_arena(struct pl *);
const char	*pl_lang(const struct pl *);
/* The place diagnostics about what is laid out next refer to. */
void		 pl_at(struct pl *, const struct loc *);

/* The content box and the cursor. */
float		 pl_left(const struct pl *);
float		 pl_width(const struct pl *);
float		 pl_y(const struct pl *);
int		 pl_page(const struct pl *);
/* Move down by h; nothing at the top of a page. */
void		 pl_space(struct pl *, float h);
/* Start a new page unless h fits below the cursor; 1 if it did. */
int		 pl_need(struct pl *, float h);
void		 pl_newpage(struct pl *);

/*
 * Try a layout and take it back: pl_save the state, lay out, and if
 * pl_moved says the first thing drawn since went to a later page (a
 * heading left alone at the bottom), pl_restore, pl_newpage and lay
 * out again.
 */
struct pl_state {
	size_t		 nops;
	float		 y;
	int		 page, npages;
	size_t		 nmissing;
};
void		 pl_save(const struct pl *, struct pl_state *);
void		 pl_restore(struct pl *, const struct pl_state *);
int		 pl_moved(const struct pl *, const struct pl_state *);

/* An RFC 3339 date-time with a space for the T, to read and to wrap
 * well; anything else as it is.  NULL stays NULL. */
const char	*pl_datetime(struct pl *, const char *);

/* Rich text: runs of styled characters, wrapped when drawn. */
struct pl_text	*pl_text_new(struct pl *, float size);
void		 pl_text_plain(struct pl *, struct pl_text *, const char *,
		    int style);
/* Append inline Markdown (emphasis, code, links, strikethrough);
 * blocks are flattened into one paragraph. */
void		 pl_md_text(struct pl *, struct pl_text *, const char *,
		    int style);
int		 pl_text_empty(const struct pl_text *);
/* Widths: of the longest unbreakable piece, and unwrapped. */
void		 pl_text_extent(const struct pl_text *, float *minw,
		    float *maxw);
float		 pl_text_height(struct pl *, const struct pl_text *,
		    float width);
/* Height of the first line alone, for keeping blocks together. */
float		 pl_text_first(struct pl *, const struct pl_text *, float width);
/*
 * Draw t wrapped to width at x from the cursor down, breaking pages
 * between lines.  first and last (either may be NULL) receive where
 * the first and last lines went.
 */
void		 pl_text_draw(struct pl *, const struct pl_text *, float x,
		    float width, struct pl_mark *first, struct pl_mark *last);
/* Draw t on one line at a baseline, cut with "…" to fit width. */
void		 pl_text_line(struct pl *, const struct pl_text *, int page,
		    float x, float base, float width);

/* Marks on a drawn line. */
void		 pl_checkbox(struct pl *, const struct pl_mark *, float x,
		    enum chk_state, int critical);
/* A choice box (round when radio) with its label; returns its width. */
float		 pl_option_width(struct pl *, const char *, float size);
void		 pl_option(struct pl *, int page, float x, float base,
		    float size, const char *, int radio, int ticked);
/* A fill-in line from x1 to x2 under a baseline, value written on it. */
void		 pl_fill(struct pl *, int page, float x1, float x2, float base,
		    const char *value);
/* Take one line of text size at the cursor; m is its place (end = x). */
void		 pl_reserve(struct pl *, float size, float x, struct pl_mark *);
/* value (plain, may be NULL) written on ruled lines, at least min. */
void		 pl_ruled(struct pl *, const char *value, float x, float width,
		    int min);
/* A horizontal line at the cursor. */
void		 pl_rule(struct pl *, float x, float width, float lw,
		    unsigned rgb);
void		 pl_vbar(struct pl *, int page, float x, float top,
		    float bottom, float lw, unsigned rgb);

/* A monospace block, shaded, wrapped, split across pages. */
void		 pl_code(struct pl *, const char *, float x, float width);
/* Markdown blocks: paragraphs, headings, lists, code, quotes, tables. */
void		 pl_md_blocks(struct pl *, const char *, float x, float width,
		    float size);

/*
 * A grid: column widths from the content, rows split across pages
 * with the header row repeated.  NULL cells are blanks to fill in.
 */
struct pl_table {
	size_t		  ncols, nrows;
	struct pl_text	**head;		/* ncols, or NULL: no header row */
	struct pl_text	**cell;		/* nrows * ncols, row-major */
	const float	 *minw;		/* ncols minimum widths, or NULL */
	float		  rowh;		/* minimum row height */
	int		  label_col;	/* column 0 holds labels: shaded */
};
void		 pl_table(struct pl *, const struct pl_table *, float x,
		    float width);

/* signoff.c: a sign-off group's roles table (role, its columns, a
 * row per role; names and times from the run). */
void		 emit_signoff_roles(struct pl *, const struct chk_list *,
		    const struct chk_signoff *, const struct chk_run *,
		    float rowh);

#endif /* CHKC_EMIT_PDF_LAYOUT_H */
