/*
 * UTF-8 helpers shared by the stages: slugs, lengths in code points.
 */
#ifndef CHKC_UTF8_H
#define CHKC_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Decode the code point at s (n bytes available); returns its length,
 * or 0 and *cp = 0xFFFD for an invalid sequence. */
size_t	utf8_decode(const char *s, size_t n, unsigned long *cp);
/* Append the UTF-8 encoding of cp to out (at least 4 bytes); returns
 * the number of bytes written. */
size_t	utf8_encode(unsigned long cp, char *out);
/* Number of code points in s. */
size_t	utf8_length(const char *s, size_t n);
/* Lower case of letters we slug: ASCII, Latin-1, Cyrillic, Greek. */
unsigned long utf8_tolower(unsigned long cp);
/* Is cp a letter or a digit (for slugs)? */
int	utf8_isalnum(unsigned long cp);

/*
 * How many of the n bytes at s are ASCII before the first that is not
 * (n when all are)?  Most text is: with SSE2 (every x86-64) 16 bytes are
 * tested at once, their high bits the mask, else 8 as a word.  Inline:
 * the loader asks for every input file and for every node's place in a
 * file that is not all ASCII.
 */
static inline size_t
utf8_ascii_prefix(const char *s, size_t n)
{
	uint64_t	w;
	size_t		i = 0;
#ifdef __SSE2__
	unsigned	bits;

	for (; n - i >= 16; i += 16)
		if ((bits = (unsigned)_mm_movemask_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)(s + i)))) != 0)
			return i + (size_t)__builtin_ctz(bits);
#endif
	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			break;
	return i;
}

/* Are the n bytes at s ASCII? */
static inline int
utf8_is_ascii(const char *s, size_t n)
{
	return utf8_ascii_prefix(s, n) == n;
}

#endif /* CHKC_UTF8_H */
