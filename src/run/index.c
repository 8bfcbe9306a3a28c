/*
 * A checklist's items by path, and the texts a snapshot keeps of them.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "run/internal.h"

static void
add_items(struct ptrvec *v, struct chk_item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		ptrvec_push(v, items[i]);
		add_items(v, items[i]->items, items[i]->nitems);
	}
}

static void
add_section(struct ptrvec *v, const struct chk_section *s)
{
	size_t	i;

	add_items(v, s->items, s->nitems);
	for (i = 0; i < s->nsections; i++)
		add_section(v, s->sections[i]);
}

static int
cmp_item(const void *a, const void *b)
{
	return strcmp((*(const struct chk_item *const *)a)->path,
	    (*(const struct chk_item *const *)b)->path);
}

void
run_index(const struct chk_list *cl, struct arena *a, struct run_index *ix)
{
	struct ptrvec	v = { 0 };
	size_t		i;

	for (i = 0; i < cl->nfields; i++)
		ptrvec_push(&v, cl->fields[i]);
	for (i = 0; i < cl->nsections; i++)
		add_section(&v, cl->sections[i]);
	ix->nfields = cl->nfields;
	ix->items = ptrvec_finish(&v, a, &ix->n);
	ix->sorted = arena_alloc(a, (ix->n + 1) * sizeof(*ix->sorted));
	ix->paths = arena_alloc(a, (ix->n + 1) * sizeof(*ix->paths));
	for (i = 0; i < ix->n; i++) {
		ix->sorted[i] = ix->items[i];
		ix->paths[i] = ix->items[i]->path;
	}
	if (ix->n > 0)
		qsort(ix->sorted, ix->n, sizeof(*ix->sorted), cmp_item);
}

const struct chk_item *
run_index_find(const struct run_index *ix, const char *path)
{
	size_t	lo = 0, hi = ix->n, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(path, ix->sorted[mid]->path)) == 0)
			return ix->sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
run_countable(const struct chk_item *it)
{
	return it->kind == CHK_ITEM_CHECK || it->kind == CHK_ITEM_FIELD;
}

/*
 * An item's text as a snapshot keeps it: its Markdown text; a table's
 * title and columns ("Title [A | B]"), since a changed column moves the
 * cells under it, and its pre-filled cells, by row, a cell to fill in
 * as "_" ("Title [A | B] {x | _; y | _}"): a changed figure changes
 * what the answers beside it meant.
 */
const char *
run_item_text(const struct chk_item *it, struct arena *a)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	if (it->kind != CHK_ITEM_TABLE)
		return it->text != NULL ? it->text : "";
	buf_puts(&b, it->text != NULL ? it->text : "");
	buf_puts(&b, " [");
	for (i = 0; i < it->ncolumns; i++) {
		if (i > 0)
			buf_puts(&b, " | ");
		buf_puts(&b, it->columns[i]);
	}
	buf_putc(&b, ']');
	for (i = 0; it->cells != NULL && i < it->nrows * it->ncolumns; i++) {
		buf_puts(&b, i == 0 ? " {" : i % it->ncolumns == 0 ? "; " :
		    " | ");
		buf_puts(&b, it->cells[i] != NULL ? it->cells[i] : "_");
	}
	if (it->cells != NULL && it->nrows * it->ncolumns > 0)
		buf_putc(&b, '}');
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}
