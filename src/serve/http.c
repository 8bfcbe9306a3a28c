/*
 * chkc serve's HTTP side, on libmicrohttpd: the files of the output
 * directory, and a stream of Server-Sent Events per open page.
 *
 * A thread per connection (libmicrohttpd's own): an event stream's
 * thread sleeps on a condition variable until a build is published, so
 * a stream costs no polling and a publish reaches every page at once.
 * Builds run in the main thread; each output file is renamed into place
 * whole, so a request sees the old file or the new one, never a part.
 */
#define _XOPEN_SOURCE	700	/* realpath() is XSI */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>


#include "arena.h"
#include "buf.h"
#include "file.h"
#include "serve/mhd.h"
#include "serve/serve.h"

#define EVENTS_PATH	"/__chkc/events"
#define KEEPALIVE_SEC	10	/* a comment on idle streams: a page gone
				 * is noticed, its thread ends */
#define CONN_LIMIT	2048
#define STACK_SIZE	(1024 * 1024)

struct serve_http {
	struct MHD_Daemon	*mhd;
	char			*dir;		/* real path */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	unsigned long		 version;	/* publishes so far */
	unsigned long		 gen;		/* of the last good build */
	char			*failed;	/* diagnostics, or NULL */
	int			 stopping;
};

/* One event stream: what it has sent, and what is left to send. */
struct stream {
	struct serve_http	*h;
	unsigned long		 version;	/* last sent */
	struct buf		 out;
	size_t			 off;
};

/* The types of what a build writes; anything else is bytes. */
static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".html",	"text/html; charset=utf-8" },
	{ ".md",	"text/markdown; charset=utf-8" },
	{ ".pdf",	"application/pdf" },
	{ ".zip",	"application/zip" },
	{ ".json",	"application/json" },
	{ ".yaml",	"text/plain; charset=utf-8" },
	{ ".txt",	"text/plain; charset=utf-8" },
	{ ".css",	"text/css" },
	{ ".js",	"text/javascript" },
	{ ".svg",	"image/svg+xml" },
	{ ".png",	"image/png" },
};

int
serve_listen(const char *addr, int port, int *bound, int *ipv6)
{
	struct addrinfo		 hints, *ai = NULL;
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);
	char			 serv[16];
	int			 fd = -1, one = 1, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	snprintf(serv, sizeof(serv), "%d", port);
	if (getaddrinfo(addr, serv, &hints, &ai) != 0 || ai == NULL) {
		errno = EINVAL;
		return -1;
	}
	*ipv6 = ai->ai_family == AF_INET6;
	if ((fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, 512) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == -1) {
		e = errno;
		if (fd != -1)
			close(fd);
		freeaddrinfo(ai);
		errno = e;
		return -1;
	}
	freeaddrinfo(ai);
	*bound = ntohs(ss.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

/* ------------------------------------------------------------------ */
/* Files. */

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static const char *
type_of(const char *path)
{
	size_t	i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (has_suffix(path, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Has url a ".." segment (after libmicrohttpd decoded %2e%2e)? */
static int
climbs(const char *url)
{
	const char	*s = url;

	while ((s = strstr(s, "..")) != NULL) {
		if ((s == url || s[-1] == '/') && (s[2] == '/' || s[2] == '\0'))
			return 1;
		s += 2;
	}
	return 0;
}

/*
 * The real path of the regular file url names under dir (malloc'ed),
 * or NULL.  The ".." test refuses the obvious; the real path, which
 * must still be under dir, refuses symbolic links out of it.
 */
static char *
file_of(const char *dir, const char *url)
{
	struct stat	 st;
	char		*path, *real = NULL;
	size_t		 dl = strlen(dir);

	if (url[0] != '/' || climbs(url) || strlen(url) > PATH_MAX)
		return NULL;
	path = xmalloc(dl + strlen(url) + 16);
	sprintf(path, "%s%s", dir, url);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		strcat(path, url[strlen(url) - 1] == '/' ? "index.html" :
		    "/index.html");
	if ((real = realpath(path, NULL)) != NULL &&
	    (strncmp(real, dir, dl) != 0 || real[dl] != '/' ||
	    stat(real, &st) == -1 || !S_ISREG(st.st_mode))) {
		free(real);
		real = NULL;
	}
	free(path);
	return real;
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned code, struct MHD_Response *r,
    const char *type)
{
	enum MHD_Result	rc;

	if (r == NULL)
		return MHD_NO;
	serve_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* Always the file of the latest build on reload. */
	serve_mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	serve_mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	rc = serve_mhd.queue_response(c, code, r);
	serve_mhd.destroy_response(r);
	return rc;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned code, const char *text)
{
	return reply(c, code, serve_mhd.from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_PERSISTENT), "text/plain; charset=utf-8");
}

/* An HTML page, with the reload script (serve_inject()). */
static struct MHD_Response *
html_response(struct serve_http *h, int fd, size_t size)
{
	struct buf	 in = { 0 }, out = { 0 };
	unsigned long	 gen;

	/* A read error serves what was read: the next build reloads it. */
	(void)file_read_fd(fd, size, &in);
	close(fd);
	pthread_mutex_lock(&h->mu);
	gen = h->gen;
	pthread_mutex_unlock(&h->mu);
	serve_inject(buf_str(&in), in.len, gen, &out);
	buf_free(&in);
	/* MUST_FREE: libmicrohttpd free()s the bytes (buf is malloc'ed). */
	return serve_mhd.from_buffer(out.len, out.data != NULL ?
	    out.data : xstrdup(""), MHD_RESPMEM_MUST_FREE);
}

/* A directory named without its final '/': relative links in its
 * index.html need it. */
static int
is_dir_url(const struct serve_http *h, const char *url)
{
	struct stat	 st;
	char		*path;
	int		 rc;

	/* Only plain names: the url goes back into a Location header. */
	if (url[0] != '/' || url[strlen(url) - 1] == '/' || climbs(url) ||
	    url[strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-/")] != '\0')
		return 0;
	path = xmalloc(strlen(h->dir) + strlen(url) + 1);
	sprintf(path, "%s%s", h->dir, url);
	rc = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
	free(path);
	return rc;
}

static enum MHD_Result
redirect(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response	*r;
	char			*to = xmalloc(strlen(url) + 2);

	sprintf(to, "%s/", url);
	r = serve_mhd.from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (r != NULL)
		serve_mhd.add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
	free(to);
	return reply(c, MHD_HTTP_MOVED_PERMANENTLY, r, "text/plain");
}

static enum MHD_Result
serve_file(struct serve_http *h, struct MHD_Connection *c, const char *url)
{
	struct MHD_Response	*r;
	struct stat		 st;
	const char		*type;
	char			*path;
	int			 fd;

	if (is_dir_url(h, url))
		return redirect(c, url);
	if ((path = file_of(h->dir, url)) == NULL)
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (fd != -1)
			close(fd);
		free(path);
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	if (has_suffix(path, ".html"))
		r = html_response(h, fd, (size_t)st.st_size);
	else if ((r = serve_mhd.from_fd((uint64_t)st.st_size,
	    fd)) == NULL)
		close(fd);
	type = type_of(path);
	free(path);
	return reply(c, MHD_HTTP_OK, r, type);
}

/* ------------------------------------------------------------------ */
/* Events. */

/* The event telling of the latest publish (mutex held). */
static void
stream_event(struct stream *s)
{
	const char	*p;
	size_t		 len;

	buf_reset(&s->out);
	s->off = 0;
	if (s->h->failed == NULL) {
		buf_printf(&s->out, "event: built\ndata: %lu\n\n", s->h->gen);
		return;
	}
	buf_puts(&s->out, "event: failed\n");
	/* A line of data each: the page gets them joined by newlines. */
	for (p = s->h->failed; *p != '\0'; p += len + (p[len] == '\n')) {
		len = strcspn(p, "\n");
		buf_puts(&s->out, "data: ");
		buf_put(&s->out, p, len);
		buf_putc(&s->out, '\n');
	}
	buf_putc(&s->out, '\n');
}

/*
 * The content of an event stream, on its connection's own thread: what
 * is left of the last event, else wait for the next publish, sending a
 * comment every KEEPALIVE_SEC.  The stream ends when the server stops.
 */
static ssize_t
stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream		*s = cls;
	struct serve_http	*h = s->h;
	struct timespec		 until;
	size_t			 n;

	(void)pos;
	if (s->off == s->out.len) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += KEEPALIVE_SEC;
		pthread_mutex_lock(&h->mu);
		while (!h->stopping && s->version == h->version &&
		    pthread_cond_timedwait(&h->cv, &h->mu, &until) == 0)
			continue;
		if (h->stopping) {
			pthread_mutex_unlock(&h->mu);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (s->version != h->version) {
			s->version = h->version;
			stream_event(s);
		} else {
			buf_reset(&s->out);
			s->off = 0;
			buf_puts(&s->out, ":\n\n");
		}
		pthread_mutex_unlock(&h->mu);
	}
	n = s->out.len - s->off < max ? s->out.len - s->off : max;
	memcpy(out, s->out.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream	*s = cls;

	buf_free(&s->out);
	free(s);
}

static enum MHD_Result
serve_events(struct serve_http *h, struct MHD_Connection *c)
{
	struct MHD_Response	*r;
	struct stream		*s = xcalloc(1, sizeof(*s));

	s->h = h;
	r = serve_mhd.from_callback(MHD_SIZE_UNKNOWN, 4096,
	    stream_read, s, stream_free);
	if (r == NULL) {
		stream_free(s);
		return MHD_NO;
	}
	serve_mhd.add_response_header(r, "X-Accel-Buffering", "no");
	return reply(c, MHD_HTTP_OK, r, "text/event-stream");
}

static int
hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * Decode %XX in place, as libmicrohttpd would, but keep "%00" as it
 * is: a NUL would cut "deploy.html%00.txt" to "deploy.html".
 */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char	*r = s, *w = s;

	(void)cls;
	(void)c;
	while (*r != '\0')
		if (r[0] == '%' && hex(r[1]) >= 0 && hex(r[2]) >= 0 &&
		    (hex(r[1]) | hex(r[2])) != 0) {
			*w++ = (char)(hex(r[1]) * 16 + hex(r[2]));
			r += 3;
		} else
			*w++ = *r++;
	*w = '\0';
	return (size_t)(w - s);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct serve_http	*h = cls;

	(void)version;
	(void)upload;
	(void)state;
	if (*upload_size != 0 || (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0))
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "only GET and HEAD\n");
	if (strcmp(url, EVENTS_PATH) == 0)
		return serve_events(h, c);
	return serve_file(h, c, url);
}

/* ------------------------------------------------------------------ */

struct serve_http *
serve_http_start(int fd, int ipv6, const char *dir)
{
	struct serve_http	*h = xcalloc(1, sizeof(*h));
	struct buf		 warm = { 0 };
	unsigned		 flags;

	/* The script's hash is computed once, here, before any thread. */
	serve_inject("", 0, 0, &warm);
	buf_free(&warm);
	h->dir = xstrdup(dir);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_POLL | (ipv6 ? MHD_USE_IPv6 : 0);
	h->mhd = serve_mhd.start_daemon(flags, 0, NULL, NULL, handle, h,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(3 * KEEPALIVE_SEC),
	    MHD_OPTION_THREAD_STACK_SIZE, (size_t)STACK_SIZE,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_END);
	if (h->mhd == NULL) {
		close(fd);
		pthread_cond_destroy(&h->cv);
		pthread_mutex_destroy(&h->mu);
		free(h->dir);
		free(h);
		return NULL;
	}
	return h;
}

static void
publish(struct serve_http *h, unsigned long gen, const char *text)
{
	pthread_mutex_lock(&h->mu);
	free(h->failed);
	h->failed = text != NULL ? xstrdup(text) : NULL;
	if (text == NULL)
		h->gen = gen;
	h->version++;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

void
serve_http_built(struct serve_http *h, unsigned long gen)
{
	publish(h, gen, NULL);
}

void
serve_http_failed(struct serve_http *h, const char *text)
{
	publish(h, 0, text);
}

void
serve_http_stop(struct serve_http *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->mu);
	h->stopping = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	/* Joins every connection's thread: the streams have ended. */
	serve_mhd.stop_daemon(h->mhd);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h->failed);
	free(h->dir);
	free(h);
}
