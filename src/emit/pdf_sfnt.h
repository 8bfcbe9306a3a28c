/*
 * What the PDF layout reads of a TrueType font file itself: which
 * glyph draws a character (the cmap, BMP and beyond) and how wide it
 * is (pdf_sfnt.c); and the font file a PDF embeds, the glyphs it draws
 * (pdf_subset.c).  Private to src/emit/.
 */
#ifndef CHKC_EMIT_PDF_SFNT_H
#define CHKC_EMIT_PDF_SFNT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* The big-endian numbers of a font file. */
static inline unsigned long
pl_be16(const void *v)
{
	const unsigned char	*p = v;

	return (unsigned long)p[0] << 8 | p[1];
}

static inline unsigned long
pl_be32(const void *v)
{
	const unsigned char	*p = v;

	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

struct pl_sfnt {
	const unsigned char	*file;		/* the font file, mapped */
	size_t			 size;
	const unsigned char	*dir;		/* its table directory's */
	unsigned		 ntables;	/* ... records */
	const unsigned char	*cmap4;		/* Unicode BMP subtable */
	size_t			 cmap4len;
	const unsigned char	*cmap12;	/* full Unicode, or NULL */
	size_t			 cmap12len;
	const unsigned char	*hmtx;		/* nhmetrics long metrics */
	unsigned		 nhmetrics;
	unsigned		 nglyphs;
	unsigned		 upem;
	int			 collection;	/* a .ttc: its first font */
	unsigned short		 latin[256];	/* the glyphs of U+0000-00FF */
};

/*
 * Read the font at path (the first font of a collection): its tables
 * must lie inside the file and include those libharu reads.  Returns
 * 0; -1 with errno set when the file cannot be opened; -2 when it is
 * not such a TrueType font; -3 when it has no Unicode character map.
 * The file stays mapped until pl_sfnt_close().
 */
int		 pl_sfnt_read(struct pl_sfnt *, const char *path);
void		 pl_sfnt_close(struct pl_sfnt *);
/* The table tag (4 bytes) of a font read: *len bytes inside the file,
 * or NULL. */
const unsigned char *pl_sfnt_table(const struct pl_sfnt *, const char *tag,
		    size_t *len);
/* The glyph of cp, 0 if none; beyond U+FFFF only when wide is set. */
unsigned	 pl_sfnt_glyph(const struct pl_sfnt *, unsigned long cp,
		    int wide);
/* Advance width in 1/1000 em, rounded down as libharu writes /W. */
int		 pl_sfnt_advance(const struct pl_sfnt *, unsigned gid);

/* What pl_sfnt_subset() is given, and gives. */
struct pl_sfnt_cut {
	const uint32_t		*cps;	/* n characters, ascending, */
	const unsigned short	*gids;	/* ... drawn with these glyphs */
	size_t			 n;
	unsigned		 xgid;	/* the glyph of 'x', or 0 */
	unsigned short		*newgids; /* n: the glyphs in the subset */
	int			 xheight; /* the top of 'x', 1/1000 em */
};

/*
 * Append to out the font file to embed for the characters of c drawn
 * in the font sf (pl_sfnt_read()): their glyphs (not 0) and the ones
 * composite glyphs are made of, renumbered from 1 in the font's order.
 * Returns 0, or -1 when the subset cannot be made (sf not read, a
 * composite glyph's part past the glyph count, characters too many
 * and scattered for a format 4 cmap): the caller embeds the whole font.
 */
int		 pl_sfnt_subset(const struct pl_sfnt *, struct pl_sfnt_cut *,
		    struct buf *out);

#endif /* CHKC_EMIT_PDF_SFNT_H */
