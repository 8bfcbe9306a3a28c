/*
 * Arenas: every node and string of a tree comes from one arena and is
 * released at once by arena_free().  Out of memory is fatal (exit 3),
 * so no caller checks for NULL.
 */
#ifndef CHKC_ARENA_H
#define CHKC_ARENA_H

#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
void		*arena_alloc(struct arena *, size_t);	/* zeroed */
void		*arena_bump(struct arena *, size_t);	/* not zeroed */
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
size_t		 arena_used(const struct arena *);

/* malloc and friends that exit(3) on failure; free with free(). */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);

#endif /* CHKC_ARENA_H */
