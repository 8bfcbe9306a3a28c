/*
 * chkc import: a Markdown checklist to a template.  cmark-gfm (with its
 * table and tasklist extensions) parses the file; we walk the tree of
 * blocks in order and map each one: headings to the title and nested
 * sections, task items to checks (lists.c), tables to fields, table
 * blocks or sign-off groups (tables.c), form lines to fields
 * (blanks.c), and everything else to md blocks, in place.  Texts are
 * taken from the source by the positions cmark gives, so the Markdown
 * of a check (emphasis, code spans, escapes) is kept as it was written.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "mdtext.h"
#include "utf8.h"
#include "import/import.h"
#include "import/imp.h"

/* Bytes of Markdown we import, as the YAML loader's limit. */
#define IMPORT_MAX_INPUT	(16 * 1024 * 1024)

void
imp_warn(struct imp *im, cmark_node *n, const char *fmt, ...)
{
	struct loc	 at = { im->name, 0, 0 };
	char		 msg[512];
	va_list		 ap;

	if (n != NULL) {
		at.line = cmark_node_get_start_line(n);
		at.col = cmark_node_get_start_column(n);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(im->d, &at, DIAG_WARNING, "%s", msg);
}

int
imp_is(cmark_node *n, const char *type)
{
	return strcmp(cmark_node_get_type_string(n), type) == 0;
}

void
imp_item_add(struct imp_item **head, struct imp_item **last,
    struct imp_item *it)
{
	it->next = NULL;
	if (*last != NULL)
		(*last)->next = it;
	else
		*head = it;
	*last = it;
}

void
imp_section_add(struct imp_section **head, struct imp_section **last,
    struct imp_section *s)
{
	s->next = NULL;
	if (*last != NULL)
		(*last)->next = s;
	else
		*head = s;
	*last = s;
}

/* Line l (1-based) of the source, without its newline. */
static const char *
line_at(const struct imp *im, int l, size_t *n)
{
	size_t	start, end;

	if (l < 1 || (size_t)l > im->nlines) {
		*n = 0;
		return "";
	}
	start = im->lines[l - 1];
	end = (size_t)l < im->nlines ? im->lines[l] - 1 : im->len;
	*n = end - start;
	return im->src + start;
}

char *
imp_range(struct imp *im, int sl, int sc, int el, int ec)
{
	struct buf	 b = { 0 };
	const char	*p;
	size_t		 n, from, to, ws;
	char		*out;
	int		 l;

	if (ec <= 0 && el > sl)
		el--, ec = INT_MAX;	/* "ends at column 0 of the next line" */
	for (l = sl; l <= el; l++) {
		p = line_at(im, l, &n);
		from = 0;
		if (l == sl)
			from = sc > 1 ? (size_t)sc - 1 : 0;
		else
			for (ws = 0; from < n && ws + 1 < (size_t)sc &&
			    (p[from] == ' ' || p[from] == '\t'); ws++)
				from++;
		to = l == el && ec >= 0 && (size_t)ec < n ? (size_t)ec : n;
		if (from > to)
			from = to;
		buf_put(&b, p + from, to - from);
		if (l < el)
			buf_putc(&b, '\n');
	}
	out = arena_strdup(im->a, buf_str(&b));
	buf_free(&b);
	return out;
}

/* Remove trailing blank lines and spaces of a block's text (in place). */
static char *
rtrim_block(char *s)
{
	size_t	n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* An indented code block: its positions start after the indentation,
 * so it is rebuilt from its text. */
static char *
indented_code(struct imp *im, const char *code)
{
	struct buf	 b = { 0 };
	const char	*e;
	char		*out;

	for (; *code != '\0'; code = *e == '\0' ? e : e + 1) {
		e = code + strcspn(code, "\n");
		if (e > code)
			buf_puts(&b, "    ");
		buf_put(&b, code, (size_t)(e - code));
		buf_putc(&b, '\n');
	}
	out = arena_strdup(im->a, buf_str(&b));
	buf_free(&b);
	return out;
}

char *
imp_block(struct imp *im, cmark_node *n)
{
	int	 sl = cmark_node_get_start_line(n);
	int	 el = cmark_node_get_end_line(n);
	int	 ec = cmark_node_get_end_column(n);
	int	 len, off;
	char	 ch;

	/* cmark-gfm 0.29 gives HTML blocks an end before their start. */
	if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK)
		return rtrim_block(arena_strdup(im->a,
		    cmark_node_get_literal(n)));
	if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK &&
	    !cmark_node_get_fenced(n, &len, &off, &ch))
		return rtrim_block(indented_code(im,
		    cmark_node_get_literal(n)));
	if (el < sl)
		el = sl, ec = INT_MAX;
	return rtrim_block(imp_range(im, sl, cmark_node_get_start_column(n),
	    el, ec));
}

/* Lines of text trimmed and joined by one space (in a new string). */
static char *
join_lines(struct imp *im, const char *text)
{
	struct buf	 b = { 0 };
	const char	*p = text, *e;
	size_t		 n;
	char		*out;

	for (; *p != '\0'; p = *e == '\0' ? e : e + 1) {
		e = p + strcspn(p, "\n");
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
		    (p[n - 1] == '\\' && *e == '\n')))
			n--;
		if (n == 0)
			continue;
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_put(&b, p, n);
	}
	out = arena_strdup(im->a, buf_str(&b));
	buf_free(&b);
	return out;
}

char *
imp_inline(struct imp *im, cmark_node *n)
{
	return join_lines(im, imp_range(im, cmark_node_get_start_line(n),
	    cmark_node_get_start_column(n), cmark_node_get_end_line(n),
	    cmark_node_get_end_column(n)));
}

struct imp_item *
imp_new_item(struct imp *im, enum imp_kind kind, cmark_node *n,
    const char *text)
{
	struct imp_item	*it = arena_alloc(im->a, sizeof(*it));

	it->kind = kind;
	it->line = n != NULL ? cmark_node_get_start_line(n) : 0;
	it->text = text;
	return it;
}

static struct imp_section *
new_section(struct imp *im, const char *title, int level, int line)
{
	struct imp_section	*s = arena_alloc(im->a, sizeof(*s));

	s->title = title;
	s->level = level;
	s->line = line;
	return s;
}

/* Open s below the innermost open section of a lower level. */
static void
open_section(struct imp *im, struct imp_section *s)
{
	struct imp_section	*up = im->cur;

	while (up != NULL && (up->level < 0 || up->level >= s->level))
		up = up->up;
	s->up = up;
	if (up != NULL) {
		imp_section_add(&up->sections, &up->slast, s);
		up->had_sections = 1;
	} else
		imp_section_add(&im->doc.sections, &im->doc.slast, s);
	im->cur = s;
}

const char *
imp_where(struct imp *im)
{
	if (im->cur != NULL)
		return im->cur->title;
	return im->doc.title != NULL ? im->doc.title : "Checklist";
}

void
imp_add(struct imp *im, struct imp_item *it)
{
	/* Content before the first section heading: a section of its
	 * own, named after the document, closed by the next heading. */
	if (im->cur == NULL)
		open_section(im, new_section(im, imp_where(im), -1, it->line));
	imp_item_add(&im->cur->items, &im->cur->last, it);
}

void
imp_add_field(struct imp *im, struct imp_item *it)
{
	if (im->cur == NULL && !im->seen_task)
		imp_item_add(&im->doc.fields, &im->doc.flast, it);
	else
		imp_add(im, it);
}

void
imp_moved(struct imp *im, const char **comment)
{
	if (im->cur == NULL)
		return;
	im->cur->moved = 1;
	if (*comment == NULL)
		*comment = arena_printf(im->a, "from the section '%s'",
		    im->cur->title);
}

struct imp_signoff *
imp_signoff(struct imp *im, const char *title, const struct imp_strs *cols)
{
	struct imp_signoff	*so;
	size_t			 i;

	for (so = im->doc.signoffs; so != NULL; so = so->next) {
		if (strcmp(so->title, title) != 0 ||
		    so->columns.n != cols->n)
			continue;
		for (i = 0; i < cols->n; i++)
			if (strcmp(so->columns.v[i], cols->v[i]) != 0)
				break;
		if (i == cols->n)
			return so;
	}
	so = arena_alloc(im->a, sizeof(*so));
	so->title = title;
	so->columns = *cols;
	if (im->doc.olast != NULL)
		im->doc.olast->next = so;
	else
		im->doc.signoffs = so;
	im->doc.olast = so;
	return so;
}

/* Does a line of text hold a fill-in? */
static int
text_has_fill(const char *s)
{
	const char	*e;

	for (; *s != '\0'; s = *e == '\0' ? e : e + 1) {
		e = s + strcspn(s, "\n");
		if (imp_has_fill(s, (size_t)(e - s)))
			return 1;
	}
	return 0;
}

/* Does a block hold a blank or a choice outside code? */
static int
holds_fill(struct imp *im, cmark_node *n)
{
	cmark_iter	*it = cmark_iter_new(n);
	cmark_node	*c;
	int		 found = 0;

	while (!found && cmark_iter_next(it) != CMARK_EVENT_DONE) {
		c = cmark_iter_get_node(it);
		if (cmark_iter_get_event_type(it) == CMARK_EVENT_ENTER &&
		    (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH ||
		    cmark_node_get_type(c) == CMARK_NODE_HEADING ||
		    imp_is(c, "table_cell")))
			found = text_has_fill(imp_block(im, c));
	}
	cmark_iter_free(it);
	return found;
}

void
imp_md(struct imp *im, cmark_node *n)
{
	if (holds_fill(im, n))
		imp_warn(im, n, "fill-in blanks or choices in this %s are kept "
		    "as Markdown text, not fields", cmark_node_get_type_string(n));
	else if (cmark_node_get_type(n) != CMARK_NODE_LIST && imp_has_task(n))
		imp_warn(im, n, "task items in this %s are kept as Markdown "
		    "text, not checks", cmark_node_get_type_string(n));
	imp_add(im, imp_new_item(im, IMP_MD, n, imp_block(im, n)));
}

/* A setext heading's lines without the underline (its positions may
 * end on the line after it). */
static char *
setext_text(struct imp *im, cmark_node *n)
{
	char	*s = imp_block(im, n), *nl;

	while ((nl = strrchr(s, '\n')) != NULL &&
	    nl[1 + strspn(nl + 1, "=- \t")] == '\0')
		*nl = '\0';
	return join_lines(im, s);
}

/* An ATX heading's text without its #s; a setext one's lines. */
static char *
heading_text(struct imp *im, cmark_node *n)
{
	int		 sl = cmark_node_get_start_line(n);
	const char	*line;
	size_t		 len, i;
	char		*s, *e;

	line = line_at(im, sl, &len);
	for (i = 0; i < len && i < 3 && line[i] == ' '; i++)
		continue;
	if (i == len || line[i] != '#')
		return setext_text(im, n);
	s = join_lines(im, imp_range(im, sl, cmark_node_get_start_column(n),
	    sl, cmark_node_get_end_column(n)));
	s += strspn(s, "#");
	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && e[-1] == '#')
		e--;
	if (e == s || e[-1] == ' ' || e[-1] == '\t')
		*e = '\0';	/* a closing sequence of #s */
	return join_lines(im, s);
}

static void
do_heading(struct imp *im, cmark_node *n, int depth)
{
	char	*text;

	if (depth > 0) {
		imp_md(im, n);
		return;
	}
	text = heading_text(im, n);
	if (*text == '\0') {
		imp_warn(im, n, "empty heading: named 'Untitled'");
		text = "Untitled";
	}
	if (im->doc.title == NULL) {
		im->doc.title = text;
		im->after_title = 1;
		return;
	}
	open_section(im, new_section(im, text,
	    cmark_node_get_heading_level(n), cmark_node_get_start_line(n)));
}

/* A thematic break drawn with underscores: a fill-in line, not a rule.
 * Returns the length of its run of '_'. */
static size_t
underscore_rule(struct imp *im, cmark_node *n)
{
	size_t		 len, i, count = 0;
	const char	*p;

	if (n == NULL || cmark_node_get_type(n) != CMARK_NODE_THEMATIC_BREAK)
		return 0;
	p = line_at(im, cmark_node_get_start_line(n), &len);
	for (i = 0; i < len; i++)
		if (p[i] == '_')
			count++;
		else if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return count;
}

/* The fields of one form line of a paragraph. */
static void
fill_line(struct imp *im, cmark_node *n, const char *line, int longtext)
{
	struct imp_fill	*f = imp_fills(im->a, line, strlen(line));
	struct imp_item	*it;
	const char	*label;

	if (imp_approval(im, f))
		return;
	for (; f != NULL; f = f->next) {
		label = imp_plain_label(im->a, f->label);
		if (*label == '\0')
			label = imp_where(im);
		if (longtext && strcmp(f->field->type, "text") == 0)
			f->field->type = "longtext";
		it = imp_new_item(im, IMP_FIELD, n, label);
		it->field = f->field;
		if (f->field->prefix != NULL)
			it->comment = arena_printf(im->a, "the blank was "
			    "written %s____", f->field->prefix);
		imp_add_field(im, it);
	}
}

static void
flush_md(struct imp *im, cmark_node *n, struct buf *md)
{
	if (md->len == 0)
		return;
	imp_add(im, imp_new_item(im, IMP_MD, n,
	    rtrim_block(arena_strdup(im->a, buf_str(md)))));
	buf_reset(md);
}

/* The label line before a rule of underscores, with a blank added. */
static const char *
rule_label(struct imp *im, const char *line, size_t run)
{
	const char	*t = join_lines(im, line);
	size_t		 n = strlen(t);

	if (imp_has_fill(t, n) || n == 0 || (t[n - 1] != ':' && run < 10))
		return NULL;
	return arena_printf(im->a, "%s ____", t);
}

/*
 * A paragraph: the description when it follows the title, else its
 * form lines ("Label: ____", "Label: [ ] A [ ] B") become fields and the
 * lines between them md blocks.
 */
static void
do_paragraph(struct imp *im, cmark_node *n, int after_title)
{
	char		*src = imp_block(im, n), *line, *e;
	const char	*probe;
	struct buf	 md = { 0 };
	size_t		 run = underscore_rule(im, cmark_node_next(n));

	if (after_title && im->cur == NULL && im->doc.description == NULL &&
	    !text_has_fill(src) && run == 0) {
		im->doc.description = src;
		return;
	}
	for (line = src; line != NULL; line = e) {
		if ((e = strchr(line, '\n')) != NULL)
			*e++ = '\0';
		probe = line;
		if (e == NULL && run >= 5 && (probe = rule_label(im, line,
		    run)) == NULL)
			probe = line;
		if (!imp_has_fill(probe, strlen(probe))) {
			buf_printf(&md, "%s\n", line);
			continue;
		}
		flush_md(im, n, &md);
		fill_line(im, n, join_lines(im, probe), probe != line);
	}
	flush_md(im, n, &md);
	buf_free(&md);
}

/* The last line of a paragraph. */
static const char *
last_line(struct imp *im, cmark_node *para)
{
	const char	*s = imp_block(im, para), *p = strrchr(s, '\n');

	return p != NULL ? p + 1 : s;
}

/* A rule is dropped (sections already separate the output), unless
 * it is a line of underscores: the blank of the label line before it
 * (do_paragraph took it), or a longtext fill-in of its own. */
static void
do_break(struct imp *im, cmark_node *n)
{
	cmark_node	*prev = cmark_node_previous(n);
	struct imp_item	*it;
	size_t		 run = underscore_rule(im, n);

	if (run >= 5 && prev != NULL &&
	    cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH &&
	    rule_label(im, last_line(im, prev), run) != NULL)
		return;
	if (run < 10)
		return;
	it = imp_new_item(im, IMP_FIELD, n, imp_where(im));
	it->field = arena_alloc(im->a, sizeof(*it->field));
	it->field->type = "longtext";
	imp_add_field(im, it);
}

/* A code block right after a task list is the code of its last item. */
static void
do_code(struct imp *im, cmark_node *n)
{
	struct imp_item	*c = im->last_check;
	const char	*info = cmark_node_get_fence_info(n);
	char		*code;
	size_t		 len;

	if (c == NULL || c->code != NULL || c->details != NULL) {
		imp_md(im, n);
		return;
	}
	code = arena_strdup(im->a, cmark_node_get_literal(n));
	len = strlen(code);
	if (len > 0 && code[len - 1] == '\n' && memchr(code, '\n', len - 1) ==
	    NULL)
		code[len - 1] = '\0';
	c->code = code;
	if (info != NULL && *info != '\0')
		c->lang = arena_strndup(im->a, info, strcspn(info, " \t{"));
}

void
imp_do_block(struct imp *im, cmark_node *n, int depth)
{
	int	after = im->after_title;

	im->after_title = 0;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_LIST:
		imp_do_list(im, n, depth);
		return;		/* keeps last_check for a code block */
	case CMARK_NODE_CODE_BLOCK:
		do_code(im, n);
		break;
	case CMARK_NODE_HEADING:
		do_heading(im, n, depth);
		break;
	case CMARK_NODE_PARAGRAPH:
		do_paragraph(im, n, after);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		do_break(im, n);
		break;
	default:
		if (imp_is(n, "table"))
			imp_do_table(im, n);
		else
			imp_md(im, n);
		break;
	}
	im->last_check = NULL;
}

/* Length of the UTF-8 sequence at s (n bytes left), 0 if invalid:
 * overlong forms and surrogates included. */
static size_t
utf8_valid(const unsigned char *s, size_t n)
{
	unsigned long	cp;
	size_t		k;

	if (s[0] < 0x80)
		return 1;
	if ((k = utf8_decode((const char *)s, n, &cp)) == 0)
		return 0;
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k;
}

/* Refuse what is not UTF-8 text, at its line:col. */
static int
check_text(struct imp *im, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, k, line = 1, bol = 0;
	struct loc		 at = { im->name, 0, 0 };

	if (len > IMPORT_MAX_INPUT) {
		diag_add(im->d, &at, DIAG_ERROR, "file of %zu bytes exceeds "
		    "the limit of %d", len, IMPORT_MAX_INPUT);
		return -1;
	}
	for (; i < len; i += k) {
		if (s[i] == '\n')
			line++, bol = i + 1;
		if (s[i] != '\0' && (k = utf8_valid(s + i, len - i)) > 0)
			continue;
		at.line = (int)line;
		at.col = (int)(i - bol) + 1;
		if (s[i] == '\0')
			diag_add(im->d, &at, DIAG_ERROR, "NUL byte: not a "
			    "text file");
		else
			diag_add(im->d, &at, DIAG_ERROR, "invalid UTF-8 byte "
			    "0x%02X (chkc reads UTF-8 only)", s[i]);
		return -1;
	}
	return 0;
}

/* The source with CRLF and CR line ends made LF, and its line index. */
static void
load_source(struct imp *im, const char *text, size_t len)
{
	char	*src = arena_alloc(im->a, len + 1);
	size_t	 i, o = 0, nl = 1;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	for (i = 0; i < len; i++) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;
		src[o] = text[i] == '\r' ? '\n' : text[i];
		nl += src[o++] == '\n';
	}
	im->src = src;
	im->len = o;
	im->lines = xmalloc(nl * sizeof(size_t));
	im->lines[0] = 0;
	im->nlines = 1;
	for (i = 0; i < o; i++)
		if (src[i] == '\n')
			im->lines[im->nlines++] = i + 1;
}

/* Drop the sections left empty because their content became the run
 * header or sign-off groups; a section empty in the source stays. */
static struct imp_section *
prune(struct imp_section *s, struct imp_section **last)
{
	struct imp_section	*head = NULL, *next;

	*last = NULL;
	for (; s != NULL; s = next) {
		next = s->next;
		s->sections = prune(s->sections, &s->slast);
		if (s->items == NULL && s->sections == NULL &&
		    (s->moved || s->had_sections))
			continue;
		imp_section_add(&head, last, s);
	}
	return head;
}

#define ESC(x)	((x) = (x) != NULL ? imp_escape_braces(a, (x)) : NULL)

static void
escape_strs(struct arena *a, struct imp_strs *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		ESC(v->v[i]);
}

static void
escape_items(struct arena *a, struct imp_item *it)
{
	for (; it != NULL; it = it->next) {
		ESC(it->text);
		ESC(it->code);
		ESC(it->details);
		if (it->field != NULL) {
			ESC(it->field->unit);
			escape_strs(a, &it->field->options);
		}
		escape_strs(a, &it->columns);
		escape_strs(a, &it->rows);
		escape_strs(a, &it->cells);
		escape_items(a, it->items);
	}
}

static void
escape_sections(struct arena *a, struct imp_section *s)
{
	for (; s != NULL; s = s->next) {
		ESC(s->title);
		escape_items(a, s->items);
		escape_sections(a, s->sections);
	}
}

/* Every text of the template, so that a literal "{{" stays literal. */
static void
escape_doc(struct arena *a, struct imp_doc *doc)
{
	struct imp_signoff	*so;

	ESC(doc->title);
	ESC(doc->description);
	escape_items(a, doc->fields);
	escape_sections(a, doc->sections);
	for (so = doc->signoffs; so != NULL; so = so->next) {
		ESC(so->title);
		escape_strs(a, &so->roles);
		escape_strs(a, &so->columns);
	}
}

/* The file name without directories and extension. */
static char *
base_name(struct arena *a, const char *path)
{
	const char	*b = strrchr(path, '/'), *dot;

	b = b != NULL ? b + 1 : path;
	dot = strrchr(b, '.');
	return arena_strndup(a, b, dot != NULL && dot != b ?
	    (size_t)(dot - b) : strlen(b));
}

/* Template id: the one asked for, else from the title or file name. */
static const char *
template_id(struct imp *im, const char *id)
{
	const char	*names[2];
	char		*s;
	size_t		 i;

	if (id != NULL)
		return id;
	names[0] = im->doc.title;
	names[1] = base_name(im->a, im->name);
	for (i = 0; i < 2; i++) {
		s = import_id(names[i]);
		if (*s != '\0') {
			id = arena_strdup(im->a, s);
			free(s);
			return id;
		}
		free(s);
	}
	return "checklist";
}

static void
finish(struct imp *im, cmark_node *root, const char *id, const char *lang)
{
	struct imp_doc	*doc = &im->doc;
	const char	*why;

	if (doc->title == NULL) {
		imp_warn(im, NULL, "no heading: the title is the file name");
		doc->title = base_name(im->a, im->name);
	}
	doc->id = template_id(im, id);
	if ((doc->lang = lang) == NULL) {
		doc->lang = imp_guess_lang(root, &why);
		imp_warn(im, NULL, "language guessed: '%s' (%s); "
		    "--lang sets another", doc->lang, why);
	}
	doc->comment = arena_printf(im->a, "Imported by chkc import from %s; "
	    "review field types, units and ids.", base_name(im->a, im->name));
	doc->sections = prune(doc->sections, &doc->slast);
	escape_doc(im->a, doc);
	imp_assign_ids(im->a, doc);
}

/*
 * Link reference definitions ("[docs]: https://...") are no node of
 * cmark's tree: they are the lines left, not blank, between two blocks
 * (from and to, 1-based, inclusive).  They become an md block where
 * they were, so that "[the docs][docs]" in a text comes back as
 * written and still links.
 */
static void
link_defs(struct imp *im, int from, int to)
{
	struct imp_item	*it;
	const char	*p;
	size_t		 n;
	int		 l, first = 0, last = 0;

	for (l = from; l <= to; l++) {
		p = line_at(im, l, &n);
		if (mdtext_link_def(p, n)) {
			first = first == 0 ? l : first;
			last = l;
		}
	}
	if (first == 0)
		return;
	it = imp_new_item(im, IMP_MD, NULL, imp_range(im, first, 1, last,
	    INT_MAX));
	it->line = first;
	imp_add(im, it);
}

/* Every block of the document, in order, with the link definitions
 * between them. */
static void
do_blocks(struct imp *im, cmark_node *root)
{
	cmark_node	*n;
	int		 end = 0;

	for (n = cmark_node_first_child(root); n != NULL;
	    n = cmark_node_next(n)) {
		link_defs(im, end + 1, cmark_node_get_start_line(n) - 1);
		imp_do_block(im, n, 0);
		/* An HTML block may say it ends before it starts. */
		end = cmark_node_get_end_line(n);
		if (end < cmark_node_get_start_line(n))
			end = cmark_node_get_start_line(n);
	}
	link_defs(im, end + 1, (int)im->nlines);
}

/* A parser with the GFM table and tasklist extensions, or NULL. */
static cmark_parser *
new_parser(struct imp *im)
{
	static const char *const exts[] = { "table", "tasklist", NULL };
	cmark_syntax_extension	*ext;
	cmark_parser		*p;
	size_t			 i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; exts[i] != NULL; i++) {
		if ((ext = cmark_find_syntax_extension(exts[i])) == NULL) {
			diag_add(im->d, NULL, DIAG_ERROR, "cmark-gfm has no "
			    "'%s' extension", exts[i]);
			cmark_parser_free(p);
			return NULL;
		}
		cmark_parser_attach_syntax_extension(p, ext);
	}
	return p;
}

int
import_markdown(const char *name, const char *text, size_t len,
    const char *id, const char *lang, struct buf *out, struct diag *d)
{
	struct imp	 im;
	cmark_parser	*p = NULL;
	cmark_node	*root = NULL;
	int		 rc = -1;

	memset(&im, 0, sizeof(im));
	im.a = arena_new();
	im.d = d;
	im.name = name;
	if (check_text(&im, text, len) == -1)
		goto out;
	load_source(&im, text, len);
	imp_front_matter(&im);
	if ((p = new_parser(&im)) == NULL)
		goto out;
	cmark_parser_feed(p, im.src, im.len);
	root = cmark_parser_finish(p);
	do_blocks(&im, root);
	finish(&im, root, id, lang);
	imp_yaml_write(&im.doc, out);
	rc = 0;
out:
	if (root != NULL)
		cmark_node_free(root);
	if (p != NULL)
		cmark_parser_free(p);
	free(im.lines);
	arena_free(im.a);
	return rc;
}
