/*
 * The TrueType tables the PDF layout reads itself (pdf_sfnt.h): the
 * table directory, checked against the file's size before libharu,
 * which trusts it, is given the file; the cmap subtables of format 4
 * (the BMP, the one libharu reads) and 12 (all of Unicode: emoji, rare
 * CJK), and the horizontal metrics.  Only these tables are read, not
 * the outlines: a 16 MB CJK font costs a few hundred KB.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "emit/pdf_sfnt.h"

/* The tables libharu needs, in this order in sf_need[]. */
enum {
	SF_CMAP, SF_GLYF, SF_HEAD, SF_HHEA, SF_HMTX, SF_LOCA, SF_MAXP,
	SF_NAME, SF_POST, SF_NNEED
};

static const char *const sf_need[SF_NNEED] = {
	"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"
};

struct sf_table {
	unsigned long	 off, len;
};

static unsigned long
sf_be16(const unsigned char *p)
{
	return (unsigned long)p[0] << 8 | p[1];
}

static unsigned long
sf_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* len bytes at off, in the arena; NULL on a short read. */
static unsigned char *
sf_load(FILE *fp, struct arena *a, const struct sf_table *t)
{
	unsigned char	*p = arena_alloc(a, t->len + 1);

	if (fseek(fp, (long)t->off, SEEK_SET) != 0 ||
	    fread(p, 1, t->len, fp) != t->len)
		return NULL;
	return p;
}

/*
 * Read the table directory (of the first font of a collection) into
 * t[]: every table inside the file, every needed one there.
 */
static int
sf_directory(FILE *fp, unsigned long size, struct sf_table *t,
    int *collection)
{
	unsigned char	 h[16];
	unsigned long	 n, i, base = 0, found = 0;
	size_t		 k;

	if (fread(h, 1, 16, fp) != 16)
		return -1;
	if ((*collection = memcmp(h, "ttcf", 4) == 0)) {
		base = sf_be32(h + 12);
		if (sf_be32(h + 8) == 0 || base > size - 12 ||
		    fseek(fp, (long)base, SEEK_SET) != 0 ||
		    fread(h, 1, 12, fp) != 12)
			return -1;
	} else if (fseek(fp, 12, SEEK_SET) != 0)
		return -1;
	if (sf_be32(h) != 0x00010000UL && memcmp(h, "true", 4) != 0)
		return -1;
	n = sf_be16(h + 4);
	if (n == 0 || base + 12 + 16 * n > size)
		return -1;
	for (i = 0; i < n; i++) {
		if (fread(h, 1, 16, fp) != 16)
			return -1;
		for (k = 0; k < SF_NNEED; k++)
			if (memcmp(h, sf_need[k], 4) == 0) {
				t[k].off = sf_be32(h + 8);
				t[k].len = sf_be32(h + 12);
				found |= 1UL << k;
			}
		if (sf_be32(h + 8) > size || sf_be32(h + 12) > size -
		    sf_be32(h + 8))
			return -1;
	}
	return found == (1UL << SF_NNEED) - 1 ? 0 : -1;
}

/* The units per em, the number of glyphs and the metrics. */
static int
sf_metrics(struct pl_sfnt *sf, FILE *fp, struct arena *a, struct sf_table *t)
{
	const unsigned char	*head, *hhea, *maxp;

	if (t[SF_HEAD].len < 54 || t[SF_HHEA].len < 36 || t[SF_MAXP].len < 6 ||
	    (head = sf_load(fp, a, &t[SF_HEAD])) == NULL ||
	    (hhea = sf_load(fp, a, &t[SF_HHEA])) == NULL ||
	    (maxp = sf_load(fp, a, &t[SF_MAXP])) == NULL)
		return -1;
	sf->upem = (unsigned)sf_be16(head + 18);
	sf->nhmetrics = (unsigned)sf_be16(hhea + 34);
	sf->nglyphs = (unsigned)sf_be16(maxp + 4);
	if (sf->upem < 16 || sf->nhmetrics == 0 || sf->nglyphs == 0 ||
	    4UL * sf->nhmetrics > t[SF_HMTX].len)
		return -1;
	t[SF_HMTX].len = 4UL * sf->nhmetrics;
	return (sf->hmtx = sf_load(fp, a, &t[SF_HMTX])) != NULL ? 0 : -1;
}

/*
 * Find the Windows Unicode BMP subtable (format 4, platform 3, encoding
 * 1: the one libharu reads, so both find the same glyphs) and a full
 * Unicode one (format 12) if there is one.
 */
static int
sf_cmap(struct pl_sfnt *sf, FILE *fp, struct arena *a,
    const struct sf_table *t)
{
	const unsigned char	*c, *r;
	unsigned long		 n, i, off, pid, eid, fmt, rest;

	if (t->len < 20 || (c = sf_load(fp, a, t)) == NULL)
		return -1;
	n = sf_be16(c + 2);
	for (i = 0; i < n && 4 + 8 * (i + 1) <= t->len; i++) {
		r = c + 4 + 8 * i;
		pid = sf_be16(r), eid = sf_be16(r + 2), off = sf_be32(r + 4);
		if (off > t->len - 16)
			continue;
		fmt = sf_be16(c + off), rest = t->len - off;
		if (fmt == 4 && pid == 3 && eid == 1 &&
		    sf_be16(c + off + 6) >= 2 &&
		    16 + 4 * sf_be16(c + off + 6) <= rest) {
			sf->cmap4 = c + off;
			sf->cmap4len = rest;
		} else if (fmt == 12 && ((pid == 3 && eid == 10) ||
		    (pid == 0 && (eid == 4 || eid == 6))) &&
		    sf_be32(c + off + 12) <= (rest - 16) / 12) {
			sf->cmap12 = c + off;
			sf->cmap12len = rest;
		}
	}
	return sf->cmap4 != NULL ? 0 : -3;
}

static unsigned	sf_glyph(const struct pl_sfnt *, unsigned long, int);

int
pl_sfnt_read(struct pl_sfnt *sf, struct arena *a, const char *path)
{
	struct sf_table	 t[SF_NNEED];
	FILE		*fp;
	long		 size;
	int		 rc = -2, i;

	memset(sf, 0, sizeof(*sf));
	memset(t, 0, sizeof(t));
	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) > 16 &&
	    fseek(fp, 0, SEEK_SET) == 0 &&
	    sf_directory(fp, (unsigned long)size, t, &sf->collection) == 0 &&
	    sf_metrics(sf, fp, a, t) == 0)
		rc = sf_cmap(sf, fp, a, &t[SF_CMAP]);
	fclose(fp);
	/* most characters drawn: looked up once, not a search each */
	for (i = 0; rc == 0 && i < 256; i++)
		sf->latin[i] = (unsigned short)sf_glyph(sf, i, 0);
	return rc;
}

/* Format 4: segments found by a binary search of their ends. */
static unsigned long
sf_glyph4(const unsigned char *c, size_t len, unsigned long cp)
{
	size_t			 nseg = sf_be16(c + 6) / 2, lo = 0, hi, mid;
	const unsigned char	*ends = c + 14, *starts = ends + 2 * nseg + 2;
	const unsigned char	*deltas = starts + 2 * nseg;
	const unsigned char	*ros = deltas + 2 * nseg;
	unsigned long		 start, ro, at, gid;

	for (hi = nseg; lo < hi; ) {
		mid = (lo + hi) / 2;
		if (sf_be16(ends + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == nseg || (start = sf_be16(starts + 2 * lo)) > cp)
		return 0;
	ro = sf_be16(ros + 2 * lo);
	if (ro == 0)
		return (cp + sf_be16(deltas + 2 * lo)) & 0xFFFF;
	at = (unsigned long)(ros + 2 * lo - c) + ro + 2 * (cp - start);
	if (at + 2 > len || (gid = sf_be16(c + at)) == 0)
		return 0;
	return (gid + sf_be16(deltas + 2 * lo)) & 0xFFFF;
}

/* Format 12: groups of consecutive characters and glyphs. */
static unsigned long
sf_glyph12(const unsigned char *c, unsigned long cp)
{
	size_t			 lo = 0, hi = sf_be32(c + 12), mid;
	const unsigned char	*g;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (sf_be32(c + 16 + 12 * mid + 4) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == sf_be32(c + 12))
		return 0;
	g = c + 16 + 12 * lo;
	return sf_be32(g) <= cp ? sf_be32(g + 8) + (cp - sf_be32(g)) : 0;
}

unsigned
pl_sfnt_glyph(const struct pl_sfnt *sf, unsigned long cp, int wide)
{
	return cp < 256 ? sf->latin[cp] : sf_glyph(sf, cp, wide);
}

static unsigned
sf_glyph(const struct pl_sfnt *sf, unsigned long cp, int wide)
{
	unsigned long	 gid;

	if (cp <= 0xFFFF)
		gid = sf_glyph4(sf->cmap4, sf->cmap4len, cp);
	else if (wide && sf->cmap12 != NULL && cp <= 0x10FFFF)
		gid = sf_glyph12(sf->cmap12, cp);
	else
		gid = 0;
	return gid < sf->nglyphs ? (unsigned)gid : 0;
}

int
pl_sfnt_advance(const struct pl_sfnt *sf, unsigned gid)
{
	if (gid >= sf->nhmetrics)
		gid = sf->nhmetrics - 1;
	return (int)(sf_be16(sf->hmtx + 4 * gid) * 1000 / sf->upem);
}
