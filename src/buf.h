/*
 * Growable byte buffers and pointer vectors, on malloc.  Emitters build
 * whole files in a buf; the CLI writes it out atomically.
 */
#ifndef CHKC_BUF_H
#define CHKC_BUF_H

#include <stddef.h>
#include <string.h>

struct arena;

struct buf {
	char	*data;		/* always NUL-terminated once used */
	size_t	 len;
	size_t	 cap;
};

/* Make room for extra more bytes (and the NUL): buf_grow() below,
 * when the room is short. */
void	 buf_enlarge(struct buf *, size_t extra);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append the decimal digits of n. */
void	 buf_putu(struct buf *, unsigned long long n);
void	 buf_reset(struct buf *);	/* keeps the memory */
void	 buf_free(struct buf *);
/* The buffer's text, "" when empty; valid until the next change. */
const char *buf_str(const struct buf *);

/*
 * Fields, to hand records from one process to another (chkc build -j's
 * workers): each a netstring "<length>:<bytes>," or "~" for NULL, so
 * that any bytes pass and nothing needs escaping.
 */
void	 buf_put_field(struct buf *, const char *);
void	 buf_put_fieldnum(struct buf *, long long);

/* Reading fields from p up to end; bad is set, for good, by the first
 * field that is cut short or malformed. */
struct buf_reader {
	char	*p, *end;
	int	 bad;
};

/* The next field, cut in place (its ',' becomes a NUL, so the text
 * lives as long as the bytes read); NULL for "~", or when bad. */
const char *buf_get_field(struct buf_reader *);
/* The next field as a number; 0 when it is "~" or bad. */
long long buf_get_fieldnum(struct buf_reader *);

/*
 * The appends every emitter makes by the thousand, inline: a call and
 * a strlen() of a literal cost more than the copy of its few bytes,
 * and inlined, buf_puts(b, "literal") measures the literal when
 * compiling.
 */

/* Make room for extra more bytes (and the NUL); most calls find it. */
static inline void
buf_grow(struct buf *b, size_t extra)
{
	/* data == NULL: a buffer never grown (gcc's analyzer cannot tell
	 * that extra + 1 > 0 - 0 always holds for it). */
	if (b->data == NULL || b->len + extra + 1 > b->cap)
		buf_enlarge(b, extra);
}

static inline void
buf_put(struct buf *b, const char *s, size_t len)
{
	buf_grow(b, len);
	if (len > 0)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static inline void
buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

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
