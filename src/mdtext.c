#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "mdtext.h"

/* Inline markup: emphasis, code, links, autolinks and raw HTML,
 * strikethrough, entities, table cells. */
#define INLINE_SPECIAL	"\\`*_[]<>|~&!"
/* What opens a block at the start of a line. */
#define BLOCK_SPECIAL	"#+-=>"

void
mdtext_escape(struct buf *b, const char *s, int at_line_start)
{
	const char	*p;

	if (at_line_start) {
		/* Blanks (line breaks become spaces) do not stop the value
		 * from starting a block: up to three spaces before "#" still
		 * make a heading.  They are dropped. */
		s += strspn(s, " \t\r\n");
		for (p = s; isdigit((unsigned char)*p); p++)
			;
		if (p > s && (*p == '.' || *p == ')')) {
			buf_put(b, s, (size_t)(p - s));
			buf_putc(b, '\\');
			s = p;
		} else if (*s != '\0' && strchr(BLOCK_SPECIAL, *s) != NULL)
			buf_putc(b, '\\');
	}
	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_putc(b, ' ');
		else {
			if (strchr(INLINE_SPECIAL, *s) != NULL)
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
	}
}

int
mdtext_link_def(const char *p, size_t n)
{
	size_t		 i = strspn(p, " ");
	const char	*e;

	if (i > 3 || i >= n || p[i] != '[')
		return 0;
	e = memchr(p + i, ']', n - i);
	return e != NULL && (size_t)(e - p) + 1 < n && e[1] == ':';
}
