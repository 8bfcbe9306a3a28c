/*
 * Growable byte buffers and pointer vectors, on malloc.  Emitters build
 * whole files in a buf; the CLI writes it out atomically.
 */
#ifndef CHKC_BUF_H
#define CHKC_BUF_H

#include <stddef.h>

struct arena;

struct buf {
	char	*data;		/* always NUL-terminated once used */
	size_t	 len;
	size_t	 cap;
};

void	 buf_put(struct buf *, const char *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);	/* keeps the memory */
void	 buf_free(struct buf *);
/* The buffer's text, "" when empty; valid until the next change. */
const char *buf_str(const struct buf *);

struct ptrvec {
	void	**v;
	size_t	  n;
	size_t	  cap;
};

void	 ptrvec_push(struct ptrvec *, void *);
/* Copy the vector into the arena, free it, return the copy (NULL when
 * empty) and store its length in *n. */
void	*ptrvec_finish(struct ptrvec *, struct arena *, size_t *n);
void	 ptrvec_free(struct ptrvec *);

#endif /* CHKC_BUF_H */
