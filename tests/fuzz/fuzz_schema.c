/*
 * Fuzz the JSON Schema validator.  Input: a schema, FUZZ_SEP, an
 * instance (YAML or JSON): the schema is compiled into a registry as
 * https://fuzz.invalid/s.json (so relative references never read a
 * file) and the instance validated, with and without format
 * assertions, and as a template's params with defaults.  Without a
 * separator, the first byte picks one of chkc's own schemas (or the
 * meta-schema) and the rest is the document checked against it.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "schema/schema.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A schema and an instance. */
static void
fuzz_pair(struct arena *a, struct diag *d, const struct fuzz_part *parts)
{
	const struct chk_node	*sdoc, *inst;
	const struct schema	*s;
	struct schema_reg	*reg;
	int			 errors, n;

	sdoc = load_buffer(a, "s.json", parts[0].data, parts[0].len, d);
	inst = load_buffer(a, "i.json", parts[1].data, parts[1].len, d);
	if (sdoc == NULL || inst == NULL)
		return;
	reg = schema_reg_new();
	schema_reg_format_assert(reg, parts[1].len & 1);
	errors = diag_errors(d);
	if ((s = schema_reg_add(reg, sdoc, "https://fuzz.invalid/s.json",
	    d)) == NULL)
		FUZZ_ASSERT(diag_errors(d) > errors);
	else {
		FUZZ_ASSERT(schema_node(s) == sdoc);
		errors = diag_errors(d);
		n = schema_validate_path(s, inst, "x", d);
		FUZZ_ASSERT(n >= 0 && diag_errors(d) >= errors + n);
	}
	schema_reg_free(reg);
	errors = diag_errors(d);
	if (schema_vars(sdoc, inst->kind == CHK_NODE_MAP ? inst : NULL,
	    "vars", a, d) == NULL)
		FUZZ_ASSERT(diag_errors(d) > errors);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part	 parts[2];
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	const struct chk_node	*doc;
	static int		 init;
	int			 kind, n;

	if (!init) {
		fuzz_limits();
		if (freopen("/dev/null", "r", stdin) == NULL)
			return 0;
		init = 1;
	}
	if (fuzz_split(data, size, parts, 2) == 2)
		fuzz_pair(a, d, parts);
	else if (size > 0) {
		kind = data[0] % (SCHEMA__MAX + 1);
		doc = load_buffer(a, "doc.yaml", (const char *)data + 1,
		    size - 1, d);
		if (doc != NULL) {
			n = kind < SCHEMA__MAX ?
			    schema_check((enum schema_doc)kind, doc, d) :
			    schema_check_schema(doc, d);
			FUZZ_ASSERT((n > 0) == (diag_errors(d) > 0));
		}
	}
	fuzz_check_diag(d, 0);
	diag_free(d);
	arena_free(a);
	return 0;
}
