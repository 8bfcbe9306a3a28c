/*
 * chkc build and chkc check: resolve every target, and (build) emit each
 * format into out/.  All checklists are resolved before anything is
 * written, so one invalid input leaves out/ as it was.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit/emit.h"
#include "resolve/resolve.h"
#include "cli/cli.h"

typedef int (*emit_fn)(const struct chk_list *, const struct chk_run *,
    struct buf *, struct diag *);

/* PDF options for this run of the command (--paper). */
static struct pdf_opts pdf_opts;

static int
emit_pdf_fmt(const struct chk_list *cl, const struct chk_run *run,
    struct buf *b, struct diag *d)
{
	return emit_pdf(cl, run, &pdf_opts, b, d);
}

static int
emit_signoff_fmt(const struct chk_list *cl, const struct chk_run *run,
    struct buf *b, struct diag *d)
{
	return emit_signoff(cl, run, &pdf_opts, b, d);
}

/* The formats of one checklist, in the order they are written. */
static const struct format {
	const char	*name;		/* for --only */
	const char	*ext;
	unsigned	 bit;
	emit_fn		 emit;
} formats[] = {
	{ "md",		".md",		EMIT_FMT_MD,	emit_md },
	{ "html",	".html",	EMIT_FMT_HTML,	emit_html },
	{ "pdf",	".pdf",		EMIT_FMT_PDF,	emit_pdf_fmt },
	{ "signoff",	".signoff.pdf",	EMIT_FMT_SIGNOFF, emit_signoff_fmt },
};

#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

struct build {
	struct cli_common	 c;
	const char		*outdir;
	unsigned		 only;		/* EMIT_FMT_* bits */
	int			 check_only;	/* chkc check */
	char			**args;
	int			 nargs;
};

static const char build_usage[] =
    "chkc build [-o DIR] [--only FMT,...] [--paper a4|letter] [-C DIR] [-q] "
    "[PROJECT[/CHECKLIST] | FILE.yaml ...]";
static const char check_usage[] =
    "chkc check [-C DIR] [-q] [--strict] [PROJECT[/CHECKLIST] | FILE.yaml ...]";

static void
build_help(void)
{
	printf("usage: %s\n\n"
	    "Compile checklists into DIR/<project>/<checklist>.<format> and\n"
	    "the site index DIR/index.html.  With no argument, every project\n"
	    "in content/; a FILE is a project file or a template (built alone\n"
	    "as project 'example' with its parameters' defaults).\n\n"
	    "  -o DIR          output directory (default: ROOT/out)\n"
	    "  --only FMT,...  formats to write:", build_usage);
	for (size_t i = 0; i < NFORMATS; i++)
		printf(" %s", formats[i].name);
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
	    "every project in content/.\n\n"
	    "  --strict   warnings are errors\n"
	    "  -C DIR     project root (default: .)\n"
	    "  -q         no summary line\n\n"
	    "Exit status: 0 valid, 1 invalid input, 2 usage error.\n",
	    check_usage);
}

static int
parse_only(struct build *b, const char *list)
{
	char	*copy = xstrdup(list), *tok, *save = NULL;
	size_t	 i;
	int	 rc = 0;

	b->only = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NFORMATS; i++)
			if (strcmp(tok, formats[i].name) == 0)
				break;
		if (i == NFORMATS) {
			fprintf(stderr, "chkc: unknown format '%s'\n", tok);
			rc = -1;
		} else
			b->only |= formats[i].bit;
	}
	free(copy);
	return rc == -1 || b->only == 0 ? -1 : 0;
}

static int
parse_paper(const char *name)
{
	if (strcmp(name, "a4") == 0 || strcmp(name, "A4") == 0)
		pdf_opts.paper = PDF_A4;
	else if (strcmp(name, "letter") == 0)
		pdf_opts.paper = PDF_LETTER;
	else {
		fprintf(stderr, "chkc: unknown paper '%s' (a4 or letter)\n", name);
		return -1;
	}
	return 0;
}

/* Options of build and check; returns -1 (usage printed), 1 (--help
 * done) or 0. */
static int
parse_args(struct build *b, int argc, char **argv)
{
	int	i = 1, r;

	b->c.root = ".";
	b->only = ~0u;
	emit_pdf_opts_init(&pdf_opts);
	while (i < argc) {
		const char *a = argv[i];

		if ((r = cli_common_opt(&b->c, argc, argv, &i)) == 1)
			continue;
		if (r == -1)
			return -1;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			b->check_only ? check_help() : build_help();
			return 1;
		}
		if (strcmp(a, "--strict") == 0 && b->check_only)
			b->c.strict = 1;
		else if (strcmp(a, "-o") == 0 && !b->check_only && i + 1 < argc)
			b->outdir = argv[++i];
		else if (strcmp(a, "--paper") == 0 && !b->check_only &&
		    i + 1 < argc) {
			if (parse_paper(argv[++i]) == -1)
				return -1;
		}
		else if (strcmp(a, "--only") == 0 && !b->check_only &&
		    i + 1 < argc) {
			if (parse_only(b, argv[++i]) == -1)
				return -1;
		} else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "chkc: unknown option '%s'\n", a);
			return -1;
		} else
			break;
		i++;
	}
	b->args = argv + i;
	b->nargs = argc - i;
	return 0;
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

/* Resolve every target; NULL entries for the ones that failed. */
static struct chk_list **
resolve_all(struct resolver *res, struct target *t, int n, struct arena *a)
{
	struct chk_list	**lists = xcalloc((size_t)n + 1, sizeof(*lists));
	int		  i;

	for (i = 0; i < n; i++)
		lists[i] = resolve_checklist(res, t[i].project, t[i].entry,
		    t[i].template_path, a);
	return lists;
}

/* Two targets that would write the same files. */
static int
check_collisions(struct chk_list **lists, int n, struct diag *d)
{
	int	i, j, rc = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			if (strcmp(lists[i]->project, lists[j]->project) != 0 ||
			    strcmp(lists[i]->id, lists[j]->id) != 0)
				continue;
			diag_add(d, NULL, DIAG_ERROR, "'%s/%s' is built twice "
			    "(from %s and %s)", lists[i]->project, lists[i]->id,
			    lists[j]->sources[0], lists[i]->sources[0]);
			rc = -1;
			break;
		}
	return rc;
}

/* Emit one checklist in every selected format into the stage. */
static int
emit_list(const struct build *b, const struct chk_list *cl,
    struct stage *st, struct diag *d)
{
	struct buf	 out = { 0 };
	char		*path;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < NFORMATS && rc == 0; i++) {
		if (!(b->only & formats[i].bit))
			continue;
		buf_reset(&out);
		if (formats[i].emit(cl, NULL, &out, d) == -1) {
			rc = -1;
			break;
		}
		path = xmalloc(strlen(b->outdir) + strlen(cl->project) +
		    strlen(cl->id) + strlen(formats[i].ext) + 3);
		sprintf(path, "%s/%s/%s%s", b->outdir, cl->project, cl->id,
		    formats[i].ext);
		rc = stage_file(st, path, buf_str(&out), out.len, d);
		free(path);
	}
	buf_free(&out);
	return rc;
}

/* out/index.html and out/<project>/index.html for what was built. */
static int
emit_site(const struct build *b, struct chk_list **lists, int n,
    struct stage *st, struct diag *d)
{
	struct emit_site_entry	*e = xcalloc((size_t)n + 1, sizeof(*e));
	struct buf		 out = { 0 };
	char			*path;
	int			 i, rc = 0;
	unsigned		 fmts = 0;

	for (i = 0; i < (int)NFORMATS; i++)
		fmts |= b->only & formats[i].bit;
	for (i = 0; i < n; i++) {
		e[i].project = lists[i]->project;
		e[i].project_name = lists[i]->project_name;
		e[i].list = lists[i];
		e[i].formats = fmts;
	}
	path = xmalloc(strlen(b->outdir) + 256);
	if (emit_site_index(e, (size_t)n, &out, d) == -1)
		rc = -1;
	sprintf(path, "%s/index.html", b->outdir);
	if (rc == 0)
		rc = stage_file(st, path, buf_str(&out), out.len, d);
	for (i = 0; i < n && rc == 0; i++) {
		/* One index per project, at its first checklist. */
		if (i > 0 && strcmp(lists[i]->project, lists[i - 1]->project) == 0)
			continue;
		buf_reset(&out);
		if (emit_project_index(lists[i]->project, e, (size_t)n, &out, d) == -1)
			rc = -1;
		else if (strlen(lists[i]->project) < 200) {
			sprintf(path, "%s/%s/index.html", b->outdir, lists[i]->project);
			rc = stage_file(st, path, buf_str(&out), out.len, d);
		}
	}
	free(path);
	buf_free(&out);
	free(e);
	return rc;
}

static int
write_all(const struct build *b, struct chk_list **lists, int n,
    struct diag *d)
{
	struct stage	st = { 0 };
	int		i, rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = emit_list(b, lists[i], &st, d);
	if (rc == 0 && (b->only & EMIT_FMT_HTML))
		rc = emit_site(b, lists, n, &st, d);
	if (rc == -1) {
		stage_abort(&st);
		return -1;
	}
	return stage_commit(&st, d);
}

/* build and check: the same work, check stops before emitting. */
static int
run(struct build *b, int argc, char **argv)
{
	struct diag	 *d = diag_new();
	struct resolver	 *res;
	struct target	 *t = NULL;
	struct chk_list	**lists = NULL;
	struct arena	 *a = arena_new();
	char		 *outdir = NULL;
	int		  n, i, rc, status = 0;

	if ((rc = parse_args(b, argc, argv)) != 0) {
		diag_free(d);
		arena_free(a);
		return rc == 1 ? 0 : cli_usage(b->check_only ? check_usage :
		    build_usage);
	}
	diag_set_strict(d, b->c.strict);
	res = resolver_new(b->c.root, d);
	add_dirs(res, b->args, b->nargs);
	if ((n = targets_collect(res, b->c.root, b->args, b->nargs, &t, d)) > 0) {
		lists = resolve_all(res, t, n, a);
		for (i = 0; i < n; i++)
			if (lists[i] == NULL)
				status = EXIT_INVALID;
		if (status == 0)
			check_collisions(lists, n, d);
	}
	if (diag_errors(d) > 0)
		status = EXIT_INVALID;
	if (status == 0 && !b->check_only) {
		if (b->outdir == NULL) {
			outdir = xmalloc(strlen(b->c.root) + 8);
			sprintf(outdir, "%s/out", b->c.root);
			b->outdir = outdir;
		}
		if (write_all(b, lists, n, d) == -1)
			status = EXIT_IO;
	}
	cli_report(d);
	if (status == 0 && !b->c.quiet)
		fprintf(stderr, "chkc: %s %d checklist%s%s%s\n",
		    b->check_only ? "checked" : "built", n, n == 1 ? "" : "s",
		    b->check_only ? "" : " into ", b->check_only ? "" : b->outdir);
	free(outdir);
	free(lists);
	free(t);
	resolver_free(res);
	arena_free(a);
	diag_free(d);
	return status;
}

int
cmd_build(int argc, char **argv)
{
	struct build	b = { 0 };

	return run(&b, argc, argv);
}

int
cmd_check(int argc, char **argv)
{
	struct build	b = { 0 };

	b.check_only = 1;
	return run(&b, argc, argv);
}
