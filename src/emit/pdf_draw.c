/*
 * The laid-out document drawn with libharu (pdf_engine.h): the fonts
 * made, now that what each draws is known, every page's display list
 * drawn in order, the document's info set and the file's bytes saved
 * to memory with a document id made from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit/emit.h"
#include "emit/pdf_engine.h"
#include "emit/pdf_hpdf_private.h"
#include "emit/pdf_layout.h"
#include "sha256.h"

/* ------------------------------------------------------------------ */
/* Drawing the display list. */

static int
pl_draw_cmp(const void *a, const void *b)
{
	const struct pl_op	*x = a, *y = b;

	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Set the fill or stroke colour, the line width, the font, unless the
 * page's graphics state (libharu's, saved and restored with the page's)
 * has it already: most runs of text are in the font and colour of the
 * one before, and each operator repeated was written, then deflated.
 */
static HPDF_STATUS
pl_draw_color(HPDF_Page pg, unsigned rgb, int fill)
{
	float		 r = (rgb >> 16) / 255.0f;
	float		 g = ((rgb >> 8) & 0xFF) / 255.0f;
	float		 b = (rgb & 0xFF) / 255.0f;
	HPDF_RGBColor	 now = fill ? HPDF_Page_GetRGBFill(pg) :
			    HPDF_Page_GetRGBStroke(pg);

	if (now.r == r && now.g == g && now.b == b)
		return HPDF_OK;
	return fill ? HPDF_Page_SetRGBFill(pg, r, g, b) :
	    HPDF_Page_SetRGBStroke(pg, r, g, b);
}

static HPDF_STATUS
pl_draw_width(HPDF_Page pg, float lw)
{
	return HPDF_Page_GetLineWidth(pg) == lw ? HPDF_OK :
	    HPDF_Page_SetLineWidth(pg, lw);
}

static HPDF_STATUS
pl_draw_font(HPDF_Page pg, HPDF_Font font, float size)
{
	if (HPDF_Page_GetCurrentFont(pg) == font &&
	    HPDF_Page_GetCurrentFontSize(pg) == size)
		return HPDF_OK;
	return HPDF_Page_SetFontAndSize(pg, font, size);
}

static HPDF_STATUS
pl_draw_text(struct pl *pl, HPDF_Page pg, const struct pl_op *op)
{
	const struct pl_font	*f = &pl->f[op->face];
	const char		*s;
	float			 slant = op->italic ? PL_SLANT : 0;
	int			 own = pl->priv && f->own;
	HPDF_STATUS		 st = HPDF_OK;

	if (HPDF_Page_GetGMode(pg) != HPDF_GMODE_TEXT_OBJECT)
		st |= HPDF_Page_BeginText(pg);
	st |= pl_draw_font(pg, f->font, op->size);
	st |= pl_draw_color(pg, op->rgb, 1);
	/*
	 * Where the font file is not libharu's, which it makes of the
	 * glyphs ShowText measured, the matrix and the text are written
	 * here (pdf_hpdf_private.c).  As ShowText, nothing of no width
	 * (op->w).
	 */
	if (own && pl_hpdf_matrix(pg, slant, op->x, op->y) == -1)
		st |= HPDF_INVALID_PAGE;
	else if (!own)
		st |= HPDF_Page_SetTextMatrix(pg, 1, 0, slant, 1, op->x, op->y);
	if (op->bold) {
		/* outlined too, in the same colour: bolder by a stroke */
		st |= pl_draw_color(pg, op->rgb, 0);
		st |= pl_draw_width(pg, 0.04f * op->size);
		st |= HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL_THEN_STROKE);
	}
	s = pl_font_coded(pl, f, op->s);
	if (own && op->w != 0 && pl_hpdf_show(pg, s) == -1)
		st |= HPDF_INVALID_PAGE;
	else if (!own)
		st |= HPDF_Page_ShowText(pg, s);
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
	st |= pl_draw_color(pg, op->rgb, op->fill);
	if (!op->fill)
		st |= pl_draw_width(pg, op->size);
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
pl_draw_pages(struct pl *pl)
{
	size_t	 i = 0;
	int	 f;

	for (f = 0; f < pl->nfonts; f++)
		if (pl->f[f].any && pl_font_make(pl, &pl->f[f]) == -1)
			return -1;
	qsort(pl->ops, pl->nops, sizeof(*pl->ops), pl_draw_cmp);
	while (i < pl->nops)
		if (pl_draw_page(pl, &i) == -1)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Saving. */

/* Fixed dates when SOURCE_DATE_EPOCH is given, none otherwise. */
static int
pl_draw_info(struct pl *pl, const struct pdf_opts *o)
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
pl_draw_id(struct pl *pl, const unsigned char *data, size_t len,
    struct buf *out)
{
	static const char	 tail[] = ">>\nstartxref";
	unsigned char		 md[SHA256_LEN];
	char			 hex[33];
	size_t			 at, i;

	for (at = len; at >= sizeof(tail) - 1; at--)
		if (memcmp(data + at - (sizeof(tail) - 1), tail,
		    sizeof(tail) - 1) == 0)
			break;
	if (at < sizeof(tail) - 1) {
		diag_add(pl->d, NULL, DIAG_ERROR, "pdf: cannot set the "
		    "document id");
		return -1;
	}
	sha256(data, len, md);
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
pl_draw_save(struct pl *pl, struct buf *out)
{
	unsigned char	*data;
	HPDF_UINT32	 size, got;
	int		 rc = -1;

	if (pl->priv && pl_hpdf_deflate(pl->pdf) == -1)
		return pl_hfail(pl, "deflating");
	if (HPDF_SaveToStream(pl->pdf) != HPDF_OK)
		return pl_hfail(pl, "saving");
	size = got = HPDF_GetStreamSize(pl->pdf);
	data = xmalloc(size + 1);
	if (size == 0 || HPDF_ResetStream(pl->pdf) != HPDF_OK ||
	    HPDF_ReadFromStream(pl->pdf, data, &got) != HPDF_OK || got != size)
		pl_hfail(pl, "reading the document");
	else
		rc = pl_draw_id(pl, data, size, out);
	free(data);
	return rc;
}

/* Make the fonts, draw the pages, and save the document into out. */
int
pl_draw(struct pl *pl, const struct pdf_opts *o, struct buf *out)
{
	if (pl_draw_pages(pl) == -1 || pl_draw_info(pl, o) == -1)
		return -1;
	return pl_draw_save(pl, out);
}

const char *
emit_pdf_engine(const struct pdf_opts *o)
{
	static char	engine[64];

	snprintf(engine, sizeof(engine), "libharu %s, %s path",
	    HPDF_GetVersion(), pl_hpdf_private() && (o == NULL ||
	    !o->pdf_public) ? "private" : "public");
	return engine;
}
