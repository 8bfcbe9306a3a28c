/*
 * The resolve stage: a template, its parts and translations, and a
 * project's variables and patches -> one resolved checklist (chkc.h),
 * plain data with no variables left.
 *
 * A resolver caches the files it loads, so building many projects that
 * share templates parses each template once per process.
 */
#ifndef CHKC_RESOLVE_H
#define CHKC_RESOLVE_H

#include <stddef.h>

#include "chkc.h"

struct arena;
struct diag;

/* Limits of one resolution; defaults in resolve_limits. */
struct resolve_limits {
	size_t	max_loop;	/* elements of one `for` or range() */
	size_t	max_loops;	/* loop values of one checklist, nested
				 * loops multiplied */
	size_t	max_items;	/* items and sections of one checklist */
	size_t	max_text;	/* bytes of all texts of one checklist */
	int	max_include;	/* include nesting (at most 32) */
	size_t	max_expr;	/* bytes of one expression */
	int	max_expr_depth;	/* nesting of one expression */
};

extern struct resolve_limits resolve_limits;

/* A project file (doc/format.md §2), loaded and checked for shape. */
struct project {
	const char		*path;
	const char		*id;
	const char		*name;
	const char		*lang;
	const struct chk_node	*root;
	const struct chk_node	*vars;		/* mapping or NULL */
	const struct chk_node	**entries;	/* checklists: entries */
	size_t			 nentries;
};

struct resolver;

/*
 * A resolver for the project root `root` (templates/ and content/ are
 * under it).  Diagnostics of every later call go to d.  Free with
 * resolver_free(), which releases every loaded file and project.
 */
struct resolver	*resolver_new(const char *root, struct diag *d);
void		 resolver_free(struct resolver *);
/* Also look for templates in dir (before root/templates). */
void		 resolver_add_dir(struct resolver *, const char *dir);
/*
 * Have fn(arg, path, text, len) see the content of each file the
 * resolver reads, as read (the build cache hashes the sources there
 * instead of reading each file a second time).
 */
typedef void	(*resolver_read_fn)(void *, const char *path,
		    const char *text, size_t len);
void		 resolver_on_read(struct resolver *, resolver_read_fn,
		    void *arg);

/*
 * Load a project file.  Returns it (owned by the resolver), or NULL
 * after diagnostics.
 */
const struct project *resolver_project(struct resolver *, const char *path);

/*
 * Free a project and the tree of its file, which is loaded again if
 * asked for later: a build streams through many projects, and memory
 * must not grow with their number.  Nothing resolved from it may be in
 * use.
 */
void		 resolver_release(struct resolver *, const struct project *);

/* The id of entry i of a project (the output name). */
const char	*resolver_entry_id(const struct project *, size_t i);

/*
 * Resolve entry i of a project, or, with project NULL, the template at
 * `template_path` alone as project "example" with its params' defaults.
 * The checklist and all its strings are allocated from out.  Returns
 * NULL after diagnostics (all that could be found).
 */
struct chk_list	*resolve_checklist(struct resolver *, const struct project *,
		    size_t entry, const char *template_path, struct arena *out);

/* Is the file at path a template (no `project:`, `translates:` or
 * `run:`)?  A run (`run:` and no `id:` or `project:`)? */
int		 resolver_is_template(struct resolver *, const char *path);
int		 resolver_is_run(struct resolver *, const char *path);

#endif /* CHKC_RESOLVE_H */
