/*
 * A unit binary that crashes in its second test: tests/suites/runner.sh
 * proves that the runner counts the first test's line (the harness
 * flushes it) and fails the binary (a signal, no end marker).
 */
#include <signal.h>

#include "harness.h"

static void
test_fine(void)
{
	CHECK(1 + 1 == 2);
}

static void
test_crash(void)
{
	raise(SIGSEGV);
	CHECK(0);
}

int
main(void)
{
	RUN(test_fine);
	RUN(test_crash);
	return HARNESS_EXIT();
}
