/*
 * The TrueType font file a PDF embeds (pdf_sfnt.h): only the glyphs
 * the document draws, and those composite glyphs are made of,
 * numbered from 1 in the order of the font (.notdef is 0), with their
 * metrics, the font's hinting programs, a character map of the
 * characters drawn, the names that say which font it is (not the
 * license text) and no glyph names.  The PDF's CIDToGIDMap gives the
 * new numbers.
 *
 * libharu 2.3.0 would embed every table whole but 'glyf', and the
 * glyphs not drawn as empty ones, copied 4 bytes a call through its
 * streams: 32 M instructions for the three faces of a document, and
 * 75 KB a face to deflate where this file is about 20 KB.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "emit/pdf_sfnt.h"

/* The tables embedded, in the order of their tags. */
enum {
	SS_OS2, SS_CMAP, SS_CVT, SS_FPGM, SS_GLYF, SS_HEAD, SS_HHEA, SS_HMTX,
	SS_LOCA, SS_MAXP, SS_NAME, SS_POST, SS_PREP, SS_N
};

static const char *const ss_tags[SS_N] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx",
	"loca", "maxp", "name", "post", "prep"
};

/* The font read, and the subset being made. */
struct ss_font {
	const unsigned char	*p;		/* the mapped file */
	size_t			 size;
	const unsigned char	*t[SS_N];	/* NULL: not in the font */
	unsigned long		 len[SS_N];
	unsigned		 nglyphs, nhmetrics;
	int			 longloca;
	unsigned short		*newid;		/* old glyph -> new, 0: out */
	unsigned		*old;		/* new glyph -> old */
	unsigned		 n;		/* glyphs in the subset */
	struct buf		 tab[SS_N];	/* the tables made here */
	unsigned		 made;		/* ... bit k: tab[k] made */
};

static unsigned long
ss_be16(const unsigned char *p)
{
	return (unsigned long)p[0] << 8 | p[1];
}

static unsigned long
ss_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

static void
ss_put16(struct buf *b, unsigned long v)
{
	char	 c[2] = { (char)(v >> 8), (char)v };

	buf_put(b, c, 2);
}

static void
ss_put32(struct buf *b, unsigned long v)
{
	char	 c[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8),
		    (char)v };

	buf_put(b, c, 4);
}

static void
ss_set16(char *p, unsigned long v)
{
	p[0] = (char)(v >> 8), p[1] = (char)v;
}

static void
ss_set32(char *p, unsigned long v)
{
	ss_set16(p, v >> 16);
	ss_set16(p + 2, v & 0xFFFF);
}

/* The table directory of the font (the first of a collection). */
static int
ss_directory(struct ss_font *f)
{
	const unsigned char	*d;
	unsigned long		 base = 0, n, i, off, len;
	size_t			 k;

	if (memcmp(f->p, "ttcf", 4) == 0 &&
	    (f->size < 16 || (base = ss_be32(f->p + 12)) > f->size - 12))
		return -1;
	n = ss_be16(f->p + base + 4);
	if (base + 12 + 16 * n > f->size)
		return -1;
	for (i = 0, d = f->p + base + 12; i < n; i++, d += 16) {
		off = ss_be32(d + 8), len = ss_be32(d + 12);
		if (off > f->size || len > f->size - off)
			return -1;
		for (k = 0; k < SS_N; k++)
			if (memcmp(d, ss_tags[k], 4) == 0)
				f->t[k] = f->p + off, f->len[k] = len;
	}
	for (k = SS_GLYF; k <= SS_MAXP; k++)
		if (f->t[k] == NULL)
			return -1;
	if (f->len[SS_HEAD] < 54 || f->len[SS_MAXP] < 6 ||
	    f->len[SS_HHEA] < 36)
		return -1;
	f->nglyphs = (unsigned)ss_be16(f->t[SS_MAXP] + 4);
	f->nhmetrics = (unsigned)ss_be16(f->t[SS_HHEA] + 34);
	f->longloca = ss_be16(f->t[SS_HEAD] + 50) != 0;
	if (f->nhmetrics == 0 || f->nhmetrics > f->nglyphs ||
	    f->len[SS_HMTX] < 4UL * f->nhmetrics + 2UL * (f->nglyphs -
	    f->nhmetrics))
		return -1;
	return f->len[SS_LOCA] < (f->nglyphs + 1UL) * (f->longloca ? 4 : 2) ?
	    -1 : 0;
}

/* Glyph gid's data in 'glyf', *len bytes; NULL if outside it. */
static const unsigned char *
ss_glyph(const struct ss_font *f, unsigned gid, unsigned long *len)
{
	const unsigned char	*l = f->t[SS_LOCA];
	unsigned long		 a, b;

	if (f->longloca)
		a = ss_be32(l + 4 * gid), b = ss_be32(l + 4 * gid + 4);
	else
		a = 2 * ss_be16(l + 2 * gid), b = 2 * ss_be16(l + 2 * gid + 2);
	if (a > b || b > f->len[SS_GLYF])
		return NULL;
	*len = b - a;
	return f->t[SS_GLYF] + a;
}

/*
 * Call fn for each component of composite glyph g (len bytes) with
 * the offset of its glyph number; not at all for a simple glyph.
 */
static void
ss_each(struct ss_font *f, const unsigned char *g, unsigned long len,
    void (*fn)(struct ss_font *, const unsigned char *, unsigned long,
    void *), void *arg)
{
	unsigned long	 at = 10, flags;

	if (len < 10 || (int16_t)ss_be16(g) >= 0)
		return;
	do {
		if (at + 4 > len)
			return;
		flags = ss_be16(g + at);
		fn(f, g, at + 2, arg);
		at += 4 + (flags & 0x0001 ? 4 : 2);
		if (flags & 0x0008)
			at += 2;
		else if (flags & 0x0040)
			at += 4;
		else if (flags & 0x0080)
			at += 8;
	} while (flags & 0x0020);
}

/* A component's glyph into the subset, and onto the stack to look in. */
static void
ss_take(struct ss_font *f, const unsigned char *g, unsigned long at,
    void *arg)
{
	unsigned	**stack = arg;
	unsigned long	 gid = ss_be16(g + at);

	if (gid < f->nglyphs && f->newid[gid] == 0) {
		f->newid[gid] = 1;
		*(*stack)++ = (unsigned)gid;
	}
}

/*
 * The glyphs of the subset: gids (n), .notdef and the components of
 * composite glyphs, numbered in the font's order.
 */
static void
ss_select(struct ss_font *f, const unsigned short *gids, size_t n)
{
	unsigned	*stack, *sp;
	unsigned long	 len;
	const unsigned char *g;
	size_t		 i;
	unsigned	 gid;

	f->newid = xmalloc(f->nglyphs * sizeof(*f->newid));
	memset(f->newid, 0, f->nglyphs * sizeof(*f->newid));
	sp = stack = xmalloc((f->nglyphs + 1) * sizeof(*stack));
	f->newid[0] = 1;
	for (i = 0; i < n; i++)
		if (gids[i] < f->nglyphs && f->newid[gids[i]] == 0) {
			f->newid[gids[i]] = 1;
			*sp++ = gids[i];
		}
	while (sp > stack)
		if ((g = ss_glyph(f, *--sp, &len)) != NULL)
			ss_each(f, g, len, ss_take, &sp);
	free(stack);
	f->old = xmalloc(f->nglyphs * sizeof(*f->old));
	for (gid = 0, f->n = 0; gid < f->nglyphs; gid++)
		if (f->newid[gid] != 0) {
			f->old[f->n] = gid;
			f->newid[gid] = (unsigned short)f->n++;
		}
}

/* A component's glyph number, renumbered in the copy at arg. */
static void
ss_renumber(struct ss_font *f, const unsigned char *g, unsigned long at,
    void *arg)
{
	ss_set16((char *)arg + at, f->newid[ss_be16(g + at)]);
}

/* 'glyf', 'loca' (long offsets), 'hmtx' of the subset's glyphs. */
static void
ss_glyphs(struct ss_font *f)
{
	const unsigned char	*g, *h = f->t[SS_HMTX];
	unsigned long		 len;
	unsigned		 i, o, nh = f->nhmetrics;
	struct buf		*glyf = &f->tab[SS_GLYF];

	for (i = 0; i < f->n; i++) {
		o = f->old[i];
		ss_put32(&f->tab[SS_LOCA], glyf->len);
		/* the advance, then the left side bearing */
		ss_put16(&f->tab[SS_HMTX], ss_be16(h + 4 * (o < nh ? o :
		    nh - 1)));
		ss_put16(&f->tab[SS_HMTX], o < nh ? ss_be16(h + 4 * o + 2) :
		    ss_be16(h + 4 * nh + 2 * (o - nh)));
		if ((g = ss_glyph(f, o, &len)) == NULL || len == 0)
			continue;
		buf_put(glyf, (const char *)g, len);
		ss_each(f, g, len, ss_renumber, glyf->data + glyf->len - len);
		while (glyf->len & 3)
			buf_putc(glyf, 0);
	}
	ss_put32(&f->tab[SS_LOCA], glyf->len);
}

/*
 * A format 4 character map (Windows, Unicode BMP) of the characters
 * drawn: cps[i] (ascending) to the new number of gids[i], a segment
 * per run of consecutive characters and glyphs.
 */
static void
ss_cmap(struct ss_font *f, const uint32_t *cps, const unsigned short *gids,
    size_t n)
{
	struct buf	 s = { NULL, 0, 0 }, *b = &f->tab[SS_CMAP];
	size_t		 i, j, nseg = 1, sr = 1, es = 0, k;
	unsigned long	 g;

	for (i = 0; i < n && cps[i] <= 0xFFFE; i = j, nseg++) {
		g = f->newid[gids[i]];
		for (j = i + 1; j < n && cps[j] <= 0xFFFE &&
		    cps[j] == cps[i] + (j - i) &&
		    f->newid[gids[j]] == g + (j - i); j++)
			;
		ss_put16(&s, cps[j - 1]);	/* ends, then starts, deltas */
		ss_put16(&s, cps[i]);
		ss_put16(&s, (g - cps[i]) & 0xFFFF);
	}
	while (2 * sr <= nseg)
		sr *= 2, es++;
	ss_put16(b, 0), ss_put16(b, 1);
	ss_put16(b, 3), ss_put16(b, 1), ss_put32(b, 12);
	ss_put16(b, 4), ss_put16(b, 16 + 8 * nseg), ss_put16(b, 0);
	ss_put16(b, 2 * nseg), ss_put16(b, 2 * sr), ss_put16(b, es);
	ss_put16(b, 2 * (nseg - sr));
	for (k = 0; k < 3; k++) {
		for (i = 0; i + 1 < nseg; i++)
			buf_put(b, s.data + 6 * i + 2 * k, 2);
		ss_put16(b, k < 2 ? 0xFFFF : 1);	/* the closing one */
		if (k == 0)
			ss_put16(b, 0);			/* reservedPad */
	}
	for (i = 0; i < nseg; i++)
		ss_put16(b, 0);				/* idRangeOffset */
	buf_free(&s);
}

/* The name records 0 to 6 (copyright, family, style, unique, full,
 * version, PostScript names), not the license and the rest. */
static void
ss_name(struct ss_font *f)
{
	const unsigned char	*t = f->t[SS_NAME], *r;
	unsigned long		 n, i, str, off, len, kept = 0;
	struct buf		 recs = { NULL, 0, 0 }, strs = { NULL, 0, 0 };

	if (t == NULL || f->len[SS_NAME] < 6) {
		f->t[SS_NAME] = NULL;
		return;
	}
	n = ss_be16(t + 2), str = ss_be16(t + 4);
	for (i = 0; i < n && 6 + 12 * (i + 1) <= f->len[SS_NAME]; i++) {
		r = t + 6 + 12 * i;
		off = str + ss_be16(r + 10), len = ss_be16(r + 8);
		if (ss_be16(r + 6) > 6 || off > f->len[SS_NAME] ||
		    len > f->len[SS_NAME] - off)
			continue;
		buf_put(&recs, (const char *)r, 8);
		ss_put16(&recs, len), ss_put16(&recs, strs.len);
		buf_put(&strs, (const char *)t + off, len);
		kept++;
	}
	ss_put16(&f->tab[SS_NAME], 0), ss_put16(&f->tab[SS_NAME], kept);
	ss_put16(&f->tab[SS_NAME], 6 + 12 * kept);
	buf_put(&f->tab[SS_NAME], recs.data, recs.len);
	buf_put(&f->tab[SS_NAME], strs.data, strs.len);
	buf_free(&recs);
	buf_free(&strs);
}

/* head, hhea, maxp and post: the font's, with the subset's numbers. */
static void
ss_fixed(struct ss_font *f)
{
	char	 post[32];

	buf_put(&f->tab[SS_HEAD], (const char *)f->t[SS_HEAD], f->len[SS_HEAD]);
	ss_set32(f->tab[SS_HEAD].data + 8, 0);	/* checkSumAdjustment */
	ss_set16(f->tab[SS_HEAD].data + 50, 1);	/* long offsets */
	buf_put(&f->tab[SS_HHEA], (const char *)f->t[SS_HHEA], f->len[SS_HHEA]);
	ss_set16(f->tab[SS_HHEA].data + 34, f->n);
	buf_put(&f->tab[SS_MAXP], (const char *)f->t[SS_MAXP], f->len[SS_MAXP]);
	ss_set16(f->tab[SS_MAXP].data + 4, f->n);
	memset(post, 0, sizeof(post));
	if (f->t[SS_POST] != NULL && f->len[SS_POST] >= 16)
		memcpy(post, f->t[SS_POST], 16);
	ss_set32(post, 0x00030000UL);		/* format 3: no names */
	buf_put(&f->tab[SS_POST], post, sizeof(post));
}

static unsigned long
ss_sum(const char *p, size_t len)
{
	unsigned long	 sum = 0;
	size_t		 i;

	for (i = 0; i < len; i += 4)
		sum += ss_be32((const unsigned char *)p + i);
	return sum & 0xFFFFFFFFUL;
}

/*
 * The file: the directory, the tables each aligned on 4 bytes with
 * its checksum, and head's checkSumAdjustment.  A table made here
 * (f->tab) is used, else the font's own, else none.
 */
static void
ss_file(struct ss_font *f, struct buf *out)
{
	const char	*data;
	size_t		 n = 0, k, dir, at, len, head = 0, sr = 1, es = 0;

	f->made |= 1U << SS_GLYF | 1U << SS_LOCA | 1U << SS_HMTX |
	    1U << SS_CMAP | 1U << SS_HEAD | 1U << SS_HHEA | 1U << SS_MAXP |
	    1U << SS_POST | (f->t[SS_NAME] != NULL ? 1U << SS_NAME : 0);
	for (k = 0; k < SS_N; k++)
		n += (f->made >> k & 1) || f->t[k] != NULL;
	while (2 * sr <= n)
		sr *= 2, es++;
	ss_put32(out, 0x00010000UL);
	ss_put16(out, n), ss_put16(out, 16 * sr), ss_put16(out, es);
	ss_put16(out, 16 * (n - sr));
	dir = out->len;
	for (k = 0; k < 16 * n; k++)
		buf_putc(out, 0);
	for (k = 0; k < SS_N; k++) {
		if (!(f->made >> k & 1) && f->t[k] == NULL)
			continue;
		data = f->made >> k & 1 ? f->tab[k].data :
		    (const char *)f->t[k];
		len = f->made >> k & 1 ? f->tab[k].len : f->len[k];
		head = k == SS_HEAD ? out->len : head;
		at = out->len;
		if (len > 0)
			buf_put(out, data, len);
		while (out->len & 3)
			buf_putc(out, 0);
		memcpy(out->data + dir, ss_tags[k], 4);
		ss_set32(out->data + dir + 4, ss_sum(out->data + at,
		    out->len - at));
		ss_set32(out->data + dir + 8, at);
		ss_set32(out->data + dir + 12, len);
		dir += 16;
	}
	ss_set32(out->data + head + 8, (0xB1B0AFBAUL - ss_sum(out->data,
	    out->len)) & 0xFFFFFFFFUL);
}

/* The top of glyph gid in 1/1000 em, as libharu measures the x-height
 * it writes in a font descriptor. */
static int
ss_top(const struct ss_font *f, unsigned gid)
{
	const unsigned char	*g;
	unsigned long		 len;
	long			 upem = (long)ss_be16(f->t[SS_HEAD] + 18);

	if (gid == 0 || gid >= f->nglyphs || upem == 0 ||
	    (g = ss_glyph(f, gid, &len)) == NULL || len < 10)
		return 0;
	return (int)((int16_t)ss_be16(g + 8) * 1000L / upem);
}

int
pl_sfnt_subset(const char *path, unsigned nglyphs, struct pl_sfnt_cut *c,
    struct buf *out)
{
	struct ss_font	 f;
	struct stat	 st;
	void		*map;
	size_t		 i;
	int		 fd, rc = -1;

	memset(&f, 0, sizeof(f));
	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_size < 16 ||
	    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED) {
		close(fd);
		return -1;
	}
	close(fd);
	f.p = map, f.size = (size_t)st.st_size;
	if (ss_directory(&f) == 0 && f.nglyphs == nglyphs) {
		ss_select(&f, c->gids, c->n);
		ss_glyphs(&f);
		ss_cmap(&f, c->cps, c->gids, c->n);
		ss_name(&f);
		ss_fixed(&f);
		ss_file(&f, out);
		for (i = 0; i < c->n; i++)
			c->newgids[i] = c->gids[i] < f.nglyphs ?
			    f.newid[c->gids[i]] : 0;
		c->xheight = ss_top(&f, c->xgid);
		rc = 0;
	}
	for (i = 0; i < SS_N; i++)
		buf_free(&f.tab[i]);
	free(f.newid);
	free(f.old);
	munmap(map, f.size);
	return rc;
}
