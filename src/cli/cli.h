/*
 * The command-line interface: the only place that prints diagnostics
 * and writes files.  Each command is cmd_<name>(argc, argv) with argv[0]
 * the command name, and returns the exit status of README.md, Commands:
 * 0 success, 1 invalid input, 2 usage error, 3 I/O or internal failure.
 */
#ifndef CHKC_CLI_H
#define CHKC_CLI_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "sign/sign.h"

struct buf;
struct diag;

#define EXIT_INVALID	1
#define EXIT_USAGE	2
#define EXIT_IO		3

int	 cmd_build(int, char **);
int	 cmd_check(int, char **);
int	 cmd_validate(int, char **);
int	 cmd_import(int, char **);
int	 cmd_run(int, char **);		/* run new, run migrate */
int	 cmd_status(int, char **);
int	 cmd_render(int, char **);
int	 cmd_archive(int, char **);
int	 cmd_verify(int, char **);
int	 cmd_report(int, char **);
int	 cmd_sign(int, char **);
int	 cmd_init(int, char **);
int	 cmd_serve(int, char **);
int	 cmd_completion(int, char **);

/* Options every command takes (cli_options()). */
struct cli_common {
	const char	*root;		/* -C DIR, default "." */
	int		 quiet;		/* -q */
	int		 strict;	/* --strict: warnings are errors */
};

/*
 * Options anywhere before "--", as cc and git take them: reorder
 * argv[first..argc) so that the options come first, each with its
 * argument if it is one of with_arg (NULL-terminated), then the
 * operands, each group in its order.  Everything after "--" is an
 * operand, and "-" alone is one (standard input); the first "--" is
 * dropped (*argc counts one less).  Returns the index of the first
 * operand: the options are argv[first..that).
 */
int	 cli_permute(int *argc, char **argv, int first,
	    const char *const *with_arg);

/*
 * What the options of a command set (options.c, where every option of
 * chkc is described once), and its operands.  What a command does not
 * take keeps its default: 0, NULL, or as said.
 */
struct cli_args {
	struct cli_common	 c;		/* -C DIR, -q, --strict */
	char			**args;		/* the operands */
	int			 nargs;
	const char		*out;		/* -o */
	const char		*logs;		/* --logs */
	const char		*allowed;	/* --allowed-signers */
	int			 paper;		/* --paper: PDF_A4 (default),
						 * PDF_LETTER */
	int			 force;		/* --force */
	int			 jobs;		/* -j N, default 1 */
	unsigned		 only;		/* --only: EMIT_FMT_* bits,
						 * default all */
	const char		*role;		/* sign --role */
	const char		*key;		/* sign -k */
	const char		*principal;	/* sign --principal */
	int			 port;		/* serve -p, default 8000 */
	const char		*bind;		/* serve --bind, default
						 * 127.0.0.1 */
	int			 json;		/* report --json */
	int			 last;		/* report --last, default
						 * REPORT_LAST */
	const char		*require;	/* verify --require */
	const char		*version;	/* verify --version */
	const char		*lang;		/* import --lang */
	const char		*schema;	/* validate --schema */
	int			 suite;		/* validate --test-suite */
	int			 format_assert;	/* --format-assert 1,
						 * --format-annotation 0,
						 * default -1 */
	const char		*skip[16];	/* validate --skip */
	size_t			 nskip;
	char			*remote;	/* --remote URI=DIR, cut in
						 * two (malloc'ed): */
	const char		*remote_uri;
	const char		*remote_dir;
};

/*
 * The options of a command, argv[first..argc), anywhere before "--"
 * (cli_permute()): each one of the space-separated names of takes
 * ("-o --paper -C -q"), a one-letter one with its argument apart or
 * attached ("-o DIR", "-oDIR").  Returns 0, 1 for --help (or -h), -1 on
 * a usage error (named on stderr: an unknown option, a missing or bad
 * argument).
 */
int	 cli_options(int argc, char **argv, int first, const char *takes,
	    struct cli_args *);

/* The options each command takes (cli_options()), for the command and
 * its shell completion. */
#define CLI_OPTS_INIT		"--force -q"
#define CLI_OPTS_CHECK		"--strict -C -q"
#define CLI_OPTS_BUILD		"-o -j --only --paper -C -q"
#define CLI_OPTS_SERVE		"-p --bind -o -C -q"
#define CLI_OPTS_VALIDATE	"--schema --test-suite --format-assert " \
				    "--format-annotation --skip --remote -C -q"
#define CLI_OPTS_IMPORT		"-o --lang -C -q"
#define CLI_OPTS_RUN		"-o --force --logs -C -q"
#define CLI_OPTS_STATUS		"--logs --allowed-signers -C -q"
#define CLI_OPTS_SIGN		"--role -k --principal --allowed-signers " \
				    "--force -o --logs -C -q"
#define CLI_OPTS_RENDER		"-o --paper --logs --allowed-signers -C -q"
#define CLI_OPTS_ARCHIVE	"--logs --paper --allowed-signers -C -q"
#define CLI_OPTS_VERIFY		"--require --version --allowed-signers -C -q"
#define CLI_OPTS_REPORT		"--json --last -C -q"

/* What a command returns when cli_options() said r (1 or -1): 0 after
 * printing its help, or its usage error. */
int	 cli_stop(int r, void (*help)(void), const char *usage);

/* s, a decimal number from lo to hi, into *n; -1 (nothing printed)
 * if it is not one. */
int	 cli_number(const char *s, long lo, long hi, long *n);

/* What a command says of itself: the options it takes (cli_options()),
 * its usage line and its help. */
struct cli_command {
	const char	*takes;
	const char	*usage;
	void		(*help)(void);
};

/*
 * A command on one RUN (status, render, archive) begins so: its options
 * and one RUN (o->args[0]), then the run loaded with its signers'
 * policy into r (cli_run_load()), diagnostics in *d (new).  Returns -1
 * when the command is done at once, *status its exit status (0 after
 * --help, EXIT_USAGE); else 0, *status 0 or EXIT_INVALID (the run is
 * invalid), and r to be closed.
 */
struct cli_run;
int	 cli_run_args(int argc, char **argv, const struct cli_command *,
	    struct cli_args *o, struct cli_run *r, struct diag **d,
	    int *status);

/* Print the diagnostics (sorted) to stderr; 1 if any was an error. */
int	 cli_report(struct diag *);

/*
 * Write len bytes to path atomically and durably: a temporary file in
 * the same directory, fsync, rename, fsync of the directory.  Makes
 * missing parent directories.  Returns 0, or -1 after adding a
 * diagnostic.
 */
int	 cli_write_file(const char *path, const char *data, size_t len,
	    struct diag *);

/*
 * Outputs of one command, staged: each file is written whole where no
 * one sees it, and put in place by staging_commit() only once every
 * input proved valid; staging_abort() removes what the stage made.  So
 * on invalid input nothing is written, and every file appears whole or
 * not at all.  A file whose directory exists is written to a temporary
 * file beside its place and renamed at commit; a new directory is made
 * in a hidden area beside its place (.chkc-stage-XXXXXX), with its
 * files under their own names, and renamed into place at commit (see
 * staging.c).  Zeroed to start; flags and worker are the caller's.
 */
struct staging_area;
struct staging {
	char	**tmp;		/* temporary files, renamed to path[i] */
	char	**path;
	size_t	  n, cap;
	char	**dirs;		/* directories made in place, for abort */
	size_t	  ndirs, dircap;
	struct staging_area *areas;	/* one per directory new ones go in */
	size_t	  nareas;
	/* The directories made or found, a hash set: a build writes a few
	 * files per directory, and asks for each only once.  made[i]: how
	 * (staging.c), phys[i]: where a staged one is until commit. */
	char	**known;
	char	**phys;
	char	 *made;
	size_t	  nknown, knowncap;
	int	  flags;	/* FILE_SYNC: survive a crash (file.h); such
				 * a stage makes its directories in place */
	int	  worker;	/* a build -j worker: it makes no area (the
				 * parent could not keep it locked) */
	/* The size and time of the file staged last, as written. */
	long long last_size, last_mtime_ns;
	/* The directory it went to, for the next file (staging.c). */
	struct staging_cur *cur;
};

int	 staging_file(struct staging *, const char *path, const char *data,
	    size_t len, struct diag *);
/* Make the directory dir (staged if new) now: build -j makes the output
 * directory before its workers fork, so that they all write in it. */
int	 staging_dir(struct staging *, const char *dir, struct diag *);
/* Is path's directory one this stage made (so that path is not there)? */
int	 staging_new_dir(const struct staging *, const char *path);
int	 staging_commit(struct staging *, struct diag *);
void	 staging_abort(struct staging *);
/* Take over a temporary file or a directory that another process (a
 * build -j worker) staged; staging_forget() drops the records and leaves
 * the files, for the process that hands them over. */
void	 staging_adopt(struct staging *, const char *tmp, const char *path);
void	 staging_adopt_dir(struct staging *, const char *dir);
void	 staging_forget(struct staging *);
/* Take back the file staged for path: its record is dropped and the
 * name of its temporary file returned (malloc'ed) for the caller to
 * read and remove; NULL when none is staged for path. */
char	*staging_take(struct staging *, const char *path);

/*
 * Stopping signals (staging_signal.c): from its first file until it is
 * committed or aborted, a stage's temporary files are removed by
 * SIGINT, SIGTERM or SIGHUP before the process ends (staging.c guards
 * and unguards).  staging_block() holds those signals back while the
 * stage changes; staging_forward() passes them on to the processes
 * pids too (build -j's workers; NULL: none).
 */
void	 staging_guard(struct staging *);
void	 staging_unguard(struct staging *);
void	 staging_block(sigset_t *old);
void	 staging_unblock(const sigset_t *old);
void	 staging_forward(const pid_t *pids, size_t n);

/*
 * A project file, one of its checklists, or a template named on the
 * command line.  Projects are not loaded yet: a build loads each in
 * turn and frees it after its checklists, so that memory does not grow
 * with their number.
 */
struct resolver;
struct arena;
struct target {
	const char	*path;		/* the project file or template */
	int		 is_template;	/* built alone as project "example" */
	int		 is_run;	/* a run: chkc check checks it */
	const char	*only;		/* PROJECT/CHECKLIST: that checklist */
	const char	*arg;		/* as named, for diagnostics */
};

/*
 * The targets of args (none: every project in ROOT/content/): a file
 * (a project or a template), PROJECT or PROJECT/CHECKLIST.  Returns the
 * number found, -1 after diagnostics.  *out is malloc'ed, its strings
 * come from a.
 */
int	 targets_collect(struct resolver *, const char *root, char **args,
	    int nargs, struct target **out, struct arena *a, struct diag *);

/*
 * A run file and the resolved checklist it names (cmd_run.c), for run,
 * status, render and archive.  cli_run_open() loads the run (schema
 * checked), resolves ROOT/content/<project>.yaml's checklist, and
 * checks the run against it; when the checklist has changed since the
 * run was made, drift is set and the drift is reported instead (the old
 * texts from the run's snapshot, or from a bundle of the old checklist
 * in ROOT/out/ or in logs).  Returns 0 when doc and cl are there (check
 * diag_errors() for the rest), -1 when not.  cli_run_close() frees all.
 */
struct arena;
struct chk_list;
struct run_doc;
struct project;
struct sign_result;
struct cli_run {
	struct arena		*a;
	struct resolver		*res;
	struct run_doc		*doc;
	struct chk_list		*cl;
	const struct project	*project;
	int			 drift;
	/* cli_run_policy(), cli_run_verify() (signing.c): */
	struct sign_allowed	 allowed;
	struct sign_policy	 policy;
	struct sign_result	*results;	/* one per run->signoff */
};

int	 cli_run_open(struct cli_run *, const char *root, const char *logs,
	    const char *path, struct diag *);
void	 cli_run_close(struct cli_run *);
/* The checklist PROJECT/CHECKLIST of root, or NULL after diagnostics
 * (at `at` when given). */
struct loc;
struct chk_list *cli_resolve(struct resolver *, const char *root,
	    const char *name, const struct loc *at, struct arena *,
	    const struct project **, struct diag *);

/*
 * Who may sign (signing.c): the project's signers and the
 * allowed_signers file (path, or ROOT/allowed_signers; a missing
 * default file leaves policy.allowed NULL, a missing named one is an
 * error).  Returns 0, or -1 after diagnostics.
 */
int	 cli_run_policy(struct cli_run *, const char *root, const char *path,
	    struct diag *);
/* cli_run_open(), then cli_run_policy() with the signers' file
 * `allowed` (may be NULL), for the commands that take a run as it is.
 * Returns 0, or -1 when the run is invalid (diagnostics added). */
int	 cli_run_load(struct cli_run *, const char *root, const char *logs,
	    const char *path, const char *allowed, struct diag *);
/*
 * Verify every SSH signature of the run (results[], each signature's
 * state); an invalid one is a diagnostic of level at its place.
 * Returns 0, or EXIT_IO after a diagnostic (no ssh-keygen).
 */
int	 cli_run_verify(struct cli_run *, int level, struct diag *);
/* The roles of the checklist the project requires signed with a key
 * and that are not validly signed (every role when the project names
 * signers, else none), pushed to v. */
struct ptrvec;
void	 cli_run_unsigned(const struct cli_run *, struct ptrvec *v);
/* chkc run merge (merge.c); returns an exit status. */
int	 cli_run_merge(const char *root, const char *logs, const char *a,
	    const char *b, const char *out, int quiet);
/*
 * What an archived run keeps of its signatures (after cli_run_verify):
 * the fingerprints of the keys that validly signed, sorted, comma
 * separated (NULL when none); and the payload files
 * data/allowed_signers (the file verified against) and
 * data/signoff.json (the project's signers and each role's verdict),
 * written to f (at most 2; arena).  Returns their number.
 */
struct bundle_file;
const char *cli_run_keys(const struct cli_run *);
size_t	 cli_run_sign_files(const struct cli_run *, struct bundle_file *f);
/*
 * chkc verify: the signatures of every archived run whose LOG line names
 * keys, verified again against the allowed_signers kept in its bundle
 * (an error, and the entry's ok cleared, when one does not hold) and
 * against today's file (ROOT/allowed_signers or path; a warning naming
 * what changed).  Returns 0 or an exit status.
 */
struct archive_entry;
int	 cli_verify_keys(const char *root, const char *path, const char *dir,
	    struct archive_entry *, size_t, struct arena *, struct diag *);
/* "ROOT/allowed_signers" or path (malloc'ed). */
char	*cli_allowed_path(const char *root, const char *path);
/* given, else ROOT/name (malloc'ed). */
char	*cli_root_path(const char *root, const char *given, const char *name);
/* "ROOT/deployment-logs" or logs (malloc'ed). */
char	*cli_logs_dir(const char *root, const char *logs);
/* ROOT/out, where chkc build writes the checklists' pages, as a URL
 * relative to the archive at logdir (made or not), for its report's
 * links; NULL when a path does not resolve.  The caller frees it. */
char	*cli_site_url(const char *root, const char *logdir);

/*
 * The output formats of a checklist (formats.c), in the order they are
 * written, for chkc build (--only names them), render and archive.
 * emit is NULL for the bundle, made of the others; paper: drawn on
 * paper, so it depends on --paper, the date and the fonts.
 */
struct chk_run;
struct pdf_opts;
struct cli_format {
	const char	*name;
	const char	*ext;		/* <checklist><ext> */
	unsigned	 bit;		/* EMIT_FMT_* */
	int		 paper;
	int		(*emit)(const struct chk_list *, const struct chk_run *,
			    const struct pdf_opts *, struct buf *,
			    struct diag *);
};

#define CLI_NFORMATS	5
extern const struct cli_format cli_formats[CLI_NFORMATS];

/* --paper SIZE: a4 (or A4) or letter into *paper (PDF_A4,
 * PDF_LETTER); -1 after printing an error. */
int	 cli_paper(const char *name, int *paper);

/*
 * cl (filled in with run, which may be NULL) in every format that has
 * an emitter, out[i] getting cli_formats[i]'s bytes, on paper.  Returns
 * 0, or -1 or EMIT_TOO_LARGE (the input's fault) after a diagnostic.
 */
int	 cli_render(const struct chk_list *, const struct chk_run *,
	    int paper, struct buf *out, struct diag *);

/*
 * What a bundle holds of a checklist (chkc build's and chkc archive's):
 * <checklist><ext> of each format with out[i] (as cli_render() makes
 * them), checklist.json (model_json(): its SHA-256 is cl->hash) and
 * the sources (bundle_sources()), with room after them for nextra more
 * files.  Returns the files (from a; the formats' bytes stay out's),
 * *n of them filled, or NULL after a diagnostic.
 */
struct bundle_file *cli_bundle_checklist(const char *root,
	    const struct chk_list *, const struct buf *out, size_t nextra,
	    struct arena *, size_t *n, struct diag *);

/* Print "usage: ..." to stderr and return EXIT_USAGE. */
int	 cli_usage(const char *text);

/* Apply CHKC_MAX_* from the environment to the stages' limits (README,
 * "Limits"); -1 after printing an error about a bad value. */
int	 cli_limits_env(void);

/*
 * The rest of the environment (env.c; chkc(1), ENVIRONMENT), read once
 * by main() before a command runs: the stages get it as options.
 */
struct cli_env {
	long long	 epoch;		/* SOURCE_DATE_EPOCH; -1: not set */
	const char	*font_dir;	/* CHKC_FONT_DIR; NULL: not set */
	const char	*fallback_fonts; /* CHKC_FALLBACK_FONTS; NULL: not
					 * set, "": none */
	int		 pdf_public;	/* CHKC_PDF_PUBLIC set, not empty */
	double		 progress_after; /* CHKC_PROGRESS_AFTER (1 second) */
};

extern struct cli_env cli_env;

/* Read it; -1 after printing an error about a bad value (a malformed
 * SOURCE_DATE_EPOCH: a usage error in every command). */
int	 cli_env_read(void);
/* The time stamp of what a command makes (a bundle's files, the date
 * of its name): SOURCE_DATE_EPOCH, else the current time. */
long long cli_now(void);
/* PDF options of the environment: its fonts and date; A4. */
struct pdf_opts;
void	 cli_pdf_opts(struct pdf_opts *);

/*
 * A line of progress on stderr (progress.c): NULL, and every call a
 * no-op, when quiet or stderr is not a terminal; drawn only once the
 * command has run a second.  The total is set, or counted by count(arg)
 * when first needed.  progress_end() clears the line and frees.
 */
struct progress;
struct progress *progress_new(const char *what, int quiet);
void	 progress_set_total(struct progress *, size_t);
void	 progress_set_counter(struct progress *, size_t (*)(void *), void *);
void	 progress_step(struct progress *, size_t done);
void	 progress_end(struct progress *);
/* Draw the archive stage's passes over every bundle on p (NULL: stop). */
void	 progress_archive(struct progress *);

/*
 * A build driven by another command (chkc serve), cmd_build.c: the
 * targets t into outdir with every format, the diagnostics in d (not
 * printed), through the build cache of outdir as chkc build run in root
 * with no option uses it: a checklist the cache vouches for is not
 * resolved, an output that would come out the same is not rewritten.
 * hook->list, when set, is called with each checklist of the targets,
 * resolved or found up to date (struct serve_list).  The site index
 * also lists the nkept checklists of kept (not among the targets this
 * time), whose cache entries are carried over.  Returns the exit status
 * of chkc build: on failure nothing is written.
 */
struct serve_list;
struct cli_build_hook {
	void			(*list)(void *arg, const struct serve_list *);
	void			 *arg;
	const struct serve_list	 *kept;
	size_t			  nkept;
};

int	 cli_build_targets(const char *root, const char *outdir,
	    const struct target *t, int nt, const struct cli_build_hook *,
	    struct diag *);

#endif /* CHKC_CLI_H */
