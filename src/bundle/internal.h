/*
 * What the files of the bundle stage share (bagit.c makes and checks
 * bags, zip.c writes and reads zips).
 */
#ifndef CHKC_BUNDLE_INTERNAL_H
#define CHKC_BUNDLE_INTERNAL_H

#include <stddef.h>

#include "bundle/bundle.h"

/* Limits of a zip read back: bundles are small, a zip bomb is not. */
#define BUNDLE_MAX_ENTRIES	10000
#define BUNDLE_MAX_BYTES	((size_t)1 << 30)	/* all entries */

/*
 * Write a zip of the files (full entry names, sorted by the caller) to
 * out: every entry deflated at level 9, time stamp epoch, Unix mode
 * 0644.  Returns 0, or -1 after a diagnostic.
 */
int	bundle_zip_write(const struct bundle_file *, size_t n,
	    long long epoch, struct buf *out, struct diag *);

/* The bag-info.txt of bag parsed into its labels and values. */
void	bundle_parse_info(struct arena *, struct bundle_bag *);

#endif /* CHKC_BUNDLE_INTERNAL_H */
