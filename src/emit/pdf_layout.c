/*
 * The PDF layout engine (pdf_layout.h): the page, the cursor and page
 * breaks, the display list, boxes and lines, code blocks, tables, the
 * header and footer of every page, and the document from start to
 * saved bytes.
 *
 * Two passes.  Layout appends drawing operations to a display list,
 * page by page; nothing touches a libharu page yet.  Then the fonts
 * are made, every page drawn with its header and "page N of M" footer,
 * and the document saved to memory (pdf_draw.c).  Rich text and its
 * wrapping are pdf_text.c, fonts pdf_font.c, Markdown pdf_md.c.
 *
 * What remains of a short document's cost, about two thirds, is
 * libharu parsing the font files, copying the subsets through its
 * streams and deflating them on save; it is per document and cannot
 * be shared between documents.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit/emit.h"
#include "emit/pdf_engine.h"
#include "emit/pdf_hpdf_private.h"
#include "emit/pdf_layout.h"

struct emit_limits emit_limits = {
	.max_pages = 2000,
};

/* ------------------------------------------------------------------ */
/* Small things. */

void *
pl_room(struct pl *pl, void *p, size_t n, size_t want, size_t *cap,
    size_t size)
{
	void	*np;

	if (want <= *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	if (*cap < want)
		*cap = want;
	np = arena_alloc(pl->a, *cap * size);
	if (n > 0)
		memcpy(np, p, n * size);
	return np;
}

void *
pl_grow(struct pl *pl, void *p, size_t n, size_t *cap, size_t size)
{
	return pl_room(pl, p, n, n + 1, cap, size);
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

int
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

struct pl_op *
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

void
pl_line_op(struct pl *pl, int page, float x, float y, float w, float h,
    float lw, unsigned rgb)
{
	struct pl_op	*op = pl_op(pl, PL_OP_LINE, page);

	op->x = x, op->y = y, op->w = w, op->h = h;
	op->size = lw;
	op->rgb = rgb;
}

void
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
/* Boxes and lines. */

void
pl_checkbox(struct pl *pl, const struct pl_mark *m, float x,
    enum chk_state state, int critical)
{
	float		 b = 0.9f * m->size, y = m->base - 0.085f * m->size;
	unsigned	 pen = pl_text_rgb(PL_PEN), red = pl_text_rgb(PL_RED);

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
			op->w = b / 4, op->fill = 1;
			op->rgb = pl_text_rgb(PL_PEN);
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
	n = pl_text_wrap(pl, t, width - 4, width - 4, 0, &l);
	for (i = 0; i < n || i < (size_t)min; i++) {
		pl_reserve(pl, 13, x, &m);
		pl_line_op(pl, m.page, x, m.base - 2.5f, width, 0, 0.5f,
		    0x777777);
		if (i < n)
			pl_text_line_ops(pl, t, &l[i], m.page, x + 2, m.base);
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
	if (pl_font_glyph(&pl->f[PL_MONOFACE], 0x21AA))
		pl_text_plain(pl, arrow, "\xE2\x86\xAA", PL_MONO | PL_MUTED);
	ind = 2 * 0.602f * PL_CODESIZE;
	n = pl_text_wrap(pl, t, width - 2 * pad, width - 2 * pad - ind, 1, &l);
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
				pl_text_line_ops(pl, arrow, &al, pl->page,
				    x + pad, top - PL_ASC * PL_CODESIZE);
			pl_text_line_ops(pl, t, &l[i], pl->page,
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
		n = pl_text_wrap(pl, row[c], cw[c] - 2 * PL_PAD,
		    cw[c] - 2 * PL_PAD, 0, &l);
		if (cut) {
			op = pl_op(pl, PL_OP_CLIP, pl->page);
			op->x = x, op->y = pl->y - h, op->w = cw[c], op->h = h;
		}
		base = pl->y - PL_PAD;
		for (i = 0; i < n; i++) {
			base -= PL_ASC * l[i].size;
			pl_text_line_ops(pl, row[c], &l[i], pl->page,
			    x + PL_PAD, base);
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
	pl_md_text(pl, title, doc->title, PL_MUTED);
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
/* The document. */

void
emit_pdf_opts_init(struct pdf_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->paper = PDF_A4;
	o->source_date_epoch = -1;
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

/* The first missing character, once per document: at the text that
 * has it, or, drawn before any (a title, a project's name), under the
 * document's subject ("checklist thebot/deploy"). */
static void
pl_missing(struct pl *pl)
{
	char	what[128];

	if (pl->nmissing == 0)
		return;
	snprintf(what, sizeof(what), "%zu character%s not in the fonts, "
	    "drawn as U+FFFD (the first: U+%04lX)", pl->nmissing,
	    pl->nmissing == 1 ? "" : "s", pl->miss_cp);
	if (pl->miss_at.file != NULL)
		diag_add(pl->d, &pl->miss_at, DIAG_WARNING, "pdf: %s", what);
	else
		diag_add(pl->d, NULL, DIAG_WARNING, "pdf: %s: %s",
		    pl->doc->subject, what);
}

void
pl_doc_of(struct pl_doc *doc, const struct chk_list *cl, const char *kind,
    char *subject, size_t size)
{
	snprintf(subject, size, "%s %s/%s", kind,
	    cl->project != NULL ? cl->project : "",
	    cl->id != NULL ? cl->id : "");
	doc->project = cl->project_name != NULL ? cl->project_name :
	    cl->project;
	doc->title = cl->title;
	doc->revision = cl->revision;
	doc->hash = cl->hash;
	doc->lang = cl->lang;
	doc->subject = subject;
	doc->refs = NULL;
}

int
pl_document(const struct pl_doc *doc, const struct pdf_opts *o,
    pl_build_fn build, const void *arg, struct buf *out, struct diag *d)
{
	struct pl	 pl;
	struct pdf_opts	 def;
	int		 rc = -1, i;

	if (o == NULL) {
		emit_pdf_opts_init(&def);
		o = &def;
	}
	memset(&pl, 0, sizeof(pl));
	pl.a = arena_new();
	pl.d = d;
	pl.doc = doc;
	pl.priv = pl_hpdf_private() && !o->pdf_public;
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
	if (pl_font_init(&pl, o) == -1)
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
	if (pl_draw(&pl, o, out) == -1)
		goto out;
	pl_missing(&pl);
	rc = 0;
out:
	for (i = pl.nfonts; i-- > 0; ) {
		pl_hpdf_release(pl.f[i].keep);
		pl_sfnt_close(&pl.f[i].sf);
	}
	if (pl.pdf != NULL)
		HPDF_Free(pl.pdf);
	free(pl.ops);
	arena_free(pl.a);
	return rc;
}
