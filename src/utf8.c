#include "utf8.h"

size_t
utf8_decode(const char *str, size_t n, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	len, i;

	*cp = 0xFFFD;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	*cp = s[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 0;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return len;
}

size_t
utf8_encode(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_length(const char *s, size_t n)
{
	size_t	i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

unsigned long
utf8_tolower(unsigned long cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)		/* А-Я */
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)		/* Ѐ-Џ, Ё */
		return cp + 80;
	if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)	/* Greek */
		return cp + 32;
	return cp;
}

int
utf8_isalnum(unsigned long cp)
{
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 'A' && cp <= 'Z'))
		return 1;
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return 0;
	if (cp <= 0x24F)			/* Latin-1 and Extended */
		return 1;
	if (cp >= 0x370 && cp <= 0x3FF)		/* Greek */
		return 1;
	if (cp >= 0x400 && cp <= 0x52F)		/* Cyrillic */
		return 1;
	if (cp >= 0x4E00 && cp <= 0x9FFF)	/* CJK */
		return 1;
	return 0;
}
