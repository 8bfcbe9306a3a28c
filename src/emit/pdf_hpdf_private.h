/*
 * Every use chkc makes of libharu's private structures, verified with
 * one libharu version (PL_HPDF_VERIFIED).  They make fonts faster to
 * build and PDFs smaller, give copy and search a ToUnicode map poppler
 * reads without a warning, and reach glyphs libharu's public API
 * cannot address (beyond the BMP).  With any other libharu
 * pl_hpdf_private() is 0, and the layout takes the public-API path
 * (as it does when pdf_opts asks for it, CHKC_PDF_PUBLIC): slower,
 * bigger files, and characters beyond the BMP drawn as U+FFFD with the
 * usual warning.  Built with the verified libharu, chkc also defines
 * libharu's HPDF_MemSet and HPDF_MemCpy (hpdf_utils.h), which libharu
 * then calls: the same results, without its byte-at-a-time loops.
 * Private to src/emit/.
 */
#ifndef CHKC_EMIT_PDF_HPDF_PRIVATE_H
#define CHKC_EMIT_PDF_HPDF_PRIVATE_H

#include <stddef.h>

#include <hpdf.h>

#define PL_HPDF_VERIFIED	"2.3.0"

struct arena;
struct pl_hpdf_font;

/* May the functions below be used?  Built and running with the
 * verified libharu. */
int		 pl_hpdf_private(void);

/* Leave the 'post' table (glyph names) of loaded font name out of
 * what libharu embeds. */
void		 pl_hpdf_drop_post(HPDF_Doc, const char *name);

/*
 * Make the UTF-8 Type0 font of loaded font name, its codes first to
 * first + n - 1 drawing gids[code - first] (0: not drawn; the last one
 * is drawn), every other code nothing, its CIDToGIDMap ending with the
 * last glyph.  The
 * font's character map stays so until pl_hpdf_release(), after the
 * document is saved: libharu picks the glyphs to embed through it as
 * the text is drawn.  NULL on error.
 */
HPDF_Font	 pl_hpdf_font(HPDF_Doc, struct arena *, const char *name,
		    unsigned long first, const unsigned short *gids, size_t n,
		    struct pl_hpdf_font **);
/* Put the font's own character map back (before HPDF_Free). */
void		 pl_hpdf_release(struct pl_hpdf_font *);

/*
 * The UTF-8 Type0 font of loaded font name, a subset whose file and
 * CIDToGIDMap pl_hpdf_fontfile() gives (codes first to first + n - 1
 * drawing glyphs map[]), made without libharu's encoder: text in it is
 * written with pl_hpdf_matrix() and pl_hpdf_show() only.  NULL on
 * error.
 */
HPDF_Font	 pl_hpdf_type0(HPDF_Doc, const char *name, unsigned long first,
		    const unsigned short *map, size_t n);

/*
 * Embed data, len bytes, as the font's file (FontFile2), with the font
 * descriptor libharu would make for the whole font (its x-height given:
 * libharu measures the glyph 'x', which a subset may lack), libharu
 * then not writing the file itself; and codes first to first + n - 1
 * drawing its glyphs map[] (the CIDToGIDMap).
 */
int		 pl_hpdf_fontfile(HPDF_Font, const char *data, size_t len,
		    int xheight, unsigned long first,
		    const unsigned short *map, size_t n);

/* Replace the ToUnicode CMap libharu wrote for the font. */
int		 pl_hpdf_tounicode(HPDF_Font, const char *cmap, size_t len);

/* Set the text matrix [1 0 slant 1 x y]; show UTF-8 s in the page's
 * font: as libharu would, in a text object. */
int		 pl_hpdf_matrix(HPDF_Page, float slant, float x, float y);
int		 pl_hpdf_show(HPDF_Page, const char *s);

/* Deflate the streams libharu would, here and faster (before saving). */
int		 pl_hpdf_deflate(HPDF_Doc);

#endif /* CHKC_EMIT_PDF_HPDF_PRIVATE_H */
