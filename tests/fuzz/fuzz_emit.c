/*
 * Fuzz the emitters: the same input as fuzz_resolve (a template or a
 * project, and its files), each resolved checklist emitted as Markdown,
 * HTML, PDF and sign-off sheet, and the site index.  The outputs are
 * checked for what no input may achieve: an HTML tag with an event
 * handler, a script other than the page's two, a javascript:, vbscript:
 * or data: link (the icon's "data:," aside); a PDF that is not one.
 * The PDFs are made for one input in four (they cost ten times the
 * rest), picked by the input's bytes so a replay does the same.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "emit/emit.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	 with_pdf;

static void
html_fail(const char *html, const char *at, const char *what)
{
	fprintf(stderr, "--- html near offset %zu:\n%.200s\n---\n",
	    (size_t)(at - html), at);
	fuzz_fail(__FILE__, __LINE__, what);
}

/* An attribute value with character references decoded, blanks and
 * controls dropped, lower-cased: what a browser takes as the URL. */
static void
url_of(const char *v, size_t len, char *out, size_t size)
{
	size_t		 i, n = 0;
	unsigned long	 c;
	char		*end;

	for (i = 0; i < len && n + 1 < size; i++) {
		c = (unsigned char)v[i];
		if (v[i] == '&' && i + 1 < len && v[i + 1] == '#') {
			c = v[i + 2] == 'x' || v[i + 2] == 'X' ?
			    strtoul(v + i + 3, &end, 16) :
			    strtoul(v + i + 2, &end, 10);
			i = (size_t)(end - v) - (*end == ';' ? 0 : 1);
		} else if (v[i] == '&' && strncasecmp(v + i, "&colon;", 7) == 0)
			c = ':', i += 6;
		if (c <= ' ')
			continue;
		out[n++] = (char)tolower((int)(c & 0x7f));
	}
	out[n] = '\0';
}

/* Check the attributes of the tag at p (after its name); returns the
 * end of the tag. */
static const char *
html_attrs(const char *html, const char *p)
{
	const char	*name, *v;
	char		 url[32];
	size_t		 nlen, vlen;

	for (;;) {
		p += strspn(p, " \t\n\r/");
		if (*p == '>' || *p == '\0')
			return p;
		name = p;
		nlen = strcspn(p, " \t\n\r/>=");
		p += nlen;
		v = p, vlen = 0;
		if (*p == '=') {
			p++;
			if (*p == '"' || *p == '\'') {
				v = p + 1;
				vlen = strcspn(v, *p == '"' ? "\"" : "'");
				p = v + vlen + (v[vlen] != '\0');
			} else {
				v = p;
				p += vlen = strcspn(p, " \t\n\r>");
			}
		}
		if (nlen > 2 && strncasecmp(name, "on", 2) == 0)
			html_fail(html, name, "event handler attribute");
		url_of(v, vlen, url, sizeof(url));
		if ((nlen == 4 && strncasecmp(name, "href", 4) == 0) ||
		    (nlen == 3 && strncasecmp(name, "src", 3) == 0) ||
		    (nlen == 6 && strncasecmp(name, "action", 6) == 0))
			if (strncmp(url, "javascript:", 11) == 0 ||
			    strncmp(url, "vbscript:", 9) == 0 ||
			    (strncmp(url, "data:", 5) == 0 &&
			    strcmp(url, "data:,") != 0))
				html_fail(html, name, "unsafe URL");
	}
}

/* The first occurrence of needle in s, in any case. */
static const char *
find_nocase(const char *s, const char *needle)
{
	size_t	n = strlen(needle);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

/* Every tag outside <script> and <style>, and the scripts counted. */
static void
check_html(const char *html, size_t max_scripts)
{
	const char	*p = html, *end;
	size_t		 scripts = 0, n;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '!' || *p == '/') {
			if ((p = strchr(p, '>')) == NULL)
				break;
			continue;
		}
		n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n == 0)
			html_fail(html, p, "'<' not starting a tag");
		end = html_attrs(html, p + n);
		if ((n == 6 && strncasecmp(p, "script", 6) == 0) ||
		    (n == 5 && strncasecmp(p, "style", 5) == 0)) {
			scripts += n == 6;
			/* The text of a raw element ends at its end tag. */
			if ((end = find_nocase(end, n == 6 ? "</script" :
			    "</style")) == NULL)
				html_fail(html, p, "unclosed raw element");
		}
		p = end;
	}
	if (scripts > max_scripts)
		html_fail(html, html, "more scripts than the page's own");
}

static void
check_pdf(const struct buf *b)
{
	FUZZ_ASSERT(b->len > 20 && memcmp(b->data, "%PDF-", 5) == 0);
	FUZZ_ASSERT(strstr(b->data + b->len - 8, "%%EOF") != NULL);
}

static void
emit_all(const struct chk_list *cl, struct diag *d)
{
	struct emit_site_entry	 site;
	struct buf		 b = { 0 };
	int			 errors = diag_errors(d);

	emit_site_entry_of(&site, cl, EMIT_FMT_MD | EMIT_FMT_HTML);

	FUZZ_ASSERT(emit_md(cl, NULL, &b, d) == 0 && b.len > 0);
	buf_reset(&b);
	FUZZ_ASSERT(emit_html(cl, NULL, &b, d) == 0);
	check_html(buf_str(&b), 2);
	buf_reset(&b);
	FUZZ_ASSERT(emit_site_index(&site, 1, &b, d) == 0);
	check_html(buf_str(&b), 0);
	buf_reset(&b);
	if (with_pdf) {
		if (emit_pdf(cl, NULL, NULL, &b, d) == 0)
			check_pdf(&b);
		else
			FUZZ_ASSERT(diag_errors(d) > errors);
		buf_reset(&b);
		if (emit_signoff(cl, NULL, NULL, &b, d) == 0)
			check_pdf(&b);
		else
			FUZZ_ASSERT(diag_errors(d) > errors);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part	 parts[FUZZ_MAXPART];
	static int		 init;
	unsigned		 h = 0;
	size_t			 i, n;

	if (!init) {
		fuzz_limits();
		init = 1;
	}
	for (i = 0; i < size; i++)
		h = h * 31 + data[i];
	with_pdf = h % 4 == 0;
	n = fuzz_split(data, size, parts, FUZZ_MAXPART);
	fuzz_project_write(parts, n);
	fuzz_resolve_all(emit_all);
	return 0;
}
