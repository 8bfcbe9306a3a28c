/*
 * Arenas: every node and string of a tree comes from one arena and is
 * released at once by arena_free().  Out of memory is fatal (exit 3),
 * so no caller checks for NULL.
 */
#ifndef CHKC_ARENA_H
#define CHKC_ARENA_H

#include <stddef.h>
#include <string.h>

/*
 * The two structures are here only for the inline arena_bump() and
 * arena_alloc() below: the loader, the validator and the walk make a
 * node or a string every few dozen instructions, and a call (and a
 * call to memset() of a size known where the caller is) cost about as
 * much as the allocation.  Nothing else reads them.
 */
struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 used;
	max_align_t		 data[];
};

struct arena {
	struct arena_chunk	*head;
	size_t			 total;
};

#define ARENA_ALIGN	16

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
void		*arena_bump_new(struct arena *, size_t)	/* a new chunk */
		    __attribute__((returns_nonnull));
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
size_t		 arena_used(const struct arena *);

/* size bytes, not zeroed. */
static inline void *
arena_bump(struct arena *a, size_t size)
{
	struct arena_chunk	*c = a->head;
	size_t			 want;
	void			*p;

	want = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (want < size || c == NULL || c->size - c->used < want)
		return arena_bump_new(a, size);
	p = (char *)c->data + c->used;
	c->used += want;
	return p;
}

/* size bytes, zeroed. */
static inline void *
arena_alloc(struct arena *a, size_t size)
{
	return memset(arena_bump(a, size), 0, size);
}

/* malloc and friends that exit(3) on failure; free with free(). */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);

#endif /* CHKC_ARENA_H */
