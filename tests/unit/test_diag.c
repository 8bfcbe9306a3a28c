/*
 * Diagnostics: sorted by place when printed, notes kept with their
 * diagnostic, strict mode, did-you-mean.
 */
#include <stdlib.h>
#include <string.h>

#include "chkc.h"
#include "diag.h"
#include "harness.h"

static char *
print_all(struct diag *d)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&text, &len);

	diag_print(d, fp);
	fclose(fp);
	return text;
}

static void
test_sorted(void)
{
	struct diag	*d = diag_new();
	struct loc	 b9 = { "b.yaml", 9, 1 }, a3 = { "a.yaml", 3, 7 };
	struct loc	 a3c2 = { "a.yaml", 3, 2 }, a1 = { "a.yaml", 1, 1 };
	char		*text;

	diag_add(d, &b9, DIAG_ERROR, "late");
	diag_add(d, &a3, DIAG_ERROR, "dup '%s'", "x");
	diag_add(d, &a1, DIAG_NOTE, "first here");
	diag_add(d, &a3c2, DIAG_WARNING, "early");
	diag_add(d, NULL, DIAG_ERROR, "no place");
	CHECK(diag_errors(d) == 3 && diag_warnings(d) == 1);
	text = print_all(d);
	CHECK_STR(text,
	    "a.yaml:3:2: warning: early\n"
	    "a.yaml:3:7: error: dup 'x'\n"
	    "a.yaml:1:1: note: first here\n"
	    "b.yaml:9:1: error: late\n"
	    "chkc: error: no place\n");
	free(text);
	diag_free(d);
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

int
main(void)
{
	RUN(test_sorted);
	RUN(test_strict);
	RUN(test_did_you_mean);
	return HARNESS_EXIT();
}
