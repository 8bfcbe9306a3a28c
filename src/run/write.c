/*
 * Writing runs: a blank run to fill in (chkc run new) and a run carried
 * over to the current checklist (chkc run migrate).
 *
 * YAML runs list everything there is to answer, each line with the
 * item's text in a comment, so a run is filled in an editor.  JSON runs
 * (the HTML page's) hold only the answers, as the page writes them.
 * Values are copied from the old run as nodes, so their types stay.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "utf8.h"
#include "emit/emit.h"
#include "load/load.h"
#include "run/internal.h"

struct w {
	struct buf		*b;
	int			 json;
	const struct chk_list	*cl;
	const struct run_doc	*doc;		/* the old run, or NULL */
	struct run_index	 ix;
	struct arena		*a;
	struct ptrvec		*dropped;
	size_t			 ntop;		/* top-level keys written */
};

/* A map being written: its entries, then the map around them. */
struct map {
	struct buf	body;
	size_t		n;
};

/* s as a double-quoted string, valid JSON and YAML. */
static void
put_quoted(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	buf_putc(b, '"');
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(b, "\\n");
		else if (*p == '\t')
			buf_puts(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\u%04x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls are not printable YAML. */
			buf_printf(b, "\\u%04x", p[1]);
			p++;
		} else
			buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* Can s be a plain YAML key?  Letters, digits, '-', '_', '.' and
 * non-ASCII, not starting like a number, a sign or a keyword. */
static int
plain_ok(const char *s)
{
	static const char *const words[] = { "true", "false", "null", "yes",
	    "no", "on", "off", "y", "n" };
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	if (*p == '\0' || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')
		return 0;
	for (; *p != '\0'; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.'))
			return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	return 1;
}

static void
put_key(struct w *w, struct buf *b, const char *key)
{
	if (!w->json && plain_ok(key))
		buf_puts(b, key);
	else
		put_quoted(b, key);
}

/* Does s follow JSON's number grammar? */
static int
json_number(const char *s)
{
	s += *s == '-';
	if (*s == '0')
		s++;
	else if (isdigit((unsigned char)*s))
		while (isdigit((unsigned char)*s))
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s += s[1] == '+' || s[1] == '-';
		if (!isdigit((unsigned char)*++s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

/* A number as written; in JSON, YAML's other spellings (0x1f, .5,
 * .inf) are printed again. */
static void
put_number(struct w *w, struct buf *b, const struct chk_node *n)
{
	if (!w->json || json_number(n->str))
		buf_puts(b, n->str);
	else if (isfinite(n->num))
		buf_printf(b, "%.17g", n->num);
	else
		buf_puts(b, "null");
}

/* A value node in flow style (YAML) or compact JSON. */
static void
put_node(struct w *w, struct buf *b, const struct chk_node *n)
{
	size_t	i;

	switch (n->kind) {
	case CHK_NODE_NULL:
		buf_puts(b, "null");
		break;
	case CHK_NODE_BOOL:
		buf_puts(b, n->b ? "true" : "false");
		break;
	case CHK_NODE_NUMBER:
		put_number(w, b, n);
		break;
	case CHK_NODE_STRING:
		put_quoted(b, n->str);
		break;
	case CHK_NODE_SEQ:
		buf_putc(b, '[');
		for (i = 0; i < n->n; i++) {
			buf_puts(b, i > 0 ? ", " : "");
			put_node(w, b, n->items[i]);
		}
		buf_putc(b, ']');
		break;
	default:
		buf_putc(b, '{');
		for (i = 0; i < n->n; i++) {
			buf_puts(b, i > 0 ? ", " : "");
			put_key(w, b, n->pairs[i].key->str);
			buf_puts(b, ": ");
			put_node(w, b, n->pairs[i].value);
		}
		buf_putc(b, '}');
		break;
	}
}

/*
 * The text of a comment, on one line: a line break (libyaml also
 * breaks lines at U+0085, U+2028 and U+2029) or any character a YAML
 * reader refuses (C0 and C1 controls, DEL, U+FFFE, U+FFFF: a "\v" in a
 * template's quoted string brings one) becomes a space, so that the
 * file chkc writes always reads back, comments as comments.
 */
static void
put_comment_text(struct buf *b, const char *text)
{
	size_t		 n, len = strlen(text);
	unsigned long	 cp;

	while (len > 0) {
		n = utf8_decode(text, len, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\t') ||
		    (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF) {
			buf_putc(b, ' ');
			n = n == 0 ? 1 : n;
		} else
			buf_put(b, text, n);
		text += n, len -= n;
	}
}

/* A comment after a value (YAML only). */
static void
put_comment(struct buf *b, const char *text)
{
	buf_puts(b, "  # ");
	put_comment_text(b, text);
}

/* One entry of a map: key, then the value as a node or raw text. */
static void
map_entry(struct w *w, struct map *m, const char *key,
    const struct chk_node *v, const char *raw, const char *comment)
{
	buf_puts(&m->body, w->json ? (m->n > 0 ? ",\n    " : "\n    ") : "  ");
	put_key(w, &m->body, key);
	buf_puts(&m->body, ": ");
	if (v != NULL)
		put_node(w, &m->body, v);
	else
		buf_puts(&m->body, raw);
	if (!w->json && comment != NULL && *comment != '\0')
		put_comment(&m->body, comment);
	if (!w->json)
		buf_putc(&m->body, '\n');
	m->n++;
}

/* A comment line inside a YAML map (a section title). */
static void
map_comment(struct w *w, struct map *m, const char *text)
{
	if (w->json)
		return;
	buf_puts(&m->body, "\n  # ");
	put_comment_text(&m->body, text);
	buf_putc(&m->body, '\n');
}

/* A top-level key with a scalar value (already formatted). */
static void
top(struct w *w, const char *key, const char *value)
{
	if (w->json)
		buf_printf(w->b, "%s\n  \"%s\": %s", w->ntop > 0 ? "," : "{",
		    key, value);
	else
		buf_printf(w->b, "%s: %s\n", key, value);
	w->ntop++;
}

/* A top-level key with the map m; frees m. */
static void
top_map(struct w *w, const char *key, struct map *m)
{
	if (w->json) {
		buf_printf(w->b, "%s\n  \"%s\": {%s%s", w->ntop > 0 ? "," : "{",
		    key, buf_str(&m->body), m->n > 0 ? "\n  }" : "}");
	} else if (m->n == 0)
		buf_printf(w->b, "\n%s: {}\n", key);
	else
		buf_printf(w->b, "\n%s:\n%s", key, buf_str(&m->body));
	w->ntop++;
	buf_free(&m->body);
}

/* Markdown text as plain text on one line (arena). */
static const char *
plain(struct w *w, const char *md)
{
	struct buf	 b = { 0 };
	const char	*s;

	emit_md_text(&b, md);
	s = arena_strdup(w->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
put_options(struct buf *b, const char *what, const struct chk_field *f)
{
	size_t	i;

	buf_puts(b, what);
	for (i = 0; i < f->noptions; i++)
		buf_printf(b, "%s%s", i > 0 ? " | " : "", f->options[i]);
}

/* What a field takes, for its comment: "number, MB", "one of: A | B". */
static void
field_info(struct buf *b, const struct chk_field *f)
{
	static const char *const what[CHK_FIELD__MAX] = { "text", "text",
	    "number", "date YYYY-MM-DD", "time HH:MM",
	    "date and time 2026-11-24T10:02:00+03:00", "true or false",
	    "one of: ", "a list of: " };

	if (f->type == CHK_FIELD_CHOICE || f->type == CHK_FIELD_MULTICHOICE)
		put_options(b, what[f->type], f);
	else
		buf_puts(b, what[f->type]);
	if (f->unit != NULL)
		buf_printf(b, ", %s", f->unit);
	if (f->has_min)
		buf_printf(b, ", min %g", f->min);
	if (f->has_max)
		buf_printf(b, ", max %g", f->max);
	if (f->required)
		buf_puts(b, ", required");
}

/* The comment of an item: [critical] text (field). */
static const char *
item_comment(struct w *w, const struct chk_item *it)
{
	struct buf	 b = { 0 };
	const char	*s;

	if (it->critical)
		buf_puts(&b, "[critical] ");
	buf_puts(&b, plain(w, it->text != NULL ? it->text : ""));
	if (it->field != NULL) {
		buf_puts(&b, " (");
		field_info(&b, it->field);
		buf_putc(&b, ')');
	}
	s = arena_strdup(w->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The old run's value at key of its top-level map name, or NULL. */
static const struct chk_node *
old(const struct w *w, const char *name, const char *key)
{
	return w->doc != NULL ? node_get(node_get(w->doc->root, name), key) :
	    NULL;
}

/* Is key one the item it takes (its kind and fill-in)? */
static int
key_fits(const struct chk_item *it, const char *key)
{
	if (strcmp(key, "value") == 0)
		return it->field != NULL;
	if (strcmp(key, "done") == 0 || strcmp(key, "na") == 0 ||
	    strcmp(key, "failed") == 0)
		return it->kind == CHK_ITEM_CHECK;
	return 1;
}

/* An old answer with only the keys the item still takes. */
static const struct chk_node *
fit_answer(struct w *w, const struct chk_item *it, const struct chk_node *ans)
{
	struct chk_node	*n;
	size_t		 i;

	n = node_new(w->a, CHK_NODE_MAP, &ans->loc);
	n->pairs = arena_alloc(w->a, (ans->n + 1) * sizeof(*n->pairs));
	for (i = 0; i < ans->n; i++) {
		if (key_fits(it, ans->pairs[i].key->str))
			n->pairs[n->n++] = ans->pairs[i];
		else if (ans->pairs[i].value->kind != CHK_NODE_NULL)
			ptrvec_push(w->dropped, arena_printf(w->a, "'%s' of "
			    "item '%s'", ans->pairs[i].key->str, it->path));
	}
	return n;
}

static void
write_item(struct w *w, struct map *m, const struct chk_item *it)
{
	const struct chk_node	*ans = old(w, "items", it->path);

	if (ans != NULL)
		map_entry(w, m, it->path, fit_answer(w, it, ans), NULL,
		    item_comment(w, it));
	else if (!w->json)
		map_entry(w, m, it->path, NULL, it->kind == CHK_ITEM_FIELD ?
		    "{value: null}" : it->field != NULL ?
		    "{done: false, value: null}" : "{done: false}",
		    item_comment(w, it));
}

/* The comment of a table: its title, the columns to fill, the rows. */
static const char *
table_comment(struct w *w, const struct chk_item *it)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	buf_printf(&b, "%s: rows of [", plain(w, it->text ? it->text : ""));
	for (i = it->labelled ? 1 : 0; i < it->ncolumns; i++)
		buf_printf(&b, "%s%s", i > (it->labelled ? 1u : 0u) ? ", " : "",
		    it->columns[i]);
	buf_putc(&b, ']');
	if (it->labelled && it->nrows > 0)
		buf_printf(&b, " for %s ... %s", it->rows[0],
		    it->rows[it->nrows - 1]);
	if (it->cells != NULL)
		buf_puts(&b, "; pre-filled cells stay null");
	s = arena_strdup(w->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
walk_items(struct w *w, struct map *items, struct map *tables,
    struct chk_item **v, size_t n)
{
	const struct chk_node	*rows;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (v[i]->kind == CHK_ITEM_TABLE) {
			if ((rows = old(w, "tables", v[i]->path)) != NULL)
				map_entry(w, tables, v[i]->path, rows, NULL,
				    table_comment(w, v[i]));
			else if (!w->json)
				map_entry(w, tables, v[i]->path, NULL, "[]",
				    table_comment(w, v[i]));
		} else if (run_countable(v[i]))
			write_item(w, items, v[i]);
		walk_items(w, items, tables, v[i]->items, v[i]->nitems);
	}
}

static void
walk_section(struct w *w, struct map *items, struct map *tables,
    const struct chk_section *s)
{
	size_t	i;

	map_comment(w, items, plain(w, s->title != NULL ? s->title : s->id));
	walk_items(w, items, tables, s->items, s->nitems);
	for (i = 0; i < s->nsections; i++)
		walk_section(w, items, tables, s->sections[i]);
}

static void
write_fields(struct w *w)
{
	const struct chk_item	*f;
	const struct chk_node	*v;
	struct map		 m = { { 0 }, 0 };
	struct buf		 c = { 0 };
	size_t			 i;

	for (i = 0; i < w->cl->nfields; i++) {
		f = w->cl->fields[i];
		buf_reset(&c);
		buf_printf(&c, "%s (", plain(w, f->text ? f->text : f->id));
		field_info(&c, f->field);
		buf_putc(&c, ')');
		if ((v = old(w, "fields", f->id)) != NULL)
			map_entry(w, &m, f->id, v, NULL, buf_str(&c));
		else if (!w->json)
			map_entry(w, &m, f->id, NULL, "null", buf_str(&c));
	}
	buf_free(&c);
	top_map(w, "fields", &m);
}

static int
has_role(const struct chk_signoff *s, const char *role)
{
	size_t	i;

	for (i = 0; i < s->nroles; i++)
		if (strcmp(s->roles[i], role) == 0)
			return 1;
	return 0;
}

/* Is role j of s also an earlier role of s? */
static int
has_role_before(const struct chk_signoff *s, size_t j)
{
	size_t	i;

	for (i = 0; i < j; i++)
		if (strcmp(s->roles[i], s->roles[j]) == 0)
			return 1;
	return 0;
}

static void
write_signoff(struct w *w)
{
	const struct chk_signoff	*s;
	const struct chk_node		*v;
	struct map			 m = { { 0 }, 0 };
	size_t				 i, j, k;

	for (i = 0; i < w->cl->nsignoffs; i++) {
		s = w->cl->signoffs[i];
		for (j = 0; j < s->nroles; j++) {
			/* A role in two groups signs once. */
			for (k = 0; k < i && !has_role(w->cl->signoffs[k],
			    s->roles[j]); k++)
				continue;
			if (k < i || has_role_before(s, j))
				continue;
			if ((v = old(w, "signoff", s->roles[j])) != NULL)
				map_entry(w, &m, s->roles[j], v, NULL, NULL);
			else if (!w->json)
				map_entry(w, &m, s->roles[j], NULL,
				    "{name: \"\"}", arena_printf(w->a, "%s: "
				    "name, at", plain(w, s->title ? s->title :
				    s->id)));
		}
	}
	top_map(w, "signoff", &m);
}

static void
write_snapshot(struct w *w)
{
	struct run_texts	t;
	struct map		m = { { 0 }, 0 };
	struct chk_node		v;
	size_t			i;

	run_texts_of(w->cl, w->a, &t);
	memset(&v, 0, sizeof(v));
	v.kind = CHK_NODE_STRING;
	for (i = 0; i < t.n; i++) {
		v.str = t.texts[i];
		map_entry(w, &m, t.paths[i], &v, NULL, NULL);
	}
	if (!w->json)
		buf_puts(w->b, "\n# What the checklist said when this run was "
		    "made: chkc names what changed\n# since from it.  Do not "
		    "edit.");
	top_map(w, "snapshot", &m);
}

static void
write_header(struct w *w)
{
	struct buf	b = { 0 };

	if (!w->json) {
		/* The title may hold anything: one comment line still. */
		buf_printf(&b, "A run of %s/%s: %s (revision %d).",
		    w->cl->project, w->cl->id, plain(w, w->cl->title ?
		    w->cl->title : w->cl->id), w->cl->revision);
		buf_puts(w->b, "# ");
		put_comment_text(w->b, buf_str(&b));
		buf_reset(&b);
		buf_puts(w->b, "\n"
		    "# Fill it in with any editor, then: chkc status FILE\n"
		    "#   items:   done: true, or na: \"why it does not apply\", or "
		    "failed: \"what went wrong\";\n"
		    "#            value: where the item has a fill-in; who and "
		    "when: by: NAME, at: 2026-11-24T10:02:00+03:00\n"
		    "#   signoff: name: and at: for each role; outcome: success | "
		    "partial | rolled-back | failed\n");
	}
	if (w->doc != NULL && node_get(w->doc->root, "$schema") != NULL) {
		put_node(w, &b, node_get(w->doc->root, "$schema"));
		top(w, w->json ? "$schema" : "\"$schema\"", buf_str(&b));
		buf_reset(&b);
	}
	put_quoted(&b, arena_printf(w->a, "%s/%s", w->cl->project, w->cl->id));
	top(w, "run", buf_str(&b));
	buf_reset(&b);
	put_quoted(&b, w->cl->hash);
	top(w, "checklist", buf_str(&b));
	top(w, "revision", arena_printf(w->a, "%d", w->cl->revision));
	buf_free(&b);
}

/* outcome and notes: kept, or (YAML) a comment saying what they take. */
static void
write_outcome(struct w *w)
{
	const struct chk_node	*v;
	struct buf		 b = { 0 };

	if ((v = w->doc ? node_get(w->doc->root, "outcome") : NULL) != NULL) {
		buf_putc(w->b, '\n');
		put_node(w, &b, v);
		top(w, "outcome", buf_str(&b));
		buf_reset(&b);
	} else if (!w->json)
		buf_puts(w->b, "\n# outcome: success | partial | rolled-back | "
		    "failed\n");
	if ((v = w->doc ? node_get(w->doc->root, "notes") : NULL) != NULL) {
		put_node(w, &b, v);
		top(w, "notes", buf_str(&b));
	} else if (!w->json)
		buf_puts(w->b, "# notes: \"what happened, in Markdown\"\n");
	buf_free(&b);
}

/* Entries of the old run's map name whose key the checklist lost. */
static void
note_dropped(struct w *w, const char *name, const char *what)
{
	const struct chk_node	*m = node_get(w->doc->root, name);
	const struct chk_item	*it;
	const char		*key;
	size_t			 i, j, k;
	int			 gone;

	for (i = 0; m != NULL && i < m->n; i++) {
		key = m->pairs[i].key->str;
		if (strcmp(name, "signoff") == 0) {
			for (j = k = 0; j < w->cl->nsignoffs && !k; j++)
				k = has_role(w->cl->signoffs[j], key);
			gone = !k;
		} else if (strcmp(name, "fields") == 0) {
			it = run_index_find(&w->ix, arena_printf(w->a,
			    "fields.%s", key));
			gone = it == NULL;
		} else {
			it = run_index_find(&w->ix, key);
			gone = it == NULL || strncmp(key, "fields.", 7) == 0 ||
			    (strcmp(name, "tables") == 0) !=
			    (it->kind == CHK_ITEM_TABLE) ||
			    (strcmp(name, "items") == 0 && !run_countable(it));
		}
		if (gone)
			ptrvec_push(w->dropped, arena_printf(w->a, "%s '%s'",
			    what, key));
	}
}

/* The whole run: header, fields, items, tables, sign-off, outcome. */
static void
write_run(struct w *w)
{
	struct map	items = { { 0 }, 0 }, tables = { { 0 }, 0 };
	size_t		i;

	run_index(w->cl, w->a, &w->ix);
	write_header(w);
	write_fields(w);
	for (i = 0; i < w->cl->nsections; i++)
		walk_section(w, &items, &tables, w->cl->sections[i]);
	top_map(w, "items", &items);
	top_map(w, "tables", &tables);
	write_signoff(w);
	write_outcome(w);
	write_snapshot(w);
	if (w->json)
		buf_puts(w->b, "\n}\n");
	if (w->doc != NULL) {
		note_dropped(w, "fields", "field");
		note_dropped(w, "items", "item");
		note_dropped(w, "tables", "table");
		note_dropped(w, "signoff", "sign-off role");
	}
}

void
run_new(const struct chk_list *cl, struct buf *out)
{
	struct arena	*a = arena_new();
	struct ptrvec	 dropped = { 0 };
	struct w	 w;

	memset(&w, 0, sizeof(w));
	w.b = out;
	w.cl = cl;
	w.a = a;
	w.dropped = &dropped;
	write_run(&w);
	ptrvec_free(&dropped);
	arena_free(a);
}

void
run_migrate(const struct run_doc *doc, const struct chk_list *cl,
    struct arena *a, struct buf *out, struct ptrvec *dropped)
{
	struct w	w;

	memset(&w, 0, sizeof(w));
	w.b = out;
	w.json = doc->json;
	w.cl = cl;
	w.doc = doc;
	w.a = a;
	w.dropped = dropped;
	write_run(&w);
}
