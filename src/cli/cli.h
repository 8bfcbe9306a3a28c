/*
 * The command-line interface: the only place that prints diagnostics
 * and writes files.  Each command is cmd_<name>(argc, argv) with argv[0]
 * the command name, and returns the exit status of DESIGN.md §5:
 * 0 success, 1 invalid input, 2 usage error, 3 I/O or internal failure.
 */
#ifndef CHKC_CLI_H
#define CHKC_CLI_H

#include <stddef.h>

struct diag;

#define EXIT_INVALID	1
#define EXIT_USAGE	2
#define EXIT_IO		3

int	 cmd_build(int, char **);
int	 cmd_check(int, char **);

/* Options every command takes; parsed by cli_common(). */
struct cli_common {
	const char	*root;		/* -C DIR, default "." */
	int		 quiet;		/* -q */
};

/*
 * If argv[*i] is a common option (-C DIR, -q), consume it (and its
 * argument), advance *i and return 1; 0 if it is not one; -1 on a
 * usage error (printed).
 */
int	 cli_common_opt(struct cli_common *, int argc, char **argv, int *i);

/* Print the diagnostics (sorted) to stderr; 1 if any was an error. */
int	 cli_report(struct diag *);

/*
 * Write len bytes to path atomically: a temporary file in the same
 * directory, then rename.  Makes missing parent directories.  Returns
 * 0, or -1 after adding a diagnostic.
 */
int	 cli_write_file(const char *path, const char *data, size_t len,
	    struct diag *);

/* Print "usage: ..." to stderr and return EXIT_USAGE. */
int	 cli_usage(const char *text);

#endif /* CHKC_CLI_H */
