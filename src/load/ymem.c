/*
 * libyaml's memory while a file is parsed (ymem_begin() to ymem_end()):
 * free lists by size class, in an arena of the parse.
 *
 * For each scalar it scans libyaml makes about five small allocations
 * (the scalar, the scanner's work strings, the event's copy) and frees
 * them a moment later: through malloc() and free() that was a fifth of
 * libyaml's time.  libyaml allocates only through yaml_malloc(),
 * yaml_realloc(), yaml_strdup() and yaml_free(), which it exports and
 * calls through the dynamic linker, so the ones defined here are those
 * it uses.  No block crosses a parse's bounds: the parser and every
 * event of it are deleted before ymem_end().  Outside a parse they are
 * xmalloc() and friends; out of memory is fatal, as everywhere else.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "arena.h"
#include "load/internal.h"

#define CLASS_MIN	16		/* bytes of class 0; class k: 16 << k */
#define CLASS_BIG	YMEM_CLASSES	/* a block of its own, malloc'ed */

/* Before each block, its class; 16 bytes keep the block aligned. */
struct head {
	size_t	cls;
	size_t	pad;
};

static _Thread_local struct ymem *cur;	/* the parse under way */

void
ymem_begin(struct ymem *m)
{
	memset(m, 0, sizeof(*m));
	m->a = arena_new();
	m->saved = cur;
	cur = m;
}

void
ymem_end(struct ymem *m)
{
	arena_free(m->a);
	cur = m->saved;
}

/* The smallest class of size bytes or more: the bits of size - 1
 * beyond those of CLASS_MIN - 1 (4). */
static size_t
class_of(size_t size)
{
	size_t	k;

	if (size <= CLASS_MIN)
		return 0;
	k = (size_t)(64 - __builtin_clzll((unsigned long long)size - 1)) - 4;
	return k < CLASS_BIG ? k : CLASS_BIG;
}

static size_t
room(const struct head *h)
{
	return (size_t)CLASS_MIN << h->cls;
}

void *
yaml_malloc(size_t size)
{
	struct head	*h;
	size_t		 k;

	if (cur == NULL)
		return xmalloc(size);
	if ((k = class_of(size)) == CLASS_BIG)
		h = xmalloc(sizeof(*h) + size);
	else if ((h = cur->free[k]) != NULL)
		memcpy(&cur->free[k], h + 1, sizeof(void *));
	else
		h = arena_bump(cur->a, sizeof(*h) + ((size_t)CLASS_MIN << k));
	h->cls = k;
	return h + 1;
}

/* The head of block p (not NULL). */
static struct head *
head_of(void *p)
{
	return (struct head *)p - 1;
}

void
yaml_free(void *p)
{
	struct head	*h;

	if (p == NULL)		/* most of an event's fields */
		return;
	if (cur == NULL)
		free(p);
	else if ((h = head_of(p))->cls == CLASS_BIG)
		free(h);
	else {
		memcpy(p, &cur->free[h->cls], sizeof(void *));
		cur->free[h->cls] = h;
	}
}

void *
yaml_realloc(void *p, size_t size)
{
	struct head	*h;
	void		*q;

	if (cur == NULL)
		return xrealloc(p, size);
	if (p == NULL)
		return yaml_malloc(size);
	if ((h = head_of(p))->cls == CLASS_BIG && class_of(size) == CLASS_BIG) {
		h = xrealloc(h, sizeof(*h) + size);
		return h + 1;
	}
	if (h->cls != CLASS_BIG && size <= room(h))
		return p;
	q = yaml_malloc(size);
	/* Smaller than a big block, larger than a small one. */
	memcpy(q, p, h->cls == CLASS_BIG ? size : room(h));
	yaml_free(p);
	return q;
}

yaml_char_t *
yaml_strdup(const yaml_char_t *s)
{
	size_t		 len;
	yaml_char_t	*p;

	if (s == NULL)
		return NULL;
	len = strlen((const char *)s) + 1;
	p = yaml_malloc(len);
	return memcpy(p, s, len);
}
