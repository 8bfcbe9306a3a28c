/*
 * A tiny unit-test harness, after cmark's api_test/harness: each TEST
 * prints "ok <name>" or "FAIL <name>" and the failed checks below it;
 * tests/run.sh counts the lines.  Each line is flushed as it is written,
 * so a crash loses nothing before it, and HARNESS_EXIT() prints the end
 * marker the runner requires: a binary that dies never prints it.
 */
#ifndef CHKC_HARNESS_H
#define CHKC_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failed;	/* checks failed in the current test */
static int harness_total_failed;
static const char *harness_skip_why;	/* set by SKIP_TEST() */

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

/* got contains want; a NULL got fails the check instead of crashing. */
#define CHECK_CONTAINS(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || strstr(g_, w_) == NULL) {			\
		printf("  %s:%d: \"%s\" not in \"%s\"\n", __FILE__,	\
		    __LINE__, w_, g_ ? g_ : "(null)");			\
		harness_failed++;					\
	}								\
} while (0)

/* got starts with want; a NULL got fails the check. */
#define CHECK_PREFIX(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || strncmp(g_, w_, strlen(w_)) != 0) {		\
		printf("  %s:%d: got \"%s\", want a prefix \"%s\"\n",	\
		    __FILE__, __LINE__, g_ ? g_ : "(null)", w_);	\
		harness_failed++;					\
	}								\
} while (0)

/* Leave the current test: its data is missing (why says how to get it). */
#define SKIP_TEST(why) do {						\
	harness_skip_why = (why);					\
	return;								\
} while (0)

#define RUN(fn) do {							\
	harness_failed = 0;						\
	harness_skip_why = NULL;					\
	fn();								\
	if (harness_skip_why != NULL && harness_failed == 0)		\
		printf("SKIP %s (%s)\n", #fn, harness_skip_why);	\
	else								\
		printf("%s %s\n", harness_failed ? "FAIL" : "ok", #fn); \
	fflush(stdout);							\
	harness_total_failed += harness_failed != 0;			\
} while (0)

#define HARNESS_EXIT() (printf("end\n"), fflush(stdout),		\
	harness_total_failed ? 1 : 0)

#endif /* CHKC_HARNESS_H */
