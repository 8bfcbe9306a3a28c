/*
 * What the files of the run stage share.
 */
#ifndef CHKC_RUN_INTERNAL_H
#define CHKC_RUN_INTERNAL_H

#include <stddef.h>

#include "run/run.h"

/* Every item of a checklist by path: header fields ("fields.<id>"),
 * then the items of the sections in order, sub-items included. */
struct run_index {
	const struct chk_item	**items;	/* checklist order */
	const struct chk_item	**sorted;	/* by path */
	const char		**paths;	/* checklist order, for
						 * did-you-mean */
	size_t			  n;
	size_t			  nfields;	/* the first nfields items are
						 * the header fields */
};

void	run_index(const struct chk_list *, struct arena *, struct run_index *);
/* The item at path, or NULL. */
const struct chk_item *run_index_find(const struct run_index *,
	    const char *path);
/* Is an item one a run answers: a check or a fill-in line? */
int	run_countable(const struct chk_item *);
/* The text a snapshot keeps of an item (arena). */
const char *run_item_text(const struct chk_item *, struct arena *);
/* The answer at path in a sorted array, or NULL. */

/* Is s a date YYYY-MM-DD, a time HH:MM[:SS]? */
int	run_is_date(const char *);
int	run_is_time(const char *);

#endif /* CHKC_RUN_INTERNAL_H */
