/*
 * BagIt 1.0 (RFC 8493): the tag files of a bag, and the check of a bag
 * read back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "sha256.h"
#include "bundle/internal.h"

#define BAGIT_TXT	"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

void
bundle_sha256(const void *data, size_t len, char hex[65])
{
	sha256_hex(data, len, hex);
}

void
bundle_date(long long epoch, char out[11])
{
	struct tm	tm;
	time_t		t = (time_t)epoch;
	char		tmp[48];

	gmtime_r(&t, &tm);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

/* A manifest path: '%', CR and LF percent-encoded (RFC 8493 §2.1.3). */
static void
put_path(struct buf *b, const char *p)
{
	for (; *p != '\0'; p++)
		if (*p == '%')
			buf_puts(b, "%25");
		else if (*p == '\n')
			buf_puts(b, "%0A");
		else if (*p == '\r')
			buf_puts(b, "%0D");
		else
			buf_putc(b, *p);
}

/* A relative path with no empty, "." or ".." part. */
static int
safe_path(const char *p)
{
	const char	*e;
	size_t		 n;

	if (*p == '\0' || *p == '/')
		return 0;
	for (; ; p = e + 1) {
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
	}
}

static int
cmp_file_ptr(const void *a, const void *b)
{
	return strcmp((*(const struct bundle_file *const *)a)->path,
	    (*(const struct bundle_file *const *)b)->path);
}

/* The payload sorted by path (malloc'ed), or NULL after a diagnostic. */
static const struct bundle_file **
sorted_payload(const struct bundle *bg, struct diag *d)
{
	const struct bundle_file	**v;
	size_t				  i;

	v = xcalloc(bg->nfiles + 1, sizeof(*v));
	for (i = 0; i < bg->nfiles; i++)
		v[i] = &bg->files[i];
	qsort(v, bg->nfiles, sizeof(*v), cmp_file_ptr);
	for (i = 0; i < bg->nfiles; i++) {
		if (!safe_path(v[i]->path))
			diag_add(d, NULL, DIAG_ERROR, "bundle '%s': bad payload "
			    "path '%s'", bg->name, v[i]->path);
		else if (i > 0 && strcmp(v[i]->path, v[i - 1]->path) == 0)
			diag_add(d, NULL, DIAG_ERROR, "bundle '%s': '%s' given "
			    "twice", bg->name, v[i]->path);
		else
			continue;
		free(v);
		return NULL;
	}
	return v;
}

/* "<sha256>  <path>\n" for a file. */
static void
manifest_line(struct buf *m, const char *prefix, const char *path,
    const char *data, size_t len)
{
	char	hex[65];

	bundle_sha256(data, len, hex);
	buf_printf(m, "%s  %s", hex, prefix);
	put_path(m, path);
	buf_putc(m, '\n');
}

/* bag-info.txt: the standard labels, then the caller's. */
static void
bag_info(const struct bundle *bg, const struct bundle_file **v,
    struct buf *b)
{
	unsigned long long	octets = 0;
	char			date[11];
	size_t			i;

	for (i = 0; i < bg->nfiles; i++)
		octets += v[i]->len;
	bundle_date(bg->epoch, date);
	buf_printf(b, "Bag-Software-Agent: chkc %s\nBagging-Date: %s\n"
	    "Payload-Oxum: %llu.%zu\n", CHKC_VERSION, date, octets, bg->nfiles);
	for (i = 0; i < bg->ninfo; i++) {
		buf_puts(b, bg->info[i]);
		buf_putc(b, '\n');
	}
}

/* Every entry of the zip with its full name, sorted (malloc'ed). */
static struct bundle_file *
zip_entries(const struct bundle *bg, const struct bundle_file **v,
    struct buf *tags, size_t *n)
{
	static const char *const tag_names[4] = { "bag-info.txt", "bagit.txt",
	    "manifest-sha256.txt", "tagmanifest-sha256.txt" };
	struct bundle_file	*e = xcalloc(bg->nfiles + 5, sizeof(*e));
	size_t			 i, k = 0;

	/* Tag files sort before "data/" and the manifests after it. */
	for (i = 0; i < 2; i++, k++) {
		e[k].path = xmalloc(strlen(bg->name) + 32);
		sprintf((char *)e[k].path, "%s/%s", bg->name, tag_names[i]);
		e[k].data = tags[i].data != NULL ? tags[i].data : "";
		e[k].len = tags[i].len;
	}
	for (i = 0; i < bg->nfiles; i++, k++) {
		e[k].path = xmalloc(strlen(bg->name) + strlen(v[i]->path) + 8);
		sprintf((char *)e[k].path, "%s/data/%s", bg->name, v[i]->path);
		e[k].data = v[i]->data;
		e[k].len = v[i]->len;
	}
	for (i = 2; i < 4; i++, k++) {
		e[k].path = xmalloc(strlen(bg->name) + 32);
		sprintf((char *)e[k].path, "%s/%s", bg->name, tag_names[i]);
		e[k].data = tags[i].data != NULL ? tags[i].data : "";
		e[k].len = tags[i].len;
	}
	*n = k;
	return e;
}

int
bundle_write(const struct bundle *bg, struct buf *out, struct diag *d)
{
	const struct bundle_file	**v;
	struct bundle_file		 *e;
	struct buf			  tags[4];
	size_t				  i, n;
	int				  rc;

	if (!safe_path(bg->name) || strchr(bg->name, '/') != NULL) {
		diag_add(d, NULL, DIAG_ERROR, "bad bundle name '%s'", bg->name);
		return -1;
	}
	if ((v = sorted_payload(bg, d)) == NULL)
		return -1;
	memset(tags, 0, sizeof(tags));
	bag_info(bg, v, &tags[0]);
	buf_puts(&tags[1], BAGIT_TXT);
	for (i = 0; i < bg->nfiles; i++)
		manifest_line(&tags[2], "data/", v[i]->path, v[i]->data, v[i]->len);
	manifest_line(&tags[3], "", "bag-info.txt", tags[0].data, tags[0].len);
	manifest_line(&tags[3], "", "bagit.txt", tags[1].data, tags[1].len);
	manifest_line(&tags[3], "", "manifest-sha256.txt", buf_str(&tags[2]),
	    tags[2].len);
	e = zip_entries(bg, v, tags, &n);
	rc = bundle_zip_write(e, n, bg->epoch, out, d);
	for (i = 0; i < n; i++)
		free((char *)e[i].path);
	free(e);
	for (i = 0; i < 4; i++)
		buf_free(&tags[i]);
	free(v);
	return rc;
}
