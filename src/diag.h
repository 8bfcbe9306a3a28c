/*
 * Diagnostics: stages add them and go on, so that a file reports all
 * its errors; only the CLI prints them, sorted by place.
 */
#ifndef CHKC_DIAG_H
#define CHKC_DIAG_H

#include <stdio.h>

struct buf;
struct buf_reader;
struct loc;

enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE		/* belongs to the diagnostic before it */
};

struct diag;

struct diag	*diag_new(void);
void		 diag_free(struct diag *);
/* at may be NULL (no place) or have line 0 (the whole file). */
void		 diag_add(struct diag *, const struct loc *at,
		    enum diag_level, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
int		 diag_errors(const struct diag *);
int		 diag_warnings(const struct diag *);
size_t		 diag_count(const struct diag *);
/* Warnings become errors (chkc check --strict). */
void		 diag_set_strict(struct diag *, int);
/* Sort by file, line, column (notes stay with their diagnostic), print
 * as "file:line:col: level: message" and forget them. */
void		 diag_print(struct diag *, FILE *);
/* The n-th diagnostic's text as diag_print would print it, for tests;
 * in insertion order.  Returns NULL past the end. */
const char	*diag_text(struct diag *, size_t n);
/*
 * The diagnostics from the n-th on, in insertion order, appended to out
 * as fields (buf.h); diag_load() adds what one such dump holds to d, as
 * diag_add() took them, and returns 0, or -1 (r->bad set) when it is
 * cut short or malformed.  chkc build -j hands the diagnostics of its
 * worker processes to the parent so.
 */
void		 diag_dump(const struct diag *, size_t n, struct buf *out);
int		 diag_load(struct diag *, struct buf_reader *r);
/* Add the diagnostics of from to d, in order, as diag_load() would. */
void		 diag_append(struct diag *d, const struct diag *from);

/* The closest of the candidates to name (edit distance), or NULL when
 * none is close enough to be a likely typo. */
const char	*diag_did_you_mean(const char *name, const char *const *cands,
		    size_t ncands);

#endif /* CHKC_DIAG_H */
