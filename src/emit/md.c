/*
 * GitHub-flavoured Markdown: task lists with sub-items, fields as
 * "Label: ______ unit", choices as "[ ] A [ ] B", tables with empty cells
 * to fill, code blocks and sign-off tables.  It renders as a checklist on
 * any git host and reads well as plain text.  With a run, the same
 * layout shows the answers: ticked boxes, values, N/A and failures.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mdtext.h"
#include "model.h"
#include "emit/emit.h"

#define BLANK	"______"

struct md {
	struct buf		*b;
	const struct chk_list	*cl;
	const struct chk_run	*run;
	const char		*lang;
};

typedef void (*md_fn)(struct md *, const struct chk_item *, int depth);

static void	md_check(struct md *, const struct chk_item *, int);
static void	md_field(struct md *, const struct chk_item *, int);
static void	md_table(struct md *, const struct chk_item *, int);
static void	md_mdblock(struct md *, const struct chk_item *, int);

static const md_fn md_emitters[CHK_ITEM__MAX] = {
	md_check,	/* CHK_ITEM_CHECK */
	md_field,	/* CHK_ITEM_FIELD */
	md_table,	/* CHK_ITEM_TABLE */
	md_mdblock,	/* CHK_ITEM_MD */
};

void
emit_md_escape(struct buf *b, const char *s)
{
	mdtext_escape(b, s, 0);
}

static void
indent(struct md *m, int depth)
{
	int	i;

	for (i = 0; i < depth; i++)
		buf_puts(m->b, "  ");
}

/* Markdown text on lines of its own, each indented to depth. */
static void
put_block(struct md *m, const char *text, int depth)
{
	const char	*nl;

	while (*text != '\0') {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		if (nl > text)
			indent(m, depth);
		buf_put(m->b, text, (size_t)(nl - text));
		buf_putc(m->b, '\n');
		text = *nl ? nl + 1 : nl;
	}
}

/* Inline Markdown kept on one line: a line break would end the item.
 * strchr() and strlen() look at a word at a time; strcspn() built a
 * table first, for every check's text. */
static void
put_inline(struct md *m, const char *text)
{
	const char	*nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		buf_put(m->b, text, (size_t)(nl - text));
		buf_putc(m->b, ' ');
		text = nl + 1;
	}
	buf_puts(m->b, text);
}

/* The fill-in part of a field: blank, boxes, or the run's value. */
static void
put_fill(struct md *m, const struct chk_field *f, const struct chk_answer *a)
{
	size_t	i;

	if (f->type == CHK_FIELD_CHOICE || f->type == CHK_FIELD_MULTICHOICE ||
	    f->type == CHK_FIELD_BOOL) {
		const char *yes = emit_label(m->lang, "yes");
		const char *no = emit_label(m->lang, "no");
		size_t n = f->type == CHK_FIELD_BOOL ? 2 : f->noptions;

		for (i = 0; i < n; i++) {
			const char *opt = f->type == CHK_FIELD_BOOL ?
			    (i == 0 ? yes : no) : f->options[i];

			buf_puts(m->b, i > 0 ? " [" : "[");
			buf_putc(m->b, model_value_has(a != NULL ? a->value : NULL, f->type == CHK_FIELD_BOOL ?
			    (i == 0 ? "true" : "false") : opt) ? 'x' : ' ');
			buf_puts(m->b, "] ");
			emit_md_escape(m->b, opt);
		}
		return;
	}
	if (a != NULL && a->value != NULL && *a->value != '\0') {
		buf_puts(m->b, "**");
		emit_md_escape(m->b, a->value);
		buf_puts(m->b, "**");
	} else
		buf_puts(m->b, BLANK);
	if (f->unit != NULL) {
		buf_putc(m->b, ' ');
		emit_md_escape(m->b, f->unit);
	}
}

/* " — N/A: reason" or " — FAILED: note" after an answered item. */
static void
put_outcome(struct md *m, const struct chk_answer *a)
{
	if (a == NULL)
		return;
	if (a->na != NULL) {
		buf_printf(m->b, " — %s: ", emit_label(m->lang, "na"));
		emit_md_escape(m->b, a->na);
	}
	if (a->failed != NULL) {
		buf_printf(m->b, " — **%s:** ", emit_label(m->lang, "failed"));
		emit_md_escape(m->b, a->failed);
	}
}

/*
 * The info string of a fence: the language, escaped, without its
 * backticks.  A backtick, even escaped, makes the line no fence
 * (CommonMark) and the code below it Markdown, raw HTML included.
 */
static void
put_info(struct buf *b, const char *lang)
{
	char	*s = xstrdup(lang), *p, *q;

	for (p = q = s; *p != '\0'; p++)
		if (*p != '`')
			*q++ = *p;
	*q = '\0';
	emit_md_escape(b, s);
	free(s);
}

/* A fenced code block, fenced longer than any backtick run inside. */
static void
put_code(struct md *m, const char *code, const char *lang, int depth)
{
	size_t	run = 0, longest = 0, i, fence;
	const char *s;

	for (s = code; *s != '\0'; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	fence = longest < 3 ? 3 : longest + 1;
	indent(m, depth);
	for (i = 0; i < fence; i++)
		buf_putc(m->b, '`');
	if (lang != NULL)
		put_info(m->b, lang);
	buf_putc(m->b, '\n');
	put_block(m, code, depth);
	indent(m, depth);
	for (i = 0; i < fence; i++)
		buf_putc(m->b, '`');
	buf_putc(m->b, '\n');
}

static void
md_check(struct md *m, const struct chk_item *it, int depth)
{
	const struct chk_answer	*a = model_answer(m->run, it->path);
	size_t			 i;

	indent(m, depth);
	buf_puts(m->b, a != NULL && a->done ? "- [x] " : "- [ ] ");
	if (a != NULL && a->na != NULL)
		buf_puts(m->b, "~~");
	put_inline(m, it->text != NULL ? it->text : "");
	if (a != NULL && a->na != NULL)
		buf_puts(m->b, "~~");
	if (it->field != NULL) {
		buf_puts(m->b, emit_md_colon(it->text) ? " " : ": ");
		put_fill(m, it->field, a);
	}
	if (it->critical) {
		buf_puts(m->b, " **(");
		buf_puts(m->b, emit_label(m->lang, "critical"));
		buf_puts(m->b, ")**");
	}
	if (it->role != NULL) {
		buf_puts(m->b, " — _");
		emit_md_escape(m->b, it->role);
		buf_putc(m->b, '_');
	}
	put_outcome(m, a);
	buf_putc(m->b, '\n');
	if (it->details != NULL)
		put_block(m, it->details, depth + 1);
	if (it->code != NULL)
		put_code(m, it->code, it->lang, depth + 1);
	for (i = 0; i < it->nitems; i++)
		md_emitters[it->items[i]->kind](m, it->items[i], depth + 1);
}

static void
md_field(struct md *m, const struct chk_item *it, int depth)
{
	indent(m, depth);
	buf_puts(m->b, "- ");
	put_inline(m, it->text != NULL ? it->text : "");
	buf_puts(m->b, emit_md_colon(it->text) ? " " : ": ");
	put_fill(m, it->field, model_answer(m->run, it->path));
	buf_putc(m->b, '\n');
}

/* A cell: fixed text, the run's value, or empty to fill in (a blank
 * beside fixed cells, so that the two are told apart). */
static void
md_cell(struct md *m, const struct chk_item *it, size_t r, size_t c)
{
	const char	*v = model_table_fixed(it, r, c);

	if (v != NULL) {
		emit_md_escape(m->b, v);
		return;
	}
	if ((v = model_table_cell(m->run, it, r, c - it->labelled)) == NULL)
		v = "";
	if (*v == '\0' && it->cells != NULL)
		buf_puts(m->b, BLANK);
	else
		emit_md_escape(m->b, v);
}

/* A table's header row and its rule, after a first column's label
 * (a label of the catalog, not escaped) unless first is NULL. */
static void
md_head(struct md *m, const char *first, const char **cols, size_t n)
{
	size_t	c;

	if (first != NULL)
		buf_printf(m->b, "| %s ", first);
	for (c = 0; c < n; c++) {
		buf_puts(m->b, "| ");
		emit_md_escape(m->b, cols[c]);
		buf_putc(m->b, ' ');
	}
	buf_puts(m->b, "|\n");
	for (c = 0; c < n + (first != NULL); c++)
		buf_puts(m->b, "|---");
	buf_puts(m->b, "|\n");
}

static void
md_table(struct md *m, const struct chk_item *it, int depth)
{
	size_t	r, c;

	(void)depth;
	buf_putc(m->b, '\n');
	if (it->text != NULL) {
		buf_puts(m->b, "**");
		put_inline(m, it->text);
		buf_puts(m->b, "**\n\n");
	}
	md_head(m, NULL, it->columns, it->ncolumns);
	for (r = 0; r < it->nrows; r++) {
		for (c = 0; c < it->ncolumns; c++) {
			buf_puts(m->b, "| ");
			md_cell(m, it, r, c);
			buf_putc(m->b, ' ');
		}
		buf_puts(m->b, "|\n");
	}
	buf_putc(m->b, '\n');
}

static void
md_mdblock(struct md *m, const struct chk_item *it, int depth)
{
	(void)depth;
	buf_putc(m->b, '\n');
	put_block(m, it->text != NULL ? it->text : "", 0);
	buf_putc(m->b, '\n');
}

/* Items in order; a run of list items is one list, a block between
 * them (table, md) needs blank lines around it. */
static void
md_items(struct md *m, struct chk_item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		md_emitters[items[i]->kind](m, items[i], 0);
}

static void
md_section(struct md *m, const struct chk_section *s, int level)
{
	size_t	i;

	buf_putc(m->b, '\n');
	for (i = 0; i < (size_t)(level > 6 ? 6 : level); i++)
		buf_putc(m->b, '#');
	buf_putc(m->b, ' ');
	put_inline(m, s->title != NULL ? s->title : s->id);
	buf_puts(m->b, "\n\n");
	if (s->note != NULL) {
		buf_putc(m->b, '_');
		put_inline(m, s->note);
		buf_puts(m->b, "_\n\n");
	}
	md_items(m, s->items, s->nitems);
	for (i = 0; i < s->nsections; i++)
		md_section(m, s->sections[i], level + 1);
}

/* The cell of column c of a role's row: what the column holds. */
static void
md_sign_cell(struct md *m, const struct chk_signoff *s, size_t c,
    const struct chk_signature *sig)
{
	struct buf	t = { 0 };

	if (sig == NULL)
		return;
	switch (s->holds[c]) {
	case CHK_SIGNCOL_NAME:
		emit_md_escape(m->b, sig->name ? sig->name : "");
		break;
	case CHK_SIGNCOL_AT:
		emit_md_escape(m->b, sig->at ? sig->at : "");
		break;
	case CHK_SIGNCOL_SIGNATURE:
		emit_signature_text(m->lang, sig, 0, &t);
		emit_md_escape(m->b, buf_str(&t));
		buf_free(&t);
		break;
	default:
		break;
	}
}

static void
md_signoff(struct md *m, const struct chk_signoff *s)
{
	const struct chk_signature *sig;
	size_t	i, c;

	buf_puts(m->b, "\n## ");
	put_inline(m, s->title);
	buf_puts(m->b, "\n\n");
	md_head(m, emit_label(m->lang, "role"), s->columns, s->ncolumns);
	for (i = 0; i < s->nroles; i++) {
		sig = model_signature(m->run, s->roles[i]);
		buf_puts(m->b, "| ");
		emit_md_escape(m->b, s->roles[i]);
		for (c = 0; c < s->ncolumns; c++) {
			buf_puts(m->b, " | ");
			md_sign_cell(m, s, c, sig);
		}
		buf_puts(m->b, " |\n");
	}
}

static void
md_header(struct md *m)
{
	const struct chk_list	*cl = m->cl;
	size_t			 i;

	buf_puts(m->b, "# ");
	put_inline(m, cl->title != NULL ? cl->title : cl->id);
	buf_puts(m->b, "\n\n_");
	emit_md_escape(m->b, cl->project_name);
	buf_printf(m->b, " · %s %d · %.19s_\n", emit_label(m->lang, "revision"),
	    cl->revision, cl->hash);
	if (cl->description != NULL) {
		buf_putc(m->b, '\n');
		put_block(m, cl->description, 0);
	}
	if (cl->nfields > 0)
		buf_putc(m->b, '\n');
	for (i = 0; i < cl->nfields; i++)
		md_field(m, cl->fields[i], 0);
}

int
emit_md(const struct chk_list *cl, const struct chk_run *run, struct buf *b,
    struct diag *d)
{
	static size_t	largest;	/* as in emit_html() */
	struct md	m = { b, cl, run, cl->lang };
	size_t		i, start = b->len;

	(void)d;
	buf_grow(b, largest);
	md_header(&m);
	for (i = 0; i < cl->nsections; i++)
		md_section(&m, cl->sections[i], 2);
	for (i = 0; i < cl->nsignoffs; i++)
		md_signoff(&m, cl->signoffs[i]);
	if (run != NULL && run->outcome != NULL) {
		buf_printf(b, "\n**%s:** ", emit_label(m.lang, "outcome"));
		emit_md_escape(b, run->outcome);
		buf_putc(b, '\n');
	}
	if (run != NULL && run->notes != NULL) {
		buf_printf(b, "\n**%s:** ", emit_label(m.lang, "notes"));
		emit_md_escape(b, run->notes);
		buf_putc(b, '\n');
	}
	if (b->len - start > largest)
		largest = b->len - start;
	return 0;
}
