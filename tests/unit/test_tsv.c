/*
 * Tests of the tab-separated records of chkc's cache files (src/tsv.c):
 * every field comes back as it was written, escapes and all.
 */
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "tsv.h"

static void
test_round_trip(void)
{
	static const char *const in[] = { "plain", "", "tab\there",
	    "line\nbreak", "back\\slash", "\\N", "\\", "end\\", "é ✓" };
	const size_t	 n = sizeof(in) / sizeof(in[0]);
	struct buf	 b = { 0 };
	char		*f[16], *line;
	size_t		 i;

	buf_puts(&b, "R");
	for (i = 0; i < n; i++)
		tsv_put(&b, in[i]);
	tsv_put(&b, NULL);
	CHECK(strchr(buf_str(&b), '\n') == NULL);
	line = b.data;
	CHECK(tsv_split(line, f, 16) == n + 2);
	CHECK_STR(f[0], "R");
	for (i = 0; i < n; i++)
		CHECK_STR(f[i + 1], in[i]);
	CHECK(f[n + 1] == NULL);
	buf_reset(&b);
	tsv_put(&b, "a\tb\nc\\d");
	tsv_put(&b, "\t\t");
	tsv_put(&b, "");
	CHECK_STR(buf_str(&b), "\ta\\tb\\nc\\\\d\t\\t\\t\t");
	buf_free(&b);
}

static void
test_split(void)
{
	char	 line[] = "a\tb\tc\td", one[] = "x", empty[] = "";
	char	*f[3];

	/* At most max fields: one more than a record has tells too many. */
	CHECK(tsv_split(line, f, 3) == 3);
	CHECK_STR(f[0], "a");
	CHECK_STR(f[2], "c");
	CHECK(tsv_split(one, f, 3) == 1);
	CHECK_STR(f[0], "x");
	CHECK(tsv_split(empty, f, 3) == 1);
	CHECK_STR(f[0], "");
}

int
main(void)
{
	RUN(test_round_trip);
	RUN(test_split);
	return HARNESS_EXIT();
}
