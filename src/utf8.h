/*
 * UTF-8 helpers shared by the stages: slugs, lengths in code points.
 */
#ifndef CHKC_UTF8_H
#define CHKC_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* Are the n bytes at s ASCII?  8 at a time; inline: the loader asks
 * for every node's place in a file that is not all ASCII. */
static inline int
utf8_is_ascii(const char *s, size_t n)
{
	uint64_t	w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		if (w & 0x8080808080808080ULL)
			return 0;
	}
	for (; n > 0; s++, n--)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

#endif /* CHKC_UTF8_H */
