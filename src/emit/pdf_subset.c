/*
 * The TrueType font file a PDF embeds (pdf_sfnt.h): only the glyphs
 * the document draws, and those composite glyphs are made of, numbered
 * from 1 in the order of the font (.notdef is 0, with its outline),
 * with their metrics; a character map of the characters drawn; the
 * names that say which font it is (not the license text); no glyph
 * names and no hinting.  The PDF's CIDToGIDMap gives the new numbers.
 *
 * The tables are those a PDF's TrueType font program is read from
 * (ISO 32000 9.9: glyf, loca, head, hhea, hmtx, maxp; cmap for a
 * viewer that wants one), and the names and metrics that say which
 * font it is.  The rest (layout, kerning, bitmaps, vertical metrics,
 * signatures) a PDF viewer does not read: the text is laid out.  Nor
 * the hinting (cvt, fpgm, prep and each glyph's instructions), which
 * fits outlines to the pixels of a screen at small sizes: poppler
 * draws the pages without it, the same pixels (tests/suites/pdf.sh
 * compares them with the whole, hinted fonts of the public path).
 *
 * A subset of outlines is a copy of the glyphs kept (Apple's TrueType
 * Reference Manual, 'glyf'), their instructions left out and the parts
 * of composite glyphs renumbered; the other tables are copied with
 * their counts changed, or made anew (cmap, loca, hmtx).  HarfBuzz's
 * hb-subset made these files before: it and the five libraries it
 * loads cost every command 1.2 ms to start, and a PDF 2.3 ms to
 * subset its faces, on the machine of bench/RESULTS.md's seventh pass.
 *
 * libharu 2.3.0 would embed every table whole but 'glyf', and the
 * glyphs not drawn as empty ones, copied 4 bytes a call through its
 * streams: 32 M instructions for the three faces of a document, and
 * 75 KB a face to deflate where this file is about 10 KB.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "emit/pdf_sfnt.h"

/* The subset's tables, in the order of their tags (a table directory
 * is sorted); OS/2 only when the font has one. */
enum {
	SS_OS2, SS_CMAP, SS_GLYF, SS_HEAD, SS_HHEA, SS_HMTX, SS_LOCA,
	SS_MAXP, SS_NAME, SS_POST, SS_NTAB
};

static const char ss_tags[SS_NTAB][5] = {
	"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
	"name", "post"
};

/* The flags of a part of a composite glyph ('glyf'). */
#define SS_ARG_WORDS	0x0001	/* its offsets are 16 bits, not 8 */
#define SS_SCALE	0x0008	/* one scale follows */
#define SS_MORE		0x0020	/* a part follows */
#define SS_XY_SCALE	0x0040	/* two scales follow */
#define SS_2BY2		0x0080	/* a 2 by 2 matrix follows */
#define SS_HINTS	0x0100	/* instructions follow the last part */

/* The font's tables (in the mapped file) and the subset's. */
struct ss {
	const struct pl_sfnt	*sf;		/* the font, read */
	const unsigned char	*in[SS_NTAB];
	size_t			 inlen[SS_NTAB];
	struct buf		 out[SS_NTAB];
	unsigned		 nglyphs, nhmetrics;	/* sf's, the second
						 * no more than the first */
	int			 longloca;	/* the font's loca */
	int			 outlong;	/* the subset's */
	unsigned char		*marked;	/* a bit a glyph: kept */
	unsigned		*kept;		/* the glyphs kept (sorted once all are) */
	size_t			 nkept, keptcap;
};

static void
ss_set16(struct buf *b, size_t at, unsigned long v)
{
	b->data[at] = (char)(v >> 8 & 0xFF);
	b->data[at + 1] = (char)(v & 0xFF);
}

static void
ss_set32(struct buf *b, size_t at, unsigned long v)
{
	ss_set16(b, at, v >> 16 & 0xFFFF);
	ss_set16(b, at + 2, v & 0xFFFF);
}

static void
ss_put16(struct buf *b, unsigned long v)
{
	buf_put(b, "\0\0", 2);
	ss_set16(b, b->len - 2, v);
}

static void
ss_put32(struct buf *b, unsigned long v)
{
	buf_put(b, "\0\0\0\0", 4);
	ss_set32(b, b->len - 4, v);
}

/* Zeros to a multiple of 4 bytes, as tables and glyphs are aligned. */
static void
ss_pad(struct buf *b)
{
	buf_put(b, "\0\0\0", (4 - b->len % 4) % 4);
}

/* The font's tables (pl_sfnt_read() found them inside the file):
 * all but OS/2 there, and long enough for the fields read. */
static int
ss_tables(struct ss *s)
{
	size_t	 k;

	for (k = 0; k < SS_NTAB; k++)
		s->in[k] = pl_sfnt_table(s->sf, ss_tags[k], &s->inlen[k]);
	return s->inlen[SS_HEAD] < 54 || s->inlen[SS_HHEA] < 36 ||
	    s->inlen[SS_MAXP] < 6 || s->inlen[SS_NAME] < 6 ||
	    s->inlen[SS_POST] < 32 || s->in[SS_GLYF] == NULL ||
	    s->in[SS_LOCA] == NULL || s->in[SS_HMTX] == NULL ? -1 : 0;
}

/* The counts pl_sfnt_read() found (glyphs, metrics: hmtx holds
 * them), and the form of loca, which must hold the glyphs. */
static int
ss_counts(struct ss *s)
{
	s->nglyphs = s->sf->nglyphs;
	s->nhmetrics = s->sf->nhmetrics < s->nglyphs ? s->sf->nhmetrics :
	    s->nglyphs;
	s->longloca = pl_be16(s->in[SS_HEAD] + 50) != 0;
	return (s->longloca ? 4UL : 2UL) * (s->nglyphs + 1UL) >
	    s->inlen[SS_LOCA] ? -1 : 0;
}

/* Glyph gid's outline: *len bytes of glyf; none where loca puts it
 * outside (as a viewer reads it). */
static const unsigned char *
ss_glyph(const struct ss *s, unsigned gid, size_t *len)
{
	const unsigned char	*l = s->in[SS_LOCA];
	unsigned long		 from, to;

	if (s->longloca)
		from = pl_be32(l + 4 * gid), to = pl_be32(l + 4 * gid + 4);
	else
		from = 2 * pl_be16(l + 2 * gid),
		to = 2 * pl_be16(l + 2 * gid + 2);
	*len = from < to && to <= s->inlen[SS_GLYF] ? to - from : 0;
	return s->in[SS_GLYF] + (*len > 0 ? from : 0);
}

/* The length of the part at g + at of a composite glyph of len bytes;
 * 0 when it runs past the end. */
static size_t
ss_part(const unsigned char *g, size_t len, size_t at)
{
	unsigned long	 fl;
	size_t		 n;

	if (at > len || len - at < 4)
		return 0;
	fl = pl_be16(g + at);
	n = 4 + (fl & SS_ARG_WORDS ? 4 : 2);
	n += fl & SS_SCALE ? 2 : fl & SS_XY_SCALE ? 4 : fl & SS_2BY2 ? 8 : 0;
	return n <= len - at ? n : 0;
}

/* A composite glyph: at least a header and a part. */
static int
ss_composite(const unsigned char *g, size_t len)
{
	return len >= 10 && (pl_be16(g) & 0x8000) != 0;
}

/* Keep glyph gid (once); -1 for a glyph number past the font's. */
static int
ss_keep(struct ss *s, unsigned long gid)
{
	if (gid >= s->nglyphs)
		return -1;
	if (s->marked[gid / 8] & 1U << gid % 8)
		return 0;
	s->marked[gid / 8] |= (unsigned char)(1U << gid % 8);
	if (s->nkept == s->keptcap) {
		s->keptcap = s->keptcap ? 2 * s->keptcap : 64;
		s->kept = xrealloc(s->kept, s->keptcap * sizeof(*s->kept));
	}
	s->kept[s->nkept++] = (unsigned)gid;
	return 0;
}

/* Keep the parts of the composite glyph gid. */
static int
ss_keep_parts(struct ss *s, unsigned gid)
{
	const unsigned char	*g;
	size_t			 len, at, n;

	g = ss_glyph(s, gid, &len);
	if (!ss_composite(g, len))
		return 0;
	for (at = 10; (n = ss_part(g, len, at)) != 0; at += n) {
		if (ss_keep(s, pl_be16(g + at + 2)) == -1)
			return -1;
		if ((pl_be16(g + at) & SS_MORE) == 0)
			break;
	}
	return 0;
}

static int
ss_cmp(const void *a, const void *b)
{
	unsigned	 x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* The new number of glyph gid, which is kept: its place in kept[]. */
static unsigned long
ss_new(const struct ss *s, unsigned long gid)
{
	size_t	 lo = 0, hi = s->nkept, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->kept[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The glyphs to keep: .notdef, c's, and the parts of composite glyphs
 * (kept[] is the list of those whose parts are still to be kept, too),
 * numbered in the font's order; c->newgids[] their numbers.  -1 for a
 * glyph past the font's.
 */
static int
ss_plan(struct ss *s, struct pl_sfnt_cut *c)
{
	size_t	 i;
	int	 rc = ss_keep(s, 0);

	for (i = 0; rc == 0 && i < c->n; i++)
		rc = ss_keep(s, c->gids[i]);
	for (i = 0; rc == 0 && i < s->nkept; i++)
		rc = ss_keep_parts(s, s->kept[i]);
	if (rc == 0)
		qsort(s->kept, s->nkept, sizeof(*s->kept), ss_cmp);
	for (i = 0; rc == 0 && i < c->n; i++)
		c->newgids[i] = (unsigned short)ss_new(s, c->gids[i]);
	return rc;
}

/* A simple glyph without its instructions; nothing if it is cut. */
static void
ss_simple(const unsigned char *g, size_t len, struct buf *b)
{
	size_t	 at = 10 + 2 * pl_be16(g), ni;

	if (at > len || len - at < 2 || (ni = pl_be16(g + at)) >
	    len - at - 2)
		return;
	buf_put(b, (const char *)g, at);
	ss_put16(b, 0);
	buf_put(b, (const char *)g + at + 2 + ni, len - at - 2 - ni);
}

/* A composite glyph, its parts renumbered, without instructions;
 * nothing if it has no part. */
static void
ss_compound(const struct ss *s, const unsigned char *g, size_t len,
    struct buf *b)
{
	size_t		 start = b->len, last = 0, at, n;
	unsigned long	 fl;

	buf_put(b, (const char *)g, 10);
	for (at = 10; (n = ss_part(g, len, at)) != 0; at += n) {
		last = b->len;
		fl = pl_be16(g + at) & ~(unsigned long)SS_HINTS;
		ss_put16(b, fl);
		ss_put16(b, ss_new(s, pl_be16(g + at + 2)));
		buf_put(b, (const char *)g + at + 4, n - 4);
		if ((fl & SS_MORE) == 0)
			break;
	}
	if (last == 0)
		b->len = start;
	else	/* a part cut short ends it */
		ss_set16(b, last, pl_be16(b->data + last) & ~SS_MORE);
}

/* glyf and loca: the short form of loca when the glyphs fit it. */
static void
ss_glyf(struct ss *s)
{
	struct buf		*glyf = &s->out[SS_GLYF], *loca = &s->out[SS_LOCA];
	const unsigned char	*g;
	unsigned long		*at = xcalloc(s->nkept + 1, sizeof(*at));
	size_t			 i, len;

	for (i = 0; i < s->nkept; i++) {
		at[i] = glyf->len;
		g = ss_glyph(s, s->kept[i], &len);
		if (ss_composite(g, len))
			ss_compound(s, g, len, glyf);
		else if (len >= 10)
			ss_simple(g, len, glyf);
		ss_pad(glyf);
	}
	at[s->nkept] = glyf->len;
	s->outlong = glyf->len > 0x1FFFC;
	for (i = 0; i <= s->nkept; i++)
		if (s->outlong)
			ss_put32(loca, at[i]);
		else
			ss_put16(loca, at[i] / 2);
	free(at);
}

/* hmtx: a long metric for every glyph kept. */
static void
ss_hmtx(struct ss *s)
{
	const unsigned char	*h = s->in[SS_HMTX];
	size_t			 i, g, at;

	for (i = 0; i < s->nkept; i++) {
		g = s->kept[i];
		at = g < s->nhmetrics ? 4 * g : 4 * s->nhmetrics - 4;
		ss_put16(&s->out[SS_HMTX], pl_be16(h + at));
		at = g < s->nhmetrics ? 4 * g + 2 :
		    4 * s->nhmetrics + 2 * (g - s->nhmetrics);
		ss_put16(&s->out[SS_HMTX], at + 2 <= s->inlen[SS_HMTX] ?
		    pl_be16(h + at) : 0);
	}
}

/* Table k of the font, its first len bytes, copied. */
static struct buf *
ss_copy(struct ss *s, int k, size_t len)
{
	buf_put(&s->out[k], (const char *)s->in[k], len);
	return &s->out[k];
}

/*
 * head, hhea, maxp, post and OS/2 with the subset's counts: the form
 * of loca, the glyphs and their metrics, no limits of hinting, no
 * glyph names ('post' format 3), the first and last characters.
 */
static void
ss_heads(struct ss *s, const struct pl_sfnt_cut *c)
{
	struct buf	*b;
	unsigned long	 first = c->n > 0 ? c->cps[0] : ' ';
	unsigned long	 last = c->n > 0 ? c->cps[c->n - 1] : ' ';
	size_t		 at;

	b = ss_copy(s, SS_HEAD, s->inlen[SS_HEAD]);
	ss_set32(b, 8, 0);		/* checkSumAdjustment: ss_write() */
	ss_set16(b, 50, (unsigned long)s->outlong);
	ss_set16(ss_copy(s, SS_HHEA, s->inlen[SS_HHEA]), 34, s->nkept);
	b = ss_copy(s, SS_MAXP, s->inlen[SS_MAXP]);
	ss_set16(b, 4, s->nkept);
	if (pl_be32(b->data) == 0x00010000UL && b->len >= 32) {
		ss_set16(b, 14, 1);	/* maxZones: no twilight zone */
		for (at = 16; at <= 26; at += 2)
			ss_set16(b, at, 0);
	}
	ss_set32(ss_copy(s, SS_POST, 32), 0, 0x00030000UL);
	if (s->in[SS_OS2] != NULL) {
		b = ss_copy(s, SS_OS2, s->inlen[SS_OS2]);
		if (b->len >= 68) {
			ss_set16(b, 64, first > 0xFFFF ? 0xFFFF : first);
			ss_set16(b, 66, last > 0xFFFF ? 0xFFFF : last);
		}
	}
}

/* Name record r (of the table t of len bytes, strings at strs): one of
 * those kept, that say which font it is (names 0 to 6: copyright,
 * family, style, unique, full, version, PostScript), inside it. */
static int
ss_name_kept(size_t len, size_t strs,
    const unsigned char *r)
{
	size_t	 off = pl_be16(r + 10), n = pl_be16(r + 8);

	return pl_be16(r + 6) <= 6 && pl_be16(r + 4) < 0x8000 &&
	    strs <= len && off <= len - strs && n <= len - strs - off;
}

/* name: the records that say which font it is, in every platform and
 * language (libharu reads the PostScript name of Macintosh's). */
static void
ss_name(struct ss *s)
{
	const unsigned char	*t = s->in[SS_NAME], *r;
	struct buf		*b = &s->out[SS_NAME];
	size_t			 len = s->inlen[SS_NAME];
	size_t			 n = pl_be16(t + 2), strs = pl_be16(t + 4);
	size_t			 i, k = 0, pass, at = 0;

	if (n > (len - 6) / 12)
		n = (len - 6) / 12;
	for (i = 0; i < n; i++)
		k += ss_name_kept(len, strs, t + 6 + 12 * i);
	ss_put16(b, 0);
	ss_put16(b, k);
	ss_put16(b, 6 + 12 * k);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			r = t + 6 + 12 * i;
			if (!ss_name_kept(len, strs, r))
				continue;
			if (pass == 0) {
				buf_put(b, (const char *)r, 10);
				ss_put16(b, at);
				at += pl_be16(r + 8);
			} else
				buf_put(b, (const char *)t + strs +
				    pl_be16(r + 10), pl_be16(r + 8));
		}
}

/* A run of consecutive characters drawn with consecutive glyphs. */
struct ss_run {
	unsigned long	 first, last, gid;
};

/* The runs of c's characters up to limit into r; their number, or 0
 * when the characters are not in ascending order. */
static size_t
ss_runs(const struct ss *s, const struct pl_sfnt_cut *c,
    unsigned long limit, struct ss_run *r)
{
	unsigned long	 g;
	size_t		 i, k = 0;

	for (i = 0; i < c->n && c->cps[i] <= limit; i++) {
		if (i > 0 && c->cps[i] <= c->cps[i - 1])
			return 0;
		g = ss_new(s, c->gids[i]);
		if (k > 0 && c->cps[i] == r[k - 1].last + 1 &&
		    g == r[k - 1].gid + (c->cps[i] - r[k - 1].first))
			r[k - 1].last++;
		else
			r[k].first = r[k].last = c->cps[i], r[k++].gid = g;
	}
	return k;
}

/*
 * The format 4 subtable of the n runs r (of the BMP; r has room for two
 * more): a segment each, and the last one of U+FFFF; with no character
 * of the BMP drawn, the space to glyph 0, as libharu needs a character
 * to read.  -1 past the 64 KB the subtable's length can say (8,000
 * runs).
 */
static int
ss_cmap4(struct buf *b, struct ss_run *r, size_t n)
{
	size_t	 i, range = 1, sel = 0;

	if (n == 0)
		r[n].first = r[n].last = ' ', r[n++].gid = 0;
	r[n].first = r[n].last = 0xFFFF, r[n++].gid = 0;
	if (16 + 8 * n > 0xFFFF)
		return -1;
	while (range * 2 <= n)
		range *= 2, sel++;
	ss_put16(b, 4);
	ss_put16(b, 16 + 8 * n);
	ss_put16(b, 0);			/* language */
	ss_put16(b, 2 * n);
	ss_put16(b, 2 * range);
	ss_put16(b, sel);
	ss_put16(b, 2 * n - 2 * range);
	for (i = 0; i < n; i++)
		ss_put16(b, r[i].last);
	ss_put16(b, 0);			/* reservedPad */
	for (i = 0; i < n; i++)
		ss_put16(b, r[i].first);
	for (i = 0; i < n; i++)		/* idDelta: first to gid */
		ss_put16(b, (r[i].gid - r[i].first) & 0xFFFF);
	for (i = 0; i < n; i++)
		ss_put16(b, 0);		/* idRangeOffset: none */
	return 0;
}

/* The format 12 subtable of the n runs r. */
static void
ss_cmap12(struct buf *b, const struct ss_run *r, size_t n)
{
	size_t	 i;

	ss_put16(b, 12);
	ss_put16(b, 0);
	ss_put32(b, 16 + 12 * n);
	ss_put32(b, 0);			/* language */
	ss_put32(b, n);
	for (i = 0; i < n; i++) {
		ss_put32(b, r[i].first);
		ss_put32(b, r[i].last);
		ss_put32(b, r[i].gid);
	}
}

/*
 * cmap: the characters drawn to their glyphs, in format 4 (platform 3,
 * encoding 1: the BMP, the subtable libharu reads) and, when one is
 * beyond the BMP, in format 12 too (encoding 10).  -1 when they are
 * not in ascending order or too scattered for format 4.
 */
static int
ss_cmap(struct ss *s, const struct pl_sfnt_cut *c)
{
	struct ss_run	*r = xcalloc(c->n + 2, sizeof(*r));
	struct buf	*b = &s->out[SS_CMAP];
	size_t		 n;
	int		 wide = c->n > 0 && c->cps[c->n - 1] > 0xFFFF, rc;

	ss_put16(b, 0);			/* version */
	ss_put16(b, wide ? 2 : 1);
	ss_put32(b, 3UL << 16 | 1);
	ss_put32(b, wide ? 20 : 12);
	if (wide) {
		ss_put32(b, 3UL << 16 | 10);
		ss_put32(b, 0);		/* after format 4, below */
	}
	n = ss_runs(s, c, 0xFFFE, r);
	rc = n == 0 && c->n > 0 && c->cps[0] <= 0xFFFE ? -1 :
	    ss_cmap4(b, r, n);
	if (rc == 0 && wide) {
		ss_set32(b, 16, b->len);
		if ((n = ss_runs(s, c, 0x10FFFF, r)) == 0)
			rc = -1;
		else
			ss_cmap12(b, r, n);
	}
	free(r);
	return rc;
}

/* The checksum of a table: the sum of its 32-bit words (len a
 * multiple of 4). */
static unsigned long
ss_sum(const char *p, size_t len)
{
	unsigned long	 sum = 0;
	size_t		 i;

	for (i = 0; i < len; i += 4)
		sum = (sum + pl_be32(p + i)) & 0xFFFFFFFFUL;
	return sum;
}

/*
 * The font file into out: the table directory (its search fields as
 * the format asks), the tables aligned and summed, and head's
 * checkSumAdjustment, which makes the whole file sum to 0xB1B0AFBA.
 */
static void
ss_write(struct ss *s, struct buf *out)
{
	size_t		 start = out->len, ntab = 0, range = 1, sel = 0;
	size_t		 at, k, len[SS_NTAB], head = 0;

	for (k = 0; k < SS_NTAB; k++) {
		len[k] = s->out[k].len;
		ss_pad(&s->out[k]);
		ntab += k != SS_OS2 || s->in[SS_OS2] != NULL;
	}
	while (range * 2 <= ntab)
		range *= 2, sel++;
	ss_put32(out, 0x00010000UL);
	ss_put16(out, ntab);
	ss_put16(out, 16 * range);
	ss_put16(out, sel);
	ss_put16(out, 16 * (ntab - range));
	at = 12 + 16 * ntab;
	for (k = 0; k < SS_NTAB; k++) {
		if (k == SS_OS2 && s->in[SS_OS2] == NULL)
			continue;
		buf_put(out, ss_tags[k], 4);
		ss_put32(out, ss_sum(s->out[k].data, s->out[k].len));
		ss_put32(out, at);
		ss_put32(out, len[k]);
		head = k == SS_HEAD ? start + at : head;
		at += s->out[k].len;
	}
	for (k = 0; k < SS_NTAB; k++)
		buf_put(out, s->out[k].data, s->out[k].len);
	ss_set32(out, head + 8, (0xB1B0AFBAUL - ss_sum(out->data + start,
	    out->len - start)) & 0xFFFFFFFFUL);
}

/*
 * The top of glyph gid in 1/1000 em, as libharu measures the x-height
 * it writes in a font descriptor (the glyph's yMax, rounded toward
 * zero); 0 for none.
 */
static int
ss_top(const struct ss *s, unsigned gid)
{
	const unsigned char	*g;
	size_t			 len;
	long			 ymax;

	if (gid == 0 || gid >= s->nglyphs)
		return 0;
	g = ss_glyph(s, gid, &len);
	if (len < 10)
		return 0;
	ymax = (long)pl_be16(g + 8);
	if (ymax >= 0x8000)
		ymax -= 0x10000;
	return (int)(ymax * 1000 / (long)s->sf->upem);
}

int
pl_sfnt_subset(const struct pl_sfnt *sf, struct pl_sfnt_cut *c,
    struct buf *out)
{
	struct ss	 s;
	size_t		 k;
	int		 rc = -1;

	if (sf->file == NULL)
		return -1;
	memset(&s, 0, sizeof(s));
	s.sf = sf;
	if (ss_tables(&s) == 0 && ss_counts(&s) == 0) {
		s.marked = xcalloc(s.nglyphs / 8 + 1, 1);
		if (ss_plan(&s, c) == 0 && ss_cmap(&s, c) == 0) {
			ss_glyf(&s);
			ss_hmtx(&s);
			ss_heads(&s, c);
			ss_name(&s);
			ss_write(&s, out);
			c->xheight = ss_top(&s, c->xgid);
			rc = 0;
		}
	}
	for (k = 0; k < SS_NTAB; k++)
		buf_free(&s.out[k]);
	free(s.marked);
	free(s.kept);
	return rc;
}
