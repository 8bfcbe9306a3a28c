/*
 * The printable checklist (doc/format.md §5): a title block, the run's
 * header fields, the sections with their checks, fill-in lines, choice
 * boxes, tables, code and Markdown, a notes area and the sign-off
 * tables.  With a run the same code ticks the boxes and writes the
 * values, reasons, failures and names in.  Layout: pdf_layout.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "diag.h"
#include "emit/emit.h"
#include "emit/pdf_layout.h"

struct pdf {
	struct pl		*pl;
	const struct chk_list	*cl;
	const struct chk_run	*run;
	const char		*lang;
};

typedef void	(*pdf_item_fn)(struct pdf *, const struct chk_item *, float,
		    float);

static void	pdf_check(struct pdf *, const struct chk_item *, float, float);
static void	pdf_field(struct pdf *, const struct chk_item *, float, float);
static void	pdf_table(struct pdf *, const struct chk_item *, float, float);
static void	pdf_md(struct pdf *, const struct chk_item *, float, float);

static const pdf_item_fn pdf_items[CHK_ITEM__MAX] = {
	pdf_check,	/* CHK_ITEM_CHECK */
	pdf_field,	/* CHK_ITEM_FIELD */
	pdf_table,	/* CHK_ITEM_TABLE */
	pdf_md,		/* CHK_ITEM_MD */
};

/* ------------------------------------------------------------------ */
/* The run's answers. */

/* The answer for an item or a run field ("fields.<id>"). */
static const struct chk_answer *
pdf_answer(const struct chk_run *run, const struct chk_item *it)
{
	return model_answer(run, it->path);
}

/* Is option opt among the value's lines (bool: yes/true, no/false)? */
static int
pdf_picked(const char *value, const char *opt, int isbool, int yes)
{
	if (value == NULL)
		return 0;
	if (isbool)
		return yes ? strcmp(value, "true") == 0 ||
		    strcmp(value, "yes") == 0 : strcmp(value, "false") == 0 ||
		    strcmp(value, "no") == 0;
	return model_value_has(value, opt);
}

/* The line under an answered item: failure, N/A reason, who and when. */
static void
pdf_note(struct pdf *p, const struct chk_answer *a, float x, float w)
{
	struct pl_text	*t;
	const char	*what = NULL, *key = "done";
	int		 style = PL_MUTED;

	if (a == NULL || (a->failed == NULL && a->na == NULL &&
	    a->by == NULL && a->at == NULL))
		return;
	if (a->failed != NULL)
		what = a->failed, key = "failed", style = PL_RED;
	else if (a->na != NULL)
		what = a->na, key = "na";
	t = pl_text_new(p->pl, PL_DETAIL);
	pl_text_plain(p->pl, t, label_get(p->lang, key), style | PL_BOLD);
	pl_text_plain(p->pl, t, ": ", style);
	pl_text_plain(p->pl, t, what, style | PL_PEN);
	if (what != NULL && (a->by != NULL || a->at != NULL))
		pl_text_plain(p->pl, t, " \xE2\x80\x94 ", style);
	pl_text_plain(p->pl, t, a->by, style);
	if (a->by != NULL && a->at != NULL)
		pl_text_plain(p->pl, t, ", ", style);
	pl_text_plain(p->pl, t, pl_datetime(p->pl, a->at), style);
	pl_text_draw(p->pl, t, x, w, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Fields: fill-in lines and choice boxes. */

/*
 * Where form of width need goes after the text whose last line is m
 * (have: there is such text): on that line if it fits, else on a new
 * line at x, m moved there.  Returns the x to draw at.
 */
static float
pdf_room(struct pdf *p, struct pl_mark *m, int have, float x, float w,
    float need)
{
	if (have && m->end + 8 + need <= x + w)
		return m->end + 8;
	pl_reserve(p->pl, 12, x, m);
	return x;
}

/* The length of a fill-in line by type (text: to the line's end). */
static float
pdf_fill_width(enum chk_field_type type)
{
	switch (type) {
	case CHK_FIELD_NUMBER:
	case CHK_FIELD_DATE:
		return 32 * PL_MM;
	case CHK_FIELD_TIME:
		return 22 * PL_MM;
	case CHK_FIELD_DATETIME:
		return 48 * PL_MM;
	default:
		return 45 * PL_MM;
	}
}

/* A one-line fill-in with its unit and range; a value too long for
 * the line is written on ruled lines below. */
static void
pdf_fill(struct pdf *p, const struct chk_field *f, const char *value,
    struct pl_mark *m, int have, float x, float w)
{
	struct pl_text	*u = pl_text_new(p->pl, PL_BODY), *v;
	char		 range[80];
	float		 uw, vw, minw, need = pdf_fill_width(f->type), cx, end;

	pl_text_plain(p->pl, u, f->unit, PL_MUTED);
	if (f->has_min || f->has_max) {
		snprintf(range, sizeof(range), " (%.10g\xE2\x80\x93%.10g)",
		    f->min, f->max);
		if (!f->has_min)
			snprintf(range, sizeof(range), " (\xE2\x89\xA4 %.10g)",
			    f->max);
		else if (!f->has_max)
			snprintf(range, sizeof(range), " (\xE2\x89\xA5 %.10g)",
			    f->min);
		pl_text_plain(p->pl, u, range, PL_MUTED | PL_SMALL);
	}
	pl_text_extent(u, &minw, &uw);
	uw += uw > 0 ? 4 : 0;
	cx = pdf_room(p, m, have, x, w, need + uw);
	end = f->type == CHK_FIELD_TEXT ? x + w - uw : cx + need;
	v = pl_text_new(p->pl, PL_BODY);
	pl_text_plain(p->pl, v, value, PL_PEN);
	pl_text_extent(v, &minw, &vw);
	pl_fill(p->pl, m->page, cx, end, m->base,
	    vw <= end - cx - 4 ? value : NULL);
	pl_text_line(p->pl, u, m->page, end + 4, m->base, x + w - end - 4);
	if (vw > end - cx - 4)
		pl_ruled(p->pl, value, x, w, 1);
}

static void
pdf_options(struct pdf *p, const struct chk_field *f, const char *value,
    struct pl_mark *m, int have, float x, float w)
{
	const char	*yn[2];
	const char	*const *opts = f->options;
	size_t		 n = f->noptions, i;
	int		 isbool = f->type == CHK_FIELD_BOOL;
	float		 ow, cx;

	if (isbool) {
		yn[0] = label_get(p->lang, "yes");
		yn[1] = label_get(p->lang, "no");
		opts = yn, n = 2;
	}
	for (i = 0; i < n; i++) {
		ow = pl_option_width(p->pl, opts[i], PL_BODY);
		cx = pdf_room(p, m, have || i > 0, x, w, ow - 12);
		pl_option(p->pl, m->page, cx, m->base, PL_BODY, opts[i],
		    f->type != CHK_FIELD_MULTICHOICE,
		    pdf_picked(value, opts[i], isbool, i == 0));
		m->end = cx + ow - 8;
	}
}

/* The form part of a field, after its label ending at m. */
static void
pdf_field_form(struct pdf *p, const struct chk_field *f, const char *value,
    struct pl_mark *m, int have, float x, float w)
{
	switch (f->type) {
	case CHK_FIELD_LONGTEXT:
		pl_space(p->pl, 2);
		pl_ruled(p->pl, value, x, w, 3);
		break;
	case CHK_FIELD_BOOL:
	case CHK_FIELD_CHOICE:
	case CHK_FIELD_MULTICHOICE:
		pdf_options(p, f, value, m, have, x, w);
		break;
	default:
		pdf_fill(p, f, value, m, have, x, w);
		break;
	}
}

/* A field's label: Markdown, a red star when required. */
static struct pl_text *
pdf_label(struct pdf *p, const char *label, const struct chk_field *f)
{
	struct pl_text	*t = pl_text_new(p->pl, PL_BODY);

	pl_md_text(p->pl, t, label, 0);
	if (!pl_text_empty(t) && f->type != CHK_FIELD_LONGTEXT &&
	    !emit_md_colon(label))
		pl_text_plain(p->pl, t, ":", 0);
	if (f->required)
		pl_text_plain(p->pl, t, " *", PL_RED | PL_BOLD);
	return t;
}

static void
pdf_field(struct pdf *p, const struct chk_item *it, float x, float w)
{
	const struct chk_answer	*a = pdf_answer(p->run, it);
	const struct chk_field	*f = it->field;
	struct pl_text		*t;
	struct pl_mark		 m;

	if (f == NULL)
		return;
	pl_at(p->pl, &it->loc);
	t = pdf_label(p, f->label != NULL ? f->label : it->text, f);
	pl_need(p->pl, 2 * 12 * 1.3f);
	if (!pl_text_empty(t))
		pl_text_draw(p->pl, t, x, w, NULL, &m);
	pdf_field_form(p, f, a != NULL ? a->value : NULL, &m,
	    !pl_text_empty(t), x, w);
	pdf_note(p, a, x, w);
	pl_space(p->pl, 4);
}

/* ------------------------------------------------------------------ */
/* Checks. */

static void
pdf_check_text(struct pdf *p, const struct chk_item *it, struct pl_text *t)
{
	char	 role[256];

	pl_md_text(p->pl, t, it->text, 0);
	if (it->critical) {
		pl_text_plain(p->pl, t, "  ", 0);
		pl_text_plain(p->pl, t, label_get(p->lang, "critical"),
		    PL_BOLD | PL_RED | PL_SMALL);
	}
	if (it->role != NULL) {
		snprintf(role, sizeof(role), "  %s: %s",
		    label_get(p->lang, "role"), it->role);
		pl_text_plain(p->pl, t, role, PL_MUTED | PL_SMALL);
	}
}

/* The check's own field: on the text's last line when it fits. */
static void
pdf_check_field(struct pdf *p, const struct chk_field *f,
    const struct chk_answer *a, struct pl_mark *last, float x, float w)
{
	struct pl_text	*t;
	struct pl_mark	 m = *last;
	int		 have = 1;

	if (f->label != NULL) {
		t = pdf_label(p, f->label, f);
		pl_text_draw(p->pl, t, x, w, NULL, &m);
	}
	pdf_field_form(p, f, a != NULL ? a->value : NULL, &m, have, x, w);
}

static void
pdf_check(struct pdf *p, const struct chk_item *it, float x, float w)
{
	const struct chk_answer	*a = pdf_answer(p->run, it);
	struct pl_text		*t = pl_text_new(p->pl, PL_BODY);
	struct pl_mark		 first, last;
	float			 tx = x + PL_INDENT, tw = w - PL_INDENT;
	size_t			 i;

	pl_at(p->pl, &it->loc);
	pdf_check_text(p, it, t);
	if (pl_text_empty(t)) {
		pl_reserve(p->pl, PL_BODY, tx, &first);
		last = first;
	} else
		pl_text_draw(p->pl, t, tx, tw, &first, &last);
	pl_checkbox(p->pl, &first, x, model_item_state(p->run, it),
	    it->critical);
	if (it->critical && first.page == last.page)
		pl_vbar(p->pl, first.page, x - 5, first.base + 0.8f * first.size,
		    last.base - 0.25f * last.size, 2, 0xB3261E);
	if (it->field != NULL)
		pdf_check_field(p, it->field, a, &last, tx, tw);
	pdf_note(p, a, tx, tw);
	if (it->details != NULL) {
		pl_space(p->pl, 2);
		pl_md_blocks(p->pl, it->details, tx, tw, PL_DETAIL);
	}
	if (it->code != NULL) {
		pl_space(p->pl, 3);
		pl_code(p->pl, it->code, tx, tw);
	}
	pl_space(p->pl, 4);
	/* past half the page, deeper levels stop moving right */
	if (tw < pl_width(p->pl) / 2)
		tx = x, tw = w;
	for (i = 0; i < it->nitems; i++)
		pdf_items[it->items[i]->kind](p, it->items[i], tx, tw);
}

/* ------------------------------------------------------------------ */
/* Tables and Markdown. */

static void
pdf_table(struct pdf *p, const struct chk_item *it, float x, float w)
{
	const struct chk_table_fill	*fill = model_table_fill(p->run, it->path);
	struct arena			*a = pl_arena(p->pl);
	struct pl_table			 tb;
	struct pl_text			*title = pl_text_new(p->pl, PL_BODY), *t;
	float				*minw;
	const char			*v;
	size_t				 r, c;
	int				 style;

	pl_at(p->pl, &it->loc);
	memset(&tb, 0, sizeof(tb));
	if ((tb.ncols = it->ncolumns) == 0)
		return;
	tb.nrows = it->nrows > 0 ? it->nrows : 5;
	if (fill != NULL && fill->nrows > tb.nrows)
		tb.nrows = fill->nrows;
	tb.head = arena_alloc(a, tb.ncols * sizeof(*tb.head));
	tb.cell = arena_alloc(a, tb.nrows * tb.ncols * sizeof(*tb.cell));
	tb.minw = minw = arena_alloc(a, tb.ncols * sizeof(*minw));
	tb.rowh = 7 * PL_MM;
	tb.label_col = it->labelled && it->nrows > 0;
	for (c = 0; c < tb.ncols; c++) {
		tb.head[c] = pl_text_new(p->pl, PL_DETAIL);
		pl_text_plain(p->pl, tb.head[c], it->columns[c], PL_BOLD);
		minw[c] = tb.label_col && c == 0 ? 0 : 16 * PL_MM;
	}
	for (r = 0; r < tb.nrows; r++)
		for (c = 0; c < tb.ncols; c++) {
			/* Labels and pre-filled cells in ink, answers in
			 * pen. */
			style = tb.label_col && c == 0 ? PL_BOLD : 0;
			if ((v = model_table_fixed(it, r, c)) == NULL &&
			    style == 0)
				v = model_table_cell(p->run, it, r,
				    c - it->labelled), style = PL_PEN;
			if (v == NULL)
				continue;
			t = tb.cell[r * tb.ncols + c] = pl_text_new(p->pl,
			    PL_DETAIL);
			pl_text_plain(p->pl, t, v, style);
		}
	pl_md_text(p->pl, title, it->text, PL_BOLD);
	pl_need(p->pl, pl_text_height(p->pl, title, w) + 2 * tb.rowh + 20);
	pl_text_draw(p->pl, title, x, w, NULL, NULL);
	pl_space(p->pl, 2);
	pl_table(p->pl, &tb, x, w);
	pl_space(p->pl, 8);
}

static void
pdf_md(struct pdf *p, const struct chk_item *it, float x, float w)
{
	pl_at(p->pl, &it->loc);
	pl_md_blocks(p->pl, it->text, x, w, PL_BODY);
	pl_space(p->pl, 2);
}

/* ------------------------------------------------------------------ */
/* Sections and the page furniture. */

static void	pdf_section(struct pdf *, const struct chk_section *, int);

static void
pdf_heading(struct pdf *p, const struct chk_section *s, int depth)
{
	static const float	 sizes[] = { 14, 12, 11 };
	struct pl_text		*t, *note = NULL;
	float			 x = pl_left(p->pl), w = pl_width(p->pl);

	pl_at(p->pl, &s->loc);
	t = pl_text_new(p->pl, sizes[depth < 2 ? depth : 2]);
	pl_md_text(p->pl, t, s->title, PL_BOLD);
	if (s->note != NULL) {
		note = pl_text_new(p->pl, PL_DETAIL);
		pl_md_text(p->pl, note, s->note, PL_MUTED | PL_ITALIC);
	}
	pl_space(p->pl, depth == 0 ? 12 : 7);
	pl_need(p->pl, pl_text_height(p->pl, t, w) +
	    pl_text_height(p->pl, note, w) + 3 * PL_BODY * 1.3f);
	pl_text_draw(p->pl, t, x, w, NULL, NULL);
	if (depth == 0) {
		pl_space(p->pl, 1);
		pl_rule(p->pl, x, w, 0.8f, 0x3C4043);
		pl_space(p->pl, 2);
	}
	if (note != NULL)
		pl_text_draw(p->pl, note, x, w, NULL, NULL);
	pl_space(p->pl, 5);
}

/* Block i of a section: its items, then its subsections. */
static void
pdf_block(struct pdf *p, const struct chk_section *s, size_t i, int depth)
{
	float	 x = pl_left(p->pl), w = pl_width(p->pl);

	if (i < s->nitems)
		pdf_items[s->items[i]->kind](p, s->items[i], x + 2, w - 2);
	else
		pdf_section(p, s->sections[i - s->nitems], depth + 1);
}

/*
 * A section.  No heading is left alone at the bottom of a page: the
 * heading and the first block are laid out together, and both go to
 * the next page if that block did.
 */
static void
pdf_section(struct pdf *p, const struct chk_section *s, int depth)
{
	struct pl_state	 st, after;
	size_t		 i, n = s->nitems + s->nsections;

	pl_save(p->pl, &st);
	pdf_heading(p, s, depth);
	pl_save(p->pl, &after);
	if (n > 0)
		pdf_block(p, s, 0, depth);
	if (n > 0 && pl_moved(p->pl, &after) && !pl_moved(p->pl, &st)) {
		pl_restore(p->pl, &st);
		pl_newpage(p->pl);
		pdf_heading(p, s, depth);
		pdf_block(p, s, 0, depth);
	}
	for (i = 1; i < n; i++)
		pdf_block(p, s, i, depth);
}

static void
pdf_kv(struct pdf *p, struct pl_text *t, const char *key, const char *val)
{
	if (val == NULL)
		return;
	pl_text_plain(p->pl, t, label_get(p->lang, key), PL_BOLD | PL_MUTED);
	pl_text_plain(p->pl, t, ": ", PL_MUTED);
	pl_text_plain(p->pl, t, val, PL_MUTED);
	pl_text_plain(p->pl, t, "    ", PL_MUTED);
}

static void
pdf_title(struct pdf *p)
{
	const struct chk_list	*cl = p->cl;
	struct pl_text		*t = pl_text_new(p->pl, 18);
	float			 x = pl_left(p->pl), w = pl_width(p->pl);
	char			 rev[32], out[64];

	pl_md_text(p->pl, t, cl->title, PL_BOLD);
	pl_text_draw(p->pl, t, x, w, NULL, NULL);
	pl_space(p->pl, 3);
	t = pl_text_new(p->pl, PL_BODY);
	snprintf(rev, sizeof(rev), "%d", cl->revision);
	pdf_kv(p, t, "project", cl->project_name != NULL ?
	    cl->project_name : cl->project);
	pdf_kv(p, t, "revision", rev);
	if (p->run != NULL) {
		pdf_kv(p, t, "run", p->run->run);
		snprintf(out, sizeof(out), "outcome-%s", p->run->outcome ?
		    p->run->outcome : "");
		pdf_kv(p, t, "outcome", p->run->outcome != NULL ?
		    label_get(p->lang, out) : NULL);
	}
	pl_text_draw(p->pl, t, x, w, NULL, NULL);
	t = pl_text_new(p->pl, 7.5f);
	pl_text_plain(p->pl, t, cl->hash, PL_MUTED);
	pl_text_draw(p->pl, t, x, w, NULL, NULL);
	pl_space(p->pl, 6);
	pl_md_blocks(p->pl, cl->description, x, w, PL_BODY);
	pl_space(p->pl, 2);
	pl_rule(p->pl, x, w, 0.8f, 0x3C4043);
	pl_space(p->pl, 10);
}

/* Notes and the sign-off tables close the checklist. */
static void
pdf_end(struct pdf *p)
{
	struct pl_text	*t;
	float		 x = pl_left(p->pl), w = pl_width(p->pl);
	size_t		 i;

	t = pl_text_new(p->pl, 12);
	pl_text_plain(p->pl, t, label_get(p->lang, "notes"), PL_BOLD);
	pl_space(p->pl, 14);
	pl_need(p->pl, 18 + 4 * 17);
	pl_text_draw(p->pl, t, x, w, NULL, NULL);
	pl_ruled(p->pl, p->run != NULL ? p->run->notes : NULL, x, w, 4);
	for (i = 0; i < p->cl->nsignoffs; i++) {
		t = pl_text_new(p->pl, 12);
		if (p->cl->signoffs[i]->title != NULL)
			pl_md_text(p->pl, t, p->cl->signoffs[i]->title, PL_BOLD);
		else
			pl_text_plain(p->pl, t, label_get(p->lang, "signoff"),
			    PL_BOLD);
		pl_space(p->pl, 14);
		pl_need(p->pl, 18 + 30 + 2 * 12 * PL_MM);
		pl_text_draw(p->pl, t, x, w, NULL, NULL);
		pl_space(p->pl, 4);
		emit_signoff_roles(p->pl, p->cl, p->cl->signoffs[i], p->run,
		    12 * PL_MM);
	}
}

static int
pdf_build(struct pl *pl, const void *arg)
{
	struct pdf	 p = *(const struct pdf *)arg;
	size_t		 i;

	p.pl = pl;
	pdf_title(&p);
	for (i = 0; i < p.cl->nfields; i++)
		pdf_field(&p, p.cl->fields[i], pl_left(pl), pl_width(pl));
	for (i = 0; i < p.cl->nsections; i++)
		pdf_section(&p, p.cl->sections[i], 0);
	pdf_end(&p);
	return 0;
}

int
emit_pdf(const struct chk_list *cl, const struct chk_run *run,
    const struct pdf_opts *o, struct buf *out, struct diag *d)
{
	struct pdf	 p;
	struct pl_doc	 doc;
	struct buf	 refs = { 0 };
	char		 subject[256];
	int		 rc;

	memset(&p, 0, sizeof(p));
	p.cl = cl;
	p.run = run;
	p.lang = cl->lang;
	pl_doc_of(&doc, cl, "checklist", subject, sizeof(subject));
	emit_md_link_defs(cl, &refs);
	doc.refs = refs.len > 0 ? buf_str(&refs) : NULL;
	rc = pl_document(&doc, o, pdf_build, &p, out, d);
	buf_free(&refs);
	return rc;
}
