/*
 * The command line's option table (cli_options()): options anywhere
 * before "--", flags, arguments apart or attached, checked values,
 * --help, and the usage errors.
 */
#include <stdio.h>
#include <string.h>

#include "emit/emit.h"
#include "cli/cli.h"
#include "harness.h"

struct opts {
	struct cli_common	 c;
	const char		*out;
	int			 force, paper, jobs;
	char			**args;
	int			 nargs;
};

static int
set_jobs(void *dst, const char *s)
{
	long	n;

	if (cli_number(s, 1, 64, &n) == -1)
		return -1;
	*(int *)dst = (int)n;
	return 0;
}

/* Parse the words of line (at most 15) as a command's argv. */
static int
parse(struct opts *o, char *line)
{
	const struct cli_opt	 table[] = {
		{ "-o",		1, &o->out,	NULL },
		{ "--force",	0, &o->force,	NULL },
		{ "--paper",	1, &o->paper,	cli_set_paper },
		{ "-j",		1, &o->jobs,	set_jobs },
		{ NULL,		0, NULL,	NULL },
	};
	static char		*argv[16];
	int			 argc = 0;

	memset(o, 0, sizeof(*o));
	o->c.root = ".";
	for (char *w = strtok(line, " "); w != NULL && argc < 15;
	    w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	return cli_options(argc, argv, 1, table, &o->c, &o->args, &o->nargs);
}

static void
test_anywhere(void)
{
	struct opts	o;
	char		line[] = "build a -o out b --force -C root -q -j3 -- -c";

	CHECK(parse(&o, line) == 0);
	CHECK_STR(o.out, "out");
	CHECK_STR(o.c.root, "root");
	CHECK(o.force == 1 && o.c.quiet == 1 && o.jobs == 3);
	CHECK(o.nargs == 3);
	if (o.nargs == 3) {
		CHECK_STR(o.args[0], "a");
		CHECK_STR(o.args[1], "b");
		CHECK_STR(o.args[2], "-c");
	}
}

static void
test_values(void)
{
	struct opts	o;
	char		l1[] = "render --paper letter -oDIR x";
	char		l2[] = "render --paper A4 -j 64 x";

	CHECK(parse(&o, l1) == 0 && o.paper == PDF_LETTER);
	CHECK_STR(o.out, "DIR");
	CHECK(parse(&o, l2) == 0 && o.paper == PDF_A4 && o.jobs == 64);
}

static void
test_errors(void)
{
	struct opts	o;
	char		l1[] = "build --frob";
	char		l2[] = "build x -o";
	char		l3[] = "build --paper tabloid";
	char		l4[] = "build -j 0";
	char		l5[] = "build -j+4";
	char		l6[] = "build -o --help x --help";

	CHECK(parse(&o, l1) == -1);
	CHECK(parse(&o, l2) == -1);
	CHECK(parse(&o, l3) == -1);
	CHECK(parse(&o, l4) == -1);
	CHECK(parse(&o, l5) == -1);
	/* The second --help is one; the first is -o's argument. */
	CHECK(parse(&o, l6) == 1);
	CHECK_STR(o.out, "--help");
}

int
main(void)
{
	RUN(test_anywhere);
	RUN(test_values);
	RUN(test_errors);
	return HARNESS_EXIT();
}
