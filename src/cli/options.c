/*
 * The options of every command, described once: a table of each option
 * of chkc (its name, the field of struct cli_args it sets, how its
 * argument is read), from which a command takes those it names.  So an
 * option means one thing and is read one way in every command.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "archive/archive.h"
#include "emit/emit.h"
#include "cli/build.h"
#include "cli/cli.h"

enum opt_kind {
	OPT_FLAG,		/* sets the int field to 1, or calls set() */
	OPT_STR,		/* the argument, as it is */
	OPT_NUM,		/* a number from lo to hi, into an int */
	OPT_SET			/* set() reads the argument */
};

#define OFF(f)	offsetof(struct cli_args, f)

static int	set_paper(struct cli_args *, const char *);
static int	set_only(struct cli_args *, const char *);
static int	set_lang(struct cli_args *, const char *);
static int	set_annotation(struct cli_args *, const char *);
static int	set_skip(struct cli_args *, const char *);
static int	set_remote(struct cli_args *, const char *);

static const struct opt {
	const char	*name;
	const char	*alias;
	enum opt_kind	 kind;
	size_t		 off;		/* of the field in struct cli_args */
	long		 lo, hi;
	int		(*set)(struct cli_args *, const char *);
} opts[] = {
	{ "-C",	NULL,	OPT_STR,	OFF(c.root),	0, 0,	NULL },
	{ "-q",	"--quiet", OPT_FLAG,	OFF(c.quiet),	0, 0,	NULL },
	{ "--strict", NULL, OPT_FLAG,	OFF(c.strict),	0, 0,	NULL },
	{ "-o",	NULL,	OPT_STR,	OFF(out),	0, 0,	NULL },
	{ "--logs", NULL, OPT_STR,	OFF(logs),	0, 0,	NULL },
	{ "--allowed-signers", NULL, OPT_STR, OFF(allowed), 0, 0, NULL },
	{ "--paper", NULL, OPT_SET,	0,		0, 0,	set_paper },
	{ "--force", NULL, OPT_FLAG,	OFF(force),	0, 0,	NULL },
	{ "-j",	NULL,	OPT_NUM,	OFF(jobs),	1, JOBS_MAX, NULL },
	{ "--only", NULL, OPT_SET,	0,		0, 0,	set_only },
	{ "--role", NULL, OPT_STR,	OFF(role),	0, 0,	NULL },
	{ "-k",	NULL,	OPT_STR,	OFF(key),	0, 0,	NULL },
	{ "--principal", NULL, OPT_STR,	OFF(principal),	0, 0,	NULL },
	{ "-p",	"--port", OPT_NUM,	OFF(port),	0, 65535, NULL },
	{ "--bind", NULL, OPT_STR,	OFF(bind),	0, 0,	NULL },
	{ "--json", NULL, OPT_FLAG,	OFF(json),	0, 0,	NULL },
	{ "--last", NULL, OPT_NUM,	OFF(last),	1, 100000, NULL },
	{ "--require", NULL, OPT_STR,	OFF(require),	0, 0,	NULL },
	{ "--version", NULL, OPT_STR,	OFF(version),	0, 0,	NULL },
	{ "--lang", NULL, OPT_SET,	0,		0, 0,	set_lang },
	{ "--schema", NULL, OPT_STR,	OFF(schema),	0, 0,	NULL },
	{ "--test-suite", NULL, OPT_FLAG, OFF(suite),	0, 0,	NULL },
	{ "--format-assert", NULL, OPT_FLAG, OFF(format_assert), 0, 0, NULL },
	{ "--format-annotation", NULL, OPT_FLAG, 0,	0, 0,	set_annotation },
	{ "--skip", NULL, OPT_SET,	0,		0, 0,	set_skip },
	{ "--remote", NULL, OPT_SET,	0,		0, 0,	set_remote },
};

#define NOPTS	(sizeof(opts) / sizeof(opts[0]))

static int
set_paper(struct cli_args *a, const char *name)
{
	return cli_paper(name, &a->paper);
}

/* --only FMT,...: the formats' EMIT_FMT_* bits. */
static int
set_only(struct cli_args *a, const char *list)
{
	char	*copy = xstrdup(list), *tok, *save = NULL;
	size_t	 i;
	int	 rc = 0;

	a->only = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < CLI_NFORMATS; i++)
			if (strcmp(tok, cli_formats[i].name) == 0)
				break;
		if (i == CLI_NFORMATS) {
			fprintf(stderr, "chkc: unknown format '%s'\n", tok);
			rc = -1;
		} else
			a->only |= cli_formats[i].bit;
	}
	free(copy);
	return rc == -1 || a->only == 0 ? -1 : 0;
}

/* A language code as the schemas take it: "es", "pt-BR", "zh-Hans". */
static int
lang_ok(const char *s)
{
	size_t	n = strspn(s, "abcdefghijklmnopqrstuvwxyz"), k;

	if (n < 2 || n > 3)
		return 0;
	for (s += n; *s == '-'; s += k + 1) {
		k = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (k < 2 || k > 8)
			return 0;
	}
	return *s == '\0';
}

static int
set_lang(struct cli_args *a, const char *s)
{
	if (!lang_ok(s)) {
		fprintf(stderr, "chkc: --lang takes a language code (en, es, "
		    "pt-BR, ...), not '%s'\n", s);
		return -1;
	}
	a->lang = s;
	return 0;
}

static int
set_annotation(struct cli_args *a, const char *arg)
{
	(void)arg;
	a->format_assert = 0;
	return 0;
}

static int
set_skip(struct cli_args *a, const char *group)
{
	if (a->nskip == sizeof(a->skip) / sizeof(a->skip[0])) {
		fprintf(stderr, "chkc: too many --skip\n");
		return -1;
	}
	a->skip[a->nskip++] = group;
	return 0;
}

/* --remote URI=DIR: a copy, cut in two. */
static int
set_remote(struct cli_args *a, const char *arg)
{
	const char	*eq = strchr(arg, '=');

	if (eq == NULL) {
		fprintf(stderr, "chkc: --remote takes URI=DIR\n");
		return -1;
	}
	free(a->remote);
	a->remote = xstrdup(arg);
	a->remote[eq - arg] = '\0';
	a->remote_uri = a->remote;
	a->remote_dir = a->remote + (eq - arg) + 1;
	return 0;
}

int
cli_number(const char *s, long lo, long hi, long *n)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*n = v;
	return 0;
}

/* Is name one of the words of takes? */
static int
taken(const char *takes, const char *name)
{
	size_t	n = strlen(name);
	const char *p;

	for (p = takes; (p = strstr(p, name)) != NULL; p += n)
		if ((p == takes || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The option of takes that a is ("-oDIR" is "-o"), or NULL. */
static const struct opt *
opt_find(const char *takes, const char *a)
{
	size_t	i;

	for (i = 0; i < NOPTS; i++) {
		if (!taken(takes, opts[i].name))
			continue;
		if (strcmp(a, opts[i].name) == 0 || (opts[i].alias != NULL &&
		    strcmp(a, opts[i].alias) == 0))
			return &opts[i];
		if (opts[i].kind != OPT_FLAG && strlen(opts[i].name) == 2 &&
		    strncmp(a, opts[i].name, 2) == 0)
			return &opts[i];
	}
	return NULL;
}

/* The argument of option o at argv[*i]: attached, or the next word. */
static const char *
opt_arg(const struct opt *o, int argc, char **argv, int *i)
{
	const char	*a = argv[(*i)++];

	if (strncmp(a, o->name, strlen(o->name)) == 0 &&
	    a[strlen(o->name)] != '\0')
		return a + strlen(o->name);
	if (*i < argc)
		return argv[(*i)++];
	fprintf(stderr, "chkc: %s needs an argument\n", o->name);
	return NULL;
}

/* Apply option argv[*i] (and its argument), advancing *i; -1 on a
 * usage error. */
static int
opt_apply(const struct opt *o, struct cli_args *a, int argc, char **argv,
    int *i)
{
	char		*field = (char *)a + o->off;
	const char	*arg = NULL;
	long		 n;

	if (o->kind == OPT_FLAG) {
		(*i)++;
		if (o->set != NULL)
			return o->set(a, NULL);
		*(int *)field = 1;
		return 0;
	}
	if ((arg = opt_arg(o, argc, argv, i)) == NULL)
		return -1;
	if (o->kind == OPT_SET)
		return o->set(a, arg);
	if (o->kind == OPT_STR) {
		*(const char **)field = arg;
		return 0;
	}
	if (cli_number(arg, o->lo, o->hi, &n) == -1) {
		fprintf(stderr, "chkc: %s takes a number, %ld to %ld\n",
		    o->name, o->lo, o->hi);
		return -1;
	}
	*(int *)field = (int)n;
	return 0;
}

/* The defaults of every option. */
static void
args_init(struct cli_args *a)
{
	memset(a, 0, sizeof(*a));
	a->c.root = ".";
	a->paper = PDF_A4;
	a->jobs = 1;
	a->only = ~0u;
	a->port = 8000;
	a->bind = "127.0.0.1";
	a->last = REPORT_LAST;
	a->format_assert = -1;
}

int
cli_options(int argc, char **argv, int first, const char *takes,
    struct cli_args *a)
{
	const struct opt	*o;
	const char		*with_arg[NOPTS * 2 + 1];
	size_t			 i, n = 0;
	int			 k = first, nopt;

	args_init(a);
	for (i = 0; i < NOPTS; i++)
		if (opts[i].kind != OPT_FLAG) {
			with_arg[n++] = opts[i].name;
			if (opts[i].alias != NULL)
				with_arg[n++] = opts[i].alias;
		}
	with_arg[n] = NULL;
	nopt = cli_permute(&argc, argv, first, with_arg);
	a->args = argv + nopt;
	a->nargs = argc - nopt;
	while (k < nopt) {
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0)
			return 1;
		if ((o = opt_find(takes, argv[k])) == NULL) {
			fprintf(stderr, "chkc: unknown option '%s'\n", argv[k]);
			return -1;
		}
		if (opt_apply(o, a, nopt, argv, &k) == -1)
			return -1;
	}
	return 0;
}

int
cli_stop(int r, void (*help)(void), const char *usage)
{
	if (r == 1) {
		help();
		return 0;
	}
	return cli_usage(usage);
}
