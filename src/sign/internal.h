/*
 * What the files of the sign stage share.
 */
#ifndef CHKC_SIGN_INTERNAL_H
#define CHKC_SIGN_INTERNAL_H

#include "buf.h"
#include "sign/sign.h"

#define SIGN_KEYGEN	"ssh-keygen"
#define SIGN_ADD	"ssh-add"

/* What a child process wrote, and how it ended. */
struct ssh_out {
	struct buf	out;
	struct buf	err;
	int		status;		/* exit status */
};

/*
 * Run argv (argv[0] found in PATH) with in (may be NULL) on its
 * standard input.  Returns 0 when it ran (o filled; free it with
 * ssh_out_free()), 1 when the program is not there, -1 (both after a
 * diagnostic).
 */
int		 ssh_exec(char *const argv[], const char *in, struct ssh_out *o,
		    struct diag *);
void		 ssh_out_free(struct ssh_out *);
/* A temporary file holding data; its path (arena; unlink it), or NULL
 * after a diagnostic. */
char		*ssh_temp(const char *data, struct arena *, struct diag *);
/* The first line of s (arena). */
const char	*ssh_first_line(struct arena *, const char *s);

#endif /* CHKC_SIGN_INTERNAL_H */
