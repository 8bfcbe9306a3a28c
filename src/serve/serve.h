/*
 * chkc serve's machinery: an HTTP server for the output directory
 * (libmicrohttpd) that tells open pages when to reload, the watch on
 * the sources (inotify), and the plan of what a change makes to be
 * rebuilt.  Nothing here prints: the CLI (cmd_serve.c) does.
 */
#ifndef CHKC_SERVE_H
#define CHKC_SERVE_H

#include <stddef.h>

struct buf;
struct emit_site_entry;

/*
 * A listening TCP socket on addr (a numeric IPv4 or IPv6 address) and
 * port (0: any free one).  Returns it, with *bound the port it got and
 * *ipv6 set for an IPv6 address, or -1 with errno set (EINVAL: addr is
 * not an address).
 */
int	 serve_listen(const char *addr, int port, int *bound, int *ipv6);

/*
 * Serve the regular files under dir (a real path, no symbolic link in
 * it) on the listening socket fd, which it takes over, until
 * serve_http_stop().  A request for a directory gets its index.html;
 * anything outside dir, through "..", an encoded "..", or a symbolic
 * link, is 404.  /__chkc/events is the stream of Server-Sent Events
 * that the script serve_inject() adds to each HTML page listens to.
 * Returns NULL when libmicrohttpd could not start.
 */
struct serve_http;
struct serve_http *serve_http_start(int fd, int ipv6, const char *dir);
/* A good build, the gen-th: every open page reloads. */
void	 serve_http_built(struct serve_http *, unsigned long gen);
/* A failed build: every open page shows text (the diagnostics) until
 * the next good build; the files served stay as they were. */
void	 serve_http_failed(struct serve_http *, const char *text);
/* Close every connection and free; the event streams end. */
void	 serve_http_stop(struct serve_http *);

/*
 * The HTML page html (len bytes) as served: its Content-Security-
 * Policy also allows the reload script (by its hash) and connecting to
 * the server, and the script, told the build gen, goes before </body>.
 * The built file itself never has them.
 */
void	 serve_inject(const char *html, size_t len, unsigned long gen,
	    struct buf *out);

/*
 * The watch on directories and everything below them.  The callback
 * gets each changed file's path, or NULL when the change cannot be
 * pinned to a file (a directory made or moved, events lost): then
 * anything may have changed.
 */
struct serve_watch;
struct serve_watch *serve_watch_new(void);	/* NULL: errno */
int	 serve_watch_add(struct serve_watch *, const char *dir);
int	 serve_watch_fd(const struct serve_watch *);
/* Read the events waiting (the fd is non-blocking). */
void	 serve_watch_read(struct serve_watch *,
	    void (*changed)(void *, const char *), void *);
void	 serve_watch_free(struct serve_watch *);

/*
 * What to rebuild.  The plan knows the checklists of the last good
 * build, each with the files it was made from; from the files changed
 * since, it picks the checklists to build again: a project file's
 * checklists when it changed, and those made from a changed template,
 * part or translation.  A file it cannot place (new, removed), or any
 * change after a failed build, makes it build everything.  The build
 * cache (src/cache/) then skips, within what the plan picked, each
 * checklist whose sources kept their content.
 */
struct serve_target {
	const char	*project_file;	/* as the build named it */
	const char	*only;		/* that checklist; NULL: all of them */
};

/*
 * A checklist of a build as the plan sees it: the project file and
 * entry it comes from, as the build named them (NULL: a template built
 * alone), the files it was made from (sources[0] the first; of a
 * checklist kept as it is, that one alone), its summary for the site
 * index, and whether the build cache vouched for its outputs instead of
 * it being resolved.
 */
struct serve_list {
	const char			*project_file;
	const char			*entry_id;
	const char *const		*sources;
	size_t				 nsources;
	const struct emit_site_entry	*e;
	int				 cached;
};

struct serve_plan;
struct serve_plan *serve_plan_new(void);
void	 serve_plan_free(struct serve_plan *);
/* path changed (NULL: anything may have). */
void	 serve_plan_changed(struct serve_plan *, const char *path);
/*
 * The next build: 1 with nothing in *t when it is to build everything,
 * else 0 and the targets (*nt of them, 0: nothing to do).  *kept gets
 * the checklists kept as they are (*nkept of them; all owned by the
 * plan, until the next call).
 */
int	 serve_plan_next(struct serve_plan *, struct serve_target **t,
	    size_t *nt, const struct serve_list **kept, size_t *nkept);
/* The hook of the build (struct cli_build_hook): a checklist built or
 * found up to date. */
void	 serve_plan_record(void *plan, const struct serve_list *);
/* The build planned is over; ok: it succeeded and was written. */
void	 serve_plan_done(struct serve_plan *, int ok);

#endif /* CHKC_SERVE_H */
