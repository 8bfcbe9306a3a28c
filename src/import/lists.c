/*
 * Lists: task items become checks (nested task items their sub-items,
 * a code block inside or right after an item its code, other content
 * its details); a list item without a box that holds task items gives
 * its text as an md block and its tasks as checks, so that the tasks
 * keep their place and nesting; a list of form lines gives fields; any
 * other list is an md block.
 */
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "arena.h"
#include "buf.h"
#include "import/imp.h"

/* Fields a check hands to its section (several blanks in one item). */
struct extra {
	struct imp_item	*head, *last;
};

static struct imp_item *make_check(struct imp *, cmark_node *, int,
		    struct extra *);

int
imp_has_task(cmark_node *n)
{
	cmark_iter	*it = cmark_iter_new(n);
	int		 found = 0;

	while (!found && cmark_iter_next(it) != CMARK_EVENT_DONE)
		found = cmark_iter_get_event_type(it) == CMARK_EVENT_ENTER &&
		    imp_is(cmark_iter_get_node(it), "tasklist");
	cmark_iter_free(it);
	return found;
}

/* The blank of a list item that is only a rule of underscores
 * ("1. _____" parses as an item holding a thematic break). */
static int
rule_item(struct imp *im, cmark_node *item)
{
	cmark_node	*p = cmark_node_first_child(item);
	const char	*s;

	if (p == NULL || cmark_node_next(p) != NULL ||
	    cmark_node_get_type(p) != CMARK_NODE_THEMATIC_BREAK)
		return 0;
	s = imp_block(im, p);
	return imp_only_blank(s, strlen(s));
}

/* A list item made only of form lines: "1. _____", "- Name: ____". */
static int
fill_item(struct imp *im, cmark_node *item)
{
	cmark_node	*p = cmark_node_first_child(item);
	const char	*s, *e;

	if (rule_item(im, item))
		return 1;
	if (p == NULL || cmark_node_next(p) != NULL ||
	    cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
		return 0;
	for (s = imp_block(im, p); *s != '\0'; s = *e == '\0' ? e : e + 1) {
		e = s + strcspn(s, "\n");
		if (!imp_has_fill(s, (size_t)(e - s)))
			return 0;
	}
	return 1;
}

static int
fill_list(struct imp *im, cmark_node *list)
{
	cmark_node	*item;

	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item))
		if (!fill_item(im, item))
			return 0;
	return cmark_node_first_child(list) != NULL;
}

/* One field of a list item; an unlabelled blank is named by its
 * number in the list. */
static void
list_field(struct imp *im, cmark_node *p, struct imp_fill *f, int num,
    struct extra *x)
{
	struct imp_item	*it;
	const char	*label = imp_plain_label(im->a, f->label);

	if (*label == '\0')
		label = arena_printf(im->a, "%d", num);
	it = imp_new_item(im, IMP_FIELD, p, label);
	it->field = f->field;
	if (x != NULL)
		imp_item_add(&x->head, &x->last, it);
	else
		imp_add_field(im, it);
}

/* The fields of a list of form lines, to x or to the section. */
static void
list_fields(struct imp *im, cmark_node *list, struct extra *x)
{
	cmark_node	*item, *p;
	struct imp_fill	*f;
	const char	*s, *e;
	int		 num = cmark_node_get_list_start(list);

	if (cmark_node_get_list_type(list) != CMARK_ORDERED_LIST || num < 0)
		num = 1;
	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item), num++) {
		p = cmark_node_first_child(item);
		s = imp_block(im, p);
		if (rule_item(im, item))
			s = "____";
		for (; *s != '\0'; s = *e == '\0' ? e : e + 1) {
			e = s + strcspn(s, "\n");
			for (f = imp_fills(im->a, s, (size_t)(e - s));
			    f != NULL; f = f->next)
				list_field(im, p, f, num, x);
		}
	}
}

/* Append a block's Markdown to a check's details. */
static void
details_add(struct imp *im, struct buf *det, cmark_node *n)
{
	if (det->len > 0)
		buf_puts(det, "\n\n");
	buf_puts(det, imp_block(im, n));
}

/* "Deployment timeline shared: Start" -> the text before the last ':'
 * is the check, the rest names the first field. */
static void
split_label(struct imp *im, const char *label, const char **check,
    const char **first)
{
	const char	*colon = strrchr(label, ':'), *rest;
	size_t		 n;

	*check = label;
	*first = imp_plain_label(im->a, label);
	if (colon == NULL)
		return;
	for (n = (size_t)(colon - label); n > 0 && (label[n - 1] == ' ' ||
	    label[n - 1] == '\t'); n--)
		continue;
	rest = imp_plain_label(im->a, colon + 1);
	if (n == 0 || *rest == '\0')
		return;
	*check = arena_strndup(im->a, label, n);
	*first = rest;
}

/* Several blanks in a top-level item: the check, then one field each. */
static void
split_check(struct imp *im, struct imp_item *c, struct imp_fill *f,
    struct extra *x)
{
	struct imp_item	*it;
	const char	*first;

	split_label(im, f->label, &c->text, &first);
	for (; f != NULL; f = f->next) {
		it = imp_new_item(im, IMP_FIELD, NULL, first != NULL ? first :
		    imp_plain_label(im->a, f->label));
		it->line = c->line;
		it->field = f->field;
		imp_item_add(&x->head, &x->last, it);
		first = NULL;
	}
}

/* The text of a check and the field its blank or choice makes. */
static void
check_text(struct imp *im, struct imp_item *c, cmark_node *para,
    struct extra *x)
{
	char		*text = imp_inline(im, para);
	struct imp_fill	*f = imp_fills(im->a, text, strlen(text));
	size_t		 n = imp_nfills(f);

	c->text = text;
	if (n == 0)
		return;
	if (*f->label == '\0') {
		imp_warn(im, para, "a blank without a label is kept as text");
		return;
	}
	if (n > 1 && x == NULL) {
		imp_warn(im, para, "several blanks in a sub-item are kept as "
		    "text");
		return;
	}
	if (n > 1) {
		split_check(im, c, f, x);
		return;
	}
	c->text = f->label;
	c->field = f->field;
	if (f->field->prefix != NULL)
		c->comment = arena_printf(im->a, "the blank was written %s____",
		    f->field->prefix);
}

static void	sub_list(struct imp *, struct imp_item *, cmark_node *, int,
		    struct buf *);

/* A list item without a box among sub-items: its text to the details,
 * its task items to the check's sub-items. */
static void
sub_plain(struct imp *im, struct imp_item *c, cmark_node *item, int depth,
    struct buf *det)
{
	cmark_node	*ch;

	if (!imp_has_task(item)) {
		details_add(im, det, item);
		return;
	}
	imp_warn(im, item, "a list item without a box among task items: its "
	    "text goes to the details of the check above");
	for (ch = cmark_node_first_child(item); ch != NULL;
	    ch = cmark_node_next(ch))
		if (cmark_node_get_type(ch) == CMARK_NODE_LIST)
			sub_list(im, c, ch, depth + 1, det);
		else
			details_add(im, det, ch);
}

/* The task items of a list inside a check, as its sub-items. */
static void
sub_list(struct imp *im, struct imp_item *c, cmark_node *list, int depth,
    struct buf *det)
{
	cmark_node	*item;

	if (depth > IMP_MAX_DEPTH) {
		imp_warn(im, list, "lists nested deeper than %d are kept as "
		    "Markdown", IMP_MAX_DEPTH);
		details_add(im, det, list);
		return;
	}
	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item))
		if (imp_is(item, "tasklist"))
			imp_item_add(&c->items, &c->last,
			    make_check(im, item, depth, NULL));
		else
			sub_plain(im, c, item, depth, det);
}

/* What follows the text of a task item: code, sub-items, details. */
static void
check_child(struct imp *im, struct imp_item *c, cmark_node *ch, int depth,
    struct extra *x, struct buf *det)
{
	const char	*info;

	if (cmark_node_get_type(ch) == CMARK_NODE_CODE_BLOCK &&
	    c->code == NULL && det->len == 0) {
		c->code = arena_strdup(im->a, cmark_node_get_literal(ch));
		info = cmark_node_get_fence_info(ch);
		if (info != NULL && *info != '\0')
			c->lang = arena_strndup(im->a, info,
			    strcspn(info, " \t{"));
		return;
	}
	if (cmark_node_get_type(ch) == CMARK_NODE_LIST) {
		if (imp_has_task(ch)) {
			sub_list(im, c, ch, depth + 1, det);
			return;
		}
		if (x != NULL && fill_list(im, ch)) {
			list_fields(im, ch, x);
			return;
		}
	}
	if (imp_has_task(ch))
		imp_warn(im, ch, "task items in this %s are kept as Markdown "
		    "in the details of a check", cmark_node_get_type_string(ch));
	details_add(im, det, ch);
}

/*
 * A check from a task item (its box's state is not part of a template).
 * x takes the fields of a top-level item with several blanks; NULL for
 * sub-items, which keep such blanks as text.
 */
static struct imp_item *
make_check(struct imp *im, cmark_node *item, int depth, struct extra *x)
{
	struct imp_item	*c = imp_new_item(im, IMP_CHECK, item, "");
	cmark_node	*ch = cmark_node_first_child(item);
	struct buf	 det = { 0 };
	size_t		 n;

	if (ch != NULL && cmark_node_get_type(ch) == CMARK_NODE_PARAGRAPH) {
		check_text(im, c, ch, x);
		ch = cmark_node_next(ch);
	}
	for (; ch != NULL; ch = cmark_node_next(ch))
		check_child(im, c, ch, depth, x, &det);
	if (det.len > 0)
		c->details = arena_strdup(im->a, buf_str(&det));
	buf_free(&det);
	n = c->code != NULL ? strlen(c->code) : 0;
	if (n > 0 && c->code[n - 1] == '\n' && memchr(c->code, '\n', n - 1) ==
	    NULL)
		c->code = arena_strndup(im->a, c->code, n - 1);
	if (*c->text == '\0') {
		imp_warn(im, item, "a task item without text: named 'Untitled'");
		c->text = "Untitled";
	}
	return c;
}

/* A top-level task item: its check, and the fields of its blanks. */
static void
top_check(struct imp *im, cmark_node *item)
{
	struct extra	 x = { NULL, NULL };
	struct imp_item	*c = make_check(im, item, 0, &x), *f, *next;

	imp_add(im, c);
	for (f = x.head; f != NULL; f = next) {
		next = f->next;
		imp_add(im, f);
	}
	im->seen_task = 1;
	im->last_check = c;
}

/*
 * A list item without a box that holds task items ("1. **Rollback**"
 * over a task list): its first paragraph, with the list marker, is an
 * md block; its other blocks are mapped as if they stood alone.
 */
static void
flatten(struct imp *im, cmark_node *item, int depth)
{
	cmark_node	*ch = cmark_node_first_child(item);

	if (ch != NULL && cmark_node_get_type(ch) == CMARK_NODE_PARAGRAPH) {
		imp_add(im, imp_new_item(im, IMP_MD, item, imp_range(im,
		    cmark_node_get_start_line(item),
		    cmark_node_get_start_column(item),
		    cmark_node_get_end_line(ch), cmark_node_get_end_column(ch))));
		ch = cmark_node_next(ch);
	}
	for (; ch != NULL; ch = cmark_node_next(ch))
		imp_do_block(im, ch, depth + 1);
}

/* Is this the title of a sign-off section? */
static int
signoff_title(struct imp *im, const char *title)
{
	static const char *const words[] = { "sign-off", "signoff",
	    "sign off", "подпис", "approval", "утвержд", "согласован",
	    "firma", "aprobaci", "freigabe", "unterschrift", "validation",
	    "signature", "assinatura", "aprovaç", "签字", "签核", "审批",
	    "承認", "署名", NULL };
	const char	*l = imp_lower(im->a, title);
	size_t		 i;

	for (i = 0; words[i] != NULL; i++)
		if (strstr(l, words[i]) != NULL)
			return 1;
	return 0;
}

/* The role and columns of a sign-off line "- [ ] Role: ____ Date: ____". */
static int
signoff_line(struct imp *im, cmark_node *item, const char **role,
    struct imp_strs *cols)
{
	cmark_node	*p = cmark_node_first_child(item);
	struct imp_fill	*f, *g;
	const char	*text;

	if (!imp_is(item, "tasklist") || p == NULL || cmark_node_next(p) !=
	    NULL || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
		return 0;
	text = imp_inline(im, p);
	if ((f = imp_fills(im->a, text, strlen(text))) == NULL ||
	    *f->label == '\0' || f->field->options.n > 0)
		return 0;
	*role = imp_plain_label(im->a, f->label);
	memset(cols, 0, sizeof(*cols));
	imp_strs_push(im->a, cols, "Name");
	for (g = f; g != NULL; g = g->next) {
		if (g->next == NULL && g->field->unit != NULL)
			return 0;
		if (g != f)
			imp_strs_push(im->a, cols, imp_plain_label(im->a,
			    g->label));
	}
	return 1;
}

static int
same_strs(const struct imp_strs *a, const struct imp_strs *b)
{
	size_t	i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

/* A task list of sign-off lines under a sign-off heading: a sign-off
 * group.  Returns 0 (and maps nothing) when it is not one. */
static int
signoff_list(struct imp *im, cmark_node *list)
{
	struct imp_strs		 roles = { 0 }, cols, first = { 0 };
	struct imp_signoff	*so;
	cmark_node		*item;
	const char		*role;
	size_t			 i;

	if (im->cur == NULL || !signoff_title(im, im->cur->title))
		return 0;
	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item)) {
		if (!signoff_line(im, item, &role, &cols) ||
		    (roles.n > 0 && !same_strs(&cols, &first)))
			return 0;
		if (roles.n == 0)
			first = cols;
		imp_strs_push(im->a, &roles, role);
	}
	if (roles.n == 0)
		return 0;
	so = imp_signoff(im, im->cur->title, &first);
	for (i = 0; i < roles.n; i++)
		imp_strs_push(im->a, &so->roles, roles.v[i]);
	imp_moved(im, &so->comment);
	return 1;
}

void
imp_do_list(struct imp *im, cmark_node *list, int depth)
{
	cmark_node	*item;

	im->last_check = NULL;
	if (depth > IMP_MAX_DEPTH) {
		imp_warn(im, list, "lists nested deeper than %d are kept as "
		    "Markdown", IMP_MAX_DEPTH);
		imp_md(im, list);
		return;
	}
	if (!imp_has_task(list)) {
		if (fill_list(im, list))
			list_fields(im, list, NULL);
		else
			imp_md(im, list);
		return;
	}
	if (signoff_list(im, list))
		return;
	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item)) {
		im->last_check = NULL;
		if (imp_is(item, "tasklist"))
			top_check(im, item);
		else if (imp_has_task(item))
			flatten(im, item, depth);
		else
			imp_md(im, item);
	}
}
