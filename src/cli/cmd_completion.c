/*
 * chkc completion bash|zsh|fish: a script that completes commands,
 * their options and option values, and project and checklist names.
 * The names are read from content/ when a word is completed (chkc
 * completion --names, under the -C DIR of the command line), so they
 * follow the project files as they change.  The three scripts are
 * written from one table of commands, the one place to keep in step
 * with the commands' options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "resolve/resolve.h"
#include "cli/cli.h"

/* What a command's plain arguments are. */
enum arg_kind {
	ARG_NONE,
	ARG_NAMES,		/* PROJECT[/CHECKLIST] or a YAML file */
	ARG_FILES,
	ARG_DIRS,
	ARG_RUN,		/* run: new or migrate, then a name */
	ARG_SHELLS
};

static const struct {
	const char	*name;
	const char	*opts;
	enum arg_kind	 args;
} cmds[] = {
	{ "init",	CLI_OPTS_INIT " --help",	ARG_DIRS },
	{ "check",	CLI_OPTS_CHECK " --help",	ARG_NAMES },
	{ "build",	CLI_OPTS_BUILD " --help",	ARG_NAMES },
	{ "serve",	CLI_OPTS_SERVE " --help",	ARG_NONE },
	{ "validate",	CLI_OPTS_VALIDATE " --help",	ARG_FILES },
	{ "import",	CLI_OPTS_IMPORT " --help",	ARG_FILES },
	{ "run",	CLI_OPTS_RUN " --help",		ARG_RUN },
	{ "status",	CLI_OPTS_STATUS " --help",	ARG_FILES },
	{ "sign",	CLI_OPTS_SIGN " --help",	ARG_FILES },
	{ "render",	CLI_OPTS_RENDER " --help",	ARG_FILES },
	{ "archive",	CLI_OPTS_ARCHIVE " --help",	ARG_FILES },
	{ "verify",	CLI_OPTS_VERIFY " --help",	ARG_DIRS },
	{ "report",	CLI_OPTS_REPORT " --help",	ARG_DIRS },
	{ "completion",	"--help",			ARG_SHELLS },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

/* Option values: the same words in every shell. */
#define VAL_DIRS	"-C|--logs"
#define VAL_FILES	"-o|-k|--allowed-signers"
#define VAL_NAMES	"--require"
#define VAL_NONE	"-j|-p|--port|--bind|--version|--last|--role|--principal|" \
			"--lang|--skip|--remote"
#define FORMATS		"md html pdf signoff zip"
#define PAPERS		"a4 letter"
#define SCHEMAS		"template project run translation part"
#define SHELLS		"bash zsh fish"

static const char completion_usage[] =
    "chkc completion bash|zsh|fish | --names [-C DIR]";

static void
completion_help(void)
{
	printf("usage: %s\n\n"
	    "Print a completion script for the shell on stdout; load it with\n\n"
	    "  bash:  source <(chkc completion bash)     (in ~/.bashrc)\n"
	    "  zsh:   source <(chkc completion zsh)      (in ~/.zshrc)\n"
	    "  fish:  chkc completion fish > ~/.config/fish/completions/chkc.fish\n\n"
	    "It completes commands, options, option values, and project and\n"
	    "checklist names from content/, which it reads with\n"
	    "'chkc completion --names' (PROJECT and PROJECT/CHECKLIST, one a\n"
	    "line) at the time a word is completed.\n", completion_usage);
}

/* PROJECT and PROJECT/CHECKLIST for each project file of root; a file
 * that does not load is skipped (completion is no place for errors). */
static int
print_names(const char *root)
{
	struct diag		*d = diag_new();
	struct arena		*a = arena_new();
	struct resolver		*res = resolver_new(root, d);
	const struct project	*p;
	struct target		*t = NULL;
	char			*base;
	int			 n, i;
	size_t			 k;

	n = targets_collect(res, root, NULL, 0, &t, a, d);
	for (i = 0; i < n; i++) {
		base = xstrdup(strrchr(t[i].path, '/') + 1);
		base[strcspn(base, ".")] = '\0';
		printf("%s\n", base);
		if ((p = resolver_project(res, t[i].path)) != NULL) {
			for (k = 0; k < p->nentries; k++)
				printf("%s/%s\n", base, resolver_entry_id(p, k));
			resolver_release(res, p);
		}
		free(base);
	}
	free(t);
	resolver_free(res);
	arena_free(a);
	diag_free(d);
	return 0;
}

/* The command names, space-separated. */
static void
put_cmds(void)
{
	size_t	i;

	for (i = 0; i < NCMDS; i++)
		printf("%s%s", i ? " " : "", cmds[i].name);
}

/* The shell function that lists the names, with -C taken from the
 * words typed (bash and zsh share it). */
static void
put_names_fn(const char *words, const char *n)
{
	printf("_chkc_names() {\n"
	    "\tlocal i root=.\n"
	    "\tfor ((i = 1; i < %s; i++)); do\n"
	    "\t\t[[ ${%s[i]} == -C ]] && root=${%s[i+1]}\n"
	    "\tdone\n"
	    "\tcommand chkc completion --names -C \"$root\" 2>/dev/null\n"
	    "}\n\n", n, words, words);
}

/* The option words of each command, as a shell case (bash and zsh
 * share it): sets opts and args. */
static void
put_cmd_case(const char *word)
{
	static const char *const kinds[] = {
		"none", "names", "files", "dirs", "run", "shells"
	};
	size_t	i;

	printf("\tlocal opts= args=none\n\tcase %s in\n", word);
	for (i = 0; i < NCMDS; i++)
		printf("\t%s) opts='%s' args=%s ;;\n", cmds[i].name,
		    cmds[i].opts, kinds[cmds[i].args]);
	printf("\tesac\n");
}

static void
put_bash(void)
{
	printf("# bash completion for chkc: source <(chkc completion bash)\n");
	put_names_fn("COMP_WORDS", "${#COMP_WORDS[@]}");
	printf("_chkc() {\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tCOMPREPLY=()\n"
	    "\tif ((COMP_CWORD == 1)); then\n"
	    "\t\tCOMPREPLY=($(compgen -W '");
	put_cmds();
	printf(" --help --version' -- \"$cur\"))\n\t\treturn\n\tfi\n"
	    "\tcase $prev in\n"
	    "\t" VAL_DIRS ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
	    "\t" VAL_FILES ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	    "\t--only) COMPREPLY=($(compgen -W '" FORMATS "' -- \"$cur\")); return ;;\n"
	    "\t--paper) COMPREPLY=($(compgen -W '" PAPERS "' -- \"$cur\")); return ;;\n"
	    "\t--schema) COMPREPLY=($(compgen -W '" SCHEMAS "' -- \"$cur\") "
	    "$(compgen -f -- \"$cur\")); return ;;\n"
	    "\t" VAL_NAMES ") COMPREPLY=($(compgen -W \"$(_chkc_names | "
	    "grep /)\" -- \"$cur\")); return ;;\n"
	    "\t" VAL_NONE ") return ;;\n"
	    "\tesac\n");
	put_cmd_case("${COMP_WORDS[1]}");
	printf("\tif [[ $cur == -* ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	    "\t\treturn\n\tfi\n"
	    "\tcase $args in\n"
	    "\tnames) COMPREPLY=($(compgen -W \"$(_chkc_names)\" -- \"$cur\") "
	    "$(compgen -f -X '!*.yaml' -- \"$cur\") $(compgen -d -- \"$cur\")) ;;\n"
	    "\tfiles) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
	    "\tdirs) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
	    "\tshells) COMPREPLY=($(compgen -W '" SHELLS "' -- \"$cur\")) ;;\n"
	    "\trun) if ((COMP_CWORD == 2)); then\n"
	    "\t\tCOMPREPLY=($(compgen -W 'new migrate merge' -- \"$cur\"))\n"
	    "\telif [[ ${COMP_WORDS[2]} == new ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"$(_chkc_names | grep /)\" -- \"$cur\"))\n"
	    "\telse\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\tfi ;;\n"
	    "\tesac\n}\n"
	    "complete -F _chkc chkc\n");
}

static void
put_zsh(void)
{
	printf("#compdef chkc\n"
	    "# zsh completion for chkc: source <(chkc completion zsh)\n");
	put_names_fn("words", "${#words}");
	printf("_chkc() {\n"
	    "\tlocal cur=${words[CURRENT]} prev=${words[CURRENT-1]}\n"
	    "\tif ((CURRENT == 2)); then\n"
	    "\t\tcompadd -- ");
	put_cmds();
	printf(" --help --version\n\t\treturn\n\tfi\n"
	    "\tcase $prev in\n"
	    "\t" VAL_DIRS ") _files -/; return ;;\n"
	    "\t" VAL_FILES ") _files; return ;;\n"
	    "\t--only) compadd -- " FORMATS "; return ;;\n"
	    "\t--paper) compadd -- " PAPERS "; return ;;\n"
	    "\t--schema) compadd -- " SCHEMAS "; _files; return ;;\n"
	    "\t" VAL_NAMES ") compadd -- ${(f)\"$(_chkc_names | grep /)\"}; "
	    "return ;;\n"
	    "\t" VAL_NONE ") return ;;\n"
	    "\tesac\n");
	put_cmd_case("${words[2]}");
	printf("\tif [[ $cur == -* ]]; then\n"
	    "\t\tcompadd -- ${=opts}\n\t\treturn\n\tfi\n"
	    "\tcase $args in\n"
	    "\tnames) compadd -- ${(f)\"$(_chkc_names)\"}; _files -g '*.yaml' ;;\n"
	    "\tfiles) _files ;;\n"
	    "\tdirs) _files -/ ;;\n"
	    "\tshells) compadd -- " SHELLS " ;;\n"
	    "\trun) if ((CURRENT == 3)); then\n"
	    "\t\tcompadd -- new migrate merge\n"
	    "\telif [[ ${words[3]} == new ]]; then\n"
	    "\t\tcompadd -- ${(f)\"$(_chkc_names | grep /)\"}\n"
	    "\telse\n\t\t_files\n\tfi ;;\n"
	    "\tesac\n}\n"
	    "compdef _chkc chkc\n");
}

/* Is o one of the words of list ("-a|-b")? */
static int
in_list(const char *list, const char *o)
{
	size_t	n = strlen(o);
	const char *p;

	for (p = list; (p = strstr(p, o)) != NULL; p += n)
		if ((p == list || p[-1] == '|') && (p[n] == '|' || p[n] == '\0'))
			return 1;
	return 0;
}

/* fish: one complete line per command, option and value list. */
static void
put_fish_opts(const char *cmd, const char *opts)
{
	char	*copy = xstrdup(opts), *o, *save = NULL;

	for (o = strtok_r(copy, " ", &save); o != NULL;
	    o = strtok_r(NULL, " ", &save)) {
		printf("complete -c chkc -n '__fish_seen_subcommand_from %s' %s %s",
		    cmd, o[1] == '-' ? "-l" : "-s", o + (o[1] == '-' ? 2 : 1));
		if (in_list(VAL_DIRS, o))
			printf(" -r -a '(__fish_complete_directories)'");
		else if (in_list(VAL_FILES, o))
			printf(" -r -F");
		else if (strcmp(o, "--only") == 0)
			printf(" -x -a '" FORMATS "'");
		else if (strcmp(o, "--paper") == 0)
			printf(" -x -a '" PAPERS "'");
		else if (strcmp(o, "--schema") == 0)
			printf(" -r -a '" SCHEMAS "'");
		else if (strcmp(o, VAL_NAMES) == 0)
			printf(" -x -a '(__chkc_names | string match \"*/*\")'");
		else if (in_list(VAL_NONE, o))
			printf(" -x");
		printf("\n");
	}
	free(copy);
}

static void
put_fish(void)
{
	size_t	i;

	printf("# fish completion for chkc:\n"
	    "#   chkc completion fish > ~/.config/fish/completions/chkc.fish\n"
	    "function __chkc_names\n"
	    "\tset -l w (commandline -opc)\n"
	    "\tset -l root .\n"
	    "\tfor i in (seq (count $w))\n"
	    "\t\tif test \"$w[$i]\" = -C; and test $i -lt (count $w)\n"
	    "\t\t\tset root $w[(math $i + 1)]\n"
	    "\t\tend\n"
	    "\tend\n"
	    "\tcommand chkc completion --names -C $root 2>/dev/null\n"
	    "end\n"
	    "complete -c chkc -f\n"
	    "complete -c chkc -n __fish_use_subcommand -a '");
	put_cmds();
	printf("'\n");
	for (i = 0; i < NCMDS; i++) {
		put_fish_opts(cmds[i].name, cmds[i].opts);
		printf("complete -c chkc -n '__fish_seen_subcommand_from %s%s' ",
		    cmds[i].name, cmds[i].args == ARG_RUN ? "; and not "
		    "__fish_seen_subcommand_from new migrate merge" : "");
		switch (cmds[i].args) {
		case ARG_NAMES:
			printf("-a '(__chkc_names)' -F\n");
			break;
		case ARG_RUN:
			printf("-a 'new migrate merge'\n"
			    "complete -c chkc -n '__fish_seen_subcommand_from "
			    "run; and __fish_seen_subcommand_from new' -a "
			    "'(__chkc_names | string match \"*/*\")'\n"
			    "complete -c chkc -n '__fish_seen_subcommand_from "
			    "run; and __fish_seen_subcommand_from migrate merge' "
			    "-F\n");
			break;
		case ARG_SHELLS:
			printf("-a '" SHELLS "'\n");
			break;
		case ARG_DIRS:
			printf("-a '(__fish_complete_directories)'\n");
			break;
		default:
			printf("-F\n");
		}
	}
}

int
cmd_completion(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--names") == 0) {
		if (argc == 2)
			return print_names(".");
		if (argc == 4 && strcmp(argv[2], "-C") == 0)
			return print_names(argv[3]);
		return cli_usage(completion_usage);
	}
	if (argc != 2)
		return cli_usage(completion_usage);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		completion_help();
	else if (strcmp(argv[1], "bash") == 0)
		put_bash();
	else if (strcmp(argv[1], "zsh") == 0)
		put_zsh();
	else if (strcmp(argv[1], "fish") == 0)
		put_fish();
	else
		return cli_usage(completion_usage);
	return 0;
}
