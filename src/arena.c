/*
 * A bump allocator in chunks, after cmark-gfm's arena: allocation is a
 * pointer increment, release is one walk over the chunk list.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN	(64 * 1024)

void *
xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size ? size : 1)) == NULL)
		err(3, "malloc");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		err(3, "calloc");
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	if ((p = realloc(p, size ? size : 1)) == NULL)
		err(3, "realloc");
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		err(3, "strdup");
	return p;
}

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

/*
 * size bytes from a new chunk: arena_bump() when the current one has no
 * room left.
 */
void *
arena_bump_new(struct arena *a, size_t size)
{
	struct arena_chunk	*c;
	size_t			 csize, want;

	want = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (want < size)
		errx(3, "arena: allocation too large");
	csize = want > CHUNK_MIN ? want : CHUNK_MIN;
	c = xmalloc(sizeof(*c) + csize);
	c->size = csize;
	c->used = want;
	/* Keep the roomier chunk in front: a big one-off block must not
	 * strand the free space of the current one. */
	if (a->head != NULL && want > CHUNK_MIN) {
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
	}
	a->total += csize;
	return c->data;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p = arena_bump(a, len + 1);	/* every byte written below */

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 len;
	char	*p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		errx(3, "arena_printf: bad format");
	p = arena_bump(a, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
