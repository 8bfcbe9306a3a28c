/*
 * chkc serve: build, serve the output directory over HTTP, and build
 * again what each change of templates/ or content/ touches, telling open
 * pages to reload (src/serve/).  The main thread watches and builds;
 * libmicrohttpd's threads serve.  SIGINT and SIGTERM stop it cleanly.
 */
#define _XOPEN_SOURCE	700	/* realpath() is XSI */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "resolve/resolve.h"
#include "serve/mhd.h"
#include "serve/serve.h"
#include "cli/cli.h"

#define SETTLE_MS	40	/* quiet time that ends a burst of events */
#define SETTLE_MAX_MS	400	/* a burst never delays a build longer */

static const char serve_usage[] =
    "chkc serve [-p PORT] [--bind ADDR] [-o DIR] [-C DIR] [-q]";

struct serve {
	struct cli_common	 c;
	const char		*bind;
	int			 port;
	const char		*outopt;
	char			*root;		/* real path */
	char			*outdir;	/* real path, served */
	char			*buildout;	/* as the builds name it */
	struct serve_plan	*plan;
	struct serve_http	*http;
	unsigned long		 gen;		/* good builds */
};

static int	sig_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int	e = errno;

	(void)sig;
	(void)write(sig_pipe[1], "x", 1);
	errno = e;
}

static void
serve_help(void)
{
	printf("usage: %s\n\n"
	    "Build every project, serve the output directory over HTTP and\n"
	    "watch templates/ and content/: a change rebuilds the checklists\n"
	    "it touches and reloads the pages open in a browser; a failed\n"
	    "build shows its diagnostics over every open page, and the last\n"
	    "good build stays served.  It builds through the cache chkc build\n"
	    "keeps (out/.chkc-cache): what is up to date is not rewritten.\n\n"
	    "  -p PORT      port (default: 8000; 0: any free port)\n"
	    "  --bind ADDR  address to listen on (default: 127.0.0.1)\n"
	    "  -o DIR       output directory (default: ROOT/out)\n"
	    "  -C DIR       project root (default: .)\n"
	    "  -q           no line per rebuild\n\n"
	    "Stop it with Ctrl-C (SIGINT) or SIGTERM.  Exit status: 0 stopped,\n"
	    "2 usage error, 3 the port cannot be had or I/O failure.\n",
	    serve_usage);
}

/* Returns -1 (usage), 1 (--help) or 0. */
static int
parse_args(struct serve *s, int argc, char **argv)
{
	struct cli_args	a;
	int		r;

	if ((r = cli_options(argc, argv, 1, CLI_OPTS_SERVE, &a)) != 0)
		return r;
	if (a.nargs > 0) {
		fprintf(stderr, "chkc: unexpected argument '%s'\n", a.args[0]);
		return -1;
	}
	s->c = a.c;
	s->bind = a.bind;
	s->port = a.port;
	s->outopt = a.out;
	return 0;
}

static double
now(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The diagnostics of d as chkc build prints them, into a string
 * (malloc'ed), and on stderr. */
static char *
report(struct diag *d)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		err(EXIT_IO, "open_memstream");
	diag_print(d, fp);
	fclose(fp);
	fputs(text, stderr);
	return text;
}

/* The hook of every build: count the checklists, tell the plan. */
struct built {
	struct serve_plan	*plan;
	size_t			 n;		/* resolved */
	size_t			 cached;	/* found up to date */
};

static void
built_one(void *arg, const struct serve_list *l)
{
	struct built	*b = arg;

	if (l->cached)
		b->cached++;
	else
		b->n++;
	serve_plan_record(b->plan, l);
}

/* "chkc: built 2 checklists (the ones changed), 8 up to date, in
 * 0.05 s" */
static void
say_built(const struct built *b, int full, double secs)
{
	fprintf(stderr, "chkc: built %zu checklist%s%s", b->n,
	    b->n == 1 ? "" : "s", full ? "" : " (the ones changed)");
	if (b->cached > 0)
		fprintf(stderr, ", %zu up to date,", b->cached);
	fprintf(stderr, " in %.2f s\n", secs);
}

/* The targets the plan picked, or every project of content/ (*t
 * malloc'ed, strings from a).  -1 after diagnostics. */
static int
targets(int full, const struct serve_target *st,
    size_t nst, struct target **t, struct arena *a, struct diag *d)
{
	struct resolver	*res;
	size_t		 i;
	int		 nt;

	if (full) {
		res = resolver_new(".", d);
		nt = targets_collect(res, ".", NULL, 0, t, a, d);
		resolver_free(res);
		return nt;
	}
	*t = xcalloc(nst + 1, sizeof(**t));
	for (i = 0; i < nst; i++) {
		(*t)[i].path = arena_strdup(a, st[i].project_file);
		(*t)[i].only = st[i].only != NULL ?
		    arena_strdup(a, st[i].only) : NULL;
		(*t)[i].arg = (*t)[i].path;
	}
	return (int)nst;
}

/* Build what the plan says, then tell the pages. */
static void
build(struct serve *s)
{
	struct cli_build_hook	 hook = { 0 };
	struct built		 b = { s->plan, 0, 0 };
	struct serve_target	*st;
	struct target		*t = NULL;
	struct arena		*a;
	struct diag		*d;
	size_t			 nst;
	double			 t0 = now();
	char			*text;
	int			 full, nt, status;

	full = serve_plan_next(s->plan, &st, &nst, &hook.kept, &hook.nkept);
	if (!full && nst == 0)
		return;
	hook.list = built_one;
	hook.arg = &b;
	a = arena_new();
	d = diag_new();
	nt = targets(full, st, nst, &t, a, d);
	status = nt == -1 ? EXIT_INVALID :
	    cli_build_targets(".", s->buildout, t, nt, &hook, d);
	serve_plan_done(s->plan, status == 0);
	text = report(d);
	if (status == 0) {
		serve_http_built(s->http, ++s->gen);
		if (!s->c.quiet)
			say_built(&b, full, now() - t0);
	} else {
		serve_http_failed(s->http, *text != '\0' ? text :
		    "the build failed\n");
		fprintf(stderr, "chkc: the build failed; serving the last "
		    "good one\n");
	}
	free(text);
	free(t);
	arena_free(a);
	diag_free(d);
}

/* Wait until the events stop coming (an editor's save is several), or
 * SETTLE_MAX_MS.  -1 when a signal came meanwhile. */
static int
settle(struct serve_watch *w, void (*changed)(void *, const char *),
    void *arg)
{
	struct pollfd	pfd[2];
	double		t0 = now();
	int		n;

	serve_watch_read(w, changed, arg);
	pfd[0].fd = sig_pipe[0];
	pfd[1].fd = serve_watch_fd(w);
	pfd[0].events = pfd[1].events = POLLIN;
	while ((now() - t0) * 1000 < SETTLE_MAX_MS) {
		if ((n = poll(pfd, 2, SETTLE_MS)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (pfd[0].revents != 0)
			return -1;
		serve_watch_read(w, changed, arg);
	}
	return 0;
}

static void
plan_changed(void *arg, const char *path)
{
	serve_plan_changed(arg, path);
}

/* Watch, build and serve until a signal. */
static void
serve_loop(struct serve *s, struct serve_watch *w)
{
	struct pollfd	pfd[2];

	pfd[0].fd = sig_pipe[0];
	pfd[1].fd = serve_watch_fd(w);
	pfd[0].events = pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			warn("poll");
			return;
		}
		if (pfd[0].revents != 0 ||
		    (pfd[1].revents != 0 && settle(w, plan_changed,
		    s->plan) == -1))
			return;
		if (pfd[1].revents != 0)
			build(s);
	}
}

static int
catch_signals(void)
{
	struct sigaction	sa;
	int			i;

	if (pipe(sig_pipe) == -1)
		return -1;
	for (i = 0; i < 2; i++)
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	fcntl(sig_pipe[1], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return 0;
}

/*
 * The root and the output directory (made) as real paths; the root
 * becomes the working directory, so that diagnostics name files as
 * chkc build run there does.  The builds name the output directory as
 * chkc build run there does too (./out, or -o as given when it was
 * given there).  (The build cache names files relative to the root and
 * to the output directory: its records are the same however a build
 * names them, and each finds what the other wrote up to date.)
 */
static int
serve_dirs(struct serve *s)
{
	char	*out;

	if ((s->root = realpath(s->c.root, NULL)) == NULL) {
		warn("%s", s->c.root);
		return -1;
	}
	if (s->outopt != NULL)
		out = xstrdup(s->outopt);
	else {
		out = xmalloc(strlen(s->root) + 8);
		sprintf(out, "%s/out", s->root);
	}
	if (mkdir(out, 0777) == -1 && errno != EEXIST) {
		warn("%s", out);
		free(out);
		return -1;
	}
	s->outdir = realpath(out, NULL);
	if (s->outopt == NULL)
		s->buildout = xstrdup("./out");
	else if (strcmp(s->c.root, ".") == 0)
		s->buildout = out, out = NULL;
	else
		s->buildout = s->outdir != NULL ? xstrdup(s->outdir) : NULL;
	free(out);
	if (s->outdir == NULL || chdir(s->root) == -1) {
		warn("%s", s->outdir == NULL ? "output directory" : s->root);
		return -1;
	}
	return 0;
}

/* Listen, serve, build, watch.  Returns the exit status. */
static int
serve_run(struct serve *s)
{
	struct serve_watch	*w = NULL;
	char			 why[256];
	int			 fd, port, ipv6, status = EXIT_IO;

	if (serve_mhd_open(why, sizeof(why)) == -1) {
		fprintf(stderr, "chkc: serve needs libmicrohttpd: %s\n", why);
		return EXIT_IO;
	}
	if ((fd = serve_listen(s->bind, s->port, &port, &ipv6)) == -1) {
		if (errno == EINVAL)
			fprintf(stderr, "chkc: --bind: '%s' is not an IP "
			    "address\n", s->bind);
		else
			fprintf(stderr, "chkc: cannot listen on %s port %d: "
			    "%s%s\n", s->bind, s->port, strerror(errno),
			    errno == EADDRINUSE ? " (another server runs "
			    "there: chkc serve -p PORT picks another port)" : "");
		return errno == EINVAL ? EXIT_USAGE : EXIT_IO;
	}
	if (serve_dirs(s) == -1 || catch_signals() == -1) {
		close(fd);
		return EXIT_IO;
	}
	if ((s->http = serve_http_start(fd, ipv6, s->outdir)) == NULL)
		fprintf(stderr, "chkc: the HTTP server did not start\n");
	else if ((w = serve_watch_new()) == NULL ||
	    serve_watch_add(w, "templates") == -1 ||
	    serve_watch_add(w, "content") == -1)
		warn("cannot watch %s/templates and content", s->root);
	else {
		s->plan = serve_plan_new();
		build(s);
		fprintf(stderr, "chkc: serving %s at http://%s%s%s:%d/ "
		    "(Ctrl-C stops)\n", s->outdir, ipv6 ? "[" : "", s->bind,
		    ipv6 ? "]" : "", port);
		serve_loop(s, w);
		status = 0;
	}
	serve_http_stop(s->http);
	serve_watch_free(w);
	serve_plan_free(s->plan);
	return status;
}

int
cmd_serve(int argc, char **argv)
{
	struct serve	s;
	int		rc, i;

	memset(&s, 0, sizeof(s));
	if ((rc = parse_args(&s, argc, argv)) != 0)
		return cli_stop(rc, serve_help, serve_usage);
	rc = serve_run(&s);
	if (rc == 0 && !s.c.quiet)
		fprintf(stderr, "chkc: stopped\n");
	for (i = 0; i < 2; i++)
		if (sig_pipe[i] != -1)
			close(sig_pipe[i]);
	free(s.root);
	free(s.outdir);
	free(s.buildout);
	return rc;
}
