/*
 * Tab-separated records with escaped fields (tsv.h).
 */
#include <string.h>

#include "buf.h"
#include "tsv.h"

void
tsv_put(struct buf *b, const char *s)
{
	size_t	n;

	buf_putc(b, '\t');
	if (s == NULL) {
		buf_puts(b, "\\N");
		return;
	}
	/* Runs of plain bytes at once: a build's cache is a line for
	 * each source and output of each checklist. */
	for (;;) {
		n = strcspn(s, "\t\n\\");
		buf_put(b, s, n);
		if (s[n] == '\0')
			return;
		buf_puts(b, s[n] == '\t' ? "\\t" : s[n] == '\n' ? "\\n" :
		    "\\\\");
		s += n + 1;
	}
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
