/*
 * The environment (chkc(1), ENVIRONMENT): read here, once, before a
 * command runs, and handed to the stages as options, so that no stage
 * calls getenv() and a value means the same in every command.  The
 * limits (CHKC_MAX_*) are read beside, in limits.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/emit.h"
#include "sign/sign.h"
#include "cli/cli.h"

/* 9999-12-31T23:59:59Z: the last time a PDF date can hold. */
#define EPOCH_MAX	253402300799LL

struct cli_env cli_env = { -1, NULL, NULL, 0, 1.0 };

/* A variable that is set and not empty, or NULL. */
static const char *
env(const char *name)
{
	const char	*s = getenv(name);

	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * SOURCE_DATE_EPOCH as the reproducible-builds specification has it:
 * decimal digits, a number of seconds since 1970 UTC.  A malformed
 * value is an error, not the current time: a build that meant to be
 * reproducible must not silently stop being so.
 */
static int
read_epoch(void)
{
	const char	*s = env("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 v;

	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0') {
		fprintf(stderr, "chkc: error: SOURCE_DATE_EPOCH: '%s' is not a "
		    "number of seconds\n", s);
		return -1;
	}
	if (errno == ERANGE || v > EPOCH_MAX) {
		fprintf(stderr, "chkc: error: SOURCE_DATE_EPOCH: '%s' is after "
		    "the year 9999\n", s);
		return -1;
	}
	cli_env.epoch = v;
	return 0;
}

int
cli_env_read(void)
{
	const char	*s;
	char		*end;
	double		 v;

	if (read_epoch() == -1)
		return -1;
	cli_env.font_dir = env("CHKC_FONT_DIR");
	/* Set but empty means "no fallback fonts", not the default. */
	cli_env.fallback_fonts = getenv("CHKC_FALLBACK_FONTS");
	cli_env.pdf_public = env("CHKC_PDF_PUBLIC") != NULL;
	if ((s = env("CHKC_PROGRESS_AFTER")) != NULL) {
		v = strtod(s, &end);
		if (*end == '\0' && v >= 0)
			cli_env.progress_after = v;
	}
	if ((s = env("TMPDIR")) != NULL)
		sign_tmpdir = s;
	return 0;
}

long long
cli_now(void)
{
	return cli_env.epoch >= 0 ? cli_env.epoch : (long long)time(NULL);
}

void
cli_pdf_opts(struct pdf_opts *o)
{
	emit_pdf_opts_init(o);
	o->font_dir = cli_env.font_dir;
	o->fallback_fonts = cli_env.fallback_fonts;
	o->pdf_public = cli_env.pdf_public;
	o->source_date_epoch = cli_env.epoch;
}
