/*
 * Escaping literal text for Markdown, shared by the resolver (values
 * interpolated into Markdown texts) and the Markdown emitter (plain
 * texts such as options and roles).
 */
#ifndef CHKC_MDTEXT_H
#define CHKC_MDTEXT_H

#include <stddef.h>

struct buf;

/*
 * Append s so that Markdown shows it as it is: characters that could
 * start inline markup are backslash-escaped, and so is one that would
 * start a block when s may begin a line (at_line_start; blanks at the
 * start of s are then dropped).  Line breaks and tabs become spaces: a
 * value never leaves its line or table cell.
 */
void	mdtext_escape(struct buf *, const char *s, int at_line_start);

/* Is the line (n bytes) a link reference definition, "[docs]: URL"? */
int	mdtext_link_def(const char *line, size_t n);

#endif /* CHKC_MDTEXT_H */
