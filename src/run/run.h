/*
 * The run stage: a filled checklist (doc/format.md §3), read from YAML or
 * JSON (the HTML page's "Export run" as it is), checked against the
 * resolved checklist it names, measured (progress), compared with the
 * checklist it was made from (drift), and written: a blank run to fill
 * in (chkc run new) and a run carried over to the current checklist
 * (chkc run migrate).
 *
 * Drift needs what the checklist said when the run was made.  chkc run
 * new writes it into the run (the optional `snapshot:` key: item texts
 * by path); a run without one (the HTML page's) is compared with the
 * resolved checklist of a bundle whose SHA-256 is the run's `checklist:`
 * hash (the CLI looks in out/ and deployment-logs/ for one).
 */
#ifndef CHKC_RUN_H
#define CHKC_RUN_H

#include <stddef.h>

#include "chkc.h"

struct arena;
struct buf;
struct ptrvec;
struct diag;

/* A run file: its tree and its model, all in one arena. */
struct run_doc {
	const char		*path;
	const struct chk_node	*root;
	struct chk_run		*run;		/* answers as text, sorted by
						 * path (chkc.h) */
	const char		*project;	/* the halves of `run:` */
	const char		*checklist;
	const struct chk_node	*snapshot;	/* mapping, or NULL */
	int			 json;		/* the file is JSON */
};

/*
 * Load a run file and check it against schemas/run.schema.json; build
 * its model.  Returns NULL after diagnostics (at file:line:col).
 */
struct run_doc	*run_load(struct arena *, const char *path, struct diag *);
/* The same for text in memory; name is used in diagnostics. */
struct run_doc	*run_parse(struct arena *, const char *name, const char *text,
		    size_t len, struct diag *);

/*
 * Check the answers against cl, the checklist the run names (its hash
 * must be cl's: see drift below): unknown paths (with a did-you-mean),
 * values of the wrong type, outside the options or the range, a box
 * or N/A on a fill-in line, done and failed together, bad times,
 * signatures of roles the checklist lacks, `outcome: success` with a
 * failed critical item.  Each is an error at its node.  Returns the
 * number of errors.
 */
int		 run_check(const struct run_doc *, const struct chk_list *,
		    struct diag *);

/* Texts of a checklist's answerable items (header fields, checks and
 * their sub-items, fill-in lines, tables) by path, sorted by path. */
struct run_texts {
	const char	**paths;
	const char	**texts;
	size_t		  n;
};

/* The texts of cl. */
void		 run_texts_of(const struct chk_list *, struct arena *,
		    struct run_texts *);
/* The texts of a snapshot mapping (path: text). */
void		 run_texts_snapshot(const struct chk_node *, struct arena *,
		    struct run_texts *);
/* The texts of a resolved checklist in its JSON form (model_json());
 * returns -1 if root is not one. */
int		 run_texts_model(const struct chk_node *, struct arena *,
		    struct run_texts *);

/* What changed between two versions of a checklist, by path. */
struct run_drift {
	const char	**added, **removed, **reworded;
	size_t		  nadded, nremoved, nreworded;
};

void		 run_drift(const struct run_texts *old,
		    const struct run_texts *now, struct arena *,
		    struct run_drift *);

/*
 * The run was made from another checklist than cl (its hash differs):
 * an error at its `checklist:` naming both revisions and hashes, then
 * a note for each item added, removed and reworded since (old NULL:
 * what it said is unknown; the answers whose paths are gone are named
 * instead), and a note on `chkc run migrate`.
 */
void		 run_drift_report(const struct run_doc *,
		    const struct chk_list *, const struct run_texts *old,
		    struct diag *);

/* Where a run stands. */
struct run_progress {
	size_t			  total;	/* checks and fill-in lines */
	size_t			  done, open, failed, na;
	int			  percent;	/* (done + N/A) / total */
	const struct chk_item	**open_items;	/* in checklist order */
	const struct chk_item	**failed_items;
	size_t			  nfailed_critical;
	const struct chk_item	**missing;	/* required header fields
						 * without a value */
	size_t			  nmissing;
	const char		**roles;	/* every sign-off role, once */
	size_t			  nroles;
	const char		**unsigned_roles;
	size_t			  nunsigned;
	const char		**signers;	/* "Name (Role)" */
	size_t			  nsigners;
	const char		 *version;	/* fields.version, or NULL */
	int			  complete;	/* nothing open or missing,
						 * every role signed, an
						 * outcome given */
};

/* Progress of run against cl; arrays from the arena.  Answers whose
 * path cl lacks are ignored. */
void		 run_progress(const struct chk_run *, const struct chk_list *,
		    struct arena *, struct run_progress *);

/* The run's latest `at` (items and sign-offs) as written, or NULL. */
const char	*run_latest_at(const struct chk_run *);

/*
 * A blank run of cl in YAML, to fill in with an editor: every header
 * field, item path, table and sign-off role, each with its text in a
 * comment, and the snapshot of cl's texts.
 */
void		 run_new(const struct chk_list *, struct buf *);

/*
 * The run carried over to cl: every answer, field, table and signature
 * whose path (role) cl still has, pinned to cl's hash and revision,
 * with a fresh snapshot; written as the run was (YAML or JSON).  What
 * was dropped is pushed to dropped as "path" strings (arena).
 */
void		 run_migrate(const struct run_doc *, const struct chk_list *,
		    struct arena *, struct buf *out, struct ptrvec *dropped);

/* Is s a date and time like 2026-11-24T10:02:00+03:00 (RFC 3339)? */
int		 run_is_datetime(const char *s);
/* Seconds since 1970 (UTC) of such a string; 0 if it is not one. */
long long	 run_datetime_epoch(const char *s);

#endif /* CHKC_RUN_H */
