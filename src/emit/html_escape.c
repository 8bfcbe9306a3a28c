/*
 * Escaping for the HTML emitters: text and attribute values, URLs,
 * JSON inside a <script type="application/json"> data block, and the
 * Content-Security-Policy hash of an inline script or style.
 */
#include <string.h>

#include <openssl/evp.h>

#include "buf.h"
#include "emit/emit.h"
#include "sha256.h"

/*
 * Append s with & < > " ' escaped: safe in text and in a quoted
 * attribute value alike, so callers need only one function.
 */
void
emit_html_escape(struct buf *b, const char *s)
{
	const char	*p, *rep;

	if (s == NULL)
		return;
	/* strcspn() skips the runs of other characters word by word. */
	for (p = s; *(p += strcspn(p, "&<>\"'")) != '\0'; p++) {
		switch (*p) {
		case '&':	rep = "&amp;"; break;
		case '<':	rep = "&lt;"; break;
		case '>':	rep = "&gt;"; break;
		case '"':	rep = "&quot;"; break;
		case '\'':	rep = "&#39;"; break;
		default:	continue;
		}
		buf_put(b, s, (size_t)(p - s));
		buf_puts(b, rep);
		s = p + 1;
	}
	buf_put(b, s, (size_t)(p - s));
}

/*
 * Append s percent-encoded as one path segment of a relative URL: only
 * unreserved bytes stay, so an id can never become "javascript:" or
 * climb out with "../".
 */
void
emit_url_escape(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    (*p == '.' && p != (const unsigned char *)s)) {
			buf_putc(b, *p);
			continue;
		}
		buf_putc(b, '%');
		buf_putc(b, hex[*p >> 4]);
		buf_putc(b, hex[*p & 15]);
	}
}

/*
 * Append s as a quoted JSON string.  Besides what JSON requires, < >
 * and & become \u escapes, so the text can never close the <script>
 * element it sits in nor open a comment there.  NULL becomes null.
 */
void
emit_json_string(struct buf *b, const char *s)
{
	/* The bytes escaped (and the NUL, where the loop stops): a table
	 * look-up per byte, runs of the others copied whole. */
	static const unsigned char	 special[256] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1
	};
	const unsigned char		*p;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	for (p = (const unsigned char *)s;; p++) {
		while (!special[*p])
			p++;
		buf_put(b, s, (size_t)((const char *)p - s));
		if (*p == '\0')
			break;
		s = (const char *)p + 1;
		switch (*p) {
		case '"':	buf_puts(b, "\\\""); break;
		case '\\':	buf_puts(b, "\\\\"); break;
		case '\n':	buf_puts(b, "\\n"); break;
		case '\r':	buf_puts(b, "\\r"); break;
		case '\t':	buf_puts(b, "\\t"); break;
		default:	buf_printf(b, "\\u%04x", *p); break;
		}
	}
	buf_putc(b, '"');
}

/*
 * Append the CSP source expression of an inline script or style whose
 * text (between the tags, byte for byte) is s: 'sha256-<base64>'.
 */
void
emit_csp_hash(struct buf *b, const char *s)
{
	unsigned char	md[SHA256_LEN];
	unsigned char	b64[4 * ((SHA256_LEN + 2) / 3) + 1];

	sha256(s, strlen(s), md);
	EVP_EncodeBlock(b64, md, SHA256_LEN);
	buf_printf(b, "'sha256-%s'", (const char *)b64);
}
