/*
 * The fillable HTML page of one checklist: semantic markup in which
 * every control is labelled and named by its item path (emit.h), an
 * inline style and script (html_page.css, html_page.js, embedded at
 * build time) allowed by a Content-Security-Policy that names their
 * hashes, and a <script type="application/json" id="chk_data"> block
 * with what the script needs to know:
 *
 *	{project, checklist, hash, revision,
 *	 key:     the localStorage key (project, checklist, hash),
 *	 labels:  {key: text} in the checklist's language,
 *	 head:    [{p: control name, id: field id, t: field type}],
 *	 tables:  [{p: path, r: rows, c: cells per row, g: may grow}],
 *	 signoff: [{r: role, n: "<group path>.<role>"}],
 *	 run:     the run drawn (run format, values as text) or null}
 *
 * Keeping this data out of the script keeps the script, and so its
 * hash, the same for every checklist.
 *
 * The countable items are the elements with data-unit (the item path;
 * class check or field, data-t the type of its field), in page order.
 * A check is sent as its box and text only: its N/A and failed
 * toggles, with their reason and note fields, are made by the script
 * from the one <template id="chk_marks">, which keeps the markup of a
 * check to a third; with scripts off the page still reads as a
 * checklist.  Only a check a run marked N/A or failed is sent whole, so
 * that a rendered run shows why without the script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "arena.h"
#include "buf.h"
#include "mdtext.h"
#include "model.h"
#include "sha256.h"
#include "emit/emit.h"

/* Generated from src/emit/html_page.{css,js} by the Makefile. */
extern const char emit_asset_html_page_css[];
extern const char emit_asset_html_page_js[];
static size_t	css_len, js_len;	/* html_asset() */


/*
 * The parts of a page that depend on its language alone, made once per
 * language and process (they were 2 % of the page's cost): the labels
 * the script shows, the template of a check's toggles, the toolbar,
 * and the outcome section of a page drawn from no run.
 */
#define HTML_NLANGS	8

struct html_lang {
	char		*lang;		/* NULL: a free slot */
	struct buf	 labels;	/* ,"labels":{...} of the data */
	struct buf	 marks;		/* <template id="chk_marks"> */
	struct buf	 tools;		/* html_tools() */
	struct buf	 outcome;	/* html_outcome() without a run */
};

/* The states of a section's countable items, subsections' included. */
struct html_tally {
	size_t	n[CHK_NSTATES];
};

struct html {
	const struct chk_list	*cl;
	const struct chk_run	*run;	/* or NULL */
	const char		*lang;
	struct buf		*b;	/* the page */
	struct buf		 tables;	/* data: tables */
	struct buf		 signs;	/* data: sign-off rows */
	unsigned		 seq;	/* control ids c1, c2, ... */
	struct buf		 refs;	/* link definitions of md blocks */
	const struct html_lang	*parts;	/* of lang, html_lang() */
	size_t			 path_at;	/* the current unit's path, */
	size_t			 path_len;	/* escaped, in the page */
	struct html_tally	*tally;		/* html_tally_section() */
	size_t			 ntally, tallycap;
	size_t			 drawn;		/* sections drawn so far */
};

typedef void (*html_fn)(struct html *, const struct chk_item *);

static void	html_items(struct html *, struct chk_item **, size_t);

/* Markdown to the page, with the checklist's link definitions. */
static void
html_markdown(struct html *h, const char *md, int inline_only)
{
	emit_md_html_refs(h->b, md, inline_only, h->refs.len > 0 ?
	    buf_str(&h->refs) : NULL);
}

static const char *const html_field_types[CHK_FIELD__MAX] = {
	"text", "longtext", "number", "date", "time", "datetime", "bool",
	"choice", "multichoice"
};

static const char *const html_input_types[CHK_FIELD__MAX] = {
	"text", NULL, "number", "date", "time", "datetime-local", NULL,
	NULL, NULL
};

static const char *const html_outcomes[] = {
	"success", "partial", "rolled-back", "failed"
};

/* Their labels' keys. */
static const char *const html_outcome_keys[] = {
	"outcome-success", "outcome-partial", "outcome-rolled-back",
	"outcome-failed"
};

#define LBL(h, key)	emit_label((h)->lang, (key))

/* ------------------------------------------------------------------ */
/* The run's answers. */

/* The answer of an item (or of "fields.<id>"), NULL when unanswered. */
static const struct chk_answer *
html_answer(const struct html *h, const char *path)
{
	return h->run != NULL ? model_answer(h->run, path) : NULL;
}

/* Add the states of the countable items below items to n[CHK_NSTATES]. */
static void
html_tally(const struct html *h, struct chk_item **items, size_t nitems,
    size_t *n)
{
	size_t	i;

	for (i = 0; i < nitems; i++) {
		if (items[i]->kind != CHK_ITEM_CHECK &&
		    items[i]->kind != CHK_ITEM_FIELD)
			continue;
		n[model_item_state(h->run, items[i])]++;
		html_tally(h, items[i]->items, items[i]->nitems, n);
	}
}

/*
 * Add the states of the countable items of section s and its
 * subsections to n, and keep the totals of s in the next slot of
 * h->tally: a section's progress is drawn before its subsections, and
 * counting each at its turn went over every item once per level of
 * nesting.  The slots are in the order html_section() draws them.
 */
static void
html_tally_section(struct html *h, const struct chk_section *s, size_t *n)
{
	struct html_tally	own = { { 0 } };
	size_t			at = h->ntally++, i;

	if (at == h->tallycap) {
		h->tallycap = h->tallycap ? 2 * h->tallycap : 16;
		h->tally = xrealloc(h->tally, h->tallycap * sizeof(*h->tally));
	}
	html_tally(h, s->items, s->nitems, own.n);
	for (i = 0; i < s->nsections; i++)
		html_tally_section(h, s->sections[i], own.n);
	h->tally[at] = own;
	for (i = 0; i < CHK_NSTATES; i++)
		n[i] += own.n[i];
}

static size_t
html_count(struct chk_item **items, size_t nitems)
{
	size_t	i, n = 0;

	for (i = 0; i < nitems; i++)
		if (items[i]->kind == CHK_ITEM_CHECK)
			n += 1 + html_count(items[i]->items, items[i]->nitems);
		else if (items[i]->kind == CHK_ITEM_FIELD)
			n++;
	return n;
}

static size_t
html_count_section(const struct chk_section *s)
{
	size_t	i, n;

	n = html_count(s->items, s->nitems);
	for (i = 0; i < s->nsections; i++)
		n += html_count_section(s->sections[i]);
	return n;
}

size_t
emit_count_items(const struct chk_list *cl)
{
	size_t	i, n = 0;

	for (i = 0; i < cl->nsections; i++)
		n += html_count_section(cl->sections[i]);
	return n;
}

/* ------------------------------------------------------------------ */
/* Small pieces of markup. */

/* Append ' name="value"' with the value escaped. */
static void
html_attr(struct buf *b, const char *name, const char *value)
{
	buf_putc(b, ' ');
	buf_puts(b, name);
	buf_put(b, "=\"", 2);
	emit_html_escape(b, value);
	buf_putc(b, '"');
}

/* Append pre, control id id's number, post: "...c_" 12 "\"" (the
 * pages' most common formatted write, done without a format). */
static inline void
html_cid(struct buf *b, const char *pre, unsigned id, const char *post)
{
	buf_puts(b, pre);
	buf_putu(b, id);
	buf_puts(b, post);
}

/* A new control id; the label's for= and aria attributes refer to it. */
static unsigned
html_id(struct html *h)
{
	return ++h->seq;
}

/* Append ' value="..."' for text-like inputs; datetime-local takes the
 * wall-clock part of an ISO 8601 time ("2026-11-24T10:02"). */
static void
html_value_attr(struct buf *b, enum chk_field_type t, const char *v)
{
	if (v == NULL || v[0] == '\0')
		return;
	if (t == CHK_FIELD_DATETIME && strlen(v) >= 16 && v[10] == 'T') {
		buf_puts(b, " value=\"");
		buf_put(b, v, 16);
		buf_putc(b, '"');
		return;
	}
	html_attr(b, "value", v);
}

/* A label's text: the field's own, or the item's, or "Value". */
static void
html_label_text(struct html *h, const char *md, int required)
{
	if (md != NULL && md[0] != '\0')
		html_markdown(h, md, 1);
	else
		emit_html_escape(h->b, LBL(h, "value"));
	if (required) {
		buf_puts(h->b, " <span class=\"req\">(");
		emit_html_escape(h->b, LBL(h, "required"));
		buf_puts(h->b, ")</span>");
	}
}

/* ------------------------------------------------------------------ */
/* Field controls, by type. */

/* Radio buttons (choice) or checkboxes (multichoice) in a fieldset. */
static void
html_choices(struct html *h, const struct chk_field *f, const char *name,
    const char *label, const char *value)
{
	struct buf	*b = h->b;
	const char	*type;
	unsigned	 id;
	size_t		 i;

	type = f->type == CHK_FIELD_CHOICE ? "radio" : "checkbox";
	buf_puts(b, "<fieldset class=\"fld fld-choice\"><legend>");
	html_label_text(h, label, f->required);
	buf_puts(b, "</legend>\n");
	for (i = 0; i < f->noptions; i++) {
		id = html_id(h);
		buf_puts(b, "<span class=\"opt\"><input type=\"");
		buf_puts(b, type);
		html_cid(b, "\" id=\"c_", id, "\"");
		html_attr(b, "name", name);
		html_attr(b, "value", f->options[i]);
		if (value != NULL && (f->type == CHK_FIELD_CHOICE ?
		    strcmp(value, f->options[i]) == 0 :
		    model_value_has(value, f->options[i])))
			buf_puts(b, " checked");
		html_cid(b, "><label for=\"c_", id, "\">");
		emit_html_escape(b, f->options[i]);
		buf_puts(b, "</label></span>\n");
	}
	buf_puts(b, "</fieldset>\n");
}

/* A single checkbox for a bool field, its label after it. */
static void
html_bool(struct html *h, const struct chk_field *f, const char *name,
    const char *label, const char *value)
{
	unsigned	id = html_id(h);

	html_cid(h->b, "<div class=\"fld fld-bool\"><input type=\"checkbox\" "
	    "id=\"c_", id, "\" value=\"true\"");
	html_attr(h->b, "name", name);
	if (value != NULL && strcmp(value, "true") == 0)
		buf_puts(h->b, " checked");
	html_cid(h->b, "><label for=\"c_", id, "\">");
	html_label_text(h, label, f->required);
	buf_puts(h->b, "</label></div>\n");
}

/* The input element of a text-like field (text, number, dates, and
 * the textarea of longtext), after its label. */
static void
html_input(struct html *h, const struct chk_field *f, const char *name,
    unsigned id, const char *value)
{
	struct buf	*b = h->b;

	if (f->type == CHK_FIELD_LONGTEXT) {
		html_cid(b, "<textarea id=\"c_", id, "\" rows=\"3\"");
		html_attr(b, "name", name);
		buf_puts(b, ">");
		emit_html_escape(b, value);
		buf_puts(b, "</textarea>");
		return;
	}
	buf_puts(b, "<input type=\"");
	buf_puts(b, html_input_types[f->type]);
	html_cid(b, "\" id=\"c_", id, "\"");
	html_attr(b, "name", name);
	if (f->type == CHK_FIELD_NUMBER) {
		buf_puts(b, " step=\"any\" inputmode=\"decimal\"");
		if (f->has_min)
			buf_printf(b, " min=\"%.15g\"", f->min);
		if (f->has_max)
			buf_printf(b, " max=\"%.15g\"", f->max);
	}
	if (f->unit != NULL)
		html_cid(b, " aria-describedby=\"c_", id, "-u\"");
	html_value_attr(b, f->type, value);
	buf_puts(b, ">");
}

/*
 * The control(s) of field f named name, labelled with the Markdown
 * label (or "Value"), filled in with value (may be NULL).
 */
static void
html_control(struct html *h, const struct chk_field *f, const char *name,
    const char *label, const char *value)
{
	unsigned	id;

	if (f->type == CHK_FIELD_CHOICE || f->type == CHK_FIELD_MULTICHOICE) {
		html_choices(h, f, name, label, value);
		return;
	}
	if (f->type == CHK_FIELD_BOOL) {
		html_bool(h, f, name, label, value);
		return;
	}
	id = html_id(h);
	buf_puts(h->b, "<div class=\"fld fld-");
	buf_puts(h->b, html_field_types[f->type]);
	html_cid(h->b, "\"><label for=\"c_", id, "\">");
	html_label_text(h, label, f->required);
	buf_puts(h->b, "</label> ");
	html_input(h, f, name, id, value);
	if (f->unit != NULL) {
		html_cid(h->b, " <span class=\"unit\" id=\"c_", id, "-u\">");
		emit_html_escape(h->b, f->unit);
		buf_puts(h->b, "</span>");
	}
	buf_puts(h->b, "</div>\n");
}

/* ------------------------------------------------------------------ */
/* Items, by kind. */

static const char *const html_state_names[CHK_NSTATES] = {
	"open", "done", "na", "failed"
};

/* The current unit's path again: escaped once by html_unit_attrs(),
 * for its id and its box's name. */
static void
html_path_again(struct html *h)
{
	struct buf	*b = h->b;

	buf_grow(b, h->path_len);
	memcpy(b->data + b->len, b->data + h->path_at, h->path_len);
	b->len += h->path_len;
	b->data[b->len] = '\0';
}

/* The attributes of a countable item's element: its state when a run
 * answered it, its path, the type of its field; then the element's
 * '>' and a new line. */
static void
html_unit_attrs(struct html *h, const struct chk_item *it)
{
	enum chk_state	st = model_item_state(h->run, it);

	if (st != CHK_OPEN) {
		buf_puts(h->b, " data-state=\"");
		buf_puts(h->b, html_state_names[st]);
		buf_putc(h->b, '"');
	}
	buf_puts(h->b, " data-unit=\"");
	h->path_at = h->b->len;
	emit_html_escape(h->b, it->path);
	h->path_len = h->b->len - h->path_at;
	/* A stable anchor: the archive's report links each item here. */
	buf_puts(h->b, "\" id=\"i-");
	html_path_again(h);
	if (it->field != NULL) {
		buf_puts(h->b, "\" data-t=\"");
		buf_puts(h->b, html_field_types[it->field->type]);
	}
	buf_puts(h->b, "\">\n");
}

/*
 * The id and name of a control of check path (id c_<id>-<sfx>, name
 * <path>:<name>), and the for= of its label; nothing for the template
 * (path NULL), whose controls the script names.
 */
static void
html_ctl_id(struct buf *b, const char *path, unsigned id, const char *sfx,
    const char *name)
{
	if (path == NULL)
		return;
	html_cid(b, " id=\"c_", id, "-");
	buf_puts(b, sfx);
	buf_puts(b, "\" name=\"");
	emit_html_escape(b, path);
	buf_putc(b, ':');
	buf_puts(b, name);
	buf_putc(b, '"');
}

static void
html_ctl_label(struct buf *b, const char *path, unsigned id, const char *sfx,
    const char *label)
{
	if (path == NULL)
		buf_puts(b, "<label>");
	else {
		html_cid(b, "<label for=\"c_", id, "-");
		buf_puts(b, sfx);
		buf_puts(b, "\">");
	}
	emit_html_escape(b, label);
	buf_puts(b, "</label>");
}

/* The N/A or failed toggle of check path (ids c_N-n, c_N-f after the
 * check's own c_N, as the script makes them), described by its text. */
static void
html_mark(struct html *h, const char *path, unsigned id, const char *part,
    int on)
{
	struct buf	*b = h->b;
	const char	*sfx = part[0] == 'n' ? "n" : "f";

	buf_puts(b, "<span class=\"mark\"><input type=\"checkbox\" "
	    "class=\"");
	buf_puts(b, part);
	buf_putc(b, '"');
	html_ctl_id(b, path, id, sfx, part);
	if (path != NULL) {
		html_cid(b, " aria-describedby=\"c_", id, "-l\"");
		if (on)
			buf_puts(b, " checked");
	}
	buf_putc(b, '>');
	html_ctl_label(b, path, id, sfx, LBL(h, part));
	buf_puts(b, "</span>\n");
}

/* The reason of an N/A or the note of a failure (ids c_N-nr, c_N-fn);
 * shown by the style only while its toggle is on. */
static void
html_why(struct html *h, const char *path, unsigned id, const char *part,
    const char *value)
{
	struct buf	*b = h->b;
	int		 na = strcmp(part, "na") == 0;
	const char	*sfx = na ? "nr" : "fn";

	buf_puts(b, "<div class=\"why why-");
	buf_puts(b, part);
	buf_puts(b, "\">");
	html_ctl_label(b, path, id, sfx, LBL(h, na ? "reason" : "note"));
	buf_puts(b, " <input type=\"text\"");
	html_ctl_id(b, path, id, sfx, na ? "na-reason" : "failed-note");
	html_value_attr(b, CHK_FIELD_TEXT, value);
	buf_puts(b, "></div>\n");
}

/* The toggles of check path answered by a (both may be NULL: the
 * template). */
static void
html_marks(struct html *h, const char *path, unsigned id,
    const struct chk_answer *a)
{
	buf_puts(h->b, "<span class=\"marks\">\n");
	html_mark(h, path, id, "na", a != NULL && a->na != NULL);
	html_mark(h, path, id, "failed", a != NULL && a->failed != NULL);
	buf_puts(h->b, "</span>");
}

/* The template the script makes every check's toggles and reason and
 * note fields from: what a check sent whole has, without ids. */
static void
html_marks_template(struct html *h)
{
	buf_puts(h->b, "<template id=\"chk_marks\">");
	html_marks(h, NULL, 0, NULL);
	buf_putc(h->b, '\n');
	html_why(h, NULL, 0, "na", NULL);
	html_why(h, NULL, 0, "failed", NULL);
	buf_puts(h->b, "</template>\n");
}

/* The first line of a check: its box, text and tags; the N/A and
 * failed toggles when whole (see the top of this file). */
static void
html_check_line(struct html *h, const struct chk_item *it,
    const struct chk_answer *a, unsigned id, int whole)
{
	struct buf	*b = h->b;

	html_cid(b, "<div class=\"line\"><input type=\"checkbox\" "
	    "class=\"done\" id=\"c_", id, "\" name=\"");
	html_path_again(h);
	buf_puts(b, a != NULL && a->done ? "\" checked" : "\"");
	html_cid(b, "><label for=\"c_", id, "\"");
	if (whole)
		html_cid(b, " id=\"c_", id, "-l\"");
	buf_puts(b, " class=\"text\">");
	html_markdown(h, it->text, 1);
	buf_puts(b, "</label>");
	if (it->critical) {
		buf_puts(b, "\n<strong class=\"tag tag-crit\">");
		emit_html_escape(b, LBL(h, "critical"));
		buf_puts(b, "</strong>");
	}
	if (it->role != NULL) {
		buf_puts(b, "\n<span class=\"tag tag-role\">");
		emit_html_escape(b, it->role);
		buf_puts(b, "</span>");
	}
	if (whole) {
		buf_putc(b, '\n');
		html_marks(h, it->path, id, a);
	}
	buf_puts(b, "</div>\n");
}

/* The value field, details and command of a check, below its line. */
static void
html_check_body(struct html *h, const struct chk_item *it,
    const struct chk_answer *a)
{
	struct buf	*b = h->b;
	struct buf	 name = { NULL, 0, 0 };

	if (it->field != NULL) {
		buf_puts(&name, it->path);
		buf_puts(&name, ":value");
		html_control(h, it->field, buf_str(&name), it->field->label,
		    a ? a->value : NULL);
		buf_free(&name);
	}
	if (it->details != NULL) {
		buf_puts(b, "<div class=\"details\">\n");
		html_markdown(h, it->details, 0);
		buf_puts(b, "</div>\n");
	}
	if (it->code != NULL) {
		buf_puts(b, "<pre class=\"code\"><code");
		if (it->lang != NULL) {
			buf_puts(b, " class=\"language-");
			emit_html_escape(b, it->lang);
			buf_putc(b, '"');
		}
		buf_putc(b, '>');
		emit_html_escape(b, it->code);
		buf_puts(b, "</code></pre>\n");
	}
}

static void
html_check(struct html *h, const struct chk_item *it)
{
	const struct chk_answer	*a = html_answer(h, it->path);
	unsigned		 id = html_id(h);
	int			 whole;

	whole = a != NULL && (a->na != NULL || a->failed != NULL);
	buf_puts(h->b, it->critical ? "<li class=\"unit check crit\"" :
	    "<li class=\"unit check\"");
	html_unit_attrs(h, it);
	html_check_line(h, it, a, id, whole);
	if (whole) {
		html_why(h, it->path, id, "na", a->na);
		html_why(h, it->path, id, "failed", a->failed);
	}
	html_check_body(h, it, a);
	if (it->nitems > 0) {
		buf_puts(h->b, "<ul class=\"items sub\">\n");
		html_items(h, it->items, it->nitems);
		buf_puts(h->b, "</ul>\n");
	}
	buf_puts(h->b, "</li>\n");
}

static void
html_field(struct html *h, const struct chk_item *it)
{
	const struct chk_answer	*a = html_answer(h, it->path);

	if (it->field == NULL)
		return;
	buf_puts(h->b, "<li class=\"unit field\"");
	html_unit_attrs(h, it);
	html_control(h, it->field, it->path,
	    it->text != NULL ? it->text : it->field->label,
	    a ? a->value : NULL);
	buf_puts(h->b, "</li>\n");
}

static void
html_md(struct html *h, const struct chk_item *it)
{
	buf_puts(h->b, "<li class=\"md\">\n");
	html_markdown(h, it->text, 0);
	buf_puts(h->b, "</li>\n");
}

/* The header row of a table. */
static void
html_table_head(struct html *h, const struct chk_item *it)
{
	size_t	i;

	buf_puts(h->b, "<thead><tr>");
	for (i = 0; i < it->ncolumns; i++) {
		buf_puts(h->b, "<th scope=\"col\">");
		emit_html_escape(h->b, it->columns[i]);
		buf_puts(h->b, "</th>");
	}
	buf_puts(h->b, "</tr></thead>\n");
}

/* The accessible name of a cell: its row label (or number) and its
 * column, as a reader of the paper table would say it. */
static void
html_cell_label(struct html *h, const struct chk_item *it, size_t r,
    size_t c)
{
	buf_puts(h->b, " aria-label=\"");
	if (it->labelled && r < it->nrows) {
		emit_html_escape(h->b, it->rows[r]);
		buf_puts(h->b, ", ");
		emit_html_escape(h->b, it->columns[c + 1]);
	} else {
		emit_html_escape(h->b, it->columns[c]);
		buf_puts(h->b, ", ");
		buf_putu(h->b, r + 1);
	}
	buf_putc(h->b, '"');
}

/* Row r of a table: its label cell, then an input per column. */
static void
html_table_row(struct html *h, const struct chk_item *it, size_t r)
{
	size_t		 c, ncols = it->ncolumns - (it->labelled ? 1 : 0);
	const char	*v;

	buf_puts(h->b, "<tr>");
	if (it->labelled) {
		buf_puts(h->b, "<th scope=\"row\">");
		emit_html_escape(h->b, r < it->nrows ? it->rows[r] : "");
		buf_puts(h->b, "</th>");
	}
	for (c = 0; c < ncols; c++) {
		if ((v = model_table_fixed(it, r, c + it->labelled)) != NULL) {
			/* Pre-filled: text, not an answer. */
			buf_puts(h->b, "<td class=\"fixed\">");
			emit_html_escape(h->b, v);
			buf_puts(h->b, "</td>");
			continue;
		}
		buf_puts(h->b, "<td><input type=\"text\" name=\"");
		emit_html_escape(h->b, it->path);
		buf_putc(h->b, '[');
		buf_putu(h->b, r);
		buf_puts(h->b, "][");
		buf_putu(h->b, c);
		buf_puts(h->b, "]\"");
		html_cell_label(h, it, r, c);
		if ((v = model_table_cell(h->run, it, r, c)) != NULL)
			html_value_attr(h->b, CHK_FIELD_TEXT, v);
		buf_puts(h->b, "></td>");
	}
	buf_puts(h->b, "</tr>\n");
}

/*
 * A table to fill in.  A table without row labels may grow: the page
 * has an "Add row" button and draws as many rows as the run has.
 */
static void
html_table(struct html *h, const struct chk_item *it)
{
	const struct chk_table_fill	*fill = model_table_fill(h->run, it->path);
	size_t				 r, nrows = it->nrows;
	int				 grow = model_table_grows(it);

	if (it->ncolumns <= (size_t)it->labelled)
		return;
	if (grow && fill != NULL && fill->nrows > nrows)
		nrows = fill->nrows;
	if (grow && nrows == 0)
		nrows = 1;	/* "Add row" copies the last row */
	buf_puts(h->b, "<li class=\"table\">\n<div class=\"tbl\">"
	    "<table");
	html_attr(h->b, "data-table", it->path);
	buf_puts(h->b, ">\n");
	if (it->text != NULL) {
		buf_puts(h->b, "<caption>");
		html_markdown(h, it->text, 1);
		buf_puts(h->b, "</caption>\n");
	}
	html_table_head(h, it);
	buf_puts(h->b, "<tbody>\n");
	for (r = 0; r < nrows; r++)
		html_table_row(h, it, r);
	buf_puts(h->b, "</tbody>\n</table></div>\n");
	if (grow) {
		buf_puts(h->b, "<button type=\"button\" class=\"add-row\"");
		html_attr(h->b, "data-table", it->path);
		buf_puts(h->b, ">");
		emit_html_escape(h->b, LBL(h, "add-row"));
		buf_puts(h->b, "</button>\n");
	}
	buf_puts(h->b, "</li>\n");
	if (h->tables.len > 0)
		buf_putc(&h->tables, ',');
	buf_puts(&h->tables, "\n{\"p\":");
	emit_json_string(&h->tables, it->path);
	buf_printf(&h->tables, ",\"r\":%zu,\"c\":%zu,\"g\":%s}", nrows,
	    it->ncolumns - (size_t)it->labelled, grow ? "true" : "false");
}

static const html_fn html_emitters[CHK_ITEM__MAX] = {
	html_check,	/* CHK_ITEM_CHECK */
	html_field,	/* CHK_ITEM_FIELD */
	html_table,	/* CHK_ITEM_TABLE */
	html_md,	/* CHK_ITEM_MD */
};

static void
html_items(struct html *h, struct chk_item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (items[i]->kind < CHK_ITEM__MAX)
			html_emitters[items[i]->kind](h, items[i]);
}

/* ------------------------------------------------------------------ */
/* Sections, the run's fields, sign-off and outcome. */

/* "done/total" of the next section, drawn from the run (its tally,
 * html_progress()); the script keeps it. */
static void
html_section_progress(struct html *h)
{
	const size_t	*n = h->tally[h->drawn++].n;

	buf_puts(h->b, " <span class=\"sec-progress\">");
	buf_putu(h->b, n[CHK_DONE] + n[CHK_NA]);
	buf_putc(h->b, '/');
	buf_putu(h->b, n[CHK_OPEN] + n[CHK_DONE] + n[CHK_NA] + n[CHK_FAILED]);
	buf_puts(h->b, "</span>");
}

/*
 * A section: a <details> that collapses, its heading (h2 for the top
 * level, deeper for nested ones, at most h6) in the summary with the
 * section's own progress, its note, items and nested sections.
 */
static void
html_section(struct html *h, const struct chk_section *s, int level)
{
	struct buf	*b = h->b;
	size_t		 i;
	int		 hl = level > 6 ? 6 : level;

	buf_puts(b, "<section class=\"sec\"");
	html_attr(b, "id", s->path);
	buf_puts(b, " data-section>\n<details open>\n<summary>");
	buf_puts(b, "<h");
	buf_putc(b, '0' + hl);
	buf_putc(b, '>');
	html_markdown(h, s->title, 1);
	buf_puts(b, "</h");
	buf_putc(b, '0' + hl);
	buf_putc(b, '>');
	html_section_progress(h);
	buf_puts(b, "</summary>\n");
	if (s->note != NULL) {
		buf_puts(b, "<p class=\"note\">");
		html_markdown(h, s->note, 1);
		buf_puts(b, "</p>\n");
	}
	if (s->nitems > 0) {
		buf_puts(b, "<ul class=\"items\">\n");
		html_items(h, s->items, s->nitems);
		buf_puts(b, "</ul>\n");
	}
	for (i = 0; i < s->nsections; i++)
		html_section(h, s->sections[i], level + 1);
	buf_puts(b, "</details>\n</section>\n");
}

/* The run's own fields (version, strategy, ...), named fields.<id>. */
static void
html_fields(struct html *h, struct buf *data)
{
	const struct chk_item	*it;
	const struct chk_answer	*a;
	size_t			 i;

	if (h->cl->nfields == 0)
		return;
	buf_puts(h->b, "<section class=\"run-fields\" aria-labelledby="
	    "\"h_run_fields\">\n<h2 id=\"h_run_fields\">");
	emit_html_escape(h->b, LBL(h, "run-fields"));
	buf_puts(h->b, "</h2>\n");
	for (i = 0; i < h->cl->nfields; i++) {
		it = h->cl->fields[i];
		if (it->field == NULL)
			continue;
		a = html_answer(h, it->path);
		html_control(h, it->field, it->path,
		    it->text != NULL ? it->text : it->field->label,
		    a ? a->value : NULL);
		buf_puts(data, data->len > 0 ? ",\n{\"p\":" : "\n{\"p\":");
		emit_json_string(data, it->path);
		buf_puts(data, ",\"id\":");
		emit_json_string(data, it->id);
		buf_printf(data, ",\"t\":\"%s\"}",
		    html_field_types[it->field->type]);
	}
	buf_puts(h->b, "</section>\n");
}

/* An input of a sign-off row, named "<group path>.<role>:<part>";
 * read-only once the role is signed with a key. */
static void
html_sign_input(struct html *h, const struct chk_signoff *so,
    const char *role, size_t col, const struct chk_signature *sig)
{
	struct buf	*b = h->b;
	int		 name = so->holds[col] == CHK_SIGNCOL_NAME;

	buf_puts(b, name ? "<td><input type=\"text\" name=\"" :
	    "<td><input type=\"datetime-local\" name=\"");
	emit_html_escape(b, so->path);
	buf_putc(b, '.');
	emit_html_escape(b, role);
	buf_puts(b, name ? ":name\" aria-label=\"" : ":at\" aria-label=\"");
	emit_html_escape(b, role);
	buf_puts(b, ", ");
	emit_html_escape(b, so->columns[col]);
	buf_putc(b, '"');
	if (sig != NULL && sig->signature != NULL)
		buf_puts(b, " readonly");
	html_value_attr(b, name ? CHK_FIELD_TEXT : CHK_FIELD_DATETIME,
	    sig == NULL ? NULL : name ? sig->name : sig->at);
	buf_puts(b, "></td>");
}

/* One row per role: the name and time to fill in where the columns
 * hold them, a key's signature where one was made, the other columns
 * (a signature by hand) left blank for paper. */
static void
html_sign_row(struct html *h, const struct chk_signoff *so, size_t r)
{
	const struct chk_signature	*sig;
	const char			*role = so->roles[r];
	struct buf			 name = { NULL, 0, 0 }, t = { 0 };
	size_t				 c;

	sig = model_signature(h->run, role);
	buf_puts(h->b, "<tr><th scope=\"row\">");
	emit_html_escape(h->b, role);
	buf_puts(h->b, "</th>");
	for (c = 0; c < so->ncolumns; c++) {
		buf_reset(&t);
		if (so->holds[c] == CHK_SIGNCOL_NAME ||
		    so->holds[c] == CHK_SIGNCOL_AT)
			html_sign_input(h, so, role, c, sig);
		else if (so->holds[c] == CHK_SIGNCOL_SIGNATURE &&
		    (emit_signature_text(h->lang, sig, 0, &t), t.len > 0)) {
			buf_printf(h->b, "<td class=\"signed%s\">",
			    sig->state == CHK_SIG_VALID ? "" : " unverified");
			emit_html_escape(h->b, buf_str(&t));
			buf_puts(h->b, "</td>");
		} else
			buf_puts(h->b, "<td class=\"blank\"></td>");
	}
	buf_free(&t);
	buf_puts(h->b, "</tr>\n");
	buf_puts(&name, so->path);
	buf_putc(&name, '.');
	buf_puts(&name, role);
	if (h->signs.len > 0)
		buf_putc(&h->signs, ',');
	buf_puts(&h->signs, "\n{\"r\":");
	emit_json_string(&h->signs, role);
	buf_puts(&h->signs, ",\"n\":");
	emit_json_string(&h->signs, buf_str(&name));
	buf_putc(&h->signs, '}');
	buf_free(&name);
}

/* The sign-off groups: a table per group, a row per role. */
static void
html_signoffs(struct html *h)
{
	const struct chk_signoff	*so;
	size_t				 i, r, c;

	for (i = 0; i < h->cl->nsignoffs; i++) {
		so = h->cl->signoffs[i];
		buf_puts(h->b, "<section class=\"signoff\"");
		html_attr(h->b, "id", so->path);
		buf_puts(h->b, ">\n<h2>");
		if (so->title != NULL)
			html_markdown(h, so->title, 1);
		else
			emit_html_escape(h->b, LBL(h, "signoff"));
		buf_puts(h->b, "</h2>\n<div class=\"tbl\"><table>\n<thead><tr>"
		    "<th scope=\"col\">");
		emit_html_escape(h->b, LBL(h, "role"));
		buf_puts(h->b, "</th>");
		for (c = 0; c < (so->ncolumns > 0 ? so->ncolumns : 3); c++) {
			buf_puts(h->b, "<th scope=\"col\">");
			emit_html_escape(h->b, c < so->ncolumns ?
			    so->columns[c] : LBL(h, c == 0 ? "name" :
			    c == 1 ? "date-and-time" : "signature"));
			buf_puts(h->b, "</th>");
		}
		buf_puts(h->b, "</tr></thead>\n<tbody>\n");
		for (r = 0; r < so->nroles; r++)
			html_sign_row(h, so, r);
		buf_puts(h->b, "</tbody>\n</table></div>\n</section>\n");
	}
}

/* The run's outcome (radio buttons) and notes. */
static void
html_outcome(struct html *h)
{
	struct buf	*b = h->b;
	const char	*cur = h->run ? h->run->outcome : NULL;
	size_t		 i;

	buf_puts(b, "<section class=\"outcome\" aria-labelledby=\"h_outcome\">"
	    "\n<h2 id=\"h_outcome\">");
	emit_html_escape(b, LBL(h, "outcome"));
	/* The heading says it; the legend names the group for a reader. */
	buf_puts(b, "</h2>\n<fieldset class=\"fld fld-choice\">"
	    "<legend class=\"vh\">");
	emit_html_escape(b, LBL(h, "outcome"));
	buf_puts(b, "</legend>\n");
	for (i = 0; i < sizeof(html_outcomes) / sizeof(html_outcomes[0]); i++) {
		buf_puts(b, "<span class=\"opt\"><input type=\"radio\" "
		    "name=\"outcome\" id=\"outcome_");
		buf_puts(b, html_outcomes[i]);
		buf_puts(b, "\" value=\"");
		buf_puts(b, html_outcomes[i]);
		buf_putc(b, '"');
		if (cur != NULL && strcmp(cur, html_outcomes[i]) == 0)
			buf_puts(b, " checked");
		buf_puts(b, "><label for=\"outcome_");
		buf_puts(b, html_outcomes[i]);
		buf_puts(b, "\">");
		emit_html_escape(b, LBL(h, html_outcome_keys[i]));
		buf_puts(b, "</label></span>\n");
	}
	buf_puts(b, "</fieldset>\n<div class=\"fld fld-longtext\">"
	    "<label for=\"chk_notes\">");
	emit_html_escape(b, LBL(h, "notes"));
	buf_puts(b, "</label> <textarea id=\"chk_notes\" name=\"notes\" "
	    "rows=\"3\">");
	emit_html_escape(b, h->run ? h->run->notes : NULL);
	buf_puts(b, "</textarea></div>\n</section>\n");
}

/* ------------------------------------------------------------------ */
/* Head, header, data and script. */

/*
 * The page's Content-Security-Policy: its script and style by their
 * hashes.  Every page has the same built-in ones, so they are hashed
 * once per process (hashing them per page was 7 % of md + html).
 */
static const char *
html_csp(void)
{
	static struct buf	csp;

	if (csp.len == 0) {
		buf_puts(&csp, "default-src 'none'; script-src ");
		emit_csp_hash(&csp, emit_asset_html_page_js);
		buf_puts(&csp, "; style-src ");
		emit_csp_hash(&csp, emit_asset_html_page_css);
		buf_puts(&csp, "; img-src data:; form-action 'none'; "
		    "base-uri 'none'");
	}
	return buf_str(&csp);
}

/* Append a built-in style or script, measured once: 28 KB a page. */
static void
html_asset(struct buf *b, const char *asset, size_t *len)
{
	if (*len == 0)
		*len = strlen(asset);
	buf_put(b, asset, *len);
}

static void
html_head(struct html *h)
{
	struct buf	*b = h->b;
	struct buf	 title = { NULL, 0, 0 };

	buf_puts(b, "<!DOCTYPE html>\n<html");
	html_attr(b, "lang", h->lang);
	buf_puts(b, ">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"");
	buf_puts(b, html_csp());
	buf_puts(b, "\">\n<link rel=\"icon\" href=\"data:,\">\n<title>");
	emit_md_text(&title, h->cl->title);
	/* "Deploy — ACME" in the tab, unless the title names it already. */
	if (h->cl->project_name != NULL &&
	    strstr(buf_str(&title), h->cl->project_name) == NULL) {
		buf_puts(&title, " \xe2\x80\x94 ");	/* an em dash */
		buf_puts(&title, h->cl->project_name);
	}
	emit_html_escape(b, buf_str(&title));
	buf_free(&title);
	buf_puts(b, "</title>\n<style>");
	html_asset(b, emit_asset_html_page_css, &css_len);
	buf_puts(b, "</style>\n</head>\n");
}

/* "Project: ..., Revision: 3, Checklist: sha256:0123456789ab". */
static void
html_meta(struct html *h)
{
	struct buf	*b = h->b;
	const char	*hash = h->cl->hash;
	size_t		 hl = strlen(hash);

	buf_puts(b, "<dl class=\"meta\">\n<div><dt>");
	emit_html_escape(b, LBL(h, "project"));
	buf_puts(b, "</dt><dd>");
	emit_html_escape(b, h->cl->project_name ? h->cl->project_name :
	    h->cl->project);
	buf_puts(b, "</dd></div>\n<div><dt>");
	emit_html_escape(b, LBL(h, "revision"));
	buf_printf(b, "</dt><dd>%d</dd></div>\n<div><dt>", h->cl->revision);
	emit_html_escape(b, LBL(h, "checklist"));
	buf_puts(b, "</dt><dd><code");
	html_attr(b, "title", hash);
	buf_putc(b, '>');
	buf_put(b, hash, hl > 19 ? 19 : hl);	/* "sha256:" + 12 hex */
	buf_puts(b, "</code></dd></div>\n</dl>\n");
}

/* The count of one state, kept live by the script. */
static void
html_count_span(struct html *h, const char *key, size_t n)
{
	buf_puts(h->b, "<span class=\"count count-");
	buf_puts(h->b, key);
	buf_puts(h->b, "\">");
	emit_html_escape(h->b, LBL(h, key));
	buf_puts(h->b, " <b data-count=\"");
	buf_puts(h->b, key);
	buf_puts(h->b, "\">");
	buf_putu(h->b, n);
	buf_puts(h->b, "</b></span>\n");
}

/* The progress bar and the counts (done / open / failed / N/A), tallied
 * section by section: each section draws its own from its tally. */
static void
html_progress(struct html *h)
{
	size_t	n[CHK_NSTATES] = { 0 }, i, total;

	for (i = 0; i < h->cl->nsections; i++)
		html_tally_section(h, h->cl->sections[i], n);
	total = n[CHK_OPEN] + n[CHK_DONE] + n[CHK_NA] + n[CHK_FAILED];
	buf_puts(h->b, "<div class=\"progress\">\n"
	    "<progress id=\"chk_progress\"");
	buf_printf(h->b, " max=\"%zu\" value=\"%zu\" aria-label=\"",
	    total > 0 ? total : 1, n[CHK_DONE] + n[CHK_NA]);
	emit_html_escape(h->b, LBL(h, "progress"));
	buf_puts(h->b, "\"></progress>\n<p class=\"counts\" id=\"chk_counts\" "
	    "role=\"status\">\n");
	html_count_span(h, "done", n[CHK_DONE]);
	html_count_span(h, "open", n[CHK_OPEN]);
	html_count_span(h, "failed", n[CHK_FAILED]);
	html_count_span(h, "na", n[CHK_NA]);
	buf_puts(h->b, "</p>\n</div>\n");
}

/* A toolbar button; the script wires it up and shows the toolbar. */
static void
html_button(struct html *h, const char *id, const char *key)
{
	buf_puts(h->b, "<button type=\"button\" id=\"");
	buf_puts(h->b, id);
	buf_puts(h->b, "\">");
	emit_html_escape(h->b, LBL(h, key));
	buf_puts(h->b, "</button>\n");
}

/* The toolbar: who checks, export, import, clear.  Hidden until the
 * script shows it: without a script its buttons could do nothing. */
static void
html_tools(struct html *h)
{
	buf_puts(h->b, "<div class=\"tools\" id=\"chk_tools\" hidden>\n"
	    "<span class=\"by\"><label for=\"chk_by\">");
	emit_html_escape(h->b, LBL(h, "checked-by"));
	buf_puts(h->b, "</label> <input type=\"text\" id=\"chk_by\" "
	    "autocomplete=\"name\"></span>\n");
	html_button(h, "chk_export", "export-run");
	html_button(h, "chk_import", "import-run");
	buf_puts(h->b, "<input type=\"file\" id=\"chk_import-file\" "
	    "accept=\".json,application/json\" hidden>\n");
	html_button(h, "chk_clear", "clear");
	buf_puts(h->b, "</div>\n<p class=\"message\" id=\"chk_message\" "
	    "role=\"status\"></p>\n<div class=\"notice\" id=\"chk_stale\" "
	    "hidden></div>\n");
}

static void
html_header(struct html *h)
{
	struct buf	*b = h->b;

	buf_puts(b, "<header class=\"head\">\n<h1>");
	html_markdown(h, h->cl->title, 1);
	buf_puts(b, "</h1>\n");
	html_meta(h);
	if (h->cl->description != NULL) {
		buf_puts(b, "<div class=\"desc\">\n");
		html_markdown(h, h->cl->description, 0);
		buf_puts(b, "</div>\n");
	}
	html_progress(h);
	buf_put(b, h->parts->tools.data, h->parts->tools.len);
	buf_puts(b, "</header>\n");
}

/* ',"key":"value"' when value is not NULL. */
static void
html_json_key(struct buf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, ",\"%s\":", key);
	emit_json_string(b, value);
}

/* An answer as the run format has it: {"done":true,"value":...}. */
static void
html_json_answer(struct buf *b, const struct chk_answer *a)
{
	buf_printf(b, "{\"done\":%s", a->done ? "true" : "false");
	html_json_key(b, "value", a->value);
	html_json_key(b, "na", a->na);
	html_json_key(b, "failed", a->failed);
	html_json_key(b, "by", a->by);
	html_json_key(b, "at", a->at);
	buf_putc(b, '}');
}

/* The tables and sign-off of a run, in run format. */
static void
html_json_run_fills(struct buf *b, const struct chk_run *run)
{
	const struct chk_table_fill	*t;
	size_t				 i, r, c;

	buf_puts(b, ",\"tables\":{");
	for (i = 0; i < run->ntables; i++) {
		t = &run->tables[i];
		buf_puts(b, i > 0 ? "," : "");
		emit_json_string(b, t->path);
		buf_puts(b, ":[");
		for (r = 0; r < t->nrows; r++) {
			buf_puts(b, r > 0 ? ",[" : "[");
			for (c = 0; c < t->ncols; c++) {
				buf_puts(b, c > 0 ? "," : "");
				emit_json_string(b, t->cells[r * t->ncols + c] ?
				    t->cells[r * t->ncols + c] : "");
			}
			buf_putc(b, ']');
		}
		buf_putc(b, ']');
	}
	buf_puts(b, "},\"signoff\":{");
	for (i = 0; i < run->nsignoff; i++) {
		buf_puts(b, i > 0 ? "," : "");
		emit_json_string(b, run->signoff[i].role);
		buf_puts(b, ":{\"name\":");
		emit_json_string(b, run->signoff[i].name ?
		    run->signoff[i].name : "");
		html_json_key(b, "at", run->signoff[i].at);
		html_json_key(b, "principal", run->signoff[i].principal);
		html_json_key(b, "key", run->signoff[i].key);
		html_json_key(b, "signature", run->signoff[i].signature);
		buf_putc(b, '}');
	}
	buf_putc(b, '}');
}

/*
 * The run the page is drawn from, in run format (doc/format.md §3) with
 * every value as text: the script's starting state, so that a page
 * rendered from a run exports the same run.
 */
static void
html_json_run(struct buf *b, const struct chk_run *run)
{
	const char	*id;
	size_t		 i;

	buf_puts(b, "{\"run\":");
	emit_json_string(b, run->run);
	buf_puts(b, ",\"checklist\":");
	emit_json_string(b, run->checklist);
	buf_printf(b, ",\"revision\":%d,\"fields\":{", run->revision);
	for (i = 0; i < run->nfields; i++) {
		id = run->fields[i].path;
		if (strncmp(id, "fields.", 7) == 0)
			id += 7;
		buf_puts(b, i > 0 ? "," : "");
		emit_json_string(b, id);
		buf_putc(b, ':');
		emit_json_string(b, run->fields[i].value ?
		    run->fields[i].value : "");
	}
	buf_puts(b, "},\"items\":{");
	for (i = 0; i < run->nitems; i++) {
		buf_puts(b, i > 0 ? "," : "");
		emit_json_string(b, run->items[i].path);
		buf_putc(b, ':');
		html_json_answer(b, &run->items[i]);
	}
	buf_putc(b, '}');
	html_json_run_fills(b, run);
	html_json_key(b, "outcome", run->outcome);
	html_json_key(b, "notes", run->notes);
	buf_putc(b, '}');
}

/* Labels the script shows, by key. */
static const char *const html_script_labels[] = {
	"confirm-clear", "confirm-discard", "confirm-import", "discard",
	"done", "download-old", "exported", "failed", "import-error",
	"imported", "na", "open", "revision", "stale", "storage-off"
};

static void
html_json_labels(struct html *h, struct buf *b)
{
	size_t	i;

	buf_puts(b, ",\n\"labels\":{");
	for (i = 0; i < sizeof(html_script_labels) /
	    sizeof(html_script_labels[0]); i++) {
		buf_puts(b, i > 0 ? "," : "");
		emit_json_string(b, html_script_labels[i]);
		buf_putc(b, ':');
		emit_json_string(b, LBL(h, html_script_labels[i]));
	}
	buf_putc(b, '}');
}

/* The storage key: project, checklist and hash; a page drawn from a
 * run adds the run's own hash, so its answers are kept apart. */
static void
html_json_key_of(struct html *h, struct buf *b, const struct buf *run)
{
	char		hex[SHA256_HEX];
	struct buf	key = { NULL, 0, 0 };

	buf_printf(&key, "chkc:%s/%s:%s", h->cl->project ? h->cl->project :
	    "", h->cl->id ? h->cl->id : "", h->cl->hash);
	if (run->len > 0) {
		sha256_hex(run->data, run->len, hex);
		buf_printf(&key, ":run:%.16s", hex);
	}
	buf_puts(b, ",\n\"key\":");
	emit_json_string(b, buf_str(&key));
	buf_free(&key);
}

/*
 * The data block: identity, labels, and the names and kinds of the
 * controls, as JSON that cannot close its <script> element.
 */
static void
html_data(struct html *h, const struct buf *head)
{
	struct buf	*b = h->b;
	struct buf	 run = { NULL, 0, 0 };

	if (h->run != NULL)
		html_json_run(&run, h->run);
	buf_puts(b, "<script type=\"application/json\" id=\"chk_data\">\n"
	    "{\"project\":");
	emit_json_string(b, h->cl->project);
	buf_puts(b, ",\"checklist\":");
	emit_json_string(b, h->cl->id);
	buf_puts(b, ",\"hash\":");
	emit_json_string(b, h->cl->hash);
	buf_printf(b, ",\"revision\":%d", h->cl->revision);
	html_json_key_of(h, b, &run);
	buf_put(b, h->parts->labels.data, h->parts->labels.len);
	buf_printf(b, ",\n\"head\":[%s],\n\"tables\":[%s],"
	    "\n\"signoff\":[%s],\n\"run\":%s}\n</script>\n", buf_str(head),
	    buf_str(&h->tables), buf_str(&h->signs),
	    run.len > 0 ? buf_str(&run) : "null");
	buf_free(&run);
}

/* Part fn of a page drawn from no run, into b instead of the page:
 * it is kept (html_lang()). */
static void
html_part_into(struct html *h, void (*fn)(struct html *), struct buf *b)
{
	struct buf		*page = h->b;
	const struct chk_run	*run = h->run;

	h->b = b;
	h->run = NULL;
	fn(h);
	h->b = page;
	h->run = run;
}

/* The parts of the page in h's language (struct html_lang). */
static const struct html_lang *
html_lang(struct html *h)
{
	static struct html_lang	 langs[HTML_NLANGS];
	static size_t		 next;
	struct html_lang	*l;
	size_t			 i;

	for (i = 0; i < HTML_NLANGS && langs[i].lang != NULL; i++)
		if (strcmp(langs[i].lang, h->lang) == 0)
			return &langs[i];
	/* Past HTML_NLANGS languages, the oldest slot is made again. */
	l = &langs[next++ % HTML_NLANGS];
	free(l->lang);
	buf_reset(&l->labels);
	buf_reset(&l->marks);
	buf_reset(&l->tools);
	buf_reset(&l->outcome);
	l->lang = xstrdup(h->lang);
	html_json_labels(h, &l->labels);
	html_part_into(h, html_marks_template, &l->marks);
	html_part_into(h, html_tools, &l->tools);
	html_part_into(h, html_outcome, &l->outcome);
	return l;
}

/*
 * The page of checklist cl, filled in from run when it is not NULL.
 * Never fails: every text is escaped or rendered safely.
 */
int
emit_html(const struct chk_list *cl, const struct chk_run *run,
    struct buf *b, struct diag *d)
{
	/* Room for the largest page so far, made at once: grown from 256
	 * bytes, a 70 KB page was copied nine times. */
	static size_t	largest;
	struct html	h;
	struct buf	head = { NULL, 0, 0 };
	size_t		i, start = b->len;

	(void)d;
	buf_grow(b, largest);
	memset(&h, 0, sizeof(h));
	h.cl = cl;
	h.run = run;
	h.lang = cl->lang != NULL ? cl->lang : "en";
	h.b = b;
	h.parts = html_lang(&h);
	emit_md_link_defs(cl, &h.refs);
	html_head(&h);
	buf_puts(b, "<body>\n");
	html_header(&h);
	buf_puts(b, "<main>\n<form id=\"chk_form\" autocomplete=\"off\">\n");
	html_fields(&h, &head);
	for (i = 0; i < cl->nsections; i++)
		html_section(&h, cl->sections[i], 2);
	html_signoffs(&h);
	if (run == NULL)
		buf_put(b, h.parts->outcome.data, h.parts->outcome.len);
	else
		html_outcome(&h);
	buf_puts(b, "</form>\n</main>\n");
	buf_put(b, h.parts->marks.data, h.parts->marks.len);
	html_data(&h, &head);
	buf_puts(b, "<script>");
	html_asset(b, emit_asset_html_page_js, &js_len);
	buf_puts(b, "</script>\n</body>\n</html>\n");
	buf_free(&head);
	buf_free(&h.tables);
	buf_free(&h.signs);
	buf_free(&h.refs);
	free(h.tally);
	if (b->len - start > largest)
		largest = b->len - start;
	return 0;
}
