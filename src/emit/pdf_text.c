/*
 * Rich text (pdf_layout.h): runs of styled characters, each character
 * given its font (the run's face, else the first fallback font that
 * has it) and its width as it is appended; line breaking, at spaces,
 * inside long words after '/', '-', ... and between CJK characters
 * with the basic kinsoku rules; the lines drawn into the display list.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "utf8.h"
#include "emit/pdf_engine.h"
#include "emit/pdf_layout.h"

/* ------------------------------------------------------------------ */
/* Runs and characters. */

static int
pl_text_face(int style)
{
	if (style & PL_MONO)
		return PL_MONOFACE;
	return style & PL_BOLD ? PL_BOLDFACE : PL_REGULAR;
}

unsigned
pl_text_rgb(int style)
{
	if (style & PL_RED)
		return 0xB3261E;
	if (style & PL_LINK)
		return 0x1A4F9C;
	if (style & PL_PEN)
		return 0x0B3C9E;
	if (style & PL_MUTED)
		return 0x5F6368;
	return 0x111111;
}

struct pl_text *
pl_text_new(struct pl *pl, float size)
{
	struct pl_text	*t = arena_alloc(pl->a, sizeof(*t));

	t->size = size;
	t->lead = PL_LEAD;
	return t;
}

const char *
pl_datetime(struct pl *pl, const char *s)
{
	char	*d;

	if (s == NULL || strlen(s) < 16 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T')
		return s;
	d = arena_strdup(pl->a, s);
	d[10] = ' ';
	return d;
}

int
pl_text_empty(const struct pl_text *t)
{
	return t == NULL || t->n == 0;
}

static void
pl_text_run(struct pl *pl, struct pl_text *t, int style, const char *url)
{
	struct pl_run	*r;
	float		 size = t->size;

	if (style & PL_SMALL)
		size *= 0.85f;
	if (style & PL_CODE)
		size *= 0.9f;
	if (t->nr > 0) {
		r = &t->r[t->nr - 1];
		if (r->style == style && r->url == url && r->size == size)
			return;
	}
	t->r = pl_grow(pl, t->r, t->nr, &t->rcap, sizeof(*t->r));
	r = &t->r[t->nr++];
	r->style = style;
	r->size = size;
	r->url = url;
}

/* Characters drawn as nothing: variation selectors (U+FE0F after a
 * symbol asks for its emoji form), zero-width spaces and joiners. */
static int
pl_text_invisible(unsigned long cp)
{
	return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x200B &&
	    cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
	    (cp >= 0xE0100 && cp <= 0xE01EF);
}

/*
 * Append cp in the text's last run, in the run's face or else the
 * first fallback font that has it.  Controls and characters no font
 * has become the face's replacement character and are counted for the
 * warning.
 */
static void
pl_text_cell(struct pl *pl, struct pl_text *t, unsigned long cp)
{
	const struct pl_run	*r = &t->r[t->nr - 1];
	int			 font = pl->f[pl_text_face(r->style)].same, fb;
	struct pl_font		*f = &pl->f[font];
	struct pl_cell		*c;
	unsigned		 gid = 0;

	if (cp == '\n' || (cp >= 0x20 && (cp < 0x7F || cp > 0x9F))) {
		gid = cp == '\n' ? 1 : pl_font_glyph(f, cp);
		if (gid == 0 && pl_text_invisible(cp))
			return;
		if (gid == 0 && (fb = pl_font_fallback(pl, cp, &gid)) != -1)
			f = &pl->f[font = fb];
	}
	if (gid == 0) {
		if (pl->nmissing++ == 0) {
			pl->miss_cp = cp;
			pl->miss_at = pl->at;
		}
		cp = f->fallback;
		gid = pl_font_glyph(f, cp);
	}
	t->c = pl_grow(pl, t->c, t->n, &t->cap, sizeof(*t->c));
	c = &t->c[t->n++];
	c->cp = (uint32_t)cp;
	c->w = cp == '\n' ? 0 : pl_font_advance(f, gid) * r->size / 1000;
	c->run = (unsigned)(t->nr - 1);
	c->font = (unsigned char)font;
}

/*
 * Room for the cells of len bytes of UTF-8 after t's (one a character;
 * a tab's more go through pl_grow()).  A text made in one piece gets
 * one array of its size, not arrays doubling from 16 and left behind
 * in the arena, three times its size in all.
 */
static void
pl_text_reserve(struct pl *pl, struct pl_text *t, const char *s, size_t len)
{
	size_t	 i, want = t->n;

	for (i = 0; i < len; i++)
		want += ((unsigned char)s[i] & 0xC0) != 0x80;
	t->c = pl_room(pl, t->c, t->n, want, &t->cap, sizeof(*t->c));
}

/* Append UTF-8 text in a style; tabs in monospace go to 4 columns. */
void
pl_text_add(struct pl *pl, struct pl_text *t, const char *s, size_t len,
    int style, const char *url)
{
	unsigned long	 cp;
	size_t		 i = 0, k, col = 0;

	if (len == 0)
		return;
	pl_text_run(pl, t, style, url);
	pl_text_reserve(pl, t, s, len);
	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		i += k;
		if (cp == '\r')
			continue;
		if (cp == '\t') {
			do
				pl_text_cell(pl, t, ' ');
			while (++col % 4 != 0);
			continue;
		}
		pl_text_cell(pl, t, cp);
		col = cp == '\n' ? 0 : col + 1;
	}
}

void
pl_text_plain(struct pl *pl, struct pl_text *t, const char *s, int style)
{
	if (s != NULL)
		pl_text_add(pl, t, s, strlen(s), style, NULL);
}


/* ------------------------------------------------------------------ */
/* Wrapping. */

/* May a line end after cp inside a word (long paths and URLs)? */
static int
pl_text_soft(unsigned long cp)
{
	return cp == '-' || cp == '/' || cp == '.' || cp == '?' ||
	    cp == '&' || cp == '=' || cp == ',' || cp == '_' ||
	    cp == 0x2013 || cp == 0x2014;
}

/* Ideographs, kana, CJK punctuation and full-width forms: text
 * written without spaces, a line may break around each of them. */
static int
pl_text_cjk(unsigned long cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 &&
	    cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/*
 * May a line break between a and b, two characters of CJK text?  Not
 * before a closing mark, a small kana or a prolonged sound mark, nor
 * after an opening one (kinsoku shori, the basic set of JIS X 4051).
 */
static int
pl_text_cjk_break(unsigned long a, unsigned long b)
{
	static const char	 nostart[] = ")]},.:;!?%"
	    "\xE3\x80\x81\xE3\x80\x82\xEF\xBC\x8C\xEF\xBC\x8E"	/* 、。，． */
	    "\xEF\xBC\x9A\xEF\xBC\x9B\xEF\xBC\x9F\xEF\xBC\x81"	/* ：；？！ */
	    "\xEF\xBC\x89\xE3\x80\x8D\xE3\x80\x8F\xE3\x80\x91"	/* ）」』】 */
	    "\xE3\x80\x95\xE3\x80\x89\xE3\x80\x8B\xE3\x80\x99"	/* 〕〉》〙 */
	    "\xE3\x80\x97\xE3\x80\x9F\xE2\x80\x99\xE2\x80\x9D"	/* 〗〟’” */
	    "\xE3\x83\xBC\xE3\x80\x85\xE3\x83\xBB\xE3\x82\x9D"	/* ー々・ゝ */
	    "\xE3\x82\x9E\xE3\x83\xBD\xE3\x83\xBE\xEF\xBD\xA1"	/* ゞヽヾ｡ */
	    "\xEF\xBD\xA3\xEF\xBD\xA4\xEF\xBC\xBD\xEF\xBD\x9D";	/* ｣､］｝ */
	static const char	 noend[] = "([{"
	    "\xEF\xBC\x88\xE3\x80\x8C\xE3\x80\x8E\xE3\x80\x90"	/* （「『【 */
	    "\xE3\x80\x94\xE3\x80\x88\xE3\x80\x8A\xE3\x80\x98"	/* 〔〈《〘 */
	    "\xE3\x80\x96\xE3\x80\x9D\xE2\x80\x98\xE2\x80\x9C"	/* 〖〝‘“ */
	    "\xEF\xBD\xA2\xEF\xBC\xBB\xEF\xBD\x9B";		/* ｢［｛ */
	static const unsigned short small[] = {	/* ぁぃぅぇぉっゃゅょゎゕゖ */
	    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	    0x3087, 0x308E, 0x3095, 0x3096
	};
	char			 u[5];
	unsigned long		 h;
	size_t			 k;

	if (a <= ' ' || b <= ' ' || (!pl_text_cjk(a) && !pl_text_cjk(b)))
		return 0;
	/* katakana: the hiragana 0x60 before */
	h = b >= 0x30A1 && b <= 0x30F6 ? b - 0x60 : b;
	for (k = 0; k < sizeof(small) / sizeof(small[0]); k++)
		if (h == small[k])
			return 0;
	u[utf8_encode(b, u)] = '\0';
	if (strstr(nostart, u) != NULL)
		return 0;
	u[utf8_encode(a, u)] = '\0';
	return strstr(noend, u) == NULL;
}

/*
 * Fill one line from cell i, at most width wide: break at the last
 * space or between CJK characters, else inside the word after a soft
 * break character, else at the last character that fits (never inside
 * a UTF-8 sequence: cells are code points).  Returns the first cell of
 * the next line; *hard tells whether the line ended at a hard break.
 */
static size_t
pl_text_wrap_line(const struct pl_text *t, size_t i, float width, int code,
    struct pl_line *l, int *hard)
{
	size_t		 j, sb = 0, cb = 0, wb = 0, end = t->n, next = t->n;
	float		 w = 0;
	int		 seen = 0;

	*hard = 0;
	for (j = i; j < t->n; j++) {
		if (t->c[j].cp == '\n') {
			end = j, next = j + 1, *hard = 1;
			break;
		}
		if (t->c[j].cp == ' ') {
			if (seen)
				sb = j;
		} else if (w + t->c[j].w > width + 0.01f && j > i) {
			if (cb > sb && cb > i)
				end = next = cb;
			else if (sb > i)
				end = sb, next = sb + 1;
			else if (wb > i)
				end = next = wb;
			else
				end = next = j;
			break;
		} else
			seen = 1;
		w += t->c[j].w;
		if (j + 1 < t->n && t->c[j + 1].cp != ' ' &&
		    pl_text_soft(t->c[j].cp))
			wb = j + 1;
		if (j + 1 < t->n && (t->c[j].cp >= 0x2E80 ||
		    t->c[j + 1].cp >= 0x2E80) &&
		    pl_text_cjk_break(t->c[j].cp, t->c[j + 1].cp))
			cb = j + 1;
	}
	while (end > i && t->c[end - 1].cp == ' ')
		end--;
	l->s = i, l->e = end;
	l->w = 0;
	l->size = t->size;
	for (j = i; j < end; j++) {
		l->w += t->c[j].w;
		if (t->r[t->c[j].run].size > l->size)
			l->size = t->r[t->c[j].run].size;
	}
	if (!*hard || !code)
		while (next < t->n && t->c[next].cp == ' ')
			next++;
	return next;
}

/*
 * Wrap t into lines: width for the first line after a hard break,
 * cwidth for the continuations; code keeps leading spaces.  Returns
 * the number of lines, in *out: an array of pl's that the next call
 * fills again.  Every caller draws or measures the lines before it
 * wraps another text; a new array for each call (a text is wrapped to
 * be measured, then to be drawn) was 5 % of the memory a PDF touched.
 */
size_t
pl_text_wrap(struct pl *pl, const struct pl_text *t, float width, float cwidth,
    int code, struct pl_line **out)
{
	size_t		 n = 0, i = 0;
	int		 cont = 0, hard;

	if (!code)
		while (i < t->n && t->c[i].cp == ' ')
			i++;
	while (i < t->n) {
		pl->lines = pl_grow(pl, pl->lines, n, &pl->linecap,
		    sizeof(*pl->lines));
		i = pl_text_wrap_line(t, i, cont ? cwidth : width, code,
		    &pl->lines[n], &hard);
		pl->lines[n++].cont = cont;
		cont = !hard;
	}
	*out = pl->lines;
	return n;
}

void
pl_text_extent(const struct pl_text *t, float *minw, float *maxw)
{
	size_t	 i;
	float	 word = 0, line = 0;

	*minw = *maxw = 0;
	for (i = 0; t != NULL && i < t->n; i++) {
		if (t->c[i].cp == '\n') {
			word = line = 0;
			continue;
		}
		line += t->c[i].w;
		word = t->c[i].cp == ' ' ? 0 : word + t->c[i].w;
		if (word > *minw)
			*minw = word;
		if (line > *maxw)
			*maxw = line;
		if (pl_text_soft(t->c[i].cp) || (i + 1 < t->n &&
		    (t->c[i].cp >= 0x2E80 || t->c[i + 1].cp >= 0x2E80) &&
		    pl_text_cjk_break(t->c[i].cp, t->c[i + 1].cp)))
			word = 0;
	}
}

float
pl_text_height(struct pl *pl, const struct pl_text *t, float width)
{
	struct pl_line	*l;
	size_t		 n, i;
	float		 h = 0;

	if (t == NULL)
		return 0;
	n = pl_text_wrap(pl, t, width, width, 0, &l);
	for (i = 0; i < n; i++)
		h += l[i].size * t->lead;
	return h;
}

float
pl_text_first(struct pl *pl, const struct pl_text *t, float width)
{
	struct pl_line	*l;

	if (t == NULL || pl_text_wrap(pl, t, width, width, 0, &l) == 0)
		return 0;
	return l[0].size * t->lead;
}


/* ------------------------------------------------------------------ */
/* Drawing text. */

/* The ops of cells [i, j) of one run: shade, text, lines, link. */
static void
pl_text_run_ops(struct pl *pl, const struct pl_text *t, size_t i, size_t j,
    int page, float x, float base, float w)
{
	const struct pl_run	*r = &t->r[t->c[i].run];
	struct pl_font		*f = &pl->f[t->c[i].font];
	struct pl_op		*op;
	char			*s, *p;
	size_t			 k;
	int			 blank = 1;

	s = p = arena_alloc(pl->a, (j - i) * 4 + 1);
	for (k = i; k < j; k++) {
		p += utf8_encode(t->c[k].cp, p);
		f->used[t->c[k].cp >> 3] |= 1 << (t->c[k].cp & 7);
		blank = blank && t->c[k].cp == ' ';
	}
	if (r->style & PL_CODE)
		pl_rect_op(pl, page, x - 1, base - 0.3f * r->size, w + 2,
		    1.3f * r->size, 0, 0xEEEEEE, 1);
	if (!blank) {
		op = pl_op(pl, PL_OP_TEXT, page);
		op->face = t->c[i].font;
		op->italic = (r->style & PL_ITALIC) != 0;
		/* CJK and symbol fonts have no bold face */
		op->bold = (r->style & PL_BOLD) && op->face >= PL_NFACES;
		op->size = r->size;
		op->x = x, op->y = base, op->w = w;
		op->rgb = pl_text_rgb(r->style);
		op->s = s;
		f->any = 1;
	}
	if (r->style & PL_STRIKE)
		pl_line_op(pl, page, x, base + 0.3f * r->size, w, 0,
		    0.06f * r->size, pl_text_rgb(r->style));
	if (r->url != NULL) {
		pl_line_op(pl, page, x, base - 0.12f * r->size, w, 0,
		    0.05f * r->size, pl_text_rgb(r->style));
		op = pl_op(pl, PL_OP_LINK, page);
		op->x = x, op->y = base - 0.25f * r->size;
		op->w = w, op->h = 1.2f * r->size;
		op->s = r->url;
	}
}

void
pl_text_line_ops(struct pl *pl, const struct pl_text *t,
    const struct pl_line *l, int page, float x, float base)
{
	size_t	 i = l->s, j;
	float	 w;

	while (i < l->e) {
		w = 0;
		for (j = i; j < l->e && t->c[j].run == t->c[i].run &&
		    t->c[j].font == t->c[i].font; j++)
			w += t->c[j].w;
		pl_text_run_ops(pl, t, i, j, page, x, base, w);
		x += w;
		i = j;
	}
}

void
pl_text_draw(struct pl *pl, const struct pl_text *t, float x, float width,
    struct pl_mark *first, struct pl_mark *last)
{
	struct pl_line	*l;
	struct pl_mark	 m = { pl->page, pl->y - PL_ASC * t->size, t->size, x };
	size_t		 n, i;
	float		 lh;

	n = pl_text_wrap(pl, t, width, width, 0, &l);
	for (i = 0; i < n; i++) {
		lh = l[i].size * t->lead;
		/* up to 3 lines stay together; else 2 at least on a page */
		if (i == 0 || i + 2 == n)
			pl_need(pl, lh * (n <= 3 ? n : 2));
		else
			pl_need(pl, lh);
		m.page = pl->page;
		m.base = pl->y - PL_ASC * l[i].size;
		m.size = l[i].size;
		m.end = x + l[i].w;
		pl_text_line_ops(pl, t, &l[i], pl->page, x, m.base);
		pl->y -= lh;
		if (i == 0 && first != NULL)
			*first = m;
	}
	if (n == 0 && first != NULL)
		*first = m;
	if (last != NULL)
		*last = m;
}

void
pl_text_line(struct pl *pl, const struct pl_text *t, int page, float x,
    float base, float width)
{
	struct pl_text	*dots;
	struct pl_line	 l = { 0, 0, 0, t->size, 0 };
	float		 dw;

	if (t->n == 0 || width <= 0)
		return;
	while (l.e < t->n && t->c[l.e].cp != '\n')
		l.w += t->c[l.e++].w;
	if (l.w <= width + 0.01f) {
		pl_text_line_ops(pl, t, &l, page, x, base);
		return;
	}
	dots = pl_text_new(pl, t->size);
	pl_text_plain(pl, dots, "\xE2\x80\xA6", t->r[t->c[0].run].style);
	dw = dots->n > 0 ? dots->c[0].w : 0;
	while (l.e > 0 && (l.w + dw > width || t->c[l.e - 1].cp == ' '))
		l.w -= t->c[--l.e].w;
	pl_text_line_ops(pl, t, &l, page, x, base);
	l.s = 0, l.e = dots->n;
	pl_text_line_ops(pl, dots, &l, page, x + l.w, base);
}
