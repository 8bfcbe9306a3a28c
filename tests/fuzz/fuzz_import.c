/*
 * Fuzz `chkc import`: any bytes as a Markdown checklist.  Import either
 * refuses the input with an error or writes a template; that template
 * must load as YAML and pass the template schema, whatever the
 * Markdown held (quotes, colons, tabs, '#', '{{', control characters):
 * the YAML writer's escaping is what this checks.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "import/import.h"
#include "schema/schema.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Print what failed before aborting: the fuzzer's crash log is the
 * only place it can be read. */
static void
must_load(const struct buf *yaml)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	const struct chk_node	*doc;
	const char		*t;
	size_t			 i;

	doc = load_buffer(a, "imported.yaml", buf_str(yaml), yaml->len, d);
	if (doc == NULL || schema_check(SCHEMA_TEMPLATE, doc, d) > 0) {
		fprintf(stderr, "--- imported template:\n%s\n---\n",
		    buf_str(yaml));
		for (i = 0; (t = diag_text(d, i)) != NULL; i++)
			fprintf(stderr, "%s\n", t);
		fuzz_fail(__FILE__, __LINE__, "import wrote an invalid template");
	}
	diag_free(d);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	*d = diag_new();
	struct buf	 out = { 0 };
	static int	 init;

	if (!init) {
		fuzz_limits();
		init = 1;
	}
	if (import_markdown("fuzz.md", (const char *)data, size,
	    size > 0 && data[0] == '#' ? NULL : "fuzz", NULL, &out, d) == -1)
		fuzz_check_diag(d, 1);
	else {
		fuzz_check_diag(d, 0);
		must_load(&out);
	}
	buf_free(&out);
	diag_free(d);
	return 0;
}
