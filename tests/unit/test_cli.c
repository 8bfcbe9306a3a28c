/*
 * The command line's options (cli_options()): anywhere before "--",
 * flags, arguments apart or attached, checked values, aliases, --help,
 * and the usage errors.
 */
#include <stdio.h>
#include <string.h>

#include "emit/emit.h"
#include "cli/cli.h"
#include "harness.h"

/* Parse the words of line (at most 15) as a command's argv, taking the
 * options of takes. */
static int
parse(struct cli_args *a, char *line, const char *takes)
{
	static char	*argv[16];
	char		*w;
	int		 argc = 0;

	for (w = strtok(line, " "); w != NULL && argc < 15;
	    w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	return cli_options(argc, argv, 1, takes, a);
}

static void
test_anywhere(void)
{
	struct cli_args	a;
	char		line[] = "build a -o out b --force -C root -q -j3 -- -c";

	CHECK(parse(&a, line, "-o --force -j -C -q") == 0);
	CHECK_STR(a.out, "out");
	CHECK_STR(a.c.root, "root");
	CHECK(a.force == 1 && a.c.quiet == 1 && a.jobs == 3);
	CHECK(a.nargs == 3);
	if (a.nargs == 3) {
		CHECK_STR(a.args[0], "a");
		CHECK_STR(a.args[1], "b");
		CHECK_STR(a.args[2], "-c");
	}
}

static void
test_values(void)
{
	struct cli_args	a;
	char		l1[] = "render --paper letter -oDIR x";
	char		l2[] = "render x";
	char		l3[] = "serve --port 0 --quiet --only md,zip";

	CHECK(parse(&a, l1, "-o --paper") == 0 && a.paper == PDF_LETTER);
	CHECK_STR(a.out, "DIR");
	CHECK(parse(&a, l2, "-o --paper") == 0 && a.paper == PDF_A4);
	CHECK(a.out == NULL && a.jobs == 1 && a.port == 8000);
	CHECK_STR(a.c.root, ".");
	CHECK(parse(&a, l3, "-p -q --only") == 0 && a.port == 0);
	CHECK(a.c.quiet && a.only == (EMIT_FMT_MD | EMIT_FMT_ZIP));
}

static void
test_errors(void)
{
	struct cli_args	a;
	char		l1[] = "build --frob";
	char		l2[] = "build x -o";
	char		l3[] = "build --paper tabloid";
	char		l4[] = "build -j 0";
	char		l5[] = "build -j+4";
	char		l6[] = "check -o out";
	char		l7[] = "build -o --help x --help";

	CHECK(parse(&a, l1, "-o") == -1);
	CHECK(parse(&a, l2, "-o") == -1);
	CHECK(parse(&a, l3, "--paper") == -1);
	CHECK(parse(&a, l4, "-j") == -1);
	CHECK(parse(&a, l5, "-j") == -1);
	/* Not one this command takes. */
	CHECK(parse(&a, l6, "--strict -C -q") == -1);
	/* The second --help is one; the first is -o's argument. */
	CHECK(parse(&a, l7, "-o") == 1);
	CHECK_STR(a.out, "--help");
}

int
main(void)
{
	RUN(test_anywhere);
	RUN(test_values);
	RUN(test_errors);
	return HARNESS_EXIT();
}
