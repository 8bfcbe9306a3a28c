/*
 * The output formats of a checklist, one table for chkc build, render
 * and archive; the paper they are drawn on; and what a bundle holds of
 * a checklist, for chkc build's bundles and chkc archive's.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "bundle/bundle.h"
#include "emit/emit.h"
#include "cli/cli.h"

static int
fmt_md(const struct chk_list *cl, const struct chk_run *run,
    const struct pdf_opts *opts, struct buf *b, struct diag *d)
{
	(void)opts;
	return emit_md(cl, run, b, d);
}

static int
fmt_html(const struct chk_list *cl, const struct chk_run *run,
    const struct pdf_opts *opts, struct buf *b, struct diag *d)
{
	(void)opts;
	return emit_html(cl, run, b, d);
}

const struct cli_format cli_formats[CLI_NFORMATS] = {
	{ "md",		".md",		 EMIT_FMT_MD,	   0, fmt_md },
	{ "html",	".html",	 EMIT_FMT_HTML,	   0, fmt_html },
	{ "pdf",	".pdf",		 EMIT_FMT_PDF,	   1, emit_pdf },
	{ "signoff",	".signoff.pdf",	 EMIT_FMT_SIGNOFF, 1, emit_signoff },
	/* The bundle of the formats above. */
	{ "zip",	".zip",		 EMIT_FMT_ZIP,	   1, NULL },
};

static const struct {
	const char	*name;
	int		 paper;
} papers[] = {
	{ "a4",		PDF_A4 },
	{ "A4",		PDF_A4 },
	{ "letter",	PDF_LETTER },
};

int
cli_paper(const char *name, int *paper)
{
	size_t	i;

	for (i = 0; i < sizeof(papers) / sizeof(papers[0]); i++)
		if (strcmp(name, papers[i].name) == 0) {
			*paper = papers[i].paper;
			return 0;
		}
	fprintf(stderr, "chkc: unknown paper '%s' (a4 or letter)\n", name);
	return -1;
}

int
cli_render(const struct chk_list *cl, const struct chk_run *run,
    int paper, struct buf *out, struct diag *d)
{
	struct pdf_opts	opts;
	size_t		i;
	int		rc;

	cli_pdf_opts(&opts);
	opts.paper = paper;
	for (i = 0; i < CLI_NFORMATS; i++)
		if (cli_formats[i].emit != NULL &&
		    (rc = cli_formats[i].emit(cl, run, &opts, &out[i], d)) < 0)
			return rc;
	return 0;
}

struct bundle_file *
cli_bundle_checklist(const char *root, const struct chk_list *cl,
    const struct buf *out, size_t nextra, struct arena *a, size_t *n,
    struct diag *d)
{
	struct bundle_file	*f;
	struct buf		 json = { 0 };
	size_t			 i, k = 0;

	f = arena_alloc(a, (CLI_NFORMATS + 1 + cl->nsources + nextra) *
	    sizeof(*f));
	for (i = 0; i < CLI_NFORMATS; i++)
		if (cli_formats[i].emit != NULL) {
			f[k].path = arena_printf(a, "%s%s", cl->id,
			    cli_formats[i].ext);
			f[k].data = buf_str(&out[i]);
			f[k++].len = out[i].len;
		}
	model_json(cl, &json);
	f[k].path = "checklist.json";
	f[k].data = arena_strdup(a, buf_str(&json));
	f[k++].len = json.len;
	buf_free(&json);
	if (bundle_sources(root, cl->sources, cl->nsources, a, f + k, d) == -1)
		return NULL;
	*n = k + cl->nsources;
	return f;
}
