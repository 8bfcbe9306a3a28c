/*
 * The PDF layout engine's insides, shared by its files and by nothing
 * else (pdf.c and signoff.c use pdf_layout.h):
 *
 *	pdf_layout.c	the page, cursor, display list, boxes, code
 *			blocks, tables, header and footer, the document
 *	pdf_text.c	rich text: runs, characters and their fonts,
 *			widths, line breaking, lines drawn
 *	pdf_md.c	Markdown inlines and blocks into the layout
 *	pdf_font.c	the faces and fallback fonts, the libharu fonts
 *	pdf_draw.c	the display list drawn with libharu, and saved
 *
 * Each file's names start with its own prefix: pl_ (layout), pl_text_,
 * pl_md_, pl_font_, pl_draw_.
 */
#ifndef CHKC_EMIT_PDF_ENGINE_H
#define CHKC_EMIT_PDF_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "chkc.h"
#include "emit/pdf_sfnt.h"

struct buf;
struct pdf_opts;
struct pl_doc;
struct pl_hpdf_font;

#define PL_FONTDIR	"/usr/share/fonts/truetype/dejavu"
#define PL_LEAD		1.3f	/* line height / font size */
#define PL_ASC		1.0f	/* line top to baseline / font size */
#define PL_SLANT	0.2126f	/* tan 12 degrees, DejaVu Sans Oblique's */
#define PL_PAD		3.0f	/* table cell padding */

enum pl_face {
	PL_REGULAR,
	PL_BOLDFACE,
	PL_MONOFACE,
	PL_NFACES
};

#define PL_NFALLBACK	8	/* fallback fonts at most */

struct pl_font {
	const char		*path;
	int			 state;		/* fallback: 0 unread, 1 read,
						 * -1 unusable */
	const char		*name;		/* libharu's name for it */
	struct pl_sfnt		 sf;		/* its cmap and metrics */
	HPDF_Font		 font;		/* made after layout */
	struct pl_hpdf_font	*keep;		/* private path: to release */
	unsigned char		*used;		/* bitset: code points drawn */
	unsigned long		 nbits;		/* ... of so many */
	int			 any;
	int			 wide;		/* draws beyond the BMP */
	uint32_t		*cps;		/* remapped: what codes draw */
	size_t			 ncps;
	unsigned long		 fallback;	/* U+FFFD, or '?' */
	int			 same;		/* a face: the font it is */
	int			 own;		/* its font file made here */
};

enum pl_opk {
	PL_OP_TEXT,
	PL_OP_LINE,
	PL_OP_RECT,
	PL_OP_CIRCLE,
	PL_OP_LINK,
	PL_OP_CLIP,		/* draw only inside x, y, w, h ... */
	PL_OP_UNCLIP		/* ... up to here */
};

/* One drawing operation of the display list. */
struct pl_op {
	enum pl_opk	 k;
	int		 page;
	size_t		 seq;		/* keeps the order within a page */
	int		 face;		/* TEXT: a font of pl.f[] */
	int		 italic;
	int		 bold;		/* a fallback font made bolder */
	int		 fill;		/* RECT, CIRCLE: filled, not stroked */
	float		 size;		/* TEXT: font size; else line width */
	float		 x, y, w, h;	/* LINE: x,y to x+w,y+h; CIRCLE: r=w;
					 * TEXT: w its width */
	unsigned	 rgb;
	const char	*s;		/* TEXT: UTF-8; LINK: the URI */
};

struct pl_run {
	int		 style;
	float		 size;
	const char	*url;
};

struct pl_cell {
	uint32_t	 cp;		/* '\n' is a hard line break */
	float		 w;
	unsigned	 run;
	unsigned char	 font;		/* in pl.f[] */
};

struct pl_text {
	struct pl_cell	*c;
	size_t		 n, cap;
	struct pl_run	*r;
	size_t		 nr, rcap;
	float		 size;
	float		 lead;
};

struct pl_line {
	size_t		 s, e;		/* cells [s, e), no trailing space */
	float		 w;
	float		 size;		/* the largest in the line */
	int		 cont;		/* a wrapped code line goes on */
};

struct pl {
	HPDF_Doc		 pdf;
	struct arena		*a;
	struct diag		*d;
	const struct pl_doc	*doc;
	struct pl_font		 f[PL_NFACES + PL_NFALLBACK];
	int			 nfonts;
	float			 pw, ph;
	float			 left, right, top, bottom;
	float			 y;
	int			 page, npages;
	int			 over;		/* more pages than the limit */
	struct pl_op		*ops;
	size_t			 nops, opcap;
	struct pl_line		*lines;		/* pl_text_wrap()'s, reused */
	size_t			 linecap;
	struct loc		 at;
	size_t			 nmissing;
	unsigned long		 miss_cp;
	struct loc		 miss_at;
	HPDF_STATUS		 herr, hdetail;
	int			 priv;		/* pl_hpdf_private() */
};

/* pdf_layout.c */
/* Make room for want elements of size in the arena array p of n (cap
 * at least doubled, p's elements copied); pl_grow(): for n + 1. */
void		*pl_room(struct pl *, void *p, size_t n, size_t want,
		    size_t *cap, size_t size);
void		*pl_grow(struct pl *, void *p, size_t n, size_t *cap,
		    size_t size);
/* A diagnostic for libharu's error in doing what; returns -1. */
int		 pl_hfail(struct pl *, const char *what);
/* Append an operation to the display list. */
struct pl_op	*pl_op(struct pl *, enum pl_opk, int page);
void		 pl_line_op(struct pl *, int page, float x, float y, float w,
		    float h, float lw, unsigned rgb);
void		 pl_rect_op(struct pl *, int page, float x, float y, float w,
		    float h, float lw, unsigned rgb, int fill);

/* pdf_font.c */
/* Read and load the faces from the options' directory, list their
 * fallback fonts. */
int		 pl_font_init(struct pl *, const struct pdf_opts *);
/* The glyph of cp in f, 0 if none; its advance in 1/1000 em. */
unsigned	 pl_font_glyph(const struct pl_font *, unsigned long cp);
int		 pl_font_advance(const struct pl_font *, unsigned gid);
/* The first fallback font that has cp, its glyph in gid; -1 if none. */
int		 pl_font_fallback(struct pl *, unsigned long cp,
		    unsigned *gid);
/* Make the libharu font of what the document draws in f. */
int		 pl_font_make(struct pl *, struct pl_font *);
/* s in the font's own codes (an arena string, or s itself). */
const char	*pl_font_coded(struct pl *, const struct pl_font *,
		    const char *s);

/* pdf_text.c */
/* The colour of a style. */
unsigned	 pl_text_rgb(int style);
/* Append len bytes of UTF-8 in a style, linked to url (or NULL). */
void		 pl_text_add(struct pl *, struct pl_text *, const char *,
		    size_t len, int style, const char *url);
/* Wrap into lines (pdf_text.c says how); their number, *out the array,
 * which the next call reuses. */
size_t		 pl_text_wrap(struct pl *, const struct pl_text *, float width,
		    float cwidth, int code, struct pl_line **out);
/* The display list's operations of one line at x and a baseline. */
void		 pl_text_line_ops(struct pl *, const struct pl_text *,
		    const struct pl_line *, int page, float x, float base);

/* pdf_draw.c */
/* Make the fonts, draw every page and append the saved PDF to out. */
int		 pl_draw(struct pl *, const struct pdf_opts *, struct buf *);

#endif /* CHKC_EMIT_PDF_ENGINE_H */
