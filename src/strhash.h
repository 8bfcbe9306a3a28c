/*
 * The hash of a string for chkc's open-addressing tables: FNV-1a over
 * the string 8 bytes at a time (paths, looked up for every source of
 * every checklist, are long), its high bits folded down at the end
 * since a multiplication carries a byte's bits only upwards and a
 * table takes the low bits.
 */
#ifndef CHKC_STRHASH_H
#define CHKC_STRHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline size_t
str_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL, w;
	size_t		 i, len = strlen(s);

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ w ^ len) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return (size_t)(h ^ (h >> 33));
}

#endif /* CHKC_STRHASH_H */
