/*
 * The TrueType tables the PDF layout reads itself (pdf_sfnt.h): the
 * table directory, checked against the file's size before libharu,
 * which trusts it, is given the file; the cmap subtables of format 4
 * (the BMP, the one libharu reads) and 12 (all of Unicode: emoji, rare
 * CJK), and the horizontal metrics.  The file is mapped, not read:
 * only the pages of these tables are touched, a few of a 16 MB CJK
 * font, and the subset (pdf_subset.c) is cut from the same mapping.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

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

/*
 * Read the table directory (of the first font of a collection) of the
 * file into t[]: every table inside the file, every needed one there.
 */
static int
sf_directory(struct pl_sfnt *sf, struct sf_table *t)
{
	const unsigned char	*p = sf->file, *r;
	unsigned long		 n, i, base = 0, found = 0, off, len;
	size_t			 size = sf->size, k;

	if ((sf->collection = memcmp(p, "ttcf", 4) == 0) &&
	    (pl_be32(p + 8) == 0 || (base = pl_be32(p + 12)) > size - 12))
		return -1;
	if (pl_be32(p + base) != 0x00010000UL && memcmp(p + base, "true", 4))
		return -1;
	n = pl_be16(p + base + 4);
	if (n == 0 || 16 * n > size - base - 12)
		return -1;
	for (i = 0; i < n; i++) {
		r = p + base + 12 + 16 * i;
		off = pl_be32(r + 8), len = pl_be32(r + 12);
		if (off > size || len > size - off)
			return -1;
		for (k = 0; k < SF_NNEED; k++)
			if (memcmp(r, sf_need[k], 4) == 0) {
				t[k].off = off, t[k].len = len;
				found |= 1UL << k;
			}
	}
	sf->dir = p + base + 12;
	sf->ntables = (unsigned)n;
	return found == (1UL << SF_NNEED) - 1 ? 0 : -1;
}

const unsigned char *
pl_sfnt_table(const struct pl_sfnt *sf, const char *tag, size_t *len)
{
	const unsigned char	*r;
	unsigned		 i;

	for (i = 0; i < sf->ntables; i++) {
		r = sf->dir + 16 * i;
		if (memcmp(r, tag, 4) == 0) {
			*len = pl_be32(r + 12);
			return sf->file + pl_be32(r + 8);
		}
	}
	*len = 0;
	return NULL;
}

/* The units per em, the number of glyphs and the metrics. */
static int
sf_metrics(struct pl_sfnt *sf, const struct sf_table *t)
{
	const unsigned char	*head, *hhea, *maxp;

	if (t[SF_HEAD].len < 54 || t[SF_HHEA].len < 36 || t[SF_MAXP].len < 6)
		return -1;
	head = sf->file + t[SF_HEAD].off;
	hhea = sf->file + t[SF_HHEA].off;
	maxp = sf->file + t[SF_MAXP].off;
	sf->upem = (unsigned)pl_be16(head + 18);
	sf->nhmetrics = (unsigned)pl_be16(hhea + 34);
	sf->nglyphs = (unsigned)pl_be16(maxp + 4);
	if (sf->upem < 16 || sf->nhmetrics == 0 || sf->nglyphs == 0 ||
	    4UL * sf->nhmetrics > t[SF_HMTX].len)
		return -1;
	sf->hmtx = sf->file + t[SF_HMTX].off;
	return 0;
}

/*
 * Find the Windows Unicode BMP subtable (format 4, platform 3, encoding
 * 1: the one libharu reads, so both find the same glyphs) and a full
 * Unicode one (format 12) if there is one.
 */
static int
sf_cmap(struct pl_sfnt *sf, const struct sf_table *t)
{
	const unsigned char	*c = sf->file + t->off, *r;
	unsigned long		 n, i, off, pid, eid, fmt, rest;

	if (t->len < 20)
		return -1;
	n = pl_be16(c + 2);
	for (i = 0; i < n && 4 + 8 * (i + 1) <= t->len; i++) {
		r = c + 4 + 8 * i;
		pid = pl_be16(r), eid = pl_be16(r + 2), off = pl_be32(r + 4);
		if (off > t->len - 16)
			continue;
		fmt = pl_be16(c + off), rest = t->len - off;
		if (fmt == 4 && pid == 3 && eid == 1 &&
		    pl_be16(c + off + 6) >= 2 &&
		    16 + 4 * pl_be16(c + off + 6) <= rest) {
			sf->cmap4 = c + off;
			sf->cmap4len = rest;
		} else if (fmt == 12 && ((pid == 3 && eid == 10) ||
		    (pid == 0 && (eid == 4 || eid == 6))) &&
		    pl_be32(c + off + 12) <= (rest - 16) / 12) {
			sf->cmap12 = c + off;
			sf->cmap12len = rest;
		}
	}
	return sf->cmap4 != NULL ? 0 : -3;
}

/* Map the file at path into sf; -1 (errno set) if it cannot be
 * opened, -2 if it is no regular file of more than 16 bytes. */
static int
sf_map(struct pl_sfnt *sf, const char *path)
{
	struct stat	 st;
	void		*p = MAP_FAILED;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 16 &&
	    (uintmax_t)st.st_size <= SIZE_MAX)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
		    0);
	close(fd);
	if (p == MAP_FAILED)
		return -2;
	sf->file = p;
	sf->size = (size_t)st.st_size;
	return 0;
}

static unsigned	sf_glyph(const struct pl_sfnt *, unsigned long, int);

int
pl_sfnt_read(struct pl_sfnt *sf, const char *path)
{
	struct sf_table	 t[SF_NNEED];
	int		 rc, i;

	memset(sf, 0, sizeof(*sf));
	memset(t, 0, sizeof(t));
	if ((rc = sf_map(sf, path)) != 0)
		return rc;
	rc = sf_directory(sf, t) == 0 && sf_metrics(sf, t) == 0 ?
	    sf_cmap(sf, &t[SF_CMAP]) : -2;
	if (rc != 0) {
		pl_sfnt_close(sf);
		return rc;
	}
	/* most characters drawn: looked up once, not a search each */
	for (i = 0; i < 256; i++)
		sf->latin[i] = (unsigned short)sf_glyph(sf, i, 0);
	return 0;
}

void
pl_sfnt_close(struct pl_sfnt *sf)
{
	if (sf->file != NULL)
		munmap((void *)sf->file, sf->size);
	sf->file = NULL;
}

/* Format 4: segments found by a binary search of their ends. */
static unsigned long
sf_glyph4(const unsigned char *c, size_t len, unsigned long cp)
{
	size_t			 nseg = pl_be16(c + 6) / 2, lo = 0, hi, mid;
	const unsigned char	*ends = c + 14, *starts = ends + 2 * nseg + 2;
	const unsigned char	*deltas = starts + 2 * nseg;
	const unsigned char	*ros = deltas + 2 * nseg;
	unsigned long		 start, ro, at, gid;

	for (hi = nseg; lo < hi; ) {
		mid = (lo + hi) / 2;
		if (pl_be16(ends + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == nseg || (start = pl_be16(starts + 2 * lo)) > cp)
		return 0;
	ro = pl_be16(ros + 2 * lo);
	if (ro == 0)
		return (cp + pl_be16(deltas + 2 * lo)) & 0xFFFF;
	at = (unsigned long)(ros + 2 * lo - c) + ro + 2 * (cp - start);
	if (at + 2 > len || (gid = pl_be16(c + at)) == 0)
		return 0;
	return (gid + pl_be16(deltas + 2 * lo)) & 0xFFFF;
}

/* Format 12: groups of consecutive characters and glyphs. */
static unsigned long
sf_glyph12(const unsigned char *c, unsigned long cp)
{
	size_t			 lo = 0, hi = pl_be32(c + 12), mid;
	const unsigned char	*g;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (pl_be32(c + 16 + 12 * mid + 4) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == pl_be32(c + 12))
		return 0;
	g = c + 16 + 12 * lo;
	return pl_be32(g) <= cp ? pl_be32(g + 8) + (cp - pl_be32(g)) : 0;
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
	return (int)(pl_be16(sf->hmtx + 4 * gid) * 1000 / sf->upem);
}
