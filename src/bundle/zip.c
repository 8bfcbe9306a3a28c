/*
 * Zips in memory with libzip: written so that the same entries give the
 * same bytes, and read back with limits.
 *
 * What libzip 1.7 does on its own and why each is pinned here:
 *  - the time of an added entry is the source's (a buffer source: the
 *    time it was made), so every entry gets zip_file_set_dostime();
 *  - the compression is ZIP_CM_DEFAULT (deflate at zlib's default), so
 *    it is set: a PDF is stored (its streams are deflated already:
 *    deflating it again made a bundle 10 % smaller for 6 % of the
 *    checklist's build), every other entry deflated at level 6 (level
 *    9 made bundles 0.5 % to 4 % smaller for up to 20 % more work), by
 *    libdeflate where it loads (deflated_source() below), else by
 *    libzip;
 *  - the external attributes are 0666 with the umask's host, so they
 *    are set to a regular file 0644 made on Unix;
 *  - libzip adds no extra fields (no "UT" time stamps) unless asked,
 *    and writes no archive comment.
 * libzip turns DOS times into time_t with the local time zone and back,
 * which is an identity except in a DST gap; the DOS fields are the UTC
 * time of the epoch, so the bytes do not depend on TZ.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "deflate.h"
#include "diag.h"
#include "dl.h"
#include "bundle/internal.h"

/*
 * libzip, opened when a bundle is first written or read rather than
 * linked: libzip needs libcrypto's shared library, whose 3,400 symbol
 * relocations cost 0.5 to 0.8 ms at every start of every command, and
 * chkc's own SHA-256 is linked from libcrypto's archive (Makefile).
 * Its functions are called through Z, each member of the type zip.h
 * declares, named as the function without its "zip_".
 */
#ifndef CHKC_ZIP_SONAME
#define CHKC_ZIP_SONAME	"libzip.so.4"
#endif

#define ZIP_FUNCTIONS(F) \
	F(error_init) F(error_fini) F(error_strerror) F(strerror) \
	F(get_error) F(source_buffer) F(source_buffer_create) \
	F(source_keep) F(source_free) F(source_open) F(source_seek) \
	F(source_tell) F(source_read) F(source_close) F(source_error) \
	F(open_from_source) F(close) F(discard) F(file_add) \
	F(set_file_compression) F(file_set_dostime) \
	F(file_set_external_attributes) F(get_num_entries) F(stat_index) \
	F(fopen_index) F(fread) F(fclose) F(source_function) F(stat_init)

static struct zip_lib {
#define ZIP_MEMBER(f)	__typeof__(&zip_##f) f;
	ZIP_FUNCTIONS(ZIP_MEMBER)
#undef ZIP_MEMBER
} Z;

/* Open libzip once: 0, or -1 after a diagnostic at at. */
static int
zip_lib(const struct loc *at, struct diag *d)
{
	static const struct dl_sym syms[] = {
#define ZIP_SYM(f)	{ "zip_" #f, offsetof(struct zip_lib, f) },
		ZIP_FUNCTIONS(ZIP_SYM)
#undef ZIP_SYM
	};
	static int	 state;		/* 1 opened, -1 not there */
	static char	 why[256];

	if (state == 0)
		state = dl_open(CHKC_ZIP_SONAME, syms, sizeof(syms) /
		    sizeof(syms[0]), &Z, why, sizeof(why)) == 0 ? 1 : -1;
	if (state == -1)
		diag_add(d, at, DIAG_ERROR, "zip: cannot load libzip: %s", why);
	return state == 1 ? 0 : -1;
}

/* DOS date and time fields of epoch (UTC), clamped to 1980..2107. */
static void
dos_time(long long epoch, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct tm	tm;
	time_t		t;

	if (epoch < 315532800LL)		/* 1980-01-01 */
		epoch = 315532800LL;
	if (epoch > 4354819199LL)		/* 2107-12-31 */
		epoch = 4354819199LL;
	t = (time_t)epoch;
	gmtime_r(&t, &tm);
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) |
	    (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) |
	    ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static int
is_pdf(const char *path)
{
	size_t	n = strlen(path);

	return n > 4 && strcmp(path + n - 4, ".pdf") == 0;
}

/*
 * An entry deflated by libdeflate rather than by libzip's zlib: the
 * same format at the same level, in a third of the time.  A bundle's
 * HTML, Markdown, JSON and sources are about 150 KB a checklist, and
 * zlib's deflate of them was a quarter of a build in every format.
 * libzip copies an entry whose source says it is deflated already as
 * it is: the source gives the deflated bytes, and says their method,
 * CRC-32 and both sizes (zip_source_function(3), ZIP_SOURCE_STAT).
 */
struct deflated {
	const char	*data;		/* deflated */
	size_t		 len, off;
	zip_uint64_t	 size;		/* inflated */
	zip_uint32_t	 crc;
	int		 err;		/* a libzip error code */
};

static zip_int64_t
deflated_cmd(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct deflated	*e = ud;
	zip_stat_t	*st = data;
	int		*err = data;
	size_t		 n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		e->off = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = len < e->len - e->off ? (size_t)len : e->len - e->off;
		memcpy(data, e->data + e->off, n);
		e->off += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:		/* the arena's */
		return 0;
	case ZIP_SOURCE_STAT:
		if (len < sizeof(*st))
			break;
		Z.stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
		    ZIP_STAT_ENCRYPTION_METHOD;
		st->size = e->size;
		st->comp_size = e->len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = e->crc;
		st->encryption_method = ZIP_EM_NONE;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		if (len < 2 * sizeof(int))
			break;
		err[0] = e->err, err[1] = 0;
		return 2 * sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_MAKE_COMMAND_BITMASK(ZIP_SOURCE_OPEN) |
		    ZIP_SOURCE_MAKE_COMMAND_BITMASK(ZIP_SOURCE_READ) |
		    ZIP_SOURCE_MAKE_COMMAND_BITMASK(ZIP_SOURCE_CLOSE) |
		    ZIP_SOURCE_MAKE_COMMAND_BITMASK(ZIP_SOURCE_STAT) |
		    ZIP_SOURCE_MAKE_COMMAND_BITMASK(ZIP_SOURCE_ERROR) |
		    ZIP_SOURCE_MAKE_COMMAND_BITMASK(ZIP_SOURCE_FREE);
	default:
		break;
	}
	e->err = ZIP_ER_OPNOTSUPP;
	return -1;
}

/* f's bytes deflated by c, as a source for za; libzip's buffer source
 * of them if libdeflate fails (it does not, given its bound); NULL on a
 * libzip error. */
static zip_source_t *
deflated_source(zip_t *za, const struct bundle_file *f,
    const struct deflate_lib *z, struct libdeflate_compressor *c,
    struct arena *a)
{
	struct deflated	*e = arena_alloc(a, sizeof(*e));
	size_t		 bound = z->raw_bound(c, f->len);
	char		*out = arena_bump(a, bound);

	if ((e->len = z->raw(c, f->data, f->len, out, bound)) == 0)
		return Z.source_buffer(za, f->data, f->len, 0);
	e->data = out;
	e->size = f->len;
	e->crc = (zip_uint32_t)z->crc32(0, f->data, f->len);
	return Z.source_function(za, deflated_cmd, e);
}

/* Add one entry with every attribute pinned; -1 on a libzip error.
 * With c, an entry to deflate is deflated here (deflated_source()). */
static int
add_entry(zip_t *za, const struct bundle_file *f, zip_uint16_t dtime,
    zip_uint16_t ddate, const struct deflate_lib *z,
    struct libdeflate_compressor *c, struct arena *a)
{
	zip_source_t	*src;
	zip_int64_t	 idx;

	if (c != NULL && f->len > 0 && !is_pdf(f->path))
		src = deflated_source(za, f, z, c, a);
	else
		src = Z.source_buffer(za, f->data, f->len, 0);
	if (src == NULL)
		return -1;
	if ((idx = Z.file_add(za, f->path, src, ZIP_FL_ENC_UTF_8)) < 0) {
		Z.source_free(src);
		return -1;
	}
	if (Z.set_file_compression(za, (zip_uint64_t)idx,
	    is_pdf(f->path) ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	    is_pdf(f->path) ? 0 : 6) == -1 ||
	    Z.file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) == -1 ||
	    Z.file_set_external_attributes(za, (zip_uint64_t)idx, 0,
	    ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) == -1)
		return -1;
	return 0;
}

/* The bytes libzip wrote into src, appended to out. */
static int
take_bytes(zip_source_t *src, struct buf *out)
{
	zip_int64_t	 size;
	char		*p = NULL;
	int		 rc = -1;

	if (Z.source_open(src) == -1)
		return -1;
	if (Z.source_seek(src, 0, SEEK_END) == -1 ||
	    (size = Z.source_tell(src)) < 0 ||
	    Z.source_seek(src, 0, SEEK_SET) == -1)
		goto out;
	p = xmalloc((size_t)size + 1);
	if (Z.source_read(src, p, (zip_uint64_t)size) != size)
		goto out;
	buf_put(out, p, (size_t)size);
	rc = 0;
out:
	free(p);
	Z.source_close(src);
	return rc;
}

int
bundle_zip_write(const struct bundle_file *files, size_t n, long long epoch,
    struct buf *out, struct diag *d)
{
	const struct deflate_lib	*z = deflate_lib();
	struct libdeflate_compressor	*c = deflate_compressor(6);
	struct arena			*a = arena_new();	/* c's output */
	zip_error_t			 ze;
	zip_source_t			*src;
	zip_t				*za;
	zip_uint16_t			 dtime, ddate;
	size_t				 i;
	int				 rc = -1;

	if (zip_lib(NULL, d) == -1)
		goto done;
	Z.error_init(&ze);
	if ((src = Z.source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		diag_add(d, NULL, DIAG_ERROR, "zip: %s", Z.error_strerror(&ze));
		Z.error_fini(&ze);
		goto done;
	}
	/* Keep src past zip_close(): the archive is read back from it. */
	Z.source_keep(src);
	if ((za = Z.open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		diag_add(d, NULL, DIAG_ERROR, "zip: %s", Z.error_strerror(&ze));
		goto out;
	}
	dos_time(epoch, &dtime, &ddate);
	for (i = 0; i < n; i++)
		if (add_entry(za, &files[i], dtime, ddate, z, c, a) == -1)
			break;
	if (i < n || Z.close(za) == -1) {
		diag_add(d, NULL, DIAG_ERROR, "zip: %s",
		    Z.error_strerror(Z.get_error(za)));
		Z.discard(za);
		goto out;
	}
	if (take_bytes(src, out) == -1)
		diag_add(d, NULL, DIAG_ERROR, "zip: %s",
		    Z.error_strerror(Z.source_error(src)));
	else
		rc = 0;
out:
	Z.source_free(src);
	Z.error_fini(&ze);
done:
	arena_free(a);
	return rc;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct bundle_file *)a)->path,
	    ((const struct bundle_file *)b)->path);
}

/* Read entry i whole into the arena; -1 when libzip fails (a CRC or
 * inflate error: the entry was damaged). */
static int
read_entry(zip_t *za, zip_uint64_t i, size_t size, struct arena *a,
    struct bundle_file *f)
{
	zip_file_t	*zf;
	char		*p = arena_alloc(a, size + 1);
	zip_int64_t	 n = 0;
	size_t		 off = 0;
	char		 extra;

	if ((zf = Z.fopen_index(za, i, 0)) == NULL)
		return -1;
	while (off < size && (n = Z.fread(zf, p + off, size - off)) > 0)
		off += (size_t)n;
	/* Reading past the end makes libzip check the CRC. */
	if (n >= 0 && off == size)
		n = Z.fread(zf, &extra, 1);
	Z.fclose(zf);
	if (n != 0 || off != size)
		return -1;
	f->data = p;
	f->len = size;
	return 0;
}

/*
 * The name of an entry below the bag's base directory (set from the
 * first entry), "" for a directory, NULL after a diagnostic when the
 * entry is outside it.
 */
static const char *
entry_name(struct bundle_bag *bag, const char *name, struct arena *a,
    const struct loc *at, struct diag *d)
{
	const char	*slash = strchr(name, '/');
	size_t		 blen;

	if (slash == NULL || slash == name) {
		diag_add(d, at, DIAG_ERROR, "entry '%s' is outside the bag's "
		    "base directory", name);
		return NULL;
	}
	blen = (size_t)(slash - name);
	if (bag->name == NULL)
		bag->name = arena_strndup(a, name, blen);
	if (strlen(bag->name) != blen || strncmp(name, bag->name, blen) != 0) {
		diag_add(d, at, DIAG_ERROR, "entry '%s' is outside the base "
		    "directory '%s/'", name, bag->name);
		return NULL;
	}
	return name[strlen(name) - 1] == '/' ? "" : slash + 1;
}

/* Every entry of za into bag, names without the base directory. */
static int
read_entries(zip_t *za, struct arena *a, const char *where,
    struct bundle_bag *bag, struct diag *d)
{
	struct loc	 at = { where, 0, 0 };
	zip_int64_t	 n = Z.get_num_entries(za, 0);
	zip_stat_t	 st;
	const char	*rel;
	size_t		 total = 0, k = 0;
	zip_uint64_t	 i;

	if (n < 0 || n > BUNDLE_MAX_ENTRIES) {
		diag_add(d, &at, DIAG_ERROR, "too many entries in the zip");
		return -1;
	}
	bag->files = arena_alloc(a, ((size_t)n + 1) * sizeof(*bag->files));
	for (i = 0; i < (zip_uint64_t)n; i++) {
		if (Z.stat_index(za, i, 0, &st) == -1 || st.name == NULL ||
		    !(st.valid & ZIP_STAT_SIZE)) {
			diag_add(d, &at, DIAG_ERROR, "unreadable zip entry %llu",
			    (unsigned long long)i);
			return -1;
		}
		if ((rel = entry_name(bag, st.name, a, &at, d)) == NULL)
			return -1;
		if (*rel == '\0')
			continue;	/* a directory */
		if (st.size > BUNDLE_MAX_BYTES - total) {
			diag_add(d, &at, DIAG_ERROR, "zip too large to check");
			return -1;
		}
		total += (size_t)st.size;
		bag->files[k].path = arena_strdup(a, rel);
		if (read_entry(za, i, (size_t)st.size, a, &bag->files[k++]) == -1) {
			diag_add(d, &at, DIAG_ERROR, "'%s': damaged entry (%s)",
			    rel, Z.strerror(za));
			return -1;
		}
	}
	bag->nfiles = k;
	qsort(bag->files, k, sizeof(*bag->files), cmp_file);
	return 0;
}

int
bundle_read(struct arena *a, const char *where, const char *data, size_t len,
    struct bundle_bag *bag, struct diag *d)
{
	struct loc	 at = { where, 0, 0 };
	zip_error_t	 ze;
	zip_source_t	*src;
	zip_t		*za;
	int		 rc = -1;

	memset(bag, 0, sizeof(*bag));
	if (zip_lib(&at, d) == -1)
		return -1;
	Z.error_init(&ze);
	if ((src = Z.source_buffer_create(data, len, 0, &ze)) == NULL) {
		diag_add(d, &at, DIAG_ERROR, "zip: %s", Z.error_strerror(&ze));
		Z.error_fini(&ze);
		return -1;
	}
	if ((za = Z.open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		diag_add(d, &at, DIAG_ERROR, "not a readable zip: %s",
		    Z.error_strerror(&ze));
		Z.source_free(src);
	} else {
		rc = read_entries(za, a, where, bag, d);
		Z.discard(za);	/* frees src */
	}
	Z.error_fini(&ze);
	if (rc == 0)
		bundle_parse_info(a, bag);
	return rc;
}
