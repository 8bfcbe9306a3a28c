/*
 * What every command shares: common options, printing diagnostics and
 * writing files atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "chkc.h"
#include "diag.h"
#include "file.h"
#include "cli/cli.h"

int
cli_usage(const char *text)
{
	fprintf(stderr, "usage: %s\n", text);
	return EXIT_USAGE;
}

int
cli_permute(int *argc, char **argv, int first, const char *const *with_arg)
{
	char	**ops = xcalloc((size_t)*argc + 1, sizeof(char *));
	int	  i, k, n = first, nops = 0, dashdash = 0;

	for (i = first; i < *argc; i++) {
		if (dashdash || argv[i][0] != '-' || argv[i][1] == '\0') {
			ops[nops++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			dashdash = 1;
			continue;
		}
		argv[n++] = argv[i];
		for (k = 0; with_arg[k] != NULL; k++)
			if (strcmp(argv[i], with_arg[k]) == 0 && i + 1 < *argc) {
				argv[n++] = argv[++i];
				break;
			}
	}
	memcpy(argv + n, ops, (size_t)nops * sizeof(char *));
	*argc = n + nops;
	argv[*argc] = NULL;
	free(ops);
	return n;
}

int
cli_run_args(int argc, char **argv, const struct cli_command *cmd,
    struct cli_args *o, struct cli_run *r, struct diag **d, int *status)
{
	int	rc;

	if ((rc = cli_options(argc, argv, 1, cmd->takes, o)) != 0 ||
	    o->nargs != 1) {
		*status = cli_stop(rc, cmd->help, cmd->usage);
		return -1;
	}
	*d = diag_new();
	*status = cli_run_load(r, o->c.root, o->logs, o->args[0], o->allowed,
	    *d) == -1 ? EXIT_INVALID : 0;
	return 0;
}

int
cli_report(struct diag *d)
{
	int	errors = diag_errors(d);

	diag_print(d, stderr);
	return errors > 0;
}

int
cli_write_file(const char *path, const char *data, size_t len,
    struct diag *d)
{
	struct staging	s = { 0 };

	/* One file a person worked on (a run, a signature): worth an
	 * fsync, unlike a build's regenerable outputs. */
	s.flags = FILE_SYNC;
	if (staging_file(&s, path, data, len, d) == -1) {
		staging_abort(&s);
		return -1;
	}
	return staging_commit(&s, d);
}
