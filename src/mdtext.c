#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "mdtext.h"

/* What opens a block at the start of a line. */
#define BLOCK_SPECIAL	"#+-=>"

/* How mdtext_escape() writes a byte: as it is, as a space (a line
 * break or tab), after a backslash (inline markup: emphasis, code,
 * links, autolinks and raw HTML, strikethrough, entities, table
 * cells); MD_END where the text ends. */
enum { MD_SAME, MD_SPACE, MD_ESCAPE, MD_END };

static const unsigned char md_class[256] = {
	['\0'] = MD_END, ['\n'] = MD_SPACE, ['\r'] = MD_SPACE,
	['\t'] = MD_SPACE, ['\\'] = MD_ESCAPE, ['`'] = MD_ESCAPE,
	['*'] = MD_ESCAPE, ['_'] = MD_ESCAPE, ['['] = MD_ESCAPE,
	[']'] = MD_ESCAPE, ['<'] = MD_ESCAPE, ['>'] = MD_ESCAPE,
	['|'] = MD_ESCAPE, ['~'] = MD_ESCAPE, ['&'] = MD_ESCAPE,
	['!'] = MD_ESCAPE
};

void
mdtext_escape(struct buf *b, const char *s, int at_line_start)
{
	const unsigned char	*p;

	if (at_line_start) {
		/* Blanks (line breaks become spaces) do not stop the value
		 * from starting a block: up to three spaces before "#" still
		 * make a heading.  They are dropped. */
		s += strspn(s, " \t\r\n");
		for (p = (const unsigned char *)s; isdigit(*p); p++)
			;
		if ((const char *)p > s && (*p == '.' || *p == ')')) {
			buf_put(b, s, (size_t)((const char *)p - s));
			buf_putc(b, '\\');
			s = (const char *)p;
		} else if (*s != '\0' && strchr(BLOCK_SPECIAL, *s) != NULL)
			buf_putc(b, '\\');
	}
	/* Runs of bytes written as they are are copied whole. */
	for (p = (const unsigned char *)s;; p++) {
		while (md_class[*p] == MD_SAME)
			p++;
		buf_put(b, s, (size_t)((const char *)p - s));
		if (md_class[*p] == MD_END)
			break;
		if (md_class[*p] == MD_SPACE)
			buf_putc(b, ' ');
		else {
			buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		s = (const char *)p + 1;
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
