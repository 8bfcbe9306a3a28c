/* Placeholder until the build command lands (this session). */
#include <stdio.h>
#include "cli/cli.h"
int
cmd_build(int argc, char **argv)
{
	(void)argc, (void)argv;
	fprintf(stderr, "chkc: build: not yet available\n");
	return EXIT_IO;
}
int
cmd_check(int argc, char **argv)
{
	(void)argc, (void)argv;
	fprintf(stderr, "chkc: check: not yet available\n");
	return EXIT_IO;
}
