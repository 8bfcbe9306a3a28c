/*
 * The hash of a string for chkc's open-addressing tables (FNV-1a): a
 * table of names, ids or paths takes the low bits.
 */
#ifndef CHKC_STRHASH_H
#define CHKC_STRHASH_H

#include <stddef.h>

static inline size_t
str_hash(const char *s)
{
	size_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

#endif /* CHKC_STRHASH_H */
