/*
 * chkc validate --schema SCHEMA DATA...
 *
 * Validate YAML or JSON files against a JSON Schema (a file, or one of
 * chkc's own by name: template, project, run, translation, part).
 * --test-suite runs cases of the official JSON Schema Test Suite
 * through the same registry and validator, for tests/suites/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "schema/schema.h"
#include "cli/cli.h"

#define USAGE	"chkc validate [-q] [-C DIR] [--format-annotation] " \
		"--schema SCHEMA DATA...\n" \
		"       chkc validate [--format-assert] [--remote URI=DIR] " \
		"[--skip GROUP]... --test-suite FILE.json..."

static const char *const doc_names[SCHEMA__MAX] = {
	"template", "project", "run", "translation", "part",
};

static int	suite_run(int, char **, const struct cli_args *);

static void
validate_help(void)
{
	printf("usage: %s\n", USAGE);
}

/* Validate one data file; 0 valid, 1 invalid, EXIT_IO unreadable. */
static int
validate_file(const struct schema *s, int kind, const char *path,
    struct diag *d)
{
	struct arena		*a;
	const struct chk_node	*doc;
	int			 rc = 0;

	if (access(path, R_OK) == -1) {
		fprintf(stderr, "chkc: %s: cannot read\n", path);
		return EXIT_IO;
	}
	a = arena_new();
	if ((doc = load_file(a, path, d)) == NULL)
		rc = 1;
	else if (kind >= 0)
		rc = schema_check((enum schema_doc)kind, doc, d) > 0;
	else
		rc = schema_validate(s, doc, d) > 0;
	/* Print before the arena goes: messages hold its file names. */
	if (cli_report(d))
		rc = rc ? rc : 1;
	arena_free(a);
	return rc;
}

/* The schema named by --schema: a built-in by name, or a file checked
 * against the meta-schema and compiled into reg. */
static const struct schema *
open_schema(struct schema_reg *reg, const char *name, int *kind,
    struct diag *d)
{
	const struct schema	*s;
	size_t			 i;

	*kind = -1;
	for (i = 0; i < SCHEMA__MAX; i++)
		if (strcmp(name, doc_names[i]) == 0 &&
		    access(name, F_OK) == -1) {
			*kind = (int)i;
			return NULL;
		}
	/* FILE#/pointer: a schema inside a document, e.g. the params of
	 * a template. */
	if (strchr(name, '#') != NULL)
		return schema_reg_get(reg, name, d);
	if ((s = schema_reg_load(reg, name, d)) == NULL)
		return NULL;
	if (schema_check_schema(schema_node(s), d) > 0)
		return NULL;
	return s;
}

static int
run_validate(struct cli_args *o, int argc, char **argv, int i)
{
	struct schema_reg	*reg = schema_reg_new();
	struct diag		*d = diag_new();
	const struct schema	*s;
	int			 kind, rc = 0, r;

	schema_reg_format_assert(reg, o->format_assert);
	s = open_schema(reg, o->schema, &kind, d);
	if (s == NULL && kind < 0 && strchr(o->schema, '#') == NULL &&
	    access(o->schema, R_OK) == -1) {
		diag_free(d);
		d = diag_new();
		fprintf(stderr, "chkc: %s: cannot read\n", o->schema);
		rc = EXIT_IO;
		goto out;
	}
	if (s == NULL && kind < 0) {
		rc = cli_report(d) ? EXIT_INVALID : EXIT_IO;
		goto out;
	}
	cli_report(d);
	for (; i < argc; i++) {
		r = validate_file(s, kind, argv[i], d);
		if (r > rc)
			rc = r;
		else if (r == 0 && !o->c.quiet)
			printf("%s: valid\n", argv[i]);
	}
out:
	diag_free(d);
	schema_reg_free(reg);
	schema_shutdown();
	return rc;
}

int
cmd_validate(int argc, char **argv)
{
	struct cli_args	o;
	int		rc;

	/* Any JSON may be validated, "\u0000" in its strings included. */
	load_limits.allow_nul = 1;
	if ((rc = cli_options(argc, argv, 1, CLI_OPTS_VALIDATE,
	    &o)) != 0 || o.nargs == 0 || (o.schema == NULL) == (o.suite == 0)) {
		free(o.remote);
		return cli_stop(rc, validate_help, USAGE);
	}
	/* chkc's users want a bad date to be an error; the test suite
	 * wants the standard's default, format as an annotation. */
	if (o.format_assert == -1)
		o.format_assert = !o.suite;
	if (chdir(o.c.root) == -1) {
		fprintf(stderr, "chkc: cannot change to '%s'\n", o.c.root);
		free(o.remote);
		return EXIT_IO;
	}
	if (o.suite)
		rc = suite_run(o.nargs, o.args, &o);
	else
		rc = run_validate(&o, o.nargs, o.args, 0);
	free(o.remote);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The JSON Schema Test Suite: each file is a list of groups {description,
 * schema, tests: [{description, data, valid}]}. */

/* Run one group's tests; failures are described in out. */
static void
suite_group(const struct chk_node *g, const char *path,
    const struct cli_args *o, int *passed, int *total, struct buf *out)
{
	struct schema_reg	*reg = schema_reg_new();
	struct diag		*gd = diag_new(), *td;
	const struct schema	*s;
	const struct chk_node	*tests, *t, *valid;
	size_t			 i, k;
	int			 got;

	schema_reg_format_assert(reg, o->format_assert);
	if (o->remote_uri != NULL)
		schema_reg_map(reg, o->remote_uri, o->remote_dir);
	s = schema_reg_add(reg, node_get(g, "schema"), path, gd);
	tests = node_get(g, "tests");
	for (i = 0; tests != NULL && i < tests->n; i++) {
		t = tests->items[i];
		valid = node_get(t, "valid");
		td = diag_new();
		got = s != NULL && schema_validate(s, node_get(t, "data"),
		    td) == 0;
		(*total)++;
		if (valid != NULL && got == valid->b)
			(*passed)++;
		else {
			buf_printf(out, "  %s / %s: expected %s\n",
			    node_str(node_get(g, "description")),
			    node_str(node_get(t, "description")),
			    got ? "invalid, got valid" : "valid, got invalid");
			for (k = 0; k < diag_count(gd) && k < 4; k++)
				buf_printf(out, "    %s\n", diag_text(gd, k));
			for (k = 0; k < diag_count(td) && k < 4; k++)
				buf_printf(out, "    %s\n", diag_text(td, k));
		}
		diag_free(td);
	}
	diag_free(gd);
	schema_reg_free(reg);
}

/* Is group g one that --skip names? */
static int
suite_skipped(const struct chk_node *g, const struct cli_args *o)
{
	const char	*desc = node_str(node_get(g, "description"));
	size_t		 i;

	for (i = 0; desc != NULL && i < o->nskip; i++)
		if (strcmp(desc, o->skip[i]) == 0)
			return 1;
	return 0;
}

static int
suite_file(const char *path, const struct cli_args *o)
{
	struct arena		*a = arena_new();
	struct diag		*d = diag_new();
	const struct chk_node	*doc;
	struct buf		 out = { 0 };
	const char		*name = strstr(path, "tests/");
	size_t			 i;
	int			 passed = 0, total = 0, skipped = 0, rc;

	name = name != NULL ? name + 6 : path;
	if ((doc = load_file(a, path, d)) == NULL ||
	    doc->kind != CHK_NODE_SEQ)
		buf_puts(&out, "  not a test suite file\n");
	for (i = 0; doc != NULL && doc->kind == CHK_NODE_SEQ && i < doc->n; i++)
		if (suite_skipped(doc->items[i], o))
			skipped++;
		else
			suite_group(doc->items[i], path, o, &passed, &total,
			    &out);
	printf("%s schema-suite/%s (%d/%d", out.len == 0 ? "ok" : "FAIL",
	    name, passed, total);
	printf(skipped ? ", %d group%s skipped)\n" : ")\n", skipped,
	    skipped == 1 ? "" : "s");
	fputs(buf_str(&out), stdout);
	diag_print(d, stdout);
	rc = out.len == 0 ? 0 : EXIT_INVALID;
	buf_free(&out);
	diag_free(d);
	arena_free(a);
	return rc;
}

static int
suite_run(int n, char **files, const struct cli_args *o)
{
	int	i, rc = 0;

	for (i = 0; i < n; i++)
		if (suite_file(files[i], o) != 0)
			rc = EXIT_INVALID;
	schema_shutdown();
	return rc;
}
