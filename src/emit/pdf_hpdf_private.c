/*
 * libharu's private structures (pdf_hpdf_private.h), read and written
 * here and nowhere else: the parsed TrueType tables of a font
 * definition (hpdf_fontdef.h) and the streams of a Type0 font
 * (hpdf_font.h), both as libharu 2.3.0 lays them out.  Compiled
 * against any other libharu, this file is stubs and the layout takes
 * the public path; linked at run time with another one, the version
 * check sends it there too.
 *
 * Why.  libharu 2.3.0 builds a UTF-8 Type0 font (HPDF_GetFont) by
 * looking up every one of the 65,536 BMP code points in the font's
 * cmap and writing a /W width array and a 128 KB CIDToGIDMap for every
 * glyph of the font: about 6 ms per font and per document.  The font
 * of a subset chkc makes is built here directly (pl_hpdf_type0()),
 * for the codes the document draws.  Where libharu embeds the font
 * itself (the subset could not be made), HPDF_GetFont is given a
 * two-segment cmap of the characters the document draws, and the
 * font, its widths and its map cover only those.  The same cmap, kept
 * until the document is saved, is what lets a code stand for any
 * glyph, one beyond the BMP included (libharu reads format-4 cmaps
 * only).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "arena.h"
#include "utf8.h"
#include "emit/pdf_hpdf_private.h"

#if HPDF_VERSION_ID == 20300
#include "deflate.h"

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>

struct pl_hpdf_font {
	HPDF_TTFontDefAttr	 tt;
	HPDF_TTF_CmapRange	 full;		/* the font's own */
};

int
pl_hpdf_private(void)
{
	return strcmp(HPDF_GetVersion(), PL_HPDF_VERIFIED) == 0;
}

static HPDF_TTFontDefAttr
pl_hpdf_tt(HPDF_Doc pdf, const char *name)
{
	HPDF_FontDef	 def = HPDF_Doc_FindFontDef(pdf, name);

	return def != NULL && def->type == HPDF_FONTDEF_TYPE_TRUETYPE ?
	    def->attr : NULL;
}

/*
 * Rename the 'post' table: libharu then writes an empty one.  It holds
 * the glyph names, 62 KB of DejaVu Sans that every subset carried and
 * every document deflated.  A PDF reader finds glyphs through the
 * CIDToGIDMap and never by name (ISO 32000-1, 9.9 lists the tables a
 * CIDFontType2 needs, and 'post' is not one of them).
 */
void
pl_hpdf_drop_post(HPDF_Doc pdf, const char *name)
{
	HPDF_TTFontDefAttr	 tt = pl_hpdf_tt(pdf, name);
	HPDF_UINT16		 i;

	for (i = 0; tt != NULL && i < tt->offset_tbl.num_tables; i++)
		if (memcmp(tt->offset_tbl.table[i].tag, "post", 4) == 0)
			memcpy(tt->offset_tbl.table[i].tag, "----", 4);
}

/*
 * Write the font's CIDToGIDMap up to its last glyph: libharu writes an
 * entry for each of the 65,536 codes, mostly zeros for the ones nothing
 * draws, and deflates every byte on save.  A code past the end of the
 * map is never drawn.  (The map is known: it is the cmap given.)
 */
static int
pl_hpdf_map(HPDF_Font font, unsigned long first, const unsigned short *gids,
    size_t n)
{
	HPDF_FontAttr	 type0 = font->attr;
	HPDF_Stream	 map = type0->map_stream != NULL ?
			    type0->map_stream->stream : NULL;
	HPDF_BYTE	 chunk[4096];	/* the map a piece at a time */
	size_t		 code = 0, end = first + n, k;
	unsigned short	 gid;

	if (map == NULL)
		return 0;
	HPDF_MemStream_FreeData(map);
	while (code < end) {
		for (k = 0; k < sizeof(chunk) && code < end; k += 2, code++) {
			gid = code < first ? 0 : gids[code - first];
			chunk[k] = (HPDF_BYTE)(gid >> 8);
			chunk[k + 1] = (HPDF_BYTE)gid;
		}
		if (HPDF_Stream_Write(map, chunk, (HPDF_UINT)k) != HPDF_OK)
			return -1;
	}
	return 0;
}

/*
 * HPDF_GetFont with only the codes the font draws in the UTF-8
 * encoder's code-to-CID table, and one more, a code drawing nothing,
 * after the last.  libharu's CIDFontType2 looks up the glyph of each
 * of the 65,536 codes of an encoder of its own kind (UTF-8 is not),
 * and of each code whose CID is not 0 in a CMap encoder; then it
 * writes the widths and the CIDToGIDMap of the codes below the
 * highest one.  So the encoder passes for a CMap encoder of the codes
 * drawn until the font is made, then is put back: the font, its
 * widths and its map are the same, made for a few codes instead of
 * 65,536 (8 M instructions a font).  Its tables while it passes are
 * another copy of its attributes, zeros but for those codes (calloc:
 * pages the kernel gives zeroed, not 256 KB copied and put back).
 */
static HPDF_Font
pl_hpdf_getfont(HPDF_Doc pdf, const char *name, unsigned long first,
    const unsigned short *gids, size_t n)
{
	HPDF_Encoder		 enc = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_CMapEncoderAttr	 ea, codes;
	HPDF_Encoder_ToUnicode_Func fn;
	HPDF_Font		 font;
	unsigned long		 code;
	size_t			 i, rest = offsetof(HPDF_CMapEncoderAttr_Rec,
				    jww_line_head);

	if (enc == NULL || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE ||
	    (ea = enc->attr) == NULL)
		return NULL;
	codes = xcalloc(1, sizeof(*codes));
	memcpy((char *)codes + rest, (char *)ea + rest, sizeof(*ea) - rest);
	for (i = 0; i <= n; i++) {
		code = first + i;
		if (i < n && gids[i] == 0)
			continue;
		codes->cid_map[code >> 8][code & 0xFF] = (HPDF_UINT16)code;
		codes->unicode_map[code >> 8][code & 0xFF] = (HPDF_UNICODE)code;
	}
	fn = enc->to_unicode_fn;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	enc->attr = codes;
	font = HPDF_GetFont(pdf, name, "UTF-8");
	enc->attr = ea;
	enc->to_unicode_fn = fn;
	free(codes);
	return font;
}

/*
 * The two segments: first to the last code, their glyphs in an array,
 * and the 0xFFFF segment that ends a cmap.  libharu finds a code's
 * glyph by a linear search of the segments: with two, a few
 * instructions each.
 */
HPDF_Font
pl_hpdf_font(HPDF_Doc pdf, struct arena *a, const char *name,
    unsigned long first, const unsigned short *gids, size_t n,
    struct pl_hpdf_font **keep)
{
	struct pl_hpdf_font	*k;
	HPDF_TTF_CmapRange	*c;
	HPDF_UINT16		*sc, *ec, *ro;
	HPDF_INT16		*dl;
	HPDF_Font		 font;

	*keep = NULL;
	if (n == 0 || first + n > 0xFFFF)
		return NULL;
	k = arena_alloc(a, sizeof(*k));
	if ((k->tt = pl_hpdf_tt(pdf, name)) == NULL)
		return NULL;
	c = &k->tt->cmap;
	k->full = *c;
	sc = arena_alloc(a, 2 * sizeof(*sc)), ec = arena_alloc(a, 2 * sizeof(*ec));
	ro = arena_alloc(a, 2 * sizeof(*ro)), dl = arena_alloc(a, 2 * sizeof(*dl));
	sc[0] = (HPDF_UINT16)first, ec[0] = (HPDF_UINT16)(first + n - 1);
	sc[1] = ec[1] = 0xFFFF;
	ro[0] = 2 * 2, dl[1] = 1;
	c->seg_count_x2 = 2 * 2;
	c->start_count = sc, c->end_count = ec;
	c->id_delta = dl, c->id_range_offset = ro;
	c->glyph_id_array = arena_alloc(a, n * sizeof(*c->glyph_id_array));
	memcpy(c->glyph_id_array, gids, n * sizeof(*gids));
	c->glyph_id_array_count = (HPDF_UINT)n;
	*keep = k;
	if ((font = pl_hpdf_getfont(pdf, name, first, gids, n)) == NULL ||
	    pl_hpdf_map(font, first, gids, n) == -1)
		return NULL;
	return font;
}

void
pl_hpdf_release(struct pl_hpdf_font *k)
{
	if (k != NULL)
		k->tt->cmap = k->full;
}

/* ------------------------------------------------------------------ */
/*
 * The Type0 font of a subset chkc embeds itself (pl_hpdf_fontfile()),
 * made here as HPDF_GetFont() makes a UTF-8 one in libharu 2.3.0, the
 * same objects in the same order with the same entries, without its
 * cost: the UTF-8 encoder's two 65,536-code tables filled once per
 * document, and for each font 128 KB zeroed, the 65,536 codes read
 * and their encoding CMap written (0.6 ms for one checklist's three
 * fonts).  Nothing reads the encoder or the text measures of such a
 * font: its text is written by pl_hpdf_show(), its ToUnicode map by
 * pl_hpdf_tounicode(), its CIDToGIDMap and descriptor by
 * pl_hpdf_fontfile().
 */

/* The CIDSystemInfo of libharu's UTF-8 encoder. */
static HPDF_Dict
pl_hpdf_sysinfo(HPDF_MMgr mmgr)
{
	HPDF_Dict	 d = HPDF_Dict_New(mmgr);
	HPDF_STATUS	 st = HPDF_OK;

	if (d == NULL)
		return NULL;
	st |= HPDF_Dict_Add(d, "Registry", HPDF_String_New(mmgr, "Adobe",
	    NULL));
	st |= HPDF_Dict_Add(d, "Ordering", HPDF_String_New(mmgr,
	    "Identity-H", NULL));
	st |= HPDF_Dict_AddNumber(d, "Supplement", 0);
	return st == HPDF_OK ? d : NULL;
}

/* CIDFontType2_BeforeWrite_Func's work for a font whose descriptor is
 * made already. */
static HPDF_STATUS
pl_hpdf_type0_save(HPDF_Dict font)
{
	HPDF_FontAttr	 attr = font->attr;

	if (attr->map_stream != NULL)
		attr->map_stream->filter = font->filter;
	if (attr->cmap_stream != NULL)
		attr->cmap_stream->filter = font->filter;
	if (attr->fontdef->descriptor == NULL)
		return HPDF_INVALID_FONTDEF_DATA;
	return HPDF_Dict_Add(attr->descendant_font, "FontDescriptor",
	    attr->fontdef->descriptor);
}

static void
pl_hpdf_type0_free(HPDF_Dict font)
{
	if (font->attr != NULL)
		HPDF_FreeMem(font->mmgr, font->attr);
}

/* The ToUnicode stream, its data written later, as libharu heads it. */
static HPDF_Dict
pl_hpdf_cmap_stream(HPDF_MMgr mmgr, HPDF_Xref xref)
{
	HPDF_Dict	 d = HPDF_DictStream_New(mmgr, xref);
	HPDF_STATUS	 st = HPDF_OK;

	if (d == NULL)
		return NULL;
	st |= HPDF_Dict_AddName(d, "Type", "CMap");
	st |= HPDF_Dict_AddName(d, "CMapName", "UTF-8");
	st |= HPDF_Dict_Add(d, "CIDSystemInfo", pl_hpdf_sysinfo(mmgr));
	st |= HPDF_Dict_AddNumber(d, "WMode", 0);
	return st == HPDF_OK ? d : NULL;
}

/*
 * The widths of codes 0 to first + n - 1, codes first to first + n - 1
 * drawing glyphs map[] of def: runs of the codes whose width is not
 * the default one, each after the code it starts at.  Most codes draw
 * glyph 0 (nothing): its width is looked up once.
 */
static HPDF_STATUS
pl_hpdf_widths(HPDF_Array w, HPDF_FontDef def, unsigned long first,
    const unsigned short *map, size_t n)
{
	HPDF_Array	 run = NULL;
	HPDF_INT16	 dw = def->missing_width;
	HPDF_STATUS	 st = HPDF_OK;
	HPDF_INT	 width, width0 = HPDF_TTFontDef_GetGidWidth(def, 0);
	unsigned long	 code;
	unsigned short	 gid;

	for (code = 0; code < first + n && st == HPDF_OK; code++) {
		gid = code >= first ? map[code - first] : 0;
		width = gid == 0 ? width0 : HPDF_TTFontDef_GetGidWidth(def, gid);
		if (width == dw) {
			run = NULL;
			continue;
		}
		if (run == NULL) {
			st |= HPDF_Array_AddNumber(w, (HPDF_INT32)code);
			if ((run = HPDF_Array_New(w->mmgr)) == NULL)
				return HPDF_FAILD_TO_ALLOC_MEM;
			st |= HPDF_Array_Add(w, run);
		}
		st |= HPDF_Array_AddNumber(run, width);
	}
	return st;
}

/* The CIDFontType2 descendant of a font of def. */
static HPDF_Dict
pl_hpdf_cidfont(HPDF_FontAttr attr, HPDF_MMgr mmgr, unsigned long first,
    const unsigned short *map, size_t n)
{
	HPDF_FontDef	 def = attr->fontdef;
	HPDF_Dict	 d = HPDF_Dict_New(mmgr);
	HPDF_Array	 dw2 = HPDF_Array_New(mmgr), w = HPDF_Array_New(mmgr);
	HPDF_STATUS	 st = HPDF_OK;

	if (d == NULL || dw2 == NULL || w == NULL ||
	    HPDF_Xref_Add(attr->xref, d) != HPDF_OK)
		return NULL;
	st |= HPDF_Dict_AddName(d, "Type", "Font");
	st |= HPDF_Dict_AddName(d, "Subtype", "CIDFontType2");
	st |= HPDF_Dict_AddNumber(d, "DW", def->missing_width);
	st |= HPDF_Dict_Add(d, "DW2", dw2);
	st |= HPDF_Array_AddNumber(dw2, (HPDF_INT32)def->font_bbox.bottom);
	st |= HPDF_Array_AddNumber(dw2, (HPDF_INT32)(def->font_bbox.bottom -
	    def->font_bbox.top));
	st |= HPDF_Dict_Add(d, "W", w);
	st |= pl_hpdf_widths(w, def, first, map, n);
	if (st != HPDF_OK ||
	    (attr->map_stream = HPDF_DictStream_New(mmgr, attr->xref)) == NULL)
		return NULL;
	st |= HPDF_Dict_Add(d, "CIDToGIDMap", attr->map_stream);
	st |= HPDF_Dict_Add(d, "CIDSystemInfo", pl_hpdf_sysinfo(mmgr));
	st |= HPDF_Dict_AddName(d, "BaseFont", ((HPDF_TTFontDefAttr)
	    def->attr)->base_font);
	return st == HPDF_OK ? d : NULL;
}

HPDF_Font
pl_hpdf_type0(HPDF_Doc pdf, const char *name, unsigned long first,
    const unsigned short *map, size_t n)
{
	HPDF_FontDef	 def = HPDF_Doc_FindFontDef(pdf, name);
	HPDF_FontAttr	 attr;
	HPDF_Array	 kids;
	HPDF_Font	 font;
	HPDF_STATUS	 st = HPDF_OK;

	if (def == NULL || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || n == 0 ||
	    (font = HPDF_Dict_New(pdf->mmgr)) == NULL)
		return NULL;
	if ((attr = HPDF_GetMem(pdf->mmgr, sizeof(*attr))) == NULL) {
		HPDF_Dict_Free(font);
		return NULL;
	}
	memset(attr, 0, sizeof(*attr));
	attr->type = HPDF_FONT_TYPE0_TT;
	attr->writing_mode = HPDF_WMODE_HORIZONTAL;
	attr->fontdef = def;
	attr->xref = pdf->xref;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	font->attr = attr;
	font->free_fn = pl_hpdf_type0_free;
	font->before_write_fn = pl_hpdf_type0_save;
	if (pdf->compression_mode & HPDF_COMP_METADATA)
		font->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (HPDF_Xref_Add(pdf->xref, font) != HPDF_OK)
		return NULL;
	st |= HPDF_Dict_AddName(font, "Type", "Font");
	st |= HPDF_Dict_AddName(font, "BaseFont", ((HPDF_TTFontDefAttr)
	    def->attr)->base_font);	/* the subset's tag before it */
	st |= HPDF_Dict_AddName(font, "Subtype", "Type0");
	st |= HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	if (st != HPDF_OK ||
	    (attr->cmap_stream = pl_hpdf_cmap_stream(pdf->mmgr, pdf->xref)) ==
	    NULL || HPDF_Dict_Add(font, "ToUnicode", attr->cmap_stream) !=
	    HPDF_OK || (kids = HPDF_Array_New(pdf->mmgr)) == NULL ||
	    HPDF_Dict_Add(font, "DescendantFonts", kids) != HPDF_OK ||
	    (attr->descendant_font = pl_hpdf_cidfont(attr, pdf->mmgr, first,
	    map, n)) == NULL ||
	    HPDF_Array_Add(kids, attr->descendant_font) != HPDF_OK ||
	    HPDF_List_Add(pdf->font_mgr, font) != HPDF_OK)
		return NULL;
	return font;
}

/*
 * The descriptor libharu 2.3.0 makes before it saves a CIDFontType2
 * (CIDFontType2_BeforeWrite_Func), the same keys in the same order,
 * with data as the FontFile2.  libharu makes a descriptor only for a
 * font definition that has none: it then only links this one.
 */
int
pl_hpdf_fontfile(HPDF_Font font, const char *data, size_t len, int xheight,
    unsigned long first, const unsigned short *map, size_t n)
{
	HPDF_FontAttr		 type0 = font->attr;
	HPDF_FontDef		 def = type0->fontdef;
	HPDF_TTFontDefAttr	 tt = def->attr;
	HPDF_Dict		 d, file;
	HPDF_STATUS		 st = HPDF_OK;

	if ((d = HPDF_Dict_New(font->mmgr)) == NULL ||
	    (file = HPDF_DictStream_New(font->mmgr, type0->xref)) == NULL)
		return -1;
	st |= HPDF_Stream_Write(file->stream, (const HPDF_BYTE *)data,
	    (HPDF_UINT)len);
	st |= HPDF_Dict_Add(d, "FontFile2", file);
	st |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len);
	st |= HPDF_Dict_AddNumber(file, "Length2", 0);
	st |= HPDF_Dict_AddNumber(file, "Length3", 0);
	file->filter = font->filter;
	st |= HPDF_Xref_Add(type0->xref, d);
	st |= HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	st |= HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
	st |= HPDF_Dict_AddNumber(d, "Descent", def->descent);
	st |= HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
	st |= HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(font->mmgr,
	    def->font_bbox));
	st |= HPDF_Dict_AddName(d, "FontName", tt->base_font);
	st |= HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
	st |= HPDF_Dict_AddNumber(d, "StemV", def->stemv);
	st |= HPDF_Dict_AddNumber(d, "XHeight", xheight);
	def->descriptor = d;
	if (st != HPDF_OK)
		return -1;
	return pl_hpdf_map(font, first, map, n);
}

/*
 * libharu 2.3.0 writes its UTF-8 encoding CMap as the ToUnicode map, a
 * cidrange a ToUnicode map may not hold (poppler: "Invalid
 * 'begincidrange' operator in ToUnicode CMap", then it guesses).
 */
int
pl_hpdf_tounicode(HPDF_Font font, const char *cmap, size_t len)
{
	HPDF_FontAttr	 type0 = font->attr;
	HPDF_Stream	 s = type0->cmap_stream != NULL ?
			    type0->cmap_stream->stream : NULL;

	if (s == NULL)
		return 0;
	HPDF_MemStream_FreeData(s);
	return HPDF_Stream_Write(s, (const HPDF_BYTE *)cmap, (HPDF_UINT)len) ==
	    HPDF_OK ? 0 : -1;
}

/*
 * The Filter entry of a stream deflated here: libharu writes what a
 * dictionary's write_fn writes after its entries, where its own
 * "/Filter [ /FlateDecode ]" would have been.
 */
static HPDF_STATUS
pl_hpdf_flate_key(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

/*
 * Deflate the stream of d with c, in place: its data is the deflated
 * bytes, which libharu then copies as they are (no filter of its own)
 * under the Filter entry above.
 */
static int
pl_hpdf_deflate_one(const struct deflate_lib *z, HPDF_Dict d,
    struct libdeflate_compressor *c)
{
	HPDF_Stream	 s = d->stream;
	HPDF_UINT	 i, n = HPDF_MemStream_GetBufCount(s), len;
	HPDF_BYTE	*p;
	unsigned char	*in, *out;
	size_t		 size = s->size, at = 0, bound, got;
	int		 rc = -1;

	in = xmalloc(size);
	for (i = 0; i < n && (p = HPDF_MemStream_GetBufPtr(s, i, &len)) !=
	    NULL && len <= size - at; i++, at += len)
		memcpy(in + at, p, len);
	bound = z->zlib_bound(c, size);
	out = xmalloc(bound);
	if (at == size && (got = z->zlib(c, in, size, out,
	    bound)) > 0) {
		HPDF_MemStream_FreeData(s);
		if (HPDF_Stream_Write(s, out, (HPDF_UINT)got) == HPDF_OK) {
			d->filter = HPDF_STREAM_FILTER_NONE;
			d->write_fn = pl_hpdf_flate_key;
			rc = 0;
		}
	}
	free(in);
	free(out);
	return rc;
}

/* A stream libharu would deflate, of d: its data are in memory. */
static int
pl_hpdf_flated(HPDF_Dict d)
{
	return d != NULL && (d->header.obj_class & HPDF_OCLASS_ANY) ==
	    HPDF_OCLASS_DICT && d->stream != NULL && d->stream->size > 0 &&
	    d->stream->type == HPDF_STREAM_MEMORY &&
	    d->filter == HPDF_STREAM_FILTER_FLATE_DECODE && d->write_fn == NULL;
}

/*
 * A Type0 font's CIDToGIDMap and ToUnicode streams get the font's
 * filter as the font is saved (CIDFontType2_BeforeWrite_Func): they
 * are deflated here with that filter, and the font's becomes none.
 */
static int
pl_hpdf_deflate_font(const struct deflate_lib *z, HPDF_Dict font,
    struct libdeflate_compressor *c)
{
	HPDF_FontAttr	 attr;
	HPDF_Dict	 s[2];
	int		 i;

	/* every object starts with its header; only a font is a font */
	if (font->header.obj_class != (HPDF_OCLASS_DICT |
	    HPDF_OSUBCLASS_FONT) || (attr = font->attr) == NULL ||
	    attr->type != HPDF_FONT_TYPE0_TT ||
	    font->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
		return 0;
	s[0] = attr->map_stream, s[1] = attr->cmap_stream;
	for (i = 0; i < 2; i++) {
		if (s[i] == NULL || s[i]->filter != HPDF_STREAM_FILTER_NONE)
			continue;
		s[i]->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		if (pl_hpdf_flated(s[i]) &&
		    pl_hpdf_deflate_one(z, s[i], c) == -1)
			return -1;
		s[i]->filter = HPDF_STREAM_FILTER_NONE;	/* empty: none */
	}
	font->filter = HPDF_STREAM_FILTER_NONE;
	return 0;
}

/*
 * libharu 2.3.0 deflates every stream with zlib at its default level,
 * 4 KB a call (HPDF_Stream_WriteToStreamWithDeflate), and nothing
 * sets another level or deflater.  libdeflate, given a stream whole,
 * makes the same format in a third of the time.  Every stream goes
 * through one compressor, at level 1: against level 6 for the pages
 * (with level 1 for the font programs, which barely compress), a
 * one-checklist PDF takes 6 % fewer instructions and 57 fewer pages of
 * memory (a second compressor, whose hash tables each compression
 * clears), for files 1.3 % bigger (bench/RESULTS.md, "An eighth
 * pass").  An empty stream is left to libharu, and every one where
 * libdeflate cannot be loaded (tests/suites/nodeflate.sh).
 */
int
pl_hpdf_deflate(HPDF_Doc pdf)
{
	const struct deflate_lib	*z = deflate_lib();
	struct libdeflate_compressor	*c;
	HPDF_Xref			 x;
	HPDF_XrefEntry			 e;
	HPDF_Dict			 d;
	HPDF_UINT			 i;
	int				 rc = 0;

	if (z == NULL)
		return 0;
	if ((c = deflate_compressor(1)) == NULL)
		rc = -1;
	for (x = pdf->xref; rc == 0 && x != NULL; x = x->prev)
		for (i = 0; rc == 0 && i < x->entries->count; i++) {
			e = HPDF_List_ItemAt(x->entries, i);
			if (e == NULL || (d = e->obj) == NULL)
				continue;
			rc = pl_hpdf_deflate_font(z, d, c);
			if (rc == 0 && pl_hpdf_flated(d))
				rc = pl_hpdf_deflate_one(z, d, c);
		}
	return rc;
}

/*
 * What HPDF_Page_SetTextMatrix(1, 0, slant, 1, x, y) and
 * HPDF_Page_ShowText(s) write.  libharu measures the text again
 * through its font (to move a text position nothing here reads),
 * encodes it, formats the matrix in a 512-byte buffer it zeroes byte
 * by byte, and copies each piece byte by byte: 16,000 instructions a
 * run of text.  The matrix's bytes are the same (libharu's number
 * format, HPDF_FToA); the text is each UTF-8 character's 16-bit code
 * (the UTF-8 encoder's codes are the code points of the BMP).
 */
static int
pl_hpdf_put(HPDF_Page pg, const char *p, size_t len)
{
	HPDF_PageAttr	 attr = pg->attr;

	if (attr->gmode != HPDF_GMODE_TEXT_OBJECT)
		return -1;
	return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)p,
	    (HPDF_UINT)len) == HPDF_OK ? 0 : -1;
}

int
pl_hpdf_matrix(HPDF_Page pg, float slant, float x, float y)
{
	const float	 m[6] = { 1, 0, slant, 1, x, y };
	char		 tm[6 * (HPDF_REAL_LEN + 2) + 4], *p = tm;
	int		 i;

	for (i = 0; i < 6; i++) {
		p = HPDF_FToA(p, m[i], p + HPDF_REAL_LEN);
		*p++ = ' ';
	}
	memcpy(p, "Tm\012", 3);
	return pl_hpdf_put(pg, tm, (size_t)(p + 3 - tm));
}

/*
 * The string of each character's 16-bit code, high byte first, as a
 * literal string: libharu writes it in hex, twice the bytes, which
 * took a third longer to deflate.  A backslash goes before the bytes
 * a literal string gives a meaning (parentheses, the backslash) or
 * reads otherwise (CR and LF: an end of line in a string is read as
 * LF; ISO 32000-1, 7.3.4.2).
 */
int
pl_hpdf_show(HPDF_Page pg, const char *s)
{
	size_t		 len = strlen(s), i, k;
	unsigned long	 cp;
	unsigned char	 b[2];
	char		*tj, *p;
	int		 rc, j;

	/* a character is 1 byte at least, 2 escaped bytes at most */
	p = tj = xmalloc(4 * len + 8);
	*p++ = '(';
	for (i = 0; i < len; i += k) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1, cp = (unsigned char)s[i];
		b[0] = (unsigned char)(cp >> 8), b[1] = (unsigned char)cp;
		for (j = 0; j < 2; j++) {
			if (b[j] == '(' || b[j] == ')' || b[j] == '\\')
				*p++ = '\\', *p++ = (char)b[j];
			else if (b[j] == '\r' || b[j] == '\n')
				*p++ = '\\', *p++ = b[j] == '\r' ? 'r' : 'n';
			else
				*p++ = (char)b[j];
		}
	}
	memcpy(p, ") Tj\012", 5);
	rc = pl_hpdf_put(pg, tj, (size_t)(p + 5 - tj));
	free(tj);
	return rc;
}

/*
 * libharu 2.3.0 fills and copies memory a byte at a time (HPDF_MemSet,
 * HPDF_MemCpy in hpdf_utils.c): 128 KB zeroed on the stack for every
 * Type0 font, every byte of every stream copied so into its buffers,
 * 10 % of one checklist's PDF.  libharu calls the two through its
 * procedure linkage table, and a program's definition of a shared
 * library's function is the one the library's own calls reach, as
 * with malloc: these.  They do what libharu's do, with libc's memset
 * and memmove, and return what libharu's return, the end of the bytes
 * written (not the start, as memset and memcpy do).
 */
void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n == 0)
		return s;
	return (HPDF_BYTE *)memset(s, c, n) + n;
}

HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n == 0)
		return out;
	return (HPDF_BYTE *)memmove(out, in, n) + n;
}

#else /* another libharu: nothing here was verified with it */

int
pl_hpdf_private(void)
{
	return 0;
}

void
pl_hpdf_drop_post(HPDF_Doc pdf, const char *name)
{
	(void)pdf, (void)name;
}

HPDF_Font
pl_hpdf_font(HPDF_Doc pdf, struct arena *a, const char *name,
    unsigned long first, const unsigned short *gids, size_t n,
    struct pl_hpdf_font **keep)
{
	(void)pdf, (void)a, (void)name, (void)first, (void)gids, (void)n;
	*keep = NULL;
	return NULL;
}

void
pl_hpdf_release(struct pl_hpdf_font *k)
{
	(void)k;
}

HPDF_Font
pl_hpdf_type0(HPDF_Doc pdf, const char *name, unsigned long first,
    const unsigned short *map, size_t n)
{
	(void)pdf, (void)name, (void)first, (void)map, (void)n;
	return NULL;
}

int
pl_hpdf_tounicode(HPDF_Font font, const char *cmap, size_t len)
{
	(void)font, (void)cmap, (void)len;
	return -1;
}

int
pl_hpdf_fontfile(HPDF_Font font, const char *data, size_t len, int xheight,
    unsigned long first, const unsigned short *map, size_t n)
{
	(void)font, (void)data, (void)len, (void)xheight;
	(void)first, (void)map, (void)n;
	return -1;
}

int
pl_hpdf_deflate(HPDF_Doc pdf)
{
	(void)pdf;
	return -1;
}

int
pl_hpdf_matrix(HPDF_Page pg, float slant, float x, float y)
{
	(void)pg, (void)slant, (void)x, (void)y;
	return -1;
}

int
pl_hpdf_show(HPDF_Page pg, const char *s)
{
	(void)pg, (void)s;
	return -1;
}

#endif
