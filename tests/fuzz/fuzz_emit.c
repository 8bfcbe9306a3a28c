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
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "emit/emit.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	 with_pdf;

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
	fuzz_check_html(buf_str(&b), 2);
	buf_reset(&b);
	FUZZ_ASSERT(emit_site_index(&site, 1, &b, d) == 0);
	fuzz_check_html(buf_str(&b), 0);
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
