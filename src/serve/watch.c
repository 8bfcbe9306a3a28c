/*
 * The watch on the sources for chkc serve: inotify on templates/,
 * content/ and every directory below them (inotify is not recursive, so
 * a directory made later is added as it appears).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "serve/serve.h"

/* A file written and closed, moved in or out, removed, touched; not
 * IN_MODIFY, which comes with each write of a save. */
#define WATCH_MASK	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | \
			 IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | \
			 IN_MOVE_SELF)

struct serve_watch {
	int		 fd;
	struct {
		int	 wd;
		char	*dir;
	}		*w;
	size_t		 n, cap;
};

struct serve_watch *
serve_watch_new(void)
{
	struct serve_watch	*w;
	int			 fd;

	if ((fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		return NULL;
	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	return w;
}

int
serve_watch_fd(const struct serve_watch *w)
{
	return w->fd;
}

static const char *
dir_of(const struct serve_watch *w, int wd)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		if (w->w[i].wd == wd)
			return w->w[i].dir;
	return NULL;
}

/* Watch dir and, below it, every directory not hidden. */
int
serve_watch_add(struct serve_watch *w, const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		 sub[PATH_MAX];
	int		 wd, rc = 0;

	if ((wd = inotify_add_watch(w->fd, dir, WATCH_MASK | IN_ONLYDIR)) == -1)
		return -1;
	if (dir_of(w, wd) == NULL) {
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 16;
			w->w = xrealloc(w->w, w->cap * sizeof(*w->w));
		}
		w->w[w->n].wd = wd;
		w->w[w->n++].dir = xstrdup(dir);
	}
	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || (size_t)snprintf(sub, sizeof(sub),
		    "%s/%s", dir, de->d_name) >= sizeof(sub))
			continue;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode) &&
		    serve_watch_add(w, sub) == -1)
			rc = -1;
	}
	closedir(dp);
	return rc;
}

/* Is a change of name one the build may care about?  Editors' backup,
 * swap and lock files are not. */
static int
is_source(const char *name)
{
	size_t	n = strlen(name);

	if (name[0] == '.')
		return 0;
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static void
forget(struct serve_watch *w, int wd)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		if (w->w[i].wd == wd) {
			free(w->w[i].dir);
			w->w[i] = w->w[--w->n];
			return;
		}
}

static void
event(struct serve_watch *w, const struct inotify_event *ev,
    void (*changed)(void *, const char *), void *arg)
{
	const char	*dir = dir_of(w, ev->wd);
	char		 path[PATH_MAX];

	if (ev->mask & IN_Q_OVERFLOW) {
		changed(arg, NULL);
		return;
	}
	if (ev->mask & IN_IGNORED) {
		forget(w, ev->wd);
		return;
	}
	if (dir == NULL || ev->len == 0 || (size_t)snprintf(path, sizeof(path),
	    "%s/%s", dir, ev->name) >= sizeof(path)) {
		/* The watched directory itself went away or moved. */
		if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
			changed(arg, NULL);
		return;
	}
	if (ev->mask & IN_ISDIR) {
		if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			serve_watch_add(w, path);
		if (ev->name[0] != '.' && (ev->mask & (IN_CREATE | IN_MOVED_TO |
		    IN_MOVED_FROM | IN_DELETE)))
			changed(arg, NULL);
	} else if (is_source(ev->name))
		changed(arg, path);
}

void
serve_watch_read(struct serve_watch *w,
    void (*changed)(void *, const char *), void *arg)
{
	char				 buf[65536]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event	*ev;
	ssize_t				 n;
	char				*p;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0 ||
	    (n == -1 && errno == EINTR))
		for (p = buf; n > 0 && p < buf + n;
		    p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			event(w, ev, changed, arg);
		}
}

void
serve_watch_free(struct serve_watch *w)
{
	size_t	i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		free(w->w[i].dir);
	free(w->w);
	close(w->fd);
	free(w);
}
