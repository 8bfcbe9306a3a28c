/*
 * A stage taken back by a stopping signal (cli.h).  A build stopped by
 * SIGINT, SIGTERM or SIGHUP (^C, kill, a terminal closed) removes the
 * temporary files it wrote beside their places, as staging_abort()
 * would, then ends as the signal would have ended it: stopped midway,
 * it leaves nothing where outputs go but its staging areas, which the
 * next build in the same place removes (staging.c).  make(1) deletes
 * the target it was making so.
 *
 * Only where the signal would end the process (its action is the
 * default one; chkc serve has handlers of its own), and for one stage
 * at a time.  The handler only reads the stage: each temporary name is
 * in place before the count that covers it, and the arrays are grown,
 * shrunk, committed and freed with the signals blocked.
 */
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli/cli.h"

static const int	 stop_signals[] = { SIGHUP, SIGINT, SIGTERM };
#define NSTOP		 (sizeof(stop_signals) / sizeof(stop_signals[0]))

static struct staging	*volatile guarded;
static struct sigaction	 stop_old[NSTOP];
static const pid_t	*volatile forward_to;
static volatile size_t	 nforward;

static void
stop_handler(int sig)
{
	struct staging	*s = guarded;
	size_t		 i, n;

	for (i = 0, n = nforward; i < n; i++)
		(void)kill(forward_to[i], sig);
	if (s != NULL)
		for (i = 0, n = s->n; i < n; i++)
			(void)unlink(s->tmp[i]);
	/* The default action, once this handler returns: the end. */
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

void
staging_block(sigset_t *old)
{
	sigset_t	set;
	size_t		i;

	sigemptyset(&set);
	for (i = 0; i < NSTOP; i++)
		sigaddset(&set, stop_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void
staging_unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* The handler, where the signals would end the process, once. */
static int	installed;

static void
install(void)
{
	struct sigaction	sa;
	size_t			i;

	if (installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_handler;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSTOP; i++)
		sigaddset(&sa.sa_mask, stop_signals[i]);
	for (i = 0; i < NSTOP; i++) {
		sigaction(stop_signals[i], NULL, &stop_old[i]);
		if (stop_old[i].sa_handler == SIG_DFL)
			sigaction(stop_signals[i], &sa, NULL);
	}
	installed = 1;
}

/* The actions as they were, once nothing is left to do on a signal. */
static void
uninstall(void)
{
	size_t	i;

	if (!installed || guarded != NULL || nforward > 0)
		return;
	for (i = 0; i < NSTOP; i++)
		if (stop_old[i].sa_handler == SIG_DFL)
			sigaction(stop_signals[i], &stop_old[i], NULL);
	installed = 0;
}

void
staging_guard(struct staging *s)
{
	sigset_t	old;

	staging_block(&old);
	if (guarded == NULL) {
		guarded = s;
		install();
	}
	staging_unblock(&old);
}

void
staging_unguard(struct staging *s)
{
	sigset_t	old;

	staging_block(&old);
	if (s != NULL && guarded == s) {
		guarded = NULL;
		uninstall();
	}
	staging_unblock(&old);
}

void
staging_forward(const pid_t *pids, size_t n)
{
	sigset_t	old;

	staging_block(&old);
	forward_to = pids;
	nforward = pids != NULL ? n : 0;
	if (nforward > 0)
		install();
	else
		uninstall();
	staging_unblock(&old);
}
