/*
 * chkc import FILE.md [-o FILE.yaml]: an existing Markdown checklist to
 * a template (src/import/).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "file.h"
#include "cli/cli.h"
#include "import/import.h"
#include "load/load.h"

static const char usage_text[] =
"usage: chkc import [-q] [--lang LANG] FILE.md [-o FILE.yaml]\n"
"\n"
"Turn a Markdown checklist into a chkc template (YAML) to review and\n"
"keep in templates/.  The first heading is the title, headings are\n"
"sections, task items are checks (nested ones sub-items, a code block\n"
"under an item its code), blanks (____, ____ ms) and inline choices\n"
"([ ] Yes [ ] No) are fields, tables of blanks are table blocks,\n"
"sign-off tables and \"Approved by ____\" lines are sign-off groups.\n"
"Anything else is kept as an md block in place; a warning says where\n"
"blanks or task items could not be mapped.  FILE.md '-' reads stdin.\n"
"\n"
"options:\n"
"  -o FILE     write the template to FILE (whole or not at all); the\n"
"              template id is FILE's name.  Default: standard output,\n"
"              the id made from the title.\n"
"  --lang LANG the language of the checklist (en, ru, es, de, fr, pt,\n"
"              zh, ja, ...: its labels).  Default: guessed from the\n"
"              text's script and common words, and a warning says so.\n"
"  -q          do not print warnings\n"
"  -h, --help  this help\n"
"\n"
"Exit status: 0 success (warnings allowed), 1 invalid input (unreadable,\n"
"not UTF-8), 2 usage error, 3 I/O failure writing the output.\n";

/* Read all of path ("-": stdin) into b; -1 after a diagnostic. */
static int
read_input(const char *path, struct buf *b, struct diag *d)
{
	struct loc	at = { path, 0, 0 };

	if (strcmp(path, "-") != 0)
		return load_read(path, SIZE_MAX, b, d);
	if (file_read_fd(STDIN_FILENO, SIZE_MAX, b) == 0)
		return 0;
	diag_add(d, &at, DIAG_ERROR, "cannot read: %s", strerror(errno));
	return -1;
}

/* The template id from the output file's name, or NULL. */
static char *
id_from_output(const char *out)
{
	const char	*base = strrchr(out, '/');
	char		*name, *dot, *id;

	name = xstrdup(base != NULL ? base + 1 : out);
	if ((dot = strrchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	id = import_id(name);
	free(name);
	if (*id == '\0') {
		free(id);
		return NULL;
	}
	return id;
}

/* Write the template; EXIT_IO when it could not be written. */
static int
write_output(const char *out, const struct buf *yaml, struct diag *d)
{
	if (out != NULL)
		return cli_write_file(out, buf_str(yaml), yaml->len, d) == 0 ?
		    0 : EXIT_IO;
	if (fwrite(buf_str(yaml), 1, yaml->len, stdout) != yaml->len ||
	    fflush(stdout) != 0) {
		diag_add(d, NULL, DIAG_ERROR, "cannot write to standard "
		    "output: %s", strerror(errno));
		return EXIT_IO;
	}
	return 0;
}

static void
import_help(void)
{
	fputs(usage_text, stdout);
}

int
cmd_import(int argc, char **argv)
{
	struct cli_args	 o;
	struct diag	*d;
	struct buf	 src = { 0 }, yaml = { 0 };
	const char	*in;
	char		*id = NULL;
	int		 status;

	if ((status = cli_options(argc, argv, 1, CLI_OPTS_IMPORT,
	    &o)) != 0 || o.nargs != 1)
		return cli_stop(status, import_help, "chkc import [-q] "
		    "[--lang LANG] FILE.md [-o FILE.yaml] (chkc import --help)");
	d = diag_new();
	in = o.args[0];
	if (o.out != NULL)
		id = id_from_output(o.out);
	if (read_input(in, &src, d) == -1 ||
	    import_markdown(strcmp(in, "-") == 0 ? "<stdin>" : in,
	    buf_str(&src), src.len, id, o.lang, &yaml, d) == -1)
		status = EXIT_INVALID;
	else
		status = write_output(o.out, &yaml, d);
	if (!o.c.quiet || diag_errors(d) > 0)
		cli_report(d);
	free(id);
	buf_free(&src);
	buf_free(&yaml);
	diag_free(d);
	return status;
}
