/*
 * Canonical JSON of a resolved checklist: keys in a fixed order, absent
 * values left out, no spaces, so the same checklist always gives the
 * same bytes and the same hash.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "model.h"
#include "sha256.h"

/* The start of an item's object, by its kind. */
static const char *const item_heads[CHK_ITEM__MAX] = {
	"{\"kind\":\"check\"", "{\"kind\":\"field\"",
	"{\"kind\":\"table\"", "{\"kind\":\"md\""
};
static const char *const field_types[CHK_FIELD__MAX] = {
	"text", "longtext", "number", "date", "time", "datetime", "bool",
	"choice", "multichoice"
};

/* Bytes a JSON string cannot hold as they are: control characters,
 * '"' and '\\'. */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

#define JSON_ONES	0x0101010101010101ULL
#define JSON_HIGH	(JSON_ONES << 7)

/*
 * Does the word w (8 bytes of a text) hold a byte json_special[]
 * marks?  Every text of every checklist is escaped for its hash, and
 * almost none has such a byte: a test of 8 bytes at once halves the
 * cost of a look-up per byte.  These are Hacker's Delight's "has a
 * byte below 0x20" and "has a zero byte" (6-1) of w ^ '"' and of
 * w ^ '\\', exact for the word as a whole; as '"' and '\\' are below
 * 0x80, the three share the mask ~w & JSON_HIGH.
 */
static int
json_word_special(uint64_t w)
{
	uint64_t	quote = w ^ (JSON_ONES * '"');
	uint64_t	bslash = w ^ (JSON_ONES * '\\');

	return (((w - JSON_ONES * 0x20) | (quote - JSON_ONES) |
	    (bslash - JSON_ONES)) & ~w & JSON_HIGH) != 0;
}

#ifdef __SSE2__
/*
 * The bits of the bytes json_special[] marks among the 16 at p: with
 * SSE2 (every x86-64 has it) a text is tested 16 bytes at a time, in a
 * third of the instructions of two words, and the first such byte is
 * the lowest bit set.  A byte is below 0x20 when min(byte, 0x1F) is the
 * byte itself.
 */
static unsigned
json_special16(const char *p)
{
	__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i	ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))));
}
#endif

/* The index of the first special byte of s from i on, up to its
 * length len; len when there is none. */
static size_t
json_next(const char *s, size_t i, size_t len)
{
	uint64_t	w;
	size_t		end;

#ifdef __SSE2__
	unsigned	bits;

	if (len - i >= 16) {
		for (; len - i >= 16; i += 16)
			if ((bits = json_special16(s + i)) != 0)
				return i + (size_t)__builtin_ctz(bits);
		/* The 16 bytes that end the text, less those before i
		 * (passed, or the special byte just escaped). */
		bits = json_special16(s + len - 16) >> (16 - (len - i));
		return bits != 0 ? i + (size_t)__builtin_ctz(bits) : len;
	}
#endif
	for (;;) {
		for (; len - i >= 8; i += 8) {
			memcpy(&w, s + i, 8);
			if (json_word_special(w))
				break;
		}
		/* The last few bytes: the word that ends the text, over
		 * bytes already passed, tests them at once. */
		if (len - i < 8 && len >= 8) {
			memcpy(&w, s + len - 8, 8);
			if (!json_word_special(w))
				return len;
		}
		end = len - i >= 8 ? i + 8 : len;
		for (; i < end; i++)
			if (json_special[(unsigned char)s[i]])
				return i;
		if (i == len)
			return len;
	}
}

/* Append the escape of the special byte c. */
static void
json_escape(struct buf *b, unsigned char c)
{
	char	esc[8];

	esc[0] = '\\';
	if (c == '"' || c == '\\' || c == '\n') {
		esc[1] = c == '\n' ? 'n' : (char)c;
		buf_put(b, esc, 2);
	} else {
		snprintf(esc, sizeof(esc), "\\u%04x", c);
		buf_put(b, esc, 6);
	}
}

/* s escaped, without the quotes: the runs between special bytes
 * copied whole. */
static void
json_chars(struct buf *b, const char *s)
{
	size_t	len = strlen(s), i, run = 0;

	for (i = 0; (i = json_next(s, i, len)) < len; i++) {
		buf_put(b, s + run, i - run);
		json_escape(b, (unsigned char)s[i]);
		run = i + 1;
	}
	buf_put(b, s + run, len - run);
}

void
model_json_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	json_chars(b, s);
	buf_putc(b, '"');
}

/*
 * ,"key":"s" (nothing when s is NULL), called for every text of every
 * checklist: the key, its quotes and the string's opening quote are
 * one literal, put at once; inlined, its length is a constant and its
 * copy a few moves instead of a call to memcpy().
 */
#define key_str(b, key, s)	key_text((b), ",\"" key "\":\"", \
				    sizeof(",\"" key "\":\"") - 1, (s))

static inline void
key_text(struct buf *b, const char *head, size_t len, const char *s)
{
	if (s == NULL)
		return;
	buf_put(b, head, len);
	json_chars(b, s);
	buf_putc(b, '"');
}

static void
key_strs(struct buf *b, const char *key, const char **v, size_t n)
{
	size_t	i;

	if (v == NULL && n == 0)
		return;
	buf_puts(b, ",\"");
	buf_puts(b, key);
	buf_puts(b, "\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		model_json_string(b, v[i]);
	}
	buf_putc(b, ']');
}

static void
json_field(struct buf *b, const struct chk_field *f)
{
	buf_puts(b, ",\"field\":{\"type\":\"");
	buf_puts(b, field_types[f->type]);
	buf_putc(b, '"');
	key_str(b, "label", f->label);
	key_str(b, "unit", f->unit);
	if (f->has_min)
		buf_printf(b, ",\"min\":%.17g", f->min);
	if (f->has_max)
		buf_printf(b, ",\"max\":%.17g", f->max);
	if (f->noptions > 0)
		key_strs(b, "options", f->options, f->noptions);
	if (f->required)
		buf_puts(b, ",\"required\":true");
	buf_putc(b, '}');
}

/* "cells": the rows of a table with fixed cells, null to fill in. */
static void
json_cells(struct buf *b, const struct chk_item *it)
{
	const char	*v;
	size_t		 r, c;

	buf_puts(b, ",\"cells\":[");
	for (r = 0; r < it->nrows; r++) {
		buf_puts(b, r > 0 ? ",[" : "[");
		for (c = 0; c < it->ncolumns; c++) {
			if (c > 0)
				buf_putc(b, ',');
			if ((v = it->cells[r * it->ncolumns + c]) != NULL)
				model_json_string(b, v);
			else
				buf_puts(b, "null");
		}
		buf_putc(b, ']');
	}
	buf_putc(b, ']');
}

static void
json_item(struct buf *b, const struct chk_item *it)
{
	size_t	i;

	buf_puts(b, item_heads[it->kind]);
	key_str(b, "path", it->path);
	key_str(b, "text", it->text);
	key_str(b, "details", it->details);
	key_str(b, "code", it->code);
	key_str(b, "lang", it->lang);
	if (it->critical)
		buf_puts(b, ",\"critical\":true");
	key_str(b, "role", it->role);
	if (it->field != NULL)
		json_field(b, it->field);
	if (it->kind == CHK_ITEM_TABLE) {
		key_strs(b, "columns", it->columns, it->ncolumns);
		key_strs(b, "rows", it->rows, it->nrows);
		buf_printf(b, ",\"labelled\":%s", it->labelled ? "true" : "false");
		if (it->cells != NULL)
			json_cells(b, it);
	}
	if (it->nitems > 0) {
		buf_puts(b, ",\"items\":[");
		for (i = 0; i < it->nitems; i++) {
			if (i > 0)
				buf_putc(b, ',');
			json_item(b, it->items[i]);
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

static void
json_section(struct buf *b, const struct chk_section *s)
{
	size_t	i;

	buf_puts(b, "{\"path\":");
	model_json_string(b, s->path);
	key_str(b, "title", s->title);
	key_str(b, "note", s->note);
	buf_puts(b, ",\"items\":[");
	for (i = 0; i < s->nitems; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_item(b, s->items[i]);
	}
	buf_puts(b, "],\"sections\":[");
	for (i = 0; i < s->nsections; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_section(b, s->sections[i]);
	}
	buf_puts(b, "]}");
}

void
model_json(const struct chk_list *cl, struct buf *b)
{
	size_t	i;

	buf_puts(b, "{\"chkc\":1");
	key_str(b, "project", cl->project);
	key_str(b, "project_name", cl->project_name);
	key_str(b, "checklist", cl->id);
	key_str(b, "template", cl->template_id);
	key_str(b, "lang", cl->lang);
	buf_printf(b, ",\"revision\":%d", cl->revision);
	key_str(b, "title", cl->title);
	key_str(b, "description", cl->description);
	buf_puts(b, ",\"fields\":[");
	for (i = 0; i < cl->nfields; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_item(b, cl->fields[i]);
	}
	buf_puts(b, "],\"sections\":[");
	for (i = 0; i < cl->nsections; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_section(b, cl->sections[i]);
	}
	buf_puts(b, "],\"signoff\":[");
	for (i = 0; i < cl->nsignoffs; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_puts(b, "{\"path\":");
		model_json_string(b, cl->signoffs[i]->path);
		key_str(b, "title", cl->signoffs[i]->title);
		key_strs(b, "roles", cl->signoffs[i]->roles, cl->signoffs[i]->nroles);
		key_strs(b, "columns", cl->signoffs[i]->columns,
		    cl->signoffs[i]->ncolumns);
		buf_putc(b, '}');
	}
	buf_puts(b, "]}\n");
}

/* The text is made for the hash alone, once per checklist, in a buffer
 * kept for the next one: growing a new one cost as much again. */
void
model_hash(struct chk_list *cl)
{
	static struct buf	b;

	buf_reset(&b);
	model_json(cl, &b);
	memcpy(cl->hash, "sha256:", 7);
	sha256_hex(buf_str(&b), b.len, cl->hash + 7);
}

static const struct chk_answer *
answer_find(const struct chk_answer *v, size_t n, const char *path)
{
	size_t	lo = 0, hi = n, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(path, v[mid].path)) == 0)
			return &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct chk_answer *
model_answer(const struct chk_run *run, const char *path)
{
	if (run == NULL || path == NULL)
		return NULL;
	if (strncmp(path, "fields.", 7) == 0)
		return answer_find(run->fields, run->nfields, path);
	return answer_find(run->items, run->nitems, path);
}

const struct chk_table_fill *
model_table_fill(const struct chk_run *run, const char *path)
{
	size_t	i;

	for (i = 0; run != NULL && path != NULL && i < run->ntables; i++)
		if (strcmp(run->tables[i].path, path) == 0)
			return &run->tables[i];
	return NULL;
}

const char *
model_table_cell(const struct chk_run *run, const struct chk_item *it,
    size_t r, size_t c)
{
	const struct chk_table_fill	*f = model_table_fill(run, it->path);
	const char			*v;

	if (f == NULL || r >= f->nrows || c >= f->ncols)
		return NULL;
	v = f->cells[r * f->ncols + c];
	return v != NULL && *v != '\0' ? v : NULL;
}

const struct chk_signature *
model_signature(const struct chk_run *run, const char *role)
{
	size_t	i;

	for (i = 0; run != NULL && role != NULL && i < run->nsignoff; i++)
		if (run->signoff[i].role != NULL &&
		    strcmp(run->signoff[i].role, role) == 0)
			return &run->signoff[i];
	return NULL;
}

enum chk_state
model_item_state(const struct chk_run *r, const struct chk_item *it)
{
	const struct chk_answer	*a;

	/* A build has no run: every item of every page is asked. */
	if (r == NULL || (a = model_answer(r, it->path)) == NULL)
		return CHK_OPEN;
	if (a->failed != NULL)
		return CHK_FAILED;
	if (a->na != NULL)
		return CHK_NA;
	if (it->kind == CHK_ITEM_CHECK)
		return a->done ? CHK_DONE : CHK_OPEN;
	if (a->value == NULL || a->value[0] == '\0')
		return CHK_OPEN;
	/* An unticked bool field is unanswered, as on the page. */
	if (it->field != NULL && it->field->type == CHK_FIELD_BOOL &&
	    strcmp(a->value, "true") != 0)
		return CHK_OPEN;
	return CHK_DONE;
}

int
model_value_has(const char *values, const char *opt)
{
	size_t		 n = strlen(opt);
	const char	*p = values;

	while (p != NULL) {
		if (strncmp(p, opt, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return 0;
}

const char *
model_table_fixed(const struct chk_item *it, size_t r, size_t c)
{
	if (r >= it->nrows || c >= it->ncolumns)
		return NULL;
	if (it->cells != NULL)
		return it->cells[r * it->ncolumns + c];
	return it->labelled && c == 0 ? it->rows[r] : NULL;
}

int
model_table_grows(const struct chk_item *it)
{
	return !it->labelled && it->cells == NULL;
}
