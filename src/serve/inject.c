/*
 * The reload script in each HTML page chkc serve sends (serve.h).  The
 * pages' Content-Security-Policy (a meta element) names their own
 * script and style by hash and allows no connection; only the copy
 * served is given the script's hash and connect-src 'self', so that a
 * built file is the same whether or not it was built by serve.
 */
#include <string.h>

#include "buf.h"
#include "emit/emit.h"
#include "serve/serve.h"

extern const char emit_asset_serve_reload_js[];

#define CSP_META	"<meta http-equiv=\"Content-Security-Policy\" content=\""

/* The script's CSP source, hashed once (before any thread starts: the
 * server computes it in serve_http_start()). */
static const char *
reload_hash(void)
{
	static struct buf	hash;

	if (hash.len == 0)
		emit_csp_hash(&hash, emit_asset_serve_reload_js);
	return buf_str(&hash);
}

/* Copy the policy p (len bytes) with the script's hash in its
 * script-src (made when it has none) and connections to the server. */
static void
inject_csp(struct buf *out, const char *p, size_t len)
{
	const char	*ss = NULL, *s;

	for (s = p; s + 11 <= p + len; s++)
		if (memcmp(s, "script-src ", 11) == 0 &&
		    (s == p || s[-1] == ' ' || s[-1] == ';')) {
			ss = s + 11;
			break;
		}
	if (ss != NULL) {
		buf_put(out, p, (size_t)(ss - p));
		buf_puts(out, reload_hash());
		buf_putc(out, ' ');
		buf_put(out, ss, len - (size_t)(ss - p));
	} else {
		buf_put(out, p, len);
		buf_puts(out, "; script-src ");
		buf_puts(out, reload_hash());
	}
	buf_puts(out, "; connect-src 'self'");
}

/* The last "</body>" of s (len bytes), or NULL. */
static const char *
body_end(const char *s, size_t len)
{
	const char	*p;

	for (p = s + len; p - s >= 7; p--)
		if (memcmp(p - 7, "</body>", 7) == 0)
			return p - 7;
	return NULL;
}

void
serve_inject(const char *html, size_t len, unsigned long gen,
    struct buf *out)
{
	const char	*meta, *csp, *end, *body, *from = html;

	meta = len > 0 ? strstr(html, CSP_META) : NULL;
	if (meta != NULL && (size_t)(meta - html) < len) {
		csp = meta + strlen(CSP_META);
		if ((end = memchr(csp, '"', len - (size_t)(csp - html))) != NULL) {
			buf_put(out, html, (size_t)(csp - html));
			inject_csp(out, csp, (size_t)(end - csp));
			from = end;
		}
	}
	if ((body = body_end(from, len - (size_t)(from - html))) == NULL)
		body = html + len;
	buf_put(out, from, (size_t)(body - from));
	buf_printf(out, "<script data-gen=\"%lu\">", gen);
	buf_puts(out, emit_asset_serve_reload_js);
	buf_puts(out, "</script>\n");
	buf_put(out, body, len - (size_t)(body - html));
}
