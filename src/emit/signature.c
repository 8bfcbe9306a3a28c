/*
 * A signed sign-off role as text: the principal and key fingerprint of
 * a valid signature, or why it is not, in the checklist's language.
 */
#include <string.h>

#include "buf.h"
#include "chkc.h"
#include "label.h"
#include "emit/emit.h"

void
emit_signature_text(const char *lang, const struct chk_signature *sig,
    int brief, struct buf *b)
{
	const char	*key = sig != NULL && sig->key != NULL ? sig->key : "?";

	if (sig == NULL || sig->signature == NULL)
		return;
	if (sig->state == CHK_SIG_INVALID) {
		buf_puts(b, label_get(lang, "signature-invalid"));
		return;
	}
	buf_printf(b, "%s %s%s%.*s%s", label_get(lang, "signed-by"),
	    sig->principal ? sig->principal : "?", brief ? "\n" : ", ",
	    brief && strlen(key) > 19 ? 19 : (int)strlen(key), key,
	    brief && strlen(key) > 19 ? "…" : "");
	if (sig->state != CHK_SIG_VALID)
		buf_printf(b, " (%s)", label_get(lang, "signature-unchecked"));
}
