/*
 * chkc serve's pure parts: the reload script added to a page and its
 * policy (serve_inject), and the rebuild plan (serve_plan_*) on files
 * made in a temporary directory.
 */
#define _XOPEN_SOURCE	700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "chkc.h"
#include "emit/emit.h"
#include "serve/serve.h"
#include "harness.h"

extern const char emit_asset_serve_reload_js[];

static char *
inject(const char *html, unsigned long gen)
{
	struct buf	out = { 0 };
	char		*s;

	serve_inject(html, strlen(html), gen, &out);
	s = strdup(buf_str(&out));
	buf_free(&out);
	return s;
}

/* The hash of the script, as a CSP source. */
static char *
hash(void)
{
	struct buf	b = { 0 };
	char		*s;

	emit_csp_hash(&b, emit_asset_serve_reload_js);
	s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static void
inject_with_script_src(void)
{
	char	*h = hash(), *got, want[512];

	got = inject("<head><meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; script-src 'sha256-A'; style-src "
	    "'sha256-B'\"></head><body><p>x</p></body></html>", 7);
	snprintf(want, sizeof(want), "content=\"default-src 'none'; "
	    "script-src %s 'sha256-A'; style-src 'sha256-B'; connect-src "
	    "'self'\">", h);
	CHECK(strstr(got, want) != NULL);
	CHECK(strstr(got, "<p>x</p><script data-gen=\"7\">") != NULL);
	CHECK(strstr(got, "</script>\n</body></html>") != NULL);
	/* The script is the file, byte for byte (its hash must match). */
	CHECK(strstr(got, emit_asset_serve_reload_js) != NULL);
	free(got);
	free(h);
}

static void
inject_without_script_src(void)
{
	char	*h = hash(), *got, want[512];

	got = inject("<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'sha256-B'\"><body></body>", 1);
	snprintf(want, sizeof(want), "content=\"default-src 'none'; "
	    "style-src 'sha256-B'; script-src %s; connect-src 'self'\">", h);
	CHECK(strstr(got, want) != NULL);
	free(got);
	free(h);
}

static void
inject_no_policy_no_body(void)
{
	char	*got = inject("plain", 3);

	CHECK(strncmp(got, "plain<script data-gen=\"3\">", 26) == 0);
	CHECK(strstr(got, "connect-src") == NULL);
	free(got);
	got = inject("", 0);
	CHECK(strncmp(got, "<script", 7) == 0);
	free(got);
}

/* dir/name (static). */
static const char *
path_of(const char *dir, const char *name)
{
	static char	path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* A file in dir with text; its path (static). */
static const char *
file(const char *dir, const char *name, const char *text)
{
	const char	*path = path_of(dir, name);
	FILE		*fp;

	if ((fp = fopen(path, "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
	return path;
}

/* The empty files names (NULL-terminated) in dir. */
static void
files_make(const char *dir, const char *const *names)
{
	for (; *names != NULL; names++)
		file(dir, *names, "");
}

/* Remove the files names (those that are there) and dir. */
static void
files_remove(const char *dir, const char *const *names)
{
	for (; *names != NULL; names++)
		unlink(path_of(dir, *names));
	rmdir(dir);
}

static const char *const plan_files[] = { "a.yaml", "b.yaml", "t.yaml",
    "u.yaml", "part.yaml", "new.yaml", NULL };

/* Record a checklist of project file pf, from the sources src. */
static void
record(struct serve_plan *p, const char *dir, const char *pf,
    const char *id, const char **src, size_t n)
{
	struct serve_list	l;
	struct emit_site_entry	e;
	char			path[4096], *v[8];
	size_t			i;

	memset(&l, 0, sizeof(l));
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, src[i]);
		v[i] = strdup(path);
	}
	l.sources = (const char *const *)v;
	l.nsources = n;
	e.project = "p";
	e.id = id;
	snprintf(path, sizeof(path), "%s/%s", dir, pf);
	l.project_file = path;
	l.entry_id = id;
	l.e = &e;
	serve_plan_record(p, &l);
	for (i = 0; i < n; i++)
		free(v[i]);
}

static int
plan(struct serve_plan *p, struct serve_target **t, size_t *nt,
    size_t *nkept)
{
	const struct serve_list	*k;

	return serve_plan_next(p, t, nt, &k, nkept);
}

static void
plan_picks_what_changed(void)
{
	char			 dir[] = "/tmp/chkc-plan-XXXXXX";
	const char		*a[] = { "a.yaml", "t.yaml", "part.yaml" };
	const char		*b[] = { "b.yaml", "u.yaml", "part.yaml" };
	struct serve_plan	*p = serve_plan_new();
	struct serve_target	*t;
	size_t			 nt, nx;

	if (mkdtemp(dir) == NULL)
		return;
	files_make(dir, plan_files);
	/* The first build is everything. */
	CHECK(plan(p, &t, &nt, &nx) == 1);
	record(p, dir, "a.yaml", "x", a, 3);
	record(p, dir, "b.yaml", "y", b, 3);
	serve_plan_done(p, 1);
	/* A template: the checklist made from it, the other kept. */
	serve_plan_changed(p, file(dir, "t.yaml", "t"));
	CHECK(plan(p, &t, &nt, &nx) == 0 && nt == 1 && nx == 1);
	CHECK(nt == 1 && strcmp(t[0].only, "x") == 0 &&
	    strstr(t[0].project_file, "/a.yaml") != NULL);
	record(p, dir, "a.yaml", "x", a, 3);
	serve_plan_done(p, 1);
	/* A part of both: both, one by one. */
	serve_plan_changed(p, file(dir, "part.yaml", "p"));
	CHECK(plan(p, &t, &nt, &nx) == 0 && nt == 2 && nx == 0);
	serve_plan_done(p, 0);
	/* After a failed build: everything. */
	serve_plan_changed(p, file(dir, "u.yaml", "u"));
	CHECK(plan(p, &t, &nt, &nx) == 1);
	record(p, dir, "a.yaml", "x", a, 3);
	record(p, dir, "b.yaml", "y", b, 3);
	serve_plan_done(p, 1);
	/* A project file: all its checklists. */
	serve_plan_changed(p, file(dir, "b.yaml", "b"));
	CHECK(plan(p, &t, &nt, &nx) == 0 && nt == 1 && t[0].only == NULL &&
	    nx == 1);
	serve_plan_done(p, 1);
	/* A file nothing was made from, a gone one, or events lost. */
	serve_plan_changed(p, file(dir, "new.yaml", ""));
	CHECK(plan(p, &t, &nt, &nx) == 1);
	serve_plan_done(p, 1);
	unlink(path_of(dir, "t.yaml"));
	serve_plan_changed(p, path_of(dir, "t.yaml"));
	CHECK(plan(p, &t, &nt, &nx) == 1);
	serve_plan_done(p, 1);
	serve_plan_changed(p, NULL);
	CHECK(plan(p, &t, &nt, &nx) == 1);
	serve_plan_done(p, 1);
	serve_plan_free(p);
	files_remove(dir, plan_files);
}

/* Targets and kept checklists are named as the build named them (the
 * build cache's keys), not by their real paths. */
static void
plan_names_as_built(void)
{
	char			 dir[] = "/tmp/chkc-plan-XXXXXX", want[4096];
	const char		*a[] = { "a.yaml", "t.yaml" };
	const char		*b[] = { "b.yaml", "u.yaml" };
	struct serve_plan	*p = serve_plan_new();
	const struct serve_list	*k;
	struct serve_target	*t;
	size_t			 nt, nk;

	if (mkdtemp(dir) == NULL)
		return;
	files_make(dir, plan_files);
	CHECK(serve_plan_next(p, &t, &nt, &k, &nk) == 1);
	record(p, dir, "./a.yaml", "x", a, 2);
	record(p, dir, "b.yaml", "y", b, 2);
	serve_plan_done(p, 1);
	serve_plan_changed(p, file(dir, "t.yaml", "t"));
	CHECK(serve_plan_next(p, &t, &nt, &k, &nk) == 0 && nt == 1 &&
	    nk == 1);
	snprintf(want, sizeof(want), "%s/./a.yaml", dir);
	CHECK(nt == 1 && strcmp(t[0].project_file, want) == 0 &&
	    strcmp(t[0].only, "x") == 0);
	snprintf(want, sizeof(want), "%s/b.yaml", dir);
	CHECK(nk == 1 && strcmp(k[0].project_file, want) == 0 &&
	    strcmp(k[0].entry_id, "y") == 0 && k[0].nsources == 1 &&
	    strcmp(k[0].sources[0], want) == 0 &&
	    strcmp(k[0].e->id, "y") == 0);
	serve_plan_done(p, 1);
	serve_plan_free(p);
	files_remove(dir, plan_files);
}

int
main(void)
{
	RUN(inject_with_script_src);
	RUN(inject_without_script_src);
	RUN(inject_no_policy_no_body);
	RUN(plan_picks_what_changed);
	RUN(plan_names_as_built);
	return HARNESS_EXIT();
}
