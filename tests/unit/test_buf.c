/*
 * Tests of the growable buffers every emitter writes into (src/buf.c):
 * numbers written in place, as snprintf() writes them, at every length
 * and wherever the buffer must grow for them.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "harness.h"

/* buf_putu() and buf_printf("%d") of n, after prefix bytes, against
 * snprintf(). */
static int
number_ok(size_t prefix, unsigned long long u, int d)
{
	struct buf	b = { NULL, 0, 0 };
	char		want[80];
	size_t		i, n;
	int		ok;

	for (i = 0; i < prefix; i++)
		buf_putc(&b, 'x');
	buf_putu(&b, u);
	buf_printf(&b, ",%d,%u,%zu.", d, (unsigned)u, (size_t)u);
	n = (size_t)snprintf(want, sizeof(want), "%llu,%d,%u,%zu.", u, d,
	    (unsigned)u, (size_t)u);
	ok = b.len == prefix + n && strspn(b.data, "x") == prefix &&
	    strcmp(b.data + prefix, want) == 0;
	if (!ok)
		printf("  got \"%s\", want \"%s\" after %zu bytes\n",
		    buf_str(&b) + prefix, want, prefix);
	buf_free(&b);
	return ok;
}

static void
test_numbers(void)
{
	static const unsigned long long	 u[] = { 0, 1, 9, 10, 99, 100, 101,
	    999, 1000, 65535, 4294967295ULL, 4294967296ULL,
	    10000000000000000000ULL, ULLONG_MAX };
	static const int		 d[] = { 0, -1, 7, -9, 10, -10, 12345,
	    -99999, INT_MAX, INT_MIN };
	size_t				 i, prefix;
	int				 bad = 0;

	/* Prefixes up to past the first growth (256 bytes), so that the
	 * digits land on and across every end of the room. */
	for (prefix = 0; prefix < 300; prefix++)
		for (i = 0; i < sizeof(u) / sizeof(u[0]); i++)
			bad += !number_ok(prefix, u[i], d[i % (sizeof(d) /
			    sizeof(d[0]))]);
	/* Every pair of digits, at each place of a number. */
	for (i = 0; i < 10000; i++)
		bad += !number_ok(0, i, -(int)i);
	CHECK(bad == 0);
}

int
main(void)
{
	RUN(test_numbers);
	return HARNESS_EXIT();
}
