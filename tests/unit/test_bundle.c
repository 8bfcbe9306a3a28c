/*
 * The bundle stage: BagIt bags in zips, written reproducibly and
 * checked back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "deflate.h"
#include "diag.h"
#include "bundle/bundle.h"
#include "harness.h"

static const struct bundle_file payload[] = {
	{ "deploy.md", "# Deploy\n\n- [ ] Code review\n", 29 },
	{ "sources/templates/deploy.yaml", "id: deploy\n", 11 },
	{ "checklist.json", "{\"chkc\":1}\n", 11 },
	{ "odd%name\nx", "odd", 3 },
};
static const char *const info[] = { "Chkc-Project: shop" };

static void
make(struct buf *out, long long epoch, struct diag *d)
{
	struct bundle	bg = { "deploy", payload, 4, info, 1, epoch };

	buf_reset(out);
	CHECK(bundle_write(&bg, out, d) == 0);
}

/* Write, read back: every file there, sorted, the bag valid. */
static void
test_roundtrip(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct buf		 z = { 0 };
	struct bundle_bag	 bag;
	const struct bundle_file *f;

	make(&z, 1767225600, d);
	CHECK(bundle_read(a, "x.zip", z.data, z.len, &bag, d) == 0);
	CHECK_STR(bag.name, "deploy");
	CHECK(bag.nfiles == 8);
	CHECK_STR(bag.files[0].path, "bag-info.txt");
	CHECK_STR(bag.files[1].path, "bagit.txt");
	CHECK_STR(bag.files[2].path, "data/checklist.json");
	CHECK((f = bundle_find(&bag, "data/odd%name\nx")) != NULL);
	CHECK(f != NULL && f->len == 3);
	CHECK_STR(bundle_info(&bag, "Payload-Oxum"), "54.4");
	CHECK_STR(bundle_info(&bag, "Bagging-Date"), "2026-01-01");
	CHECK_STR(bundle_info(&bag, "Chkc-Project"), "shop");
	CHECK(bundle_check(&bag, "x.zip", d) == 0);
	CHECK(diag_errors(d) == 0);
	buf_free(&z);
	arena_free(a);
	diag_free(d);
}

/* The local header of the entry named name in zip z, or NULL. */
static const unsigned char *
local_header(const struct buf *z, const char *name)
{
	const unsigned char	*p = (const unsigned char *)z->data;
	size_t			 i, nlen = strlen(name);

	for (i = 0; i + 30 + nlen <= z->len; i++)
		if (memcmp(p + i, "PK\3\4", 4) == 0 &&
		    (size_t)(p[i + 26] | p[i + 27] << 8) == nlen &&
		    memcmp(p + i + 30, name, nlen) == 0)
			return p + i;
	return NULL;
}

static unsigned long
le32(const unsigned char *p)
{
	return (unsigned long)p[0] | (unsigned long)p[1] << 8 |
	    (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* The size of text deflated by libdeflate at level 6, or 0. */
static unsigned long
libdeflate_size(const struct buf *text)
{
	const struct deflate_lib	*z = deflate_lib();
	struct libdeflate_compressor	*c;
	size_t				 n = 0, bound;
	char				*out;

	if (z == NULL || (c = z->alloc(6)) == NULL)
		return 0;
	bound = z->raw_bound(c, text->len);
	out = malloc(bound);
	if (out != NULL)
		n = z->raw(c, text->data, text->len, out, bound);
	free(out);
	z->free(c);
	return n;
}

/* Text is deflated (method 8, far smaller: libdeflate's bytes, its
 * CRC-32), a PDF stored (method 0); both read back the same, their
 * CRC-32 checked by libzip. */
static void
test_deflated(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct buf		 z = { 0 }, text = { 0 };
	struct bundle_file	 files[2];
	struct bundle		 bg = { "deploy", files, 2, info, 1, 0 };
	struct bundle_bag	 bag;
	const struct bundle_file *f;
	const unsigned char	*h;
	int			 i;

	for (i = 0; i < 2000; i++)
		buf_printf(&text, "- [ ] Service %d answers its health check\n",
		    i);
	files[0] = (struct bundle_file){ "deploy.md", text.data, text.len };
	files[1] = (struct bundle_file){ "deploy.pdf", "%PDF-1.7\n", 9 };
	bg.epoch = 1767225600;
	CHECK(bundle_write(&bg, &z, d) == 0);
	CHECK((h = local_header(&z, "deploy/data/deploy.md")) != NULL);
	CHECK(h != NULL && (h[8] | h[9] << 8) == 8);
	CHECK(h != NULL && le32(h + 22) == text.len);
	CHECK(h != NULL && le32(h + 18) < text.len / 8);
	CHECK(h != NULL && le32(h + 18) == libdeflate_size(&text));
	CHECK(h != NULL && deflate_lib() != NULL && le32(h + 14) ==
	    deflate_lib()->crc32(0, text.data, text.len));
	CHECK((h = local_header(&z, "deploy/data/deploy.pdf")) != NULL);
	CHECK(h != NULL && (h[8] | h[9] << 8) == 0);
	CHECK(bundle_read(a, "x.zip", z.data, z.len, &bag, d) == 0);
	CHECK((f = bundle_find(&bag, "data/deploy.md")) != NULL);
	CHECK(f != NULL && f->len == text.len &&
	    memcmp(f->data, text.data, text.len) == 0);
	CHECK(bundle_check(&bag, "x.zip", d) == 0);
	CHECK(diag_errors(d) == 0);
	buf_free(&text);
	buf_free(&z);
	arena_free(a);
	diag_free(d);
}

/* The same inputs give the same bytes, whatever TZ is. */
static void
test_reproducible(void)
{
	struct diag	*d = diag_new();
	struct buf	 z1 = { 0 }, z2 = { 0 }, z3 = { 0 };
	char		*old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	make(&z1, 1767225600, d);
	setenv("TZ", "America/New_York", 1);
	tzset();
	make(&z2, 1767225600, d);
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	CHECK(z1.len == z2.len && memcmp(z1.data, z2.data, z1.len) == 0);
	make(&z3, 1767225600 + 86400, d);
	CHECK(z1.len != z3.len || memcmp(z1.data, z3.data, z1.len) != 0);
	free(old);
	buf_free(&z1);
	buf_free(&z2);
	buf_free(&z3);
	diag_free(d);
}

/* A payload file changed, added or removed after bagging is found. */
static void
test_tampered(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct buf		 z = { 0 };
	struct bundle_bag	 bag;

	make(&z, 0, d);
	CHECK(bundle_read(a, "x.zip", z.data, z.len, &bag, d) == 0);
	bag.files[3].data = "# Deploy\n\n- [x] Code review\n";
	CHECK(bundle_check(&bag, "x.zip", d) == 1);
	CHECK_CONTAINS(diag_text(d, 0), "'data/deploy.md': SHA-256 does not "
	    "match manifest-sha256.txt");
	/* Renamed (still sorted): one missing, one extra. */
	bag.files[3].path = "data/extra.md";
	diag_free(d);
	d = diag_new();
	CHECK(bundle_check(&bag, "x.zip", d) == 2);
	CHECK_CONTAINS(diag_text(d, 0), "'data/deploy.md' is in "
	    "manifest-sha256.txt but missing");
	CHECK_CONTAINS(diag_text(d, 1), "'data/extra.md' is in the bag but "
	    "not in manifest-sha256.txt");
	diag_free(d);
	d = diag_new();
	bag.nfiles--;		/* drop tagmanifest-sha256.txt */
	CHECK(bundle_check(&bag, "x.zip", d) > 0);
	buf_free(&z);
	arena_free(a);
	diag_free(d);
}

/* A damaged zip is an error, not a crash. */
static void
test_damaged(void)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct buf		 z = { 0 };
	struct bundle_bag	 bag;
	size_t			 i;
	int			 failed = 0;

	make(&z, 0, d);
	CHECK(bundle_read(a, "x.zip", "PK\3\4", 4, &bag, d) == -1);
	/* Flip a byte anywhere: either the zip or the bag check fails. */
	for (i = 0; i < z.len; i += 7) {
		struct diag *d2 = diag_new();

		z.data[i] ^= 0x20;
		if (bundle_read(a, "x.zip", z.data, z.len, &bag, d2) == -1 ||
		    bundle_check(&bag, "x.zip", d2) > 0 ||
		    bundle_find(&bag, "data/deploy.md") == NULL)
			failed++;
		z.data[i] ^= 0x20;
		diag_free(d2);
	}
	CHECK(failed > (int)(z.len / 7) / 2);
	buf_free(&z);
	arena_free(a);
	diag_free(d);
}

static void
test_bad_paths(void)
{
	static const struct bundle_file bad[] = {
		{ "../etc/passwd", "x", 1 },
	};
	static const struct bundle_file twice[] = {
		{ "a.md", "x", 1 }, { "a.md", "y", 1 },
	};
	struct diag	*d = diag_new();
	struct buf	 z = { 0 };
	struct bundle	 b1 = { "b", bad, 1, NULL, 0, 0 };
	struct bundle	 b2 = { "b", twice, 2, NULL, 0, 0 };
	struct bundle	 b3 = { "a/b", NULL, 0, NULL, 0, 0 };

	CHECK(bundle_write(&b1, &z, d) == -1);
	CHECK(bundle_write(&b2, &z, d) == -1);
	CHECK(bundle_write(&b3, &z, d) == -1);
	CHECK(diag_errors(d) == 3);
	CHECK(z.len == 0);
	buf_free(&z);
	diag_free(d);
}

/* The date of a bundle's name (UTC). */
static void
test_date(void)
{
	char	date[11];

	bundle_date(1767225599, date);
	CHECK_STR(date, "2025-12-31");
	bundle_date(1767225600, date);
	CHECK_STR(date, "2026-01-01");
	bundle_date(0, date);
	CHECK_STR(date, "1970-01-01");
}

int
main(void)
{
	RUN(test_roundtrip);
	RUN(test_reproducible);
	RUN(test_deflated);
	RUN(test_tampered);
	RUN(test_damaged);
	RUN(test_bad_paths);
	RUN(test_date);
	return HARNESS_EXIT();
}
