/*
 * chkc build and chkc check: resolve every target, and (build) emit each
 * format into out/.
 *
 * A build streams: each checklist is resolved, emitted into the stage
 * (cli.h: files no one sees yet) and freed before the next one, and
 * each project file is freed after its checklists; what is kept is a
 * small summary per checklist for the site index.  Memory does not grow
 * with the number of checklists.  Only when every input proved valid
 * are the files put in place; otherwise the stage is taken back, with
 * the directories it made, and out/ is as it was.
 *
 * -j N shares the targets among N worker processes, each taking the next
 * one when it is done (jobs.c).
 *
 * The cache (src/cache/, out/.chkc-cache): a checklist whose sources
 * all have the content they had when its outputs were written, with
 * the same chkc, options and fonts, and whose outputs are still on
 * disk as written, is not resolved again: its summary comes from the
 * cache and nothing of it is written.  One that is rebuilt writes only
 * the outputs whose checklist (or, for the bundle, sources) changed.
 * chkc serve builds through the same cache (cli_build_targets()), so
 * that neither finds what the other wrote out of date.
 */
#define _XOPEN_SOURCE	700	/* realpath() is XSI */
#include <dirent.h>
#include <stddef.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "bundle/bundle.h"
#include "cache/cache.h"
#include "emit/emit.h"
#include "resolve/resolve.h"
#include "serve/serve.h"
#include "cli/cli.h"
#include "cli/build.h"

static const char build_usage[] =
    "chkc build [-o DIR] [-j N] [--only FMT,...] [--paper a4|letter] "
    "[-C DIR] [-q] [PROJECT[/CHECKLIST] | FILE.yaml ...]";
static const char check_usage[] =
    "chkc check [-C DIR] [-q] [--strict] [PROJECT[/CHECKLIST] | FILE.yaml | "
    "RUN ...]";

static void
build_help(void)
{
	printf("usage: %s\n\n"
	    "Compile checklists into DIR/<project>/<checklist>.<format> and\n"
	    "the site index DIR/index.html.  With no argument, every project\n"
	    "in content/; a FILE is a project file or a template (built alone\n"
	    "as project 'example' with its parameters' defaults).\n\n"
	    "  -o DIR          output directory (default: ROOT/out)\n"
	    "  -j N            build with N processes (default: 1)\n"
	    "  --only FMT,...  formats to write:", build_usage);
	for (size_t i = 0; i < CLI_NFORMATS; i++)
		printf(" %s", cli_formats[i].name);
	printf(" (default: all)\n"
	    "  --paper SIZE    PDF paper: a4 (default) or letter\n"
	    "  -C DIR          project root: templates/ and content/ (default: .)\n"
	    "  -q              no summary line\n\n"
	    "Nothing is written when any input is invalid; every file appears\n"
	    "whole or not at all.  Exit status: 0 built, 1 invalid input,\n"
	    "2 usage error, 3 I/O failure.\n");
}

static void
check_help(void)
{
	printf("usage: %s\n\n"
	    "Validate templates and projects: every checklist is resolved as\n"
	    "chkc build would, and nothing is written.  With no argument,\n"
	    "every project in content/.  A RUN file (YAML, or the page's\n"
	    "exported JSON) is checked against its checklist as chkc status\n"
	    "checks it, without the progress report.\n\n"
	    "  --strict   warnings are errors\n"
	    "  -C DIR     project root (default: .)\n"
	    "  -q         no summary line\n\n"
	    "Exit status: 0 valid, 1 invalid input, 2 usage error.\n",
	    check_usage);
}

/* Options of build and check; returns -1 (a usage error), 1 (--help)
 * or 0. */
static int
parse_args(struct build *b, int argc, char **argv)
{
	struct cli_args	a;
	int		r;

	r = cli_options(argc, argv, 1, b->check_only ? CLI_OPTS_CHECK :
	    CLI_OPTS_BUILD, &a);
	b->c = a.c;
	b->args = a.args;
	b->nargs = a.nargs;
	b->outdir = a.out;
	b->jobs = a.jobs;
	b->only = a.only;
	cli_pdf_opts(&b->pdf);
	b->pdf.paper = a.paper;
	return r;
}

/* Templates named on the command line find their parts beside them. */
static void
add_dirs(struct resolver *res, char **args, int nargs)
{
	char	*copy;
	int	 i;

	for (i = 0; i < nargs; i++) {
		if (strchr(args[i], '.') == NULL)
			continue;
		copy = xstrdup(args[i]);
		resolver_add_dir(res, dirname(copy));
		free(copy);
	}
}

/* ------------------------------------------------------------------ */
/* What is kept of each checklist. */

static const char *
keep_str(struct build *b, const char *s)
{
	return s != NULL ? arena_strdup(b->keep, s) : NULL;
}

/* The formats the site index links to. */
static unsigned
site_formats(const struct build *b)
{
	unsigned	fmts = 0;
	size_t		i;

	for (i = 0; i < CLI_NFORMATS; i++)
		fmts |= b->only & cli_formats[i].bit;
	return fmts;
}

void
build_keep(struct build *b, const struct emit_site_entry *e,
    const char *source)
{
	struct emit_site_entry	*k;

	if (b->nsite == b->sitecap) {
		b->sitecap = b->sitecap ? b->sitecap * 2 : 64;
		b->site = xrealloc(b->site, b->sitecap * sizeof(*b->site));
		b->source = xrealloc(b->source, b->sitecap * sizeof(char *));
	}
	k = &b->site[b->nsite];
	*k = *e;
	k->project = keep_str(b, e->project);
	k->project_name = keep_str(b, e->project_name);
	k->id = keep_str(b, e->id);
	k->title = keep_str(b, e->title);
	k->hash = keep_str(b, e->hash);
	k->lang = keep_str(b, e->lang);
	k->formats = site_formats(b);
	b->source[b->nsite++] = keep_str(b, source != NULL ? source : "");
}

/* The fields of a summary, in order: a member of the entry, or the
 * source (off SOURCE). */
#define SOURCE	((size_t)-1)
static const struct {
	size_t	off;
	char	type;		/* 's' string, 'd' int, 'z' size_t */
	int	need;		/* an entry needs it */
} fields[BUILD_NFIELDS] = {
	{ offsetof(struct emit_site_entry, project),		's', 1 },
	{ offsetof(struct emit_site_entry, project_name),	's', 0 },
	{ offsetof(struct emit_site_entry, id),		's', 1 },
	{ offsetof(struct emit_site_entry, title),		's', 0 },
	{ offsetof(struct emit_site_entry, hash),		's', 1 },
	{ offsetof(struct emit_site_entry, lang),		's', 0 },
	{ offsetof(struct emit_site_entry, revision),		'd', 1 },
	{ offsetof(struct emit_site_entry, nitems),		'z', 1 },
	{ SOURCE,						's', 0 },
};

void
build_fields(const struct emit_site_entry *e, const char *source,
    char num[][24], const char *v[BUILD_NFIELDS])
{
	const char	*p = (const char *)e;
	size_t		 i, nn = 0;

	for (i = 0; i < BUILD_NFIELDS; i++) {
		if (fields[i].off == SOURCE)
			v[i] = source;
		else if (fields[i].type == 's')
			v[i] = *(const char *const *)(p + fields[i].off);
		else {
			if (fields[i].type == 'd')
				snprintf(num[nn], 24, "%d",
				    *(const int *)(p + fields[i].off));
			else
				snprintf(num[nn], 24, "%zu",
				    *(const size_t *)(p + fields[i].off));
			v[i] = num[nn++];
		}
	}
}

int
build_unfields(const char *const v[BUILD_NFIELDS],
    struct emit_site_entry *e, const char **source)
{
	char	*p = (char *)e;
	size_t	 i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < BUILD_NFIELDS; i++) {
		if (v[i] == NULL && fields[i].need)
			return -1;
		if (fields[i].off == SOURCE)
			*source = v[i];
		else if (fields[i].type == 's')
			*(const char **)(p + fields[i].off) = v[i];
		else if (fields[i].type == 'd')
			*(int *)(p + fields[i].off) = (int)strtol(v[i], NULL,
			    10);
		else
			*(size_t *)(p + fields[i].off) =
			    (size_t)strtoull(v[i], NULL, 10);
	}
	return 0;
}

/* Checklists by project, checklist id, then place in the build. */
static int
cmp_site(const void *pa, const void *pb)
{
	const struct emit_site_entry	*a, *b;
	int				 c;

	a = *(const struct emit_site_entry *const *)pa;
	b = *(const struct emit_site_entry *const *)pb;
	if ((c = strcmp(a->project, b->project)) != 0 ||
	    (c = strcmp(a->id, b->id)) != 0)
		return c;
	return a < b ? -1 : a > b;
}

/*
 * Two checklists that would write the same files: each one after the
 * first is reported, naming the first, in build order.  Sorted rather
 * than compared pairwise: ten thousand checklists are fifty million
 * pairs.
 */
static int
check_collisions(struct build *b)
{
	const struct emit_site_entry	**v;
	size_t				 *first, i, j, n = b->nsite;
	int				  rc = 0;

	v = xcalloc(n + 1, sizeof(*v));
	first = xcalloc(n + 1, sizeof(*first));	/* index + 1, 0: none */
	for (i = 0; i < n; i++)
		v[i] = &b->site[i];
	qsort(v, n, sizeof(*v), cmp_site);
	for (i = 1, j = 0; i < n; i++) {
		if (strcmp(v[i]->project, v[j]->project) != 0 ||
		    strcmp(v[i]->id, v[j]->id) != 0)
			j = i;		/* v[j] is the first of its kind */
		else
			first[v[i] - b->site] = (size_t)(v[j] - b->site) + 1;
	}
	for (i = 0; i < n; i++) {
		if (first[i] == 0)
			continue;
		diag_add(b->d, NULL, DIAG_ERROR, "'%s/%s' is built twice "
		    "(from %s and %s)", b->site[i].project, b->site[i].id,
		    b->source[first[i] - 1], b->source[i]);
		rc = -1;
	}
	free(first);
	free(v);
	return rc;
}

/* out/<project>/<checklist><ext> (malloc'ed).  Joined piece by piece:
 * sprintf() took some 1,500 instructions a path, two paths a format of
 * every checklist. */
static char *
out_path(const struct build *b, const struct chk_list *cl, const char *ext)
{
	struct buf	path = { 0 };

	buf_puts(&path, b->outdir);
	buf_putc(&path, '/');
	buf_puts(&path, cl->project);
	buf_putc(&path, '/');
	buf_puts(&path, cl->id);
	buf_puts(&path, ext);
	return path.data;
}

/* Stage an output, and record it in the checklist's cache entry. */
static int
staging_output(const struct build *b, struct staging *st, const char *path,
    const struct buf *data, struct diag *d)
{
	if (staging_file(st, path, buf_str(data), data->len, d) == -1)
		return -1;
	if (b->cache != NULL)
		cache_written(b->cache, path, st->last_size,
		    st->last_mtime_ns);
	return 0;
}

/*
 * What output fmt (an index of cli_formats[]) of a checklist is made from,
 * as a hash: the checklist (its hash), for the PDFs and the bundle the
 * paper, date and fonts, for the bundle also the sources (srcs[i] with
 * their hashes).  So a changed option rebuilds only what it changes,
 * and whether an output is up to date is known before it is made.  An
 * output made from the checklist alone (Markdown, HTML) is known by
 * the checklist's own SHA-256 ("sha256:" and 64 digits), with nothing
 * to hash again: its format is in its name.
 */
static void
output_made(const struct build *b, size_t fmt, const char *model_hash,
    const struct cache_file *srcs, size_t nsrcs, char made[CACHE_HEX])
{
	struct buf	s = { 0 };
	size_t		i;

	if (!cli_formats[fmt].paper && !(cli_formats[fmt].bit & EMIT_FMT_ZIP) &&
	    strncmp(model_hash, "sha256:", 7) == 0 &&
	    strlen(model_hash + 7) == CACHE_HEX - 1) {
		memcpy(made, model_hash + 7, CACHE_HEX);
		return;
	}
	buf_printf(&s, "%s\n%s\n", cli_formats[fmt].name, model_hash);
	if (cli_formats[fmt].paper)
		buf_puts(&s, buf_str(&b->pdf_settings));
	if (cli_formats[fmt].bit & EMIT_FMT_ZIP)
		for (i = 0; i < nsrcs; i++)
			buf_printf(&s, "%s %s\n", srcs[i].hash, srcs[i].path);
	cache_hash(buf_str(&s), s.len, made);
	buf_free(&s);
}

/* The sources of cl with their hashes (malloc'ed). */
static struct cache_file *
list_sources(const struct build *b, const struct chk_list *cl)
{
	struct cache_file	*v = xcalloc(cl->nsources + 1, sizeof(*v));
	size_t			 i;

	for (i = 0; i < cl->nsources; i++) {
		v[i].path = (char *)cache_src_name(b->cache, cl->sources[i]);
		if (cache_file_hash(b->cache, cl->sources[i], v[i].hash) == -1)
			strcpy(v[i].hash, "unreadable");
	}
	return v;
}

/*
 * The bundle of a checklist (BagIt in a zip): what cli_bundle_checklist()
 * puts in one (out[i] holds cli_formats[i]), named after it.
 */
static int
emit_bundle(const struct build *b, const struct chk_list *cl,
    const struct buf *out, struct staging *st, struct diag *d)
{
	struct arena	*a = arena_new();
	struct bundle	 bg;
	struct buf	 zip = { 0 };
	const char	*info[5];
	char		*path;
	int		 rc = -1;

	memset(&bg, 0, sizeof(bg));
	info[0] = arena_printf(a, "External-Identifier: %s/%s", cl->project,
	    cl->id);
	info[1] = arena_printf(a, "Chkc-Project: %s", cl->project);
	info[2] = arena_printf(a, "Chkc-Checklist: %s", cl->id);
	info[3] = arena_printf(a, "Chkc-Checklist-Hash: %s", cl->hash);
	info[4] = arena_printf(a, "Chkc-Revision: %d", cl->revision);
	bg.name = cl->id;
	bg.info = info;
	bg.ninfo = 5;
	bg.epoch = b->epoch;
	if ((bg.files = cli_bundle_checklist(b->c.root, cl, out, 0, a,
	    &bg.nfiles, d)) != NULL && bundle_write(&bg, &zip, d) == 0) {
		path = out_path(b, cl, ".zip");
		rc = staging_output(b, st, path, &zip, d);
		free(path);
	}
	buf_free(&zip);
	arena_free(a);
	return rc;
}

/*
 * Which outputs of cl are to be made: keep[i] is set for an output
 * (cli_formats[i]) whose file is already what it would be (cache.h).
 * Asked in the order the outputs are staged.
 */
static void
emit_kept(const struct build *b, const struct chk_list *cl, int *keep)
{
	struct cache_file	*srcs = NULL;
	char			 made[CACHE_HEX], *path;
	size_t			 i, nsrcs = 0;

	for (i = 0; i < CLI_NFORMATS; i++)
		keep[i] = 0;
	if (b->cache == NULL)
		return;
	/* Only a bundle holds its sources, and is made from them. */
	if (b->only & EMIT_FMT_ZIP) {
		srcs = list_sources(b, cl);
		nsrcs = cl->nsources;
	}
	for (i = 0; i < CLI_NFORMATS; i++)
		if (b->only & cli_formats[i].bit) {
			output_made(b, i, cl->hash, srcs, nsrcs, made);
			path = out_path(b, cl, cli_formats[i].ext);
			keep[i] = cache_output(b->cache, path, made);
			free(path);
		}
	free(srcs);
}

/*
 * Emit one checklist in every selected format into the stage.  A bundle
 * holds every format, so with zip selected all are emitted (and only
 * the selected ones staged on their own), unless the bundle is kept.
 * Returns 0, -1 or EMIT_TOO_LARGE.
 */
static int
emit_list(const struct build *b, const struct chk_list *cl,
    struct staging *st, struct diag *d)
{
	struct buf	 out[CLI_NFORMATS];
	char		*path;
	size_t		 i;
	int		 rc = 0, keep[CLI_NFORMATS], own, zip;

	emit_kept(b, cl, keep);
	zip = (b->only & EMIT_FMT_ZIP) != 0 && !keep[CLI_NFORMATS - 1];
	memset(out, 0, sizeof(out));
	for (i = 0; i < CLI_NFORMATS && rc == 0; i++) {
		own = (b->only & cli_formats[i].bit) && !keep[i];
		if (cli_formats[i].emit == NULL || (!own && !zip))
			continue;
		if ((rc = cli_formats[i].emit(cl, NULL, &b->pdf, &out[i],
		    d)) < 0)
			break;
		if (!own)
			continue;
		path = out_path(b, cl, cli_formats[i].ext);
		rc = staging_output(b, st, path, &out[i], d);
		free(path);
	}
	if (rc == 0 && zip)
		rc = emit_bundle(b, cl, out, st, d);
	for (i = 0; i < CLI_NFORMATS; i++)
		buf_free(&out[i]);
	return rc;
}

/* By project, then checklist id (unique by then: no collisions). */
static int
cmp_project(const void *pa, const void *pb)
{
	const struct emit_site_entry	*a = pa, *b = pb;
	int				 c;

	if ((c = strcmp(a->project, b->project)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

/* Is the file at path exactly data? */
static int
same_file(const char *path, const char *data, size_t len)
{
	char	 chunk[65536];
	size_t	 n, off = 0;
	FILE	*fp;
	int	 same = 1;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	while (same && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		same = off + n <= len && memcmp(chunk, data + off, n) == 0;
		off += n;
	}
	same = same && off == len && !ferror(fp);
	fclose(fp);
	return same;
}

/* Stage a file made whole (an index, the cache) unless it is already
 * there with the same bytes: a build with nothing changed rewrites
 * nothing. */
static int
staging_changed(struct staging *st, const char *path, const struct buf *data,
    struct diag *d)
{
	if (!staging_new_dir(st, path) &&
	    same_file(path, buf_str(data), data->len))
		return 0;
	return staging_file(st, path, buf_str(data), data->len, d);
}

/*
 * out/index.html and out/<project>/index.html for what was built.  Each
 * project's index is given its own entries only: asking each to pick
 * them out of all would cost projects times checklists.
 */
static int
emit_site(struct build *b)
{
	struct emit_site_entry	*e;
	struct buf		 out = { 0 };
	char			*path;
	size_t			 i, j, n = b->nsite;
	int			 rc = -1;

	path = xmalloc(strlen(b->outdir) + 256);
	sprintf(path, "%s/index.html", b->outdir);
	if (emit_site_index(b->site, n, &out, b->d) == 0)
		rc = staging_changed(&b->st, path, &out, b->d);
	e = xcalloc(n + 1, sizeof(*e));
	if (n > 0)
		memcpy(e, b->site, n * sizeof(*e));
	qsort(e, n, sizeof(*e), cmp_project);
	for (i = 0; i < n && rc == 0; i = j) {
		j = i + 1;
		while (j < n && strcmp(e[j].project, e[i].project) == 0)
			j++;
		buf_reset(&out);
		if (emit_project_index(e[i].project, e + i, j - i, &out,
		    b->d) == -1)
			rc = -1;
		else if (strlen(e[i].project) < 200) {
			sprintf(path, "%s/%s/index.html", b->outdir,
			    e[i].project);
			rc = staging_changed(&b->st, path, &out, b->d);
		}
	}
	free(e);
	free(path);
	buf_free(&out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The stream of checklists. */

/* ------------------------------------------------------------------ */
/* The cache (top of the file). */

/* The key in c of the entry entry_id of the project file at ppath, or
 * of the template at tpath (ppath NULL). */
static void
cache_key(struct buf *k, const struct cache *c, const char *ppath,
    const char *entry_id, const char *tpath)
{
	if (ppath == NULL)
		buf_printf(k, "template %s", cache_src_name(c, tpath));
	else
		buf_printf(k, "project %s %s", cache_src_name(c, ppath),
		    entry_id != NULL ? entry_id : "");
}

/*
 * An entry's strings: the checklist's summary (BUILD_NFIELDS of them),
 * then the diagnostics its build gave (diag_dump(), NULL for none):
 * warnings only, since a build with an error keeps no cache.
 */
#define CACHE_DIAGS	BUILD_NFIELDS
#define CACHE_NMETA	(BUILD_NFIELDS + 1)

/* Record a new entry: cl's sources and its summary (the last kept). */
static void
cache_record(struct build *b, const char *key, const struct chk_list *cl)
{
	const char	*v[BUILD_NFIELDS];
	char		 num[2][24];
	size_t		 i;

	cache_add(b->cache, key);
	for (i = 0; i < cl->nsources; i++)
		cache_source(b->cache, cl->sources[i]);
	build_fields(&b->site[b->nsite - 1], b->source[b->nsite - 1], num, v);
	for (i = 0; i < BUILD_NFIELDS; i++)
		cache_meta(b->cache, v[i]);
}

/* outdir/.chkc-cache, or -k for worker k (malloc'ed). */
static char *
cache_path(const struct build *b, int k)
{
	char	*path = xmalloc(strlen(b->outdir) + sizeof(CACHE_FILE) + 8);

	if (k == 0)
		sprintf(path, "%s/%s", b->outdir, CACHE_FILE);
	else
		sprintf(path, "%s/%s-%d", b->outdir, CACHE_FILE, k);
	return path;
}

/* Stage the cache c as cache file k. */
static int
cache_stage(struct build *b, const struct cache *c, int k)
{
	struct buf	 text = { 0 };
	char		*path = cache_path(b, k);
	int		 rc;

	cache_text(c, &text);
	rc = staging_changed(&b->st, path, &text, b->d);
	buf_free(&text);
	free(path);
	return rc;
}

int
build_cache_stage(struct build *b, int k)
{
	return cache_stage(b, b->cache, k);
}

/*
 * The records of build -j's workers, into all: each staged its own
 * cache file, taken back from the stage here and read.  A worker whose
 * file came out as the one already there staged none: that is read.
 */
static void
cache_of_workers(struct build *b, struct cache *all)
{
	char	*paths[JOBS_MAX], *path;
	int	 staged[JOBS_MAX], k;

	for (k = 0; k < b->jobs; k++) {
		path = cache_path(b, k);
		paths[k] = staging_take(&b->st, path);
		if ((staged[k] = paths[k] != NULL))
			free(path);
		else
			paths[k] = path;
	}
	cache_take_files(all, b->cache, (const char *const *)paths,
	    (size_t)b->jobs);
	for (k = 0; k < b->jobs; k++) {
		if (staged[k])
			(void)unlink(paths[k]);
		free(paths[k]);
	}
}

/*
 * Stage the build's cache, one file: what this process built, or what
 * the workers of build -j did; a build of the targets named keeps what
 * the cache knew of the others (a build of everything drops the
 * checklists gone).
 */
static int
cache_stage_whole(struct build *b)
{
	struct cache	*c = b->cache;
	int		 rc;

	if (b->merged) {
		c = cache_new();
		cache_of_workers(b, c);
	}
	if (b->nargs > 0)
		cache_carry_from(c, b->cache);
	rc = cache_stage(b, c, 0);
	if (c != b->cache)
		cache_free(c);
	return rc;
}

/* After a build: the files of workers of an earlier build -j, found
 * when the cache was loaded, are stale. */
static void
cache_tidy(const struct build *b)
{
	char	*path;
	int	 k;

	for (k = 1; k < JOBS_MAX; k++)
		if (cache_had(b->cache, k)) {
			path = cache_path(b, k);
			(void)unlink(path);
			free(path);
		}
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the files under dir (to maxdepth levels below), sorted,
 * for the settings: each as name/... (dir's name there). */
static void
list_dir(struct buf *s, const char *dir, const char *name, int depth,
    int maxdepth)
{
	struct dirent	*de;
	char		**names = NULL, *sub, *subname;
	size_t		 n = 0, i;
	DIR		*dp;

	if (depth > maxdepth || (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.') {
			names = xrealloc(names, (n + 1) * sizeof(char *));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(char *), cmp_name);
	for (i = 0; i < n; i++) {
		sub = xmalloc(strlen(dir) + strlen(names[i]) + 2);
		sprintf(sub, "%s/%s", dir, names[i]);
		subname = xmalloc(strlen(name) + strlen(names[i]) + 2);
		sprintf(subname, "%s/%s", name, names[i]);
		buf_printf(s, "file %s\n", subname);
		list_dir(s, sub, subname, depth + 1, maxdepth);
		free(sub);
		free(subname);
		free(names[i]);
	}
	free(names);
}

/*
 * A line naming the file at path as make would: device, inode, size
 * and modification time.  For chkc's executable and the fonts, which a
 * reinstall replaces, and which would cost more to hash (3.4 MB) than
 * a small build takes.
 */
static void
file_stamp(struct buf *s, const char *what, const char *path)
{
	struct stat	st;

	if (stat(path, &st) == -1) {
		buf_printf(s, "%s %s absent\n", what, path);
		return;
	}
	buf_printf(s, "%s %s %llu %llu %lld %lld.%09ld\n", what, path,
	    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
	    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	    (long)st.st_mtim.tv_nsec);
}

/* Is any format of the build drawn on paper? */
static int
on_paper(const struct build *b)
{
	size_t	i;

	for (i = 0; i < CLI_NFORMATS; i++)
		if (cli_formats[i].paper && (b->only & cli_formats[i].bit))
			return 1;
	return 0;
}

/*
 * What every output depends on besides its sources: chkc itself (its
 * version, and its executable's file, which holds the page's style and
 * script) and the names of the template files (a new translation or
 * part changes checklists whose own sources did not).  What only the
 * PDFs and bundles depend on (paper, date, fonts) goes to
 * b->pdf_settings, for output_made().
 */
static void
cache_settings(struct build *b, struct buf *s)
{
	struct buf	 dir = { 0 };
	char		 font[4096], *real, *parent;
	int		 i;

	buf_printf(s, "chkc %s\n", CHKC_VERSION);
	file_stamp(s, "exe", "/proc/self/exe");
	buf_printf(&b->pdf_settings, "paper %d\nepoch ", b->pdf.paper);
	if (cli_env.epoch >= 0)
		buf_printf(&b->pdf_settings, "%lld", cli_env.epoch);
	buf_printf(&b->pdf_settings, "\nengine %s\n",
	    emit_pdf_engine(&b->pdf));
	if (on_paper(b))
		for (i = 0; emit_pdf_font(&b->pdf, i, font,
		    sizeof(font)) != NULL; i++)
			file_stamp(&b->pdf_settings, "font", font);
	/* The root by its real path: "-C DIR" and "." in DIR (chkc serve
	 * builds so) are one root, whose files the cache names alike. */
	real = realpath(b->c.root, NULL);
	buf_printf(s, "root %s\n", real != NULL ? real : b->c.root);
	free(real);
	buf_printf(&dir, "%s/templates", b->c.root);
	list_dir(s, buf_str(&dir), "templates", 0, 8);
	/* Templates named on the command line find parts beside them
	 * (add_dirs()). */
	for (i = 0; i < b->nargs; i++)
		if (strchr(b->args[i], '.') != NULL) {
			buf_reset(&dir);
			buf_puts(&dir, b->args[i]);
			parent = dirname(dir.data);
			list_dir(s, parent, parent, 0, 1);
		}
	buf_free(&dir);
}

static void
hash_read(void *cache, const char *path, const char *text, size_t len)
{
	cache_file_data(cache, path, text, len);
}

/*
 * The cache (not for chkc check) hashes each source as the resolver
 * reads it, so that no file is read twice: made before the first
 * file is read.
 */
static void
cache_new_for(struct build *b)
{
	if (b->check_only)
		return;
	b->cache = cache_new();
	resolver_on_read(b->res, hash_read, b->cache);
}

/* Open the cache of the output directory (not for chkc check). */
static void
cache_start(struct build *b)
{
	struct buf	settings = { 0 };

	if (b->check_only)
		return;
	cache_settings(b, &settings);
	cache_load(b->cache, b->c.root, b->outdir, buf_str(&settings));
	buf_free(&settings);
}

/* Does fresh entry ce record every output this build makes, made
 * from what it would be made from now, and still as written? */
static int
cache_current(const struct build *b, const struct cache_entry *ce)
{
	struct buf	 path = { 0 };
	char		 made[CACHE_HEX];
	size_t		 i;
	int		 ok = ce->nmeta == CACHE_NMETA && ce->meta[0] != NULL &&
			    ce->meta[2] != NULL && ce->meta[4] != NULL;

	for (i = 0; ok && i < CLI_NFORMATS; i++) {
		if (!(b->only & cli_formats[i].bit))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s/%s%s", b->outdir, ce->meta[0],
		    ce->meta[2], cli_formats[i].ext);
		output_made(b, i, ce->meta[4], ce->srcs, ce->nsrcs, made);
		ok = cache_has(b->cache, ce, buf_str(&path), made);
	}
	buf_free(&path);
	return ok;
}

/* Keep the summary a fresh cache entry holds; 0, or -1 if it has none. */
static int
cache_summary(struct build *b, const struct cache_entry *ce)
{
	struct emit_site_entry	 e;
	const char		*source;

	if (ce->nmeta != CACHE_NMETA ||
	    build_unfields((const char *const *)ce->meta, &e, &source) == -1)
		return -1;
	build_keep(b, &e, source);
	return 0;
}

/*
 * After the checklist's build: the diagnostics it gave from the n0-th
 * on, into its new entry.  The project file's own were given before
 * (it is loaded again by every build); a template's or a part's come
 * with the first checklist that loads it, and the PDF's with it.
 */
static void
cache_diags(struct build *b, size_t n0)
{
	struct buf	dump = { 0 };

	if (diag_count(b->d) > n0)
		diag_dump(b->d, n0, &dump);
	cache_meta(b->cache, dump.len > 0 ? buf_str(&dump) : NULL);
	buf_free(&dump);
}

/*
 * The diagnostics a fresh entry kept, in *kept (NULL for none), for a
 * checklist the cache vouches for to give again: a warning does not go
 * away until its cause does.  -1 when they cannot be read: the entry
 * is as good as stale, and the checklist is built again.
 */
static int
cache_kept_diags(const struct cache_entry *ce, struct diag **kept)
{
	struct buf		 copy = { 0 };
	struct buf_reader	 r;
	int			 rc;

	*kept = NULL;
	if (ce->meta[CACHE_DIAGS] == NULL)
		return 0;
	buf_puts(&copy, ce->meta[CACHE_DIAGS]);
	r.p = copy.data, r.end = copy.data + copy.len, r.bad = 0;
	*kept = diag_new();
	if ((rc = diag_load(*kept, &r)) == -1) {
		diag_free(*kept);
		*kept = NULL;
	}
	buf_free(&copy);
	return rc;
}

/*
 * Tell chkc serve's hook of the checklist just kept (its summary the
 * last one), made from the n files srcs: entry e of project p, or a
 * template (p NULL); cached: the cache vouched for it.
 */
static void
hook_list(const struct build *b, const struct project *p, size_t e,
    const char *const *srcs, size_t n, int cached)
{
	struct serve_list	l;

	if (b->hook == NULL || b->hook->list == NULL)
		return;
	l.project_file = p != NULL ? p->path : NULL;
	l.entry_id = p != NULL ? resolver_entry_id(p, e) : NULL;
	l.sources = srcs;
	l.nsources = n;
	l.e = &b->site[b->nsite - 1];
	l.cached = cached;
	b->hook->list(b->hook->arg, &l);
}

/* The cache's entry ce vouched for a checklist: tell the hook, which
 * learns what it was made from as if it had been resolved (by the
 * paths the build names the files by, not the names the cache keeps). */
static void
hook_cached(const struct build *b, const struct project *p, size_t e,
    const struct cache_entry *ce)
{
	char	**srcs;
	size_t	  i;

	if (b->hook == NULL || b->hook->list == NULL)
		return;
	srcs = xcalloc(ce->nsrcs + 1, sizeof(*srcs));
	for (i = 0; i < ce->nsrcs; i++)
		srcs[i] = cache_src_path(b->cache, ce->srcs[i].path);
	hook_list(b, p, e, (const char *const *)srcs, ce->nsrcs, 1);
	for (i = 0; i < ce->nsrcs; i++)
		free(srcs[i]);
	free(srcs);
}

/*
 * Checklist g of the build: entry e of project p, or the template at
 * tpath alone.  Resolved, summarised and emitted into the stage when it
 * is this process's share, then freed.  After an invalid input the rest
 * is only resolved, for its diagnostics.
 */
static void
build_one(struct build *b, size_t g, const struct project *p, size_t e,
    const char *tpath)
{
	struct emit_site_entry	 site;
	const struct cache_entry *ce;
	struct diag		*kept = NULL;
	struct buf		 key = { 0 };
	struct arena		*a;
	struct chk_list		*cl;
	size_t			 n0 = diag_count(b->d), begun;

	if (!jobs_take(b, JOBS_LIST, (long long)g))
		return;
	/* The first worker shows the progress of all. */
	begun = jobs_begun(b, g);
	if (b->worker == 0)
		progress_step(b->prog, begun);
	/* A worker that failed stops: the parent builds again alone. */
	if (b->report != NULL && (b->invalid || b->failed))
		return;
	if (b->cache != NULL) {
		buf_reset(&key);
		cache_key(&key, b->cache, p != NULL ? p->path : NULL,
		    p != NULL ? resolver_entry_id(p, e) : NULL, tpath);
		if ((ce = cache_fresh(b->cache, buf_str(&key))) != NULL &&
		    cache_current(b, ce) && cache_kept_diags(ce, &kept) == 0 &&
		    cache_summary(b, ce) == 0) {
			cache_keep(b->cache, ce);
			if (kept != NULL)
				diag_append(b->d, kept);
			diag_free(kept);
			hook_cached(b, p, e, ce);
			if (b->report != NULL)
				jobs_record(b, g, 1, n0);
			buf_free(&key);
			return;
		}
		diag_free(kept);
	}
	a = arena_new();
	if ((cl = resolve_checklist(b->res, p, e, tpath, a)) == NULL)
		b->invalid = 1;
	else {
		emit_site_entry_of(&site, cl, 0);
		build_keep(b, &site, cl->nsources > 0 ? cl->sources[0] :
		    NULL);
		if (b->cache != NULL)
			cache_record(b, buf_str(&key), cl);
		hook_list(b, p, e, cl->sources, cl->nsources, 0);
		if (!b->check_only && !b->invalid && !b->failed)
			switch (emit_list(b, cl, &b->st, b->d)) {
			case 0:
				break;
			case EMIT_TOO_LARGE:
				b->invalid = 1;
				break;
			default:
				b->failed = 1;
			}
		if (b->cache != NULL)
			cache_diags(b, n0);
	}
	if (b->report != NULL)
		jobs_record(b, g, cl != NULL, n0);
	arena_free(a);
	buf_free(&key);
}

/* chkc check RUN: the run against the checklist it names, and its
 * signatures, as chkc status checks them (the drift since, if any,
 * included); what is not done or not signed yet is no error. */
static void
check_run(struct build *b, const struct target *t)
{
	struct cli_run	r;

	if (cli_run_load(&r, b->c.root, NULL, t->path, NULL, b->d) == -1)
		b->invalid = 1;
	else if (cli_run_verify(&r, DIAG_ERROR, b->d) != 0)
		b->failed = 1;
	cli_run_close(&r);
	b->nruns++;
}

/* The checklists of target t, numbered on from b->nlists. */
static void
build_target(struct build *b, const struct target *t)
{
	const struct project	*p;
	size_t			 i, found = 0;

	b->lists_before = b->nlists;
	b->target_lists = t->is_template;
	if (t->is_run) {
		check_run(b, t);
		return;
	}
	if (t->is_template) {
		build_one(b, b->nlists++, NULL, 0, t->path);
		return;
	}
	if ((p = resolver_project(b->res, t->path)) == NULL) {
		b->invalid = 1;
		return;
	}
	b->target_lists = t->only != NULL ? 1 : p->nentries;
	for (i = 0; i < p->nentries; i++) {
		if (t->only != NULL &&
		    strcmp(resolver_entry_id(p, i), t->only) != 0)
			continue;
		found++;
		build_one(b, b->nlists++, p, i, NULL);
	}
	if (t->only != NULL && found == 0) {
		diag_add(b->d, NULL, DIAG_ERROR, "'%s': project '%s' has no "
		    "checklist '%s'", t->arg, p->id, t->only);
		b->invalid = 1;
	}
	resolver_release(b->res, p);
}

void
build_targets(struct build *b, const struct target *t, int nt)
{
	int	i;

	for (i = 0; i < nt; i++) {
		b->target = i;
		if (jobs_take(b, JOBS_TARGET, i))
			build_target(b, &t[i]);
	}
}

/* ------------------------------------------------------------------ */

/*
 * After the stream: the collisions, the site index, then commit, or on
 * any failure take everything staged back.  Returns the exit status.
 */
static int
finish(struct build *b)
{
	if (!b->invalid && !b->failed && diag_errors(b->d) == 0 &&
	    check_collisions(b) == -1)
		b->invalid = 1;
	if (diag_errors(b->d) > 0 && !b->failed)
		b->invalid = 1;
	if (!b->check_only) {
		if (!b->invalid && !b->failed && (b->only & EMIT_FMT_HTML) &&
		    emit_site(b) == -1)
			b->failed = 1;
		if (!b->invalid && !b->failed && b->cache != NULL &&
		    cache_stage_whole(b) == -1)
			b->failed = 1;
		if (b->invalid || b->failed)
			staging_abort(&b->st);
		else if (staging_commit(&b->st, b->d) == -1)
			b->failed = 1;
		else if (b->cache != NULL)
			cache_tidy(b);
	}
	return b->invalid ? EXIT_INVALID : b->failed ? EXIT_IO : 0;
}

/* A run is checked, not built: build names it and the command to use. */
static int
runs_to_build(struct build *b, const struct target *t, int nt)
{
	int	i, n = 0;

	for (i = 0; i < nt && !b->check_only; i++)
		if (t[i].is_run) {
			struct loc at = { t[i].path, 0, 0 };

			diag_add(b->d, &at, DIAG_ERROR, "a run, not a template "
			    "or a project: 'chkc check' checks it, 'chkc "
			    "render' draws it");
			n++;
		}
	return n;
}

/* "checked 2 checklists", "checked 1 run", "checked 1 checklist and 1
 * run", "built 3 checklists into out". */
static void
summary(const struct build *b)
{
	if (b->check_only && b->nruns > 0 && b->nlists == 0)
		fprintf(stderr, "chkc: checked %zu run%s\n", b->nruns,
		    b->nruns == 1 ? "" : "s");
	else if (b->check_only && b->nruns > 0)
		fprintf(stderr, "chkc: checked %zu checklist%s and %zu run%s\n",
		    b->nlists, b->nlists == 1 ? "" : "s", b->nruns,
		    b->nruns == 1 ? "" : "s");
	else
		fprintf(stderr, "chkc: %s %zu checklist%s%s%s\n",
		    b->check_only ? "checked" : "built", b->nlists,
		    b->nlists == 1 ? "" : "s", b->check_only ? "" : " into ",
		    b->check_only ? "" : b->outdir);
}

/*
 * The number of checklists of the targets, for the progress line.  A
 * build by one process knows those of the targets it went through and
 * of the one it is in: it counts only those after, whose project files
 * it has not loaded yet (a -j worker counts every target, most being
 * other workers').  Each is loaded by a resolver of its own (the
 * build's holds the current one), its diagnostics dropped (the build
 * reports them).
 */
static size_t
count_lists(void *arg)
{
	const struct build	*b = arg;
	const struct project	*p;
	struct resolver		*res;
	struct diag		*d = diag_new();
	size_t			 n = 0;
	int			 i = 0;

	if (b->shared == NULL) {
		n = b->lists_before + b->target_lists;
		i = b->target + 1;
	}
	res = resolver_new(b->c.root, d);
	for (; i < b->ntargets; i++) {
		if (b->targets[i].is_run)
			continue;
		if (b->targets[i].is_template || b->targets[i].only != NULL) {
			n++;
			continue;
		}
		if ((p = resolver_project(res, b->targets[i].path)) != NULL) {
			n += p->nentries;
			resolver_release(res, p);
		}
	}
	resolver_free(res);
	diag_free(d);
	return n;
}

/* build and check: the same work, check stops before emitting. */
static int
build_command(struct build *b, int argc, char **argv)
{
	struct target	*t = NULL;
	char		*outdir = NULL;
	int		 nt, rc, status = 0;

	if ((rc = parse_args(b, argc, argv)) != 0)
		return cli_stop(rc, b->check_only ? check_help : build_help,
		    b->check_only ? check_usage : build_usage);
	b->d = diag_new();
	b->keep = arena_new();
	diag_set_strict(b->d, b->c.strict);
	b->res = resolver_new(b->c.root, b->d);
	cache_new_for(b);
	add_dirs(b->res, b->args, b->nargs);
	nt = targets_collect(b->res, b->c.root, b->args, b->nargs, &t, b->keep,
	    b->d);
	if (nt == -1 || runs_to_build(b, t, nt) > 0)
		status = EXIT_INVALID;
	else {
		if (b->outdir == NULL && !b->check_only) {
			outdir = xmalloc(strlen(b->c.root) + 8);
			sprintf(outdir, "%s/out", b->c.root);
			b->outdir = outdir;
		}
		if (b->only & EMIT_FMT_ZIP && !b->check_only)
			b->epoch = cli_now();
		cache_start(b);
		b->targets = t;
		b->ntargets = nt;
		b->prog = progress_new("checklists", b->c.quiet);
		progress_set_counter(b->prog, count_lists, b);
		if (b->jobs > 1 && nt > 0)
			jobs_build(b, t, nt);
		else
			build_targets(b, t, nt);
		status = finish(b);
		progress_end(b->prog);
	}
	cli_report(b->d);
	if (status == 0 && !b->c.quiet)
		summary(b);
	free(outdir);
	free(t);
	free(b->site);
	free(b->source);
	resolver_free(b->res);
	cache_free(b->cache);
	buf_free(&b->pdf_settings);
	arena_free(b->keep);
	diag_free(b->d);
	return status;
}

int
cmd_build(int argc, char **argv)
{
	struct build	b = { 0 };

	return build_command(&b, argc, argv);
}

int
cmd_check(int argc, char **argv)
{
	struct build	b = { 0 };

	b.check_only = 1;
	return build_command(&b, argc, argv);
}

/*
 * chkc serve's checklists kept as they are, not among its targets: their
 * summaries for the site index, and their cache entries carried over
 * into the new cache, as a build of everything would have kept them
 * (one whose sources changed all the same is left out, to be built
 * again by the next build).
 */
static void
keep_unbuilt(struct build *b, const struct cli_build_hook *hook)
{
	const struct serve_list		*k;
	const struct cache_entry	*ce;
	struct buf			 key = { 0 };
	size_t				 i;

	for (i = 0; hook != NULL && i < hook->nkept; i++) {
		k = &hook->kept[i];
		build_keep(b, k->e, k->nsources > 0 ? k->sources[0] : NULL);
		buf_reset(&key);
		cache_key(&key, b->cache, k->project_file, k->entry_id, "");
		if ((ce = cache_fresh(b->cache, buf_str(&key))) != NULL)
			cache_keep(b->cache, ce);
	}
	buf_free(&key);
}

int
cli_build_targets(const char *root, const char *outdir,
    const struct target *t, int nt, const struct cli_build_hook *hook,
    struct diag *d)
{
	struct build	b = { 0 };
	int		status;

	b.c.root = root;
	b.c.quiet = 1;
	b.outdir = outdir;
	b.only = ~0u;
	b.jobs = 1;
	b.hook = hook;
	b.d = d;
	b.keep = arena_new();
	cli_pdf_opts(&b.pdf);
	b.res = resolver_new(root, d);
	b.epoch = cli_now();
	cache_new_for(&b);
	cache_start(&b);
	build_targets(&b, t, nt);
	keep_unbuilt(&b, hook);
	status = finish(&b);
	free(b.site);
	free(b.source);
	resolver_free(b.res);
	cache_free(b.cache);
	buf_free(&b.pdf_settings);
	arena_free(b.keep);
	return status;
}
