/*
 * Running OpenSSH's ssh-keygen (and ssh-add, for the agent's keys) as a
 * child process: posix_spawnp with an argument vector, never a shell,
 * the message on its standard input, its output and errors read back.
 * A signature or a public key is handed over in a temporary file (mode
 * 0600 under sign_tmpdir) that is removed at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "file.h"
#include "sign/internal.h"

extern char **environ;

/* Read fds[0] and fds[1] to their ends into out and err. */
static int
drain(int fds[2], struct buf *out, struct buf *err)
{
	struct pollfd	 p[2];
	char		 chunk[4096];
	ssize_t		 n;
	int		 i, open = 2;

	for (i = 0; i < 2; i++) {
		p[i].fd = fds[i];
		p[i].events = POLLIN;
	}
	while (open > 0) {
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd == -1 || p[i].revents == 0)
				continue;
			if ((n = read(p[i].fd, chunk, sizeof(chunk))) > 0)
				buf_put(i == 0 ? out : err, chunk, (size_t)n);
			else if (n == 0 || errno != EINTR) {
				close(p[i].fd);
				p[i].fd = -1;
				open--;
			}
		}
	}
	buf_put(out, "", 0);
	buf_put(err, "", 0);
	return 0;
}

/* Give the child its ends of the pipes; close every other end. */
static void
child_fds(posix_spawn_file_actions_t *fa, int in[2], int out[2], int err[2])
{
	posix_spawn_file_actions_init(fa);
	posix_spawn_file_actions_adddup2(fa, in[0], 0);
	posix_spawn_file_actions_adddup2(fa, out[1], 1);
	posix_spawn_file_actions_adddup2(fa, err[1], 2);
	posix_spawn_file_actions_addclose(fa, in[1]);
	posix_spawn_file_actions_addclose(fa, out[0]);
	posix_spawn_file_actions_addclose(fa, err[0]);
}

static void
close_pipes(int *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i] != -1)
			close(v[i]);
}

/* Start argv with its three pipes; the parent's ends in pin/pout/perr. */
static int
spawn(char *const argv[], pid_t *pid, int *pin, int pout[2])
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 def;
	int				 p[6] = { -1, -1, -1, -1, -1, -1 }, rc;

	if (pipe(p) == -1 || pipe(p + 2) == -1 || pipe(p + 4) == -1) {
		rc = errno;
		close_pipes(p, 6);
		return rc;
	}
	child_fds(&fa, p, p + 2, p + 4);
	posix_spawnattr_init(&at);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(p[0]);
	close(p[3]);
	close(p[5]);
	if (rc != 0) {
		close_pipes((int[]){ p[1], p[2], p[4] }, 3);
		return rc;
	}
	*pin = p[1];
	pout[0] = p[2];
	pout[1] = p[4];
	return 0;
}

static int
not_found(const struct loc *at, struct diag *d)
{
	diag_add(d, at, DIAG_ERROR, "not found in PATH: signed sign-offs need "
	    "OpenSSH's %s (Debian: apt-get install openssh-client)", at->file);
	return 1;
}

int
ssh_exec(char *const argv[], const char *in, struct ssh_out *o,
    struct diag *d)
{
	struct sigaction	 ign, old;
	struct loc		 at = { argv[0], 0, 0 };
	pid_t			 pid;
	int			 fin = -1, fout[2] = { -1, -1 }, rc, st = 0;
	size_t			 len = in != NULL ? strlen(in) : 0;

	memset(o, 0, sizeof(*o));
	/* ssh-keygen may exit before it reads what it does not need. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	if ((rc = spawn(argv, &pid, &fin, fout)) != 0) {
		sigaction(SIGPIPE, &old, NULL);
		if (rc == ENOENT)
			return not_found(&at, d);
		diag_add(d, &at, DIAG_ERROR, "cannot run: %s", strerror(rc));
		return -1;
	}
	/* A message is one short line: the pipe takes it whole. */
	if (len > 0 && write(fin, in, len) == -1 && errno != EPIPE)
		rc = -1;
	close(fin);
	if (drain(fout, &o->out, &o->err) == -1)
		rc = -1;
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		continue;
	sigaction(SIGPIPE, &old, NULL);
	o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	/* posix_spawnp may report a missing program as exit 127. */
	if (o->status == 127 && o->out.len <= 1 && rc != -1) {
		ssh_out_free(o);
		return not_found(&at, d);
	}
	if (rc == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot talk to it: %s",
		    strerror(errno));
		ssh_out_free(o);
		return -1;
	}
	return 0;
}

void
ssh_out_free(struct ssh_out *o)
{
	buf_free(&o->out);
	buf_free(&o->err);
}

const char *sign_tmpdir = "/tmp";

char *
ssh_temp(const char *data, struct arena *a, struct diag *d)
{
	const char	*dir = sign_tmpdir;
	char		*path;
	struct loc	 at = { "TMPDIR", 0, 0 };
	size_t		 len = strlen(data);
	int		 fd, wrote;

	path = arena_printf(a, "%s/chkc-sign-XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot make a temporary file in "
		    "%s: %s", dir, strerror(errno));
		return NULL;
	}
	/* close() even after a failed write; a good close keeps errno. */
	wrote = file_write_all(fd, data, len);
	if (close(fd) == -1 || wrote == -1) {
		diag_add(d, &at, DIAG_ERROR, "cannot write %s: %s", path,
		    strerror(errno));
		unlink(path);
		return NULL;
	}
	return path;
}

/* The first line of s, without its newline (arena). */
const char *
ssh_first_line(struct arena *a, const char *s)
{
	size_t	n = strcspn(s, "\n");

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return arena_strndup(a, s, n);
}
