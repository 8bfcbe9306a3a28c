/*
 * A tiny unit-test harness, after cmark's api_test/harness: each TEST
 * prints "ok <name>" or "FAIL <name>" and the failed checks below it;
 * tests/run.sh counts the lines.
 */
#ifndef CHKC_HARNESS_H
#define CHKC_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failed;	/* checks failed in the current test */
static int harness_total_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("  %s:%d: check failed: %s\n", __FILE__,		\
		    __LINE__, #cond);					\
		harness_failed++;					\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0) { \
		printf("  %s:%d: got \"%s\", want \"%s\"\n", __FILE__,	\
		    __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)");	\
		harness_failed++;					\
	}								\
} while (0)

#define RUN(fn) do {							\
	harness_failed = 0;						\
	fn();								\
	printf("%s %s\n", harness_failed ? "FAIL" : "ok", #fn);	\
	harness_total_failed += harness_failed != 0;			\
} while (0)

#define HARNESS_EXIT() (harness_total_failed ? 1 : 0)

#endif /* CHKC_HARNESS_H */
