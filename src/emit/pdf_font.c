/*
 * The layout's fonts (pdf_engine.h): the three DejaVu faces and the
 * fallback fonts, which character each draws and how wide, and the
 * libharu fonts made of them once the document is laid out.
 *
 * DejaVu Sans, Sans Bold and Sans Mono, embedded as subsets; italics
 * are DejaVu Sans slanted by the text matrix, which is what DejaVu
 * Sans Oblique is (it is in fonts-dejavu-extra, often absent), and
 * saves embedding a fourth font.  A character a face lacks comes from
 * the first fallback font that has it (CJK, symbols, emoji), read only
 * then; CJK and symbol fonts have no bold face, so bold text in them
 * is stroked as well as filled.  A font nothing is drawn in is not
 * embedded.
 *
 * The fonts' cmaps and widths are read here (pdf_sfnt.c): the layout
 * knows which characters each face draws before any libharu font is
 * made.  What libharu makes of them goes through its private
 * structures where that was verified (pdf_hpdf_private.c: fonts that
 * cover only what is drawn, no glyph names, a real ToUnicode map), and
 * through its public API otherwise.
 */
#ifdef __linux__
#define _GNU_SOURCE		/* memfd_create() */
#include <sys/mman.h>
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "emit/emit.h"
#include "emit/pdf_engine.h"
#include "emit/pdf_hpdf_private.h"
#include "emit/pdf_layout.h"
#include "emit/pdf_sfnt.h"

static const char *const pl_font_files[PL_NFACES] = {
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

static const char *const pl_font_zh[] = {
	PL_WQY, PL_IPA, PL_SYMBOLA, NULL
};
static const char *const pl_font_ja[] = {
	PL_IPA, PL_WQY, PL_SYMBOLA, NULL
};

/* A fallback font's codes are 0x100 on, one per character drawn (on
 * the private path: libharu's codes are 16 bits, code points are not). */
#define PL_CODE0	0x100
#define PL_CODEMAX	0xD7FF

unsigned
pl_font_glyph(const struct pl_font *f, unsigned long cp)
{
	return pl_sfnt_glyph(&f->sf, cp, f->wide);
}

int
pl_font_advance(const struct pl_font *f, unsigned gid)
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

	if ((rc = pl_sfnt_read(&f->sf, f->path)) == 0) {
		f->fallback = pl_font_glyph(f, 0xFFFD) ? 0xFFFD : '?';
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

/* The directory of the faces. */
static const char *
pl_font_dir(const struct pdf_opts *o)
{
	return o != NULL && o->font_dir != NULL ? o->font_dir : PL_FONTDIR;
}

/*
 * The index of the first face with f's metrics and character map: a
 * face copied over another.  (On the private path libharu loads only
 * the subset of a face, once it is laid out.)
 */
static int
pl_font_twin(const struct pl *pl, const struct pl_font *f)
{
	const struct pl_sfnt	*a = &f->sf, *b;
	int			 i;

	for (i = 0; pl->f + i < f; i++) {
		b = &pl->f[i].sf;
		if (a->nglyphs == b->nglyphs && a->upem == b->upem &&
		    a->nhmetrics == b->nhmetrics &&
		    a->cmap4len == b->cmap4len &&
		    memcmp(a->hmtx, b->hmtx, 4 * a->nhmetrics) == 0 &&
		    memcmp(a->cmap4, b->cmap4, a->cmap4len) == 0)
			break;
	}
	return i;
}

/*
 * The i-th fallback font for text in lang into path: from the options'
 * list (paths separated by ':'; empty: none), else pl_font_zh or
 * pl_font_ja; NULL past the last.
 */
static const char *
pl_font_fallback_path(const struct pdf_opts *o, int i, const char *lang,
    char *path, size_t size)
{
	const char *const	*fb = pl_font_zh;
	const char		*p = o != NULL ? o->fallback_fonts : NULL;
	size_t			 n;

	if (p == NULL) {
		if (lang != NULL && strncmp(lang, "ja", 2) == 0)
			fb = pl_font_ja;
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
int
pl_font_init(struct pl *pl, const struct pdf_opts *o)
{
	const char	*dir = pl_font_dir(o);
	struct pl_font	*f;
	char		 path[4096];
	int		 i;

	for (pl->nfonts = 0; pl->nfonts < PL_NFACES; pl->nfonts++) {
		f = &pl->f[pl->nfonts];
		f->path = arena_printf(pl->a, "%s/%s", dir,
		    pl_font_files[pl->nfonts]);
		f->used = arena_alloc(pl->a, 0x10000 / 8);
		f->nbits = 0x10000;
		if (pl_font_read(pl, f, 0) != 0 ||
		    (!pl->priv && pl_font_load(pl, f) == -1))
			return -1;
		/* one font: what a face draws, the first draws */
		f->same = pl->priv ? pl_font_twin(pl, f) : pl_font_same(pl, f);
	}
	for (i = 0; i < PL_NFALLBACK && pl_font_fallback_path(o, i,
	    pl->doc->lang, path, sizeof(path)) != NULL; i++)
		pl->f[pl->nfonts++].path = arena_strdup(pl->a, path);
	return 0;
}

/*
 * The first fallback font that has cp, read on first need; its index,
 * or -1.  Only characters the faces lack get here, so a document in
 * their scripts never opens a fallback font.
 */
int
pl_font_fallback(struct pl *pl, unsigned long cp, unsigned *gid)
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
		if (f->state == 1 && (*gid = pl_font_glyph(f, cp)) != 0)
			return i;
	}
	return -1;
}

/* Does the document draw cp in font f, as itself? */
static int
pl_font_draws(const struct pl_font *f, unsigned long cp)
{
	return cp < f->nbits && ((f->used[cp >> 3] >> (cp & 7)) & 1) &&
	    pl_font_glyph(f, cp) != 0;
}

/* The first character from cp on drawn in font f, or f->nbits: the
 * bitset is mostly zeros, skipped 64 bits at a time where aligned
 * (nbits is a multiple of 64), else a byte at a time. */
static unsigned long
pl_font_next(const struct pl_font *f, unsigned long cp)
{
	uint64_t	 word;

	for (; cp < f->nbits; cp++) {
		if ((cp & 63) == 0) {
			memcpy(&word, f->used + (cp >> 3), sizeof(word));
			if (word == 0) {
				cp |= 63;
				continue;
			}
		}
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
pl_font_bfrange(struct buf *b, struct buf *ranges, size_t *n,
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
		pl_font_bfrange(&b, &ranges, &n, PL_CODE0 + i, PL_CODE0 + i,
		    f->cps[i]);
	for (cp = pl_font_next(f, 1); f->cps == NULL && cp <= 0xFFFF;
	    cp = pl_font_next(f, cp + 1)) {
		/* A range runs on while drawn, within one high byte. */
		first = cp;
		while ((cp & 0xFF) != 0xFF && pl_font_draws(f, cp + 1))
			cp++;
		pl_font_bfrange(&b, &ranges, &n, first, cp, first);
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
		(*gids)[f->ncps] = (unsigned short)pl_font_glyph(f, cp);
		f->cps[f->ncps++] = (uint32_t)cp;
	}
	return 0;
}

/*
 * The font file to embed for f, codes first to first + n - 1 drawing
 * gids[] (0: nothing), into b (pdf_subset.c), what the codes draw in
 * it into *map, the font's x-height into *xheight; -1 if it cannot be
 * made.
 */
static int
pl_font_subset(struct pl *pl, struct pl_font *f, unsigned long first,
    const unsigned short *gids, size_t n, struct buf *b,
    unsigned short **map, int *xheight)
{
	struct pl_sfnt_cut	 c;
	uint32_t		*cps;
	unsigned short		*drawn;
	size_t			 i, k = 0;

	/* The codes drawn only: a Russian checklist's arrows put 8,600
	 * codes between its first and last, a hundred of them drawn. */
	for (i = 0; i < n; i++)
		k += gids[i] != 0;
	cps = arena_alloc(pl->a, (k + 1) * sizeof(*cps));
	drawn = arena_alloc(pl->a, (k + 1) * sizeof(*drawn));
	for (i = 0, k = 0; i < n; i++)
		if (gids[i] != 0) {
			cps[k] = f->cps != NULL ? f->cps[i] :
			    (uint32_t)(first + i);
			drawn[k++] = gids[i];
		}
	c.cps = cps, c.gids = drawn, c.n = k;
	c.xgid = pl_font_glyph(f, 'x');
	c.newgids = arena_alloc(pl->a, (k + 1) * sizeof(*c.newgids));
	if (pl_sfnt_subset(&f->sf, &c, b) == -1)
		return -1;
	*map = arena_alloc(pl->a, n * sizeof(**map));
	for (i = 0, k = 0; i < n; i++)
		(*map)[i] = gids[i] != 0 ? c.newgids[k++] : 0;
	*xheight = c.xheight;
	return 0;
}

/*
 * Have libharu load the subset in b, not the whole font: it reads each
 * glyph's metrics and place 2 or 4 bytes a call, 4 M instructions for
 * a DejaVu face, a few thousand for a document's glyphs.  It opens
 * files only, so the subset is a memory file's (Linux).  -1 where
 * there is none or it fails, libharu's error forgotten.
 */
static int
pl_font_load_subset(struct pl *pl, struct pl_font *f, const struct buf *b)
{
#ifdef __linux__
	char	 path[64];
	size_t	 off = 0;
	ssize_t	 k = 0;
	int	 fd;

	if ((fd = memfd_create("chkc-font", MFD_CLOEXEC)) == -1)
		return -1;
	while (off < b->len && (k = write(fd, b->data + off,
	    b->len - off)) > 0)
		off += (size_t)k;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (off == b->len)
		f->name = HPDF_LoadTTFontFromFile(pl->pdf, path, HPDF_TRUE);
	close(fd);
	if (f->name != NULL)
		return 0;
	HPDF_ResetError(pl->pdf);
	pl->herr = pl->hdetail = 0;
#else
	(void)pl, (void)f, (void)b;
#endif
	return -1;
}

/* The public path: libharu makes the font of the whole font file. */
static int
pl_font_public(struct pl *pl, struct pl_font *f)
{
	if (f->name == NULL && pl_font_load(pl, f) == -1)
		return -1;
	if (pl_font_same(pl, f) != f - pl->f) {
		diag_add(pl->d, NULL, DIAG_ERROR, "font '%s' is font '%s' "
		    "again", f->path, pl->f[pl_font_same(pl, f)].path);
		return -1;
	}
	f->font = HPDF_GetFont(pl->pdf, f->name, "UTF-8");
	return f->font != NULL ? 0 : pl_hfail(pl, "making a font");
}

/*
 * The private path: libharu makes a font of the codes first to
 * first + n - 1 drawing gids[] (0: nothing), from the subset made here
 * (or, failing that, the whole font), and embeds the subset.
 */
static int
pl_font_private(struct pl *pl, struct pl_font *f, unsigned long first,
    const unsigned short *gids, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	unsigned short	*map = NULL;
	const unsigned short *drawn = gids;
	int		 rc = -1, xheight = 0;

	if (pl_font_subset(pl, f, first, gids, n, &b, &map, &xheight) == 0 &&
	    pl_font_load_subset(pl, f, &b) == 0)
		drawn = map;
	else if (f->name == NULL && pl_font_load(pl, f) == -1)
		goto out;
	if (pl_font_same(pl, f) != f - pl->f) {
		diag_add(pl->d, NULL, DIAG_ERROR, "font '%s' is font '%s' "
		    "again", f->path, pl->f[pl_font_same(pl, f)].path);
		goto out;
	}
	if (map != NULL)
		f->font = pl_hpdf_type0(pl->pdf, f->name, first, map, n);
	else
		f->font = pl_hpdf_font(pl->pdf, pl->a, f->name, first, drawn,
		    n, &f->keep);
	if (f->font == NULL || pl_font_tounicode(f) == -1 || (map != NULL &&
	    pl_hpdf_fontfile(f->font, b.data, b.len, xheight, first, map,
	    n) == -1))
		rc = pl_hfail(pl, "making a font");
	else
		rc = 0, f->own = map != NULL;
out:
	buf_free(&b);
	return rc;
}

/*
 * Make the libharu font of f.  On the private path (pdf_hpdf_private.h)
 * libharu sees only the characters the document draws; on the public
 * one, the whole font, more slowly.
 */
int
pl_font_make(struct pl *pl, struct pl_font *f)
{
	unsigned short	*gids;
	unsigned long	 cp, first = 0, last = 0;

	if (!pl->priv)
		return pl_font_public(pl, f);
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
		/* zeroed: 0 for the codes not drawn */
		gids = arena_alloc(pl->a, (last - first + 1) * sizeof(*gids));
		for (cp = pl_font_next(f, first); cp <= last;
		    cp = pl_font_next(f, cp + 1))
			gids[cp - first] = (unsigned short)pl_font_glyph(f, cp);
	}
	return pl_font_private(pl, f, first, gids, last - first + 1);
}

/* Text in a remapped font (pl_font_remap()): its codes, in UTF-8. */
const char *
pl_font_coded(struct pl *pl, const struct pl_font *f, const char *s)
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

const char *
emit_pdf_font(const struct pdf_opts *o, int i, char *path, size_t size)
{
	if (i >= PL_NFACES)
		return pl_font_fallback_path(o, i - PL_NFACES, NULL, path,
		    size);
	if (i < 0)
		return NULL;
	snprintf(path, size, "%s/%s", pl_font_dir(o), pl_font_files[i]);
	return path;
}
