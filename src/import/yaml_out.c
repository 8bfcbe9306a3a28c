/*
 * The imported template as YAML, written by hand: block style, a string
 * plain when the YAML 1.2 core schema reads it back as that same string
 * (and YAML 1.1 readers too: "yes", "on"), double-quoted otherwise, and
 * multi-line Markdown and code as | blocks.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "utf8.h"
#include "import/imp.h"

static void	write_items(struct buf *, const struct imp_item *, int);

/* The escape of "{{": an expression whose value is the string "{{". */
#define BRACES_ESCAPE	"{{ \"{{\" }}"

const char *
imp_escape_braces(struct arena *a, const char *s)
{
	struct buf	 b = { 0 };
	const char	*p, *out;

	if (strstr(s, "{{") == NULL)
		return s;
	while ((p = strstr(s, "{{")) != NULL) {
		buf_put(&b, s, (size_t)(p - s));
		buf_puts(&b, BRACES_ESCAPE);
		s = p + 2;
	}
	buf_puts(&b, s);
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

static int
one_of(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return 1;
	return 0;
}

/* Would a YAML reader take s for a null, a boolean or a number?  We
 * are stricter than the core schema: YAML 1.1 words and anything
 * number-like ("1.0.3", "2025-01-12", "80%") are quoted too. */
static int
typed_word(const char *s)
{
	static const char *const words[] = { "null", "true", "false", "yes",
	    "no", "on", "off", "y", "n", "~", NULL };
	char	 low[8];
	size_t	 i, n = strlen(s);

	if (n < sizeof(low)) {
		for (i = 0; i <= n; i++)
			low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ?
			    s[i] + 32 : s[i]);
		if (one_of(low, words))
			return 1;
	}
	if (strchr("0123456789+-.", s[0]) != NULL && strchr(s, ' ') == NULL)
		return 1;
	return strncmp(s, ".inf", 4) == 0 || strncmp(s, ".nan", 4) == 0;
}

/* Characters a plain scalar must not hold: controls and the Unicode
 * line breaks and BOM. */
static int
unprintable(const char *s)
{
	size_t		i = 0, n = strlen(s), k;
	unsigned long	cp;

	while (i < n) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			return 1;
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F ||
		    (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0xFEFF)
			return 1;
		i += k;
	}
	return 0;
}

static int
needs_quotes(const char *s, int flow)
{
	size_t	n = strlen(s);

	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) != NULL ||
	    s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == ':')
		return 1;
	if (strstr(s, ": ") != NULL || strstr(s, " #") != NULL ||
	    strstr(s, "{{") != NULL || strchr(s, '\t') != NULL ||
	    strchr(s, '\n') != NULL || strncmp(s, "...", 3) == 0)
		return 1;
	if (flow && strpbrk(s, ",[]{}") != NULL)
		return 1;
	return typed_word(s) || unprintable(s);
}

static void
write_quoted(struct buf *b, const char *s)
{
	size_t		i = 0, n = strlen(s), k;
	unsigned long	cp;

	buf_putc(b, '"');
	while (i < n) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_printf(b, "\\x%02X", (unsigned char)s[i++]);
			continue;
		}
		if (cp == '"' || cp == '\\')
			buf_printf(b, "\\%c", (int)cp);
		else if (cp == '\n')
			buf_puts(b, "\\n");
		else if (cp == '\t')
			buf_puts(b, "\\t");
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			buf_printf(b, "\\x%02lX", cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
			buf_printf(b, "\\u%04lX", cp);
		else
			buf_put(b, s + i, k);
		i += k;
	}
	buf_putc(b, '"');
}

static void
indent_to(struct buf *b, int indent)
{
	int	i;

	for (i = 0; i < indent; i++)
		buf_putc(b, ' ');
}

/*
 * A | block for multi-line text: the indentation indicator when the
 * first line starts with a space, the chomping indicator that keeps
 * the text's trailing newlines exactly.
 */
static void
write_block(struct buf *b, const char *s, int indent)
{
	size_t		 n = strlen(s), nl = 0;
	const char	*p, *e, *first = s + strspn(s, "\n");

	while (nl < n && s[n - 1 - nl] == '\n')
		nl++;
	buf_putc(b, '|');
	/* A first line that starts with a blank needs the indentation
	 * given: YAML would take a space for indentation, and a tab
	 * where it looks for indentation is an error. */
	if (*first == ' ' || *first == '\t')
		buf_printf(b, "%d", 2);
	buf_puts(b, nl == 0 ? "-" : nl == 1 ? "" : "+");
	buf_putc(b, '\n');
	for (p = s; p < s + n - nl; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(s + n - nl - p))) == NULL)
			e = s + n - nl;
		if (e > p) {
			indent_to(b, indent);
			buf_put(b, p, (size_t)(e - p));
		}
		buf_putc(b, '\n');
	}
	for (; nl > 1; nl--)
		buf_putc(b, '\n');
}

void
imp_yaml_scalar(struct buf *b, const char *s, int indent, int flow)
{
	if (!flow && strchr(s, '\n') != NULL && !unprintable(s))
		write_block(b, s, indent);
	else if (needs_quotes(s, flow))
		write_quoted(b, s);
	else
		buf_puts(b, s);
}

/* "key: value\n" at indent (the value's block lines at indent + 2). */
static void
write_pair(struct buf *b, int indent, const char *key, const char *value)
{
	indent_to(b, indent);
	buf_printf(b, "%s: ", key);
	imp_yaml_scalar(b, value, indent + 2, 0);
	if (b->data[b->len - 1] != '\n')
		buf_putc(b, '\n');
}

/* "- key: value\n": the first pair of a mapping in a sequence. */
static void
write_first(struct buf *b, int indent, const char *key, const char *value)
{
	indent_to(b, indent);
	buf_printf(b, "- %s: ", key);
	imp_yaml_scalar(b, value, indent + 4, 0);
	if (b->data[b->len - 1] != '\n')
		buf_putc(b, '\n');
}

/* "[a, b, null]": n strings from v, NULL as null. */
static void
write_flow(struct buf *b, const char *const *v, size_t n)
{
	size_t	i;

	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, ", ");
		if (v[i] != NULL)
			imp_yaml_scalar(b, v[i], 0, 1);
		else
			buf_puts(b, "null");
	}
	buf_puts(b, "]\n");
}

static void
write_flow_list(struct buf *b, int indent, const char *key,
    const struct imp_strs *v)
{
	indent_to(b, indent);
	buf_printf(b, "%s: ", key);
	write_flow(b, v->v, v->n);
}

/* The rows of a table with fixed cells, a flow list each. */
static void
write_cells(struct buf *b, int indent, const struct imp_item *it)
{
	size_t	r, nc = it->columns.n;

	indent_to(b, indent);
	buf_puts(b, "rows:\n");
	for (r = 0; nc > 0 && r < it->cells.n / nc; r++) {
		indent_to(b, indent + 2);
		buf_puts(b, "- ");
		write_flow(b, it->cells.v + r * nc, nc);
	}
}

static void
write_comment(struct buf *b, int indent, const char *comment)
{
	size_t		i = 0, n, k;
	unsigned long	cp;

	if (comment == NULL)
		return;
	indent_to(b, indent);
	buf_puts(b, "# ");
	/* A comment cannot escape: line breaks (libyaml also takes U+0085,
	 * U+2028 and U+2029 for one) and the controls YAML refuses
	 * anywhere become spaces. */
	for (n = strlen(comment); i < n; i += k) {
		if ((k = utf8_decode(comment + i, n - i, &cp)) == 0)
			k = 1, cp = 0;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
			buf_putc(b, ' ');
		else
			buf_put(b, comment + i, k);
	}
	buf_putc(b, '\n');
}

/* The keys of a fill-in after its first key: type, unit, options. */
static void
write_field_keys(struct buf *b, int indent, const struct imp_field *f)
{
	write_pair(b, indent, "type", f->type);
	if (f->unit != NULL)
		write_pair(b, indent, "unit", f->unit);
	if (f->options.n > 0)
		write_flow_list(b, indent, "options", &f->options);
}

/* A check's field as a flow mapping: {type: number, unit: MB}. */
static void
write_check_field(struct buf *b, int indent, const struct imp_field *f)
{
	size_t	i;

	indent_to(b, indent);
	buf_printf(b, "field: {type: %s", f->type);
	if (f->unit != NULL) {
		buf_puts(b, ", unit: ");
		imp_yaml_scalar(b, f->unit, 0, 1);
	}
	if (f->options.n > 0) {
		buf_puts(b, ", options: [");
		for (i = 0; i < f->options.n; i++) {
			if (i > 0)
				buf_puts(b, ", ");
			imp_yaml_scalar(b, f->options.v[i], 0, 1);
		}
		buf_putc(b, ']');
	}
	buf_puts(b, "}\n");
}

static int
plain_check(const struct imp_item *it)
{
	return it->kind == IMP_CHECK && it->id == NULL && it->field == NULL &&
	    it->code == NULL && it->details == NULL && it->items == NULL;
}

static void
write_check(struct buf *b, const struct imp_item *it, int in)
{
	if (it->field != NULL)
		write_check_field(b, in, it->field);
	if (it->code != NULL)
		write_pair(b, in, "code", it->code);
	if (it->lang != NULL)
		write_pair(b, in, "lang", it->lang);
	if (it->details != NULL)
		write_pair(b, in, "details", it->details);
	if (it->items != NULL) {
		indent_to(b, in);
		buf_puts(b, "items:\n");
		write_items(b, it->items, in + 2);
	}
}

/* One block of an items list, its "- " at indent. */
static void
write_item(struct buf *b, const struct imp_item *it, int indent)
{
	static const char *const keys[] = { "check", "field", "table", "md" };
	int	in = indent + 2;

	write_comment(b, indent, it->comment);
	if (plain_check(it)) {
		indent_to(b, indent);
		buf_puts(b, "- ");
		imp_yaml_scalar(b, it->text, in, 0);
		buf_putc(b, '\n');
		return;
	}
	write_first(b, indent, keys[it->kind], it->text);
	if (it->id != NULL)
		write_pair(b, in, "id", it->id);
	if (it->kind == IMP_CHECK)
		write_check(b, it, in);
	else if (it->kind == IMP_FIELD)
		write_field_keys(b, in, it->field);
	else if (it->kind == IMP_TABLE) {
		write_flow_list(b, in, "columns", &it->columns);
		if (it->cells.n > 0)
			write_cells(b, in, it);
		else
			write_flow_list(b, in, "rows", &it->rows);
	}
}

static void
write_items(struct buf *b, const struct imp_item *it, int indent)
{
	for (; it != NULL; it = it->next)
		write_item(b, it, indent);
}

static void
write_sections(struct buf *b, const struct imp_section *s, int indent)
{
	int	in = indent + 2;

	for (; s != NULL; s = s->next) {
		write_comment(b, indent, s->comment);
		write_first(b, indent, "title", s->title);
		if (s->id != NULL)
			write_pair(b, in, "id", s->id);
		if (s->items != NULL) {
			indent_to(b, in);
			buf_puts(b, "items:\n");
			write_items(b, s->items, in + 2);
		}
		if (s->sections != NULL) {
			indent_to(b, in);
			buf_puts(b, "sections:\n");
			write_sections(b, s->sections, in + 2);
		}
	}
}

static void
write_signoffs(struct buf *b, const struct imp_signoff *so)
{
	for (; so != NULL; so = so->next) {
		write_comment(b, 2, so->comment);
		write_first(b, 2, "title", so->title);
		if (so->id != NULL)
			write_pair(b, 4, "id", so->id);
		write_flow_list(b, 4, "roles", &so->roles);
		write_flow_list(b, 4, "columns", &so->columns);
	}
}

void
imp_yaml_write(const struct imp_doc *doc, struct buf *b)
{
	write_comment(b, 0, doc->comment);
	write_comment(b, 0, doc->front);
	write_pair(b, 0, "id", doc->id);
	write_pair(b, 0, "title", doc->title);
	buf_puts(b, "revision: 1\n");
	write_pair(b, 0, "lang", doc->lang);
	if (doc->description != NULL)
		write_pair(b, 0, "description", doc->description);
	if (doc->fields != NULL) {
		buf_puts(b, "fields:\n");
		write_items(b, doc->fields, 2);
	}
	buf_puts(b, doc->sections != NULL ? "sections:\n" : "sections: []\n");
	write_sections(b, doc->sections, 2);
	if (doc->signoffs != NULL) {
		buf_puts(b, "signoff:\n");
		write_signoffs(b, doc->signoffs);
	}
}
