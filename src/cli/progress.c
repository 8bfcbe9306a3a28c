/*
 * One line of progress on stderr for long commands: "done of total,
 * elapsed, estimate".  Only on a terminal, only without -q, and only
 * once a second has gone by: a short build prints nothing, and neither
 * does one whose stderr is a file or a pipe (a log must not fill with
 * carriage returns).  CHKC_PROGRESS_AFTER (seconds) changes the wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "archive/archive.h"
#include "cli/cli.h"

struct progress {
	const char	*what;		/* "checklists", "bundles" */
	struct timespec	 start;
	double		 after;		/* seconds before the first line */
	double		 last;		/* when the line was last drawn */
	size_t		 total;
	int		 counted;	/* total is known */
	int		 shown;
	size_t		(*count)(void *);
	void		*arg;
};

static double
since(const struct timespec *t0)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

struct progress *
progress_new(const char *what, int quiet)
{
	struct progress	*p;

	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->what = what;
	p->after = cli_env.progress_after;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	return p;
}

void
progress_set_total(struct progress *p, size_t total)
{
	if (p == NULL)
		return;
	p->total = total;
	p->counted = 1;
}

void
progress_set_counter(struct progress *p, size_t (*count)(void *), void *arg)
{
	if (p == NULL)
		return;
	p->count = count;
	p->arg = arg;
}

void
progress_step(struct progress *p, size_t done)
{
	double	t;

	if (p == NULL || (t = since(&p->start)) < p->after ||
	    (p->shown && t - p->last < 0.1))
		return;
	/* Counting can cost a pass over the inputs: only a build long
	 * enough to show progress pays it, and once. */
	if (!p->counted && p->count != NULL)
		progress_set_total(p, p->count(p->arg));
	if (p->total < done)
		p->total = done;
	fprintf(stderr, "\r\033[Kchkc: %zu/%zu %s, %.1f s", done, p->total,
	    p->what, t);
	if (done > 0 && p->total > done)
		fprintf(stderr, ", about %.0f s left",
		    t / (double)done * (double)(p->total - done) + 0.5);
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

static void
archive_step(void *arg, size_t done, size_t total)
{
	progress_set_total(arg, total);
	progress_step(arg, done);
}

void
progress_archive(struct progress *p)
{
	archive_progress.step = p != NULL ? archive_step : NULL;
	archive_progress.arg = p;
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	/* A -j worker may have drawn the line: clear it all the same once
	 * a second has gone by. */
	if (p->shown || since(&p->start) >= p->after) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	free(p);
}
