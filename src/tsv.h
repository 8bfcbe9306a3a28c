/*
 * Tab-separated records, the form of chkc's own cache files (the build
 * cache, the archive report's cache): one record a line, fields joined
 * by tabs, a tab, newline or backslash in a field escaped as \t, \n or
 * \\, and a missing value written \N.
 */
#ifndef CHKC_TSV_H
#define CHKC_TSV_H

#include <stddef.h>

struct buf;

/* Append a tab, then s escaped (NULL: \N). */
void	 tsv_put(struct buf *, const char *s);
/*
 * Split line into at most max fields, in place, each unescaped (\N:
 * NULL).  Returns the number of fields, at most max: pass one more
 * than a record has to tell a line with too many.
 */
size_t	 tsv_split(char *line, char **fields, size_t max);

#endif /* CHKC_TSV_H */
