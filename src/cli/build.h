/*
 * What the build command (cmd_build.c) shares with its -j workers
 * (jobs.c): the state of one build, and the few steps a worker runs
 * and the parent merges.
 */
#ifndef CHKC_CLI_BUILD_H
#define CHKC_CLI_BUILD_H

#include <stddef.h>

#include "buf.h"
#include "emit/emit.h"
#include "cli/cli.h"

#define JOBS_MAX	64

struct emit_site_entry;
struct jobs_shared;

struct build {
	struct cli_common	 c;
	const char		*outdir;
	unsigned		 only;		/* EMIT_FMT_* bits */
	int			 check_only;	/* chkc check */
	int			 jobs;		/* -j */
	struct pdf_opts		 pdf;		/* --paper */
	long long		 epoch;		/* time stamps of bundles */
	char			**args;
	int			 nargs;

	/* The work, streamed (see the top of cmd_build.c). */
	struct resolver		*res;
	struct diag		*d;
	struct staging		 st;
	struct cache		*cache;		/* NULL: check, or none */
	struct buf		 pdf_settings;	/* what PDFs depend on */
	int			 merged;	/* workers built it all */
	struct arena		*keep;		/* targets, summaries */
	struct emit_site_entry	*site;		/* a summary per checklist */
	const char		**source;	/* its first source file */
	size_t			 nsite, sitecap;
	size_t			 nlists;	/* checklists gone through */
	size_t			 lists_before;	/* those of the targets before
						 * the current one */
	size_t			 target_lists;	/* the current target's */
	size_t			 nruns;		/* check: runs checked */
	int			 invalid;	/* an input is invalid */
	int			 failed;	/* an output was not made */

	/* -j: worker k takes the targets one at a time from a count the
	 * workers share (jobs_claim()), and records what it did in report
	 * for the parent. */
	int			 worker;
	struct jobs_shared	*shared;	/* NULL: not a worker */
	int			 by_list;	/* checklists taken, not targets */
	long long		 ticket;	/* the one taken last */
	int			 target;	/* the target being built */
	struct buf		 claims;	/* the ones taken */
	struct buf		*report;
	size_t			 nreports;	/* checklists in report */
	size_t			 attributed;	/* diagnostics in report */

	/* A line of progress (progress.c), and chkc serve's hook. */
	struct progress		*prog;
	const struct target	*targets;
	int			 ntargets;
	const struct cli_build_hook *hook;
};

/* cmd_build.c: build the checklists of t[0..nt) that are this
 * process's share, into b->st. */
void	 build_targets(struct build *, const struct target *t, int nt);
/* Keep a copy of e and the checklist's first source, for the index. */
void	 build_keep(struct build *, const struct emit_site_entry *e,
	    const char *source);
/* Stage the cache of build -j worker k, for the parent to read. */
int	 build_cache_stage(struct build *, int k);

/*
 * A checklist's summary (its site entry and first source) as
 * BUILD_NFIELDS strings, in one order for a worker's report and for the
 * cache.  build_fields() fills v, its numbers written into num;
 * build_unfields() reads v back, pointing into it, and returns -1 when
 * a field an entry needs is missing.
 */
#define BUILD_NFIELDS	9
void	 build_fields(const struct emit_site_entry *, const char *source,
	    char num[][24], const char *v[BUILD_NFIELDS]);
int	 build_unfields(const char *const v[BUILD_NFIELDS],
	    struct emit_site_entry *, const char **source);

/* jobs.c: build -j N, the targets shared among N workers. */
void	 jobs_build(struct build *, const struct target *t, int nt);
/* Is target i, or checklist g of the build (JOBS_LIST), this
 * process's to build?  Asked in increasing order of each. */
#define JOBS_TARGET	0
#define JOBS_LIST	1
int	 jobs_take(struct build *, int kind, long long i);
/* The checklists begun so far by every worker (g: by this process). */
size_t	 jobs_begun(struct build *, size_t g);
/* In a worker: record checklist g of the current target (valid 0: it
 * was invalid), whose diagnostics are those from the n0-th on, for the
 * parent. */
void	 jobs_record(struct build *, size_t g, int valid, size_t n0);

#endif /* CHKC_CLI_BUILD_H */
