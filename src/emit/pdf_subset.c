/*
 * The TrueType font file a PDF embeds (pdf_sfnt.h), made by HarfBuzz's
 * subsetter (hb-subset): only the glyphs the document draws, and those
 * composite glyphs are made of, numbered from 1 in the order of the
 * font (.notdef is 0), with their metrics, a character map of the
 * characters drawn, the names that say which font it is (not the
 * license text), no glyph names and no hinting.  The PDF's
 * CIDToGIDMap gives the new numbers.
 *
 * libharu 2.3.0 would embed every table whole but 'glyf', and the
 * glyphs not drawn as empty ones, copied 4 bytes a call through its
 * streams: 32 M instructions for the three faces of a document, and
 * 75 KB a face to deflate where this file is about 20 KB.
 */
#include <stddef.h>
#include <stdint.h>

#include <hb-subset.h>

#include "buf.h"
#include "emit/pdf_sfnt.h"

/*
 * The tables a PDF's TrueType font program is read from (ISO 32000
 * 9.9: glyf, loca, head, hhea, hmtx, maxp; cmap for a viewer that
 * wants one), and the names and metrics that say which font it is.
 * The rest (layout, kerning, bitmaps, vertical metrics, signatures) a
 * PDF viewer does not read: the text is laid out.  Nor the hinting
 * (cvt, fpgm, prep and each glyph's instructions), which fits outlines
 * to the pixels of a screen at small sizes: poppler draws the pages
 * without it, the same pixels (tests/suites/pdf.sh compares them with
 * the whole, hinted fonts of the public path), and it was a third of
 * each DejaVu subset.
 */
static const char *const ss_keep[] = {
	"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
	"name", "post"
};

/* Every table of face not in ss_keep[] into drop. */
static void
ss_drop(hb_face_t *face, hb_set_t *drop)
{
	hb_tag_t	 tags[64];
	unsigned	 start = 0, n, i, k;
	size_t		 nkeep = sizeof(ss_keep) / sizeof(ss_keep[0]);

	do {
		n = sizeof(tags) / sizeof(tags[0]);
		n = hb_face_get_table_tags(face, start, &n, tags) == 0 ? 0 : n;
		for (i = 0; i < n; i++) {
			for (k = 0; k < nkeep; k++)
				if (tags[i] == hb_tag_from_string(ss_keep[k],
				    4))
					break;
			if (k == nkeep)
				hb_set_add(drop, tags[i]);
		}
		start += n;
	} while (n == sizeof(tags) / sizeof(tags[0]));
}

/*
 * What to keep: the characters drawn (their glyphs, and a cmap of
 * them), the tables above, the name records 0 to 6 (copyright,
 * family, style, unique, full, version and PostScript names) in every
 * language and platform, and .notdef's outline.  Glyph names are not
 * kept (HarfBuzz's default: 'post' format 3).  libharu loads the file
 * too (pdf_font.c) and reads only a cmap of the BMP, which HarfBuzz
 * leaves out when no character drawn is in the BMP (emoji): the space
 * is kept then, to make one.
 */
static hb_subset_input_t *
ss_input(hb_face_t *face, const uint32_t *cps, size_t n)
{
	hb_subset_input_t	*in;
	hb_set_t		*unicodes;
	size_t			 i;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return NULL;
	unicodes = hb_subset_input_unicode_set(in);
	for (i = 0; i < n; i++)
		hb_set_add(unicodes, cps[i]);
	if (hb_set_get_min(unicodes) > 0xFFFF)	/* none, or none in the BMP */
		hb_set_add(unicodes, ' ');
	ss_drop(face, hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
	hb_set_add_range(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_LANG_ID),
	    0, 0xFFFF);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
	    HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NAME_LEGACY);
	return in;
}

/* The new number of each gids[i] in plan into newgids[i]; -1 if one
 * is not in the subset. */
static int
ss_newgids(hb_subset_plan_t *plan, const unsigned short *gids, size_t n,
    unsigned short *newgids)
{
	const hb_map_t	*map = hb_subset_plan_old_to_new_glyph_mapping(plan);
	hb_codepoint_t	 g;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((g = hb_map_get(map, gids[i])) == HB_MAP_VALUE_INVALID ||
		    g > 0xFFFF)
			return -1;
		newgids[i] = (unsigned short)g;
	}
	return 0;
}

/*
 * The plan of the subset of face for in, with newgids[].  The glyphs
 * drawn are the ones the font's cmap gives the characters drawn
 * (pdf_sfnt.c read it): HarfBuzz finds them from the characters
 * alone, a few lookups.  Were one missing, the glyphs are named too,
 * which makes HarfBuzz walk the whole cmap (4.5 M instructions a
 * DejaVu face).
 */
static hb_subset_plan_t *
ss_plan(hb_face_t *face, hb_subset_input_t *in, const unsigned short *gids,
    size_t n, unsigned short *newgids)
{
	hb_subset_plan_t	*plan;
	size_t			 i;
	int			 pass;

	for (pass = 0; pass < 2; pass++) {
		if ((plan = hb_subset_plan_create_or_fail(face, in)) == NULL ||
		    ss_newgids(plan, gids, n, newgids) == 0)
			return plan;
		hb_subset_plan_destroy(plan);
		for (i = 0; i < n; i++)
			hb_set_add(hb_subset_input_glyph_set(in), gids[i]);
	}
	return NULL;
}

/* The font file of plan into out. */
static int
ss_execute(hb_subset_plan_t *plan, struct buf *out)
{
	hb_face_t	*sub;
	hb_blob_t	*blob;
	const char	*data;
	unsigned	 len;

	if ((sub = hb_subset_plan_execute_or_fail(plan)) == NULL)
		return -1;
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	if (len > 0)
		buf_put(out, data, len);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return len > 0 ? 0 : -1;
}

/*
 * The top of glyph gid in 1/1000 em, as libharu measures the x-height
 * it writes in a font descriptor (the glyph's yMax, rounded down).
 */
static int
ss_top(hb_face_t *face, unsigned gid)
{
	hb_font_t		*font;
	hb_glyph_extents_t	 e;
	int			 top = 0;

	if (gid == 0 || gid >= hb_face_get_glyph_count(face))
		return 0;
	font = hb_font_create(face);
	if (hb_font_get_glyph_extents(font, gid, &e))
		top = (int)(e.y_bearing * 1000L / (long)hb_face_get_upem(face));
	hb_font_destroy(font);
	return top;
}

int
pl_sfnt_subset(const char *path, unsigned nglyphs, struct pl_sfnt_cut *c,
    struct buf *out)
{
	hb_blob_t		*blob;
	hb_face_t		*face;
	hb_subset_input_t	*in = NULL;
	hb_subset_plan_t	*plan = NULL;
	int			 rc = -1;

	if ((blob = hb_blob_create_from_file_or_fail(path)) == NULL)
		return -1;
	face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	if (hb_face_get_glyph_count(face) == nglyphs &&
	    (in = ss_input(face, c->cps, c->n)) != NULL &&
	    (plan = ss_plan(face, in, c->gids, c->n, c->newgids)) != NULL &&
	    ss_execute(plan, out) == 0) {
		c->xheight = ss_top(face, c->xgid);
		rc = 0;
	}
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	return rc;
}
