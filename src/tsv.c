/*
 * Tab-separated records with escaped fields (tsv.h).
 */
#include <string.h>

#include "buf.h"
#include "tsv.h"

void
tsv_put(struct buf *b, const char *s)
{
	buf_putc(b, '\t');
	if (s == NULL) {
		buf_puts(b, "\\N");
		return;
	}
	for (; *s != '\0'; s++)
		if (*s == '\t')
			buf_puts(b, "\\t");
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s == '\\')
			buf_puts(b, "\\\\");
		else
			buf_putc(b, *s);
}

/* Unescape the field at s, in place, up to a tab or the end of the
 * line; *field is NULL when it is exactly \N.  Returns the start of the
 * next field, NULL at the end of the line. */
static char *
tsv_field(char *s, char **field)
{
	char	*p, *w = s, end;
	int	 null = s[0] == '\\' && s[1] == 'N' &&
		    (s[2] == '\0' || s[2] == '\t');

	*field = null ? NULL : s;
	for (p = s; *p != '\0' && *p != '\t'; p++) {
		if (*p == '\\' && p[1] != '\0' && p[1] != '\t') {
			p++;
			*w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
		} else
			*w++ = *p;
	}
	end = *p;
	*w = '\0';
	return end == '\t' ? p + 1 : NULL;
}

size_t
tsv_split(char *line, char **fields, size_t max)
{
	size_t	 n = 0;

	while (n < max && line != NULL)
		line = tsv_field(line, &fields[n++]);
	return n;
}
