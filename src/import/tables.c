/*
 * Tables and sign-offs.  A table is a sign-off group when its first
 * header is "Role"; fields when it pairs labels with blanks or choices
 * ("Item | Value"), the run header if no task came before it; a table
 * block when every cell but the row labels is a blank, or one with
 * fixed cells when its other cells are blanks beside plain text ("| Unit
 * Tests | ____ | 1240 |"); else Markdown.
 * "Approved by: ____" lines are sign-off groups too.
 */
#include <string.h>

#include <cmark-gfm.h>

#include "arena.h"
#include "import/imp.h"

struct grid {
	cmark_node	*node;
	size_t		 nrows, ncols;	/* row 0: the header */
	const char	**cell;		/* nrows * ncols, trimmed Markdown */
};

static const char *
cell(const struct grid *g, size_t r, size_t c)
{
	return g->cell[r * g->ncols + c];
}

/* The Markdown of a cell, trimmed. */
static const char *
cell_text(struct imp *im, cmark_node *c)
{
	char	*s = imp_block(im, c);

	s += strspn(s, " \t");
	return s;
}

static void
read_grid(struct imp *im, cmark_node *table, struct grid *g)
{
	cmark_node	*row, *c;
	size_t		 r = 0, k;

	g->node = table;
	g->nrows = g->ncols = 0;
	for (row = cmark_node_first_child(table); row != NULL;
	    row = cmark_node_next(row), g->nrows++)
		for (k = 0, c = cmark_node_first_child(row); c != NULL;
		    c = cmark_node_next(c))
			if (++k > g->ncols)
				g->ncols = k;
	g->cell = arena_alloc(im->a, (g->nrows * g->ncols + 1) *
	    sizeof(*g->cell));
	for (row = cmark_node_first_child(table); row != NULL;
	    row = cmark_node_next(row), r++) {
		for (k = 0; k < g->ncols; k++)
			g->cell[r * g->ncols + k] = "";
		for (k = 0, c = cmark_node_first_child(row); c != NULL;
		    c = cmark_node_next(c), k++)
			g->cell[r * g->ncols + k] = cell_text(im, c);
	}
}

/* A cell that is one blank (with a unit) or empty; its unit to *unit. */
static int
blank_cell(struct imp *im, const char *s, const char **unit)
{
	struct imp_fill	*f;

	*unit = NULL;
	if (*s == '\0')
		return 1;
	f = imp_fills(im->a, s, strlen(s));
	if (f == NULL || f->next != NULL || *f->label != '\0' ||
	    f->field->options.n > 0)
		return 0;
	*unit = f->field->unit;
	return 1;
}

/* Row labels in column 0, blanks in every other body cell. */
static int
blank_body(struct imp *im, const struct grid *g)
{
	const char	*unit;
	size_t		 r, c;

	if (g->nrows < 2 || g->ncols < 2)
		return 0;
	for (r = 1; r < g->nrows; r++) {
		if (*cell(g, r, 0) == '\0' || imp_has_fill(cell(g, r, 0),
		    strlen(cell(g, r, 0))))
			return 0;
		for (c = 1; c < g->ncols; c++)
			if (!blank_cell(im, cell(g, r, c), &unit))
				return 0;
	}
	return 1;
}

static void
signoff_table(struct imp *im, const struct grid *g)
{
	struct imp_strs		 cols = { 0 };
	struct imp_signoff	*so;
	size_t			 r, c;

	for (c = 1; c < g->ncols; c++)
		imp_strs_push(im->a, &cols, imp_plain_label(im->a,
		    cell(g, 0, c)));
	so = imp_signoff(im, imp_where(im), &cols);
	for (r = 1; r < g->nrows; r++)
		imp_strs_push(im->a, &so->roles, imp_plain_label(im->a,
		    cell(g, r, 0)));
	imp_moved(im, &so->comment);
}

/* "| **Version** | v_____ |": label and a blank or a choice per row. */
static int
field_rows(struct imp *im, const struct grid *g)
{
	struct imp_fill	*f;
	size_t		 r;

	if (g->ncols != 2 || g->nrows < 2)
		return 0;
	for (r = 1; r < g->nrows; r++) {
		f = imp_fills(im->a, cell(g, r, 1), strlen(cell(g, r, 1)));
		if (*cell(g, r, 0) == '\0' || f == NULL || f->next != NULL ||
		    *f->label != '\0' || imp_has_fill(cell(g, r, 0),
		    strlen(cell(g, r, 0))))
			return 0;
	}
	return 1;
}

static void
field_table(struct imp *im, const struct grid *g)
{
	struct imp_fill	*f;
	struct imp_item	*it;
	const char	*comment = NULL;
	int		 header = !im->seen_task;
	size_t		 r;

	if (header)
		imp_moved(im, &comment);
	for (r = 1; r < g->nrows; r++) {
		f = imp_fills(im->a, cell(g, r, 1), strlen(cell(g, r, 1)));
		it = imp_new_item(im, IMP_FIELD, g->node,
		    imp_plain_label(im->a, cell(g, r, 0)));
		it->field = f->field;
		if (f->field->options.n == 0)
			f->field->type = imp_guess_type(it->text,
			    f->field->unit);
		if (f->field->prefix != NULL)
			it->comment = arena_printf(im->a, "the blank was "
			    "written %s____", f->field->prefix);
		if (r == 1 && comment != NULL)
			it->comment = it->comment == NULL ? comment :
			    arena_printf(im->a, "%s; %s", comment, it->comment);
		if (header)
			imp_item_add(&im->doc.fields, &im->doc.flast, it);
		else
			imp_add(im, it);
	}
}

/* The unit of a column: one name for all its cells, else NULL and a
 * warning (the header then says nothing of units). */
static const char *
column_unit(struct imp *im, const struct grid *g, size_t c)
{
	const char	*unit, *first = NULL;
	size_t		 r;

	for (r = 1; r < g->nrows; r++) {
		blank_cell(im, cell(g, r, c), &unit);
		if (unit == NULL)
			continue;
		if (first == NULL)
			first = unit;
		else if (strcmp(first, unit) != 0) {
			imp_warn(im, g->node, "column '%s' mixes units '%s' "
			    "and '%s': the units are dropped", cell(g, 0, c),
			    first, unit);
			return NULL;
		}
	}
	return first;
}

/* A table block with the header as columns (a column's unit added to
 * its name, "Error Rate %"). */
static struct imp_item *
table_item(struct imp *im, const struct grid *g)
{
	struct imp_item	*it = imp_new_item(im, IMP_TABLE, g->node,
	    imp_where(im));
	const char	*name, *unit;
	size_t		 c;

	for (c = 0; c < g->ncols; c++) {
		name = imp_plain_label(im->a, cell(g, 0, c));
		if (c > 0 && (unit = column_unit(im, g, c)) != NULL)
			name = *name != '\0' ? arena_printf(im->a, "%s %s",
			    name, unit) : unit;
		if (*name == '\0')
			name = arena_printf(im->a, "%zu", c + 1);
		imp_strs_push(im->a, &it->columns, name);
	}
	return it;
}

/* A table block: column 0 as row labels, blanks beside them. */
static void
blank_table(struct imp *im, const struct grid *g)
{
	struct imp_item	*it = table_item(im, g);
	size_t		 r;

	for (r = 1; r < g->nrows; r++)
		imp_strs_push(im->a, &it->rows, imp_plain_label(im->a,
		    cell(g, r, 0)));
	imp_add(im, it);
}

/*
 * Fixed cells beside blanks: "| Unit Tests | _____ | _____ | 1240 |".
 * Every body cell is a blank (or empty) or text without a fill-in, and
 * one at least is a real blank.
 */
static int
fixed_body(struct imp *im, const struct grid *g)
{
	const char	*unit, *s;
	size_t		 r, c, blanks = 0;

	if (g->nrows < 2 || g->ncols < 2)
		return 0;
	for (r = 1; r < g->nrows; r++)
		for (c = 0; c < g->ncols; c++) {
			s = cell(g, r, c);
			if (blank_cell(im, s, &unit))
				blanks += *s != '\0';
			else if (imp_has_fill(s, strlen(s)))
				return 0;
		}
	return blanks > 0;
}

/* A table block whose rows are cells: fixed texts, and NULL where a
 * blank (or an empty cell) is to be filled in. */
static void
fixed_table(struct imp *im, const struct grid *g)
{
	struct imp_item	*it = table_item(im, g);
	const char	*unit;
	size_t		 r, c;

	for (r = 1; r < g->nrows; r++)
		for (c = 0; c < g->ncols; c++)
			imp_strs_push(im->a, &it->cells, blank_cell(im,
			    cell(g, r, c), &unit) ? NULL :
			    imp_plain_label(im->a, cell(g, r, c)));
	imp_add(im, it);
}

/* "Role" in the languages chkc has labels for. */
static int
role_header(struct imp *im, const char *s)
{
	static const char *const words[] = { "role", "роль", "rol",
	    "rolle", "rôle", "função", "papel", "角色", "职责", "役割",
	    "担当", NULL };
	const char	*l = imp_lower(im->a, imp_plain_label(im->a, s));
	size_t		 i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(l, words[i]) == 0)
			return 1;
	return 0;
}

void
imp_do_table(struct imp *im, cmark_node *table)
{
	struct grid	g;

	read_grid(im, table, &g);
	if (g.ncols >= 2 && g.nrows >= 2 && role_header(im, cell(&g, 0, 0)) &&
	    blank_body(im, &g))
		signoff_table(im, &g);
	else if (field_rows(im, &g))
		field_table(im, &g);
	else if (blank_body(im, &g))
		blank_table(im, &g);
	else if (fixed_body(im, &g))
		fixed_table(im, &g);
	else
		imp_md(im, table);
}

/* Is this label one of an approval ("Approved by", "Утвердил")? */
static int
approval_label(struct imp *im, const char *label)
{
	static const char *const words[] = { "approved by", "approver",
	    "утвердил", "утверждено", "согласовано", "одобрено",
	    "aprobado por", "genehmigt von", "freigegeben von",
	    "approuvé par", "validé par", "aprovado por", "批准人",
	    "审批人", "承認者", NULL };
	const char	*l = imp_lower(im->a, label);
	size_t		 i;

	for (i = 0; words[i] != NULL; i++)
		if (strstr(l, words[i]) != NULL)
			return 1;
	return 0;
}

int
imp_approval(struct imp *im, const struct imp_fill *f)
{
	struct imp_strs		 cols = { 0 };
	struct imp_signoff	*so;
	const struct imp_fill	*g;

	if (f == NULL || f->field->options.n > 0 ||
	    !approval_label(im, f->label))
		return 0;
	for (g = f; g != NULL; g = g->next)
		if (g->next == NULL && g->field->unit != NULL)
			return 0;
	imp_strs_push(im->a, &cols, "Name");
	for (g = f->next; g != NULL; g = g->next)
		imp_strs_push(im->a, &cols, imp_plain_label(im->a, g->label));
	so = imp_signoff(im, imp_where(im), &cols);
	imp_strs_push(im->a, &so->roles, imp_plain_label(im->a, f->label));
	imp_moved(im, &so->comment);
	return 1;
}
