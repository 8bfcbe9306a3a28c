/*
 * The import stage: an existing Markdown checklist (GitHub-flavoured,
 * parsed with cmark-gfm) to a template in the YAML of doc/format.md §1.
 * What cannot be mapped is kept as an md block, with a warning at its
 * line:col; nothing is dropped silently.
 */
#ifndef CHKC_IMPORT_H
#define CHKC_IMPORT_H

#include <stddef.h>

struct buf;
struct diag;

/*
 * Convert the Markdown text (len bytes; name is used in diagnostics)
 * and append the template YAML to out.  id is the template id to use,
 * or NULL to take it from the title (else "checklist"); lang its
 * language, or NULL to guess it (a warning says what).  Returns 0, or
 * -1 after adding an error (not UTF-8, a NUL byte, too large); warnings
 * do not fail it.
 */
int	 import_markdown(const char *name, const char *text, size_t len,
	    const char *id, const char *lang, struct buf *out,
	    struct diag *d);

/*
 * The template id for a name (a file name or a title): ASCII letters
 * and digits lower-cased, Cyrillic transliterated, runs of anything else
 * become '-', trimmed.  Returns a malloc'd string the caller frees, ""
 * when nothing is left.
 */
char	*import_id(const char *name);

#endif /* CHKC_IMPORT_H */
