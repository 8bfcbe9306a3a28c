/*
 * Diagnostics: sorted by place when printed, notes kept with their
 * diagnostic, strict mode, did-you-mean.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "harness.h"

/* Does d print as want?  (d is freed.) */
static int
prints(struct diag *d, const char *want)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&text, &len);
	int	 ok;

	diag_print(d, fp);
	fclose(fp);
	ok = text != NULL && strcmp(text, want) == 0;
	if (!ok)
		printf("  printed:\n%s  want:\n%s", text ? text : "", want);
	free(text);
	diag_free(d);
	return ok;
}

static void
test_sorted(void)
{
	struct diag	*d = diag_new();
	struct loc	 b9 = { "b.yaml", 9, 1 }, a3 = { "a.yaml", 3, 7 };
	struct loc	 a3c2 = { "a.yaml", 3, 2 }, a1 = { "a.yaml", 1, 1 };

	diag_add(d, &b9, DIAG_ERROR, "late");
	diag_add(d, &a3, DIAG_ERROR, "dup '%s'", "x");
	diag_add(d, &a1, DIAG_NOTE, "first here");
	diag_add(d, &a3c2, DIAG_WARNING, "early");
	diag_add(d, NULL, DIAG_ERROR, "no place");
	CHECK(diag_errors(d) == 3 && diag_warnings(d) == 1);
	CHECK(prints(d,
	    "a.yaml:3:2: warning: early\n"
	    "a.yaml:3:7: error: dup 'x'\n"
	    "a.yaml:1:1: note: first here\n"
	    "b.yaml:9:1: error: late\n"
	    "chkc: error: no place\n"));
}

/* A diagnostic made twice, its notes with it, prints once; the same
 * text at another place, or with other notes, is another. */
static void
test_repeats_once(void)
{
	struct diag	*d = diag_new();
	struct loc	 a3 = { "a.yaml", 3, 7 }, a4 = { "a.yaml", 4, 1 };
	struct loc	 t1 = { "t.yaml", 1, 1 };
	int		 i;

	for (i = 0; i < 2; i++) {
		diag_add(d, &a3, DIAG_WARNING, "bidi");
		diag_add(d, &a3, DIAG_ERROR, "other at the same place");
		diag_add(d, &a4, DIAG_WARNING, "bidi");
		diag_add(d, &t1, DIAG_NOTE, "from here");
		diag_add(d, NULL, DIAG_WARNING, "pdf: no glyph");
	}
	diag_add(d, &a4, DIAG_WARNING, "bidi");	/* without the note */
	diag_add(d, &a3, DIAG_WARNING, "bidi");
	CHECK(diag_warnings(d) == 8 && diag_errors(d) == 2);
	CHECK(prints(d,
	    "a.yaml:3:7: warning: bidi\n"
	    "a.yaml:3:7: error: other at the same place\n"
	    "a.yaml:4:1: warning: bidi\n"
	    "t.yaml:1:1: note: from here\n"
	    "a.yaml:4:1: warning: bidi\n"
	    "chkc: warning: pdf: no glyph\n"));
}

static void
test_strict(void)
{
	struct diag	*d = diag_new();
	struct loc	 at = { "t.yaml", 0, 0 };

	diag_set_strict(d, 1);
	diag_add(d, &at, DIAG_WARNING, "untranslated");
	CHECK(diag_errors(d) == 1);
	CHECK_STR(diag_text(d, 0), "t.yaml: error: untranslated");
	diag_free(d);
}

static void
test_did_you_mean(void)
{
	const char *names[] = { "health_url", "services", "strategy", NULL };

	CHECK_STR(diag_did_you_mean("helth_url", names, 3), "health_url");
	CHECK_STR(diag_did_you_mean("servces", names, 3), "services");
	CHECK(diag_did_you_mean("zzz", names, 3) == NULL);
	CHECK(diag_did_you_mean("services", names, 3) == NULL);
}

/* A dump read back adds the same diagnostics, in order, from the n-th
 * on: no place, a whole file, a note, a text with the separators;
 * appended to another, the same again. */
static void
test_dump_load(void)
{
	struct diag		*d = diag_new(), *back = diag_new();
	struct loc		 a = { "a.yaml", 3, 7 }, f = { "b.yaml", 0, 0 };
	struct buf		 out = { 0 };
	struct buf_reader	 r;

	diag_add(d, &a, DIAG_ERROR, "not in the dump");
	diag_add(d, &a, DIAG_ERROR, "dup '%s'", "1:x,~");
	diag_add(d, &f, DIAG_NOTE, "first here");
	diag_add(d, NULL, DIAG_WARNING, "no place");
	diag_dump(d, 1, &out);
	r.p = out.data;
	r.end = out.data + out.len;
	r.bad = 0;
	CHECK(diag_load(back, &r) == 0 && r.p == r.end);
	CHECK(diag_count(back) == 3);
	CHECK(diag_errors(back) == 1 && diag_warnings(back) == 1);
	CHECK_STR(diag_text(back, 0), "a.yaml:3:7: error: dup '1:x,~'");
	CHECK_STR(diag_text(back, 1), "b.yaml: note: first here");
	CHECK_STR(diag_text(back, 2), "chkc: warning: no place");
	diag_append(d, back);
	CHECK(diag_count(d) == 7 && diag_errors(d) == 3);
	CHECK_STR(diag_text(d, 5), "b.yaml: note: first here");
	buf_free(&out);
	diag_free(back);
	diag_free(d);
}

/* A dump cut anywhere, or with a level that is none, is refused. */
static void
test_load_bad(void)
{
	struct diag		*d = diag_new(), *back;
	struct loc		 a = { "a.yaml", 3, 7 };
	struct buf		 out = { 0 }, cut = { 0 };
	struct buf_reader	 r;
	size_t			 len;
	int			 refused = 1;

	diag_add(d, &a, DIAG_ERROR, "one");
	diag_add(d, &a, DIAG_WARNING, "two");
	diag_dump(d, 0, &out);
	for (len = 0; len < out.len; len++) {
		buf_reset(&cut);
		buf_put(&cut, out.data, len);
		back = diag_new();
		r.p = cut.data;
		r.end = cut.data + len;
		r.bad = 0;
		refused &= diag_load(back, &r) == -1 && r.bad;
		diag_free(back);
	}
	CHECK(refused);
	back = diag_new();
	buf_reset(&cut);
	buf_puts(&cut, "1:1,1:7,~1:0,1:0,1:x,");
	r.p = cut.data;
	r.end = cut.data + cut.len;
	r.bad = 0;
	CHECK(diag_load(back, &r) == -1 && diag_count(back) == 0);
	diag_free(back);
	buf_free(&cut);
	buf_free(&out);
	diag_free(d);
}

int
main(void)
{
	RUN(test_sorted);
	RUN(test_repeats_once);
	RUN(test_strict);
	RUN(test_did_you_mean);
	RUN(test_dump_load);
	RUN(test_load_bad);
	return HARNESS_EXIT();
}
