/*
 * Fuzz the resolver: a project (or a template alone) and the
 * templates, parts and translations it uses, split from one input at
 * FUZZ_SEP lines (fuzz.h: the first part is content/p.yaml, the others
 * templates/<name> from a "# NAME" first line).  A resolved checklist
 * must be well formed: every section and item has an id and a path,
 * no two share a path, and it stays within the item limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chkc.h"
#include "diag.h"
#include "model.h"
#include "resolve/resolve.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
item_paths(const struct chk_item *it, struct ptrvec *paths, size_t *n)
{
	size_t	i;

	FUZZ_ASSERT(it->id != NULL && *it->id != '\0' && it->path != NULL);
	FUZZ_ASSERT(it->kind < CHK_ITEM__MAX);
	ptrvec_push(paths, (void *)it->path);
	(*n)++;
	for (i = 0; i < it->nitems; i++)
		item_paths(it->items[i], paths, n);
}

static void
section_paths(const struct chk_section *s, struct ptrvec *paths, size_t *n)
{
	size_t	i;

	FUZZ_ASSERT(s->id != NULL && *s->id != '\0' && s->path != NULL);
	ptrvec_push(paths, (void *)s->path);
	for (i = 0; i < s->nitems; i++)
		item_paths(s->items[i], paths, n);
	for (i = 0; i < s->nsections; i++)
		section_paths(s->sections[i], paths, n);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
check_list(const struct chk_list *cl, struct diag *d)
{
	struct ptrvec	 paths = { 0 };
	struct buf	 json = { 0 };
	size_t		 i, nitems = 0;

	(void)d;
	FUZZ_ASSERT(cl->id != NULL && cl->project != NULL);
	FUZZ_ASSERT(strncmp(cl->hash, "sha256:", 7) == 0);
	for (i = 0; i < cl->nfields; i++)
		item_paths(cl->fields[i], &paths, &nitems);
	for (i = 0; i < cl->nsections; i++)
		section_paths(cl->sections[i], &paths, &nitems);
	for (i = 0; i < cl->nsignoffs; i++)
		ptrvec_push(&paths, (void *)cl->signoffs[i]->path);
	FUZZ_ASSERT(nitems <= resolve_limits.max_items);
	if (paths.n > 1) {
		qsort(paths.v, paths.n, sizeof(*paths.v), cmp_str);
		for (i = 1; i < paths.n; i++)
			if (strcmp(paths.v[i - 1], paths.v[i]) == 0)
				fuzz_fail(__FILE__, __LINE__, (const char *)
				    paths.v[i]);
	}
	model_json(cl, &json);
	FUZZ_ASSERT(json.len > 0);
	buf_free(&json);
	ptrvec_free(&paths);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part	 parts[FUZZ_MAXPART];
	static int		 init;
	size_t			 n;

	if (!init) {
		fuzz_limits();
		init = 1;
	}
	n = fuzz_split(data, size, parts, FUZZ_MAXPART);
	fuzz_project_write(parts, n);
	fuzz_resolve_all(check_list);
	return 0;
}
