/*
 * "pattern" and "patternProperties": ECMA-262 regular expressions run by
 * PCRE2 in UTF mode.  The two dialects mostly agree; where they do not,
 * the pattern is rewritten before it is compiled (once, when the schema
 * is compiled):
 *   \d \w \b	ASCII in both (PCRE2 without UCP), kept
 *   \s \S	ECMA counts Unicode spaces and the BOM: spelled out
 *   \uXXXX	ECMA only (and \u{...}): becomes \x{...}
 *   $		end of subject only (PCRE2_DOLLAR_ENDONLY)
 *   [] [^]	the empty class and "any" (PCRE2_ALLOW_EMPTY_CLASS)
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "schema/libschema.h"
#include "utf8.h"

struct regex {
	pcre2_code		*code;
	pcre2_match_context	*mctx;		/* the match limit */
	const char		*src;		/* as written in the schema */
	struct regex		*next;		/* registry's list */
	int			 jit;		/* code JIT-compiled */
};

/*
 * Backtracking steps of one match (PCRE2's default: 10,000,000).  A
 * pattern like ^(a+)+$ takes exponential time on "aaa...ab": a
 * tenth of the default is a tenth of the time per string (about 12 ms),
 * and still far more than any sane pattern needs.
 */
#define MATCH_LIMIT	1000000

/* ECMA-262 WhiteSpace and LineTerminator, for inside a class. */
#define ECMA_SPACES "\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}" \
	"\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

static int
hex4(const char *s, unsigned long *cp)
{
	size_t	i;
	char	tmp[5];

	for (i = 0; i < 4; i++)
		if (s[i] == '\0' ||
		    strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return 0;
	memcpy(tmp, s, 4);
	tmp[4] = '\0';
	*cp = strtoul(tmp, NULL, 16);
	return 1;
}

/* Rewrite \u escapes at s (just after the backslash); returns the
 * number of pattern bytes used, 0 if s is not one. */
static size_t
ecma_unicode(struct buf *out, const char *s)
{
	unsigned long	 cp, lo;
	size_t		 n;

	if (s[0] != 'u')
		return 0;
	if (s[1] == '{' && (n = strspn(s + 2, "0123456789abcdefABCDEF")) > 0 &&
	    s[2 + n] == '}') {
		buf_printf(out, "\\x{%.*s}", (int)n, s + 2);
		return n + 3;
	}
	if (!hex4(s + 1, &cp))
		return 0;
	/* A surrogate pair written as two escapes is one code point. */
	if (cp >= 0xD800 && cp <= 0xDBFF && s[5] == '\\' && s[6] == 'u' &&
	    hex4(s + 7, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
		buf_printf(out, "\\x{%lX}", 0x10000 +
		    ((cp - 0xD800) << 10) + (lo - 0xDC00));
		return 11;
	}
	buf_printf(out, "\\x{%lX}", cp);
	return 5;
}

/* ECMA-262 long names of general categories that PCRE2 10.42 only
 * knows by their short names. */
static const char *const categories[][2] = {
	{ "Letter", "L" }, { "Cased_Letter", "L&" },
	{ "Uppercase_Letter", "Lu" }, { "Lowercase_Letter", "Ll" },
	{ "Titlecase_Letter", "Lt" }, { "Modifier_Letter", "Lm" },
	{ "Other_Letter", "Lo" }, { "Mark", "M" }, { "Nonspacing_Mark", "Mn" },
	{ "Spacing_Mark", "Mc" }, { "Enclosing_Mark", "Me" },
	{ "Number", "N" }, { "Decimal_Number", "Nd" }, { "digit", "Nd" },
	{ "Letter_Number", "Nl" }, { "Other_Number", "No" },
	{ "Punctuation", "P" }, { "punct", "P" },
	{ "Connector_Punctuation", "Pc" }, { "Dash_Punctuation", "Pd" },
	{ "Open_Punctuation", "Ps" }, { "Close_Punctuation", "Pe" },
	{ "Initial_Punctuation", "Pi" }, { "Final_Punctuation", "Pf" },
	{ "Other_Punctuation", "Po" }, { "Symbol", "S" },
	{ "Math_Symbol", "Sm" }, { "Currency_Symbol", "Sc" },
	{ "Modifier_Symbol", "Sk" }, { "Other_Symbol", "So" },
	{ "Separator", "Z" }, { "Space_Separator", "Zs" },
	{ "Line_Separator", "Zl" }, { "Paragraph_Separator", "Zp" },
	{ "Other", "C" }, { "Control", "Cc" }, { "cntrl", "Cc" },
	{ "Format", "Cf" }, { "Surrogate", "Cs" }, { "Private_Use", "Co" },
	{ "Unassigned", "Cn" },
};

/* \p{...} or \P{...} at s (just after the backslash), with ECMA's
 * long names and "gc=", "sc=" prefixes; returns the bytes used, 0 if
 * s is not one. */
static size_t
ecma_property(struct buf *out, const char *s)
{
	const char	*name, *end;
	size_t		 i, n;

	if ((s[0] != 'p' && s[0] != 'P') || s[1] != '{' ||
	    (end = strchr(s + 2, '}')) == NULL)
		return 0;
	name = s + 2;
	if (strncmp(name, "General_Category=", 17) == 0)
		name += 17;
	else if (strncmp(name, "gc=", 3) == 0 || strncmp(name, "sc=", 3) == 0)
		name += 3;
	else if (strncmp(name, "Script=", 7) == 0)
		name += 7;
	n = (size_t)(end - name);
	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strlen(categories[i][0]) == n &&
		    strncmp(categories[i][0], name, n) == 0) {
			buf_printf(out, "\\%c{%s}", s[0], categories[i][1]);
			return (size_t)(end - s) + 1;
		}
	buf_printf(out, "\\%c{%.*s}", s[0], (int)n, name);
	return (size_t)(end - s) + 1;
}

/* The PCRE2 spelling of ECMA-262 pattern src, in out. */
static void
ecma_translate(struct buf *out, const char *src)
{
	const char	*s = src;
	int		 in_class = 0;
	size_t		 n;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			if (s[1] == 's')
				buf_puts(out, in_class ? ECMA_SPACES :
				    "[" ECMA_SPACES "]");
			else if (s[1] == 'S' && !in_class)
				buf_puts(out, "[^" ECMA_SPACES "]");
			else if ((n = ecma_unicode(out, s + 1)) > 0 ||
			    (n = ecma_property(out, s + 1)) > 0) {
				s += n;
				continue;
			} else
				buf_put(out, s, 2);
			s++;
			continue;
		}
		if (*s == '[' && !in_class)
			in_class = 1;
		else if (*s == ']' && in_class)
			in_class = 0;
		buf_putc(out, *s);
	}
}

/*
 * Compile ECMA-262 pattern src; a bad pattern is a diagnostic at the
 * schema node at, and NULL.  The regex belongs to the registry.
 */
struct regex *
sch_regex_new(struct schema_reg *reg, const char *src,
    const struct chk_node *at, struct diag *d)
{
	struct buf	 b = { 0 };
	struct regex	*re;
	pcre2_code	*code;
	int		 errcode;
	PCRE2_SIZE	 erroff;
	PCRE2_UCHAR	 msg[256];

	ecma_translate(&b, src);
	code = pcre2_compile((PCRE2_SPTR)buf_str(&b), b.len, PCRE2_UTF |
	    PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS, &errcode, &erroff,
	    NULL);
	buf_free(&b);
	if (code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		diag_add(d, &at->loc, DIAG_ERROR,
		    "invalid regular expression '%s': %s", src, (char *)msg);
		return NULL;
	}
	/* Matching JIT-compiled code takes a quarter of the time, which
	 * pays for compiling it after a few dozen strings; where JIT is
	 * not available pcre2_match() interprets the pattern as before. */
	re = arena_alloc(reg->a, sizeof(*re));
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	re->code = code;
	if ((re->mctx = pcre2_match_context_create(NULL)) == NULL)
		errx(3, "pcre2_match_context_create: out of memory");
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	re->src = src;
	re->next = reg->regexes;
	reg->regexes = re;
	return re;
}

/*
 * Does the pattern match anywhere in s?  A matcher error (a limit hit)
 * counts as no match.  Most subjects are short ASCII names: for those
 * pcre2_jit_match() skips pcre2_match()'s checks of its arguments and
 * of the subject's UTF-8 (which ASCII always is), half the cost of a
 * match; any other subject is checked as before.
 */
int
sch_regex_match(const struct regex *re, const char *s, size_t len)
{
	/* One match data per thread (the built-in registry may be
	 * shared by threads), made on first use and kept: creating and
	 * freeing one per call cost a tenth of a match. */
	static _Thread_local pcre2_match_data	*md;

	if (md == NULL && (md = pcre2_match_data_create(1, NULL)) == NULL)
		errx(3, "pcre2_match_data_create: out of memory");
	if (re->jit && utf8_is_ascii(s, len))
		return pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md,
		    re->mctx) >= 0;
	return pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md,
	    re->mctx) >= 0;
}

const char *
sch_regex_source(const struct regex *re)
{
	return re->src;
}

void
sch_regex_free_all(struct regex *re)
{
	for (; re != NULL; re = re->next) {
		pcre2_match_context_free(re->mctx);
		pcre2_code_free(re->code);
	}
}
