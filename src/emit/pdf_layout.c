/*
 * The PDF layout engine (pdf_layout.h): fonts, rich text measured with
 * the fonts' own metrics, word wrap, page breaks, tables, code and
 * Markdown blocks, then the drawing with libharu and the file's bytes.
 *
 * Two passes.  Layout appends drawing operations to a display list,
 * page by page; nothing touches a libharu page yet.  Then the fonts
 * are made, every page drawn with its header and "page N of M" footer,
 * and the document saved to memory.
 *
 * Fonts.  DejaVu Sans, Sans Bold and Sans Mono, embedded as subsets;
 * italics are DejaVu Sans slanted by the text matrix, which is what
 * DejaVu Sans Oblique is (it is in fonts-dejavu-extra, often absent),
 * and saves embedding a fourth font.  A character a face lacks comes
 * from the first fallback font that has it (CJK, symbols, emoji), read
 * only then; CJK and symbol fonts have no bold face, so bold text in
 * them is stroked as well as filled.  A font nothing is drawn in is not
 * embedded.
 *
 * The layout reads the fonts' cmaps and widths itself (pdf_sfnt.c):
 * it knows which characters each face draws before any libharu font
 * is made.  What libharu makes of them goes through its private
 * structures where that was verified (pdf_hpdf_private.c: fonts that
 * cover only what is drawn, no glyph names, a real ToUnicode map), and
 * through its public API otherwise.  What remains, about two thirds of
 * a short document, is libharu parsing the font files, copying the
 * subsets through its streams and deflating them on save; it is per
 * document and cannot be shared between documents.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <hpdf.h>
#include <openssl/evp.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "emit/emit.h"
#include "emit/pdf_hpdf_private.h"
#include "emit/pdf_layout.h"
#include "emit/pdf_sfnt.h"

#define PL_FONTDIR	"/usr/share/fonts/truetype/dejavu"
#define PL_LEAD		1.3f	/* line height / font size */
#define PL_ASC		1.0f	/* line top to baseline / font size */
#define PL_SLANT	0.2126f	/* tan 12 degrees, DejaVu Sans Oblique's */
#define PL_PAD		3.0f	/* table cell padding */

struct emit_limits emit_limits = {
	.max_pages = 2000,
};

enum pl_face {
	PL_REGULAR,
	PL_BOLDFACE,
	PL_MONOFACE,
	PL_NFACES
};

static const char *const pl_files[PL_NFACES] = {
	"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"
};

/*
 * Fallback fonts, tried in order for a character the face lacks:
 * CJK (Japanese first for Japanese text: the same code point is drawn
 * differently in Chinese and Japanese), then symbols and emoji.  One
 * not installed is skipped.  All are TrueType, which libharu embeds.
 * Not Droid Sans Fallback: its ideographs are composite glyphs, and
 * libharu 2.3.0 leaves parts of them out of the subset it embeds.
 */
#define PL_WQY		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define PL_IPA		"/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
#define PL_SYMBOLA	"/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"
#define PL_NFALLBACK	8

static const char *const pl_fallback_zh[] = {
	PL_WQY, PL_IPA, PL_SYMBOLA, NULL
};
static const char *const pl_fallback_ja[] = {
	PL_IPA, PL_WQY, PL_SYMBOLA, NULL
};

/* A fallback font's codes are 0x100 on, one per character drawn (on
 * the private path: libharu's codes are 16 bits, code points are not). */
#define PL_CODE0	0x100
#define PL_CODEMAX	0xD7FF

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
	float		 x, y, w, h;	/* LINE: x,y to x+w,y+h; CIRCLE: r=w */
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
	struct loc		 at;
	size_t			 nmissing;
	unsigned long		 miss_cp;
	struct loc		 miss_at;
	HPDF_STATUS		 herr, hdetail;
	int			 priv;		/* pl_hpdf_private() */
};

static void	pl_line_ops(struct pl *, const struct pl_text *,
		    const struct pl_line *, int, float, float);
static size_t	pl_wrap(struct pl *, const struct pl_text *, float, float,
		    int, struct pl_line **);

/* ------------------------------------------------------------------ */
/* Small things. */

static void *
pl_grow(struct pl *pl, void *p, size_t n, size_t *cap, size_t size)
{
	void	*np;

	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	np = arena_alloc(pl->a, *cap * size);
	if (n > 0)
		memcpy(np, p, n * size);
	return np;
}

/* libharu's error handler: keep the first error, the caller checks. */
static void
pl_herror(HPDF_STATUS err, HPDF_STATUS detail, void *arg)
{
	struct pl	*pl = arg;

	if (pl->herr == 0) {
		pl->herr = err;
		pl->hdetail = detail;
	}
}

static int
pl_hfail(struct pl *pl, const char *what)
{
	diag_add(pl->d, NULL, DIAG_ERROR,
	    "pdf: %s failed (libharu error 0x%04lX, detail %lu)", what,
	    (unsigned long)(pl->herr ? pl->herr : HPDF_GetError(pl->pdf)),
	    (unsigned long)pl->hdetail);
	return -1;
}

struct arena *
pl_arena(struct pl *pl)
{
	return pl->a;
}

const char *
pl_lang(const struct pl *pl)
{
	return pl->doc->lang;
}

void
pl_at(struct pl *pl, const struct loc *at)
{
	if (at != NULL)
		pl->at = *at;
}

float
pl_left(const struct pl *pl)
{
	return pl->left;
}

float
pl_width(const struct pl *pl)
{
	return pl->right - pl->left;
}

float
pl_y(const struct pl *pl)
{
	return pl->y;
}

int
pl_page(const struct pl *pl)
{
	return pl->page;
}

static struct pl_op *
pl_op(struct pl *pl, enum pl_opk k, int page)
{
	struct pl_op	*op;

	if (pl->nops == pl->opcap) {
		pl->opcap = pl->opcap ? pl->opcap * 2 : 256;
		pl->ops = xrealloc(pl->ops, pl->opcap * sizeof(*pl->ops));
	}
	op = &pl->ops[pl->nops];
	memset(op, 0, sizeof(*op));
	op->k = k;
	op->page = page;
	op->seq = pl->nops++;
	return op;
}

static void
pl_line_op(struct pl *pl, int page, float x, float y, float w, float h,
    float lw, unsigned rgb)
{
	struct pl_op	*op = pl_op(pl, PL_OP_LINE, page);

	op->x = x, op->y = y, op->w = w, op->h = h;
	op->size = lw;
	op->rgb = rgb;
}

static void
pl_rect_op(struct pl *pl, int page, float x, float y, float w, float h,
    float lw, unsigned rgb, int fill)
{
	struct pl_op	*op = pl_op(pl, PL_OP_RECT, page);

	op->x = x, op->y = y, op->w = w, op->h = h;
	op->size = lw;
	op->rgb = rgb;
	op->fill = fill;
}

/* ------------------------------------------------------------------ */
/* Fonts. */

static unsigned
pl_glyph(const struct pl_font *f, unsigned long cp)
{
	return pl_sfnt_glyph(&f->sf, cp, f->wide);
}

static int
pl_advance(const struct pl_font *f, unsigned gid)
{
	return pl_sfnt_advance(&f->sf, gid);
}

/*
 * Read font path ourselves (libharu trusts the file: a text file named
 * .ttf crashes it).  Returns 0, or what pl_sfnt_read() does after an
 * error; a fallback font gets a warning, none when it is not installed.
 */
static int
pl_font_read(struct pl *pl, struct pl_font *f, int fallback)
{
	enum diag_level	 level = fallback ? DIAG_WARNING : DIAG_ERROR;
	int		 rc;

	if ((rc = pl_sfnt_read(&f->sf, pl->a, f->path)) == 0) {
		f->fallback = pl_glyph(f, 0xFFFD) ? 0xFFFD : '?';
		return 0;
	}
	if (rc == -1 && !fallback)
		diag_add(pl->d, NULL, level, "cannot open font '%s': %s",
		    f->path, strerror(errno));
	else if (rc != -1)
		diag_add(pl->d, NULL, level, rc == -2 ? "font '%s' is not a "
		    "TrueType font" : "font '%s' has no Unicode character map",
		    f->path);
	return rc;
}

/* Have libharu load the font, for its outlines. */
static int
pl_font_load(struct pl *pl, struct pl_font *f)
{
	f->name = f->sf.collection ?
	    HPDF_LoadTTFontFromFile2(pl->pdf, f->path, 0, HPDF_TRUE) :
	    HPDF_LoadTTFontFromFile(pl->pdf, f->path, HPDF_TRUE);
	if (f->name == NULL) {
		diag_add(pl->d, NULL, DIAG_ERROR, "cannot load font '%s' "
		    "(libharu error 0x%04lX)", f->path, (unsigned long)pl->herr);
		return -1;
	}
	if (pl->priv)
		pl_hpdf_drop_post(pl->pdf, f->name);
	return 0;
}

/* The index of the first font libharu knows by f's name: libharu gives
 * a font loaded twice (a face copied over another) the first one's. */
static int
pl_font_same(const struct pl *pl, const struct pl_font *f)
{
	int	 i;

	for (i = 0; pl->f + i < f; i++)
		if (pl->f[i].name != NULL && strcmp(pl->f[i].name, f->name) == 0)
			break;
	return i;
}

/*
 * The i-th fallback font for text in lang into path: from
 * CHKC_FALLBACK_FONTS (paths separated by ':'; empty: none), else
 * pl_fallback_*; NULL past the last.
 */
static const char *
pl_fallback_path(int i, const char *lang, char *path, size_t size)
{
	const char *const	*fb = pl_fallback_zh;
	const char		*p = getenv("CHKC_FALLBACK_FONTS");
	size_t			 n;

	if (p == NULL) {
		if (lang != NULL && strncmp(lang, "ja", 2) == 0)
			fb = pl_fallback_ja;
		for (; i > 0 && *fb != NULL; i--)
			fb++;
		if (*fb == NULL)
			return NULL;
		snprintf(path, size, "%s", *fb);
		return path;
	}
	for (; *p != '\0'; p += n + (p[n] == ':'))
		if ((n = strcspn(p, ":")) > 0 && i-- == 0) {
			snprintf(path, size, "%.*s", (int)n, p);
			return path;
		}
	return NULL;
}

/* The faces, read and loaded, and the fallback fonts to read when
 * needed. */
static int
pl_fonts_init(struct pl *pl, const char *dir)
{
	struct pl_font	*f;
	char		 path[4096];
	int		 i;

	for (pl->nfonts = 0; pl->nfonts < PL_NFACES; pl->nfonts++) {
		f = &pl->f[pl->nfonts];
		f->path = arena_printf(pl->a, "%s/%s", dir, pl_files[pl->nfonts]);
		f->used = arena_alloc(pl->a, 0x10000 / 8);
		f->nbits = 0x10000;
		if (pl_font_read(pl, f, 0) != 0 ||
		    pl_font_load(pl, f) == -1)
			return -1;
		/* one font: what a face draws, the first draws */
		f->same = pl_font_same(pl, f);
	}
	for (i = 0; i < PL_NFALLBACK && pl_fallback_path(i, pl->doc->lang,
	    path, sizeof(path)) != NULL; i++)
		pl->f[pl->nfonts++].path = arena_strdup(pl->a, path);
	return 0;
}

/*
 * The first fallback font that has cp, read on first need; its index,
 * or -1.  Only characters the faces lack get here, so a document in
 * their scripts never opens a fallback font.
 */
static int
pl_fallback(struct pl *pl, unsigned long cp, unsigned *gid)
{
	struct pl_font	*f;
	int		 i;

	for (i = PL_NFACES; i < pl->nfonts; i++) {
		f = &pl->f[i];
		if (f->state == 0) {
			/* beyond the BMP only where codes are remapped */
			f->wide = pl->priv;
			f->state = pl_font_read(pl, f, 1) == 0 ? 1 : -1;
			f->nbits = f->wide ? 0x110000 : 0x10000;
			if (f->state == 1)
				f->used = arena_alloc(pl->a, f->nbits / 8);
		}
		if (f->state == 1 && (*gid = pl_glyph(f, cp)) != 0)
			return i;
	}
	return -1;
}

/* Does the document draw cp in font f, as itself? */
static int
pl_font_draws(const struct pl_font *f, unsigned long cp)
{
	return cp < f->nbits && ((f->used[cp >> 3] >> (cp & 7)) & 1) &&
	    pl_glyph(f, cp) != 0;
}

/* The first character from cp on drawn in font f, or f->nbits: the
 * bitset is mostly zeros, skipped a byte at a time. */
static unsigned long
pl_font_next(const struct pl_font *f, unsigned long cp)
{
	for (; cp < f->nbits; cp++) {
		if (f->used[cp >> 3] == 0)
			cp |= 7;
		else if (pl_font_draws(f, cp))
			return cp;
	}
	return f->nbits;
}

/* The code of cp in font f (pl_font_remap()). */
static unsigned long
pl_font_code(const struct pl_font *f, unsigned long cp)
{
	size_t	 lo = 0, hi = f->ncps, mid;

	if (f->cps == NULL)
		return cp;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (f->cps[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return PL_CODE0 + lo;
}

/* Add the ToUnicode entries of codes [first, last] to b, from the
 * code point of first on; ranges of 100 at most. */
static void
pl_bfrange(struct buf *b, struct buf *ranges, size_t *n,
    unsigned long first, unsigned long last, unsigned long cp)
{
	buf_printf(ranges, "<%04lX> <%04lX> ", first, last);
	if (cp > 0xFFFF)
		buf_printf(ranges, "<%04lX%04lX>\n",
		    0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + (cp & 0x3FF));
	else
		buf_printf(ranges, "<%04lX>\n", cp);
	if (++*n == 100) {
		buf_printf(b, "%zu beginbfrange\n%sendbfrange\n", *n,
		    buf_str(ranges));
		buf_reset(ranges), *n = 0;
	}
}

/*
 * A real ToUnicode CMap for the font, so that text copied or searched
 * in a reader is the text drawn.  In a face a code is the character's
 * code point: the map is the identity on the characters drawn, in
 * ranges within one high byte (ISO 32000-1, 9.10.3); in a fallback
 * font, each code its character, in UTF-16.
 */
static int
pl_font_tounicode(struct pl_font *f)
{
	struct buf	 b = { NULL, 0, 0 }, ranges = { NULL, 0, 0 };
	unsigned long	 cp, first;
	size_t		 n = 0, i;
	int		 rc;

	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
	    "endcodespacerange\n");
	for (i = 0; i < f->ncps; i++)
		pl_bfrange(&b, &ranges, &n, PL_CODE0 + i, PL_CODE0 + i,
		    f->cps[i]);
	for (cp = pl_font_next(f, 1); f->cps == NULL && cp <= 0xFFFF;
	    cp = pl_font_next(f, cp + 1)) {
		/* A range runs on while drawn, within one high byte. */
		first = cp;
		while ((cp & 0xFF) != 0xFF && pl_font_draws(f, cp + 1))
			cp++;
		pl_bfrange(&b, &ranges, &n, first, cp, first);
	}
	if (n > 0)
		buf_printf(&b, "%zu beginbfrange\n%sendbfrange\n", n,
		    buf_str(&ranges));
	buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
	rc = pl_hpdf_tounicode(f->font, b.data, b.len);
	buf_free(&b);
	buf_free(&ranges);
	return rc;
}

/* A fallback font on the private path: codes PL_CODE0 on draw the
 * characters drawn in it, in order.  Its glyphs, in *gids. */
static int
pl_font_remap(struct pl *pl, struct pl_font *f, unsigned short **gids)
{
	unsigned long	 cp;
	size_t		 n = 0;

	for (cp = pl_font_next(f, 0); cp < f->nbits; cp = pl_font_next(f, cp + 1))
		n++;
	if (n == 0 || n > PL_CODEMAX - PL_CODE0) {
		diag_add(pl->d, NULL, DIAG_ERROR, "pdf: %zu characters of "
		    "font '%s' in one document", n, f->path);
		return -1;
	}
	f->cps = arena_alloc(pl->a, n * sizeof(*f->cps));
	*gids = arena_alloc(pl->a, n * sizeof(**gids));
	for (cp = pl_font_next(f, 0); cp < f->nbits;
	    cp = pl_font_next(f, cp + 1)) {
		(*gids)[f->ncps] = (unsigned short)pl_glyph(f, cp);
		f->cps[f->ncps++] = (uint32_t)cp;
	}
	return 0;
}

/*
 * Make the libharu font of f.  On the private path (pdf_hpdf_private.h)
 * libharu sees only the characters the document draws; on the public
 * one, the whole font, more slowly.
 */
static int
pl_font_make(struct pl *pl, struct pl_font *f)
{
	unsigned short	*gids;
	unsigned long	 cp, first = 0, last = 0;

	if (f->name == NULL && pl_font_load(pl, f) == -1)
		return -1;
	if (pl_font_same(pl, f) != f - pl->f) {
		diag_add(pl->d, NULL, DIAG_ERROR, "font '%s' is font '%s' "
		    "again", f->path, pl->f[pl_font_same(pl, f)].path);
		return -1;
	}
	if (!pl->priv) {
		f->font = HPDF_GetFont(pl->pdf, f->name, "UTF-8");
		return f->font != NULL ? 0 : pl_hfail(pl, "making a font");
	}
	if (f->wide) {
		if (pl_font_remap(pl, f, &gids) == -1)
			return -1;
		first = PL_CODE0, last = PL_CODE0 + f->ncps - 1;
	} else {
		for (cp = pl_font_next(f, 1); cp < 0xFFFF;
		    cp = pl_font_next(f, cp + 1)) {
			first = first == 0 ? cp : first;
			last = cp;
		}
		gids = arena_alloc(pl->a, (last - first + 1) * sizeof(*gids));
		for (cp = first; cp <= last; cp++)
			gids[cp - first] = pl_font_draws(f, cp) ?
			    (unsigned short)pl_glyph(f, cp) : 0;
	}
	f->font = pl_hpdf_font(pl->pdf, pl->a, f->name, first, gids,
	    last - first + 1, &f->keep);
	if (f->font == NULL || pl_font_tounicode(f) == -1)
		return pl_hfail(pl, "making a font");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Rich text. */

static int
pl_face_of(int style)
{
	if (style & PL_MONO)
		return PL_MONOFACE;
	return style & PL_BOLD ? PL_BOLDFACE : PL_REGULAR;
}

static unsigned
pl_rgb(int style)
{
	if (style & PL_RED)
		return 0xB3261E;
	if (style & PL_LINK)
		return 0x1A4F9C;
	if (style & PL_PEN)
		return 0x0B3C9E;
	if (style & PL_MUTED)
		return 0x5F6368;
	return 0x111111;
}

struct pl_text *
pl_text_new(struct pl *pl, float size)
{
	struct pl_text	*t = arena_alloc(pl->a, sizeof(*t));

	t->size = size;
	t->lead = PL_LEAD;
	return t;
}

const char *
pl_datetime(struct pl *pl, const char *s)
{
	char	*d;

	if (s == NULL || strlen(s) < 16 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T')
		return s;
	d = arena_strdup(pl->a, s);
	d[10] = ' ';
	return d;
}

int
pl_text_empty(const struct pl_text *t)
{
	return t == NULL || t->n == 0;
}

static void
pl_run(struct pl *pl, struct pl_text *t, int style, const char *url)
{
	struct pl_run	*r;
	float		 size = t->size;

	if (style & PL_SMALL)
		size *= 0.85f;
	if (style & PL_CODE)
		size *= 0.9f;
	if (t->nr > 0) {
		r = &t->r[t->nr - 1];
		if (r->style == style && r->url == url && r->size == size)
			return;
	}
	t->r = pl_grow(pl, t->r, t->nr, &t->rcap, sizeof(*t->r));
	r = &t->r[t->nr++];
	r->style = style;
	r->size = size;
	r->url = url;
}

/* Characters drawn as nothing: variation selectors (U+FE0F after a
 * symbol asks for its emoji form), zero-width spaces and joiners. */
static int
pl_invisible(unsigned long cp)
{
	return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x200B &&
	    cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
	    (cp >= 0xE0100 && cp <= 0xE01EF);
}

/*
 * Append cp in the text's last run, in the run's face or else the
 * first fallback font that has it.  Controls and characters no font
 * has become the face's replacement character and are counted for the
 * warning.
 */
static void
pl_cell(struct pl *pl, struct pl_text *t, unsigned long cp)
{
	const struct pl_run	*r = &t->r[t->nr - 1];
	int			 font = pl->f[pl_face_of(r->style)].same, fb;
	struct pl_font		*f = &pl->f[font];
	struct pl_cell		*c;
	unsigned		 gid = 0;

	if (cp == '\n' || (cp >= 0x20 && (cp < 0x7F || cp > 0x9F))) {
		gid = cp == '\n' ? 1 : pl_glyph(f, cp);
		if (gid == 0 && pl_invisible(cp))
			return;
		if (gid == 0 && (fb = pl_fallback(pl, cp, &gid)) != -1)
			f = &pl->f[font = fb];
	}
	if (gid == 0) {
		if (pl->nmissing++ == 0) {
			pl->miss_cp = cp;
			pl->miss_at = pl->at;
		}
		cp = f->fallback;
		gid = pl_glyph(f, cp);
	}
	t->c = pl_grow(pl, t->c, t->n, &t->cap, sizeof(*t->c));
	c = &t->c[t->n++];
	c->cp = (uint32_t)cp;
	c->w = cp == '\n' ? 0 : pl_advance(f, gid) * r->size / 1000;
	c->run = (unsigned)(t->nr - 1);
	c->font = (unsigned char)font;
}

/* Append UTF-8 text in a style; tabs in monospace go to 4 columns. */
static void
pl_text_add(struct pl *pl, struct pl_text *t, const char *s, size_t len,
    int style, const char *url)
{
	unsigned long	 cp;
	size_t		 i = 0, k, col = 0;

	if (len == 0)
		return;
	pl_run(pl, t, style, url);
	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		i += k;
		if (cp == '\r')
			continue;
		if (cp == '\t') {
			do
				pl_cell(pl, t, ' ');
			while (++col % 4 != 0);
			continue;
		}
		pl_cell(pl, t, cp);
		col = cp == '\n' ? 0 : col + 1;
	}
}

void
pl_text_plain(struct pl *pl, struct pl_text *t, const char *s, int style)
{
	if (s != NULL)
		pl_text_add(pl, t, s, strlen(s), style, NULL);
}

/* ------------------------------------------------------------------ */
/* Markdown. */

/* Parse md with the GFM extensions, and refs (may be NULL) after it,
 * so that "[the docs][docs]" links; the caller frees the tree. */
static cmark_node *
pl_md_parse(const char *md, const char *refs)
{
	static const char *const ext[] = {
		"table", "strikethrough", "autolink", "tasklist"
	};
	cmark_parser		*p;
	cmark_syntax_extension	*e;
	cmark_node		*doc;
	size_t			 i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if ((e = cmark_find_syntax_extension(ext[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	cmark_parser_feed(p, md, strlen(md));
	if (refs != NULL && strchr(md, '[') != NULL) {
		cmark_parser_feed(p, "\n\n", 2);
		cmark_parser_feed(p, refs, strlen(refs));
	}
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

static int
pl_md_is(cmark_node *n, const char *type)
{
	const char	*s = cmark_node_get_type_string(n);

	return s != NULL && strcmp(s, type) == 0;
}

/* Text that Markdown would show as it is: most check texts. */
static int
pl_md_plain(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && *p < 0x80)
		return 0;
	if (strstr(s, "www.") != NULL || strstr(s, "://") != NULL ||
	    strstr(s, "  \n") != NULL)
		return 0;
	for (; *p != '\0'; p++)
		if (strchr("*_`[]<>\\&~!|", *p) != NULL)
			return 0;
	return 1;
}

/*
 * Is url one a PDF may link to?  Only web and mail addresses: a
 * javascript:, data: or file: link (a variable can be a link's target)
 * must not become a URI action; its text stays, without the link.
 */
static int
pl_url_ok(const char *url)
{
	static const char *const ok[] = { "http://", "https://", "mailto:" };
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strncasecmp(url, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

/* The style an inline container adds, and the URL of a link (copied:
 * the tree goes before the text is drawn). */
static int
pl_md_style(struct pl *pl, cmark_node *n, int style, const char **url)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_EMPH:
		return style | PL_ITALIC;
	case CMARK_NODE_STRONG:
		return style | PL_BOLD;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		*url = cmark_node_get_url(n);
		*url = *url != NULL && pl_url_ok(*url) ?
		    arena_strdup(pl->a, *url) : NULL;
		return *url != NULL ? style | PL_LINK : style;
	default:
		return pl_md_is(n, "strikethrough") ? style | PL_STRIKE : style;
	}
}

/*
 * Append the inline content under n to t.  Blocks are flattened: each
 * paragraph or heading after the first is preceded by a space.
 */
static void
pl_md_inlines(struct pl *pl, struct pl_text *t, cmark_node *n, int style)
{
	cmark_iter		*it = cmark_iter_new(n);
	cmark_event_type	 ev;
	cmark_node		*c;
	const char		*lit, *url = NULL, *urls[64];
	int			 st[64], depth = 0, over = 0, cur = style;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		c = cmark_iter_get_node(it);
		lit = cmark_node_get_literal(c);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			pl_text_add(pl, t, lit, strlen(lit), cur, url);
			break;
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			pl_text_add(pl, t, lit, strlen(lit),
			    (cur & ~PL_BOLD) | PL_MONO | PL_CODE, url);
			break;
		case CMARK_NODE_SOFTBREAK:
			pl_text_add(pl, t, " ", 1, cur, url);
			break;
		case CMARK_NODE_LINEBREAK:
			pl_text_add(pl, t, "\n", 1, cur, url);
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER && t->n > 0)
				pl_text_add(pl, t, " ", 1, style, NULL);
			break;
		default:
			if (cmark_node_first_child(c) == NULL ||
			    (cmark_node_get_type(c) & CMARK_NODE_TYPE_MASK) !=
			    CMARK_NODE_TYPE_INLINE)
				break;
			/* deeper than 64: the style stays as it is */
			if (ev == CMARK_EVENT_ENTER && depth < 64) {
				st[depth] = cur;
				urls[depth++] = url;
				cur = pl_md_style(pl, c, cur, &url);
			} else if (ev == CMARK_EVENT_ENTER)
				over++;
			else if (over > 0)
				over--;
			else if (depth > 0) {
				cur = st[--depth];
				url = urls[depth];
			}
			break;
		}
	}
	cmark_iter_free(it);
}

void
pl_text_md(struct pl *pl, struct pl_text *t, const char *md, int style)
{
	cmark_node	*doc;

	if (md == NULL || *md == '\0')
		return;
	if (pl_md_plain(md)) {
		pl_text_add(pl, t, md, strlen(md), style, NULL);
		return;
	}
	doc = pl_md_parse(md, pl->doc->refs);
	pl_md_inlines(pl, t, doc, style);
	cmark_node_free(doc);
}

/* ------------------------------------------------------------------ */
/* Wrapping. */

/* May a line end after cp inside a word (long paths and URLs)? */
static int
pl_soft(unsigned long cp)
{
	return cp == '-' || cp == '/' || cp == '.' || cp == '?' ||
	    cp == '&' || cp == '=' || cp == ',' || cp == '_' ||
	    cp == 0x2013 || cp == 0x2014;
}

/* Ideographs, kana, CJK punctuation and full-width forms: text
 * written without spaces, a line may break around each of them. */
static int
pl_cjk(unsigned long cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 &&
	    cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/*
 * May a line break between a and b, two characters of CJK text?  Not
 * before a closing mark, a small kana or a prolonged sound mark, nor
 * after an opening one (kinsoku shori, the basic set of JIS X 4051).
 */
static int
pl_cjk_break(unsigned long a, unsigned long b)
{
	static const char	 nostart[] = ")]},.:;!?%"
	    "\xE3\x80\x81\xE3\x80\x82\xEF\xBC\x8C\xEF\xBC\x8E"	/* 、。，． */
	    "\xEF\xBC\x9A\xEF\xBC\x9B\xEF\xBC\x9F\xEF\xBC\x81"	/* ：；？！ */
	    "\xEF\xBC\x89\xE3\x80\x8D\xE3\x80\x8F\xE3\x80\x91"	/* ）」』】 */
	    "\xE3\x80\x95\xE3\x80\x89\xE3\x80\x8B\xE3\x80\x99"	/* 〕〉》〙 */
	    "\xE3\x80\x97\xE3\x80\x9F\xE2\x80\x99\xE2\x80\x9D"	/* 〗〟’” */
	    "\xE3\x83\xBC\xE3\x80\x85\xE3\x83\xBB\xE3\x82\x9D"	/* ー々・ゝ */
	    "\xE3\x82\x9E\xE3\x83\xBD\xE3\x83\xBE\xEF\xBD\xA1"	/* ゞヽヾ｡ */
	    "\xEF\xBD\xA3\xEF\xBD\xA4\xEF\xBC\xBD\xEF\xBD\x9D";	/* ｣､］｝ */
	static const char	 noend[] = "([{"
	    "\xEF\xBC\x88\xE3\x80\x8C\xE3\x80\x8E\xE3\x80\x90"	/* （「『【 */
	    "\xE3\x80\x94\xE3\x80\x88\xE3\x80\x8A\xE3\x80\x98"	/* 〔〈《〘 */
	    "\xE3\x80\x96\xE3\x80\x9D\xE2\x80\x98\xE2\x80\x9C"	/* 〖〝‘“ */
	    "\xEF\xBD\xA2\xEF\xBC\xBB\xEF\xBD\x9B";		/* ｢［｛ */
	static const unsigned short small[] = {	/* ぁぃぅぇぉっゃゅょゎゕゖ */
	    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	    0x3087, 0x308E, 0x3095, 0x3096
	};
	char			 u[5];
	unsigned long		 h;
	size_t			 k;

	if (a <= ' ' || b <= ' ' || (!pl_cjk(a) && !pl_cjk(b)))
		return 0;
	/* katakana: the hiragana 0x60 before */
	h = b >= 0x30A1 && b <= 0x30F6 ? b - 0x60 : b;
	for (k = 0; k < sizeof(small) / sizeof(small[0]); k++)
		if (h == small[k])
			return 0;
	u[utf8_encode(b, u)] = '\0';
	if (strstr(nostart, u) != NULL)
		return 0;
	u[utf8_encode(a, u)] = '\0';
	return strstr(noend, u) == NULL;
}

/*
 * Fill one line from cell i, at most width wide: break at the last
 * space or between CJK characters, else inside the word after a soft
 * break character, else at the last character that fits (never inside
 * a UTF-8 sequence: cells are code points).  Returns the first cell of
 * the next line; *hard tells whether the line ended at a hard break.
 */
static size_t
pl_wrap_line(const struct pl_text *t, size_t i, float width, int code,
    struct pl_line *l, int *hard)
{
	size_t		 j, sb = 0, cb = 0, wb = 0, end = t->n, next = t->n;
	float		 w = 0;
	int		 seen = 0;

	*hard = 0;
	for (j = i; j < t->n; j++) {
		if (t->c[j].cp == '\n') {
			end = j, next = j + 1, *hard = 1;
			break;
		}
		if (t->c[j].cp == ' ') {
			if (seen)
				sb = j;
		} else if (w + t->c[j].w > width + 0.01f && j > i) {
			if (cb > sb && cb > i)
				end = next = cb;
			else if (sb > i)
				end = sb, next = sb + 1;
			else if (wb > i)
				end = next = wb;
			else
				end = next = j;
			break;
		} else
			seen = 1;
		w += t->c[j].w;
		if (j + 1 < t->n && t->c[j + 1].cp != ' ' && pl_soft(t->c[j].cp))
			wb = j + 1;
		if (j + 1 < t->n && (t->c[j].cp >= 0x2E80 ||
		    t->c[j + 1].cp >= 0x2E80) &&
		    pl_cjk_break(t->c[j].cp, t->c[j + 1].cp))
			cb = j + 1;
	}
	while (end > i && t->c[end - 1].cp == ' ')
		end--;
	l->s = i, l->e = end;
	l->w = 0;
	l->size = t->size;
	for (j = i; j < end; j++) {
		l->w += t->c[j].w;
		if (t->r[t->c[j].run].size > l->size)
			l->size = t->r[t->c[j].run].size;
	}
	if (!*hard || !code)
		while (next < t->n && t->c[next].cp == ' ')
			next++;
	return next;
}

/*
 * Wrap t into lines: width for the first line after a hard break,
 * cwidth for the continuations; code keeps leading spaces.  Returns
 * the number of lines (arena array in *out).
 */
static size_t
pl_wrap(struct pl *pl, const struct pl_text *t, float width, float cwidth,
    int code, struct pl_line **out)
{
	struct pl_line	*v = NULL;
	size_t		 n = 0, cap = 0, i = 0;
	int		 cont = 0, hard;

	if (!code)
		while (i < t->n && t->c[i].cp == ' ')
			i++;
	while (i < t->n) {
		v = pl_grow(pl, v, n, &cap, sizeof(*v));
		i = pl_wrap_line(t, i, cont ? cwidth : width, code, &v[n],
		    &hard);
		v[n++].cont = cont;
		cont = !hard;
	}
	*out = v;
	return n;
}

void
pl_text_extent(const struct pl_text *t, float *minw, float *maxw)
{
	size_t	 i;
	float	 word = 0, line = 0;

	*minw = *maxw = 0;
	for (i = 0; t != NULL && i < t->n; i++) {
		if (t->c[i].cp == '\n') {
			word = line = 0;
			continue;
		}
		line += t->c[i].w;
		word = t->c[i].cp == ' ' ? 0 : word + t->c[i].w;
		if (word > *minw)
			*minw = word;
		if (line > *maxw)
			*maxw = line;
		if (pl_soft(t->c[i].cp) || (i + 1 < t->n &&
		    (t->c[i].cp >= 0x2E80 || t->c[i + 1].cp >= 0x2E80) &&
		    pl_cjk_break(t->c[i].cp, t->c[i + 1].cp)))
			word = 0;
	}
}

float
pl_text_height(struct pl *pl, const struct pl_text *t, float width)
{
	struct pl_line	*l;
	size_t		 n, i;
	float		 h = 0;

	if (t == NULL)
		return 0;
	n = pl_wrap(pl, t, width, width, 0, &l);
	for (i = 0; i < n; i++)
		h += l[i].size * t->lead;
	return h;
}

float
pl_text_first(struct pl *pl, const struct pl_text *t, float width)
{
	struct pl_line	*l;

	if (t == NULL || pl_wrap(pl, t, width, width, 0, &l) == 0)
		return 0;
	return l[0].size * t->lead;
}

/* ------------------------------------------------------------------ */
/* The cursor and pages. */

/* Past emit_limits.max_pages the layout goes on over the last page,
 * so a huge checklist costs its size and not a page table, and the
 * document fails once laid out. */
void
pl_newpage(struct pl *pl)
{
	if (pl->npages >= emit_limits.max_pages && pl->npages > 0)
		pl->over = 1;
	else
		pl->page = pl->npages++;
	pl->y = pl->top;
}

int
pl_need(struct pl *pl, float h)
{
	if (pl->y - h >= pl->bottom - 0.01f || pl->y >= pl->top - 0.01f)
		return 0;
	pl_newpage(pl);
	return 1;
}

void
pl_space(struct pl *pl, float h)
{
	if (pl->y < pl->top - 0.01f)
		pl->y -= h;
	if (pl->y < pl->bottom)
		pl->y = pl->bottom;
}

void
pl_save(const struct pl *pl, struct pl_state *st)
{
	st->nops = pl->nops;
	st->y = pl->y;
	st->page = pl->page;
	st->npages = pl->npages;
	st->nmissing = pl->nmissing;
}

void
pl_restore(struct pl *pl, const struct pl_state *st)
{
	pl->nops = st->nops;
	pl->y = st->y;
	pl->page = st->page;
	pl->npages = st->npages;
	pl->nmissing = st->nmissing;
}

int
pl_moved(const struct pl *pl, const struct pl_state *st)
{
	return st->nops < pl->nops ? pl->ops[st->nops].page > st->page :
	    pl->page > st->page;
}

/* ------------------------------------------------------------------ */
/* Drawing text. */

/* The ops of cells [i, j) of one run: shade, text, lines, link. */
static void
pl_run_ops(struct pl *pl, const struct pl_text *t, size_t i, size_t j,
    int page, float x, float base, float w)
{
	const struct pl_run	*r = &t->r[t->c[i].run];
	struct pl_font		*f = &pl->f[t->c[i].font];
	struct pl_op		*op;
	char			*s, *p;
	size_t			 k;
	int			 blank = 1;

	s = p = arena_alloc(pl->a, (j - i) * 4 + 1);
	for (k = i; k < j; k++) {
		p += utf8_encode(t->c[k].cp, p);
		f->used[t->c[k].cp >> 3] |= 1 << (t->c[k].cp & 7);
		blank = blank && t->c[k].cp == ' ';
	}
	if (r->style & PL_CODE)
		pl_rect_op(pl, page, x - 1, base - 0.3f * r->size, w + 2,
		    1.3f * r->size, 0, 0xEEEEEE, 1);
	if (!blank) {
		op = pl_op(pl, PL_OP_TEXT, page);
		op->face = t->c[i].font;
		op->italic = (r->style & PL_ITALIC) != 0;
		/* CJK and symbol fonts have no bold face */
		op->bold = (r->style & PL_BOLD) && op->face >= PL_NFACES;
		op->size = r->size;
		op->x = x, op->y = base;
		op->rgb = pl_rgb(r->style);
		op->s = s;
		f->any = 1;
	}
	if (r->style & PL_STRIKE)
		pl_line_op(pl, page, x, base + 0.3f * r->size, w, 0,
		    0.06f * r->size, pl_rgb(r->style));
	if (r->url != NULL) {
		pl_line_op(pl, page, x, base - 0.12f * r->size, w, 0,
		    0.05f * r->size, pl_rgb(r->style));
		op = pl_op(pl, PL_OP_LINK, page);
		op->x = x, op->y = base - 0.25f * r->size;
		op->w = w, op->h = 1.2f * r->size;
		op->s = r->url;
	}
}

static void
pl_line_ops(struct pl *pl, const struct pl_text *t, const struct pl_line *l,
    int page, float x, float base)
{
	size_t	 i = l->s, j;
	float	 w;

	while (i < l->e) {
		w = 0;
		for (j = i; j < l->e && t->c[j].run == t->c[i].run &&
		    t->c[j].font == t->c[i].font; j++)
			w += t->c[j].w;
		pl_run_ops(pl, t, i, j, page, x, base, w);
		x += w;
		i = j;
	}
}

void
pl_text_draw(struct pl *pl, const struct pl_text *t, float x, float width,
    struct pl_mark *first, struct pl_mark *last)
{
	struct pl_line	*l;
	struct pl_mark	 m = { pl->page, pl->y - PL_ASC * t->size, t->size, x };
	size_t		 n, i;
	float		 lh;

	n = pl_wrap(pl, t, width, width, 0, &l);
	for (i = 0; i < n; i++) {
		lh = l[i].size * t->lead;
		/* up to 3 lines stay together; else 2 at least on a page */
		if (i == 0 || i + 2 == n)
			pl_need(pl, lh * (n <= 3 ? n : 2));
		else
			pl_need(pl, lh);
		m.page = pl->page;
		m.base = pl->y - PL_ASC * l[i].size;
		m.size = l[i].size;
		m.end = x + l[i].w;
		pl_line_ops(pl, t, &l[i], pl->page, x, m.base);
		pl->y -= lh;
		if (i == 0 && first != NULL)
			*first = m;
	}
	if (n == 0 && first != NULL)
		*first = m;
	if (last != NULL)
		*last = m;
}

void
pl_text_line(struct pl *pl, const struct pl_text *t, int page, float x,
    float base, float width)
{
	struct pl_text	*dots;
	struct pl_line	 l = { 0, 0, 0, t->size, 0 };
	float		 dw;

	if (t->n == 0 || width <= 0)
		return;
	while (l.e < t->n && t->c[l.e].cp != '\n')
		l.w += t->c[l.e++].w;
	if (l.w <= width + 0.01f) {
		pl_line_ops(pl, t, &l, page, x, base);
		return;
	}
	dots = pl_text_new(pl, t->size);
	pl_text_plain(pl, dots, "\xE2\x80\xA6", t->r[t->c[0].run].style);
	dw = dots->n > 0 ? dots->c[0].w : 0;
	while (l.e > 0 && (l.w + dw > width || t->c[l.e - 1].cp == ' '))
		l.w -= t->c[--l.e].w;
	pl_line_ops(pl, t, &l, page, x, base);
	l.s = 0, l.e = dots->n;
	pl_line_ops(pl, dots, &l, page, x + l.w, base);
}

/* ------------------------------------------------------------------ */
/* Boxes and lines. */

void
pl_checkbox(struct pl *pl, const struct pl_mark *m, float x,
    enum chk_state state, int critical)
{
	float		 b = 0.9f * m->size, y = m->base - 0.085f * m->size;
	unsigned	 pen = pl_rgb(PL_PEN), red = pl_rgb(PL_RED);

	pl_rect_op(pl, m->page, x, y, b, b, critical ? 1.4f : 0.8f,
	    critical ? red : 0x222222, 0);
	switch (state) {
	case CHK_DONE:
		pl_line_op(pl, m->page, x + 0.18f * b, y + 0.52f * b,
		    0.22f * b, -0.3f * b, 1.4f, pen);
		pl_line_op(pl, m->page, x + 0.4f * b, y + 0.22f * b,
		    0.45f * b, 0.62f * b, 1.4f, pen);
		break;
	case CHK_NA:
		pl_line_op(pl, m->page, x + 0.2f * b, y + 0.5f * b, 0.6f * b,
		    0, 1.4f, pen);
		break;
	case CHK_FAILED:
		pl_line_op(pl, m->page, x + 0.2f * b, y + 0.2f * b, 0.6f * b,
		    0.6f * b, 1.4f, red);
		pl_line_op(pl, m->page, x + 0.2f * b, y + 0.8f * b, 0.6f * b,
		    -0.6f * b, 1.4f, red);
		break;
	default:
		break;
	}
}

float
pl_option_width(struct pl *pl, const char *label, float size)
{
	struct pl_text	*t = pl_text_new(pl, size);
	float		 minw, maxw;

	pl_text_plain(pl, t, label, 0);
	pl_text_extent(t, &minw, &maxw);
	return 0.8f * size + 4 + maxw + 12;
}

void
pl_option(struct pl *pl, int page, float x, float base, float size,
    const char *label, int radio, int ticked)
{
	struct pl_text	*t = pl_text_new(pl, size);
	struct pl_op	*op;
	struct pl_mark	 m = { page, base, size, x };
	float		 b = 0.8f * size;

	if (radio) {
		op = pl_op(pl, PL_OP_CIRCLE, page);
		op->x = x + b / 2, op->y = base + 0.3f * size;
		op->w = b / 2, op->size = 0.8f, op->rgb = 0x222222;
		if (ticked) {
			op = pl_op(pl, PL_OP_CIRCLE, page);
			op->x = x + b / 2, op->y = base + 0.3f * size;
			op->w = b / 4, op->fill = 1, op->rgb = pl_rgb(PL_PEN);
		}
	} else {
		m.size = size * 0.8f / 0.9f;
		m.base = base + 0.3f * size - 0.5f * b + 0.085f * m.size;
		pl_checkbox(pl, &m, x, ticked ? CHK_DONE : CHK_OPEN, 0);
	}
	pl_text_plain(pl, t, label, 0);
	pl_text_line(pl, t, page, x + b + 4, base, pl->right - x - b - 4);
}

void
pl_fill(struct pl *pl, int page, float x1, float x2, float base,
    const char *value)
{
	struct pl_text	*t;

	pl_line_op(pl, page, x1, base - 2.5f, x2 - x1, 0, 0.5f, 0x777777);
	if (value == NULL || *value == '\0')
		return;
	t = pl_text_new(pl, PL_BODY);
	pl_text_plain(pl, t, value, PL_PEN);
	pl_text_line(pl, t, page, x1 + 2, base - 0.5f, x2 - x1 - 2);
}

void
pl_reserve(struct pl *pl, float size, float x, struct pl_mark *m)
{
	pl_need(pl, size * PL_LEAD);
	m->page = pl->page;
	m->base = pl->y - PL_ASC * size;
	m->size = size;
	m->end = x;
	pl->y -= size * PL_LEAD;
}

void
pl_ruled(struct pl *pl, const char *value, float x, float width, int min)
{
	struct pl_text	*t = pl_text_new(pl, PL_BODY);
	struct pl_line	*l;
	struct pl_mark	 m;
	size_t		 n, i;

	if (value != NULL)
		pl_text_plain(pl, t, value, PL_PEN);
	n = pl_wrap(pl, t, width - 4, width - 4, 0, &l);
	for (i = 0; i < n || i < (size_t)min; i++) {
		pl_reserve(pl, 13, x, &m);
		pl_line_op(pl, m.page, x, m.base - 2.5f, width, 0, 0.5f,
		    0x777777);
		if (i < n)
			pl_line_ops(pl, t, &l[i], m.page, x + 2, m.base);
	}
}

void
pl_rule(struct pl *pl, float x, float width, float lw, unsigned rgb)
{
	pl_line_op(pl, pl->page, x, pl->y, width, 0, lw, rgb);
}

void
pl_vbar(struct pl *pl, int page, float x, float top, float bottom, float lw,
    unsigned rgb)
{
	pl_line_op(pl, page, x, bottom, 0, top - bottom, lw, rgb);
}

/* ------------------------------------------------------------------ */
/* Code blocks. */

void
pl_code(struct pl *pl, const char *code, float x, float width)
{
	struct pl_text	*t = pl_text_new(pl, PL_CODESIZE), *arrow;
	struct pl_line	*l, al = { 0, 1, 0, PL_CODESIZE, 0 };
	size_t		 n, i = 0, k, len = strlen(code);
	float		 pad = 4, lh, ind, h, top;

	while (len > 0 && code[len - 1] == '\n')
		len--;
	t->lead = 1.25f;
	pl_text_add(pl, t, code, len, PL_MONO, NULL);
	arrow = pl_text_new(pl, PL_CODESIZE);
	if (pl_glyph(&pl->f[PL_MONOFACE], 0x21AA))
		pl_text_plain(pl, arrow, "\xE2\x86\xAA", PL_MONO | PL_MUTED);
	ind = 2 * 0.602f * PL_CODESIZE;
	n = pl_wrap(pl, t, width - 2 * pad, width - 2 * pad - ind, 1, &l);
	lh = PL_CODESIZE * t->lead;
	while (i < n) {
		pl_need(pl, lh + 2 * pad);
		k = (size_t)((pl->y - pl->bottom - 2 * pad) / lh);
		if (k < 1)
			k = 1;
		if (k > n - i)
			k = n - i;
		h = k * lh + 2 * pad;
		pl_rect_op(pl, pl->page, x, pl->y - h, width, h, 0, 0xF2F2F2, 1);
		pl_line_op(pl, pl->page, x, pl->y - h, 0, h, 1.5f, 0xBBBBBB);
		top = pl->y - pad;
		for (; k > 0; k--, i++, top -= lh) {
			if (l[i].cont && arrow->n > 0)
				pl_line_ops(pl, arrow, &al, pl->page, x + pad,
				    top - PL_ASC * PL_CODESIZE);
			pl_line_ops(pl, t, &l[i], pl->page,
			    x + pad + (l[i].cont ? ind : 0),
			    top - PL_ASC * PL_CODESIZE);
		}
		pl->y -= h;
		if (i < n)
			pl_newpage(pl);
	}
}

/* ------------------------------------------------------------------ */
/* Tables. */

/*
 * Column widths from the content: each column's natural width if all
 * fit (spare width to the columns with blanks to fill in), else
 * between its longest word and its natural width, else scaled.
 */
static int
pl_table_widths(struct pl *pl, const struct pl_table *tb, float width,
    float *cw)
{
	size_t	 c, r, ncols = tb->ncols;
	float	*nat = arena_alloc(pl->a, 3 * ncols * sizeof(*nat));
	float	*mn = nat + ncols, *grow = mn + ncols;
	float	 snat = 0, smin = 0, sgrow = 0, a, b;

	for (c = 0; c < ncols; c++) {
		nat[c] = mn[c] = grow[c] = 0;
		if (tb->head != NULL)
			pl_text_extent(tb->head[c], &mn[c], &nat[c]);
		for (r = 0; r < tb->nrows; r++) {
			if (tb->cell[r * tb->ncols + c] == NULL) {
				grow[c] = 1;
				continue;
			}
			pl_text_extent(tb->cell[r * tb->ncols + c], &a, &b);
			mn[c] = mn[c] > a ? mn[c] : a;
			nat[c] = nat[c] > b ? nat[c] : b;
		}
		nat[c] += 2 * PL_PAD + 0.5f, mn[c] += 2 * PL_PAD + 0.5f;
		if (tb->minw != NULL && tb->minw[c] > nat[c])
			nat[c] = tb->minw[c];
		/* a wish, not below the words, and only as far as it fits */
		a = tb->minw != NULL ? tb->minw[c] : 0;
		if (a > width / ncols)
			a = width / ncols;
		if (a > mn[c])
			mn[c] = a;
		snat += nat[c], smin += mn[c], sgrow += grow[c];
	}
	for (c = 0; c < ncols; c++) {
		if (snat <= width)
			cw[c] = nat[c] + (width - snat) *
			    (sgrow > 0 ? grow[c] / sgrow : nat[c] / snat);
		else if (smin <= width)
			cw[c] = mn[c] + (nat[c] - mn[c]) * (width - smin) /
			    (snat - smin);
		else
			cw[c] = mn[c] * width / smin;
	}
	return smin > width;
}

static float
pl_row_height(struct pl *pl, struct pl_text **row, size_t ncols,
    const float *cw, float minh)
{
	size_t	 c;
	float	 h = minh, ch;

	for (c = 0; c < ncols; c++) {
		ch = pl_text_height(pl, row[c], cw[c] - 2 * PL_PAD) + 2 * PL_PAD;
		if (ch > h)
			h = ch;
	}
	return h;
}

/*
 * Draw one row of height h at the cursor: the header shaded, the label
 * column lighter.  cut: the columns are narrower than their words, so
 * each cell is clipped to itself.
 */
static void
pl_table_row(struct pl *pl, struct pl_text **row, size_t ncols,
    const float *cw, float x, float h, int head, int label_col, int cut)
{
	struct pl_op	*op;
	struct pl_line	*l;
	size_t		 c, n, i;
	float		 base;

	for (c = 0; c < ncols; x += cw[c++]) {
		if (head || (label_col && c == 0))
			pl_rect_op(pl, pl->page, x, pl->y - h, cw[c], h, 0,
			    head ? 0xE4E7EB : 0xF4F5F7, 1);
		pl_rect_op(pl, pl->page, x, pl->y - h, cw[c], h, 0.5f,
		    0x8A8F98, 0);
		if (row[c] == NULL)
			continue;
		n = pl_wrap(pl, row[c], cw[c] - 2 * PL_PAD, cw[c] - 2 * PL_PAD,
		    0, &l);
		if (cut) {
			op = pl_op(pl, PL_OP_CLIP, pl->page);
			op->x = x, op->y = pl->y - h, op->w = cw[c], op->h = h;
		}
		base = pl->y - PL_PAD;
		for (i = 0; i < n; i++) {
			base -= PL_ASC * l[i].size;
			pl_line_ops(pl, row[c], &l[i], pl->page, x + PL_PAD,
			    base);
			base -= (row[c]->lead - PL_ASC) * l[i].size;
		}
		if (cut)
			pl_op(pl, PL_OP_UNCLIP, pl->page);
	}
	pl->y -= h;
}

void
pl_table(struct pl *pl, const struct pl_table *tb, float x, float width)
{
	float	*cw, hh = 0, h;
	size_t	 r, ncols = tb->ncols;
	int	 cut;

	if (ncols == 0)
		return;
	cw = arena_alloc(pl->a, ncols * sizeof(*cw));
	if ((cut = pl_table_widths(pl, tb, width, cw)) != 0)
		diag_add(pl->d, pl->at.file != NULL ? &pl->at : NULL,
		    DIAG_WARNING, "pdf: a table of %zu columns is too wide "
		    "for the page: its cells are cut", ncols);
	if (tb->head != NULL)
		hh = pl_row_height(pl, tb->head, ncols, cw, 0);
	h = tb->nrows > 0 ? pl_row_height(pl, tb->cell, ncols, cw, tb->rowh) : 0;
	pl_need(pl, hh + h);
	if (tb->head != NULL)
		pl_table_row(pl, tb->head, ncols, cw, x, hh, 1, 0, cut);
	for (r = 0; r < tb->nrows; r++) {
		h = pl_row_height(pl, tb->cell + r * tb->ncols, ncols, cw,
		    tb->rowh);
		if (pl_need(pl, h) && tb->head != NULL)
			pl_table_row(pl, tb->head, ncols, cw, x, hh, 1, 0, cut);
		pl_table_row(pl, tb->cell + r * tb->ncols, ncols, cw, x, h, 0,
		    tb->label_col, cut);
	}
}

/* ------------------------------------------------------------------ */
/* Markdown blocks. */

static void	pl_md_children(struct pl *, cmark_node *, float, float, float,
		    int, int);

/* The first text drawn since op number from: where a marker goes. */
static int
pl_first_text(const struct pl *pl, size_t from, struct pl_mark *m)
{
	for (; from < pl->nops; from++)
		if (pl->ops[from].k == PL_OP_TEXT) {
			m->page = pl->ops[from].page;
			m->base = pl->ops[from].y;
			m->size = pl->ops[from].size;
			return 1;
		}
	return 0;
}

static void
pl_md_list(struct pl *pl, cmark_node *list, float x, float w, float size,
    int style)
{
	cmark_node	*it;
	struct pl_text	*t;
	struct pl_mark	 m;
	char		 num[16];
	int		 n = cmark_node_get_list_start(list);
	int		 tight = cmark_node_get_list_tight(list);
	int		 ordered = cmark_node_get_list_type(list) ==
			    CMARK_ORDERED_LIST;
	float		 ind = ordered ? 2.2f * size : 1.4f * size;
	float		 minw = (pl->right - pl->left) / 3;
	size_t		 from;

	/* deep lists stop moving right: the text keeps a third of the page */
	if (w - ind < minw) {
		x = pl->right - minw - ind;
		w = minw + ind;
	}
	for (it = cmark_node_first_child(list); it != NULL;
	    it = cmark_node_next(it), n++) {
		from = pl->nops;
		pl_md_children(pl, it, x + ind, w - ind, size, style, tight);
		if (!pl_first_text(pl, from, &m))
			continue;
		if (pl_md_is(it, "tasklist")) {
			pl_checkbox(pl, &m, x,
			    cmark_gfm_extensions_get_tasklist_item_checked(it) ?
			    CHK_DONE : CHK_OPEN, 0);
			continue;
		}
		t = pl_text_new(pl, m.size);
		snprintf(num, sizeof(num), "%d.", n);
		pl_text_plain(pl, t, ordered ? num : "\xE2\x80\xA2", style);
		pl_text_line(pl, t, m.page, x, m.base, ind);
	}
	if (tight)
		pl_space(pl, 0.45f * size);
}

/* A GFM table: its header row bold, repeated on each page. */
static void
pl_md_table(struct pl *pl, cmark_node *tn, float x, float w, float size)
{
	struct pl_table	 tb;
	struct ptrvec	 head = { NULL, 0, 0 }, body = { NULL, 0, 0 };
	cmark_node	*row, *cell;
	struct pl_text	*t;
	size_t		 c;
	int		 ishead;

	memset(&tb, 0, sizeof(tb));
	tb.ncols = cmark_gfm_extensions_get_table_columns(tn);
	for (row = cmark_node_first_child(tn); row != NULL;
	    row = cmark_node_next(row)) {
		ishead = pl_md_is(row, "table_header") && head.n == 0;
		cell = cmark_node_first_child(row);
		for (c = 0; c < tb.ncols; c++) {
			t = pl_text_new(pl, size);
			if (cell != NULL) {
				pl_md_inlines(pl, t, cell, ishead ? PL_BOLD : 0);
				cell = cmark_node_next(cell);
			}
			ptrvec_push(ishead ? &head : &body, t);
		}
		tb.nrows += !ishead;
	}
	tb.head = (struct pl_text **)head.v;
	tb.cell = (struct pl_text **)body.v;
	pl_table(pl, &tb, x, w);
	ptrvec_free(&head);
	ptrvec_free(&body);
	pl_space(pl, 0.6f * size);
}

static void
pl_md_heading(struct pl *pl, cmark_node *n, float x, float w, float size)
{
	static const float	 scale[] = { 1.35f, 1.35f, 1.2f, 1.1f };
	int			 level = cmark_node_get_heading_level(n);
	struct pl_text		*t;

	t = pl_text_new(pl, size * scale[level < 4 ? level : 3]);
	pl_md_inlines(pl, t, n, PL_BOLD);
	pl_space(pl, 0.4f * size);
	/* keep it with three lines of what follows */
	pl_need(pl, pl_text_height(pl, t, w) + 3 * size * PL_LEAD);
	pl_text_draw(pl, t, x, w, NULL, NULL);
	pl_space(pl, 0.25f * size);
}

static void
pl_md_block(struct pl *pl, cmark_node *n, float x, float w, float size,
    int style, int tight)
{
	struct pl_text	*t;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		t = pl_text_new(pl, size);
		pl_md_inlines(pl, t, n, style);
		pl_text_draw(pl, t, x, w, NULL, NULL);
		pl_space(pl, tight ? 1 : 0.45f * size);
		break;
	case CMARK_NODE_HEADING:
		pl_md_heading(pl, n, x, w, size);
		break;
	case CMARK_NODE_LIST:
		pl_md_list(pl, n, x, w, size, style);
		break;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		pl_code(pl, cmark_node_get_literal(n), x, w);
		pl_space(pl, 0.45f * size);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (w - 10 > (pl->right - pl->left) / 3)
			x += 10, w -= 10;
		pl_md_children(pl, n, x, w, size, style | PL_MUTED |
		    PL_ITALIC, 0);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		pl_space(pl, 0.3f * size);
		pl_rule(pl, x, w, 0.5f, 0x9AA0A6);
		pl_space(pl, 0.6f * size);
		break;
	default:
		if (pl_md_is(n, "table"))
			pl_md_table(pl, n, x, w, size);
		break;
	}
}

static void
pl_md_children(struct pl *pl, cmark_node *parent, float x, float w,
    float size, int style, int tight)
{
	cmark_node	*n;

	for (n = cmark_node_first_child(parent); n != NULL;
	    n = cmark_node_next(n))
		pl_md_block(pl, n, x, w, size, style, tight);
}

void
pl_md_blocks(struct pl *pl, const char *md, float x, float width,
    float size)
{
	cmark_node	*doc;

	if (md == NULL || *md == '\0')
		return;
	doc = pl_md_parse(md, pl->doc->refs);
	pl_md_children(pl, doc, x, width, size, 0, 0);
	cmark_node_free(doc);
}

/* ------------------------------------------------------------------ */
/* Header and footer, once the number of pages is known. */

static struct pl_text *
pl_small(struct pl *pl, const char *s, int style)
{
	struct pl_text	*t = pl_text_new(pl, 7.5f);

	pl_text_plain(pl, t, s, style);
	return t;
}

static void
pl_decorate(struct pl *pl)
{
	const struct pl_doc	*doc = pl->doc;
	struct pl_text		*proj, *title, *rev, *pg;
	char			 buf[64], hash[13];
	float			 w = pl->right - pl->left, pw, tw, mn, mx;
	float			 hy, fy;
	int			 p;

	hy = pl->ph - 12 * PL_MM, fy = 10 * PL_MM;
	snprintf(hash, sizeof(hash), "%s", doc->hash != NULL &&
	    strncmp(doc->hash, "sha256:", 7) == 0 ? doc->hash + 7 : "");
	proj = pl_small(pl, doc->project, PL_BOLD | PL_MUTED);
	title = pl_text_new(pl, 7.5f);
	pl_text_md(pl, title, doc->title, PL_MUTED);
	snprintf(buf, sizeof(buf), "%s %d \xC2\xB7 %s",
	    label_get(doc->lang, "revision"), doc->revision, hash);
	rev = pl_small(pl, buf, PL_MUTED);
	pl_text_extent(proj, &mn, &pw);
	pw = pw < 0.45f * w ? pw : 0.45f * w;
	pl_text_extent(title, &mn, &tw);
	tw = tw < w - pw - 12 ? tw : w - pw - 12;
	for (p = 0; p < pl->npages; p++) {
		pl_text_line(pl, proj, p, pl->left, hy, pw);
		pl_text_line(pl, title, p, pl->right - tw, hy, tw + 0.5f);
		pl_line_op(pl, p, pl->left, hy - 4, w, 0, 0.4f, 0x9AA0A6);
		pl_line_op(pl, p, pl->left, fy + 9, w, 0, 0.4f, 0x9AA0A6);
		pl_text_line(pl, rev, p, pl->left, fy, 0.6f * w);
		snprintf(buf, sizeof(buf), label_get(doc->lang, "page-of"),
		    p + 1, pl->npages);
		pg = pl_small(pl, buf, PL_MUTED);
		pl_text_extent(pg, &mn, &mx);
		pl_text_line(pl, pg, p, pl->right - mx, fy, mx + 1);
	}
}

/* ------------------------------------------------------------------ */
/* Drawing the display list. */

static int
pl_op_cmp(const void *a, const void *b)
{
	const struct pl_op	*x = a, *y = b;

	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static HPDF_STATUS
pl_color(HPDF_Page pg, unsigned rgb, int fill)
{
	float	 r = (rgb >> 16) / 255.0f, g = ((rgb >> 8) & 0xFF) / 255.0f;
	float	 b = (rgb & 0xFF) / 255.0f;

	return fill ? HPDF_Page_SetRGBFill(pg, r, g, b) :
	    HPDF_Page_SetRGBStroke(pg, r, g, b);
}

/* Text in a remapped font (pl_font_remap()): its codes, in UTF-8. */
static const char *
pl_coded(struct pl *pl, const struct pl_font *f, const char *s)
{
	size_t		 len = strlen(s), i = 0, k;
	unsigned long	 cp;
	char		*out, *p;

	if (f->cps == NULL)
		return s;
	/* a code takes at most 3 bytes, a character at least 1 */
	p = out = arena_alloc(pl->a, 3 * len + 1);
	for (; i < len; i += k) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		p += utf8_encode(pl_font_code(f, cp), p);
	}
	return out;
}

static HPDF_STATUS
pl_draw_text(struct pl *pl, HPDF_Page pg, const struct pl_op *op)
{
	const struct pl_font	*f = &pl->f[op->face];
	HPDF_STATUS		 st = HPDF_OK;

	if (HPDF_Page_GetGMode(pg) != HPDF_GMODE_TEXT_OBJECT)
		st |= HPDF_Page_BeginText(pg);
	st |= HPDF_Page_SetFontAndSize(pg, f->font, op->size);
	st |= pl_color(pg, op->rgb, 1);
	st |= HPDF_Page_SetTextMatrix(pg, 1, 0, op->italic ? PL_SLANT : 0, 1,
	    op->x, op->y);
	if (op->bold) {
		/* outlined too, in the same colour: bolder by a stroke */
		st |= pl_color(pg, op->rgb, 0);
		st |= HPDF_Page_SetLineWidth(pg, 0.04f * op->size);
		st |= HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL_THEN_STROKE);
	}
	st |= HPDF_Page_ShowText(pg, pl_coded(pl, f, op->s));
	if (op->bold)
		st |= HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL);
	return st;
}

static HPDF_STATUS
pl_draw_shape(HPDF_Page pg, const struct pl_op *op)
{
	HPDF_STATUS	 st = HPDF_OK;

	if (HPDF_Page_GetGMode(pg) == HPDF_GMODE_TEXT_OBJECT)
		st |= HPDF_Page_EndText(pg);
	st |= pl_color(pg, op->rgb, op->fill);
	if (!op->fill)
		st |= HPDF_Page_SetLineWidth(pg, op->size);
	if (op->k == PL_OP_LINE) {
		st |= HPDF_Page_MoveTo(pg, op->x, op->y);
		st |= HPDF_Page_LineTo(pg, op->x + op->w, op->y + op->h);
	} else if (op->k == PL_OP_RECT)
		st |= HPDF_Page_Rectangle(pg, op->x, op->y, op->w, op->h);
	else
		st |= HPDF_Page_Circle(pg, op->x, op->y, op->w);
	st |= op->fill ? HPDF_Page_Fill(pg) : HPDF_Page_Stroke(pg);
	return st;
}

static HPDF_STATUS
pl_draw_link(HPDF_Page pg, const struct pl_op *op)
{
	HPDF_Rect	 r = { op->x, op->y, op->x + op->w, op->y + op->h };
	HPDF_Annotation	 an;

	if ((an = HPDF_Page_CreateURILinkAnnot(pg, r, op->s)) == NULL)
		return HPDF_INVALID_ANNOTATION;
	return HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
}

static HPDF_STATUS
pl_draw_clip(HPDF_Page pg, const struct pl_op *op)
{
	HPDF_STATUS	 st = HPDF_OK;

	if (HPDF_Page_GetGMode(pg) == HPDF_GMODE_TEXT_OBJECT)
		st |= HPDF_Page_EndText(pg);
	if (op->k == PL_OP_UNCLIP)
		return st | HPDF_Page_GRestore(pg);
	st |= HPDF_Page_GSave(pg);
	st |= HPDF_Page_Rectangle(pg, op->x, op->y, op->w, op->h);
	st |= HPDF_Page_Clip(pg);
	return st | HPDF_Page_EndPath(pg);
}

/* Draw ops [*i, ...) of one page. */
static int
pl_draw_page(struct pl *pl, size_t *i)
{
	HPDF_Page	 pg;
	HPDF_STATUS	 st = HPDF_OK;
	int		 page = pl->ops[*i].page;

	if ((pg = HPDF_AddPage(pl->pdf)) == NULL)
		return pl_hfail(pl, "adding a page");
	st |= HPDF_Page_SetWidth(pg, pl->pw);
	st |= HPDF_Page_SetHeight(pg, pl->ph);
	st |= HPDF_Page_SetLineCap(pg, HPDF_ROUND_END);
	st |= HPDF_Page_SetLineJoin(pg, HPDF_ROUND_JOIN);
	for (; st == HPDF_OK && *i < pl->nops && pl->ops[*i].page == page;
	    (*i)++) {
		if (pl->ops[*i].k == PL_OP_TEXT)
			st = pl_draw_text(pl, pg, &pl->ops[*i]);
		else if (pl->ops[*i].k == PL_OP_LINK)
			st = pl_draw_link(pg, &pl->ops[*i]);
		else if (pl->ops[*i].k >= PL_OP_CLIP)
			st = pl_draw_clip(pg, &pl->ops[*i]);
		else
			st = pl_draw_shape(pg, &pl->ops[*i]);
	}
	if (st == HPDF_OK && HPDF_Page_GetGMode(pg) == HPDF_GMODE_TEXT_OBJECT)
		st = HPDF_Page_EndText(pg);
	return st == HPDF_OK && pl->herr == 0 ? 0 :
	    pl_hfail(pl, "drawing a page");
}

static int
pl_render(struct pl *pl)
{
	size_t	 i = 0;
	int	 f;

	for (f = 0; f < pl->nfonts; f++)
		if (pl->f[f].any && pl_font_make(pl, &pl->f[f]) == -1)
			return -1;
	qsort(pl->ops, pl->nops, sizeof(*pl->ops), pl_op_cmp);
	while (i < pl->nops)
		if (pl_draw_page(pl, &i) == -1)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Saving. */

/* Fixed dates when SOURCE_DATE_EPOCH is given, none otherwise. */
static int
pl_info(struct pl *pl, const struct pdf_opts *o)
{
	HPDF_Date	 dt;
	struct tm	 tm;
	time_t		 t = (time_t)o->source_date_epoch;
	HPDF_STATUS	 st = HPDF_OK;

	st |= HPDF_SetInfoAttr(pl->pdf, HPDF_INFO_CREATOR, "chkc " CHKC_VERSION);
	if (pl->doc->subject != NULL)
		st |= HPDF_SetInfoAttr(pl->pdf, HPDF_INFO_SUBJECT,
		    pl->doc->subject);
	if (o->source_date_epoch >= 0) {
		if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999) {
			diag_add(pl->d, NULL, DIAG_ERROR, "SOURCE_DATE_EPOCH "
			    "%lld is out of range", o->source_date_epoch);
			return -1;
		}
		memset(&dt, 0, sizeof(dt));
		dt.year = tm.tm_year + 1900, dt.month = tm.tm_mon + 1;
		dt.day = tm.tm_mday, dt.hour = tm.tm_hour;
		dt.minutes = tm.tm_min, dt.seconds = tm.tm_sec;
		dt.ind = 'Z';
		st |= HPDF_SetInfoDateAttr(pl->pdf, HPDF_INFO_CREATION_DATE, dt);
		st |= HPDF_SetInfoDateAttr(pl->pdf, HPDF_INFO_MOD_DATE, dt);
	}
	return st == HPDF_OK ? 0 : pl_hfail(pl, "setting the document info");
}

/*
 * Append the PDF in data to out with a document /ID in its trailer,
 * derived from the bytes themselves (SHA-256 of the file without it):
 * the same content always gets the same id.  The trailer follows the
 * cross-reference table, so no offset moves.
 */
static int
pl_put_id(struct pl *pl, const unsigned char *data, size_t len,
    struct buf *out)
{
	static const char	 tail[] = ">>\nstartxref";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0;
	char			 hex[33];
	size_t			 at, i;

	for (at = len; at >= sizeof(tail) - 1; at--)
		if (memcmp(data + at - (sizeof(tail) - 1), tail,
		    sizeof(tail) - 1) == 0)
			break;
	if (at < sizeof(tail) - 1 ||
	    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1) {
		diag_add(pl->d, NULL, DIAG_ERROR, "pdf: cannot set the "
		    "document id");
		return -1;
	}
	at -= sizeof(tail) - 1;
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	buf_put(out, (const char *)data, at);
	buf_printf(out, "/ID [<%s> <%s>]\n", hex, hex);
	buf_put(out, (const char *)data + at, len - at);
	return 0;
}

/*
 * Save once and read the saved stream back.  (HPDF_GetContents would
 * save the whole document a second time, deflating every font again:
 * that was half the cost of a PDF.)
 */
static int
pl_output(struct pl *pl, struct buf *out)
{
	unsigned char	*data;
	HPDF_UINT32	 size, got;
	int		 rc = -1;

	if (HPDF_SaveToStream(pl->pdf) != HPDF_OK)
		return pl_hfail(pl, "saving");
	size = got = HPDF_GetStreamSize(pl->pdf);
	data = xmalloc(size + 1);
	if (size == 0 || HPDF_ResetStream(pl->pdf) != HPDF_OK ||
	    HPDF_ReadFromStream(pl->pdf, data, &got) != HPDF_OK || got != size)
		pl_hfail(pl, "reading the document");
	else
		rc = pl_put_id(pl, data, size, out);
	free(data);
	return rc;
}

/* ------------------------------------------------------------------ */

void
emit_pdf_opts_init(struct pdf_opts *o)
{
	const char	*s = getenv("SOURCE_DATE_EPOCH");
	char		*end;

	memset(o, 0, sizeof(*o));
	o->paper = PDF_A4;
	o->source_date_epoch = -1;
	if (s != NULL && *s >= '0' && *s <= '9') {
		errno = 0;
		o->source_date_epoch = strtoll(s, &end, 10);
		if (*end != '\0' || errno != 0)
			o->source_date_epoch = -1;
	}
}

static void
pl_geometry(struct pl *pl, int paper)
{
	pl->pw = paper == PDF_LETTER ? 612 : 595.276f;
	pl->ph = paper == PDF_LETTER ? 792 : 841.89f;
	pl->left = 18 * PL_MM;
	pl->right = pl->pw - 18 * PL_MM;
	pl->top = pl->ph - 20 * PL_MM;
	pl->bottom = 18 * PL_MM;
}

/* The first missing character, once per document. */
static void
pl_missing(struct pl *pl)
{
	if (pl->nmissing == 0)
		return;
	diag_add(pl->d, pl->miss_at.file != NULL ? &pl->miss_at : NULL,
	    DIAG_WARNING, "pdf: %zu character%s not in the fonts, drawn as "
	    "U+FFFD (the first: U+%04lX)", pl->nmissing,
	    pl->nmissing == 1 ? "" : "s", pl->miss_cp);
}

int
pl_document(const struct pl_doc *doc, const struct pdf_opts *o,
    pl_build_fn build, const void *arg, struct buf *out, struct diag *d)
{
	struct pl	 pl;
	struct pdf_opts	 def;
	const char	*dir;
	int		 rc = -1, i;

	if (o == NULL) {
		emit_pdf_opts_init(&def);
		o = &def;
	}
	if ((dir = o->font_dir) == NULL &&
	    ((dir = getenv("CHKC_FONT_DIR")) == NULL || *dir == '\0'))
		dir = PL_FONTDIR;
	memset(&pl, 0, sizeof(pl));
	pl.a = arena_new();
	pl.d = d;
	pl.doc = doc;
	pl.priv = pl_hpdf_private();
	pl_geometry(&pl, o->paper);
	if ((pl.pdf = HPDF_New(pl_herror, &pl)) == NULL) {
		diag_add(d, NULL, DIAG_ERROR, "pdf: cannot start a document");
		goto out;
	}
	if (HPDF_UseUTFEncodings(pl.pdf) != HPDF_OK ||
	    HPDF_SetCompressionMode(pl.pdf, HPDF_COMP_ALL) != HPDF_OK) {
		pl_hfail(&pl, "setting up the document");
		goto out;
	}
	if (pl_fonts_init(&pl, dir) == -1)
		goto out;
	pl_newpage(&pl);
	if (build(&pl, arg) == -1)
		goto out;
	if (pl.over) {
		diag_add(d, pl.at.file != NULL ? &pl.at : NULL, DIAG_ERROR,
		    "pdf: the document would have more than %d pages "
		    "(CHKC_MAX_PAGES raises the limit)", emit_limits.max_pages);
		rc = EMIT_TOO_LARGE;
		goto out;
	}
	pl_decorate(&pl);
	if (pl_render(&pl) == -1 || pl_info(&pl, o) == -1 ||
	    pl_output(&pl, out) == -1)
		goto out;
	pl_missing(&pl);
	rc = 0;
out:
	for (i = pl.nfonts; i-- > 0; )
		pl_hpdf_release(pl.f[i].keep);
	if (pl.pdf != NULL)
		HPDF_Free(pl.pdf);
	free(pl.ops);
	arena_free(pl.a);
	return rc;
}

const char *
emit_pdf_font(const struct pdf_opts *o, int i, char *path, size_t size)
{
	const char	*dir;

	if (i >= PL_NFACES)
		return pl_fallback_path(i - PL_NFACES, NULL, path, size);
	if (i < 0)
		return NULL;
	if ((dir = o != NULL ? o->font_dir : NULL) == NULL &&
	    ((dir = getenv("CHKC_FONT_DIR")) == NULL || *dir == '\0'))
		dir = PL_FONTDIR;
	snprintf(path, size, "%s/%s", dir, pl_files[i]);
	return path;
}

const char *
emit_pdf_engine(void)
{
	static char	engine[64];

	snprintf(engine, sizeof(engine), "libharu %s, %s path",
	    HPDF_GetVersion(), pl_hpdf_private() ? "private" : "public");
	return engine;
}
