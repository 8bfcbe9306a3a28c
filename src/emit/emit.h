/*
 * The emit stage: a resolved checklist (chkc.h) to the bytes of one
 * output file.  Emitters see only the model, never YAML or variables;
 * they append to a buf and the CLI writes it out atomically.  A run
 * (chkc.h) may be given to draw the filled checklist; NULL draws the
 * blank one.  Each returns 0, or -1 after adding a diagnostic.
 */
#ifndef CHKC_EMIT_H
#define CHKC_EMIT_H

#include <stddef.h>

#include "chkc.h"

struct buf;
struct diag;

/* Labels chkc prints itself, by language (en, ru). */
const char	*emit_label(const char *lang, const char *key);

/* GitHub-flavoured Markdown: task lists, fields, tables, sign-off. */
int	 emit_md(const struct chk_list *, const struct chk_run *,
	    struct buf *, struct diag *);

/* Escape plain text so Markdown shows it literally (inline context). */
void	 emit_md_escape(struct buf *, const char *);

#endif /* CHKC_EMIT_H */
