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
int	 cmd_validate(int, char **);
int	 cmd_import(int, char **);

/* Options every command takes; parsed by cli_common(). */
struct cli_common {
	const char	*root;		/* -C DIR, default "." */
	int		 quiet;		/* -q */
	int		 strict;	/* --strict: warnings are errors */
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

/*
 * Outputs of one command, staged: each file is written whole to a
 * temporary file beside its place at once, and renamed into place only
 * by stage_commit() once every input proved valid; stage_abort()
 * removes them.  So on invalid input nothing is written, and every file
 * appears whole or not at all.
 */
struct stage {
	char	**tmp;
	char	**path;
	size_t	  n, cap;
};

int	 stage_file(struct stage *, const char *path, const char *data,
	    size_t len, struct diag *);
int	 stage_commit(struct stage *, struct diag *);
void	 stage_abort(struct stage *);

/* A project, checklist or file named on the command line. */
struct resolver;
struct project;
struct target {
	const struct project	*project;	/* NULL: a template alone */
	size_t			 entry;		/* index in project entries */
	const char		*template_path;	/* when project is NULL */
};

/*
 * The targets of args (none: every project in ROOT/content/): a file
 * (a project or a template), PROJECT or PROJECT/CHECKLIST.  Returns the
 * number found, -1 after diagnostics.  *out is malloc'ed.
 */
int	 targets_collect(struct resolver *, const char *root, char **args,
	    int nargs, struct target **out, struct diag *);

/* Print "usage: ..." to stderr and return EXIT_USAGE. */
int	 cli_usage(const char *text);

#endif /* CHKC_CLI_H */
