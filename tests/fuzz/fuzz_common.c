/*
 * Helpers of the fuzz harnesses (fuzz.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "emit/emit.h"
#include "load/load.h"
#include "resolve/resolve.h"
#include "fuzz.h"

static char	 project_dir[256];
static char	*written[FUZZ_MAXPART];
static char	 main_path[300];

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz assertion failed: %s\n", file, line,
	    what);
	abort();
}

size_t
fuzz_split(const uint8_t *data, size_t size, struct fuzz_part *parts,
    size_t max)
{
	const char	*s = (const char *)data, *end = s + size, *p;
	size_t		 n = 0, seplen = strlen(FUZZ_SEP);

	while (n + 1 < max) {
		for (p = s; p + seplen <= end; p++)
			if (memcmp(p, FUZZ_SEP, seplen) == 0)
				break;
		if (p + seplen > end)
			break;
		parts[n].data = s, parts[n++].len = (size_t)(p - s);
		s = p + seplen;
	}
	parts[n].data = s, parts[n++].len = (size_t)(end - s);
	return n;
}

char *
fuzz_strdup(const struct fuzz_part *p)
{
	char	*s = xmalloc(p->len + 1);

	memcpy(s, p->data, p->len);
	s[p->len] = '\0';
	return s;
}

void
fuzz_limits(void)
{
	load_limits.max_nodes = 20000;
	load_limits.max_scalar = 64 * 1024;
	resolve_limits.max_loop = 2000;
	resolve_limits.max_items = 5000;
	resolve_limits.max_include = 8;
	resolve_limits.max_loops = 20000;
	resolve_limits.max_text = 1024 * 1024;
	emit_limits.max_pages = 200;
}

/* Remove the files of the last input, or with all set the whole
 * scratch project (at exit). */
static void
project_clear(int all)
{
	static const char *const dirs[] = { "templates/parts", "templates",
	    "content", "" };
	char	path[400];
	size_t	i;

	for (i = 0; i < FUZZ_MAXPART; i++) {
		if (written[i] != NULL)
			remove(written[i]);
		free(written[i]);
		written[i] = NULL;
	}
	for (i = 0; all && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", project_dir, dirs[i]);
		rmdir(path);
	}
}

static void
project_cleanup(void)
{
	project_clear(1);
}

static void
project_init(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		 sub[300];

	if (project_dir[0] != '\0')
		return;
	snprintf(project_dir, sizeof(project_dir), "%s/chkc-fuzz-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(project_dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	snprintf(sub, sizeof(sub), "%s/content", project_dir);
	mkdir(sub, 0777);
	snprintf(sub, sizeof(sub), "%s/templates", project_dir);
	mkdir(sub, 0777);
	snprintf(sub, sizeof(sub), "%s/templates/parts", project_dir);
	mkdir(sub, 0777);
	snprintf(main_path, sizeof(main_path), "%s/content/p.yaml",
	    project_dir);
	atexit(project_cleanup);
}

/* Is name a safe file name under templates/ (see fuzz.h)? */
static int
safe_name(const char *name, size_t len)
{
	const char	*base = name;

	if (len > 7 && strncmp(name, "parts/", 6) == 0)
		base = name + 6, len -= 6;
	if (len < 6 || len > 48 || base[0] == '.' ||
	    strspn(base, "abcdefghijklmnopqrstuvwxyz0123456789._-") != len)
		return 0;
	if (strstr(base, "..") != NULL)
		return 0;
	return strcmp(base + len - 5, ".yaml") == 0 ||
	    strcmp(base + len - 5, ".json") == 0;
}

/* The name of part i (i >= 1) in its first line, or t<i>.yaml. */
static void
part_name(const struct fuzz_part *p, size_t i, char *name, size_t size)
{
	const char	*nl;
	size_t		 len;

	snprintf(name, size, "t%zu.yaml", i);
	if (p->len < 3 || memcmp(p->data, "# ", 2) != 0 ||
	    (nl = memchr(p->data, '\n', p->len)) == NULL)
		return;
	len = (size_t)(nl - p->data) - 2;
	if (len + 1 > size)
		return;
	memcpy(name, p->data + 2, len);
	name[len] = '\0';
	if (!safe_name(name, len))
		snprintf(name, size, "t%zu.yaml", i);
}

static void
write_file(const char *path, const struct fuzz_part *p)
{
	FILE	*fp;

	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		abort();
	}
	if (p->len > 0 && fwrite(p->data, 1, p->len, fp) != p->len) {
		perror(path);
		abort();
	}
	fclose(fp);
}

const char *
fuzz_project_write(const struct fuzz_part *parts, size_t n)
{
	char	 name[64], path[400];
	size_t	 i;

	project_init();
	project_clear(0);
	for (i = 0; i < n && i < FUZZ_MAXPART; i++) {
		if (i == 0)
			snprintf(path, sizeof(path), "%s", main_path);
		else {
			part_name(&parts[i], i, name, sizeof(name));
			snprintf(path, sizeof(path), "%s/templates/%s",
			    project_dir, name);
		}
		write_file(path, &parts[i]);
		written[i] = xstrdup(path);
	}
	return project_dir;
}

const char *
fuzz_project_main(void)
{
	project_init();
	return main_path;
}

void
fuzz_check_diag(struct diag *d, int failed)
{
	const char	*t, *p;
	size_t		 i;
	int		 debug = getenv("FUZZ_DEBUG") != NULL;

	for (i = 0; (t = diag_text(d, i)) != NULL; i++) {
		if (debug)
			fprintf(stderr, "%s\n", t);
		FUZZ_ASSERT(strstr(t, ": error: ") != NULL ||
		    strstr(t, ": warning: ") != NULL ||
		    strstr(t, ": note: ") != NULL);
		/* One line, nothing for the terminal to interpret. */
		for (p = t; *p != '\0'; p++)
			FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7F);
	}
	if (failed)
		FUZZ_ASSERT(diag_errors(d) > 0);
}

/* Resolve one target, hand the checklist to fn, free it. */
static void
resolve_one(struct resolver *res, const struct project *p, size_t entry,
    const char *template_path, struct diag *d, fuzz_list_fn fn)
{
	struct arena	*out = arena_new();
	struct chk_list	*cl;

	/* A file that failed for an earlier checklist fails again
	 * without a new diagnostic: the resolver caches it. */
	cl = resolve_checklist(res, p, entry, template_path, out);
	if (cl == NULL)
		FUZZ_ASSERT(diag_errors(d) > 0);
	else if (fn != NULL)
		fn(cl, d);
	arena_free(out);
}

void
fuzz_resolve_all(fuzz_list_fn fn)
{
	struct diag		*d = diag_new();
	struct resolver		*res = resolver_new(project_dir, d);
	const struct project	*p;
	size_t			 i;

	if (resolver_is_template(res, main_path))
		resolve_one(res, NULL, 0, main_path, d, fn);
	else if ((p = resolver_project(res, main_path)) != NULL) {
		for (i = 0; i < p->nentries; i++)
			resolve_one(res, p, i, NULL, d, fn);
	} else
		FUZZ_ASSERT(diag_errors(d) > 0);
	fuzz_check_diag(d, 0);
	resolver_free(res);
	diag_free(d);
}

/* ------------------------------------------------------------------ */
/* HTML: what no input may put into a page. */

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

void
fuzz_check_html(const char *html, size_t max_scripts)
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

