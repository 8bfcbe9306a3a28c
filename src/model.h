/*
 * The resolved checklist as data: its canonical JSON form (the
 * "resolved checklist" of a bundle; JSON is YAML) and its hash, which
 * runs and the HTML page use to know which checklist they belong to.
 */
#ifndef CHKC_MODEL_H
#define CHKC_MODEL_H

#include "chkc.h"

struct buf;

/* Append the canonical JSON of the checklist (without its hash). */
void	model_json(const struct chk_list *, struct buf *);
/* Fill cl->hash with "sha256:" and the hash of model_json(). */
void	model_hash(struct chk_list *);
/* Append s as a JSON string literal. */
void	model_json_string(struct buf *, const char *);

/*
 * The answer of a run to path: an item's path, or "fields.<id>" for a
 * header field.  NULL when the run (may be NULL) has none.  A run keeps
 * its answers sorted by path (chkc.h), so this is a binary search.
 */
const struct chk_answer *model_answer(const struct chk_run *, const char *path);
/* The signature of role in a run (may be NULL), or NULL. */
const struct chk_signature *model_signature(const struct chk_run *,
	    const char *role);
/*
 * The state of a countable item in a run (may be NULL): failed, then
 * N/A, then done, the precedence the page's script uses too; a field is
 * done when it has a value (a bool field when it is true).
 */
enum chk_state { CHK_OPEN, CHK_DONE, CHK_NA, CHK_FAILED, CHK_NSTATES };
enum chk_state model_item_state(const struct chk_run *,
	    const struct chk_item *);
/* Is opt one of an answer's values (multichoice: one per line)?
 * values may be NULL. */
int	model_value_has(const char *values, const char *opt);

/*
 * The fixed text of a table's cell (row r, column c, the label column
 * counted): its row label, or a pre-filled cell; NULL when the cell is
 * one to fill in.  A run holds a table's cells from column 'labelled'
 * on: cell c of a run's row is column c + labelled.
 */
const char *model_table_fixed(const struct chk_item *, size_t r, size_t c);
/* Can rows be added to the table (no row labels, no fixed cells)? */
int	model_table_grows(const struct chk_item *);
/* The run's (may be NULL) cells of the table at path; NULL when none. */
const struct chk_table_fill *model_table_fill(const struct chk_run *,
	    const char *path);
/* The run's answer in row r, column c of table it, c counted over the
 * columns to fill (the label column is not one); NULL when blank. */
const char *model_table_cell(const struct chk_run *, const struct chk_item *,
	    size_t r, size_t c);

#endif /* CHKC_MODEL_H */
