/*
 * Inside the load stage: libyaml's memory during a parse (ymem.c).
 * Nothing outside src/load/ includes this.
 */
#ifndef CHKC_LOAD_INTERNAL_H
#define CHKC_LOAD_INTERNAL_H

#include <stddef.h>

#include <yaml.h>

#define YMEM_CLASSES	13	/* 16 bytes to 64 KB; larger: malloc() */

struct arena;

struct ymem {
	struct arena	*a;			/* the blocks */
	void		*free[YMEM_CLASSES];	/* free blocks by class */
	struct ymem	*saved;			/* in force before */
};

/*
 * From ymem_begin() to ymem_end() (in the same thread), libyaml's
 * allocations are blocks of m, all released by ymem_end(): every
 * parser and event must be deleted before.
 */
void		 ymem_begin(struct ymem *m);
void		 ymem_end(struct ymem *m);

/* libyaml's allocator, which these replace (ymem.c says how). */
void		*yaml_malloc(size_t);
void		*yaml_realloc(void *, size_t);
void		 yaml_free(void *);
yaml_char_t	*yaml_strdup(const yaml_char_t *);

#endif /* CHKC_LOAD_INTERNAL_H */
